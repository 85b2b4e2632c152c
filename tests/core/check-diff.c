/*
 * check-diff.c - tests for the stepped compare of two files (diff.h).
 *
 * The oracle is a byte loop over the two buffers the files were made
 * from: the runs of differing bytes it finds, then the tail past the
 * shorter end, must be exactly what diff_step() hands over, at every
 * chunk size from 16 bytes (runs across every chunk boundary) to the
 * default, with tiny budgets and with a callback that stops the step at
 * every range.  diff_next() and diff_prev() are checked against the same
 * oracle from every offset of small files; resync against insertions and
 * deletions planted at random; holes past 4 GiB, a file shrinking between
 * steps, and a -c map's edited pages seen through the mapping.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff.h"
#include "map.h"
#include "suites.h"
#include "testfile.h"

#define GIB (1024ull * 1024u * 1024u)

/* Most ranges one test collects. */
#define MAX_RANGES 40000

static struct diff_range want[MAX_RANGES], got[MAX_RANGES];
static size_t nwant, ngot;
static struct map *ma, *mb;
static struct diff *d;

static void
teardown(void)
{
	diff_free(d);
	d = NULL;
	map_close(ma);
	map_close(mb);
	ma = mb = NULL;
	testfile_cleanup();
}

/* Map a new file holding the n bytes at bytes. */
static struct map *
open_bytes(const unsigned char *bytes, size_t n, enum map_mode mode)
{
	char *cause = NULL;
	struct map *m = map_open(testfile_make(bytes, n), mode, &cause);

	ck_assert_msg(m != NULL, "map_open: %s", cause);
	return m;
}

/* The oracle: the ranges of a against b under shift 0. */
static void
oracle(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
	size_t i, n = na < nb ? na : nb, s;

	nwant = 0;
	for (i = 0; i < n; i++) {
		if (a[i] == b[i])
			continue;
		for (s = i; i < n && a[i] != b[i]; i++)
			;
		ck_assert_uint_lt(nwant, MAX_RANGES);
		want[nwant++] = (struct diff_range){ DIFF_CHANGED, s, s,
		    i - s, 0 };
	}
	if (na > n)
		want[nwant++] = (struct diff_range){ DIFF_REMOVED, n, n,
		    na - n, 0 };
	if (nb > n)
		want[nwant++] = (struct diff_range){ DIFF_ADDED, n, n,
		    nb - n, 0 };
}

static int
collect(const struct diff_range *r, void *arg)
{
	(void)arg;
	ck_assert_uint_lt(ngot, MAX_RANGES);
	got[ngot++] = *r;
	return 0;
}

/* Stop the step at every range (after keeping it). */
static int
collect_and_stop(const struct diff_range *r, void *arg)
{
	collect(r, arg);
	return 1;
}

/* Fail unless got[] equals want[]. */
static void
expect_ranges(const char *what)
{
	size_t i;

	ck_assert_msg(ngot == nwant, "%s: %zu ranges, want %zu", what, ngot,
	    nwant);
	for (i = 0; i < nwant; i++) {
		ck_assert_msg(got[i].kind == want[i].kind &&
		    got[i].a_off == want[i].a_off &&
		    got[i].b_off == want[i].b_off &&
		    got[i].len == want[i].len,
		    "%s: range %zu is %d %llu/%llu+%llu, want %d %llu/%llu+%llu",
		    what, i, (int)got[i].kind,
		    (unsigned long long)got[i].a_off,
		    (unsigned long long)got[i].b_off,
		    (unsigned long long)got[i].len, (int)want[i].kind,
		    (unsigned long long)want[i].a_off,
		    (unsigned long long)want[i].b_off,
		    (unsigned long long)want[i].len);
	}
}

/* Run a whole diff of ma and mb with the chunk size and budget given,
 * stopping at every range when stop is set; check it against want[]. */
static void
run_diff(size_t chunk, uint64_t budget, int stop, const char *what)
{
	struct diff_stats st;
	uint64_t bytes = 0;
	size_t i;
	int r, steps = 0;

	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	if (chunk != 0)
		ck_assert_int_eq(diff_set_chunk(d, chunk), 0);
	ngot = 0;
	do {
		r = diff_step(d, budget, stop ? collect_and_stop : collect,
		    NULL);
		if (r == -1)
			ck_assert_int_eq(errno, ECANCELED);
		ck_assert_int_lt(++steps, 10000000);
	} while (r != 1);
	expect_ranges(what);
	diff_stats(d, &st);
	for (i = 0; i < nwant; i++)
		bytes += want[i].len;
	ck_assert_uint_eq(st.bytes, bytes);
	ck_assert_uint_eq(st.ranges, nwant);
	ck_assert_int_eq(st.finished, 1);
	ck_assert_uint_eq(st.done, st.total);
	ck_assert_int_eq(diff_step(d, budget, collect, NULL), 1);
	ck_assert_uint_eq(ngot, nwant);	/* nothing handed over twice */
	diff_free(d);
	d = NULL;
}

/* Fill buf with pattern bytes of seed. */
static void
fill(unsigned char *buf, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = testfile_byte(seed, i);
}

/* Change count bytes of b at random, in runs of 1 to maxrun bytes. */
static void
plant(unsigned char *b, size_t n, unsigned count, unsigned maxrun,
    unsigned *seed)
{
	size_t at, len, i;

	if (n == 0)
		return;
	while (count-- > 0) {
		at = (size_t)rand_r(seed) % n;
		len = 1 + (size_t)rand_r(seed) % maxrun;
		for (i = at; i < at + len && i < n; i++)
			b[i] ^= (unsigned char)(1 + rand_r(seed) % 255);
	}
}

static const size_t sizes[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 4095, 4096,
    4097, 8191, 65536, 65537, 300000 };
static const size_t chunks[] = { 16, 48, 4096, 0 };

/* Sizes equal and not, planted runs anywhere, every chunk size. */
START_TEST(test_oracle)
{
	size_t na = sizes[_i % (sizeof sizes / sizeof sizes[0])], nb, c;
	unsigned seed = (unsigned)_i + 1;
	unsigned char *a, *b;
	char what[128];
	int variant = _i / (int)(sizeof sizes / sizeof sizes[0]);

	/* Variant 0: the same size; 1: B shorter; 2: B longer. */
	nb = variant == 0 ? na : variant == 1 ? na / 2 : na + 1 + na / 3;
	a = malloc(na + 1);
	b = malloc(nb + 1);
	ck_assert(a != NULL && b != NULL);
	fill(a, na, 7);
	fill(b, nb, 7);
	plant(b, nb < na ? nb : na, 1 + (unsigned)(na / 500), 40, &seed);
	if (na > 0 && nb > 0) {	/* the first and the last common byte */
		b[0] ^= 0x5a;
		b[(na < nb ? na : nb) - 1] ^= 0xa5;
	}
	oracle(a, na, b, nb);
	ma = open_bytes(a, na, MAP_READONLY);
	mb = open_bytes(b, nb, MAP_READONLY);
	for (c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		snprintf(what, sizeof what, "sizes %zu/%zu chunk %zu", na, nb,
		    chunks[c]);
		run_diff(chunks[c], 0, 0, what);
		run_diff(chunks[c], 1, 0, what);
		run_diff(chunks[c], 1000, 1, what);
	}
	free(a);
	free(b);
}
END_TEST

/* Every byte different, and every other byte different. */
START_TEST(test_dense)
{
	enum { N = 10000 };
	static unsigned char a[N], b[N];
	size_t i;

	fill(a, N, 3);
	for (i = 0; i < N; i++)
		b[i] = a[i] ^ (unsigned char)(_i == 0 ? 0xff : i % 2 ? 1 : 0);
	oracle(a, N, b, N);
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, N, MAP_READONLY);
	run_diff(16, 0, 0, "dense");
	run_diff(0, 64, 1, "dense");
}
END_TEST

/* The same file: no range, finished. */
START_TEST(test_same)
{
	unsigned char a[5000];

	fill(a, sizeof a, 9);
	ma = open_bytes(a, sizeof a, MAP_READONLY);
	mb = open_bytes(a, sizeof a, MAP_READONLY);
	nwant = 0;
	run_diff(0, 0, 0, "same");
	run_diff(16, 0, 0, "same");
}
END_TEST

/* Where diff_next(from) must land: the first want[] range starting at
 * or after from (the oracle's tail starts at the common end). */
static const struct diff_range *
want_next(uint64_t from)
{
	size_t i;

	for (i = 0; i < nwant; i++)
		if (want[i].a_off >= from)
			return &want[i];
	return NULL;
}

static const struct diff_range *
want_prev(uint64_t from)
{
	size_t i;

	for (i = nwant; i-- > 0;)
		if (want[i].a_off < from)
			return &want[i];
	return NULL;
}

/* Call diff_next or diff_prev from from until it is not DIFF_MORE. */
static int
seek(int backward, uint64_t from, uint64_t budget, struct diff_range *r)
{
	uint64_t reached = from;
	int ret, calls = 0;

	do {
		ret = backward ? diff_prev(d, reached, budget, r, &reached) :
		    diff_next(d, reached, budget, r, &reached);
		ck_assert_int_ne(ret, -1);
		ck_assert_int_lt(++calls, 1000000);
	} while (ret == DIFF_MORE);
	return ret;
}

/* Check a found range against the oracle's, len capped. */
static void
expect_found(int ret, const struct diff_range *r, const struct diff_range *w,
    uint64_t from, int backward)
{
	uint64_t len;

	if (w == NULL) {
		ck_assert_msg(ret == DIFF_NONE, "%s from %llu: found %llu, "
		    "want none", backward ? "prev" : "next",
		    (unsigned long long)from, (unsigned long long)r->a_off);
		return;
	}
	ck_assert_msg(ret == DIFF_FOUND, "%s from %llu: none, want %llu",
	    backward ? "prev" : "next", (unsigned long long)from,
	    (unsigned long long)w->a_off);
	ck_assert_msg(r->a_off == w->a_off && r->kind == w->kind,
	    "%s from %llu: %llu (kind %d), want %llu (kind %d)",
	    backward ? "prev" : "next", (unsigned long long)from,
	    (unsigned long long)r->a_off, (int)r->kind,
	    (unsigned long long)w->a_off, (int)w->kind);
	len = w->len;
	if (w->kind == DIFF_CHANGED && len > DIFF_RUN_MAX)
		len = DIFF_RUN_MAX;
	ck_assert_uint_eq(r->len, len);
	ck_assert_int_eq(r->capped, w->kind == DIFF_CHANGED &&
	    w->len > DIFF_RUN_MAX);
}

/* diff_next and diff_prev from every offset, several chunks, budgets. */
START_TEST(test_next_prev)
{
	enum { N = 3000 };
	static unsigned char a[N], b[N + 100];
	size_t nb = _i == 0 ? N : _i == 1 ? N - 77 : N + 100;
	unsigned seed = 42;
	struct diff_range r;
	uint64_t from;
	size_t c;
	int ret;

	fill(a, N, 5);
	fill(b, nb, 5);
	plant(b, nb < N ? nb : N, 30, 20, &seed);
	b[0] ^= 1;
	oracle(a, N, b, nb);
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, nb, MAP_READONLY);
	for (c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
		d = diff_begin(ma, mb, 0, 0);
		ck_assert_ptr_nonnull(d);
		if (chunks[c] != 0)
			ck_assert_int_eq(diff_set_chunk(d, chunks[c]), 0);
		for (from = 0; from <= N + 101; from++) {
			ret = seek(0, from, c == 0 ? 1 : 0, &r);
			expect_found(ret, &r, want_next(from), from, 0);
			ret = seek(1, from, c == 1 ? 1 : 0, &r);
			expect_found(ret, &r, want_prev(from), from, 1);
		}
		diff_free(d);
		d = NULL;
	}
}
END_TEST

/* A run longer than DIFF_RUN_MAX is capped; prev finds its start from
 * far inside it, in small steps. */
START_TEST(test_long_run)
{
	enum { N = 3 * DIFF_RUN_MAX };
	unsigned char *a = malloc(N), *b = malloc(N);
	struct diff_range r;
	size_t i;

	ck_assert(a != NULL && b != NULL);
	fill(a, N, 2);
	memcpy(b, a, N);
	for (i = 100; i < 100 + 2 * DIFF_RUN_MAX; i++)
		b[i] ^= 0x80;
	oracle(a, N, b, N);
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, N, MAP_READONLY);
	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(diff_set_chunk(d, 4096), 0);
	expect_found(seek(1, N, 4096, &r), &r, &want[0], N, 1);
	expect_found(seek(1, 2 * DIFF_RUN_MAX, 1, &r), &r, &want[0], 0, 1);
	expect_found(seek(0, 0, 1, &r), &r, &want[0], 0, 0);
	ck_assert_int_eq(seek(0, 101, 1, &r), DIFF_NONE);
	free(a);
	free(b);
}
END_TEST

/* Holes in both files are equal without reading: 5 GiB sparse files
 * that differ near the end and at 4 GiB. */
START_TEST(test_sparse)
{
	char pa[PATH_MAX], pb[PATH_MAX], *cause = NULL;
	const uint64_t size = 5 * GIB;
	struct diff_stats st;
	int fd, r, steps = 0;

	strcpy(pa, testfile_sparse(size, "tail-a", 6));
	strcpy(pb, testfile_sparse(size, "tail-b", 6));
	fd = open(pb, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "x", 1, (off_t)(4 * GIB)), 1);
	close(fd);
	ma = map_open(pa, MAP_READONLY, &cause);
	mb = map_open(pb, MAP_READONLY, &cause);
	ck_assert(ma != NULL && mb != NULL);
	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	ngot = 0;
	while ((r = diff_step(d, 64u * 1024 * 1024, collect, NULL)) == 0)
		ck_assert_int_lt(++steps, 1000);
	ck_assert_int_eq(r, 1);
	ck_assert_uint_eq(ngot, 2);
	ck_assert_uint_eq(got[0].a_off, 4 * GIB);
	ck_assert_uint_eq(got[0].len, 1);
	ck_assert_uint_eq(got[1].a_off, size - 1);
	ck_assert_uint_eq(got[1].len, 1);
	diff_stats(d, &st);
	ck_assert_uint_eq(st.bytes, 2);
	ck_assert_uint_eq(st.total, size);
	/* Next from the far end, in one call. */
	{
		struct diff_range rr;
		uint64_t reached;

		ck_assert_int_eq(diff_next(d, 4 * GIB + 1, 0, &rr, &reached),
		    DIFF_FOUND);
		ck_assert_uint_eq(rr.a_off, size - 1);
		ck_assert_int_eq(diff_prev(d, size - 1, 0, &rr, &reached),
		    DIFF_FOUND);
		ck_assert_uint_eq(rr.a_off, 4 * GIB);
	}
}
END_TEST

/* B shrinks between steps: the domain ends at its new size, the tail is
 * A's bytes past it, and the map says it shrank. */
START_TEST(test_shrink)
{
	enum { N = 200000 };
	static unsigned char a[N];
	struct diff_stats st;
	int fd;

	fill(a, N, 4);
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(a, N, MAP_READONLY);
	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(diff_set_chunk(d, 4096), 0);
	ngot = 0;
	ck_assert_int_eq(diff_step(d, 4096, collect, NULL), 0);
	fd = open(map_path(mb), O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 50000), 0);
	close(fd);
	while (diff_step(d, 4096, collect, NULL) == 0)
		;
	ck_assert(map_take_events(mb) & MAP_EV_SHRANK);
	ck_assert_uint_eq(ngot, 1);
	ck_assert_int_eq(got[0].kind, DIFF_REMOVED);
	ck_assert_uint_eq(got[0].a_off, 50000);
	ck_assert_uint_eq(got[0].len, N - 50000);
	diff_stats(d, &st);
	ck_assert_uint_eq(st.size_b, 50000);
}
END_TEST

/* A -c map's edits live in private pages: the diff sees them. */
START_TEST(test_cow_edits)
{
	enum { N = 100000 };
	static unsigned char a[N];
	unsigned char x = 0;

	fill(a, N, 6);
	ma = open_bytes(a, N, MAP_COW);
	mb = open_bytes(a, N, MAP_READONLY);
	x = (unsigned char)(a[70000] ^ 0xff);
	ck_assert_int_eq(map_write(ma, 70000, &x, 1), 0);
	memcpy(want, &(struct diff_range){ DIFF_CHANGED, 70000, 70000, 1, 0 },
	    sizeof want[0]);
	nwant = 1;
	run_diff(0, 0, 0, "cow");
	run_diff(4096, 4096, 0, "cow");
}
END_TEST

/* Shifted compares: B is A with bytes inserted or deleted at random
 * places; resync finds the shift, and from there the files are equal. */
START_TEST(test_resync)
{
	enum { N = 60000 };
	static unsigned char a[N], b[N + 5000];
	unsigned seed = (unsigned)_i * 7919u + 13;
	size_t at = 1000 + (size_t)rand_r(&seed) % (N - 12000);
	size_t k = 1 + (size_t)rand_r(&seed) % 4096, nb, i;
	int insert = _i % 2 == 0;
	uint64_t x;
	int64_t s;
	struct diff_range r;

	if (_i % 8 == 1)
		k = 1 + (size_t)rand_r(&seed) % 8;
	fill(a, N, 11);
	memcpy(b, a, at);
	if (insert) {
		for (i = 0; i < k; i++)
			b[at + i] = (unsigned char)rand_r(&seed);
		memcpy(b + at + k, a + at, N - at);
		nb = N + k;
	} else {
		memcpy(b + at, a + at + k, N - at - k);
		nb = N - k;
	}
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, nb, MAP_READONLY);
	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(seek(0, 0, 0, &r), DIFF_FOUND);
	/* An inserted byte may equal the one it displaced. */
	ck_assert_uint_ge(r.a_off, at);
	ck_assert_uint_le(r.a_off, at + k);
	diff_free(d);
	d = NULL;
	ck_assert_int_eq(diff_resync(ma, mb, r.a_off, 0, 0, &x, &s), 1);
	ck_assert_msg(s == (insert ? (int64_t)k : -(int64_t)k),
	    "%s of %zu at %zu: shift %lld at %llu", insert ? "insert" :
	    "delete", k, at, (long long)s, (unsigned long long)x);
	if (insert)
		ck_assert_uint_eq(x, r.a_off);
	else
		ck_assert_uint_le(x, at + k);
	/* From x under the shift, only the tail differs. */
	d = diff_begin(ma, mb, x, s);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(seek(0, x, 0, &r), DIFF_NONE);
}
END_TEST

/* No shift in reach: random files; and one already in step. */
START_TEST(test_resync_none)
{
	enum { N = 20000 };
	static unsigned char a[N], b[N];
	uint64_t x;
	int64_t s;

	fill(a, N, 1);
	fill(b, N, 2);
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, N, MAP_READONLY);
	ck_assert_int_eq(diff_resync(ma, mb, 100, 0, 0, &x, &s), 0);
	ck_assert_int_eq(diff_resync(ma, mb, N - 10, 0, 0, &x, &s), 0);
	map_close(mb);
	memcpy(b, a, N);
	b[500] ^= 1;
	mb = open_bytes(b, N, MAP_READONLY);
	ck_assert_int_eq(diff_resync(ma, mb, 500, 0, 0, &x, &s), 1);
	ck_assert_uint_eq(x, 501);
	ck_assert_int_eq(s, 0);
	ck_assert_int_eq(diff_resync(ma, mb, 0, 0, 1u << 21, &x, &s), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* Many ranges, counted only (no callback): memory does not grow with
 * them (the diff holds two buffers, nothing per range). */
START_TEST(test_many_ranges)
{
	enum { N = 2000000 };
	unsigned char *a = malloc(N), *b = malloc(N);
	struct diff_stats st;
	size_t i;

	ck_assert(a != NULL && b != NULL);
	fill(a, N, 8);
	memcpy(b, a, N);
	for (i = 0; i < N; i += 2)
		b[i] ^= 0x01;
	ma = open_bytes(a, N, MAP_READONLY);
	mb = open_bytes(b, N, MAP_READONLY);
	d = diff_begin(ma, mb, 0, 0);
	ck_assert_ptr_nonnull(d);
	while (diff_step(d, 100000, NULL, NULL) == 0)
		;
	diff_stats(d, &st);
	ck_assert_uint_eq(st.ranges, N / 2);
	ck_assert_uint_eq(st.bytes, N / 2);
	free(a);
	free(b);
}
END_TEST

Suite *
diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("compare");
	int nsizes = (int)(sizeof sizes / sizeof sizes[0]);

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_oracle, 0, 3 * nsizes);
	tcase_add_loop_test(tc, test_dense, 0, 2);
	tcase_add_test(tc, test_same);
	tcase_add_loop_test(tc, test_next_prev, 0, 3);
	tcase_add_test(tc, test_long_run);
	tcase_add_test(tc, test_sparse);
	tcase_add_test(tc, test_shrink);
	tcase_add_test(tc, test_cow_edits);
	tcase_add_test(tc, test_many_ranges);
	suite_add_tcase(s, tc);

	tc = tcase_create("resync");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_resync, 0, 40);
	tcase_add_test(tc, test_resync_none);
	suite_add_tcase(s, tc);
	return s;
}
