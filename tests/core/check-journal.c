/*
 * check-journal.c - tests for the edit journal (journal.h).
 *
 * The tests keep a small byte array standing for the file and change it
 * only as a caller would: write the new bytes and record the edit, and
 * write back whatever undo and redo hand out.  Around the basics (undo,
 * redo, the redo tail dropped by a new edit, merging and where it stops,
 * unsaved counts, dirty ranges, window marks, a saved state dropped by a
 * new edit, offsets at the top of the 64-bit range) a randomized test
 * runs thousands of steps against a flat-array oracle that keeps a
 * snapshot of the file for every undo step.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "allocfail.h"
#include "journal.h"
#include "suites.h"

/* Bytes in the pretend file of the hand-written tests. */
#define FILE_SIZE 256

/* The pretend file and its journal. */
struct fixture {
	struct journal *j;
	unsigned char bytes[FILE_SIZE];	/* what the file holds now */
	unsigned char disk[FILE_SIZE];	/* what was last saved */
};

/* Start a fixture with a known pattern and an empty journal. */
static void
fixture_init(struct fixture *f)
{
	size_t i;

	for (i = 0; i < FILE_SIZE; i++)
		f->bytes[i] = (unsigned char)(i * 7 + 3);
	memcpy(f->disk, f->bytes, FILE_SIZE);
	f->j = journal_new();
	ck_assert_ptr_nonnull(f->j);
}

/* Overwrite len bytes at offset with new and record it. */
static void
fixture_edit(struct fixture *f, size_t offset, const void *new, size_t len)
{
	unsigned char old[FILE_SIZE];

	ck_assert_uint_le(offset + len, FILE_SIZE);
	memcpy(old, f->bytes + offset, len);
	memcpy(f->bytes + offset, new, len);
	ck_assert_int_eq(journal_record(f->j, offset, old, new, len), 0);
}

/* Overwrite one byte at offset with value and record it. */
static void
fixture_poke(struct fixture *f, size_t offset, unsigned char value)
{
	fixture_edit(f, offset, &value, 1);
}

/* Undo one edit into the file; return it (NULL if none). */
static const struct journal_edit *
fixture_undo(struct fixture *f)
{
	const struct journal_edit *e;

	e = journal_undo(f->j);
	if (e != NULL) {
		ck_assert_uint_le(e->offset + e->len, FILE_SIZE);
		ck_assert_mem_eq(f->bytes + e->offset, e->new, e->len);
		memcpy(f->bytes + e->offset, e->old, e->len);
	}
	return e;
}

/* Redo one edit into the file; return it (NULL if none). */
static const struct journal_edit *
fixture_redo(struct fixture *f)
{
	const struct journal_edit *e;

	e = journal_redo(f->j);
	if (e != NULL) {
		ck_assert_uint_le(e->offset + e->len, FILE_SIZE);
		ck_assert_mem_eq(f->bytes + e->offset, e->old, e->len);
		memcpy(f->bytes + e->offset, e->new, e->len);
	}
	return e;
}

/* Save: the disk takes the file's bytes. */
static void
fixture_save(struct fixture *f)
{
	memcpy(f->disk, f->bytes, FILE_SIZE);
	journal_mark_saved(f->j);
}

/* Check the counts of applied, redoable and unsaved edits. */
static void
fixture_counts(struct fixture *f, size_t applied, size_t redoable,
    size_t unsaved)
{
	ck_assert_uint_eq(journal_applied(f->j), applied);
	ck_assert_uint_eq(journal_redoable(f->j), redoable);
	ck_assert_uint_eq(journal_unsaved(f->j), unsaved);
}

/* Check that the dirty ranges are exactly the n pairs (offset, len) in
 * want, and cover every byte that differs from the disk. */
static void
fixture_dirty(struct fixture *f, const uint64_t *want, size_t n)
{
	const struct journal_range *r;
	unsigned char marks[FILE_SIZE];
	size_t count, i;

	ck_assert_int_eq(journal_dirty(f->j, &r, &count), 0);
	ck_assert_uint_eq(count, n);
	if (n == 0) {
		ck_assert_ptr_null(r);
		ck_assert_uint_eq(journal_unsaved(f->j), 0);
		ck_assert_mem_eq(f->bytes, f->disk, FILE_SIZE);
		return;
	}
	ck_assert_ptr_nonnull(r);
	for (i = 0; i < n; i++) {
		ck_assert_uint_eq(r[i].offset, want[2 * i]);
		ck_assert_uint_eq(r[i].len, want[2 * i + 1]);
	}
	journal_mark_window(f->j, 0, FILE_SIZE, marks);
	for (i = 0; i < FILE_SIZE; i++) {
		if (f->bytes[i] != f->disk[i])
			ck_assert_msg(marks[i], "byte %zu is not dirty", i);
	}
}

/* Free the fixture's journal. */
static void
fixture_free(struct fixture *f)
{
	journal_free(f->j);
	f->j = NULL;
}

/* An empty journal has nothing to undo, redo, save or mark. */
START_TEST(test_empty)
{
	struct fixture f;
	const struct journal_range *dirty;
	unsigned char marks[8];
	size_t count = 99;

	fixture_init(&f);
	fixture_counts(&f, 0, 0, 0);
	ck_assert_ptr_null(journal_undo(f.j));
	ck_assert_ptr_null(journal_redo(f.j));
	ck_assert_int_eq(journal_dirty(f.j, &dirty, &count), 0);
	ck_assert_ptr_null(dirty);
	ck_assert_uint_eq(count, 0);
	memset(marks, 7, sizeof marks);
	journal_mark_window(f.j, 0, sizeof marks, marks);
	ck_assert_mem_eq(marks, "\0\0\0\0\0\0\0\0", 8);

	/* len 0 records nothing, even with NULL bytes. */
	ck_assert_int_eq(journal_record(f.j, 5, NULL, NULL, 0), 0);
	fixture_counts(&f, 0, 0, 0);
	journal_mark_saved(f.j);
	fixture_counts(&f, 0, 0, 0);

	fixture_free(&f);
	journal_free(NULL);
}
END_TEST

/* Edits come back in reverse order with their bytes, and redo again. */
START_TEST(test_undo_redo)
{
	struct fixture f;
	unsigned char start[FILE_SIZE], after[FILE_SIZE];
	const struct journal_edit *e;

	fixture_init(&f);
	memcpy(start, f.bytes, FILE_SIZE);
	fixture_edit(&f, 10, "abc", 3);
	fixture_edit(&f, 100, "XY", 2);
	fixture_poke(&f, 0, 0xff);
	memcpy(after, f.bytes, FILE_SIZE);
	fixture_counts(&f, 3, 0, 3);

	e = fixture_undo(&f);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(e->offset, 0);
	ck_assert_uint_eq(e->len, 1);
	ck_assert_uint_eq(e->old[0], start[0]);
	ck_assert_uint_eq(e->new[0], 0xff);
	fixture_counts(&f, 2, 1, 2);

	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 100);
	ck_assert_uint_eq(e->len, 2);
	ck_assert_mem_eq(e->new, "XY", 2);
	ck_assert_mem_eq(e->old, start + 100, 2);

	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 10);
	ck_assert_mem_eq(e->new, "abc", 3);
	ck_assert_ptr_null(fixture_undo(&f));
	fixture_counts(&f, 0, 3, 0);
	ck_assert_mem_eq(f.bytes, start, FILE_SIZE);

	e = fixture_redo(&f);
	ck_assert_uint_eq(e->offset, 10);
	e = fixture_redo(&f);
	ck_assert_uint_eq(e->offset, 100);
	e = fixture_redo(&f);
	ck_assert_uint_eq(e->offset, 0);
	ck_assert_ptr_null(fixture_redo(&f));
	fixture_counts(&f, 3, 0, 3);
	ck_assert_mem_eq(f.bytes, after, FILE_SIZE);
	fixture_free(&f);
}
END_TEST

/* A new edit drops what was undone. */
START_TEST(test_redo_dropped)
{
	struct fixture f;
	const struct journal_edit *e;

	fixture_init(&f);
	fixture_poke(&f, 10, 1);
	fixture_poke(&f, 20, 2);
	fixture_poke(&f, 30, 3);
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_counts(&f, 1, 2, 1);
	fixture_poke(&f, 40, 4);
	fixture_counts(&f, 2, 0, 2);
	ck_assert_ptr_null(fixture_redo(&f));

	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 40);
	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 10);
	ck_assert_ptr_null(fixture_undo(&f));
	fixture_counts(&f, 0, 2, 0);
	fixture_free(&f);
}
END_TEST

/* The two nibbles typed into one byte are one undo step. */
START_TEST(test_merge_nibbles)
{
	struct fixture f;
	const struct journal_edit *e;
	unsigned char was;

	fixture_init(&f);
	was = f.bytes[5];
	fixture_poke(&f, 5, (unsigned char)(0x10 | (was & 0x0f)));
	fixture_poke(&f, 5, 0x1a);
	fixture_counts(&f, 1, 0, 1);
	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 5);
	ck_assert_uint_eq(e->len, 1);
	ck_assert_uint_eq(e->old[0], was);
	ck_assert_uint_eq(e->new[0], 0x1a);
	ck_assert_uint_eq(f.bytes[5], was);
	fixture_free(&f);
}
END_TEST

/* Typing forward grows one edit; an overwrite that runs past its end
 * extends it, keeping the first old bytes. */
START_TEST(test_merge_typing)
{
	struct fixture f;
	unsigned char start[FILE_SIZE];
	const struct journal_edit *e;
	size_t i;

	fixture_init(&f);
	memcpy(start, f.bytes, FILE_SIZE);
	for (i = 0; i < 4; i++)
		fixture_poke(&f, 10 + i, (unsigned char)('a' + i));
	fixture_counts(&f, 1, 0, 1);
	fixture_edit(&f, 12, "WXYZ", 4);
	fixture_counts(&f, 1, 0, 1);
	ck_assert_mem_eq(f.bytes + 10, "abWXYZ", 6);

	e = fixture_undo(&f);
	ck_assert_uint_eq(e->offset, 10);
	ck_assert_uint_eq(e->len, 6);
	ck_assert_mem_eq(e->old, start + 10, 6);
	ck_assert_mem_eq(e->new, "abWXYZ", 6);
	ck_assert_mem_eq(f.bytes, start, FILE_SIZE);
	fixture_redo(&f);
	ck_assert_mem_eq(f.bytes + 10, "abWXYZ", 6);
	fixture_free(&f);
}
END_TEST

/* An edit before the last one or past a gap starts a new step. */
START_TEST(test_merge_not_apart)
{
	struct fixture f;

	fixture_init(&f);
	fixture_poke(&f, 10, 1);
	fixture_poke(&f, 9, 2);		/* before: new step */
	fixture_counts(&f, 2, 0, 2);
	fixture_poke(&f, 11, 3);	/* gap after 9: new step */
	fixture_counts(&f, 3, 0, 3);
	fixture_poke(&f, 12, 4);	/* right after 11: merges */
	fixture_counts(&f, 3, 0, 3);
	fixture_poke(&f, 11, 5);	/* inside 11..12: merges */
	fixture_counts(&f, 3, 0, 3);
	fixture_free(&f);
}
END_TEST

/* No merge into an edit that is part of the saved state. */
START_TEST(test_merge_not_across_save)
{
	struct fixture f;
	static const uint64_t want[] = { 11, 2 };

	fixture_init(&f);
	fixture_poke(&f, 10, 1);
	fixture_save(&f);
	fixture_poke(&f, 11, 2);
	fixture_counts(&f, 2, 0, 1);
	fixture_poke(&f, 12, 3);	/* merges with 11, after the save */
	fixture_counts(&f, 2, 0, 1);
	fixture_dirty(&f, want, 1);
	fixture_undo(&f);
	fixture_counts(&f, 1, 1, 0);
	fixture_dirty(&f, NULL, 0);

	/* The same with the second nibble of the byte just saved. */
	fixture_redo(&f);
	fixture_save(&f);
	fixture_poke(&f, 12, 9);
	fixture_counts(&f, 3, 0, 1);
	fixture_undo(&f);
	ck_assert_uint_eq(f.bytes[12], 3);
	fixture_free(&f);
}
END_TEST

/* No merge after an undo or a redo: each starts a new step. */
START_TEST(test_merge_not_after_undo)
{
	struct fixture f;

	fixture_init(&f);
	fixture_poke(&f, 10, 1);
	fixture_poke(&f, 20, 2);
	fixture_undo(&f);
	fixture_poke(&f, 11, 3);	/* next to 10, but after an undo */
	fixture_counts(&f, 2, 0, 2);

	fixture_undo(&f);
	fixture_redo(&f);
	fixture_poke(&f, 12, 4);	/* next to 11, but after a redo */
	fixture_counts(&f, 3, 0, 3);
	fixture_poke(&f, 13, 5);	/* typing on merges again */
	fixture_counts(&f, 3, 0, 3);
	fixture_free(&f);
}
END_TEST

/* Merging stops at JOURNAL_MERGE_MAX bytes. */
START_TEST(test_merge_cap)
{
	struct journal *j;
	unsigned char old[JOURNAL_MERGE_MAX + 8] = { 0 };
	unsigned char new[JOURNAL_MERGE_MAX + 8];
	const struct journal_edit *e;
	uint64_t i;

	memset(new, 0xee, sizeof new);
	j = journal_new();
	ck_assert_ptr_nonnull(j);
	for (i = 0; i < JOURNAL_MERGE_MAX; i++)
		ck_assert_int_eq(journal_record(j, 1000 + i, old, new, 1), 0);
	ck_assert_uint_eq(journal_applied(j), 1);
	ck_assert_int_eq(journal_record(j, 1000 + i, old, new, 1), 0);
	ck_assert_uint_eq(journal_applied(j), 2);

	/* Overwriting the same byte merges; so does growing the edit to
	 * exactly the cap, but not one byte past it. */
	ck_assert_int_eq(journal_record(j, 1000 + i, old, new, 1), 0);
	ck_assert_uint_eq(journal_applied(j), 2);
	ck_assert_int_eq(journal_record(j, 1000 + i, old, new,
	    JOURNAL_MERGE_MAX), 0);
	ck_assert_uint_eq(journal_applied(j), 2);
	ck_assert_int_eq(journal_record(j, 1000 + i + 1, old, new,
	    JOURNAL_MERGE_MAX), 0);
	ck_assert_uint_eq(journal_applied(j), 3);

	/* An edit bigger than the cap is kept whole, and merges nothing. */
	ck_assert_int_eq(journal_record(j, 50000, old, new, sizeof new), 0);
	ck_assert_int_eq(journal_record(j, 50000 + sizeof new, old, new, 1),
	    0);
	ck_assert_uint_eq(journal_applied(j), 5);
	e = journal_undo(j);
	ck_assert_uint_eq(e->len, 1);
	e = journal_undo(j);
	ck_assert_uint_eq(e->offset, 50000);
	ck_assert_uint_eq(e->len, sizeof new);
	ck_assert_mem_eq(e->new, new, sizeof new);
	e = journal_undo(j);
	ck_assert_uint_eq(e->offset, 1000 + JOURNAL_MERGE_MAX + 1);
	ck_assert_uint_eq(e->len, JOURNAL_MERGE_MAX);
	e = journal_undo(j);
	ck_assert_uint_eq(e->offset, 1000 + JOURNAL_MERGE_MAX);
	ck_assert_uint_eq(e->len, JOURNAL_MERGE_MAX);
	e = journal_undo(j);
	ck_assert_uint_eq(e->offset, 1000);
	ck_assert_uint_eq(e->len, JOURNAL_MERGE_MAX);
	ck_assert_ptr_null(journal_undo(j));
	journal_free(j);
}
END_TEST

/* Unsaved counts follow undo and redo around a save. */
START_TEST(test_unsaved_counts)
{
	struct fixture f;

	fixture_init(&f);
	fixture_poke(&f, 10, 1);
	fixture_poke(&f, 20, 2);
	fixture_counts(&f, 2, 0, 2);
	fixture_save(&f);
	fixture_counts(&f, 2, 0, 0);
	fixture_undo(&f);
	fixture_counts(&f, 1, 1, 1);
	fixture_redo(&f);
	fixture_counts(&f, 2, 0, 0);
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_counts(&f, 0, 2, 2);
	fixture_redo(&f);
	fixture_redo(&f);
	fixture_counts(&f, 2, 0, 0);
	fixture_poke(&f, 30, 3);
	fixture_counts(&f, 3, 0, 1);
	fixture_save(&f);
	fixture_counts(&f, 3, 0, 0);

	/* Saving at an undone position, then redoing. */
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_save(&f);
	fixture_counts(&f, 1, 2, 0);
	fixture_redo(&f);
	fixture_counts(&f, 2, 1, 1);
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_counts(&f, 0, 3, 1);
	fixture_free(&f);
}
END_TEST

/* Dirty ranges are sorted and merged where they touch or overlap, and
 * undone edits past the save are dirty too. */
START_TEST(test_dirty_ranges)
{
	struct fixture f;
	static const uint64_t all[] = { 5, 9, 30, 5, 50, 1, 52, 1 };
	static const uint64_t one[] = { 12, 2 };
	static const uint64_t two[] = { 12, 2, 50, 1 };
	static const uint64_t touching[] = { 10, 4, 50, 1 };
	static const uint64_t ahead[] = { 5, 7, 52, 1 };
	static const uint64_t last[] = { 52, 1 };

	fixture_init(&f);
	fixture_dirty(&f, NULL, 0);
	fixture_edit(&f, 30, "abcde", 5);	/* 30..34 */
	fixture_edit(&f, 10, "ab", 2);		/* 10..11 */
	fixture_edit(&f, 50, "a", 1);		/* 50 */
	fixture_edit(&f, 12, "ab", 2);		/* 12..13, touches 10..11 */
	fixture_edit(&f, 5, "abcdefg", 7);	/* 5..11, overlaps */
	fixture_edit(&f, 52, "a", 1);		/* 52: a gap at 51 */
	fixture_counts(&f, 6, 0, 6);
	fixture_dirty(&f, all, 4);

	/* Dirty ranges of undone edits past a save. */
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_save(&f);
	fixture_dirty(&f, NULL, 0);
	fixture_undo(&f);
	fixture_dirty(&f, one, 1);
	fixture_undo(&f);
	fixture_dirty(&f, two, 2);
	fixture_undo(&f);		/* 10..11 touches 12..13 */
	fixture_dirty(&f, touching, 2);
	fixture_redo(&f);
	fixture_redo(&f);
	fixture_redo(&f);
	fixture_counts(&f, 4, 2, 0);
	fixture_dirty(&f, NULL, 0);
	fixture_redo(&f);
	fixture_redo(&f);
	fixture_counts(&f, 6, 0, 2);
	fixture_dirty(&f, ahead, 2);
	fixture_save(&f);
	fixture_undo(&f);
	fixture_dirty(&f, last, 1);
	fixture_free(&f);
}
END_TEST

/* Nothing unsaved and no memory for the ranges are two answers; the
 * window marks are right either way. */
START_TEST(test_dirty_no_memory)
{
	const struct journal_range *r = (const struct journal_range *)&r;
	struct fixture f;
	unsigned char marks[64], want[64];
	size_t count = 99;
	int ret;

	fixture_init(&f);
	allocfail_arm(0, ALLOCFAIL_ALL);
	ret = journal_dirty(f.j, &r, &count);
	allocfail_disarm();
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(count, 0);

	fixture_edit(&f, 10, "abcd", 4);
	fixture_edit(&f, 40, "x", 1);
	errno = 0;
	allocfail_arm(0, ALLOCFAIL_ALL);
	ret = journal_dirty(f.j, &r, &count);
	memset(marks, 7, sizeof marks);
	journal_mark_window(f.j, 0, sizeof marks, marks);
	allocfail_disarm();
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(count, 0);
	memset(want, 0, sizeof want);
	memset(want + 10, 1, 4);
	want[40] = 1;
	ck_assert_mem_eq(marks, want, sizeof want);

	/* With memory again the ranges are there. */
	ck_assert_int_eq(journal_dirty(f.j, &r, &count), 0);
	ck_assert_uint_eq(count, 2);

	/* Saved: nothing unsaved, even without memory. */
	journal_mark_saved(f.j);
	allocfail_arm(0, ALLOCFAIL_ALL);
	ret = journal_dirty(f.j, &r, &count);
	allocfail_disarm();
	ck_assert_int_eq(ret, 0);
	ck_assert_uint_eq(count, 0);
	fixture_free(&f);
}
END_TEST

/* Window marks agree with the ranges at every boundary. */
START_TEST(test_mark_window)
{
	struct fixture f;
	unsigned char marks[FILE_SIZE + 16], want[FILE_SIZE + 16];
	uint64_t offset;
	size_t n;

	fixture_init(&f);
	fixture_edit(&f, 10, "abcd", 4);	/* 10..13 */
	fixture_edit(&f, 20, "a", 1);		/* 20 */
	fixture_edit(&f, 30, "0123456789", 10);	/* 30..39 */
	fixture_edit(&f, 40, "x", 1);		/* 40: touches */
	fixture_edit(&f, 200, "y", 1);		/* 200 */

	memset(want, 0, sizeof want);
	memset(want + 10, 1, 4);
	want[20] = 1;
	memset(want + 30, 1, 11);
	want[200] = 1;

	/* Every window over the first part, and some long ones. */
	for (offset = 0; offset < 60; offset++) {
		for (n = 0; n <= 48; n++) {
			memset(marks, 0x55, sizeof marks);
			journal_mark_window(f.j, offset, n, marks);
			if (memcmp(marks, want + offset, n) != 0 ||
			    marks[n] != 0x55)
				ck_abort_msg("window %" PRIu64 "+%zu", offset,
				    n);
		}
	}
	journal_mark_window(f.j, 0, FILE_SIZE + 16, marks);
	ck_assert_mem_eq(marks, want, FILE_SIZE + 16);
	journal_mark_window(f.j, 201, 16, marks);
	ck_assert_mem_eq(marks, want + 201, 16);
	journal_mark_window(f.j, 5000, 16, marks);
	ck_assert_mem_eq(marks, want + 220, 16);
	fixture_free(&f);
}
END_TEST

/* Undoing past a save and editing leaves a saved state that undo and
 * redo cannot reach; its bytes stay dirty until the next save. */
START_TEST(test_orphaned_save)
{
	struct fixture f;
	static const uint64_t orphans[] = { 0, 1, 10, 1, 20, 1 };
	static const uint64_t grown[] = { 0, 1, 10, 1, 20, 2 };
	static const uint64_t partial[] = { 10, 1, 20, 1 };

	fixture_init(&f);
	fixture_poke(&f, 0, 1);
	fixture_poke(&f, 10, 2);
	fixture_save(&f);
	fixture_undo(&f);
	fixture_undo(&f);
	fixture_counts(&f, 0, 2, 2);
	fixture_poke(&f, 20, 3);	/* drops both saved edits */
	fixture_counts(&f, 1, 0, 3);
	fixture_dirty(&f, orphans, 3);
	fixture_poke(&f, 21, 4);	/* after the parting: merges */
	fixture_counts(&f, 1, 0, 3);
	fixture_dirty(&f, grown, 3);
	fixture_undo(&f);		/* back to the start, not the save */
	fixture_counts(&f, 0, 1, 2);
	ck_assert_mem_ne(f.bytes, f.disk, FILE_SIZE);
	fixture_dirty(&f, orphans, 2);
	fixture_redo(&f);
	fixture_counts(&f, 1, 0, 3);
	fixture_save(&f);
	fixture_counts(&f, 1, 0, 0);
	fixture_dirty(&f, NULL, 0);
	fixture_free(&f);

	/* Only part of the saved state dropped, and dropped twice. */
	fixture_init(&f);
	fixture_poke(&f, 0, 1);
	fixture_poke(&f, 10, 2);
	fixture_save(&f);
	fixture_undo(&f);
	fixture_poke(&f, 20, 3);	/* drops the edit at 10 */
	fixture_counts(&f, 2, 0, 2);
	fixture_dirty(&f, partial, 2);
	fixture_undo(&f);
	fixture_counts(&f, 1, 1, 1);
	fixture_undo(&f);
	fixture_counts(&f, 0, 2, 2);
	fixture_dirty(&f, orphans, 2);
	fixture_poke(&f, 30, 4);	/* drops the edit at 0 too */
	fixture_counts(&f, 1, 0, 3);
	fixture_undo(&f);
	fixture_counts(&f, 0, 1, 2);
	ck_assert_mem_ne(f.bytes, f.disk, FILE_SIZE);
	fixture_dirty(&f, orphans, 2);
	fixture_save(&f);
	fixture_counts(&f, 0, 1, 0);
	fixture_redo(&f);
	fixture_counts(&f, 1, 0, 1);
	fixture_free(&f);
}
END_TEST

/* Edits at the top of the 64-bit range; none may wrap past 2^64 - 1. */
START_TEST(test_high_offsets)
{
	struct journal *j;
	const struct journal_range *r;
	unsigned char marks[16];
	size_t count;

	j = journal_new();
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(journal_record(j, UINT64_MAX - 2, "ab", "cd", 2), 0);
	errno = 0;
	ck_assert_int_eq(journal_record(j, UINT64_MAX - 2, "ab", "cd", 3), -1);
	ck_assert_int_eq(errno, EINVAL);
	errno = 0;
	ck_assert_int_eq(journal_record(j, UINT64_MAX, "a", "c", 1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_uint_eq(journal_applied(j), 1);
	ck_assert_int_eq(journal_record(j, UINT64_MAX - 1, "d", "e", 1), 0);
	ck_assert_uint_eq(journal_applied(j), 1);	/* merged */

	ck_assert_int_eq(journal_dirty(j, &r, &count), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(r[0].offset, UINT64_MAX - 2);
	ck_assert_uint_eq(r[0].len, 2);

	/* A window that would run past 2^64 marks only what exists. */
	memset(marks, 0x55, sizeof marks);
	journal_mark_window(j, UINT64_MAX - 5, sizeof marks, marks);
	ck_assert_mem_eq(marks, "\0\0\0\1\1\0\0\0\0\0\0\0\0\0\0\0", 16);
	journal_mark_window(j, UINT64_MAX - 1, 1, marks);
	ck_assert_uint_eq(marks[0], 1);
	journal_mark_window(j, UINT64_MAX, 1, marks);
	ck_assert_uint_eq(marks[0], 0);
	journal_free(j);
}
END_TEST

/* Undo is unlimited: many edits all come back. */
START_TEST(test_many_edits)
{
	struct journal *j;
	const struct journal_edit *e;
	const struct journal_range *r;
	unsigned char marks[4];
	size_t i, count;
	enum { MANY = 100000 };

	j = journal_new();
	ck_assert_ptr_nonnull(j);
	for (i = 0; i < MANY; i++) {
		if (journal_record(j, (uint64_t)i * 3, "a", "b", 1) != 0)
			ck_abort_msg("record %zu failed", i);
	}
	ck_assert_uint_eq(journal_applied(j), MANY);
	ck_assert_int_eq(journal_dirty(j, &r, &count), 0);
	ck_assert_uint_eq(count, MANY);
	ck_assert_uint_eq(r[MANY - 1].offset, (uint64_t)(MANY - 1) * 3);
	journal_mark_window(j, 3 * 5000 - 1, 4, marks);
	ck_assert_mem_eq(marks, "\0\1\0\0", 4);

	for (i = MANY; i-- > 0;) {
		e = journal_undo(j);
		if (e == NULL || e->offset != (uint64_t)i * 3)
			ck_abort_msg("undo %zu wrong", i);
	}
	ck_assert_ptr_null(journal_undo(j));
	ck_assert_uint_eq(journal_redoable(j), MANY);
	journal_mark_saved(j);
	for (i = 0; i < MANY; i++) {
		if (journal_redo(j) == NULL)
			ck_abort_msg("redo %zu missing", i);
	}
	ck_assert_uint_eq(journal_unsaved(j), MANY);
	journal_free(j);
}
END_TEST

/*
 * The randomized oracle.  The file is ORACLE_SIZE bytes at file offset
 * start; the oracle keeps snaps[k], the file with k edits applied, and
 * the range of every edit, and models the merge rule of journal.h so it
 * can tell how many steps the journal must hold.
 */
#define ORACLE_SIZE 64
#define ORACLE_STEPS 10000

/* Fail unless cond holds.  Unlike ck_assert(), which sends Check a
 * location record each time it passes, this costs nothing on success. */
#define ORACLE_CHECK(cond) do {						\
	if (!(cond))							\
		ck_abort_msg("oracle, line %d: %s", __LINE__, #cond);	\
} while (0)

struct oracle {
	struct journal *j;
	uint64_t start;			/* file offset of byte 0 */
	uint64_t rng;			/* xorshift state */
	unsigned char bytes[ORACLE_SIZE]; /* the file, as the caller has it */
	unsigned char disk[ORACLE_SIZE]; /* the file last saved */
	unsigned char (*snaps)[ORACLE_SIZE]; /* snaps[k]: k edits applied */
	size_t (*ranges)[2];		/* ranges[k]: edit k, lo and hi */
	size_t room;			/* snaps and ranges allocated */
	size_t applied;			/* edits applied */
	size_t total;			/* edits held */
	size_t saved;			/* saved state: edits[0 .. saved) */
	size_t orphan_edits;		/* saved edits dropped */
	unsigned char orphans[ORACLE_SIZE]; /* bytes they wrote */
	int open;			/* last edit may take a merge */
};

/* Return the next pseudo-random number. */
static uint64_t
oracle_random(struct oracle *o)
{
	o->rng ^= o->rng << 13;
	o->rng ^= o->rng >> 7;
	o->rng ^= o->rng << 17;
	return o->rng;
}

/* Make room for snapshot and range k. */
static void
oracle_room(struct oracle *o, size_t k)
{
	if (k < o->room)
		return;
	o->room = o->room == 0 ? 64 : o->room * 2;
	o->snaps = realloc(o->snaps, o->room * sizeof *o->snaps);
	o->ranges = realloc(o->ranges, o->room * sizeof *o->ranges);
	ck_assert_ptr_nonnull(o->snaps);
	ck_assert_ptr_nonnull(o->ranges);
}

/* Record a random overwrite, often right after or on the last one. */
static void
oracle_record(struct oracle *o)
{
	unsigned char old[ORACLE_SIZE], new[ORACLE_SIZE];
	size_t lo, len, i, *last;
	int merge;

	if (o->applied > 0 && oracle_random(o) % 2 == 0) {
		last = o->ranges[o->applied - 1];
		lo = last[0] + oracle_random(o) % (last[1] - last[0] + 1);
	} else
		lo = oracle_random(o) % ORACLE_SIZE;
	if (lo == ORACLE_SIZE)
		lo = oracle_random(o) % ORACLE_SIZE;
	len = oracle_random(o) % 4 == 0 ? oracle_random(o) % 17 : 1;
	if (len > ORACLE_SIZE - lo)
		len = ORACLE_SIZE - lo;
	for (i = 0; i < len; i++)
		new[i] = (unsigned char)oracle_random(o);
	memcpy(old, o->bytes + lo, len);
	memcpy(o->bytes + lo, new, len);
	ORACLE_CHECK(journal_record(o->j, o->start + lo, old, new, len) == 0);
	if (len == 0)
		return;

	merge = 0;
	if (o->open && o->applied == o->total && o->applied > o->saved) {
		last = o->ranges[o->applied - 1];
		if (lo >= last[0] && lo <= last[1] &&
		    (lo + len > last[1] ? lo + len : last[1]) - last[0] <=
		    JOURNAL_MERGE_MAX)
			merge = 1;
	}
	if (merge) {
		last = o->ranges[o->applied - 1];
		if (lo + len > last[1])
			last[1] = lo + len;
	} else {
		if (o->saved > o->applied) {
			for (i = o->applied; i < o->saved; i++) {
				memset(o->orphans + o->ranges[i][0], 1,
				    o->ranges[i][1] - o->ranges[i][0]);
			}
			o->orphan_edits += o->saved - o->applied;
			o->saved = o->applied;
		}
		oracle_room(o, o->applied + 1);
		o->ranges[o->applied][0] = lo;
		o->ranges[o->applied][1] = lo + len;
		o->total = ++o->applied;
	}
	memcpy(o->snaps[o->applied], o->bytes, ORACLE_SIZE);
	o->open = 1;
}

/* Check an edit handed back by undo or redo and write its to bytes. */
static void
oracle_apply(struct oracle *o, const struct journal_edit *e,
    const unsigned char *from, const unsigned char *to)
{
	size_t lo;

	ORACLE_CHECK(e->offset >= o->start && e->len >= 1 &&
	    e->offset - o->start <= ORACLE_SIZE - e->len);
	lo = (size_t)(e->offset - o->start);
	ORACLE_CHECK(memcmp(o->bytes + lo, from, e->len) == 0);
	memcpy(o->bytes + lo, to, e->len);
}

/* Undo one edit, checking the journal knows whether there is one. */
static void
oracle_undo(struct oracle *o)
{
	const struct journal_edit *e;

	e = journal_undo(o->j);
	if (o->applied == 0) {
		ORACLE_CHECK(e == NULL);
		return;
	}
	ORACLE_CHECK(e != NULL);
	oracle_apply(o, e, e->new, e->old);
	o->applied--;
	o->open = 0;
}

/* Redo one edit, checking the journal knows whether there is one. */
static void
oracle_redo(struct oracle *o)
{
	const struct journal_edit *e;

	e = journal_redo(o->j);
	if (o->applied == o->total) {
		ORACLE_CHECK(e == NULL);
		return;
	}
	ORACLE_CHECK(e != NULL);
	oracle_apply(o, e, e->old, e->new);
	o->applied++;
	o->open = 0;
}

/* Save: the disk takes the file. */
static void
oracle_save(struct oracle *o)
{
	memcpy(o->disk, o->bytes, ORACLE_SIZE);
	journal_mark_saved(o->j);
	o->saved = o->applied;
	o->orphan_edits = 0;
	memset(o->orphans, 0, ORACLE_SIZE);
}

/* Compare the journal and the file with the oracle. */
static void
oracle_check(struct oracle *o)
{
	const struct journal_range *r;
	unsigned char want[ORACLE_SIZE], marks[ORACLE_SIZE + 2];
	size_t lo, hi, unsaved, count, i, k, from, n;
	int bad;

	ORACLE_CHECK(memcmp(o->bytes, o->snaps[o->applied], ORACLE_SIZE) == 0);
	ORACLE_CHECK(journal_applied(o->j) == o->applied);
	ORACLE_CHECK(journal_redoable(o->j) == o->total - o->applied);
	lo = o->applied < o->saved ? o->applied : o->saved;
	hi = o->applied < o->saved ? o->saved : o->applied;
	unsaved = hi - lo + o->orphan_edits;
	ORACLE_CHECK(journal_unsaved(o->j) == unsaved);
	ORACLE_CHECK(unsaved != 0 ||
	    memcmp(o->bytes, o->disk, ORACLE_SIZE) == 0);

	/* The dirty bytes are exactly the oracle's. */
	memcpy(want, o->orphans, ORACLE_SIZE);
	for (k = lo; k < hi; k++)
		memset(want + o->ranges[k][0], 1,
		    o->ranges[k][1] - o->ranges[k][0]);
	bad = 0;
	for (i = 0; i < ORACLE_SIZE; i++)
		bad |= o->bytes[i] != o->disk[i] && !want[i];
	ORACLE_CHECK(!bad);	/* every changed byte is in the oracle's set */

	/* Ranges sorted, apart, inside the file; together the same bytes. */
	memset(marks, 0, sizeof marks);
	ORACLE_CHECK(journal_dirty(o->j, &r, &count) == 0);
	ORACLE_CHECK((r == NULL) == (unsaved == 0));
	for (i = 0; i < count; i++) {
		bad |= r[i].len < 1 || r[i].offset < o->start ||
		    r[i].offset - o->start > ORACLE_SIZE - r[i].len;
		bad |= i > 0 && r[i].offset <= r[i - 1].offset + r[i - 1].len;
		if (!bad)
			memset(marks + (r[i].offset - o->start), 1, r[i].len);
	}
	ORACLE_CHECK(!bad);
	ORACLE_CHECK(memcmp(marks, want, ORACLE_SIZE) == 0);

	/* A random window, running up to one byte past each side. */
	from = oracle_random(o) % (ORACLE_SIZE + 1);
	n = oracle_random(o) % (ORACLE_SIZE + 2 - from);
	memset(marks, 0x55, sizeof marks);
	journal_mark_window(o->j, o->start + from - 1, n, marks);
	for (i = 0; i < n; i++) {
		k = from + i;
		bad |= marks[i] != (k >= 1 && k <= ORACLE_SIZE ?
		    want[k - 1] : 0);
	}
	bad |= marks[n] != 0x55;
	ORACLE_CHECK(!bad);
}

/* Run the oracle with seed i at one of a few file offsets. */
START_TEST(test_random_oracle)
{
	static const uint64_t starts[] = {
		1, 4096 - 32, UINT64_C(0x100000000) - 32, UINT64_MAX - 64,
	};
	struct oracle o;
	size_t step;
	uint64_t pick;

	memset(&o, 0, sizeof o);
	o.j = journal_new();
	ck_assert_ptr_nonnull(o.j);
	o.start = starts[_i % 4];
	o.rng = UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(_i + 1);
	for (step = 0; step < ORACLE_SIZE; step++)
		o.bytes[step] = (unsigned char)oracle_random(&o);
	memcpy(o.disk, o.bytes, ORACLE_SIZE);
	oracle_room(&o, 0);
	memcpy(o.snaps[0], o.bytes, ORACLE_SIZE);

	for (step = 0; step < ORACLE_STEPS; step++) {
		pick = oracle_random(&o) % 16;
		if (pick < 8)
			oracle_record(&o);
		else if (pick < 12)
			oracle_undo(&o);
		else if (pick < 15)
			oracle_redo(&o);
		else
			oracle_save(&o);
		oracle_check(&o);
	}
	journal_free(o.j);
	free(o.snaps);
	free(o.ranges);
}
END_TEST

Suite *
journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc;

	tc = tcase_create("basics");
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_undo_redo);
	tcase_add_test(tc, test_redo_dropped);
	tcase_add_test(tc, test_many_edits);
	tcase_add_test(tc, test_high_offsets);
	suite_add_tcase(s, tc);

	tc = tcase_create("merge");
	tcase_add_test(tc, test_merge_nibbles);
	tcase_add_test(tc, test_merge_typing);
	tcase_add_test(tc, test_merge_not_apart);
	tcase_add_test(tc, test_merge_not_across_save);
	tcase_add_test(tc, test_merge_not_after_undo);
	tcase_add_test(tc, test_merge_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("save");
	tcase_add_test(tc, test_unsaved_counts);
	tcase_add_test(tc, test_dirty_ranges);
	tcase_add_test(tc, test_mark_window);
	tcase_add_test(tc, test_dirty_no_memory);
	tcase_add_test(tc, test_orphaned_save);
	suite_add_tcase(s, tc);

	tc = tcase_create("oracle");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_random_oracle, 0, 12);
	suite_add_tcase(s, tc);
	return s;
}
