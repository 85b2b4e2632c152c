/*
 * app-marks.c - named marks (see app-marks.h); the store is marks.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app-marks.h"
#include "marks.h"

void
app_marks_load(struct app *app)
{
	struct stat st;
	char *note = NULL;

	if (map_sector_size(app->map) == 0 && app->opt.stream == NULL &&
	    fstat(map_fd(app->map), &st) == 0)
		app->mark_store = marks_load(NULL, map_path(app->map), &st,
		    &note);
	if (note != NULL)
		app_message(app, STYLE_ERROR, "marks: %s", note);
	free(note);
}

void
app_marks_free(struct app *app)
{
	marks_free(app->mark_store);
	app->mark_store = NULL;
}

void
app_marks_begin(struct app *app, int key)
{
	if (app->mark_store == NULL) {
		app_message(app, STYLE_ERROR, "no marks here (standard input "
		    "and devices have no file to keep them for)");
		return;
	}
	app->mark_pending = key;
	app_message(app, STYLE_MESSAGE, key == 'm' ? "mark: a letter names "
	    "it" : "go to mark: a letter, or ' for where the last jump "
	    "started");
}

/* Go to off as a jump ('' comes back). */
static void
app_marks_go(struct app *app, uint64_t off)
{
	uint64_t from = app->cur.off;

	hexview_goto(&app->view, off);
	app->jump_from = from;
	app->have_jump = 1;
}

int
app_marks_key(struct app *app, int key)
{
	int pending = app->mark_pending;
	char *cause = NULL, *what;
	uint64_t off;

	if (pending == 0)
		return 0;
	app->mark_pending = 0;
	app->message[0] = '\0';
	if (pending == '\'' && key == '\'') {
		if (!app->have_jump) {
			app_message(app, STYLE_ERROR, "no jump yet to go back "
			    "from");
			return 1;
		}
		app_marks_go(app, app->jump_from);
		return 1;
	}
	if (!marks_valid(key)) {
		if (key != APP_KEY_ESC)
			app_message(app, STYLE_ERROR, "a mark is a letter, a-z "
			    "or A-Z");
		return 1;
	}
	if (pending == 'm') {
		if (marks_set(app->mark_store, key, app->cur.off) == -1 ||
		    marks_save(app->mark_store, &cause) == -1)
			app_message(app, STYLE_ERROR, "mark %c: %s", key,
			    cause != NULL ? cause : strerror(errno));
		else
			app_message(app, STYLE_MESSAGE, "mark %c at 0x%" PRIx64
			    " (kept for this file)", key, app->cur.off);
		free(cause);
		return 1;
	}
	if (marks_get(app->mark_store, key, &off) == -1) {
		app_message(app, STYLE_ERROR, "no mark %c (m%c sets it)", key,
		    key);
		return 1;
	}
	if (off >= app->cur.size) {
		what = marks_describe(app->mark_store, key, app->cur.size);
		app_message(app, STYLE_ERROR, "%s: the cursor stays",
		    what != NULL ? what : "the mark is past the end");
		free(what);
		return 1;
	}
	app_marks_go(app, off);
	app_message(app, STYLE_MESSAGE, "mark %c: 0x%" PRIx64 " ('' goes "
	    "back)", key, off);
	return 1;
}
