/*
 * utf8.c - the one UTF-8 decoder and the one terminal safety policy.
 *
 * The decoder follows the table of well-formed byte sequences in RFC 3629
 * (section 4): the lead byte fixes the length and the range the second
 * byte may take, which rules out overlong forms, surrogates and values
 * past U+10FFFF without decoding first.  It reads no byte past the first
 * one that is wrong, so a truncated sequence never looks at what follows.
 *
 * The classification checks the fixed list (controls, format characters,
 * noncharacters) first and asks wcwidth() only for what is left, under a
 * private C.UTF-8 locale so the answer does not depend on LC_CTYPE.
 * ASCII never reaches wcwidth().
 */
#include <locale.h>
#include <wchar.h>

#include "utf8.h"

/* The characters that draw nothing yet change what is drawn around them
 * (bidi controls, zero-width and format characters, LS and PS), in
 * ascending order. */
static const struct {
	uint32_t first, last;
} utf8_format[] = {
	{ 0x061c, 0x061c },	/* ARABIC LETTER MARK */
	{ 0x180e, 0x180e },	/* MONGOLIAN VOWEL SEPARATOR */
	{ 0x200b, 0x200f },	/* ZWSP, ZWNJ, ZWJ, LRM, RLM */
	{ 0x2028, 0x202e },	/* LS, PS, LRE, RLE, PDF, LRO, RLO */
	{ 0x2060, 0x206f },	/* WJ, invisible operators, LRI .. PDI,
				   deprecated format controls */
	{ 0xfeff, 0xfeff },	/* ZERO WIDTH NO-BREAK SPACE (BOM) */
	{ 0xfff9, 0xfffb },	/* interlinear annotation */
	{ 0xe0001, 0xe0001 },	/* LANGUAGE TAG */
	{ 0xe0020, 0xe007f }	/* tag characters: invisible ASCII */
};

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;
	uint32_t value;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		value = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		value = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* below: overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* above: a surrogate */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		value = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;	/* below: overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* above: past U+10FFFF */
	} else
		return 0;	/* continuation, C0, C1, F5..FF */
	if (n < 2 || s[1] < lo || s[1] > hi)
		return 0;
	value = value << 6 | (s[1] & 0x3f);
	for (i = 2; i < len; i++) {
		if (i >= n || (s[i] & 0xc0) != 0x80)
			return 0;
		value = value << 6 | (s[i] & 0x3f);
	}
	*cp = value;
	return len;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Return whether cp is on the list of format characters. */
static int
utf8_is_format(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof utf8_format / sizeof utf8_format[0]; i++) {
		if (cp < utf8_format[i].first)
			return 0;
		if (cp <= utf8_format[i].last)
			return 1;
	}
	return 0;
}

/* Return wcwidth(cp) under C.UTF-8, or -1 when there is no such locale. */
static int
utf8_wcwidth(uint32_t cp)
{
	static locale_t utf8;
	static int tried;
	locale_t old;
	int width;

	if (!tried) {
		tried = 1;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (utf8 == (locale_t)0)
			utf8 = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
	}
	if (utf8 == (locale_t)0)
		return -1;
	old = uselocale(utf8);
	width = wcwidth((wchar_t)cp);
	uselocale(old);
	return width;
}

/* Return what cp (U+00A0 or above) is to the screen, asking the list
 * and then wcwidth(). */
static enum utf8_class
utf8_class_slow(uint32_t cp)
{
	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return UTF8_UNPRINTABLE;
	if (utf8_is_format(cp))
		return UTF8_FORMAT;
	switch (utf8_wcwidth(cp)) {
	case 0:
		return UTF8_MARK;
	case 1:
		return UTF8_NARROW;
	case 2:
		return UTF8_WIDE;
	default:
		return UTF8_UNPRINTABLE;
	}
}

enum utf8_class
utf8_class(uint32_t cp)
{
	/* The class + 1 of each BMP code point asked before, 0 if not yet:
	 * a text screen asks for the same few hundred again and again, and
	 * wcwidth() under uselocale() costs about ten times a lookup. */
	static unsigned char known[0x10000];

	if (cp >= 0x20 && cp < 0x7f)
		return UTF8_NARROW;
	if (cp < 0xa0)
		return UTF8_CONTROL;
	if (cp > 0xffff)
		return utf8_class_slow(cp);
	if (known[cp] == 0)
		known[cp] = (unsigned char)(utf8_class_slow(cp) + 1);
	return (enum utf8_class)(known[cp] - 1);
}

int
utf8_drawable(uint32_t cp)
{
	return utf8_class(cp) <= UTF8_MARK;
}
