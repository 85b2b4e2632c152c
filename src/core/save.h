/*
 * save.h - make edits durable, in the way each open mode allows.
 *
 * -w (shared mapping): the edits are already in the page cache; saving
 * flushes the dirty pages with msync(MS_SYNC) and then fsync()s.  Its cost
 * grows with the edited bytes, not with the file.
 * -c (private mapping): msync cannot save private pages.  Save-as streams
 * the patched mapping to a new file (a temporary file in the target's
 * directory, fsync, rename); apply writes only the edited ranges to the
 * original with pwrite() and fdatasync().
 *
 * A failed save keeps the journal as it was (nothing is marked saved),
 * because a writeback error is reported once and a retry would then
 * "succeed" without the data on disk; the caller tells the user.
 */
#ifndef MMHEX_SAVE_H
#define MMHEX_SAVE_H

#include "edit.h"
#include "journal.h"
#include "map.h"

/*
 * Flush the unsaved bytes of a -w map to the file, read them back, and
 * mark them saved; *saved is set to the number of unsaved bytes read
 * back as mmhex wrote them.  Nothing is flushed, and -1 returned with
 * errno EAGAIN, when another process changed bytes under the edits (a
 * conflict: see edit.h); ESTALE when no name reaches the mapped file any
 * more (replaced or deleted: the save would land in a file nobody sees).
 * Returns 0, or -1 with *cause set (caller frees).  On success *cause is
 * NULL, or a warning when edits lay past the end of a file another
 * process has since shortened (those bytes are lost; the rest is saved).
 * A read-back that finds other bytes (written by another process during
 * the save) fails with EAGAIN and marks nothing saved.
 */
int save_sync(struct map *m, struct journal *j, uint64_t *saved,
    char **cause);

/*
 * Write the file as it is now, with the unsaved edits laid over it, to a
 * new file at path, through
 * a temporary file in the same directory, fsync and rename; an existing
 * file at path is replaced only when replace is set.  Holes of the
 * source file stay holes in the copy, except where an edit of j lies.
 * Where the filesystem has no hard links, a new target is put in place
 * with renameat2(RENAME_NOREPLACE), or failing that a check and rename.
 * The journal is not marked saved: the original file still differs.
 * Returns 0, or -1 with *cause set; errno EBUSY when path is the file
 * being edited (see save_is_open_file), EEXIST when it exists and
 * replace is not set.  No temporary file is left behind on failure.
 * The temporary file has no name (O_TMPFILE, named by linkat() once
 * complete) where the filesystem allows, so not even a killed process
 * leaves one; elsewhere it is DIR/.mmhex-PID-XXXXXX, and save_as()
 * first removes the files of that form in DIR that are the user's own
 * and whose process is gone.
 */
int save_as(struct map *m, struct journal *j, const char *path, int replace,
    char **cause);

/*
 * The same in steps, so that a front end stays responsive on a big file:
 * save_as_begin() checks the target and makes the temporary file (NULL
 * with *cause set on failure, errno as for save_as()); each
 * save_as_step() copies about budget bytes and returns 1 while there is
 * more, 0 once the copy is complete and in place, -1 with *cause set
 * (caller frees) when it failed; save_as_done() says how far it is;
 * save_as_free() ends the job, removing an unfinished copy (so freeing
 * a job that has not returned 0 cancels it).
 */
struct save_job;
struct save_job *save_as_begin(struct map *m, struct journal *j,
    const char *path, int replace, char **cause);
int save_as_step(struct save_job *job, uint64_t budget, char **cause);
uint64_t save_as_done(const struct save_job *job, uint64_t *total);
void save_as_free(struct save_job *job);

/*
 * Return 1 when path names the mapped file itself (the same path, or the
 * same device and inode), else 0.  Saving a copy over it would replace
 * the file under the mapping.
 */
int save_is_open_file(struct map *m, const char *path);

/*
 * Write the unsaved bytes of a -c map into the original file (opened
 * anew for writing, and checked to be the mapped one), fdatasync, read
 * them back and mark them saved; *saved is the number of bytes read back
 * as written.  Nothing is written, and -1 returned with errno EAGAIN, when
 * the file no longer holds the saved bytes under an edit (another process
 * wrote there: a conflict, see edit.h).  Returns 0, or -1 with *cause set.
 */
int save_apply(struct map *m, struct journal *j, uint64_t *saved,
    char **cause);

/*
 * Put the saved bytes back wherever the edits are unsaved (see
 * edit_revert()) and, for a -w map, flush those pages.  On a -c map only
 * the private copy changes.  Nothing is written, and -1 returned with
 * errno EAGAIN, when another process changed bytes under the edits.
 * Returns 0, or -1 with *cause set.
 */
int save_discard(struct map *m, struct journal *j, char **cause);

#endif
