/*
 * app-inspect.c - the data inspector panel (see app-inspect.h); the
 * decoding and encoding are the core's (inspect.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-edit.h"
#include "app-inspect.h"
#include "app-prompt.h"
#include "app-select.h"
#include "app-session.h"
#include "app-struct.h"

/* How long a changed value stays highlighted. */
#define INSPECT_FADE_MS		1000
/* Columns of a row's name. */
#define INSPECT_NAME_W		9u

void
app_inspect_toggle(struct app *app)
{
	app->insp.on = !app->insp.on;
	app->insp.focus = 0;
	if (app->insp.on && app->strct.layout != NULL)
		app_struct_free(app);	/* the side holds one panel */
	app->insp.valid = 0;
	app_geometry(app);
	if (app->insp.on && app_side_width(app, app->grid->cols) == 0) {
		app->insp.on = 0;
		app_geometry(app);
		app_message(app, STYLE_ERROR, "the inspector needs a screen "
		    "at least %u columns wide", APP_SIDE_MIN);
		return;
	}
	app_message(app, STYLE_MESSAGE, app->insp.on ? "inspector: o "
	    "switches the byte order, Tab picks a row to edit" :
	    "inspector closed");
}

void
app_inspect_order(struct app *app)
{
	if (!app->insp.on) {
		app_message(app, STYLE_MESSAGE, "o switches the inspector's "
		    "byte order: i shows the inspector");
		return;
	}
	app->insp.order = app->insp.order == INSPECT_LITTLE ? INSPECT_BIG :
	    INSPECT_LITTLE;
	app->insp.valid = 0;	/* new values, not changes */
}

int
app_inspect_focus(struct app *app)
{
	if (!app->insp.on)
		return 0;
	app->insp.focus = 1;
	app_message(app, STYLE_MESSAGE, "inspector: Up/Down pick a row, "
	    "Enter sets its value, Tab or Esc goes back");
	return 1;
}

/* Where the panel decodes from, and how many bytes: the selection's
 * first bytes (at most its length), else the cursor's. */
static size_t
app_inspect_bytes(struct app *app, uint64_t *at, unsigned char *buf)
{
	uint64_t lo, hi, n = INSPECT_WINDOW;
	ssize_t got;

	*at = app->cur.off;
	if (app_select_range(app, &lo, &hi)) {
		*at = lo;
		if (hi - lo + 1 < n)
			n = hi - lo + 1;
	}
	if (app->cur.size == 0)
		return 0;
	got = map_read(app->map, *at, buf, (size_t)n);
	return got > 0 ? (size_t)got : 0;
}

/* Decode this frame's rows; note the rows whose value changed while
 * the place, length and order stayed. */
static void
app_inspect_decode(struct app *app)
{
	struct app_inspect *in = &app->insp;
	struct inspect_row rows[INSPECT_KINDS];
	unsigned char buf[INSPECT_WINDOW];
	uint64_t at, now = app_now_ms();
	size_t n = app_inspect_bytes(app, &at, buf), k;

	inspect_table(buf, n, in->order, 0, rows);
	for (k = 0; k < INSPECT_KINDS; k++) {
		if (in->valid && in->at == at && in->n == n &&
		    strcmp(in->rows[k].text, rows[k].text) != 0)
			in->changed_ms[k] = now;
		else if (!in->valid || in->at != at)
			in->changed_ms[k] = 0;
	}
	memcpy(in->rows, rows, sizeof rows);
	in->at = at;
	in->n = n;
	in->valid = 1;
}

/* The style of row k. */
static uint8_t
app_inspect_style(const struct app *app, size_t k)
{
	const struct app_inspect *in = &app->insp;
	const struct inspect_row *r = &in->rows[k];

	if (in->focus && k == in->pick)
		return STYLE_SELECT;
	if (in->changed_ms[k] != 0 &&
	    app_now_ms() - in->changed_ms[k] < INSPECT_FADE_MS)
		return STYLE_CHANGED;
	if (r->status != INSPECT_OK || !r->plausible)
		return STYLE_ZERO;	/* dimmed: no such value here */
	return STYLE_NORMAL;
}

void
app_inspect_layout(struct app *app, unsigned rows)
{
	struct app_inspect *in = &app->insp;
	struct grid *g = app->grid;
	unsigned w = app_side_width(app, g->cols), x0, shown, r;
	char line[INSPECT_TEXT_MAX + 32];
	size_t k;
	int len;

	if (w == 0 || rows < 2)
		return;
	app_inspect_decode(app);
	x0 = g->cols - w;
	shown = rows - 1;
	/* Keep the picked row in view. */
	if (in->pick < in->top)
		in->top = in->pick;
	else if (in->pick >= in->top + shown)
		in->top = in->pick - shown + 1;
	if (in->top + shown > INSPECT_KINDS)
		in->top = INSPECT_KINDS > shown ? INSPECT_KINDS - shown : 0;
	for (r = 0; r < rows; r++) {
		grid_fill(g, r, x0, ' ', STYLE_NORMAL);
		grid_put(g, r, x0, 0x2502, STYLE_OFFSET);	/* │ */
	}
	len = snprintf(line, sizeof line, "%s-endian at 0x%" PRIx64 "%s",
	    in->order == INSPECT_LITTLE ? "little" : "big", in->at,
	    in->n < INSPECT_WINDOW ? " (short)" : "");
	if (len > 0)
		grid_puts(g, 0, x0 + 2, line, STYLE_TITLE);
	for (r = 1; r < rows && in->top + r - 1 < INSPECT_KINDS; r++) {
		k = in->top + r - 1;
		snprintf(line, sizeof line, "%-*s %s", (int)INSPECT_NAME_W,
		    in->rows[k].name, in->rows[k].text);
		grid_puts(g, r, x0 + 2, line,
		    app_inspect_style(app, k));
	}
}

/* ---- editing a value ------------------------------------------------ */

static void
app_inspect_edit_label(struct app *app, char *buf, size_t len)
{
	const struct app_inspect *in = &app->insp;

	snprintf(buf, len, "set %s (%s-endian) at 0x%" PRIx64 ": ",
	    inspect_name((enum inspect_kind)in->pick),
	    in->order == INSPECT_LITTLE ? "little" : "big", in->at);
}

static void
app_inspect_edit_enter(struct app *app, const char *text)
{
	struct app_inspect *in = &app->insp;
	unsigned char bytes[INSPECT_BYTES_MAX];
	char *cause = NULL;
	size_t len = 0;

	if (inspect_encode((enum inspect_kind)in->pick, in->order, text,
	    bytes, &len, &cause) == -1) {
		app_message(app, STYLE_ERROR, "%s: nothing written",
		    cause != NULL ? cause : strerror(errno));
		free(cause);
		return;
	}
	if (app_edit_bytes(app, in->at, bytes, len) == 0)
		app_message(app, STYLE_MESSAGE, "wrote %s %s at 0x%" PRIx64
		    " (%zu byte%s; u undoes it)",
		    inspect_name((enum inspect_kind)in->pick), text, in->at,
		    len, len == 1 ? "" : "s");
}

static const struct app_prompt_ops inspect_edit_ops = {
	.label = app_inspect_edit_label,
	.enter = app_inspect_edit_enter,
};

int
app_inspect_key(struct app *app, int key)
{
	struct app_inspect *in = &app->insp;

	if (!in->on || !in->focus)
		return 0;
	switch (key) {
	case APP_KEY_UP:
	case 'k':
		if (in->pick > 0)
			in->pick--;
		return 1;
	case APP_KEY_DOWN:
	case 'j':
		if (in->pick + 1 < INSPECT_KINDS)
			in->pick++;
		return 1;
	case APP_KEY_ENTER:
	case '\r':
	case '\n':
		app_prompt_open(app, &inspect_edit_ops, NULL, NULL);
		return 1;
	case '\t':
	case APP_KEY_ESC:
		in->focus = 0;
		app->view.pane = HEXVIEW_PANE_HEX;
		app->message[0] = '\0';
		return 1;
	default:
		return 0;	/* the rest work as in the views */
	}
}
