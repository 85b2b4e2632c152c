/*
 * term.c - the main loop.
 *
 * One loop: handle signal flags, ask the application for a frame and
 * draw it, let it do its due work, wait in ppoll(2) for a key or as long
 * as the application allows, hand it the keys.  Nothing blocks inside
 * an action.
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

#include "term.h"

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
term_on_signal(int sig)
{
	if (sig == SIGTSTP)
		got_suspend = 1;
	else if (got_quit == 0)
		got_quit = sig;
}

/* Install the handlers and block their signals outside ppoll(); see the
 * top of this file.  Done before curses starts, so that curses finds
 * them taken and installs none of its own (nor juggles SIGTSTP around
 * every refresh). */
static void
term_signals(void)
{
	struct sigaction sa;
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NQUIT_SIGNALS; i++)
		sigaddset(&set, quit_signals[i].sig);
	sigaddset(&set, SIGTSTP);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = term_on_signal;
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
 * meanwhile.  whole_group: C-z was typed, and the terminal would have
 * stopped the whole foreground process group (a shell script that runs
 * mmhex must stop too, or its shell never gets the terminal back); else a
 * SIGTSTP was sent to mmhex alone.  The caller repaints on return. */
static void
term_suspend(int whole_group)
{
	struct sigaction dfl, ours;
	sigset_t blocked;

	term_screen_pause();
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
}

/* Name a quit signal. */
static const char *
term_signal_name(int sig)
{
	size_t i;

	for (i = 0; i < NQUIT_SIGNALS; i++) {
		if (quit_signals[i].sig == sig)
			return quit_signals[i].name;
	}
	return "a signal";
}

/* Wait for a key or as long as the application allows; hand it what
 * arrived, adding what it then wants to *wants and setting *keys to the
 * keys handed over.  Returns 1 when the terminal went away. */
static int
term_wait(struct app *app, unsigned *wants, int *keys)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec ts, *timeout = NULL;
	unsigned rows, cols;
	int key, ready, ms;

	ms = app_timeout_ms(app, app_now_ms());
	if (ms >= 0) {
		ts.tv_sec = (time_t)(ms / 1000);
		ts.tv_nsec = (long)(ms % 1000) * 1000000L;
		timeout = &ts;
	}
	*keys = 0;
	ready = ppoll(&pfd, 1, timeout, &wait_mask);
	if (got_quit || got_suspend)
		return 0;	/* the loop acts on it first */
	if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) &&
	    !(pfd.revents & POLLIN))
		return 1;
	/* Drain every key curses has, even those it buffered itself. */
	while (!(*wants & APP_WANTS_QUIT) &&
	    (key = term_input_key()) != APP_KEY_NONE) {
		if (key == TERM_KEY_RESIZE) {
			term_screen_size(&rows, &cols);
			app_resize(app, rows, cols);
		} else
			app_key(app, key);
		*wants |= app_wants(app);
		if (++*keys > 256)
			break;
	}
	/* A hung-up terminal also says POLLIN (reads give 0): once its
	 * last keys are in, it is gone. */
	if (ready > 0 && (pfd.revents & (POLLHUP | POLLERR)) && *keys <= 256)
		return 1;
	return 0;
}

/* Send a clipboard copy the application made (OSC 52: base64 between
 * the escape and BEL, nothing of the file raw) straight to the terminal. */
static void
term_send_clipboard(struct app *app)
{
	size_t len, done = 0;
	char *seq = app_take_clipboard(app, &len);
	ssize_t w;

	while (seq != NULL && done < len) {
		w = write(STDOUT_FILENO, seq + done, len - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	free(seq);
}

int
term_run(struct map *map, const struct app_options *opt, char **cause)
{
	struct app *app;
	unsigned rows, cols, wants = 0;
	int repaint = 0, ret, keys;
	char report[256];

	if ((app = app_new(map, opt, cause)) == NULL) {
		map_close(map);
		return -1;
	}
	term_signals();
	if (term_screen_init(cause) == -1) {
		app_free(app);
		return -1;
	}
	term_screen_size(&rows, &cols);
	app_resize(app, rows, cols);
	for (;;) {
		wants |= app_wants(app);
		if ((wants & APP_WANTS_QUIT) || got_quit)
			break;
		repaint |= (wants & APP_WANTS_REPAINT) != 0;
		if (got_suspend || (wants & APP_WANTS_SUSPEND)) {
			term_suspend((wants & APP_WANTS_SUSPEND) != 0);
			got_suspend = 0;
			wants = 0;
			repaint = 1;
			continue;	/* a signal may have come meanwhile */
		}
		term_screen_flush(app_frame(app), repaint);
		term_send_clipboard(app);
		repaint = 0;
		wants = 0;
		if (term_wait(app, &wants, &keys))
			break;		/* the terminal went away */
		/* Keys first: their echo is drawn before the next slice of
		 * a find or a save-as (up to 8 ms) delays it. */
		if (keys == 0)
			app_work(app, app_now_ms());
	}
	term_screen_end();
	ret = got_quit;
	if (ret != 0) {
		app_quit_report(app, term_signal_name(ret), report,
		    sizeof report);
		if (report[0] != '\0')
			fprintf(stderr, "mmhex: %s: %s\n", app_name(app),
			    report);
	}
	app_free(app);
	return ret;
}
