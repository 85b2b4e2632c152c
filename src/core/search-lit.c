/*
 * search-lit.c - literal text and hex bytes without wildcards, found by
 * their two rarest bytes (the "packed pair" that ripgrep's memchr crate
 * uses) and confirmed with a comparison of the whole literal.
 *
 * A literal is searched for two of its bytes at their offsets, the two a
 * table of byte frequencies in common files ranks rarest, sixteen
 * candidate starts at a time (SSE2): a start is tried only where both
 * bytes are where they should be.  "error was reset 2099" is then
 * searched for its "9"s, not its "e", which every other word of a log
 * begins with.  Any length works (Vectorscan refuses expressions past
 * about 4000 bytes: the documented 64 KiB is reached here), every start
 * is reported, overlapping ones too, in ascending order.  Caseless
 * literals fold ASCII letters: a rare byte that is a letter is compared
 * with bit 0x20 set on both sides.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "search.h"
#include "search-int.h"

/* Return how common byte b is in text, logs and binaries (higher: more
 * common), roughly as ripgrep's table ranks bytes. */
static int
search_lit_rank(unsigned char b)
{
	static const char common[] = "etaoinsrhldcumfpgwybvk";
	const char *at;

	if (b == 0 || b == ' ')
		return 255;
	if (b >= 'a' && b <= 'z') {
		at = strchr(common, b);
		return at != NULL ? 245 - (int)(at - common) * 2 : 200;
	}
	if (b == '\n' || b == ',' || b == '.' || b == '\t')
		return 215;
	if (b >= '0' && b <= '9')	/* dates, times, numbers in logs */
		return b <= '2' ? 232 : 212;
	if (b == 0xff || b == '-' || b == '_' || b == '/' || b == ':' ||
	    b == '=' || b == '"' || b == '(' || b == ')' || b == '\'')
		return 185;
	if (b >= 'A' && b <= 'Z')
		return strchr("ETAOINSR", b) != NULL ? 180 : 170;
	if (b < 0x20 || b == 0x7f)
		return 110;
	if (b >= 0x80)
		return 120;
	return 150;	/* other punctuation */
}

void
search_lit_setup(struct search_pattern *p)
{
	unsigned i, a = 0, b = 0;
	int r, best = 1 << 30;

	/* The rarest byte at a; then the rarest at another offset, a byte
	 * unlike a's if there is one (fewer false pairs). */
	for (i = 0; i < p->lit_len; i++) {
		if (search_lit_rank(p->lit[i]) < search_lit_rank(p->lit[a]))
			a = i;
	}
	for (i = 0; i < p->lit_len; i++) {
		if (i == a && p->lit_len > 1)
			continue;
		r = search_lit_rank(p->lit[i]) + (p->lit[i] == p->lit[a] ?
		    1000 : 0);
		if (r < best) {
			best = r;
			b = i;
		}
	}
	p->rare[0] = a;
	p->rare[1] = b;
}

/* Return c with bit 0x20 set when fold says so and c is a letter. */
static unsigned char
search_lit_fold(unsigned char c, int fold)
{
	if (fold && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return (unsigned char)(c | 0x20);
	return c;
}

/* Return whether the literal is at buf. */
static int
search_lit_is_at(const struct search_pattern *p, const unsigned char *buf)
{
	unsigned i;

	if (!p->lit_caseless)
		return memcmp(buf, p->lit, p->lit_len) == 0;
	for (i = 0; i < p->lit_len; i++) {
		if (search_lit_fold(buf[i], 1) != search_lit_fold(p->lit[i], 1))
			return 0;
	}
	return 1;
}

/* Report the start s if the literal is there.  Returns non-zero to
 * stop. */
static int
search_lit_try(const struct scan *sc, size_t s)
{
	const struct search_pattern *p = sc->p;

	if (!search_lit_is_at(p, sc->buf + s))
		return 0;
	return sc->found(sc->base + s, sc->base + s + p->lit_len, sc->arg);
}

int
search_lit_scan(struct scan *sc)
{
	const struct search_pattern *p = sc->p;
	const unsigned char *buf = sc->buf;
	size_t n = sc->n, len = p->lit_len, i = 0, last;
	size_t o1 = p->rare[0], o2 = p->rare[1];
	int fold1 = p->lit_caseless, fold2 = p->lit_caseless;
	unsigned char c1, c2;

	sc->status = HS_SUCCESS;
	if (n < len)
		return 0;
	last = n - len;		/* the last start */
	/* A letter of a caseless literal: compared with 0x20 set. */
	fold1 = search_lit_fold(p->lit[o1], fold1) != p->lit[o1] ||
	    (fold1 && p->lit[o1] >= 'a' && p->lit[o1] <= 'z');
	fold2 = search_lit_fold(p->lit[o2], fold2) != p->lit[o2] ||
	    (fold2 && p->lit[o2] >= 'a' && p->lit[o2] <= 'z');
	c1 = search_lit_fold(p->lit[o1], fold1);
	c2 = search_lit_fold(p->lit[o2], fold2);
#if defined(__SSE2__)
	{
		const __m128i v1 = _mm_set1_epi8((char)c1);
		const __m128i v2 = _mm_set1_epi8((char)c2);
		const __m128i f1 = _mm_set1_epi8(fold1 ? 0x20 : 0);
		const __m128i f2 = _mm_set1_epi8(fold2 ? 0x20 : 0);
		__m128i a, b;
		unsigned bits;

		while (i + 15 <= last) {
			if ((i & ((1u << 20) - 1)) == 0 && sc->cancel != NULL &&
			    __atomic_load_n(sc->cancel, __ATOMIC_RELAXED))
				return 0;
			a = _mm_loadu_si128((const __m128i *)(buf + i + o1));
			b = _mm_loadu_si128((const __m128i *)(buf + i + o2));
			a = _mm_cmpeq_epi8(_mm_or_si128(a, f1), v1);
			b = _mm_cmpeq_epi8(_mm_or_si128(b, f2), v2);
			bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(a, b));
			while (bits != 0) {
				if (search_lit_try(sc, i + (unsigned)
				    __builtin_ctz(bits))) {
					sc->status = HS_SCAN_TERMINATED;
					return 0;
				}
				bits &= bits - 1;
			}
			i += 16;
		}
	}
#endif
	for (; i <= last; i++) {
		if (search_lit_fold(buf[i + o1], fold1) == c1 &&
		    search_lit_fold(buf[i + o2], fold2) == c2 &&
		    search_lit_try(sc, i)) {
			sc->status = HS_SCAN_TERMINATED;
			return 0;
		}
	}
	return 0;
}
