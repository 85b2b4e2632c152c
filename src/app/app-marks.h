/*
 * app-marks.h - named marks, as in less and vim: m and a letter sets one
 * at the cursor, ' and a letter jumps to it, '' goes back to where the
 * last jump (a mark's, or a goto's) started.  Marks persist per file in
 * $XDG_STATE_HOME/mmhex/ (marks.h: found again by the file's device and
 * inode, or by its path), so they survive reopening, growth and
 * shrinking; a mark past the end is kept and said to be past the end.
 */
#ifndef MMHEX_APP_MARKS_H
#define MMHEX_APP_MARKS_H

#include "app-state.h"

/* Load the file's marks (a note on a bad state file goes to messages). */
void app_marks_load(struct app *app);

/* m, ': wait for the letter. */
void app_marks_begin(struct app *app, int key);

/* The key after m or '; returns 1 when it was one (taken). */
int app_marks_key(struct app *app, int key);

void app_marks_free(struct app *app);

#endif
