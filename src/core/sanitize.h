/*
 * sanitize.h - make untrusted text safe to show on a terminal.
 *
 * File names, libmagic's answers and file bytes can hold escape sequences
 * that would reprogram the user's terminal.  Everything shown passes
 * through here first: valid, printable UTF-8 is kept; C0 and C1 control
 * characters, DEL, invalid UTF-8 and bidirectional overrides become
 * visible escapes (\e, \t, \n, \x7f, \xNN, \u202e).
 *
 * Precisely: ESC, TAB, LF and CR become \e \t \n \r; other C0 bytes and
 * DEL become \xNN (lowercase hex); a C1 control (U+0080..U+009F) becomes
 * \xNN for each of its two UTF-8 bytes (\xc2\x9b); each byte that starts
 * no well-formed UTF-8 sequence (stray continuation bytes, truncated,
 * overlong or surrogate sequences, code points past U+10FFFF) becomes
 * \xNN; the bidi controls U+061C, U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069 and the separators U+2028, U+2029 become \uXXXX.  A
 * backslash stays a single backslash (the result is for reading, not for
 * decoding back).  UTF-8 is decoded here, whatever the locale says.
 * The result holds no byte below 0x20, no 0x7f, and is valid UTF-8.
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
