/*
 * app-layout.h - lay the whole screen out into the grid.
 */
#ifndef MMHEX_APP_LAYOUT_H
#define MMHEX_APP_LAYOUT_H

#include "app-state.h"

/* Lay the whole screen out into app->grid from app->window. */
void app_layout(struct app *app);

/* Return the number of lines of the help screen. */
unsigned app_help_lines(void);

#endif
