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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "sanitize.h"
#include "save.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

/* Bytes copied per step when streaming the mapping to a file. */
#define SAVE_CHUNK (1024u * 1024u)

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

/* Fail with a conflict: another process changed bytes under the edits
 * (the caller lists them with edit_check()); errno EAGAIN. */
static int
save_conflict(char **cause, const struct edit_conflicts *c)
{
	return errmsg_set(cause, EAGAIN, "another process changed %" PRIu64
	    " byte%s under your edits (%zu range%s): nothing was written "
	    "over them", c->bytes, c->bytes == 1 ? "" : "s", c->count,
	    c->count == 1 ? "" : "s");
}

/* Look for conflicts before writing the unsaved bytes; -1 (EAGAIN, or
 * the error) when there are some. */
static int
save_check(struct map *m, struct journal *j, enum edit_check check,
    char **cause)
{
	struct edit_conflicts c;
	ssize_t n;
	int ret = 0;

	if ((n = edit_check(m, j, check, 0, UINT64_MAX, 1, &c)) == -1)
		return errmsg_errno(cause, "cannot compare the edits with the "
		    "file");
	if (n > 0)
		ret = save_conflict(cause, &c);
	edit_conflicts_free(&c);
	return ret;
}

/*
 * Read the unsaved ranges r (count of them) back from the file (map_pread) and count the
 * bytes that hold mmhex's bytes; *verified is set to that count.  Returns
 * 0 when all do, else -1 with *cause saying how many reached the file.
 */
static int
save_verify(struct map *m, struct journal *j, const struct ledger_range *r,
    size_t count, uint64_t *verified, char **cause)
{
	const struct ledger *l = journal_ledger(j);
	unsigned char *got, *want;
	uint64_t total = 0, good = 0, off, end;
	size_t i, n, k;
	ssize_t rd;
	int ret = -1;

	got = malloc(SAVE_CHUNK);
	want = malloc(SAVE_CHUNK);
	if (got == NULL || want == NULL) {
		errmsg_errno(cause, "cannot read the file back");
		goto out;
	}
	for (i = 0; i < count; i++) {
		total += r[i].len;
		end = r[i].offset + r[i].len;
		for (off = r[i].offset; off < end; off += n) {
			n = end - off < SAVE_CHUNK ? (size_t)(end - off) :
			    SAVE_CHUNK;
			if ((rd = map_pread(m, off, got, n)) == -1) {
				errmsg_errno(cause, "cannot read the file "
				    "back");
				goto out;
			}
			ledger_copy_mine(l, off, n, want);
			for (k = 0; k < (size_t)rd; k++)
				good += got[k] == want[k];
		}
	}
	*verified = good;
	if (good == total)
		ret = 0;
	else
		errmsg_set(cause, EAGAIN, "read back, the file holds %" PRIu64
		    " of the %" PRIu64 " edited bytes: another process wrote "
		    "or cut the others meanwhile", good, total);
out:
	free(got);
	free(want);
	return ret;
}

/* Write the ledger's bytes for the ranges r into fd at their offsets,
 * up to size at most; on failure *at is where the failed write began. */
static int
save_write_mine(int fd, struct journal *j, const struct ledger_range *r,
    size_t count, uint64_t size, unsigned char *buf, uint64_t *at)
{
	uint64_t off, end;
	size_t i, n;

	for (i = 0; i < count; i++) {
		end = r[i].offset + r[i].len < size ? r[i].offset + r[i].len :
		    size;
		for (off = r[i].offset; off < end; off += n) {
			n = end - off < SAVE_CHUNK ? (size_t)(end - off) :
			    SAVE_CHUNK;
			ledger_copy_mine(journal_ledger(j), off, n, buf);
			if (save_pwrite_all(fd, buf, n, off) == -1) {
				*at = off;
				return -1;
			}
		}
	}
	return 0;
}

/* Refuse to save into a file that no name reaches any more: a save there
 * would say "saved" of bytes nobody will find.  Returns 0 or -1. */
static int
save_check_name(struct map *m, char **cause)
{
	int r = map_replaced(m, NULL);

	if (r == 0 || (r == -1 && errno != ENOENT && !map_unlinked(m)))
		return 0;
	return errmsg_set(cause, ESTALE, "the file was %s since it was "
	    "opened: the edits are in the old file, which no name reaches",
	    r == 1 ? "replaced" : "deleted");
}

int
save_sync(struct map *m, struct journal *j, uint64_t *saved, char **cause)
{
	struct ledger *l = journal_ledger(j);
	struct ledger_range *r = NULL;
	unsigned char *buf = NULL;
	uint64_t lost, size, at;
	size_t count = 0, i;
	int rewrite = map_sync_failed(m), ret = -1;

	*cause = NULL;
	*saved = 0;
	if (map_mode(m) != MAP_WRITE) {
		errno = EINVAL;
		return errmsg_errno(cause, "only -w saves in place");
	}
	map_refresh(m);
	if (save_check_name(m, cause) == -1)
		return -1;
	/* Edits past an end another process cut off are gone with the
	 * pages that held them: what remains is saved, and the loss is told
	 * rather than kept as an unsaved edit that could never be saved. */
	size = map_size(m);
	lost = ledger_prune(l, size);
	if (save_check(m, j, EDIT_CHECK_MAP, cause) == -1)
		return -1;
	if (ledger_unsaved_ranges(l, &r, &count) == -1)
		return errmsg_errno(cause, "cannot list the edits");
	if (rewrite && (buf = malloc(SAVE_CHUNK)) == NULL) {
		errmsg_errno(cause, "cannot save");
		goto out;
	}
	/* After a failed flush, msync may find the pages clean: write the
	 * bytes through the descriptor instead. */
	if (rewrite && save_write_mine(map_fd(m), j, r, count, size, buf, &at) == -1) {
		map_set_sync_failed(m, 1);
		errmsg_errno(cause, "cannot save (rewrite)");
		goto out;
	}
	for (i = 0; !rewrite && i < count; i++) {
		if (map_sync(m, r[i].offset, r[i].len) == -1) {
			map_set_sync_failed(m, 1);
			errmsg_errno(cause, "cannot save (msync)");
			goto out;
		}
	}
	if (fsync(map_fd(m)) == -1) {
		map_set_sync_failed(m, 1);
		errmsg_errno(cause, "cannot save (fsync)");
		goto out;
	}
	map_set_sync_failed(m, 0);
	if (save_verify(m, j, r, count, saved, cause) == -1)
		goto out;
	journal_mark_saved(j);
	if (lost > 0)
		*cause = errmsg_format("%" PRIu64 " edited byte%s past the "
		    "end were lost: the file shrank to %" PRIu64 " bytes", lost,
		    lost == 1 ? "" : "s", size);
	ret = 0;
out:
	free(r);
	free(buf);
	return ret;
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

/* Copy [off, end) of the mapped file (read with map_pread) into fd to,
 * at the same offsets.  Returns 0; -1 when the file no longer holds
 * those bytes (errno ESTALE) or cannot be read; -2 when to cannot be
 * written. */
static int
save_copy_file(struct map *from, int to, unsigned char *buf, uint64_t off,
    uint64_t end)
{
	ssize_t got;
	size_t n;

	for (; off < end; off += n) {
		n = end - off < SAVE_CHUNK ? (size_t)(end - off) : SAVE_CHUNK;
		if ((got = map_pread(from, off, buf, n)) != (ssize_t)n) {
			if (got >= 0)
				errno = ESTALE;
			return -1;
		}
		if (save_pwrite_all(to, buf, n, off) == -1)
			return -2;
	}
	return 0;
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

/*
 * A save-as writes the file as it is now, with the unsaved edits laid
 * over it, into the copy: the bytes come from the file itself (pread), never from a private
 * mapping, so bytes another process wrote next to an edit are taken as
 * they are and no page of the mapping is touched.  The copy is sized
 * first, so the holes of the source stay holes unless an edit lies in
 * them.
 */
/* A save-as under way (see save.h). */
struct save_job {
	struct map *m;
	struct journal *j;
	char *path;			/* the target */
	char *name;			/* the target, sanitised, for messages */
	char *tmp;			/* the temporary name, NULL: unnamed */
	int replace;			/* an existing target may be replaced */
	int fd;				/* the copy, -1 once placed */
	uint64_t size;			/* the file's size when the copy began */
	uint64_t off;			/* next byte to copy */
	uint64_t hole;			/* end of the data extent off is in */
	uint64_t copied;		/* bytes copied so far, for progress */
	struct ledger_range *r;		/* the unsaved bytes */
	size_t count;
	unsigned char *buf;		/* SAVE_CHUNK bytes */
};

/* Fail a job's step: *cause says which file could not be written. */
static int
save_job_fail(struct save_job *job, char **cause, const char *what)
{
	return errmsg_errno(cause, "%s: %s", job->name, what);
}

struct save_job *
save_as_begin(struct map *m, struct journal *j, const char *path,
    int replace, char **cause)
{
	struct save_job *job;
	struct stat st;

	*cause = NULL;
	if ((job = calloc(1, sizeof *job)) == NULL) {
		errmsg_errno(cause, "cannot save");
		return NULL;
	}
	job->m = m;
	job->j = j;
	job->fd = -1;
	job->replace = replace;
	if ((job->name = sanitize_string(path)) == NULL ||
	    (job->path = strdup(path)) == NULL) {
		errmsg_errno(cause, "cannot save");
		goto fail;
	}
	if (save_is_open_file(m, path)) {
		errno = EBUSY;
		errmsg_errno(cause, "%s is the file being edited", job->name);
		goto fail;
	}
	if (!replace && lstat(path, &st) == 0) {
		errno = EEXIST;
		errmsg_errno(cause, "%s", job->name);
		goto fail;
	}
	if ((job->fd = save_temp_open(path, &job->tmp)) == -1) {
		errmsg_errno(cause, "%s: cannot create a temporary file",
		    job->name);
		goto fail;
	}
	if (fstat(map_fd(m), &st) == 0)
		fchmod(job->fd, st.st_mode & 0777);
	map_refresh(m);
	job->size = map_size(m);
	if (ledger_unsaved_ranges(journal_ledger(j), &job->r,
	    &job->count) == -1) {
		save_job_fail(job, cause, "cannot list the edits");
		goto fail;
	}
	if ((job->buf = malloc(SAVE_CHUNK)) == NULL ||
	    ftruncate(job->fd, (off_t)job->size) == -1) {
		save_job_fail(job, cause, "cannot write");
		goto fail;
	}
	posix_fadvise(map_fd(m), 0, (off_t)job->size, POSIX_FADV_SEQUENTIAL);
	return job;
fail:
	save_as_free(job);
	return NULL;
}

/* The copy is complete: the edits over it, fsync, and the name. */
static int
save_as_finish(struct save_job *job, char **cause)
{
	uint64_t at;
	int placed;

	if (save_write_mine(job->fd, job->j, job->r, job->count, job->size,
	    job->buf, &at) == -1)
		return save_job_fail(job, cause, "cannot write");
	if (fsync(job->fd) == -1)
		return save_job_fail(job, cause, "cannot save (fsync)");
	placed = save_temp_place(job->fd, job->tmp, job->path, job->replace);
	job->fd = -1;				/* closed */
	if (placed != 0) {
		if (placed == -2)
			return save_job_fail(job, cause,
			    "cannot save (close)");
		errmsg_errno(cause, "%s", job->name);
		return -1;
	}
	free(job->tmp);
	job->tmp = NULL;
	save_sync_dir(job->path);
	return 0;
}

int
save_as_step(struct save_job *job, uint64_t budget, char **cause)
{
	int from = map_fd(job->m);
	uint64_t end;

	*cause = NULL;
	if (job->fd == -1)
		return 0;
	while (budget > 0 && job->off < job->size) {
		if (job->off >= job->hole) {
			/* The next data extent: holes stay holes. */
			job->off = save_next_data(from, job->off, job->size);
			job->hole = save_next_hole(from, job->off, job->size);
			continue;
		}
		end = job->hole - job->off < SAVE_CHUNK ? job->hole :
		    job->off + SAVE_CHUNK;
		switch (save_copy_file(job->m, job->fd, job->buf, job->off,
		    end)) {
		case -1:
			return save_job_fail(job, cause,
			    "the file changed size while saving");
		case -2:
			return save_job_fail(job, cause, "cannot write");
		}
		job->copied += end - job->off;
		budget = budget > end - job->off ? budget - (end - job->off) :
		    0;
		job->off = end;
	}
	if (job->off < job->size)
		return 1;
	return save_as_finish(job, cause) == -1 ? -1 : 0;
}

uint64_t
save_as_done(const struct save_job *job, uint64_t *total)
{
	*total = job->size;
	return job->off;
}

void
save_as_free(struct save_job *job)
{
	if (job == NULL)
		return;
	if (job->fd != -1)
		close(job->fd);
	if (job->tmp != NULL)
		unlink(job->tmp);
	free(job->tmp);
	free(job->r);
	free(job->buf);
	free(job->name);
	free(job->path);
	free(job);
}

int
save_as(struct map *m, struct journal *j, const char *path, int replace,
    char **cause)
{
	struct save_job *job = save_as_begin(m, j, path, replace, cause);
	int r;

	if (job == NULL)
		return -1;
	while ((r = save_as_step(job, UINT64_MAX, cause)) == 1)
		;
	save_as_free(job);
	return r;
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
		return errmsg_errno(cause, "cannot open the file for writing");
	if (fstat(map_fd(m), &mapped) == -1 || fstat(fd, &now) == -1 ||
	    mapped.st_dev != now.st_dev || mapped.st_ino != now.st_ino) {
		close(fd);
		errno = ESTALE;
		return errmsg_errno(cause, "the file was replaced since it was "
		    "opened");
	}
	return fd;
}

int
save_apply(struct map *m, struct journal *j, uint64_t *saved, char **cause)
{
	struct ledger *l = journal_ledger(j);
	struct ledger_range *r = NULL;
	unsigned char *buf = NULL;
	uint64_t at;
	size_t count;
	int fd, ret = -1;

	*cause = NULL;
	*saved = 0;
	map_refresh(m);
	ledger_prune(l, map_size(m));
	if (ledger_unsaved(l) == 0)
		return 0;
	if ((fd = save_open_original(m, cause)) == -1)
		return -1;
	if (save_check(m, j, EDIT_CHECK_FILE, cause) == -1)
		goto out;
	if (ledger_unsaved_ranges(l, &r, &count) == -1) {
		errmsg_errno(cause, "cannot list the edits");
		goto out;
	}
	if ((buf = malloc(SAVE_CHUNK)) == NULL) {
		errmsg_errno(cause, "cannot apply the edits");
		goto out;
	}
	if (save_write_mine(fd, j, r, count, UINT64_MAX, buf, &at) == -1) {
		errmsg_errno(cause, "cannot write the edit at 0x%" PRIx64, at);
		goto out;
	}
	if (fdatasync(fd) == -1) {
		errmsg_errno(cause, "cannot apply the edits (fdatasync)");
		goto out;
	}
	/* Read back through the mapped file's own descriptor (the same
	 * inode: save_open_original() checked). */
	if (save_verify(m, j, r, count, saved, cause) == -1)
		goto out;
	journal_mark_saved(j);
	ret = 0;
out:
	free(r);
	free(buf);
	close(fd);
	return ret;
}

int
save_discard(struct map *m, struct journal *j, char **cause)
{
	struct ledger *l = journal_ledger(j);
	struct ledger_range *r;
	struct edit_conflicts c;
	size_t count, i;
	int ret = -1;

	*cause = NULL;
	map_refresh(m);
	ledger_prune(l, map_size(m));
	if (ledger_unsaved_ranges(l, &r, &count) == -1)
		return errmsg_errno(cause, "cannot discard");
	if (edit_revert(m, j, &c) == -1) {
		if (errno == EAGAIN)
			save_conflict(cause, &c);
		else
			errmsg_errno(cause, "cannot undo the edits");
		edit_conflicts_free(&c);
		goto out;
	}
	if (map_mode(m) == MAP_WRITE) {
		for (i = 0; i < count; i++) {
			if (map_sync(m, r[i].offset, r[i].len) == -1) {
				errmsg_errno(cause, "cannot flush (msync)");
				goto out;
			}
		}
		if (count > 0 && fsync(map_fd(m)) == -1) {
			errmsg_errno(cause, "cannot flush (fsync)");
			goto out;
		}
	}
	ret = 0;
out:
	free(r);
	return ret;
}
