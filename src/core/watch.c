/*
 * watch.c - which visible bytes another process changed, and when.
 *
 * Invariant: bytes[0 .. len) and stamp[0 .. len) describe the last frame,
 * which showed file offsets [offset, offset + len); stamp[i] is the time
 * byte offset + i was last seen to change, 0 if never while on screen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "watch.h"

struct watch {
	uint64_t offset;	/* file offset of bytes[0] */
	size_t len;		/* bytes in the last frame */
	size_t cap;		/* bytes allocated */
	unsigned char *bytes;	/* the last frame */
	uint64_t *stamp;	/* when each byte last changed */
	uint64_t *spare;	/* stamps being built for the next frame */
	uint64_t last_change;	/* newest stamp */
	int valid;		/* bytes holds a frame */
};

struct watch *
watch_new(void)
{
	struct watch *w = calloc(1, sizeof *w);

	if (w == NULL)
		errno = ENOMEM;
	return w;
}

void
watch_free(struct watch *w)
{
	if (w == NULL)
		return;
	free(w->bytes);
	free(w->stamp);
	free(w->spare);
	free(w);
}

void
watch_reset(struct watch *w)
{
	w->valid = 0;
	w->len = 0;
}

/* Make room for n bytes. */
static int
watch_grow(struct watch *w, size_t n)
{
	unsigned char *bytes;
	uint64_t *stamp, *spare;

	if (n <= w->cap)
		return 0;
	bytes = realloc(w->bytes, n);
	if (bytes != NULL)
		w->bytes = bytes;
	stamp = realloc(w->stamp, n * sizeof *stamp);
	if (stamp != NULL)
		w->stamp = stamp;
	spare = realloc(w->spare, n * sizeof *spare);
	if (spare != NULL)
		w->spare = spare;
	if (bytes == NULL || stamp == NULL || spare == NULL) {
		errno = ENOMEM;
		return -1;
	}
	w->cap = n;
	return 0;
}

long
watch_frame(struct watch *w, uint64_t offset, const unsigned char *bytes,
    size_t n, uint64_t now_ms)
{
	uint64_t *tmp, at;
	size_t i;
	long changed = 0;

	if (watch_grow(w, n) == -1) {
		watch_reset(w);
		return -1;
	}
	for (i = 0; i < n; i++) {
		at = offset + i;
		w->spare[i] = 0;
		if (!w->valid || at < w->offset || at - w->offset >= w->len)
			continue;	/* not on the last frame */
		w->spare[i] = w->stamp[at - w->offset];
		if (w->bytes[at - w->offset] != bytes[i]) {
			w->spare[i] = now_ms;
			changed++;
		}
	}
	/* The new stamps become the frame's; memmove: frames may overlap. */
	memmove(w->bytes, bytes, n);
	tmp = w->stamp;
	w->stamp = w->spare;
	w->spare = tmp;
	w->offset = offset;
	w->len = n;
	w->valid = 1;
	if (changed > 0)
		w->last_change = now_ms;
	return changed;
}

int
watch_marks(const struct watch *w, uint64_t now_ms, unsigned char *marks,
    size_t n)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		marks[i] = i < w->len && w->stamp[i] != 0 &&
		    now_ms - w->stamp[i] < WATCH_FADE_MS;
		any |= marks[i];
	}
	return any;
}

uint64_t
watch_last_change(const struct watch *w)
{
	return w->last_change;
}
