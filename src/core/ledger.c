/*
 * ledger.c - per byte, what the file held before mmhex wrote it and what
 * mmhex wrote last.
 *
 * Invariants:
 * - runs[0 .. count) are sorted by offset, each at least one byte long,
 *   and never overlap; offset + len never wraps.
 * - Each run owns its base and mine arrays (len bytes each).
 * - unsaved is the number of known bytes whose base and mine differ.
 * A note inside known bytes only changes mine; the bytes it adds fill
 * the gaps between runs, extending the run on their left while it stays
 * at most LEDGER_RUN_MAX bytes (so typing byte after byte makes one run,
 * not one per byte), else as new runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* Largest run that growing a run to the right may build. */
#define LEDGER_RUN_MAX 65536

struct ledger {
	struct ledger_run *runs;	/* sorted, disjoint */
	size_t count;			/* runs held */
	size_t room;			/* runs allocated */
	uint64_t unsaved;		/* known bytes with base != mine */
};

/* A stretch of a note that no run holds yet. */
struct ledger_gap {
	uint64_t at;			/* first byte */
	size_t n;			/* bytes */
	int extend;			/* grows the run before it */
	unsigned char *base, *mine;	/* new arrays (or grown ones) */
};

struct ledger *
ledger_new(void)
{
	struct ledger *l = calloc(1, sizeof *l);

	if (l == NULL)
		errno = ENOMEM;
	return l;
}

/* Free the arrays of runs[first .. last). */
static void
ledger_free_runs(struct ledger *l, size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last; i++) {
		free(l->runs[i].base);
		free(l->runs[i].mine);
	}
}

void
ledger_free(struct ledger *l)
{
	if (l == NULL)
		return;
	ledger_free_runs(l, 0, l->count);
	free(l->runs);
	free(l);
}

/* Count the bytes where a and b differ. */
static uint64_t
ledger_differ(const unsigned char *a, const unsigned char *b, size_t n)
{
	uint64_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d += a[i] != b[i];
	return d;
}

size_t
ledger_seek(const struct ledger *l, uint64_t offset)
{
	size_t lo = 0, hi = l->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (l->runs[mid].offset + l->runs[mid].len <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Say whether runs[i] overlaps [offset, end), and where: [*lo, *hi).
 * Walked from ledger_seek(offset), the runs that do come in order. */
static int
ledger_overlap(const struct ledger *l, size_t i, uint64_t offset,
    uint64_t end, uint64_t *lo, uint64_t *hi)
{
	const struct ledger_run *r;

	if (i >= l->count || (r = &l->runs[i])->offset >= end)
		return 0;
	*lo = r->offset > offset ? r->offset : offset;
	*hi = r->offset + r->len < end ? r->offset + r->len : end;
	return 1;
}

/* What ledger_overwrite() sets. */
#define LEDGER_MINE	1
#define LEDGER_BASE	2

/* Set mine, base or both (what) over the known bytes of a range. */
static void
ledger_overwrite(struct ledger *l, uint64_t offset, const unsigned char *bytes,
    size_t len, int what)
{
	uint64_t end = offset + len, lo, hi;
	struct ledger_run *r;
	size_t i, at, n;

	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		at = (size_t)(lo - r->offset);
		n = (size_t)(hi - lo);
		l->unsaved -= ledger_differ(r->base + at, r->mine + at, n);
		if (what & LEDGER_MINE)
			memcpy(r->mine + at, bytes + (lo - offset), n);
		if (what & LEDGER_BASE)
			memcpy(r->base + at, bytes + (lo - offset), n);
		l->unsaved += ledger_differ(r->base + at, r->mine + at, n);
	}
}

void
ledger_set_mine(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len)
{
	ledger_overwrite(l, offset, bytes, len, LEDGER_MINE);
}

void
ledger_set_base(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len)
{
	ledger_overwrite(l, offset, bytes, len, LEDGER_BASE);
}

void
ledger_adopt(struct ledger *l, uint64_t offset, const void *bytes, size_t len)
{
	ledger_overwrite(l, offset, bytes, len, LEDGER_MINE | LEDGER_BASE);
}

/* List the gaps of [offset, offset + len) starting at run index first;
 * returns their number, or -1 on ENOMEM.  *gaps is allocated. */
static ssize_t
ledger_gaps(const struct ledger *l, size_t first, uint64_t offset, size_t len,
    struct ledger_gap **gaps)
{
	uint64_t pos = offset, end = offset + len;
	struct ledger_gap *g = NULL, *grown;
	size_t n = 0, room = 0, i;

	for (i = first; pos < end; i++) {
		uint64_t next = i < l->count && l->runs[i].offset < end ?
		    l->runs[i].offset : end;

		if (next > pos) {
			if (n == room) {
				room = room ? 2 * room : 4;
				grown = realloc(g, room * sizeof *g);
				if (grown == NULL) {
					free(g);
					errno = ENOMEM;
					return -1;
				}
				g = grown;
			}
			g[n].at = pos;
			g[n].n = (size_t)(next - pos);
			g[n].extend = 0;
			g[n].base = g[n].mine = NULL;
			n++;
		}
		if (i >= l->count || l->runs[i].offset >= end)
			break;
		pos = l->runs[i].offset + l->runs[i].len;
	}
	*gaps = g;
	return (ssize_t)n;
}

/* Allocate the arrays of each gap; the first may instead grow the run
 * that ends where it starts (index prev, or SIZE_MAX for none). */
static int
ledger_gap_arrays(struct ledger *l, struct ledger_gap *g, size_t n,
    size_t prev)
{
	struct ledger_run *r = prev != SIZE_MAX ? &l->runs[prev] : NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i == 0 && r != NULL && r->offset + r->len == g[0].at &&
		    r->len + g[0].n <= LEDGER_RUN_MAX) {
			unsigned char *b = realloc(r->base, r->len + g[0].n);

			if (b != NULL)
				r->base = b;
			b = b != NULL ? realloc(r->mine, r->len + g[0].n) :
			    NULL;
			if (b != NULL) {
				/* Both grown; the run's len grows on apply. */
				r->mine = b;
				g[0].extend = 1;
				continue;
			}
		}
		g[i].base = malloc(g[i].n);
		g[i].mine = malloc(g[i].n);
		if (g[i].base == NULL || g[i].mine == NULL)
			goto fail;
	}
	return 0;
fail:
	for (; ; i--) {
		free(g[i].base);
		free(g[i].mine);
		if (i == 0)
			break;
	}
	errno = ENOMEM;
	return -1;
}

int
ledger_note(struct ledger *l, uint64_t offset, const void *before,
    const void *after, size_t len)
{
	const unsigned char *b = before, *a = after;
	struct ledger_gap *g = NULL;
	struct ledger_run *runs, *r;
	size_t first, added, i, k, out;
	ssize_t n;

	if (len == 0)
		return 0;
	if ((uint64_t)len > UINT64_MAX - offset) {
		errno = EINVAL;
		return -1;
	}
	first = ledger_seek(l, offset);
	if ((n = ledger_gaps(l, first, offset, len, &g)) == -1)
		return -1;
	if (n > 0 && ledger_gap_arrays(l, g, (size_t)n, first > 0 ?
	    first - 1 : SIZE_MAX) == -1) {
		free(g);
		return -1;
	}
	added = (size_t)n - (n > 0 && g[0].extend);
	if (added > l->room - l->count) {
		size_t room = l->room ? l->room : 8;

		while (room - l->count < added && room < SIZE_MAX / 2 /
		    sizeof *runs)
			room *= 2;
		runs = room - l->count >= added ? realloc(l->runs, room *
		    sizeof *runs) : NULL;
		if (runs == NULL) {
			/* A grown run keeps its larger arrays: harmless. */
			for (i = 0; i < (size_t)n; i++) {
				free(g[i].base);
				free(g[i].mine);
			}
			free(g);
			errno = ENOMEM;
			return -1;
		}
		l->runs = runs;
		l->room = room;
	}

	/* Nothing can fail from here on.  Known bytes first. */
	ledger_overwrite(l, offset, a, len, LEDGER_MINE);
	for (i = 0; i < (size_t)n; i++) {
		uint64_t rel = g[i].at - offset;

		if (g[i].extend) {
			r = &l->runs[first - 1];
			memcpy(r->base + r->len, b + rel, g[i].n);
			memcpy(r->mine + r->len, a + rel, g[i].n);
			r->len += g[i].n;
		} else {
			memcpy(g[i].base, b + rel, g[i].n);
			memcpy(g[i].mine, a + rel, g[i].n);
		}
		l->unsaved += ledger_differ(b + rel, a + rel, g[i].n);
	}
	/* Slot the new runs in among the old ones, from the back, so that
	 * appending past the last run moves nothing. */
	k = l->count;
	out = l->count + added;
	for (i = (size_t)n; i-- > 0;) {
		if (g[i].extend)
			continue;
		while (k > first && l->runs[k - 1].offset > g[i].at)
			l->runs[--out] = l->runs[--k];
		r = &l->runs[--out];
		r->offset = g[i].at;
		r->len = g[i].n;
		r->base = g[i].base;
		r->mine = g[i].mine;
	}
	l->count += added;
	free(g);
	return 0;
}

void
ledger_mark_saved(struct ledger *l)
{
	size_t i;

	for (i = 0; i < l->count; i++)
		memcpy(l->runs[i].base, l->runs[i].mine, l->runs[i].len);
	l->unsaved = 0;
}

uint64_t
ledger_prune(struct ledger *l, uint64_t size)
{
	size_t i = ledger_seek(l, size), keep;
	uint64_t lost = 0, at;
	struct ledger_run *r;

	if (i == l->count)
		return 0;
	keep = i;
	r = &l->runs[i];
	if (r->offset < size) {
		/* This run straddles the new end: cut it there. */
		at = size - r->offset;
		lost += ledger_differ(r->base + at, r->mine + at,
		    r->len - (size_t)at);
		r->len = (size_t)at;
		keep = i + 1;
	}
	for (i = keep; i < l->count; i++)
		lost += ledger_differ(l->runs[i].base, l->runs[i].mine,
		    l->runs[i].len);
	ledger_free_runs(l, keep, l->count);
	l->count = keep;
	l->unsaved -= lost;
	return lost;
}

uint64_t
ledger_unsaved(const struct ledger *l)
{
	return l->unsaved;
}

const struct ledger_run *
ledger_runs(const struct ledger *l, size_t *count)
{
	*count = l->count;
	return l->count > 0 ? l->runs : NULL;
}

int
ledger_each_unsaved(const struct ledger *l, uint64_t offset, uint64_t len,
    int (*fn)(void *arg, uint64_t at, size_t n, const unsigned char *base,
    const unsigned char *mine), void *arg)
{
	uint64_t end = len > UINT64_MAX - offset ? UINT64_MAX : offset + len;
	const struct ledger_run *r;
	size_t i, lo, hi, start;
	int ret;

	if (l->unsaved == 0)
		return 0;
	for (i = ledger_seek(l, offset); i < l->count; i++) {
		r = &l->runs[i];
		if (r->offset >= end)
			break;
		lo = r->offset < offset ? (size_t)(offset - r->offset) : 0;
		hi = end - r->offset < r->len ? (size_t)(end - r->offset) :
		    r->len;
		while (lo < hi) {
			if (r->base[lo] == r->mine[lo]) {
				lo++;
				continue;
			}
			start = lo;
			while (lo < hi && r->base[lo] != r->mine[lo])
				lo++;
			ret = fn(arg, r->offset + start, lo - start,
			    r->base + start, r->mine + start);
			if (ret != 0)
				return ret;
		}
	}
	return 0;
}

void
ledger_mark_window(const struct ledger *l, uint64_t offset, size_t n,
    unsigned char *marks)
{
	const struct ledger_run *r;
	uint64_t end = offset + n, lo, hi, k;
	size_t i;

	if (n == 0)
		return;
	memset(marks, 0, n);
	if (l->unsaved == 0)
		return;
	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		for (k = lo; k < hi; k++)
			marks[k - offset] = r->base[k - r->offset] !=
			    r->mine[k - r->offset];
	}
}

/* The array ledger_unsaved_ranges() builds. */
struct ledger_range_list {
	struct ledger_range *r;		/* ranges */
	size_t count, room;		/* held, allocated */
};

/* Append one range to the array being built by ledger_unsaved_ranges(). */
static int
ledger_add_range(void *arg, uint64_t at, size_t n, const unsigned char *base,
    const unsigned char *mine)
{
	struct ledger_range_list *list = arg;
	struct ledger_range *grown;

	(void)base;
	(void)mine;
	if (list->count == list->room) {
		list->room = list->room ? 2 * list->room : 8;
		grown = realloc(list->r, list->room * sizeof *grown);
		if (grown == NULL)
			return -1;
		list->r = grown;
	}
	list->r[list->count].offset = at;
	list->r[list->count].len = n;
	list->count++;
	return 0;
}

int
ledger_unsaved_ranges(const struct ledger *l, struct ledger_range **ranges,
    size_t *count)
{
	struct ledger_range_list list = { NULL, 0, 0 };

	*ranges = NULL;
	*count = 0;
	if (ledger_each_unsaved(l, 0, UINT64_MAX, ledger_add_range,
	    &list) != 0) {
		free(list.r);
		errno = ENOMEM;
		return -1;
	}
	*ranges = list.r;
	*count = list.count;
	return 0;
}

/* Copy mine or base (which) for [offset, offset + len) into buf. */
static void
ledger_copy(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf, int which)
{
	const struct ledger_run *r;
	uint64_t end = offset + len, lo, hi;
	size_t i;

	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		memcpy(buf + (lo - offset), (which == LEDGER_BASE ? r->base :
		    r->mine) + (lo - r->offset), (size_t)(hi - lo));
	}
}

void
ledger_copy_mine(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf)
{
	ledger_copy(l, offset, len, buf, LEDGER_MINE);
}

void
ledger_copy_base(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf)
{
	ledger_copy(l, offset, len, buf, LEDGER_BASE);
}
