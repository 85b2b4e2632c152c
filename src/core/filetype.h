/*
 * filetype.h - what kind of file this is, in libmagic's words.
 *
 * The viewer asks filetype_describe_fd(): libmagic then sees what it sees
 * under `file -b FILE` (the file's mode, its size, the headers an ELF
 * file points to anywhere in it, up to its own read limit of leading
 * bytes).  filetype_describe() describes bytes alone.
 */
#ifndef MMHEX_FILETYPE_H
#define MMHEX_FILETYPE_H

#include <stddef.h>

/* Leading bytes of a file that filetype_describe() is meant for: a
 * shorter buffer is taken as the whole file. */
#define FILETYPE_BYTES (64u * 1024u)

/*
 * Describe the file whose first len bytes are buf (len 0: an empty file),
 * as `file -b` would, sanitised for the screen (see sanitize.h).
 * Returns a string the caller frees, or NULL with *cause set to a message
 * the caller frees (libmagic missing its database, out of memory).
 */
char *filetype_describe(const void *buf, size_t len, char **cause);

/*
 * Describe the regular file open as fd exactly as `file -b FILE` would,
 * sanitised for the screen.  libmagic reads the file through fd with
 * read(2) and pread(2), never a mapping (so a file cut short meanwhile
 * cannot raise SIGBUS): at most its bytes_max (MAGIC_PARAM_BYTES_MAX,
 * 7 MiB in file 5.44) from the start, plus the program and section
 * headers an ELF file points to.  fd's file offset is used and put back.
 * Returns a string the caller frees, or NULL with errno set and *cause
 * set to a message the caller frees (EINVAL: not a regular file; libmagic
 * missing or without its database; out of memory).  cause may be NULL.
 */
char *filetype_describe_fd(int fd, char **cause);

#endif
