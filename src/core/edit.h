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
 * stepped back forward, so it still matches the mapping).  Bytes of the
 * edit past the file's current end (another process shortened it) are
 * not written: they no longer exist.
 */
int edit_undo(struct map *m, struct journal *j, uint64_t *offset);

/* Redo the next undone edit; returns as edit_undo(). */
int edit_redo(struct map *m, struct journal *j, uint64_t *offset);

/*
 * Bring the mapping back to the state last saved (or opened) by undoing
 * or redoing through the journal.  Returns 0, or -1 with errno set.
 */
int edit_revert(struct map *m, struct journal *j);

#endif
