/*
 * check-marks.c - tests for the marks store (marks.h), with the state
 * directory in a temporary XDG_STATE_HOME.
 *
 * Covers: set, get, delete and their refusals; marks kept across a save
 * and a load; a file found again after a rename (same inode), after
 * being replaced (same path, new inode), and not confused with another
 * file; the marks of other files kept by a save; a mark past the end;
 * corrupt state files (not a marks file, bad lines, a NUL, a huge line)
 * ignored with a note; the HOME fallback and no directory at all; a
 * lock held elsewhere; the limit of MARKS_MAX_FILES files.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "marks.h"
#include "suites.h"
#include "testfile.h"

/* The state directory of the test (its XDG_STATE_HOME + /mmhex). */
static char state_home[256], state_dir[300];

/* Point XDG_STATE_HOME at a fresh directory. */
static void
marks_setup(void)
{
	snprintf(state_home, sizeof state_home, "%s", testfile_path("state"));
	ck_assert_int_eq(mkdir(state_home, 0700), 0);
	snprintf(state_dir, sizeof state_dir, "%s/mmhex", state_home);
	setenv("XDG_STATE_HOME", state_home, 1);
}

static void
marks_teardown(void)
{
	testfile_cleanup();
}

/* Load the marks of path from the default directory; no note wanted. */
static struct marks *
load(const char *path)
{
	struct stat st;
	struct marks *m;
	char *note = NULL;

	ck_assert_int_eq(stat(path, &st), 0);
	m = marks_load(NULL, path, &st, &note);
	ck_assert_ptr_nonnull(m);
	if (note != NULL)
		ck_abort_msg("unexpected note: %s", note);
	return m;
}

/* Load the marks of path; return the note (caller frees) in *note. */
static struct marks *
load_noted(const char *path, char **note)
{
	struct stat st;
	struct marks *m;

	ck_assert_int_eq(stat(path, &st), 0);
	m = marks_load(NULL, path, &st, note);
	ck_assert_ptr_nonnull(m);
	return m;
}

/* Save m; assert it worked. */
static void
save(struct marks *m)
{
	char *cause = NULL;

	if (marks_save(m, &cause) != 0)
		ck_abort_msg("save failed: %s", cause);
	ck_assert(!marks_dirty(m));
}

/* Assert mark name of m is at offset. */
static void
ck_mark(const struct marks *m, int name, uint64_t offset)
{
	uint64_t got = 0;

	ck_assert_int_eq(marks_get(m, name, &got), 0);
	ck_assert_uint_eq(got, offset);
}

/* Write text as the state file. */
static void
write_state(const char *text)
{
	char file[400];
	FILE *f;

	mkdir(state_dir, 0700);
	snprintf(file, sizeof file, "%s/marks", state_dir);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_set_get_delete)
{
	const char *path = testfile_make("abc", 3);
	struct marks *m = load(path);
	uint64_t off;

	ck_assert_uint_eq(marks_count(m), 0);
	ck_assert(!marks_dirty(m));
	ck_assert_int_eq(marks_get(m, 'a', &off), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(marks_set(m, 'a', 2), 0);
	ck_assert_int_eq(marks_set(m, 'Z', 1ull << 40), 0);
	ck_assert_int_eq(marks_set(m, 'a', 1), 0);
	ck_assert(marks_dirty(m));
	ck_mark(m, 'a', 1);
	ck_mark(m, 'Z', 1ull << 40);
	ck_assert_uint_eq(marks_count(m), 2);
	ck_assert_int_eq(marks_set(m, '1', 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(marks_set(m, '\'', 0), -1);
	ck_assert_int_eq(marks_set(m, 0xe9, 0), -1);
	ck_assert_int_eq(marks_get(m, '@', &off), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(marks_delete(m, 'a'), 0);
	ck_assert_int_eq(marks_delete(m, 'a'), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(marks_count(m), 1);
	ck_assert(marks_valid('q') && marks_valid('Q') && !marks_valid('-'));
	marks_free(m);
	marks_free(NULL);
}
END_TEST

START_TEST(test_save_load)
{
	const char *path = testfile_make("abcdef", 6);
	struct marks *m = load(path);
	struct stat st;

	marks_set(m, 'a', 5);
	marks_set(m, 'B', 1);
	save(m);
	marks_free(m);
	/* Private: the directory is the user's alone. */
	ck_assert_int_eq(stat(state_dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);

	m = load(path);
	ck_mark(m, 'a', 5);
	ck_mark(m, 'B', 1);
	ck_assert_uint_eq(marks_count(m), 2);
	/* Deleting them all drops the file's entry. */
	marks_delete(m, 'a');
	marks_delete(m, 'B');
	save(m);
	marks_free(m);
	m = load(path);
	ck_assert_uint_eq(marks_count(m), 0);
	marks_free(m);
}
END_TEST

START_TEST(test_renamed_and_replaced)
{
	char path[300], moved[300], other[300], unrelated[300];
	struct marks *m;
	FILE *f;

	/* Made first: an inode freed later may be reused (see marks.h). */
	snprintf(unrelated, sizeof unrelated, "%s", testfile_make("x", 1));
	snprintf(path, sizeof path, "%s", testfile_make("0123456789", 10));
	m = load(path);
	marks_set(m, 'r', 7);
	save(m);
	marks_free(m);

	/* Renamed: found by device and inode. */
	snprintf(moved, sizeof moved, "%s", testfile_path("moved"));
	ck_assert_int_eq(rename(path, moved), 0);
	m = load(moved);
	ck_mark(m, 'r', 7);
	marks_set(m, 's', 8);
	save(m);
	marks_free(m);

	/* Replaced (a new inode at the same path): found by path. */
	snprintf(other, sizeof other, "%s", testfile_path("new"));
	f = fopen(other, "w");
	fputs("new content", f);
	fclose(f);
	ck_assert_int_eq(rename(other, moved), 0);
	m = load(moved);
	ck_mark(m, 'r', 7);
	ck_mark(m, 's', 8);
	marks_free(m);

	/* Another file shares nothing. */
	m = load(unrelated);
	ck_assert_uint_eq(marks_count(m), 0);
	marks_free(m);
}
END_TEST

START_TEST(test_other_files_kept)
{
	char a[300], b[300];
	struct marks *ma, *mb;

	snprintf(a, sizeof a, "%s", testfile_make("aaaa", 4));
	snprintf(b, sizeof b, "%s", testfile_make("bbbb", 4));
	/* Both loaded before either saves, as two processes would. */
	ma = load(a);
	mb = load(b);
	marks_set(ma, 'a', 1);
	marks_set(mb, 'b', 2);
	save(ma);
	save(mb);
	marks_free(ma);
	marks_free(mb);
	ma = load(a);
	mb = load(b);
	ck_mark(ma, 'a', 1);
	ck_mark(mb, 'b', 2);
	ck_assert_uint_eq(marks_count(ma), 1);
	ck_assert_uint_eq(marks_count(mb), 1);
	marks_free(ma);
	marks_free(mb);
}
END_TEST

START_TEST(test_past_end)
{
	struct marks *m = load(testfile_make("abcd", 4));
	char *text;

	marks_set(m, 'a', 3);
	marks_set(m, 'b', 4);
	text = marks_describe(m, 'a', 4);
	ck_assert_str_eq(text, "mark a: 0x3");
	free(text);
	text = marks_describe(m, 'b', 4);
	ck_assert_str_eq(text, "mark b: 0x4, past the end (size 4)");
	free(text);
	text = marks_describe(m, 'a', 0);
	ck_assert_str_eq(text, "mark a: 0x3, past the end (size 0)");
	free(text);
	ck_assert_ptr_null(marks_describe(m, 'c', 4));
	ck_assert_int_eq(errno, ENOENT);
	/* Kept through a save as set. */
	save(m);
	marks_free(m);
}
END_TEST

START_TEST(test_corrupt)
{
	const char *path = testfile_make("abcd", 4);
	struct marks *m;
	char *note = NULL, state[2000], *big;
	struct stat st;

	/* Not a marks file: ignored, replaced by the next save. */
	write_state("\x7f" "ELF\x02\x01garbage\n\n");
	m = load_noted(path, &note);
	ck_assert_ptr_nonnull(note);
	ck_assert_ptr_nonnull(strstr(note, "not a marks file"));
	free(note);
	ck_assert_uint_eq(marks_count(m), 0);
	marks_set(m, 'a', 1);
	save(m);
	marks_free(m);
	m = load(path);
	ck_mark(m, 'a', 1);
	marks_free(m);

	/* Bad lines: skipped, counted, the first named; good ones kept. */
	ck_assert_int_eq(stat(path, &st), 0);
	snprintf(state, sizeof state, "# mmhex marks 1\n"
	    "m a 5\n"
	    "file %ju %ju 10 %%2fnot-this\n"
	    "m a 12x\n"
	    "file %ju %ju 10 relative\n"
	    "file %ju %ju 99999999999999999999999 /x\n"
	    "file %ju %ju 11 /somewhere/else\n"
	    "m b 9\n"
	    "m ? 9\n"
	    "m c 18446744073709551616\n"
	    "junk\n",
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino + 1,
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino,
	    (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	write_state(state);
	m = load_noted(path, &note);
	ck_assert_ptr_nonnull(note);
	ck_assert_ptr_nonnull(strstr(note, ": line 2: a mark before any file "
	    "line (7 bad lines ignored)"));
	free(note);
	ck_mark(m, 'b', 9);
	ck_assert_uint_eq(marks_count(m), 1);
	marks_free(m);

	/* A NUL inside a line, and a line of a megabyte. */
	big = malloc(1 << 20);
	memset(big, 'm', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	write_state("# mmhex marks 1\nm a\0 1\n");
	m = load_noted(path, &note);
	ck_assert_ptr_nonnull(note);
	free(note);
	marks_free(m);
	write_state("# mmhex marks 1\n");
	{
		char file[400];
		FILE *f;

		snprintf(file, sizeof file, "%s/marks", state_dir);
		f = fopen(file, "a");
		fputs(big, f);
		fclose(f);
	}
	m = load_noted(path, &note);
	ck_assert_ptr_nonnull(note);
	free(note);
	marks_free(m);
	free(big);

	/* A state path that is a directory. */
	{
		char file[400];

		snprintf(file, sizeof file, "%s/marks", state_dir);
		unlink(file);
		ck_assert_int_eq(mkdir(file, 0700), 0);
		m = load_noted(path, &note);
		ck_assert_ptr_nonnull(note);
		free(note);
		marks_set(m, 'a', 1);
		ck_assert_int_eq(marks_save(m, &note), -1);
		ck_assert_ptr_nonnull(strstr(note, "cannot save marks"));
		free(note);
		marks_free(m);
		rmdir(file);
	}
}
END_TEST

START_TEST(test_directories)
{
	const char *path = testfile_make("abcd", 4);
	char *dir, *cause = NULL;
	struct marks *m;
	struct stat st;

	dir = marks_dir(NULL);
	ck_assert_str_eq(dir, state_dir);
	free(dir);

	/* A relative XDG_STATE_HOME is ignored (the spec says so). */
	setenv("XDG_STATE_HOME", "relative", 1);
	setenv("HOME", state_home, 1);
	dir = marks_dir(NULL);
	ck_assert_str_eq(dir + strlen(state_home), "/.local/state/mmhex");
	free(dir);
	m = load(path);
	marks_set(m, 'h', 1);
	save(m);
	marks_free(m);

	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(marks_dir(&cause));
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(cause, "marks are not kept: neither XDG_STATE_HOME "
	    "nor HOME is set");
	free(cause);
	ck_assert_int_eq(stat(path, &st), 0);
	m = marks_load(NULL, path, &st, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(cause);
	marks_set(m, 'a', 1);
	ck_assert_int_eq(marks_save(m, &cause), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(cause, "marks are not kept: neither XDG_STATE_HOME "
	    "nor HOME is set");
	free(cause);
	marks_free(m);
}
END_TEST

/* Another process holds the lock: the save gives up, changes nothing. */
START_TEST(test_locked)
{
	const char *path = testfile_make("abcd", 4);
	struct marks *m = load(path);
	char lock[400], *cause = NULL;
	pid_t pid;
	int fd, ready[2], status;
	char c;

	mkdir(state_dir, 0700);
	snprintf(lock, sizeof lock, "%s/marks.lock", state_dir);
	ck_assert_int_eq(pipe(ready), 0);
	pid = fork();
	if (pid == 0) {
		fd = open(lock, O_RDWR | O_CREAT, 0600);
		flock(fd, LOCK_EX);
		(void)write(ready[1], "x", 1);
		sleep(3);
		_exit(0);
	}
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	marks_set(m, 'a', 1);
	ck_assert_int_eq(marks_save(m, &cause), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_ptr_nonnull(strstr(cause, "marks.lock"));
	free(cause);
	ck_assert(marks_dirty(m));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	save(m);
	marks_free(m);
}
END_TEST

/* Past MARKS_MAX_FILES files, the ones saved longest ago go. */
START_TEST(test_max_files)
{
	const char *path = testfile_make("abcd", 4);
	struct marks *m;
	char file[400], line[200];
	FILE *f;
	int i, entries = 0;

	mkdir(state_dir, 0700);
	snprintf(file, sizeof file, "%s/marks", state_dir);
	f = fopen(file, "w");
	fputs("# mmhex marks 1\n", f);
	for (i = 1; i <= MARKS_MAX_FILES; i++)
		fprintf(f, "file 1 %d %d /gone/%d\nm a %d\n", i, i, i, i);
	fclose(f);
	m = load(path);
	marks_set(m, 'z', 3);
	save(m);
	marks_free(m);
	f = fopen(file, "r");
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "file ", 5) == 0)
			entries++;
	}
	fclose(f);
	ck_assert_int_eq(entries, MARKS_MAX_FILES);
	f = fopen(file, "r");
	while (fgets(line, sizeof line, f) != NULL)
		ck_assert_ptr_null(strstr(line, " /gone/1\n"));
	fclose(f);
	m = load(path);
	ck_mark(m, 'z', 3);
	marks_free(m);
}
END_TEST

/* A path with blanks, newlines and '%' survives the state file. */
START_TEST(test_odd_path)
{
	char path[300];
	struct marks *m;
	FILE *f;

	snprintf(path, sizeof path, "%s", testfile_path("a b\n%20c"));
	f = fopen(path, "w");
	fputs("x", f);
	fclose(f);
	m = load(path);
	marks_set(m, 'p', 1);
	save(m);
	marks_free(m);
	/* Replaced, so only the path can find it. */
	unlink(path);
	f = fopen(path, "w");
	fputs("y", f);
	fclose(f);
	m = load(path);
	ck_mark(m, 'p', 1);
	marks_free(m);
}
END_TEST

Suite *
marks_suite(void)
{
	Suite *s = suite_create("marks");
	TCase *tc = tcase_create("marks");

	tcase_add_checked_fixture(tc, marks_setup, marks_teardown);
	tcase_add_test(tc, test_set_get_delete);
	tcase_add_test(tc, test_save_load);
	tcase_add_test(tc, test_renamed_and_replaced);
	tcase_add_test(tc, test_other_files_kept);
	tcase_add_test(tc, test_past_end);
	tcase_add_test(tc, test_corrupt);
	tcase_add_test(tc, test_directories);
	tcase_add_test(tc, test_locked);
	tcase_add_test(tc, test_max_files);
	tcase_add_test(tc, test_odd_path);
	suite_add_tcase(s, tc);
	return s;
}
