/*
 * app-select.h - the selection: a range of bytes from an anchor to the
 * cursor, both ends included.  V starts it at the cursor; every move,
 * goto and find then extends it (the cursor is its moving end); S selects
 * the match the cursor is on; Esc, or V again, clears it.  It shows in
 * both panes and in the text view, and on the status line as its start,
 * end and length.  Fill, yank and the inspector take their bytes from it.
 */
#ifndef MMHEX_APP_SELECT_H
#define MMHEX_APP_SELECT_H

#include "app-state.h"

/* V: start a selection at the cursor, or clear the one there is. */
void app_select_toggle(struct app *app);

/* S: select the match the cursor is on (the last find's), else say why. */
void app_select_match(struct app *app);

/* Esc: clear the selection; return whether there was one. */
int app_select_clear(struct app *app);

/* Store the selection as [*lo, *hi] (inclusive, clipped to the file) and
 * return 1, or return 0 when nothing is selected (or the file is empty). */
int app_select_range(const struct app *app, uint64_t *lo, uint64_t *hi);

/* Mark the window's selected bytes in app->select_marks. */
void app_select_marks(struct app *app);

/* The status line's part: "  sel 0x10-0x1f (16)", or "" when none. */
void app_select_status(const struct app *app, char *buf, size_t len);

#endif
