/*
 * fuzz-journal.c - libFuzzer target for the edit journal (journal.h),
 * checked against a flat-array oracle.
 *
 * The file is FUZZ_SIZE bytes at a file offset picked by the input; the
 * target changes it only as a caller would (write the new bytes and
 * record them, write back what undo and redo hand out) and keeps, beside
 * the journal, a snapshot of the file for every undo step, the byte range
 * of every edit, the saved copy ("disk") and the bytes of saved edits that
 * a new edit dropped.  It models the merge rule of journal.h, so it knows
 * how many steps the journal must hold.
 *
 * Input layout: byte 0 picks the file offset (& 3) and seeds the file's
 * first contents; then one operation per byte b, reading more bytes as
 * it needs them (missing bytes count as 0):
 *
 *   b & 7 in 0..3  record an overwrite.  Its length is b >> 4, or the
 *                  next byte % (FUZZ_SIZE + 1) when that is 15 (0 records
 *                  nothing).  With b & 8 it starts inside or right after
 *                  the last applied edit, at (next byte) % (its length
 *                  + 1), otherwise at (next byte) % FUZZ_SIZE; it is cut
 *                  at the end of the file.  Its new bytes come next.
 *   4              undo          5  redo          6  save
 *   7              mark the window of the next two bytes (start - 1 + a
 *                  % 66, length b2 % 67, so it runs off both sides)
 *
 * After every operation: the file equals the snapshot for the applied
 * count; applied, redoable and unsaved counts are the oracle's; unsaved
 * 0 means the file equals the disk; the dirty ranges are sorted, apart,
 * and cover exactly the oracle's dirty bytes, which hold every byte where
 * the file differs from the disk; window marks agree.  Any broken
 * invariant calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bytes in the pretend file. */
#define FUZZ_SIZE 64

/* File offsets of byte 0: low, around 4 KiB, 4 GiB, and the very top. */
static const uint64_t starts[4] = {
	0, 4096 - 32, UINT64_C(0x100000000) - 32, UINT64_MAX - FUZZ_SIZE,
};

/* The oracle's state, and where it is in the input. */
struct fuzz {
	const uint8_t *data;		/* the input */
	size_t size;			/* its length */
	size_t next;			/* next byte to read */

	struct journal *j;
	uint64_t start;			/* file offset of byte 0 */
	uint8_t bytes[FUZZ_SIZE];	/* the file, as the caller has it */
	uint8_t disk[FUZZ_SIZE];	/* the file last saved */
	uint8_t (*snaps)[FUZZ_SIZE];	/* snaps[k]: k edits applied */
	size_t (*ranges)[2];		/* ranges[k]: edit k, lo and hi */
	size_t room;			/* snaps and ranges allocated */
	size_t applied;			/* edits applied */
	size_t total;			/* edits held */
	size_t saved;			/* saved state: edits[0 .. saved) */
	size_t orphan_edits;		/* saved edits dropped */
	uint8_t orphans[FUZZ_SIZE];	/* bytes they wrote */
	int open;			/* the last edit may take a merge */
};

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Return the next input byte, 0 past the end. */
static uint8_t
fuzz_byte(struct fuzz *f)
{
	if (f->next >= f->size)
		return 0;
	return f->data[f->next++];
}

/* Make room for snapshot and range k; 0 or -1 when memory ran out. */
static int
fuzz_room(struct fuzz *f, size_t k)
{
	void *snaps, *ranges;
	size_t room;

	if (k < f->room)
		return 0;
	room = f->room == 0 ? 64 : f->room * 2;
	snaps = realloc(f->snaps, room * sizeof *f->snaps);
	if (snaps == NULL)
		return -1;
	f->snaps = snaps;
	ranges = realloc(f->ranges, room * sizeof *f->ranges);
	if (ranges == NULL)
		return -1;
	f->ranges = ranges;
	f->room = room;
	return 0;
}

/* Decide whether an edit of len bytes at lo merges into the last one. */
static int
fuzz_merges(const struct fuzz *f, size_t lo, size_t len)
{
	const size_t *last;
	size_t hi;

	if (!f->open || f->applied != f->total || f->applied <= f->saved)
		return 0;
	last = f->ranges[f->applied - 1];
	if (lo < last[0] || lo > last[1])
		return 0;
	hi = lo + len > last[1] ? lo + len : last[1];
	return hi - last[0] <= JOURNAL_MERGE_MAX;
}

/* Record an overwrite described by operation byte op. */
static int
fuzz_record(struct fuzz *f, uint8_t op)
{
	uint8_t old[FUZZ_SIZE], new[FUZZ_SIZE];
	size_t lo, len, i, *last;

	len = op >> 4;
	if (len == 15)
		len = fuzz_byte(f) % (FUZZ_SIZE + 1);
	if ((op & 8) && f->applied > 0) {
		last = f->ranges[f->applied - 1];
		lo = last[0] + fuzz_byte(f) % (last[1] - last[0] + 1);
		if (lo == FUZZ_SIZE)
			lo = FUZZ_SIZE - 1;
	} else
		lo = fuzz_byte(f) % FUZZ_SIZE;
	if (len > FUZZ_SIZE - lo)
		len = FUZZ_SIZE - lo;
	for (i = 0; i < len; i++)
		new[i] = fuzz_byte(f);

	if (fuzz_room(f, f->applied + 1) != 0)
		return -1;
	memcpy(old, f->bytes + lo, len);
	memcpy(f->bytes + lo, new, len);
	fuzz_check(journal_record(f->j, f->start + lo, old, new, len) == 0);
	if (len == 0)
		return 0;

	if (fuzz_merges(f, lo, len)) {
		last = f->ranges[f->applied - 1];
		if (lo + len > last[1])
			last[1] = lo + len;
	} else {
		/* Saved edits in the dropped tail can no longer be redone:
		 * their bytes stay dirty until the next save. */
		if (f->saved > f->applied) {
			for (i = f->applied; i < f->saved; i++) {
				memset(f->orphans + f->ranges[i][0], 1,
				    f->ranges[i][1] - f->ranges[i][0]);
			}
			f->orphan_edits += f->saved - f->applied;
			f->saved = f->applied;
		}
		f->ranges[f->applied][0] = lo;
		f->ranges[f->applied][1] = lo + len;
		f->total = ++f->applied;
	}
	memcpy(f->snaps[f->applied], f->bytes, FUZZ_SIZE);
	f->open = 1;
	return 0;
}

/* Check an edit handed out by undo or redo; write its to bytes, which
 * replace the from bytes the file must hold. */
static void
fuzz_apply(struct fuzz *f, const struct journal_edit *e,
    const uint8_t *from, const uint8_t *to)
{
	size_t lo;

	fuzz_check(e->offset >= f->start && e->len >= 1);
	fuzz_check(e->offset - f->start <= FUZZ_SIZE - e->len);
	lo = (size_t)(e->offset - f->start);
	fuzz_check(memcmp(f->bytes + lo, from, e->len) == 0);
	memcpy(f->bytes + lo, to, e->len);
}

/* Undo one edit, if the oracle says there is one. */
static void
fuzz_undo(struct fuzz *f)
{
	const struct journal_edit *e;

	e = journal_undo(f->j);
	if (f->applied == 0) {
		fuzz_check(e == NULL);
		return;
	}
	fuzz_check(e != NULL);
	fuzz_apply(f, e, e->new, e->old);
	f->applied--;
	f->open = 0;
}

/* Redo one edit, if the oracle says there is one. */
static void
fuzz_redo(struct fuzz *f)
{
	const struct journal_edit *e;

	e = journal_redo(f->j);
	if (f->applied == f->total) {
		fuzz_check(e == NULL);
		return;
	}
	fuzz_check(e != NULL);
	fuzz_apply(f, e, e->old, e->new);
	f->applied++;
	f->open = 0;
}

/* Save: the disk takes the file. */
static void
fuzz_save(struct fuzz *f)
{
	memcpy(f->disk, f->bytes, FUZZ_SIZE);
	journal_mark_saved(f->j);
	f->saved = f->applied;
	f->orphan_edits = 0;
	memset(f->orphans, 0, FUZZ_SIZE);
}

/* Check the marks of the window of n bytes starting from bytes before
 * the file (from may be below 1 or past the end) against want. */
static void
fuzz_window(struct fuzz *f, const uint8_t *want, size_t from, size_t n)
{
	uint8_t marks[FUZZ_SIZE + 3];
	size_t i, k;

	fuzz_check(n + 1 <= sizeof marks);
	if (f->start == 0 && from == 0) {
		/* Offset -1 would wrap to 2^64 - 1; start at byte 0. */
		from = 1;
		n -= n > 0;
	}
	memset(marks, 0x55, sizeof marks);
	journal_mark_window(f->j, f->start + from - 1, n, marks);
	for (i = 0; i < n; i++) {
		k = from + i;
		fuzz_check(marks[i] ==
		    (k >= 1 && k <= FUZZ_SIZE ? want[k - 1] : 0));
	}
	fuzz_check(marks[n] == 0x55);
}

/* Compare the journal and the file with the oracle. */
static void
fuzz_compare(struct fuzz *f, int window, size_t from, size_t n)
{
	const struct journal_range *r;
	uint8_t want[FUZZ_SIZE], marks[FUZZ_SIZE];
	size_t lo, hi, unsaved, count, i, k;

	fuzz_check(memcmp(f->bytes, f->snaps[f->applied], FUZZ_SIZE) == 0);
	fuzz_check(journal_applied(f->j) == f->applied);
	fuzz_check(journal_redoable(f->j) == f->total - f->applied);
	lo = f->applied < f->saved ? f->applied : f->saved;
	hi = f->applied < f->saved ? f->saved : f->applied;
	unsaved = hi - lo + f->orphan_edits;
	fuzz_check(journal_unsaved(f->j) == unsaved);
	if (unsaved == 0)
		fuzz_check(memcmp(f->bytes, f->disk, FUZZ_SIZE) == 0);

	/* The oracle's dirty bytes hold every byte changed since the save. */
	memcpy(want, f->orphans, FUZZ_SIZE);
	for (k = lo; k < hi; k++) {
		memset(want + f->ranges[k][0], 1,
		    f->ranges[k][1] - f->ranges[k][0]);
	}
	for (i = 0; i < FUZZ_SIZE; i++)
		fuzz_check(f->bytes[i] == f->disk[i] || want[i]);

	/* The journal's ranges: sorted, apart, in the file, the same bytes. */
	memset(marks, 0, sizeof marks);
	fuzz_check(journal_dirty(f->j, &r, &count) == 0);
	fuzz_check((r == NULL) == (unsaved == 0));
	fuzz_check((r == NULL) == (count == 0));
	for (i = 0; i < count; i++) {
		fuzz_check(r[i].len >= 1 && r[i].offset >= f->start);
		fuzz_check(r[i].offset - f->start <= FUZZ_SIZE - r[i].len);
		if (i > 0)
			fuzz_check(r[i].offset >
			    r[i - 1].offset + r[i - 1].len);
		memset(marks + (r[i].offset - f->start), 1, r[i].len);
	}
	fuzz_check(memcmp(marks, want, FUZZ_SIZE) == 0);

	fuzz_window(f, want, 0, FUZZ_SIZE + 2);
	if (window)
		fuzz_window(f, want, from, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz f;
	size_t i, from, n;
	uint8_t op, seed;
	int window;

	memset(&f, 0, sizeof f);
	f.data = data;
	f.size = size;
	seed = fuzz_byte(&f);
	f.start = starts[seed & 3];
	for (i = 0; i < FUZZ_SIZE; i++)
		f.bytes[i] = (uint8_t)(seed * 31 + i * 7);
	memcpy(f.disk, f.bytes, FUZZ_SIZE);
	f.j = journal_new();
	if (f.j == NULL || fuzz_room(&f, 0) != 0)
		goto out;
	memcpy(f.snaps[0], f.bytes, FUZZ_SIZE);

	while (f.next < f.size) {
		op = fuzz_byte(&f);
		window = 0;
		from = n = 0;
		switch (op & 7) {
		case 4:
			fuzz_undo(&f);
			break;
		case 5:
			fuzz_redo(&f);
			break;
		case 6:
			fuzz_save(&f);
			break;
		case 7:
			window = 1;
			from = fuzz_byte(&f) % (FUZZ_SIZE + 2);
			n = fuzz_byte(&f) % (FUZZ_SIZE + 3 - from);
			break;
		default:
			if (fuzz_record(&f, op) != 0)
				goto out;
			break;
		}
		fuzz_compare(&f, window, from, n);
	}
out:
	journal_free(f.j);
	free(f.snaps);
	free(f.ranges);
	return 0;
}
