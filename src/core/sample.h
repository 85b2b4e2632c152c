/*
 * sample.h - read a record that another process may be writing, and
 * never pass off a torn read as clean.
 *
 * A writer that stores a record with plain stores (struct.pack into a
 * mapping) can be caught half-way: a copy then mixes old and new bytes.
 * sample_read() copies the record twice through the byte source (the
 * same seam as the text view's, textsrc.h) and calls it clean only when
 * both copies agree; when they differ it reads again, up to tries pairs,
 * and gives up with SAMPLE_TORN.  A torn sample's bytes are never to be
 * shown as a value: the caller marks it and counts it.  (Two equal reads
 * can still straddle a writer that paused half-way for longer than a
 * read takes; no reader can tell that without the writer's help, such as
 * a sequence counter in the record.)
 */
#ifndef MMHEX_SAMPLE_H
#define MMHEX_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "textsrc.h"

enum sample_result {
	SAMPLE_CLEAN,		/* two reads agreed: record holds them */
	SAMPLE_TORN,		/* every pair of reads differed */
	SAMPLE_SHORT		/* the file ends before the record does */
};

/* What the samples so far came to. */
struct sample_count {
	uint64_t clean;
	uint64_t torn;
	uint64_t short_reads;
};

/*
 * Read the n bytes at offset through src into record, using scratch
 * (n bytes) for the second copy, with at most tries (at least 1) pairs
 * of reads that agree.  Adds the result to *count when count is not
 * NULL.  Returns SAMPLE_CLEAN, SAMPLE_TORN (record holds the last read,
 * not a value) or SAMPLE_SHORT, or -1 with errno set when a read fails.
 */
int sample_read(const struct textsrc *src, uint64_t offset, size_t n,
    unsigned char *record, unsigned char *scratch, unsigned tries,
    struct sample_count *count);

#endif
