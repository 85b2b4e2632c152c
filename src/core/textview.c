/*
 * textview.c - the text view: a file laid out as lines of characters.
 *
 * Each call reads through a small direct-mapped cache of 4 KiB chunks
 * that lives for the call.  Everything is found from a layout line's start
 * (see textview.h), decoding forwards unit by unit.  A unit never crosses
 * the end of its layout line, so decoding from any unit start gives the
 * same units as decoding from the line's start; with wrap on, rows are cut
 * greedily with tab stops counted from the row's start, so the rows after
 * a row start depend on nothing before it either.  The start of the line
 * holding an offset costs up to 2 * seg bytes to find, so a call
 * remembers the lines it has found.
 *
 * Calls that change the view work on a copy and store it only when every
 * read succeeded.  A long line the atlas holds is looked up here (its
 * regions stand for layout lines); the atlas is built in
 * textview-atlas.c, with the layout machinery textview-int.h shares.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textview.h"
#include "utf8.h"

#include "textview-int.h"

/* ---- reading ------------------------------------------------------- */

/* Return the bytes from off to the end of its chunk (*avail of them), or
 * NULL past the readable end. */
static const unsigned char *
reader_at(struct layout *lo, uint64_t off, size_t *avail)
{
	uint64_t base = off - off % READ_CHUNK;
	unsigned i = (unsigned)(off / READ_CHUNK % READ_SLOTS);
	size_t want;
	ssize_t got;

	if (off >= lo->size)
		return NULL;
	if (lo->base[i] != base) {
		want = lo->size - base < READ_CHUNK ?
		    (size_t)(lo->size - base) : READ_CHUNK;
		lo->base[i] = NONE;
		got = lo->src->read(lo->src->ctx, base, lo->buf[i], want);
		if (got < 0) {
			lo->error = errno != 0 ? errno : EIO;
			lo->size = base;
			return NULL;
		}
		if ((size_t)got < want)		/* the file shrank */
			lo->size = base + (size_t)got;
		lo->base[i] = base;
		lo->len[i] = (size_t)got < want ? (size_t)got : want;
		if (off >= lo->size)
			return NULL;
	}
	*avail = lo->len[i] - (size_t)(off - base);
	return lo->buf[i] + (off - base);
}

/* Return the byte at off, or -1 past the readable end. */
int
tv_reader_byte(struct layout *lo, uint64_t off)
{
	const unsigned char *p;
	size_t avail;

	p = reader_at(lo, off, &avail);
	return p != NULL ? *p : -1;
}

/* Return the offset of the first '\n' in [from, to), or NONE. */
uint64_t
tv_reader_find_nl(struct layout *lo, uint64_t from, uint64_t to)
{
	const unsigned char *p, *nl;
	size_t avail;

	for (; from < to; from += avail) {
		if ((p = reader_at(lo, from, &avail)) == NULL)
			break;
		if (avail > to - from)
			avail = (size_t)(to - from);
		if ((nl = memchr(p, '\n', avail)) != NULL)
			return from + (uint64_t)(nl - p);
	}
	return NONE;
}

/* Return the offset of the last '\n' in [from, to), or NONE. */
uint64_t
tv_reader_rfind_nl(struct layout *lo, uint64_t from, uint64_t to)
{
	const unsigned char *p, *nl;
	uint64_t start;
	size_t avail;

	if (to > lo->size)
		to = lo->size;
	for (; to > from; to = start) {
		start = (to - 1) - (to - 1) % READ_CHUNK;
		if (start < from)
			start = from;
		if ((p = reader_at(lo, start, &avail)) == NULL)
			break;
		if (avail > to - start)
			avail = (size_t)(to - start);
		if ((nl = memrchr(p, '\n', avail)) != NULL)
			return start + (uint64_t)(nl - p);
	}
	return NONE;
}

/* ---- characters ---------------------------------------------------- */

/* Decode the UTF-8 character at off, not reaching lim (utf8_decode()):
 * return its length and store the code point, or return 0 if no
 * well-formed one starts there. */
static unsigned
decode_at(struct layout *lo, uint64_t off, uint64_t lim, uint32_t *cp)
{
	unsigned char bytes[UTF8_MAX];
	const unsigned char *p;
	size_t avail, n, i;
	int c;

	if (off >= lim || (p = reader_at(lo, off, &avail)) == NULL)
		return 0;
	n = lim - off < UTF8_MAX ? (size_t)(lim - off) : UTF8_MAX;
	if (avail < n) {	/* it spans two chunks: gather it */
		for (i = 0; i < n &&
		    (c = tv_reader_byte(lo, off + i)) >= 0; i++)
			bytes[i] = (unsigned char)c;
		n = i;
		p = bytes;
	}
	return (unsigned)utf8_decode(p, n, cp);
}

/* ---- layout lines -------------------------------------------------- */

/* Return where a forced break at boundary b goes: past the continuation
 * bytes (at most 3) there, so that no character is split. */
static uint64_t
seg_break(struct layout *lo, uint64_t b)
{
	unsigned k;
	int c;

	for (k = 0; k < 3; k++) {
		c = tv_reader_byte(lo, b + k);
		if (c < 0 || (c & 0xc0) != 0x80)
			break;
	}
	return b + k;
}

/* Find the start of the layout line holding x as the forced breaks cut
 * it (the atlas aside). */
static uint64_t
seg_line_find(struct layout *lo, uint64_t x)
{
	uint64_t b = x - x % lo->seg, nl, brk = b > 0 ? seg_break(lo, b) : 0;

	if (x < brk) {	/* x is in the bytes a break was moved past */
		b -= lo->seg;
		brk = b > 0 ? seg_break(lo, b) : 0;
	}
	if ((nl = tv_reader_rfind_nl(lo, b, x)) != NONE)
		return nl + 1;
	if (b == 0)
		return 0;
	/* Read last, so that a walk further back finds it in the cache. */
	if ((nl = tv_reader_rfind_nl(lo, b - lo->seg, b)) != NONE)
		return nl + 1;
	return brk;
}

/* Return where the layout line starting at l ends when no '\n' comes
 * first, as the forced breaks cut it (the atlas aside). */
static uint64_t
seg_brk(struct layout *lo, uint64_t l)
{
	uint64_t b = l - l % lo->seg + lo->seg, brk;

	/* The line is force-broken at b, or at the next boundary when a
	 * '\n' just before l is in b's segment. */
	if (l % lo->seg != 0 && tv_reader_byte(lo, l - 1) == '\n')
		b += lo->seg;
	brk = b < lo->size ? seg_break(lo, b) : lo->size;
	return brk > lo->size ? lo->size : brk;
}

/* ---- the atlas: long lines laid out ahead ------------------------- */

/* Return the anchor index of x in al: the last anchor at or before x. */
static size_t
aline_anchor(const struct aline *al, uint64_t x)
{
	size_t lo = 0, hi = al->n;	/* off[lo] <= x < off[hi] */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (al->off[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * If the atlas holds the line of x, store x's region in rg and return 1:
 * the layout line [start, brk) that holds x, from an anchor to the next
 * (rg->cont: the real line goes on there), to the line's end, or, past
 * the last anchor of a line not yet laid out to its end, to the forced
 * break the segments would put there.  Return 0 otherwise.
 */
static int
atlas_region(struct layout *lo, uint64_t x, struct region *rg)
{
	const struct textview_atlas *a = lo->atlas;
	const struct aline *al;
	uint64_t last, s;
	size_t i, k;

	if (a == NULL)
		return 0;
	for (i = 0; i < ATLAS_LINES; i++) {
		al = &a->lines[i];
		if (al->line == NONE || x < al->line)
			continue;
		last = al->off[al->n - 1];
		if (al->end != NONE ? x >= al->end : x >= last) {
			if (al->end != NONE)
				continue;
			/* Past the last anchor: still the line's when no
			 * '\n' comes between, up to the segments' break. */
			s = seg_line_find(lo, x);
			if (s < al->line || s > last)
				continue;
			rg->al = al;
			rg->start = last;
			rg->brk = seg_brk(lo, s);
			rg->cont = 0;
			return 1;
		}
		k = aline_anchor(al, x);
		rg->al = al;
		rg->start = al->off[k];
		rg->cont = k + 1 < al->n;
		rg->brk = rg->cont ? al->off[k + 1] : al->end;
		if (rg->brk > lo->size)
			rg->brk = lo->size;
		return 1;
	}
	return 0;
}

/* Find the start of the layout line holding x. */
static uint64_t
line_find(struct layout *lo, uint64_t x)
{
	struct region rg;

	if (atlas_region(lo, x, &rg))
		return rg.start;
	return seg_line_find(lo, x);
}

/* Remember that the layout line starting at start holds [start, last]. */
static void
memo_add(struct layout *lo, uint64_t start, uint64_t last)
{
	unsigned i, n = lo->nmemo < MEMO ? lo->nmemo : MEMO;

	for (i = 0; i < n; i++) {
		if (lo->memo[i].start == start) {
			if (last > lo->memo[i].last)
				lo->memo[i].last = last;
			return;
		}
	}
	i = lo->nmemo++ % MEMO;
	lo->memo[i].start = start;
	lo->memo[i].last = last;
}

/* Return the start of the layout line holding offset x. */
uint64_t
tv_line_start(struct layout *lo, uint64_t x)
{
	unsigned i, n = lo->nmemo < MEMO ? lo->nmemo : MEMO;
	uint64_t l;

	for (i = 0; i < n; i++)
		if (lo->memo[i].start <= x && x <= lo->memo[i].last)
			return lo->memo[i].start;
	l = line_find(lo, x);
	memo_add(lo, l, x);
	return l;
}

/* Start w at pos, a unit start in the layout line starting at l (the
 * atlas's region of pos when it holds pos's line). */
void
tv_walker_start(struct layout *lo, struct walker *w, uint64_t l, uint64_t pos)
{
	struct region rg;

	w->pos = pos;
	if (atlas_region(lo, pos, &rg)) {
		w->al = rg.al;
		w->line = rg.start;
		w->brk = rg.brk;
		w->real = rg.start == rg.al->line;
		w->cont = rg.cont;
		return;
	}
	w->al = NULL;
	w->cont = 0;
	w->line = l;
	w->real = l == 0 || tv_reader_byte(lo, l - 1) == '\n';
	w->brk = seg_brk(lo, l);
}

/* Start w at pos, a unit start, finding its line. */
void
tv_walker_find(struct layout *lo, struct walker *w, uint64_t pos)
{
	tv_walker_start(lo, w, tv_line_start(lo, pos), pos);
}

/* Take every combining mark after the character of u into u: the first
 * CELL_MARKS are drawn over it, the rest are dropped and the unit is
 * shown in STYLE_CONTROL, so the cut shows and no mark ever takes a cell
 * of its own (the columns after it stay where they were). */
static void
walker_marks(struct layout *lo, const struct walker *w, struct unit *u)
{
	uint32_t cp;
	unsigned n;

	int next;

	/* No mark starts with an ASCII byte: the common case, cheaply. */
	while (u->len < UNIT_MAX && (next = tv_reader_byte(lo, u->off +
	    u->len)) >= 0x80 &&
	    (n = decode_at(lo, u->off + u->len, w->brk, &cp)) != 0 &&
	    utf8_class(cp) == UTF8_MARK) {
		if (u->nmarks < CELL_MARKS)
			u->marks[u->nmarks++] = cp;
		else
			u->style = STYLE_CONTROL;
		u->len += n;
	}
}

/* Decode the unit at w->pos.  Returns 0, or -1 past the readable end. */
int
tv_walker_unit(struct layout *lo, const struct walker *w, struct unit *u)
{
	uint64_t pos = w->pos;
	uint32_t cp;
	unsigned n;
	int c;

	if ((c = tv_reader_byte(lo, pos)) < 0)
		return -1;
	memset(u, 0, sizeof *u);
	u->off = pos;
	u->len = u->width = 1;
	u->ch = (uint32_t)c;
	if (c == '\n' || (c == '\r' && pos + 1 < w->brk &&
	    tv_reader_byte(lo, pos + 1) == '\n')) {
		u->kind = UNIT_EOL;
		u->len = c == '\r' ? 2 : 1;
	} else if (c == '\t')
		u->kind = UNIT_TAB;
	else if (c < 0x20 || c == 0x7f) {
		u->kind = UNIT_ESCAPE;
		u->style = STYLE_CONTROL;
		snprintf(u->esc, sizeof u->esc, "^%c", c ^ 0x40);
	} else if (c < 0x7f)		/* printable ASCII */
		walker_marks(lo, w, u);
	else if ((n = decode_at(lo, pos, w->brk, &cp)) == 0) {
		u->kind = UNIT_ESCAPE;
		u->style = STYLE_HIGH;
		snprintf(u->esc, sizeof u->esc, "<%02X>", (unsigned)c);
	} else {
		u->len = n;
		u->ch = cp;
		switch (utf8_class(cp)) {
		case UTF8_NARROW:
			break;
		case UTF8_WIDE:
			u->width = 2;
			break;
		case UTF8_MARK:		/* no base: on a blank */
			u->ch = ' ';
			u->marks[u->nmarks++] = cp;
			break;
		case UTF8_CONTROL:
		case UTF8_FORMAT:
			u->kind = UNIT_ESCAPE;
			u->style = STYLE_CONTROL;
			break;
		case UTF8_UNPRINTABLE:
			u->kind = UNIT_ESCAPE;
			u->style = STYLE_HIGH;
			break;
		}
		if (u->kind == UNIT_ESCAPE)
			snprintf(u->esc, sizeof u->esc, "<U+%04X>",
			    (unsigned)cp);
		else
			walker_marks(lo, w, u);
	}
	if (u->kind == UNIT_ESCAPE)
		u->width = (unsigned)strlen(u->esc);
	return 0;
}

/* Step w over u, or to the next line's start when u is NULL (skipping
 * the rest of the line undecoded, straight to its end when the atlas
 * knows it); return whether a line ended.  An anchor the real line goes
 * on past is no end. */
int
tv_walker_advance(struct layout *lo, struct walker *w, const struct unit *u)
{
	const struct aline *al = w->al;
	uint64_t nl = NONE;

	if (u != NULL)
		w->pos += u->len;
	else if (al != NULL && al->end != NONE && w->cont)
		w->pos = al->end;
	else {
		if (al != NULL && w->cont) {	/* to the last region */
			w->pos = al->off[al->n - 1];
			tv_walker_start(lo, w, w->pos, w->pos);
		}
		if ((nl = tv_reader_find_nl(lo, w->pos, w->brk)) != NONE)
			w->pos = nl + 1;
		else
			w->pos = w->brk;
	}
	if (u != NULL && u->kind != UNIT_EOL) {
		if (w->pos < w->brk)
			return 0;
		if (w->cont && w->pos == w->brk && w->pos < lo->size) {
			tv_walker_start(lo, w, w->pos, w->pos);
			return 0;
		}
	}
	if (w->pos < lo->size)
		tv_walker_start(lo, w, w->pos, w->pos);
	else {
		w->line = w->brk = w->pos;
		w->al = NULL;
		w->cont = 0;
	}
	return 1;
}

/* ---- rows ---------------------------------------------------------- */

/* Draw the cells of u (at column col, width columns) that are in view. */
static void
visit_draw(struct visit *vis, const struct unit *u, unsigned col,
    unsigned width, int cursor)
{
	struct grid *g = vis->g;
	struct cell *c;
	unsigned i, x, k;
	size_t at;

	for (i = 0; i < width; i++) {
		if (col + i < vis->xoff || col + i - vis->xoff >= vis->textw)
			continue;
		x = vis->x0 + col + i - vis->xoff;
		if (u->kind == UNIT_ESCAPE)
			grid_put(g, vis->grow, x, (uint8_t)u->esc[i], u->style);
		else if (u->kind != UNIT_TEXT || (i == 0 && u->width == 2 &&
		    col + 1 - vis->xoff >= vis->textw))
			grid_put(g, vis->grow, x, ' ', u->style);
		else if (i == 0 && u->width == 2)
			grid_put_wide(g, vis->grow, x, u->ch, u->style);
		else if (i == 0)
			grid_put(g, vis->grow, x, u->ch, u->style);
		else if (col + i == vis->xoff)	/* a wide char cut in half */
			grid_put(g, vis->grow, x, ' ', u->style);
		for (k = 0; i == 0 && k < u->nmarks; k++)
			grid_add_mark(g, vis->grow, x, u->marks[k]);
		if (cursor && (c = grid_cell(g, vis->grow, x)) != NULL) {
			c->flags |= CELL_CURSOR;
			if (g->cursor_row < 0) {
				g->cursor_row = (int)vis->grow;
				g->cursor_col = (int)x;
			}
		}
		if (vis->f != NULL) {
			at = (size_t)vis->grow * vis->f->cols + x;
			vis->f->cell_off[at] = u->off;
			vis->f->cell_len[at] = u->len;
		}
	}
	/* An end of line with no room (wrap on, so xoff is 0): the cursor
	 * goes on the row's last cell. */
	if (cursor && width == 0 && g->cursor_row < 0) {
		g->cursor_row = (int)vis->grow;
		g->cursor_col = (int)(vis->x0 + vis->textw - 1);
	}
}

/* Note u, laid out at column col over width columns. */
static void
visit_unit(struct visit *vis, const struct unit *u, unsigned col,
    unsigned width)
{
	int cursor = u->off <= vis->target && vis->target - u->off < u->len;

	if (cursor) {
		vis->hit = 1;
		vis->hit_off = u->off;
		vis->hit_len = u->len;
		vis->hit_col = col;
		vis->hit_width = width;
	}
	if (!vis->goal_found) {
		vis->goal_off = u->off;
		vis->goal_found = col + width > vis->goal;
	}
	if (vis->g != NULL)
		visit_draw(vis, u, col, width, cursor);
}

/*
 * Step w over a run of one-byte units that nothing looks at: bytes below
 * 0x80 other than '\t', '\n' and '\r' (one column, or two for ^X),
 * each followed by a byte below 0x80 (so no combining mark joins it),
 * none holding vis's target, none reaching a drawn column (from col on,
 * below limit), the goal column or, with wrap on, the right edge.  This
 * is what keeps a long line cheap to walk: most of a line before the
 * columns shown costs a table look-up per byte, not a decode.
 */
void
tv_row_skip(struct layout *lo, struct walker *w, const struct visit *vis,
    unsigned *col, unsigned limit, uint64_t *last)
{
	unsigned edge = lo->wrap ? lo->textw : limit, c = *col, width;
	const unsigned char *p;
	uint64_t end;
	size_t avail, i;

	if (vis != NULL && vis->g != NULL && (lo->wrap || vis->xoff < edge))
		edge = lo->wrap ? 0 : vis->xoff;	/* drawn from there */
	if (vis != NULL && vis->stop == STOP_GOAL && !vis->goal_found &&
	    vis->goal < edge)
		edge = vis->goal;
	while (c < edge) {
		end = w->brk - 1;	/* a run stays inside the line */
		if (vis != NULL && vis->target >= w->pos && vis->target < end)
			end = vis->target;
		if (w->pos >= end ||
		    (p = reader_at(lo, w->pos, &avail)) == NULL || avail < 2)
			break;
		if (avail - 1 > end - w->pos)
			avail = (size_t)(end - w->pos) + 1;
		for (i = 0; i + 1 < avail && p[i + 1] < 0x80; i++) {
			if (p[i] >= 0x80 || p[i] == '\t' || p[i] == '\n' ||
			    p[i] == '\r')
				break;
			width = p[i] < 0x20 || p[i] == 0x7f ? 2 : 1;
			if (c + width > edge)
				break;
			c += width;
		}
		if (i == 0)
			break;
		*last = w->pos + i - 1;
		w->pos += i;
		if (i + 1 < avail)
			break;	/* stopped inside the chunk */
	}
	*col = c;
}

/*
 * With wrap off, a row that starts a line the atlas holds need not be
 * walked from its start: move w to the last anchor that comes before
 * everything vis looks for (its target, its goal column, the first
 * column drawn), setting *col to the anchor's column.
 */
static void
row_jump(struct layout *lo, struct walker *w, const struct visit *vis,
    unsigned *col)
{
	const struct aline *al = w->al;
	size_t lo_k = 0, hi, k;

	if (lo->wrap || vis == NULL || al == NULL || w->pos != al->line)
		return;
	/* Each test holds for a prefix of the anchors: find its end. */
	hi = al->n;
	while (hi - lo_k > 1) {
		k = lo_k + (hi - lo_k) / 2;
		if ((vis->stop == STOP_HIT && al->off[k] > vis->target) ||
		    (vis->stop == STOP_GOAL && al->col[k] > vis->goal) ||
		    (vis->g != NULL && al->col[k] > vis->xoff) ||
		    al->col[k] > UINT32_MAX / 2)
			hi = k;
		else
			lo_k = k;
	}
	if (lo_k == 0)
		return;
	tv_walker_start(lo, w, al->off[lo_k], al->off[lo_k]);
	*col = (unsigned)al->col[lo_k];
}

/*
 * Lay out the screen row starting at w->pos (< the readable end), noting
 * its units in vis (NULL: none), and leave w at the next row's start.
 * With wrap off, units from column limit on are skipped undecoded.
 * Returns 0, or -1 when no byte could be read.
 */
int
tv_row_layout(struct layout *lo, struct walker *w, struct visit *vis,
    unsigned limit)
{
	uint64_t start = w->pos, skipped = NONE;
	unsigned col = 0, width;
	struct unit u;

	row_jump(lo, w, vis, &col);
	while (w->pos < lo->size) {
		skipped = NONE;	/* a unit visited since is the goal's */
		tv_row_skip(lo, w, vis, &col, limit, &skipped);
		if (vis != NULL && skipped != NONE && !vis->goal_found)
			vis->goal_off = skipped;
		if (!lo->wrap && col >= limit) {
			tv_walker_advance(lo, w, NULL);
			break;
		}
		if (tv_walker_unit(lo, w, &u) == -1)
			break;
		width = u.kind == UNIT_TAB ? 8 - col % 8 : u.width;
		if (u.kind == UNIT_EOL && lo->wrap && col >= lo->textw)
			width = 0;	/* no room: stays on the full row */
		else if (lo->wrap && col > 0 && col + width > lo->textw) {
			if (u.kind != UNIT_TAB || col >= lo->textw)
				break;
			width = lo->textw - col;	/* a tab is cut */
		}
		if (vis != NULL)
			visit_unit(vis, &u, col, width);
		col += width;
		if (tv_walker_advance(lo, w, &u))
			break;
		if (vis != NULL && ((vis->stop == STOP_HIT && vis->hit) ||
		    (vis->stop == STOP_GOAL && vis->goal_found)))
			break;	/* the caller needs nothing further */
	}
	if (w->pos > w->line)
		memo_add(lo, w->line, w->pos - 1);
	return w->pos > start ? 0 : -1;
}

/* Find where byte x (< the readable end) is laid out. */
static int
locate(struct layout *lo, uint64_t x, struct place *p)
{
	struct visit vis = { .target = x, .stop = STOP_HIT };
	struct walker w;
	uint64_t first;

	/* The atlas's lines start at their real start, not at the anchor
	 * before x; with wrap off, a row starts there too. */
	tv_walker_find(lo, &w, x);
	p->line = w.al != NULL ? w.al->line : w.line;
	first = !lo->wrap ? p->line : w.line;
	tv_walker_start(lo, &w, first, first);
	while (!vis.hit) {
		p->row = w.pos;
		if (tv_row_layout(lo, &w, &vis, UINT32_MAX) == -1) {
			if (lo->error == 0)
				lo->error = EIO;	/* the file ended early */
			return -1;
		}
	}
	p->unit = vis.hit_off;
	p->len = vis.hit_len;
	p->col = vis.hit_col;
	p->width = vis.hit_width;
	return 0;
}

/* With wrap off, return the start of the row holding x: its line's real
 * start when the atlas holds the line, else its layout line's start. */
static uint64_t
row_head(struct layout *lo, uint64_t x)
{
	struct walker w;

	tv_walker_find(lo, &w, x);
	return w.al != NULL ? w.al->line : w.line;
}

/* Move w down n rows, stopping on the last row; return the rows moved. */
static unsigned
rows_down(struct layout *lo, struct walker *w, unsigned n)
{
	struct walker next;
	unsigned moved;

	for (moved = 0; moved < n; moved++) {
		next = *w;
		if (tv_row_layout(lo, &next, NULL, 0) == -1 ||
		    next.pos >= lo->size)
			break;
		*w = next;
	}
	return moved;
}

/* Return the row start n rows above the row starting at r (0 at most). */
static uint64_t
rows_up(struct layout *lo, uint64_t r, unsigned n)
{
	uint64_t ring[RING], l;
	struct walker w;
	unsigned k, step;

	while (n > 0 && r > 0) {
		l = tv_line_start(lo, r - 1);
		if (!lo->wrap) {
			r = row_head(lo, r - 1);
			n--;
			continue;
		}
		/* Walk the line, keeping the last RING row starts before r. */
		tv_walker_start(lo, &w, l, l);
		for (k = 0; w.pos < r; k++) {
			ring[k % RING] = w.pos;
			if (tv_row_layout(lo, &w, NULL, 0) == -1)
				return r;
		}
		step = n < RING ? n : RING;
		r = k < step ? l : ring[(k - step) % RING];
		n -= k < step ? k : step;
	}
	return r;
}

/* Return the unit at the goal column of the row w is at (the row's last
 * unit when it is shorter). */
static uint64_t
row_goal(struct layout *lo, const struct walker *w, unsigned goal)
{
	struct visit vis = { .target = NONE, .goal = goal, .stop = STOP_GOAL };
	struct walker at = *w;

	tv_row_layout(lo, &at, &vis, UINT32_MAX);
	return vis.goal_off;
}

/* ---- the view ------------------------------------------------------ */

void
textview_init(struct textview *v, struct cursor *cur)
{
	memset(v, 0, sizeof *v);
	v->cur = cur;
	v->top = cur->off;	/* snapped to its row by the first call */
	v->rows = v->cols = 1;
	v->wrap = 1;
	v->number_digits = TEXTVIEW_NUMBER_DIGITS;
	v->seg = TEXTVIEW_SEG;
}

void
textview_set_geometry(struct textview *v, unsigned rows, unsigned cols)
{
	v->rows = rows > 0 ? rows : 1;
	v->cols = cols > 0 ? cols : 1;
}

void
textview_size_changed(struct textview *v)
{
	if (v->top > v->cur->off)
		v->top = v->cur->off;
}

unsigned
textview_gutter(const struct textview *v)
{
	unsigned digits = v->number_digits;

	if (digits < TEXTVIEW_NUMBER_DIGITS)
		digits = TEXTVIEW_NUMBER_DIGITS;
	if (digits > 20)
		digits = 20;
	return v->numbers && v->cols > digits + 1 ? digits + 1 : 0;
}

/*
 * Start a call: return a layout for v (NULL with errno ENOMEM), with
 * top snapped to the start of the row holding x (0 in an empty file).
 */
static struct layout *
layout_new_at(const struct textview *v, const struct textsrc *src,
    uint64_t x, uint64_t *top)
{
	struct layout *lo = malloc(sizeof *lo);
	struct walker w;
	uint64_t row;
	unsigned i;

	if (lo == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	lo->src = src;
	lo->size = v->cur->size;
	lo->error = 0;
	for (i = 0; i < READ_SLOTS; i++)
		lo->base[i] = NONE;
	lo->nmemo = 0;
	lo->seg = v->seg < TEXTVIEW_SEG_MIN ? TEXTVIEW_SEG_MIN :
	    v->seg > TEXTVIEW_SEG_MAX ? TEXTVIEW_SEG_MAX : v->seg;
	lo->wrap = v->wrap;
	lo->x0 = textview_gutter(v);
	lo->textw = (v->cols > 0 ? v->cols : 1) - lo->x0;
	lo->atlas = v->atlas != NULL && v->atlas->wrap == lo->wrap &&
	    v->atlas->seg == lo->seg &&
	    (!lo->wrap || v->atlas->textw == lo->textw) ? v->atlas : NULL;
	*top = 0;
	if (lo->size == 0)
		return lo;
	if (x >= lo->size)
		x = lo->size - 1;
	if (!lo->wrap) {
		*top = row_head(lo, x);
		return lo;
	}
	*top = tv_line_start(lo, x);
	tv_walker_start(lo, &w, *top, *top);
	do {
		row = w.pos;
	} while (tv_row_layout(lo, &w, NULL, 0) == 0 && w.pos <= x);
	*top = row;
	return lo;
}

/* Start a call with top snapped to its row and no later than the
 * cursor (see layout_new_at()). */
struct layout *
tv_layout_new(const struct textview *v, const struct textsrc *src,
    uint64_t *top)
{
	return layout_new_at(v, src, v->top < v->cur->off ? v->top :
	    v->cur->off, top);
}

/* End a call: free lo; return ret, or -1 with errno if a read failed. */
int
tv_layout_free(struct layout *lo, int ret)
{
	if (lo->error != 0) {
		errno = lo->error;
		ret = -1;
	}
	free(lo);
	return ret;
}

/* Return the most bytes n screen rows can span. */
static uint64_t
rows_span(const struct layout *lo, unsigned n)
{
	if (lo->atlas != NULL)
		return NONE;	/* a row may run on across anchors */
	return (uint64_t)n * (2 * lo->seg + 3);
}

/* Return whether row start r is on screen. */
static int
row_shown(struct layout *lo, const struct textview *v, uint64_t r)
{
	struct walker w;
	unsigned n;

	if (r < v->top || r - v->top >= rows_span(lo, v->rows))
		return 0;	/* too far: no need to look */
	tv_walker_find(lo, &w, v->top);
	for (n = 0; n < v->rows && w.pos < lo->size && w.pos <= r; n++) {
		if (w.pos == r)
			return 1;
		if (tv_row_layout(lo, &w, NULL, 0) == -1)
			break;
	}
	return 0;
}

/* Set top so that row start r shows on screen row k, or lower when the
 * rows after r would not fill the screen. */
static void
show_row(struct layout *lo, struct textview *v, uint64_t r, unsigned k)
{
	struct walker w;
	unsigned below = v->rows - 1 - k;

	if (below > 0 && lo->size - r < rows_span(lo, below + 1)) {
		tv_walker_find(lo, &w, r);
		k += below - rows_down(lo, &w, below);
	}
	v->top = rows_up(lo, r, k);
}

/* Scroll top down n rows, no further than a full last screen. */
static void
scroll_down(struct layout *lo, struct textview *v, unsigned n)
{
	struct walker w;

	tv_walker_find(lo, &w, v->top);
	rows_down(lo, &w, n);
	show_row(lo, v, w.pos, 0);
}

enum follow {
	FOLLOW_NEAR,		/* scroll just enough */
	FOLLOW_FAR		/* a row off screen goes a third down */
};

/* Scroll so that the cursor's row is on screen and its unit in view
 * sideways. */
static int
follow(struct layout *lo, struct textview *v, enum follow how)
{
	struct place p;

	if (locate(lo, v->cur->off, &p) == -1)
		return -1;
	if (!row_shown(lo, v, p.row)) {
		if (how == FOLLOW_FAR)
			show_row(lo, v, p.row, v->rows / 3);
		else if (p.row < v->top)
			v->top = p.row;
		else
			v->top = rows_up(lo, p.row, v->rows - 1);
	}
	if (!lo->wrap) {
		if (p.col < v->hscroll || p.width > lo->textw)
			v->hscroll = p.col;
		else if (p.col + p.width > v->hscroll + lo->textw)
			v->hscroll = p.col + p.width - lo->textw;
	}
	return 0;
}

/* Put the cursor on the unit holding x, setting the goal column. */
static int
cursor_set(struct layout *lo, struct textview *v, uint64_t x)
{
	struct place p;

	if (locate(lo, x, &p) == -1)
		return -1;
	v->cur->off = p.unit;
	v->want_col = p.col;
	return 0;
}

/* Move the cursor n rows (negative: up) to the goal column, and top as
 * well for a page (the cursor then stays on screen). */
static int
move_rows(struct layout *lo, struct textview *v, long n, int page)
{
	struct walker w;
	struct place p;

	if (locate(lo, v->cur->off, &p) == -1)
		return -1;
	if (n < 0) {
		tv_walker_find(lo, &w, rows_up(lo, p.row, (unsigned)-n));
		if (page)
			v->top = rows_up(lo, v->top, (unsigned)-n);
	} else {
		tv_walker_start(lo, &w, p.line, p.row);
		rows_down(lo, &w, (unsigned)n);
		if (page)
			scroll_down(lo, v, (unsigned)n);
	}
	v->cur->off = row_goal(lo, &w, v->want_col);
	return 0;
}

/* Scroll n rows (negative: up), pulling the cursor back on screen. */
static int
scroll_rows(struct layout *lo, struct textview *v, long n)
{
	struct walker w;
	struct place p;

	if (n < 0)
		v->top = rows_up(lo, v->top, (unsigned)-n);
	else
		scroll_down(lo, v, (unsigned)n);
	if (locate(lo, v->cur->off, &p) == -1)
		return -1;
	if (row_shown(lo, v, p.row))
		return 0;
	tv_walker_find(lo, &w, v->top);
	if (p.row > v->top)
		rows_down(lo, &w, v->rows - 1);
	v->cur->off = row_goal(lo, &w, v->want_col);
	return 0;
}

/* Put the cursor on the last unit of its layout line before the end of
 * line (on the end of line if there is nothing else). */
static int
line_end(struct layout *lo, struct textview *v)
{
	uint64_t last = v->cur->off;
	struct walker w;
	struct unit u;

	tv_walker_find(lo, &w, v->cur->off);
	if (w.al != NULL && w.al->off[w.al->n - 1] > w.pos)
		tv_walker_start(lo, &w, w.al->off[w.al->n - 1],
		    w.al->off[w.al->n - 1]);
	while (w.pos < lo->size && tv_walker_unit(lo, &w, &u) == 0) {
		if (u.kind != UNIT_EOL || u.off == v->cur->off)
			last = u.off;
		if (tv_walker_advance(lo, &w, &u))
			break;
	}
	return cursor_set(lo, v, last);
}

/* End a move or goto worked out in nv (whose cur points at a copy of
 * v's cursor): free lo, and on success write nv and its cursor back to
 * v and the shared cursor.  Returns ret, or -1 with errno if a read
 * failed (v and its cursor unchanged). */
static int
view_commit(struct textview *v, struct textview *nv, struct layout *lo,
    int ret)
{
	struct cursor *cur = v->cur;

	if ((ret = tv_layout_free(lo, ret)) != 0)
		return ret;
	*cur = *nv->cur;
	*v = *nv;
	v->cur = cur;
	return 0;
}

int
textview_move(struct textview *v, const struct textsrc *src,
    enum textview_motion motion)
{
	struct textview nv = *v;
	struct cursor nc = *v->cur;
	struct layout *lo;
	struct place p;
	int ret = 0;

	nv.cur = &nc;		/* all or nothing: work on copies */
	if ((lo = tv_layout_new(v, src, &nv.top)) == NULL)
		return -1;
	if (lo->size == 0) {
		nv.cur->off = nv.hscroll = nv.want_col = 0;
		goto out;
	}
	if ((ret = locate(lo, nv.cur->off < lo->size ? nv.cur->off :
	    lo->size - 1, &p)) == -1)
		goto out;
	nv.cur->off = p.unit;
	switch (motion) {
	case TEXTVIEW_LEFT:
		if (nv.cur->off > 0)
			ret = cursor_set(lo, &nv, nv.cur->off - 1);
		break;
	case TEXTVIEW_RIGHT:
		if (p.unit + p.len < lo->size)
			ret = cursor_set(lo, &nv, p.unit + p.len);
		break;
	case TEXTVIEW_UP:
	case TEXTVIEW_DOWN:
		ret = move_rows(lo, &nv, motion == TEXTVIEW_UP ? -1 : 1, 0);
		break;
	case TEXTVIEW_PAGE_UP:
	case TEXTVIEW_PAGE_DOWN:
		/* Cursor and top move together; following as well puts
		 * the cursor back on screen should the layout have changed
		 * under them (the atlas laid out more of a line). */
		ret = move_rows(lo, &nv, motion == TEXTVIEW_PAGE_UP ?
		    -(long)nv.rows : (long)nv.rows, 1);
		break;
	case TEXTVIEW_LINE_START:
		ret = cursor_set(lo, &nv, p.line);
		break;
	case TEXTVIEW_LINE_END:
		ret = line_end(lo, &nv);
		break;
	case TEXTVIEW_FILE_START:
		nv.top = nv.cur->off = 0;
		nv.hscroll = nv.want_col = 0;
		break;
	case TEXTVIEW_FILE_END:
		ret = cursor_set(lo, &nv, lo->size - 1);
		break;
	case TEXTVIEW_SCROLL_UP:
	case TEXTVIEW_SCROLL_DOWN:
		ret = scroll_rows(lo, &nv, motion == TEXTVIEW_SCROLL_UP ?
		    -(long)TEXTVIEW_WHEEL_ROWS : (long)TEXTVIEW_WHEEL_ROWS);
		break;
	}
	if (ret == 0)
		ret = follow(lo, &nv, FOLLOW_NEAR);
out:
	return view_commit(v, &nv, lo, ret);
}

/* Put the cursor on the unit holding offset (snap) or only scroll to
 * it (!snap), all or nothing. */
static int
view_place(struct textview *v, const struct textsrc *src, uint64_t offset,
    int snap)
{
	struct textview nv = *v;
	struct cursor nc = *v->cur;
	struct layout *lo;
	struct place p;
	int ret = 0;

	nv.cur = &nc;
	/* Scrolling to a cursor moved elsewhere starts from top alone: the
	 * cursor may be far above it, and the screen is then placed as a
	 * jump there would place it. */
	if ((lo = snap ? tv_layout_new(v, src, &nv.top) : layout_new_at(v, src,
	    v->top, &nv.top)) == NULL)
		return -1;
	if (lo->size == 0)
		nc.off = nv.hscroll = nv.want_col = 0;
	else {
		if (offset >= lo->size)
			offset = lo->size - 1;
		if (snap)
			ret = cursor_set(lo, &nv, offset);
		else if ((ret = locate(lo, offset, &p)) == 0) {
			nc.off = offset;
			nv.want_col = p.col;
		}
		if (ret == 0)
			ret = follow(lo, &nv, FOLLOW_FAR);
	}
	return view_commit(v, &nv, lo, ret);
}

int
textview_goto(struct textview *v, const struct textsrc *src,
    uint64_t offset)
{
	return view_place(v, src, offset, 1);
}

int
textview_show(struct textview *v, const struct textsrc *src)
{
	return view_place(v, src, v->cur->off, 0);
}

/* ---- drawing ------------------------------------------------------- */

void
textview_frame_init(struct textview_frame *f)
{
	memset(f, 0, sizeof *f);
}

void
textview_frame_free(struct textview_frame *f)
{
	if (f == NULL)
		return;
	free(f->row_start);
	free(f->row_end);
	free(f->cell_off);
	free(f->cell_len);
	textview_frame_init(f);
}

/* Size f for rows x cols and empty it; -1 with errno ENOMEM. */
static int
frame_prepare(struct textview_frame *f, unsigned rows, unsigned cols)
{
	size_t cells = (size_t)rows * cols, i;

	if (f->rows != rows || f->cols != cols || f->cell_off == NULL) {
		textview_frame_free(f);
		if (rows > SIZE_MAX / sizeof *f->cell_off / cols) {
			errno = ENOMEM;
			return -1;
		}
		f->row_start = malloc(rows * sizeof *f->row_start);
		f->row_end = malloc(rows * sizeof *f->row_end);
		f->cell_off = malloc(cells * sizeof *f->cell_off);
		f->cell_len = malloc(cells * sizeof *f->cell_len);
		if (f->row_start == NULL || f->row_end == NULL ||
		    f->cell_off == NULL || f->cell_len == NULL) {
			textview_frame_free(f);
			errno = ENOMEM;
			return -1;
		}
		f->rows = rows;
		f->cols = cols;
	}
	for (i = 0; i < cells; i++) {
		f->cell_off[i] = NONE;
		f->cell_len[i] = 0;
	}
	f->first = f->end = 0;
	f->number_digits = 0;
	return 0;
}

/* Draw line number n in the gutter of grid row row, right-aligned in
 * digits columns (a number too wide keeps its low digits); return the
 * digits it needs. */
static unsigned
draw_number(struct grid *g, unsigned row, unsigned digits, uint64_t n)
{
	char text[24];
	int len;

	len = snprintf(text, sizeof text, "%*llu", (int)digits,
	    (unsigned long long)n);
	if (len < 0)
		return 0;
	grid_puts(g, row, 0, text + ((unsigned)len > digits ?
	    (unsigned)len - digits : 0), STYLE_OFFSET);
	for (len = 1; n >= 10; n /= 10)
		len++;
	return (unsigned)len;
}

/* Set f's span to the bytes its cells show, [top, end) when they show
 * none: with wrap off, far less than the whole lines laid out. */
static void
frame_span(struct textview_frame *f, uint64_t top, uint64_t end)
{
	size_t i, cells = (size_t)f->rows * f->cols;
	uint64_t lo = NONE, hi = 0;

	for (i = 0; i < cells; i++) {
		if (f->cell_off[i] == NONE)
			continue;
		if (f->cell_off[i] < lo)
			lo = f->cell_off[i];
		if (f->cell_off[i] + f->cell_len[i] > hi)
			hi = f->cell_off[i] + f->cell_len[i];
	}
	f->first = lo != NONE ? lo : top;
	f->end = lo != NONE ? hi : end;
}

int
textview_render(const struct textview *v, const struct textsrc *src,
    uint64_t first_line, struct grid *g, struct textview_frame *f)
{
	unsigned r, col, digits, limit, rows = v->rows > 0 ? v->rows : 1;
	struct visit vis = { .g = g, .f = f, .target = v->cur->off };
	uint64_t top, line = first_line;
	struct layout *lo;
	struct walker w;
	int real;

	if (f != NULL && frame_prepare(f, rows, v->cols > 0 ? v->cols : 1))
		return -1;
	if ((lo = tv_layout_new(v, src, &top)) == NULL)
		return -1;
	for (r = 0; r < rows; r++)
		grid_fill(g, r, 0, ' ', STYLE_NORMAL);
	vis.x0 = lo->x0;
	vis.textw = lo->textw;
	vis.xoff = lo->wrap ? 0 : v->hscroll;
	limit = vis.xoff < UINT32_MAX - lo->textw ? vis.xoff + lo->textw :
	    UINT32_MAX;
	g->cursor_row = lo->size == 0 ? 0 : -1;
	g->cursor_col = lo->size == 0 ? (int)lo->x0 : -1;
	tv_walker_find(lo, &w, top);
	for (r = 0; r < rows; r++) {
		if (f != NULL)
			f->row_start[r] = f->row_end[r] = w.pos;
		if (w.pos >= lo->size)
			continue;
		real = w.pos == w.line && w.real;
		if (real && r > 0 && line != 0)
			line++;
		for (col = 0; col + 1 < lo->x0; col++)
			grid_put(g, r, col, ' ', STYLE_OFFSET);
		if (lo->x0 > 0 && real && line != 0) {
			digits = draw_number(g, r, lo->x0 - 1, line);
			if (f != NULL && digits > f->number_digits)
				f->number_digits = digits;
		}
		vis.grow = r;
		if (tv_row_layout(lo, &w, &vis, limit) == -1)
			break;
		if (f != NULL)
			f->row_end[r] = w.pos;
	}
	if (f != NULL)
		frame_span(f, top, w.pos < top ? top : w.pos);
	return tv_layout_free(lo, 0);
}

void
textview_restyle(const struct textview_frame *f, uint64_t window_off,
    const unsigned char *marks, size_t n, uint8_t style, struct grid *g)
{
	size_t i, cells = (size_t)f->rows * f->cols;
	uint64_t o, end;
	struct cell *c;

	for (i = 0; i < cells; i++) {
		if (f->cell_off[i] == NONE)
			continue;
		end = f->cell_off[i] + f->cell_len[i];
		for (o = f->cell_off[i]; o < end; o++) {
			if (o >= window_off && o - window_off < n &&
			    marks[o - window_off] != 0)
				break;
		}
		if (o < end && (c = grid_cell(g, (unsigned)(i / f->cols),
		    (unsigned)(i % f->cols))) != NULL)
			c->style = style;
	}
}

