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

/*
 * The same lookup on a thread of its own: libmagic (about 1 ms for a
 * binary, 5 to 10 ms for text, on top of loading it) can then run while
 * the caller does other work.  filetype_start() copies the
 * len bytes at buf and returns at once; NULL with errno set when no
 * thread could be started (the caller then calls filetype_describe()).
 * filetype_finish() waits for the answer and returns it as
 * filetype_describe() would; it frees the job.  One job at a time.
 */
struct filetype_job;
struct filetype_job *filetype_start(const void *buf, size_t len);
char *filetype_finish(struct filetype_job *job, char **cause);

#endif
