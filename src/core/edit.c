/*
 * edit.c - change the bytes of a mapped file through the journal.
 *
 * Invariant: the mapping holds exactly the bytes the journal says are
 * applied, for the bytes that still exist (another process may shorten
 * the file; edits past its new end are kept in the journal but have no
 * bytes to live in).  Every write is done first and recorded only when it
 * succeeded; an undo or redo whose write fails steps the journal back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "edit.h"

/* Bytes copied on the stack before falling back to the heap. */
#define EDIT_STACK 256

/* Overwrite len bytes at offset (checked by the caller), recording the
 * edit with journal_record_step()'s flags; on failure the mapping is put
 * back.  Returns 0, or -1 with errno. */
static int
edit_write_step(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len, int flags)
{
	unsigned char stack[EDIT_STACK], *old = stack;
	ssize_t got;
	int ret = -1;

	if (len > sizeof stack && (old = malloc(len)) == NULL)
		return -1;
	got = map_read(m, offset, old, len);
	if (got != (ssize_t)len) {
		if (got >= 0)
			errno = EFAULT;	/* the file shrank under us */
		goto out;
	}
	if (map_write(m, offset, bytes, len) == -1)
		goto out;
	if (journal_record_step(j, offset, old, bytes, len, flags) == -1) {
		map_write(m, offset, old, len);
		errno = ENOMEM;
		goto out;
	}
	ret = 0;
out:
	if (old != stack)
		free(old);
	return ret;
}

int
edit_overwrite(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len)
{
	if (map_mode(m) == MAP_READONLY) {
		errno = EROFS;
		return -1;
	}
	if (offset > map_size(m) || len > map_size(m) - offset) {
		errno = ERANGE;
		return -1;
	}
	if (len == 0)
		return 0;
	return edit_write_step(m, j, offset, bytes, len, 0);
}

/* Bytes compared per read when looking for conflicts. */
#define EDIT_CHUNK 65536

/* Read len bytes at off as check sees them: through the mapping, or from
 * the file itself.  Returns the bytes read (fewer at the end). */
static ssize_t
edit_read(struct map *m, enum edit_check check, uint64_t off,
    unsigned char *buf, size_t len)
{
	if (check == EDIT_CHECK_MAP)
		return map_read(m, off, buf, len);
	return map_pread(m, off, buf, len);
}

/* Add [off, off + n) to c, merged with the last range when they touch. */
static int
edit_conflict_add(struct edit_conflicts *c, uint64_t off, uint64_t n)
{
	struct journal_range *r;

	c->bytes += n;
	if (c->count > 0 && c->ranges[c->count - 1].offset +
	    c->ranges[c->count - 1].len == off) {
		c->ranges[c->count - 1].len += n;
		return 0;
	}
	if (c->count == c->room) {
		r = realloc(c->ranges, (c->room ? 2 * c->room : 8) * sizeof *r);
		if (r == NULL) {
			errno = ENOMEM;
			return -1;
		}
		c->ranges = r;
		c->room = c->room ? 2 * c->room : 8;
	}
	c->ranges[c->count].offset = off;
	c->ranges[c->count].len = n;
	c->count++;
	return 0;
}

/* Compare one run's bytes [lo, hi) (file offsets) with what the file or
 * mapping holds, adding the conflicts to c.  buf holds 3 * EDIT_CHUNK. */
static int
edit_check_run(struct map *m, const struct ledger *l, uint64_t lo, uint64_t hi,
    int unsaved_only, struct edit_conflicts *c, unsigned char *buf)
{
	unsigned char *base = buf + EDIT_CHUNK, *mine = buf + 2 * EDIT_CHUNK;
	const unsigned char *expect = c->check == EDIT_CHECK_MAP ? mine : base;
	size_t n, i;
	ssize_t got;

	for (; lo < hi; lo += n) {
		n = hi - lo < EDIT_CHUNK ? (size_t)(hi - lo) : EDIT_CHUNK;
		got = edit_read(m, c->check, lo, buf, n);
		if (got < 0)
			return -1;
		n = (size_t)got;	/* past a new end: nothing to compare */
		if (n == 0)
			return 0;
		if (ledger_copy_base(l, lo, n, base) == -1 ||
		    ledger_copy_mine(l, lo, n, mine) == -1)
			return -1;
		if (c->check == EDIT_CHECK_MAP)
			map_release(m, lo, n);
		if (memcmp(buf, expect, n) == 0)
			continue;
		for (i = 0; i < n; i++) {
			/* In the file, mmhex's own byte (an apply that failed
			 * after writing it) is no one else's. */
			if (buf[i] == expect[i] ||
			    (unsaved_only && base[i] == mine[i]) ||
			    (c->check == EDIT_CHECK_FILE && buf[i] == mine[i]))
				continue;
			if (edit_conflict_add(c, lo + i, 1) == -1)
				return -1;
		}
	}
	return 0;
}

ssize_t
edit_check(struct map *m, struct journal *j, enum edit_check check,
    uint64_t offset, uint64_t len, int unsaved_only,
    struct edit_conflicts *c)
{
	const struct ledger *l = journal_ledger(j);
	const struct ledger_run *runs;
	uint64_t end, size = map_size(m), lo, hi;
	unsigned char *buf;
	size_t count, i;

	memset(c, 0, sizeof *c);
	c->check = check;
	end = len > UINT64_MAX - offset ? UINT64_MAX : offset + len;
	if (end > size)
		end = size;
	if ((runs = ledger_runs(l, &count)) == NULL || offset >= end ||
	    (unsaved_only && ledger_unsaved(l) == 0))
		return 0;
	if ((buf = malloc(3 * (size_t)EDIT_CHUNK)) == NULL)
		return -1;
	for (i = ledger_seek(l, offset); i < count; i++) {
		if (runs[i].offset >= end)
			break;
		lo = runs[i].offset > offset ? runs[i].offset : offset;
		hi = runs[i].offset + runs[i].len < end ? runs[i].offset +
		    runs[i].len : end;
		/* A spilled run with nothing unsaved needs no look when only
		 * unsaved bytes count. */
		if (unsaved_only && runs[i].base == NULL && runs[i].differ == 0)
			continue;
		if (edit_check_run(m, l, lo, hi, unsaved_only, c, buf) == -1) {
			runs = ledger_runs(l, &count);
			free(buf);
			edit_conflicts_free(c);
			return -1;
		}
		runs = ledger_runs(l, &count);
	}
	free(buf);
	return (ssize_t)c->count;
}

void
edit_conflicts_free(struct edit_conflicts *c)
{
	free(c->ranges);
	c->ranges = NULL;
	c->count = 0;
	c->room = 0;
	c->bytes = 0;
}

/* Read the other process's bytes of one conflict range into a buffer the
 * caller frees; NULL with errno set. */
static unsigned char *
edit_theirs(struct map *m, enum edit_check check,
    const struct journal_range *r)
{
	unsigned char *buf;
	ssize_t got;

	if (r->len > SIZE_MAX || (buf = malloc((size_t)r->len)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	got = edit_read(m, check, r->offset, buf, (size_t)r->len);
	if (got != (ssize_t)r->len) {
		if (got >= 0)
			errno = EFAULT;	/* the file shrank meanwhile */
		free(buf);
		return NULL;
	}
	return buf;
}

int
edit_keep_theirs(struct map *m, struct journal *j,
    const struct edit_conflicts *c)
{
	unsigned char *theirs;
	size_t i;

	for (i = 0; i < c->count; i++) {
		if ((theirs = edit_theirs(m, c->check, &c->ranges[i])) == NULL)
			return -1;
		if (journal_adopt(j, c->ranges[i].offset, theirs,
		    (size_t)c->ranges[i].len) == -1) {
			free(theirs);
			return -1;
		}
		/* -c: the private copy shows the file's bytes from now on. */
		if (c->check == EDIT_CHECK_FILE && map_write(m,
		    c->ranges[i].offset, theirs, (size_t)c->ranges[i].len) ==
		    -1) {
			free(theirs);
			return -1;
		}
		free(theirs);
	}
	return 0;
}

/*
 * Write bytes over the bytes of [off, off + len) the ledger knows, into
 * the mapping, clipped to the file's end: from bytes (len bytes for
 * [off, off + len)) when not NULL, else the ledger's mine.  Returns 0 or
 * -1.
 */
static int
edit_put_known(struct map *m, struct journal *j, uint64_t off, uint64_t len,
    const unsigned char *bytes)
{
	const struct ledger *l = journal_ledger(j);
	const struct ledger_run *runs;
	unsigned char *buf = NULL;
	uint64_t end = off + len, lo, hi, x;
	size_t count, i, n;
	int ret = -1;

	runs = ledger_runs(l, &count);
	for (i = ledger_seek(l, off); i < count && runs[i].offset < end; i++) {
		lo = runs[i].offset > off ? runs[i].offset : off;
		hi = runs[i].offset + runs[i].len < end ? runs[i].offset +
		    runs[i].len : end;
		if (hi > map_size(m))
			hi = map_size(m);
		if (lo >= hi)
			continue;
		if (bytes != NULL || runs[i].mine != NULL) {
			if (map_write(m, lo, bytes != NULL ? bytes + (lo - off) :
			    runs[i].mine + (lo - runs[i].offset),
			    (size_t)(hi - lo)) == -1)
				goto out;
			continue;
		}
		if (buf == NULL && (buf = malloc(EDIT_CHUNK)) == NULL)
			goto out;
		for (x = lo; x < hi; x += n) {
			n = hi - x < EDIT_CHUNK ? (size_t)(hi - x) : EDIT_CHUNK;
			if (ledger_copy_mine(l, x, n, buf) == -1 ||
			    map_write(m, x, buf, n) == -1)
				goto out;
		}
	}
	ret = 0;
out:
	free(buf);
	return ret;
}

/* Write the ledger's mine over [off, off + len) into the mapping, for the
 * bytes it knows, clipped to the file's end.  Returns 0 or -1. */
static int
edit_put_mine(struct map *m, struct journal *j, uint64_t off, uint64_t len)
{
	return edit_put_known(m, j, off, len, NULL);
}

int
edit_keep_mine(struct map *m, struct journal *j,
    const struct edit_conflicts *c)
{
	unsigned char *theirs;
	size_t i;

	for (i = 0; i < c->count; i++) {
		if (c->check == EDIT_CHECK_MAP) {
			if (edit_put_mine(m, j, c->ranges[i].offset,
			    c->ranges[i].len) == -1)
				return -1;
			continue;
		}
		if ((theirs = edit_theirs(m, c->check, &c->ranges[i])) == NULL)
			return -1;
		if (ledger_set_base(journal_ledger(j), c->ranges[i].offset,
		    theirs, (size_t)c->ranges[i].len) == -1) {
			free(theirs);
			return -1;
		}
		free(theirs);
	}
	return 0;
}

/* Before mmhex writes over [off, off + len) of a -w map (in -c the
 * private copy is mmhex's alone), look for conflicts (over the unsaved
 * bytes only, or every byte the ledger knows).  Returns 0 when there is
 * none, -1 with errno set: EAGAIN with the conflicts in *c (freed here
 * when c is NULL), or the check's own error. */
static int
edit_refuse_conflicts(struct map *m, struct journal *j, uint64_t off,
    uint64_t len, int unsaved_only, struct edit_conflicts *c)
{
	struct edit_conflicts none;
	ssize_t n;

	if (c == NULL)
		c = &none;
	memset(c, 0, sizeof *c);
	if (map_mode(m) != MAP_WRITE)
		return 0;
	if ((n = edit_check(m, j, EDIT_CHECK_MAP, off, len, unsaved_only,
	    c)) == -1)
		return -1;
	if (n == 0)
		return 0;
	if (c == &none)
		edit_conflicts_free(c);
	errno = EAGAIN;
	return -1;
}

/* Say how many edits the next undo (redo) step takes: one, or a joined
 * run of them. */
static size_t
edit_step_size(struct journal *j, int redo)
{
	const struct journal_edit *e;
	size_t k;

	if (!redo) {
		for (k = 0; (e = journal_peek_undo_nth(j, k)) != NULL &&
		    e->joined; k++)
			;
		return k + 1;
	}
	for (k = 1; (e = journal_peek_redo_nth(j, k)) != NULL && e->joined;
	    k++)
		;
	return k;
}

/* Undo (redo) the next step of edits held in memory, whole. */
static int
edit_step_small(struct map *m, struct journal *j, int redo, uint64_t *offset,
    struct edit_conflicts *c)
{
	const struct journal_edit *e;
	size_t n = edit_step_size(j, redo), k, done;
	uint64_t first = UINT64_MAX;

	for (k = 0; k < n; k++) {
		e = redo ? journal_peek_redo_nth(j, k) :
		    journal_peek_undo_nth(j, k);
		if (edit_refuse_conflicts(m, j, e->offset, e->len, 0, c) == -1)
			return -1;
	}
	for (done = 0; done < n; done++) {
		e = redo ? journal_redo(j) : journal_undo(j);
		if (edit_put_mine(m, j, e->offset, e->len) == -1)
			goto fail;
		if (e->offset < first)
			first = e->offset;
	}
	if (offset != NULL)
		*offset = first;
	return 1;
fail:
	/* Step the journal (and the bytes written) back. */
	for (done++; done-- > 0;) {
		e = redo ? journal_undo(j) : journal_redo(j);
		(void)edit_put_mine(m, j, e->offset, e->len);
	}
	return -1;
}

/* Run the job of a big undo or redo to its end. */
static int
edit_step_big(struct map *m, struct journal *j, int redo, uint64_t *offset,
    struct edit_conflicts *c)
{
	struct edit_job *job;
	int r, saved;

	if ((job = edit_undo_begin(m, j, redo)) == NULL)
		return errno == 0 ? 0 : -1;
	if (offset != NULL)
		*offset = edit_job_offset(job);
	while ((r = edit_job_step(job, UINT64_MAX, c)) == 1)
		;
	saved = errno;
	if (edit_job_end(job) == -1 && r == 0)
		return -1;
	errno = saved;
	return r == 0 ? 1 : -1;
}

/* Undo (redo 0) or redo one step. */
static int
edit_step(struct map *m, struct journal *j, int redo, uint64_t *offset,
    struct edit_conflicts *c)
{
	const struct journal_edit *e;

	if (c != NULL)
		memset(c, 0, sizeof *c);
	e = redo ? journal_peek_redo(j) : journal_peek_undo(j);
	if (e == NULL)
		return 0;
	if (e->old == NULL)
		return edit_step_big(m, j, redo, offset, c);
	return edit_step_small(m, j, redo, offset, c);
}

int
edit_undo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c)
{
	return edit_step(m, j, 0, offset, c);
}

int
edit_redo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c)
{
	return edit_step(m, j, 1, offset, c);
}

/* What a job does. */
enum edit_job_kind {
	EDIT_JOB_FILL,			/* fill or paste: a new big edit */
	EDIT_JOB_UNDO,			/* undo of a big edit */
	EDIT_JOB_REDO,			/* redo of a big edit */
	EDIT_JOB_SMALL_UNDO,		/* undo of a small step, whole */
	EDIT_JOB_SMALL_REDO		/* redo of a small step, whole */
};

struct edit_job {
	enum edit_job_kind kind;
	struct map *map;
	struct journal *journal;
	uint64_t offset;		/* first byte */
	uint64_t len;			/* bytes in all */
	uint64_t done;			/* bytes done */
	int began;			/* FILL: journal_big_begin() done */
	int failed;			/* a step returned -1 */
	struct spill_src pattern;	/* FILL: the pattern, or none */
	const unsigned char *bytes;	/* FILL: pasted bytes, or NULL */
	unsigned char *old;		/* EDIT_JOB_PIECE bytes */
	unsigned char *new;		/* EDIT_JOB_PIECE bytes */
	size_t new_phase_ok;		/* FILL: new holds the pattern from
					 * phase 0 (pieces start in phase) */
};

/* Allocate a job and its buffers. */
static struct edit_job *
edit_job_new(struct map *m, struct journal *j, enum edit_job_kind kind)
{
	struct edit_job *job = calloc(1, sizeof *job);

	if (job == NULL || (job->old = malloc(EDIT_JOB_PIECE)) == NULL ||
	    (job->new = malloc(EDIT_JOB_PIECE)) == NULL) {
		if (job != NULL)
			free(job->old);
		free(job);
		errno = ENOMEM;
		return NULL;
	}
	job->kind = kind;
	job->map = m;
	job->journal = j;
	return job;
}

/* Free a job's memory. */
static void
edit_job_free(struct edit_job *job)
{
	spill_src_unref(&job->pattern);
	free(job->old);
	free(job->new);
	free(job);
}

/* Check a new edit's range and mode. */
static int
edit_writable(struct map *m, uint64_t offset, uint64_t len)
{
	if (map_mode(m) == MAP_READONLY) {
		errno = EROFS;
		return -1;
	}
	if (offset > map_size(m) || len > map_size(m) - offset) {
		errno = ERANGE;
		return -1;
	}
	return 0;
}

/* Begin a fill or paste job. */
static struct edit_job *
edit_new_begin(struct map *m, struct journal *j, uint64_t offset,
    uint64_t len, struct spill_src pattern, const unsigned char *bytes)
{
	struct edit_job *job;

	if (edit_writable(m, offset, len) == -1)
		return NULL;
	if ((job = edit_job_new(m, j, EDIT_JOB_FILL)) == NULL)
		return NULL;
	job->offset = offset;
	job->len = len;
	job->bytes = bytes;
	job->pattern = spill_src_ref(pattern);
	if (len > 0 && journal_big_begin(j, offset, len, pattern) == -1) {
		edit_job_free(job);
		return NULL;
	}
	job->began = len > 0;
	if (pattern.kind == SPILL_REPEAT &&
	    EDIT_JOB_PIECE % pattern.pat->len == 0) {
		spill_src_read(NULL, pattern, offset, job->new, EDIT_JOB_PIECE);
		job->new_phase_ok = 1;
	}
	return job;
}

struct edit_job *
edit_fill_begin(struct map *m, struct journal *j, uint64_t offset,
    uint64_t len, const void *pattern, size_t plen)
{
	struct spill_src src;
	struct edit_job *job;

	if (plen == 0 || plen > SPILL_PATTERN_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (edit_writable(m, offset, len) == -1)
		return NULL;
	src = spill_repeat(pattern, plen, offset);
	if (src.kind == SPILL_NONE)
		return NULL;
	job = edit_new_begin(m, j, offset, len, src, NULL);
	spill_src_unref(&src);
	return job;
}

struct edit_job *
edit_paste_begin(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len)
{
	struct spill_src none = { SPILL_NONE, 0, NULL };

	return edit_new_begin(m, j, offset, len, none, bytes);
}

struct edit_job *
edit_undo_begin(struct map *m, struct journal *j, int redo)
{
	const struct journal_edit *e;
	struct edit_job *job;

	e = redo ? journal_peek_redo(j) : journal_peek_undo(j);
	if (e == NULL) {
		errno = 0;
		return NULL;
	}
	if (e->old != NULL) {
		if ((job = calloc(1, sizeof *job)) == NULL) {
			errno = ENOMEM;
			return NULL;
		}
		job->kind = redo ? EDIT_JOB_SMALL_REDO : EDIT_JOB_SMALL_UNDO;
		job->map = m;
		job->journal = j;
	} else if ((job = edit_job_new(m, j, redo ? EDIT_JOB_REDO :
	    EDIT_JOB_UNDO)) == NULL)
		return NULL;
	job->offset = e->offset;
	job->len = e->len;
	return job;
}

/* Fill or paste one piece of n bytes. */
static int
edit_job_fill_piece(struct edit_job *job, size_t n)
{
	uint64_t x = job->offset + job->done;
	const unsigned char *new = job->new;
	ssize_t got;

	got = map_read(job->map, x, job->old, n);
	if (got != (ssize_t)n) {
		if (got >= 0)
			errno = EFAULT;	/* the file shrank under us */
		return -1;
	}
	if (job->bytes != NULL)
		new = job->bytes + job->done;
	else if (!job->new_phase_ok)
		spill_src_read(NULL, job->pattern, x, job->new, n);
	if (map_write(job->map, x, new, n) == -1) {
		(void)map_write(job->map, x, job->old, n);
		return -1;
	}
	if (journal_big_add(job->journal, job->old, new, n) == -1) {
		(void)map_write(job->map, x, job->old, n);
		return -1;
	}
	map_release(job->map, x, n);
	return 0;
}

/* Undo or redo one piece of n bytes of a big edit; conflicts in *c. */
static int
edit_job_undo_piece(struct edit_job *job, size_t n, struct edit_conflicts *c)
{
	struct journal *j = job->journal;
	int redo = job->kind == EDIT_JOB_REDO;
	const struct journal_edit *e;
	uint64_t x = job->offset + job->done;

	if (edit_refuse_conflicts(job->map, j, x, n, 0, c) == -1)
		return -1;
	e = redo ? journal_peek_redo(j) : journal_peek_undo(j);
	if (journal_edit_read(j, e, redo, x, job->new, n) == -1 ||
	    journal_edit_read(j, e, !redo, x, job->old, n) == -1)
		return -1;
	if (edit_put_known(job->map, j, x, n, job->new) == -1) {
		(void)edit_put_known(job->map, j, x, n, job->old);
		return -1;
	}
	if (journal_big_mine(j, e, redo, x, job->new, n) == -1) {
		(void)edit_put_known(job->map, j, x, n, job->old);
		return -1;
	}
	map_release(job->map, x, n);
	return 0;
}

int
edit_job_step(struct edit_job *job, uint64_t budget, struct edit_conflicts *c)
{
	uint64_t at;
	size_t n;
	int r;

	if (c != NULL)
		memset(c, 0, sizeof *c);
	if (job->failed) {
		errno = EINVAL;
		return -1;
	}
	if (job->kind == EDIT_JOB_SMALL_UNDO || job->kind == EDIT_JOB_SMALL_REDO) {
		if (job->done == job->len)
			return 0;
		r = edit_step_small(job->map, job->journal,
		    job->kind == EDIT_JOB_SMALL_REDO, &at, c);
		if (r == -1) {
			job->failed = 1;
			return -1;
		}
		job->done = job->len;
		return 0;
	}
	for (at = 0; job->done < job->len && (at == 0 || at < budget);
	    at += n) {
		n = job->len - job->done < EDIT_JOB_PIECE ?
		    (size_t)(job->len - job->done) : EDIT_JOB_PIECE;
		r = job->kind == EDIT_JOB_FILL ? edit_job_fill_piece(job, n) :
		    edit_job_undo_piece(job, n, c);
		if (r == -1) {
			job->failed = 1;
			return -1;
		}
		job->done += n;
	}
	return job->done < job->len;
}

uint64_t
edit_job_done(const struct edit_job *job)
{
	return job->done;
}

uint64_t
edit_job_total(const struct edit_job *job)
{
	return job->len;
}

uint64_t
edit_job_offset(const struct edit_job *job)
{
	return job->offset;
}

int
edit_job_end(struct edit_job *job)
{
	struct journal *j;
	int ret = 0, redo;

	if (job == NULL)
		return 0;
	j = job->journal;
	redo = job->kind == EDIT_JOB_REDO;
	switch (job->kind) {
	case EDIT_JOB_FILL:
		if (job->began)
			ret = journal_big_end(j);
		break;
	case EDIT_JOB_UNDO:
	case EDIT_JOB_REDO:
		if (job->done == job->len)
			(void)(redo ? journal_redo(j) : journal_undo(j));
		else if (job->done > 0)
			ret = journal_big_split(j, redo, job->done);
		break;
	default:
		break;
	}
	edit_job_free(job);
	return ret;
}

int
edit_fill(struct map *m, struct journal *j, uint64_t offset, uint64_t len,
    const void *pattern, size_t plen)
{
	struct edit_job *job;
	unsigned char *buf;
	struct spill_src src;
	int r, saved;

	if (plen == 0 || plen > SPILL_PATTERN_MAX) {
		errno = EINVAL;
		return -1;
	}
	if (edit_writable(m, offset, len) == -1)
		return -1;
	if (len == 0)
		return 0;
	if (len < EDIT_BIG) {
		/* Small: an edit in memory like any other. */
		src = spill_repeat(pattern, plen, offset);
		if (src.kind == SPILL_NONE)
			return -1;
		if ((buf = malloc((size_t)len)) == NULL) {
			spill_src_unref(&src);
			errno = ENOMEM;
			return -1;
		}
		spill_src_read(NULL, src, offset, buf, (size_t)len);
		spill_src_unref(&src);
		r = edit_paste(m, j, offset, buf, (size_t)len);
		free(buf);
		return r;
	}
	if ((job = edit_fill_begin(m, j, offset, len, pattern, plen)) == NULL)
		return -1;
	while ((r = edit_job_step(job, UINT64_MAX, NULL)) == 1)
		;
	saved = errno;
	if (edit_job_end(job) == -1)
		return -1;
	errno = saved;
	return r;
}

int
edit_paste(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len)
{
	struct edit_job *job;
	int r, saved;

	if (edit_writable(m, offset, len) == -1)
		return -1;
	if (len == 0)
		return 0;
	if (len < EDIT_BIG)
		return edit_write_step(m, j, offset, bytes, len, JOURNAL_ALONE);
	if ((job = edit_paste_begin(m, j, offset, bytes, len)) == NULL)
		return -1;
	while ((r = edit_job_step(job, UINT64_MAX, NULL)) == 1)
		;
	saved = errno;
	if (edit_job_end(job) == -1)
		return -1;
	errno = saved;
	return r;
}

int
edit_replace(struct map *m, struct journal *j, const uint64_t *offsets,
    size_t count, const void *bytes, size_t len)
{
	size_t i;

	if (count == 0) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < count; i++)
		if (edit_writable(m, offsets[i], len) == -1)
			return -1;
	if (len == 0)
		return 0;
	for (i = 0; i < count; i++) {
		if (edit_write_step(m, j, offsets[i], bytes, len, i == 0 ?
		    JOURNAL_ALONE : JOURNAL_JOIN) == -1)
			return -1;
	}
	return 0;
}

int
edit_revert(struct map *m, struct journal *j, struct edit_conflicts *c)
{
	struct ledger *l = journal_ledger(j);
	struct ledger_range *todo;
	unsigned char *base = NULL;
	uint64_t off, end;
	size_t count, i, n;
	int ret = -1;

	if (edit_refuse_conflicts(m, j, 0, UINT64_MAX, 1, c) == -1)
		return -1;
	if (ledger_unsaved_ranges(l, &todo, &count) == -1)
		return -1;
	if (count > 0 && (base = malloc(EDIT_CHUNK)) == NULL)
		goto out;
	for (i = 0; i < count; i++) {
		/* The saved bytes, piece by piece: a spilled run's are not
		 * in memory. */
		for (off = todo[i].offset; off < todo[i].offset + todo[i].len;
		    off += n) {
			n = todo[i].offset + todo[i].len - off < EDIT_CHUNK ?
			    (size_t)(todo[i].offset + todo[i].len - off) :
			    EDIT_CHUNK;
			if (ledger_copy_base(l, off, n, base) == -1)
				goto out;
			end = off + n < map_size(m) ? off + n : map_size(m);
			if (off < end && map_write(m, off, base,
			    (size_t)(end - off)) == -1)
				goto out;
		}
		if (ledger_put_base(l, todo[i].offset, todo[i].len) == -1)
			goto out;
	}
	journal_forget(j);
	ret = 0;
out:
	free(base);
	free(todo);
	return ret;
}

/* Write mine over the bytes of [off, off + n) where fresh holds base;
 * count both kinds.  now, base and mine are n-byte buffers. */
static int
edit_reapply_range(struct map *fresh, const unsigned char *now,
    const unsigned char *base, const unsigned char *mine, uint64_t off,
    size_t n, uint64_t *written, uint64_t *conflicting)
{
	size_t i = 0, start;

	while (i < n) {
		if (now[i] != base[i]) {
			*conflicting += 1;
			i++;
			continue;
		}
		for (start = i; i < n && now[i] == base[i]; i++)
			;
		if (map_write(fresh, off + start, mine + start, i - start) == -1)
			return -1;
		*written += i - start;
	}
	return 0;
}

int
edit_reapply(struct map *fresh, struct journal *j, uint64_t *written,
    uint64_t *conflicting)
{
	const struct ledger *l = journal_ledger(j);
	struct ledger_range *r;
	unsigned char *buf;
	uint64_t off, end;
	size_t count, i, n;
	int ret = -1;

	*written = *conflicting = 0;
	if (ledger_unsaved_ranges(l, &r, &count) == -1)
		return -1;
	if ((buf = malloc(3 * (size_t)EDIT_CHUNK)) == NULL)
		goto out;
	for (i = 0; i < count; i++) {
		end = r[i].offset + r[i].len;
		for (off = r[i].offset; off < end; off += n) {
			n = end - off < EDIT_CHUNK ? (size_t)(end - off) :
			    EDIT_CHUNK;
			if (map_read(fresh, off, buf, n) != (ssize_t)n) {
				errno = EFAULT;	/* shrank meanwhile */
				goto out;
			}
			ledger_copy_base(l, off, n, buf + EDIT_CHUNK);
			ledger_copy_mine(l, off, n, buf + 2 * EDIT_CHUNK);
			if (edit_reapply_range(fresh, buf, buf + EDIT_CHUNK,
			    buf + 2 * EDIT_CHUNK, off, n, written,
			    conflicting) == -1)
				goto out;
		}
	}
	ret = 0;
out:
	free(buf);
	free(r);
	return ret;
}
