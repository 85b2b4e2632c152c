/*
 * check-bigedit.c - tests for big edits (edit.h fill, paste, replace,
 * stepped jobs; the spill behind the journal and the ledger).
 *
 * The oracle is a flat copy of the file in memory, changed as each
 * operation says, compared with the file read back (pread in -w, the
 * mapping in -c).  Memory is asserted bounded with the heap in use
 * (mallinfo2) and the resident set (/proc/self/statm), never with time.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edit.h"
#include "journal.h"
#include "ledger.h"
#include "map.h"
#include "save.h"
#include "suites.h"
#include "testfile.h"

/* ASan keeps freed memory in its quarantine (and maps shadow memory):
 * resident memory says nothing about the code's own then, so the bounds
 * on it are checked in the plain build only (the heap's still are). */
#ifdef __SANITIZE_ADDRESS__
#define RSS_CHECKED 0
#else
#define RSS_CHECKED 1
#endif

enum { MiB = 1 << 20 };

static char path[PATH_MAX + 64];
static struct map *m;
static struct journal *j;
static unsigned char *model;		/* what the file should show */
static size_t size;

static void
teardown(void)
{
	map_close(m);
	m = NULL;
	journal_free(j);
	j = NULL;
	free(model);
	model = NULL;
	testfile_cleanup();
}

/* Make a pattern file of n bytes and open it in mode. */
static void
open_pattern(size_t n, enum map_mode mode)
{
	char *cause = NULL;
	size_t i;

	strcpy(path, testfile_pattern(n, 7));
	size = n;
	model = malloc(n);
	ck_assert_ptr_nonnull(model);
	for (i = 0; i < n; i++)
		model[i] = testfile_byte(7, i);
	m = map_open(path, mode, &cause);
	ck_assert_msg(m != NULL, "map_open: %s", cause);
	j = journal_new();
	ck_assert_ptr_nonnull(j);
}

/* Assert what mmhex shows (the mapping) and, in -w, the file, hold the
 * model. */
static void
assert_model(void)
{
	unsigned char *buf = malloc(size);
	int fd;

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(map_read(m, 0, buf, size), (ssize_t)size);
	ck_assert_msg(memcmp(buf, model, size) == 0, "mapping differs");
	if (map_mode(m) == MAP_WRITE) {
		fd = open(path, O_RDONLY);
		ck_assert_int_eq(pread(fd, buf, size, 0), (ssize_t)size);
		close(fd);
		ck_assert_msg(memcmp(buf, model, size) == 0, "file differs");
	}
	free(buf);
}

/* Fill the model as edit_fill() fills the file. */
static void
model_fill(size_t off, size_t len, const char *pat, size_t plen)
{
	size_t i;

	for (i = 0; i < len; i++)
		model[off + i] = (unsigned char)pat[i % plen];
}

/* Count the bytes of the model that differ from the original file. */
static uint64_t
model_unsaved(void)
{
	uint64_t d = 0;
	size_t i;

	for (i = 0; i < size; i++)
		d += model[i] != testfile_byte(7, i);
	return d;
}

/* A fill of several pieces, undone and redone, with typing inside it,
 * in -w and -c. */
START_TEST(test_fill_undo_redo)
{
	enum map_mode mode = _i ? MAP_COW : MAP_WRITE;
	unsigned char *orig;
	uint64_t at;

	open_pattern(8 * MiB, mode);
	orig = malloc(size);
	memcpy(orig, model, size);
	ck_assert_int_eq(edit_fill(m, j, 1000, 5 * MiB + 3, "ABC", 3), 0);
	model_fill(1000, 5 * MiB + 3, "ABC", 3);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), model_unsaved());
	ck_assert_uint_eq(journal_applied(j), 1);

	/* Typing inside the fill, then undone. */
	ck_assert_int_eq(edit_overwrite(m, j, 2 * MiB, "zz", 2), 0);
	model[2 * MiB] = model[2 * MiB + 1] = 'z';
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), model_unsaved());
	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 1);
	model_fill(1000, 5 * MiB + 3, "ABC", 3);
	assert_model();

	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 1);
	ck_assert_uint_eq(at, 1000);
	memcpy(model, orig, size);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);

	ck_assert_int_eq(edit_redo(m, j, &at, NULL), 1);
	model_fill(1000, 5 * MiB + 3, "ABC", 3);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), model_unsaved());
	free(orig);
}
END_TEST

/* Saving a fill: -w syncs and reads back; -c applies to the file; both
 * leave nothing unsaved, and discard after a save leaves it alone. */
START_TEST(test_fill_save)
{
	enum map_mode mode = _i ? MAP_COW : MAP_WRITE;
	uint64_t saved = 0;
	char *cause = NULL;
	int fd;
	unsigned char *buf;

	open_pattern(3 * MiB, mode);
	ck_assert_int_eq(edit_fill(m, j, 10, 2 * MiB, "\x00\x01", 2), 0);
	model_fill(10, 2 * MiB, "\x00\x01", 2);
	if (mode == MAP_WRITE)
		ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	else
		ck_assert_int_eq(save_apply(m, j, &saved, &cause), 0);
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);
	buf = malloc(size);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(pread(fd, buf, size, 0), (ssize_t)size);
	close(fd);
	ck_assert(memcmp(buf, model, size) == 0);
	free(buf);
	free(cause);
}
END_TEST

/* Discard in -w puts back the saved bytes of a fill. */
START_TEST(test_fill_discard)
{
	open_pattern(3 * MiB, MAP_WRITE);
	ck_assert_int_eq(edit_fill(m, j, 0, 3 * MiB, "q", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 5, "zz", 2), 0);
	ck_assert_int_eq(edit_revert(m, j, NULL), 0);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);
	ck_assert_uint_eq(journal_applied(j), 0);
}
END_TEST

/* A fill job cancelled part way records the part done; an undo job
 * cancelled part way splits the edit, and undo and redo go on. */
START_TEST(test_stepped_cancel)
{
	struct edit_job *job;
	unsigned char *orig;
	uint64_t at;

	open_pattern(8 * MiB, MAP_WRITE);
	orig = malloc(size);
	memcpy(orig, model, size);
	job = edit_fill_begin(m, j, 0, 6 * MiB, "xy", 2);
	ck_assert_ptr_nonnull(job);
	ck_assert_int_eq(edit_job_step(job, 1, NULL), 1);
	ck_assert_int_eq(edit_job_step(job, 2 * MiB, NULL), 1);
	ck_assert_uint_eq(edit_job_done(job), 3 * MiB);
	ck_assert_uint_eq(edit_job_total(job), 6 * MiB);
	ck_assert_int_eq(edit_job_end(job), 0);
	model_fill(0, 3 * MiB, "xy", 2);
	assert_model();
	ck_assert_uint_eq(journal_applied(j), 1);
	ck_assert_uint_eq(journal_peek_undo(j)->len, 3 * MiB);

	/* Undo 2 MiB of it, then stop. */
	job = edit_undo_begin(m, j, 0);
	ck_assert_ptr_nonnull(job);
	ck_assert_int_eq(edit_job_step(job, 2 * MiB, NULL), 1);
	ck_assert_int_eq(edit_job_end(job), 0);
	memcpy(model, orig, 2 * MiB);
	assert_model();
	ck_assert_uint_eq(journal_applied(j), 1);
	ck_assert_uint_eq(journal_redoable(j), 1);
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), model_unsaved());

	/* Redo brings the part undone back; two undos take all. */
	ck_assert_int_eq(edit_redo(m, j, &at, NULL), 1);
	model_fill(0, 3 * MiB, "xy", 2);
	assert_model();
	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 1);
	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 1);
	memcpy(model, orig, size);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);
	free(orig);
}
END_TEST

/* Another process writes inside a filled range: undo stops before its
 * bytes, says where, keeps the part done; keeping theirs lets it finish
 * around them. */
START_TEST(test_big_undo_conflict)
{
	struct edit_conflicts c;
	unsigned char *orig;
	int fd;

	open_pattern(6 * MiB, MAP_WRITE);
	orig = malloc(size);
	memcpy(orig, model, size);
	ck_assert_int_eq(edit_fill(m, j, 0, 5 * MiB, "F", 1), 0);
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "THEIRS", 6, 3 * MiB + 5), 6);
	close(fd);
	ck_assert_int_eq(edit_undo(m, j, NULL, &c), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(c.count, 1);
	ck_assert_uint_eq(c.ranges[0].offset, 3 * MiB + 5);
	ck_assert_uint_eq(c.bytes, 6);
	/* Three pieces were undone; the rest is as it was. */
	memcpy(model, orig, 3 * MiB);
	model_fill(3 * MiB, 2 * MiB, "F", 1);
	memcpy(model + 3 * MiB + 5, "THEIRS", 6);
	assert_model();
	ck_assert_int_eq(edit_keep_theirs(m, j, &c), 0);
	edit_conflicts_free(&c);
	ck_assert_int_eq(edit_undo(m, j, NULL, &c), 1);
	memcpy(model, orig, size);
	memcpy(model + 3 * MiB + 5, "THEIRS", 6);
	assert_model();
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);
	free(orig);
}
END_TEST

/* Replace is one undo step; bad offsets change nothing. */
START_TEST(test_replace_one_step)
{
	uint64_t offs[3] = { 100, 5, 4000 }, bad[2] = { 1, 1 << 30 };
	unsigned char *orig;

	open_pattern(8192, MAP_WRITE);
	orig = malloc(size);
	memcpy(orig, model, size);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "t", 1), 0);
	model[0] = 't';
	ck_assert_int_eq(edit_replace(m, j, bad, 2, "RR", 2), -1);
	ck_assert_int_eq(errno, ERANGE);
	assert_model();
	ck_assert_int_eq(edit_replace(m, j, offs, 3, "RR", 2), 0);
	memcpy(model + 100, "RR", 2);
	memcpy(model + 5, "RR", 2);
	memcpy(model + 4000, "RR", 2);
	assert_model();
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	memcpy(model + 1, orig + 1, size - 1);
	assert_model();
	ck_assert_int_eq(edit_redo(m, j, NULL, NULL), 1);
	memcpy(model + 100, "RR", 2);
	memcpy(model + 5, "RR", 2);
	memcpy(model + 4000, "RR", 2);
	assert_model();
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	memcpy(model, orig, size);
	assert_model();
	free(orig);
}
END_TEST

/* Paste: refused past the end and read-only; a big paste is one edit. */
START_TEST(test_paste)
{
	unsigned char *bytes = malloc(300000);
	size_t i;

	open_pattern(1 * MiB, MAP_WRITE);
	for (i = 0; i < 300000; i++)
		bytes[i] = (unsigned char)(i * 7);
	ck_assert_int_eq(edit_paste(m, j, size - 10, bytes, 11), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(edit_paste(m, j, 50, bytes, 300000), 0);
	memcpy(model + 50, bytes, 300000);
	assert_model();
	ck_assert_uint_eq(journal_applied(j), 1);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	for (i = 0; i < size; i++)
		model[i] = testfile_byte(7, i);
	assert_model();
	free(bytes);
}
END_TEST

/* Read-only maps refuse fills. */
START_TEST(test_fill_readonly)
{
	open_pattern(4096, MAP_READONLY);
	ck_assert_int_eq(edit_fill(m, j, 0, 10, "a", 1), -1);
	ck_assert_int_eq(errno, EROFS);
	ck_assert_ptr_null(edit_fill_begin(m, j, 0, 10 * MiB, "a", 1));
}
END_TEST

/* Return the resident set in bytes. */
static uint64_t
rss(void)
{
	unsigned long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%lu %lu", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (uint64_t)res * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* A 256 MiB fill of a sparse file, its undo and a shrink: heap and
 * resident memory stay within a few MiB (the old bytes are in the
 * spill, the new ones a pattern). */
START_TEST(test_fill_memory_bounded)
{
	const uint64_t big = 256ull * MiB;
	struct mallinfo2 before, after;
	uint64_t rss0, rss1;
	char *cause = NULL;
	unsigned char buf[4];
	int fd;

	strcpy(path, testfile_sparse(big, "END", 3));
	m = map_open(path, MAP_WRITE, &cause);
	ck_assert_ptr_nonnull(m);
	j = journal_new();
	before = mallinfo2();
	rss0 = rss();
	ck_assert_int_eq(edit_fill(m, j, 1, big - 2, "\xaa\xbb", 2), 0);
	after = mallinfo2();
	rss1 = rss();
	ck_assert_msg(after.uordblks < before.uordblks + 4 * MiB,
	    "heap grew %zu", after.uordblks - before.uordblks);
	ck_assert_msg(!RSS_CHECKED || rss1 < rss0 + 16 * MiB, "rss grew %llu",
	    (unsigned long long)(rss1 - rss0));
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), big - 2);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(pread(fd, buf, 4, big - 4), 4);
	ck_assert(memcmp(buf, "\xbb\xaa\xbb" "D", 4) == 0);

	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	after = mallinfo2();
	ck_assert_msg(after.uordblks < before.uordblks + 4 * MiB,
	    "heap grew %zu", after.uordblks - before.uordblks);
	ck_assert_msg(!RSS_CHECKED || rss() < rss0 + 16 * MiB, "rss grew");
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), 0);
	ck_assert_int_eq(pread(fd, buf, 4, 100 * MiB), 4);
	ck_assert(memcmp(buf, "\0\0\0\0", 4) == 0);

	/* Redo, then the file is cut: the bytes past the end are lost. */
	ck_assert_int_eq(edit_redo(m, j, NULL, NULL), 1);
	ck_assert_uint_eq(ledger_prune(journal_ledger(j), big / 2),
	    big / 2 - 1);
	ck_assert_uint_eq(ledger_unsaved(journal_ledger(j)), big / 2 - 1);
	close(fd);
}
END_TEST

Suite *
bigedit_suite(void)
{
	Suite *s = suite_create("bigedit");
	TCase *tc = tcase_create("bigedit");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_fill_undo_redo, 0, 2);
	tcase_add_loop_test(tc, test_fill_save, 0, 2);
	tcase_add_test(tc, test_fill_discard);
	tcase_add_test(tc, test_stepped_cancel);
	tcase_add_test(tc, test_big_undo_conflict);
	tcase_add_test(tc, test_replace_one_step);
	tcase_add_test(tc, test_paste);
	tcase_add_test(tc, test_fill_readonly);
	tcase_add_test(tc, test_fill_memory_bounded);
	suite_add_tcase(s, tc);
	return s;
}
