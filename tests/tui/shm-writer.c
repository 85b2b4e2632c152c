/*
 * shm-writer.c - change a file only through a shared mapping, for the
 * live refresh tests (DESIGN.md, "Live refresh").
 *
 *   shm-writer FILE COUNT INTERVAL_MS
 *	Map FILE MAP_SHARED (creating it, or extending it to 4096 bytes if
 *	it is smaller) and, COUNT times, every INTERVAL_MS milliseconds,
 *	store struct sample { uint64_t counter; double time; } at offset 0
 *	through the mapping: counter 1, 2, ..., time the CLOCK_REALTIME
 *	seconds.  COUNT 0 runs until killed.
 *
 *   shm-writer --set FILE OFFSET HEXBYTES
 *	Store the bytes HEXBYTES (pairs of hex digits, blanks allowed) at
 *	OFFSET (decimal, 0x hex or 0 octal) of the existing FILE through a
 *	mapping, once.  OFFSET + the byte count must lie inside the file.
 *
 * Neither mode calls write(2), msync(2) or anything else that inotify
 * reports as a modification (IN_MODIFY), and the file descriptor is
 * closed before the first store, so its IN_CLOSE_WRITE comes before the
 * change: a program that wants to see these changes has to look at the
 * bytes.  Stores are in the host's byte order (the
 * tests expect little-endian).  Exit status: 0 done, 1 error, 2 usage.
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WRITER_MIN_SIZE 4096	/* the counter mode's smallest file */

/* What the counter mode stores at offset 0. */
struct sample {
	uint64_t counter;
	double time;
};

/* Print usage and exit 2. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: shm-writer FILE COUNT INTERVAL_MS\n"
	    "       shm-writer --set FILE OFFSET HEXBYTES\n");
	exit(2);
}

/* Report an error and exit 1. */
static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("shm-writer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Parse an unsigned number (base 0) that must be all of s, at most max. */
static uint64_t
parse_number(const char *s, uint64_t max, const char *what)
{
	unsigned long long v;
	char *end;

	errno = 0;
	if (*s == '\0' || *s == '-' || *s == '+')
		die("bad %s: \"%s\"", what, s);
	v = strtoull(s, &end, 0);
	if (*end != '\0' || errno != 0 || v > max)
		die("bad %s: \"%s\"", what, s);
	return v;
}

/* Value of a hex digit, or -1. */
static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode pairs of hex digits (blanks between pairs allowed) into a new
 * buffer; store the count in *n. */
static unsigned char *
parse_hex(const char *s, size_t *n)
{
	unsigned char *buf;
	int hi, lo;

	if ((buf = malloc(strlen(s) / 2 + 1)) == NULL)
		die("out of memory");
	*n = 0;
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if ((hi = hex_value(s[0])) == -1 || (lo = hex_value(s[1])) == -1)
			die("bad HEXBYTES at \"%s\": want pairs of hex digits",
			    s);
		buf[(*n)++] = (unsigned char)(hi << 4 | lo);
		s += 2;
	}
	if (*n == 0)
		die("HEXBYTES is empty");
	return buf;
}

/* Sleep ms milliseconds, whatever signals interrupt. */
static void
sleep_ms(uint64_t ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* --set: store the bytes at off through a mapping of the pages they
 * touch. */
static int
set_bytes(const char *path, const char *offset_arg, const char *hex_arg)
{
	unsigned char *bytes, *map;
	uint64_t off, start;
	struct stat st;
	size_t n, len;
	long page;
	int fd;

	off = parse_number(offset_arg, INT64_MAX, "OFFSET");
	bytes = parse_hex(hex_arg, &n);
	if ((fd = open(path, O_RDWR)) == -1)
		die("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1)
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if (off > (uint64_t)st.st_size || n > (uint64_t)st.st_size - off)
		die("%s: %zu byte(s) at %" PRIu64 " go past the end (%jd "
		    "bytes); shm-writer never changes a file's size", path, n,
		    off, (intmax_t)st.st_size);
	if ((page = sysconf(_SC_PAGESIZE)) <= 0)
		page = 4096;
	start = off - off % (uint64_t)page;
	len = (size_t)(off - start) + n;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    (off_t)start);
	if (map == MAP_FAILED)
		die("%s: mmap: %s", path, strerror(errno));
	/* Close first: the IN_CLOSE_WRITE inotify reports comes before the
	 * change, never after it. */
	close(fd);
	memcpy(map + (off - start), bytes, n);
	if (munmap(map, len) == -1)
		die("%s: munmap: %s", path, strerror(errno));
	free(bytes);
	return 0;
}

/* The counter mode: count stores (0: forever) every interval_ms. */
static int
write_counter(const char *path, uint64_t count, uint64_t interval_ms)
{
	volatile struct sample *s;
	struct timespec now;
	struct stat st;
	uint64_t i;
	void *map;
	int fd;

	if ((fd = open(path, O_RDWR | O_CREAT, 0644)) == -1)
		die("%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1)
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if (st.st_size < WRITER_MIN_SIZE &&
	    ftruncate(fd, WRITER_MIN_SIZE) == -1)
		die("%s: ftruncate: %s", path, strerror(errno));
	map = mmap(NULL, WRITER_MIN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, 0);
	if (map == MAP_FAILED)
		die("%s: mmap: %s", path, strerror(errno));
	close(fd);
	s = map;
	for (i = 1; count == 0 || i <= count; i++) {
		if (i > 1)
			sleep_ms(interval_ms);
		clock_gettime(CLOCK_REALTIME, &now);
		/*
		 * Another process may truncate the file under us; a store
		 * past its end would then raise SIGBUS and end the writer,
		 * which is what a test doing that wants anyway.
		 */
		s->time = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
		s->counter = i;
	}
	munmap(map, WRITER_MIN_SIZE);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--set") == 0) {
		if (argc != 5)
			usage();
		return set_bytes(argv[2], argv[3], argv[4]);
	}
	if (argc != 4 || argv[1][0] == '-')
		usage();
	return write_counter(argv[1],
	    parse_number(argv[2], UINT64_MAX, "COUNT"),
	    parse_number(argv[3], 3600 * 1000, "INTERVAL_MS"));
}
