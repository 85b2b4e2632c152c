/*
 * check-map.c - tests for the file mapping (map.h) and its SIGBUS guard
 * (guard.h).
 *
 * Covers the three open modes, the sizes where off-by-one errors live
 * (empty, one byte, either side of a page, past 4 GiB), every kind of
 * file that must be refused, and a file truncated and extended under a
 * live mapping.  Tests that must see a process die (a write to a
 * read-only mapping, a SIGBUS outside any guard) fork a child of their
 * own and look at how it ended.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>

#include "guard.h"
#include "map.h"
#include "suites.h"
#include "testfile.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define GIB (1024ull * 1024u * 1024u)

/* Remove every test file, whatever the test did. */
static void
teardown(void)
{
	testfile_cleanup();
}

/* Copy a testfile path out of its static storage. */
static void
keep_path(char *dst, const char *path)
{
	ck_assert_uint_lt(strlen(path), PATH_MAX);
	strcpy(dst, path);
}

/* Open path, failing the test (with the cause) if it does not open. */
static struct map *
open_ok(const char *path, enum map_mode mode)
{
	struct map *m;
	char *cause = NULL;

	m = map_open(path, mode, &cause);
	ck_assert_msg(m != NULL, "map_open(%s, %s): %s", path,
	    map_mode_name(mode), cause != NULL ? cause : "(no cause)");
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(map_take_events(m), 0);
	return m;
}

/* Open path expecting a refusal; return the cause (the caller frees). */
static char *
open_refused(const char *path, enum map_mode mode)
{
	struct map *m;
	char *cause = NULL;

	m = map_open(path, mode, &cause);
	ck_assert_msg(m == NULL, "map_open(%s) should have failed", path);
	ck_assert_ptr_nonnull(cause);
	ck_assert_uint_gt(strlen(cause), 0);
	return cause;
}

/* Read [off, off + len) and check it returns want bytes of pattern seed. */
static void
read_pattern(struct map *m, uint64_t off, size_t len, size_t want,
    unsigned seed)
{
	unsigned char *buf;
	ssize_t n;
	size_t i;

	buf = malloc(len > 0 ? len : 1);
	ck_assert_ptr_nonnull(buf);
	n = map_read(m, off, buf, len);
	ck_assert_int_eq(n, (ssize_t)want);
	for (i = 0; i < want; i++) {
		if (buf[i] != testfile_byte(seed, off + i))
			ck_abort_msg("byte at %llu: %02x, want %02x",
			    (unsigned long long)(off + i), buf[i],
			    testfile_byte(seed, off + i));
	}
	free(buf);
}

/* Return whether n bytes at buf are all zero. */
static int
all_zero(const unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (buf[i] != 0)
			return 0;
	}
	return 1;
}

/* Return whether s holds a C0 control character or DEL. */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	}
	return 0;
}

/* Open path for writing, failing the test if it does not open. */
static int
open_rw(const char *path)
{
	int fd = open(path, O_RDWR);

	ck_assert_int_ge(fd, 0);
	return fd;
}

/* Fork a child that runs fn without core dumps; return its wait status. */
static int
run_child(void (*fn)(const char *), const char *arg)
{
	struct rlimit no_core = { 0, 0 };
	pid_t pid;
	int status;

	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		fn(arg);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* The three modes: names, accessors, and the same bytes read back. */
START_TEST(test_open_modes)
{
	static const char *names[] = { "read-only", "write", "copy-on-write" };
	enum map_mode mode = (enum map_mode)_i;
	char path[PATH_MAX];
	struct map *m;

	keep_path(path, testfile_pattern(10000, 1));
	m = open_ok(path, mode);
	ck_assert_int_eq(map_mode(m), mode);
	ck_assert_str_eq(map_mode_name(mode), names[_i]);
	ck_assert_str_eq(map_path(m), path);
	ck_assert_uint_eq(map_size(m), 10000);
	ck_assert_ptr_nonnull(map_bytes(m, 0));
	read_pattern(m, 0, 10000, 10000, 1);
	read_pattern(m, 1234, 100, 100, 1);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), 0);
	map_close(m);
	map_close(NULL);
}
END_TEST

/* What a write through the mapping does in -w and -c. */
START_TEST(test_mode_writes)
{
	char path[PATH_MAX];
	unsigned char *p, byte;
	struct map *m;
	int fd;

	keep_path(path, testfile_make("abcdefgh", 8));

	/* -w: the file itself changes. */
	m = open_ok(path, MAP_WRITE);
	p = (unsigned char *)(uintptr_t)map_bytes(m, 0);
	p[2] = 'X';
	fd = open_rw(path);
	ck_assert_int_eq(pread(fd, &byte, 1, 2), 1);
	ck_assert_int_eq(byte, 'X');
	map_close(m);

	/* -c: the map sees the edit, the file does not. */
	m = open_ok(path, MAP_COW);
	p = (unsigned char *)(uintptr_t)map_bytes(m, 0);
	p[3] = 'Y';
	ck_assert_int_eq(map_read(m, 3, &byte, 1), 1);
	ck_assert_int_eq(byte, 'Y');
	ck_assert_int_eq(pread(fd, &byte, 1, 3), 1);
	ck_assert_int_eq(byte, 'd');
	map_close(m);
	close(fd);
}
END_TEST

/* In a child: write through a read-only mapping. */
static void
child_write_readonly(const char *path)
{
	struct map *m = map_open(path, MAP_READONLY, NULL);
	volatile unsigned char *p;

	if (m == NULL)
		_exit(2);
	/* Die of it even when a sanitizer watches SIGSEGV. */
	signal(SIGSEGV, SIG_DFL);
	p = (volatile unsigned char *)(uintptr_t)map_bytes(m, 0);
	p[0] = 'X';
	_exit(0);
}

/* -r maps without PROT_WRITE: a stray write faults, the file is intact. */
START_TEST(test_readonly_write_faults)
{
	char path[PATH_MAX];
	unsigned char byte;
	int status, fd;

	keep_path(path, testfile_make("abc", 3));
	status = run_child(child_write_readonly, path);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	    "child status %#x, want death by SIGSEGV", status);
	fd = open_rw(path);
	ck_assert_int_eq(pread(fd, &byte, 1, 0), 1);
	ck_assert_int_eq(byte, 'a');
	close(fd);
}
END_TEST

/* An empty file: no mapping, size 0, every read 0 bytes. */
START_TEST(test_empty)
{
	enum map_mode mode = (enum map_mode)_i;
	unsigned char buf[16];
	struct map *m;

	m = open_ok(testfile_make("", 0), mode);
	ck_assert_uint_eq(map_size(m), 0);
	ck_assert_ptr_null(map_bytes(m, 0));
	ck_assert_int_eq(map_read(m, 0, buf, sizeof buf), 0);
	ck_assert_int_eq(map_read(m, 1, buf, sizeof buf), 0);
	ck_assert_int_eq(map_read(m, 0, buf, 0), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	map_window(m, 0, 4096);
	map_advise_sequential(m, 0, 4096);
	ck_assert_uint_eq(map_take_events(m), 0);
	ck_assert_uint_eq(map_size(m), 0);
	map_close(m);
}
END_TEST

/* A one-byte file. */
START_TEST(test_one_byte)
{
	unsigned char buf[16];
	struct map *m;

	m = open_ok(testfile_make("\xa5", 1), MAP_READONLY);
	ck_assert_uint_eq(map_size(m), 1);
	memset(buf, 0, sizeof buf);
	ck_assert_int_eq(map_read(m, 0, buf, sizeof buf), 1);
	ck_assert_int_eq(buf[0], 0xa5);
	ck_assert_int_eq(buf[1], 0);
	ck_assert_int_eq(map_read(m, 0, buf, 1), 1);
	ck_assert_int_eq(map_read(m, 0, buf, 0), 0);
	ck_assert_int_eq(map_read(m, 1, buf, sizeof buf), 0);
	ck_assert_int_eq(map_read(m, UINT64_MAX, buf, sizeof buf), 0);
	ck_assert_int_eq(*map_bytes(m, 0), 0xa5);
	map_close(m);
}
END_TEST

/* Files either side of a page: reads across and at the end clamp. */
START_TEST(test_page_boundary)
{
	static const size_t sizes[] = { 4095, 4096, 4097 };
	size_t size = sizes[_i];
	struct map *m;

	m = open_ok(testfile_pattern(size, 2), MAP_READONLY);
	ck_assert_uint_eq(map_size(m), size);
	read_pattern(m, 0, size, size, 2);
	read_pattern(m, 0, size + 100, size, 2);
	read_pattern(m, 4090, 10, size - 4090 < 10 ? size - 4090 : 10, 2);
	read_pattern(m, 4000, 8192, size - 4000, 2);
	read_pattern(m, size - 1, 1, 1, 2);
	read_pattern(m, size - 1, 4096, 1, 2);
	read_pattern(m, size, 1, 0, 2);
	read_pattern(m, size + 1, 4096, 0, 2);
	read_pattern(m, 4096, 4096, size > 4096 ? size - 4096 : 0, 2);
	ck_assert_uint_eq(map_take_events(m), 0);
	map_close(m);
}
END_TEST

/* A 5 GiB sparse file: offsets past 4 GiB, holes read as zeros. */
START_TEST(test_sparse_5g)
{
	static const unsigned char tail[] = "the end";
	uint64_t size = 5 * GIB;
	enum map_mode mode = _i == 0 ? MAP_READONLY : MAP_COW;
	unsigned char buf[8192];
	char path[PATH_MAX];
	struct map *m;
	char *cause;

	keep_path(path, testfile_sparse(size, tail, sizeof tail));
	if (SIZE_MAX < size) {
		/* A 32-bit address space cannot map it: a clear refusal. */
		cause = open_refused(path, mode);
		free(cause);
		return;
	}
	m = open_ok(path, mode);
	ck_assert_uint_eq(map_size(m), size);

	/* The last bytes, and a read that runs past them. */
	ck_assert_int_eq(map_read(m, size - sizeof tail, buf, sizeof tail),
	    (ssize_t)sizeof tail);
	ck_assert_mem_eq(buf, tail, sizeof tail);
	memset(buf, 0xee, sizeof buf);
	ck_assert_int_eq(map_read(m, size - 4096, buf, sizeof buf), 4096);
	ck_assert(all_zero(buf, 4096 - sizeof tail));
	ck_assert_mem_eq(buf + 4096 - sizeof tail, tail, sizeof tail);
	ck_assert_int_eq(map_read(m, size, buf, sizeof buf), 0);

	/* The middle, and a read across the 4 GiB line. */
	memset(buf, 0xee, sizeof buf);
	ck_assert_int_eq(map_read(m, size / 2, buf, sizeof buf),
	    (ssize_t)sizeof buf);
	ck_assert(all_zero(buf, sizeof buf));
	memset(buf, 0xee, sizeof buf);
	ck_assert_int_eq(map_read(m, 4 * GIB - 100, buf, 200), 200);
	ck_assert(all_zero(buf, 200));

	map_window(m, size - 4096, 4096);
	map_window(m, 0, 4096);
	ck_assert_int_eq(map_read(m, size - sizeof tail, buf, sizeof tail),
	    (ssize_t)sizeof tail);
	ck_assert_mem_eq(buf, tail, sizeof tail);
	ck_assert_uint_eq(map_take_events(m), 0);
	map_close(m);
}
END_TEST

/* Make a sparse file of size bytes on /dev/shm with bytes written at
 * each of the offsets at[0..n); fills path.  Returns 0, or -1 (the test
 * skips) when /dev/shm is not a tmpfs. */
static int
shm_sparse(char *path, uint64_t size, const uint64_t *at, size_t n,
    const char *bytes)
{
	struct statfs fs;
	size_t i;
	int fd;

	if (statfs("/dev/shm", &fs) == -1 || fs.f_type != TMPFS_MAGIC)
		return -1;
	snprintf(path, PATH_MAX, "/dev/shm/mmhex-check-%ld", (long)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(pwrite(fd, bytes, strlen(bytes),
		    (off_t)at[i]), (ssize_t)strlen(bytes));
	close(fd);
	return 0;
}

/* Return the blocks the file at path holds. */
static long long
file_blocks(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return (long long)st.st_blocks;
}

/* Holes are never read through the mapping: on tmpfs a read fault there
 * allocates a page.  A read across data and holes gives the right bytes
 * and leaves the file's blocks as they were, in every mode; in -c a
 * private edit in a hole is read back from its page, and the rest of the
 * hole still costs nothing. */
START_TEST(test_holes_tmpfs)
{
	static const uint64_t at[] = { 3 * 4096 - 3, 40 * 4096 + 100 };
	static const char text[] = "data!";
	enum map_mode mode = (enum map_mode)_i;
	unsigned char buf[64 * 4096], want[sizeof buf];
	uint64_t size = 1024 * 4096, off;
	char path[PATH_MAX];
	struct map *m;
	long long blocks;
	size_t i;
	int hole;

	if (shm_sparse(path, size, at, 2, text) == -1)
		return;		/* no tmpfs here: nothing to measure */
	blocks = file_blocks(path);
	ck_assert_int_gt(blocks, 0);
	memset(want, 0, sizeof want);
	for (i = 0; i < 2; i++)
		memcpy(want + at[i], text, strlen(text));
	m = open_ok(path, mode);

	/* What lies where, without touching it. */
	ck_assert_uint_eq(map_extent(m, 0, size, &hole), 2 * 4096);
	ck_assert_int_eq(hole, 1);
	ck_assert_uint_eq(map_extent(m, 2 * 4096, size, &hole), 4 * 4096);
	ck_assert_int_eq(hole, 0);
	ck_assert_uint_eq(map_next_data(m, 5 * 4096), 40 * 4096);
	ck_assert_uint_eq(map_next_data(m, 41 * 4096), size);

	/* Reads across data and holes, whole and in odd pieces. */
	memset(buf, 0xee, sizeof buf);
	ck_assert_int_eq(map_read(m, 0, buf, sizeof buf), (ssize_t)sizeof buf);
	ck_assert_mem_eq(buf, want, sizeof buf);
	for (off = 0; off + 5000 <= sizeof buf; off += 4093) {
		memset(buf, 0xee, 5000);
		ck_assert_int_eq(map_read(m, off, buf, 5000), 5000);
		ck_assert_mem_eq(buf, want + off, 5000);
	}
	ck_assert_int_eq(map_read(m, size - 100, buf, 4096), 100);
	ck_assert(all_zero(buf, 100));
	ck_assert_int_eq(map_copy(m, 8000, buf, 9000, 0), 0);
	ck_assert_mem_eq(buf, want + 8000, 9000);
	ck_assert_int_eq(file_blocks(path), blocks);

	if (mode == MAP_COW) {
		/* An edit in a hole lives in a private page: read from
		 * it, and the rest of the hole as zeros. */
		ck_assert_int_eq(map_write(m, 20 * 4096 + 7, "edit", 4), 0);
		/* The kernel reads the file's page to copy it (a tmpfs
		 * hole then gets one): an edit may allocate, a read not. */
		blocks = file_blocks(path);
		ck_assert_uint_eq(map_next_data(m, 5 * 4096), 20 * 4096);
		ck_assert_uint_eq(map_extent(m, 20 * 4096 + 7, size, &hole),
		    21 * 4096);
		ck_assert_int_eq(hole, 0);
		memcpy(want + 20 * 4096 + 7, "edit", 4);
		memset(buf, 0xee, sizeof buf);
		ck_assert_int_eq(map_read(m, 0, buf, sizeof buf),
		    (ssize_t)sizeof buf);
		ck_assert_mem_eq(buf, want, sizeof buf);
		ck_assert_int_eq(file_blocks(path), blocks);
	}
	ck_assert_uint_eq(map_take_events(m), 0);
	map_close(m);
	ck_assert_int_eq(file_blocks(path), blocks);
	unlink(path);
}
END_TEST

/* A file that shrank under a hole is not read as zeros past its end. */
START_TEST(test_holes_shrink)
{
	static const uint64_t at[] = { 0 };
	unsigned char buf[8192];
	char path[PATH_MAX];
	struct map *m;
	int hole;

	if (shm_sparse(path, 64 * 4096, at, 1, "x") == -1)
		return;
	m = open_ok(path, MAP_READONLY);
	ck_assert_int_eq(truncate(path, 10 * 4096), 0);
	ck_assert_uint_eq(map_extent(m, 20 * 4096, 64 * 4096, &hole),
	    20 * 4096);
	ck_assert_uint_eq(map_extent(m, 8 * 4096, 64 * 4096, &hole),
	    10 * 4096);
	ck_assert_int_eq(hole, 1);
	ck_assert_int_eq(map_read(m, 20 * 4096, buf, sizeof buf), 0);
	ck_assert_uint_eq(map_size(m), 10 * 4096);
	ck_assert(map_take_events(m) & MAP_EV_SHRANK);
	map_close(m);
	ck_assert_int_eq(file_blocks(path), 8);
	unlink(path);
}
END_TEST

/* A missing file: the cause is "NAME: strerror". */
START_TEST(test_missing)
{
	char path[PATH_MAX], want[PATH_MAX + 64];
	char *cause;

	keep_path(path, testfile_path("missing"));
	cause = open_refused(path, (enum map_mode)_i);
	snprintf(want, sizeof want, "%s: No such file or directory", path);
	ck_assert_str_eq(cause, want);
	free(cause);

	/* No cause wanted: still NULL, and no crash. */
	ck_assert_ptr_null(map_open(path, MAP_READONLY, NULL));
}
END_TEST

/* Check that opening path is refused with a cause naming it and what. */
static void
assert_refused_as(const char *path, const char *what)
{
	enum map_mode mode;
	char *cause;

	for (mode = MAP_READONLY; mode <= MAP_COW; mode++) {
		cause = open_refused(path, mode);
		ck_assert_msg(strncmp(cause, path, strlen(path)) == 0,
		    "cause \"%s\" does not start with the name", cause);
		ck_assert_msg(strstr(cause + strlen(path), what) != NULL,
		    "cause \"%s\" does not say \"%s\"", cause, what);
		free(cause);
	}
}

/* A directory is refused. */
START_TEST(test_directory)
{
	char path[PATH_MAX];

	keep_path(path, testfile_path("dir"));
	ck_assert_int_eq(mkdir(path, 0755), 0);
	assert_refused_as(path, "directory");
}
END_TEST

/* A FIFO is refused without blocking (the tcase timeout catches a hang). */
START_TEST(test_fifo)
{
	char path[PATH_MAX];

	keep_path(path, testfile_path("fifo"));
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	alarm(10);
	assert_refused_as(path, "FIFO");
	alarm(0);
}
END_TEST

/* A /proc file says it is empty: refused, not shown as an empty file. */
START_TEST(test_proc_file)
{
	const char *path = "/proc/version";
	char *cause;

	if (access(path, R_OK) != 0) {
		fprintf(stderr, "check-map: %s: not readable, test skipped\n",
		    path);
		return;
	}
	cause = open_refused(path, MAP_READONLY);
	ck_assert_str_eq(cause, "/proc/version: cannot map: a /proc or /sys "
	    "file (its size is not known)");
	free(cause);
	cause = open_refused(path, MAP_COW);
	ck_assert_ptr_nonnull(strstr(cause, "a /proc or /sys file"));
	free(cause);
}
END_TEST

/* A bound AF_UNIX socket is refused. */
START_TEST(test_socket)
{
	struct sockaddr_un sun;
	const char *path;
	int fd;

	path = testfile_path("sock");
	if (strlen(path) >= sizeof sun.sun_path) {
		fprintf(stderr, "check-map: %s: too long for a socket, "
		    "test skipped\n", path);
		return;
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof sun), 0);
	assert_refused_as(sun.sun_path, "socket");
	close(fd);
}
END_TEST

/* The name taken by another file: map_replaced() says so, and what the
 * name now names when that is no regular file, from stat() alone. */
START_TEST(test_replaced)
{
	char path[PATH_MAX], other_path[PATH_MAX];
	const char *other = "unset";
	struct map *m;

	keep_path(path, testfile_pattern(100, 3));
	m = open_ok(path, MAP_READONLY);
	ck_assert_int_eq(map_replaced(m, &other), 0);
	ck_assert_ptr_null(other);
	ck_assert_int_eq(map_replaced(m, NULL), 0);

	ck_assert_int_eq(unlink(path), 0);
	other = "unset";
	errno = 0;
	ck_assert_int_eq(map_replaced(m, &other), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_ptr_null(other);

	/* A FIFO: told without opening it (the tcase timeout and the
	 * alarm catch a hang). */
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	alarm(10);
	ck_assert_int_eq(map_replaced(m, &other), 1);
	alarm(0);
	ck_assert_str_eq(other, "a FIFO (named pipe)");
	ck_assert_int_eq(unlink(path), 0);

	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(map_replaced(m, &other), 1);
	ck_assert_str_eq(other, "a directory");
	ck_assert_int_eq(map_replaced(m, NULL), 1);
	ck_assert_int_eq(rmdir(path), 0);

	/* A regular file again: 1, and nothing to say. */
	keep_path(other_path, testfile_pattern(10, 4));
	ck_assert_int_eq(rename(other_path, path), 0);
	other = "unset";
	ck_assert_int_eq(map_replaced(m, &other), 1);
	ck_assert_ptr_null(other);
	map_close(m);
}
END_TEST

/* /dev/null is a character device, not something to map. */
START_TEST(test_dev_null)
{
	assert_refused_as("/dev/null", "character device");
}
END_TEST

/* -w on a file we may not write: the cause suggests -c; -r and -c open. */
static int
check_unwritable(const char *path)
{
	struct map *m;
	char *cause = NULL;
	int ok;

	m = map_open(path, MAP_WRITE, &cause);
	if (m != NULL || cause == NULL) {
		map_close(m);
		return 0;
	}
	/* The name comes first; "-c" must be in what follows it. */
	ok = strncmp(cause, path, strlen(path)) == 0 &&
	    strstr(cause + strlen(path), "-c") != NULL;
	free(cause);
	if (!ok)
		return 0;
	if ((m = map_open(path, MAP_READONLY, NULL)) == NULL)
		return 0;
	map_close(m);
	if ((m = map_open(path, MAP_COW, NULL)) == NULL)
		return 0;
	map_close(m);
	return 1;
}

/* In a child: drop root for nobody, then check_unwritable(). */
static void
child_unwritable(const char *path)
{
	if (setgid(65534) == -1 || setuid(65534) == -1)
		_exit(77);
	_exit(check_unwritable(path) ? 0 : 1);
}

START_TEST(test_write_denied)
{
	char path[PATH_MAX], dir[PATH_MAX];
	int status;

	keep_path(path, testfile_make("locked", 6));
	ck_assert_int_eq(chmod(path, 0444), 0);
	if (geteuid() != 0) {
		ck_assert_msg(check_unwritable(path), "-w on a read-only "
		    "file: wrong outcome or cause");
		return;
	}

	/* Root bypasses permissions: try again as nobody. */
	keep_path(dir, path);
	ck_assert_int_eq(chmod(dirname(dir), 0755), 0);
	status = run_child(child_unwritable, path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
		fprintf(stderr, "check-map: running as root and cannot "
		    "become nobody: -w permission test skipped\n");
		return;
	}
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "-w on a read-only file (as nobody): wrong outcome or cause");
}
END_TEST

/* A name with an escape byte is sanitised in the cause. */
START_TEST(test_cause_sanitised)
{
	char path[PATH_MAX];
	char *cause;

	keep_path(path, testfile_path("esc\033[31mred\033]0;title\007"));
	cause = open_refused(path, MAP_READONLY);
	ck_assert_msg(!has_control(cause), "raw control byte in \"%s\"",
	    cause);
	ck_assert_ptr_nonnull(strstr(cause, "\\e[31mred"));
	ck_assert_ptr_nonnull(strstr(cause, "No such file or directory"));
	free(cause);

	ck_assert_int_eq(mkdir(path, 0755), 0);
	cause = open_refused(path, MAP_READONLY);
	ck_assert(!has_control(cause));
	ck_assert_ptr_nonnull(strstr(cause, "directory"));
	free(cause);
}
END_TEST

/*
 * The file shrinks under the mapping, to nothing, then grows again: reads
 * never crash, return what exists and record what happened.
 */
START_TEST(test_truncate)
{
	enum map_mode mode = (enum map_mode)_i;
	char path[PATH_MAX];
	unsigned char *buf;
	struct map *m;
	int fd;

	buf = malloc(MIB);
	ck_assert_ptr_nonnull(buf);
	keep_path(path, testfile_pattern(MIB, 3));
	m = open_ok(path, mode);
	read_pattern(m, 512 * KIB, 4096, 4096, 3);
	fd = open_rw(path);

	/* 1 MiB to 4096: a read past the new end returns nothing. */
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	ck_assert_int_eq(map_read(m, 512 * KIB, buf, 4096), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_FAULT | MAP_EV_SHRANK);
	ck_assert_uint_eq(map_size(m), 4096);
	ck_assert_uint_eq(map_take_events(m), 0);
	read_pattern(m, 0, 8192, 4096, 3);
	read_pattern(m, 4000, 200, 96, 3);
	ck_assert_uint_eq(map_take_events(m), 0);

	/* To 0: no mapping left. */
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(map_read(m, 0, buf, 100), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_FAULT | MAP_EV_SHRANK);
	ck_assert_uint_eq(map_size(m), 0);
	ck_assert_ptr_null(map_bytes(m, 0));
	ck_assert_int_eq(map_read(m, 0, buf, 100), 0);
	ck_assert_uint_eq(map_take_events(m), 0);

	/* Extended to 8192: seen on refresh, and readable. */
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	ck_assert_int_eq(pwrite(fd, "grown", 5, 8000), 5);
	ck_assert_int_eq(map_read(m, 0, buf, 100), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_GREW);
	ck_assert_uint_eq(map_size(m), 8192);
	memset(buf, 0xee, 8192);
	ck_assert_int_eq(map_read(m, 0, buf, MIB), 8192);
	ck_assert(all_zero(buf, 8000));
	ck_assert_mem_eq(buf + 8000, "grown", 5);
	ck_assert(all_zero(buf + 8005, 8192 - 8005));
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), 0);

	close(fd);
	map_close(m);
	free(buf);
}
END_TEST

/* A read that starts inside the file and runs past a new end keeps the
 * bytes that still exist. */
START_TEST(test_truncate_mid_read)
{
	char path[PATH_MAX];
	unsigned char *buf;
	struct map *m;
	int fd;

	buf = malloc(64 * KIB);
	ck_assert_ptr_nonnull(buf);
	keep_path(path, testfile_pattern(MIB, 4));
	m = open_ok(path, (enum map_mode)_i);
	fd = open_rw(path);
	ck_assert_int_eq(ftruncate(fd, 12288), 0);
	read_pattern(m, 8192, 64 * KIB, 4096, 4);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_FAULT | MAP_EV_SHRANK);
	ck_assert_uint_eq(map_size(m), 12288);

	/* An end inside a page: after a refresh reads stop right there. */
	ck_assert_int_eq(ftruncate(fd, 5000), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_SHRANK);
	ck_assert_uint_eq(map_size(m), 5000);
	read_pattern(m, 4096, 4096, 904, 4);
	read_pattern(m, 0, 64 * KIB, 5000, 4);
	close(fd);
	map_close(m);
	free(buf);
}
END_TEST

/* A new mtime with the same size is an in-place change (to the
 * nanosecond); with a new size it is only growth or shrinking. */
START_TEST(test_touched)
{
	struct timespec times[2] = { { 0, UTIME_OMIT }, { 1000, 1 } };
	char path[PATH_MAX];
	struct map *m;
	int fd;

	keep_path(path, testfile_pattern(4100, 9));
	m = open_ok(path, (enum map_mode)_i);
	fd = open_rw(path);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), 0);
	ck_assert_int_eq(futimens(fd, times), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_TOUCHED);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), 0);
	times[1].tv_nsec = 2;
	ck_assert_int_eq(futimens(fd, times), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_TOUCHED);
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	times[1].tv_nsec = 3;
	ck_assert_int_eq(futimens(fd, times), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_GREW);
	close(fd);
	map_close(m);
}
END_TEST

/* Growth, within the last page and well past it. */
START_TEST(test_grow)
{
	enum map_mode mode = (enum map_mode)_i;
	unsigned char buf[100], edit, *p;
	char path[PATH_MAX];
	struct map *m;
	int fd;

	keep_path(path, testfile_pattern(4100, 8));
	m = open_ok(path, mode);
	edit = testfile_byte(8, 1);
	if (mode == MAP_COW) {
		/* A private edit (on another page than the growth) survives
		 * the mapping being rebuilt. */
		p = (unsigned char *)(uintptr_t)map_bytes(m, 0);
		edit = p[1] = (unsigned char)~p[1];
	}
	fd = open_rw(path);
	ck_assert_int_eq(pwrite(fd, "abcdef", 6, 4100), 6);
	ck_assert_int_eq(map_read(m, 4100, buf, sizeof buf), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_GREW);
	ck_assert_uint_eq(map_size(m), 4106);
	read_pattern(m, 4090, 10, 10, 8);
	ck_assert_int_eq(map_read(m, 4096, buf, sizeof buf), 10);
	ck_assert_mem_eq(buf + 4, "abcdef", 6);

	ck_assert_int_eq(pwrite(fd, "far", 3, 3 * MIB), 3);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_take_events(m), MAP_EV_GREW);
	ck_assert_uint_eq(map_size(m), 3 * MIB + 3);
	ck_assert_int_eq(map_read(m, 3 * MIB, buf, sizeof buf), 3);
	ck_assert_mem_eq(buf, "far", 3);
	ck_assert_int_eq(map_read(m, 4100, buf, 6), 6);
	ck_assert_mem_eq(buf, "abcdef", 6);
	ck_assert_int_eq(map_read(m, 1, buf, 1), 1);
	ck_assert_int_eq(buf[0], edit);
	close(fd);
	map_close(m);
}
END_TEST

/* -c: the pages written hold private copies; they stop following the
 * file, map_release() keeps them, and a shrink forgets those cut off. */
START_TEST(test_cow_private_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char buf[4];
	char path[PATH_MAX];
	struct map *m;
	int fd;

	keep_path(path, testfile_pattern(3 * (size_t)page, 9));
	m = open_ok(path, MAP_COW);
	ck_assert_uint_eq(map_private_pages(m), 0);
	ck_assert_int_eq(map_write(m, (uint64_t)page + 5, "Z", 1), 0);
	ck_assert_int_eq(map_write(m, (uint64_t)page + 9, "Y", 1), 0);
	ck_assert_uint_eq(map_private_pages(m), 1);
	ck_assert_int_eq(map_private_in(m, 0, (uint64_t)page), 0);
	ck_assert_int_eq(map_private_in(m, (uint64_t)page - 1, 1), 0);
	ck_assert_int_eq(map_private_in(m, (uint64_t)page - 1, 2), 1);
	ck_assert_int_eq(map_private_in(m, 2 * (uint64_t)page, 10), 0);
	/* Straddling two pages makes both private. */
	ck_assert_int_eq(map_write(m, 3 * (uint64_t)page - 1, "X", 1), 0);
	ck_assert_int_eq(map_write(m, (uint64_t)page - 1, "WV", 2), 0);
	ck_assert_uint_eq(map_private_pages(m), 3);

	/* Another process writes the file: the private pages keep the
	 * user's bytes; the page never written shows the new byte. */
	fd = open_rw(path);
	ck_assert_int_eq(pwrite(fd, "abcd", 4, (uint64_t)page + 4), 4);
	ck_assert_int_eq(map_read(m, (uint64_t)page + 4, buf, 4), 4);
	ck_assert_int_eq(buf[1], 'Z');
	ck_assert_int_eq(buf[0], testfile_byte(9, (uint64_t)page + 4));

	/* Releasing everything drops no private page. */
	map_release(m, 0, 3 * (uint64_t)page);
	ck_assert_int_eq(map_read(m, (uint64_t)page + 5, buf, 1), 1);
	ck_assert_int_eq(buf[0], 'Z');
	ck_assert_int_eq(map_read(m, 3 * (uint64_t)page - 1, buf, 1), 1);
	ck_assert_int_eq(buf[0], 'X');

	/* Shrunk into the second page: the third is gone. */
	ck_assert_int_eq(ftruncate(fd, (off_t)page + 100), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_private_pages(m), 2);
	ck_assert_int_eq(map_private_in(m, (uint64_t)page, 100), 1);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	ck_assert_int_eq(map_refresh(m), 0);
	ck_assert_uint_eq(map_private_pages(m), 0);
	close(fd);
	map_close(m);

	/* Other modes never hold private pages. */
	m = open_ok(path, MAP_READONLY);
	ck_assert_uint_eq(map_private_pages(m), 0);
	map_close(m);
}
END_TEST

/* Moving the window around drops pages, never data. */
START_TEST(test_window)
{
	enum map_mode mode = (enum map_mode)_i;
	static const uint64_t offs[] = {
		0, 4 * MIB, 7 * MIB, 0, 2 * MIB - 1, 8 * MIB - 16, 8 * MIB,
		100 * MIB, 3 * MIB + 5
	};
	size_t size = 8 * MIB, i;
	unsigned char byte, *p = NULL;
	struct map *m;

	m = open_ok(testfile_pattern(size, 5), mode);
	if (mode == MAP_COW) {
		p = (unsigned char *)(uintptr_t)map_bytes(m, 4 * MIB + 7);
		*p = (unsigned char)~testfile_byte(5, 4 * MIB + 7);
	}
	for (i = 0; i < sizeof offs / sizeof offs[0]; i++) {
		map_window(m, offs[i], 4096);
		read_pattern(m, 0, 1000, 1000, 5);
		read_pattern(m, 7 * MIB + 3, 5000, 5000, 5);
		read_pattern(m, size - 100, 200, 100, 5);
		ck_assert_int_eq(map_read(m, 4 * MIB + 7, &byte, 1), 1);
		ck_assert_int_eq(byte, (unsigned char)(p != NULL ?
		    ~testfile_byte(5, 4 * MIB + 7) :
		    testfile_byte(5, 4 * MIB + 7)));
	}
	map_window(m, 0, size);
	map_window(m, 0, 0);
	map_window(m, size / 2, UINT64_MAX / 2);
	map_advise_sequential(m, 0, size);
	map_advise_sequential(m, size - 1, UINT64_MAX);
	map_advise_sequential(m, size, 100);
	map_advise_sequential(m, 12345, 67890);
	if (p != NULL) {
		read_pattern(m, 0, 4 * MIB + 7, 4 * MIB + 7, 5);
		read_pattern(m, 4 * MIB + 8, size, size - 4 * MIB - 8, 5);
	} else
		read_pattern(m, 0, size, size, 5);
	map_close(m);
}
END_TEST

/* Helpers for guard_run(). */
struct touch {
	const volatile unsigned char *at;
	unsigned char byte;
};

static int
touch_byte(void *arg)
{
	struct touch *t = arg;

	t->byte = *t->at;
	return 42;
}

/* guard_copy and guard_run on ordinary memory, and on a vanished page. */
START_TEST(test_guard)
{
	unsigned char src[300], dst[300];
	struct touch t;
	unsigned char *p;
	size_t i;
	int fd;

	ck_assert_int_eq(guard_init(), 0);
	ck_assert_int_eq(guard_init(), 0);
	for (i = 0; i < sizeof src; i++)
		src[i] = (unsigned char)(i * 7);
	memset(dst, 0, sizeof dst);
	ck_assert_int_eq(guard_copy(dst, src, sizeof src), 0);
	ck_assert_mem_eq(dst, src, sizeof src);
	ck_assert_int_eq(guard_copy(dst, NULL, 0), 0);
	t.at = src + 5;
	ck_assert_int_eq(guard_run(src, sizeof src, touch_byte, &t), 42);
	ck_assert_int_eq(t.byte, 35);

	/* A page past the end of a truncated file faults: caught, twice. */
	fd = open(testfile_pattern(8192, 6), O_RDWR);
	ck_assert_int_ge(fd, 0);
	p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	for (i = 0; i < 3; i++) {
		errno = 0;
		ck_assert_int_eq(guard_copy(dst, p + 4000, 200), -1);
		ck_assert_int_eq(errno, EFAULT);
		t.at = p + 5000;
		errno = 0;
		ck_assert_int_eq(guard_run(p, 8192, touch_byte, &t), -1);
		ck_assert_int_eq(errno, EFAULT);
	}
	ck_assert_int_eq(guard_copy(dst, p, 200), 0);
	ck_assert_int_eq(dst[0], testfile_byte(6, 0));
	munmap(p, 8192);
	close(fd);
}
END_TEST

/* In a child: touch a truncated mapping through map_bytes(), unguarded. */
static void
child_touch_unguarded(const char *path)
{
	struct map *m = map_open(path, MAP_READONLY, NULL);
	const volatile unsigned char *p;
	int fd;

	if (m == NULL || (fd = open(path, O_RDWR)) == -1)
		_exit(2);
	p = map_bytes(m, 0);
	if (ftruncate(fd, 0) == -1)
		_exit(3);
	(void)p[4096];
	_exit(0);
}

/* In a child: a guard over one range does not catch a fault in another. */
static void
child_touch_outside_guard(const char *path)
{
	struct map *m = map_open(path, MAP_READONLY, NULL);
	unsigned char other[16];
	struct touch t;
	int fd;

	if (m == NULL || (fd = open(path, O_RDWR)) == -1)
		_exit(2);
	t.at = map_bytes(m, 4096);
	if (ftruncate(fd, 0) == -1)
		_exit(3);
	guard_run(other, sizeof other, touch_byte, &t);
	_exit(0);
}

/* A SIGBUS outside any guard still kills the process. */
START_TEST(test_sigbus_unguarded)
{
	char path[PATH_MAX];
	int status;

	keep_path(path, testfile_pattern(8192, 7));
	status = run_child(child_touch_unguarded, path);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS,
	    "child status %#x, want death by SIGBUS", status);

	keep_path(path, testfile_pattern(8192, 7));
	status = run_child(child_touch_outside_guard, path);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS,
	    "child status %#x, want death by SIGBUS", status);
}
END_TEST

Suite *
map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc;

	tc = tcase_create("open");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_open_modes, MAP_READONLY, MAP_COW + 1);
	tcase_add_test(tc, test_mode_writes);
	tcase_add_test(tc, test_readonly_write_faults);
	tcase_add_loop_test(tc, test_missing, MAP_READONLY, MAP_COW + 1);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_fifo);
	tcase_add_test(tc, test_proc_file);
	tcase_add_test(tc, test_socket);
	tcase_add_test(tc, test_dev_null);
	tcase_add_test(tc, test_write_denied);
	tcase_add_test(tc, test_cause_sanitised);
	suite_add_tcase(s, tc);

	tc = tcase_create("sizes");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_empty, MAP_READONLY, MAP_COW + 1);
	tcase_add_test(tc, test_one_byte);
	tcase_add_loop_test(tc, test_page_boundary, 0, 3);
	tcase_add_loop_test(tc, test_sparse_5g, 0, 2);
	tcase_add_loop_test(tc, test_holes_tmpfs, MAP_READONLY, MAP_COW + 1);
	tcase_add_test(tc, test_holes_shrink);
	suite_add_tcase(s, tc);

	tc = tcase_create("change");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_truncate, MAP_READONLY, MAP_COW + 1);
	tcase_add_loop_test(tc, test_truncate_mid_read, MAP_READONLY,
	    MAP_COW + 1);
	tcase_add_loop_test(tc, test_grow, MAP_READONLY, MAP_COW + 1);
	tcase_add_loop_test(tc, test_touched, MAP_READONLY, MAP_COW + 1);
	tcase_add_loop_test(tc, test_window, MAP_READONLY, MAP_COW + 1);
	tcase_add_test(tc, test_cow_private_pages);
	tcase_add_test(tc, test_replaced);
	suite_add_tcase(s, tc);

	tc = tcase_create("guard");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_guard);
	tcase_add_test(tc, test_sigbus_unguarded);
	suite_add_tcase(s, tc);
	return s;
}
