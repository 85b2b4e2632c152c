/*
 * fill.c - time a big fill and its undo through the core API (edit.h),
 * and the resident memory they add.
 *
 * Usage: fill FILE MODE SIZE_MIB
 * MODE is w (MAP_SHARED) or c (MAP_PRIVATE).  FILE must be at least
 * SIZE_MIB MiB.  Prints one line: mode, MiB, fill s, GB/s, RSS growth
 * after the fill (MB), undo s, RSS growth after the undo (MB), heap
 * growth (MB), spill bytes.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "edit.h"
#include "journal.h"
#include "map.h"

/* Return the resident set in bytes. */
static double
rss_mb(void)
{
	unsigned long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%lu %lu", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return (double)res * (double)sysconf(_SC_PAGESIZE) / 1e6;
}

/* Return a monotonic time in seconds. */
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
	struct journal *j;
	struct map *m;
	char *cause = NULL;
	uint64_t len;
	double t0, t_fill, t_undo, r0, r_fill, r_undo;
	size_t h0;

	if (argc != 4) {
		fprintf(stderr, "usage: fill FILE w|c SIZE_MIB\n");
		return 2;
	}
	len = strtoull(argv[3], NULL, 10) << 20;
	m = map_open(argv[1], argv[2][0] == 'c' ? MAP_COW : MAP_WRITE, &cause);
	if (m == NULL || (j = journal_new()) == NULL) {
		fprintf(stderr, "fill: %s\n", cause ? cause : "no memory");
		return 1;
	}
	r0 = rss_mb();
	h0 = mallinfo2().uordblks;
	t0 = now();
	if (edit_fill(m, j, 0, len, "\xa5", 1) == -1) {
		perror("fill: edit_fill");
		return 1;
	}
	t_fill = now() - t0;
	r_fill = rss_mb() - r0;
	t0 = now();
	if (edit_undo(m, j, NULL, NULL) != 1) {
		perror("fill: edit_undo");
		return 1;
	}
	t_undo = now() - t0;
	r_undo = rss_mb() - r0;
	printf("%s %llu %.2f %.2f %.1f %.2f %.1f %.1f\n", argv[2],
	    (unsigned long long)(len >> 20), t_fill, (double)len / t_fill / 1e9,
	    r_fill, t_undo, r_undo,
	    (double)(mallinfo2().uordblks - h0) / 1e6);
	journal_free(j);
	map_close(m);
	return 0;
}
