/*
 * diff-next.c - time the TUI's next-difference key at the far end of two
 * big files: diff_next() from offset 0 to a difference near the end, as
 * one call and in steps of a budget (as the front end calls it between
 * input polls), and diff_prev() from the end back to the first one.
 *
 * Usage: diff-next A B [BUDGET_MIB]   (built and run by bench/diff.sh)
 * Prints "next 0.412 s (1 call), next 0.420 s (32 calls of 64 MiB),
 * prev 0.405 s, found at 0x...".
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "diff.h"
#include "map.h"

/* Seconds on the monotonic clock. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Seek from from until found or none; count the calls. */
static int
seek(struct diff *d, int backward, uint64_t from, uint64_t budget,
    struct diff_range *r, int *calls)
{
	uint64_t reached = from;
	int ret;

	*calls = 0;
	do {
		ret = backward ? diff_prev(d, reached, budget, r, &reached) :
		    diff_next(d, reached, budget, r, &reached);
		(*calls)++;
	} while (ret == DIFF_MORE);
	return ret;
}

int
main(int argc, char **argv)
{
	struct map *a, *b;
	struct diff *d;
	struct diff_range r;
	char *cause = NULL;
	uint64_t budget;
	double t0, t1, t2, t3;
	int calls1, calls2, calls3;

	if (argc < 3) {
		fprintf(stderr, "usage: diff-next A B [BUDGET_MIB]\n");
		return 2;
	}
	budget = (argc > 3 ? strtoull(argv[3], NULL, 10) : 64) << 20;
	a = map_open(argv[1], MAP_READONLY, &cause);
	b = map_open(argv[2], MAP_READONLY, &cause);
	if (a == NULL || b == NULL || (d = diff_begin(a, b, 0, 0)) == NULL) {
		fprintf(stderr, "diff-next: %s\n", cause ? cause : "failed");
		return 2;
	}
	t0 = now();
	if (seek(d, 0, 0, 0, &r, &calls1) != DIFF_FOUND)
		return 1;
	t1 = now();
	seek(d, 0, 0, budget, &r, &calls2);
	t2 = now();
	seek(d, 1, map_size(a), budget, &r, &calls3);
	t3 = now();
	printf("%.3f %d %.3f %d %.3f %d 0x%" PRIx64 "\n", t1 - t0, calls1,
	    t2 - t1, calls2, t3 - t2, calls3, r.a_off);
	diff_free(d);
	map_close(a);
	map_close(b);
	return 0;
}
