/*
 * term.h - the terminal layer: the only code that includes curses.
 *
 * It sets the terminal up and restores it, decodes input into the
 * application's key events (app-key.h), copies the application's grid to
 * the screen, and runs the loop that waits for keys, ticks and signals
 * (term.c).  Everything a user reads is decided by the application
 * (src/app); this layer only moves cells and keys.
 */
#ifndef MMHEX_TERM_H
#define MMHEX_TERM_H

#include "app.h"
#include "grid.h"
#include "map.h"

/* term.c */
/*
 * Run the viewer on map until the user quits.  The viewer owns map and
 * closes it (it may have replaced it: a file reopened under its name).
 * Returns 0 when the user quit; the number of the signal when another
 * process asked mmhex to quit (SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
 * SIGTERM): the terminal is restored and what became of unsaved edits
 * has been said on stderr; or -1 with *cause set (caller frees).
 */
int term_run(struct map *map, const struct app_options *opt, char **cause);

/* term-input.c */
/* What term_input_key() returns when the terminal changed size. */
#define TERM_KEY_RESIZE		(-2)
/* Return the next key (a byte or an APP_KEY_* code), TERM_KEY_RESIZE, or
 * APP_KEY_NONE when none is waiting. */
int term_input_key(void);

/* term-screen.c */
/* Take the terminal: curses, raw keys, colours unless NO_COLOR.  Returns
 * 0, or -1 with *cause set (caller frees). */
int term_screen_init(char **cause);
/* Give the terminal back as it was. */
void term_screen_end(void);
/* Give the terminal back for a while (C-z); the next flush takes it
 * again, repaint set. */
void term_screen_pause(void);
/* The terminal's size in cells. */
void term_screen_size(unsigned *rows, unsigned *cols);
/* Copy the grid to the terminal (every cell when repaint is set; else
 * nothing when it is what the terminal shows already). */
void term_screen_flush(const struct grid *g, int repaint);

#endif
