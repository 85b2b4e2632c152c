/*
 * app.h - the application, as the terminal layer sees it.
 *
 * The application (src/app) holds the state of a session on one file,
 * turns key events into actions, runs long jobs in steps and lays out
 * the whole screen into a grid of cells.  It never includes curses and
 * never touches the terminal: the terminal layer (src/term) feeds it
 * keys (app-key.h) and the terminal's size, asks it for a frame, copies
 * the grid to the screen, and waits as long as the application allows.
 * Tests drive it the same way without a terminal (tests/app).
 *
 * One loop, in this order: app_frame() (take what happened to the file,
 * lay out), show the grid, app_work() (jobs, the watch tick), wait for a
 * key at most app_timeout_ms(), app_key() for each key.
 */
#ifndef MMHEX_APP_H
#define MMHEX_APP_H

#include <stddef.h>
#include <stdint.h>

#include "app-key.h"
#include "grid.h"
#include "map.h"

struct app;

struct spool;
struct config;

struct app_options {
	enum map_mode mode;		/* -r / -w / -c */
	unsigned cols;			/* --cols N, 0: fit the terminal */
	unsigned watch_ms;		/* file re-check period, 0: off */
	int text;			/* --text: start in the text view */
	int numbers;			/* --line-numbers */
	int nowrap;			/* --no-wrap */
	const struct spool *stream;	/* the file is standard input's copy,
					   still being made (spool.h), NULL:
					   a file */
	const struct config *config;	/* the config file read (its key
					   bindings, byte order, complaints),
					   NULL: none */
};

/* Return the names of every action, for a config file's "bind" (static;
 * *n of them). */
const char *const *app_action_names(size_t *n);

/*
 * Start a session on map (taken over: app_free() closes it, or the map
 * of the file reopened under the same name).  Returns the application,
 * or NULL with *cause set (caller frees).
 */
struct app *app_new(struct map *map, const struct app_options *opt,
    char **cause);

/* End the session and close its map.  NULL is allowed. */
void app_free(struct app *app);

/* Set the screen's size in cells (at least 1 x 1). */
void app_resize(struct app *app, unsigned rows, unsigned cols);

/* Act on one key (a byte, or an APP_KEY_* code). */
void app_key(struct app *app, int key);

/*
 * Take what happened to the file since the last frame, read the visible
 * bytes and lay the screen out.  Returns the grid, owned by the
 * application, valid until the next call.
 */
const struct grid *app_frame(struct app *app);

/*
 * Do what is due besides keys: the file type once the first frame is
 * out, a slice of a running find, count of matches or line count, the
 * watch tick.  now_ms
 * is a monotonic clock in milliseconds.  Returns 1 when it changed what
 * the screen shows, so a frame should be drawn before waiting.
 */
int app_work(struct app *app, uint64_t now_ms);

/* Return the monotonic clock, in milliseconds, that app_work() and
 * app_timeout_ms() take. */
uint64_t app_now_ms(void);

/* Return how long the loop may wait for a key from now_ms: 0 when work
 * is waiting, -1 for as long as it takes. */
int app_timeout_ms(const struct app *app, uint64_t now_ms);

/* Requests to the terminal layer: SUSPEND and REPAINT are cleared by
 * asking; QUIT stays set (the session is over). */
#define APP_WANTS_QUIT		0x1u	/* the session is over */
#define APP_WANTS_SUSPEND	0x2u	/* C-z: stop as the terminal would */
#define APP_WANTS_REPAINT	0x4u	/* repaint every cell (C-l) */
unsigned app_wants(struct app *app);

/*
 * Write to buf what becomes of the unsaved edits when the session ends
 * on a signal named signame ("quit on SIGTERM: 2 unsaved bytes left in
 * the file (not synced to disk)"), or "" when there are none.
 */
void app_quit_report(struct app *app, const char *signame, char *buf,
    size_t len);

/* Return the file name as shown (sanitised). */
const char *app_name(const struct app *app);

/*
 * Return a sequence the terminal is to be sent as it is, once, after the
 * next flush (an OSC 52 clipboard copy: ESC ] 52 ; c ; BASE64 BEL, only
 * base64 between), with its length in *len; the caller frees it.  NULL
 * when there is none.
 */
char *app_take_clipboard(struct app *app, size_t *len);

#endif
