/*
 * app-edit.h - overwriting bytes, undo, and the save, apply, quit and
 * conflict flows (the core does the work: edit.h, save.h).
 */
#ifndef MMHEX_APP_EDIT_H
#define MMHEX_APP_EDIT_H

#include "app-state.h"

/* Overwrite the byte at the cursor with a typed key (hex digit in the
 * hex pane, the character in the character pane). */
void app_edit_type(struct app *app, int key);
void app_edit_undo(struct app *app, int redo);
/* Overwrite len bytes at off through the journal (one undo step),
 * refused with a message in read-only mode or past the end.  Returns 0,
 * or -1 after saying why. */
int app_edit_bytes(struct app *app, uint64_t off, const unsigned char *bytes,
    size_t len);
/* Paste len bytes over off (one edit, never merged with typing), or fill
 * [off, off + len) with a repeated pattern; refused with a message in
 * read-only mode or past the end.  Return 0, or -1 after saying why. */
int app_edit_paste(struct app *app, uint64_t off, const unsigned char *bytes,
    size_t len);
int app_edit_fill(struct app *app, uint64_t off, uint64_t len,
    const unsigned char *pattern, size_t plen);
void app_edit_save(struct app *app);
/* Ask for a path, then write a patched copy there. */
void app_edit_save_as_open(struct app *app);
/* Ask, then write the -c edits into the original file. */
void app_edit_apply_open(struct app *app);
/* Quit, asking first when bytes are unsaved. */
void app_edit_quit(struct app *app);
void app_edit_reapply(struct app *app);
/* Forget what the file lost past its new end; say so. */
void app_edit_shrank(struct app *app, uint64_t size);
/* A save-as job is running; step it; Esc cancels it (returns whether
 * one ran); its part of the status line ("" when none). */
int app_edit_busy(const struct app *app);
void app_edit_step(struct app *app);
int app_edit_cancel(struct app *app);
void app_edit_status(const struct app *app, char *buf, size_t len);
/* Return the unsaved bytes. */
uint64_t app_edit_unsaved(struct app *app);

#endif
