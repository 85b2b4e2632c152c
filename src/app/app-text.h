/*
 * app-text.h - the text view: a pager over the same mapping.
 */
#ifndef MMHEX_APP_TEXT_H
#define MMHEX_APP_TEXT_H

#include "app-state.h"

#define APP_TEXT_WRAP		0	/* app_text_option(): wrapping */
#define APP_TEXT_NUMBERS	1	/* app_text_option(): the gutter */

int app_text_init(struct app *app);
void app_text_free(struct app *app);
void app_text_geometry(struct app *app, unsigned rows, unsigned cols);
void app_text_toggle(struct app *app);
void app_text_option(struct app *app, int which);
void app_text_move(struct app *app, enum hexview_motion motion);
/* Lay the text view out into app->grid, unless the grid already shows
 * the view as it is now (same view, size, line number, edits, find,
 * no fading highlight); set [*first, *first + *len) to the bytes it
 * shows.  Returns 0 or -1 (told). */
int app_text_window(struct app *app, uint64_t *first, size_t *len);
/* After the window is read: return whether its bytes differ from those
 * last seen (and keep a copy of them). */
int app_text_bytes_changed(struct app *app);
/* Finish the text rows of the frame: restyle them if laid out in this
 * frame, blank the rows below, put the cursor back.  Returns -1 when
 * there is nothing laid out (a read failed). */
int app_text_layout(struct app *app);
int app_text_busy(const struct app *app);
/* Run a slice of the text view's background work (the line index, a
 * pending goto line, the long lines' atlas); return whether the screen
 * is to be drawn again. */
int app_text_step(struct app *app);
void app_text_goto_line(struct app *app, uint64_t line);
int app_text_cancel(struct app *app);
void app_text_changed(struct app *app, uint64_t offset);
/* The one cursor's size changed from old_size (app_set_size): fix the
 * text view's top, and place it anew after a shrink. */
void app_text_size_changed(struct app *app, uint64_t old_size);
void app_text_reset(struct app *app);
void app_text_status(struct app *app, char *buf, size_t len);

#endif
