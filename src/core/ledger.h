/*
 * ledger.h - for every byte mmhex has written, what it wrote and what the
 * file held before.
 *
 * The journal (journal.h) is the history: the list of edits behind undo
 * and redo.  The ledger is the state that history leaves, byte by byte:
 * for each byte offset mmhex ever wrote, `base` is what the file held when
 * it was last saved (or, before any save, when mmhex first wrote there)
 * and `mine` is what mmhex last put there.  Another process may write the
 * file at any moment; comparing `mine` with the mapping, or `base` with
 * the file, is how a conflict is found (see edit.h), and a byte is
 * unsaved exactly when its base and mine differ.
 *
 * The ledger is a sorted array of runs that never overlap (they may
 * touch).  A byte is "known" when a run holds it.  Only ledger_note()
 * and ledger_note_src() make bytes known; ledger_prune() forgets them.
 *
 * A run holds its bytes in memory (base and mine arrays), or, for the
 * bytes of big edits, names where they are (spill.h): base and mine are
 * then NULL and base_src, mine_src say where the bytes come from (a
 * stretch of the spill file, a repeated pattern), with the count of
 * bytes that differ.  Such a spilled run is at most LEDGER_BIG_RUN bytes,
 * so cutting one costs a bounded read.  Every function below answers the
 * same for both kinds; only ledger_runs() shows the difference.
 */
#ifndef MMHEX_LEDGER_H
#define MMHEX_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spill.h"

struct ledger;

/* Largest spilled run. */
#define LEDGER_BIG_RUN (1u << 20)

struct ledger_run {
	uint64_t offset;		/* first byte */
	size_t len;			/* bytes, >= 1 */
	unsigned char *base;		/* len bytes: saved state; NULL when
					 * spilled */
	unsigned char *mine;		/* len bytes: what mmhex wrote last;
					 * NULL when spilled */
	struct spill_src base_src;	/* spilled: where base is */
	struct spill_src mine_src;	/* spilled: where mine is */
	uint64_t differ;		/* spilled: bytes with base != mine */
};

/* Return an empty ledger, or NULL with errno ENOMEM. */
struct ledger *ledger_new(void);

/*
 * Let the ledger hold spilled runs, whose bytes are in s (owned by the
 * caller, which must outlive the ledger).  Returns 0, or -1 with errno
 * ENOMEM (for the buffers it compares through).
 */
int ledger_use_spill(struct ledger *l, struct spill *s);

/*
 * Record, as ledger_note() does, that mmhex wrote the bytes of mine_src
 * over those of base_src at [offset, offset + len): known bytes take
 * mine, unknown ones become known as spilled runs.  before and after are
 * the same len bytes in memory (to count what differs); len is at most
 * LEDGER_BIG_RUN.  Needs ledger_use_spill().  Returns 0, or -1 with
 * errno set (ENOMEM, or a read of the spill failed): the ledger may then
 * hold mine for part of the range (the caller puts the old bytes back
 * with ledger_set_mine_src()).
 */
int ledger_note_src(struct ledger *l, uint64_t offset, const void *before,
    const void *after, size_t len, struct spill_src base_src,
    struct spill_src mine_src);

/*
 * Set mine to the bytes of mine_src (the same len bytes are in after)
 * for the known bytes of [offset, offset + len), len at most
 * LEDGER_BIG_RUN: undo and redo of a big edit.  Returns 0, or -1 with
 * errno set (as ledger_note_src()).
 */
int ledger_set_mine_src(struct ledger *l, uint64_t offset, const void *after,
    size_t len, struct spill_src mine_src);

/* Free a ledger.  NULL is allowed. */
void ledger_free(struct ledger *l);

/*
 * Record that mmhex wrote after over before at [offset, offset + len).
 * Known bytes keep their base and take after as mine; bytes not yet
 * known become known with base from before.  Returns 0, or -1 with errno
 * ENOMEM (the ledger is then unchanged).
 */
int ledger_note(struct ledger *l, uint64_t offset, const void *before,
    const void *after, size_t len);

/* Set mine to bytes for the known bytes of [offset, offset + len); the
 * others are left unknown (undo and redo never make a byte known).
 * Spilled runs there are brought into memory (at most len bytes); that
 * alone can fail: -1 with errno set (nothing changed), else 0. */
int ledger_set_mine(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len);

/* Set base to bytes for the known bytes of [offset, offset + len): the
 * file there is taken to hold them as its saved state.  As
 * ledger_set_mine(). */
int ledger_set_base(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len);

/* Set base and mine to bytes for the known bytes of [offset, offset +
 * len): the bytes there are taken as they are, nothing is unsaved.  As
 * ledger_set_mine(). */
int ledger_adopt(struct ledger *l, uint64_t offset, const void *bytes,
    size_t len);

/* Set mine to base for the known bytes of [offset, offset + len): the
 * saved bytes were put back (discard).  Spilled runs stay spilled.
 * Returns 0, or -1 with errno set (ENOMEM, a read of the spill). */
int ledger_put_base(struct ledger *l, uint64_t offset, uint64_t len);

/* Set base to mine everywhere: everything mmhex wrote is saved. */
void ledger_mark_saved(struct ledger *l);

/*
 * Forget every byte at or past size (the file shrank: those bytes no
 * longer exist, and bytes that come back when it grows are not ours).
 * Returns how many of the forgotten bytes were unsaved (a spilled run
 * cut in two whose spill cannot be read counts all its bytes cut).
 */
uint64_t ledger_prune(struct ledger *l, uint64_t size);

/* Return the number of unsaved bytes (base differs from mine). */
uint64_t ledger_unsaved(const struct ledger *l);

struct ledger_range {
	uint64_t offset;		/* first byte */
	uint64_t len;			/* bytes, >= 1 */
};

/*
 * Set *ranges to the unsaved bytes as ranges, sorted (a range never spans
 * two runs, so touching ranges may follow each other), in an array the
 * caller frees, and *count to their number.  Returns 0; *ranges is then
 * NULL and *count 0 exactly when nothing is unsaved (ledger_unsaved() is
 * 0).  Returns -1 with errno ENOMEM (and *ranges NULL, *count 0) when
 * memory for the list ran out: the caller cannot tell what is unsaved
 * and must not act as if nothing were.
 */
int ledger_unsaved_ranges(const struct ledger *l, struct ledger_range **ranges,
    size_t *count);

/* Copy mine for [offset, offset + len) into buf; every byte of it must
 * be known (as the bytes of a range from ledger_unsaved_ranges()).
 * Returns 0, or -1 with errno set when a read of the spill failed. */
int ledger_copy_mine(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf);
/* The same for base. */
int ledger_copy_base(const struct ledger *l, uint64_t offset, size_t len,
    unsigned char *buf);

/* Return the runs, sorted by offset, and their number in *count.  Valid
 * until the ledger next changes; NULL with *count 0 when empty. */
const struct ledger_run *ledger_runs(const struct ledger *l, size_t *count);

/* Return the index of the first run that ends past offset (the number
 * of runs when none does). */
size_t ledger_seek(const struct ledger *l, uint64_t offset);

/*
 * For the window [offset, offset + n): set marks[i] to 1 where byte
 * offset + i is unsaved, 0 elsewhere.  Logarithmic in the runs plus n.
 * A spilled run whose spill cannot be read is marked unsaved throughout.
 */
void ledger_mark_window(const struct ledger *l, uint64_t offset, size_t n,
    unsigned char *marks);

/*
 * Call fn for each maximal range of unsaved bytes that lie in
 * [offset, offset + len), in order, stopping early when fn returns
 * non-zero (that value is returned; else 0).  base and mine point at the
 * range's bytes.  In a spilled run, a range is cut where the bytes are
 * read in pieces (so touching ranges may follow each other); -1 with
 * errno set when a read of the spill failed.
 */
int ledger_each_unsaved(const struct ledger *l, uint64_t offset, uint64_t len,
    int (*fn)(void *arg, uint64_t at, size_t n, const unsigned char *base,
    const unsigned char *mine), void *arg);

#endif
