/*
 * map.h - a file mapped into memory in one of three modes.
 *
 * The mapping covers the whole file as it was last measured.  The file can
 * change size under us (another process truncates or extends it); readers
 * never touch the mapping directly but copy out of it with map_read(),
 * which is SIGBUS-safe: a read that faults re-measures the file, rebuilds
 * the mapping for the new size and returns only the bytes that still exist.
 * What happened is recorded as events the front end collects with
 * map_take_events() and reports to the user.
 *
 * An empty file has no mapping at all (a zero-length mmap is not allowed):
 * its size is 0 and every read returns 0 bytes.
 */
#ifndef MMHEX_MAP_H
#define MMHEX_MAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum map_mode {
	MAP_READONLY,	/* -r: MAP_SHARED, PROT_READ (default) */
	MAP_WRITE,	/* -w: MAP_SHARED, PROT_READ|PROT_WRITE, write-through */
	MAP_COW		/* -c: MAP_PRIVATE|MAP_NORESERVE, copy-on-write */
};

/* Events accumulated by reads and refreshes (bit mask). */
#define MAP_EV_SHRANK	0x1u	/* the file became shorter */
#define MAP_EV_GREW	0x2u	/* the file became longer */
#define MAP_EV_FAULT	0x4u	/* a read hit SIGBUS (the file shrank under it) */
#define MAP_EV_TOUCHED	0x8u	/* same size, new mtime: changed in place */

struct map;

/*
 * Open path in the given mode and map it.
 * Regular files only: directories, FIFOs, sockets and devices are refused
 * with a message naming what the file is.  -w on a file we may not write
 * fails with a message suggesting -c.  An empty file of /proc or /sys
 * (procfs, sysfs, cgroup, debugfs, tracefs) is refused: its size does not
 * tell how much read() would return, so a map of it would show nothing.
 * A file whose filesystem cannot be mapped is refused saying so.
 * Returns the map, or NULL with *cause set to a message the caller frees
 * (of the form "NAME: what failed: reason", without "mmhex:").
 */
struct map *map_open(const char *path, enum map_mode mode, char **cause);

/*
 * Map the open file fd (duplicated: the caller keeps fd) as map_open()
 * maps a path; name says what it is in messages ("(standard input)").
 * The map has no name in the filesystem: map_replaced() says 0.
 */
struct map *map_open_fd(int fd, const char *name, enum map_mode mode,
    char **cause);

/* Unmap and close.  NULL is allowed. */
void map_close(struct map *m);

/* Return the size of the file as last measured. */
uint64_t map_size(const struct map *m);

/*
 * Tell what the bytes from off on are, without touching them: sets *hole
 * to 1 when [off, end) is a hole (it reads as zeros and must not be read
 * through the mapping: on tmpfs a read fault in a hole allocates a page),
 * to 0 when it is to be read through the mapping, and returns end
 * (off < end <= limit; limit itself when off >= limit).  Returns off when
 * the file now ends at or before off (it shrank: re-measure it).  Holes
 * are told by lseek(SEEK_DATA / SEEK_HOLE), one or two calls, on the
 * filesystems known to count pages written through a mapping as data
 * (tmpfs, ext2/3/4, xfs, btrfs, overlayfs); elsewhere everything is data.
 * In MAP_COW mode the private pages (see below) are data, whatever the
 * file holds.  Only reads the map: safe on any thread while no other
 * call changes it.
 */
uint64_t map_extent(const struct map *m, uint64_t off, uint64_t limit,
    int *hole);

/*
 * Return the first offset at or after off that may hold bytes other than
 * zeros: the end of the hole at off (map_extent()), map_size() when only a
 * hole follows, or off itself when off holds data or holes cannot be told.
 */
uint64_t map_next_data(const struct map *m, uint64_t off);

/* Return the mode the map was opened in. */
enum map_mode map_mode(const struct map *m);

/* Return the path as given to map_open() (not sanitised). */
const char *map_path(const struct map *m);

/* Return the mode's name for the status line: "read-only", ... */
const char *map_mode_name(enum map_mode mode);

/*
 * Copy up to len bytes at offset off into buf, under the SIGBUS guard.
 * Holes are not read through the mapping: their zeros are written into
 * buf (map_extent(); a range last found to be data is copied without
 * asking again).  Returns the number of bytes copied: less than len when
 * the range runs past the end of the file, 0 when off is at or past the
 * end.  When the file shrank under the read, the map is re-measured
 * (MAP_EV_FAULT and MAP_EV_SHRANK are recorded) and the bytes that still
 * exist are returned.  Returns -1 with errno set only when re-measuring
 * itself fails.
 */
ssize_t map_read(struct map *m, uint64_t off, void *buf, size_t len);

/*
 * Copy [off, off + len), which must lie inside map_size(), into buf as
 * map_read() does, holes as zeros (left unwritten when zeroed says buf
 * already holds zeros, e.g. fresh anonymous memory), but without
 * re-measuring: for a thread that must not move the mapping under
 * another's read.  Returns 0, or -1 with errno ERANGE (outside the map)
 * or EFAULT (a read faulted or the file now ends inside the range; the
 * caller re-measures with map_refresh()).
 */
int map_copy(const struct map *m, uint64_t off, void *buf, size_t len,
    int zeroed);

/*
 * Re-measure the file with fstat() and rebuild the mapping if its size
 * changed.  Records MAP_EV_GREW / MAP_EV_SHRANK, and MAP_EV_TOUCHED when
 * the size is the same but the modification time (st_mtim, to the
 * nanosecond) is not: bytes may have changed anywhere in the file.  The
 * kernel updates the mtime for a store through a shared mapping only
 * lazily (at the first write to a clean page, or at writeback / msync),
 * so MAP_EV_TOUCHED may come late or, on some filesystems, not at all for
 * such stores.  Returns 0, or -1 with errno set (the map keeps its old,
 * still valid, state).
 */
int map_refresh(struct map *m);

/* Return the events recorded since the last call, and clear them. */
unsigned map_take_events(struct map *m);

/*
 * Tell the map which window [off, off + len) the screen now shows.  Pages
 * of the previous window that left the screen are dropped from the
 * process (MADV_DONTNEED on a shared mapping only unmaps them; the page
 * cache keeps the data), so resident memory stays flat however far the
 * user jumps.  Private mappings are left alone (that would drop edits).
 */
void map_window(struct map *m, uint64_t off, uint64_t len);

/*
 * Return a pointer to the mapped bytes at off, valid until the next call
 * that may remap (map_read, map_refresh); NULL for an empty file.  Direct
 * readers must go through guard_run() and must not read past map_size().
 */
const unsigned char *map_bytes(const struct map *m, uint64_t off);

/*
 * Write len bytes from buf at offset off into the mapping, under the
 * SIGBUS guard.  The whole range must lie inside the file.  In MAP_WRITE
 * mode the file changes at once; in MAP_COW mode only the private copy.
 * Returns 0, or -1 with errno EROFS (read-only map), ERANGE (past the
 * end), EFAULT (the file shrank under the write; the map has been
 * re-measured and part of the range may have been written), or ENOSPC /
 * EIO (the write faulted but the size did not change: a hole the full
 * filesystem cannot back, or an I/O error; ENOSPC when less than a page
 * is free on the filesystem, else EIO).
 */
int map_write(struct map *m, uint64_t off, const void *buf, size_t len);

/*
 * Flush the pages holding [off, off + len) of a MAP_WRITE map to the file
 * with msync(MS_SYNC).  Returns 0, or -1 with errno set (EIO, ENOSPC).
 */
int map_sync(struct map *m, uint64_t off, uint64_t len);

/*
 * Whether a flush of this map failed since its last good one.  The kernel
 * reports a writeback error (EIO, ENOSPC) once and may leave the pages
 * clean with the data not on disk, so msync() alone would then "succeed"
 * without writing them: save_sync() rewrites the edited ranges instead.
 */
void map_set_sync_failed(struct map *m, int failed);
int map_sync_failed(const struct map *m);

/*
 * Drop the pages of [off, off + len) from the process (they stay in the
 * page cache).  On a MAP_COW map the private pages (see below) are kept:
 * dropping one would discard the edits it holds.
 */
void map_release(struct map *m, uint64_t off, uint64_t len);

/*
 * MAP_COW: the pages written through map_write() hold private copies
 * from then on: they show the user's bytes and no longer follow the file
 * when another process changes it (undoing an edit does not make a page
 * shared again).  Pages past a shrunk end are forgotten (the kernel
 * dropped them).  map_private_pages() returns how many there are (0 in
 * the other modes); map_private_in() returns 1 when a byte of
 * [off, off + n) lies in one, else 0.
 */
size_t map_private_pages(const struct map *m);
int map_private_in(const struct map *m, uint64_t off, uint64_t n);

/* Ask the kernel to map [off, off + len) in ahead of a bulk read
 * (MADV_POPULATE_READ where the kernel has it; a hint, errors ignored). */
void map_populate(struct map *m, uint64_t off, uint64_t len);

/*
 * Return 1 when the path now names another file than the one mapped (it
 * was deleted and created anew, or renamed over), 0 when it names the
 * same file, -1 with errno set when it names nothing (ENOENT: deleted).
 * When it returns 1 and other is not NULL, *other is NULL if the path
 * names a regular file (map_open() may open it), else what it names, in
 * words: "a FIFO (named pipe)", "a directory", "a character device", ...
 * (a static string, the same pointer each time for the same type;
 * map_open() would refuse it, and a FIFO must not be opened to read: that
 * blocks).  *other is NULL whenever the return is not 1.
 * One stat(2) of the path, no open(2); the mapped file as of the last
 * map_refresh().
 */
int map_replaced(const struct map *m, const char **other);

/* Return 1 when the last map_refresh() found the mapped file deleted (no
 * name left: deleted, or renamed over), so the path is worth a look. */
int map_unlinked(const struct map *m);

/*
 * Read up to len bytes at off from the file itself, through the
 * descriptor (pread), not the mapping: what the file holds, even where a
 * -c private page shows the user's edits; a file cut short gives fewer
 * bytes, never SIGBUS.  Returns the bytes read (0 at or past the end),
 * or -1 with errno set.
 */
ssize_t map_pread(const struct map *m, uint64_t off, void *buf, size_t len);

/* The same through fd, a duplicate of the map's descriptor (for a
 * thread that may outlive the map). */
ssize_t map_pread_fd(int fd, uint64_t off, void *buf, size_t len);

/* Return the open file descriptor (owned by the map). */
int map_fd(const struct map *m);

/* Return the logical sector size of a block device (BLKSSZGET), or 0
 * for a regular file.  A block device is mapped as a file is, its size
 * from BLKGETSIZE64. */
unsigned map_sector_size(const struct map *m);

/* Store the size of the open file fd in *size: st_size, or a block
 * device's size.  Returns 0, or -1 with errno. */
int map_fd_size(int fd, uint64_t *size);

/* Advise the kernel that [off, off + len) will be read sequentially. */
void map_advise_sequential(struct map *m, uint64_t off, uint64_t len);

#endif
