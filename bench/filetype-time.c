/* filetype-time - how long the viewer's file type lookup takes.
 *
 * Part of mmhex's benchmarks; not built by `make`.  For each FILE, times
 * REPS lookups each way and prints the median, with the file's pages in
 * the page cache (warm) and dropped before each lookup (cold, with
 * POSIX_FADV_DONTNEED: the clean pages of the file only):
 *   head  the first FILETYPE_BYTES bytes read into a buffer and handed to
 *         filetype_describe() (the viewer before issue 13);
 *   fd    filetype_describe_fd() on a descriptor (the viewer now:
 *         libmagic reads up to its own bytes_max from the file).
 * Each lookup includes opening libmagic and loading its database, as
 * the viewer does.
 *
 *   cc -std=c11 -O2 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 -Isrc/core \
 *       -DMAGIC_SONAME='"libmagic.so.1"' bench/filetype-time.c \
 *       libmmhex-core.a -ldl -lpthread -o filetype-time
 *   ./filetype-time [-r REPS] FILE...
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filetype.h"

/* Milliseconds on the monotonic clock. */
static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Order doubles, for qsort. */
static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Look the type of fd up one way (head: through a copy of the head);
 * return the milliseconds it took, and the answer in *answer. */
static double
lookup(int fd, int head, char **answer)
{
	static unsigned char buf[FILETYPE_BYTES];
	char *cause = NULL;
	ssize_t got;
	double t0 = now_ms();

	if (head) {
		got = pread(fd, buf, sizeof buf, 0);
		*answer = filetype_describe(buf, got > 0 ? (size_t)got : 0,
		    &cause);
	} else
		*answer = filetype_describe_fd(fd, &cause);
	t0 = now_ms() - t0;
	if (*answer == NULL) {
		fprintf(stderr, "filetype-time: %s\n", cause != NULL ? cause :
		    "out of memory");
		exit(1);
	}
	free(cause);
	return t0;
}

int
main(int argc, char **argv)
{
	static const char *const way[] = { "fd", "head" };
	int reps = 9, i, r, w, cold, fd;
	double *ms;
	char *answer;

	if (argc > 2 && strcmp(argv[1], "-r") == 0) {
		reps = atoi(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || reps < 1) {
		fprintf(stderr, "usage: filetype-time [-r REPS] FILE...\n");
		return 2;
	}
	if ((ms = calloc((size_t)reps, sizeof *ms)) == NULL)
		return 1;
	for (i = 1; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY | O_CLOEXEC)) == -1) {
			perror(argv[i]);
			return 1;
		}
		for (w = 0; w < 2; w++) {
			for (cold = 0; cold < 2; cold++) {
				for (r = 0; r < reps; r++) {
					if (cold)
						posix_fadvise(fd, 0, 0,
						    POSIX_FADV_DONTNEED);
					ms[r] = lookup(fd, w, &answer);
					if (r + 1 < reps)
						free(answer);
				}
				qsort(ms, (size_t)reps, sizeof *ms, by_value);
				printf("%s\t%s\t%s\t%.2f ms\t%s\n", argv[i],
				    way[w], cold ? "cold" : "warm",
				    ms[reps / 2], answer);
				free(answer);
			}
		}
		close(fd);
	}
	free(ms);
	return 0;
}
