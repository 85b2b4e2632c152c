/*
 * app-session.h - the screen's geometry, and switching the session to a
 * new map of the file (reopened, or re-applied to after a replace).
 */
#ifndef MMHEX_APP_SESSION_H
#define MMHEX_APP_SESSION_H

#include "app-state.h"

/* Lay the screen out for the grid's size: bytes a row from --cols while
 * its rows fit, else as many as fit. */
void app_geometry(struct app *app);

/* Take a new file size: set it on the one cursor (clamping the cursor
 * to the last byte), let each view re-place its top, and lay the screen
 * out again (the offset column may widen). */
void app_set_size(struct app *app, uint64_t size);

/* Make fresh the session's map (the old one is closed): the views, the
 * find and the watch start over; the journal is kept (the caller decides
 * what becomes of it) and the file type is looked up again. */
void app_switch_map(struct app *app, struct map *fresh);

/* The inspector panel's width on a wide screen, the columns the views
 * keep beside it, and the least screen it is shown on. */
#define APP_SIDE_WIDE	48u
#define APP_SIDE_VIEWS	42u
#define APP_SIDE_MIN	(APP_SIDE_VIEWS + 24u)

/* Return the side panel's width (the inspector, or the struct watch) in
 * columns for a screen cols wide (0 when neither is shown or it does not
 * fit); the views get the rest. */
unsigned app_side_width(const struct app *app, unsigned cols);

#endif
