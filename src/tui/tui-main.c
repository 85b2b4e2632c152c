/*
 * tui-main.c - the main loop.
 *
 * One loop: handle signal flags, re-read the visible window, lay out and
 * draw, wait in ppoll(2) for a key or the next watch tick, dispatch keys.
 * Nothing blocks inside an action.  The file type is looked up after the
 * first screen is on the terminal so that opening stays instant.
 *
 * Signals: the terminal is raw, so C-c, C-z, C-\ and C-s are keys.  A
 * signal from another process (SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM)
 * quits in order: the terminal is restored and unsaved edits are
 * accounted for on stderr.  SIGTSTP suspends as C-z does.  The handlers
 * only set flags; the signals are blocked except inside ppoll(), so one
 * that arrives while a frame is drawn wakes the next wait at once.
 */
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filetype.h"
#include "hexdigit.h"
#include "sanitize.h"
#include "tui.h"

/* The signals that quit, by default action and here, in order. */
static const struct {
	int sig;
	const char *name;
} quit_signals[] = {
	{ SIGHUP, "SIGHUP" },		/* the terminal hung up */
	{ SIGINT, "SIGINT" },		/* only kill(1): C-c is a key */
	{ SIGQUIT, "SIGQUIT" },		/* only kill(1): C-\ is a key */
	{ SIGPIPE, "SIGPIPE" },
	{ SIGTERM, "SIGTERM" },
};

#define NQUIT_SIGNALS (sizeof quit_signals / sizeof quit_signals[0])

static volatile sig_atomic_t got_quit;		/* quit on this signal */
static volatile sig_atomic_t got_suspend;	/* SIGTSTP: stop */
static sigset_t wait_mask;	/* in ppoll(): the signals above let in */

/* Remember what another process asked; the loop acts on it. */
static void
tui_on_signal(int sig)
{
	if (sig == SIGTSTP)
		got_suspend = 1;
	else if (got_quit == 0)
		got_quit = sig;
}

/* Pick the bytes a row: --cols N while its rows fit, else as many as fit
 * (a clipped row would hide the cursor), saying so when that changes. */
static unsigned
tui_bytes_per_row(struct app *app, unsigned cols)
{
	unsigned want = app->opt.cols, bpr;

	bpr = hexview_fit(cols, app->view.offset_digits);
	if (want == 0)
		return bpr;
	if (hexview_row_width(want, app->view.offset_digits) <= cols ||
	    bpr > want)
		bpr = want;
	if (bpr != app->cols_shown) {
		if (bpr != want)
			tui_message(app, STYLE_MESSAGE, "--cols %u does not fit "
			    "in %u columns; showing %u", want, cols, bpr);
		else if (app->cols_shown != 0)
			tui_message(app, STYLE_MESSAGE, "--cols %u fits in %u "
			    "columns again", want, cols);
		app->cols_shown = bpr;
	}
	return bpr;
}

void
tui_geometry(struct app *app)
{
	unsigned rows, cols, data_rows, bpr;

	tui_screen_size(&rows, &cols);
	if (app->grid->rows != rows || app->grid->cols != cols)
		grid_resize(app->grid, rows, cols);
	data_rows = rows > 2 ? rows - 2 : 1;
	app->view.offset_digits = hexview_offset_digits(app->view.size);
	bpr = tui_bytes_per_row(app, cols);
	hexview_set_geometry(&app->view, data_rows, bpr);
	tui_text_geometry(app, data_rows, cols);
}

/* Report what happened to the file since the last look. */
static void
tui_file_events(struct app *app)
{
	unsigned events = map_take_events(app->map);
	uint64_t size = map_size(app->map), old_size = app->view.size;

	/* Changed in place somewhere: the line numbers may be wrong from
	 * the first byte on; they are recounted when next needed. */
	if (events & MAP_EV_TOUCHED)
		tui_text_changed(app, 0);
	if ((events & ~MAP_EV_TOUCHED) == 0)
		return;
	/* The type was read from the head of the file: look again when the
	 * head may be other bytes (a shrink, to 0 say, or growth within it). */
	if ((events & MAP_EV_SHRANK) || old_size < FILETYPE_BYTES) {
		free(app->filetype);
		app->filetype = NULL;
		app->filetype_done = 0;
	}
	hexview_set_size(&app->view, size);
	tui_geometry(app);
	if (events & MAP_EV_SHRANK)
		tui_edit_shrank(app, size);
	else if (events & MAP_EV_GREW)
		tui_message(app, STYLE_MESSAGE, "file grew to %" PRIu64
		    " bytes", size);
}

void
tui_load_window(struct app *app)
{
	size_t want;
	ssize_t got;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		app->window_off = app->view.top;
		want = hexview_window(&app->view);
		if (app->text.on)
			tui_text_render(app, &app->window_off, &want);
		if (want > app->window_cap) {
			unsigned char *p = realloc(app->window, want);
			unsigned char *q = realloc(app->marks, want);
			unsigned char *r = realloc(app->match_marks, want);
			unsigned char *c = realloc(app->change_marks, want);

			if (q != NULL)
				app->marks = q;
			if (r != NULL)
				app->match_marks = r;
			if (c != NULL)
				app->change_marks = c;
			if (p == NULL || q == NULL || r == NULL || c == NULL) {
				if (p != NULL)
					app->window = p;
				want = app->window_cap;
			} else {
				app->window = p;
				app->window_cap = want;
			}
		}
		got = map_read(app->map, app->window_off, app->window, want);
		if (got < 0) {
			tui_message(app, STYLE_ERROR, "cannot read the file: %s",
			    strerror(errno));
			got = 0;
		}
		app->window_len = (size_t)got;
		if (map_size(app->map) == app->view.size)
			break;
		/* The file changed size under the read: lay out again. */
		tui_file_events(app);
	}
	map_window(app->map, app->window_off, app->window_len);
	if (app->window_len > 0)
		ledger_mark_window(journal_ledger(app->journal), app->window_off,
		    app->window_len, app->marks);
	tui_find_marks(app);
	tui_live_frame(app);
}

/*
 * Look the file type up from the first bytes of the mapping, copied under
 * the guard.  The loop calls this once the first screen is out: libmagic
 * takes 1.5 to 2 ms for a binary and 5 to 10 ms for text, and on a
 * thread of its own before that screen it slowed the screen by about
 * 1 ms, competing with the terminal that draws it.
 */
static void
tui_filetype(struct app *app)
{
	size_t len = map_size(app->map) < FILETYPE_BYTES ?
	    (size_t)map_size(app->map) : FILETYPE_BYTES;
	unsigned char *head = malloc(len > 0 ? len : 1);
	char *cause = NULL;
	ssize_t got;

	app->filetype_done = 1;
	if (head == NULL)
		return;
	got = map_read(app->map, 0, head, len);
	if (got >= 0)
		app->filetype = filetype_describe_fd(map_fd(app->map), &cause);
	free(head);
	if (app->filetype == NULL && cause != NULL)
		tui_message(app, STYLE_ERROR, "file type unknown: %s", cause);
	free(cause);
}

/* Scroll the help screen by delta lines, keeping a screenful in view. */
static void
tui_help_scroll(struct app *app, int delta)
{
	/* Rows left for lines: less title, more-note, status, message. */
	unsigned shown = app->grid->rows > 4 ? app->grid->rows - 4 : 1;
	unsigned lines = tui_help_lines();
	unsigned max = lines > shown ? lines - shown : 0;
	long top = (long)app->help_top + delta;

	if (top < 0)
		top = 0;
	if ((unsigned long)top > max)
		top = (long)max;
	app->help_top = (unsigned)top;
}

/* Send a key to the prompt, the help screen or the key map. */
static void
tui_dispatch_key(struct app *app, int key)
{
	const struct tui_action *action;
	int lookup = key;

	if (app->prompt.kind != TUI_PROMPT_NONE) {
		/* C-c cancels every prompt, as its SIGINT did before the
		 * terminal was raw (the quit prompt knows only Esc). */
		tui_prompt_key(app, key == TUI_CTRL('c') ? TUI_KEY_ESC : key);
		return;
	}
	if (key == TUI_KEY_ESC && tui_find_running(app)) {
		tui_find_cancel(app);
		return;
	}
	if (key == TUI_KEY_ESC && tui_text_cancel(app))
		return;		/* a "go to line" waiting for the index */
	app->message[0] = '\0';
	if (app->screen == TUI_SCREEN_HELP && key != TUI_CTRL('c') &&
	    key != TUI_CTRL('z')) {
		if (key == 'j' || key == KEY_DOWN)
			tui_help_scroll(app, 1);
		else if (key == 'k' || key == KEY_UP)
			tui_help_scroll(app, -1);
		else if (key == KEY_NPAGE || key == ' ' || key == TUI_CTRL('f'))
			tui_help_scroll(app, (int)app->grid->rows - 3);
		else if (key == KEY_PPAGE || key == TUI_CTRL('b'))
			tui_help_scroll(app, -((int)app->grid->rows - 3));
		else if (key == 'q' || key == TUI_KEY_ESC || key == 'H' ||
		    key == KEY_F(1) || key == '\n' || key == '\r')
			app->screen = TUI_SCREEN_HEX;
		return;
	}
	/* Typing keys: the pane decides whether a key overwrites a byte.
	 * The text view is for reading: there every key is a command. */
	if (app->text.on)
		lookup = key;
	else if (app->view.pane == HEXVIEW_PANE_CHAR && key >= 0x20 &&
	    key < 0x7f)
		lookup = TUI_KEY_TEXT;
	else if (app->view.pane == HEXVIEW_PANE_HEX &&
	    hexdigit_value(key) >= 0 &&
	    !(key == 'F' && map_mode(app->map) == MAP_READONLY))
		lookup = TUI_KEY_HEXDIGIT;	/* read-only: F follows, as in less */
	action = tui_keymap_lookup(lookup);
	if (action == NULL)
		return;
	if (lookup != key) {
		action->run(app, key);	/* typing actions take the key */
		return;
	}
	app->at_end = 0;
	action->run(app, action->arg);
}

/* Dispatch a key.  Any key but a follow key leaves follow mode and then
 * does its own work (q quits, k moves up), as a user reaching for a key
 * means to stop watching the end. */
static void
tui_dispatch(struct app *app, int key)
{
	const struct tui_action *action;
	int left = 0;

	if (key == KEY_RESIZE) {
		tui_geometry(app);
		return;
	}
	if (app->follow) {
		action = app->prompt.kind == TUI_PROMPT_NONE &&
		    (key != 'F' || map_mode(app->map) == MAP_READONLY) ?
		    tui_keymap_lookup(key) : NULL;
		left = action == NULL || strcmp(action->name, "follow") != 0;
		if (left)
			app->follow = 0;
	}
	tui_dispatch_key(app, key);
	if (left && app->message[0] == '\0')
		tui_message(app, STYLE_MESSAGE, "follow mode off");
}

/* Install the handlers and block their signals outside ppoll(); see the
 * top of this file.  Done before curses starts, so that curses finds
 * them taken and installs none of its own (nor juggles SIGTSTP around
 * every refresh). */
static void
tui_signals(void)
{
	struct sigaction sa;
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NQUIT_SIGNALS; i++)
		sigaddset(&set, quit_signals[i].sig);
	sigaddset(&set, SIGTSTP);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sa.sa_mask = set;
	for (i = 0; i < NQUIT_SIGNALS; i++)
		sigaction(quit_signals[i].sig, &sa, NULL);
	sigaction(SIGTSTP, &sa, NULL);
	pthread_sigmask(SIG_BLOCK, &set, &wait_mask);
	for (i = 0; i < NQUIT_SIGNALS; i++)
		sigdelset(&wait_mask, quit_signals[i].sig);
	sigdelset(&wait_mask, SIGTSTP);
}

/* Stop as the terminal's C-z would have, with the terminal restored
 * meanwhile, and repaint on return.  whole_group: C-z was typed, and the
 * terminal would have stopped the whole foreground process group (a
 * shell script that runs mmhex must stop too, or its shell never gets
 * the terminal back); else a SIGTSTP was sent to mmhex alone. */
static void
tui_suspend(struct app *app, int whole_group)
{
	struct sigaction dfl, ours;
	sigset_t blocked;

	tui_screen_pause();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &ours);
	if (whole_group)
		kill(0, SIGTSTP);
	else
		raise(SIGTSTP);
	/* Stopped here until SIGCONT (an orphaned process group, one no
	 * shell could resume, is not stopped at all).  A quit signal sent
	 * meanwhile (the shell's kill %1 sends SIGTERM, then SIGCONT) is
	 * taken on the way out, so the loop quits without drawing. */
	pthread_sigmask(SIG_SETMASK, &wait_mask, &blocked);
	pthread_sigmask(SIG_SETMASK, &blocked, NULL);
	sigaction(SIGTSTP, &ours, NULL);
	app->repaint = 1;
}

/* Name a quit signal. */
static const char *
tui_signal_name(int sig)
{
	size_t i;

	for (i = 0; i < NQUIT_SIGNALS; i++) {
		if (quit_signals[i].sig == sig)
			return quit_signals[i].name;
	}
	return "a signal";
}

/* Say on stderr, the terminal restored, what a quit on signal sig did
 * with the unsaved edits: -w wrote them through the mapping already,
 * -c had them only in its private pages. */
static void
tui_signal_report(struct app *app, int sig)
{
	uint64_t n = tui_edit_unsaved(app);
	const char *s = n == 1 ? "" : "s";

	if (n == 0 || map_mode(app->map) == MAP_READONLY)
		return;
	if (map_mode(app->map) == MAP_WRITE)
		fprintf(stderr, "mmhex: %s: quit on %s: %" PRIu64 " unsaved "
		    "byte%s left in the file (not synced to disk)\n", app->name,
		    tui_signal_name(sig), n, s);
	else
		fprintf(stderr, "mmhex: %s: quit on %s: %" PRIu64 " unsaved "
		    "byte%s lost (not written to the file)\n", app->name,
		    tui_signal_name(sig), n, s);
}

/* Wait for a key or the next tick; dispatch what arrived. */
static void
tui_wait(struct app *app, uint64_t *next_tick)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec ts = { 0, 0 }, *timeout = NULL;
	uint64_t now = tui_now_ms(), ms;
	int key, keys = 0, ready;

	if (app->opt.watch_ms > 0) {
		ms = *next_tick > now ? *next_tick - now : 0;
		ts.tv_sec = (time_t)(ms / 1000);
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		timeout = &ts;
	}
	if (tui_find_running(app) || tui_text_busy(app)) {
		ts.tv_sec = 0;	/* a scan or the line index wants a slice */
		ts.tv_nsec = 0;
		timeout = &ts;
	}
	ready = ppoll(&pfd, 1, timeout, &wait_mask);
	if (got_quit || got_suspend)
		return;		/* the loop acts on it first */
	if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR)) &&
	    !(pfd.revents & POLLIN)) {
		app->quit = 1;	/* the terminal went away */
		return;
	}
	/* Drain every key curses has, even those it buffered itself. */
	while (!app->quit && (key = tui_input_key()) != TUI_KEY_NONE) {
		tui_dispatch(app, key);
		if (++keys > 256)
			break;
	}
	if (!app->quit)
		tui_find_step(app);
	if (!app->quit && tui_text_busy(app))
		tui_text_step(app);
	if (app->opt.watch_ms > 0 && tui_now_ms() >= *next_tick) {
		tui_live_tick(app);
		*next_tick = tui_now_ms() + app->opt.watch_ms;
	}
}

int
tui_run(struct map *map, const struct tui_options *opt, char **cause)
{
	struct app app;
	uint64_t next_tick;
	int ret = -1;

	memset(&app, 0, sizeof app);
	app.map = map;
	app.opt = *opt;
	app.text.on = opt->text;
	app.name = sanitize_string(map_path(map));
	app.grid = grid_new(24, 80);
	if (app.name == NULL || app.grid == NULL) {
		*cause = strdup("out of memory");
		goto out;
	}
	if (tui_keymap_check(cause) == -1)
		goto out;
	hexview_init(&app.view, map_size(map));
	if ((app.watch = watch_new()) == NULL ||
	    (app.journal = journal_new()) == NULL || tui_text_init(&app) == -1) {
		*cause = strdup("out of memory");
		goto out;
	}
	tui_signals();
	if (tui_screen_init(&app, cause) == -1)
		goto out;
	tui_geometry(&app);

	next_tick = tui_now_ms() + app.opt.watch_ms;
	while (!app.quit && !got_quit) {
		if (got_suspend || app.suspend) {
			tui_suspend(&app, app.suspend);
			got_suspend = app.suspend = 0;
			continue;	/* a signal may have come meanwhile */
		}
		tui_file_events(&app);
		tui_load_window(&app);
		tui_screen_layout(&app);
		tui_screen_flush(&app);
		if (!app.filetype_done) {
			tui_filetype(&app);
			continue;
		}
		tui_wait(&app, &next_tick);
	}
	tui_screen_end();
	ret = got_quit;
	if (ret != 0)
		tui_signal_report(&app, ret);
out:
	free(app.window);
	free(app.marks);
	free(app.match_marks);
	free(app.change_marks);
	watch_free(app.watch);
	tui_find_free(&app);
	tui_text_free(&app);
	edit_conflicts_free(&app.conflicts);
	journal_free(app.journal);
	free(app.name);
	free(app.filetype);
	grid_free(app.grid);
	map_close(app.map);	/* maybe not the one passed in: see reopen */
	return ret;
}
