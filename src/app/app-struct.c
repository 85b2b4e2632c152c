/*
 * app-struct.c - the live struct watch (see app-struct.h); the layout
 * parser, the values' text and the torn-read check are the core's
 * (layout.h, sample.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-prompt.h"
#include "app-session.h"
#include "app-struct.h"
#include "layout.h"
#include "sample.h"

/* Tries of a pair of reads before a sample counts as torn. */
#define STRUCT_TRIES	3

/* One field's history. */
struct app_field {
	double v[APP_STRUCT_HISTORY];	/* samples, a ring */
	uint64_t t[APP_STRUCT_HISTORY];	/* their times (ms) */
	size_t n;			/* samples kept */
	size_t next;			/* slot of the next sample */
	double min, max;		/* over every sample */
	int numeric;			/* layout_number() gives a number */
	char *text;			/* the last clean value */
	char *before;			/* the one before it */
};

static ssize_t
app_struct_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	return map_read(((struct app *)ctx)->map, offset, buf, n);
}

void
app_struct_free(struct app *app)
{
	struct app_struct *w = &app->strct;
	size_t i;

	if (w->fields != NULL) {
		for (i = 0; i < w->layout->nfields; i++) {
			free(w->fields[i].text);
			free(w->fields[i].before);
		}
	}
	free(w->fields);
	free(w->rec);
	free(w->scratch);
	layout_free(w->layout);
	memset(w, 0, sizeof *w);
}

/* Start watching spec at the cursor; returns 0, or -1 after saying why. */
static int
app_struct_start(struct app *app, const char *spec)
{
	struct app_struct *w = &app->strct;
	struct layout *l;
	char *cause = NULL;
	size_t i, max;

	if ((l = layout_parse(spec, &cause)) == NULL) {
		app_message(app, STYLE_ERROR, "bad layout: %s", cause != NULL ?
		    cause : strerror(errno));
		free(cause);
		return -1;
	}
	app_struct_free(app);
	w->layout = l;
	w->at = app->cur.off;
	snprintf(w->spec, sizeof w->spec, "%s", spec);
	max = layout_text_max(l);
	w->rec = malloc(l->size > 0 ? l->size : 1);
	w->scratch = malloc(l->size > 0 ? l->size : 1);
	w->fields = calloc(l->nfields > 0 ? l->nfields : 1, sizeof *w->fields);
	if (w->rec == NULL || w->scratch == NULL || w->fields == NULL)
		goto nomem;
	for (i = 0; i < l->nfields; i++) {
		w->fields[i].text = calloc(1, max);
		w->fields[i].before = calloc(1, max);
		if (w->fields[i].text == NULL || w->fields[i].before == NULL)
			goto nomem;
	}
	app->insp.on = 0;	/* the side holds one panel */
	app_geometry(app);
	app_struct_tick(app);
	return 0;
nomem:
	app_struct_free(app);
	app_message(app, STYLE_ERROR, "struct watch: %s", strerror(ENOMEM));
	return -1;
}

static void
app_struct_enter(struct app *app, const char *text)
{
	if (text[0] == '\0') {
		if (app->strct.layout != NULL) {
			app_struct_free(app);
			app_geometry(app);
			app_message(app, STYLE_MESSAGE, "struct watch closed");
		}
		return;
	}
	if (app_struct_start(app, text) == 0)
		app_message(app, STYLE_MESSAGE, "watching %zu bytes at 0x%"
		    PRIx64 " every tick (L, then Enter on an empty line, "
		    "closes it)", app->strct.layout->size, app->strct.at);
}

static const struct app_prompt_ops struct_ops = {
	.text = "struct at the cursor (<Qd counter ts): ",
	.enter = app_struct_enter,
};

void
app_struct_open(struct app *app)
{
	app_prompt_open(app, &struct_ops, app->strct.spec[0] != '\0' ?
	    app->strct.spec : NULL, NULL);
}

void
app_struct_tick(struct app *app)
{
	struct app_struct *w = &app->strct;
	struct textsrc src = { app_struct_read, app, map_size(app->map),
	    NULL };
	struct app_field *f;
	uint64_t now = app_now_ms();
	size_t i, max;
	double v;
	int r;

	if (w->layout == NULL)
		return;
	r = sample_read(&src, w->at, w->layout->size, w->rec, w->scratch,
	    STRUCT_TRIES, &w->count);
	w->last = r;
	if (r != SAMPLE_CLEAN)
		return;		/* never shown as values */
	max = layout_text_max(w->layout);
	for (i = 0; i < w->layout->nfields; i++) {
		f = &w->fields[i];
		memcpy(f->before, f->text, max);
		layout_format(w->layout, i, w->rec, f->text, max);
		f->numeric = layout_number(w->layout, i, w->rec, &v) == 0 &&
		    isfinite(v);
		if (!f->numeric)
			continue;
		if (f->n == 0 || v < f->min)
			f->min = v;
		if (f->n == 0 || v > f->max)
			f->max = v;
		f->v[f->next] = v;
		f->t[f->next] = now;
		f->next = (f->next + 1) % APP_STRUCT_HISTORY;
		if (f->n < APP_STRUCT_HISTORY)
			f->n++;
	}
}

/* The k-th sample back of f (0: the last). */
static size_t
app_struct_slot(const struct app_field *f, size_t k)
{
	return (f->next + APP_STRUCT_HISTORY - 1 - k) % APP_STRUCT_HISTORY;
}

/* Write f's change since the last sample and its rate per second over
 * the samples kept. */
static void
app_struct_rate(const struct app_field *f, char *buf, size_t len)
{
	size_t a, z;
	double dt;

	if (!f->numeric || f->n < 2) {
		snprintf(buf, len, " ");
		return;
	}
	z = app_struct_slot(f, 0);
	a = app_struct_slot(f, f->n - 1);
	dt = (double)(f->t[z] - f->t[a]) / 1000.0;
	snprintf(buf, len, "%+.6g %.4g/s", f->v[z] -
	    f->v[app_struct_slot(f, 1)], dt > 0 ? (f->v[z] - f->v[a]) / dt : 0);
}

/* Draw a sparkline of f's last width samples at row, col. */
static void
app_struct_spark(struct grid *g, unsigned row, unsigned col, unsigned width,
    const struct app_field *f)
{
	size_t k, n = f->n < width ? f->n : width;
	double lo = INFINITY, hi = -INFINITY, v;
	unsigned level;

	for (k = 0; k < n; k++) {
		v = f->v[app_struct_slot(f, k)];
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
	}
	for (k = 0; k < n; k++) {
		v = f->v[app_struct_slot(f, n - 1 - k)];
		level = hi > lo ? (unsigned)((v - lo) / (hi - lo) * 7.0 + 0.5) :
		    0;
		grid_put(g, row, col + (unsigned)k, 0x2581 + (level > 7 ? 7 :
		    level), STYLE_MATCH);
	}
}

void
app_struct_layout(struct app *app, unsigned rows)
{
	struct app_struct *w = &app->strct;
	struct grid *g = app->grid;
	unsigned width = app_side_width(app, g->cols), x0, r, row;
	char line[256], rate[64];
	struct app_field *f;
	size_t i;

	if (w->layout == NULL || width < 8 || rows < 2)
		return;
	x0 = g->cols - width;
	for (r = 0; r < rows; r++) {
		grid_fill(g, r, x0, ' ', STYLE_NORMAL);
		grid_put(g, r, x0, 0x2502, STYLE_OFFSET);	/* │ */
	}
	snprintf(line, sizeof line, "%zu B at 0x%" PRIx64 ": %" PRIu64
	    " samples, %" PRIu64 " torn%s", w->layout->size, w->at,
	    w->count.clean, w->count.torn, w->last == SAMPLE_TORN ?
	    " (torn now)" : w->last == SAMPLE_SHORT ? " (past the end)" : "");
	grid_puts(g, 0, x0 + 2, line, w->last == SAMPLE_CLEAN ? STYLE_TITLE :
	    STYLE_ERROR);
	/* Two rows a field: name and value; change, rate, range, line. */
	for (i = 0, row = 1; i < w->layout->nfields && row + 1 < rows; i++) {
		f = &w->fields[i];
		snprintf(line, sizeof line, "%-10s %s", w->layout->fields[i].name,
		    w->count.clean > 0 ? f->text : "?");
		grid_puts(g, row, x0 + 2, line, strcmp(f->text, f->before) != 0 ?
		    STYLE_CHANGED : STYLE_NORMAL);
		app_struct_rate(f, rate, sizeof rate);
		if (f->numeric)
			snprintf(line, sizeof line, "  %s  %.6g..%.6g", rate,
			    f->min, f->max);
		else
			line[0] = '\0';
		grid_puts(g, row + 1, x0 + 2, line, STYLE_OFFSET);
		if (f->numeric && width > 24)
			app_struct_spark(g, row + 1, g->cols - 17, 16, f);
		row += 2;
	}
}
