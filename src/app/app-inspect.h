/*
 * app-inspect.h - the data inspector panel: the bytes at the cursor (or
 * the selection's first bytes, as many as it holds) as values, beside
 * the hex or text view.  i shows and hides it, o switches the byte order
 * (shown in its title), Tab moves the keys into it (Up/Down pick a row,
 * Enter types a new value for that row, written through the journal),
 * Tab or Esc moves them back.  It decodes again every frame, so another
 * process's writes show within a watch tick; a row whose value changed
 * at the same offset is highlighted for a second, as changed bytes are.
 */
#ifndef MMHEX_APP_INSPECT_H
#define MMHEX_APP_INSPECT_H

#include "app-state.h"

/* i: show or hide the panel. */
void app_inspect_toggle(struct app *app);

/* o: switch the byte order. */
void app_inspect_order(struct app *app);

/* Tab from the character pane: move the keys into the panel; returns 0
 * when the panel is not shown (Tab goes back to the hex pane then). */
int app_inspect_focus(struct app *app);

/* A key while the panel has the keys; returns 1 when it took it. */
int app_inspect_key(struct app *app, int key);

/* Decode this frame's rows and lay the panel out on rows 0 .. rows - 1
 * of the grid's last app_side_width() columns. */
void app_inspect_layout(struct app *app, unsigned rows);

#endif
