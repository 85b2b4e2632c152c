/*
 * fuzz-addr.c - libFuzzer target for goto expressions, plain numbers and
 * the sanitiser (addr.h, sanitize.h).
 *
 * Input layout: byte 0 picks the file size, byte 1 the cursor, the rest
 * is the expression (cut at its first NUL for the parsers, given whole to
 * sanitize_text()).  Missing header bytes count as 0.
 *
 *   size:   SIZES[b0 & 15], moved by b0 >> 4 (up, or down if up would
 *           wrap), so both sides of 0, 1, 2^32 and 2^64 - 1 come up
 *   cursor: by b1 & 3, with k = b1 >> 2: k, size - 1 - k, size / 2 + k
 *           (kept inside the file), or size + k (a cursor outside the
 *           file, which must not break the invariants either)
 *
 * Any broken invariant calls abort(), which libFuzzer and the replayer
 * both report as a crash.  Where the compiler has 128-bit integers, every
 * answer of addr_parse() is compared with a second, simpler evaluator
 * that cannot overflow.  Invariants: a parse that succeeds leaves no
 * cause and gives an offset below the size (0 for an empty file); one
 * that fails gives a printable cause and leaves the result alone; the
 * answer does not depend on whether a cause is asked for; a text that
 * addr_parse_number() accepts is the same offset to addr_parse(); the
 * sanitiser's output has no control character (C0, DEL, C1), no bidi
 * control, is valid UTF-8, at most four times the input, and printable
 * ASCII comes through unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a failed parse must leave in the result. */
#define UNTOUCHED UINT64_C(0xa5a5a5a5a5a5a5a5)

static const uint64_t sizes[16] = {
	0, 1, 2, 15, 100, 4096, 65536, UINT64_C(0xffffffff),
	UINT64_C(0x100000000), UINT64_C(64) << 30, UINT64_C(1) << 40,
	UINT64_C(1) << 62, UINT64_C(1) << 63, UINT64_MAX / 100,
	UINT64_MAX - 1, UINT64_MAX,
};

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Return the length of the valid UTF-8 character at p, storing its code
 * point, or 0 if it is not one. */
static size_t
fuzz_utf8(const unsigned char *p, size_t n, uint32_t *cp)
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
	    (len == 4 && c < 0x10000) || (c >= 0xd800 && c <= 0xdfff) ||
	    c > 0x10ffff)
		return 0;
	*cp = c;
	return len;
}

/* Abort unless text is safe to print on a terminal. */
static void
fuzz_check_printable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i, k;
	uint32_t cp = 0;

	for (i = 0; i < n; i += k) {
		k = fuzz_utf8(p + i, n - i, &cp);
		fuzz_check(k != 0);
		fuzz_check(cp >= 0x20 && cp != 0x7f);
		fuzz_check(cp < 0x80 || cp > 0x9f);
		fuzz_check(cp != 0x061c && cp != 0x200e && cp != 0x200f);
		fuzz_check(cp < 0x2028 || cp > 0x202e);
		fuzz_check(cp < 0x2066 || cp > 0x2069);
	}
}

#ifdef __SIZEOF_INT128__
/*
 * A second evaluator, the oracle for addr_parse(): written from the
 * grammar in addr.h, it does its arithmetic in 128 bits and compares with
 * 2^64 - 1 at the end instead of guarding each step, so a missed overflow
 * check in addr.c shows up as a different answer.  Returns 0 and stores
 * the offset, or -1 if the expression must be refused.
 */
typedef unsigned __int128 fuzz_wide;

#define FUZZ_MAX ((fuzz_wide)UINT64_MAX)

/* Is c a blank between tokens? */
static int
fuzz_blank(char c)
{
	return c != '\0' && strchr(" \t\n\r\v\f", c) != NULL;
}

/* Is c part of a word? */
static int
fuzz_word_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

/* Return c in lower case (ASCII only). */
static char
fuzz_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Convert the n digits at s in base 10 or 16; -1 if empty or not digits. */
static int
fuzz_digits(const char *s, size_t n, unsigned base, fuzz_wide *value)
{
	const char *digits = "0123456789abcdef", *d;
	fuzz_wide v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		d = memchr(digits, fuzz_lower(s[i]), base);
		if (d == NULL)
			return -1;
		if (v <= FUZZ_MAX)	/* once past 2^64 it stays past */
			v = v * base + (fuzz_wide)(d - digits);
	}
	*value = v;
	return 0;
}

/* Evaluate the word of n bytes at w: 'end' or a number with a unit. */
static int
fuzz_ref_word(const char *w, size_t n, uint64_t size, fuzz_wide *value,
    int *unit, int *end)
{
	const char *units = "kmgt", *u;
	unsigned shift = 0;
	int rc;

	*unit = *end = 0;
	if (n == 3 && fuzz_lower(w[0]) == 'e' && fuzz_lower(w[1]) == 'n' &&
	    fuzz_lower(w[2]) == 'd') {
		*value = size;
		*end = 1;
		return 0;
	}
	if (n > 1 && (u = memchr(units, fuzz_lower(w[n - 1]), 4)) != NULL) {
		shift = 10 * (unsigned)(u - units + 1);
		*unit = 1;
		n--;
	}
	if (n >= 2 && w[0] == '0' && fuzz_lower(w[1]) == 'x')
		rc = fuzz_digits(w + 2, n - 2, 16, value);
	else if (n >= 1 && fuzz_lower(w[n - 1]) == 'h')
		rc = fuzz_digits(w, n - 1, 16, value);
	else
		rc = fuzz_digits(w, n, 10, value);
	if (rc != 0 || *value > FUZZ_MAX)
		return -1;
	*value <<= shift;
	return *value > FUZZ_MAX ? -1 : 0;
}

/* Evaluate expr by the grammar of addr.h. */
static int
fuzz_reference(const char *expr, uint64_t cursor, uint64_t size,
    uint64_t *result)
{
	const char *p = expr;
	fuzz_wide sum[2] = { 0, 0 }, value, offset;
	size_t n;
	int relative = 0, end_used = 0, negative = 0, unit, end;

	while (fuzz_blank(*p))
		p++;
	if (*p == '\0')
		return -1;
	if (*p == '+' || *p == '-') {
		relative = 1;
		negative = *p++ == '-';
		sum[0] = cursor;
	}
	for (;;) {
		while (fuzz_blank(*p))
			p++;
		if (*p == '.') {
			value = cursor;
			p++;
		} else if (*p == '$') {
			value = size;
			end_used = 1;
			p++;
		} else if (fuzz_word_char(*p)) {
			for (n = 0; fuzz_word_char(p[n]); n++)
				/* nothing */;
			if (fuzz_ref_word(p, n, size, &value, &unit,
			    &end) != 0)
				return -1;
			p += n;
			end_used |= end;
			while (fuzz_blank(*p))
				p++;
			if (*p == '%' && !end) {
				if (unit)
					return -1;
				value = value * size / 100;
				if (value > FUZZ_MAX)
					return -1;
				end_used = 1;
				p++;
			}
		} else
			return -1;
		sum[negative] += value;
		while (fuzz_blank(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p != '+' && *p != '-')
			return -1;
		negative = *p++ == '-';
	}
	if (sum[0] > FUZZ_MAX || sum[1] > FUZZ_MAX || sum[1] > sum[0])
		return -1;
	offset = sum[0] - sum[1];
	if (!relative && end_used && size != 0 && offset == size)
		offset = size - 1;
	if (offset >= size && offset != 0)
		return -1;
	*result = (uint64_t)offset;
	return 0;
}
#endif

/* Pick the file size from the first header byte. */
static uint64_t
fuzz_size(uint8_t b)
{
	uint64_t base = sizes[b & 15], delta = b >> 4;

	if (base > UINT64_MAX - delta)
		return base - delta;
	return base + delta;
}

/* Pick the cursor from the second header byte. */
static uint64_t
fuzz_cursor(uint8_t b, uint64_t size)
{
	uint64_t k = b >> 2, last = size != 0 ? size - 1 : 0;

	switch (b & 3) {
	case 0:
		return k < last ? k : last;
	case 1:
		return k < last ? last - k : 0;
	case 2:
		return size / 2 + k < last ? size / 2 + k : last;
	}
	return size + k;	/* outside the file; may wrap, that is fine */
}

/* Parse expr as a goto expression and check the invariants. */
static void
fuzz_parse(const char *expr, uint64_t cursor, uint64_t size)
{
	uint64_t result = UNTOUCHED, quiet = UNTOUCHED;
	char *cause = NULL;
	int rc, quiet_rc;

	rc = addr_parse(expr, cursor, size, &result, &cause);
	fuzz_check(rc == 0 || rc == -1);
	if (rc == 0) {
		fuzz_check(cause == NULL);
		fuzz_check(size == 0 ? result == 0 : result < size);
	} else {
		fuzz_check(cause != NULL && *cause != '\0');
		fuzz_check(result == UNTOUCHED);
		fuzz_check_printable(cause);
	}
	free(cause);

	quiet_rc = addr_parse(expr, cursor, size, &quiet, NULL);
	fuzz_check(quiet_rc == rc);
	fuzz_check(quiet == result);

#ifdef __SIZEOF_INT128__
	{
		uint64_t want = UNTOUCHED;

		fuzz_check(fuzz_reference(expr, cursor, size, &want) == rc);
		fuzz_check(want == result);
	}
#endif
}

/* Parse expr as a plain number and check it against addr_parse(). */
static void
fuzz_number(const char *expr, uint64_t cursor, uint64_t size)
{
	uint64_t value = UNTOUCHED, offset = UNTOUCHED;
	char *cause = NULL;
	int rc;

	rc = addr_parse_number(expr, &value, &cause);
	fuzz_check(rc == 0 || rc == -1);
	if (rc == -1) {
		fuzz_check(cause != NULL && *cause != '\0');
		fuzz_check(value == UNTOUCHED);
		fuzz_check_printable(cause);
		free(cause);
		return;
	}
	fuzz_check(cause == NULL);

	/* A plain number is an absolute goto expression. */
	rc = addr_parse(expr, cursor, size, &offset, &cause);
	if (value < size || value == 0) {
		fuzz_check(rc == 0);
		fuzz_check(offset == value);
	} else {
		fuzz_check(rc == -1);
		fuzz_check(offset == UNTOUCHED);
	}
	free(cause);
}

/* Sanitise the len bytes at text and check the output. */
static void
fuzz_sanitize(const char *text, size_t len)
{
	char *out, *again;
	size_t i, out_len;
	int plain = 1;

	out = sanitize_text(text, len);
	fuzz_check(out != NULL);
	fuzz_check_printable(out);
	out_len = strlen(out);
	fuzz_check(out_len <= 4 * len);
	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < 0x20 ||
		    (unsigned char)text[i] > 0x7e)
			plain = 0;
	}
	if (plain)
		fuzz_check(out_len == len && memcmp(out, text, len) == 0);

	/* The string form stops at the first NUL and agrees otherwise. */
	again = sanitize_string(text);
	fuzz_check(again != NULL);
	if (memchr(text, '\0', len) == NULL)
		fuzz_check(strcmp(out, again) == 0);
	free(again);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t file_size, cursor;
	size_t len;
	char *expr;

	file_size = fuzz_size(size > 0 ? data[0] : 0);
	cursor = fuzz_cursor(size > 1 ? data[1] : 0, file_size);
	len = size > 2 ? size - 2 : 0;

	expr = malloc(len + 1);
	if (expr == NULL)
		return 0;
	if (len > 0)
		memcpy(expr, data + 2, len);
	expr[len] = '\0';

	fuzz_parse(expr, cursor, file_size);
	fuzz_number(expr, cursor, file_size);
	fuzz_sanitize(expr, len);

	free(expr);
	return 0;
}
