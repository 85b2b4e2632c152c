/*
 * save.c - make edits durable, in the way each open mode allows.
 *
 * Nothing here marks the journal saved unless every write and every sync
 * succeeded.  Save-as never leaves a partial file under the target name:
 * it writes a temporary file in the same directory and renames it (or
 * links it, when an existing file must not be replaced) only after fsync.
 * The temporary file has no name (O_TMPFILE) where the filesystem allows,
 * so a killed mmhex leaves nothing behind; elsewhere it is named
 * ".mmhex-PID-XXXXXX" and the next save-as into that directory removes
 * those of dead processes.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"
#include "save.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* Bytes copied per step when streaming the mapping to a file. */
#define SAVE_CHUNK (1024u * 1024u)

/* Set *cause from a format and the current errno; return -1. */
static int __attribute__((format(printf, 2, 3)))
save_fail(char **cause, const char *fmt, ...)
{
	char what[512];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (cause != NULL && asprintf(cause, "%s: %s", what,
	    strerror(saved)) == -1)
		*cause = NULL;
	errno = saved;
	return -1;
}

/* Write all n bytes of buf to fd at offset. */
static int
save_pwrite_all(int fd, const unsigned char *buf, size_t n, uint64_t offset)
{
	ssize_t done;

	while (n > 0) {
		done = pwrite(fd, buf, n, (off_t)offset);
		if (done == -1 && errno == EINTR)
			continue;
		if (done <= 0) {
			if (done == 0)
				errno = EIO;
			return -1;
		}
		buf += done;
		n -= (size_t)done;
		offset += (uint64_t)done;
	}
	return 0;
}

/*
 * Write [off, off + len) of the mapping to the file through the
 * descriptor, so that pages a failed writeback left clean are dirty
 * again.  Returns 0, or -1 with errno set.
 */
static int
save_rewrite(struct map *m, uint64_t off, uint64_t len)
{
	unsigned char buf[64 * 1024];
	size_t n;
	ssize_t got;

	while (len > 0) {
		n = len < sizeof buf ? (size_t)len : sizeof buf;
		if ((got = map_read(m, off, buf, n)) <= 0) {
			if (got == 0)
				return 0;	/* past a new end: counted as lost */
			return -1;
		}
		if (save_pwrite_all(map_fd(m), buf, (size_t)got, off) == -1)
			return -1;
		off += (uint64_t)got;
		len -= (uint64_t)got;
	}
	return 0;
}

int
save_sync(struct map *m, struct journal *j, char **cause)
{
	const struct journal_range *r;
	uint64_t size, lost = 0;
	size_t count, i;
	int rewrite = map_sync_failed(m);

	*cause = NULL;
	if (map_mode(m) != MAP_WRITE) {
		errno = EINVAL;
		return save_fail(cause, "only -w saves in place");
	}
	r = journal_dirty(j, &count);
	if (r == NULL && count == 0 && journal_unsaved(j) > 0)
		return save_fail(cause, "cannot list the edits");
	size = map_size(m);
	for (i = 0; i < count; i++) {
		if (r[i].offset + r[i].len > size)
			lost += r[i].offset >= size ? r[i].len :
			    r[i].offset + r[i].len - size;
		/* After a failed flush, msync may find the pages clean. */
		if ((rewrite ? save_rewrite(m, r[i].offset, r[i].len) :
		    map_sync(m, r[i].offset, r[i].len)) == -1) {
			map_set_sync_failed(m, 1);
			return save_fail(cause, rewrite ?
			    "cannot save (rewrite)" : "cannot save (msync)");
		}
	}
	if (fsync(map_fd(m)) == -1) {
		map_set_sync_failed(m, 1);
		return save_fail(cause, "cannot save (fsync)");
	}
	map_set_sync_failed(m, 0);
	/* Edits past an end another process cut off are gone with the
	 * pages that held them: what remains is saved, and the loss is told
	 * rather than kept as an unsaved edit that could never be saved. */
	journal_mark_saved(j);
	if (lost > 0 && asprintf(cause, "%" PRIu64 " edited byte%s past the "
	    "end were lost: the file shrank to %" PRIu64 " bytes", lost,
	    lost == 1 ? "" : "s", size) == -1)
		*cause = NULL;
	return 0;
}

/*
 * Copy [*off, end) of the mapping into fd at the same offsets through buf
 * (SAVE_CHUNK bytes), releasing the pages of a shared mapping behind the
 * copy.  Returns 0; -1 when the mapping no longer holds the bytes, or
 * its size is no longer size (UINT64_MAX: any size will do), with errno
 * ESTALE or map_read()'s; -2 when fd could not be written.  On failure
 * *off is where the chunk that failed begins.
 */
static int
save_copy_range(struct map *m, int fd, unsigned char *buf, uint64_t *off,
    uint64_t end, uint64_t size)
{
	ssize_t got;
	size_t n;

	for (; *off < end; *off += (uint64_t)got) {
		n = end - *off < SAVE_CHUNK ? (size_t)(end - *off) :
		    SAVE_CHUNK;
		got = map_read(m, *off, buf, n);
		if (got != (ssize_t)n ||
		    (size != UINT64_MAX && map_size(m) != size)) {
			errno = got < 0 ? errno : ESTALE;
			return -1;
		}
		if (save_pwrite_all(fd, buf, n, *off) == -1)
			return -2;
		/* A shared mapping's pages can always go; private ones
		 * only when the page cache holds the same bytes. */
		if (map_mode(m) != MAP_COW)
			map_release(m, *off, (uint64_t)got);
	}
	return 0;
}

/* Copy [off, end) of the mapping into fd for save_as(), whose copy was
 * sized for size bytes. */
static int
save_copy(struct map *m, int fd, unsigned char *buf, uint64_t off,
    uint64_t end, uint64_t size, char **cause)
{
	switch (save_copy_range(m, fd, buf, &off, end, size)) {
	case -1:
		return save_fail(cause, "the file changed size while saving");
	case -2:
		return save_fail(cause, "cannot write");
	default:
		return 0;
	}
}

/* Copy the dirty ranges r (count of them, sorted) that overlap the hole
 * [off, end): edits made in a hole live only in the mapping, the file
 * has no data there. */
static int
save_copy_edits(struct map *m, const struct journal_range *r, size_t count,
    int fd, unsigned char *buf, uint64_t off, uint64_t end, uint64_t size,
    char **cause)
{
	uint64_t lo, hi;
	size_t i;

	for (i = 0; i < count && r[i].offset < end; i++) {
		lo = r[i].offset > off ? r[i].offset : off;
		hi = r[i].offset + r[i].len < end ? r[i].offset + r[i].len :
		    end;
		if (lo < hi && save_copy(m, fd, buf, lo, hi, size, cause) == -1)
			return -1;
	}
	return 0;
}

/* Return the start of the next data at or after off in fd, or end when
 * the rest is a hole; off itself when holes cannot be told. */
static uint64_t
save_next_data(int fd, uint64_t off, uint64_t end)
{
	off_t at = lseek(fd, (off_t)off, SEEK_DATA);

	if (at == -1)
		return errno == ENXIO ? end : off;
	return (uint64_t)at < end ? (uint64_t)at : end;
}

/* Return the end of the data that starts at off in fd (end at most). */
static uint64_t
save_next_hole(int fd, uint64_t off, uint64_t end)
{
	off_t at = lseek(fd, (off_t)off, SEEK_HOLE);

	if (at == -1 || (uint64_t)at > end || (uint64_t)at <= off)
		return end;
	return (uint64_t)at;
}

/* Stream the mapping into fd, sized first so that the holes of the
 * source stay holes in the copy unless an edit lies in them. */
static int
save_stream(struct map *m, struct journal *j, int fd, char **cause)
{
	const struct journal_range *r;
	unsigned char *buf;
	uint64_t off, data, hole, size = map_size(m);
	size_t count;
	int ret = -1;

	r = journal_dirty(j, &count);
	if (r == NULL && count == 0 && journal_unsaved(j) > 0)
		return save_fail(cause, "cannot list the edits");
	if ((buf = malloc(SAVE_CHUNK)) == NULL)
		return save_fail(cause, "cannot save");
	if (ftruncate(fd, (off_t)size) == -1) {
		save_fail(cause, "cannot write");
		goto out;
	}
	map_advise_sequential(m, 0, size);
	for (off = 0; off < size; off = hole) {
		data = save_next_data(map_fd(m), off, size);
		if (data > off && save_copy_edits(m, r, count, fd, buf, off,
		    data, size, cause) == -1)
			goto out;
		hole = save_next_hole(map_fd(m), data, size);
		if (save_copy(m, fd, buf, data, hole, size, cause) == -1)
			goto out;
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/* fsync the directory holding path, so a rename is durable. */
static int
save_sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, ret = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd != -1) {
		ret = fsync(fd);
		close(fd);
	}
	free(copy);
	return ret;
}

/* Call renameat2(RENAME_NOREPLACE), through syscall() when the C
 * library has no wrapper. */
static int
save_rename_noreplace(const char *from, const char *to)
{
#ifdef HAVE_RENAMEAT2
	return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
#elif defined(SYS_renameat2)
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to,
	    RENAME_NOREPLACE);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* Put the finished temporary file at path, which must not exist: link()
 * refuses atomically; filesystems without hard links (vfat, exfat) get
 * renameat2(RENAME_NOREPLACE), and those without that a check, then a
 * rename (a race another program could win, the best they allow). */
static int
save_place_new(const char *tmp, const char *path)
{
	struct stat st;

	if (link(tmp, path) == 0) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != ENOSYS)
		return -1;
	if (save_rename_noreplace(tmp, path) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOTSUP && errno != EOPNOTSUPP &&
	    errno != ENOSYS)
		return -1;
	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	return rename(tmp, path);
}

int
save_is_open_file(struct map *m, const char *path)
{
	struct stat mapped, target;

	if (strcmp(path, map_path(m)) == 0)
		return 1;
	return stat(path, &target) == 0 && fstat(map_fd(m), &mapped) == 0 &&
	    target.st_dev == mapped.st_dev && target.st_ino == mapped.st_ino;
}

/* Temporary files are ".mmhex-PID-XXXXXX": the pid tells whether the
 * mmhex that made one is still alive (save_temp_sweep). */
#define SAVE_TEMP_PREFIX ".mmhex-"
#define SAVE_TEMP_SUFFIX 6	/* the XXXXXX that mkstemp() fills */

/* Return "DIR/.mmhex-PID-XXXXXX" for a temporary file beside path (short,
 * so a target whose name is as long as NAME_MAX allows still works). */
static char *
save_temp_name(const char *path)
{
	char *copy = strdup(path), *tmp;

	if (copy == NULL)
		return NULL;
	if (asprintf(&tmp, "%s/" SAVE_TEMP_PREFIX "%ld-XXXXXX", dirname(copy),
	    (long)getpid()) == -1)
		tmp = NULL;
	free(copy);
	return tmp;
}

/* Is name a temporary file of an mmhex that is gone: our naming exactly,
 * a regular file of ours, its pid no longer alive?  Anything else, and
 * anything in doubt, is kept. */
static int
save_temp_is_stale(int dir_fd, const char *name)
{
	const char *p;
	struct stat st;
	long pid = 0;
	size_t i;

	if (strncmp(name, SAVE_TEMP_PREFIX, strlen(SAVE_TEMP_PREFIX)) != 0)
		return 0;
	p = name + strlen(SAVE_TEMP_PREFIX);
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		pid = pid * 10 + (*p - '0');
		if (pid > INT32_MAX)
			return 0;
	}
	if (*p++ != '-' || strlen(p) != SAVE_TEMP_SUFFIX)
		return 0;
	for (i = 0; i < SAVE_TEMP_SUFFIX; i++) {
		if (!(p[i] >= '0' && p[i] <= '9') &&
		    !(p[i] >= 'a' && p[i] <= 'z') &&
		    !(p[i] >= 'A' && p[i] <= 'Z'))
			return 0;
	}
	if (pid == (long)getpid() || fstatat(dir_fd, name, &st,
	    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid())
		return 0;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Remove the temporary files that killed mmhex processes left in dir
 * (best effort: a failure here must not stop the save). */
static void
save_temp_sweep(const char *dir)
{
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (save_temp_is_stale(dirfd(d), e->d_name))
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/*
 * Open a temporary file beside path: unnamed (O_TMPFILE, *tmp set to
 * NULL) where the filesystem has them, else DIR/.mmhex-PID-XXXXXX (*tmp
 * its name, which the caller frees and removes on failure).  Returns the
 * descriptor, or -1 with errno set.
 */
static int
save_temp_open(const char *path, char **tmp)
{
	char *copy = strdup(path);
	const char *dir;
	int fd = -1;

	*tmp = NULL;
	if (copy == NULL)
		return -1;
	dir = dirname(copy);
	save_temp_sweep(dir);
	/* linkat() names it through /proc (no capability needed). */
	if (access("/proc/self/fd", X_OK) == 0) {
		fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (fd != -1 || (errno != EOPNOTSUPP && errno != EISDIR &&
		    errno != EINVAL)) {
			free(copy);
			return fd;
		}
	}
	free(copy);
	if ((*tmp = save_temp_name(path)) == NULL)
		return -1;
	if ((fd = mkstemp(*tmp)) == -1) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Give the unnamed file fd the name to, which must not exist (EEXIST). */
static int
save_temp_link(int fd, const char *to)
{
	char self[64];

	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, self, AT_FDCWD, to, AT_SYMLINK_FOLLOW);
}

/* Link the unnamed file fd to a new DIR/.mmhex-PID-XXXXXX beside path;
 * return that name (caller frees), or NULL with errno set. */
static char *
save_temp_link_named(int fd, const char *path)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char noise[SAVE_TEMP_SUFFIX];
	char *name = save_temp_name(path), *x;
	int attempt, saved;
	size_t i;

	if (name == NULL)
		return NULL;
	x = name + strlen(name) - SAVE_TEMP_SUFFIX;
	for (attempt = 0; attempt < 100; attempt++) {
		if (getrandom(noise, sizeof noise, GRND_NONBLOCK) !=
		    (ssize_t)sizeof noise) {
			for (i = 0; i < sizeof noise; i++)
				noise[i] = (unsigned char)(time(NULL) +
				    attempt * 7 + (long)i * 31);
		}
		for (i = 0; i < SAVE_TEMP_SUFFIX; i++)
			x[i] = letters[noise[i] % (sizeof letters - 1)];
		if (save_temp_link(fd, name) == 0)
			return name;
		if (errno != EEXIST)
			break;
	}
	saved = errno;
	free(name);
	errno = saved;
	return NULL;
}

/*
 * Put the finished, fsynced temporary file at path and close fd.  A named
 * one (tmp) is closed first (a network filesystem may report a write
 * error only there), then renamed over path, or put there by
 * save_place_new() when path must not be replaced.  An unnamed one is
 * linked straight to path when that must be new (EEXIST, atomically),
 * else linked to a temporary name renamed over path (removed on
 * failure).  Returns 0, -1 with errno set when placing failed, -2 when
 * closing a named one did.
 */
static int
save_temp_place(int fd, const char *tmp, const char *path, int replace)
{
	char *named;
	int ret, saved;

	if (tmp != NULL) {
		if (close(fd) == -1)
			return -2;
		return replace ? rename(tmp, path) : save_place_new(tmp, path);
	}
	if (!replace)
		ret = save_temp_link(fd, path);
	else if ((named = save_temp_link_named(fd, path)) == NULL)
		ret = -1;
	else {
		if ((ret = rename(named, path)) == -1) {
			saved = errno;
			unlink(named);
			errno = saved;
		}
		free(named);
	}
	saved = errno;
	/* Its data was fsynced; closing an unnamed file reports nothing. */
	close(fd);
	errno = saved;
	return ret;
}

int
save_as(struct map *m, struct journal *j, const char *path, int replace,
    char **cause)
{
	struct stat st;
	char *tmp = NULL, *name = NULL, *what;
	int fd = -1, ret = -1, saved, placed;

	*cause = NULL;
	if ((name = sanitize_string(path)) == NULL &&
	    (name = strdup("?")) == NULL)
		return save_fail(cause, "cannot save");
	if (save_is_open_file(m, path)) {
		errno = EBUSY;
		save_fail(cause, "%s is the file being edited", name);
		goto out;
	}
	if (!replace && lstat(path, &st) == 0) {
		errno = EEXIST;
		save_fail(cause, "%s", name);
		goto out;
	}
	if ((fd = save_temp_open(path, &tmp)) == -1) {
		save_fail(cause, "%s: cannot create a temporary file", name);
		goto out;
	}
	if (fstat(map_fd(m), &st) == 0)
		fchmod(fd, st.st_mode & 0777);
	if (save_stream(m, j, fd, cause) == -1) {
		/* Say which file could not be written. */
		saved = errno;
		if (*cause != NULL && asprintf(&what, "%s: %s", name,
		    *cause) != -1) {
			free(*cause);
			*cause = what;
		}
		errno = saved;
		goto out;
	}
	if (fsync(fd) == -1) {
		save_fail(cause, "%s: cannot save (fsync)", name);
		goto out;
	}
	placed = save_temp_place(fd, tmp, path, replace);	/* closes fd */
	fd = -1;
	if (placed != 0) {
		save_fail(cause, "%s%s", name, placed == -2 ?
		    ": cannot save (close)" : "");
		goto out;
	}
	free(tmp);
	tmp = NULL;
	save_sync_dir(path);
	ret = 0;
out:
	if (fd != -1)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(name);
	return ret;
}

/* Open the original file for writing, checking it is still the one
 * mapped (not replaced by another under the same name). */
static int
save_open_original(struct map *m, char **cause)
{
	struct stat mapped, now;
	int fd;

	fd = open(map_path(m), O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1)
		return save_fail(cause, "cannot open the file for writing");
	if (fstat(map_fd(m), &mapped) == -1 || fstat(fd, &now) == -1 ||
	    mapped.st_dev != now.st_dev || mapped.st_ino != now.st_ino) {
		close(fd);
		errno = ESTALE;
		return save_fail(cause, "the file was replaced since it was "
		    "opened");
	}
	return fd;
}

int
save_apply(struct map *m, struct journal *j, char **cause)
{
	const struct journal_range *r;
	unsigned char *buf = NULL;
	uint64_t off;
	size_t count, i;
	int fd, copied, ret = -1;

	*cause = NULL;
	r = journal_dirty(j, &count);
	if (r == NULL && count == 0 && journal_unsaved(j) > 0)
		return save_fail(cause, "cannot list the edits");
	if (count == 0)
		return 0;
	if ((fd = save_open_original(m, cause)) == -1)
		return -1;
	if ((buf = malloc(SAVE_CHUNK)) == NULL) {
		save_fail(cause, "cannot apply the edits");
		goto out;
	}
	for (i = 0; i < count; i++) {
		off = r[i].offset;
		copied = save_copy_range(m, fd, buf, &off,
		    r[i].offset + r[i].len, UINT64_MAX);
		if (copied == -1) {
			errno = ESTALE;
			save_fail(cause, "the file shrank before the edit at "
			    "0x%llx", (unsigned long long)off);
			goto out;
		}
		if (copied == -2) {
			save_fail(cause, "cannot write the edit at 0x%llx",
			    (unsigned long long)off);
			goto out;
		}
	}
	if (fdatasync(fd) == -1) {
		save_fail(cause, "cannot apply the edits (fdatasync)");
		goto out;
	}
	journal_mark_saved(j);
	ret = 0;
out:
	free(buf);
	close(fd);
	return ret;
}

int
save_discard(struct map *m, struct journal *j, char **cause)
{
	const struct journal_range *r;
	struct journal_range *ranges = NULL;
	size_t count, i;
	int ret = -1;

	*cause = NULL;
	r = journal_dirty(j, &count);
	if (count > 0) {
		/* The journal's array changes as we undo: keep a copy. */
		ranges = malloc(count * sizeof *ranges);
		if (ranges == NULL)
			return save_fail(cause, "cannot discard");
		memcpy(ranges, r, count * sizeof *ranges);
	}
	if (edit_revert(m, j) == -1) {
		if (errno == ESTALE) {
			/* Undone past a save, then edited: the saved bytes
			 * of the dropped edits are no longer held. */
			if (asprintf(cause, "the saved state was undone and "
			    "then edited over, so undo cannot reach it; save, "
			    "or undo and redo by hand") == -1)
				*cause = NULL;
		} else
			save_fail(cause, "cannot undo the edits");
		goto out;
	}
	if (map_mode(m) == MAP_WRITE) {
		for (i = 0; i < count; i++) {
			if (map_sync(m, ranges[i].offset, ranges[i].len) == -1) {
				save_fail(cause, "cannot flush (msync)");
				goto out;
			}
		}
		if (count > 0 && fsync(map_fd(m)) == -1) {
			save_fail(cause, "cannot flush (fsync)");
			goto out;
		}
	}
	ret = 0;
out:
	free(ranges);
	return ret;
}
