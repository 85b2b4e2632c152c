/*
 * check-utf8.c - tests for the one UTF-8 decoder and the one terminal
 * safety policy (utf8.h).
 *
 * The decoder is compared with a decoder written here from the definition
 * (decode freely, then reject what is too long for its value, a surrogate
 * or past U+10FFFF) over every input of one to three bytes and a wide
 * sample of four- to six-byte ones, and its round trip with the encoder
 * is checked for every code point.  The classification is checked for
 * every code point the policy names, each side of every boundary, and
 * against testpolicy.h over the whole code space.
 */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "suites.h"
#include "testpolicy.h"
#include "utf8.h"

/* Decode the n bytes at p from the definition: return the length of the
 * well-formed character there and store it, or return 0. */
static size_t
oracle_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (n == 0)
		return 0;
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
		return 0;		/* overlong */
	if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Check utf8_decode() against the oracle on the n bytes at p (no Check
 * assertion unless it fails: millions of calls). */
static void
assert_decodes_as_oracle(const unsigned char *p, size_t n)
{
	uint32_t got = 0xdead, want = 0xbeef;
	size_t k = utf8_decode(p, n, &got), o = oracle_decode(p, n, &want);

	if (k != o || (k != 0 && got != want) || (k == 0 && got != 0xdead))
		ck_abort_msg("%zu bytes %02x %02x %02x %02x: length %zu, want "
		    "%zu, U+%04X, want U+%04X", n, p[0], n > 1 ? p[1] : 0,
		    n > 2 ? p[2] : 0, n > 3 ? p[3] : 0, k, o, (unsigned)got,
		    (unsigned)want);
}

/* An input, how many of its bytes are there, and what it decodes to. */
struct decode_case {
	const char *name;
	const char *bytes;
	size_t n;
	size_t len;		/* 0: invalid */
	uint32_t cp;
};

static const struct decode_case decode_cases[] = {
	{ "nul", "\0", 1, 1, 0 },
	{ "ascii", "A", 1, 1, 'A' },
	{ "del", "\x7f", 1, 1, 0x7f },
	{ "u+0080", "\xc2\x80", 2, 2, 0x80 },
	{ "u+009f", "\xc2\x9f", 2, 2, 0x9f },
	{ "u+00a0", "\xc2\xa0", 2, 2, 0xa0 },
	{ "u+07ff", "\xdf\xbf", 2, 2, 0x7ff },
	{ "u+0800", "\xe0\xa0\x80", 3, 3, 0x800 },
	{ "u+202e", "\xe2\x80\xae", 3, 3, 0x202e },
	{ "u+d7ff", "\xed\x9f\xbf", 3, 3, 0xd7ff },
	{ "u+e000", "\xee\x80\x80", 3, 3, 0xe000 },
	{ "u+feff", "\xef\xbb\xbf", 3, 3, 0xfeff },
	{ "u+ffff", "\xef\xbf\xbf", 3, 3, 0xffff },
	{ "u+10000", "\xf0\x90\x80\x80", 4, 4, 0x10000 },
	{ "u+10ffff", "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
	{ "longer input", "\xc3\xa9xyz", 5, 2, 0xe9 },
	{ "empty", "", 0, 0, 0 },
	{ "overlong nul", "\xc0\x80", 2, 0, 0 },
	{ "overlong c1", "\xc1\xbf", 2, 0, 0 },
	{ "overlong 3", "\xe0\x80\xaf", 3, 0, 0 },
	{ "overlong u+07ff", "\xe0\x9f\xbf", 3, 0, 0 },
	{ "overlong 4", "\xf0\x80\x80\xaf", 4, 0, 0 },
	{ "overlong u+ffff", "\xf0\x8f\xbf\xbf", 4, 0, 0 },
	{ "surrogate d800", "\xed\xa0\x80", 3, 0, 0 },
	{ "surrogate dfff", "\xed\xbf\xbf", 3, 0, 0 },
	{ "past u+10ffff", "\xf4\x90\x80\x80", 4, 0, 0 },
	{ "f5 lead", "\xf5\x80\x80\x80", 4, 0, 0 },
	{ "f7 lead", "\xf7\xbf\xbf\xbf", 4, 0, 0 },
	{ "5-byte form", "\xf8\x88\x80\x80\x80", 5, 0, 0 },
	{ "6-byte form", "\xfc\x84\x80\x80\x80\x80", 6, 0, 0 },
	{ "fe", "\xfe", 1, 0, 0 },
	{ "ff", "\xff", 1, 0, 0 },
	{ "stray 80", "\x80", 1, 0, 0 },
	{ "stray bf", "\xbf" "A", 2, 0, 0 },
	{ "truncated 2", "\xc3", 1, 0, 0 },
	{ "truncated 3", "\xe4\xb8", 2, 0, 0 },
	{ "truncated 4", "\xf0\x9f\x98", 3, 0, 0 },
	{ "cut by n", "\xe4\xb8\xad", 2, 0, 0 },
	{ "ascii in place", "\xe4" "A\xad", 3, 0, 0 },
	{ "lead in place", "\xe4\xe4\xb8\xad", 4, 0, 0 },
};

START_TEST(test_decode_cases)
{
	const struct decode_case *c = &decode_cases[_i];
	uint32_t cp = 0xdead;
	size_t k;

	k = utf8_decode((const unsigned char *)c->bytes, c->n, &cp);
	ck_assert_msg(k == c->len, "%s: length %zu, want %zu", c->name, k,
	    c->len);
	ck_assert_msg(cp == (c->len != 0 ? c->cp : 0xdead),
	    "%s: U+%04X", c->name, (unsigned)cp);
}
END_TEST

/* Every input of one, two and three bytes, whole and cut short. */
START_TEST(test_decode_exhaustive)
{
	unsigned char p[3];
	unsigned a, b, c;

	for (a = 0; a < 256; a++) {
		p[0] = (unsigned char)a;
		assert_decodes_as_oracle(p, 1);
		for (b = 0; b < 256; b++) {
			p[1] = (unsigned char)b;
			assert_decodes_as_oracle(p, 2);
			if (a < 0xe0)
				continue;	/* length known by now */
			for (c = 0; c < 256; c++) {
				p[2] = (unsigned char)c;
				assert_decodes_as_oracle(p, 3);
			}
		}
	}
}
END_TEST

/* Four-byte and longer leads over a sample of the bytes after them. */
START_TEST(test_decode_long)
{
	static const unsigned char tail[] = {
		0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0,
		0xc2, 0xe0, 0xf0, 0xf4, 0xff
	};
	unsigned char p[6];
	unsigned a, b, c, d;
	size_t n;

	for (a = 0xf0; a < 256; a++) {
		p[0] = (unsigned char)a;
		for (b = 0; b < 256; b++) {
			p[1] = (unsigned char)b;
			for (c = 0; c < sizeof tail; c++) {
				p[2] = tail[c];
				for (d = 0; d < sizeof tail; d++) {
					p[3] = tail[d];
					p[4] = p[5] = 0x80;
					for (n = 1; n <= 6; n++)
						assert_decodes_as_oracle(p, n);
				}
			}
		}
	}
}
END_TEST

/* Every code point encodes and decodes back; the others do not encode. */
START_TEST(test_round_trip)
{
	char out[UTF8_MAX];
	uint32_t cp, back;
	size_t n;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		n = utf8_encode(cp, out);
		if (cp >= 0xd800 && cp <= 0xdfff) {
			if (n != 0)
				ck_abort_msg("surrogate U+%04X encoded",
				    (unsigned)cp);
			continue;
		}
		if (n != (cp < 0x80 ? 1u : cp < 0x800 ? 2u : cp < 0x10000 ?
		    3u : 4u) ||
		    utf8_decode((const unsigned char *)out, n, &back) != n ||
		    back != cp)
			ck_abort_msg("U+%04X: no round trip", (unsigned)cp);
		/* Cut short, it is invalid. */
		if (n > 1 && utf8_decode((const unsigned char *)out, n - 1,
		    &back) != 0)
			ck_abort_msg("U+%04X cut short decodes", (unsigned)cp);
	}
	ck_assert_uint_eq(utf8_encode(0x110000, out), 0);
	ck_assert_uint_eq(utf8_encode(0xffffffff, out), 0);
}
END_TEST

/* A code point and the class it must have. */
struct class_case {
	uint32_t cp;
	enum utf8_class class;
};

static const struct class_case class_cases[] = {
	{ 0x00, UTF8_CONTROL }, { 0x09, UTF8_CONTROL }, { 0x1b, UTF8_CONTROL },
	{ 0x1f, UTF8_CONTROL }, { 0x20, UTF8_NARROW }, { 0x7e, UTF8_NARROW },
	{ 0x7f, UTF8_CONTROL }, { 0x80, UTF8_CONTROL }, { 0x85, UTF8_CONTROL },
	{ 0x9b, UTF8_CONTROL }, { 0x9f, UTF8_CONTROL }, { 0xa0, UTF8_NARROW },
	{ 0xe9, UTF8_NARROW }, { 0x301, UTF8_MARK }, { 0x323, UTF8_MARK },
	{ 0x20e3, UTF8_MARK }, { 0x4e2d, UTF8_WIDE }, { 0x1f600, UTF8_WIDE },
	{ 0x061b, UTF8_NARROW }, { 0x061c, UTF8_FORMAT },
	{ 0x180e, UTF8_FORMAT },
	{ 0x200a, UTF8_NARROW }, { 0x200b, UTF8_FORMAT },
	{ 0x200c, UTF8_FORMAT }, { 0x200d, UTF8_FORMAT },
	{ 0x200e, UTF8_FORMAT }, { 0x200f, UTF8_FORMAT },
	{ 0x2010, UTF8_NARROW }, { 0x2027, UTF8_NARROW },
	{ 0x2028, UTF8_FORMAT }, { 0x2029, UTF8_FORMAT },
	{ 0x202a, UTF8_FORMAT }, { 0x202b, UTF8_FORMAT },
	{ 0x202c, UTF8_FORMAT }, { 0x202d, UTF8_FORMAT },
	{ 0x202e, UTF8_FORMAT }, { 0x202f, UTF8_NARROW },
	{ 0x205f, UTF8_NARROW }, { 0x2060, UTF8_FORMAT },
	{ 0x2061, UTF8_FORMAT }, { 0x2062, UTF8_FORMAT },
	{ 0x2063, UTF8_FORMAT }, { 0x2064, UTF8_FORMAT },
	{ 0x2066, UTF8_FORMAT }, { 0x2067, UTF8_FORMAT },
	{ 0x2068, UTF8_FORMAT }, { 0x2069, UTF8_FORMAT },
	{ 0x206f, UTF8_FORMAT }, { 0x2070, UTF8_NARROW },
	{ 0xfefc, UTF8_NARROW }, { 0xfeff, UTF8_FORMAT },
	{ 0xfff9, UTF8_FORMAT }, { 0xfffb, UTF8_FORMAT },
	{ 0xfffc, UTF8_NARROW }, { 0xfffd, UTF8_NARROW },
	{ 0xe0001, UTF8_FORMAT }, { 0xe0041, UTF8_FORMAT },
	{ 0xe007f, UTF8_FORMAT },
	{ 0xfdcf, UTF8_NARROW }, { 0xfdd0, UTF8_UNPRINTABLE },
	{ 0xfdef, UTF8_UNPRINTABLE }, { 0xfdf0, UTF8_NARROW },
	{ 0xfffe, UTF8_UNPRINTABLE }, { 0xffff, UTF8_UNPRINTABLE },
	{ 0x1fffe, UTF8_UNPRINTABLE }, { 0x10fffe, UTF8_UNPRINTABLE },
	{ 0x10ffff, UTF8_UNPRINTABLE }, { 0x10fffd, UTF8_NARROW },
	{ 0xe000, UTF8_NARROW }, { 0x0378, UTF8_UNPRINTABLE },
	{ 0xd800, UTF8_UNPRINTABLE }, { 0xdfff, UTF8_UNPRINTABLE },
	{ 0x110000, UTF8_UNPRINTABLE }, { 0xffffffff, UTF8_UNPRINTABLE },
};

START_TEST(test_class_cases)
{
	const struct class_case *c = &class_cases[_i];
	enum utf8_class got = utf8_class(c->cp);

	ck_assert_msg(got == c->class, "U+%04X: class %d, want %d",
	    (unsigned)c->cp, (int)got, (int)c->class);
	ck_assert_int_eq(utf8_drawable(c->cp), c->class <= UTF8_MARK);
}
END_TEST

/* Over the whole code space: nothing the policy names is drawable, and
 * utf8_drawable() agrees with the class. */
START_TEST(test_class_everywhere)
{
	uint32_t cp;
	size_t i;

	for (cp = 0; cp <= 0x110000; cp++) {
		if (utf8_drawable(cp) != (utf8_class(cp) <= UTF8_MARK))
			ck_abort_msg("U+%04X: drawable and class disagree",
			    (unsigned)cp);
		if (policy_blocked(cp) && utf8_drawable(cp))
			ck_abort_msg("U+%04X drawable", (unsigned)cp);
	}
	for (i = 0; i < sizeof policy_edges / sizeof policy_edges[0]; i++)
		if (policy_blocked(policy_edges[i]))
			ck_assert(!utf8_drawable(policy_edges[i]));
		else
			ck_assert(utf8_drawable(policy_edges[i]));
}
END_TEST

Suite *
utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc;

	tc = tcase_create("decode");
	tcase_set_timeout(tc, 60);	/* slow under the sanitizers */
	tcase_add_loop_test(tc, test_decode_cases, 0,
	    sizeof decode_cases / sizeof decode_cases[0]);
	tcase_add_test(tc, test_decode_exhaustive);
	tcase_add_test(tc, test_decode_long);
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("class");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_class_cases, 0,
	    sizeof class_cases / sizeof class_cases[0]);
	tcase_add_test(tc, test_class_everywhere);
	suite_add_tcase(s, tc);
	return s;
}
