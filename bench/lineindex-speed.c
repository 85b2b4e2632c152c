/* lineindex-speed - how fast the line index counts a file's newlines.
 *
 * Part of mmhex's benchmarks; not built by `make`.  Builds the index of
 * FILE (mapped, read through a byte source that copies out of the mapping
 * as map_read() does) in slices of 64 MiB, REPS times, and prints the best
 * speed.  Run it on a file already in the page cache for the counting
 * speed alone (cat FILE >/dev/null first).
 *
 *   cc -std=c11 -O2 -D_FILE_OFFSET_BITS=64 -Isrc/core \
 *       bench/lineindex-speed.c src/core/lineindex.c -o lineindex-speed
 *   ./lineindex-speed FILE [REPS]
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lineindex.h"

struct mapped {
	const unsigned char *bytes;
	uint64_t size;
};

static ssize_t
mapped_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	const struct mapped *m = ctx;

	if (offset >= m->size)
		return 0;
	if (n > m->size - offset)
		n = (size_t)(m->size - offset);
	memcpy(buf, m->bytes + offset, n);
	return (ssize_t)n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct mapped m;
	struct textsrc src = { mapped_read, &m, 0, NULL };
	struct lineindex *idx;
	struct stat st;
	double best = 0;
	int fd, reps, i, done;
	void *p;

	if (argc < 2) {
		fprintf(stderr, "usage: lineindex-speed FILE [REPS]\n");
		return 2;
	}
	reps = argc > 2 ? atoi(argv[2]) : 5;
	if ((fd = open(argv[1], O_RDONLY)) == -1 || fstat(fd, &st) == -1 ||
	    st.st_size == 0) {
		perror(argv[1]);
		return 1;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	m.bytes = p;
	m.size = src.size = (uint64_t)st.st_size;
	if ((idx = lineindex_new(0)) == NULL) {
		perror("lineindex_new");
		return 1;
	}
	for (i = 0; i < reps; i++) {
		double start = now(), secs;

		lineindex_reset(idx);
		while ((done = lineindex_build(idx, &src, 64u << 20)) == 0)
			;
		secs = now() - start;
		if (done == -1) {
			perror("lineindex_build");
			return 1;
		}
		if (best == 0 || secs < best)
			best = secs;
	}
	printf("%s: %llu bytes, %llu newlines, best of %d: %.3f s, %.2f GB/s\n",
	    argv[1], (unsigned long long)m.size,
	    (unsigned long long)lineindex_lines_known(idx), reps, best,
	    (double)m.size / best / 1e9);
	lineindex_free(idx);
	munmap(p, (size_t)st.st_size);
	close(fd);
	return 0;
}
