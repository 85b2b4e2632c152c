/*
 * app-select.c - the selection (see app-select.h).
 *
 * Only the anchor is kept: the other end is the one cursor, so nothing
 * has to follow moves, gotos, finds, undo or a shrink; the range is
 * worked out when it is drawn or used, clipped to the file as it is.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app-find.h"
#include "app-select.h"

void
app_select_toggle(struct app *app)
{
	if (app_select_clear(app)) {
		app_message(app, STYLE_MESSAGE, "selection cleared");
		return;
	}
	if (app->cur.size == 0) {
		app_message(app, STYLE_ERROR, "nothing to select: the file is "
		    "empty");
		return;
	}
	app->sel.on = 1;
	app->sel.anchor = app->cur.off;
	app_message(app, STYLE_MESSAGE, "selecting from 0x%" PRIx64 ": move "
	    "to extend, Esc or V clears", app->cur.off);
}

void
app_select_match(struct app *app)
{
	uint64_t len;

	if (!app_find_match_at(app, app->cur.off, &len)) {
		app_message(app, STYLE_ERROR, "the cursor is on no match: / "
		    "finds one, then S selects it");
		return;
	}
	app->sel.on = 1;
	app->sel.anchor = app->cur.off;
	hexview_goto(&app->view, app->cur.off + len - 1);
	app_message(app, STYLE_MESSAGE, "selected the match (%" PRIu64
	    " bytes)", len);
}

int
app_select_clear(struct app *app)
{
	if (!app->sel.on)
		return 0;
	app->sel.on = 0;
	return 1;
}

int
app_select_range(const struct app *app, uint64_t *lo, uint64_t *hi)
{
	uint64_t a = app->sel.anchor, c = app->cur.off;

	if (!app->sel.on || app->cur.size == 0)
		return 0;
	if (a >= app->cur.size)		/* the file shrank under it */
		a = app->cur.size - 1;
	*lo = a < c ? a : c;
	*hi = a < c ? c : a;
	return 1;
}

void
app_select_marks(struct app *app)
{
	uint64_t lo, hi, from, to;

	if (app->select_marks == NULL || app->window_len == 0)
		return;
	memset(app->select_marks, 0, app->window_len);
	if (!app_select_range(app, &lo, &hi))
		return;
	from = lo > app->window_off ? lo : app->window_off;
	to = hi + 1 < app->window_off + app->window_len ? hi + 1 :
	    app->window_off + app->window_len;
	if (from < to)
		memset(app->select_marks + (from - app->window_off), 1,
		    (size_t)(to - from));
}

void
app_select_status(const struct app *app, char *buf, size_t len)
{
	uint64_t lo, hi;

	if (!app_select_range(app, &lo, &hi)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "  sel 0x%" PRIx64 "-0x%" PRIx64 " (%" PRIu64 ")",
	    lo, hi, hi - lo + 1);
}
