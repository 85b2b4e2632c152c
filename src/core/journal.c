/*
 * journal.c - the list of edits behind undo, redo, highlighting and save.
 *
 * The journal is an array of edits, edits[0 .. count), and a position
 * cur: edits[0 .. cur) are applied, edits[cur .. count) were undone and
 * can be redone.  Each edit owns one allocation of 2 * len bytes, its
 * old bytes followed by its new bytes, or is big: no allocation, its
 * old bytes in the spill file and its new bytes there or a pattern (two
 * sources, one reference each).  A joined edit is one undo step with
 * the edit before it; big edits are never joined.  While a big edit is
 * being added (big_on), nothing else changes the journal.
 *
 * The saved state is held as a prefix and a set of ranges: it is what
 * applying edits[0 .. base) gives, except that the bytes in the orphan
 * ranges may differ too.  After a save, base is cur and there are no
 * orphans.  Undoing past the save and then recording a new edit drops
 * edits[cur .. base), which were part of the saved state: that state can
 * no longer be reached by undo and redo, so their ranges become orphan
 * ranges (the bytes a save must write back), their number is added to
 * orphan_edits, and base moves back to cur, where the two histories part.
 *
 * Invariants:
 * - cur <= count and base <= count.
 * - norphans == 0 exactly when orphan_edits == 0; the orphan ranges are
 *   sorted, at least one byte long and neither overlap nor touch.
 * - Unsaved edits: |cur - base| + orphan_edits.  It is 0 exactly when
 *   the applied edits are the saved state.
 * - Every byte that differs between the applied state and the saved
 *   state lies in the range of an edit between cur and base (either
 *   order) or in an orphan range; journal_dirty() is that union.
 * - No edit changes after it is recorded except edits[cur - 1] by a
 *   merge, and only while open, cur == count and cur > base: an undone
 *   edit or one inside the saved state never changes.  The exception is
 *   journal_adopt(), which sets old and new of a byte alike to what
 *   another process wrote there (the user chose to keep it).
 * - The ledger holds, for every byte an edit still covers, mmhex's bytes
 *   as the applied edits leave them (undo and redo set them).
 * - offset + len <= UINT64_MAX for every edit and range: ends never wrap.
 * - When dirty_valid is set, dirty[0 .. ndirty) is the union above,
 *   sorted and merged; anything that changes cur, base, the orphans or an
 *   edit clears dirty_valid.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

/* Edits held when the array is first allocated. */
#define JOURNAL_FIRST_ROOM 16

/* One recorded edit. */
struct journal_entry {
	uint64_t offset;		/* first byte edited */
	size_t len;			/* bytes edited, >= 1 */
	unsigned char *bytes;		/* len old bytes, then len new; NULL
					 * for a big edit */
	struct spill_src old_src;	/* big: where the old bytes are */
	struct spill_src new_src;	/* big: where the new bytes are */
	int joined;			/* one step with the edit before */
};

/* The big edit being added. */
struct journal_big {
	int on;				/* begun, not ended */
	uint64_t offset;		/* first byte */
	uint64_t len;			/* bytes announced */
	uint64_t done;			/* bytes added */
	uint64_t old_at;		/* spill offset of the old bytes */
	uint64_t new_at;		/* spill offset of the new bytes */
	struct spill_src new_src;	/* pattern, or spilled at new_at */
};

struct journal {
	struct journal_entry *edits;	/* every edit, oldest first */
	size_t count;			/* edits held */
	size_t room;			/* edits allocated */
	size_t cur;			/* edits[0 .. cur) are applied */
	int open;			/* edits[cur - 1] may take a merge */

	size_t base;			/* saved state: edits[0 .. base) */
	struct journal_range *orphans;	/* ranges of dropped saved edits */
	size_t norphans;		/* orphan ranges */
	size_t orphan_edits;		/* dropped edits that were saved */

	struct journal_range *dirty;	/* cached answer of journal_dirty() */
	size_t ndirty;			/* ranges in it */
	size_t dirty_room;		/* ranges allocated */
	int dirty_valid;		/* the cache is up to date */

	struct journal_edit view;	/* edit last handed to the caller */
	struct ledger *ledger;		/* per byte: mine and saved */
	struct spill *spill;		/* the bytes of big edits */
	struct journal_big big;		/* the big edit being added */
};

struct journal *
journal_new(void)
{
	struct journal *j;

	j = calloc(1, sizeof *j);
	if (j == NULL || (j->ledger = ledger_new()) == NULL ||
	    (j->spill = spill_new()) == NULL ||
	    ledger_use_spill(j->ledger, j->spill) == -1) {
		if (j != NULL) {
			ledger_free(j->ledger);
			spill_free(j->spill);
		}
		free(j);
		errno = ENOMEM;
		return NULL;
	}
	return j;
}

/* Free the bytes of one edit. */
static void
journal_entry_free(struct journal_entry *e)
{
	free(e->bytes);
	spill_src_unref(&e->old_src);
	spill_src_unref(&e->new_src);
}

/* Free the bytes of edits[first .. count) and forget them. */
static void
journal_drop(struct journal *j, size_t first)
{
	size_t i;

	for (i = first; i < j->count; i++)
		journal_entry_free(&j->edits[i]);
	j->count = first;
}

void
journal_free(struct journal *j)
{
	if (j == NULL)
		return;
	journal_drop(j, 0);
	free(j->edits);
	free(j->orphans);
	free(j->dirty);
	spill_src_unref(&j->big.new_src);
	ledger_free(j->ledger);
	spill_free(j->spill);
	free(j);
}

/* Order ranges by offset, for qsort(). */
static int
journal_compare_ranges(const void *a, const void *b)
{
	const struct journal_range *ra = a, *rb = b;

	if (ra->offset != rb->offset)
		return ra->offset < rb->offset ? -1 : 1;
	return 0;
}

/* Sort n ranges and merge those that touch or overlap; return how many
 * are left. */
static size_t
journal_normalize(struct journal_range *r, size_t n)
{
	size_t i, out;
	uint64_t end;

	if (n == 0)
		return 0;
	qsort(r, n, sizeof *r, journal_compare_ranges);
	out = 0;
	for (i = 1; i < n; i++) {
		end = r[out].offset + r[out].len;
		if (r[i].offset <= end) {
			if (r[i].offset + r[i].len > end)
				r[out].len = r[i].offset + r[i].len -
				    r[out].offset;
		} else
			r[++out] = r[i];
	}
	return out + 1;
}

/* Return the range of an edit. */
static struct journal_range
journal_entry_range(const struct journal_entry *e)
{
	struct journal_range r;

	r.offset = e->offset;
	r.len = e->len;
	return r;
}

/* Decide whether an edit at offset of len bytes merges into the last. */
static int
journal_can_merge(const struct journal *j, uint64_t offset, size_t len)
{
	const struct journal_entry *last;
	uint64_t end, last_end;

	if (!j->open || j->cur == 0 || j->cur != j->count || j->cur <= j->base)
		return 0;
	last = &j->edits[j->cur - 1];
	if (last->bytes == NULL)
		return 0;	/* a big edit */
	last_end = last->offset + last->len;
	if (offset < last->offset || offset > last_end)
		return 0;
	end = offset + len;
	if (end < last_end)
		end = last_end;
	return end - last->offset <= JOURNAL_MERGE_MAX;
}

/* Merge an edit into the last one, which journal_can_merge() allowed. */
static int
journal_merge(struct journal *j, uint64_t offset, const unsigned char *old,
    const unsigned char *new, size_t len)
{
	struct journal_entry *last = &j->edits[j->cur - 1];
	uint64_t last_end = last->offset + last->len, end;
	unsigned char *bytes;
	size_t was = last->len, now;

	end = offset + len > last_end ? offset + len : last_end;
	now = (size_t)(end - last->offset);
	if (now != was) {
		bytes = realloc(last->bytes, 2 * now);
		if (bytes == NULL) {
			errno = ENOMEM;
			return -1;
		}
		/* Move the new bytes up, then add the old bytes past the
		 * end, which only this edit has seen. */
		memmove(bytes + now, bytes + was, was);
		memcpy(bytes + was, old + (last_end - offset), now - was);
		last->bytes = bytes;
		last->len = now;
	}
	memcpy(last->bytes + now + (offset - last->offset), new, len);
	j->dirty_valid = 0;
	return 0;
}

/* Make room for one more edit at position cur. */
static int
journal_grow(struct journal *j)
{
	struct journal_entry *edits;
	size_t room;

	if (j->cur < j->room)
		return 0;
	if (j->room == 0)
		room = JOURNAL_FIRST_ROOM;
	else if (j->room > SIZE_MAX / 2 / sizeof *edits)
		goto fail;
	else
		room = j->room * 2;
	edits = realloc(j->edits, room * sizeof *edits);
	if (edits == NULL)
		goto fail;
	j->edits = edits;
	j->room = room;
	return 0;
fail:
	errno = ENOMEM;
	return -1;
}

/*
 * Build the orphan ranges the journal will have once edits[cur .. base)
 * are dropped: the old orphans plus their ranges.  Returns the new array
 * (NULL when there are none) and its length, or -1 on ENOMEM.
 */
static int
journal_orphan(const struct journal *j, struct journal_range **orphans,
    size_t *n)
{
	struct journal_range *r;
	size_t add, total, i;

	*orphans = NULL;
	*n = 0;
	if (j->base <= j->cur)
		return 0;
	add = j->base - j->cur;
	if (add > SIZE_MAX / sizeof *r - j->norphans)
		goto fail;
	total = j->norphans + add;
	r = malloc(total * sizeof *r);
	if (r == NULL)
		goto fail;
	if (j->norphans != 0)
		memcpy(r, j->orphans, j->norphans * sizeof *r);
	for (i = 0; i < add; i++)
		r[j->norphans + i] = journal_entry_range(&j->edits[j->cur + i]);
	*orphans = r;
	*n = journal_normalize(r, total);
	return 0;
fail:
	errno = ENOMEM;
	return -1;
}

/* Append the edit *add at cur, dropping the redo tail and orphaning the
 * saved edits in it.  Nothing changes unless every allocation works (the
 * caller then still owns *add). */
static int
journal_append_entry(struct journal *j, const struct journal_entry *add)
{
	struct journal_range *orphans = NULL;
	size_t norphans;

	if (journal_grow(j) != 0)
		return -1;
	if (journal_orphan(j, &orphans, &norphans) != 0)
		return -1;
	if (j->base > j->cur) {
		j->orphan_edits += j->base - j->cur;
		free(j->orphans);
		j->orphans = orphans;
		j->norphans = norphans;
		j->base = j->cur;
	}
	journal_drop(j, j->cur);
	j->edits[j->cur] = *add;
	j->count = ++j->cur;
	j->open = add->bytes != NULL && !add->joined;
	j->dirty_valid = 0;
	return 0;
}

/* Append a new edit held in memory (see journal_append_entry()). */
static int
journal_append(struct journal *j, uint64_t offset, const unsigned char *old,
    const unsigned char *new, size_t len, int joined)
{
	struct journal_entry e;

	if (len > SIZE_MAX / 2) {
		errno = ENOMEM;
		return -1;
	}
	memset(&e, 0, sizeof e);
	e.bytes = malloc(2 * len);
	if (e.bytes == NULL) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(e.bytes, old, len);
	memcpy(e.bytes + len, new, len);
	e.offset = offset;
	e.len = len;
	e.joined = joined;
	if (journal_append_entry(j, &e) == -1) {
		free(e.bytes);
		return -1;
	}
	return 0;
}

int
journal_record_step(struct journal *j, uint64_t offset, const void *old,
    const void *new, size_t len, int flags)
{
	int merge;

	if (len == 0)
		return 0;
	if ((uint64_t)len > UINT64_MAX - offset || j->big.on) {
		errno = EINVAL;
		return -1;
	}
	if (ledger_note(j->ledger, offset, old, new, len) == -1)
		return -1;
	merge = flags == 0 && journal_can_merge(j, offset, len);
	if ((merge ? journal_merge(j, offset, old, new, len) :
	    journal_append(j, offset, old, new, len, (flags & JOURNAL_JOIN) &&
	    j->cur > 0)) == -1) {
		/* The bytes stay as they were: so must mine (the note just
		 * brought them into memory, so this cannot fail). */
		ledger_set_mine(j->ledger, offset, old, len);
		errno = ENOMEM;
		return -1;
	}
	if (flags != 0)
		j->open = 0;
	return 0;
}

int
journal_record(struct journal *j, uint64_t offset, const void *old,
    const void *new, size_t len)
{
	return journal_record_step(j, offset, old, new, len, 0);
}

int
journal_big_begin(struct journal *j, uint64_t offset, uint64_t len,
    struct spill_src new_src)
{
	struct journal_big *b = &j->big;

	if (b->on || len == 0 || len > SIZE_MAX || len > UINT64_MAX - offset) {
		errno = EINVAL;
		return -1;
	}
	memset(b, 0, sizeof *b);
	if (spill_reserve(j->spill, len, &b->old_at) == -1)
		return -1;
	if (new_src.kind == SPILL_NONE) {
		if (spill_reserve(j->spill, len, &b->new_at) == -1)
			return -1;
		b->new_src = spill_at(b->new_at, offset);
	} else
		b->new_src = spill_src_ref(new_src);
	b->offset = offset;
	b->len = len;
	b->on = 1;
	return 0;
}

int
journal_big_add(struct journal *j, const void *old, const void *new,
    size_t n)
{
	struct journal_big *b = &j->big;
	struct spill_src old_src;
	uint64_t x = b->offset + b->done;

	if (!b->on || n > b->len - b->done || n > LEDGER_BIG_RUN) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0)
		return 0;
	old_src = spill_at(b->old_at, b->offset);
	if (spill_write(j->spill, b->old_at + b->done, old, n, 1) == -1 ||
	    (b->new_src.kind == SPILL_FILE && spill_write(j->spill, b->new_at +
	    b->done, new, n, 1) == -1))
		return -1;
	if (ledger_note_src(j->ledger, x, old, new, n, old_src,
	    b->new_src) == -1) {
		ledger_set_mine_src(j->ledger, x, old, n, old_src);
		return -1;
	}
	b->done += n;
	return 0;
}

int
journal_big_end(struct journal *j)
{
	struct journal_big *b = &j->big;
	struct journal_entry e;

	if (!b->on) {
		errno = EINVAL;
		return -1;
	}
	b->on = 0;
	if (b->done == 0) {
		spill_src_unref(&b->new_src);
		return 0;
	}
	memset(&e, 0, sizeof e);
	e.offset = b->offset;
	e.len = (size_t)b->done;
	e.old_src = spill_at(b->old_at, b->offset);
	e.new_src = b->new_src;
	if (journal_append_entry(j, &e) == -1) {
		spill_src_unref(&b->new_src);
		return -1;
	}
	b->new_src.kind = SPILL_NONE;	/* the edit holds the reference */
	b->new_src.pat = NULL;
	return 0;
}

uint64_t
journal_big_done(const struct journal *j)
{
	return j->big.done;
}

int
journal_edit_read(struct journal *j, const struct journal_edit *e, int which,
    uint64_t x, void *buf, size_t n)
{
	const unsigned char *bytes = which ? e->new : e->old;

	if (bytes != NULL) {
		memcpy(buf, bytes + (x - e->offset), n);
		return 0;
	}
	return spill_src_read(j->spill, which ? e->new_src : e->old_src, x, buf,
	    n);
}

int
journal_big_mine(struct journal *j, const struct journal_edit *e, int which,
    uint64_t x, const void *buf, size_t n)
{
	return ledger_set_mine_src(j->ledger, x, buf, n, which ? e->new_src :
	    e->old_src);
}

int
journal_big_split(struct journal *j, int redo, uint64_t done)
{
	struct journal_entry *e, a, b;
	size_t i;

	i = redo ? j->cur : j->cur - 1;
	if ((redo ? j->cur >= j->count : j->cur == 0) ||
	    j->edits[i].bytes != NULL || done == 0 || done >= j->edits[i].len) {
		errno = EINVAL;
		return -1;
	}
	if (j->count == j->room) {
		struct journal_entry *grown;
		size_t room = j->room * 2;

		grown = realloc(j->edits, room * sizeof *grown);
		if (grown == NULL) {
			errno = ENOMEM;
			return -1;
		}
		j->edits = grown;
		j->room = room;
	}
	e = &j->edits[i];
	/* a: the part done, b: the rest; the sources hold for both. */
	a = *e;
	a.len = (size_t)done;
	b = *e;
	b.offset = e->offset + done;
	b.len = e->len - (size_t)done;
	b.joined = 0;
	b.old_src = spill_src_ref(e->old_src);
	b.new_src = spill_src_ref(e->new_src);
	memmove(j->edits + i + 2, j->edits + i + 1, (j->count - i - 1) *
	    sizeof *j->edits);
	j->count++;
	if (j->base > i)
		j->base++;
	if (redo) {
		j->edits[i] = a;	/* redone next */
		j->edits[i + 1] = b;
	} else {
		j->edits[i] = b;	/* stays applied */
		j->edits[i + 1] = a;	/* undone next */
		j->cur++;
	}
	j->dirty_valid = 0;
	(void)(redo ? journal_redo(j) : journal_undo(j));
	return 0;
}

/* Point the caller's view at edits[i] and return it. */
static const struct journal_edit *
journal_view(struct journal *j, size_t i)
{
	const struct journal_entry *e = &j->edits[i];

	j->view.offset = e->offset;
	j->view.len = e->len;
	j->view.old = e->bytes;
	j->view.new = e->bytes != NULL ? e->bytes + e->len : NULL;
	j->view.old_src = e->old_src;
	j->view.new_src = e->new_src;
	j->view.joined = e->joined;
	return &j->view;
}

const struct journal_edit *
journal_undo(struct journal *j)
{
	const struct journal_edit *e;

	if (j->cur == 0)
		return NULL;
	j->cur--;
	j->open = 0;
	j->dirty_valid = 0;
	e = journal_view(j, j->cur);
	if (e->old != NULL)
		ledger_set_mine(j->ledger, e->offset, e->old, e->len);
	return e;
}

const struct journal_edit *
journal_redo(struct journal *j)
{
	const struct journal_edit *e;

	if (j->cur == j->count)
		return NULL;
	j->cur++;
	j->open = 0;
	j->dirty_valid = 0;
	e = journal_view(j, j->cur - 1);
	if (e->new != NULL)
		ledger_set_mine(j->ledger, e->offset, e->new, e->len);
	return e;
}

const struct journal_edit *
journal_peek_undo(struct journal *j)
{
	return j->cur > 0 ? journal_view(j, j->cur - 1) : NULL;
}

const struct journal_edit *
journal_peek_redo(struct journal *j)
{
	return j->cur < j->count ? journal_view(j, j->cur) : NULL;
}

const struct journal_edit *
journal_peek_undo_nth(struct journal *j, size_t k)
{
	return k < j->cur ? journal_view(j, j->cur - 1 - k) : NULL;
}

const struct journal_edit *
journal_peek_redo_nth(struct journal *j, size_t k)
{
	return k < j->count - j->cur ? journal_view(j, j->cur + k) : NULL;
}

struct ledger *
journal_ledger(struct journal *j)
{
	return j->ledger;
}

/* Bytes of a pattern written into the spill per write. */
#define JOURNAL_SPILL_CHUNK (1u << 20)

/* Give a big edit whose new bytes are a pattern its own spilled copy of
 * them, so that some of them can be changed. */
static int
journal_spill_new(struct journal *j, struct journal_entry *e)
{
	unsigned char *buf;
	uint64_t at, done;
	size_t n;

	if ((buf = malloc(JOURNAL_SPILL_CHUNK)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (spill_reserve(j->spill, e->len, &at) == -1)
		goto fail;
	for (done = 0; done < e->len; done += n) {
		n = e->len - done < JOURNAL_SPILL_CHUNK ?
		    (size_t)(e->len - done) : JOURNAL_SPILL_CHUNK;
		spill_src_read(j->spill, e->new_src, e->offset + done, buf, n);
		if (spill_write(j->spill, at + done, buf, n, 1) == -1)
			goto fail;
	}
	free(buf);
	spill_src_unref(&e->new_src);
	e->new_src = spill_at(at, e->offset);
	return 0;
fail:
	free(buf);
	return -1;
}

int
journal_adopt(struct journal *j, uint64_t offset, const void *bytes,
    size_t len)
{
	const unsigned char *b = bytes;
	struct journal_entry *e;
	uint64_t end = offset + len, lo, hi;
	size_t i, n;

	/* A merge would take the adopted bytes as its own old bytes. */
	j->open = 0;
	for (i = 0; i < j->count; i++) {
		e = &j->edits[i];
		lo = e->offset > offset ? e->offset : offset;
		hi = e->offset + e->len < end ? e->offset + e->len : end;
		if (lo >= hi)
			continue;
		n = (size_t)(hi - lo);
		if (e->bytes != NULL) {
			memcpy(e->bytes + (lo - e->offset), b + (lo - offset), n);
			memcpy(e->bytes + e->len + (lo - e->offset),
			    b + (lo - offset), n);
			continue;
		}
		/* Another source that names the same spilled byte names it
		 * for the same file offset, which takes these bytes too. */
		if (e->new_src.kind == SPILL_REPEAT &&
		    journal_spill_new(j, e) == -1)
			return -1;
		if (spill_write(j->spill, lo + e->old_src.shift, b + (lo -
		    offset), n, 0) == -1 || spill_write(j->spill, lo +
		    e->new_src.shift, b + (lo - offset), n, 0) == -1)
			return -1;
	}
	return ledger_adopt(j->ledger, offset, bytes, len);
}

void
journal_forget(struct journal *j)
{
	journal_drop(j, 0);
	free(j->orphans);
	j->orphans = NULL;
	j->norphans = 0;
	j->orphan_edits = 0;
	j->cur = j->base = 0;
	j->open = 0;
	j->dirty_valid = 0;
}

size_t
journal_applied(const struct journal *j)
{
	return j->cur;
}

size_t
journal_redoable(const struct journal *j)
{
	return j->count - j->cur;
}

void
journal_mark_saved(struct journal *j)
{
	free(j->orphans);
	j->orphans = NULL;
	j->norphans = 0;
	j->orphan_edits = 0;
	j->base = j->cur;
	j->dirty_valid = 0;
	ledger_mark_saved(j->ledger);
}

size_t
journal_unsaved(const struct journal *j)
{
	size_t steps;

	steps = j->cur > j->base ? j->cur - j->base : j->base - j->cur;
	return steps + j->orphan_edits;
}

/* Bring the dirty cache up to date. */
static int
journal_build_dirty(struct journal *j)
{
	struct journal_range *r;
	size_t lo, hi, need, i;

	lo = j->cur < j->base ? j->cur : j->base;
	hi = j->cur < j->base ? j->base : j->cur;
	if (hi - lo > SIZE_MAX / sizeof *r - j->norphans)
		goto fail;
	need = hi - lo + j->norphans;
	if (need > j->dirty_room) {
		r = realloc(j->dirty, need * sizeof *r);
		if (r == NULL)
			goto fail;
		j->dirty = r;
		j->dirty_room = need;
	}
	for (i = lo; i < hi; i++)
		j->dirty[i - lo] = journal_entry_range(&j->edits[i]);
	if (j->norphans != 0) {
		memcpy(j->dirty + (hi - lo), j->orphans,
		    j->norphans * sizeof *j->dirty);
	}
	j->ndirty = journal_normalize(j->dirty, need);
	j->dirty_valid = 1;
	return 0;
fail:
	errno = ENOMEM;
	return -1;
}

int
journal_dirty(struct journal *j, const struct journal_range **ranges,
    size_t *count)
{
	*ranges = NULL;
	*count = 0;
	if (!j->dirty_valid && journal_build_dirty(j) != 0)
		return -1;
	if (j->ndirty > 0) {
		*ranges = j->dirty;
		*count = j->ndirty;
	}
	return 0;
}

/* Mark the bytes of range r inside the window; return 0 when r starts
 * past the window, so later ranges need not be looked at. */
static int
journal_mark_range(const struct journal_range *r, uint64_t offset, size_t n,
    unsigned char *marks)
{
	uint64_t end = r->offset + r->len, first, last;

	if (end <= offset)
		return 1;
	if (r->offset >= offset && r->offset - offset >= n)
		return 0;
	first = r->offset > offset ? r->offset - offset : 0;
	last = end - offset < n ? end - offset : n;
	memset(marks + first, 1, (size_t)(last - first));
	return 1;
}

/* Mark the window straight from the edits and orphans, without the
 * cache; for when there is no memory to build it. */
static void
journal_mark_slow(const struct journal *j, uint64_t offset, size_t n,
    unsigned char *marks)
{
	struct journal_range r;
	size_t lo, hi, i;

	lo = j->cur < j->base ? j->cur : j->base;
	hi = j->cur < j->base ? j->base : j->cur;
	for (i = lo; i < hi; i++) {
		r = journal_entry_range(&j->edits[i]);
		journal_mark_range(&r, offset, n, marks);
	}
	for (i = 0; i < j->norphans; i++)
		journal_mark_range(&j->orphans[i], offset, n, marks);
}

void
journal_mark_window(struct journal *j, uint64_t offset, size_t n,
    unsigned char *marks)
{
	const struct journal_range *r;
	size_t count, lo, hi, mid;

	if (n == 0)
		return;
	memset(marks, 0, n);
	if (journal_dirty(j, &r, &count) == -1) {
		journal_mark_slow(j, offset, n, marks);
		return;
	}

	/* Find the first range that ends past the window's start. */
	lo = 0;
	hi = count;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r[mid].offset + r[mid].len <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < count; lo++) {
		if (!journal_mark_range(&r[lo], offset, n, marks))
			break;
	}
}
