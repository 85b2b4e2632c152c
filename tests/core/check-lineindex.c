/*
 * check-lineindex.c - tests for the lazily built line index (lineindex.h).
 *
 * Every answer is compared with a reference that finds the newlines byte
 * by byte.  Files are buffers served by an in-memory byte source, or a
 * virtual source whose bytes are computed from the offset.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lineindex.h"
#include "suites.h"

#define WHOLE UINT64_MAX	/* a budget that builds everything at once */

/* ck_assert_uint_eq without its cost per passing check, for hot loops. */
#define EXPECT_EQ(a, b) do {						\
	uint64_t a_ = (a), b_ = (b);					\
									\
	if (a_ != b_)							\
		ck_abort_msg("%s == %llu, %s == %llu", #a,		\
		    (unsigned long long)a_, #b, (unsigned long long)b_);	\
} while (0)

/* A file in memory; fail makes reads fail, len < size makes them short. */
struct memfile {
	unsigned char *bytes;
	size_t len;		/* bytes that can be read */
	int fail;		/* reads fail with EBADF */
	unsigned long reads;	/* read calls so far */
};

static ssize_t
mem_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct memfile *f = ctx;

	f->reads++;
	if (f->fail) {
		errno = EBADF;
		return -1;
	}
	if (offset >= f->len)
		return 0;
	if (n > f->len - offset)
		n = f->len - (size_t)offset;
	memcpy(buf, f->bytes + offset, n);
	return (ssize_t)n;
}

/* The reference: the offsets of the file's newlines, found one by one. */
struct ref {
	uint64_t *nl;
	uint64_t count;		/* newlines */
	uint64_t lines;		/* lines, a final one without '\n' included */
};

static void
ref_make(struct ref *r, const unsigned char *bytes, size_t len)
{
	size_t i;

	r->nl = malloc((len + 1) * sizeof *r->nl);
	ck_assert_ptr_nonnull(r->nl);
	r->count = 0;
	for (i = 0; i < len; i++)
		if (bytes[i] == '\n')
			r->nl[r->count++] = i;
	r->lines = r->count + (len > 0 && bytes[len - 1] != '\n');
}

/* Return 1 + the newlines before offset. */
static uint64_t
ref_line_of(const struct ref *r, uint64_t offset)
{
	uint64_t lo = 0, hi = r->count;

	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (r->nl[mid] < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1;
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Fill buf with lines of 0 .. maxlen bytes; the last may lack its '\n'. */
static void
gen_lines(unsigned char *buf, size_t len, unsigned maxlen)
{
	size_t i = 0;

	while (i < len) {
		unsigned n = rng() % (maxlen + 1);

		for (; n > 0 && i < len; n--)
			buf[i++] = (unsigned char)('a' + rng() % 26);
		if (i < len)
			buf[i++] = '\n';
	}
}

/* Check the answer for offset and for the line starting just after it. */
static void
check_offset(struct lineindex *idx, const struct textsrc *src,
    const struct ref *r, uint64_t offset)
{
	uint64_t line, start;

	EXPECT_EQ(lineindex_line_of(idx, src, offset, &line), 0);
	EXPECT_EQ(line, ref_line_of(r, offset));
	if (line > r->lines) {
		/* The end of a file ending in '\n' (or empty): no line. */
		EXPECT_EQ(offset, src->size);
		EXPECT_EQ(lineindex_offset_of(idx, src, line, &start),
		    LINEINDEX_PAST_END);
		EXPECT_EQ(start, r->lines);
		return;
	}
	EXPECT_EQ(lineindex_offset_of(idx, src, line, &start), 0);
	EXPECT_EQ(start, line == 1 ? 0 : r->nl[line - 2] + 1);
}

/* Check lines past the end. */
static void
check_past_end(struct lineindex *idx, const struct textsrc *src,
    const struct ref *r)
{
	uint64_t got;

	ck_assert_int_eq(lineindex_offset_of(idx, src, r->lines + 1, &got),
	    LINEINDEX_PAST_END);
	ck_assert_uint_eq(got, r->lines);
	ck_assert_int_eq(lineindex_offset_of(idx, src, r->lines + 1000, &got),
	    LINEINDEX_PAST_END);
	ck_assert_uint_eq(got, r->lines);
	ck_assert_int_eq(lineindex_offset_of(idx, src, 0, &got), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(lineindex_line_of(idx, src, src->size + 1, &got), -1);
	ck_assert_int_eq(errno, ERANGE);
}

/* Check every offset and every line of a fully indexed file. */
static void
check_all(struct lineindex *idx, const struct textsrc *src,
    const struct ref *r)
{
	uint64_t offset, line, got;

	ck_assert_uint_eq(lineindex_indexed(idx), src->size);
	ck_assert_uint_eq(lineindex_lines_known(idx), r->count);
	for (offset = 0; offset <= src->size; offset++)
		check_offset(idx, src, r, offset);
	for (line = 1; line <= r->lines; line++) {
		EXPECT_EQ(lineindex_offset_of(idx, src, line, &got), 0);
		EXPECT_EQ(got, line == 1 ? 0 : r->nl[line - 2] + 1);
	}
	check_past_end(idx, src, r);
}

/* Build in slices of budget, checking the answers while building. */
static void
build_checked(struct lineindex *idx, const struct textsrc *src,
    const struct ref *r, uint64_t budget)
{
	int done;

	do {
		uint64_t at, line;

		done = lineindex_build(idx, src, budget);
		EXPECT_EQ(done >= 0, 1);
		at = lineindex_indexed(idx);
		EXPECT_EQ(lineindex_lines_known(idx), ref_line_of(r, at) - 1);
		check_offset(idx, src, r, at);
		if (done)
			break;
		EXPECT_EQ(lineindex_line_of(idx, src, at + 1, &line),
		    LINEINDEX_PENDING);
		EXPECT_EQ(lineindex_offset_of(idx, src,
		    lineindex_lines_known(idx) + 2, &line), LINEINDEX_PENDING);
	} while (!done);
	ck_assert_int_eq(lineindex_build(idx, src, budget), 1);
}

static const uint64_t steps[] = { 1, 7, 64, 4096 };
static const uint64_t budgets[] = { 1, 5, WHOLE };

/* Index bytes with every step and budget and check everything. */
static void
check_file(const unsigned char *bytes, size_t len)
{
	struct memfile f = { (unsigned char *)bytes, len, 0, 0 };
	struct textsrc src = { mem_read, &f, len, NULL };
	struct ref r;
	size_t s, b;

	ref_make(&r, bytes, len);
	for (s = 0; s < sizeof steps / sizeof *steps; s++) {
		for (b = 0; b < sizeof budgets / sizeof *budgets; b++) {
			struct lineindex *idx = lineindex_new(steps[s]);

			ck_assert_ptr_nonnull(idx);
			build_checked(idx, &src, &r, budgets[b]);
			check_all(idx, &src, &r);
			lineindex_free(idx);
		}
	}
	free(r.nl);
}

START_TEST(test_small_files)
{
	static const char *const files[] = {
		"", "\n", "\n\n\n", "abc", "abc\n", "a\nb", "\nabc",
		"ab\n\ncd\n", "x", "no newline at all in this one",
	};
	size_t i;

	for (i = 0; i < sizeof files / sizeof *files; i++)
		check_file((const unsigned char *)files[i], strlen(files[i]));
}
END_TEST

START_TEST(test_random_lines)
{
	static const unsigned maxlen[] = { 0, 1, 3, 20, 200, 5000 };
	unsigned char buf[3000];
	size_t i;

	for (i = 0; i < sizeof maxlen / sizeof *maxlen; i++) {
		gen_lines(buf, sizeof buf, maxlen[i]);
		check_file(buf, sizeof buf);
		buf[sizeof buf - 1] = '\n';
		check_file(buf, sizeof buf);
	}
}
END_TEST

START_TEST(test_big_file_samples)
{
	size_t len = 8u << 20, i;
	unsigned char *buf = malloc(len);
	struct memfile f = { buf, len, 0, 0 };
	struct textsrc src = { mem_read, &f, len, NULL };
	static const uint64_t big_steps[] = { 4096, 100000, 0 };
	struct ref r;
	size_t s;

	ck_assert_ptr_nonnull(buf);
	gen_lines(buf, len, 120);
	ref_make(&r, buf, len);
	for (s = 0; s < sizeof big_steps / sizeof *big_steps; s++) {
		struct lineindex *idx = lineindex_new(big_steps[s]);
		uint64_t got;

		while (lineindex_build(idx, &src, 3u << 20) == 0)
			;
		ck_assert_uint_eq(lineindex_lines_known(idx), r.count);
		for (i = 0; i < 2000; i++) {
			uint64_t line = 1 + rng() % r.lines;

			check_offset(idx, &src, &r, rng() % (len + 1));
			EXPECT_EQ(lineindex_offset_of(idx, &src, line, &got),
			    0);
			EXPECT_EQ(got, line == 1 ? 0 : r.nl[line - 2] + 1);
		}
		check_offset(idx, &src, &r, len);
		check_past_end(idx, &src, &r);
		lineindex_free(idx);
	}
	free(r.nl);
	free(buf);
}
END_TEST

START_TEST(test_dense_newlines)
{
	size_t len = 300000, i;
	unsigned char *buf = malloc(len);
	struct memfile f = { buf, len, 0, 0 };
	struct textsrc src = { mem_read, &f, len, NULL };
	struct lineindex *idx = lineindex_new(0);
	struct ref r;

	/* Long runs of '\n' (every counter lane full), a few other bytes. */
	memset(buf, '\n', len);
	for (i = 0; i < 10; i++)
		buf[rng() % len] = 'x';
	ref_make(&r, buf, len);
	ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
	ck_assert_uint_eq(lineindex_lines_known(idx), r.count);
	for (i = 0; i < 1000; i++)
		check_offset(idx, &src, &r, rng() % (len + 1));
	check_past_end(idx, &src, &r);
	free(r.nl);
	free(buf);
	lineindex_free(idx);
}
END_TEST

/* Index the first old bytes of buf, grow to len, and check. */
static void
check_growth(unsigned char *buf, size_t old, size_t len, uint64_t step,
    int tell)
{
	struct memfile f = { buf, old, 0, 0 };
	struct textsrc src = { mem_read, &f, old, NULL };
	struct lineindex *idx = lineindex_new(step);
	struct ref r;

	ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
	f.len = len;
	src.size = len;
	if (tell)
		lineindex_set_size(idx, len);
	ck_assert_uint_eq(lineindex_indexed(idx), old);	/* nothing lost */
	ref_make(&r, buf, len);
	build_checked(idx, &src, &r, 5);
	check_all(idx, &src, &r);
	free(r.nl);
	lineindex_free(idx);
}

START_TEST(test_growth)
{
	unsigned char buf[400];
	size_t s, i;

	gen_lines(buf, sizeof buf, 12);
	memcpy(buf + 100, "abc\ndef", 7);	/* old end inside "abc" */
	memcpy(buf + 200, "xy\n\nz", 5);	/* old end after "\n" */
	for (s = 0; s < sizeof steps / sizeof *steps; s++) {
		check_growth(buf, 102, sizeof buf, steps[s], 1);
		check_growth(buf, 203, sizeof buf, steps[s], 0);
		check_growth(buf, 0, sizeof buf, steps[s], 1);
		check_growth(buf, 128, 129, steps[s], 0);
		for (i = 0; i < 20; i++)
			check_growth(buf, rng() % sizeof buf, sizeof buf,
			    steps[s], (int)(i & 1));
	}
}
END_TEST

START_TEST(test_shrink)
{
	unsigned char buf[500];
	size_t s, i;

	gen_lines(buf, sizeof buf, 10);
	for (s = 0; s < sizeof steps / sizeof *steps; s++) {
		for (i = 0; i < 20; i++) {
			size_t len = i == 0 ? 0 : i == 1 ? 448 : rng() % 500;
			struct memfile f = { buf, sizeof buf, 0, 0 };
			struct textsrc src = { mem_read, &f, sizeof buf, NULL };
			struct lineindex *idx = lineindex_new(steps[s]);
			struct ref r;

			ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
			f.len = len;
			src.size = len;
			if (i & 1) {
				lineindex_set_size(idx, len);
				ck_assert_uint_le(lineindex_indexed(idx), len);
			}
			ref_make(&r, buf, len);
			build_checked(idx, &src, &r, 7);
			check_all(idx, &src, &r);
			free(r.nl);
			lineindex_free(idx);
		}
	}
}
END_TEST

START_TEST(test_invalidate)
{
	unsigned char buf[600];
	size_t s, i;

	for (s = 0; s < sizeof steps / sizeof *steps; s++) {
		for (i = 0; i < 10; i++) {
			struct memfile f = { buf, sizeof buf, 0, 0 };
			struct textsrc src = { mem_read, &f, sizeof buf, NULL };
			struct lineindex *idx = lineindex_new(steps[s]);
			size_t mid = rng() % sizeof buf;
			struct ref r;

			gen_lines(buf, sizeof buf, 15);
			ck_assert_int_eq(lineindex_build(idx, &src, 100), 0);
			ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
			gen_lines(buf + mid, sizeof buf - mid, 4);
			lineindex_invalidate(idx, mid);
			ck_assert_uint_le(lineindex_indexed(idx), mid);
			ref_make(&r, buf, sizeof buf);
			build_checked(idx, &src, &r, 64);
			check_all(idx, &src, &r);
			/* And a reset starts over. */
			lineindex_reset(idx);
			ck_assert_uint_eq(lineindex_indexed(idx), 0);
			ck_assert_uint_eq(lineindex_lines_known(idx), 0);
			build_checked(idx, &src, &r, WHOLE);
			check_all(idx, &src, &r);
			free(r.nl);
			lineindex_free(idx);
		}
	}
}
END_TEST

START_TEST(test_read_errors)
{
	unsigned char buf[1000];
	struct memfile f = { buf, sizeof buf, 0, 0 };
	struct textsrc src = { mem_read, &f, sizeof buf, NULL };
	struct lineindex *idx = lineindex_new(64);
	uint64_t got, lines;
	struct ref r;

	gen_lines(buf, sizeof buf, 30);
	ref_make(&r, buf, sizeof buf);
	ck_assert_int_eq(lineindex_build(idx, &src, 300), 0);
	f.fail = 1;
	errno = 0;
	ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), -1);
	ck_assert_int_eq(errno, EBADF);
	ck_assert_uint_eq(lineindex_indexed(idx), 300);
	ck_assert_int_eq(lineindex_line_of(idx, &src, 250, &got), -1);
	ck_assert_int_eq(errno, EBADF);
	lines = ref_line_of(&r, 250);
	ck_assert_int_eq(lineindex_offset_of(idx, &src, lines, &got), -1);
	ck_assert_int_eq(errno, EBADF);
	/* The source recovers: building resumes where it stopped. */
	f.fail = 0;
	ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
	check_all(idx, &src, &r);
	f.fail = 1;
	ck_assert_int_eq(lineindex_offset_of(idx, &src, r.lines + 1, &got),
	    -1);
	ck_assert_int_eq(errno, EBADF);

	/* Short reads in queries: the file shrank under the index. */
	f.fail = 0;
	f.len = 100;
	ck_assert_int_eq(lineindex_line_of(idx, &src, 900, &got), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_int_eq(lineindex_offset_of(idx, &src, r.lines, &got), -1);
	ck_assert_int_eq(errno, EIO);
	/* Building takes the end of the bytes read as the end of the file. */
	lineindex_invalidate(idx, 50);
	ck_assert_int_eq(lineindex_build(idx, &src, WHOLE), 1);
	ck_assert_uint_eq(lineindex_indexed(idx), 100);
	ck_assert_uint_eq(lineindex_lines_known(idx), ref_line_of(&r, 100) - 1);
	free(r.nl);
	lineindex_free(idx);
}
END_TEST

/* A virtual file whose every hundredth byte is '\n'. */
#define VIRT_PERIOD 100

static unsigned char virt_pattern[LINEINDEX_STEP + 2 * VIRT_PERIOD];

static ssize_t
virt_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	unsigned long *reads = ctx;
	size_t done, piece;

	(*reads)++;
	for (done = 0; done < n; done += piece) {
		piece = n - done > LINEINDEX_STEP ? LINEINDEX_STEP : n - done;
		memcpy(buf + done, virt_pattern +
		    (offset + done) % VIRT_PERIOD, piece);
	}
	return (ssize_t)n;
}

START_TEST(test_virtual_64g)
{
	uint64_t size = (uint64_t)64 << 30, built = (uint64_t)1 << 31;
	unsigned long reads = 0;
	struct textsrc src = { virt_read, &reads, size, NULL };
	struct lineindex *idx = lineindex_new(0);
	uint64_t known, line, offset, far;
	size_t i;

	for (i = 0; i < sizeof virt_pattern; i++)
		virt_pattern[i] = i % VIRT_PERIOD == VIRT_PERIOD - 1 ?
		    '\n' : 'a' + i % 26;
	ck_assert_int_eq(lineindex_build(idx, &src, built / 2), 0);
	ck_assert_int_eq(lineindex_build(idx, &src, built / 2), 0);
	ck_assert_uint_eq(lineindex_indexed(idx), built);
	known = lineindex_lines_known(idx);
	ck_assert_uint_eq(known, built / VIRT_PERIOD);
	ck_assert_uint_le(reads, built / (256 << 10) + 2);

	/* A far line costs at most one step of reads. */
	reads = 0;
	ck_assert_int_eq(lineindex_offset_of(idx, &src, known, &offset), 0);
	ck_assert_uint_eq(offset, (known - 1) * VIRT_PERIOD);
	ck_assert_int_eq(lineindex_line_of(idx, &src, built - 12345, &line),
	    0);
	ck_assert_uint_eq(line, (built - 12345) / VIRT_PERIOD + 1);
	ck_assert_uint_le(reads, 2 * (LINEINDEX_STEP / (256 << 10) + 1));

	/* Beyond the indexed part: not yet. */
	far = (uint64_t)40 << 30;
	ck_assert_int_eq(lineindex_line_of(idx, &src, far, &line),
	    LINEINDEX_PENDING);
	ck_assert_int_eq(lineindex_offset_of(idx, &src, far / VIRT_PERIOD,
	    &offset), LINEINDEX_PENDING);
	ck_assert_int_eq(lineindex_line_of(idx, &src, size + 1, &line), -1);
	ck_assert_int_eq(errno, ERANGE);
	lineindex_free(idx);
}
END_TEST

/*
 * Holes: a virtual file of holes (zeros) around two runs of lines.  With
 * next_data the index must count the same lines as reading every byte,
 * reading no more of a hole than the chunk a run of lines ends in; the
 * lines after a hole of tens of GB are found at once.
 */
struct holey {
	uint64_t size;
	uint64_t data[2][2];	/* [from, to) of each run of lines */
	uint64_t hole_reads;	/* bytes read that lie in a hole */
};

/* The byte at offset of the holey file: a line "xxxx...\n" of 16 bytes
 * in the runs, zero elsewhere. */
static unsigned char
holey_byte(const struct holey *h, uint64_t offset)
{
	int i;

	for (i = 0; i < 2; i++)
		if (offset >= h->data[i][0] && offset < h->data[i][1])
			return (offset - h->data[i][0]) % 16 == 15 ? '\n' : 'x';
	return 0;
}

static ssize_t
holey_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct holey *h = ctx;
	size_t i;

	if (offset >= h->size)
		return 0;
	if (n > h->size - offset)
		n = (size_t)(h->size - offset);
	for (i = 0; i < n; i++) {
		buf[i] = holey_byte(h, offset + i);
		if (!(offset + i >= h->data[0][0] && offset + i < h->data[0][1]) &&
		    !(offset + i >= h->data[1][0] && offset + i < h->data[1][1]))
			h->hole_reads++;
	}
	return (ssize_t)n;
}

static uint64_t
holey_next_data(void *ctx, uint64_t offset)
{
	struct holey *h = ctx;
	int i;

	for (i = 0; i < 2; i++) {
		if (offset < h->data[i][0])
			return h->data[i][0];
		if (offset < h->data[i][1])
			return offset;
	}
	return h->size;
}

START_TEST(test_holes)
{
	struct holey small = { 3 << 20, { { 100000, 100000 + 16 * 1000 },
	    { (2 << 20) + 5, (2 << 20) + 5 + 16 * 7 } }, 0 };
	struct holey big = { (uint64_t)64 << 30, { { (uint64_t)32 << 30,
	    ((uint64_t)32 << 30) + 16 * 1000 }, { ((uint64_t)64 << 30) - 160,
	    ((uint64_t)64 << 30) - 16 } }, 0 };
	struct textsrc plain = { holey_read, &small, small.size, NULL };
	struct textsrc holes = { holey_read, &small, small.size,
	    holey_next_data };
	struct lineindex *a = lineindex_new(4096), *b = lineindex_new(4096);
	uint64_t line, offset, want;

	/* Small: the same counts with and without holes skipped, budgets
	 * that end inside holes and inside lines. */
	while (lineindex_build(a, &plain, 77777) == 0)
		;
	small.hole_reads = 0;
	while (lineindex_build(b, &holes, 77777) == 0)
		;
	/* A read that starts in a run of lines may run on into the hole
	 * after it: at most one chunk (256 KiB) a run. */
	ck_assert_uint_le(small.hole_reads, 2 * (256 << 10));
	ck_assert_uint_eq(lineindex_lines_known(b), 1000 + 7);
	ck_assert_uint_eq(lineindex_lines_known(a), lineindex_lines_known(b));
	for (line = 1; line <= 1007; line += 37) {
		ck_assert_int_eq(lineindex_offset_of(a, &plain, line, &want), 0);
		ck_assert_int_eq(lineindex_offset_of(b, &holes, line, &offset),
		    0);
		ck_assert_uint_eq(offset, want);
	}
	lineindex_free(a);
	lineindex_free(b);

	/* 64 GiB, all holes but 1008 lines: indexed whole in one call. */
	holes.ctx = &big;
	holes.size = big.size;
	b = lineindex_new(0);
	ck_assert_int_eq(lineindex_build(b, &holes, big.size), 1);
	ck_assert_uint_le(big.hole_reads, 2 * (256 << 10));
	/* The zeros before the first run are line 1 (1000 + 9 newlines). */
	ck_assert_uint_eq(lineindex_lines_known(b), 1000 + 9);
	ck_assert_int_eq(lineindex_offset_of(b, &holes, 2, &offset), 0);
	ck_assert_uint_eq(offset, ((uint64_t)32 << 30) + 16);
	ck_assert_int_eq(lineindex_line_of(b, &holes, big.size - 20, &line),
	    0);
	ck_assert_uint_eq(line, 1000 + 9);
	lineindex_free(b);
}
END_TEST

Suite *
lineindex_suite(void)
{
	Suite *s = suite_create("lineindex");
	TCase *tc = tcase_create("lineindex");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_small_files);
	tcase_add_test(tc, test_random_lines);
	tcase_add_test(tc, test_big_file_samples);
	tcase_add_test(tc, test_dense_newlines);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_shrink);
	tcase_add_test(tc, test_invalidate);
	tcase_add_test(tc, test_read_errors);
	tcase_add_test(tc, test_virtual_64g);
	tcase_add_test(tc, test_holes);
	suite_add_tcase(s, tc);
	return s;
}
