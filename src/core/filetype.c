/*
 * filetype.c - what kind of file this is, in libmagic's words.
 *
 * libmagic is handed a copy of the file's first bytes (taken out of the
 * mapping under the guard by the caller), never the file itself, so it
 * can neither block on it nor fault on it.  Its answer is untrusted text
 * (it quotes strings out of the file) and is sanitised before use.
 */
#include <errno.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filetype.h"
#include "sanitize.h"

/* Set *cause to a copy of message, or of what libmagic said. */
static void
filetype_cause(char **cause, const char *what, magic_t cookie)
{
	const char *why = cookie != NULL ? magic_error(cookie) : NULL;
	size_t len;

	if (cause == NULL)
		return;
	if (why == NULL)
		why = strerror(errno != 0 ? errno : ENOMEM);
	len = strlen(what) + strlen(why) + 3;
	*cause = malloc(len);
	if (*cause != NULL)
		snprintf(*cause, len, "%s: %s", what, why);
}

char *
filetype_describe(const void *buf, size_t len, char **cause)
{
	magic_t cookie;
	const char *answer;
	char *result = NULL;

	if (cause != NULL)
		*cause = NULL;
	cookie = magic_open(MAGIC_NONE | MAGIC_ERROR);
	if (cookie == NULL) {
		filetype_cause(cause, "libmagic", NULL);
		return NULL;
	}
	if (magic_load(cookie, NULL) == -1) {
		filetype_cause(cause, "libmagic: cannot load its database",
		    cookie);
		goto out;
	}
	/* magic_buffer() wants a non-NULL buffer even for no bytes. */
	answer = magic_buffer(cookie, len > 0 ? buf : "", len);
	if (answer == NULL) {
		filetype_cause(cause, "libmagic", cookie);
		goto out;
	}
	result = sanitize_string(answer);
	if (result == NULL)
		filetype_cause(cause, "libmagic", NULL);
out:
	magic_close(cookie);
	return result;
}
