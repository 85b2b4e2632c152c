/*
 * check-layout.c - tests for struct layouts (layout.h) and for sampling
 * a record that changes under the reader (sample.h).
 *
 * Sizes and offsets are the ones Python's struct.calcsize() gives on
 * x86-64 Linux; tests/test-struct.sh checks random formats against
 * Python itself.  The sampler reads through a fake byte source whose
 * bytes change on every read, so torn reads happen on demand.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "sample.h"
#include "suites.h"

START_TEST(test_sizes)
{
	static const struct {
		const char *spec;
		size_t size, nfields;
	} cases[] = {
		{ "<Qd counter ts", 16, 2 }, { "Qb", 9, 2 }, { "bQ", 16, 2 },
		{ "@b0H", 2, 1 }, { "@bx0e", 2, 1 }, { "llh0l", 24, 3 },
		{ "<bQ", 9, 2 }, { "=bl", 5, 2 }, { "@bl", 16, 2 },
		{ "3H", 6, 3 }, { "4s", 4, 1 }, { "0s", 0, 1 }, { "5x", 5, 0 },
		{ "", 0, 0 }, { "<", 0, 0 }, { "@bP", 16, 2 }, { "!hi", 6, 2 },
		{ "10p", 10, 1 }, { "  <H   a  ", 2, 1 },
	};
	struct layout *l;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		l = layout_parse(cases[i].spec, &cause);
		ck_assert_msg(l != NULL, "%s: %s", cases[i].spec, cause);
		ck_assert_msg(l->size == cases[i].size, "%s: size %zu",
		    cases[i].spec, l->size);
		ck_assert_uint_eq(l->nfields, cases[i].nfields);
		layout_free(l);
	}
}
END_TEST

START_TEST(test_fields)
{
	struct layout *l;

	l = layout_parse("@bxH4s? flag port tag ok", NULL);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->nfields, 4);
	ck_assert_str_eq(l->fields[1].name, "port");
	ck_assert_uint_eq(l->fields[1].offset, 2);
	ck_assert_uint_eq(l->fields[2].offset, 4);
	ck_assert_uint_eq(l->fields[2].size, 4);
	ck_assert_uint_eq(l->fields[3].offset, 8);
	ck_assert_int_eq(layout_find(l, "tag"), 2);
	ck_assert_int_eq(layout_find(l, "nope"), -1);
	layout_free(l);
	l = layout_parse("2H", NULL);
	ck_assert_str_eq(l->fields[0].name, "f0");
	ck_assert_str_eq(l->fields[1].name, "f1");
	layout_free(l);
}
END_TEST

START_TEST(test_refuse)
{
	static const struct {
		const char *spec, *message;
	} cases[] = {
		{ "<Qz a", "bad char in struct format: 'z'" },
		{ "<n", "bad char in struct format: 'n'" },
		{ "i<", "bad char in struct format: '<'" },
		{ "4", "repeat count given without format specifier" },
		{ "<Qd a", "2 values but 1 name" },
		{ "<Q a b", "1 value but 2 names" },
		{ "<QQ a a", "field name given twice: 'a'" },
		{ "<Q 9a", "bad field name: '9a'" },
		{ "<Q a\x1b", "bad field name: 'a\\e'" },
		{ "99999999H", "struct too large (at most 1048576 bytes)" },
		{ "1048577x", "struct too large (at most 1048576 bytes)" },
		{ "4097B", "too many fields (at most 4096)" },
	};
	char *cause;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		errno = 0;
		ck_assert_ptr_null(layout_parse(cases[i].spec, &cause));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_ptr_nonnull(cause);
		ck_assert_str_eq(cause, cases[i].message);
		free(cause);
	}
}
END_TEST

/* Field i of the record as text. */
static const char *
text_of(const struct layout *l, size_t i, const unsigned char *record)
{
	static char text[256];

	layout_format(l, i, record, text, sizeof text);
	return text;
}

START_TEST(test_format)
{
	static const unsigned char record[] = {
		0xfe, 0xff, 0x00, 0x3c, 0x00, 0x3c, 0x01, 0x02, 'a', '\'',
		'\\', '\n', 0x80, 0x05, 'x', 'y', 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0xf0, 0x3f,
	};
	struct layout *l;
	double v;
	char small[4];

	l = layout_parse("<hHe?c5s3pd a b c d e f g h", NULL);
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->size, 24);
	ck_assert_str_eq(text_of(l, 0, record), "-2");
	ck_assert_str_eq(text_of(l, 1, record), "15360");
	ck_assert_str_eq(text_of(l, 2, record), "1.0");
	ck_assert_str_eq(text_of(l, 3, record), "True");
	ck_assert_str_eq(text_of(l, 4, record), "b'\\x02'");
	ck_assert_str_eq(text_of(l, 5, record), "b\"a'\\\\\\n\\x80\"");
	ck_assert_str_eq(text_of(l, 6, record), "b'xy'");	/* 5 > 2 */
	ck_assert_str_eq(text_of(l, 7, record), "1.0");
	ck_assert_int_eq(layout_number(l, 0, record, &v), 0);
	ck_assert(v == -2);
	ck_assert_int_eq(layout_number(l, 3, record, &v), 0);
	ck_assert(v == 1);
	ck_assert_int_eq(layout_number(l, 5, record, &v), -1);
	ck_assert_uint_eq(layout_format(l, 5, record, small, sizeof small),
	    3);
	ck_assert_str_eq(small, "b\"a");
	ck_assert_uint_ge(layout_text_max(l), 4 * 5 + 4);
	layout_free(l);
}
END_TEST

/* A byte source whose record changes on some reads. */
struct flaky {
	unsigned reads;
	unsigned stable_after;	/* reads from this one on agree */
	uint64_t size;
};

static ssize_t
flaky_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct flaky *f = ctx;
	size_t i;

	if (offset >= f->size)
		return 0;
	if (n > f->size - offset)
		n = (size_t)(f->size - offset);
	f->reads++;
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(f->reads < f->stable_after ?
		    f->reads + i : 0x55);
	return (ssize_t)n;
}

START_TEST(test_sample)
{
	struct flaky f = { 0, 1, 64 };
	struct textsrc src = { flaky_read, &f, 64, NULL };
	struct sample_count count = { 0, 0, 0 };
	unsigned char record[8], scratch[8];

	/* Stable from the start: clean in two reads. */
	ck_assert_int_eq(sample_read(&src, 0, 8, record, scratch, 3, &count),
	    SAMPLE_CLEAN);
	ck_assert_uint_eq(f.reads, 2);
	ck_assert_uint_eq(record[7], 0x55);
	/* Changing on every read: torn after tries pairs, never clean. */
	f.reads = 0;
	f.stable_after = 1000;
	ck_assert_int_eq(sample_read(&src, 0, 8, record, scratch, 1, &count),
	    SAMPLE_TORN);
	ck_assert_uint_eq(f.reads, 2);
	f.reads = 0;
	ck_assert_int_eq(sample_read(&src, 0, 8, record, scratch, 3, &count),
	    SAMPLE_TORN);
	ck_assert_uint_eq(f.reads, 4);
	/* Settles on the third read: clean on the retry. */
	f.reads = 0;
	f.stable_after = 3;
	ck_assert_int_eq(sample_read(&src, 0, 8, record, scratch, 3, &count),
	    SAMPLE_CLEAN);
	ck_assert_uint_eq(record[0], 0x55);
	/* Past the end. */
	ck_assert_int_eq(sample_read(&src, 60, 8, record, scratch, 3, &count),
	    SAMPLE_SHORT);
	ck_assert_uint_eq(count.clean, 2);
	ck_assert_uint_eq(count.torn, 2);
	ck_assert_uint_eq(count.short_reads, 1);
}
END_TEST

Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_refuse);
	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_sample);
	suite_add_tcase(s, tc);
	return s;
}
