/*
 * spool.h - standard input (a pipe, a socket) made mappable.
 *
 * A pipe cannot be mapped, so its bytes are copied, as they arrive, into
 * an unlinked temporary file ($TMPDIR, else /tmp; a memfd when no
 * directory will do), which is mapped instead.  The copy runs on a thread
 * of its own, so the viewer shows the bytes so far and the file grows
 * under it as the watch sees growth; --find waits for the end first.
 */
#ifndef MMHEX_SPOOL_H
#define MMHEX_SPOOL_H

#include <stdint.h>

struct spool;

/*
 * Start copying in_fd (which the spool then owns and closes) into a new
 * temporary file.  Returns the spool, or NULL with *cause set (caller
 * frees).
 */
struct spool *spool_start(int in_fd, char **cause);

/* Return the temporary file's descriptor (the spool keeps it open). */
int spool_fd(const struct spool *s);

/* Return the bytes copied so far. */
uint64_t spool_bytes(const struct spool *s);

/* Return 0 while copying, 1 once the input ended, -1 after an error
 * (reading the input or writing the file; *errnum set when not NULL). */
int spool_state(const struct spool *s, int *errnum);

/* Wait until the input ends.  Returns 0, or -1 with errno after an
 * error (the bytes before it are in the file). */
int spool_wait(struct spool *s);

/* Stop copying (at once, even while the input is silent), close the
 * input and the file; NULL is allowed. */
void spool_free(struct spool *s);

#endif
