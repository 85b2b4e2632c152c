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
 * read succeeded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textview.h"
#include "utf8.h"

#define READ_CHUNK	4096u	/* bytes per cached chunk */
#define READ_SLOTS	16u	/* chunks cached: one 64 KiB window */
#define RING		64u	/* row starts kept while walking back */
#define MEMO		32u	/* layout lines remembered */
#define NONE		UINT64_MAX
#define UNIT_MAX	4096u	/* bytes of a unit: marks past it start a
				   unit of their own, so that a run of
				   marks costs bounded work */
#define STOP_HIT	1	/* row_layout(): stop at the target unit */
#define STOP_GOAL	2	/* ... at the goal column */

/* The atlas (textview.h): long lines laid out ahead, across calls. */
#define ATLAS_LINES	64u		/* long lines held */
#define ANCHOR_GAP	(64u << 10)	/* least bytes between anchors */
#define ANCHOR_SAFE	16u		/* a change this close after an anchor
					   may move it (a wide character there
					   could now fit the row before) */
#define BUILD_SEG	(UINT64_C(1) << 62)	/* no forced breaks */

/* A long line, laid out from its start as far as pos. */
struct aline {
	uint64_t line;		/* its start, a real line start; NONE: free */
	uint64_t end;		/* one past its end of line, or where the
				   file ended, once laid out that far;
				   NONE before */
	int eol;		/* end is after a '\n' (else the file's end,
				   which may grow) */
	uint64_t *off;		/* anchors, off[0] == line, increasing:
				   wrap on, each starts a screen row; */
	uint64_t *col;		/* wrap off, each is a unit start at column
				   col[k] of the line */
	size_t n, cap;
	uint64_t pos;		/* laid out [line, pos): a row start (wrap
				   on) or a unit start (wrap off) */
	uint64_t pcol;		/* wrap off: the column at pos */
	uint64_t used;		/* when last wanted: the least recently
				   wanted line goes first */
};

struct textview_atlas {
	int wrap;		/* the layout the anchors hold for */
	unsigned textw;		/* wrap on: text columns */
	uint64_t seg;		/* the segment they bound the work to */
	uint64_t gap;		/* least bytes between anchors: seg / 16,
				   at most ANCHOR_GAP */
	uint64_t tick;		/* counts uses, for aline.used */
	struct aline lines[ATLAS_LINES];
	uint64_t seek_from;	/* a long line's start is sought back from
				   here; NONE: none */
	uint64_t seek_at;	/* [seek_at, seek_from) holds no '\n' */
	uint64_t seek_line;	/* the start found, NONE: not yet */
	int idle;		/* nothing to do for the view seen: */
	struct textview seen;
	struct cursor seen_cur;		/* its cursor then */
	uint64_t seen_size;
};

/* Where the atlas puts a byte: the layout line [start, brk) holding it. */
struct region {
	const struct aline *al;
	uint64_t start, brk;
	int cont;		/* brk is the next anchor of the same line */
};

/* Everything one call needs: the reader, what it learnt, the geometry. */
struct layout {
	const struct textsrc *src;
	uint64_t size;		/* readable bytes: cut by a short read */
	int error;		/* errno of the first failed read, or 0 */
	uint64_t base[READ_SLOTS];	/* offset of the chunk held, NONE */
	size_t len[READ_SLOTS];		/* bytes held */
	unsigned char buf[READ_SLOTS][READ_CHUNK];
	struct {		/* the layout line starting at start */
		uint64_t start;	/* holds [start, last] */
		uint64_t last;
	} memo[MEMO];
	unsigned nmemo;		/* entries made (round robin past MEMO) */
	uint64_t seg;		/* forced-break segment */
	const struct textview_atlas *atlas;	/* long lines laid out ahead,
						   NULL: none (or not for this
						   layout) */
	int wrap;		/* as in the view */
	unsigned x0;		/* gutter width */
	unsigned textw;		/* columns of text, >= 1 */
};

enum unit_kind {
	UNIT_TEXT,		/* a character and its marks: 1 or 2 columns */
	UNIT_TAB,
	UNIT_EOL,		/* '\n' or "\r\n" */
	UNIT_ESCAPE		/* ^X, <XX> or <U+XXXX> */
};

struct unit {
	uint64_t off;		/* first byte */
	unsigned len;		/* bytes, marks included */
	enum unit_kind kind;
	unsigned width;		/* columns (a tab's depends on where it is) */
	uint32_t ch;		/* UNIT_TEXT: the character */
	uint32_t marks[CELL_MARKS];
	unsigned nmarks;
	char esc[12];		/* UNIT_ESCAPE: the text shown */
	uint8_t style;
};

/* A position in the layout, at a unit start. */
struct walker {
	uint64_t pos;		/* the next unit */
	uint64_t line;		/* start of the layout line holding pos */
	uint64_t brk;		/* that line ends here if no '\n' comes first */
	int real;		/* that line starts a real line */
	int cont;		/* brk is an anchor: the real line goes on */
	const struct aline *al;	/* the atlas's line holding pos, or NULL */
};

/* What a row layout looks for, and where it draws (g NULL: nowhere). */
struct visit {
	struct grid *g;
	struct textview_frame *f;
	unsigned grow;		/* grid row */
	unsigned x0, textw;	/* the text area */
	unsigned xoff;		/* columns scrolled out (wrap off) */
	uint64_t target;	/* find the unit holding this byte: */
	int hit;
	uint64_t hit_off;
	unsigned hit_len, hit_col, hit_width;
	unsigned goal;		/* find the unit at this column: */
	int goal_found;
	uint64_t goal_off;
	int stop;		/* STOP_*: end the row once found */
};

/* Where a byte is laid out. */
struct place {
	uint64_t unit;		/* start of its unit */
	unsigned len;		/* the unit's bytes */
	unsigned col, width;	/* the unit's columns (row- or line-relative) */
	uint64_t row;		/* start of its screen row */
	uint64_t line;		/* start of its layout line */
};

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
static int
reader_byte(struct layout *lo, uint64_t off)
{
	const unsigned char *p;
	size_t avail;

	p = reader_at(lo, off, &avail);
	return p != NULL ? *p : -1;
}

/* Return the offset of the first '\n' in [from, to), or NONE. */
static uint64_t
reader_find_nl(struct layout *lo, uint64_t from, uint64_t to)
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
static uint64_t
reader_rfind_nl(struct layout *lo, uint64_t from, uint64_t to)
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
		for (i = 0; i < n && (c = reader_byte(lo, off + i)) >= 0; i++)
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
		c = reader_byte(lo, b + k);
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
	if ((nl = reader_rfind_nl(lo, b, x)) != NONE)
		return nl + 1;
	if (b == 0)
		return 0;
	/* Read last, so that a walk further back finds it in the cache. */
	if ((nl = reader_rfind_nl(lo, b - lo->seg, b)) != NONE)
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
	if (l % lo->seg != 0 && reader_byte(lo, l - 1) == '\n')
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
static uint64_t
line_start(struct layout *lo, uint64_t x)
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
static void
walker_start(struct layout *lo, struct walker *w, uint64_t l, uint64_t pos)
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
	w->real = l == 0 || reader_byte(lo, l - 1) == '\n';
	w->brk = seg_brk(lo, l);
}

/* Start w at pos, a unit start, finding its line. */
static void
walker_find(struct layout *lo, struct walker *w, uint64_t pos)
{
	walker_start(lo, w, line_start(lo, pos), pos);
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
	while (u->len < UNIT_MAX && (next = reader_byte(lo, u->off +
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
static int
walker_unit(struct layout *lo, const struct walker *w, struct unit *u)
{
	uint64_t pos = w->pos;
	uint32_t cp;
	unsigned n;
	int c;

	if ((c = reader_byte(lo, pos)) < 0)
		return -1;
	memset(u, 0, sizeof *u);
	u->off = pos;
	u->len = u->width = 1;
	u->ch = (uint32_t)c;
	if (c == '\n' || (c == '\r' && pos + 1 < w->brk &&
	    reader_byte(lo, pos + 1) == '\n')) {
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
static int
walker_advance(struct layout *lo, struct walker *w, const struct unit *u)
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
			walker_start(lo, w, w->pos, w->pos);
		}
		if ((nl = reader_find_nl(lo, w->pos, w->brk)) != NONE)
			w->pos = nl + 1;
		else
			w->pos = w->brk;
	}
	if (u != NULL && u->kind != UNIT_EOL) {
		if (w->pos < w->brk)
			return 0;
		if (w->cont && w->pos == w->brk && w->pos < lo->size) {
			walker_start(lo, w, w->pos, w->pos);
			return 0;
		}
	}
	if (w->pos < lo->size)
		walker_start(lo, w, w->pos, w->pos);
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
static void
row_skip(struct layout *lo, struct walker *w, const struct visit *vis,
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
	walker_start(lo, w, al->off[lo_k], al->off[lo_k]);
	*col = (unsigned)al->col[lo_k];
}

/*
 * Lay out the screen row starting at w->pos (< the readable end), noting
 * its units in vis (NULL: none), and leave w at the next row's start.
 * With wrap off, units from column limit on are skipped undecoded.
 * Returns 0, or -1 when no byte could be read.
 */
static int
row_layout(struct layout *lo, struct walker *w, struct visit *vis,
    unsigned limit)
{
	uint64_t start = w->pos, skipped = NONE;
	unsigned col = 0, width;
	struct unit u;

	row_jump(lo, w, vis, &col);
	while (w->pos < lo->size) {
		skipped = NONE;	/* a unit visited since is the goal's */
		row_skip(lo, w, vis, &col, limit, &skipped);
		if (vis != NULL && skipped != NONE && !vis->goal_found)
			vis->goal_off = skipped;
		if (!lo->wrap && col >= limit) {
			walker_advance(lo, w, NULL);
			break;
		}
		if (walker_unit(lo, w, &u) == -1)
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
		if (walker_advance(lo, w, &u))
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
	walker_find(lo, &w, x);
	p->line = w.al != NULL ? w.al->line : w.line;
	first = !lo->wrap ? p->line : w.line;
	walker_start(lo, &w, first, first);
	while (!vis.hit) {
		p->row = w.pos;
		if (row_layout(lo, &w, &vis, UINT32_MAX) == -1) {
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

	walker_find(lo, &w, x);
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
		if (row_layout(lo, &next, NULL, 0) == -1 ||
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
		l = line_start(lo, r - 1);
		if (!lo->wrap) {
			r = row_head(lo, r - 1);
			n--;
			continue;
		}
		/* Walk the line, keeping the last RING row starts before r. */
		walker_start(lo, &w, l, l);
		for (k = 0; w.pos < r; k++) {
			ring[k % RING] = w.pos;
			if (row_layout(lo, &w, NULL, 0) == -1)
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

	row_layout(lo, &at, &vis, UINT32_MAX);
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
	*top = line_start(lo, x);
	walker_start(lo, &w, *top, *top);
	do {
		row = w.pos;
	} while (row_layout(lo, &w, NULL, 0) == 0 && w.pos <= x);
	*top = row;
	return lo;
}

/* Start a call with top snapped to its row and no later than the
 * cursor (see layout_new_at()). */
static struct layout *
layout_new(const struct textview *v, const struct textsrc *src,
    uint64_t *top)
{
	return layout_new_at(v, src, v->top < v->cur->off ? v->top :
	    v->cur->off, top);
}

/* End a call: free lo; return ret, or -1 with errno if a read failed. */
static int
layout_free(struct layout *lo, int ret)
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
	walker_find(lo, &w, v->top);
	for (n = 0; n < v->rows && w.pos < lo->size && w.pos <= r; n++) {
		if (w.pos == r)
			return 1;
		if (row_layout(lo, &w, NULL, 0) == -1)
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
		walker_find(lo, &w, r);
		k += below - rows_down(lo, &w, below);
	}
	v->top = rows_up(lo, r, k);
}

/* Scroll top down n rows, no further than a full last screen. */
static void
scroll_down(struct layout *lo, struct textview *v, unsigned n)
{
	struct walker w;

	walker_find(lo, &w, v->top);
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
		walker_find(lo, &w, rows_up(lo, p.row, (unsigned)-n));
		if (page)
			v->top = rows_up(lo, v->top, (unsigned)-n);
	} else {
		walker_start(lo, &w, p.line, p.row);
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
	walker_find(lo, &w, v->top);
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

	walker_find(lo, &w, v->cur->off);
	if (w.al != NULL && w.al->off[w.al->n - 1] > w.pos)
		walker_start(lo, &w, w.al->off[w.al->n - 1],
		    w.al->off[w.al->n - 1]);
	while (w.pos < lo->size && walker_unit(lo, &w, &u) == 0) {
		if (u.kind != UNIT_EOL || u.off == v->cur->off)
			last = u.off;
		if (walker_advance(lo, &w, &u))
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

	if ((ret = layout_free(lo, ret)) != 0)
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
	if ((lo = layout_new(v, src, &nv.top)) == NULL)
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
	if ((lo = snap ? layout_new(v, src, &nv.top) : layout_new_at(v, src,
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
	if ((lo = layout_new(v, src, &top)) == NULL)
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
	walker_find(lo, &w, top);
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
		if (row_layout(lo, &w, &vis, limit) == -1)
			break;
		if (f != NULL)
			f->row_end[r] = w.pos;
	}
	if (f != NULL)
		frame_span(f, top, w.pos < top ? top : w.pos);
	return layout_free(lo, 0);
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

/* ---- building the atlas -------------------------------------------- */

static void
aline_clear(struct aline *al)
{
	free(al->off);
	free(al->col);
	memset(al, 0, sizeof *al);
	al->line = al->end = NONE;
}

/* Keep the anchors of al before n, and lay out again from the last. */
static void
aline_cut(struct aline *al, size_t n)
{
	al->n = n;
	al->pos = al->off[n - 1];
	al->pcol = al->col[n - 1];
	al->end = NONE;
	al->eol = 0;
}

/* Add an anchor at off, column col; -1 with errno ENOMEM. */
static int
aline_add(struct aline *al, uint64_t off, uint64_t col)
{
	uint64_t *o, *c;
	size_t cap;

	if (al->n == al->cap) {
		cap = al->cap > 0 ? al->cap * 2 : 64;
		if ((o = realloc(al->off, cap * sizeof *o)) == NULL)
			return -1;
		al->off = o;
		if ((c = realloc(al->col, cap * sizeof *c)) == NULL)
			return -1;
		al->col = c;
		al->cap = cap;
	}
	al->off[al->n] = off;
	al->col[al->n] = col;
	al->n++;
	return 0;
}

struct textview_atlas *
textview_atlas_new(void)
{
	struct textview_atlas *a = calloc(1, sizeof *a);
	unsigned i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < ATLAS_LINES; i++)
		aline_clear(&a->lines[i]);
	a->seek_from = NONE;
	return a;
}

void
textview_atlas_free(struct textview_atlas *a)
{
	unsigned i;

	if (a == NULL)
		return;
	for (i = 0; i < ATLAS_LINES; i++)
		aline_clear(&a->lines[i]);
	free(a);
}

void
textview_atlas_forget(struct textview_atlas *a, uint64_t from)
{
	struct aline *al;
	unsigned i;
	size_t n;

	if (a == NULL)
		return;
	a->idle = 0;
	a->seek_from = NONE;
	for (i = 0; i < ATLAS_LINES; i++) {
		al = &a->lines[i];
		if (al->line == NONE)
			continue;
		if (from < al->line) {	/* the '\n' before it may be gone */
			aline_clear(al);
			continue;
		}
		if (al->end != NONE && (al->eol ? from >= al->end :
		    from > al->end))
			continue;	/* after its end: not its bytes */
		for (n = al->n; n > 1 && al->off[n - 1] + ANCHOR_SAFE > from;)
			n--;
		aline_cut(al, n);
	}
}

/* Make the layout the builder lays out with: v's, with no forced break
 * and no atlas. */
static struct layout *
build_layout(const struct textview *v, const struct textsrc *src)
{
	struct textview bv = *v;
	struct cursor none = { 0, 0 };	/* nothing to place */
	struct layout *lo;
	uint64_t top;

	bv.atlas = NULL;
	bv.top = 0;
	bv.cur = &none;
	if ((lo = layout_new(&bv, src, &top)) == NULL)
		return NULL;
	lo->size = src->size < v->cur->size ? src->size : v->cur->size;
	lo->seg = BUILD_SEG;
	return lo;
}

/*
 * Lay al out further, about budget bytes: record an anchor at the first
 * row start (wrap on) or unit start (wrap off) gap bytes past the last
 * one, and the line's end when reached.  Returns the bytes laid out,
 * or -1 with errno.
 */
static int64_t
aline_build(struct layout *lo, struct aline *al, uint64_t gap,
    uint64_t budget)
{
	uint64_t start = al->pos, last = al->off[al->n - 1], skipped, base;
	unsigned c, width;
	struct walker w;
	struct unit u;
	int ended;

	walker_start(lo, &w, al->line, al->pos);
	while (al->end == NONE && al->pos - start < budget) {
		if (al->pos >= lo->size) {
			al->end = lo->size;
			break;
		}
		if (lo->wrap) {		/* one row */
			if (row_layout(lo, &w, NULL, 0) == -1)
				break;
			ended = w.pos >= lo->size || w.line != al->line;
			if (ended) {
				al->end = w.pos;
				al->eol = reader_byte(lo, w.pos - 1) == '\n';
				break;
			}
			al->pos = w.pos;
			if (al->pos - last >= gap) {
				if (aline_add(al, al->pos, 0) == -1)
					return -1;
				last = al->pos;
			}
			continue;
		}
		/* Wrap off: a run of plain bytes, then one unit. */
		c = (unsigned)(al->pcol % 8);
		base = al->pcol - c;
		skipped = NONE;
		row_skip(lo, &w, NULL, &c, c + (unsigned)gap, &skipped);
		if (walker_unit(lo, &w, &u) == -1) {
			al->pos = w.pos;
			al->pcol = base + c;
			continue;	/* the end of the file */
		}
		if (u.kind != UNIT_EOL && w.pos - last >= gap) {
			if (aline_add(al, w.pos, base + c) == -1)
				return -1;
			last = w.pos;
		}
		width = u.kind == UNIT_TAB ? 8 - c % 8 : u.width;
		ended = walker_advance(lo, &w, &u);
		al->pos = w.pos;
		al->pcol = base + c + width;
		if (ended) {
			al->end = w.pos;
			al->eol = u.kind == UNIT_EOL;
		}
	}
	if (lo->error != 0) {	/* what was laid out last is not sure */
		aline_cut(al, al->n);
		errno = lo->error;
		return -1;
	}
	return (int64_t)(al->pos - start);
}

/* Return the atlas's line starting at line, making it (the least
 * recently wanted one goes) if need be; NULL with errno ENOMEM. */
static struct aline *
atlas_line(struct textview_atlas *a, uint64_t line)
{
	struct aline *al, *old = &a->lines[0];
	unsigned i;

	for (i = 0; i < ATLAS_LINES; i++) {
		al = &a->lines[i];
		if (al->line == line)
			return al;
		if (al->line == NONE || (old->line != NONE &&
		    al->used < old->used))
			old = al;
	}
	aline_clear(old);
	if (aline_add(old, line, 0) == -1)
		return NULL;
	old->line = old->pos = line;
	return old;
}

/*
 * Return the first place (the cursor, then each row on screen) that is
 * in a long line the atlas has not laid out to its end, in *x, with the
 * atlas's line for it in *al (NULL when its start is still unknown).
 * Returns 1, or 0 when there is none.  A line is long when the segments
 * cut it (its start or end is a forced break).
 */
static int
atlas_want(struct layout *lo, struct textview_atlas *a,
    const struct textview *v, uint64_t top, uint64_t *x,
    const struct aline **want)
{
	uint64_t at = v->cur->off, checked = NONE;
	struct walker w, row;
	unsigned r = 0;

	walker_find(lo, &row, top);
	for (;;) {
		walker_find(lo, &w, at);
		if (w.al != NULL) {
			a->lines[w.al - a->lines].used = ++a->tick;
			if (w.al->end == NONE) {
				*x = at;
				*want = w.al;
				return 1;
			}
		} else if (w.line != checked && (!w.real ||
		    (w.brk < lo->size && reader_find_nl(lo, w.line,
		    w.brk) == NONE))) {
			*x = at;
			*want = NULL;
			return 1;
		} else
			checked = w.line;
		if (r >= v->rows || row.pos >= lo->size)
			return 0;
		at = row.pos;
		r++;
		if (row_layout(lo, &row, NULL, 0) == -1)
			return 0;
	}
}

/*
 * Seek the start of the long line holding x, about budget bytes further
 * back than the last call for the same line; return it, or NONE while
 * not found.  The seek stops early at a line the atlas is laying out.
 */
static uint64_t
atlas_seek(struct layout *lo, struct textview_atlas *a, uint64_t x,
    uint64_t budget, uint64_t *spent)
{
	uint64_t l = line_start(lo, x), from, nl;
	const struct aline *al;
	unsigned i;

	if (a->seek_from != l) {
		a->seek_from = a->seek_at = l;
		a->seek_line = NONE;
		if (l == 0 || reader_byte(lo, l - 1) == '\n')
			a->seek_line = l;
	}
	while (a->seek_line == NONE) {
		for (i = 0; i < ATLAS_LINES; i++) {
			al = &a->lines[i];
			if (al->line != NONE && al->end == NONE &&
			    al->line <= a->seek_at && a->seek_at <= al->pos)
				return a->seek_line = al->line;
		}
		if (*spent >= budget)
			break;
		from = a->seek_at > budget - *spent ?
		    a->seek_at - (budget - *spent) : 0;
		nl = reader_rfind_nl(lo, from, a->seek_at);
		*spent += a->seek_at - from;
		a->seek_at = from;
		if (nl != NONE)
			a->seek_line = nl + 1;
		else if (from == 0)
			a->seek_line = 0;
	}
	return a->seek_line;
}

/* Return whether v shows what the atlas last found nothing to do for. */
static int
atlas_seen(const struct textview_atlas *a, const struct textview *v,
    uint64_t size)
{
	const struct textview *s = &a->seen;

	return a->idle && a->seen_size == size &&
	    a->seen_cur.off == v->cur->off &&
	    a->seen_cur.size == v->cur->size &&
	    s->top == v->top && s->rows == v->rows &&
	    s->cols == v->cols && s->wrap == v->wrap &&
	    s->numbers == v->numbers && s->hscroll == v->hscroll &&
	    s->number_digits == v->number_digits && s->seg == v->seg;
}

int
textview_atlas_step(struct textview_atlas *a, const struct textview *v,
    const struct textsrc *src, uint64_t budget)
{
	struct layout *lo, *bl = NULL;
	const struct aline *want;
	struct aline *al;
	uint64_t top, x, spent = 0, line, before, screen_end;
	struct walker w;
	unsigned i;
	int64_t n;
	int ret = 0;

	if (a == NULL || v->atlas != a)
		return 0;
	if (atlas_seen(a, v, src->size))
		return 0;
	if ((lo = layout_new(v, src, &top)) == NULL)
		return -1;
	if (lo->atlas == NULL) {	/* the layout changed: start anew */
		for (i = 0; i < ATLAS_LINES; i++)
			aline_clear(&a->lines[i]);
		a->seek_from = NONE;
		a->idle = 0;
		a->wrap = lo->wrap;
		a->textw = lo->textw;
		a->seg = lo->seg;
		a->gap = lo->seg / 16 < 4 ? 4 : lo->seg / 16 > ANCHOR_GAP ?
		    ANCHOR_GAP : lo->seg / 16;
		lo->atlas = a;
	}
	walker_find(lo, &w, top);
	for (i = 0; i < v->rows && w.pos < lo->size; i++)
		if (row_layout(lo, &w, NULL, 0) == -1)
			break;
	screen_end = w.pos;
	while (spent < budget && atlas_want(lo, a, v, top, &x, &want)) {
		ret = TEXTVIEW_ATLAS_MORE;
		if (want == NULL) {
			line = atlas_seek(lo, a, x, budget, &spent);
			if (line == NONE)
				break;
			if ((al = atlas_line(a, line)) == NULL)
				goto fail;
			al->used = ++a->tick;
		} else
			al = &a->lines[want - a->lines];
		if (bl == NULL && (bl = build_layout(v, src)) == NULL)
			goto fail;
		before = al->pos;
		if ((n = aline_build(bl, al, a->gap, budget - spent)) == -1)
			goto fail;
		spent += (uint64_t)n + 1;
		/* What shows moves when the layout reached the line's end,
		 * the place wanted or the screen (rows there are laid out
		 * from the new anchors). */
		if (al->end != NONE || (before <= x && x < al->pos) ||
		    (before < screen_end && al->pos > top))
			ret |= TEXTVIEW_ATLAS_CHANGED;
	}
	if (!(ret & TEXTVIEW_ATLAS_MORE) || spent < budget) {
		/* Found nothing left to do (or did it all). */
		if (!atlas_want(lo, a, v, top, &x, &want)) {
			ret &= ~TEXTVIEW_ATLAS_MORE;
			a->idle = 1;
			a->seen = *v;
			a->seen_cur = *v->cur;
			a->seen_size = src->size;
		}
	}
	if (bl != NULL)
		layout_free(bl, 0);
	return layout_free(lo, ret);
fail:
	if (bl != NULL)
		layout_free(bl, 0);
	layout_free(lo, 0);
	return -1;
}
