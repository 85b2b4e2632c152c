/*
 * testfile.c - temporary files for the core tests (see testfile.h).
 */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testfile.h"

static char dir[PATH_MAX - 64];
static char path[PATH_MAX + 64];
static unsigned counter;

/* Create the private directory on first use. */
static void
testfile_dir(void)
{
	const char *tmp;

	if (dir[0] != '\0')
		return;
	tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/mmhex-check.XXXXXX", tmp);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

const char *
testfile_path(const char *name)
{
	int n;

	testfile_dir();
	n = snprintf(path, sizeof path, "%s/%u-%s", dir, counter++, name);
	ck_assert(n > 0 && (size_t)n < sizeof path);
	return path;
}

/* Write all n bytes at offset, or fail the test. */
static void
write_at(int fd, const void *bytes, size_t n, uint64_t offset)
{
	const char *p = bytes;
	ssize_t done;

	while (n > 0) {
		done = pwrite(fd, p, n, (off_t)offset);
		ck_assert_int_gt(done, 0);
		p += done;
		n -= (size_t)done;
		offset += (uint64_t)done;
	}
}

const char *
testfile_make(const void *bytes, size_t n)
{
	const char *p = testfile_path("file");
	int fd;

	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	if (n > 0)
		write_at(fd, bytes, n, 0);
	ck_assert_int_eq(close(fd), 0);
	return p;
}

unsigned char
testfile_byte(unsigned seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)seed * 0xBF58476D1CE4E5B9ull;

	x ^= x >> 29;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 32;
	return (unsigned char)x;
}

const char *
testfile_pattern(size_t n, unsigned seed)
{
	unsigned char *bytes = malloc(n > 0 ? n : 1);
	const char *p;
	size_t i;

	ck_assert_ptr_nonnull(bytes);
	for (i = 0; i < n; i++)
		bytes[i] = testfile_byte(seed, i);
	p = testfile_make(bytes, n);
	free(bytes);
	return p;
}

const char *
testfile_sparse(uint64_t size, const void *tail, size_t n)
{
	const char *p = testfile_path("sparse");
	int fd;

	ck_assert_uint_ge(size, n);
	fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	if (n > 0)
		write_at(fd, tail, n, size - n);
	ck_assert_int_eq(close(fd), 0);
	return p;
}

void
testfile_cleanup(void)
{
	char cmd[PATH_MAX + 32];

	if (dir[0] == '\0')
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "testfile: could not remove %s\n", dir);
	dir[0] = '\0';
}
