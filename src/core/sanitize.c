/*
 * sanitize.c - make untrusted text safe to show on a terminal.
 *
 * The input is decoded as UTF-8 here, byte by byte, without the C library
 * or the locale, so the result is the same whatever LC_CTYPE says.  The
 * output holds only printable ASCII and well-formed UTF-8 for code points
 * that are neither C1 controls nor bidirectional controls; everything else
 * is spelled out with backslash escapes in plain ASCII:
 *
 *   ESC, TAB, LF, CR            \e \t \n \r
 *   other C0 bytes, DEL         \xNN (lowercase hex)
 *   C1 controls (U+0080..009F)  \xNN for each of the two bytes (\xc2\x9b)
 *   invalid UTF-8               \xNN for each byte that starts no valid
 *                               sequence (overlong forms, surrogates,
 *                               code points past U+10FFFF, stray
 *                               continuation bytes, truncated sequences)
 *   bidi controls, LS and PS    \uXXXX (\u202e)
 *
 * A backslash in the input is copied as a single backslash: the output is
 * meant to be read by a person, not decoded back.
 *
 * Invariant: one input byte becomes at most four output bytes (a three-byte
 * bidi control becomes six), so 4 * len + 1 bytes always suffice.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

/* The most output bytes one input byte can turn into. */
#define SANITIZE_GROWTH 4

static const char sanitize_hex[] = "0123456789abcdef";

/* Append "\xNN" for byte c; return the new end. */
static char *
sanitize_put_byte(char *out, unsigned char c)
{
	*out++ = '\\';
	*out++ = 'x';
	*out++ = sanitize_hex[c >> 4];
	*out++ = sanitize_hex[c & 0xf];
	return out;
}

/* Append the escape for C0 control or DEL c; return the new end. */
static char *
sanitize_put_control(char *out, unsigned char c)
{
	char letter;

	switch (c) {
	case 0x1b:
		letter = 'e';
		break;
	case '\t':
		letter = 't';
		break;
	case '\n':
		letter = 'n';
		break;
	case '\r':
		letter = 'r';
		break;
	default:
		return sanitize_put_byte(out, c);
	}
	*out++ = '\\';
	*out++ = letter;
	return out;
}

/*
 * Decode one well-formed UTF-8 sequence of two to four bytes at p (n bytes
 * available).  Returns its length and stores the code point, or returns 0
 * when p does not start a well-formed sequence (RFC 3629 table: no
 * overlong forms, no surrogates, nothing past U+10FFFF).
 */
static size_t
sanitize_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;
	uint32_t c;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		need = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		c = p[0] & 0x0f;
		if (p[0] == 0xe0)
			lo = 0xa0;	/* below is overlong */
		else if (p[0] == 0xed)
			hi = 0x9f;	/* above is a surrogate */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xf0)
			lo = 0x90;	/* below is overlong */
		else if (p[0] == 0xf4)
			hi = 0x8f;	/* above is past U+10FFFF */
	} else
		return 0;
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	*cp = c;
	return need;
}

/* Is code point cp a bidirectional control or a line/paragraph separator? */
static int
sanitize_is_bidi(uint32_t cp)
{
	return cp == 0x061c ||			/* ARABIC LETTER MARK */
	    cp == 0x200e || cp == 0x200f ||	/* LRM, RLM */
	    cp == 0x2028 || cp == 0x2029 ||	/* LS, PS */
	    (cp >= 0x202a && cp <= 0x202e) ||	/* LRE .. RLO */
	    (cp >= 0x2066 && cp <= 0x2069);	/* LRI .. PDI */
}

char *
sanitize_text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *copy, *out;
	size_t i, n, k;
	uint32_t cp;

	if (s == NULL)
		len = 0;
	if (len > (SIZE_MAX - 1) / SANITIZE_GROWTH) {
		errno = ENOMEM;
		return NULL;
	}
	copy = malloc(len * SANITIZE_GROWTH + 1);
	if (copy == NULL)
		return NULL;
	out = copy;
	for (i = 0; i < len; i += n) {
		n = 1;
		if (p[i] < 0x20 || p[i] == 0x7f) {
			out = sanitize_put_control(out, p[i]);
			continue;
		}
		if (p[i] < 0x7f) {
			*out++ = (char)p[i];
			continue;
		}
		k = sanitize_decode(p + i, len - i, &cp);
		if (k == 0) {
			out = sanitize_put_byte(out, p[i]);
			continue;
		}
		n = k;
		if (cp <= 0x9f) {
			out = sanitize_put_byte(out, p[i]);
			out = sanitize_put_byte(out, p[i + 1]);
		} else if (sanitize_is_bidi(cp)) {
			*out++ = '\\';
			*out++ = 'u';
			*out++ = sanitize_hex[(cp >> 12) & 0xf];
			*out++ = sanitize_hex[(cp >> 8) & 0xf];
			*out++ = sanitize_hex[(cp >> 4) & 0xf];
			*out++ = sanitize_hex[cp & 0xf];
		} else {
			memcpy(out, p + i, k);
			out += k;
		}
	}
	*out = '\0';
	return copy;
}

char *
sanitize_string(const char *s)
{
	return sanitize_text(s, s != NULL ? strlen(s) : 0);
}

char *
sanitize_quote(const char *s, size_t len, size_t max)
{
	char *safe, *quoted;
	size_t n;
	int cut = 0;

	if (len > max) {
		/* Cut before a character, not inside one. */
		len = max;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
		cut = 1;
	}
	safe = sanitize_text(s, len);
	if (safe == NULL || !cut)
		return safe;
	n = strlen(safe);
	quoted = realloc(safe, n + 4);
	if (quoted == NULL) {
		free(safe);
		return NULL;
	}
	memcpy(quoted + n, "...", 4);
	return quoted;
}
