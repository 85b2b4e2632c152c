/*
 * map.c - a file mapped into memory in one of three modes.
 *
 * Invariants: m->size is the file size as last measured; when it is 0
 * there is no mapping (m->base is NULL), otherwise m->base maps at least
 * m->size bytes.  The mapping is never read directly outside guard.c:
 * map_read() copies under the SIGBUS guard and, when the file shrank
 * under it, re-measures and retries with what is left.  Holes are never
 * touched through the mapping (on tmpfs a read fault there allocates a
 * page): map_extent() finds them with SEEK_DATA / SEEK_HOLE and readers
 * synthesise their zeros.  [data_lo, data_hi) is a range found to be
 * data, so reads inside it ask the kernel nothing (on tmpfs SEEK_HOLE
 * walks the page cache up to the next hole: 0.6 ms for 256 MiB of data).
 * It is kept until the size changes: a hole punched in it since only
 * costs a read through the mapping, never a wrong byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/fs.h>		/* BLKGETSIZE64, BLKSSZGET */
#include <linux/magic.h>

#include "errmsg.h"
#include "guard.h"
#include "map.h"

/* Pages of a warm file are mapped in folios of up to 2 MiB at a time. */
#define MAP_FOLIO (2u * 1024u * 1024u)

/* How often a read that faults is retried after re-measuring. */
#define MAP_READ_RETRIES 8

struct map {
	char *path;		/* as given by the user */
	int fd;			/* open for the whole session */
	enum map_mode mode;
	unsigned char *base;	/* the mapping, NULL when size is 0 */
	uint64_t maplen;	/* bytes mapped (0 when base is NULL) */
	uint64_t size;		/* file size as last measured */
	unsigned events;	/* MAP_EV_* not yet taken */
	uint64_t win_lo;	/* window last passed to map_window() */
	uint64_t win_hi;
	uint64_t *private;	/* MAP_COW: pages written, sorted, unique */
	size_t nprivate;	/* entries in private */
	size_t private_cap;	/* room in private */
	int private_lost;	/* a page could not be recorded (ENOMEM) */
	dev_t dev;		/* the file mapped, as last measured */
	ino_t ino;
	nlink_t nlink;		/* 0: deleted (unlinked) */
	int sync_failed;	/* a flush failed since the last good one */
	struct timespec mtime;	/* modification time as last measured */
	int holes;		/* SEEK_DATA sees pages written through maps */
	uint64_t data_lo;	/* a range known to hold no hole (map_read) */
	uint64_t data_hi;
	unsigned sector;	/* a block device: its logical sector size;
				   0: a regular file */
	int anon;		/* no name in the filesystem (map_open_fd()) */
};

/* The file types that cannot be mapped, in words; the last one is any
 * other type. */
static const struct map_type {
	mode_t type;		/* S_IFMT bits */
	const char *noun;	/* what a name names: "a FIFO (named pipe)" */
	const char *refusal;	/* why map_open() refuses it */
} map_types[] = {
	{ S_IFDIR, "a directory", "is a directory" },
	{ S_IFIFO, "a FIFO (named pipe)",
	    "is a FIFO (named pipe), not a regular file" },
	{ S_IFSOCK, "a socket", "is a socket, not a regular file" },
	{ S_IFCHR, "a character device",
	    "is a character device, not a regular file" },
	{ 0, "something other than a regular file", "is not a regular file" },
};

/* Look a file type that cannot be mapped up; NULL for a regular file or
 * a block device (its size comes from the device: map_measure()). */
static const struct map_type *
map_type_of(mode_t mode)
{
	size_t i, last = sizeof map_types / sizeof map_types[0] - 1;

	if (S_ISREG(mode) || S_ISBLK(mode))
		return NULL;
	for (i = 0; i < last; i++) {
		if ((mode & S_IFMT) == map_types[i].type)
			break;
	}
	return &map_types[i];
}

/* Describe a file type that cannot be mapped, or return NULL. */
static const char *
map_refuse_type(mode_t mode)
{
	const struct map_type *t = map_type_of(mode);

	return t != NULL ? t->refusal : NULL;
}

/* Store the size of the open file fd (st from fstat) in *size: st_size
 * for a file, the device's size for a block device (st_size is 0 there).
 * Returns 0, or -1 with errno. */
static int
map_measure(int fd, const struct stat *st, uint64_t *size)
{
	if (!S_ISBLK(st->st_mode)) {
		*size = (uint64_t)st->st_size;
		return 0;
	}
	return ioctl(fd, BLKGETSIZE64, size);
}

/* Refuse an empty-looking file of /proc or /sys: the kernel makes its
 * bytes up on read(), so its size (0) says nothing and there is nothing
 * to map.  Returns the reason, or NULL when the file may be mapped. */
static const char *
map_refuse_pseudo(int fd, const struct stat *st)
{
	struct statfs fs;

	if (st->st_size != 0 || fstatfs(fd, &fs) == -1)
		return NULL;
	switch (fs.f_type) {
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
		return "cannot map: a /proc or /sys file (its size is not "
		    "known)";
	default:
		return NULL;
	}
}

/* Return whether the filesystem's SEEK_DATA / SEEK_HOLE can be trusted
 * to tell holes: local ones whose answer counts pages dirtied through a
 * mapping (delayed allocation) as data.  A network or FUSE filesystem
 * may ask a server that has not seen them yet, so its holes are read. */
static int
map_trusts_holes(int fd)
{
	struct statfs fs;

	if (fstatfs(fd, &fs) == -1)
		return 0;
	switch (fs.f_type) {
	case TMPFS_MAGIC:
	case EXT4_SUPER_MAGIC:
	case XFS_SUPER_MAGIC:
	case BTRFS_SUPER_MAGIC:
	case OVERLAYFS_SUPER_MAGIC:	/* both go to the file below */
		return 1;
	default:
		return 0;
	}
}

/* Create the mapping for len bytes. */
static unsigned char *
map_create(int fd, enum map_mode mode, uint64_t len)
{
	int prot = PROT_READ, flags = MAP_SHARED;
	void *p;

	if (len > SIZE_MAX) {
		errno = EFBIG;
		return NULL;
	}
	if (mode == MAP_WRITE)
		prot |= PROT_WRITE;
	if (mode == MAP_COW) {
		/* Private pages are charged against the commit limit in
		 * full unless MAP_NORESERVE says not to. */
		prot |= PROT_WRITE;
		flags = MAP_PRIVATE | MAP_NORESERVE;
	}
	p = mmap(NULL, (size_t)len, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	/* Browsing jumps around: read ahead only what is asked for. */
	madvise(p, (size_t)len, MADV_RANDOM);
	return p;
}

/* Return the index of the first private page >= page. */
static size_t
map_private_find(const struct map *m, uint64_t page)
{
	size_t lo = 0, hi = m->nprivate, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->private[mid] < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Drop the private pages that no longer exist: a shrinking mremap or an
 * munmap discarded them, and the file's bytes show there again. */
static void
map_private_clip(struct map *m)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	m->nprivate = map_private_find(m, (m->size + page - 1) / page);
}

/* Remember that the pages of [off, off + len) now hold private copies.
 * On ENOMEM the set is incomplete; only the marking suffers, and
 * map_release() then refuses to drop anything (see there). */
static void
map_private_add(struct map *m, uint64_t off, size_t len)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t p, last = (off + len - 1) / page;
	size_t at;

	for (p = off / page; p <= last; p++) {
		at = map_private_find(m, p);
		if (at < m->nprivate && m->private[at] == p)
			continue;
		if (m->nprivate == m->private_cap) {
			size_t cap = m->private_cap ? 2 * m->private_cap : 16;
			uint64_t *q = realloc(m->private, cap * sizeof *q);

			if (q == NULL) {
				m->private_lost = 1;
				return;
			}
			m->private = q;
			m->private_cap = cap;
		}
		memmove(m->private + at + 1, m->private + at,
		    (m->nprivate - at) * sizeof *m->private);
		m->private[at] = p;
		m->nprivate++;
	}
}

/* Rebuild the mapping for a file that is now size bytes long. */
static int
map_resize(struct map *m, uint64_t size)
{
	void *p;

	if (size == 0) {
		if (m->base != NULL)
			munmap(m->base, (size_t)m->maplen);
		m->base = NULL;
		m->maplen = 0;
	} else if (m->base == NULL) {
		m->base = map_create(m->fd, m->mode, size);
		if (m->base == NULL)
			return -1;
		m->maplen = size;
	} else {
		if (size > SIZE_MAX) {
			errno = EFBIG;
			return -1;
		}
		/* mremap keeps private (copy-on-write) pages. */
		p = mremap(m->base, (size_t)m->maplen, (size_t)size,
		    MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			return -1;
		m->base = p;
		m->maplen = size;
	}
	if (size < m->size)
		m->events |= MAP_EV_SHRANK;
	else if (size > m->size)
		m->events |= MAP_EV_GREW;
	m->size = size;
	m->win_lo = m->win_hi = 0;
	m->data_lo = m->data_hi = 0;
	map_private_clip(m);
	return 0;
}

/*
 * The rest of map_open() and map_open_fd(): check what fd is, measure and
 * map it (fd is the map's, or closed on failure).  anon: fd has no name
 * in the filesystem (standard input's copy), name only says what it is.
 */
static struct map *
map_open_common(int fd, const char *path, enum map_mode mode, int anon,
    char **cause)
{
	struct map *m;
	struct stat st;
	const char *refused = NULL;
	uint64_t size;

	/* The file may have been swapped between stat() and open(). */
	if (fstat(fd, &st) == -1 ||
	    (refused = map_refuse_type(st.st_mode)) != NULL) {
		errmsg_file(cause, path, errno, "%s", refused != NULL ?
		    refused : strerror(errno));
		close(fd);
		return NULL;
	}

	if ((refused = map_refuse_pseudo(fd, &st)) != NULL) {
		errmsg_file(cause, path, errno, "%s", refused);
		close(fd);
		return NULL;
	}

	m = calloc(1, sizeof *m);
	if (m == NULL || (m->path = strdup(path)) == NULL) {
		errmsg_file(cause, path, ENOMEM, "%s", strerror(ENOMEM));
		free(m);
		close(fd);
		return NULL;
	}
	m->fd = fd;
	m->mode = mode;
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->nlink = st.st_nlink;
	m->mtime = st.st_mtim;
	m->holes = !S_ISBLK(st.st_mode) && map_trusts_holes(fd);
	if (S_ISBLK(st.st_mode)) {
		int sector = 0;

		m->sector = ioctl(fd, BLKSSZGET, &sector) == 0 && sector > 0 ?
		    (unsigned)sector : 512;
	}
	if (map_measure(fd, &st, &size) == -1) {
		errmsg_file(cause, path, errno, "cannot tell the device's "
		    "size: %s", strerror(errno));
		map_close(m);
		return NULL;
	}
	if (size > 0 && map_resize(m, size) == -1) {
		/* ENODEV reads "No such device": say what it means here. */
		errmsg_file(cause, path, errno, "cannot map: %s", errno ==
		    ENODEV ? "the filesystem does not allow mapping this "
		    "file" : strerror(errno));
		map_close(m);
		return NULL;
	}
	m->anon = anon;
	m->events = 0;
	return m;
}

struct map *
map_open_fd(int fd, const char *name, enum map_mode mode, char **cause)
{
	int own;

	if (cause != NULL)
		*cause = NULL;
	if (guard_init() == -1) {
		errmsg_file(cause, name, errno, "cannot install SIGBUS "
		    "handler: %s", strerror(errno));
		return NULL;
	}
	if ((own = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1) {
		errmsg_file(cause, name, errno, "%s", strerror(errno));
		return NULL;
	}
	return map_open_common(own, name, mode, 1, cause);
}

struct map *
map_open(const char *path, enum map_mode mode, char **cause)
{
	struct stat st;
	const char *refused;
	int flags, fd;

	if (cause != NULL)
		*cause = NULL;
	if (guard_init() == -1) {
		errmsg_file(cause, path, errno, "cannot install SIGBUS "
		    "handler: %s", strerror(errno));
		return NULL;
	}

	/* Refuse special files before open(): opening a FIFO would block. */
	if (stat(path, &st) == -1) {
		errmsg_file(cause, path, errno, "%s", strerror(errno));
		return NULL;
	}
	if ((refused = map_refuse_type(st.st_mode)) != NULL) {
		errmsg_file(cause, path, errno, "%s", refused);
		return NULL;
	}

	flags = (mode == MAP_WRITE ? O_RDWR : O_RDONLY) | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK;
	fd = open(path, flags);
	if (fd == -1) {
		if (mode == MAP_WRITE && (errno == EACCES || errno == EROFS ||
		    errno == EPERM || errno == ETXTBSY)) {
			errmsg_file(cause, path, errno, "cannot open for "
			    "writing (-w): %s; use -c to edit a private copy "
			    "or -r to view", strerror(errno));
		} else
			errmsg_file(cause, path, errno, "%s", strerror(errno));
		return NULL;
	}
	return map_open_common(fd, path, mode, 0, cause);
}

void
map_close(struct map *m)
{
	if (m == NULL)
		return;
	if (m->base != NULL)
		munmap(m->base, (size_t)m->maplen);
	if (m->fd != -1)
		close(m->fd);
	free(m->private);
	free(m->path);
	free(m);
}

uint64_t
map_size(const struct map *m)
{
	return m->size;
}

/* Ask the kernel what the bytes from off on are (see map_extent(),
 * without the private pages of MAP_COW). */
static uint64_t
map_probe(const struct map *m, uint64_t off, uint64_t limit, int *hole)
{
	off_t at, end;

	*hole = 0;
	if (!m->holes)
		return limit;
	at = lseek(m->fd, (off_t)off, SEEK_DATA);
	if (at == -1) {
		if (errno != ENXIO)
			return limit;	/* cannot tell: read it */
		/* No data from off on: a hole up to the end, or off lies
		 * past an end that moved in (zeros there would be a lie). */
		if ((end = lseek(m->fd, 0, SEEK_END)) == -1)
			return limit;
		if ((uint64_t)end <= off)
			return off;
		*hole = 1;
		return (uint64_t)end < limit ? (uint64_t)end : limit;
	}
	if ((uint64_t)at > off) {
		*hole = 1;
		return (uint64_t)at < limit ? (uint64_t)at : limit;
	}
	end = lseek(m->fd, (off_t)off, SEEK_HOLE);
	if (end == -1 || (uint64_t)end <= off || (uint64_t)end > limit)
		return limit;
	return (uint64_t)end;
}

uint64_t
map_extent(const struct map *m, uint64_t off, uint64_t limit, int *hole)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), end, p;
	size_t at;

	*hole = 0;
	if (off >= limit)
		return limit;
	if (m->mode == MAP_COW && m->private_lost)
		return limit;	/* edits may lie anywhere */
	end = map_probe(m, off, limit, hole);
	if (!*hole || m->mode != MAP_COW)
		return end;
	/* A private page in the hole holds edits SEEK_DATA cannot see. */
	at = map_private_find(m, off / page);
	if (at == m->nprivate)
		return end;
	p = m->private[at] * page;
	if (p > off)
		return p < end ? p : end;
	*hole = 0;
	while (at + 1 < m->nprivate && m->private[at + 1] == m->private[at] + 1)
		at++;
	p = (m->private[at] + 1) * page;
	return p < limit ? p : limit;
}

uint64_t
map_next_data(const struct map *m, uint64_t off)
{
	uint64_t end;
	int hole;

	if (off >= m->size)
		return off;
	end = map_extent(m, off, m->size, &hole);
	return hole ? end : off;
}

enum map_mode
map_mode(const struct map *m)
{
	return m->mode;
}

const char *
map_path(const struct map *m)
{
	return m->path;
}

const char *
map_mode_name(enum map_mode mode)
{
	switch (mode) {
	case MAP_READONLY:
		return "read-only";
	case MAP_WRITE:
		return "write";
	case MAP_COW:
		return "copy-on-write";
	}
	return "?";
}

int
map_refresh(struct map *m)
{
	struct stat st;
	uint64_t size;

	if (fstat(m->fd, &st) == -1 || map_measure(m->fd, &st, &size) == -1)
		return -1;
	st.st_size = (off_t)size;	/* a device's, too */
	m->dev = st.st_dev;
	m->ino = st.st_ino;
	m->nlink = st.st_nlink;
	if (st.st_mtim.tv_sec != m->mtime.tv_sec ||
	    st.st_mtim.tv_nsec != m->mtime.tv_nsec) {
		/* Same size: bytes changed in place, anywhere in the file. */
		if ((uint64_t)st.st_size == m->size)
			m->events |= MAP_EV_TOUCHED;
		m->mtime = st.st_mtim;
	}
	if ((uint64_t)st.st_size == m->size)
		return 0;
	return map_resize(m, (uint64_t)st.st_size);
}

/*
 * Copy [off, off + n) into buf: the data from the mapping under the guard,
 * zeros for the holes (left alone when zeroed says buf holds zeros).
 * The last run of data read is left in [*lo, *hi) when lo is not NULL.
 * Returns 0, or -1 when a read faulted or the file ends before off + n.
 */
static int
map_fill(const struct map *m, uint64_t off, unsigned char *buf, size_t n,
    int zeroed, uint64_t *lo, uint64_t *hi)
{
	uint64_t pos, end, run, stop = off + n;
	int hole;

	for (pos = off; pos < stop; pos = end) {
		/* Asked up to the end: the whole run is worth keeping. */
		run = map_extent(m, pos, m->size, &hole);
		if (run <= pos) {
			errno = EFAULT;
			return -1;
		}
		end = run < stop ? run : stop;
		if (hole) {
			if (!zeroed)
				memset(buf + (pos - off), 0, (size_t)(end - pos));
			continue;
		}
		if (guard_copy(buf + (pos - off), m->base + pos,
		    (size_t)(end - pos)) == -1)
			return -1;
		if (lo != NULL) {
			*lo = pos;
			*hi = run;
		}
	}
	return 0;
}

int
map_copy(const struct map *m, uint64_t off, void *buf, size_t len,
    int zeroed)
{
	if (off > m->size || len > m->size - off) {
		errno = ERANGE;
		return -1;
	}
	return map_fill(m, off, buf, len, zeroed, NULL, NULL);
}

/* Copy [off, off + n) for map_read(), asking the kernel about holes only
 * outside the range last found to be data.  Returns 0 or -1. */
static int
map_read_once(struct map *m, uint64_t off, void *buf, size_t n)
{
	uint64_t lo = 0, hi = 0;

	if (off >= m->data_lo && off + n <= m->data_hi)
		return guard_copy(buf, m->base + off, n);
	if (map_fill(m, off, buf, n, 0, &lo, &hi) == -1)
		return -1;
	if (lo < hi) {
		/* Grow the known range when the new run touches it. */
		if (lo <= m->data_hi && hi >= m->data_lo &&
		    m->data_lo < m->data_hi) {
			m->data_lo = lo < m->data_lo ? lo : m->data_lo;
			m->data_hi = hi > m->data_hi ? hi : m->data_hi;
		} else {
			m->data_lo = lo;
			m->data_hi = hi;
		}
	}
	return 0;
}

ssize_t
map_read(struct map *m, uint64_t off, void *buf, size_t len)
{
	uint64_t old;
	size_t n;
	int tries;

	for (tries = 0; tries < MAP_READ_RETRIES; tries++) {
		if (off >= m->size || len == 0)
			return 0;
		n = len;
		if (n > m->size - off)
			n = (size_t)(m->size - off);
		if (map_read_once(m, off, buf, n) == 0)
			return (ssize_t)n;

		/* The file shrank under the read: measure it again. */
		m->events |= MAP_EV_FAULT;
		old = m->size;
		if (map_refresh(m) == -1)
			return -1;
		if (m->size == old) {
			/* Same size yet a fault: an I/O error, not a
			 * truncation.  Retrying would fault again. */
			errno = EIO;
			return -1;
		}
	}
	errno = EAGAIN;
	return -1;
}

unsigned
map_take_events(struct map *m)
{
	unsigned events = m->events;

	m->events = 0;
	return events;
}

/* Drop [lo, hi) from the process's page tables. */
static void
map_drop(struct map *m, uint64_t lo, uint64_t hi)
{
	if (hi > m->maplen)
		hi = m->maplen;
	if (lo >= hi)
		return;
	madvise(m->base + lo, (size_t)(hi - lo), MADV_DONTNEED);
}

void
map_window(struct map *m, uint64_t off, uint64_t len)
{
	uint64_t lo, hi, olo, ohi;

	if (m->base == NULL || m->mode == MAP_COW)
		return;
	/* Whole folios around the new window stay; the old one's go. */
	lo = off / MAP_FOLIO * MAP_FOLIO;
	hi = (off + len + MAP_FOLIO - 1) / MAP_FOLIO * MAP_FOLIO;
	olo = m->win_lo;
	ohi = m->win_hi;
	if (olo < ohi && (olo != lo || ohi != hi)) {
		map_drop(m, olo, ohi < lo ? ohi : lo);
		map_drop(m, olo > hi ? olo : hi, ohi);
	}
	m->win_lo = lo;
	m->win_hi = hi;
}

const unsigned char *
map_bytes(const struct map *m, uint64_t off)
{
	if (m->base == NULL)
		return NULL;
	return m->base + off;
}

void
map_advise_sequential(struct map *m, uint64_t off, uint64_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t lo;

	if (m->base == NULL || off >= m->maplen)
		return;
	if (len > m->maplen - off)
		len = m->maplen - off;
	lo = off / (uint64_t)page * (uint64_t)page;
	madvise(m->base + lo, (size_t)(off + len - lo), MADV_SEQUENTIAL);
}

/* Name why a write fault left the size alone: a hole that the full
 * filesystem cannot back (ENOSPC: a SIGBUS does not tell it apart), when
 * less than a page is free for us, else an I/O error (EIO). */
static int
map_fault_cause(const struct map *m)
{
	struct statvfs fs;

	if (fstatvfs(m->fd, &fs) == 0 && (uint64_t)fs.f_bavail * fs.f_frsize <
	    (uint64_t)sysconf(_SC_PAGESIZE))
		return ENOSPC;
	return EIO;
}

int
map_write(struct map *m, uint64_t off, const void *buf, size_t len)
{
	uint64_t old;

	if (m->mode == MAP_READONLY) {
		errno = EROFS;
		return -1;
	}
	if (off > m->size || len > m->size - off) {
		errno = ERANGE;
		return -1;
	}
	if (len == 0)
		return 0;
	if (m->mode == MAP_COW)
		map_private_add(m, off, len);	/* before: a fault may half-write */
	if (guard_write(m->base + off, buf, len) == 0)
		return 0;
	/* Measure the file again: a fault with no change of size is not a
	 * truncation but a page that could not be backed. */
	m->events |= MAP_EV_FAULT;
	old = m->size;
	if (map_refresh(m) == 0 && m->size == old) {
		errno = map_fault_cause(m);
		return -1;
	}
	errno = EFAULT;
	return -1;
}

int
map_sync(struct map *m, uint64_t off, uint64_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t lo, hi;

	if (m->base == NULL || off >= m->maplen || len == 0)
		return 0;
	if (len > m->maplen - off)
		len = m->maplen - off;
	lo = off / (uint64_t)page * (uint64_t)page;
	hi = off + len;
	return msync(m->base + lo, (size_t)(hi - lo), MS_SYNC);
}

int
map_fd(const struct map *m)
{
	return m->fd;
}

void
map_set_sync_failed(struct map *m, int failed)
{
	m->sync_failed = failed;
}

int
map_sync_failed(const struct map *m)
{
	return m->sync_failed;
}

void
map_release(struct map *m, uint64_t off, uint64_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t lo, hi, p;
	size_t at;

	if (m->base == NULL || off >= m->maplen)
		return;
	lo = (off + (uint64_t)page - 1) / (uint64_t)page * (uint64_t)page;
	hi = len > m->maplen - off ? m->maplen : off + len;
	hi = hi / (uint64_t)page * (uint64_t)page;
	if (m->mode != MAP_COW) {
		map_drop(m, lo, hi);
		return;
	}
	/* Dropping a private page would discard the user's edits: drop
	 * only the runs between them (nothing if the set is incomplete). */
	if (m->private_lost)
		return;
	for (at = map_private_find(m, lo / (uint64_t)page); lo < hi; at++) {
		p = at < m->nprivate ? m->private[at] * (uint64_t)page : hi;
		map_drop(m, lo, p < hi ? p : hi);
		lo = p + (uint64_t)page;
	}
}

size_t
map_private_pages(const struct map *m)
{
	return m->nprivate;
}

int
map_private_in(const struct map *m, uint64_t off, uint64_t n)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	size_t at;

	if (n == 0)
		return 0;
	at = map_private_find(m, off / page);
	return at < m->nprivate && m->private[at] <= (off + n - 1) / page;
}

void
map_populate(struct map *m, uint64_t off, uint64_t len)
{
#ifdef MADV_POPULATE_READ
	long page = sysconf(_SC_PAGESIZE);
	uint64_t lo;

	if (m->base == NULL || off >= m->maplen || len == 0)
		return;
	if (len > m->maplen - off)
		len = m->maplen - off;
	lo = off / (uint64_t)page * (uint64_t)page;
	/* Fails (EFAULT) past a shrunk end; the guarded read then
	 * reports that properly. */
	madvise(m->base + lo, (size_t)(off + len - lo), MADV_POPULATE_READ);
#else
	(void)m;
	(void)off;
	(void)len;
#endif
}

int
map_replaced(const struct map *m, const char **other)
{
	const struct map_type *t;
	struct stat now;

	if (other != NULL)
		*other = NULL;
	if (m->anon)
		return 0;	/* nothing a name could be put over */
	if (stat(m->path, &now) == -1)
		return -1;
	if (now.st_dev == m->dev && now.st_ino == m->ino)
		return 0;
	if (other != NULL && (t = map_type_of(now.st_mode)) != NULL)
		*other = t->noun;
	return 1;
}

int
map_unlinked(const struct map *m)
{
	return m->nlink == 0;
}

ssize_t
map_pread(const struct map *m, uint64_t off, void *buf, size_t len)
{
	return map_pread_fd(m->fd, off, buf, len);
}

ssize_t
map_pread_fd(int fd, uint64_t off, void *buf, size_t len)
{
	unsigned char *out = buf;
	size_t done = 0;
	ssize_t got;

	while (done < len) {
		got = pread(fd, out + done, len - done, (off_t)(off + done));
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			return -1;
		if (got == 0)
			break;
		done += (size_t)got;
	}
	return (ssize_t)done;
}

unsigned
map_sector_size(const struct map *m)
{
	return m->sector;
}

int
map_fd_size(int fd, uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return -1;
	return map_measure(fd, &st, size);
}
