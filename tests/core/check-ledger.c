/*
 * check-ledger.c - tests for the per-byte ledger (ledger.h).
 *
 * The oracle is a flat array: for each offset of a small space, whether
 * it is known, its base and its mine.  Random notes, sets, adoptions,
 * saves and prunes are applied to both, and every answer of the ledger
 * (unsaved count, runs, window marks, unsaved ranges, copies) is checked
 * against the array after each step.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "allocfail.h"
#include "ledger.h"
#include "suites.h"

enum { SPACE = 600 };

struct flat {
	unsigned char known[SPACE];
	unsigned char base[SPACE];
	unsigned char mine[SPACE];
};

/* Fail the test with a message when cond does not hold (cheaper than
 * ck_assert, which marks its place on every call). */
#define SAME(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } \
	while (0)

/* Check every answer of l against the array f. */
static void
check_same(const struct ledger *l, const struct flat *f)
{
	const struct ledger_run *runs;
	struct ledger_range *r;
	unsigned char marks[SPACE], buf[SPACE];
	uint64_t unsaved = 0, end = 0;
	size_t count, i, k, n, p;

	for (p = 0; p < SPACE; p++)
		unsaved += f->known[p] && f->base[p] != f->mine[p];
	SAME(ledger_unsaved(l) == unsaved, "unsaved %llu, want %llu",
	    (unsigned long long)ledger_unsaved(l), (unsigned long long)unsaved);

	/* The runs cover exactly the known bytes, sorted and disjoint. */
	runs = ledger_runs(l, &count);
	n = 0;
	for (i = 0; i < count; i++) {
		SAME(runs[i].len >= 1 && runs[i].offset >= end, "run %zu", i);
		end = runs[i].offset + runs[i].len;
		for (k = 0; k < runs[i].len; k++) {
			p = (size_t)runs[i].offset + k;
			SAME(p < SPACE && f->known[p], "byte %zu in a run", p);
			SAME(runs[i].base[k] == f->base[p] &&
			    runs[i].mine[k] == f->mine[p], "byte %zu", p);
		}
		n += runs[i].len;
	}
	for (p = 0, k = 0; p < SPACE; p++)
		k += f->known[p];
	SAME(n == k, "%zu bytes in runs, %zu known", n, k);

	ledger_mark_window(l, 0, SPACE, marks);
	for (p = 0; p < SPACE; p++)
		SAME(marks[p] == (f->known[p] && f->base[p] != f->mine[p]),
		    "mark %zu", p);

	/* The unsaved ranges cover exactly the unsaved bytes. */
	memset(marks, 0, sizeof marks);
	SAME(ledger_unsaved_ranges(l, &r, &count) == 0, "no ranges");
	SAME((r == NULL) == (count == 0), "ranges %p, count %zu", (void *)r,
	    count);
	for (i = 0; i < count; i++) {
		ledger_copy_mine(l, r[i].offset, (size_t)r[i].len, buf);
		for (k = 0; k < r[i].len; k++) {
			p = (size_t)r[i].offset + k;
			SAME(marks[p] == 0 && buf[k] == f->mine[p], "range %zu",
			    p);
			marks[p] = 1;
		}
		ledger_copy_base(l, r[i].offset, (size_t)r[i].len, buf);
		for (k = 0; k < r[i].len; k++)
			SAME(buf[k] == f->base[r[i].offset + k], "base %zu",
			    (size_t)r[i].offset + k);
	}
	free(r);
	for (p = 0; p < SPACE; p++)
		SAME(marks[p] == (f->known[p] && f->base[p] != f->mine[p]),
		    "unsaved range %zu", p);
}

/* Fill n random bytes from a small alphabet (so that equal bytes, and
 * so saved-looking bytes, are common). */
static void
random_bytes(unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)('a' + rand() % 3);
}

START_TEST(test_random_against_flat)
{
	struct ledger *l = ledger_new();
	struct flat f;
	unsigned char before[80], after[80];
	size_t step, off, len, p;
	uint64_t lost, want;

	ck_assert_ptr_nonnull(l);
	memset(&f, 0, sizeof f);
	srand(12345u + (unsigned)_i);
	for (step = 0; step < 3000; step++) {
		off = (size_t)rand() % (SPACE - 80);
		len = 1 + (size_t)rand() % (rand() % 8 == 0 ? 79 : 4);
		random_bytes(before, len);
		random_bytes(after, len);
		switch (rand() % 16) {
		case 0:
			ledger_set_mine(l, off, after, len);
			for (p = 0; p < len; p++)
				if (f.known[off + p])
					f.mine[off + p] = after[p];
			break;
		case 1:
			ledger_adopt(l, off, after, len);
			for (p = 0; p < len; p++)
				if (f.known[off + p])
					f.mine[off + p] = f.base[off + p] =
					    after[p];
			break;
		case 2:
			ledger_set_base(l, off, after, len);
			for (p = 0; p < len; p++)
				if (f.known[off + p])
					f.base[off + p] = after[p];
			break;
		case 3:
			if (rand() % 4 != 0)
				break;
			ledger_mark_saved(l);
			memcpy(f.base, f.mine, sizeof f.base);
			break;
		case 4:
			if (rand() % 8 != 0)
				break;
			off = SPACE / 2 + (size_t)rand() % (SPACE / 2);
			want = 0;
			for (p = off; p < SPACE; p++) {
				want += f.known[p] && f.base[p] != f.mine[p];
				f.known[p] = 0;
			}
			lost = ledger_prune(l, off);
			SAME(lost == want, "pruned %llu, want %llu",
			    (unsigned long long)lost, (unsigned long long)want);
			break;
		default:
			/* Typing runs: often right after the last note. */
			SAME(ledger_note(l, off, before, after, len) == 0,
			    "note");
			for (p = 0; p < len; p++) {
				if (!f.known[off + p]) {
					f.known[off + p] = 1;
					f.base[off + p] = before[p];
				}
				f.mine[off + p] = after[p];
			}
			break;
		}
		check_same(l, &f);
	}
	ledger_free(l);
}
END_TEST

/* Typing byte after byte grows one run instead of making one a byte. */
START_TEST(test_typing_makes_one_run)
{
	struct ledger *l = ledger_new();
	size_t i, count;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(ledger_note(l, 100 + i, "a", "b", 1), 0);
	ledger_runs(l, &count);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(ledger_unsaved(l), 1000);
	/* A byte typed back to what was saved is not unsaved. */
	ck_assert_int_eq(ledger_note(l, 500, "b", "a", 1), 0);
	ck_assert_uint_eq(ledger_unsaved(l), 999);
	ledger_free(l);
}
END_TEST

/* Many disjoint notes (the journal's 100000-edit test) stay fast: the
 * runs are appended, not copied on every note. */
START_TEST(test_many_runs)
{
	struct ledger *l = ledger_new();
	size_t i, count;

	for (i = 0; i < 200000; i++)
		SAME(ledger_note(l, (uint64_t)i * 3, "a", "b", 1) == 0,
		    "note %zu", i);
	ledger_runs(l, &count);
	ck_assert_uint_eq(count, 200000);
	ck_assert_uint_eq(ledger_seek(l, 3 * 150000), 150000);
	ck_assert_uint_eq(ledger_prune(l, 3 * 100000), 100000);
	ck_assert_uint_eq(ledger_unsaved(l), 100000);
	ledger_free(l);
}
END_TEST

/* Offsets near 2^64 - 1: ends never wrap. */
START_TEST(test_end_of_offsets)
{
	struct ledger *l = ledger_new();

	ck_assert_int_eq(ledger_note(l, UINT64_MAX - 2, "ab", "cd", 2), 0);
	ck_assert_int_eq(ledger_note(l, UINT64_MAX - 1, "xy", "zz", 3), -1);
	ck_assert_uint_eq(ledger_unsaved(l), 2);
	ck_assert_uint_eq(ledger_prune(l, UINT64_MAX - 1), 1);
	ledger_free(l);
}
END_TEST

/* No unsaved bytes and no memory to list them are two answers. */
START_TEST(test_ranges_no_memory)
{
	struct ledger *l = ledger_new();
	struct ledger_range *r = (struct ledger_range *)&r;
	size_t count = 99;
	int ret;

	/* Nothing unsaved needs no memory to say so. */
	allocfail_arm(0, ALLOCFAIL_ALL);
	ret = ledger_unsaved_ranges(l, &r, &count);
	allocfail_disarm();
	ck_assert_int_eq(ret, 0);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(count, 0);

	ck_assert_int_eq(ledger_note(l, 10, "a", "b", 1), 0);
	errno = 0;
	allocfail_arm(0, ALLOCFAIL_ALL);
	ret = ledger_unsaved_ranges(l, &r, &count);
	allocfail_disarm();
	ck_assert_int_eq(ret, -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(count, 0);

	ck_assert_int_eq(ledger_unsaved_ranges(l, &r, &count), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_uint_eq(r[0].offset, 10);
	free(r);
	ledger_free(l);
}
END_TEST

Suite *
ledger_suite(void)
{
	Suite *s = suite_create("ledger");
	TCase *tc = tcase_create("ledger");

	tcase_add_loop_test(tc, test_random_against_flat, 0, 4);
	tcase_add_test(tc, test_typing_makes_one_run);
	tcase_add_test(tc, test_many_runs);
	tcase_add_test(tc, test_end_of_offsets);
	tcase_add_test(tc, test_ranges_no_memory);
	suite_add_tcase(s, tc);
	return s;
}
