/*
 * faultinject.c - make chosen system calls fail, for the save tests.
 *
 * Built as tests/faultinject.so and loaded with LD_PRELOAD into mmhex
 * (never into the test driver).  What fails is read on every call from
 * the file named by MMHEX_FAULT_FILE (so a test can remove the fault
 * while mmhex runs), or else from MMHEX_FAULT.  The spec is a comma- or
 * newline-separated list of CALL:ERRNO[:N[:M]]: CALL fails with ERRNO
 * after N calls of it succeeded (default 0), M times (default: every
 * call from then on).  CALL is one of msync, fsync, fdatasync, pwrite,
 * write, link, renameat2, lseek, or tmpfile (an open() with O_TMPFILE,
 * as on a filesystem without it); ERRNO one of the names in
 * fault_errnos, or STALL: the call then blocks for good, after writing
 * the process id to the file named by MMHEX_FAULT_STALLED (if set), so a
 * test can kill the program in the middle of that work.  write and
 * pwrite fail only on regular files, so the terminal keeps working;
 * lseek fails only for SEEK_DATA and SEEK_HOLE, as on a filesystem that
 * cannot tell holes (mmhex then reads them through the mapping: a long
 * scan of a sparse file for the UI tests).  Example:
 * MMHEX_FAULT=fsync:EIO:0:1,write:ENOSPC:2 fails the first fsync and
 * every write after the second.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

enum fault_call { F_MSYNC, F_FSYNC, F_FDATASYNC, F_PWRITE, F_WRITE, F_LINK,
	F_RENAMEAT2, F_LSEEK, F_TMPFILE, F_COUNT };

static const char *const fault_names[F_COUNT] = { "msync", "fsync",
	"fdatasync", "pwrite", "write", "link", "renameat2", "lseek",
	"tmpfile" };

/* The "errno" that makes a call block instead of failing. */
#define FAULT_STALL (-1)

static const struct {
	const char *name;
	int value;
} fault_errnos[] = {
	{ "EIO", EIO }, { "ENOSPC", ENOSPC }, { "EDQUOT", EDQUOT },
	{ "EPERM", EPERM }, { "EINVAL", EINVAL }, { "ENOSYS", ENOSYS },
	{ "EROFS", EROFS }, { "EXDEV", EXDEV }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "EISDIR", EISDIR }, { "STALL", FAULT_STALL },
};

static unsigned long fault_calls[F_COUNT];	/* calls seen, per call */

/* Read the spec: the fault file's contents, or MMHEX_FAULT. */
static int
fault_spec(char *buf, size_t cap)
{
	const char *file = getenv("MMHEX_FAULT_FILE"), *env;
	ssize_t n;
	int fd;

	buf[0] = '\0';
	if (file != NULL) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd == -1)
			return 0;
		n = read(fd, buf, cap - 1);
		close(fd);
		buf[n > 0 ? n : 0] = '\0';
		return 1;
	}
	if ((env = getenv("MMHEX_FAULT")) == NULL)
		return 0;
	snprintf(buf, cap, "%s", env);
	return 1;
}

/* Count a call; return the errno it must fail with, or 0 to let it run. */
static int
fault_check(enum fault_call call)
{
	char spec[512], *item, *save = NULL, *name, *err, *after, *times;
	unsigned long seen = fault_calls[call]++;
	int saved = errno, result = 0;
	size_t i;

	if (!fault_spec(spec, sizeof spec))
		goto out;
	for (item = strtok_r(spec, ",\n", &save); item != NULL;
	    item = strtok_r(NULL, ",\n", &save)) {
		name = item;
		if ((err = strchr(name, ':')) == NULL)
			continue;
		*err++ = '\0';
		if ((after = strchr(err, ':')) != NULL)
			*after++ = '\0';
		times = after != NULL ? strchr(after, ':') : NULL;
		if (times != NULL)
			*times++ = '\0';
		if (strcmp(name, fault_names[call]) != 0)
			continue;
		if (after != NULL && seen < strtoul(after, NULL, 10))
			continue;
		if (times != NULL && seen >= strtoul(after, NULL, 10) +
		    strtoul(times, NULL, 10))
			continue;
		for (i = 0; i < sizeof fault_errnos / sizeof fault_errnos[0];
		    i++)
			if (strcmp(err, fault_errnos[i].name) == 0)
				result = fault_errnos[i].value;
	}
out:
	errno = saved;
	return result;
}

/* Return 1 when fd is a regular file (write faults spare the terminal). */
static int
fault_regular(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

/* Block for good, first telling the test who we are. */
static void
fault_stall(void)
{
	const char *mark = getenv("MMHEX_FAULT_STALLED");
	FILE *f;

	if (mark != NULL && (f = fopen(mark, "w")) != NULL) {
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	for (;;)
		pause();
}

/* Look up the real function once. */
#define FAULT_REAL(name) \
	static __typeof__(&name) real; \
	if (real == NULL) \
		real = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

/* Fail with e when it is set (block when it is FAULT_STALL). */
#define FAULT_FAIL(e) do { \
	int fault_e = (e); \
	if (fault_e == FAULT_STALL) \
		fault_stall(); \
	if (fault_e != 0) { \
		errno = fault_e; \
		return -1; \
	} \
} while (0)

int
msync(void *addr, size_t len, int flags)
{
	FAULT_REAL(msync);
	FAULT_FAIL(fault_check(F_MSYNC));
	return real(addr, len, flags);
}

int
fsync(int fd)
{
	FAULT_REAL(fsync);
	FAULT_FAIL(fault_check(F_FSYNC));
	return real(fd);
}

int
fdatasync(int fd)
{
	FAULT_REAL(fdatasync);
	FAULT_FAIL(fault_check(F_FDATASYNC));
	return real(fd);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	FAULT_REAL(pwrite);
	if (fault_regular(fd))
		FAULT_FAIL(fault_check(F_PWRITE));
	return real(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	FAULT_REAL(pwrite64);
	if (fault_regular(fd))
		FAULT_FAIL(fault_check(F_PWRITE));
	return real(fd, buf, n, off);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	FAULT_REAL(write);
	if (fault_regular(fd))
		FAULT_FAIL(fault_check(F_WRITE));
	return real(fd, buf, n);
}

int
link(const char *from, const char *to)
{
	FAULT_REAL(link);
	FAULT_FAIL(fault_check(F_LINK));
	return real(from, to);
}

int
renameat2(int fromdir, const char *from, int todir, const char *to,
    unsigned flags)
{
	FAULT_REAL(renameat2);
	FAULT_FAIL(fault_check(F_RENAMEAT2));
	return real(fromdir, from, todir, to, flags);
}

off_t
lseek(int fd, off_t off, int whence)
{
	FAULT_REAL(lseek);
	if (whence == SEEK_DATA || whence == SEEK_HOLE)
		FAULT_FAIL(fault_check(F_LSEEK));
	return real(fd, off, whence);
}

off64_t
lseek64(int fd, off64_t off, int whence)
{
	FAULT_REAL(lseek64);
	if (whence == SEEK_DATA || whence == SEEK_HOLE)
		FAULT_FAIL(fault_check(F_LSEEK));
	return real(fd, off, whence);
}

/* The mode argument of open(), present with O_CREAT or O_TMPFILE. */
#define FAULT_MODE(flags, last, mode) do { \
	va_list ap; \
	if ((flags) & O_CREAT || ((flags) & O_TMPFILE) == O_TMPFILE) { \
		va_start(ap, last); \
		mode = va_arg(ap, mode_t); \
		va_end(ap); \
	} \
} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	FAULT_REAL(open);
	FAULT_MODE(flags, flags, mode);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		FAULT_FAIL(fault_check(F_TMPFILE));
	return real(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	FAULT_REAL(open64);
	FAULT_MODE(flags, flags, mode);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		FAULT_FAIL(fault_check(F_TMPFILE));
	return real(path, flags, mode);
}

int
openat(int dir, const char *path, int flags, ...)
{
	mode_t mode = 0;

	FAULT_REAL(openat);
	FAULT_MODE(flags, flags, mode);
	if ((flags & O_TMPFILE) == O_TMPFILE)
		FAULT_FAIL(fault_check(F_TMPFILE));
	return real(dir, path, flags, mode);
}
