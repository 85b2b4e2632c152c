/*
 * edit.h - change the bytes of a mapped file through the journal.
 *
 * Every change to the file's bytes goes through here: the bytes are
 * written into the mapping (shared: the file changes at once; private:
 * only mmhex's copy changes) and the change is recorded in the journal,
 * so it can be undone, redone, highlighted and saved.  Edits never change
 * the file's size.
 */
#ifndef MMHEX_EDIT_H
#define MMHEX_EDIT_H

#include <stddef.h>
#include <stdint.h>

#include "journal.h"
#include "map.h"

/*
 * Another process may write the file at any moment.  Before mmhex writes
 * over bytes it wrote before (undo, redo, discard, save), it compares
 * them: where the file no longer holds what mmhex last wrote there,
 * another process changed it, and that is a conflict.  Nothing is written
 * over a conflict; the caller names the ranges and the user chooses:
 * keep theirs (edit_keep_theirs) or write mine again (edit_keep_mine).
 */

/* Where a conflict is looked for. */
enum edit_check {
	EDIT_CHECK_MAP,		/* the mapping against mine (-w: the file) */
	EDIT_CHECK_FILE		/* the file (pread) against the saved bytes
				 * and mine: -c, before writing the edits */
};

/* Ranges where another process changed bytes under mmhex's. */
struct edit_conflicts {
	struct journal_range *ranges;	/* sorted, disjoint */
	size_t count;			/* ranges */
	size_t room;			/* ranges allocated */
	uint64_t bytes;			/* bytes in them */
	enum edit_check check;		/* how they were found */
};

/*
 * Look for conflicts in [offset, offset + len) (UINT64_MAX: to the end),
 * over the unsaved bytes only when unsaved_only is set, else over every
 * byte the ledger knows.  Fills *c (free it with edit_conflicts_free()).
 * Returns the number of conflicting ranges, or -1 with errno set (ENOMEM,
 * or a read error).  Bytes past the file's end are not looked at.
 */
ssize_t edit_check(struct map *m, struct journal *j, enum edit_check check,
    uint64_t offset, uint64_t len, int unsaved_only,
    struct edit_conflicts *c);

/* Free the ranges of c and empty it. */
void edit_conflicts_free(struct edit_conflicts *c);

/*
 * Resolve conflicts found by edit_check(): keep the other process's bytes
 * (they become both mine and saved in the journal, and in -c the private
 * copy shows them too).  Returns 0, or -1 with errno set.
 */
int edit_keep_theirs(struct map *m, struct journal *j,
    const struct edit_conflicts *c);

/*
 * Resolve conflicts the other way: EDIT_CHECK_MAP writes mine again into
 * the mapping (in -w, over the other process's bytes); EDIT_CHECK_FILE
 * takes the file's bytes as the saved state, so the next apply writes
 * mine over them.  Returns 0, or -1 with errno set.
 */
int edit_keep_mine(struct map *m, struct journal *j,
    const struct edit_conflicts *c);

/*
 * Overwrite len bytes at offset with bytes, and record the edit.
 * Fails with errno EROFS on a read-only map, ERANGE when the range does
 * not lie inside the file, EFAULT when the file shrank under the write
 * (nothing is recorded then), ENOMEM.  Returns 0 or -1.
 */
int edit_overwrite(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len);

/* Edits of at least this many bytes are big: spilled, and stepped. */
#define EDIT_BIG 65536

/* Bytes a job handles per piece (and so the least a step does). */
#define EDIT_JOB_PIECE (1u << 20)

/*
 * Paste: overwrite len bytes at offset with bytes, as one edit that
 * never merges with typing.  Refused past the end (ERANGE: nothing is
 * written), in a read-only map (EROFS).  A paste of EDIT_BIG bytes or
 * more is spilled (see edit_paste_begin() for a stepped one).  Returns 0
 * or -1 with errno set.
 */
int edit_paste(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len);

/*
 * Fill [offset, offset + len) with the plen bytes of pattern repeated
 * (a copy starts at offset; the last may be cut), as one edit.  Checks
 * as edit_paste() (EINVAL: plen 0 or past SPILL_PATTERN_MAX).  A fill of
 * EDIT_BIG bytes or more runs edit_fill_begin() to the end.  Returns 0
 * or -1 with errno set (after a failure part way, the part done is
 * recorded as the edit; see edit_job_end()).
 */
int edit_fill(struct map *m, struct journal *j, uint64_t offset, uint64_t len,
    const void *pattern, size_t plen);

/*
 * Replace: write the len bytes of bytes at each of count offsets, as one
 * undo step (undo and redo take every replacement back at once).  Every
 * offset is checked inside the file before anything is written (ERANGE,
 * EROFS, EINVAL for count 0); they may come in any order and overlap
 * (later ones win).  Returns 0, or -1 with errno set; a failure part way
 * leaves the replacements made so far in the file, as one undo step.
 */
int edit_replace(struct map *m, struct journal *j, const uint64_t *offsets,
    size_t count, const void *bytes, size_t len);

/*
 * Stepped big operations: a fill, paste, undo or redo of gigabytes is a
 * job the caller steps from its loop (as save_as_step()), so the screen
 * never freezes; progress is edit_job_done() of edit_job_total() bytes.
 * While a job runs, nothing else may change the journal or write the
 * file through this module (the app refuses edits while busy).
 *
 * A job ends with edit_job_end(), finished or not.  Cancelling (ending
 * early) keeps what was done, consistently, and undoes nothing: a fill
 * or paste is recorded as an edit of the bytes written so far; an undo
 * (redo) stopped part way splits the edit in two, the part done undone
 * (redone) and the rest as it was, so the next undo (redo) goes on where
 * it stopped.  The same holds when a step fails.
 */
struct edit_job;

/* Begin a fill (see edit_fill()) of any size.  Returns the job, or NULL
 * with errno set (nothing done). */
struct edit_job *edit_fill_begin(struct map *m, struct journal *j,
    uint64_t offset, uint64_t len, const void *pattern, size_t plen);

/* Begin a paste (see edit_paste()) of any size; bytes must stay valid
 * until the job ends.  Returns the job, or NULL with errno set. */
struct edit_job *edit_paste_begin(struct map *m, struct journal *j,
    uint64_t offset, const void *bytes, size_t len);

/*
 * Begin an undo (redo 0) or redo (redo 1) of the next step.  Returns the
 * job, or NULL: errno 0 when there is nothing to undo (redo), else set.
 * A small step is done whole by the first edit_job_step().
 */
struct edit_job *edit_undo_begin(struct map *m, struct journal *j, int redo);

/*
 * Do about budget bytes of the job (at least one piece).  Returns 1 when
 * there is more to do, 0 when the job is finished (end it with
 * edit_job_end()), -1 with errno set when it stopped: EAGAIN when an
 * undo or redo in -w found bytes another process changed in the next
 * piece (the ranges in *c, which the caller frees; nothing of that piece
 * was written), else the write's or the spill's error.  After -1 only
 * edit_job_end() may be called.
 */
int edit_job_step(struct edit_job *job, uint64_t budget,
    struct edit_conflicts *c);

/* Bytes done and in all; the edit's first byte (for the cursor). */
uint64_t edit_job_done(const struct edit_job *job);
uint64_t edit_job_total(const struct edit_job *job);
uint64_t edit_job_offset(const struct edit_job *job);

/*
 * End the job, finished or not (cancel), and free it: record what was
 * done as above.  Returns 0, or -1 with errno ENOMEM when the journal
 * could not record it (the file holds the bytes written; the ledger
 * knows them, so they still count as unsaved).  NULL is allowed.
 */
int edit_job_end(struct edit_job *job);

/*
 * Undo the last applied edit in the mapping.  Returns 1 and stores the
 * edit's offset in *offset (for the cursor), 0 when there is nothing to
 * undo, -1 with errno set when the write failed (the journal is then
 * stepped back forward, so it still matches the mapping).  In -w, when
 * another process changed bytes of the edit (see edit_check()), nothing
 * is written: -1 with errno EAGAIN and the ranges in *c (the caller frees
 * them).  Only bytes the ledger still knows are written: bytes past an
 * end another process cut off no longer exist, and bytes that came back
 * when it grew again are not mmhex's.
 */
int edit_undo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c);

/* Redo the next undone edit; returns as edit_undo().  Both take a whole
 * step (all the replacements of an edit_replace()), and run the job of
 * a big edit to its end. */
int edit_redo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c);

/*
 * Put the saved bytes back wherever mmhex's bytes are unsaved, and forget
 * the undo history (what the file held when last saved is now what it
 * holds).  In -w, a conflict anywhere (see edit_check()) writes nothing:
 * -1 with errno EAGAIN and the ranges in *c.  Returns 0, or -1 with errno
 * set.
 */
int edit_revert(struct map *m, struct journal *j, struct edit_conflicts *c);

/*
 * Lay the unsaved edits over fresh, a new map of the file that now has
 * the name (the mapped one was replaced): where fresh holds the saved
 * bytes, mmhex's are written (unsaved, as before); where it holds other
 * bytes, nothing is written, and they show up as conflicts from then on.
 * Bytes past fresh's end must be pruned first (ledger_prune()).  Sets
 * *written and *conflicting to the bytes of each kind.  Returns 0, or -1
 * with errno set (some bytes may have been written).
 */
int edit_reapply(struct map *fresh, struct journal *j, uint64_t *written,
    uint64_t *conflicting);

#endif
