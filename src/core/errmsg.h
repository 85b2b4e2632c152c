/*
 * errmsg.h - the error messages core functions hand back in a char **cause.
 *
 * A core function that fails returns -1 (or NULL) with errno set and, when
 * its caller passed a cause pointer, a message in *cause that the caller
 * frees.  Messages read "what failed: strerror", lowercase, with no final
 * period; the front end puts "mmhex: " (and the file's name when the
 * message lacks it) in front.  This module is the one place those
 * messages are built.  Every function here keeps these rules:
 *
 *   - cause may be NULL: nothing is built, errno is still set.
 *   - errno on return is the error being reported (the errnum passed, or
 *     the errno at the call), never the ENOMEM of building the message,
 *     so callers can still tell EAGAIN from EEXIST from EIO.
 *   - When memory for the message runs out, *cause is set to NULL.  A
 *     NULL cause after a failure therefore means "no message: out of
 *     memory"; errmsg_show() turns it into the caller's fallback.
 */
#ifndef MMHEX_ERRMSG_H
#define MMHEX_ERRMSG_H

/*
 * Set *cause to the formatted message followed by ": " and the text of
 * the errno in effect at the call: "cannot save (fsync): Input/output
 * error".  errno is left as it was.  Returns -1, so that a failing path
 * can end with `return errmsg_errno(cause, "cannot write");`.
 */
int errmsg_errno(char **cause, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Set *cause to the formatted message as it stands (the message says
 * why itself) and errno to errnum.  Returns -1.
 */
int errmsg_set(char **cause, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Set *cause to "NAME: " and the formatted message, NAME being path
 * sanitised for the screen (sanitize_string(); "?" if that fails), and
 * errno to errnum.  Returns -1.
 */
int errmsg_file(char **cause, const char *path, int errnum,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Return the formatted text in a new string the caller frees, or NULL
 * with errno ENOMEM.  For messages that are not failures (a note that
 * goes with a success) and for parts of a message.
 */
char *errmsg_format(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Return the text to show for a failure: cause when there is one, else
 * fallback (what the caller can say without memory: "save failed",
 * strerror(errno)), else "out of memory".  Never NULL; the result is
 * one of the three pointers (or a static string), nothing is allocated.
 */
const char *errmsg_show(const char *cause, const char *fallback);

#endif
