/*
 * marks.h - named marks of a file, kept from one session to the next.
 *
 * A mark is a letter (a-z, A-Z: 52 of them, case matters) and an offset.
 * The marks of every file live in one text file, DIR/marks, DIR being
 * $XDG_STATE_HOME/mmhex (when XDG_STATE_HOME is set to an absolute
 * path) or else $HOME/.local/state/mmhex.  A store holds the marks of
 * one file, the one it was loaded for.  '' (back to where the last jump
 * started) is the application's, not the store's: it is not kept.
 *
 * Which file is which.  A file is known by its device and inode numbers
 * (st_dev, st_ino) and by its canonical path (realpath(3)).  When the
 * store is loaded, the entry of the state file that matches is, in this
 * order: the one with the same device, inode and path; else one with
 * the same device and inode (the file was renamed or moved within its
 * file system, or is a hard link of it: links share marks); else one
 * with the same path (the file was replaced by a new inode, as editors
 * and `cp` over it do, or the device number changed, as it may across
 * reboots for removable and network file systems).  On save, every
 * entry that matches in any of these ways is replaced by one entry with
 * the file's identity now.  A limit: an inode number freed by a deleted
 * file can be reused for a new file on the same device, which then
 * inherits the old marks if its path matches no other entry; that needs
 * a delete, a reuse and no entry for the new path, and costs wrong marks
 * only, never bytes.
 *
 * Offsets stay as set: a file that shrank keeps its marks, and one past
 * the end is reported so (marks_describe()); a jump to it is the
 * caller's to refuse.
 *
 * Saving is atomic and merges: under an exclusive flock(2) of DIR/marks.lock,
 * the state file is read again, this file's entry is replaced, and the
 * whole is written to a temporary file in DIR, fsync'ed and renamed over
 * DIR/marks.  So several mmhex processes on different files never lose
 * each other's marks; two on the same file: the last to save wins, for
 * that file's whole set.  At most MARKS_MAX_FILES files are kept; past
 * that the ones saved longest ago are dropped.
 *
 * A state file that cannot be read, or is not a marks file, or has bad
 * lines, is never fatal: what cannot be used is ignored, with a note for
 * the user.  A state file that is not a marks file at all is replaced
 * at the next save.
 *
 * State file format (text, one record a line):
 *
 *   # mmhex marks 1
 *   file DEV INO TIME PATH     the file's identity, TIME the save's
 *                              (seconds since 1970), PATH with bytes
 *                              below 0x21, 0x7f and '%' as %XX
 *   m LETTER OFFSET            a mark of the file above, decimal
 */
#ifndef MMHEX_MARKS_H
#define MMHEX_MARKS_H

#include <stdint.h>
#include <sys/stat.h>

/* Files whose marks are kept. */
#define MARKS_MAX_FILES 1000

/* Every mark name, in the order lists show them. */
#define MARKS_NAMES \
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

struct marks;

/*
 * Return the state directory (see above) as a new string the caller
 * frees, or NULL with errno ENOENT and *cause set when neither
 * XDG_STATE_HOME nor HOME gives one, or ENOMEM.  cause may be NULL.
 */
char *marks_dir(char **cause);

/*
 * Load the marks of the file at path, whose fstat(2) is st, from the
 * state directory dir (NULL: marks_dir()).  Never fails for want of a
 * state file or because of a bad one: the store is then empty (or holds
 * what could be read) and *note (when note is not NULL) is set to a
 * message for the user that the caller frees, such as "marks: STATE:
 * line 3: bad offset '12x' (line ignored)"; *note is NULL when all
 * went well.  Returns the store, or NULL with errno ENOMEM.
 */
struct marks *marks_load(const char *dir, const char *path,
    const struct stat *st, char **note);

/* Return whether c names a mark (a-z, A-Z). */
int marks_valid(int c);

/* Set mark name to offset (replacing it).  Returns 0, or -1 with errno
 * EINVAL when name is not a mark name. */
int marks_set(struct marks *m, int name, uint64_t offset);

/* Store the offset of mark name in *offset.  Returns 0, or -1 with
 * errno ENOENT (not set) or EINVAL (not a mark name). */
int marks_get(const struct marks *m, int name, uint64_t *offset);

/* Delete mark name.  Returns 0, or -1 with errno ENOENT or EINVAL. */
int marks_delete(struct marks *m, int name);

/* Return how many marks are set. */
unsigned marks_count(const struct marks *m);

/* Return whether the marks changed since they were loaded or saved. */
int marks_dirty(const struct marks *m);

/*
 * Return "mark a: 0x1f00" for mark name in a file of size bytes, or
 * "mark a: 0x1f00, past the end (size 4096)" when offset >= size (an
 * empty file's mark at 0 is past the end too).  Caller frees; NULL with
 * errno ENOENT (not set), EINVAL or ENOMEM.
 */
char *marks_describe(const struct marks *m, int name, uint64_t size);

/*
 * Save the marks (all of them; none deletes the file's entry) into the
 * state directory as described above, creating it (mode 0700) if
 * needed.  Returns 0, or -1 with errno set and *cause set (caller frees;
 * cause may be NULL), e.g. "cannot save marks: STATE/marks: No space
 * left on device".  On failure the state file is as it was.  Waits at
 * most about a second for another process's lock (then errno
 * EWOULDBLOCK).
 */
int marks_save(struct marks *m, char **cause);

/* Free the store (unsaved changes are lost).  NULL is allowed. */
void marks_free(struct marks *m);

#endif
