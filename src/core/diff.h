/*
 * diff.h - compare two mapped files at memory speed, in steps.
 *
 * A diff compares byte a of file A with byte a + shift of file B, for
 * every a of its domain: from a start offset (0, or where a resync found
 * the files back in step) up to where the shorter side ends.  Offsets are
 * A's unless said otherwise.  Shift is 0 for a plain compare; a resync
 * (diff_resync()) finds the shift that brings two files back in step
 * after an insertion or a deletion, and a new diff compares from there.
 *
 * What differs comes out as ranges (struct diff_range): a maximal run of
 * consecutive differing bytes is one DIFF_CHANGED range; the bytes past
 * the shorter end are one DIFF_REMOVED (only A has them) or DIFF_ADDED
 * (only B has them) range, reported last.  The diff does not keep the
 * ranges: diff_step() hands each one to a callback as it closes and
 * counts it, so memory stays bounded (a few MiB for the read buffers)
 * however many there are.  diff_next() and diff_prev() find the next or
 * previous range from any offset by scanning from there, in steps: no
 * index, no memory that grows with the file.
 *
 * Bytes are read with pread(2) into two buffers and compared with memcmp
 * on large chunks, then word by word where a chunk differs.  A pread
 * cannot raise SIGBUS (a file shrinking under the compare gives a short
 * read: the map is re-measured with map_refresh(), MAP_EV_SHRANK is
 * recorded on it, and the domain ends at the new size), does not grow
 * the resident set, and costs no page-table set-up.  In MAP_COW mode the
 * pages that hold edits (map_private_in()) are read through the mapping
 * instead, with map_read() (guarded), so the diff sees what the screen
 * shows.  Holes in both files at once (map_extent()) are equal without
 * being read.
 *
 * Every call runs on the caller's thread and reads at most about budget
 * bytes of each file, so a front end keeps its screen live by passing a
 * budget of a few milliseconds' worth (cached input compares at several
 * GB/s; a cold disk reads slower).  A diff holds the two maps without
 * owning them: they must outlive it, and only the thread that steps the
 * diff may use them meanwhile.
 */
#ifndef MMHEX_DIFF_H
#define MMHEX_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

enum diff_kind {
	DIFF_CHANGED,	/* len bytes differ at a_off in A and b_off in B */
	DIFF_REMOVED,	/* B ends at b_off; A has len more bytes at a_off */
	DIFF_ADDED	/* A ends at a_off; B has len more bytes at b_off */
};

struct diff_range {
	enum diff_kind kind;
	uint64_t a_off;		/* first byte in A (A's end when DIFF_ADDED) */
	uint64_t b_off;		/* first byte in B, a_off + shift (B's end
				 * when DIFF_REMOVED) */
	uint64_t len;		/* bytes; see diff_next() for its limit */
	int capped;		/* diff_next/prev: the run is longer than len */
};

/* What a diff has found so far (diff_stats()). */
struct diff_stats {
	uint64_t done;		/* bytes of the domain compared (A's) */
	uint64_t total;		/* bytes in the domain, as last measured */
	uint64_t bytes;		/* differing bytes found so far (CHANGED
				 * bytes, plus the tail once reached) */
	uint64_t ranges;	/* ranges found so far, the open one included */
	uint64_t size_a, size_b;	/* the sizes as last measured */
	int finished;		/* the whole domain and the tail are done */
};

/*
 * Called by diff_step() with each range as it is complete, in order of
 * offset; r is valid during the call only.  Return 0 to go on, anything
 * else to stop the step (diff_step() then returns -1, errno ECANCELED).
 */
typedef int (*diff_range_fn)(const struct diff_range *r, void *arg);

/* diff_next() and diff_prev() return one of these, or -1. */
#define DIFF_NONE	0	/* no range that way: the domain ends */
#define DIFF_FOUND	1	/* *r holds the range */
#define DIFF_MORE	2	/* the budget ran out: call again from *reached */

/* The longest len diff_next() and diff_prev() measure (capped beyond). */
#define DIFF_RUN_MAX (64u * 1024u)

/* Most shift diff_resync() tries either way, by default. */
#define DIFF_RESYNC_SHIFT 4096u

/* Bytes that must match under a shift for diff_resync() to take it. */
#define DIFF_RESYNC_MATCH 64u

struct diff;

/*
 * Start comparing a with b: byte i of a against byte i + shift of b, for
 * i from from on (from is raised to -shift when shift is negative, so
 * that no offset of b is negative).  Nothing is read yet.  Returns the
 * diff, or NULL with errno ENOMEM (or EINVAL for NULL maps).
 */
struct diff *diff_begin(struct map *a, struct map *b, uint64_t from,
    int64_t shift);

/* Free the diff (not the maps).  NULL is allowed. */
void diff_free(struct diff *d);

/*
 * Compare the next stretch: about budget bytes of each file (0 means no
 * limit: to the end), each range that closes handed to fn (may be NULL:
 * only count).  A run still open where the step stops is handed over by
 * a later step.  The sizes are taken anew each step, so a file that
 * shrank or grew in between (map_refresh()) moves the end of the domain.
 * Returns 1 when the diff is finished (every range handed over), 0 when
 * there is more to do, -1 with errno set: ECANCELED (fn stopped it), or
 * what a read or a re-measure failed with (EIO...).  After -1 the diff
 * may be stepped again (it retries the same stretch).
 */
int diff_step(struct diff *d, uint64_t budget, diff_range_fn fn, void *arg);

/* Fill *st with the progress and the counts so far. */
void diff_stats(const struct diff *d, struct diff_stats *st);

/* Return the shift (B's offset minus A's) and the first offset of A the
 * diff compares. */
int64_t diff_shift(const struct diff *d);
uint64_t diff_from(const struct diff *d);

/*
 * Find the first range that starts at or after from (A's offsets) in the
 * diff's domain: a run of differing bytes whose first byte is at or after
 * from (a run that begins before from and goes on past it is skipped), or
 * the tail past the shorter end when no run comes first.  Reads about
 * budget bytes of each file at most (0: no limit).  Returns DIFF_FOUND
 * with *r set (a run's len measured up to DIFF_RUN_MAX bytes, r->capped
 * set when it goes on), DIFF_NONE when nothing differs from from on,
 * DIFF_MORE when the budget ran out first: *reached is where to call
 * again from (the call holds no state: reached carries it), or -1 with
 * errno set.  *reached is set on every return but -1 (to the range's
 * start, or the end of the domain).  The TUI's next-difference key calls
 * it with from = cursor + 1.
 */
int diff_next(struct diff *d, uint64_t from, uint64_t budget,
    struct diff_range *r, uint64_t *reached);

/*
 * Find the last range that starts before from: the run holding the last
 * differing byte before from, from its first byte (a run that begins
 * before from and goes on past it counts), or the tail when from lies
 * past its start.  The scan goes backward from from.  Returns as
 * diff_next() does; after DIFF_MORE call again with from = *reached.
 * The TUI's previous-difference key calls it with from = cursor.
 */
int diff_prev(struct diff *d, uint64_t from, uint64_t budget,
    struct diff_range *r, uint64_t *reached);

/*
 * Find where a and b fall back in step after an insertion or a deletion.
 * The files are compared with shift (B's offset minus A's) and differ at
 * A's offset a_off.  Looks for the point x (a_off <= x < a_off +
 * max_shift) nearest a_off, and the new shift s nearest shift (|s -
 * shift| <= max_shift) at which the DIFF_RESYNC_MATCH bytes of A at x
 * equal those of B at x + s: bytes inserted into B give s > shift at x =
 * a_off, bytes deleted from B give s < shift at x = a_off + the count.
 * max_shift is DIFF_RESYNC_SHIFT when 0, at most 1 MiB.  Reads about
 * 2 * max_shift bytes of each file and scans them with memmem (a few
 * milliseconds for 4096).  Returns 1 with *at = x and *new_shift = s
 * (continue with diff_begin(a, b, x, s)), 0 when no point is in reach
 * (or a file ends too soon), -1 with errno set (ENOMEM, EINVAL, EIO).
 */
int diff_resync(struct map *a, struct map *b, uint64_t a_off, int64_t shift,
    unsigned max_shift, uint64_t *at, int64_t *new_shift);

/* Most bytes one line of diff_write() patches (longer runs take several
 * lines, each its own patch, touching). */
#define DIFF_LINE_MAX 256u

/*
 * Compare a with b from the start to the end (no shift) and write each
 * run of differing bytes to fd as a --patch spec (patch.h), one a line:
 * "0x1f0:7f45:9090" (offset in lowercase 0x hex, A's bytes, B's bytes),
 * DIFF_LINE_MAX bytes a line at most, in order of offset.  Applied with
 * --patch to a copy of A, the lines give B when the sizes are equal;
 * bytes past the shorter end are not written (a patch never changes a
 * size): the caller tells the user from *st (sizes, and the tail in
 * st->bytes).  Fills *st at the end.  Returns 0, or -1 with *cause set
 * ("A: cannot read: ...", "cannot write the diff: ...": the caller
 * frees it; NULL when even that could not be made) and errno set; when
 * a file shrank during the compare the map records MAP_EV_SHRANK and
 * the diff ends at its new size (returns 0).
 */
int diff_write(struct map *a, struct map *b, int fd, struct diff_stats *st,
    char **cause);

/*
 * Set the size of the chunks read and compared at once (default 1 MiB,
 * at least 16 bytes, rounded down to a multiple of 16): for tests that
 * must hit chunk boundaries, and benchmarks.  Call before the first
 * step.  Returns 0, or -1 with errno ENOMEM (the old size is kept).
 */
int diff_set_chunk(struct diff *d, size_t bytes);

#endif
