/*
 * diff.c - compare two maps in steps (diff.h).
 *
 * A diff holds a position in A's offsets (pos) and, when the bytes just
 * before pos differed, the start of the run still open there (run_open,
 * run_start).  Everything before pos has been handed over except that
 * open run; the counts cover everything before pos.  A step reads the
 * next chunk of each file into its two buffers and scans them: memcmp on
 * blocks first, and word by word (8 bytes XORed, the zero bytes of the
 * XOR are the equal ones) only inside a block that differs.  pos moves
 * past a run before the run is handed to the callback, so a step the
 * callback stops (or a read that fails) can be resumed without handing a
 * range over twice.
 *
 * diff_next() and diff_prev() keep no state: what they carry between
 * calls is the offset they return in *reached, chosen so that a fresh
 * call from it gives the same answer (a run that began before it is
 * told by the byte just before it).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diff.h"
#include "errmsg.h"

/* Bytes read and compared at once by default. */
#define DIFF_CHUNK (1024u * 1024u)

/* Bytes compared with one memcmp before looking word by word. */
#define DIFF_BLOCK 4096u

/* What a hole skipped without reading costs against a budget. */
#define DIFF_HOLE_COST 4096u

/* The read buffers are aligned to this, for a huge page (a copy into
 * 4 KiB pages costs half as much again, measured here). */
#define DIFF_HUGE (2u * 1024u * 1024u)

/* Largest shift diff_resync() accepts. */
#define DIFF_RESYNC_LIMIT (1024u * 1024u)

/* What is known of one file's extent around the position (map_extent). */
struct extent {
	uint64_t lo, hi;	/* [lo, hi) is all hole or all data */
	int hole;
};

struct diff {
	struct map *a, *b;
	int64_t shift;		/* B's offset minus A's */
	uint64_t from;		/* the domain's first offset */
	uint64_t pos;		/* the next offset to compare */
	int run_open;		/* the bytes before pos differ */
	uint64_t run_start;	/* ... from here */
	uint64_t bytes;		/* differing bytes before pos (+ the tail) */
	uint64_t ranges;	/* ranges begun before pos (+ the tail) */
	int tail;		/* tail ranges handed over: 0, 1 or 2 */
	int finished;
	size_t chunk;		/* bytes per read */
	unsigned char *ba, *bb;	/* chunk bytes each */
	uint64_t held;		/* the buffers hold A's [held, held + nheld) */
	size_t nheld;		/* (and B's under the shift), 0: nothing */
	void *buf;		/* the mapping that holds them */
	size_t buflen;
	struct extent ea, eb;	/* in each file's own offsets */
};

/* The bytes of a 64-bit word, read without alignment. */
static uint64_t
diff_word(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return w;
}

/* Return a mask with the high bit of each zero byte of x set, exactly
 * (no false positives: the usual (x - 0x01..) & ~x trick has them). */
static uint64_t
diff_zero_bytes(uint64_t x)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;

	return ~(((x & low7) + low7) | x | low7);
}

/* Index of the byte a set bit of a word-wise mask stands for: the first
 * (lowest address) or the last. */
static size_t
diff_mask_first(uint64_t mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (size_t)__builtin_clzll(mask) / 8;
#else
	return (size_t)__builtin_ctzll(mask) / 8;
#endif
}

static size_t
diff_mask_last(uint64_t mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return 7 - (size_t)__builtin_ctzll(mask) / 8;
#else
	return 7 - (size_t)__builtin_clzll(mask) / 8;
#endif
}

/* Return the index of the first byte from i on where a and b differ,
 * or n. */
static size_t
diff_first_differ(const unsigned char *a, const unsigned char *b, size_t i,
    size_t n)
{
	size_t block, stop;
	uint64_t x;

	while (i < n) {
		block = n - i < DIFF_BLOCK ? n - i : DIFF_BLOCK;
		if (memcmp(a + i, b + i, block) == 0) {
			i += block;
			continue;
		}
		for (stop = i + block; i + 8 <= stop; i += 8) {
			x = diff_word(a + i) ^ diff_word(b + i);
			if (x != 0)
				return i + diff_mask_first(x);
		}
		for (; i < stop; i++)
			if (a[i] != b[i])
				return i;
	}
	return n;
}

/* Return the index of the first byte from i on where a and b are equal,
 * or n. */
static size_t
diff_first_equal(const unsigned char *a, const unsigned char *b, size_t i,
    size_t n)
{
	uint64_t z;

	for (; i + 8 <= n; i += 8) {
		z = diff_zero_bytes(diff_word(a + i) ^ diff_word(b + i));
		if (z != 0)
			return i + diff_mask_first(z);
	}
	for (; i < n; i++)
		if (a[i] == b[i])
			return i;
	return n;
}

/* Return one past the index of the last byte before n where a and b
 * differ, or 0. */
static size_t
diff_last_differ(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t block, stop;
	uint64_t x;

	while (n > 0) {
		block = n < DIFF_BLOCK ? n : DIFF_BLOCK;
		if (memcmp(a + n - block, b + n - block, block) == 0) {
			n -= block;
			continue;
		}
		for (stop = n - block; n >= stop + 8; n -= 8) {
			x = diff_word(a + n - 8) ^ diff_word(b + n - 8);
			if (x != 0)
				return n - 8 + diff_mask_last(x) + 1;
		}
		for (; n > stop; n--)
			if (a[n - 1] != b[n - 1])
				return n;
	}
	return 0;
}

/* Return one past the index of the last byte before n where a and b are
 * equal, or 0. */
static size_t
diff_last_equal(const unsigned char *a, const unsigned char *b, size_t n)
{
	uint64_t z;

	for (; n >= 8; n -= 8) {
		z = diff_zero_bytes(diff_word(a + n - 8) ^ diff_word(b + n - 8));
		if (z != 0)
			return n - 8 + diff_mask_last(z) + 1;
	}
	for (; n > 0; n--)
		if (a[n - 1] == b[n - 1])
			return n;
	return 0;
}

/*
 * Read [off, off + n) of m into buf: with pread, or through the mapping
 * where a -c private page holds edits.  Returns 0, 1 when the file ends
 * before off + n (it has been re-measured: the caller takes the sizes
 * anew), or -1 with errno set.
 */
static int
diff_fetch(struct map *m, uint64_t off, unsigned char *buf, size_t n)
{
	ssize_t got;
	uint64_t old = map_size(m);

	if (map_mode(m) == MAP_COW && map_private_in(m, off, n))
		got = map_read(m, off, buf, n);
	else
		got = map_pread(m, off, buf, n);
	if (got == -1)
		return -1;
	if ((size_t)got == n)
		return 0;
	/* map_read() re-measures when it faults; pread() never does. */
	if (map_size(m) == old && map_refresh(m) == -1)
		return -1;
	if (map_size(m) >= off + n) {
		/* Short, yet the file still reaches that far. */
		errno = EIO;
		return -1;
	}
	return 1;
}

/* Return the end of the domain: one past the last offset of A whose byte
 * has a counterpart in B, never below the domain's start. */
static uint64_t
diff_end(const struct diff *d)
{
	uint64_t sa = map_size(d->a), sb = map_size(d->b), end;

	if (d->shift >= 0)
		end = sb > (uint64_t)d->shift ? sb - (uint64_t)d->shift : 0;
	else
		end = sb + (uint64_t)-d->shift;
	if (end > sa)
		end = sa;
	return end > d->from ? end : d->from;
}

/* Tell whether off of m lies in a hole, and where that extent ends,
 * asking the kernel only outside the extent last found. */
static int
diff_hole(struct map *m, struct extent *e, uint64_t off, uint64_t *end)
{
	if (off < e->lo || off >= e->hi) {
		e->lo = off;
		e->hi = map_extent(m, off, map_size(m), &e->hole);
		if (e->hi <= off) {
			e->hi = off;
			return 0;	/* shrank: a read will tell */
		}
	}
	*end = e->hi;
	return e->hole;
}

/* Return how far from pos both files are holes (0 when not both). */
static uint64_t
diff_both_holes(struct diff *d, uint64_t pos, uint64_t end)
{
	uint64_t ea, eb, stop;

	if (!diff_hole(d->a, &d->ea, pos, &ea))
		return 0;
	if (!diff_hole(d->b, &d->eb, pos + (uint64_t)d->shift, &eb))
		return 0;
	eb -= (uint64_t)d->shift;
	stop = ea < eb ? ea : eb;
	if (stop > end)
		stop = end;
	return stop > pos ? stop - pos : 0;
}

/* Read n bytes of each file at A's offset pos into the buffers.  Returns
 * as diff_fetch() does. */
static int
diff_read(struct diff *d, uint64_t pos, size_t n)
{
	int r;

	r = diff_fetch(d->a, pos, d->ba, n);
	if (r != 0)
		return r;
	return diff_fetch(d->b, pos + (uint64_t)d->shift, d->bb, n);
}

/* Map the two read buffers of chunk bytes each, on a huge page where
 * the kernel gives one.  Returns 0, or -1 with errno set. */
static int
diff_buffers(struct diff *d, size_t chunk)
{
	size_t len = (2 * chunk + DIFF_HUGE - 1) / DIFF_HUGE * DIFF_HUGE +
	    DIFF_HUGE;
	uintptr_t at;
	void *buf;

	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return -1;
	at = ((uintptr_t)buf + DIFF_HUGE - 1) / DIFF_HUGE * DIFF_HUGE;
#ifdef MADV_HUGEPAGE
	madvise((void *)at, len - DIFF_HUGE, MADV_HUGEPAGE);
#endif
	if (d->buf != NULL)
		munmap(d->buf, d->buflen);
	d->buf = buf;
	d->buflen = len;
	d->ba = (unsigned char *)at;
	d->bb = d->ba + chunk;
	d->chunk = chunk;
	return 0;
}

struct diff *
diff_begin(struct map *a, struct map *b, uint64_t from, int64_t shift)
{
	struct diff *d;

	if (a == NULL || b == NULL || shift == INT64_MIN) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof *d);
	if (d == NULL)
		return NULL;
	d->a = a;
	d->b = b;
	d->shift = shift;
	if (shift < 0 && from < (uint64_t)-shift)
		from = (uint64_t)-shift;
	d->from = from;
	d->pos = from;
	if (diff_buffers(d, DIFF_CHUNK) == -1) {
		free(d);
		errno = ENOMEM;
		return NULL;
	}
	return d;
}

void
diff_free(struct diff *d)
{
	if (d == NULL)
		return;
	if (d->buf != NULL)
		munmap(d->buf, d->buflen);
	free(d);
}

int
diff_set_chunk(struct diff *d, size_t bytes)
{
	if (bytes < 16)
		bytes = 16;
	if (bytes > SIZE_MAX / 4)
		bytes = SIZE_MAX / 4;
	bytes -= bytes % 16;
	if (diff_buffers(d, bytes) == -1) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Hand the range r to fn.  Returns 0, or -1 with errno ECANCELED. */
static int
diff_emit(diff_range_fn fn, void *arg, const struct diff_range *r)
{
	if (fn != NULL && fn(r, arg) != 0) {
		errno = ECANCELED;
		return -1;
	}
	return 0;
}

/* Close the open run at offset stop and hand it over. */
static int
diff_close_run(struct diff *d, uint64_t stop, diff_range_fn fn, void *arg)
{
	struct diff_range r = { DIFF_CHANGED, d->run_start,
	    d->run_start + (uint64_t)d->shift, stop - d->run_start, 0 };

	d->run_open = 0;
	return diff_emit(fn, arg, &r);
}

/* Scan the n bytes in the buffers, A's offsets [d->pos, d->pos + n),
 * opening and closing runs; d->pos ends at d->pos + n.  Returns 0 or -1
 * (fn stopped it; d->pos is then just past the run handed over). */
static int
diff_scan(struct diff *d, size_t n, diff_range_fn fn, void *arg)
{
	uint64_t base = d->pos;
	size_t i = 0, j;

	d->held = base;
	d->nheld = n;
	while (i < n) {
		if (!d->run_open) {
			j = diff_first_differ(d->ba, d->bb, i, n);
			if (j == n)
				break;
			d->run_open = 1;
			d->run_start = base + j;
			d->ranges++;
			i = j;
		}
		j = diff_first_equal(d->ba, d->bb, i, n);
		d->bytes += j - i;
		i = j;
		if (j == n)
			break;
		d->pos = base + j;
		if (diff_close_run(d, base + j, fn, arg) == -1)
			return -1;
	}
	d->pos = base + n;
	d->nheld = 0;
	return 0;
}

/* Fill the tail range number k (0: removed, 1: added) for the domain
 * ending at end; returns 0 when it is empty. */
static int
diff_tail(const struct diff *d, uint64_t end, int k, struct diff_range *r)
{
	uint64_t sa = map_size(d->a), sb = map_size(d->b);
	uint64_t bend = end + (uint64_t)d->shift;

	memset(r, 0, sizeof *r);
	r->a_off = end;
	r->b_off = bend;
	if (k == 0) {
		r->kind = DIFF_REMOVED;
		r->len = sa > end ? sa - end : 0;
	} else {
		r->kind = DIFF_ADDED;
		r->len = sb > bend ? sb - bend : 0;
	}
	return r->len > 0;
}

/* Hand over the open run and the tail ranges: the domain is done. */
static int
diff_finish(struct diff *d, uint64_t end, diff_range_fn fn, void *arg)
{
	struct diff_range r;

	if (d->run_open && d->run_start >= end) {
		d->run_open = 0;	/* the file shrank under the run */
		d->ranges--;
	}
	if (d->run_open && diff_close_run(d, end, fn, arg) == -1)
		return -1;
	while (d->tail < 2) {
		if (diff_tail(d, end, d->tail++, &r)) {
			d->bytes += r.len;
			d->ranges++;
			if (diff_emit(fn, arg, &r) == -1)
				return -1;
		}
	}
	d->finished = 1;
	return 1;
}

int
diff_step(struct diff *d, uint64_t budget, diff_range_fn fn, void *arg)
{
	uint64_t end, spent = 0, skip;
	size_t n;
	int r;

	if (d->finished)
		return 1;
	d->ea.lo = d->ea.hi = d->eb.lo = d->eb.hi = 0;
	end = diff_end(d);
	while (d->pos < end && (budget == 0 || spent < budget)) {
		skip = diff_both_holes(d, d->pos, end);
		if (skip > 0) {
			/* Equal zeros: close a run that ends here. */
			if (d->run_open &&
			    diff_close_run(d, d->pos, fn, arg) == -1)
				return -1;
			d->pos += skip;
			spent += DIFF_HOLE_COST;
			continue;
		}
		n = end - d->pos < d->chunk ? (size_t)(end - d->pos) : d->chunk;
		r = diff_read(d, d->pos, n);
		if (r == -1)
			return -1;
		if (r == 1) {
			end = diff_end(d);	/* shrank: the domain ends sooner */
			continue;
		}
		if (diff_scan(d, n, fn, arg) == -1)
			return -1;
		spent += n;
	}
	if (d->pos < end)
		return 0;
	if (d->pos > end)
		d->pos = end;
	return diff_finish(d, end, fn, arg);
}

void
diff_stats(const struct diff *d, struct diff_stats *st)
{
	uint64_t end = diff_end(d);

	st->done = d->pos - d->from;
	st->total = end - d->from;
	if (st->done > st->total)
		st->done = st->total;
	st->bytes = d->bytes;
	st->ranges = d->ranges;
	st->size_a = map_size(d->a);
	st->size_b = map_size(d->b);
	st->finished = d->finished;
}

int64_t
diff_shift(const struct diff *d)
{
	return d->shift;
}

uint64_t
diff_from(const struct diff *d)
{
	return d->from;
}

/* Read the n bytes at pos for a scan, holes of both files as equal
 * zeros without reading.  Returns as diff_fetch() does. */
static int
diff_load(struct diff *d, uint64_t pos, size_t n, uint64_t end)
{
	if (diff_both_holes(d, pos, end) >= n) {
		memset(d->ba, 0, n);
		memset(d->bb, 0, n);
		return 0;
	}
	return diff_read(d, pos, n);
}

/* Fill *r with the run that starts at s: its length, up to DIFF_RUN_MAX
 * bytes or the end.  Returns 0 or -1 (a read failed: errno set; a
 * shrink counts as a failure here, EAGAIN: the caller calls again). */
static int
diff_measure(struct diff *d, uint64_t s, uint64_t end, struct diff_range *r)
{
	uint64_t pos = s;
	size_t n, j;
	int got;

	memset(r, 0, sizeof *r);
	r->kind = DIFF_CHANGED;
	r->a_off = s;
	r->b_off = s + (uint64_t)d->shift;
	while (pos < end && pos - s < DIFF_RUN_MAX) {
		n = d->chunk;
		if (n > end - pos)
			n = (size_t)(end - pos);
		if (n > DIFF_RUN_MAX - (pos - s))
			n = (size_t)(DIFF_RUN_MAX - (pos - s));
		got = diff_load(d, pos, n, end);
		if (got != 0) {
			if (got == 1)
				errno = EAGAIN;
			return -1;
		}
		j = diff_first_equal(d->ba, d->bb, 0, n);
		pos += j;
		if (j < n) {
			r->len = pos - s;
			return 0;
		}
	}
	r->len = pos - s;
	r->capped = pos < end;
	return 0;
}

/* Give the tail that starts at end (removed first), if any. */
static int
diff_give_tail(const struct diff *d, uint64_t end, struct diff_range *r,
    uint64_t *reached)
{
	*reached = end;
	if (diff_tail(d, end, 0, r) || diff_tail(d, end, 1, r))
		return DIFF_FOUND;
	return DIFF_NONE;
}

/* Tell whether the bytes at pos - 1 differ (pos > the domain's start). */
static int
diff_differs_before(struct diff *d, uint64_t pos, uint64_t end)
{
	int r = diff_load(d, pos - 1, 1, end);

	if (r != 0) {
		if (r == 1)
			errno = EAGAIN;
		return -1;
	}
	return d->ba[0] != d->bb[0];
}

int
diff_next(struct diff *d, uint64_t from, uint64_t budget,
    struct diff_range *r, uint64_t *reached)
{
	uint64_t end, pos, spent = 0;
	int skip = 0, got;
	size_t n, i;

	d->ea.lo = d->ea.hi = d->eb.lo = d->eb.hi = 0;
	end = diff_end(d);
	pos = from > d->from ? from : d->from;
	if (pos >= end)
		return pos == end ? diff_give_tail(d, end, r, reached) :
		    (*reached = pos, DIFF_NONE);
	if (pos > d->from) {
		skip = diff_differs_before(d, pos, end);
		if (skip == -1)
			return -1;
	}
	while (pos < end) {
		if (budget != 0 && spent >= budget) {
			*reached = pos;
			return DIFF_MORE;
		}
		n = end - pos < d->chunk ? (size_t)(end - pos) : d->chunk;
		got = diff_load(d, pos, n, end);
		if (got == -1)
			return -1;
		if (got == 1) {
			end = diff_end(d);
			continue;
		}
		spent += n;
		i = 0;
		if (skip) {
			i = diff_first_equal(d->ba, d->bb, 0, n);
			if (i == n) {
				pos += n;
				continue;
			}
			skip = 0;
		}
		i = diff_first_differ(d->ba, d->bb, i, n);
		if (i < n) {
			*reached = pos + i;
			return diff_measure(d, pos + i, end, r) == -1 ? -1 :
			    DIFF_FOUND;
		}
		pos += n;
	}
	return diff_give_tail(d, end, r, reached);
}

int
diff_prev(struct diff *d, uint64_t from, uint64_t budget,
    struct diff_range *r, uint64_t *reached)
{
	uint64_t end, hi, lo, spent = 0, start;
	int extend = 0, got;
	size_t n, j;

	d->ea.lo = d->ea.hi = d->eb.lo = d->eb.hi = 0;
	end = diff_end(d);
	if (from > end && diff_give_tail(d, end, r, reached) == DIFF_FOUND)
		return DIFF_FOUND;
	hi = from < end ? from : end;
	while (hi > d->from) {
		if (budget != 0 && spent >= budget) {
			/* Extending: hi is in the run, hi + 1 finds it. */
			*reached = extend ? hi + 1 : hi;
			return DIFF_MORE;
		}
		n = hi - d->from < d->chunk ? (size_t)(hi - d->from) : d->chunk;
		lo = hi - n;
		got = diff_load(d, lo, n, end);
		if (got == -1)
			return -1;
		if (got == 1) {
			end = diff_end(d);
			hi = hi < end ? hi : end;
			continue;
		}
		spent += n;
		if (!extend) {
			j = diff_last_differ(d->ba, d->bb, n);
			if (j == 0) {
				hi = lo;
				continue;
			}
			extend = 1;
			n = j - 1;	/* the run holds lo + j - 1 */
		}
		j = diff_last_equal(d->ba, d->bb, n);
		if (j > 0 || lo == d->from) {
			start = lo + j;
			*reached = start;
			return diff_measure(d, start, end, r) == -1 ? -1 :
			    DIFF_FOUND;
		}
		hi = lo;
	}
	if (extend) {
		*reached = d->from;
		return diff_measure(d, d->from, end, r) == -1 ? -1 :
		    DIFF_FOUND;
	}
	*reached = d->from;
	return DIFF_NONE;
}

/* Find the occurrence of needle (w bytes) in hay[lo, hi + w) whose start
 * is nearest want; returns it, or -1. */
static long
diff_nearest(const unsigned char *hay, size_t lo, size_t hi,
    const unsigned char *needle, size_t w, size_t want)
{
	const unsigned char *p, *stop = hay + hi + w;
	long best = -1;
	size_t at, dist, best_dist = (size_t)-1;

	for (p = hay + lo; p < stop; p++) {
		p = memmem(p, (size_t)(stop - p), needle, w);
		if (p == NULL)
			break;
		at = (size_t)(p - hay);
		dist = at > want ? at - want : want - at;
		if (dist < best_dist) {
			best_dist = dist;
			best = (long)at;
		}
		if (at >= want)
			break;	/* later ones are farther */
	}
	return best;
}

int
diff_resync(struct map *a, struct map *b, uint64_t a_off, int64_t shift,
    unsigned max_shift, uint64_t *at, int64_t *new_shift)
{
	const size_t w = DIFF_RESYNC_MATCH;
	unsigned char *wa = NULL, *wb = NULL;
	int64_t b0, bend;
	uint64_t bstart;
	ssize_t na, nb;
	size_t m, x, lo, hi, want;
	long found;
	int ret = -1;

	if (max_shift == 0)
		max_shift = DIFF_RESYNC_SHIFT;
	if (a == NULL || b == NULL || max_shift > DIFF_RESYNC_LIMIT ||
	    shift == INT64_MIN || shift > INT64_MAX / 2 ||
	    shift < -(INT64_MAX / 2) || a_off > INT64_MAX / 2) {
		errno = EINVAL;
		return -1;
	}
	m = max_shift;
	wa = malloc(m + w);
	wb = malloc(3 * m + w);
	if (wa == NULL || wb == NULL)
		goto out;
	/* A: [a_off, a_off + m + w); B: from a_off + shift - m on. */
	b0 = (int64_t)a_off + shift - (int64_t)m;
	bend = b0 + (int64_t)(3 * m + w);
	bstart = b0 < 0 ? 0 : (uint64_t)b0;
	if (bend <= (int64_t)bstart) {
		ret = 0;	/* B's window lies before its start */
		goto out;
	}
	na = map_read(a, a_off, wa, m + w);
	nb = map_read(b, bstart, wb, (size_t)(bend - (int64_t)bstart));
	if (na == -1 || nb == -1)
		goto out;
	ret = 0;
	/* Index k of wb is B's offset bstart + k; A's x (at wa[x]) wants B
	 * at a_off + x + shift, index want = that - bstart. */
	for (x = 0; x + w <= (size_t)na && x < m; x++) {
		int64_t bw = (int64_t)(a_off + x) + shift;
		int64_t l = bw - (int64_t)m, h = bw + (int64_t)m;

		if (l < (int64_t)bstart)
			l = (int64_t)bstart;
		if (h + (int64_t)w > (int64_t)bstart + nb)
			h = (int64_t)bstart + nb - (int64_t)w;
		if (h < l)
			continue;
		lo = (size_t)(l - (int64_t)bstart);
		hi = (size_t)(h - (int64_t)bstart);
		want = bw < (int64_t)bstart ? 0 : (size_t)(bw -
		    (int64_t)bstart);
		found = diff_nearest(wb, lo, hi, wa + x, w, want);
		if (found >= 0) {
			*at = a_off + x;
			*new_shift = (int64_t)bstart + found - (int64_t)(a_off +
			    x);
			ret = 1;
			break;
		}
	}
out:
	free(wa);
	free(wb);
	return ret;
}

/* Bytes of patch lines gathered per write(2). */
#define DIFF_OUT (64u * 1024u)

/* The output of diff_write(). */
struct diff_writer {
	struct map *a, *b;
	const struct diff *d;	/* its buffers hold most ranges' bytes */
	int fd;
	size_t used;		/* bytes in out */
	int error;		/* errno of what failed */
	const char *what;	/* "write", or the file that failed a read */
	char out[DIFF_OUT];
};

/* Write what is gathered.  Returns 0, or -1 with w->error set. */
static int
diff_flush(struct diff_writer *w)
{
	size_t done = 0;
	ssize_t n;

	while (done < w->used) {
		n = write(w->fd, w->out + done, w->used - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			w->error = errno;
			w->what = "write";
			return -1;
		}
		done += (size_t)n;
	}
	w->used = 0;
	return 0;
}

/* Append the n bytes at p as hex. */
static void
diff_hex(struct diff_writer *w, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		w->out[w->used++] = digits[p[i] >> 4];
		w->out[w->used++] = digits[p[i] & 15];
	}
}

/* Write the range r as patch lines (only DIFF_CHANGED ranges). */
static int
diff_write_range(const struct diff_range *r, void *arg)
{
	struct diff_writer *w = arg;
	unsigned char old[DIFF_LINE_MAX], new[DIFF_LINE_MAX];
	uint64_t done;
	size_t n, at;
	int got;

	if (r->kind != DIFF_CHANGED)
		return 0;
	for (done = 0; done < r->len; done += n) {
		n = r->len - done < DIFF_LINE_MAX ? (size_t)(r->len - done) :
		    DIFF_LINE_MAX;
		if (r->a_off + done >= w->d->held && r->a_off + done + n <=
		    w->d->held + w->d->nheld) {
			at = (size_t)(r->a_off + done - w->d->held);
			memcpy(old, w->d->ba + at, n);
			memcpy(new, w->d->bb + at, n);
			got = 0;
		} else {
			got = diff_fetch(w->a, r->a_off + done, old, n);
			if (got == 0)
				got = diff_fetch(w->b, r->b_off + done, new, n);
		}
		if (got != 0) {
			/* Compared a moment ago: gone means it shrank. */
			w->error = got == 1 ? EAGAIN : errno;
			w->what = "read";
			return 1;
		}
		if (sizeof w->out - w->used < 4 * n + 32 && diff_flush(w) == -1)
			return 1;
		w->used += (size_t)snprintf(w->out + w->used, 32, "0x%" PRIx64
		    ":", r->a_off + done);
		diff_hex(w, old, n);
		w->out[w->used++] = ':';
		diff_hex(w, new, n);
		w->out[w->used++] = '\n';
	}
	return 0;
}

int
diff_write(struct map *a, struct map *b, int fd, struct diff_stats *st,
    char **cause)
{
	struct diff_writer *w;
	struct diff *d;
	int r, errnum;

	*cause = NULL;
	w = malloc(sizeof *w);
	d = diff_begin(a, b, 0, 0);
	if (w == NULL || d == NULL) {
		free(w);
		diff_free(d);
		*cause = errmsg_format("cannot compare: %s", strerror(ENOMEM));
		errno = ENOMEM;
		return -1;
	}
	w->a = a;
	w->b = b;
	w->d = d;
	w->fd = fd;
	w->used = 0;
	w->error = 0;
	w->what = NULL;
	do {
		r = diff_step(d, 0, diff_write_range, w);
		if (r == -1 && errno == ECANCELED && w->error == EAGAIN) {
			w->error = 0;	/* a file shrank under the read */
			r = 0;
		}
		else if (r == -1)
			break;
	} while (r != 1);
	if (r == 1 && diff_flush(w) == -1)
		r = -1;
	if (r == -1) {
		errnum = w->error != 0 ? w->error : errno;
		if (w->what != NULL && strcmp(w->what, "write") == 0)
			*cause = errmsg_format("cannot write the diff: %s",
			    strerror(errnum));
		else
			*cause = errmsg_format("cannot compare: %s",
			    strerror(errnum));
		errno = errnum;
	} else
		diff_stats(d, st);
	diff_free(d);
	free(w);
	return r == -1 ? -1 : 0;
}
