/*
 * tui-find.c - incremental find, never blocking the screen.
 *
 * A find is a resumable scan (search.h) stepped from the main loop a few
 * milliseconds at a time, so keys keep working while a multi-GB file is
 * scanned.  In the prompt every change of the text compiles the pattern
 * and starts a new scan from the origin (the cursor when the prompt
 * opened); a bad pattern moves nothing.  Esc cancels a running scan and
 * returns to the origin; Enter keeps the match (or lets the scan finish).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errmsg.h"
#include "tui.h"

/* Milliseconds of scanning per turn of the main loop. */
#define FIND_SLICE_MS 8

/* Bytes scanned between clock checks. */
#define FIND_BUDGET (8u * 1024u * 1024u)

/* Bytes read on each side of the window for the match highlight: enough
 * for any match of a bounded pattern crossing an edge and for anchors;
 * an unbounded regex's 64 KiB a side would cost every redraw. */
#define FIND_MARK_CONTEXT 4096

/* Show progress only for scans longer than this. */
#define FIND_PROGRESS_MS 150

/* Return the monotonic clock in milliseconds. */
static uint64_t
find_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
tui_find_running(const struct app *app)
{
	return app->find.running != NULL;
}

/* Stop the running scan, if any. */
static void
find_stop(struct app *app)
{
	search_free(app->find.running);
	app->find.running = NULL;
}

void
tui_find_free(struct app *app)
{
	find_stop(app);
	search_pattern_free(app->find.pattern);
	search_pattern_free(app->find.before);
	app->find.pattern = app->find.before = NULL;
}

/* Start a scan of the current pattern from offset from. */
static void
find_begin(struct app *app, uint64_t from, int backward, int repeat)
{
	find_stop(app);
	if (app->find.pattern == NULL || app->view.size == 0)
		return;
	app->find.running = search_start(app->map, app->find.pattern, from,
	    backward, 1);
	app->find.started_ms = find_now_ms();
	app->find.repeat = repeat;
	app->find.running_backward = backward;
	if (app->find.running == NULL)
		tui_message(app, STYLE_ERROR, "find: out of memory");
	tui_find_step(app);
}

void
tui_find_open(struct app *app, int backward)
{
	find_stop(app);
	app->find.backward = backward;
	app->find.origin = app->view.cursor;
	app->find.note[0] = '\0';
	/* Esc brings the old pattern back (for n, N and the highlight). */
	search_pattern_free(app->find.before);
	app->find.before = app->find.pattern;
	app->find.pattern = NULL;
	tui_prompt_open(app, TUI_PROMPT_FIND);
}

void
tui_find_changed(struct app *app)
{
	struct search_pattern *p;
	char *cause = NULL;

	app->message[0] = '\0';
	app->find.note[0] = '\0';
	if (app->prompt.len == 0) {
		find_stop(app);
		search_pattern_free(app->find.pattern);
		app->find.pattern = NULL;
		hexview_goto(&app->view, app->find.origin);
		return;
	}
	p = search_compile(app->prompt.text, app->find.kind, &cause);
	if (p == NULL) {
		/* A half-typed pattern: say why, move nothing. */
		snprintf(app->find.note, sizeof app->find.note,
		    "bad pattern: %s", errmsg_show(cause, "out of memory"));
		tui_message(app, STYLE_ERROR, "%s", app->find.note);
		free(cause);
		return;
	}
	find_stop(app);
	hexview_goto(&app->view, app->find.origin);
	search_pattern_free(app->find.pattern);
	app->find.pattern = p;
	find_begin(app, app->find.origin, app->find.backward, 0);
}

void
tui_find_cancel(struct app *app)
{
	int was_running = tui_find_running(app);

	find_stop(app);
	hexview_goto(&app->view, app->find.origin);
	app->find.note[0] = '\0';
	if (app->prompt.kind == TUI_PROMPT_FIND) {
		/* Leaving the prompt: the pattern typed in it is dropped. */
		search_pattern_free(app->find.pattern);
		app->find.pattern = app->find.before;
		app->find.before = NULL;
	}
	if (was_running)
		tui_message(app, STYLE_MESSAGE, "find cancelled");
	else
		app->message[0] = '\0';
}

void
tui_find_accept(struct app *app)
{
	app->find.note[0] = '\0';
	if (app->find.pattern == NULL) {
		/* Enter on a bad or empty pattern keeps the old one. */
		app->find.pattern = app->find.before;
		app->find.before = NULL;
		return;
	}
	search_pattern_free(app->find.before);
	app->find.before = NULL;
	if (tui_find_running(app))
		tui_message(app, STYLE_MESSAGE, "searching...");
	else if (app->find.found && app->message[0] == '\0')
		tui_message(app, STYLE_MESSAGE, "match at 0x%" PRIx64,
		    app->view.cursor);
}

void
tui_find_repeat(struct app *app, int reverse)
{
	int backward = app->find.backward ^ reverse;
	uint64_t from, cursor = app->view.cursor;

	if (app->find.pattern == NULL) {
		tui_message(app, STYLE_MESSAGE, "no pattern yet: / finds "
		    "forward, ? backward");
		return;
	}
	if (app->view.size == 0)
		return;
	/* Step off the current match; wrap at the ends. */
	if (!backward)
		from = cursor + 1 < app->view.size ? cursor + 1 : 0;
	else
		from = cursor > 0 ? cursor - 1 : app->view.size - 1;
	app->find.origin = cursor;
	app->message[0] = '\0';
	find_begin(app, from, backward, 1);
}

void
tui_find_cycle_kind(struct app *app)
{
	app->find.kind = (enum search_kind)((app->find.kind + 1) % 4);
	tui_find_changed(app);
}

/* Report the end of a scan. */
static void
find_finished(struct app *app, enum search_status st)
{
	uint64_t len, at;
	int wrapped = search_wrapped(app->find.running);

	switch (st) {
	case SEARCH_FOUND:
		app->find.found = 1;
		at = search_match(app->find.running, &len);
		hexview_goto(&app->view, at);
		if (wrapped || (app->find.repeat &&
		    (app->find.running_backward ? at > app->find.origin :
		    at < app->find.origin)))
			tui_message(app, STYLE_MESSAGE, "search wrapped: "
			    "match at 0x%" PRIx64, at);
		else if (app->find.repeat || app->prompt.kind !=
		    TUI_PROMPT_FIND)
			tui_message(app, STYLE_MESSAGE, "match at 0x%" PRIx64,
			    at);
		break;
	case SEARCH_NOT_FOUND:
		app->find.found = 0;
		hexview_goto(&app->view, app->find.origin);
		tui_message(app, STYLE_ERROR, "not found");
		snprintf(app->find.note, sizeof app->find.note, "not found");
		break;
	case SEARCH_FAILED:
		tui_message(app, STYLE_ERROR, "%s",
		    search_error(app->find.running));
		break;
	case SEARCH_RUNNING:
		return;
	}
	find_stop(app);
}

void
tui_find_step(struct app *app)
{
	enum search_status st;
	uint64_t start = find_now_ms();

	if (app->find.running == NULL)
		return;
	do {
		st = search_step(app->find.running, FIND_BUDGET);
		if (st != SEARCH_RUNNING) {
			find_finished(app, st);
			return;
		}
	} while (find_now_ms() - start < FIND_SLICE_MS);
}

void
tui_find_status(const struct app *app, char *buf, size_t len)
{
	uint64_t done, total, ms;
	double rate;

	buf[0] = '\0';
	if (app->find.running == NULL)
		return;
	ms = find_now_ms() - app->find.started_ms;
	if (ms < FIND_PROGRESS_MS)
		return;
	done = search_done(app->find.running, &total);
	rate = (double)done / ((double)ms / 1000.0) / 1e6;
	snprintf(buf, len, "searching %u%% %.0f MB/s (Esc cancels)",
	    total > 0 ? (unsigned)(done * 100 / total) : 0, rate);
}

/* Mark the bytes of one match that lie inside the window. */
static int
find_mark(uint64_t start, uint64_t end, void *arg)
{
	struct app *app = arg;
	uint64_t top = app->window_off, bottom = top + app->window_len, i;

	for (i = start > top ? start : top; i < end && i < bottom; i++)
		app->match_marks[i - top] = 1;
	return 0;
}

void
tui_find_marks(struct app *app)
{
	uint64_t context, before, top = app->window_off;
	unsigned char *bytes;
	ssize_t got;
	size_t len = app->window_len;

	if (len == 0 || app->match_marks == NULL)
		return;
	memset(app->match_marks, 0, len);
	if (app->find.pattern == NULL)
		return;
	/* Scan the window with context on both sides: a match crossing an
	 * edge is marked too, and "^", "$" and "\b" see the file's bytes
	 * around the window, not its edges.  The window itself is this
	 * frame's copy, the bytes drawn; only the context is read. */
	context = search_max_width(app->find.pattern) + 2;
	if (context > FIND_MARK_CONTEXT)
		context = FIND_MARK_CONTEXT;
	before = top < context ? top : context;
	if ((bytes = malloc((size_t)(before + len + context))) == NULL ||
	    map_read(app->map, top - before, bytes, (size_t)before) !=
	    (ssize_t)before) {
		/* Cannot read around it: the window alone. */
		search_buffer(app->find.pattern, app->window, len, top,
		    find_mark, app);
		free(bytes);
		return;
	}
	memcpy(bytes + before, app->window, len);
	got = map_read(app->map, top + len, bytes + before + len,
	    (size_t)context);
	search_buffer(app->find.pattern, bytes, (size_t)(before + len) +
	    (size_t)(got > 0 ? got : 0), top - before, find_mark, app);
	free(bytes);
}
