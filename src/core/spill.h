/*
 * spill.h - where the bytes of big edits live: an unnamed temporary file
 * and repeated patterns, never the heap.
 *
 * A fill or paste of gigabytes must not hold its bytes in memory.  The
 * journal and the ledger describe such bytes with a source (struct
 * spill_src) instead of an array: either a stretch of the spill file (an
 * unlinked file in $TMPDIR, /tmp if unset, opened on first use and gone
 * with its last descriptor) or a pattern repeated from a fixed phase.
 * A source describes bytes by their file offset, so a piece of it cut at
 * any offset is the same source: splitting a run never rewrites bytes.
 *
 * The spill file is append-only: space is reserved at its end and written
 * once (all-zero chunks are skipped, so a hole's old bytes cost no disk);
 * only spill_write(..., 0) rewrites bytes in place, when the user keeps
 * another process's bytes (journal_adopt()).  Space is given back when
 * the spill is freed.
 */
#ifndef MMHEX_SPILL_H
#define MMHEX_SPILL_H

#include <stddef.h>
#include <stdint.h>

struct spill;

/* Longest pattern a fill may repeat. */
#define SPILL_PATTERN_MAX 4096

/* A pattern shared by the sources that repeat it (reference counted). */
struct spill_pattern {
	unsigned refs;			/* sources holding it */
	size_t len;			/* bytes, 1 .. SPILL_PATTERN_MAX */
	size_t phase;			/* file offset of a copy's start, mod len */
	unsigned char bytes[];		/* the pattern */
};

enum spill_kind {
	SPILL_NONE,			/* no source (bytes are in memory) */
	SPILL_FILE,			/* a stretch of the spill file */
	SPILL_REPEAT			/* a repeated pattern */
};

/* Where the bytes of a stretch of the file come from. */
struct spill_src {
	enum spill_kind kind;
	uint64_t shift;			/* SPILL_FILE: the byte of file offset
					 * x is at spill offset x + shift
					 * (mod 2^64) */
	struct spill_pattern *pat;	/* SPILL_REPEAT: pat->bytes[(x -
					 * phase) mod len] */
};

/* Return an empty spill (no file yet), or NULL with errno ENOMEM. */
struct spill *spill_new(void);

/* Close the file and free.  NULL is allowed. */
void spill_free(struct spill *s);

/*
 * Reserve len bytes at the end of the spill file (opening it on first
 * use) and store their offset in *at.  The bytes read as zeros until
 * written.  Returns 0, or -1 with errno set (from open or ftruncate).
 */
int spill_reserve(struct spill *s, uint64_t len, uint64_t *at);

/*
 * Write n bytes at spill offset at (inside a reserved stretch).  When
 * fresh is set, the stretch was never written, so all-zero 4 KiB blocks
 * are skipped (they read as zeros).  Returns 0, or -1 with errno set.
 */
int spill_write(struct spill *s, uint64_t at, const void *buf, size_t n,
    int fresh);

/* Bytes of spill file reserved so far (disk used is at most this). */
uint64_t spill_size(const struct spill *s);

/*
 * Return a pattern source for the len bytes of bytes repeated so that a
 * copy starts at file offset origin, or a source of kind SPILL_NONE with
 * errno ENOMEM (or EINVAL: len 0 or past SPILL_PATTERN_MAX).
 */
struct spill_src spill_repeat(const void *bytes, size_t len, uint64_t origin);

/* Return a source for bytes spilled at spill offset at for file offset
 * offset. */
struct spill_src spill_at(uint64_t at, uint64_t offset);

/* Take one more reference to src (returned) / drop one. */
struct spill_src spill_src_ref(struct spill_src src);
void spill_src_unref(struct spill_src *src);

/* Say whether a and b give the same bytes everywhere (same stretch of
 * the spill, or the same pattern at the same phase). */
int spill_src_same(struct spill_src a, struct spill_src b);

/*
 * Copy the n bytes src gives for file offsets [x, x + n) into buf.
 * Returns 0, or -1 with errno set (a read of the spill file failed).
 */
int spill_src_read(const struct spill *s, struct spill_src src, uint64_t x,
    void *buf, size_t n);

#endif
