/*
 * app-text.c - the text view's front end: a pager over the same mapping.
 *
 * There is one cursor (app->cur), which both views point at: find, goto,
 * undo, follow and either view move it, whichever view is shown, so
 * switching views keeps the byte.  The text view only has to scroll to
 * the cursor when something else moved it: it remembers the offset it
 * last scrolled to (app->text.placed), and before it does anything it
 * scrolls to the cursor if that differs (textview_show), or if its
 * geometry or options changed (app->text.resync).
 *
 * Line numbers come from the line index (lineindex.h), built in slices
 * from the main loop only while something needs it: the gutter, a "go to
 * line" still waiting for its line, or the line number on the status
 * line.  Each slice stops after a few milliseconds, so keys keep working
 * while a multi-GB file is indexed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-text.h"

/* Bytes indexed between clock checks, and the time a slice may take. */
#define TEXT_INDEX_CHUNK	(4u << 20)
#define TEXT_INDEX_SLICE_MS	8
/* How often the screen follows the atlas while it lays out a line. */
#define TEXT_ATLAS_REDRAW_MS	100
/* How far past the index the status line's line number may pull it. */
#define TEXT_INDEX_STATUS_REACH	(256u << 20)

/* Read for the text view and the line index: the guarded map_read. */
static ssize_t
app_text_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct app *app = ctx;

	return map_read(app->map, offset, buf, n);
}

/* Where the next data after a hole is, for the line index. */
static uint64_t
app_text_next_data(void *ctx, uint64_t offset)
{
	struct app *app = ctx;

	return map_next_data(app->map, offset);
}

/* Return the byte source over the mapping as it is now. */
static struct textsrc
app_text_src(struct app *app)
{
	struct textsrc src;

	src.read = app_text_read;
	src.next_data = app_text_next_data;
	src.ctx = app;
	src.size = map_size(app->map);
	return src;
}

/* Scroll the text view to the cursor when something else moved it (the
 * hex view, find, goto, undo, follow) or the view must be placed anew. */
static void
app_text_follow(struct app *app, const struct textsrc *src)
{
	struct app_text *t = &app->text;

	if (t->placed == app->cur.off && !t->resync)
		return;
	if (textview_show(&t->view, src) == -1)
		app_message(app, STYLE_ERROR, "cannot read the file: %s",
		    strerror(errno));
	else
		t->placed = app->cur.off;
	t->resync = 0;
}

int
app_text_init(struct app *app)
{
	textview_init(&app->text.view, &app->cur);
	textview_frame_init(&app->text.frame);
	app->text.view.wrap = !app->opt.nowrap;
	app->text.view.numbers = app->opt.numbers;
	app->text.lines = lineindex_new(0);
	app->text.atlas = textview_atlas_new();
	app->text.view.atlas = app->text.atlas;
	app->text.atlas_more = 1;
	return app->text.lines == NULL || app->text.atlas == NULL ? -1 : 0;
}

void
app_text_free(struct app *app)
{
	textview_frame_free(&app->text.frame);
	free(app->text.shown);
	app->text.shown = NULL;
	lineindex_free(app->text.lines);
	app->text.lines = NULL;
	textview_atlas_free(app->text.atlas);
	app->text.atlas = app->text.view.atlas = NULL;
}

void
app_text_geometry(struct app *app, unsigned rows, unsigned cols)
{
	textview_set_geometry(&app->text.view, rows, cols);
	app->text.resync = 1;	/* top may no longer start a row */
}

void
app_text_toggle(struct app *app)
{
	app->text.on = !app->text.on;
	app->text.resync = 1;
	app->text.drawn = 0;	/* the hex view took the grid */
	if (!app->text.on)
		hexview_goto(&app->view, app->cur.off);
}

void
app_text_option(struct app *app, int which)
{
	struct textview *tv = &app->text.view;

	if (!app->text.on) {
		app_message(app, STYLE_MESSAGE, "%s belongs to the text view "
		    "(v switches)", which == APP_TEXT_WRAP ? "wrapping" :
		    "line numbering");
		return;
	}
	if (which == APP_TEXT_WRAP) {
		tv->wrap = !tv->wrap;
		tv->hscroll = 0;
		app_message(app, STYLE_MESSAGE, "wrap %s", tv->wrap ? "on" :
		    "off");
	} else {
		tv->numbers = !tv->numbers;
		app_message(app, STYLE_MESSAGE, "line numbers %s",
		    tv->numbers ? "on" : "off");
	}
	app->text.resync = 1;
}

void
app_text_move(struct app *app, enum hexview_motion motion)
{
	static const enum textview_motion motions[] = {
		[HEXVIEW_LEFT] = TEXTVIEW_LEFT,
		[HEXVIEW_RIGHT] = TEXTVIEW_RIGHT,
		[HEXVIEW_UP] = TEXTVIEW_UP,
		[HEXVIEW_DOWN] = TEXTVIEW_DOWN,
		[HEXVIEW_PAGE_UP] = TEXTVIEW_PAGE_UP,
		[HEXVIEW_PAGE_DOWN] = TEXTVIEW_PAGE_DOWN,
		[HEXVIEW_ROW_START] = TEXTVIEW_LINE_START,
		[HEXVIEW_ROW_END] = TEXTVIEW_LINE_END,
		[HEXVIEW_FILE_START] = TEXTVIEW_FILE_START,
		[HEXVIEW_FILE_END] = TEXTVIEW_FILE_END,
		[HEXVIEW_SCROLL_UP] = TEXTVIEW_SCROLL_UP,
		[HEXVIEW_SCROLL_DOWN] = TEXTVIEW_SCROLL_DOWN,
	};
	struct textsrc src = app_text_src(app);

	app_text_follow(app, &src);
	if (textview_move(&app->text.view, &src, motions[motion]) == -1) {
		app_message(app, STYLE_ERROR, "cannot read the file: %s",
		    strerror(errno));
		return;
	}
	app->text.placed = app->cur.off;	/* the view is on it */
}

/* Return the line number of offset if the index knows it, else 0. */
static uint64_t
app_text_line_of(struct app *app, const struct textsrc *src, uint64_t off)
{
	uint64_t line;

	if (lineindex_line_of(app->text.lines, src, off, &line) != 0)
		return 0;
	return line;
}

/* Digits of n (at least 1). */
static unsigned
app_text_digits(uint64_t n)
{
	unsigned d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static void app_text_restyle(struct app *app);

/* Are two views the same for the layout (every field it reads but the
 * cursor, which they share: compare the offsets recorded)? */
static int
app_text_same_view(const struct textview *a, const struct textview *b)
{
	return a->top == b->top && a->rows == b->rows && a->cols == b->cols &&
	    a->wrap == b->wrap && a->numbers == b->numbers &&
	    a->number_digits == b->number_digits &&
	    a->hscroll == b->hscroll && a->seg == b->seg;
}

/* Does the grid still hold what a layout of the view would draw now
 * (the bytes in the window aside: app_text_bytes_changed())? */
static int
app_text_unchanged(const struct app *app, uint64_t line)
{
	const struct app_text *t = &app->text;

	return t->drawn && app_text_same_view(&t->view, &t->drawn_view) &&
	    t->drawn_cur.off == app->cur.off &&
	    t->drawn_cur.size == app->cur.size && t->drawn_line == line &&
	    t->drawn_journal == journal_applied(app->journal) &&
	    t->drawn_pattern == (const void *)app->find.pattern &&
	    t->drawn_unmarked == app->find.unmarked &&
	    t->drawn_sel_on == app->sel.on &&
	    t->drawn_sel_anchor == app->sel.anchor &&
	    !t->drawn_fading && !app->fading &&
	    t->drawn_grid_rows == app->grid->rows &&
	    t->drawn_grid_cols == app->grid->cols;
}

/* Note what the grid now shows. */
static void
app_text_note_drawn(struct app *app, uint64_t line)
{
	struct app_text *t = &app->text;

	t->drawn = t->drawn_now = 1;
	t->drawn_view = t->view;
	t->drawn_cur = app->cur;
	t->drawn_line = line;
	t->drawn_journal = journal_applied(app->journal);
	t->drawn_pattern = app->find.pattern;
	t->drawn_unmarked = app->find.unmarked;
	t->drawn_sel_on = app->sel.on;
	t->drawn_sel_anchor = app->sel.anchor;
	t->drawn_fading = app->fading;
	t->drawn_grid_rows = app->grid->rows;
	t->drawn_grid_cols = app->grid->cols;
	t->cursor_row = app->grid->cursor_row;
	t->cursor_col = app->grid->cursor_col;
	t->layouts++;
}

int
app_text_window(struct app *app, uint64_t *first, size_t *len)
{
	struct textview *tv = &app->text.view;
	struct textview_frame *f = &app->text.frame;
	struct textsrc src = app_text_src(app);
	uint64_t line = 0;
	unsigned digits;

	app->text.drawn_now = 0;
	app_text_follow(app, &src);
	if (tv->numbers) {
		line = app_text_line_of(app, &src, tv->top);
		/* Room for the numbers of a screenful below the top. */
		digits = app_text_digits(line + tv->rows);
		if (digits > tv->number_digits) {
			tv->number_digits = digits;
			textview_show(tv, &src);
		}
	}
	if (!app_text_unchanged(app, line)) {
		app->text.drawn = 0;
		grid_clear(app->grid);
		if (textview_render(tv, &src, line, app->grid, f) == -1) {
			app_message(app, STYLE_ERROR, "cannot read the file: "
			    "%s", strerror(errno));
			*first = tv->top;
			*len = 0;
			return -1;
		}
		app_text_note_drawn(app, line);
		app->text.atlas_more = 1;	/* long lines to lay out? */
	}
	*first = f->first;
	*len = f->end - f->first > APP_TEXT_WINDOW_MAX ? APP_TEXT_WINDOW_MAX :
	    (size_t)(f->end - f->first);
	return 0;
}

int
app_text_bytes_changed(struct app *app)
{
	struct app_text *t = &app->text;
	unsigned char *p;

	if (t->shown_off == app->window_off && t->shown_len ==
	    app->window_len && (app->window_len == 0 ||
	    memcmp(t->shown, app->window, app->window_len) == 0))
		return 0;
	if (app->window_len > t->shown_len || t->shown == NULL) {
		if ((p = realloc(t->shown, app->window_len + 1)) == NULL) {
			t->shown_len = 0;	/* compare again next time */
			t->shown_off = UINT64_MAX;
			return 1;
		}
		t->shown = p;
	}
	if (app->window_len > 0)
		memcpy(t->shown, app->window, app->window_len);
	t->shown_off = app->window_off;
	t->shown_len = app->window_len;
	return 1;
}

int
app_text_layout(struct app *app)
{
	struct grid *g = app->grid;
	unsigned r;

	if (!app->text.drawn)
		return -1;
	for (r = app->text.view.rows; r < g->rows; r++)
		grid_fill(g, r, 0, ' ', STYLE_NORMAL);
	g->cursor_row = app->text.cursor_row;
	g->cursor_col = app->text.cursor_col;
	if (app->text.drawn_now)
		app_text_restyle(app);
	return 0;
}

static void
app_text_restyle(struct app *app)
{
	const struct textview_frame *f = &app->text.frame;
	struct grid *g = app->grid;

	if (app->window_len == 0)
		return;
	textview_restyle(f, app->window_off, app->marks, app->window_len,
	    STYLE_EDITED, g);
	if (app->fading)
		textview_restyle(f, app->window_off, app->change_marks,
		    app->window_len, STYLE_CHANGED, g);
	if (app->sel.on)
		textview_restyle(f, app->window_off, app->select_marks,
		    app->window_len, STYLE_SELECT, g);
	if (app->find.pattern != NULL)
		textview_restyle(f, app->window_off, app->match_marks,
		    app->window_len, STYLE_MATCH, g);
}

/* Does anything wait for the line index: a "go to line", the gutter, or
 * the status line's line number?  For the status line only when the
 * cursor is near what is indexed: going to the end of a 64 GB file must
 * not start reading all of it. */
static int
app_text_wants_index(const struct app *app)
{
	uint64_t indexed = lineindex_indexed(app->text.lines);

	if (indexed >= map_size(app->map))
		return 0;
	if (app->text.goto_line != 0)
		return 1;
	if (!app->text.on)
		return 0;
	if (app->text.view.numbers && indexed <= app->text.frame.end)
		return 1;
	return indexed <= app->cur.off &&
	    app->cur.off - indexed <= TEXT_INDEX_STATUS_REACH;
}

int
app_text_busy(const struct app *app)
{
	return app_text_wants_index(app) ||
	    (app->text.on && app->text.atlas_more);
}

/*
 * Lay out the long lines on screen ahead (textview_atlas_step), in
 * slices until the time slice that began at start is spent.  When what
 * the view shows moved, lay it out again with the cursor in view, and
 * return 1 (the screen is to be drawn again), else 0.
 */
static int
app_text_atlas_step(struct app *app, const struct textsrc *src,
    uint64_t start)
{
	int r, moved = 0;

	do {
		r = textview_atlas_step(app->text.atlas, &app->text.view, src,
		    TEXT_INDEX_CHUNK);
		if (r == -1) {
			app_message(app, STYLE_ERROR, "cannot lay out the long "
			    "lines: %s", strerror(errno));
			r = 0;
		}
		if (r & TEXTVIEW_ATLAS_CHANGED)
			app->text.atlas_moved = 1;
	} while ((r & TEXTVIEW_ATLAS_MORE) &&
	    app_now_ms() - start < TEXT_INDEX_SLICE_MS);
	app->text.atlas_more = (r & TEXTVIEW_ATLAS_MORE) != 0;
	/* Lay the screen out again when the atlas is done, and meanwhile
	 * at most every TEXT_ATLAS_REDRAW_MS (each time costs a copy of
	 * the bytes shown, up to APP_TEXT_WINDOW_MAX). */
	if (app->text.atlas_moved && (!app->text.atlas_more ||
	    app_now_ms() - app->text.atlas_drawn_ms >= TEXT_ATLAS_REDRAW_MS)) {
		app->text.atlas_moved = 0;
		app->text.atlas_drawn_ms = app_now_ms();
		app->text.resync = 1;
		app->text.drawn = 0;
		moved = 1;
	}
	return moved;
}

/* Go to the line the goto prompt asked for, if the index has it. */
static void
app_text_goto_pending(struct app *app, const struct textsrc *src)
{
	uint64_t line = app->text.goto_line, offset, lines;
	int r;

	r = lineindex_offset_of(app->text.lines, src, line, &offset);
	if (r == LINEINDEX_PENDING) {
		lines = lineindex_lines_known(app->text.lines);
		app_message(app, STYLE_MESSAGE, "line %" PRIu64 ": indexing, "
		    "%" PRIu64 "%% read, %" PRIu64 " lines so far (Esc "
		    "cancels)", line, src->size > 0 ?
		    lineindex_indexed(app->text.lines) * 100 / src->size : 0,
		    lines);
		return;
	}
	app->text.goto_line = 0;
	if (r == -1) {
		app_message(app, STYLE_ERROR, "line %" PRIu64 ": %s", line,
		    strerror(errno));
		return;
	}
	if (r == LINEINDEX_PAST_END) {
		lines = offset;
		app_message(app, STYLE_ERROR, "line %" PRIu64 " is past the end: "
		    "the file has %" PRIu64 " line%s", line, lines,
		    lines == 1 ? "" : "s");
		if (lines == 0 || lineindex_offset_of(app->text.lines, src,
		    lines, &offset) != 0)
			return;
	} else
		app->message[0] = '\0';
	hexview_goto(&app->view, offset);
	app->text.resync = 1;
}

int
app_text_step(struct app *app)
{
	struct textsrc src = app_text_src(app);
	uint64_t start = app_now_ms(), from;
	int r = 0, shown = 0;

	while (app_text_wants_index(app) && r == 0 &&
	    app_now_ms() - start < TEXT_INDEX_SLICE_MS) {
		shown = 1;	/* the progress, the gutter */
		from = lineindex_indexed(app->text.lines);
		r = lineindex_build(app->text.lines, &src, TEXT_INDEX_CHUNK);
		/* Counted pages need not stay in the process: indexing a
		 * 64 GB file must not leave 64 GB mapped in (the page cache
		 * keeps them as long as memory allows). */
		map_release(app->map, from, lineindex_indexed(app->text.lines) -
		    from);
		if (r == -1) {
			app_message(app, STYLE_ERROR, "cannot index the lines: "
			    "%s", strerror(errno));
			app->text.goto_line = 0;
			return 1;
		}
	}
	if (app->text.goto_line != 0) {
		app_text_goto_pending(app, &src);
		shown = 1;
	}
	if (app->text.on && app->text.atlas_more &&
	    app_text_atlas_step(app, &src, start))
		shown = 1;
	return shown;
}

void
app_text_goto_line(struct app *app, uint64_t line)
{
	struct textsrc src = app_text_src(app);

	app->text.goto_line = line;
	app_text_goto_pending(app, &src);
}

int
app_text_cancel(struct app *app)
{
	if (app->text.goto_line == 0)
		return 0;
	app->text.goto_line = 0;
	app_message(app, STYLE_MESSAGE, "goto cancelled");
	return 1;
}

void
app_text_changed(struct app *app, uint64_t offset)
{
	app->text.drawn = 0;	/* lay out again, even with the same bytes */
	app->changes++;		/* a count of matches is stale */
	lineindex_invalidate(app->text.lines, offset);
	textview_atlas_forget(app->text.atlas, offset);
	app->text.atlas_more = 1;
}

void
app_text_size_changed(struct app *app, uint64_t old_size)
{
	/* After a shrink, place the view anew (from the top) so the screen
	 * ends at the new end instead of showing one line. */
	if (app->cur.size < old_size) {
		app->text.view.top = 0;
		app->text.resync = 1;
	}
	textview_size_changed(&app->text.view);
}

void
app_text_reset(struct app *app)
{
	lineindex_reset(app->text.lines);
	textview_atlas_forget(app->text.atlas, 0);
	app->text.atlas_more = 1;
	app->text.goto_line = 0;
	app->text.resync = 1;
}

void
app_text_status(struct app *app, char *buf, size_t len)
{
	struct textsrc src;
	uint64_t line;

	buf[0] = '\0';
	if (!app->text.on)
		return;
	src = app_text_src(app);
	line = app_text_line_of(app, &src, app->cur.off);
	if (line > 0)
		snprintf(buf, len, "  line %" PRIu64, line);
	else
		snprintf(buf, len, "  text");
}
