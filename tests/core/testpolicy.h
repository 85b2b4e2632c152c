/*
 * testpolicy.h - the terminal safety policy of issue 13, written out a
 * second time from its statement (not from src/core/utf8.c), for the
 * suites that check no such code point ever reaches a cell or the output
 * of sanitize: grid, sanitize, textview, utf8.
 */
#ifndef MMHEX_TESTPOLICY_H
#define MMHEX_TESTPOLICY_H

#include <stdint.h>

#include "grid.h"

/* Return whether cp must never reach the terminal as itself: C0, DEL,
 * C1, the bidi controls, the zero-width and format characters, LS, PS,
 * noncharacters, surrogates and values past U+10FFFF.  (Unassigned code
 * points are blocked too, but only the C library knows which they are.) */
static inline int
policy_blocked(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 1;			/* C0, DEL, C1 */
	if (cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;			/* bidi controls */
	if ((cp >= 0x200b && cp <= 0x200d) || (cp >= 0x2060 &&
	    cp <= 0x2064) || cp == 0xfeff)
		return 1;			/* zero-width, format */
	if (cp == 0x2028 || cp == 0x2029)
		return 1;			/* LS, PS */
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 1;			/* noncharacters */
	return (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff;
}

/* Every code point the policy names, and each side of every boundary:
 * the blocked ones and the drawn neighbours (policy_blocked() tells). */
static const uint32_t policy_edges[] = {
	0x00, 0x01, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x20, 0x7e,
	0x7f, 0x80, 0x81, 0x85, 0x8d, 0x9b, 0x9c, 0x9d, 0x9f, 0xa0, 0xa1,
	0x061b, 0x061c, 0x200a, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f,
	0x2010, 0x2027, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d,
	0x202e, 0x202f, 0x205f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064,
	0x2066, 0x2067, 0x2068, 0x2069, 0xfdcf, 0xfdd0, 0xfdef, 0xfdf0,
	0xfefc, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x1fffe, 0x1ffff, 0x10fffd,
	0x10fffe, 0x10ffff, 0xd7a3, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000,
	0x110000, 0x7fffffff, 0xffffffff
};

/* Return whether cell c holds nothing the policy blocks. */
static inline int
policy_cell_ok(const struct cell *c)
{
	unsigned k;

	if (policy_blocked(c->ch))
		return 0;
	for (k = 0; k < CELL_MARKS; k++)
		if (c->marks[k] != 0 && policy_blocked(c->marks[k]))
			return 0;
	return 1;
}

#endif
