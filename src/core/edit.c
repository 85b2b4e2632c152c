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

int
edit_overwrite(struct map *m, struct journal *j, uint64_t offset,
    const void *bytes, size_t len)
{
	unsigned char stack[EDIT_STACK], *old = stack;
	ssize_t got;
	int ret = -1;

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
	if (journal_record(j, offset, old, bytes, len) == -1) {
		/* Keep mapping and journal in step: put the bytes back. */
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

/* Compare one run's bytes [lo, hi) (offsets into the run) with what the
 * file or mapping holds, adding the conflicts to c. */
static int
edit_check_run(struct map *m, const struct ledger_run *r, size_t lo,
    size_t hi, int unsaved_only, struct edit_conflicts *c, unsigned char *buf)
{
	const unsigned char *expect = c->check == EDIT_CHECK_MAP ? r->mine :
	    r->base;
	size_t n, i, k;
	ssize_t got;

	for (; lo < hi; lo += n) {
		n = hi - lo < EDIT_CHUNK ? hi - lo : EDIT_CHUNK;
		got = edit_read(m, c->check, r->offset + lo, buf, n);
		if (got < 0)
			return -1;
		n = (size_t)got;	/* past a new end: nothing to compare */
		if (n == 0)
			return 0;
		for (i = 0; i < n; i++) {
			k = lo + i;
			/* In the file, mmhex's own byte (an apply that failed
			 * after writing it) is no one else's. */
			if (buf[i] == expect[k] ||
			    (unsaved_only && r->base[k] == r->mine[k]) ||
			    (c->check == EDIT_CHECK_FILE && buf[i] == r->mine[k]))
				continue;
			if (edit_conflict_add(c, r->offset + k, 1) == -1)
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
	if ((buf = malloc(EDIT_CHUNK)) == NULL)
		return -1;
	for (i = ledger_seek(l, offset); i < count; i++) {
		if (runs[i].offset >= end)
			break;
		lo = runs[i].offset > offset ? runs[i].offset : offset;
		hi = runs[i].offset + runs[i].len < end ? runs[i].offset +
		    runs[i].len : end;
		if (edit_check_run(m, &runs[i], (size_t)(lo - runs[i].offset),
		    (size_t)(hi - runs[i].offset), unsaved_only, c, buf) == -1) {
			free(buf);
			edit_conflicts_free(c);
			return -1;
		}
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
		journal_adopt(j, c->ranges[i].offset, theirs,
		    (size_t)c->ranges[i].len);
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

/* Write the ledger's mine over [off, off + len) into the mapping, for the
 * bytes it knows, clipped to the file's end.  Returns 0 or -1. */
static int
edit_put_mine(struct map *m, struct journal *j, uint64_t off, uint64_t len)
{
	const struct ledger *l = journal_ledger(j);
	const struct ledger_run *runs;
	uint64_t end = off + len, lo, hi;
	size_t count, i;

	runs = ledger_runs(l, &count);
	for (i = ledger_seek(l, off); i < count && runs[i].offset < end; i++) {
		lo = runs[i].offset > off ? runs[i].offset : off;
		hi = runs[i].offset + runs[i].len < end ? runs[i].offset +
		    runs[i].len : end;
		if (hi > map_size(m))
			hi = map_size(m);
		if (lo < hi && map_write(m, lo, runs[i].mine + (lo -
		    runs[i].offset), (size_t)(hi - lo)) == -1)
			return -1;
	}
	return 0;
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
		ledger_set_base(journal_ledger(j), c->ranges[i].offset, theirs,
		    (size_t)c->ranges[i].len);
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

int
edit_undo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c)
{
	const struct journal_edit *e;

	if ((e = journal_peek_undo(j)) == NULL)
		return 0;
	if (edit_refuse_conflicts(m, j, e->offset, e->len, 0, c) == -1)
		return -1;
	e = journal_undo(j);
	if (edit_put_mine(m, j, e->offset, e->len) == -1) {
		journal_redo(j);
		return -1;
	}
	if (offset != NULL)
		*offset = e->offset;
	return 1;
}

int
edit_redo(struct map *m, struct journal *j, uint64_t *offset,
    struct edit_conflicts *c)
{
	const struct journal_edit *e;

	if ((e = journal_peek_redo(j)) == NULL)
		return 0;
	if (edit_refuse_conflicts(m, j, e->offset, e->len, 0, c) == -1)
		return -1;
	e = journal_redo(j);
	if (edit_put_mine(m, j, e->offset, e->len) == -1) {
		journal_undo(j);
		return -1;
	}
	if (offset != NULL)
		*offset = e->offset;
	return 1;
}

int
edit_revert(struct map *m, struct journal *j, struct edit_conflicts *c)
{
	struct ledger *l = journal_ledger(j);
	struct ledger_range *todo;
	unsigned char *base;
	uint64_t off, end;
	size_t count, i, n_runs;
	int ret = -1;

	if (edit_refuse_conflicts(m, j, 0, UINT64_MAX, 1, c) == -1)
		return -1;
	if (ledger_unsaved_ranges(l, &todo, &count) == -1)
		return -1;
	for (i = 0; i < count; i++) {
		/* Each range lies in one run: its saved bytes are there. */
		const struct ledger_run *r = ledger_runs(l, &n_runs) +
		    ledger_seek(l, todo[i].offset);

		off = todo[i].offset;
		base = r->base + (off - r->offset);
		end = off + todo[i].len < map_size(m) ? off + todo[i].len :
		    map_size(m);
		if (off < end && map_write(m, off, base, (size_t)(end - off)) ==
		    -1)
			goto out;
		ledger_set_mine(l, off, base, (size_t)todo[i].len);
	}
	journal_forget(j);
	ret = 0;
out:
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
