/*
 * check-filetype.c - tests for the file type line (filetype.h).
 *
 * filetype_describe() promises what `file -b` says.  Each sample is small
 * (well under FILETYPE_BYTES), so the bytes handed to libmagic are the
 * whole file and the two answers can be compared exactly: the sample is
 * written to a temporary file and `file -b` is run on it.  That includes
 * what file(1) reads relative to the end of a file (gzip's original size)
 * or through the descriptor (an ELF file's program headers).  The same
 * files are described through a descriptor (filetype_describe_fd(), the
 * viewer's way), and so are programs well past FILETYPE_BYTES: a PIE, a
 * static and a dynamic executable, a shared object, /bin/ls.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "filetype.h"
#include "suites.h"
#include "testfile.h"

/* Remove every test file, whatever the test did. */
static void
teardown(void)
{
	testfile_cleanup();
}

/* Return what `file -b` says about path, or NULL when file(1) is not
 * there to ask. */
static char *
file_b(const char *path)
{
	char cmd[4200], line[4096];
	FILE *f;
	size_t len;
	int status;

	ck_assert_ptr_null(strchr(path, '\''));
	snprintf(cmd, sizeof cmd, "file -b '%s' 2>/dev/null", path);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	status = pclose(f);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "check-filetype: file(1) failed (status %#x): "
		    "comparison skipped\n", status);
		return NULL;
	}
	len = strlen(line);
	if (len > 0 && line[len - 1] == '\n')
		line[len - 1] = '\0';
	return strdup(line);
}

/* Describe bytes, failing the test (with the cause) if that fails. */
static char *
describe(const void *bytes, size_t n)
{
	char *what, *cause = NULL;

	what = filetype_describe(bytes, n, &cause);
	ck_assert_msg(what != NULL, "filetype_describe: %s",
	    cause != NULL ? cause : "(no cause)");
	ck_assert_ptr_null(cause);
	return what;
}

/* Return whether s holds a C0 or C1 control character or DEL. */
static int
has_control(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
	}
	return 0;
}

static char *describe_path(const char *path);

/* Check that bytes are described as `file -b` describes them, both
 * handed over and through a descriptor of a file holding them, and
 * return the description (the caller frees). */
static char *
assert_like_file(const void *bytes, size_t n)
{
	char *what, *want, *by_fd, path[4096];

	ck_assert_uint_lt(n, FILETYPE_BYTES);
	what = describe(bytes, n);
	ck_assert_msg(!has_control(what), "control character in \"%s\"",
	    what);
	snprintf(path, sizeof path, "%s", testfile_make(bytes, n));
	by_fd = describe_path(path);
	ck_assert_str_eq(by_fd, what);
	free(by_fd);
	want = file_b(path);
	if (want != NULL) {
		ck_assert_str_eq(what, want);
		free(want);
	}
	return what;
}

/* Read up to n bytes of path into a new buffer; store the count. */
static unsigned char *
slurp(const char *path, size_t n, size_t *got)
{
	unsigned char *buf = malloc(n);
	FILE *f;

	ck_assert_ptr_nonnull(buf);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	*got = fread(buf, 1, n, f);
	fclose(f);
	return buf;
}

START_TEST(test_text)
{
	static const char text[] = "hello, world\nsecond line\n";
	char *what;

	what = assert_like_file(text, sizeof text - 1);
	ck_assert_str_eq(what, "ASCII text");
	free(what);

	what = assert_like_file("caf\xc3\xa9\n", 6);
	ck_assert_ptr_nonnull(strstr(what, "UTF-8"));
	free(what);
}
END_TEST

START_TEST(test_empty)
{
	char *what;

	what = assert_like_file("", 0);
	ck_assert_str_eq(what, "empty");
	free(what);

	/* No bytes at all: no buffer needed either. */
	what = describe(NULL, 0);
	ck_assert_str_eq(what, "empty");
	free(what);

	/* No cause wanted. */
	what = filetype_describe("x", 1, NULL);
	ck_assert_ptr_nonnull(what);
	free(what);
}
END_TEST

/* The system's own /bin/true: its ELF header alone, and all of it. */
START_TEST(test_elf)
{
	unsigned char *elf;
	size_t n;
	char *what;

	elf = slurp("/bin/true", 64, &n);
	ck_assert_uint_eq(n, 64);
	ck_assert_mem_eq(elf, "\177ELF", 4);
	what = assert_like_file(elf, n);
	ck_assert_msg(strncmp(what, "ELF ", 4) == 0, "ELF header described "
	    "as \"%s\"", what);
	free(what);
	free(elf);

	/* The whole program, when it is small enough to be handed over
	 * whole: program and section headers are read too. */
	elf = slurp("/bin/true", FILETYPE_BYTES, &n);
	if (n < FILETYPE_BYTES) {
		what = assert_like_file(elf, n);
		ck_assert_msg(strncmp(what, "ELF ", 4) == 0, "/bin/true "
		    "described as \"%s\"", what);
		free(what);
	}
	free(elf);
}
END_TEST

/* Describe the file at path as the viewer does: through a descriptor
 * (filetype_describe_fd()), whose offset is left where it was. */
static char *
describe_path(const char *path)
{
	char *what, *cause = NULL;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd != -1, "cannot open %s", path);
	ck_assert_int_eq(lseek(fd, 5, SEEK_SET), 5);
	what = filetype_describe_fd(fd, &cause);
	ck_assert_msg(what != NULL, "filetype_describe_fd: %s",
	    cause != NULL ? cause : "(no cause)");
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 5);
	close(fd);
	return what;
}

/* Compile a program with padding (so the file is well past
 * FILETYPE_BYTES) into out with flags; returns 0, or -1 (the compiler
 * or the flags are missing here: the case is skipped). */
static int
build(const char *out, const char *flags)
{
	static const char source[] =
	    "static const volatile char pad[300000] = { 1 };\n"
	    "int f(void) { return pad[0]; }\n"
	    "int main(void) { return f() - 1; }\n";
	char src[4096], cmd[12000];
	const char *cc = getenv("CC");

	snprintf(src, sizeof src, "%s.c", out);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && %s %s -o '%s' '%s' "
	    ">/dev/null 2>&1", testfile_make(source, sizeof source - 1), src,
	    cc != NULL && *cc != '\0' ? cc : "cc", flags, out, src);
	if (system(cmd) != 0) {
		fprintf(stderr, "check-filetype: cannot build with '%s': "
		    "case skipped\n", flags);
		return -1;
	}
	return 0;
}

/*
 * Executables and libraries, larger than FILETYPE_BYTES, are described
 * as `file -b` describes them: "pie executable" (not "shared object")
 * for a PIE, the section headers at the end of the file ("stripped"), the
 * file's mode.
 */
START_TEST(test_programs)
{
	char pie[4096], exe[4096], stat_exe[4096], lib[4096];
	const char *paths[] = { "/bin/ls", pie, exe, stat_exe, lib };
	const char *want_word[] = { "executable", "pie executable",
	    "executable", "statically linked", "shared object" };
	char *what, *want, wrong[8192];
	size_t i, at = 0;

	snprintf(pie, sizeof pie, "%s", testfile_path("pie"));
	snprintf(exe, sizeof exe, "%s", testfile_path("exe"));
	snprintf(stat_exe, sizeof stat_exe, "%s", testfile_path("static"));
	snprintf(lib, sizeof lib, "%s", testfile_path("lib.so"));
	if (build(pie, "-fPIE -pie") == -1)
		pie[0] = '\0';
	if (build(exe, "-fno-PIE -no-pie") == -1)
		exe[0] = '\0';
	if (build(stat_exe, "-static") == -1)
		stat_exe[0] = '\0';
	if (build(lib, "-fPIC -shared") == -1)
		lib[0] = '\0';
	wrong[0] = '\0';
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		if (paths[i][0] == '\0' || access(paths[i], R_OK) != 0)
			continue;
		if ((want = file_b(paths[i])) == NULL)
			continue;
		what = describe_path(paths[i]);
		ck_assert_msg(strstr(want, want_word[i]) != NULL, "file -b "
		    "%s: %s", paths[i], want);
		if (strcmp(what, want) != 0)
			at += (size_t)snprintf(wrong + at, sizeof wrong - at,
			    "\n%s:\n  got  \"%s\"\n  want \"%s\"", paths[i],
			    what, want);
		free(want);
		free(what);
		if (at >= sizeof wrong)
			break;
	}
	ck_assert_msg(wrong[0] == '\0', "not as file -b:%s", wrong);
}
END_TEST

/* Only a regular file is handed to libmagic: a pipe would block it. */
START_TEST(test_fd_not_regular)
{
	char *what, *cause = NULL;
	int pipefd[2];

	ck_assert_int_eq(pipe(pipefd), 0);
	errno = 0;
	what = filetype_describe_fd(pipefd[0], &cause);
	ck_assert_ptr_null(what);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(cause, "not a regular file");
	free(cause);
	close(pipefd[0]);
	close(pipefd[1]);

	ck_assert_ptr_null(filetype_describe_fd(-1, NULL));
	ck_assert_int_eq(errno, EBADF);
}
END_TEST

/* A file made by gzip -c (which records the name it compressed). */
START_TEST(test_gzip)
{
	char path[4096], gz[4200], cmd[8500];
	unsigned char *bytes;
	size_t n;
	char *what;

	snprintf(path, sizeof path, "%s", testfile_make("hello, gzip\n", 12));
	snprintf(gz, sizeof gz, "%s.gz", path);
	snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s'", path, gz);
	if (system(cmd) != 0) {
		fprintf(stderr, "check-filetype: gzip failed: test skipped\n");
		return;
	}
	bytes = slurp(gz, 4096, &n);
	ck_assert_uint_gt(n, 18);
	what = assert_like_file(bytes, n);
	ck_assert_msg(strncmp(what, "gzip compressed data", 20) == 0,
	    "gzip file described as \"%s\"", what);
	free(what);
	free(bytes);
}
END_TEST

/* A PNG signature and IHDR chunk: 16 x 32, 8-bit RGBA. */
START_TEST(test_png)
{
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 0, 16, 0, 0, 0, 32, 8, 6, 0, 0, 0,
		0x57, 0x8a, 0x3c, 0x0e
	};
	char *what;

	what = assert_like_file(png, sizeof png);
	ck_assert_str_eq(what, "PNG image data, 16 x 32, 8-bit/color RGBA, "
	    "non-interlaced");
	free(what);
}
END_TEST

/* Strings libmagic quotes out of the file never reach us raw. */
START_TEST(test_sanitised)
{
	static const unsigned char gzip_name[] =
	    "\x1f\x8b\x08\x08\0\0\0\0\0\x03"
	    "a\033]0;pwned\007b\033[2J\x9b" "31m\xc2\x85\x7f.txt\0"
	    "\x03\0\0\0\0\0\0\0\0\0";
	static const char text[] = "\033[31mred\033[0m and \033]0;title\007\n";
	unsigned char random_bytes[512];
	uint64_t x = 0x2545f4914f6cdd1dull;
	size_t i, j;
	char *what;

	what = describe(gzip_name, sizeof gzip_name - 1);
	ck_assert_msg(strncmp(what, "gzip compressed data", 20) == 0,
	    "described as \"%s\"", what);
	ck_assert_msg(!has_control(what), "control character in \"%s\"",
	    what);
	ck_assert_ptr_nonnull(strstr(what, "pwned"));
	free(what);

	what = describe(text, sizeof text - 1);
	ck_assert_msg(!has_control(what), "control character in \"%s\"",
	    what);
	free(what);

	/* Noise, with the odd magic number in front. */
	for (i = 0; i < 40; i++) {
		for (j = 0; j < sizeof random_bytes; j++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			random_bytes[j] = (unsigned char)x;
		}
		if (i % 4 == 1)
			memcpy(random_bytes, gzip_name, 10);
		if (i % 4 == 2)
			memcpy(random_bytes, "#!/bin/\033sh\n", 11);
		what = describe(random_bytes, 1 + x % sizeof random_bytes);
		ck_assert_msg(!has_control(what), "control character in "
		    "\"%s\"", what);
		free(what);
	}
}
END_TEST

/* Without its database libmagic cannot answer: a cause, not a crash. */
START_TEST(test_no_database)
{
	char *what, *cause = NULL;

	ck_assert_int_eq(setenv("MAGIC", testfile_path("no-such.mgc"), 1), 0);
	what = filetype_describe("hello\n", 6, &cause);
	unsetenv("MAGIC");
	if (what != NULL) {
		/* This libmagic fell back to a built-in database. */
		fprintf(stderr, "check-filetype: libmagic loaded without a "
		    "database file: test skipped\n");
		free(what);
		return;
	}
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause, "libmagic"));
	ck_assert(!has_control(cause));
	free(cause);
}
END_TEST

Suite *
filetype_suite(void)
{
	Suite *s = suite_create("filetype");
	TCase *tc;

	tc = tcase_create("describe");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_elf);
	tcase_add_test(tc, test_programs);
	tcase_add_test(tc, test_fd_not_regular);
	tcase_add_test(tc, test_gzip);
	tcase_add_test(tc, test_png);
	tcase_add_test(tc, test_sanitised);
	tcase_add_test(tc, test_no_database);
	suite_add_tcase(s, tc);
	return s;
}
