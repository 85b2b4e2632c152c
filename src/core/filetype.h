/*
 * filetype.h - what kind of file this is, in libmagic's words.
 */
#ifndef MMHEX_FILETYPE_H
#define MMHEX_FILETYPE_H

#include <stddef.h>

/* How many leading bytes of a file are handed to libmagic. */
#define FILETYPE_BYTES (64u * 1024u)

/*
 * Describe the file whose first len bytes are buf (len 0: an empty file),
 * as `file -b` would, sanitised for the screen (see sanitize.h).
 * Returns a string the caller frees, or NULL with *cause set to a message
 * the caller frees (libmagic missing its database, out of memory).
 */
char *filetype_describe(const void *buf, size_t len, char **cause);

#endif
