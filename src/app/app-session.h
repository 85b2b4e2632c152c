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

#endif
