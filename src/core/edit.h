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

/* Redo the next undone edit; returns as edit_undo(). */
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
