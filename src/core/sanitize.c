/*
 * sanitize.c - make untrusted text safe to show on a terminal.
 *
 * The input is decoded with utf8_decode() and each character judged by
 * utf8_class() (utf8.h: the one decoder and the one policy), without the
 * user's locale, so the result is the same whatever LC_CTYPE says.  The
 * output holds only printable ASCII and well-formed UTF-8 for code points
 * utf8_drawable() allows; everything else is spelled out with backslash
 * escapes in plain ASCII:
 *
 *   ESC, TAB, LF, CR            \e \t \n \r
 *   other C0 bytes, DEL         \xNN (lowercase hex)
 *   C1 controls (U+0080..009F)  \xNN for each of the two bytes (\xc2\x9b)
 *   invalid UTF-8               \xNN for each byte that starts no valid
 *                               sequence (overlong forms, surrogates,
 *                               code points past U+10FFFF, stray
 *                               continuation bytes, truncated sequences)
 *   bidi, zero-width and format \uXXXX (\u202e, \u200b), or \UXXXXXXXX
 *   characters, LS and PS,      past U+FFFF (\U000e0041)
 *   noncharacters, unassigned
 *
 * A backslash in the input is copied as a single backslash: the output is
 * meant to be read by a person, not decoded back.
 *
 * Invariant: one input byte becomes at most four output bytes (a C0 byte
 * becomes four; a two-byte character escaped becomes six, a four-byte
 * one ten), so 4 * len + 1 bytes always suffice.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "utf8.h"

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

/* Append "\uXXXX" (or "\UXXXXXXXX" past the BMP) for cp; return the
 * new end. */
static char *
sanitize_put_codepoint(char *out, uint32_t cp)
{
	int digits = cp > 0xffff ? 8 : 4;

	*out++ = '\\';
	*out++ = cp > 0xffff ? 'U' : 'u';
	while (digits-- > 0)
		*out++ = sanitize_hex[(cp >> (4 * digits)) & 0xf];
	return out;
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
		k = utf8_decode(p + i, len - i, &cp);
		if (k == 0) {
			out = sanitize_put_byte(out, p[i]);
			continue;
		}
		n = k;
		switch (utf8_class(cp)) {
		case UTF8_NARROW:
		case UTF8_WIDE:
		case UTF8_MARK:
			memcpy(out, p + i, k);
			out += k;
			break;
		case UTF8_CONTROL:	/* C1: both bytes, as a raw C1 reads */
			out = sanitize_put_byte(out, p[i]);
			out = sanitize_put_byte(out, p[i + 1]);
			break;
		default:
			out = sanitize_put_codepoint(out, cp);
			break;
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
