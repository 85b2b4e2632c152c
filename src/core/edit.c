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

/* Write an undone or redone edit back, clipped to the file's end: bytes
 * another process cut off no longer exist, so there is nothing to put
 * back there, and refusing would leave the journal unable to reach its
 * saved state (quit-and-discard would fail).  A write that finds the file
 * shorter than measured is clipped to the new size and tried again. */
static int
edit_put(struct map *m, uint64_t offset, const unsigned char *bytes,
    size_t len)
{
	uint64_t size;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		size = map_size(m);
		if (offset >= size)
			return 0;
		if (map_write(m, offset, bytes, len < size - offset ? len :
		    (size_t)(size - offset)) == 0)
			return 0;
		if (errno != EFAULT)
			return -1;
	}
	return -1;
}

int
edit_undo(struct map *m, struct journal *j, uint64_t *offset)
{
	const struct journal_edit *e;

	if ((e = journal_undo(j)) == NULL)
		return 0;
	if (edit_put(m, e->offset, e->old, e->len) == -1) {
		journal_redo(j);
		return -1;
	}
	if (offset != NULL)
		*offset = e->offset;
	return 1;
}

int
edit_redo(struct map *m, struct journal *j, uint64_t *offset)
{
	const struct journal_edit *e;

	if ((e = journal_redo(j)) == NULL)
		return 0;
	if (edit_put(m, e->offset, e->new, e->len) == -1) {
		journal_undo(j);
		return -1;
	}
	if (offset != NULL)
		*offset = e->offset;
	return 1;
}

/* Step toward the saved state with step (edit_undo or edit_redo) while
 * that brings it closer; returns 0 or -1. */
static int
edit_walk(struct map *m, struct journal *j,
    int (*step)(struct map *, struct journal *, uint64_t *),
    int (*back)(struct map *, struct journal *, uint64_t *))
{
	size_t before;
	int r;

	while ((before = journal_unsaved(j)) > 0) {
		if ((r = step(m, j, NULL)) <= 0)
			return r;
		if (journal_unsaved(j) > before)
			return back(m, j, NULL) == -1 ? -1 : 0;
	}
	return 0;
}

int
edit_revert(struct map *m, struct journal *j)
{
	if (edit_walk(m, j, edit_undo, edit_redo) == -1 ||
	    edit_walk(m, j, edit_redo, edit_undo) == -1)
		return -1;
	if (journal_unsaved(j) > 0) {
		/* The saved state is no longer on the undo path. */
		errno = ESTALE;
		return -1;
	}
	return 0;
}
