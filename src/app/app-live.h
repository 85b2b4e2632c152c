/*
 * app-live.h - show what other processes do to the file, as they do it.
 */
#ifndef MMHEX_APP_LIVE_H
#define MMHEX_APP_LIVE_H

#include "app-state.h"

/* Stamp the bytes of this frame's window that changed (highlights). */
void app_live_frame(struct app *app);
/* Re-measure the file, check its name, follow its end. */
void app_live_tick(struct app *app);
/* The live part of the status line; brief: " live" or " follow" only. */
void app_live_status(const struct app *app, int brief, char *buf,
    size_t len);

#endif
