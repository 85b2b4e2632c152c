/*
 * app-live.c - show what other processes do to the file, as they do it.
 *
 * Every frame's copy of the visible window goes through the watch (see
 * watch.h), which stamps the bytes that changed since the last frame;
 * they are highlighted and fade.  Every tick also re-measures the file
 * (map_refresh: growth and shrinking are reported by app.c) and
 * checks that the name still names the mapped file: a file deleted and
 * created anew (log rotation, a tool rewriting its output) is reopened.
 * When the name is gone, or names something that is not a regular file
 * (a FIFO, a directory, a device), the old mapping stays on screen and
 * the user is told once; app->name_told records what was said.
 * Follow mode keeps the cursor on the last byte as the file grows.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app-edit.h"
#include "app-live.h"
#include "app-session.h"
#include "app-struct.h"
#include "app-text.h"
#include "spool.h"

/* What app->name_told points to besides map_replaced()'s nouns. */
static const char told_deleted[] = "deleted";
static const char told_edits[] = "unsaved edits";


void
app_live_frame(struct app *app)
{
	uint64_t now = app_now_ms();

	if (app->watch == NULL || app->opt.watch_ms == 0 ||
	    app->change_marks == NULL)
		return;
	if (app->window_len == 0) {
		watch_reset(app->watch);
		app->fading = 0;
		return;
	}
	/* Bytes changed on screen may hold newlines: recount from there. */
	if (watch_frame(app->watch, app->window_off, app->window,
	    app->window_len, now) > 0)
		app_text_changed(app, app->window_off);
	app->fading = watch_marks(app->watch, now, app->change_marks,
	    app->window_len);
}

/* Open the file anew under its name, if that is safe. */
static void
app_live_reopen(struct app *app)
{
	struct journal *journal;
	struct map *fresh;
	char *cause = NULL;

	if (app_edit_unsaved(app) > 0) {
		if (app->name_told != told_edits)
			app_message(app, STYLE_ERROR, "file replaced on disk; "
			    "your unsaved edits are in the old file: W writes "
			    "them to a new file, R re-applies them to the new "
			    "one");
		app->name_told = told_edits;
		return;
	}
	fresh = map_open(map_path(app->map), map_mode(app->map), &cause);
	if (fresh == NULL) {
		/* Half-written or gone again: try on the next tick. */
		free(cause);
		return;
	}
	if ((journal = journal_new()) == NULL) {
		map_close(fresh);	/* no memory: try on the next tick */
		return;
	}
	journal_free(app->journal);	/* nothing unsaved: a new history */
	app->journal = journal;
	app_switch_map(app, fresh);
	app_message(app, STYLE_MESSAGE, "file replaced: reopened (%" PRIu64
	    " bytes)", map_size(fresh));
}

void
app_live_tick(struct app *app)
{
	const char *other;
	int r;

	/* One fstat a tick.  The name is looked up only when the file lost
	 * its last link (deleted, or renamed over: the usual rotation), or
	 * once a second for rarer cases (renamed away, a new file put in
	 * its place), and every tick once something was said about it. */
	map_refresh(app->map);
	app_struct_tick(app);	/* a sample a tick */
	if (!map_unlinked(app->map) && app->name_told == NULL &&
	    ++app->name_ticks * app->opt.watch_ms < 1000)
		goto follow;
	app->name_ticks = 0;
	r = map_replaced(app->map, &other);
	if (r == 1 && other != NULL) {
		/* Not to be opened (a FIFO would block the loop): wait for
		 * a regular file to come back under the name. */
		if (app->name_told != other)
			app_message(app, STYLE_MESSAGE, "file replaced by %s; "
			    "still showing the file as it was", other);
		app->name_told = other;
	} else if (r == 1)
		app_live_reopen(app);
	else if (r == -1 && errno == ENOENT &&
	    app->name_told != told_deleted) {
		app_message(app, STYLE_MESSAGE, "file deleted; still showing "
		    "it as it was");
		app->name_told = told_deleted;
	} else if (r == 0)
		app->name_told = NULL;
follow:
	if (app->follow && app->cur.size > 0)
		hexview_goto(&app->view, app->cur.size - 1);
}

void
app_live_status(const struct app *app, int brief, char *buf, size_t len)
{
	uint64_t last, ago;
	size_t held = map_private_pages(app->map);
	char frozen[48] = "";

	buf[0] = '\0';
	if (app->opt.stream != NULL) {
		/* Standard input: how much came, and whether more may. */
		switch (spool_state(app->opt.stream, NULL)) {
		case 0:
			snprintf(buf, len, " stream: %" PRIu64 " bytes so far%s",
			    spool_bytes(app->opt.stream),
			    app->follow ? ", follow" : "");
			return;
		case 1:
			snprintf(buf, len, " stream ended%s", app->follow ?
			    ", follow" : "");
			return;
		default:
			snprintf(buf, len, " stream failed");
			return;
		}
	}
	if (app->opt.watch_ms == 0) {
		snprintf(buf, len, "%s", app->follow ? " follow" : "");
		return;
	}
	/* -c: pages holding the user's edits no longer follow the file. */
	if (held > 0 && !brief)
		snprintf(frozen, sizeof frozen, ", %zu page%s frozen", held,
		    held == 1 ? "" : "s");
	last = app->watch != NULL ? watch_last_change(app->watch) : 0;
	ago = last > 0 ? (app_now_ms() - last) / 1000 : 0;
	if (last > 0 && !brief)
		snprintf(buf, len, " live: changed %" PRIu64 "s ago%s%s", ago,
		    frozen, app->follow ? ", follow" : "");
	else
		snprintf(buf, len, " live%s%s", frozen,
		    app->follow ? ", follow" : "");
}
