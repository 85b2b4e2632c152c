/*
 * dump.c - print a file the way xxd does, straight from the mapping.
 *
 * A line is the offset in lowercase hex ("%08x", wider when the offset
 * needs more digits: 100000000 has nine), ": ", the bytes as eight groups
 * of two bytes, then, after two spaces, the bytes as characters with
 * anything outside 0x20..0x7e shown as '.'.  Lines start at the requested
 * offset, not at a multiple of 16.  A short last line keeps the character
 * column where a full line has it.
 *
 * The mapping is consumed in place, a chunk at a time, under guard_run():
 * the file is re-measured, the chunk is formatted into an output buffer,
 * handed to the writer thread, and its pages are let go of.  There are two
 * output buffers: while the writer thread write(2)s one, the caller's
 * thread formats the next into the other, so on two cores a dump to a file
 * costs about what the kernel needs to take the text in (formatting is
 * about a third of that), not the sum of the two.  When the
 * file shrinks under a chunk, the guard reports the fault, the map is
 * re-measured and the chunk is formatted again with what is left, so the
 * dump stops at the new end.  A chunk that holds a hole is copied out with
 * map_read() instead, which writes the hole's zeros without touching it
 * (a read fault in a tmpfs hole would allocate a page).  Full lines are
 * formatted without a branch per byte (SSE2 on x86-64, lookup tables and
 * byte-lane arithmetic elsewhere); only a short last line takes the
 * slower general path.
 *
 * Invariant: DUMP_CHUNK is a multiple of 16, so every chunk but the last
 * holds whole lines and lines never straddle two chunks.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SSE2 is part of x86-64; elsewhere (or with DUMP_NO_SIMD) plain C. */
#if defined(__SSE2__) && defined(__x86_64__) && !defined(DUMP_NO_SIMD)
#define DUMP_SSE2 1
#include <emmintrin.h>
#endif

#include "dump.h"
#include "errmsg.h"
#include "guard.h"
#include "map.h"

/* Bytes of the file formatted per write(2); test builds may shrink it. */
#ifndef DUMP_CHUNK
#define DUMP_CHUNK (128u * 1024u)
#endif

/* The chunk must hold whole lines. */
_Static_assert(DUMP_CHUNK >= 16 && DUMP_CHUNK % 16 == 0,
    "DUMP_CHUNK must be a positive multiple of 16");

/* Bytes a line, and digits an offset has at the least. */
#define DUMP_WIDTH 16
#define DUMP_DIGITS 8

/* Characters between the ": " and the character column. */
#define DUMP_HEX_WIDTH 41

/* A full line with the widest (16-digit) offset. */
#define DUMP_FULL_MAX (16 + 2 + DUMP_HEX_WIDTH + DUMP_WIDTH + 1)

/* How often a chunk is retried after the file shrank under it. */
#define DUMP_RETRIES 8

_Static_assert(DUMP_FULL_MAX <= DUMP_LINE_MAX, "DUMP_LINE_MAX too small");

/* Two lowercase hex digits for every byte value. */
#define DUMP_DIGIT(d)	((char)((d) < 10 ? '0' + (d) : 'a' + (d) - 10))
#define DUMP_HEX(b)	{ DUMP_DIGIT((b) >> 4), DUMP_DIGIT((b) & 15) }
#define DUMP_HEX4(b)	DUMP_HEX(b), DUMP_HEX((b) + 1), \
			DUMP_HEX((b) + 2), DUMP_HEX((b) + 3)
#define DUMP_HEX16(b)	DUMP_HEX4(b), DUMP_HEX4((b) + 4), \
			DUMP_HEX4((b) + 8), DUMP_HEX4((b) + 12)

static const char dump_hex[256][2] = {
	DUMP_HEX16(0x00), DUMP_HEX16(0x10), DUMP_HEX16(0x20), DUMP_HEX16(0x30),
	DUMP_HEX16(0x40), DUMP_HEX16(0x50), DUMP_HEX16(0x60), DUMP_HEX16(0x70),
	DUMP_HEX16(0x80), DUMP_HEX16(0x90), DUMP_HEX16(0xa0), DUMP_HEX16(0xb0),
	DUMP_HEX16(0xc0), DUMP_HEX16(0xd0), DUMP_HEX16(0xe0), DUMP_HEX16(0xf0)
};

/* The character column's view of every byte value. */
#define DUMP_CHAR(b)	((char)((b) >= 0x20 && (b) < 0x7f ? (b) : '.'))
#define DUMP_CHAR4(b)	DUMP_CHAR(b), DUMP_CHAR((b) + 1), \
			DUMP_CHAR((b) + 2), DUMP_CHAR((b) + 3)
#define DUMP_CHAR16(b)	DUMP_CHAR4(b), DUMP_CHAR4((b) + 4), \
			DUMP_CHAR4((b) + 8), DUMP_CHAR4((b) + 12)

static const char dump_char[256] = {
	DUMP_CHAR16(0x00), DUMP_CHAR16(0x10), DUMP_CHAR16(0x20),
	DUMP_CHAR16(0x30), DUMP_CHAR16(0x40), DUMP_CHAR16(0x50),
	DUMP_CHAR16(0x60), DUMP_CHAR16(0x70), DUMP_CHAR16(0x80),
	DUMP_CHAR16(0x90), DUMP_CHAR16(0xa0), DUMP_CHAR16(0xb0),
	DUMP_CHAR16(0xc0), DUMP_CHAR16(0xd0), DUMP_CHAR16(0xe0),
	DUMP_CHAR16(0xf0)
};

/* A chunk being formatted under the guard. */
struct dump_chunk {
	const unsigned char *bytes;	/* in the mapping */
	size_t n;			/* bytes to format */
	uint64_t offset;		/* file offset of bytes[0] */
	char *out;			/* output buffer */
	size_t outlen;			/* bytes of output produced */
	unsigned char *copy;		/* DUMP_CHUNK bytes for a chunk
					 * with holes (NULL until one) */
};

/*
 * The writer thread and its two buffers.  Buffer k is the caller's after
 * sem_wait(&free_[k]) and the writer's after sem_post(&full[k]); an
 * empty buffer (len 0) tells the writer to stop.  After a write error the
 * writer keeps taking buffers without writing them, so the caller never
 * waits forever; the caller stops at its next hand-over.
 */
struct dump_writer {
	pthread_t thread;
	int fd;
	char *buf[2];			/* output buffers */
	size_t len[2];			/* bytes to write in each */
	sem_t full[2];			/* buffer k is ready to write */
	sem_t free_[2];			/* buffer k may be formatted into */
	int error;			/* errno of the first failed write */
};

/* Write the offset and its ": "; return the end. */
static inline char *
dump_offset(char *p, uint64_t offset)
{
	char *end;
	unsigned digits;

	if (offset <= UINT32_MAX) {
		memcpy(p, dump_hex[(offset >> 24) & 0xff], 2);
		memcpy(p + 2, dump_hex[(offset >> 16) & 0xff], 2);
		memcpy(p + 4, dump_hex[(offset >> 8) & 0xff], 2);
		memcpy(p + 6, dump_hex[offset & 0xff], 2);
		p[8] = ':';
		p[9] = ' ';
		return p + 10;
	}

	/* Wider than 8 digits: as many as the offset needs, no padding. */
	for (digits = DUMP_DIGITS; digits < 16; digits++) {
		if ((offset >> (4 * digits)) == 0)
			break;
	}
	p[digits] = ':';
	p[digits + 1] = ' ';
	end = p + digits + 2;
	for (p += digits; digits > 0; digits--) {
		*--p = DUMP_DIGIT(offset & 15);
		offset >>= 4;
	}
	return end;
}

/* Store 8 bytes at any alignment. */
static inline void
dump_store64(void *p, uint64_t v)
{
	memcpy(p, &v, sizeof v);
}

#ifdef DUMP_SSE2
/* Format a full line of 16 bytes with SSE2; return the end. */
static inline char *
dump_line16(char *p, uint64_t offset, const unsigned char *bytes)
{
	__m128i v = _mm_loadu_si128((const __m128i *)bytes);
	__m128i nib = _mm_set1_epi8(0x0f), hi, lo, a, b, t, ok;
	uint64_t hex[4], space = (uint64_t)' ' << 32;
	unsigned i;

	hi = _mm_and_si128(_mm_srli_epi16(v, 4), nib);
	lo = _mm_and_si128(v, nib);
	a = _mm_unpacklo_epi8(hi, lo);
	b = _mm_unpackhi_epi8(hi, lo);
	a = _mm_add_epi8(_mm_add_epi8(a, _mm_set1_epi8('0')), _mm_and_si128(
	    _mm_cmpgt_epi8(a, _mm_set1_epi8(9)), _mm_set1_epi8(39)));
	b = _mm_add_epi8(_mm_add_epi8(b, _mm_set1_epi8('0')), _mm_and_si128(
	    _mm_cmpgt_epi8(b, _mm_set1_epi8(9)), _mm_set1_epi8(39)));
	hex[0] = (uint64_t)_mm_cvtsi128_si64(a);
	hex[1] = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a));
	hex[2] = (uint64_t)_mm_cvtsi128_si64(b);
	hex[3] = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(b, b));
	ok = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x1f)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
	t = _mm_or_si128(_mm_and_si128(ok, v),
	    _mm_andnot_si128(ok, _mm_set1_epi8('.')));

	/* Each group goes out as one 8-byte store of "hhhh " and 3 bytes
	 * the next store overwrites (x86-64 is little-endian: the low half
	 * of hex[i] is its first group). */
	p = dump_offset(p, offset);
	for (i = 0; i < 4; i++) {
		dump_store64(p, (hex[i] & 0xffffffffu) | space);
		dump_store64(p + 5, (hex[i] >> 32) | space);
		p += 10;
	}
	p[0] = ' ';
	_mm_storeu_si128((__m128i *)(p + 1), t);
	p[17] = '\n';
	return p + 18;
}
#else
/* Load 8 bytes at any alignment. */
static inline uint64_t
dump_load64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/*
 * Map 8 bytes to their character column, a byte lane at a time: a lane
 * is kept when it is in 0x20..0x7e and becomes '.' otherwise.  Lanes
 * never carry into each other, so this works in either byte order.
 */
static inline uint64_t
dump_text8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t low7, ok, keep;

	low7 = x & ~high;
	ok = (low7 + ones * 0x60) & high;	/* low 7 bits >= 0x20 */
	ok &= ~((low7 + ones) & high);		/* low 7 bits != 0x7f */
	ok &= ~x;				/* high bit clear */
	keep = (ok >> 7) * 0xff;
	return (x & keep) | (ones * '.' & ~keep);
}

/* Format a full line of 16 bytes; return the end. */
static inline char *
dump_line16(char *p, uint64_t offset, const unsigned char *bytes)
{
	unsigned char b[DUMP_WIDTH];
	unsigned i;

	/* A private copy: stores through p could alias bytes. */
	memcpy(b, bytes, DUMP_WIDTH);
	p = dump_offset(p, offset);
	for (i = 0; i < DUMP_WIDTH; i += 2) {
		memcpy(p, dump_hex[b[i]], 2);
		memcpy(p + 2, dump_hex[b[i + 1]], 2);
		p[4] = ' ';
		p += 5;
	}
	p[0] = ' ';
	dump_store64(p + 1, dump_text8(dump_load64(b)));
	dump_store64(p + 9, dump_text8(dump_load64(b + 8)));
	p[17] = '\n';
	return p + 18;
}
#endif

size_t
dump_format_line(char *out, uint64_t offset, const unsigned char *bytes,
    size_t n)
{
	char *p, *hex;
	size_t i;

	if (n == 0)
		return 0;
	if (n >= DUMP_WIDTH)
		return (size_t)(dump_line16(out, offset, bytes) - out);

	p = dump_offset(out, offset);
	hex = p;
	memset(hex, ' ', DUMP_HEX_WIDTH);
	for (i = 0; i < n; i++) {
		memcpy(hex, dump_hex[bytes[i]], 2);
		hex += (i & 1) ? 3 : 2;
	}
	p += DUMP_HEX_WIDTH;
	for (i = 0; i < n; i++)
		*p++ = dump_char[bytes[i]];
	*p++ = '\n';
	return (size_t)(p - out);
}

/* Format a chunk into its output buffer (runs under the guard). */
static int
dump_format_chunk(void *arg)
{
	struct dump_chunk *c = arg;
	const unsigned char *b = c->bytes;
	uint64_t offset = c->offset;
	size_t left = c->n;
	char *p = c->out;

	while (left >= DUMP_WIDTH) {
		p = dump_line16(p, offset, b);
		b += DUMP_WIDTH;
		offset += DUMP_WIDTH;
		left -= DUMP_WIDTH;
	}
	if (left > 0)
		p += dump_format_line(p, offset, b, left);
	c->outlen = (size_t)(p - c->out);
	return 0;
}

/* Write all n bytes at p to fd, riding out EINTR, EAGAIN and short writes. */
static int
dump_write(int fd, const char *p, size_t n, char **cause)
{
	struct pollfd pfd;
	ssize_t done;

	while (n > 0) {
		done = write(fd, p, n);
		if (done > 0) {
			p += done;
			n -= (size_t)done;
			continue;
		}
		if (done == -1 && errno == EINTR)
			continue;
		if (done == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			/* A non-blocking descriptor: wait until it drains. */
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
				goto fail;
			continue;
		}
		if (done == 0)
			errno = EIO;
		goto fail;
	}
	return 0;

fail:
	errmsg_errno(cause, "write error");
	return -1;
}

/* Write each buffer handed over, in turn, until an empty one comes. */
static void *
dump_writer_run(void *arg)
{
	struct dump_writer *w = arg;
	unsigned k = 0;

	for (;;) {
		while (sem_wait(&w->full[k]) == -1)
			;	/* EINTR */
		if (w->len[k] == 0)
			break;
		if (w->error == 0 &&
		    dump_write(w->fd, w->buf[k], w->len[k], NULL) == -1)
			w->error = errno;
		sem_post(&w->free_[k]);
		k ^= 1;
	}
	return NULL;
}

/* Set up the buffers (each of size bytes) and start the writer thread.
 * Returns 0, or -1 with errno set. */
static int
dump_writer_start(struct dump_writer *w, int fd, size_t size)
{
	int k;

	memset(w, 0, sizeof *w);
	w->fd = fd;
	for (k = 0; k < 2; k++) {
		if ((w->buf[k] = malloc(size)) == NULL)
			goto fail;
		sem_init(&w->full[k], 0, 0);
		sem_init(&w->free_[k], 0, 1);
	}
	if (guard_thread_create(&w->thread, dump_writer_run, w) == -1)
		goto fail;
	return 0;
fail:
	free(w->buf[0]);
	free(w->buf[1]);
	return -1;
}

/* Stop the writer after what it was handed; free the buffers.  Returns 0,
 * or -1 with errno set to the first write error. */
static int
dump_writer_stop(struct dump_writer *w, unsigned k)
{
	int k2;

	while (sem_wait(&w->free_[k]) == -1)
		;
	w->len[k] = 0;
	sem_post(&w->full[k]);
	pthread_join(w->thread, NULL);
	for (k2 = 0; k2 < 2; k2++) {
		free(w->buf[k2]);
		sem_destroy(&w->full[k2]);
		sem_destroy(&w->free_[k2]);
	}
	if (w->error != 0) {
		errno = w->error;
		return -1;
	}
	return 0;
}

/*
 * Format the chunk at pos, n bytes, which holds a hole, from a copy:
 * map_read() gives the hole's zeros without touching it.  Returns as
 * dump_fill().
 */
static ssize_t
dump_fill_copy(struct map *m, uint64_t pos, size_t n, struct dump_chunk *c)
{
	ssize_t got;

	if (c->copy == NULL && (c->copy = malloc(DUMP_CHUNK)) == NULL)
		return -1;
	if ((got = map_read(m, pos, c->copy, n)) <= 0)
		return got;
	c->bytes = c->copy;
	c->n = (size_t)got;
	c->offset = pos;
	dump_format_chunk(c);
	return got;
}

/*
 * Format [pos, pos + n) of m into c->out, measuring the file first so a
 * file that shrank is dumped only up to its new end.  Returns the bytes
 * formatted (fewer than n, or 0, when the file is now shorter), or -1
 * with errno set when measuring fails or the mapping keeps faulting.
 */
static ssize_t
dump_fill(struct map *m, uint64_t pos, size_t n, struct dump_chunk *c)
{
	uint64_t size, old = 0;
	int tries, hole;

	for (tries = 0; tries < DUMP_RETRIES; tries++) {
		if (map_refresh(m) == -1)
			return -1;
		size = map_size(m);
		if (tries > 0 && size == old) {
			/* A fault without truncation is an I/O error. */
			errno = EIO;
			return -1;
		}
		if (pos >= size)
			return 0;
		if (n > size - pos)
			n = (size_t)(size - pos);
		if (map_extent(m, pos, pos + n, &hole) < pos + n || hole)
			return dump_fill_copy(m, pos, n, c);
		c->bytes = map_bytes(m, pos);
		c->n = n;
		c->offset = pos;
		if (guard_run(c->bytes, n, dump_format_chunk, c) == 0)
			return (ssize_t)n;
		old = size;
	}
	errno = EAGAIN;
	return -1;
}

int
dump_xxd(struct map *m, uint64_t start, enum dump_origin origin,
    uint64_t len, int fd, char **cause)
{
	struct dump_writer w;
	struct dump_chunk c;
	uint64_t size, pos, end;
	unsigned k = 0;
	int shrank = 0;
	size_t want;
	ssize_t got;
	int ret = -1;

	memset(&c, 0, sizeof c);
	if (len == 0 && origin == DUMP_FROM_START)
		return 0;
	if (map_refresh(m) == -1) {
		errmsg_file(cause, map_path(m), errno, "read error: %s",
		    strerror(errno));
		return -1;
	}
	size = map_size(m);
	if (origin == DUMP_FROM_END) {
		/* xxd refuses to seek before the start too ("cannot seek"). */
		if (start > size) {
			return errmsg_file(cause, map_path(m), EINVAL,
			    "cannot seek to -%llu: the file has %llu bytes",
			    (unsigned long long)start,
			    (unsigned long long)size);
		}
		start = size - start;
	}
	if (start >= size || len == 0)
		return 0;
	end = len > size - start ? size : start + len;
	map_advise_sequential(m, start, end - start);

	if (dump_writer_start(&w, fd,
	    DUMP_CHUNK / DUMP_WIDTH * DUMP_FULL_MAX) == -1) {
		errmsg_errno(cause, "dump");
		return -1;
	}
	for (pos = start; pos < end; pos += (uint64_t)got) {
		want = DUMP_CHUNK;
		if (end - pos < want)
			want = (size_t)(end - pos);
		/* Take the buffer the writer had two chunks ago. */
		while (sem_wait(&w.free_[k]) == -1)
			;
		c.out = w.buf[k];
		got = w.error != 0 ? 0 : dump_fill(m, pos, want, &c);
		if (got <= 0) {
			sem_post(&w.free_[k]);	/* unused: stop takes it */
			if (got == 0) {
				shrank = w.error == 0;
				break;
			}
			errmsg_file(cause, map_path(m), errno,
			    "read error: %s", strerror(errno));
			goto out;
		}
		w.len[k] = c.outlen;
		sem_post(&w.full[k]);
		k ^= 1;
		/* Let go of the pages already dumped: memory stays flat. */
		map_window(m, pos, (uint64_t)got);
		if ((size_t)got < want) {
			shrank = 1;
			break;
		}
	}
	ret = shrank;

out:
	if (dump_writer_stop(&w, k) == -1 && ret != -1) {
		errmsg_errno(cause, "write error");
		ret = -1;
	}
	free(c.copy);
	return ret;
}

/* Read up to n bytes of in into buf, riding out EINTR and short reads
 * until n or the end.  Returns the bytes read, or -1 with errno. */
static ssize_t
dump_read_full(int in, unsigned char *buf, size_t n)
{
	size_t done = 0;
	ssize_t got;

	while (done < n) {
		got = read(in, buf + done, n - done);
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

int
dump_stream(int in, uint64_t start, uint64_t len, int fd, char **cause)
{
	enum { CHUNK = 64 * 1024 };
	unsigned char *buf = malloc(CHUNK);
	char *out = malloc((CHUNK / 16 + 1) * DUMP_LINE_MAX);
	uint64_t offset = 0, skip;
	size_t n, i, line, outlen;
	ssize_t got = 1;
	int ret = -1;

	if (buf == NULL || out == NULL) {
		errmsg_set(cause, ENOMEM, "%s", strerror(ENOMEM));
		goto out;
	}
	/* Skip to start, reading (a pipe cannot seek). */
	while (offset < start) {
		skip = start - offset < CHUNK ? start - offset : CHUNK;
		if ((got = dump_read_full(in, buf, (size_t)skip)) == -1) {
			errmsg_errno(cause, "cannot read standard input");
			goto out;
		}
		offset += (uint64_t)got;
		if ((uint64_t)got < skip) {
			ret = 0;	/* ended before start: nothing */
			goto out;
		}
	}
	/* Whole 16-byte lines from each full read; only the last is short. */
	while (len > 0) {
		n = len < CHUNK ? (size_t)len : CHUNK;
		if ((got = dump_read_full(in, buf, n)) == -1) {
			errmsg_errno(cause, "cannot read standard input");
			goto out;
		}
		if (got == 0)
			break;
		outlen = 0;
		for (i = 0; i < (size_t)got; i += line) {
			line = (size_t)got - i < 16 ? (size_t)got - i : 16;
			outlen += dump_format_line(out + outlen, offset + i,
			    buf + i, line);
		}
		if (dump_write(fd, out, outlen, cause) == -1)
			goto out;
		offset += (uint64_t)got;
		len -= (uint64_t)got;
		if ((size_t)got < n)
			break;
	}
	ret = 0;
out:
	free(buf);
	free(out);
	return ret;
}
