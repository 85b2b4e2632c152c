/*
 * app-find.h - incremental find, repeat, and the highlight of matches.
 */
#ifndef MMHEX_APP_FIND_H
#define MMHEX_APP_FIND_H

#include "app-state.h"

/* Open the find prompt, forward or backward. */
void app_find_open(struct app *app, int backward);
/* Stop a running scan (Esc); returns whether one was running. */
int app_find_cancel(struct app *app);
/* Repeat the last find in its direction, or the other (reverse). */
void app_find_repeat(struct app *app, int reverse);
int app_find_running(const struct app *app);
/* Scan one slice of a running find. */
void app_find_step(struct app *app);
/* The find's part of the status line ("" when idle). */
void app_find_status(const struct app *app, char *buf, size_t len);
/* Return whether the count of matches wants a step ("match K of N"). */
int app_find_counting(const struct app *app);
/* Count a slice of the matches; returns whether the screen may change. */
int app_find_count_step(struct app *app);
/* The count's part of the status line: "  match 3 of 12", progress, or
 * "" (no count, or not on its match). */
void app_find_count_status(const struct app *app, char *buf, size_t len);
/* Mark the matches in the frame's window (app->match_marks). */
void app_find_marks(struct app *app);
/* Drop the highlight of matches (Esc); returns whether there was one. */
int app_find_unmark(struct app *app);
/* Return whether off is where the last find landed, with the match's
 * length in *len. */
int app_find_match_at(const struct app *app, uint64_t off, uint64_t *len);
void app_find_free(struct app *app);

#endif
