/*
 * app-find.c - incremental find, never blocking the screen.
 *
 * A find is a resumable scan (search.h) stepped from the main loop a few
 * milliseconds at a time, so keys keep working while a multi-GB file is
 * scanned.  In the prompt every change of the text compiles the pattern
 * and starts a new scan from the origin (the cursor when the prompt
 * opened); a bad pattern moves nothing.  Esc cancels a running scan and
 * returns to the origin; Enter keeps the match (or lets the scan finish),
 * and Enter on an empty line repeats the last find.  Esc outside the
 * prompt drops the highlight of matches (n and N bring it back).
 *
 * Once a find lands on a match, the matches are counted in the same
 * way, on the search's worker threads, stepped from the loop (struct
 * app_count): the status line then says "match K of N".  The count
 * holds two numbers, not the matches; it is for one pattern and one
 * state of the file (any change makes it stale, and it is counted again
 * while the cursor stays on its match), a new find stops it, and n or N
 * from its match move the rank by one without counting again.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-find.h"
#include "app-prompt.h"
#include "errmsg.h"

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

/* Stop counting matches at this many: "match K of 1000000+". */
#define FIND_COUNT_CAP 1000000u

int
app_find_running(const struct app *app)
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

/* Forget the count of matches. */
static void
count_drop(struct app *app)
{
	struct app_count *c = &app->find.count;

	search_free(c->running);
	c->running = NULL;
	c->pattern = NULL;
	c->done = 0;
}

/* Stop a running count; a finished one stays (n and N rank from it). */
static void
count_stop(struct app *app)
{
	if (app->find.count.running != NULL)
		count_drop(app);
}

/* Free a pattern, and the count of its matches. */
static void
find_pattern_free(struct app *app, struct search_pattern *p)
{
	if (p != NULL && app->find.count.pattern == p)
		count_drop(app);
	search_pattern_free(p);
}

/* Return whether the file is as the count saw it. */
static int
count_fresh(const struct app *app)
{
	const struct app_count *c = &app->find.count;

	return c->map == app->map && c->size == app->cur.size &&
	    c->journal == journal_applied(app->journal) &&
	    c->changes == app->changes;
}

/* Start counting the matches of the pattern, ranking the one at at. */
static void
count_start(struct app *app, uint64_t at)
{
	struct app_count *c = &app->find.count;

	count_drop(app);
	c->running = search_count_start(app->map, app->find.pattern, at,
	    FIND_COUNT_CAP);
	if (c->running == NULL)
		return;		/* out of memory: no count, say nothing */
	c->pattern = app->find.pattern;
	c->at = at;
	c->started_ms = app_now_ms();
	c->map = app->map;
	c->size = app->cur.size;
	c->journal = journal_applied(app->journal);
	c->changes = app->changes;
}

/* A find landed on the match at at: rank it.  n or N from the match a
 * finished count ranked moves the rank by one (n visits the matches in
 * file order, wrapping); anything else counts again. */
static void
count_landed(struct app *app, uint64_t at)
{
	struct app_count *c = &app->find.count;
	uint64_t rank;

	if (c->done && c->rank > 0 && c->pattern == app->find.pattern &&
	    count_fresh(app) && app->find.repeat &&
	    app->find.origin == c->at) {
		if (!app->find.running_backward)
			rank = at > c->at ? c->rank + 1 : 1;
		else if (at < c->at)
			rank = c->rank - 1;
		else
			rank = c->capped ? 0 : c->matches;	/* wrapped */
		if (rank > 0 && (c->capped || rank <= c->matches)) {
			c->at = at;
			c->rank = rank;
			return;
		}
	}
	count_start(app, at);
}

/* Return whether the count is wanted: of this pattern, its match under
 * the cursor and highlit. */
static int
count_wanted(const struct app *app)
{
	const struct app_count *c = &app->find.count;

	return c->pattern != NULL && c->pattern == app->find.pattern &&
	    !app->find.unmarked && app->cur.off == c->at;
}

/* Return whether the count is one to show: wanted, no find running,
 * the file unchanged. */
static int
count_shown(const struct app *app)
{
	return count_wanted(app) && app->find.running == NULL &&
	    count_fresh(app);
}

void
app_find_free(struct app *app)
{
	find_stop(app);
	count_drop(app);
	search_pattern_free(app->find.pattern);
	search_pattern_free(app->find.before);
	app->find.pattern = app->find.before = NULL;
}

/* Start a scan of the current pattern from offset from. */
static void
find_begin(struct app *app, uint64_t from, int backward, int repeat)
{
	find_stop(app);
	count_stop(app);	/* a new find: the count starts anew after */
	if (app->find.pattern == NULL)
		return;
	if (app->cur.size == 0) {
		app->find.found = 0;
		app_message(app, STYLE_ERROR, "not found: the file is empty");
		snprintf(app->find.note, sizeof app->find.note, "not found");
		return;
	}
	app->find.running = search_start(app->map, app->find.pattern, from,
	    backward, 1);
	app->find.started_ms = app_now_ms();
	app->find.repeat = repeat;
	app->find.running_backward = backward;
	if (app->find.running == NULL)
		app_message(app, STYLE_ERROR, "find: out of memory");
	app_find_step(app);
}

/* Compile a find by value ("u32 1234", "f64 3.5", "i16be -2"): the
 * value's bytes, as a hex pattern.  Returns it, or NULL with *cause. */
static struct search_pattern *
find_compile_value(const char *text, char **cause)
{
	unsigned char bytes[INSPECT_BYTES_MAX];
	char hex[3 * INSPECT_BYTES_MAX + 1];
	size_t len = 0, i;

	if (inspect_parse_find(text, bytes, &len, cause) == -1)
		return NULL;
	for (i = 0; i < len; i++)
		snprintf(hex + 3 * i, 4, "%02x ", bytes[i]);
	hex[len > 0 ? 3 * len - 1 : 0] = '\0';
	return search_compile(hex, SEARCH_HEX, cause);
}

/* The prompt's text changed: compile it, scan again from the origin. */
static void
find_changed(struct app *app, const char *text)
{
	struct search_pattern *p;
	char *cause = NULL;

	app->message[0] = '\0';
	app->find.note[0] = '\0';
	if (text[0] == '\0') {
		find_stop(app);
		find_pattern_free(app, app->find.pattern);
		app->find.pattern = NULL;
		hexview_goto(&app->view, app->find.origin);
		return;
	}
	p = app->find.by_value ? find_compile_value(text, &cause) :
	    search_compile(text, app->find.kind, &cause);
	if (p == NULL) {
		/* A half-typed pattern: say why, move nothing. */
		snprintf(app->find.note, sizeof app->find.note,
		    "bad pattern: %s", errmsg_show(cause, "out of memory"));
		app_message(app, STYLE_ERROR, "%s", app->find.note);
		free(cause);
		return;
	}
	find_stop(app);
	hexview_goto(&app->view, app->find.origin);
	find_pattern_free(app, app->find.pattern);
	app->find.pattern = p;
	app->find.unmarked = 0;
	find_begin(app, app->find.origin, app->find.backward, 0);
}

/* Esc in the prompt: back to the origin and the old pattern. */
static void
find_cancel(struct app *app)
{
	int was_running = app_find_running(app);

	find_stop(app);
	hexview_goto(&app->view, app->find.origin);
	app->find.note[0] = '\0';
	find_pattern_free(app, app->find.pattern);
	app->find.pattern = app->find.before;
	app->find.before = NULL;
	if (was_running)
		app_message(app, STYLE_MESSAGE, "find cancelled");
	else
		app->message[0] = '\0';
}

/* Enter: keep the match (or let the scan finish); an empty line repeats
 * the last find. */
static void
find_enter(struct app *app, const char *text)
{
	app->find.note[0] = '\0';
	if (app->find.pattern == NULL) {
		/* Enter on a bad or empty pattern keeps the old one. */
		app->find.pattern = app->find.before;
		app->find.before = NULL;
		if (text[0] == '\0' && app->find.pattern != NULL)
			app_find_repeat(app, 0);
		return;
	}
	find_pattern_free(app, app->find.before);
	app->find.before = NULL;
	if (app_find_running(app))
		app_message(app, STYLE_MESSAGE, "searching...");
	else if (app->find.found && app->message[0] == '\0')
		app_message(app, STYLE_MESSAGE, "match at 0x%" PRIx64,
		    app->cur.off);
}

/* C-t switches the kind of pattern, and searches again. */
static int
find_key(struct app *app, int key)
{
	if (key != APP_CTRL('t'))
		return 0;
	/* Text, caseless, hex, regex, then a value, then text again. */
	if (app->find.by_value) {
		app->find.by_value = 0;
		app->find.kind = SEARCH_TEXT;
	} else if (app->find.kind == SEARCH_REGEX)
		app->find.by_value = 1;
	else
		app->find.kind = (enum search_kind)(app->find.kind + 1);
	find_changed(app, app_prompt_text(app));
	return 1;
}

/* Name the kind and the direction: "find text: ", "find hex backward: ". */
static void
find_label(struct app *app, char *buf, size_t len)
{
	static const char *const words[] = { "text", "caseless text", "hex",
	    "regex" };

	snprintf(buf, len, "find %s%s: ", app->find.by_value ?
	    "value (u32 1234, f64 3.5, i16be -2)" : words[app->find.kind % 4],
	    app->find.backward ? " backward" : "");
}

/* Why the cursor did not move, beside the text. */
static void
find_note(struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "%s", app->find.note);
}

static const struct app_prompt_ops find_ops = {
	.label = find_label,
	.enter = find_enter,
	.changed = find_changed,
	.cancel = find_cancel,
	.key = find_key,
	.note = find_note,
};

void
app_find_open(struct app *app, int backward)
{
	find_stop(app);
	app->find.queued = 0;
	app->find.backward = backward;
	app->find.origin = app->cur.off;
	app->find.note[0] = '\0';
	/* Esc brings the old pattern back (for n, N and the highlight). */
	find_pattern_free(app, app->find.before);
	app->find.before = app->find.pattern;
	app->find.pattern = NULL;
	app_prompt_open(app, &find_ops, NULL,
	    &app->history[APP_HISTORY_FIND]);
}

int
app_find_cancel(struct app *app)
{
	if (!app_find_running(app))
		return 0;
	find_stop(app);
	app->find.queued = 0;	/* the n pressed meanwhile go too */
	hexview_goto(&app->view, app->find.origin);
	app_message(app, STYLE_MESSAGE, "find cancelled");
	return 1;
}

int
app_find_match_at(const struct app *app, uint64_t off, uint64_t *len)
{
	if (app->find.pattern == NULL || !app->find.found ||
	    app->find.match_at != off || app->find.match_len == 0)
		return 0;
	*len = app->find.match_len;
	return 1;
}

int
app_find_unmark(struct app *app)
{
	if (app->find.pattern == NULL || app->find.unmarked)
		return 0;
	app->find.unmarked = 1;
	count_stop(app);	/* not shown: n or N counts again */
	return 1;
}

void
app_find_repeat(struct app *app, int reverse)
{
	int backward = app->find.backward ^ reverse;
	uint64_t from, cursor = app->cur.off;

	if (app->find.pattern == NULL) {
		app_message(app, STYLE_MESSAGE, "no pattern yet: / finds "
		    "forward, ? backward");
		return;
	}
	if (app->cur.size == 0) {
		app_message(app, STYLE_ERROR, "not found: the file is empty");
		return;
	}
	/* n pressed again while its scan runs: go on from the match it
	 * lands on, once for each press (a hex editor's user taps n). */
	if (app_find_running(app) && app->find.repeat &&
	    app->find.running_backward == backward) {
		app->find.queued++;
		return;
	}
	/* Step off the current match; wrap at the ends. */
	if (!backward)
		from = cursor + 1 < app->cur.size ? cursor + 1 : 0;
	else
		from = cursor > 0 ? cursor - 1 : app->cur.size - 1;
	app->find.origin = cursor;
	app->message[0] = '\0';
	app->find.unmarked = 0;
	find_begin(app, from, backward, 1);
}

/* Report the end of a scan. */
static void
find_finished(struct app *app, enum search_status st)
{
	int wrapped = search_wrapped(app->find.running);
	int backward = app->find.running_backward;
	uint64_t len, at;

	switch (st) {
	case SEARCH_FOUND:
		app->find.found = 1;
		at = search_match(app->find.running, &len);
		hexview_goto(&app->view, at);
		app->find.match_at = at;	/* for S: select it */
		app->find.match_len = len;
		count_landed(app, at);
		if (wrapped || (app->find.repeat &&
		    (app->find.running_backward ? at > app->find.origin :
		    at < app->find.origin)))
			app_message(app, STYLE_MESSAGE, "search wrapped: "
			    "match at 0x%" PRIx64, at);
		else if (app->find.repeat || !app_prompt_is(app, &find_ops))
			app_message(app, STYLE_MESSAGE, "match at 0x%" PRIx64,
			    at);
		break;
	case SEARCH_NOT_FOUND:
		app->find.found = 0;
		hexview_goto(&app->view, app->find.origin);
		app_message(app, STYLE_ERROR, "not found");
		snprintf(app->find.note, sizeof app->find.note, "not found");
		break;
	case SEARCH_FAILED:
		app_message(app, STYLE_ERROR, "%s",
		    search_error(app->find.running));
		break;
	case SEARCH_COUNTED:	/* a count's end, never a find's */
		break;
	case SEARCH_RUNNING:
		return;
	}
	find_stop(app);
	/* The next queued n goes on from here (it may end at once, and
	 * go on with the rest of the queue itself). */
	if (st == SEARCH_FOUND && app->find.queued > 0) {
		app->find.queued--;
		app_find_repeat(app, backward != app->find.backward);
	} else
		app->find.queued = 0;
}

void
app_find_step(struct app *app)
{
	enum search_status st;
	uint64_t start = app_now_ms();

	if (app->find.running == NULL)
		return;
	do {
		st = search_step(app->find.running, FIND_BUDGET);
		if (st != SEARCH_RUNNING) {
			find_finished(app, st);
			return;
		}
	} while (app_now_ms() - start < FIND_SLICE_MS);
}

void
app_find_status(const struct app *app, char *buf, size_t len)
{
	uint64_t done, total, ms;
	double rate;

	buf[0] = '\0';
	if (app->find.running == NULL)
		return;
	ms = app_now_ms() - app->find.started_ms;
	if (ms < FIND_PROGRESS_MS)
		return;
	done = search_done(app->find.running, &total);
	rate = (double)done / ((double)ms / 1000.0) / 1e6;
	snprintf(buf, len, "searching %u%% %.0f MB/s (Esc cancels)",
	    total > 0 ? (unsigned)(done * 100 / total) : 0, rate);
}

int
app_find_counting(const struct app *app)
{
	const struct app_count *c = &app->find.count;

	/* Running, or stale while wanted: count again. */
	return c->running != NULL || (count_wanted(app) && !count_fresh(app));
}

/* The count is over: keep what it found. */
static void
count_finished(struct app *app)
{
	struct app_count *c = &app->find.count;
	struct search_count sc;

	search_count(c->running, &sc);
	search_free(c->running);
	c->running = NULL;
	c->done = 1;
	c->matches = sc.matches;
	c->capped = sc.capped;
	c->rank = sc.at_known && sc.at_is_match ? sc.before + 1 : 0;
}

int
app_find_count_step(struct app *app)
{
	struct app_count *c = &app->find.count;
	enum search_status st;
	uint64_t start = app_now_ms();

	if (c->pattern != NULL && (c->pattern != app->find.pattern ||
	    !count_fresh(app))) {
		/* Stale: count again what is still wanted, forget the rest. */
		if (count_wanted(app) && app->find.running == NULL)
			count_start(app, c->at);
		else
			count_drop(app);
		return 1;
	}
	if (c->running == NULL)
		return 0;
	do {
		st = search_step(c->running, FIND_BUDGET);
		if (st == SEARCH_COUNTED) {
			count_finished(app);
			return 1;
		}
		if (st == SEARCH_FAILED) {
			app_message(app, STYLE_ERROR, "cannot count the matches: "
			    "%s", search_error(c->running));
			count_drop(app);
			return 1;
		}
	} while (app_now_ms() - start < FIND_SLICE_MS);
	return 1;
}

void
app_find_count_status(const struct app *app, char *buf, size_t len)
{
	const struct app_count *c = &app->find.count;
	struct search_count sc;
	uint64_t done, total;
	char progress[32] = "";

	buf[0] = '\0';
	if (!count_shown(app))
		return;
	if (c->done) {
		if (c->rank > 0)
			snprintf(buf, len, "  match %" PRIu64 " of %" PRIu64 "%s",
			    c->rank, c->capped ? (uint64_t)FIND_COUNT_CAP :
			    c->matches, c->capped ? "+" : "");
		else
			snprintf(buf, len, "  %" PRIu64 "%s matches",
			    c->capped ? (uint64_t)FIND_COUNT_CAP : c->matches,
			    c->capped ? "+" : "");
		return;
	}
	if (c->running == NULL)
		return;
	if (app_now_ms() - c->started_ms >= FIND_PROGRESS_MS) {
		done = search_done(c->running, &total);
		snprintf(progress, sizeof progress, " (counting %u%%)",
		    total > 0 ? (unsigned)(done * 100 / total) : 0);
	}
	search_count(c->running, &sc);
	if (sc.at_known && sc.at_is_match)
		snprintf(buf, len, "  match %" PRIu64 " of \xe2\x80\xa6%s",
		    sc.before + 1, progress);
	else if (progress[0] != '\0')
		snprintf(buf, len, " %s", progress);
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
app_find_marks(struct app *app)
{
	uint64_t context, before, top = app->window_off;
	unsigned char *bytes;
	ssize_t got;
	size_t len = app->window_len;

	if (len == 0 || app->match_marks == NULL)
		return;
	memset(app->match_marks, 0, len);
	if (app->find.pattern == NULL || app->find.unmarked)
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
