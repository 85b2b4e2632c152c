/*
 * sanitize.h - make untrusted text safe to show on a terminal.
 *
 * File names, libmagic's answers and file bytes can hold escape sequences
 * that would reprogram the user's terminal, or bidi and invisible
 * characters that make it show something other than what is there.
 * Everything shown passes through here first: valid UTF-8 that
 * utf8_drawable() allows is kept; every code point on the policy list of
 * utf8.h and every byte of invalid UTF-8 becomes a visible escape.
 *
 * Precisely: ESC, TAB, LF and CR become \e \t \n \r; other C0 bytes and
 * DEL become \xNN (lowercase hex); a C1 control (U+0080..U+009F) becomes
 * \xNN for each of its two UTF-8 bytes (\xc2\x9b); each byte that starts
 * no well-formed UTF-8 sequence (utf8_decode() returns 0: stray
 * continuation bytes, truncated, overlong or surrogate sequences, code
 * points past U+10FFFF, lead bytes F5..FF) becomes \xNN; a code point
 * utf8_class() calls UTF8_FORMAT or UTF8_UNPRINTABLE (bidi controls,
 * zero-width and format characters, U+2028, U+2029, noncharacters,
 * unassigned) becomes \uXXXX, or \UXXXXXXXX past U+FFFF.  A backslash
 * stays a single backslash (the result is for reading, not for decoding
 * back).  UTF-8 is decoded here, whatever the locale says.
 * The result holds no byte below 0x20, no 0x7f, is valid UTF-8, and holds
 * only code points utf8_drawable() allows.
 */
#ifndef MMHEX_SANITIZE_H
#define MMHEX_SANITIZE_H

#include <stddef.h>

/* Return a printable copy of the first len bytes of s (which may hold
 * NULs; they become \x00); caller frees.  A NULL s is taken as empty.
 * NULL with errno ENOMEM. */
char *sanitize_text(const char *s, size_t len);

/* Return a printable copy of the NUL-terminated string s (NULL is taken
 * as empty); caller frees.  NULL with errno ENOMEM. */
char *sanitize_string(const char *s);

/*
 * Return a printable copy of the len bytes at s for quoting in a message:
 * cut to at most max bytes of input (never inside a UTF-8 character) with
 * "..." appended when cut.  Caller frees; NULL with errno ENOMEM.
 */
char *sanitize_quote(const char *s, size_t len, size_t max);

#endif
