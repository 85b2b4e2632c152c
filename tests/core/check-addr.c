/*
 * check-addr.c - tests for goto expressions and plain numbers (addr.h).
 *
 * Two tables drive most of it: expressions that must land on a given
 * offset, and expressions that must be refused with a given message and
 * errno while the result is left alone.  Around them: every example of
 * addr.h, the sizes where off-by-one errors live (empty, one byte, past
 * 4 GiB, 2^64 - 1), overflow of numbers, units, percentages and sums,
 * and a brute-force walk over small files checked against plain
 * arithmetic.
 */
#include <check.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "suites.h"

#define KIB 1024ull
#define MIB (1024ull * KIB)
#define GIB (1024ull * MIB)
#define TIB (1024ull * GIB)

/* What a failed call must leave in *result. */
#define UNTOUCHED UINT64_C(0x5eed5eed5eed5eed)

/* An expression that must land on an offset. */
struct good {
	const char *expr;
	uint64_t cursor;
	uint64_t size;
	uint64_t want;
};

/* An expression that must be refused. */
struct bad {
	const char *expr;
	uint64_t cursor;
	uint64_t size;
	const char *message;	/* the whole cause */
	int errnum;
};

static const struct good goods[] = {
	/* The examples of addr.h in a 64 KiB file, as the goto test uses. */
	{ "0x1F00", 0, 65536, 0x1f00 },
	{ "8000", 0x1f00, 65536, 8000 },
	{ "+0x10", 8000, 65536, 8016 },
	{ "-512", 8016, 65536, 7504 },
	{ "50%", 7504, 65536, 32768 },
	{ "end", 0, 65536, 65535 },
	{ "end-16", 0, 65536, 65520 },
	{ "4k", 0, 65536, 4096 },
	{ "2M", 0, 3 * MIB, 2 * MIB },
	{ "1G", 0, 2 * GIB, GIB },

	/* Numbers. */
	{ "0", 5, 100, 0 },
	{ "99", 0, 100, 99 },
	{ "0010", 0, 100, 10 },
	{ "0x0", 0, 100, 0 },
	{ "0x63", 0, 100, 99 },
	{ "0x00000000000000000000063", 0, 100, 99 },
	{ "10h", 0, 100, 16 },
	{ "1fh", 0, 100, 31 },
	{ "ffh", 0, 256, 255 },
	{ "0ffh", 0, 256, 255 },
	{ "ah", 0, 100, 10 },

	/* Units, binary, after any kind of number. */
	{ "1k", 0, 65536, 1024 },
	{ "0k", 0, 65536, 0 },
	{ "0x10k", 0, MIB, 16 * KIB },
	{ "10hk", 0, MIB, 16 * KIB },
	{ "1023m", 0, GIB, 1023 * MIB },
	{ "3t", 0, 4 * TIB, 3 * TIB },
	{ "16777215t", 0, UINT64_MAX, UINT64_C(0xffffff0000000000) },

	/* Case does not matter. */
	{ "END", 0, 100, 99 },
	{ "End-1", 0, 100, 99 },
	{ "0X1f", 0, 100, 31 },
	{ "0x1F", 0, 100, 31 },
	{ "1FH", 0, 100, 31 },
	{ "1Fh", 0, 100, 31 },
	{ "4K", 0, 65536, 4096 },
	{ "2m", 0, 3 * MIB, 2 * MIB },
	{ "1g", 0, 2 * GIB, GIB },
	{ "1T", 0, 2 * TIB, TIB },

	/* Blanks between tokens. */
	{ "  0x10  ", 0, 100, 16 },
	{ "end - 16", 0, 100, 84 },
	{ "\t+ 16", 10, 100, 26 },
	{ "- 16", 20, 100, 4 },
	{ "50 %", 0, 100, 50 },
	{ " . + 1 ", 7, 100, 8 },
	{ "\n$\r-\v2\f", 0, 100, 98 },

	/* '$' and '.'; 'end' and '$' are the size, so end-1 is the last
	 * byte too. */
	{ "$", 0, 100, 99 },
	{ "$-1", 0, 100, 99 },
	{ "$-2", 0, 100, 98 },
	{ ".", 42, 100, 42 },
	{ ".+16", 42, 100, 58 },
	{ ".-16", 42, 100, 26 },
	{ "-.", 42, 100, 0 },
	{ ".+.", 42, 100, 84 },

	/* Relative moves. */
	{ "+0", 42, 100, 42 },
	{ "-0", 42, 100, 42 },
	{ "+57", 42, 100, 99 },
	{ "-42", 42, 100, 0 },
	{ "+1-1", 99, 100, 99 },
	{ "-1+2", 0, 100, 1 },
	{ "+1k-1000", 0, 100, 24 },

	/* Terms in any order; intermediate values may go negative. */
	{ "16-32+end", 0, 100, 84 },
	{ "0-1+1", 0, 100, 0 },
	{ "end-end", 50, 100, 0 },
	{ "1+2+3-4", 0, 100, 2 },

	/* Percentages, rounded down; 100% and 'end' land on the last byte. */
	{ "0%", 0, 100, 0 },
	{ "1%", 0, 99, 0 },
	{ "33%", 0, 100, 33 },
	{ "99%", 0, 100, 99 },
	{ "100%", 0, 100, 99 },
	{ "50%", 0, 101, 50 },
	{ "50%", 0, 1, 0 },
	{ "50%+50%", 0, 100, 99 },
	{ "200%-100%-1", 0, 100, 99 },
	{ "10%-1", 0, 100, 9 },
	{ "0x10%", 0, 100, 16 },
	{ "end+0", 0, 100, 99 },
	{ "$+0", 0, 100, 99 },
	{ "end+1-1", 0, 100, 99 },

	/* A one-byte file: everything lands on 0. */
	{ "0", 0, 1, 0 },
	{ "end", 0, 1, 0 },
	{ "$", 0, 1, 0 },
	{ ".", 0, 1, 0 },
	{ "+0", 0, 1, 0 },
	{ "100%", 0, 1, 0 },
	{ "99%", 0, 1, 0 },
	{ "end-1", 0, 1, 0 },

	/* An empty file: only 0 is accepted, and 'end' is 0. */
	{ "0", 0, 0, 0 },
	{ "0x0", 0, 0, 0 },
	{ "0k", 0, 0, 0 },
	{ "end", 0, 0, 0 },
	{ "$", 0, 0, 0 },
	{ ".", 0, 0, 0 },
	{ "+0", 0, 0, 0 },
	{ "-0", 0, 0, 0 },
	{ "0%", 0, 0, 0 },
	{ "50%", 0, 0, 0 },
	{ "100%", 0, 0, 0 },
	{ "1%", 0, 0, 0 },
	{ "end-0", 0, 0, 0 },
	{ "1-1", 0, 0, 0 },

	/* Past 4 GiB: a sparse 64 GiB file, and 2^32 either side. */
	{ "end", 0, 64 * GIB, 64 * GIB - 1 },
	{ "end-0x10", 0, 64 * GIB, 64 * GIB - 16 },
	{ "0x100000000", 0, 64 * GIB, UINT64_C(0x100000000) },
	{ "4G", 0, 64 * GIB, 4 * GIB },
	{ "4294967295", 0, 64 * GIB, UINT64_C(0xffffffff) },
	{ "4294967297", 0, 64 * GIB, UINT64_C(0x100000001) },
	{ "50%", 0, 64 * GIB, 32 * GIB },
	{ "33%", 0, 64 * GIB, UINT64_C(22677427322) },
	{ "+1", UINT64_C(0xffffffff), 64 * GIB, UINT64_C(0x100000000) },
	{ "-1", UINT64_C(0x100000000), 64 * GIB, UINT64_C(0xffffffff) },
	{ "63G+1023M", 0, 64 * GIB, 63 * GIB + 1023 * MIB },
	{ "0xfffffffe0", 0, 64 * GIB, UINT64_C(0xfffffffe0) },
	{ "end", 0, 4 * GIB, 4 * GIB - 1 },
	{ "end", 0, 4 * GIB + 1, 4 * GIB },

	/* The largest size there can be. */
	{ "end", 0, UINT64_MAX, UINT64_MAX - 1 },
	{ "100%", 0, UINT64_MAX, UINT64_MAX - 1 },
	{ "50%", 0, UINT64_MAX, UINT64_C(0x7fffffffffffffff) },
	{ "99%", 0, UINT64_MAX, UINT64_C(18262276632972456098) },
	{ "0xfffffffffffffffe", 0, UINT64_MAX, UINT64_MAX - 1 },
	{ "18446744073709551614", 0, UINT64_MAX, UINT64_MAX - 1 },
	{ "0xffffffffffffffff-1", 0, UINT64_MAX, UINT64_MAX - 1 },
	{ "+1", UINT64_MAX - 2, UINT64_MAX, UINT64_MAX - 1 },
	{ "-0xffffffffffffffff", UINT64_MAX, UINT64_MAX, 0 },
	{ "end-1-1", 0, UINT64_MAX, UINT64_MAX - 2 },
	{ "end-end", 0, UINT64_MAX, 0 },
	{ "150%-50%", 0, UINT64_C(1) << 62, (UINT64_C(1) << 62) - 1 },
};

static const struct bad bads[] = {
	/* Nothing to evaluate. */
	{ "", 0, 100, "empty expression", EINVAL },
	{ "   ", 0, 100, "empty expression", EINVAL },
	{ "\t\n", 0, 100, "empty expression", EINVAL },

	/* Words that are not numbers. */
	{ "zz", 0, 100, "bad number 'zz'", EINVAL },
	{ "ZZ", 0, 100, "bad number 'ZZ'", EINVAL },
	{ "0x", 0, 100, "bad number '0x'", EINVAL },
	{ "0X", 0, 100, "bad number '0X'", EINVAL },
	{ "0xg", 0, 100, "bad number '0xg'", EINVAL },
	{ "0x10h", 0, 100, "bad number '0x10h'", EINVAL },
	{ "12ab", 0, 100, "bad number '12ab'", EINVAL },
	{ "ff", 0, 100, "bad number 'ff'", EINVAL },
	{ "1e3", 0, 100, "bad number '1e3'", EINVAL },
	{ "h", 0, 100, "bad number 'h'", EINVAL },
	{ "k", 0, 100, "bad number 'k'", EINVAL },
	{ "4kb", 0, 65536, "bad number '4kb'", EINVAL },
	{ "4kk", 0, 65536, "bad number '4kk'", EINVAL },
	{ "4x", 0, 100, "bad number '4x'", EINVAL },
	{ "1_000", 0, 100, "bad number '1_000'", EINVAL },
	{ "ends", 0, 100, "bad number 'ends'", EINVAL },
	{ "en", 0, 100, "bad number 'en'", EINVAL },
	{ "end-zz", 0, 100, "bad number 'zz'", EINVAL },
	{ "abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", 0, 100,
	    "bad number 'abcdefghijklmnopqrstuvwxyzabcdef...'", EINVAL },

	/* Operators without an operand, stray characters. */
	{ "+", 5, 100, "expected an offset after '+'", EINVAL },
	{ "-", 5, 100, "expected an offset after '-'", EINVAL },
	{ "5+", 0, 100, "expected an offset after '+'", EINVAL },
	{ "5 - ", 0, 100, "expected an offset after '-'", EINVAL },
	{ "--5", 10, 100, "unexpected '-'", EINVAL },
	{ "5++5", 0, 100, "unexpected '+'", EINVAL },
	{ "5 5", 0, 100, "unexpected '5'", EINVAL },
	{ "end end", 0, 100, "unexpected 'end'", EINVAL },
	{ "5*2", 0, 100, "unexpected '*'", EINVAL },
	{ "(5)", 0, 100, "unexpected '('", EINVAL },
	{ ".5", 0, 100, "unexpected '5'", EINVAL },
	{ "1.5", 0, 100, "unexpected '.'", EINVAL },
	{ "%", 0, 100, "unexpected '%'", EINVAL },
	{ "5%%", 0, 100, "unexpected '%'", EINVAL },
	{ "end%", 0, 100, "unexpected '%'", EINVAL },
	{ "1k%", 0, 100, "bad percentage '1k%'", EINVAL },
	{ "0x10 \x1b[31m", 0, 100, "unexpected '\\e'", EINVAL },
	{ "\x1b]0;owned\x07", 0, 100, "unexpected '\\e'", EINVAL },
	{ "5\xff", 0, 100, "unexpected '\\xff'", EINVAL },
	{ "\xc3\xa9", 0, 100, "unexpected '\xc3\xa9'", EINVAL },
	{ "\xe2\x80\xae" "5", 0, 100, "unexpected '\\u202e'", EINVAL },

	/* Outside the file. */
	{ "0x1000", 0, 100,
	    "offset 0x1000 (4096) is past the end of the file (size 100)",
	    ERANGE },
	{ "0x10000", 0, 65536,
	    "offset 0x10000 (65536) is past the end of the file (size 65536)",
	    ERANGE },
	{ "100", 0, 100,
	    "offset 0x64 (100) is past the end of the file (size 100)",
	    ERANGE },
	{ "end+1", 0, 100,
	    "offset 0x65 (101) is past the end of the file (size 100)",
	    ERANGE },
	{ "101%", 0, 100,
	    "offset 0x65 (101) is past the end of the file (size 100)",
	    ERANGE },
	{ "+1", 99, 100,
	    "offset 0x64 (100) is past the end of the file (size 100)",
	    ERANGE },
	{ "+end", 0, 100,
	    "offset 0x64 (100) is past the end of the file (size 100)",
	    ERANGE },
	{ ".+1", 99, 100,
	    "offset 0x64 (100) is past the end of the file (size 100)",
	    ERANGE },
	{ "+100%", 0, 100,
	    "offset 0x64 (100) is past the end of the file (size 100)",
	    ERANGE },
	{ "-1", 0, 100, "offset is before the start of the file", ERANGE },
	{ "-0x2000", 0x1f40, 65536, "offset is before the start of the file",
	    ERANGE },
	{ "end-101", 0, 100, "offset is before the start of the file",
	    ERANGE },
	{ "0-1", 0, 100, "offset is before the start of the file", ERANGE },
	{ ".-43", 42, 100, "offset is before the start of the file", ERANGE },

	/* A one-byte file. */
	{ "1", 0, 1,
	    "offset 0x1 (1) is past the end of the file (size 1)", ERANGE },
	{ "+1", 0, 1,
	    "offset 0x1 (1) is past the end of the file (size 1)", ERANGE },
	{ "end+1", 0, 1,
	    "offset 0x2 (2) is past the end of the file (size 1)", ERANGE },
	{ "-1", 0, 1, "offset is before the start of the file", ERANGE },

	/* An empty file. */
	{ "1", 0, 0,
	    "offset 0x1 (1) is past the end of the file (size 0)", ERANGE },
	{ "end+1", 0, 0,
	    "offset 0x1 (1) is past the end of the file (size 0)", ERANGE },
	{ "+1", 0, 0,
	    "offset 0x1 (1) is past the end of the file (size 0)", ERANGE },
	{ ".+1", 0, 0,
	    "offset 0x1 (1) is past the end of the file (size 0)", ERANGE },
	{ "4k", 0, 0,
	    "offset 0x1000 (4096) is past the end of the file (size 0)",
	    ERANGE },
	{ "-1", 0, 0, "offset is before the start of the file", ERANGE },
	{ "end-1", 0, 0, "offset is before the start of the file", ERANGE },
	{ "", 0, 0, "empty expression", EINVAL },
	{ "zz", 0, 0, "bad number 'zz'", EINVAL },

	/* Past 4 GiB. */
	{ "64G", 0, 64 * GIB, "offset 0x1000000000 (68719476736) is past "
	    "the end of the file (size 68719476736)", ERANGE },
	{ "end+1", 0, 64 * GIB, "offset 0x1000000001 (68719476737) is past "
	    "the end of the file (size 68719476736)", ERANGE },
	{ "+16", 64 * GIB - 8, 64 * GIB, "offset 0x1000000008 "
	    "(68719476744) is past the end of the file (size 68719476736)",
	    ERANGE },
	{ "-65G", 64 * GIB - 1, 64 * GIB,
	    "offset is before the start of the file", ERANGE },
	{ "0xffffffffffffffff", 0, UINT64_MAX, "offset 0xffffffffffffffff "
	    "(18446744073709551615) is past the end of the file "
	    "(size 18446744073709551615)", ERANGE },

	/* Overflow: nothing wraps around. */
	{ "18446744073709551616", 0, 100,
	    "number '18446744073709551616' is too large", ERANGE },
	{ "99999999999999999999", 0, 100,
	    "number '99999999999999999999' is too large", ERANGE },
	{ "0x10000000000000000", 0, 100,
	    "number '0x10000000000000000' is too large", ERANGE },
	{ "10000000000000000h", 0, 100,
	    "number '10000000000000000h' is too large", ERANGE },
	{ "16777216t", 0, 100, "number '16777216t' is too large", ERANGE },
	{ "17179869184g", 0, 100, "number '17179869184g' is too large",
	    ERANGE },
	{ "0xffffffffffffffffk", 0, 100,
	    "number '0xffffffffffffffffk' is too large", ERANGE },
	{ "123456789012345678901234567890123456789", 0, 100,
	    "number '12345678901234567890123456789012...' is too large",
	    ERANGE },
	{ "0xffffffffffffffff+1", 0, 100, "offset is too large", ERANGE },
	{ "0xffffffffffffffff+1-2", 0, UINT64_MAX, "offset is too large",
	    ERANGE },
	{ "+0xffffffffffffffff", 1, 100, "offset is too large", ERANGE },
	{ "end+end", 0, UINT64_MAX, "offset is too large", ERANGE },
	{ "-1-0xffffffffffffffff", 5, 100, "offset is too large", ERANGE },
	{ "18446744073709551615%", 0, 200, "offset is too large", ERANGE },
	{ "200%", 0, UINT64_C(1) << 63, "offset is too large", ERANGE },
	/* The added terms are summed apart from the subtracted ones. */
	{ "end-end+end", 0, UINT64_MAX, "offset is too large", ERANGE },
};

/* Evaluate one expression of the good table. */
START_TEST(test_good)
{
	const struct good *g = &goods[_i];
	uint64_t result = UNTOUCHED;
	char *cause = (char *)"stale";
	int rc;

	rc = addr_parse(g->expr, g->cursor, g->size, &result, &cause);
	ck_assert_msg(rc == 0, "'%s' (cursor %" PRIu64 ", size %" PRIu64
	    "): %s", g->expr, g->cursor, g->size,
	    cause != NULL ? cause : "(no cause)");
	ck_assert_msg(cause == NULL, "'%s': cause not cleared", g->expr);
	ck_assert_msg(result == g->want, "'%s' (cursor %" PRIu64 ", size %"
	    PRIu64 ") gave %" PRIu64 ", want %" PRIu64, g->expr, g->cursor,
	    g->size, result, g->want);
}
END_TEST

/* Refuse one expression of the bad table. */
START_TEST(test_bad)
{
	const struct bad *b = &bads[_i];
	uint64_t result = UNTOUCHED;
	char *cause = NULL;
	int rc;

	errno = 0;
	rc = addr_parse(b->expr, b->cursor, b->size, &result, &cause);
	ck_assert_msg(rc == -1, "'%s' (cursor %" PRIu64 ", size %" PRIu64
	    ") was accepted as %" PRIu64, b->expr, b->cursor, b->size,
	    result);
	ck_assert_msg(result == UNTOUCHED, "'%s': result changed", b->expr);
	ck_assert_msg(cause != NULL, "'%s': no cause", b->expr);
	ck_assert_msg(strcmp(cause, b->message) == 0,
	    "'%s': cause \"%s\", want \"%s\"", b->expr, cause, b->message);
	ck_assert_msg(errno == b->errnum, "'%s': errno %d, want %d", b->expr,
	    errno, b->errnum);
	free(cause);

	/* The same without a cause to fill in. */
	errno = 0;
	rc = addr_parse(b->expr, b->cursor, b->size, &result, NULL);
	ck_assert_int_eq(rc, -1);
	ck_assert_uint_eq(result, UNTOUCHED);
	ck_assert_int_eq(errno, b->errnum);
}
END_TEST

/* A NULL expression is an empty one. */
START_TEST(test_null_expression)
{
	uint64_t result = UNTOUCHED;
	char *cause = NULL;

	ck_assert_int_eq(addr_parse(NULL, 0, 100, &result, &cause), -1);
	ck_assert_str_eq(cause, "empty expression");
	ck_assert_uint_eq(result, UNTOUCHED);
	free(cause);
}
END_TEST

/* Messages quote the user's text made printable, never raw. */
START_TEST(test_message_sanitised)
{
	static const char *const exprs[] = {
		"\x1b[2J", ("1 \x9b" "31m"), "1+\xc2\x9b", "\x07", "\x7f",
		"1 \xe2\x80\xae", "\xff\xfe", "5 \xf0\x9f\x98\x80",
	};
	uint64_t result;
	char *cause;
	size_t i;
	const unsigned char *p;

	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		cause = NULL;
		ck_assert_int_eq(addr_parse(exprs[i], 0, 100, &result,
		    &cause), -1);
		ck_assert_ptr_nonnull(cause);
		for (p = (const unsigned char *)cause; *p != '\0'; p++) {
			ck_assert_msg(*p >= 0x20 && *p != 0x7f,
			    "expression %zu: raw byte 0x%02x in \"%s\"", i,
			    *p, cause);
		}
		ck_assert_ptr_null(strstr(cause, "\xe2\x80\xae"));
		ck_assert_ptr_null(strstr(cause, "\xc2\x9b"));
		free(cause);
	}
	cause = NULL;
	ck_assert_int_eq(addr_parse("5 \xf0\x9f\x98\x80", 0, 100, &result,
	    &cause), -1);
	ck_assert_str_eq(cause, "unexpected '\xf0\x9f\x98\x80'");
	free(cause);
}
END_TEST

/* The cursor does not matter to an absolute expression. */
START_TEST(test_absolute_ignores_cursor)
{
	static const uint64_t cursors[] = { 0, 1, 50, 99, 100, 1000,
	    UINT64_MAX };
	static const char *const exprs[] = { "0", "42", "0x2a", "end",
	    "end-16", "50%", "$" };
	static const uint64_t wants[] = { 0, 42, 42, 99, 84, 50, 99 };
	uint64_t result;
	char *cause = NULL;
	size_t i, j;

	for (i = 0; i < sizeof cursors / sizeof cursors[0]; i++) {
		for (j = 0; j < sizeof exprs / sizeof exprs[0]; j++) {
			ck_assert_int_eq(addr_parse(exprs[j], cursors[i], 100,
			    &result, &cause), 0);
			ck_assert_uint_eq(result, wants[j]);
		}
	}
}
END_TEST

/* Walk small files checking each form against plain arithmetic. */
START_TEST(test_small_files)
{
	char expr[64];
	uint64_t size, cursor, n, result, want;
	int64_t signed_want;
	char *cause;
	int rc, ok;

	for (size = 0; size <= 6; size++) {
		for (cursor = 0; cursor < size || cursor == 0; cursor++) {
			for (n = 0; n <= 8; n++) {
				/* An absolute number. */
				snprintf(expr, sizeof expr, "%" PRIu64, n);
				ok = n < size || n == 0;
				cause = NULL;
				result = UNTOUCHED;
				rc = addr_parse(expr, cursor, size, &result,
				    &cause);
				ck_assert_int_eq(rc, ok ? 0 : -1);
				ck_assert_uint_eq(result, ok ? n : UNTOUCHED);
				ck_assert(ok ? cause == NULL : cause != NULL);
				free(cause);

				/* Forward from the cursor. */
				snprintf(expr, sizeof expr, "+%" PRIu64, n);
				want = cursor + n;
				ok = want < size || want == 0;
				cause = NULL;
				result = UNTOUCHED;
				rc = addr_parse(expr, cursor, size, &result,
				    &cause);
				ck_assert_int_eq(rc, ok ? 0 : -1);
				ck_assert_uint_eq(result, ok ? want :
				    UNTOUCHED);
				free(cause);

				/* Back from the cursor. */
				snprintf(expr, sizeof expr, "-%" PRIu64, n);
				signed_want = (int64_t)cursor - (int64_t)n;
				ok = signed_want >= 0;
				cause = NULL;
				result = UNTOUCHED;
				rc = addr_parse(expr, cursor, size, &result,
				    &cause);
				ck_assert_int_eq(rc, ok ? 0 : -1);
				ck_assert_uint_eq(result, ok ?
				    (uint64_t)signed_want : UNTOUCHED);
				free(cause);

				/* Back from the end; 'end-0' is the last byte. */
				snprintf(expr, sizeof expr, "end-%" PRIu64, n);
				signed_want = (int64_t)size - (int64_t)n;
				if (n == 0 && size > 0)
					signed_want = (int64_t)size - 1;
				ok = signed_want >= 0;
				cause = NULL;
				result = UNTOUCHED;
				rc = addr_parse(expr, cursor, size, &result,
				    &cause);
				ck_assert_int_eq(rc, ok ? 0 : -1);
				ck_assert_uint_eq(result, ok ?
				    (uint64_t)signed_want : UNTOUCHED);
				free(cause);
			}
		}
	}
}
END_TEST

/* Percentages are exact, rounded down, for every size up to 1000. */
START_TEST(test_percent_exact)
{
	char expr[16];
	uint64_t size, pct, result, want;
	char *cause = NULL;

	for (size = 1; size <= 1000; size += 7) {
		for (pct = 0; pct <= 100; pct++) {
			snprintf(expr, sizeof expr, "%" PRIu64 "%%", pct);
			want = pct * size / 100;
			if (want == size)
				want = size - 1;
			ck_assert_int_eq(addr_parse(expr, 0, size, &result,
			    &cause), 0);
			ck_assert_msg(result == want, "%s of %" PRIu64
			    " gave %" PRIu64 ", want %" PRIu64, expr, size,
			    result, want);
		}
	}
}
END_TEST

/* Plain numbers for --seek and --len. */
START_TEST(test_number_good)
{
	static const struct {
		const char *text;
		uint64_t want;
	} cases[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "0010", 10 },
		{ "0x1000", 4096 },
		{ "0X1f", 31 },
		{ "1fh", 31 },
		{ "4k", 4 * KIB },
		{ "4K", 4 * KIB },
		{ "2M", 2 * MIB },
		{ "1G", GIB },
		{ "1t", TIB },
		{ "0x10k", 16 * KIB },
		{ " 16 ", 16 },
		{ "\t0x10\n", 16 },
		{ "65536", 65536 },
		{ "68719476736", 64 * GIB },
		{ "0xfffffffe0", UINT64_C(0xfffffffe0) },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
		{ "16777215t", UINT64_C(0xffffff0000000000) },
	};
	uint64_t result, again;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = (char *)"stale";
		result = UNTOUCHED;
		ck_assert_msg(addr_parse_number(cases[i].text, &result,
		    &cause) == 0, "'%s': %s", cases[i].text,
		    cause != NULL ? cause : "(no cause)");
		ck_assert_ptr_null(cause);
		ck_assert_msg(result == cases[i].want, "'%s' gave %" PRIu64
		    ", want %" PRIu64, cases[i].text, result, cases[i].want);

		/* A goto of the same text lands on the same offset. */
		if (result == UINT64_MAX)
			continue;
		ck_assert_int_eq(addr_parse(cases[i].text, 7, UINT64_MAX,
		    &again, &cause), 0);
		ck_assert_uint_eq(again, result);
	}
}
END_TEST

/* Plain numbers that must be refused. */
START_TEST(test_number_bad)
{
	static const struct {
		const char *text;
		const char *message;
		int errnum;
	} cases[] = {
		{ "", "empty number", EINVAL },
		{ "  ", "empty number", EINVAL },
		{ "-5", "bad number '-5'", EINVAL },
		{ "+5", "bad number '+5'", EINVAL },
		{ "end", "bad number 'end'", EINVAL },
		{ "$", "bad number '$'", EINVAL },
		{ ".", "bad number '.'", EINVAL },
		{ "5%", "bad number '5%'", EINVAL },
		{ "1+1", "bad number '1+1'", EINVAL },
		{ "10 20 ", "bad number '10 20'", EINVAL },
		{ "zz", "bad number 'zz'", EINVAL },
		{ "0x", "bad number '0x'", EINVAL },
		{ "12ab", "bad number '12ab'", EINVAL },
		{ "4kb", "bad number '4kb'", EINVAL },
		{ "1.5", "bad number '1.5'", EINVAL },
		{ "\x1b]0;x\x07", "bad number '\\e]0;x\\x07'", EINVAL },
		{ "18446744073709551616",
		    "number '18446744073709551616' is too large", ERANGE },
		{ "0x10000000000000000",
		    "number '0x10000000000000000' is too large", ERANGE },
		{ "16777216t", "number '16777216t' is too large", ERANGE },
	};
	uint64_t result;
	char *cause;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = NULL;
		result = UNTOUCHED;
		errno = 0;
		ck_assert_msg(addr_parse_number(cases[i].text, &result,
		    &cause) == -1, "'%s' was accepted", cases[i].text);
		ck_assert_uint_eq(result, UNTOUCHED);
		ck_assert_ptr_nonnull(cause);
		ck_assert_str_eq(cause, cases[i].message);
		ck_assert_int_eq(errno, cases[i].errnum);
		free(cause);
		ck_assert_int_eq(addr_parse_number(cases[i].text, &result,
		    NULL), -1);
		ck_assert_uint_eq(result, UNTOUCHED);
	}
	cause = NULL;
	ck_assert_int_eq(addr_parse_number(NULL, &result, &cause), -1);
	ck_assert_str_eq(cause, "empty number");
	free(cause);
}
END_TEST

Suite *
addr_suite(void)
{
	Suite *s = suite_create("addr");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_good, 0,
	    (int)(sizeof goods / sizeof goods[0]));
	tcase_add_loop_test(tc, test_bad, 0,
	    (int)(sizeof bads / sizeof bads[0]));
	tcase_add_test(tc, test_null_expression);
	tcase_add_test(tc, test_message_sanitised);
	tcase_add_test(tc, test_absolute_ignores_cursor);
	tcase_add_test(tc, test_small_files);
	tcase_add_test(tc, test_percent_exact);
	suite_add_tcase(s, tc);

	tc = tcase_create("number");
	tcase_add_test(tc, test_number_good);
	tcase_add_test(tc, test_number_bad);
	suite_add_tcase(s, tc);
	return s;
}
