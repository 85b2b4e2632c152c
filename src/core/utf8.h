/*
 * utf8.h - the one UTF-8 decoder and the one terminal safety policy.
 *
 * Every piece of mmhex that turns bytes into characters for the screen
 * (the grid, sanitize, the text view) decodes here and asks here whether
 * a character may be drawn.  UTF-8 is decoded whatever the user's locale
 * says.
 *
 * The policy: these code points never reach the terminal as themselves;
 * the callers replace them ('?' in the grid) or show them as a visible
 * escape (sanitize, the text view):
 *
 *   UTF8_CONTROL      C0 controls U+0000..U+001F, DEL U+007F, C1 controls
 *                     U+0080..U+009F
 *   UTF8_FORMAT       characters that draw nothing yet change what is
 *                     drawn around them: the bidi controls U+061C (ALM),
 *                     U+200E, U+200F (LRM, RLM), U+202A..U+202E (LRE ..
 *                     RLO), U+2066..U+2069 (LRI .. PDI); the zero-width
 *                     and format characters U+180E, U+200B..U+200D,
 *                     U+2060..U+2064, U+206A..U+206F, U+FEFF, U+FFF9..
 *                     U+FFFB, U+E0001, U+E0020..U+E007F (tags); the
 *                     separators U+2028, U+2029
 *   UTF8_UNPRINTABLE  noncharacters (U+FDD0..U+FDEF and U+nFFFE, U+nFFFF
 *                     in every plane), surrogates, anything past
 *                     U+10FFFF, and code points wcwidth() calls
 *                     unprintable (unassigned); without a UTF-8 locale to
 *                     ask, every non-ASCII code point
 *
 * Everything else is drawn: UTF8_NARROW (one column), UTF8_WIDE (two
 * columns: East Asian wide, emoji) or UTF8_MARK (a combining mark: no
 * column of its own, drawn over the character before it).  Widths come
 * from wcwidth() under a private C.UTF-8 locale (doc/design.md says why).
 *
 * utf8_class() is not thread-safe: it makes the private locale on first
 * use and remembers the class of each BMP code point it was asked about
 * (64 KiB, touched only where asked).  The screen code calls it from the
 * main thread only.
 */
#ifndef MMHEX_UTF8_H
#define MMHEX_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes one UTF-8 character takes. */
#define UTF8_MAX	4

/* What a code point is to the screen (see the policy above). */
enum utf8_class {
	UTF8_NARROW,		/* drawn, one column */
	UTF8_WIDE,		/* drawn, two columns */
	UTF8_MARK,		/* drawn over the character before, no column */
	UTF8_CONTROL,		/* C0, DEL, C1: never drawn */
	UTF8_FORMAT,		/* bidi, zero-width, format, LS, PS: never
				   drawn, shown as an escape */
	UTF8_UNPRINTABLE	/* noncharacter, unassigned, surrogate, past
				   U+10FFFF: never drawn */
};

/*
 * Decode one character from the n bytes at s.  Returns its length (1 to
 * 4) and stores the code point in *cp, or returns 0 (*cp untouched) when
 * s does not start a well-formed sequence within n bytes: n is 0, a stray
 * continuation byte, a lead byte C0, C1 or F5..FF (overlong, or the old
 * 5- and 6-byte forms), a missing continuation byte, an overlong form, a
 * surrogate (U+D800..U+DFFF) or a value past U+10FFFF.  Callers treat a
 * 0 as one invalid byte and go on at s + 1.
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/*
 * Encode code point cp (at most U+10FFFF, not a surrogate) into out,
 * which has room for UTF8_MAX bytes.  Returns the bytes written (1 to 4),
 * or 0 for a value that has no encoding.
 */
size_t utf8_encode(uint32_t cp, char *out);

/* Return what cp is to the screen; any uint32_t is allowed. */
enum utf8_class utf8_class(uint32_t cp);

/* Return whether cp may go to the terminal as itself (as a character,
 * wide character or combining mark). */
int utf8_drawable(uint32_t cp);

#endif
