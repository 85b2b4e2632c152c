/*
 * check-edit.c - tests for editing through the journal (edit.h) and for
 * saving in each open mode (save.h).
 *
 * The oracle is the file itself, read back with plain read(2) (pread),
 * never through the mapping under test: a -w edit must be in the file at
 * once, a -c edit must never reach it until applied, and a saved copy
 * must hold exactly the patched bytes.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "allocfail.h"
#include "edit.h"
#include "journal.h"
#include "ledger.h"
#include "map.h"
#include "save.h"
#include "suites.h"
#include "testfile.h"

static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
#define TEXT_LEN (sizeof text - 1)

static char path[PATH_MAX + 64];
static struct map *m;
static struct journal *j;

/* Return the unsaved bytes, as the status line counts them. */
static uint64_t
unsaved(void)
{
	return ledger_unsaved(journal_ledger(j));
}

/* Remove every test file. */
static void
teardown(void)
{
	map_close(m);
	m = NULL;
	journal_free(j);
	j = NULL;
	testfile_cleanup();
}

/* Make the text file and open it in mode. */
static void
open_text(enum map_mode mode)
{
	char *cause = NULL;

	strcpy(path, testfile_make(text, TEXT_LEN));
	m = map_open(path, mode, &cause);
	ck_assert_msg(m != NULL, "map_open: %s", cause);
	j = journal_new();
	ck_assert_ptr_nonnull(j);
}

/* Read the whole file at p with pread into buf; return its length. */
static size_t
read_file(const char *p, char *buf, size_t cap)
{
	int fd = open(p, O_RDONLY);
	ssize_t n;

	ck_assert_int_ge(fd, 0);
	n = pread(fd, buf, cap, 0);
	ck_assert_int_ge(n, 0);
	close(fd);
	return (size_t)n;
}

/* Assert the file at p holds exactly the n bytes of want. */
static void
assert_file(const char *p, const char *want, size_t n)
{
	char buf[256];
	size_t got = read_file(p, buf, sizeof buf);

	ck_assert_uint_eq(got, n);
	ck_assert_msg(memcmp(buf, want, n) == 0, "file %s is '%.*s', want "
	    "'%.*s'", p, (int)got, buf, (int)n, want);
}

START_TEST(test_readonly_refuses)
{
	open_text(MAP_READONLY);
	errno = 0;
	ck_assert_int_eq(edit_overwrite(m, j, 0, "X", 1), -1);
	ck_assert_int_eq(errno, EROFS);
	ck_assert_uint_eq(journal_applied(j), 0);
	assert_file(path, text, TEXT_LEN);
}
END_TEST

START_TEST(test_past_end_refused)
{
	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, TEXT_LEN, "X", 1), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(edit_overwrite(m, j, TEXT_LEN - 1, "XY", 2), -1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_uint_eq(journal_applied(j), 0);
	/* The last byte itself can be overwritten. */
	ck_assert_int_eq(edit_overwrite(m, j, TEXT_LEN - 1, "Z", 1), 0);
	ck_assert_uint_eq(map_size(m), TEXT_LEN);
}
END_TEST

START_TEST(test_write_mode_reaches_file_at_once)
{
	char want[TEXT_LEN];
	uint64_t at = 99;

	open_text(MAP_WRITE);
	memcpy(want, text, TEXT_LEN);
	ck_assert_int_eq(edit_overwrite(m, j, 3, "XYZ", 3), 0);
	memcpy(want + 3, "XYZ", 3);
	/* Another reader (pread) sees the edit before any save. */
	assert_file(path, want, TEXT_LEN);
	ck_assert_uint_eq(unsaved(), 3);

	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 1);
	ck_assert_uint_eq(at, 3);
	assert_file(path, text, TEXT_LEN);
	ck_assert_int_eq(edit_undo(m, j, &at, NULL), 0);

	ck_assert_int_eq(edit_redo(m, j, &at, NULL), 1);
	assert_file(path, want, TEXT_LEN);
	ck_assert_int_eq(edit_redo(m, j, &at, NULL), 0);
}
END_TEST

START_TEST(test_cow_never_reaches_file)
{
	char buf[TEXT_LEN];

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "ABC", 3), 0);
	assert_file(path, text, TEXT_LEN);
	ck_assert_int_eq(map_read(m, 0, buf, 3), 3);
	ck_assert(memcmp(buf, "ABC", 3) == 0);
}
END_TEST

START_TEST(test_save_sync_marks_saved)
{
	uint64_t saved;
	char *cause = NULL;
	char want[TEXT_LEN];

	open_text(MAP_WRITE);
	memcpy(want, text, TEXT_LEN);
	ck_assert_int_eq(edit_overwrite(m, j, 10, "Q", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 30, "R", 1), 0);
	ck_assert_uint_eq(unsaved(), 2);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(saved, 2);
	ck_assert_uint_eq(unsaved(), 0);
	want[10] = 'Q';
	want[30] = 'R';
	assert_file(path, want, TEXT_LEN);

	/* Undo after a save is a new unsaved change. */
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_uint_eq(unsaved(), 1);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_uint_eq(saved, 1);
	want[30] = text[30];
	assert_file(path, want, TEXT_LEN);
	ck_assert_uint_eq(unsaved(), 0);
}
END_TEST

START_TEST(test_save_sync_refused_in_cow)
{
	uint64_t saved;
	char *cause = NULL;

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "A", 1), 0);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_uint_eq(unsaved(), 1);
	assert_file(path, text, TEXT_LEN);
}
END_TEST

START_TEST(test_save_as_writes_patched_copy)
{
	char *cause = NULL, copy[PATH_MAX + 64], want[TEXT_LEN];
	struct stat st;

	open_text(MAP_COW);
	strcpy(copy, testfile_path("copy"));
	ck_assert_int_eq(edit_overwrite(m, j, 5, "!!", 2), 0);
	ck_assert_int_eq(save_as(m, j, copy, 0, &cause), 0);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + 5, "!!", 2);
	assert_file(copy, want, TEXT_LEN);
	assert_file(path, text, TEXT_LEN);
	/* Save-as does not save the original: the edit is still unsaved. */
	ck_assert_uint_eq(unsaved(), 2);

	/* An existing file is kept unless replacing was asked for. */
	ck_assert_int_eq(edit_overwrite(m, j, 0, "#", 1), 0);
	ck_assert_int_eq(save_as(m, j, copy, 0, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "exists") != NULL, "cause: %s", cause);
	free(cause);
	assert_file(copy, want, TEXT_LEN);
	ck_assert_int_eq(save_as(m, j, copy, 1, &cause), 0);
	want[0] = '#';
	assert_file(copy, want, TEXT_LEN);
	ck_assert_int_eq(stat(copy, &st), 0);
	ck_assert_uint_eq((unsigned)st.st_size, TEXT_LEN);
}
END_TEST

START_TEST(test_save_as_bad_directory)
{
	char *cause = NULL;

	open_text(MAP_READONLY);
	ck_assert_int_eq(save_as(m, j, "/nonexistent-dir/x", 0, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
}
END_TEST

/* Count the entries of the directory holding p whose name holds part. */
static int
count_in_dir(const char *p, const char *part)
{
	char dir[PATH_MAX + 64], *slash;
	struct dirent *e;
	DIR *d;
	int n = 0;

	strcpy(dir, p);
	slash = strrchr(dir, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, part) != NULL;
	closedir(d);
	return n;
}

START_TEST(test_save_as_long_name)
{
	char *cause = NULL, copy[PATH_MAX + 64], name[251], want[TEXT_LEN];
	char *slash;

	/* 250 characters: valid (NAME_MAX is 255), but too long to take a
	 * ".mmhex-XXXXXX" suffix for the temporary file. */
	open_text(MAP_COW);
	memset(name, 'n', 250);
	name[250] = '\0';
	strcpy(copy, path);
	slash = strrchr(copy, '/');
	strcpy(slash + 1, name);
	ck_assert_int_eq(edit_overwrite(m, j, 1, "L", 1), 0);
	ck_assert_msg(save_as(m, j, copy, 0, &cause) == 0, "cause: %s",
	    cause);
	memcpy(want, text, TEXT_LEN);
	want[1] = 'L';
	assert_file(copy, want, TEXT_LEN);
	ck_assert_int_eq(count_in_dir(copy, ".mmhex-"), 0);
}
END_TEST

START_TEST(test_save_as_refuses_open_file)
{
	char *cause = NULL, other[PATH_MAX + 64];

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "#", 1), 0);
	ck_assert_int_eq(save_is_open_file(m, path), 1);
	ck_assert_int_eq(save_as(m, j, path, 1, &cause), -1);
	ck_assert_int_eq(errno, EBUSY);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	/* Another name for the same inode is the same file. */
	strcpy(other, testfile_path("hardlink"));
	ck_assert_int_eq(link(path, other), 0);
	ck_assert_int_eq(save_is_open_file(m, other), 1);
	ck_assert_int_eq(save_as(m, j, other, 1, &cause), -1);
	ck_assert_int_eq(errno, EBUSY);
	free(cause);
	assert_file(path, text, TEXT_LEN);
	ck_assert_int_eq(save_is_open_file(m, testfile_path("x")), 0);
}
END_TEST

START_TEST(test_save_as_keeps_holes)
{
	const uint64_t size = 64ull << 20, hole_edit = 8ull << 20;
	char *cause = NULL, copy[PATH_MAX + 64];
	unsigned char got[4];
	struct stat st;
	int fd;

	/* 64 MiB: a hole, then "tail" at the end; one edit in the hole,
	 * one in the data. */
	strcpy(path, testfile_sparse(size, "tail", 4));
	m = map_open(path, MAP_COW, &cause);
	ck_assert_msg(m != NULL, "map_open: %s", cause);
	j = journal_new();
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(edit_overwrite(m, j, hole_edit, "HO", 2), 0);
	ck_assert_int_eq(edit_overwrite(m, j, size - 3, "A", 1), 0);
	strcpy(copy, testfile_path("sparse-copy"));
	ck_assert_msg(save_as(m, j, copy, 0, &cause) == 0, "cause: %s",
	    cause);
	fd = open(copy, O_RDONLY);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, size);
	/* Two pages or so of data, not 64 MiB of zeros. */
	ck_assert_msg((uint64_t)st.st_blocks * 512 < (1u << 20),
	    "%lld blocks allocated", (long long)st.st_blocks);
	ck_assert_int_eq(pread(fd, got, 4, (off_t)hole_edit - 1), 4);
	ck_assert_mem_eq(got, "\0HO\0", 4);
	ck_assert_int_eq(pread(fd, got, 4, (off_t)(size - 4)), 4);
	ck_assert_mem_eq(got, "tAil", 4);
	ck_assert_int_eq(pread(fd, got, 4, (off_t)(size / 2)), 4);
	ck_assert_mem_eq(got, "\0\0\0\0", 4);
	close(fd);
}
END_TEST

START_TEST(test_save_apply_writes_only_edits)
{
	uint64_t saved;
	char *cause = NULL, want[TEXT_LEN];

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 1, "a", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 20, "bc", 2), 0);
	assert_file(path, text, TEXT_LEN);
	ck_assert_int_eq(save_apply(m, j, &saved, &cause), 0);
	ck_assert_uint_eq(saved, 3);
	ck_assert_uint_eq(unsaved(), 0);
	memcpy(want, text, TEXT_LEN);
	want[1] = 'a';
	memcpy(want + 20, "bc", 2);
	assert_file(path, want, TEXT_LEN);
}
END_TEST

START_TEST(test_discard_restores_file)
{
	char *cause = NULL;

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "ZZZ", 3), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 33, "Y", 1), 0);
	ck_assert_int_eq(save_discard(m, j, &cause), 0);
	ck_assert_uint_eq(unsaved(), 0);
	assert_file(path, text, TEXT_LEN);
}
END_TEST

START_TEST(test_discard_back_to_last_save)
{
	uint64_t saved;
	char *cause = NULL, want[TEXT_LEN];

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 2, "S", 1), 0);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 12, "T", 1), 0);
	/* Undo past the save: the saved state is ahead, redo reaches it. */
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_uint_eq(unsaved(), 1);
	ck_assert_int_eq(save_discard(m, j, &cause), 0);
	memcpy(want, text, TEXT_LEN);
	want[2] = 'S';
	assert_file(path, want, TEXT_LEN);
}
END_TEST

/* Undo past a save, then a new edit: the journal can no longer reach
 * the saved state by undo and redo, but the ledger still holds its bytes,
 * so discard puts the saved 'S' back and takes the new 'N' away. */
START_TEST(test_discard_unreachable_save)
{
	uint64_t saved;
	char *cause = NULL, want[TEXT_LEN];

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 2, "S", 1), 0);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_int_eq(edit_overwrite(m, j, 9, "N", 1), 0);
	ck_assert_uint_eq(unsaved(), 2);
	ck_assert_msg(save_discard(m, j, &cause) == 0, "cause: %s", cause);
	ck_assert_uint_eq(unsaved(), 0);
	memcpy(want, text, TEXT_LEN);
	want[2] = 'S';
	assert_file(path, want, TEXT_LEN);
}
END_TEST

START_TEST(test_edit_after_shrink)
{
	int fd;

	open_text(MAP_WRITE);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	close(fd);
	/* The map still believes in the old size; the write faults or is
	 * refused, and nothing is recorded. */
	ck_assert_int_eq(edit_overwrite(m, j, 4, "X", 1), -1);
	ck_assert_uint_eq(journal_applied(j), 0);
}
END_TEST

/* Edits past an end another process cut off: the save keeps what still
 * exists and says what was lost; undo and discard work (nothing to put
 * back past the end), so quitting with "discard" cannot get stuck. */
START_TEST(test_edits_past_new_end)
{
	uint64_t saved;
	char *cause = NULL;
	char want[TEXT_LEN];
	int fd;

	open_text(MAP_WRITE);
	memcpy(want, text, 20);
	ck_assert_int_eq(edit_overwrite(m, j, 5, "A", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 25, "BC", 2), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 19, "DE", 2), 0);
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 20), 0);
	close(fd);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_size(m), 20);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, "3 edited bytes past the end") != NULL &&
	    strstr(cause, "shrank to 20 bytes") != NULL, "cause: %s", cause);
	free(cause);
	cause = NULL;
	want[5] = 'A';
	want[19] = 'D';
	assert_file(path, want, 20);
	ck_assert_uint_eq(unsaved(), 0);

	/* Undo all three: the byte at 19 goes back, those past 20 have
	 * nowhere to go, and nothing fails.  Only the two bytes that exist
	 * are unsaved: nothing past the end is counted (no phantom edit). */
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_int_eq(edit_undo(m, j, NULL, NULL), 1);
	ck_assert_uint_eq(unsaved(), 2);
	ck_assert_int_eq(save_discard(m, j, &cause), 0);
	ck_assert_ptr_null(cause);
	assert_file(path, want, 20);
	ck_assert_int_eq(map_size(m), 20);
}
END_TEST

/* Write bytes at offset as another process would: through a descriptor
 * of its own, not the map under test. */
static void
other_writes(const char *p, uint64_t offset, const char *bytes, size_t n)
{
	int fd = open(p, O_WRONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, bytes, n, (off_t)offset), (ssize_t)n);
	close(fd);
}

/* Issue 12, 1: edit byte 0, another process writes the whole head of the
 * file; discard must not put the old byte back over theirs.  The conflict
 * is named (byte 0 only: the other bytes were never mmhex's); keeping
 * theirs lets the discard finish and leaves their bytes. */
START_TEST(test_discard_keeps_their_bytes)
{
	struct edit_conflicts c;
	char *cause = NULL;
	const char theirs[] = "NEW CONTENT 0123";

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "B", 1), 0);
	other_writes(path, 0, theirs, 16);
	ck_assert_int_eq(save_discard(m, j, &cause), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	ck_assert_int_eq(edit_check(m, j, EDIT_CHECK_MAP, 0, UINT64_MAX, 1,
	    &c), 1);
	ck_assert_uint_eq(c.ranges[0].offset, 0);
	ck_assert_uint_eq(c.ranges[0].len, 1);
	ck_assert_uint_eq(c.bytes, 1);
	/* Refused: their bytes are all there. */
	{
		char want[TEXT_LEN];

		memcpy(want, text, TEXT_LEN);
		memcpy(want, theirs, 16);
		assert_file(path, want, TEXT_LEN);
		ck_assert_int_eq(edit_keep_theirs(m, j, &c), 0);
		edit_conflicts_free(&c);
		ck_assert_uint_eq(unsaved(), 0);
		ck_assert_int_eq(save_discard(m, j, &cause), 0);
		assert_file(path, want, TEXT_LEN);
	}
}
END_TEST

/* The same with undo: nothing is written, the edit stays applied. */
START_TEST(test_undo_refuses_over_their_bytes)
{
	struct edit_conflicts c;
	char want[TEXT_LEN];
	uint64_t at;

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 4, "XYZ", 3), 0);
	other_writes(path, 5, "q", 1);
	ck_assert_int_eq(edit_undo(m, j, &at, &c), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(c.count, 1);
	ck_assert_uint_eq(c.ranges[0].offset, 5);
	ck_assert_uint_eq(journal_applied(j), 1);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + 4, "XqZ", 3);
	assert_file(path, want, TEXT_LEN);
	/* Keep theirs: the undo then puts back 4 and 6 and leaves 5. */
	ck_assert_int_eq(edit_keep_theirs(m, j, &c), 0);
	edit_conflicts_free(&c);
	ck_assert_int_eq(edit_undo(m, j, &at, &c), 1);
	memcpy(want, text, TEXT_LEN);
	want[5] = 'q';
	assert_file(path, want, TEXT_LEN);
	ck_assert_uint_eq(unsaved(), 0);
	/* Redo writes X and Z again, and still leaves their q. */
	ck_assert_int_eq(edit_redo(m, j, &at, &c), 1);
	want[4] = 'X';
	want[6] = 'Z';
	assert_file(path, want, TEXT_LEN);
}
END_TEST

/* Write mine again: the user chose to overwrite; the save then says what
 * it read back. */
START_TEST(test_save_after_write_mine)
{
	struct edit_conflicts c;
	char *cause = NULL, want[TEXT_LEN];
	uint64_t saved = 99;

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 10, "AB", 2), 0);
	other_writes(path, 11, "!", 1);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), -1);
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_eq(saved, 0);
	ck_assert_msg(strstr(cause, "changed 1 byte under your edits") !=
	    NULL, "cause: %s", cause);
	free(cause);
	ck_assert_uint_eq(unsaved(), 2);
	ck_assert_int_eq(edit_check(m, j, EDIT_CHECK_MAP, 0, UINT64_MAX, 1,
	    &c), 1);
	ck_assert_int_eq(edit_keep_mine(m, j, &c), 0);
	edit_conflicts_free(&c);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), 0);
	ck_assert_uint_eq(saved, 2);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + 10, "AB", 2);
	assert_file(path, want, TEXT_LEN);
}
END_TEST

/* Issue 12, 2: the file truncated and rewritten drops the page holding
 * the edit (in -w and in -c): w and P must not claim a save. */
START_TEST(test_save_after_rewrite_is_refused)
{
	char *cause = NULL, other[TEXT_LEN];
	uint64_t saved = 99;
	int fd, mode;

	for (mode = 0; mode < 2; mode++) {
		open_text(mode == 0 ? MAP_WRITE : MAP_COW);
		ck_assert_int_eq(edit_overwrite(m, j, 3, "E", 1), 0);
		fd = open(path, O_RDWR | O_TRUNC);
		ck_assert_int_ge(fd, 0);
		memset(other, 'o', sizeof other);
		ck_assert_int_eq(write(fd, other, TEXT_LEN), (ssize_t)TEXT_LEN);
		close(fd);
		ck_assert_int_eq(mode == 0 ? save_sync(m, j, &saved, &cause) :
		    save_apply(m, j, &saved, &cause), -1);
		ck_assert_int_eq(errno, EAGAIN);
		ck_assert_uint_eq(saved, 0);
		free(cause);
		cause = NULL;
		assert_file(path, other, TEXT_LEN);
		ck_assert_uint_eq(unsaved(), 1);
		teardown();
	}
}
END_TEST

/* -c apply: another process changed a byte under an edit: nothing is
 * written; a byte next to the edit (never mmhex's) is no conflict. */
START_TEST(test_apply_conflict_in_file)
{
	struct edit_conflicts c;
	char *cause = NULL, want[TEXT_LEN];
	uint64_t saved;

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 7, "MN", 2), 0);
	other_writes(path, 8, "t", 1);
	other_writes(path, 9, "u", 1);
	ck_assert_int_eq(save_apply(m, j, &saved, &cause), -1);
	ck_assert_int_eq(errno, EAGAIN);
	free(cause);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + 8, "tu", 2);
	assert_file(path, want, TEXT_LEN);
	ck_assert_int_eq(edit_check(m, j, EDIT_CHECK_FILE, 0, UINT64_MAX, 1,
	    &c), 1);
	ck_assert_uint_eq(c.ranges[0].offset, 8);
	ck_assert_uint_eq(c.bytes, 1);
	/* Keep theirs: the apply writes M only; the copy shows their t. */
	ck_assert_int_eq(edit_keep_theirs(m, j, &c), 0);
	edit_conflicts_free(&c);
	ck_assert_int_eq(save_apply(m, j, &saved, &cause), 0);
	ck_assert_uint_eq(saved, 1);
	want[7] = 'M';
	assert_file(path, want, TEXT_LEN);
	{
		char view[3];

		ck_assert_int_eq(map_read(m, 7, view, 3), 3);
		ck_assert_mem_eq(view, "Mtu", 2);
	}
}
END_TEST

/* Issue 12, 3: the file renamed over: w refuses (ESTALE) instead of
 * saving into a file nobody will see; the edits re-apply to the new
 * file where it holds what they were made over. */
START_TEST(test_renamed_over)
{
	char *cause = NULL, fresh_path[PATH_MAX + 64], want[TEXT_LEN];
	struct map *fresh;
	uint64_t saved, written, conflicting;

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "A", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 20, "K", 1), 0);
	strcpy(fresh_path, testfile_path("fresh"));
	memcpy(want, text, TEXT_LEN);
	want[20] = '#';		/* the new file differs under one edit */
	{
		int fd = open(fresh_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, want, TEXT_LEN), (ssize_t)TEXT_LEN);
		close(fd);
	}
	ck_assert_int_eq(rename(fresh_path, path), 0);
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), -1);
	ck_assert_int_eq(errno, ESTALE);
	ck_assert_msg(strstr(cause, "replaced") != NULL, "cause: %s", cause);
	free(cause);
	ck_assert_uint_eq(unsaved(), 2);

	fresh = map_open(path, MAP_WRITE, &cause);
	ck_assert_ptr_nonnull(fresh);
	ck_assert_int_eq(edit_reapply(fresh, j, &written, &conflicting), 0);
	ck_assert_uint_eq(written, 1);
	ck_assert_uint_eq(conflicting, 1);
	map_close(m);
	m = fresh;
	want[0] = 'A';
	assert_file(path, want, TEXT_LEN);
	/* The byte that differed is a conflict from now on. */
	ck_assert_int_eq(save_sync(m, j, &saved, &cause), -1);
	ck_assert_int_eq(errno, EAGAIN);
	free(cause);
}
END_TEST

/* Issue 12, 4: -c save-as after another process appended into the page
 * that holds an edit: the copy has their bytes, not the private page's
 * zeros. */
START_TEST(test_save_as_takes_appended_bytes)
{
	char *cause = NULL, copy[PATH_MAX + 64], want[TEXT_LEN + 8];
	int fd;

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 2, "*", 1), 0);
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "appended", 8), 8);
	close(fd);
	ck_assert_int_eq(map_refresh(m), 0);
	strcpy(copy, testfile_path("copy"));
	ck_assert_msg(save_as(m, j, copy, 0, &cause) == 0, "%s", cause);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + TEXT_LEN, "appended", 8);
	want[2] = '*';
	assert_file(copy, want, TEXT_LEN + 8);
}
END_TEST

/* The saves tried with allocations failing. */
enum save_kind { SAVE_SYNC, SAVE_APPLY, SAVE_AS, SAVE_DISCARD };

/* Run one save of kind; copy is save-as's target. */
static int
save_once(enum save_kind kind, const char *copy, uint64_t *saved,
    char **cause)
{
	*saved = 0;
	switch (kind) {
	case SAVE_SYNC:
		return save_sync(m, j, saved, cause);
	case SAVE_APPLY:
		return save_apply(m, j, saved, cause);
	case SAVE_AS:
		return save_as(m, j, copy, 0, cause);
	case SAVE_DISCARD:
		break;
	}
	return save_discard(m, j, cause);
}

/*
 * Run the save of kind with the k-th allocation it makes failing, for
 * k = 0, 1, ... until a run makes none fail; that run must succeed.  A
 * run in which an allocation failed must report it (-1, errno ENOMEM,
 * a message ending in strerror(ENOMEM) when there is memory for one) and
 * leave the unsaved bytes as they were (nothing marked saved), the file
 * as `before` or, when the failure came after the writes, `after`, and
 * save-as's target absent.  Save-as alone may succeed all the same (an
 * allocation only the message's file name needed); its copy must then
 * hold `after`.  One of the runs must be the one whose list of unsaved
 * bytes could not be made: its message holds `listing`.
 */
static void
assert_save_no_memory(enum save_kind kind, const char *before,
    const char *after, const char *listing)
{
	char copy[PATH_MAX + 64], *cause;
	uint64_t was = unsaved(), saved;
	size_t was_edits = journal_unsaved(j), len;
	const char *oom = strerror(ENOMEM), *in_file;
	char buf[256];
	unsigned long k, failed;
	int ret, listed = 0;
	struct stat st;

	strcpy(copy, testfile_path("copy"));
	in_file = kind == SAVE_AS ? copy : path;
	for (k = 0; k < 10000; k++) {
		cause = NULL;
		allocfail_arm(k, 1);
		ret = save_once(kind, copy, &saved, &cause);
		failed = allocfail_disarm();
		if (failed == 0) {
			ck_assert_msg(ret == 0, "allocation %lu: no failure, "
			    "yet: %s", k, cause);
			break;
		}
		if (ret == 0 && kind == SAVE_AS) {
			assert_file(copy, after, TEXT_LEN);
			ck_assert_int_eq(unlink(copy), 0);
			free(cause);
			continue;
		}
		ck_assert_msg(ret == -1, "allocation %lu failed, yet the save "
		    "succeeded", k);
		ck_assert_int_eq(errno, ENOMEM);
		ck_assert_uint_eq(saved, 0);
		ck_assert_uint_eq(unsaved(), was);
		ck_assert_uint_eq(journal_unsaved(j), was_edits);
		ck_assert_uint_eq(read_file(path, buf, sizeof buf), TEXT_LEN);
		ck_assert_msg(memcmp(buf, before, TEXT_LEN) == 0 ||
		    (kind != SAVE_AS && memcmp(buf, after, TEXT_LEN) == 0),
		    "allocation %lu: file '%.*s'", k, (int)TEXT_LEN, buf);
		ck_assert_int_eq(lstat(copy, &st), -1);
		if (cause != NULL) {
			len = strlen(cause);
			ck_assert_msg(len > strlen(oom) &&
			    strcmp(cause + len - strlen(oom), oom) == 0,
			    "allocation %lu: cause '%s'", k, cause);
			listed |= strstr(cause, listing) != NULL;
		}
		free(cause);
	}
	ck_assert_msg(k > 0 && k < 10000, "%lu runs", k);
	ck_assert_msg(listed, "no run failed to list the unsaved bytes");
	free(cause);
	assert_file(in_file, after, TEXT_LEN);
}

/* Out of memory while listing the unsaved bytes, -w: no "saved". */
START_TEST(test_save_sync_no_memory)
{
	char want[TEXT_LEN];

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 10, "Q", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 30, "RS", 2), 0);
	memcpy(want, text, TEXT_LEN);
	want[10] = 'Q';
	memcpy(want + 30, "RS", 2);
	assert_save_no_memory(SAVE_SYNC, want, want, "cannot list the "
	    "edits: ");
	ck_assert_uint_eq(unsaved(), 0);
	ck_assert_uint_eq(journal_unsaved(j), 0);
	assert_file(path, want, TEXT_LEN);
}
END_TEST

/* The same for applying -c edits: nothing written, nothing saved. */
START_TEST(test_save_apply_no_memory)
{
	char want[TEXT_LEN];

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 1, "a", 1), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 20, "bc", 2), 0);
	memcpy(want, text, TEXT_LEN);
	want[1] = 'a';
	memcpy(want + 20, "bc", 2);
	assert_save_no_memory(SAVE_APPLY, text, want, "cannot list the "
	    "edits: ");
	ck_assert_uint_eq(unsaved(), 0);
}
END_TEST

/* And for save-as: no target file, the edits still unsaved. */
START_TEST(test_save_as_no_memory)
{
	char want[TEXT_LEN];

	open_text(MAP_COW);
	ck_assert_int_eq(edit_overwrite(m, j, 5, "!!", 2), 0);
	memcpy(want, text, TEXT_LEN);
	memcpy(want + 5, "!!", 2);
	assert_save_no_memory(SAVE_AS, text, want, "cannot list the edits: ");
	ck_assert_uint_eq(unsaved(), 2);
	assert_file(path, text, TEXT_LEN);
}
END_TEST

/* And for discarding -w edits: the edits stay, nothing is put back. */
START_TEST(test_discard_no_memory)
{
	char want[TEXT_LEN];

	open_text(MAP_WRITE);
	ck_assert_int_eq(edit_overwrite(m, j, 0, "ZZZ", 3), 0);
	ck_assert_int_eq(edit_overwrite(m, j, 33, "Y", 1), 0);
	memcpy(want, text, TEXT_LEN);
	memcpy(want, "ZZZ", 3);
	want[33] = 'Y';
	assert_save_no_memory(SAVE_DISCARD, want, text, "cannot discard: ");
	ck_assert_uint_eq(unsaved(), 0);
}
END_TEST

Suite *
edit_suite(void)
{
	Suite *s = suite_create("edit");
	TCase *tc = tcase_create("edit");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_readonly_refuses);
	tcase_add_test(tc, test_past_end_refused);
	tcase_add_test(tc, test_write_mode_reaches_file_at_once);
	tcase_add_test(tc, test_cow_never_reaches_file);
	tcase_add_test(tc, test_save_sync_marks_saved);
	tcase_add_test(tc, test_save_sync_refused_in_cow);
	tcase_add_test(tc, test_save_as_writes_patched_copy);
	tcase_add_test(tc, test_save_as_bad_directory);
	tcase_add_test(tc, test_save_as_long_name);
	tcase_add_test(tc, test_save_as_refuses_open_file);
	tcase_add_test(tc, test_save_as_keeps_holes);
	tcase_add_test(tc, test_save_apply_writes_only_edits);
	tcase_add_test(tc, test_discard_keeps_their_bytes);
	tcase_add_test(tc, test_undo_refuses_over_their_bytes);
	tcase_add_test(tc, test_save_after_write_mine);
	tcase_add_test(tc, test_save_after_rewrite_is_refused);
	tcase_add_test(tc, test_apply_conflict_in_file);
	tcase_add_test(tc, test_renamed_over);
	tcase_add_test(tc, test_save_as_takes_appended_bytes);
	tcase_add_test(tc, test_discard_restores_file);
	tcase_add_test(tc, test_discard_back_to_last_save);
	tcase_add_test(tc, test_discard_unreachable_save);
	tcase_add_test(tc, test_edit_after_shrink);
	tcase_add_test(tc, test_edits_past_new_end);
	suite_add_tcase(s, tc);

	tc = tcase_create("no memory");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_save_sync_no_memory);
	tcase_add_test(tc, test_save_apply_no_memory);
	tcase_add_test(tc, test_save_as_no_memory);
	tcase_add_test(tc, test_discard_no_memory);
	suite_add_tcase(s, tc);
	return s;
}
