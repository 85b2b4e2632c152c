/*
 * app-yank.h - the editor's hands on a selection (issue 16): y yanks the
 * selection (or the byte at the cursor) into the register, or formats it
 * (hex, C array, base64, Python bytes, xxd) for the terminal's clipboard
 * (OSC 52; a yank too large for it is refused with the limit, never cut)
 * or a file; p pastes the register over the bytes at the cursor (same
 * length, refused past the end); X fills the selection with a byte or a
 * repeated pattern.  Every change goes through the journal as one edit.
 */
#ifndef MMHEX_APP_YANK_H
#define MMHEX_APP_YANK_H

#include "app-state.h"

/* The most bytes the register holds (a copy in memory). */
#define APP_REGISTER_MAX	(64u << 20)

void app_yank_open(struct app *app);	/* y */
void app_yank_paste(struct app *app);	/* p */
void app_yank_fill_open(struct app *app);	/* X */
void app_yank_free(struct app *app);

#endif
