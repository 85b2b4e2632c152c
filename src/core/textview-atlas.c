/*
 * textview-atlas.c - building the text view's atlas of long lines
 * (textview.h, "Long lines"): finding the long lines on screen, seeking
 * their starts, laying them out in slices and keeping their anchors.
 * The layout machinery it lays out with is textview.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "textview-int.h"

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
	if ((lo = tv_layout_new(&bv, src, &top)) == NULL)
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

	tv_walker_start(lo, &w, al->line, al->pos);
	while (al->end == NONE && al->pos - start < budget) {
		if (al->pos >= lo->size) {
			al->end = lo->size;
			break;
		}
		if (lo->wrap) {		/* one row */
			if (tv_row_layout(lo, &w, NULL, 0) == -1)
				break;
			ended = w.pos >= lo->size || w.line != al->line;
			if (ended) {
				al->end = w.pos;
				al->eol = tv_reader_byte(lo, w.pos - 1) == '\n';
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
		tv_row_skip(lo, &w, NULL, &c, c + (unsigned)gap, &skipped);
		if (tv_walker_unit(lo, &w, &u) == -1) {
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
		ended = tv_walker_advance(lo, &w, &u);
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

	tv_walker_find(lo, &row, top);
	for (;;) {
		tv_walker_find(lo, &w, at);
		if (w.al != NULL) {
			a->lines[w.al - a->lines].used = ++a->tick;
			if (w.al->end == NONE) {
				*x = at;
				*want = w.al;
				return 1;
			}
		} else if (w.line != checked && (!w.real ||
		    (w.brk < lo->size && tv_reader_find_nl(lo, w.line,
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
		if (tv_row_layout(lo, &row, NULL, 0) == -1)
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
	uint64_t l = tv_line_start(lo, x), from, nl;
	const struct aline *al;
	unsigned i;

	if (a->seek_from != l) {
		a->seek_from = a->seek_at = l;
		a->seek_line = NONE;
		if (l == 0 || tv_reader_byte(lo, l - 1) == '\n')
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
		nl = tv_reader_rfind_nl(lo, from, a->seek_at);
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
	if ((lo = tv_layout_new(v, src, &top)) == NULL)
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
	tv_walker_find(lo, &w, top);
	for (i = 0; i < v->rows && w.pos < lo->size; i++)
		if (tv_row_layout(lo, &w, NULL, 0) == -1)
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
		tv_layout_free(bl, 0);
	return tv_layout_free(lo, ret);
fail:
	if (bl != NULL)
		tv_layout_free(bl, 0);
	tv_layout_free(lo, 0);
	return -1;
}
