/*
 * lineindex.h - line numbers for a text view of a file of any size.
 *
 * The index is built lazily, a slice at a time, from the main loop: each
 * lineindex_build() call counts the '\n' bytes of the next budget bytes and
 * returns, so the screen never blocks, however big the file.  It keeps one
 * checkpoint per step bytes (entry i = number of '\n' in [0, i * step)),
 * not one entry per line: with the default 1 MiB step a 64 GiB file needs
 * 65536 entries.  A query then costs a binary search of the checkpoints
 * and a count of at most one step of bytes.
 *
 * Lines are 1-based.  Line 1 starts at offset 0; line k + 1 starts after
 * the k-th '\n'.  A final line without '\n' counts as a line; the empty
 * "line" after a final '\n' does not, and an empty file has no lines.
 *
 * Every function that takes a struct textsrc reads the file's size from
 * src->size and, when it differs from the size the index last saw, first
 * applies it as lineindex_set_size() does.  A short read inside that size
 * means the file shrank: lineindex_build() takes the end of the bytes it
 * got as the end of the file (until src->size changes: the caller should
 * re-measure it); queries fail with EIO.
 */
#ifndef MMHEX_LINEINDEX_H
#define MMHEX_LINEINDEX_H

#include <stdint.h>

#include "textsrc.h"

/* Default bytes between checkpoints. */
#define LINEINDEX_STEP (1024 * 1024)

/* Results of the queries besides 0 (found) and -1 (error). */
#define LINEINDEX_PENDING	1	/* not indexed that far yet */
#define LINEINDEX_PAST_END	2	/* no such line */

struct lineindex;

/* Return a new, empty index (with a 256 KiB read buffer) that keeps a
 * checkpoint every step bytes (0: the default LINEINDEX_STEP; tests use
 * tiny steps), or NULL with errno ENOMEM, or EINVAL for a step over
 * 2^40. */
struct lineindex *lineindex_new(uint64_t step);

/* Free an index.  NULL is allowed. */
void lineindex_free(struct lineindex *idx);

/*
 * Count the newlines of the next budget bytes of src (fewer at the end of
 * the file; a budget of 0 counts nothing).  Reads in chunks of at most
 * 256 KiB.  Returns 1 when the whole file is indexed, 0 when more remains
 * (call again), or -1 with errno from src->read() or ENOMEM; after an error
 * the index keeps what it had counted and the next call resumes.
 */
int lineindex_build(struct lineindex *idx, const struct textsrc *src,
    uint64_t budget);

/* Return the offset up to which the index is complete: the bytes of
 * [0, lineindex_indexed()) have been counted. */
uint64_t lineindex_indexed(const struct lineindex *idx);

/* Return the number of '\n' in [0, lineindex_indexed()): the lines known
 * to be complete so far (for progress on a prompt). */
uint64_t lineindex_lines_known(const struct lineindex *idx);

/*
 * Set *line to the 1-based line number of the line holding offset (one
 * more than the number of '\n' before offset; offset may equal the size,
 * the position after the last byte).  Costs one count of at most one step
 * of bytes.  Returns 0, LINEINDEX_PENDING (*line untouched) when offset is
 * past lineindex_indexed() (keep building), or -1 with errno ERANGE when
 * offset is past the end of the file, EIO when the source returned short,
 * or the error of src->read().
 */
int lineindex_line_of(struct lineindex *idx, const struct textsrc *src,
    uint64_t offset, uint64_t *line);

/*
 * Set *offset to the offset of the first byte of 1-based line line.
 * Costs a binary search of the checkpoints and a count of at most one step
 * of bytes.  Returns 0; LINEINDEX_PENDING (*offset untouched) when the
 * index has not reached that line yet (keep building); LINEINDEX_PAST_END
 * when the file is indexed and has fewer lines, with *offset set to its
 * number of lines; or -1 with errno EINVAL for line 0, EIO when the source
 * returned short, or the error of src->read().
 */
int lineindex_offset_of(struct lineindex *idx, const struct textsrc *src,
    uint64_t line, uint64_t *offset);

/*
 * Tell the index the file's size is now size.  Growth keeps everything
 * (building resumes where it stopped); a shrink forgets the checkpoints
 * and counts past the new size, to be recounted by lineindex_build().
 */
void lineindex_set_size(struct lineindex *idx, uint64_t size);

/* Forget everything counted from offset on (bytes at or after offset
 * changed); lineindex_build() recounts from the last checkpoint before
 * it. */
void lineindex_invalidate(struct lineindex *idx, uint64_t offset);

/* Forget everything, as after lineindex_new() (a reopen). */
void lineindex_reset(struct lineindex *idx);

#endif
