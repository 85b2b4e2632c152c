/*
 * errmsg.c - build the error messages of the core (see errmsg.h).
 *
 * Every message is built by errmsg_build() in one allocation of the
 * exact size; errno is saved on entry and put back (or set to the error
 * being reported) on the way out, whatever the allocation did.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "sanitize.h"

/*
 * Return "PREFIX: " (when prefix is not NULL), the formatted message and
 * ": SUFFIX" (when suffix is not NULL) in a new string, or NULL when
 * memory runs out.  errno is unspecified afterwards.
 */
static char * __attribute__((format(printf, 2, 0)))
errmsg_build(const char *prefix, const char *fmt, va_list ap,
    const char *suffix)
{
	size_t head = prefix != NULL ? strlen(prefix) + 2 : 0;
	size_t tail = suffix != NULL ? strlen(suffix) + 2 : 0;
	va_list copy;
	char *msg;
	int len;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		return NULL;
	msg = malloc(head + (size_t)len + tail + 1);
	if (msg == NULL)
		return NULL;
	if (prefix != NULL) {
		memcpy(msg, prefix, head - 2);
		memcpy(msg + head - 2, ": ", 2);
	}
	vsnprintf(msg + head, (size_t)len + 1, fmt, ap);
	if (suffix != NULL) {
		memcpy(msg + head + (size_t)len, ": ", 2);
		memcpy(msg + head + (size_t)len + 2, suffix, tail - 2);
	}
	msg[head + (size_t)len + tail] = '\0';
	return msg;
}

int
errmsg_errno(char **cause, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		*cause = errmsg_build(NULL, fmt, ap, strerror(errnum));
		va_end(ap);
	}
	errno = errnum;
	return -1;
}

int
errmsg_set(char **cause, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		*cause = errmsg_build(NULL, fmt, ap, NULL);
		va_end(ap);
	}
	errno = errnum;
	return -1;
}

int
errmsg_file(char **cause, const char *path, int errnum, const char *fmt,
    ...)
{
	char *name;
	va_list ap;

	if (cause != NULL) {
		name = sanitize_string(path != NULL ? path : "?");
		va_start(ap, fmt);
		*cause = errmsg_build(name != NULL ? name : "?", fmt, ap, NULL);
		va_end(ap);
		free(name);
	}
	errno = errnum;
	return -1;
}

char *
errmsg_format(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = errmsg_build(NULL, fmt, ap, NULL);
	va_end(ap);
	if (msg == NULL)
		errno = ENOMEM;
	return msg;
}

const char *
errmsg_show(const char *cause, const char *fallback)
{
	if (cause != NULL)
		return cause;
	return fallback != NULL ? fallback : "out of memory";
}
