/*
 * app-struct.h - the live struct watch: a record in Python struct syntax
 * with field names ("<Qd counter ts"), read at an offset every watch tick
 * and shown beside the views, a field a row: its value, the change since
 * the last sample, its rate per second, its least and greatest value and
 * a sparkline of its last samples.  L opens the layout prompt (the record
 * is at the cursor); L and Enter on an empty line closes the panel.
 * Each sample reads the record twice (sample.h): one that changed while
 * it was read is torn, counted and shown as such, never as values.
 */
#ifndef MMHEX_APP_STRUCT_H
#define MMHEX_APP_STRUCT_H

#include "app-state.h"

/* Samples kept a field (the sparkline shows the last ones that fit). */
#define APP_STRUCT_HISTORY	512

/* L: open the layout prompt. */
void app_struct_open(struct app *app);

/* Take a sample (the watch tick). */
void app_struct_tick(struct app *app);

/* Lay the panel out on rows 0 .. rows - 1 of the side columns. */
void app_struct_layout(struct app *app, unsigned rows);

/* Free the watch (the session ends). */
void app_struct_free(struct app *app);

#endif
