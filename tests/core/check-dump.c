/*
 * check-dump.c - the xxd-compatible dump.
 *
 * dump_format_line() is checked against literal lines taken from xxd's
 * output.  dump_xxd() is run on temporary files and its output compared
 * with text the test builds on its own (expect_line(), a deliberately
 * plain snprintf version of the same format), for the sizes and offsets
 * where a dump goes wrong: empty, one byte, page boundaries, ranges past
 * the end, offsets of nine hex digits in a sparse file over 4 GB, a file
 * that shrinks during the dump and a descriptor that is non-blocking.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dump.h"
#include "map.h"
#include "suites.h"
#include "testfile.h"

/* What a test file holds, so the expected dump can be computed. */
struct content {
	uint64_t size;			/* file size */
	unsigned seed;			/* pattern seed */
	const unsigned char *tail;	/* sparse: the last ntail bytes */
	size_t ntail;			/* 0: a pattern file, seeded */
};

/* A growing text buffer. */
struct text {
	char *s;
	size_t len;
	size_t cap;
};

/* Append n bytes to t. */
static void
text_add(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		ck_assert_ptr_nonnull(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

/* Return the byte at offset i of the file described by c. */
static unsigned char
content_byte(const struct content *c, uint64_t i)
{
	if (c->ntail == 0)
		return testfile_byte(c->seed, i);
	if (i >= c->size - c->ntail)
		return c->tail[i - (c->size - c->ntail)];
	return 0;
}

/* Build one xxd line the plain way; return its length. */
static size_t
expect_line(char *out, uint64_t offset, const unsigned char *bytes,
    size_t n)
{
	int len;
	size_t i, at;

	len = snprintf(out, 32, "%08" PRIx64 ":", offset);
	at = (size_t)len;
	for (i = 0; i < 16; i++) {
		if (i % 2 == 0)
			out[at++] = ' ';
		if (i < n)
			snprintf(out + at, 3, "%02x", bytes[i]);
		else
			memcpy(out + at, "  ", 2);
		at += 2;
	}
	out[at++] = ' ';
	out[at++] = ' ';
	for (i = 0; i < n; i++) {
		if (bytes[i] >= 0x20 && bytes[i] <= 0x7e)
			out[at++] = (char)bytes[i];
		else
			out[at++] = '.';
	}
	out[at++] = '\n';
	out[at] = '\0';
	return at;
}

/* Build the expected dump of [seek, seek + len) of c. */
static void
expect_dump(struct text *t, const struct content *c, uint64_t seek,
    uint64_t len)
{
	unsigned char bytes[16];
	char line[128];
	uint64_t end, pos;
	size_t n, i;

	t->len = 0;
	text_add(t, "", 0);
	if (seek >= c->size)
		return;
	end = len > c->size - seek ? c->size : seek + len;
	for (pos = seek; pos < end; pos += n) {
		n = end - pos < 16 ? (size_t)(end - pos) : 16;
		for (i = 0; i < n; i++)
			bytes[i] = content_byte(c, pos + i);
		text_add(t, line, expect_line(line, pos, bytes, n));
	}
}

/* Read what fd holds from its start into t. */
static void
read_text(struct text *t, int fd)
{
	char buf[65536];
	ssize_t got;

	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	t->len = 0;
	text_add(t, "", 0);
	while ((got = read(fd, buf, sizeof buf)) > 0)
		text_add(t, buf, (size_t)got);
	ck_assert_int_eq(got, 0);
}

/* Open a fresh output file in the test directory. */
static int
open_output(void)
{
	int fd;

	fd = open(testfile_path("dump"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* Run dump_xxd on path into a file and read the output back into t. */
static void
run_dump_from(struct text *t, const char *path, enum dump_origin origin,
    uint64_t seek, uint64_t len)
{
	struct map *m;
	char *cause = NULL;
	int fd;

	m = map_open(path, MAP_READONLY, &cause);
	ck_assert_msg(m != NULL, "map_open: %s", cause);
	fd = open_output();
	ck_assert_msg(dump_xxd(m, seek, origin, len, fd, &cause) == 0,
	    "dump_xxd: %s", cause);
	ck_assert_ptr_null(cause);
	map_close(m);
	read_text(t, fd);
	close(fd);
}

/* Run dump_xxd from the start of the file. */
static void
run_dump(struct text *t, const char *path, uint64_t seek, uint64_t len)
{
	run_dump_from(t, path, DUMP_FROM_START, seek, len);
}

/* Fail with the first line where got and want differ. */
static void
assert_same_text(const struct text *got, const struct text *want)
{
	size_t i, line = 1, start = 0, glen, wlen;

	for (i = 0; i < got->len && i < want->len; i++) {
		if (got->s[i] != want->s[i])
			break;
		if (got->s[i] == '\n') {
			line++;
			start = i + 1;
		}
	}
	if (i == got->len && i == want->len)
		return;
	glen = strcspn(got->s + start, "\n");
	wlen = strcspn(want->s + start, "\n");
	ck_abort_msg("dump differs at line %zu (byte %zu; %zu vs %zu bytes):\n"
	    "got:  '%.*s'\nwant: '%.*s'", line, i, got->len, want->len,
	    (int)glen, got->s + start, (int)wlen, want->s + start);
}

/* Dump [seek, seek + len) of the file c describes and check it. */
static void
check_range(const char *path, const struct content *c, uint64_t seek,
    uint64_t len)
{
	struct text got = { 0 }, want = { 0 };

	run_dump(&got, path, seek, len);
	expect_dump(&want, c, seek, len);
	assert_same_text(&got, &want);
	free(got.s);
	free(want.s);
}

/* Check the whole dump of a pattern file of size bytes. */
static void
check_pattern_size(size_t size, unsigned seed)
{
	struct content c = { size, seed, NULL, 0 };
	const char *path = testfile_pattern(size, seed);
	char saved[4096];

	snprintf(saved, sizeof saved, "%s", path);
	check_range(saved, &c, 0, UINT64_MAX);
}

/* Format a line into an exactly DUMP_LINE_MAX buffer and compare. */
static void
check_line(uint64_t offset, const void *bytes, size_t n, const char *want)
{
	char *out = malloc(DUMP_LINE_MAX);
	size_t len;

	ck_assert_ptr_nonnull(out);
	len = dump_format_line(out, offset, bytes, n);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_msg(memcmp(out, want, len) == 0, "got '%.*s', want '%s'",
	    (int)len, out, want);
	free(out);
}

static void
dump_teardown(void)
{
	testfile_cleanup();
}

START_TEST(test_line_full)
{
	check_line(0, "0123456789abcdef", 16,
	    "00000000: 3031 3233 3435 3637 3839 6162 6364 6566"
	    "  0123456789abcdef\n");
	check_line(0x10, "Hello, world!\n\t~", 16,
	    "00000010: 4865 6c6c 6f2c 2077 6f72 6c64 210a 097e"
	    "  Hello, world!..~\n");
}
END_TEST

START_TEST(test_line_partial)
{
	check_line(0, "a", 1,
	    "00000000: 61                                       a\n");
	check_line(0x20, "0123456", 7,
	    "00000020: 3031 3233 3435 36                        0123456\n");
	check_line(0xabcdef0, "0123456789abcde", 15,
	    "0abcdef0: 3031 3233 3435 3637 3839 6162 6364 65    "
	    "0123456789abcde\n");
	ck_assert_uint_eq(dump_format_line(NULL, 0, NULL, 0), 0);
}
END_TEST

START_TEST(test_line_unprintable)
{
	static const unsigned char bytes[16] = {
		0x00, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0xff,
		0x0a, 0x0d, 0x1b, 0x09, 0xa0, 0xc3, 0xa9, 0x5c
	};

	check_line(0, bytes, 16,
	    "00000000: 001f 2021 7e7f 80ff 0a0d 1b09 a0c3 a95c"
	    "  .. !~..........\\\n");
	/* DEL alone is '.', space alone is itself. */
	check_line(0, "\x7f", 1,
	    "00000000: 7f                                       .\n");
	check_line(0, " ", 1,
	    "00000000: 20                                        \n");
	check_line(0, "\x7f \x7f", 3,
	    "00000000: 7f20 7f                                  . .\n");
}
END_TEST

START_TEST(test_line_wide_offsets)
{
	check_line(0xffffffffu, "z", 1,
	    "ffffffff: 7a                                       z\n");
	check_line(0x100000000ull, "0123456789abcdef", 16,
	    "100000000: 3031 3233 3435 3637 3839 6162 6364 6566"
	    "  0123456789abcdef\n");
	check_line(0x13ffffffbull, "QRSTUVWXYZ", 10,
	    "13ffffffb: 5152 5354 5556 5758 595a                 QRSTUVWXYZ\n");
	check_line(0xfffffffe0ull, "ab", 2,
	    "fffffffe0: 6162                                     ab\n");
	check_line(0x123456789abull, "x", 1,
	    "123456789ab: 78                                       x\n");
	check_line(UINT64_MAX - 15, "0123456789abcdef", 16,
	    "fffffffffffffff0: 3031 3233 3435 3637 3839 6162 6364 6566"
	    "  0123456789abcdef\n");
	check_line(UINT64_MAX, "\xff", 1,
	    "ffffffffffffffff: ff                                       .\n");
}
END_TEST

START_TEST(test_line_against_plain)
{
	unsigned char bytes[16];
	char got[DUMP_LINE_MAX], want[128];
	static const uint64_t offsets[] = {
		0, 0x7, 0xfffffff0, 0x100000000ull, 0xfedcba9876543210ull
	};
	size_t n, i, o, len;
	unsigned seed;

	for (seed = 1; seed <= 20; seed++) {
		for (i = 0; i < 16; i++)
			bytes[i] = testfile_byte(seed, i);
		for (o = 0; o < sizeof offsets / sizeof offsets[0]; o++) {
			for (n = 1; n <= 16; n++) {
				len = dump_format_line(got, offsets[o], bytes,
				    n);
				ck_assert_uint_eq(len, expect_line(want,
				    offsets[o], bytes, n));
				ck_assert_msg(memcmp(got, want, len) == 0,
				    "n %zu: got '%.*s' want '%s'", n,
				    (int)len, got, want);
			}
		}
	}
}
END_TEST

START_TEST(test_dump_empty)
{
	struct text got = { 0 };

	run_dump(&got, testfile_make("", 0), 0, UINT64_MAX);
	ck_assert_uint_eq(got.len, 0);
	free(got.s);
}
END_TEST

START_TEST(test_dump_one_byte)
{
	struct text got = { 0 };

	run_dump(&got, testfile_make("\x7f", 1), 0, UINT64_MAX);
	ck_assert_str_eq(got.s,
	    "00000000: 7f                                       .\n");
	free(got.s);
}
END_TEST

START_TEST(test_dump_sizes)
{
	static const size_t sizes[] = {
		2, 15, 16, 17, 31, 32, 33, 4095, 4096, 4097, 8191, 8192,
		131071, 131072, 131073, 300001
	};
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
		check_pattern_size(sizes[i], (unsigned)i + 1);
}
END_TEST

START_TEST(test_dump_ranges)
{
	struct content c = { 300001, 7, NULL, 0 };
	char path[4096];
	struct text got = { 0 };
	static const struct {
		uint64_t seek, len;
	} ranges[] = {
		{ 0, 16 }, { 3, 5 }, { 7, UINT64_MAX }, { 4095, 4098 },
		{ 131065, 131090 }, { 299990, 1000 }, { 300000, UINT64_MAX },
		{ 17, 1 }, { 10, UINT64_MAX - 5 }
	};
	size_t i;

	snprintf(path, sizeof path, "%s", testfile_pattern(300001, 7));
	for (i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		check_range(path, &c, ranges[i].seek, ranges[i].len);

	/* Nothing at all: a zero length, a start at or past the end. */
	run_dump(&got, path, 5, 0);
	ck_assert_uint_eq(got.len, 0);
	run_dump(&got, path, 300001, UINT64_MAX);
	ck_assert_uint_eq(got.len, 0);
	run_dump(&got, path, 1000000, 16);
	ck_assert_uint_eq(got.len, 0);
	run_dump(&got, path, UINT64_MAX - 5, 100);
	ck_assert_uint_eq(got.len, 0);
	free(got.s);
}
END_TEST

START_TEST(test_dump_from_end)
{
	struct text got = { 0 }, want = { 0 };
	struct map *m;
	char path[4096], *cause = NULL;
	int fd;

	snprintf(path, sizeof path, "%s", testfile_pattern(4097, 5));
	/* N from the end is the dump from size - N, offsets unchanged. */
	run_dump_from(&got, path, DUMP_FROM_END, 16, UINT64_MAX);
	run_dump(&want, path, 4081, UINT64_MAX);
	assert_same_text(&got, &want);
	run_dump_from(&got, path, DUMP_FROM_END, 4097, 20);
	run_dump(&want, path, 0, 20);
	assert_same_text(&got, &want);
	run_dump_from(&got, path, DUMP_FROM_END, 0, UINT64_MAX);
	ck_assert_uint_eq(got.len, 0);

	/* Before the first byte: refused even with a zero length, as xxd
	 * does, and nothing is written. */
	m = map_open(path, MAP_READONLY, &cause);
	ck_assert_ptr_nonnull(m);
	fd = open_output();
	errno = 0;
	ck_assert_int_eq(dump_xxd(m, 4098, DUMP_FROM_END, 0, fd, &cause), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause,
	    ": cannot seek to -4098: the file has 4097 bytes"));
	free(cause);
	map_close(m);
	read_text(&got, fd);
	ck_assert_uint_eq(got.len, 0);
	close(fd);
	free(got.s);
	free(want.s);
}
END_TEST

START_TEST(test_dump_sparse_over_4g)
{
	static const unsigned char tail[] = "the end\x01\x7f\xff of 5 GB";
	struct content c = { 5ull << 30, 0, tail, sizeof tail };
	struct text got = { 0 };
	char path[4096];

	snprintf(path, sizeof path, "%s",
	    testfile_sparse(c.size, tail, sizeof tail));
	check_range(path, &c, c.size - 100, UINT64_MAX);
	check_range(path, &c, c.size - 1, UINT64_MAX);
	check_range(path, &c, 0xfffffff0ull, 0x40);
	check_range(path, &c, 0xfffffff9ull, 33);
	check_range(path, &c, c.size - 40, 1000);

	run_dump(&got, path, c.size - 17, 17);
	ck_assert_str_eq(got.s,
	    "13fffffef: 6520 656e 6401 7fff 206f 6620 3520 4742"
	    "  e end... of 5 GB\n"
	    "13fffffff: 00                                       .\n");
	free(got.s);
}
END_TEST

START_TEST(test_dump_shrunk_before)
{
	struct content c = { 10001, 3, NULL, 0 };
	struct text got = { 0 }, want = { 0 };
	struct map *m;
	char *cause = NULL, path[4096];
	int fd;

	/* Mapped at 64 KiB, the file is now 10001 bytes: stop there, not
	 * at the end of its last page (which would read as zeros). */
	snprintf(path, sizeof path, "%s", testfile_pattern(65536, 3));
	m = map_open(path, MAP_READONLY, &cause);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(truncate(path, 10001), 0);
	fd = open_output();
	ck_assert_int_eq(dump_xxd(m, 0, DUMP_FROM_START, UINT64_MAX, fd,
	    &cause), 0);
	ck_assert_uint_eq(map_size(m), 10001);
	map_close(m);
	read_text(&got, fd);
	close(fd);

	expect_dump(&want, &c, 0, UINT64_MAX);
	assert_same_text(&got, &want);
	free(got.s);
	free(want.s);
}
END_TEST

/*
 * Dump path in a child writing to a pipe that this process drains.  When
 * shrink_to is not 0 the file is truncated to it after the first read;
 * nonblock makes the child's end of the pipe non-blocking.
 */
static void
dump_through_pipe(struct text *t, const char *path, uint64_t shrink_to,
    int nonblock)
{
	const struct timespec pause = { 0, 20000 };
	char buf[4096];
	ssize_t got;
	pid_t pid;
	int fds[2], status, first = 1;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		struct map *m;
		char *cause = NULL;

		close(fds[0]);
		if (nonblock)
			fcntl(fds[1], F_SETFL, O_NONBLOCK);
		m = map_open(path, MAP_READONLY, &cause);
		if (m == NULL || dump_xxd(m, 0, DUMP_FROM_START, UINT64_MAX,
		    fds[1], &cause) == -1)
			_exit(1);
		/* The shrink is left in the map's events for the caller. */
		_exit(map_take_events(m) & MAP_EV_SHRANK ? 3 : 0);
	}
	close(fds[1]);
	t->len = 0;
	text_add(t, "", 0);
	while ((got = read(fds[0], buf, sizeof buf)) != 0) {
		if (got == -1 && errno == EINTR)
			continue;
		ck_assert_int_gt(got, 0);
		text_add(t, buf, (size_t)got);
		if (first && shrink_to != 0)
			ck_assert_int_eq(truncate(path, (off_t)shrink_to), 0);
		first = 0;
		if (nonblock)
			nanosleep(&pause, NULL);	/* let the pipe fill */
	}
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) &&
	    WEXITSTATUS(status) == (shrink_to != 0 ? 3 : 0),
	    "the dumping child failed or missed the shrink (status %d)",
	    status);
}

START_TEST(test_dump_shrinks_during)
{
	struct content c = { 1 << 20, 11, NULL, 0 };
	struct text got = { 0 }, want = { 0 };
	char path[4096];

	/* The child is well inside the first chunks when the file shrinks
	 * to 300000 bytes: the dump must end exactly there. */
	snprintf(path, sizeof path, "%s", testfile_pattern(1 << 20, 11));
	dump_through_pipe(&got, path, 300000, 0);
	c.size = 300000;
	expect_dump(&want, &c, 0, UINT64_MAX);
	assert_same_text(&got, &want);
	free(got.s);
	free(want.s);
}
END_TEST

START_TEST(test_dump_nonblocking)
{
	struct content c = { 200000, 5, NULL, 0 };
	struct text got = { 0 }, want = { 0 };
	char path[4096];

	snprintf(path, sizeof path, "%s", testfile_pattern(200000, 5));
	dump_through_pipe(&got, path, 0, 1);
	expect_dump(&want, &c, 0, UINT64_MAX);
	assert_same_text(&got, &want);
	free(got.s);
	free(want.s);
}
END_TEST

START_TEST(test_dump_write_errors)
{
	struct map *m;
	char *cause = NULL;
	int fds[2], fd;

	m = map_open(testfile_pattern(100000, 9), MAP_READONLY, &cause);
	ck_assert_ptr_nonnull(m);

	/* A reader that went away. */
	signal(SIGPIPE, SIG_IGN);
	ck_assert_int_eq(pipe(fds), 0);
	close(fds[0]);
	ck_assert_int_eq(dump_xxd(m, 0, DUMP_FROM_START, UINT64_MAX, fds[1],
	    &cause), -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, "write error: Broken pipe");
	free(cause);
	cause = NULL;
	close(fds[1]);

	/* A full disk. */
	fd = open("/dev/full", O_WRONLY);
	if (fd != -1) {
		ck_assert_int_eq(dump_xxd(m, 0, DUMP_FROM_START, UINT64_MAX,
		    fd, &cause), -1);
		ck_assert_ptr_nonnull(cause);
		ck_assert_str_eq(cause,
		    "write error: No space left on device");
		free(cause);
		cause = NULL;
		close(fd);
	}

	/* A descriptor that is not open. */
	ck_assert_int_eq(dump_xxd(m, 0, DUMP_FROM_START, 16, -1, &cause), -1);
	ck_assert_str_eq(cause, "write error: Bad file descriptor");
	free(cause);
	map_close(m);
}
END_TEST

Suite *
dump_suite(void)
{
	Suite *s = suite_create("dump");
	TCase *tc;

	tc = tcase_create("format_line");
	tcase_add_test(tc, test_line_full);
	tcase_add_test(tc, test_line_partial);
	tcase_add_test(tc, test_line_unprintable);
	tcase_add_test(tc, test_line_wide_offsets);
	tcase_add_test(tc, test_line_against_plain);
	suite_add_tcase(s, tc);

	tc = tcase_create("xxd");
	tcase_add_checked_fixture(tc, NULL, dump_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_dump_empty);
	tcase_add_test(tc, test_dump_one_byte);
	tcase_add_test(tc, test_dump_sizes);
	tcase_add_test(tc, test_dump_ranges);
	tcase_add_test(tc, test_dump_from_end);
	tcase_add_test(tc, test_dump_sparse_over_4g);
	tcase_add_test(tc, test_dump_shrunk_before);
	tcase_add_test(tc, test_dump_shrinks_during);
	tcase_add_test(tc, test_dump_nonblocking);
	tcase_add_test(tc, test_dump_write_errors);
	suite_add_tcase(s, tc);
	return s;
}
