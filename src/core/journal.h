/*
 * journal.h - every edit, in order, so it can be undone, redone, shown
 * and saved.
 *
 * An edit is (offset, old bytes, new bytes) of one length: mmhex only
 * overwrites, so no edit changes the file's size.  The journal is a list
 * of edits with a current position: edits before it are applied, edits
 * after it were undone and can be redone.  Recording a new edit drops the
 * redo tail.  A second position marks the state last saved; the edits
 * between the two positions (in either direction) are the unsaved ones,
 * so undoing past a save makes the file differ from what was saved again.
 *
 * The journal does not touch the file: callers apply the bytes the
 * journal hands back (see edit.h).  It holds copies of all bytes it is
 * given: in memory for an edit recorded with journal_record(), in the
 * spill file (spill.h) for a big edit recorded in pieces with
 * journal_big_begin() / journal_big_add() / journal_big_end(), whose new
 * bytes may also be a repeated pattern held once.  Such an edit costs a
 * few hundred bytes of memory however long it is.
 *
 * The journal keeps a ledger (ledger.h) in step with the history: every
 * recorded edit is noted there, undo and redo set what mmhex's bytes are
 * now, and a save marks them saved.  The ledger, not the count of edits,
 * says which bytes are unsaved and what another process may have
 * changed under them.
 */
#ifndef MMHEX_JOURNAL_H
#define MMHEX_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "spill.h"

struct journal;

struct journal_edit {
	uint64_t offset;		/* first byte edited */
	size_t len;			/* bytes edited, >= 1 */
	const unsigned char *old;	/* len bytes before the edit; NULL for
					 * a big edit (journal_edit_read()) */
	const unsigned char *new;	/* len bytes after the edit; NULL for
					 * a big edit */
	struct spill_src old_src;	/* big edit: where old is */
	struct spill_src new_src;	/* big edit: where new is */
	int joined;			/* undone and redone together with
					 * the edit before it */
};

struct journal_range {
	uint64_t offset;		/* first byte */
	uint64_t len;			/* bytes, >= 1 */
};

/* Return an empty journal, or NULL with errno ENOMEM. */
struct journal *journal_new(void);

/* Free a journal.  NULL is allowed. */
void journal_free(struct journal *j);

/* Largest edit, in bytes, that merging may build (see journal_record()). */
#define JOURNAL_MERGE_MAX 4096

/*
 * Record an edit that the caller has applied: len bytes at offset went
 * from old to new.  Drops every undone edit (no redo after a new edit).
 * An edit that continues or overwrites the previous one (the next byte
 * typed, the second nibble of a byte) is merged into it, so that undo
 * takes back what the user sees as one change.  Precisely, it merges
 * when the previous edit was the last thing recorded (no undo or redo
 * since), nothing can be redone, the previous edit is not part of the
 * saved state (merging never happens across a save mark), the new edit
 * starts inside the previous one or right after it, and the merged edit
 * is at most JOURNAL_MERGE_MAX bytes.  The merged edit keeps the old
 * bytes the previous edit saw and takes the newest new bytes.
 * len 0 records nothing.  Returns 0, or -1 with errno ENOMEM, or EINVAL
 * when offset + len would pass 2^64 - 1 (the journal is then unchanged).
 */
int journal_record(struct journal *j, uint64_t offset, const void *old,
    const void *new, size_t len);

/* Flags of journal_record_step(). */
#define JOURNAL_JOIN	0x1	/* one step with the edit before it */
#define JOURNAL_ALONE	0x2	/* never merged into the edit before */

/*
 * Record an edit as journal_record() does, with flags: JOURNAL_JOIN
 * makes it one undo step with the edit recorded before it (a replace
 * over many places is undone at once; a joined edit never merges),
 * JOURNAL_ALONE keeps it from merging into the edit before.
 */
int journal_record_step(struct journal *j, uint64_t offset, const void *old,
    const void *new, size_t len, int flags);

/*
 * Begin a big edit of len bytes at offset (len >= 1): its old bytes go to
 * the spill file as they are added; its new bytes are new_src when that
 * is a pattern (spill_repeat(); the journal takes a reference), else they
 * are spilled too (pass a source of kind SPILL_NONE).  Then add the bytes
 * in order with journal_big_add() and end with journal_big_end(); no
 * other call may change the journal in between.  Returns 0, or -1 with
 * errno set (EINVAL, ENOMEM, or the spill file could not be made).
 */
int journal_big_begin(struct journal *j, uint64_t offset, uint64_t len,
    struct spill_src new_src);

/*
 * Add the next n bytes (at most LEDGER_BIG_RUN) of the big edit begun:
 * old is what the file held, new what the caller wrote.  They are
 * spilled and noted in the ledger.  Returns 0, or -1 with errno set: the
 * ledger then says mine is old for these bytes again, and the caller
 * puts the old bytes back in the file and ends the edit.
 */
int journal_big_add(struct journal *j, const void *old, const void *new,
    size_t n);

/*
 * End the big edit begun: record it as one edit over the bytes added so
 * far (all of them, or the part done when a fill was cancelled or
 * failed; nothing when none was added).  Drops the redo tail as
 * journal_record() does.  Returns 0, or -1 with errno ENOMEM (the bytes
 * added are then in the ledger but not undoable).
 */
int journal_big_end(struct journal *j);

/* Return the bytes added to the big edit begun so far. */
uint64_t journal_big_done(const struct journal *j);

/*
 * Copy the old (which 0) or new (which 1) bytes of e for file offsets
 * [x, x + n), inside e, into buf: from memory or from the spill file.
 * Returns 0, or -1 with errno set (a read of the spill failed).
 */
int journal_edit_read(struct journal *j, const struct journal_edit *e,
    int which, uint64_t x, void *buf, size_t n);

/*
 * Step back one edit.  Returns the edit to revert (the caller writes its
 * old bytes at its offset), valid until the journal next changes, or
 * NULL when there is nothing to undo.  The ledger takes the old bytes as
 * mine, except for a big edit: there the caller, writing the bytes piece
 * by piece, tells the ledger with journal_big_mine() first.
 */
const struct journal_edit *journal_undo(struct journal *j);

/* Step forward one undone edit; returns the edit to reapply (write its
 * new bytes), or NULL when there is nothing to redo.  As journal_undo(). */
const struct journal_edit *journal_redo(struct journal *j);

/* Return the edit journal_undo() (or journal_redo()) would hand back,
 * without stepping; NULL when there is none.  Valid as those. */
const struct journal_edit *journal_peek_undo(struct journal *j);
const struct journal_edit *journal_peek_redo(struct journal *j);

/* Return the k-th edit back from the last applied one (k = 0: the one
 * journal_peek_undo() gives), or forward from the first undone one;
 * NULL past either end.  Valid as journal_undo()'s. */
const struct journal_edit *journal_peek_undo_nth(struct journal *j,
    size_t k);
const struct journal_edit *journal_peek_redo_nth(struct journal *j,
    size_t k);

/*
 * Tell the ledger that the bytes [x, x + n) of the big edit e (at most
 * LEDGER_BIG_RUN, in buf) now hold its old (which 0) or new (which 1)
 * bytes: a stepped undo or redo, before journal_undo() / journal_redo().
 * Returns 0, or -1 with errno set.
 */
int journal_big_mine(struct journal *j, const struct journal_edit *e,
    int which, uint64_t x, const void *buf, size_t n);

/*
 * A stepped undo (redo 0) or redo (redo 1) of a big edit stopped after
 * its first done bytes (0 < done < len; cancelled, or a conflict or an
 * error further on): split the edit in two at that point and step over
 * the part done, so the journal matches the file: the part done is
 * undone (redoable), the rest still applied (or the reverse for redo).
 * Returns 0, or -1 with errno ENOMEM (nothing changed).
 */
int journal_big_split(struct journal *j, int redo, uint64_t done);

/* Return the journal's ledger: per byte, what mmhex wrote and what the
 * saved state holds.  Owned by the journal. */
struct ledger *journal_ledger(struct journal *j);

/*
 * Take the bytes at [offset, offset + len) as another process left them:
 * every edit (applied or undone) that covers a byte there gets bytes as
 * both its old and its new byte, and the ledger takes them as saved.
 * Undo and redo then leave those bytes alone.  This is the only change
 * ever made to a recorded edit besides a merge and a split.  In a big
 * edit the bytes are written into the spill file (a pattern is spilled
 * first).  Returns 0, or -1 with errno set (the spill file could not be
 * written, or memory ran out; some edits may hold the bytes already).
 */
int journal_adopt(struct journal *j, uint64_t offset, const void *bytes,
    size_t len);

/* Forget the history (undo and redo), keeping the ledger: used after the
 * file was brought back to its saved state by other means. */
void journal_forget(struct journal *j);

/* Return how many edits are applied (undo steps available). */
size_t journal_applied(const struct journal *j);

/* Return how many edits can be redone. */
size_t journal_redoable(const struct journal *j);

/* Mark the current state as saved. */
void journal_mark_saved(struct journal *j);

/*
 * Return the number of edits between the saved state and now: 0 when
 * what is applied is exactly what was last saved.  Undoing past a save
 * and then recording a new edit drops edits that were saved; the saved
 * state can then no longer be reached by undo and redo, and the count
 * (the dropped saved edits plus the edits recorded since the histories
 * parted) stays above 0 until the next journal_mark_saved().
 */
size_t journal_unsaved(const struct journal *j);

/*
 * Set *ranges to the byte ranges that may differ from the saved state
 * (every range written by an unsaved edit, dropped saved edits
 * included), sorted by offset, merged where they touch or overlap, and
 * *count to their number.  The array belongs to the journal and is valid
 * until it next changes.  Returns 0; *ranges is then NULL and *count 0
 * exactly when nothing is unsaved (journal_unsaved() is 0).  Returns -1
 * with errno ENOMEM (and *ranges NULL, *count 0) when memory for the
 * ranges ran out: the caller cannot tell what is unsaved.
 */
int journal_dirty(struct journal *j, const struct journal_range **ranges,
    size_t *count);

/*
 * For the window [offset, offset + n): set marks[i] to 1 where byte
 * offset + i lies in a dirty range (see journal_dirty()), 0 elsewhere.
 * Used to highlight unsaved bytes.  Cost is logarithmic in the number of
 * ranges plus n (the first call after a change also sorts the ranges);
 * if memory for the ranges runs out it falls back to a scan of the
 * unsaved edits, so it cannot fail.
 */
void journal_mark_window(struct journal *j, uint64_t offset, size_t n,
    unsigned char *marks);

#endif
