/*
 * sanitize.h - make untrusted text safe to show on a terminal.
 *
 * File names, libmagic's answers and file bytes can hold escape sequences
 * that would reprogram the user's terminal.  Everything shown passes
 * through here first: valid, printable UTF-8 is kept; C0 and C1 control
 * characters, DEL, invalid UTF-8 and bidirectional overrides become
 * visible escapes (\e, \t, \n, \x7f, \xNN, \u202e).
 */
#ifndef MMHEX_SANITIZE_H
#define MMHEX_SANITIZE_H

#include <stddef.h>

/* Return a printable copy of the first len bytes of s; caller frees.
 * NULL with errno ENOMEM. */
char *sanitize_text(const char *s, size_t len);

/* Return a printable copy of the NUL-terminated string s; caller frees. */
char *sanitize_string(const char *s);

#endif
