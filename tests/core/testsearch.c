/*
 * testsearch.c - the search suites' reference scan and helpers (see
 * testsearch.h).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testsearch.h"

/* The bytes the random files are made of. */
static const unsigned char alphabet[] = {
	'a', 'A', 'b', 'B', 0x00, 0xff, 'x', 0xe1, 0xc1, '.', '*', '('
};

static uint64_t rng_state;


/* Seed the test's random numbers. */
void
rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
}

/* Return the next random number (xorshift64*). */
uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1Dull;
}

/* Return c in lower case (ASCII only, as the engine folds). */
unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Return the value of a hex digit, or -1. */
int
ref_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)ascii_lower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Read a pattern the reference way; the test pattern must be valid. */
void
ref_parse(const struct pattern *pat, struct ref *r)
{
	const char *s = pat->text;

	memset(r, 0, sizeof *r);
	r->caseless = pat->kind == SEARCH_CASELESS;
	if (pat->kind != SEARCH_HEX) {
		r->len = strlen(s);
		ck_assert_uint_le(r->len, REF_MAX);
		memcpy(r->bytes, s, r->len);
		return;
	}
	while (*s != '\0') {
		if (strchr(" \t,", *s) != NULL) {
			s++;
			continue;
		}
		ck_assert_uint_lt(r->len, REF_MAX);
		if (s[0] == '?') {
			ck_assert_int_eq(s[1], '?');
			r->any[r->len++] = 1;
		} else {
			ck_assert(ref_hexval(s[0]) >= 0 && ref_hexval(s[1]) >= 0);
			r->bytes[r->len++] = (unsigned char)(ref_hexval(s[0]) << 4 |
			    ref_hexval(s[1]));
		}
		s += 2;
	}
}

/* Return whether r matches the n bytes at buf at offset i. */
int
ref_match_at(const struct ref *r, const unsigned char *buf, size_t n,
    size_t i)
{
	size_t k;

	if (i > n || n - i < r->len)
		return 0;
	for (k = 0; k < r->len; k++) {
		if (r->any[k])
			continue;
		if (r->caseless ? ascii_lower(buf[i + k]) !=
		    ascii_lower(r->bytes[k]) : buf[i + k] != r->bytes[k])
			return 0;
	}
	return 1;
}

/* Store every start of r in buf into starts (room for n); return count. */
size_t
ref_scan(const struct ref *r, const unsigned char *buf, size_t n,
    uint64_t *starts)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (ref_match_at(r, buf, n, i))
			starts[count++] = i;
	}
	return count;
}

/* Write a match of r at offset off of buf (wildcards keep their byte). */
void
ref_plant(const struct ref *r, unsigned char *buf, size_t n, size_t off)
{
	size_t k;

	if (off > n || n - off < r->len)
		return;
	for (k = 0; k < r->len; k++) {
		if (r->any[k])
			continue;
		buf[off + k] = r->bytes[k];
		if (r->caseless && (rng_next() & 1) && buf[off + k] >= 'a' &&
		    buf[off + k] <= 'z')
			buf[off + k] = (unsigned char)(buf[off + k] - 'a' + 'A');
	}
}

/* Fill n bytes at buf with random bytes of the alphabet. */
void
fill_random(unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = alphabet[rng_next() % sizeof alphabet];
}

/* Compile text as kind, failing the test (with the cause) if it fails. */
struct search_pattern *
compile_ok(const char *text, enum search_kind kind)
{
	struct search_pattern *p;
	char *cause = NULL;

	p = search_compile(text, kind, &cause);
	ck_assert_msg(p != NULL, "search_compile(\"%s\", %s): %s", text,
	    search_kind_name(kind), cause != NULL ? cause : "(no cause)");
	ck_assert_ptr_null(cause);
	return p;
}

/* Open path read-only, failing the test if it does not open. */
struct map *
open_ok(const char *path, enum map_mode mode)
{
	struct map *m;
	char *cause = NULL;

	m = map_open(path, mode, &cause);
	ck_assert_msg(m != NULL, "map_open(%s): %s", path,
	    cause != NULL ? cause : "(no cause)");
	return m;
}

/* Collect one match of search_all() or search_buffer(). */
int
collect(uint64_t start, uint64_t len, void *arg)
{
	struct starts *st = arg;

	if (st->count == st->room) {
		st->room = st->room > 0 ? st->room * 2 : 64;
		st->start = realloc(st->start, st->room * sizeof *st->start);
		st->len = realloc(st->len, st->room * sizeof *st->len);
		ck_assert(st->start != NULL && st->len != NULL);
	}
	st->start[st->count] = start;
	st->len[st->count] = len;
	st->count++;
	if (st->truncate_path != NULL) {
		ck_assert_int_eq(truncate(st->truncate_path,
		    (off_t)st->truncate_to), 0);
		st->truncate_path = NULL;
	}
	return 0;
}

/* Free what collect() gathered and start again. */
void
starts_reset(struct starts *st)
{
	free(st->start);
	free(st->len);
	memset(st, 0, sizeof *st);
}

/* Run search_all and collect its matches into st (reset first). */
void
all_ok(struct map *m, struct search_pattern *p, uint64_t slice,
    struct starts *st)
{
	char *cause = NULL;
	int rc;

	starts_reset(st);
	rc = search_all(m, p, slice, collect, st, &cause);
	ck_assert_msg(rc == 0, "search_all: %s", cause != NULL ? cause : "?");
	ck_assert_ptr_null(cause);
}

/* Fail unless st holds exactly the want starts, each with length len
 * (len 0: any). */
void
assert_starts(const struct starts *st, const uint64_t *want, size_t nwant,
    uint64_t len, const char *what)
{
	size_t i;

	for (i = 0; i < st->count && i < nwant; i++) {
		ck_assert_msg(st->start[i] == want[i],
		    "%s: match %zu starts at %llu, want %llu", what, i,
		    (unsigned long long)st->start[i],
		    (unsigned long long)want[i]);
		if (len != 0)
			ck_assert_msg(st->len[i] == len,
			    "%s: match at %llu has length %llu, want %llu",
			    what, (unsigned long long)st->start[i],
			    (unsigned long long)st->len[i],
			    (unsigned long long)len);
	}
	ck_assert_msg(st->count == nwant, "%s: %zu matches, want %zu", what,
	    st->count, nwant);
}

/*
 * What search_start(from, backward, wrap) must find given the sorted
 * starts of every match: returns 1 and sets *match and *wrapped, or 0.
 */
int
expect_step(const uint64_t *all, size_t n, uint64_t size, uint64_t from,
    int backward, int wrap, uint64_t *match, int *wrapped)
{
	size_t i;

	*wrapped = 0;
	if (n == 0)
		return 0;
	if (!backward) {
		for (i = 0; i < n; i++) {
			if (all[i] >= from) {
				*match = all[i];
				return 1;
			}
		}
		if (!wrap)
			return 0;
		*match = all[0];
		*wrapped = 1;
		return 1;
	}
	if (from >= size)
		from = size - 1;	/* every start is at or before it */
	for (i = n; i-- > 0;) {
		if (all[i] <= from) {
			*match = all[i];
			return 1;
		}
	}
	if (!wrap)
		return 0;
	*match = all[n - 1];
	*wrapped = 1;
	return 1;
}

/*
 * Run one search to its end with the given slice (0: the default) and
 * budget, checking progress on the way; returns the final status and
 * the match.
 */
enum search_status
run_search(struct map *m, struct search_pattern *p, uint64_t from,
    int backward, int wrap, uint64_t slice, uint64_t budget,
    uint64_t *match, uint64_t *len, int *wrapped)
{
	enum search_status st;
	struct search *s;
	uint64_t done, last_done = 0, total, steps = 0, limit, idle = 0;

	s = search_start(m, p, from, backward, wrap);
	ck_assert_ptr_nonnull(s);
	if (slice != 0)
		search_set_slice(s, slice);
	ck_assert_uint_eq(search_done(s, &total), 0);
	ck_assert_uint_le(total, map_size(m));
	limit = map_size(m) * 2 + 10;
	for (;;) {
		st = search_step(s, budget);
		done = search_done(s, NULL);
		ck_assert_uint_le(done, total);
		if (st != SEARCH_RUNNING)
			break;
		/* A step waits for the workers a bounded time, so it may
		 * return with nothing new (bounded here at 60 s of 2 ms
		 * waits); with something, even a budget of 1 byte moves
		 * on by a slice. */
		if (done == last_done) {
			ck_assert_msg(++idle < 30000, "no progress: done %llu",
			    (unsigned long long)done);
			continue;
		}
		last_done = done;
		ck_assert_uint_lt(++steps, limit);
	}
	ck_assert_msg(st == SEARCH_FOUND || st == SEARCH_NOT_FOUND,
	    "search failed: %s", search_error(s));
	if (st == SEARCH_NOT_FOUND)
		ck_assert_uint_eq(done, total);
	*match = search_match(s, len);
	*wrapped = search_wrapped(s);
	search_free(s);
	return st;
}

/* Check every (from, direction, wrap, slice, budget) search of m for p
 * against the sorted starts all; fixed-width patterns give width. */
void
check_steps(struct map *m, struct search_pattern *p, const uint64_t *all,
    size_t n, unsigned width, const char *what)
{
	static const uint64_t slices[] = { 1, 3, 7, 64, 0 };
	uint64_t size = map_size(m), froms[6], match, len, want;
	int backward, wrap, wrapped, want_wrapped, found;
	enum search_status st;
	size_t f, k, b;

	froms[0] = 0;
	froms[1] = 1;
	froms[2] = size / 2;
	froms[3] = size > 0 ? size - 1 : 0;
	froms[4] = size;
	froms[5] = size + 3;
	for (f = 0; f < 6; f++)
	for (backward = 0; backward < 2; backward++)
	for (wrap = 0; wrap < 2; wrap++)
	for (k = 0; k < sizeof slices / sizeof slices[0]; k++)
	for (b = 0; b < 2; b++) {
		st = run_search(m, p, froms[f], backward, wrap, slices[k],
		    b == 0 ? 1 : UINT64_MAX, &match, &len, &wrapped);
		found = expect_step(all, n, size, froms[f], backward, wrap,
		    &want, &want_wrapped);
		ck_assert_msg(st == (found ? SEARCH_FOUND : SEARCH_NOT_FOUND),
		    "%s: size %llu from %llu %s wrap %d slice %llu: "
		    "status %d, want %s at %llu", what,
		    (unsigned long long)size, (unsigned long long)froms[f],
		    backward ? "backward" : "forward", wrap,
		    (unsigned long long)slices[k], (int)st,
		    found ? "found" : "not found", (unsigned long long)want);
		if (!found)
			continue;
		ck_assert_msg(match == want && wrapped == want_wrapped,
		    "%s: size %llu from %llu %s wrap %d slice %llu: "
		    "match %llu wrapped %d, want %llu wrapped %d", what,
		    (unsigned long long)size, (unsigned long long)froms[f],
		    backward ? "backward" : "forward", wrap,
		    (unsigned long long)slices[k], (unsigned long long)match,
		    wrapped, (unsigned long long)want, want_wrapped);
		if (width != 0)
			ck_assert_uint_eq(len, width);
		else
			ck_assert_uint_ge(len, search_min_width(p));
	}
}
