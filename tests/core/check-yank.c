/*
 * check-yank.c - tests for the register formats (yank.h).
 *
 * The outside oracles (xxd, base64, Python) are in tests/test-yank.sh;
 * here: exact texts of small cases, the sinks (file, buffer, limit),
 * stepping and progress, a failing read, OSC 52 at and past its limit,
 * and the hex paste parser's forms and refusals with their positions.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "allocfail.h"
#include "suites.h"
#include "yank.h"

/* Return fmt of the n bytes at bytes as a string (caller frees). */
static char *
format(enum yank_format fmt, const char *name, const void *bytes, size_t n)
{
	struct yank_options opt = { name, 0 };
	struct yank_sink sink;
	char *cause = NULL;

	yank_sink_buffer(&sink, 0);
	ck_assert_int_eq(yank_bytes(fmt, &opt, bytes, n, &sink, &cause), 0);
	ck_assert_ptr_null(cause);
	return yank_sink_take(&sink, NULL);
}

/* Assert that fmt of bytes is want. */
#define ck_format(fmt, name, bytes, n, want) do {			\
	char *text_ = format((fmt), (name), (bytes), (n));		\
	ck_assert_str_eq(text_, (want));				\
	free(text_);							\
} while (0)

START_TEST(test_formats)
{
	const unsigned char b[] = { 0xde, 0xad, 0xbe, 0xef };

	ck_format(YANK_HEX, NULL, b, 4, "deadbeef");
	ck_format(YANK_HEX_SPACED, NULL, b, 4, "de ad be ef");
	ck_format(YANK_HEX_SPACED, NULL, b, 1, "de");
	ck_format(YANK_HEX, NULL, b, 0, "");
	ck_format(YANK_C, NULL, b, 4, "  0xde, 0xad, 0xbe, 0xef\n");
	ck_format(YANK_C, NULL, b, 0, "");
	ck_format(YANK_C, "a.bin", b, 2, "unsigned char a_bin[] = {\n"
	    "  0xde, 0xad\n};\nunsigned int a_bin_len = 2;\n");
	ck_format(YANK_C, "1-x", b, 0, "unsigned char __1_x[] = {\n};\n"
	    "unsigned int __1_x_len = 0;\n");
	ck_format(YANK_C, NULL, "abcdefghijklm", 13, "  0x61, 0x62, 0x63, "
	    "0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,\n"
	    "  0x6d\n");
	ck_format(YANK_BASE64, NULL, "", 0, "");
	ck_format(YANK_BASE64, NULL, "a", 1, "YQ==");
	ck_format(YANK_BASE64, NULL, "ab", 2, "YWI=");
	ck_format(YANK_BASE64, NULL, "abc", 3, "YWJj");
	ck_format(YANK_BASE64, NULL, b, 4, "3q2+7w==");
	ck_format(YANK_BASE64_LINES, NULL, "", 0, "");
	ck_format(YANK_BASE64_LINES, NULL, "abc", 3, "YWJj\n");
	ck_format(YANK_PYTHON, NULL, "", 0, "b''");
	ck_format(YANK_PYTHON, NULL, "it's", 4, "b\"it's\"");
	ck_format(YANK_PYTHON, NULL, "'\"", 2, "b'\\'\"'");
	ck_format(YANK_PYTHON, NULL, "\\\t\n\r\x01\x7f\xff", 7,
	    "b'\\\\\\t\\n\\r\\x01\\x7f\\xff'");
	ck_format(YANK_XXD, NULL, "ab", 2, "00000000: 6162                 "
	    "                    ab\n");
	ck_format(YANK_XXD, NULL, "", 0, "");
}
END_TEST

/* 57 bytes make one full 76-column line; 58 start a second. */
START_TEST(test_base64_lines)
{
	unsigned char zeros[60] = { 0 };
	char *text;

	text = format(YANK_BASE64_LINES, NULL, zeros, 57);
	ck_assert_uint_eq(strlen(text), 77);
	ck_assert_int_eq(text[76], '\n');
	free(text);
	text = format(YANK_BASE64_LINES, NULL, zeros, 58);
	ck_assert_str_eq(text + 77, "AA==\n");
	free(text);
}
END_TEST

START_TEST(test_xxd_offset)
{
	struct yank_options opt = { NULL, 0x100000000ull };
	struct yank_sink sink;

	yank_sink_buffer(&sink, 0);
	ck_assert_int_eq(yank_bytes(YANK_XXD, &opt, "a", 1, &sink, NULL), 0);
	ck_assert_str_eq(sink.text, "100000000: 61" "                    "
	    "                   a\n");
	yank_sink_free(&sink);
}
END_TEST

/* A source of len bytes, byte i being i & 0xff; fails past fail_at. */
struct source {
	uint64_t fail_at;
	unsigned long reads;
};

static int
source_read(void *arg, uint64_t offset, unsigned char *buf, size_t len,
    char **cause)
{
	struct source *s = arg;
	size_t i;

	s->reads++;
	if (offset + len > s->fail_at) {
		errno = EIO;
		if (cause != NULL)
			*cause = strdup("the file shrank");
		return -1;
	}
	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(offset + i);
	return 0;
}

/* Stepping: bounded work a step, progress, the same text as one go. */
START_TEST(test_steps)
{
	struct source src = { UINT64_MAX, 0 };
	struct yank_sink sink, whole;
	struct yank_job *job;
	uint64_t len = 3 * YANK_CHUNK + 5, last = 0;
	int rc, steps = 0;

	yank_sink_buffer(&sink, 0);
	job = yank_start(YANK_PYTHON, NULL, source_read, &src, 7, len, &sink);
	ck_assert_ptr_nonnull(job);
	ck_assert_uint_eq(src.reads, 0);
	while ((rc = yank_step(job, 1, NULL)) == 1) {
		ck_assert_uint_gt(yank_progress(job), last);
		last = yank_progress(job);
		steps++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(yank_progress(job), 2 * len);
	ck_assert_int_ge(steps, 8);
	ck_assert_int_eq(yank_step(job, 1, NULL), 0);
	yank_free(job);

	yank_sink_buffer(&whole, 0);
	job = yank_start(YANK_PYTHON, NULL, source_read, &src, 7, len, &whole);
	ck_assert_int_eq(yank_step(job, 0, NULL), 0);
	yank_free(job);
	ck_assert_uint_eq(sink.len, whole.len);
	ck_assert_mem_eq(sink.text, whole.text, sink.len);
	/* Bytes 7.. hold a ' (0x27) and a " (0x22): single quotes. */
	ck_assert_int_eq(sink.text[1], '\'');
	yank_sink_free(&sink);
	yank_sink_free(&whole);
}
END_TEST

START_TEST(test_read_fails)
{
	struct source src = { YANK_CHUNK + 10, 0 };
	struct yank_sink sink;
	struct yank_job *job;
	char *cause = NULL;

	yank_sink_buffer(&sink, 0);
	job = yank_start(YANK_HEX, NULL, source_read, &src, 0,
	    2 * YANK_CHUNK, &sink);
	ck_assert_int_eq(yank_step(job, 0, &cause), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_str_eq(cause, "the file shrank");
	free(cause);
	ck_assert_uint_eq(sink.len, 2 * YANK_CHUNK);
	ck_assert_int_eq(yank_step(job, 0, NULL), -1);
	yank_free(job);
	yank_sink_free(&sink);

	ck_assert_ptr_null(yank_start(YANK_HEX, NULL, NULL, NULL, 0, 1,
	    &sink));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(yank_start((enum yank_format)99, NULL, source_read,
	    &src, 0, 1, &sink));
}
END_TEST

/* A buffer sink refuses past its limit, never cuts quietly. */
START_TEST(test_limit)
{
	struct yank_sink sink;
	char *cause = NULL;

	yank_sink_buffer(&sink, 8);
	ck_assert_int_eq(yank_bytes(YANK_HEX, NULL, "abcd", 4, &sink, &cause),
	    0);
	ck_assert_str_eq(sink.text, "61626364");
	yank_sink_free(&sink);
	yank_sink_buffer(&sink, 8);
	ck_assert_int_eq(yank_bytes(YANK_HEX, NULL, "abcde", 5, &sink,
	    &cause), -1);
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(cause, "the copy would be larger than the limit of "
	    "8 bytes");
	ck_assert_uint_le(sink.len, 8);
	free(cause);
	yank_sink_free(&sink);
}
END_TEST

START_TEST(test_file_sink)
{
	struct yank_sink sink;
	char *text = NULL, *cause = NULL;
	size_t size = 0;
	FILE *f;

	f = open_memstream(&text, &size);
	yank_sink_file(&sink, f);
	ck_assert_int_eq(yank_bytes(YANK_BASE64, NULL, "abc", 3, &sink, NULL),
	    0);
	ck_assert_uint_eq(sink.len, 4);
	fclose(f);
	ck_assert_str_eq(text, "YWJj");
	free(text);

	f = fopen("/dev/full", "w");
	if (f != NULL) {
		setvbuf(f, NULL, _IONBF, 0);
		yank_sink_file(&sink, f);
		ck_assert_int_eq(yank_bytes(YANK_HEX, NULL, "a", 1, &sink,
		    &cause), -1);
		ck_assert_int_eq(errno, ENOSPC);
		ck_assert_str_eq(cause, "cannot write the copy: No space left "
		    "on device");
		free(cause);
		fclose(f);
	}
}
END_TEST

START_TEST(test_osc52)
{
	static unsigned char big[75001];
	char *seq, *cause = NULL;
	size_t len;

	seq = yank_osc52((const unsigned char *)"hi", 2, &len, &cause);
	ck_assert_str_eq(seq, "\033]52;c;aGk=\a");
	ck_assert_uint_eq(len, 12);
	free(seq);
	ck_assert(yank_osc52_fits(75000));
	ck_assert(!yank_osc52_fits(75001));
	seq = yank_osc52(big, 75000, &len, NULL);
	ck_assert_uint_eq(len, 100008);
	free(seq);
	ck_assert_ptr_null(yank_osc52(big, 75001, &len, &cause));
	ck_assert_int_eq(errno, EFBIG);
	ck_assert_str_eq(cause, "75001 bytes are too many for the clipboard: "
	    "OSC 52 takes at most 75000 bytes (100000 of base64); copy them "
	    "to a file");
	free(cause);
}
END_TEST

/* Parse text; assert it gives the n bytes at want. */
static void
parses_to(const char *text, const void *want, size_t n)
{
	unsigned char *bytes;
	size_t got;
	char *cause = NULL;

	if (yank_parse_hex(text, strlen(text), &bytes, &got, &cause) != 0)
		ck_abort_msg("'%s' did not parse: %s", text, cause);
	ck_assert_uint_eq(got, n);
	ck_assert_mem_eq(bytes, want, n);
	free(bytes);
}

/* Parse text; assert it is refused with message why. */
static void
refused(const char *text, const char *why)
{
	unsigned char *bytes;
	size_t got;
	char *cause = NULL;

	ck_assert_int_eq(yank_parse_hex(text, strlen(text), &bytes, &got,
	    &cause), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(bytes);
	ck_assert_str_eq(cause, why);
	free(cause);
}

START_TEST(test_parse)
{
	parses_to("de ad be ef", "\xde\xad\xbe\xef", 4);
	parses_to("deadbeef", "\xde\xad\xbe\xef", 4);
	parses_to("DEAD\tbe\nEF\r\n", "\xde\xad\xbe\xef", 4);
	parses_to("0xde, 0xad,0x1", "\xde\xad\x01", 3);
	parses_to("\\xde\\xad", "\xde\xad", 2);
	parses_to("00000000: 6162 630a  abc.\n00000004: 64  d\n", "abc\nd", 5);
	parses_to("  00000000: 61 62  ab", "ab", 2);
	parses_to("unsigned char x_bin[] = {\n  0x61, 0x62,\n  10, 0\n};\n"
	    "unsigned int x_bin_len = 4;\n", "ab\n", 4);
	parses_to("{1,2,255}", "\x01\x02\xff", 3);
	parses_to("de 0xad \\xbe", "\xde\xad\xbe", 3);
}
END_TEST

START_TEST(test_parse_refused)
{
	refused("", "no bytes in the text");
	refused(" ,\n", "no bytes in the text");
	refused("de zz", "bad hex at column 4: 'zz' is not hex");
	refused("abc", "bad hex at column 1: 'abc' has an odd number of hex "
	    "digits");
	refused("de\nad\nbeX", "bad hex at line 3, column 1: 'beX' is not "
	    "hex");
	refused("0xdead", "bad hex at column 1: '0xdead' is more than one "
	    "byte");
	refused("0x", "bad hex at column 1: '0x' has no digits after 0x");
	refused("\\xde\\x4", "bad hex at column 1: '\\xde\\x4' is not \\x "
	    "escapes of two hex digits");
	refused("{ 1, 256 }", "bad hex at column 6: '256' is not a byte "
	    "(0x00-0xff or 0-255)");
	refused("{ 1, 2", "bad hex at column 7: no '}' closes the '{'");
	refused("x(){1}", "bad hex at column 1: 'x(){1}' is not hex");
	refused("{1}\nx:", "bad hex at line 2, column 2: ':' is not part of "
	    "a C declaration");
	refused("{1}; {2}", "bad hex at column 6: '{' is not part of a C "
	    "declaration");
	refused("00000000: 6x62  ab", "bad hex at column 11: '6x62' is not "
	    "hex");
	refused("de\033[2J", "bad hex at column 1: 'de\\e[2J' is not hex");
}
END_TEST

START_TEST(test_no_memory)
{
	unsigned char *bytes;
	struct yank_sink sink;
	char *cause = NULL;
	size_t n;
	int rc;

	allocfail_arm(0, ALLOCFAIL_ALL);
	rc = yank_parse_hex("dead", 4, &bytes, &n, &cause);
	allocfail_disarm();
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, ENOMEM);
	free(cause);

	yank_sink_buffer(&sink, 0);
	allocfail_arm(0, ALLOCFAIL_ALL);
	rc = yank_bytes(YANK_HEX, NULL, "ab", 2, &sink, &cause);
	allocfail_disarm();
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, ENOMEM);
	free(cause);
	yank_sink_free(&sink);
}
END_TEST

Suite *
yank_suite(void)
{
	Suite *s = suite_create("yank");
	TCase *tc = tcase_create("yank");

	tcase_add_test(tc, test_formats);
	tcase_add_test(tc, test_base64_lines);
	tcase_add_test(tc, test_xxd_offset);
	tcase_add_test(tc, test_steps);
	tcase_add_test(tc, test_read_fails);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_file_sink);
	tcase_add_test(tc, test_osc52);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_parse_refused);
	tcase_add_test(tc, test_no_memory);
	suite_add_tcase(s, tc);
	return s;
}
