/*
 * ledger.c - per byte, what the file held before mmhex wrote it and what
 * mmhex wrote last.
 *
 * Invariants:
 * - runs[0 .. count) are sorted by offset, each at least one byte long,
 *   and never overlap; offset + len never wraps.
 * - Each run owns its base and mine arrays (len bytes each).
 * - unsaved is the number of known bytes whose base and mine differ.
 * - A run in memory owns its base and mine arrays; a spilled run has
 *   both NULL, holds a reference on each of its sources, is at most
 *   LEDGER_BIG_RUN bytes and counts its differing bytes in differ.
 * A note inside known bytes only changes mine; the bytes it adds fill
 * the gaps between runs, extending the run on their left while it stays
 * at most LEDGER_RUN_MAX bytes (so typing byte after byte makes one run,
 * not one per byte), else as new runs.  Spilled runs are cut (at a cost
 * of reading at most LEDGER_BIG_RUN bytes) where a change begins or ends
 * inside one, and a spilled run that takes bytes from memory is brought
 * into memory first, so memory grows only with the bytes given in it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* Largest run that growing a run to the right may build. */
#define LEDGER_RUN_MAX 65536

/* Bytes of a spilled run compared per read. */
#define LEDGER_PIECE 65536

struct ledger {
	struct ledger_run *runs;	/* sorted, disjoint */
	size_t count;			/* runs held */
	size_t room;			/* runs allocated */
	uint64_t unsaved;		/* known bytes with base != mine */
	struct spill *spill;		/* where spilled runs' bytes are */
	unsigned char *scratch;		/* 2 * LEDGER_PIECE bytes, or NULL */
};

/* A stretch of a note that no run holds yet. */
struct ledger_gap {
	uint64_t at;			/* first byte */
	size_t n;			/* bytes */
	int extend;			/* grows the run before it */
	unsigned char *base, *mine;	/* new arrays (or grown ones) */
	uint64_t differ;		/* spilled: bytes with base != mine */
};

struct ledger *
ledger_new(void)
{
	struct ledger *l = calloc(1, sizeof *l);

	if (l == NULL)
		errno = ENOMEM;
	return l;
}

int
ledger_use_spill(struct ledger *l, struct spill *s)
{
	if (l->scratch == NULL &&
	    (l->scratch = malloc(2 * (size_t)LEDGER_PIECE)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	l->spill = s;
	return 0;
}

/* Free the arrays (or drop the sources) of runs[first .. last). */
static void
ledger_free_runs(struct ledger *l, size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last; i++) {
		free(l->runs[i].base);
		free(l->runs[i].mine);
		spill_src_unref(&l->runs[i].base_src);
		spill_src_unref(&l->runs[i].mine_src);
	}
}

void
ledger_free(struct ledger *l)
{
	if (l == NULL)
		return;
	ledger_free_runs(l, 0, l->count);
	free(l->runs);
	free(l->scratch);
	free(l);
}

/* Say whether a run is spilled. */
static int
ledger_spilled(const struct ledger_run *r)
{
	return r->base == NULL;
}

/* Copy base or mine (which: LEDGER_BASE, LEDGER_MINE) of run r for file
 * offsets [x, x + n), which lie in it, into buf.  Returns 0 or -1. */
static int
ledger_read(const struct ledger *l, const struct ledger_run *r, int which,
    uint64_t x, unsigned char *buf, size_t n);

/* Count the bytes where a and b differ: eight at a time (a byte of the
 * XOR folded onto its low bit), so a spilled run is counted at memory
 * speed. */
static uint64_t
ledger_differ(const unsigned char *a, const unsigned char *b, size_t n)
{
	const uint64_t low = 0x0101010101010101ull;
	uint64_t d = 0, x, y;
	size_t i = 0;

	if (n >= 64 && memcmp(a, b, n) == 0)
		return 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x ^= y;
		x |= x >> 4;
		x |= x >> 2;
		x |= x >> 1;
		d += ((x & low) * low) >> 56;
	}
	for (; i < n; i++)
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

static ssize_t ledger_gaps(const struct ledger *l, size_t first,
    uint64_t offset, size_t len, struct ledger_gap **gaps);

/* What ledger_overwrite() sets. */
#define LEDGER_MINE	1
#define LEDGER_BASE	2

static int
ledger_read(const struct ledger *l, const struct ledger_run *r, int which,
    uint64_t x, unsigned char *buf, size_t n)
{
	if (!ledger_spilled(r)) {
		memcpy(buf, (which == LEDGER_BASE ? r->base : r->mine) +
		    (x - r->offset), n);
		return 0;
	}
	return spill_src_read(l->spill, which == LEDGER_BASE ? r->base_src :
	    r->mine_src, x, buf, n);
}

/* Count the bytes of spilled run r in [lo, hi) (file offsets) whose base
 * and mine differ, into *d.  Returns 0 or -1. */
static int
ledger_count(const struct ledger *l, const struct ledger_run *r, uint64_t lo,
    uint64_t hi, uint64_t *d)
{
	unsigned char *b = l->scratch, *m = l->scratch + LEDGER_PIECE;
	size_t n;

	*d = 0;
	if (spill_src_same(r->base_src, r->mine_src))
		return 0;
	for (; lo < hi; lo += n) {
		n = hi - lo < LEDGER_PIECE ? (size_t)(hi - lo) : LEDGER_PIECE;
		if (ledger_read(l, r, LEDGER_BASE, lo, b, n) == -1 ||
		    ledger_read(l, r, LEDGER_MINE, lo, m, n) == -1)
			return -1;
		*d += ledger_differ(b, m, n);
	}
	return 0;
}

/* Make room for add more runs. */
static int
ledger_room(struct ledger *l, size_t add)
{
	struct ledger_run *runs;
	size_t room = l->room ? l->room : 8;

	if (add <= l->room - l->count)
		return 0;
	while (room - l->count < add && room < SIZE_MAX / 2 / sizeof *runs)
		room *= 2;
	runs = room - l->count >= add ? realloc(l->runs, room *
	    sizeof *runs) : NULL;
	if (runs == NULL) {
		errno = ENOMEM;
		return -1;
	}
	l->runs = runs;
	l->room = room;
	return 0;
}

/* Make x a run boundary when it lies strictly inside a spilled run (a
 * run in memory is left whole).  Returns 0 or -1. */
static int
ledger_cut(struct ledger *l, uint64_t x)
{
	struct ledger_run *r, right;
	size_t i = ledger_seek(l, x);
	uint64_t d;

	if (i == l->count || (r = &l->runs[i])->offset >= x ||
	    !ledger_spilled(r))
		return 0;
	if (ledger_room(l, 1) == -1)
		return -1;
	r = &l->runs[i];
	/* Count the smaller side; the other is what is left. */
	if (x - r->offset <= r->offset + r->len - x) {
		if (ledger_count(l, r, r->offset, x, &d) == -1)
			return -1;
		d = r->differ - d;
	} else if (ledger_count(l, r, x, r->offset + r->len, &d) == -1)
		return -1;
	right = *r;
	right.offset = x;
	right.len = (size_t)(r->offset + r->len - x);
	right.differ = d;
	right.base_src = spill_src_ref(r->base_src);
	right.mine_src = spill_src_ref(r->mine_src);
	r->len = (size_t)(x - r->offset);
	r->differ -= d;
	memmove(l->runs + i + 2, l->runs + i + 1, (l->count - i - 1) *
	    sizeof *l->runs);
	l->runs[i + 1] = right;
	l->count++;
	return 0;
}

/* Bring the spilled runs of [offset, end) into memory, cutting them at
 * its ends first.  Returns 0 or -1 (some may have been). */
static int
ledger_to_memory(struct ledger *l, uint64_t offset, uint64_t end)
{
	struct ledger_run *r;
	unsigned char *b, *m;
	uint64_t lo, hi;
	size_t i;

	for (i = ledger_seek(l, offset); i < l->count &&
	    l->runs[i].offset < end; i++)
		if (ledger_spilled(&l->runs[i]))
			break;
	if (i == l->count || l->runs[i].offset >= end)
		return 0;	/* nothing spilled there */
	if (ledger_cut(l, offset) == -1 || ledger_cut(l, end) == -1)
		return -1;
	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		if (!ledger_spilled(r))
			continue;
		b = malloc(r->len);
		m = malloc(r->len);
		if (b == NULL || m == NULL) {
			free(b);
			free(m);
			errno = ENOMEM;
			return -1;
		}
		if (ledger_read(l, r, LEDGER_BASE, r->offset, b, r->len) ||
		    ledger_read(l, r, LEDGER_MINE, r->offset, m, r->len)) {
			free(b);
			free(m);
			return -1;
		}
		spill_src_unref(&r->base_src);
		spill_src_unref(&r->mine_src);
		r->base = b;
		r->mine = m;
		r->differ = 0;
	}
	return 0;
}

/* Set mine, base or both (what) over the known bytes of a range. */
static int
ledger_overwrite(struct ledger *l, uint64_t offset, const unsigned char *bytes,
    size_t len, int what)
{
	uint64_t end = offset + len, lo, hi;
	struct ledger_run *r;
	size_t i, at, n;

	if (ledger_to_memory(l, offset, end) == -1)
		return -1;

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
	return 0;
}

int
ledger_set_mine(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len)
{
	return ledger_overwrite(l, offset, bytes, len, LEDGER_MINE);
}

int
ledger_set_base(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len)
{
	return ledger_overwrite(l, offset, bytes, len, LEDGER_BASE);
}

int
ledger_adopt(struct ledger *l, uint64_t offset, const void *bytes, size_t len)
{
	return ledger_overwrite(l, offset, bytes, len, LEDGER_MINE |
	    LEDGER_BASE);
}

/*
 * Set mine to mine_src (after in memory) over the known bytes of
 * [offset, offset + len): memory runs take the bytes, spilled runs (cut
 * at the ends) the source.  Returns 0 or -1.
 */
static int
ledger_put_src(struct ledger *l, uint64_t offset, const unsigned char *after,
    size_t len, struct spill_src mine_src)
{
	unsigned char *b = l->scratch;
	uint64_t end = offset + len, lo, hi, x, d;
	struct ledger_run *r;
	size_t i, n;

	if (ledger_cut(l, offset) == -1 || ledger_cut(l, end) == -1)
		return -1;
	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		if (!ledger_spilled(r)) {
			size_t at = (size_t)(lo - r->offset);

			n = (size_t)(hi - lo);
			l->unsaved -= ledger_differ(r->base + at, r->mine + at,
			    n);
			memcpy(r->mine + at, after + (lo - offset), n);
			l->unsaved += ledger_differ(r->base + at, r->mine + at,
			    n);
			continue;
		}
		/* The whole run lies inside: it was cut at the ends. */
		d = 0;
		if (!spill_src_same(r->base_src, mine_src)) {
			for (x = lo; x < hi; x += n) {
				n = hi - x < LEDGER_PIECE ? (size_t)(hi - x) :
				    LEDGER_PIECE;
				if (ledger_read(l, r, LEDGER_BASE, x, b, n) == -1)
					return -1;
				d += ledger_differ(b, after + (x - offset), n);
			}
		}
		l->unsaved = l->unsaved - r->differ + d;
		r->differ = d;
		spill_src_unref(&r->mine_src);
		r->mine_src = spill_src_ref(mine_src);
	}
	return 0;
}

int
ledger_set_mine_src(struct ledger *l, uint64_t offset, const void *after,
    size_t len, struct spill_src mine_src)
{
	if (len == 0)
		return 0;
	if (l->spill == NULL) {
		errno = EINVAL;
		return -1;
	}
	return ledger_put_src(l, offset, after, len, mine_src);
}

int
ledger_note_src(struct ledger *l, uint64_t offset, const void *before,
    const void *after, size_t len, struct spill_src base_src,
    struct spill_src mine_src)
{
	const unsigned char *b = before, *a = after;
	struct ledger_gap *g = NULL;
	struct ledger_run *r, run;
	size_t first, i, k, out, added;
	ssize_t n;

	if (len == 0)
		return 0;
	if (l->spill == NULL || len > LEDGER_BIG_RUN ||
	    (uint64_t)len > UINT64_MAX - offset) {
		errno = EINVAL;
		return -1;
	}
	if (ledger_put_src(l, offset, a, len, mine_src) == -1)
		return -1;
	first = ledger_seek(l, offset);
	if ((n = ledger_gaps(l, first, offset, len, &g)) <= 0)
		return (int)n;
	if (ledger_room(l, (size_t)n) == -1) {
		free(g);
		return -1;
	}
	/* Nothing can fail from here on. */
	added = 0;
	for (i = 0; i < (size_t)n; i++) {
		uint64_t rel = g[i].at - offset, d;

		d = ledger_differ(b + rel, a + rel, g[i].n);
		l->unsaved += d;
		r = first > 0 ? &l->runs[first - 1] : NULL;
		if (i == 0 && r != NULL && ledger_spilled(r) &&
		    r->offset + r->len == g[0].at &&
		    r->len + g[0].n <= LEDGER_BIG_RUN &&
		    spill_src_same(r->base_src, base_src) &&
		    spill_src_same(r->mine_src, mine_src)) {
			r->len += g[0].n;
			r->differ += d;
			g[0].extend = 1;
			continue;
		}
		g[i].differ = d;
		added++;
	}
	k = l->count;
	out = l->count + added;
	for (i = (size_t)n; i-- > 0;) {
		if (g[i].extend)
			continue;
		while (k > first && l->runs[k - 1].offset > g[i].at)
			l->runs[--out] = l->runs[--k];
		memset(&run, 0, sizeof run);
		run.offset = g[i].at;
		run.len = g[i].n;
		run.differ = g[i].differ;
		run.base_src = spill_src_ref(base_src);
		run.mine_src = spill_src_ref(mine_src);
		l->runs[--out] = run;
	}
	l->count += added;
	free(g);
	return 0;
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
		if (i == 0 && r != NULL && !ledger_spilled(r) &&
		    r->offset + r->len == g[0].at &&
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
	if (ledger_to_memory(l, offset, offset + len) == -1)
		return -1;
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

	/* Nothing can fail from here on (no spilled run is left there).
	 * Known bytes first. */
	(void)ledger_overwrite(l, offset, a, len, LEDGER_MINE);
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
		memset(r, 0, sizeof *r);	/* no spilled source */
		r->offset = g[i].at;
		r->len = g[i].n;
		r->base = g[i].base;
		r->mine = g[i].mine;
	}
	l->count += added;
	free(g);
	return 0;
}

int
ledger_put_base(struct ledger *l, uint64_t offset, uint64_t len)
{
	uint64_t end = len > UINT64_MAX - offset ? UINT64_MAX : offset + len;
	uint64_t lo, hi;
	struct ledger_run *r;
	size_t i, at;

	if (ledger_cut(l, offset) == -1 || ledger_cut(l, end) == -1)
		return -1;
	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		r = &l->runs[i];
		if (ledger_spilled(r)) {
			l->unsaved -= r->differ;
			r->differ = 0;
			spill_src_unref(&r->mine_src);
			r->mine_src = spill_src_ref(r->base_src);
			continue;
		}
		at = (size_t)(lo - r->offset);
		l->unsaved -= ledger_differ(r->base + at, r->mine + at,
		    (size_t)(hi - lo));
		memcpy(r->mine + at, r->base + at, (size_t)(hi - lo));
	}
	return 0;
}

void
ledger_mark_saved(struct ledger *l)
{
	struct ledger_run *r;
	size_t i;

	for (i = 0; i < l->count; i++) {
		r = &l->runs[i];
		if (!ledger_spilled(r)) {
			memcpy(r->base, r->mine, r->len);
			continue;
		}
		spill_src_unref(&r->base_src);
		r->base_src = spill_src_ref(r->mine_src);
		r->differ = 0;
	}
	l->unsaved = 0;
}

uint64_t
ledger_prune(struct ledger *l, uint64_t size)
{
	size_t i = ledger_seek(l, size), keep;
	uint64_t lost = 0, at, d;
	struct ledger_run *r;

	if (i == l->count)
		return 0;
	keep = i;
	r = &l->runs[i];
	if (r->offset < size) {
		/* This run straddles the new end: cut it there. */
		at = size - r->offset;
		if (!ledger_spilled(r))
			d = ledger_differ(r->base + at, r->mine + at,
			    r->len - (size_t)at);
		else if (ledger_count(l, r, size, r->offset + r->len, &d) == -1)
			d = r->differ < r->len - at ? r->differ : r->len - at;
		if (ledger_spilled(r))
			r->differ -= d;
		lost += d;
		r->len = (size_t)at;
		keep = i + 1;
	}
	for (i = keep; i < l->count; i++)
		lost += ledger_spilled(&l->runs[i]) ? l->runs[i].differ :
		    ledger_differ(l->runs[i].base, l->runs[i].mine,
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

/* ledger_each_unsaved() over [lo, hi) (offsets into r) of a spilled run,
 * read in pieces. */
static int
ledger_each_spilled(const struct ledger *l, const struct ledger_run *r,
    size_t lo, size_t hi, int (*fn)(void *arg, uint64_t at, size_t n,
    const unsigned char *base, const unsigned char *mine), void *arg)
{
	unsigned char *b = l->scratch, *m = l->scratch + LEDGER_PIECE;
	size_t n, k, start;
	int ret;

	for (; lo < hi; lo += n) {
		n = hi - lo < LEDGER_PIECE ? hi - lo : LEDGER_PIECE;
		if (ledger_read(l, r, LEDGER_BASE, r->offset + lo, b, n) == -1 ||
		    ledger_read(l, r, LEDGER_MINE, r->offset + lo, m, n) == -1)
			return -1;
		for (k = 0; k < n;) {
			if (b[k] == m[k]) {
				k++;
				continue;
			}
			start = k;
			while (k < n && b[k] != m[k])
				k++;
			ret = fn(arg, r->offset + lo + start, k - start,
			    b + start, m + start);
			if (ret != 0)
				return ret;
		}
	}
	return 0;
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
		if (ledger_spilled(r)) {
			if (r->differ == 0)
				continue;
			if ((ret = ledger_each_spilled(l, r, lo, hi, fn,
			    arg)) != 0)
				return ret;
			continue;
		}
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

/* Mark the bytes [lo, hi) (file offsets) of a spilled run. */
static void
ledger_mark_spilled(const struct ledger *l, const struct ledger_run *r,
    uint64_t lo, uint64_t hi, unsigned char *marks)
{
	unsigned char b[4096], m[4096];
	size_t n, k;

	if (r->differ == 0)
		return;
	for (; lo < hi; lo += n, marks += n) {
		n = hi - lo < sizeof b ? (size_t)(hi - lo) : sizeof b;
		if (ledger_read(l, r, LEDGER_BASE, lo, b, n) == -1 ||
		    ledger_read(l, r, LEDGER_MINE, lo, m, n) == -1) {
			memset(marks, 1, n);
			continue;
		}
		for (k = 0; k < n; k++)
			marks[k] = b[k] != m[k];
	}
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
		if (ledger_spilled(r)) {
			ledger_mark_spilled(l, r, lo, hi, marks + (lo - offset));
			continue;
		}
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
static int
ledger_copy(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf, int which)
{
	uint64_t end = offset + len, lo, hi;
	size_t i;

	for (i = ledger_seek(l, offset); ledger_overlap(l, i, offset, end, &lo,
	    &hi); i++) {
		if (ledger_read(l, &l->runs[i], which, lo, buf + (lo - offset),
		    (size_t)(hi - lo)) == -1)
			return -1;
	}
	return 0;
}

int
ledger_copy_mine(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf)
{
	return ledger_copy(l, offset, len, buf, LEDGER_MINE);
}

int
ledger_copy_base(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf)
{
	return ledger_copy(l, offset, len, buf, LEDGER_BASE);
}
