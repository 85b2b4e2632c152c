/*
 * check-sanitize.c - tests for making untrusted text printable
 * (sanitize.h).
 *
 * A table of inputs and the exact text expected back covers terminal
 * escape sequences, every kind of control character, C1 controls in
 * both their raw and UTF-8 forms, each way UTF-8 can be malformed, text
 * in other scripts and emoji that must survive, and the bidirectional
 * controls of "trojan source" attacks.  Exhaustive walks over all one-
 * and two-byte inputs (and a pseudo-random sample of longer ones) check
 * the output against an independent UTF-8 validator.
 */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "suites.h"
#include "testpolicy.h"

/* An input of len bytes and the text it must become. */
struct example {
	const char *name;
	const char *input;
	size_t len;
	const char *want;
};

/* An example whose input is a string literal (NULs counted). */
#define EX(name, input, want) { name, input, sizeof input - 1, want }

static const struct example examples[] = {
	/* Kept as it is. */
	EX("empty", "", ""),
	EX("ascii", "hello, world", "hello, world"),
	EX("printable ascii", " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~",
	    " !\"#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~"),
	EX("backslash stays single", "a\\b\\\\c\\x1b", "a\\b\\\\c\\x1b"),

	/* C0 controls and DEL. */
	EX("sgr", "\x1b[31mred\x1b[0m", "\\e[31mred\\e[0m"),
	EX("title", "\x1b]0;owned\x07", "\\e]0;owned\\x07"),
	EX("clear", "\x1b[2J\x1b[H", "\\e[2J\\e[H"),
	EX("tab newline return", "a\tb\nc\rd", "a\\tb\\nc\\rd"),
	EX("nul", "a\0b", "a\\x00b"),
	EX("other c0", "\x01\x02\x08\x0b\x0c\x0e\x1a\x1c\x1f",
	    "\\x01\\x02\\x08\\x0b\\x0c\\x0e\\x1a\\x1c\\x1f"),
	EX("del", "a\x7f" "b", "a\\x7fb"),

	/* C1 controls, raw and as UTF-8. */
	EX("raw csi", "\x9b" "31m", "\\x9b31m"),
	EX("raw c1", "\x80\x85\x9f", "\\x80\\x85\\x9f"),
	EX("utf-8 csi", "\xc2\x9b" "31m", "\\xc2\\x9b31m"),
	EX("utf-8 u+0080", "\xc2\x80", "\\xc2\\x80"),
	EX("utf-8 nel", "\xc2\x85", "\\xc2\\x85"),
	EX("utf-8 osc", "\xc2\x9d" "0;x\xc2\x9c", "\\xc2\\x9d0;x\\xc2\\x9c"),
	EX("utf-8 u+009f", "\xc2\x9f", "\\xc2\\x9f"),
	EX("nbsp kept", "\xc2\xa0", "\xc2\xa0"),

	/* Invalid UTF-8, one escape per byte. */
	EX("ff fe", "\xff\xfe", "\\xff\\xfe"),
	EX("lone continuation", "a\x80z\xbf", "a\\x80z\\xbf"),
	EX("overlong nul", "\xc0\x80", "\\xc0\\x80"),
	EX("overlong c1", "\xc1\xbf", "\\xc1\\xbf"),
	EX("overlong slash 3", "\xe0\x80\xaf", "\\xe0\\x80\\xaf"),
	EX("overlong u+07ff", "\xe0\x9f\xbf", "\\xe0\\x9f\\xbf"),
	EX("overlong slash 4", "\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"),
	EX("overlong u+ffff", "\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf"),
	EX("overlong esc", "\xc0\x9b", "\\xc0\\x9b"),
	EX("surrogate high", "\xed\xa0\x80", "\\xed\\xa0\\x80"),
	EX("surrogate low", "\xed\xbf\xbf", "\\xed\\xbf\\xbf"),
	EX("surrogate pair", "\xed\xa0\xbd\xed\xb8\x80",
	    "\\xed\\xa0\\xbd\\xed\\xb8\\x80"),
	EX("past u+10ffff", "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"),
	EX("f5 lead", "\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80"),
	EX("five-byte form", "\xf8\x88\x80\x80\x80",
	    "\\xf8\\x88\\x80\\x80\\x80"),
	EX("truncated at end", "\xe4\xb8", "\\xe4\\xb8"),
	EX("truncated 4 at end", "\xf0\x9f\x98", "\\xf0\\x9f\\x98"),
	EX("truncated then ascii", "\xe4\xb8" "A", "\\xe4\\xb8A"),
	EX("truncated then valid", "\xe4\xe4\xb8\xad", "\\xe4\xe4\xb8\xad"),
	EX("lead then esc", "\xc3\x1b[m", "\\xc3\\e[m"),
	EX("latin-1 text", "caf\xe9", "caf\\xe9"),

	/* Valid text in any script, emoji and the edges of the ranges. */
	EX("latin", "caf\xc3\xa9", "caf\xc3\xa9"),
	EX("cjk", "\xe4\xb8\xad\xe6\x96\x87 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	    "\xe4\xb8\xad\xe6\x96\x87 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
	EX("hangul", "\xed\x95\x9c\xea\xb8\x80", "\xed\x95\x9c\xea\xb8\x80"),
	EX("emoji", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"),
	/* The joiner is a zero-width character: shown, not obeyed. */
	EX("emoji zwj family",
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
	    "\xf0\x9f\x91\xa8\\u200d\xf0\x9f\x91\xa9\\u200d\xf0\x9f\x91\xa7"),
	EX("flag", "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
	    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"),
	EX("hebrew", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	    "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d"),
	EX("u+00a1", "\xc2\xa1", "\xc2\xa1"),
	EX("u+07ff", "\xdf\xbf", "\xdf\xbf"),
	EX("u+0800", "\xe0\xa0\x80", "\xe0\xa0\x80"),
	EX("u+d7a3", "\xed\x9e\xa3", "\xed\x9e\xa3"),
	EX("u+e000", "\xee\x80\x80", "\xee\x80\x80"),
	EX("u+fffd", "\xef\xbf\xbd", "\xef\xbf\xbd"),
	EX("u+fffc", "\xef\xbf\xbc", "\xef\xbf\xbc"),
	EX("u+10000", "\xf0\x90\x80\x80", "\xf0\x90\x80\x80"),
	EX("u+10fffd", "\xf4\x8f\xbf\xbd", "\xf4\x8f\xbf\xbd"),
	EX("six-byte form", "\xfc\x84\x80\x80\x80\x80",
	    "\\xfc\\x84\\x80\\x80\\x80\\x80"),
	EX("fe ff leads", "\xfe\x80\xff\xbf", "\\xfe\\x80\\xff\\xbf"),

	/* Zero-width and format characters. */
	EX("zwsp", "a\xe2\x80\x8b" "b", "a\\u200bb"),
	EX("zwnj", "\xe2\x80\x8c", "\\u200c"),
	EX("zwj", "\xe2\x80\x8d", "\\u200d"),
	EX("word joiner", "\xe2\x81\xa0", "\\u2060"),
	EX("invisible operators", "\xe2\x81\xa1\xe2\x81\xa2\xe2\x81\xa3\xe2\x81\xa4",
	    "\\u2061\\u2062\\u2063\\u2064"),
	EX("bom", "\xef\xbb\xbf" "x", "\\ufeffx"),
	EX("tag latin a", "\xf3\xa0\x81\x81", "\\U000e0041"),

	/* Noncharacters and unassigned code points. */
	EX("u+fdd0", "\xef\xb7\x90", "\\ufdd0"),
	EX("u+fdef", "\xef\xb7\xaf", "\\ufdef"),
	EX("u+fffe", "\xef\xbf\xbe", "\\ufffe"),
	EX("u+ffff", "\xef\xbf\xbf", "\\uffff"),
	EX("u+1fffe", "\xf0\x9f\xbf\xbe", "\\U0001fffe"),
	EX("u+10ffff", "\xf4\x8f\xbf\xbf", "\\U0010ffff"),
	EX("unassigned u+0378", "\xcd\xb8", "\\u0378"),

	/* Bidirectional controls and the line and paragraph separators. */
	EX("rlo", "\xe2\x80\xae", "\\u202e"),
	EX("lre", "\xe2\x80\xaa", "\\u202a"),
	EX("rle", "\xe2\x80\xab", "\\u202b"),
	EX("pdf", "\xe2\x80\xac", "\\u202c"),
	EX("lro", "\xe2\x80\xad", "\\u202d"),
	EX("lri", "\xe2\x81\xa6", "\\u2066"),
	EX("rli", "\xe2\x81\xa7", "\\u2067"),
	EX("fsi", "\xe2\x81\xa8", "\\u2068"),
	EX("pdi", "\xe2\x81\xa9", "\\u2069"),
	EX("lrm", "\xe2\x80\x8e", "\\u200e"),
	EX("rlm", "\xe2\x80\x8f", "\\u200f"),
	EX("alm", "\xd8\x9c", "\\u061c"),
	EX("line separator", "a\xe2\x80\xa8" "b", "a\\u2028b"),
	EX("paragraph separator", "\xe2\x80\xa9", "\\u2029"),
	EX("trojan source",
	    "/*\xe2\x80\xae } \xe2\x81\xa6if (admin)\xe2\x81\xa9 \xe2\x81\xa6 begin",
	    "/*\\u202e } \\u2066if (admin)\\u2069 \\u2066 begin"),
	EX("file name reversal", "evil\xe2\x80\xaeggp.exe", "evil\\u202eggp.exe"),
	EX("neighbours kept",
	    "\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\x9f\xe2\x81\xb0\xd8\x9b\xef\xbb\xbc",
	    "\xe2\x80\x8a\xe2\x80\x90\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\x9f\xe2\x81\xb0\xd8\x9b\xef\xbb\xbc"),
};

/*
 * Return the length of the valid UTF-8 character at p, or 0.  Written
 * from the definition (decode freely, then reject what is too long for
 * its value, a surrogate or past U+10FFFF), not from sanitize.c's table.
 */
static size_t
utf8_valid_length(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000))
		return 0;
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Check that out is safe: no control byte, valid UTF-8, and no code
 * point the policy blocks (testpolicy.h); report the input (len bytes at
 * in) if not.  Plain ifs: millions of calls. */
static void
check_safe(const char *in, size_t len, const char *out)
{
	const unsigned char *p = (const unsigned char *)out;
	size_t n = strlen(out), i, k;
	uint32_t cp = 0;

	for (i = 0; i < n; i += k) {
		k = utf8_valid_length(p + i, n - i, &cp);
		if (k == 0)
			ck_abort_msg("invalid UTF-8 at %zu of output for a "
			    "%zu-byte input starting 0x%02x", i, len,
			    len > 0 ? (unsigned char)in[0] : 0);
		if (policy_blocked(cp))
			ck_abort_msg("blocked U+%04x in output for a %zu-byte "
			    "input starting 0x%02x", (unsigned)cp, len,
			    len > 0 ? (unsigned char)in[0] : 0);
	}
}

/* Check what the well-formed character cp (the n bytes at in) became:
 * itself, or (C1) two \xNN, or \uXXXX / \UXXXXXXXX; never itself when
 * the policy blocks it. */
static void
check_char(const unsigned char *in, size_t n, uint32_t cp, const char *out)
{
	char want[16];

	if (strlen(out) == n && memcmp(out, in, n) == 0) {
		if (policy_blocked(cp))
			ck_abort_msg("U+%04x kept", (unsigned)cp);
		return;
	}
	if (cp >= 0x80 && cp <= 0x9f)
		snprintf(want, sizeof want, "\\x%02x\\x%02x", in[0], in[1]);
	else if (cp > 0xffff)
		snprintf(want, sizeof want, "\\U%08x", (unsigned)cp);
	else
		snprintf(want, sizeof want, "\\u%04x", (unsigned)cp);
	if (strcmp(out, want) != 0)
		ck_abort_msg("U+%04x became \"%s\", want \"%s\"", (unsigned)cp,
		    out, want);
}

START_TEST(test_example)
{
	const struct example *ex = &examples[_i];
	char *out;

	out = sanitize_text(ex->input, ex->len);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strcmp(out, ex->want) == 0, "%s: got \"%s\", want "
	    "\"%s\"", ex->name, out, ex->want);
	check_safe(ex->input, ex->len, out);
	free(out);
}
END_TEST

/* sanitize_string stops at the NUL and agrees with sanitize_text. */
START_TEST(test_string)
{
	char *a, *b;

	a = sanitize_string("ab\x1b[1mcd\0ef");
	ck_assert_str_eq(a, "ab\\e[1mcd");
	b = sanitize_text("ab\x1b[1mcd", 8);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);

	a = sanitize_string("");
	ck_assert_str_eq(a, "");
	free(a);
}
END_TEST

/* A NULL input is taken as empty, and a length cuts the input. */
START_TEST(test_null_and_length)
{
	char *out;

	out = sanitize_text(NULL, 0);
	ck_assert_str_eq(out, "");
	free(out);
	out = sanitize_string(NULL);
	ck_assert_str_eq(out, "");
	free(out);

	out = sanitize_text("abcdef", 3);
	ck_assert_str_eq(out, "abc");
	free(out);

	/* A cut inside a character leaves its bytes escaped. */
	out = sanitize_text("\xe4\xb8\xad", 2);
	ck_assert_str_eq(out, "\\xe4\\xb8");
	free(out);
}
END_TEST

/* The worst case: each byte grows fourfold, and no more. */
START_TEST(test_growth)
{
	char in[1000], *out;
	size_t i;

	memset(in, 0x01, sizeof in);
	out = sanitize_text(in, sizeof in);
	ck_assert_uint_eq(strlen(out), 4 * sizeof in);
	for (i = 0; i < sizeof in; i++)
		ck_assert_int_eq(memcmp(out + 4 * i, "\\x01", 4), 0);
	free(out);

	for (i = 0; i + 3 <= sizeof in; i += 3)
		memcpy(in + i, "\xe2\x80\xae", 3);
	out = sanitize_text(in, i);
	ck_assert_uint_eq(strlen(out), 2 * i);
	free(out);
}
END_TEST

/* A length too large to allocate four times over fails with ENOMEM. */
START_TEST(test_huge_length)
{
	char byte = 'a';

	errno = 0;
	ck_assert_ptr_null(sanitize_text(&byte, SIZE_MAX / 2));
	ck_assert_int_eq(errno, ENOMEM);
}
END_TEST

/* Every single byte: printable ASCII is kept, the rest escaped. */
START_TEST(test_every_byte)
{
	char in[1], want[8], *out;
	unsigned c;

	for (c = 0; c < 256; c++) {
		in[0] = (char)c;
		out = sanitize_text(in, 1);
		ck_assert_ptr_nonnull(out);
		if (c >= 0x20 && c < 0x7f)
			snprintf(want, sizeof want, "%c", c);
		else if (c == 0x1b)
			snprintf(want, sizeof want, "\\e");
		else if (c == '\t')
			snprintf(want, sizeof want, "\\t");
		else if (c == '\n')
			snprintf(want, sizeof want, "\\n");
		else if (c == '\r')
			snprintf(want, sizeof want, "\\r");
		else
			snprintf(want, sizeof want, "\\x%02x", c);
		ck_assert_msg(strcmp(out, want) == 0, "byte 0x%02x gave \"%s\", "
		    "want \"%s\"", c, out, want);
		free(out);
	}
}
END_TEST

/* Every pair of bytes: the output is safe, and a valid character that is
 * neither a control nor bidi comes through unchanged. */
START_TEST(test_every_pair)
{
	unsigned char in[2];
	char *out;
	unsigned c;
	uint32_t cp = 0;

	for (c = 0; c < 65536; c++) {
		in[0] = (unsigned char)(c >> 8);
		in[1] = (unsigned char)c;
		out = sanitize_text((const char *)in, 2);
		ck_assert_ptr_nonnull(out);
		check_safe((const char *)in, 2, out);
		if (in[0] >= 0x80 && utf8_valid_length(in, 2, &cp) == 2)
			check_char(in, 2, cp, out);
		free(out);
	}
}
END_TEST

/* Every three-byte sequence that starts with E0..EF and every four-byte
 * one that starts F0..F4 with a sampled tail: safe, and kept when valid. */
START_TEST(test_long_sequences)
{
	unsigned char in[4];
	char *out;
	unsigned a, b, c, d;
	uint32_t cp = 0;
	size_t k;

	for (a = 0xe0; a <= 0xef; a++) {
		for (b = 0x70; b <= 0xc8; b++) {
			for (c = 0x70; c <= 0xc8; c++) {
				in[0] = (unsigned char)a;
				in[1] = (unsigned char)b;
				in[2] = (unsigned char)c;
				out = sanitize_text((const char *)in, 3);
				check_safe((const char *)in, 3, out);
				k = utf8_valid_length(in, 3, &cp);
				if (k == 3)
					check_char(in, 3, cp, out);
				else if (k == 0)
					ck_assert_uint_eq(out[0], '\\');
				free(out);
			}
		}
	}
	for (a = 0xf0; a <= 0xf7; a++) {
		for (b = 0x78; b <= 0xc8; b++) {
			for (d = 0; d < 64; d++) {
				in[0] = (unsigned char)a;
				in[1] = (unsigned char)b;
				in[2] = (unsigned char)(0x7e + d);
				in[3] = (unsigned char)(0xbf - d);
				out = sanitize_text((const char *)in, 4);
				check_safe((const char *)in, 4, out);
				k = utf8_valid_length(in, 4, &cp);
				if (k == 4)
					check_char(in, 4, cp, out);
				else
					ck_assert_uint_eq(out[0], '\\');
				free(out);
			}
		}
	}
}
END_TEST

/* Every code point, alone and between two letters: kept, or escaped as
 * it must be, and never kept when the policy blocks it. */
START_TEST(test_every_code_point)
{
	unsigned char in[6];
	char *out;
	uint32_t cp, back;
	size_t n;

	for (cp = 0x80; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		in[0] = (unsigned char)(n == 2 ? 0xc0 | cp >> 6 : n == 3 ?
		    0xe0 | cp >> 12 : 0xf0 | cp >> 18);
		if (n == 4)
			in[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		if (n >= 3)
			in[n - 2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		in[n - 1] = (unsigned char)(0x80 | (cp & 0x3f));
		if (utf8_valid_length(in, n, &back) != n || back != cp)
			ck_abort_msg("test encoder: U+%04x", (unsigned)cp);
		out = sanitize_text((const char *)in, n);
		ck_assert_ptr_nonnull(out);
		check_safe((const char *)in, n, out);
		check_char(in, n, cp, out);
		free(out);
	}
}
END_TEST

/* Random bytes (a fixed seed): the output is always safe. */
START_TEST(test_random)
{
	unsigned char in[64];
	uint32_t state = 12345;
	size_t i, len;
	char *out;
	int round;

	for (round = 0; round < 20000; round++) {
		len = (size_t)round % sizeof in;
		for (i = 0; i < len; i++) {
			state = state * 1103515245u + 12345u;
			/* Bias towards bytes that start or continue UTF-8. */
			in[i] = (unsigned char)(state >> 16);
			if ((state >> 8 & 3) == 0)
				in[i] |= 0x80;
		}
		out = sanitize_text((const char *)in, len);
		ck_assert_ptr_nonnull(out);
		check_safe((const char *)in, len, out);
		free(out);
	}
}
END_TEST

/* The locale plays no part. */
START_TEST(test_locale_independent)
{
	char *a, *b;

	setlocale(LC_ALL, "C");
	a = sanitize_string("\xe4\xb8\xad\xc2\x9b\xe2\x80\xae");
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "en_US.UTF-8");
	b = sanitize_string("\xe4\xb8\xad\xc2\x9b\xe2\x80\xae");
	setlocale(LC_ALL, "C");
	ck_assert_str_eq(a, "\xe4\xb8\xad\\xc2\\x9b\\u202e");
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
}
END_TEST

Suite *
sanitize_suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *tc;

	tc = tcase_create("examples");
	tcase_add_loop_test(tc, test_example, 0,
	    (int)(sizeof examples / sizeof examples[0]));
	tcase_add_test(tc, test_string);
	tcase_add_test(tc, test_null_and_length);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_huge_length);
	tcase_add_test(tc, test_locale_independent);
	suite_add_tcase(s, tc);

	tc = tcase_create("exhaustive");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_every_byte);
	tcase_add_test(tc, test_every_pair);
	tcase_add_test(tc, test_every_code_point);
	tcase_add_test(tc, test_long_sequences);
	tcase_add_test(tc, test_random);
	suite_add_tcase(s, tc);
	return s;
}
