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
 * Flush the unsaved edits of a -w map to the file and mark them saved.
 * Returns 0, or -1 with *cause set (caller frees).  On success *cause is
 * NULL, or a warning when edits lay past the end of a file another
 * process has since shortened (those bytes are lost; the rest is saved).
 */
int save_sync(struct map *m, struct journal *j, char **cause);

/*
 * Write the whole mapping (edits included) to a new file at path, through
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
 * Return 1 when path names the mapped file itself (the same path, or the
 * same device and inode), else 0.  Saving a copy over it would replace
 * the file under the mapping.
 */
int save_is_open_file(struct map *m, const char *path);

/*
 * Write the unsaved edited ranges of a -c map into the original file
 * (opened anew for writing), fdatasync, and mark them saved.  Returns 0,
 * or -1 with *cause set.
 */
int save_apply(struct map *m, struct journal *j, char **cause);

/*
 * Undo the unsaved edits of a -w map so the file holds what was last
 * saved (or opened), then flush those pages.  On a -c map only the
 * private copy changes and nothing is flushed.  Returns 0, or -1 with
 * *cause set; errno ESTALE when the saved state cannot be reached (the
 * user undid past a save and then made a new edit: see journal.h).
 */
int save_discard(struct map *m, struct journal *j, char **cause);

#endif
