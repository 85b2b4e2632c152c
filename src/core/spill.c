/*
 * spill.c - the unnamed temporary file that holds the bytes of big edits,
 * and the sources (spill stretches, repeated patterns) that name them.
 *
 * Invariants: fd is -1 until the first reservation; size is the bytes
 * reserved, and the file is at least that long (ftruncate), so a reserved
 * byte never written reads as zero.  A pattern is freed when its last
 * source drops it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spill.h"

/* Blocks looked at for zeros before a fresh write. */
#define SPILL_BLOCK 4096

struct spill {
	int fd;				/* the file, -1 before first use */
	uint64_t size;			/* bytes reserved */
};

struct spill *
spill_new(void)
{
	struct spill *s = calloc(1, sizeof *s);

	if (s == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	s->fd = -1;
	return s;
}

void
spill_free(struct spill *s)
{
	if (s == NULL)
		return;
	if (s->fd != -1)
		close(s->fd);
	free(s);
}

/* Open the unnamed file in $TMPDIR (or /tmp): O_TMPFILE where the
 * filesystem has it, else a named file removed at once. */
static int
spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd != -1)
		return fd;
#endif
	if (snprintf(path, sizeof path, "%s/.mmhex-spill-XXXXXX", dir) >=
	    (int)sizeof path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd != -1)
		unlink(path);
	return fd;
}

int
spill_reserve(struct spill *s, uint64_t len, uint64_t *at)
{
	if (s->fd == -1 && (s->fd = spill_open()) == -1)
		return -1;
	if (len > (uint64_t)INT64_MAX - s->size) {
		errno = EFBIG;
		return -1;
	}
	if (ftruncate(s->fd, (off_t)(s->size + len)) == -1)
		return -1;
	*at = s->size;
	s->size += len;
	return 0;
}

/* Say whether n bytes are all zero. */
static int
spill_zero(const unsigned char *p, size_t n)
{
	return n == 0 || (p[0] == 0 && memcmp(p, p + 1, n - 1) == 0);
}

/* Write all of n bytes at at. */
static int
spill_pwrite(int fd, uint64_t at, const unsigned char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = pwrite(fd, p, n, (off_t)at);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		at += (uint64_t)w;
		n -= (size_t)w;
	}
	return 0;
}

int
spill_write(struct spill *s, uint64_t at, const void *buf, size_t n,
    int fresh)
{
	const unsigned char *p = buf;
	size_t start, i, k;

	if (s->fd == -1 || at > s->size || n > s->size - at) {
		errno = EINVAL;
		return -1;
	}
	if (!fresh)
		return spill_pwrite(s->fd, at, p, n);
	/* Write the runs of blocks that are not all zero. */
	for (i = 0; i < n;) {
		k = n - i < SPILL_BLOCK ? n - i : SPILL_BLOCK;
		if (spill_zero(p + i, k)) {
			i += k;
			continue;
		}
		start = i;
		while (i < n) {
			k = n - i < SPILL_BLOCK ? n - i : SPILL_BLOCK;
			if (spill_zero(p + i, k))
				break;
			i += k;
		}
		if (spill_pwrite(s->fd, at + start, p + start, i - start) == -1)
			return -1;
	}
	return 0;
}

uint64_t
spill_size(const struct spill *s)
{
	return s->size;
}

struct spill_src
spill_repeat(const void *bytes, size_t len, uint64_t origin)
{
	struct spill_src src = { SPILL_NONE, 0, NULL };
	struct spill_pattern *p;

	if (len == 0 || len > SPILL_PATTERN_MAX) {
		errno = EINVAL;
		return src;
	}
	if ((p = malloc(sizeof *p + len)) == NULL) {
		errno = ENOMEM;
		return src;
	}
	p->refs = 1;
	p->len = len;
	p->phase = (size_t)(origin % len);
	memcpy(p->bytes, bytes, len);
	src.kind = SPILL_REPEAT;
	src.pat = p;
	return src;
}

struct spill_src
spill_at(uint64_t at, uint64_t offset)
{
	struct spill_src src = { SPILL_FILE, 0, NULL };

	src.shift = at - offset;
	return src;
}

struct spill_src
spill_src_ref(struct spill_src src)
{
	if (src.kind == SPILL_REPEAT)
		src.pat->refs++;
	return src;
}

void
spill_src_unref(struct spill_src *src)
{
	if (src->kind == SPILL_REPEAT && --src->pat->refs == 0)
		free(src->pat);
	src->kind = SPILL_NONE;
	src->pat = NULL;
}

int
spill_src_same(struct spill_src a, struct spill_src b)
{
	if (a.kind != b.kind)
		return 0;
	if (a.kind == SPILL_FILE)
		return a.shift == b.shift;
	if (a.kind == SPILL_REPEAT)
		return a.pat == b.pat || (a.pat->len == b.pat->len &&
		    a.pat->phase == b.pat->phase && memcmp(a.pat->bytes,
		    b.pat->bytes, a.pat->len) == 0);
	return 0;
}

/* Expand a pattern over file offsets [x, x + n) into buf: one period
 * byte by byte, then doubling (buf[i] == buf[i - len] throughout). */
static void
spill_expand(const struct spill_pattern *p, uint64_t x, unsigned char *buf,
    size_t n)
{
	size_t at = (size_t)((x % p->len + p->len - p->phase) % p->len), k;
	size_t done;

	if (p->len == 1) {
		memset(buf, p->bytes[0], n);
		return;
	}
	for (done = 0; done < n && done < p->len; done++) {
		buf[done] = p->bytes[at];
		at = at + 1 == p->len ? 0 : at + 1;
	}
	for (; done < n; done += k) {
		k = done < n - done ? done : n - done;
		memcpy(buf + done, buf, k);
	}
}

int
spill_src_read(const struct spill *s, struct spill_src src, uint64_t x,
    void *buf, size_t n)
{
	unsigned char *p = buf;
	ssize_t got;
	uint64_t at;

	if (src.kind == SPILL_REPEAT) {
		spill_expand(src.pat, x, p, n);
		return 0;
	}
	if (src.kind != SPILL_FILE || s->fd == -1) {
		errno = EINVAL;
		return -1;
	}
	at = x + src.shift;
	while (n > 0) {
		got = pread(s->fd, p, n, (off_t)at);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0) {
			if (got == 0)
				errno = EIO;	/* the spill cannot be short */
			return -1;
		}
		p += got;
		at += (uint64_t)got;
		n -= (size_t)got;
	}
	return 0;
}
