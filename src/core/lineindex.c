/*
 * lineindex.c - a lazily built, checkpointed count of the file's lines.
 *
 * Invariants:
 *   marks[i] = number of '\n' in [0, i * step), for i < nmarks; marks[0] = 0.
 *   (nmarks - 1) * step <= indexed <= nmarks * step, and indexed <= size.
 *   partial = number of '\n' in [(nmarks - 1) * step, indexed).
 * The checkpoint for a full last step is pushed only when counting goes on
 * past it, so a file ending on a step boundary needs no extra entry.
 * Appends leave all of this valid; a shrink or a change at offset drops
 * the checkpoints past it and the partial count.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* SSE2 where the compiler has it (or plain C with LINEINDEX_NO_SIMD). */
#if defined(__SSE2__) && !defined(LINEINDEX_NO_SIMD)
#define LINEINDEX_SSE2 1
#include <emmintrin.h>
#endif

#include "lineindex.h"

/* Bytes read from the source at a time. */
#define LINEINDEX_CHUNK (256u * 1024u)

/* Bytes counted at a time when looking for the k-th '\n' of a chunk. */
#define LINEINDEX_PIECE 1024u

/* Largest step accepted (keeps nmarks * step far from overflowing). */
#define LINEINDEX_STEP_MAX ((uint64_t)1 << 40)

struct lineindex {
	uint64_t step;		/* bytes between checkpoints */
	uint64_t *marks;	/* '\n' before each checkpoint */
	size_t nmarks;		/* checkpoints held, at least 1 */
	size_t cap;		/* checkpoints allocated */
	uint64_t size;		/* file size last seen */
	uint64_t indexed;	/* end of the counted bytes */
	uint64_t partial;	/* '\n' counted past the last checkpoint */
	unsigned char *buf;	/* LINEINDEX_CHUNK bytes read from the source */
};

/* Count the '\n' bytes of p[0 .. n). */
static uint64_t
lineindex_count(const unsigned char *p, size_t n)
{
	uint64_t total = 0;

#ifdef LINEINDEX_SSE2
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	while (n >= 64) {
		/* Byte lanes count up to 255 matches before they are summed. */
		size_t blocks = n / 64 > 63 ? 63 : n / 64, b;
		__m128i acc = zero, sum;

		for (b = 0; b < blocks; b++, p += 64) {
			__m128i m0 = _mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)p), nl);
			__m128i m1 = _mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(p + 16)), nl);
			__m128i m2 = _mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(p + 32)), nl);
			__m128i m3 = _mm_cmpeq_epi8(
			    _mm_loadu_si128((const __m128i *)(p + 48)), nl);

			acc = _mm_sub_epi8(acc, _mm_add_epi8(
			    _mm_add_epi8(m0, m1), _mm_add_epi8(m2, m3)));
		}
		n -= blocks * 64;
		sum = _mm_sad_epu8(acc, zero);
		total += (uint64_t)_mm_cvtsi128_si32(sum) +
		    (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
#else
	const uint64_t ones = 0x0101010101010101u, low7 = 0x7f7f7f7f7f7f7f7fu;

	for (; n >= 8; n -= 8, p += 8) {
		uint64_t w, t;

		memcpy(&w, p, 8);
		w ^= ones * '\n';	/* '\n' bytes become 0 */
		t = ((w & low7) + low7) | w;	/* high bit clear: a 0 byte */
		total += (((~t & ~low7) >> 7) * ones) >> 56;
	}
#endif
	for (; n > 0; n--, p++)
		total += *p == '\n';
	return total;
}

struct lineindex *
lineindex_new(uint64_t step)
{
	struct lineindex *idx;

	if (step == 0)
		step = LINEINDEX_STEP;
	if (step > LINEINDEX_STEP_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if ((idx = calloc(1, sizeof *idx)) == NULL)
		goto fail;
	idx->step = step;
	idx->cap = 64;
	idx->marks = calloc(idx->cap, sizeof *idx->marks);
	idx->buf = malloc(LINEINDEX_CHUNK);
	if (idx->marks == NULL || idx->buf == NULL)
		goto fail;
	idx->nmarks = 1;
	return idx;

fail:
	lineindex_free(idx);
	errno = ENOMEM;
	return NULL;
}

void
lineindex_free(struct lineindex *idx)
{
	if (idx == NULL)
		return;
	free(idx->marks);
	free(idx->buf);
	free(idx);
}

void
lineindex_reset(struct lineindex *idx)
{
	idx->nmarks = 1;
	idx->size = 0;
	idx->indexed = 0;
	idx->partial = 0;
}

void
lineindex_invalidate(struct lineindex *idx, uint64_t offset)
{
	uint64_t keep;

	if (offset >= idx->indexed)
		return;
	/* Checkpoints at or before offset count only bytes before it. */
	keep = offset / idx->step + 1;
	if (keep < idx->nmarks)
		idx->nmarks = (size_t)keep;
	idx->indexed = (uint64_t)(idx->nmarks - 1) * idx->step;
	idx->partial = 0;
}

void
lineindex_set_size(struct lineindex *idx, uint64_t size)
{
	lineindex_invalidate(idx, size);
	idx->size = size;
}

/* Take the size of the source as the file's size. */
static void
lineindex_sync(struct lineindex *idx, const struct textsrc *src)
{
	if (src->size != idx->size)
		lineindex_set_size(idx, src->size);
}

/* Close the full last step with a checkpoint. */
static int
lineindex_push(struct lineindex *idx)
{
	if (idx->nmarks == idx->cap) {
		uint64_t *marks;

		if (idx->cap > SIZE_MAX / 2 / sizeof *marks ||
		    (marks = realloc(idx->marks,
		    idx->cap * 2 * sizeof *marks)) == NULL) {
			errno = ENOMEM;
			return -1;
		}
		idx->marks = marks;
		idx->cap *= 2;
	}
	idx->marks[idx->nmarks] = idx->marks[idx->nmarks - 1] + idx->partial;
	idx->nmarks++;
	idx->partial = 0;
	return 0;
}

/* Count the n bytes just read (NULL: n bytes of a hole, all zeros) into
 * the steps they belong to. */
static int
lineindex_take(struct lineindex *idx, const unsigned char *bytes, uint64_t n)
{
	uint64_t pos = 0;

	while (pos < n) {
		uint64_t boundary = (uint64_t)idx->nmarks * idx->step;
		uint64_t piece = n - pos;

		if (idx->indexed == boundary) {
			if (lineindex_push(idx) == -1)
				return -1;
			boundary += idx->step;
		}
		if (piece > boundary - idx->indexed)
			piece = boundary - idx->indexed;
		if (bytes != NULL)
			idx->partial += lineindex_count(bytes + pos,
			    (size_t)piece);
		idx->indexed += piece;
		pos += piece;
	}
	return 0;
}

int
lineindex_build(struct lineindex *idx, const struct textsrc *src,
    uint64_t budget)
{
	uint64_t end;

	lineindex_sync(idx, src);
	end = idx->size - idx->indexed > budget ? idx->indexed + budget :
	    idx->size;
	while (idx->indexed < end) {
		size_t want = end - idx->indexed > LINEINDEX_CHUNK ?
		    LINEINDEX_CHUNK : (size_t)(end - idx->indexed);
		uint64_t data;
		ssize_t got;

		/* A hole holds no '\n': count it without reading it (the
		 * pages of a hole cost as much to read as data). */
		if (src->next_data != NULL &&
		    (data = src->next_data(src->ctx, idx->indexed)) >
		    idx->indexed) {
			if (data > end)
				data = end;
			if (lineindex_take(idx, NULL, data - idx->indexed) == -1)
				return -1;
			continue;
		}
		got = src->read(src->ctx, idx->indexed, idx->buf, want);
		if (got < 0)
			return -1;
		if (lineindex_take(idx, idx->buf, (uint64_t)got) == -1)
			return -1;
		if ((size_t)got < want) {
			/* The file shrank: it ends here. */
			idx->size = idx->indexed;
			break;
		}
	}
	return idx->indexed == idx->size;
}

uint64_t
lineindex_indexed(const struct lineindex *idx)
{
	return idx->indexed;
}

uint64_t
lineindex_lines_known(const struct lineindex *idx)
{
	return idx->marks[idx->nmarks - 1] + idx->partial;
}

/* Read the chunk of [from, to) at from into the buffer; returns its length
 * or 0 with errno set. */
static size_t
lineindex_read(struct lineindex *idx, const struct textsrc *src,
    uint64_t from, uint64_t to)
{
	size_t want = to - from > LINEINDEX_CHUNK ? LINEINDEX_CHUNK :
	    (size_t)(to - from);
	ssize_t got = src->read(src->ctx, from, idx->buf, want);

	if (got < 0)
		return 0;
	if ((size_t)got < want) {
		errno = EIO;
		return 0;
	}
	return want;
}

int
lineindex_line_of(struct lineindex *idx, const struct textsrc *src,
    uint64_t offset, uint64_t *line)
{
	uint64_t i, from, count;
	size_t n;

	lineindex_sync(idx, src);
	if (offset > idx->size) {
		errno = ERANGE;
		return -1;
	}
	if (offset > idx->indexed)
		return LINEINDEX_PENDING;
	if (offset == idx->indexed) {
		*line = lineindex_lines_known(idx) + 1;
		return 0;
	}
	i = offset / idx->step;
	if (i > idx->nmarks - 1)
		i = idx->nmarks - 1;
	count = idx->marks[i];
	for (from = i * idx->step; from < offset; from += n) {
		if ((n = lineindex_read(idx, src, from, offset)) == 0)
			return -1;
		count += lineindex_count(idx->buf, n);
	}
	*line = count + 1;
	return 0;
}

/* Set *offset to the offset just past the which-th '\n' (1-based) of
 * [from, to). */
static int
lineindex_find(struct lineindex *idx, const struct textsrc *src,
    uint64_t from, uint64_t to, uint64_t which, uint64_t *offset)
{
	size_t n;

	for (; from < to; from += n) {
		const unsigned char *p;
		uint64_t count;

		if ((n = lineindex_read(idx, src, from, to)) == 0)
			return -1;
		if ((count = lineindex_count(idx->buf, n)) < which) {
			which -= count;
			continue;
		}
		/* Skip whole pieces by counting, then walk the last one. */
		p = idx->buf;
		while ((size_t)(p - idx->buf) + LINEINDEX_PIECE < n &&
		    (count = lineindex_count(p, LINEINDEX_PIECE)) < which) {
			which -= count;
			p += LINEINDEX_PIECE;
		}
		while ((p = memchr(p, '\n', n - (size_t)(p - idx->buf)))
		    != NULL && --which > 0)
			p++;
		*offset = from + (uint64_t)(p - idx->buf) + 1;
		return 0;
	}
	errno = EIO;	/* the bytes changed since they were counted */
	return -1;
}

/* Set *lines to the number of lines of the fully indexed file. */
static int
lineindex_count_lines(struct lineindex *idx, const struct textsrc *src,
    uint64_t *lines)
{
	unsigned char last;
	ssize_t got;

	*lines = lineindex_lines_known(idx);
	if (idx->size == 0)
		return 0;
	if ((got = src->read(src->ctx, idx->size - 1, &last, 1)) != 1) {
		if (got == 0)
			errno = EIO;
		return -1;
	}
	*lines += last != '\n';
	return 0;
}

int
lineindex_offset_of(struct lineindex *idx, const struct textsrc *src,
    uint64_t line, uint64_t *offset)
{
	uint64_t k = line - 1, start = 0, from, to;
	size_t lo = 0, hi;

	lineindex_sync(idx, src);
	if (line == 0) {
		errno = EINVAL;
		return -1;
	}
	if (lineindex_lines_known(idx) < k) {
		if (idx->indexed < idx->size)
			return LINEINDEX_PENDING;
		if (lineindex_count_lines(idx, src, &start) == -1)
			return -1;
		*offset = start;
		return LINEINDEX_PAST_END;
	}
	if (k > 0) {
		/* The last checkpoint with fewer than k '\n' before it. */
		hi = idx->nmarks;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (idx->marks[mid] < k)
				lo = mid;
			else
				hi = mid;
		}
		from = (uint64_t)lo * idx->step;
		to = lo + 1 < idx->nmarks ? from + idx->step : idx->indexed;
		if (lineindex_find(idx, src, from, to, k - idx->marks[lo],
		    &start) == -1)
			return -1;
	}
	if (start >= idx->size) {
		/* Past a final '\n' (or in an empty file): no line there. */
		*offset = k;
		return LINEINDEX_PAST_END;
	}
	*offset = start;
	return 0;
}
