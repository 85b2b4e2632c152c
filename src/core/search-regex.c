/*
 * search-regex.c - regular expressions, matched by PCRE2 (with its JIT).
 *
 * The answers are those of grep -P -o -b -a and rg -o -b -a: the file is
 * read as lines (split at '\n', which no match holds), and each line's
 * matches are leftmost-first (Perl semantics), non-overlapping, each
 * looked for from the end of the one before, any length, one report
 * each.  Since a line's matches depend only on the line, a pass can
 * begin at any line start and give what one pass from the start of the
 * file gives; that is how slices and worker threads share the work.  A
 * pass can also go on from any point where no match that began earlier
 * reaches past it (the end of a match): PCRE2 then gets the line from
 * a few bytes before it (the pattern's look-behind, NOTBOL so that ^
 * does not fire there), not from the line's start, which may be far.
 *
 * Linear time: every PCRE2 call starts at the cursor, and the cursor
 * moves past what the call went through (to the end of its match, or
 * past the line), so PCRE2 goes over each byte about once; the newline
 * searches (memchr, memrchr) go over each byte once.  A pattern whose
 * every match starts with one byte (PCRE2's "first code unit") skips to
 * the next line holding it with memchr, so lines without it cost no
 * call.  Patterns that backtrack without end (nested repeats) are held
 * by PCRE2's match limit and reported as an error, not left running.
 *
 * Vectorscan only says how wide the matches are (search_max_width(),
 * the empty-match check).  It is not a prefilter here: Vectorscan 5.4.9
 * misses matches of patterns such as a\B past the first 64 bytes of a
 * scan, in prefilter mode too (doc/design.md).
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <limits.h>
#include <hs/hs.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "search-int.h"

/* PCRE2's limits: its JIT stack (a repeated group such as (ab)+ takes
 * stack for each repeat) and the backtracking a match may do. */
#define RX_JIT_STACK_MIN (64u * 1024u)
#define RX_JIT_STACK_MAX (256u * 1024u * 1024u)
#define RX_MATCH_LIMIT 100000000u

struct rx_thread {
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *stack;
	hs_scratch_t *scratch;	/* an alternation of words' (else NULL) */
	void *scratch_block;
};

/* Return the number of words when text is an alternation of two or more
 * plain words ("one|two|three": no metacharacter, none empty, no
 * newline), else 0. */
static unsigned
search_rx_words(const char *text)
{
	unsigned words = 1;
	const char *s;

	if (*text == '|')
		return 0;
	for (s = text; *s != '\0'; s++) {
		if (strchr("\\.[](){}*+?^$\n", *s) != NULL)
			return 0;
		if (*s == '|') {
			if (s[1] == '|' || s[1] == '\0')
				return 0;	/* an empty word */
			words++;
		}
	}
	return words > 1 ? words : 0;
}

/* Return whether text uses the escape \c (A, G, K, ...). */
static int
search_rx_uses(const char *text, char c)
{
	const char *s;

	for (s = text; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] != '\0') {
			if (s[1] == c)
				return 1;
			s++;
		}
	}
	return 0;
}

/* Set *cause to PCRE2's message for code, at offset when it is known. */
static void
search_rx_cause(char **cause, int code, long offset)
{
	PCRE2_UCHAR text[160];
	char what[64];

	pcre2_get_error_message(code, text, sizeof text);
	if (offset >= 0)
		snprintf(what, sizeof what, "bad regular expression at "
		    "position %ld", offset + 1);
	else
		snprintf(what, sizeof what, "bad regular expression");
	search_cause(cause, what, (const char *)text);
}

/* Alternations of this many words or more are Vectorscan's: PCRE2 tries
 * every word at every byte (1000 words: 4.8 s on 5 MB, against 0.04 s;
 * doc/design.md). */
#define RX_WORDS_MIN 8u

/*
 * Compile an alternation of words (too big for PCRE2) as one Vectorscan
 * multi-literal database, word i with id i: its place in the
 * alternation, since PCRE2 takes the first word that matches at the
 * leftmost start (search_rx_words_match()).  Returns 0, or -1 with
 * *cause set.
 */
static int
search_rx_words_compile(struct search_pattern *p, const char *text,
    unsigned words, char **cause)
{
	const char **word = NULL;
	unsigned *ids = NULL, *flags = NULL, i;
	size_t *lens = NULL;
	hs_compile_error_t *err = NULL;
	const char *s, *bar;
	int ret = -1;

	if (search_vs.compile_lit_multi == NULL) {
		search_cause(cause, "too many words in the alternation",
		    "this Vectorscan lacks hs_compile_lit_multi");
		return -1;
	}
	word = calloc(words, sizeof *word);
	ids = calloc(words, sizeof *ids);
	flags = calloc(words, sizeof *flags);
	lens = calloc(words, sizeof *lens);
	p->words = calloc(words, sizeof *p->words);
	if (word == NULL || ids == NULL || flags == NULL || lens == NULL ||
	    p->words == NULL) {
		search_cause(cause, "out of memory", NULL);
		goto out;
	}
	p->min_width = UINT32_MAX;
	for (i = 0, s = text; i < words; i++, s = bar + 1) {
		if ((bar = strchr(s, '|')) == NULL)
			bar = s + strlen(s);
		word[i] = s;
		lens[i] = (size_t)(bar - s);
		ids[i] = i;
		p->words[i] = (unsigned)lens[i];
		if (p->words[i] > p->words_max)
			p->words_max = p->words[i];
		if (p->words[i] < p->min_width)
			p->min_width = p->words[i];
	}
	p->max_width = p->words_max > SEARCH_OVERLAP_MAX ? SEARCH_OVERLAP_MAX :
	    p->words_max;
	if (search_vs.compile_lit_multi(word, flags, ids, lens, words,
	    HS_MODE_BLOCK, NULL, &p->db, &err) != HS_SUCCESS) {
		search_cause(cause, "cannot compile the alternation",
		    err != NULL ? err->message : NULL);
		goto out;
	}
	p->first = -1;
	p->fixed = p->min_width == p->max_width;
	ret = 0;
out:
	if (err != NULL)
		search_vs.free_compile_error(err);
	free(word);
	free(ids);
	free(flags);
	free(lens);
	return ret;
}

/* Take the widths of text's matches from Vectorscan when it reads the
 * pattern (exact for the patterns both read); else PCRE2's shortest
 * stands and the longest is unknown. */
static void
search_rx_widths(struct search_pattern *p, const char *text)
{
	hs_compile_error_t *err = NULL;
	hs_expr_info_t *info = NULL;

	if (search_vs.expression_info(text, HS_FLAG_MULTILINE, &info, &err) !=
	    HS_SUCCESS) {
		if (err != NULL)
			search_vs.free_compile_error(err);
		return;
	}
	p->min_width = info->min_width;
	p->max_width = info->max_width > SEARCH_OVERLAP_MAX ?
	    SEARCH_OVERLAP_MAX : info->max_width;
	free(info);
}

int
search_regex_compile(struct search_pattern *p, const char *text,
    char **cause)
{
	PCRE2_SIZE offset;
	pcre2_code *code;
	uint32_t min = 0, behind = 0, type = 0, unit = 0;
	unsigned words;
	int error = 0;

	words = search_rx_words(text);
	code = words >= RX_WORDS_MIN ? NULL : pcre2_compile((PCRE2_SPTR)text,
	    PCRE2_ZERO_TERMINATED, 0, &error, &offset, NULL);
	if (code == NULL && words > 0 && (words >= RX_WORDS_MIN ||
	    error == PCRE2_ERROR_PATTERN_TOO_LARGE)) {
		/* Thousands of words: Vectorscan's literal matcher. */
		if (search_rx_words_compile(p, text, words, cause) == -1)
			return -1;
		if ((p->own = search_rx_thread_new(p)) == NULL) {
			search_cause(cause, "out of memory", NULL);
			return -1;
		}
		return 0;
	}
	if (code == NULL) {
		search_rx_cause(cause, error, (long)offset);
		return -1;
	}
	p->code = code;
	/* Without JIT (no support, or too big) PCRE2 interprets: slower,
	 * same answers. */
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &min);
	pcre2_pattern_info(code, PCRE2_INFO_MAXLOOKBEHIND, &behind);
	pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type);
	pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
	p->first = type == 1 ? (int)unit : -1;
	p->lookbehind = behind;
	/* \A and \G need the subject to begin at the line's start. */
	p->whole_line = search_rx_uses(text, 'A') || search_rx_uses(text, 'G');
	p->min_width = min;
	p->max_width = SEARCH_OVERLAP_MAX;
	if (search_rx_uses(text, 'K')) {
		/* \K drops what it passed from the match: any length. */
		if (p->min_width > 1)
			p->min_width = 1;
	} else {
		search_rx_widths(p, text);
	}
	if (p->min_width == 0) {
		search_cause(cause, "pattern can match nothing at all "
		    "(an empty match)", NULL);
		return -1;
	}
	p->fixed = p->min_width == p->max_width;
	if ((p->own = search_rx_thread_new(p)) == NULL) {
		search_cause(cause, "out of memory", NULL);
		return -1;
	}
	return 0;
}

void
search_regex_free(struct search_pattern *p)
{
	search_rx_thread_free(p->own);
	pcre2_code_free(p->code);
	free(p->words);
}

struct rx_thread *
search_rx_thread_new(const struct search_pattern *p)
{
	struct rx_thread *t;

	if ((t = calloc(1, sizeof *t)) == NULL)
		return NULL;
	if (p->words != NULL && search_new_scratch(p->db, &t->scratch,
	    &t->scratch_block) == -1) {
		free(t);
		return NULL;
	}
	t->md = pcre2_match_data_create(1, NULL);
	t->mc = pcre2_match_context_create(NULL);
	t->stack = pcre2_jit_stack_create(RX_JIT_STACK_MIN, RX_JIT_STACK_MAX,
	    NULL);
	if (t->md == NULL || t->mc == NULL || t->stack == NULL)
		goto fail;
	pcre2_jit_stack_assign(t->mc, NULL, t->stack);
	pcre2_set_match_limit(t->mc, RX_MATCH_LIMIT);
	return t;
fail:
	search_rx_thread_free(t);
	return NULL;
}

void
search_rx_thread_free(struct rx_thread *t)
{
	if (t == NULL)
		return;
	if (t->scratch != NULL)
		search_vs.free_scratch(t->scratch);
	pcre2_match_data_free(t->md);
	pcre2_match_context_free(t->mc);
	pcre2_jit_stack_free(t->stack);
	free(t);
}

uint64_t
search_rx_line_start(const unsigned char *buf, uint64_t off)
{
	const unsigned char *nl;

	if (off == 0)
		return 0;
	nl = memrchr(buf, '\n', (size_t)off);
	return nl != NULL ? (uint64_t)(nl - buf) + 1 : 0;
}

uint64_t
search_rx_next_line(const unsigned char *buf, uint64_t n, uint64_t off)
{
	const unsigned char *nl;

	if (off == 0 || off >= n)
		return off < n ? off : n;
	nl = memchr(buf + off - 1, '\n', (size_t)(n - off + 1));
	return nl != NULL ? (uint64_t)(nl - buf) + 1 : n;
}

void
search_rx_init(struct rx_run *r, struct search_pattern *p,
    struct rx_thread *t, const unsigned char *buf, uint64_t n, uint64_t base,
    uint64_t pos, uint64_t line)
{
	memset(r, 0, sizeof *r);
	r->p = p;
	r->t = t;
	r->buf = buf;
	r->n = n;
	r->base = base;
	r->pos = pos;
	r->line = line;
	r->line_end = RX_NONE;
}

/* Move the cursor to the line holding off: the last newline in
 * [r->pos, off) (if any) starts it. */
static void
search_rx_follow_lines(struct rx_run *r, uint64_t off)
{
	const unsigned char *nl;

	if (off <= r->pos)
		return;
	if (r->line_end != RX_NONE && off <= r->line_end)
		return;		/* the same line */
	nl = memrchr(r->buf + r->pos, '\n', (size_t)(off - r->pos));
	r->work += off - r->pos;
	if (nl != NULL) {
		r->line = (uint64_t)(nl - r->buf) + 1;
		r->line_end = RX_NONE;
	}
}

/* Return the first offset in [from, to) holding the byte every match
 * starts with, in either case (PCRE2 does not say whether the pattern
 * ignores case there), or to. */
static uint64_t
search_rx_next_first(const struct rx_run *r, uint64_t from, uint64_t to)
{
	const unsigned char *buf = r->buf, *a, *b;
	int c = r->p->first, other = c;

	if (c >= 'a' && c <= 'z')
		other = c - 'a' + 'A';
	else if (c >= 'A' && c <= 'Z')
		other = c - 'A' + 'a';
	a = memchr(buf + from, c, (size_t)(to - from));
	if (other == c)
		return a != NULL ? (uint64_t)(a - buf) : to;
	/* Both cases: the second search stops where the first found. */
	b = memchr(buf + from, other, (size_t)((a != NULL ?
	    (uint64_t)(a - buf) : to) - from));
	if (b != NULL)
		return (uint64_t)(b - buf);
	return a != NULL ? (uint64_t)(a - buf) : to;
}

/*
 * Move the cursor to where a match may start next: for a pattern whose
 * matches all start with one byte, the next such byte (memchr), so lines
 * without it cost no PCRE2 call.  Returns 0 with the cursor there (or
 * where it was), 1 when no match starts in the lines before hi (the
 * cursor then at n, or at a line start at or past hi).
 */
static int
search_rx_skip(struct rx_run *r, uint64_t hi)
{
	uint64_t c;

	if (r->p->first < 0)
		return 0;
	c = search_rx_next_first(r, r->pos, r->n);
	r->work += c - r->pos;
	if (c == r->n) {
		r->pos = r->line = r->n;
		return 1;
	}
	search_rx_follow_lines(r, c);
	r->pos = c;
	return r->line >= hi;
}

/* Find the end of the cursor's line if not known yet. */
static void
search_rx_find_line_end(struct rx_run *r)
{
	const unsigned char *nl;

	if (r->line_end != RX_NONE)
		return;
	nl = memchr(r->buf + r->pos, '\n', (size_t)(r->n - r->pos));
	r->line_end = nl != NULL ? (uint64_t)(nl - r->buf) : r->n;
	r->work += r->line_end - r->pos;
}

/* Report the error of a PCRE2 match at the cursor. */
static int
search_rx_failed(struct rx_run *r, int rc)
{
	PCRE2_UCHAR text[120];

	pcre2_get_error_message(rc, text, sizeof text);
	snprintf(r->error, sizeof r->error, "the regular expression gave up "
	    "on the line at offset %llu: %s",
	    (unsigned long long)(r->base + r->line), (const char *)text);
	return -1;
}

/* The leftmost-first word of a scan so far. */
struct rx_word {
	const struct search_pattern *p;
	unsigned long long limit;	/* reports ending past it: ignored */
	int have;
	unsigned long long start, end;
	unsigned id;
};

/* Keep the leftmost start, and at it the first word; stop once no word
 * reported later can start at or before it (Vectorscan reports in
 * order of end). */
static int
search_rx_on_word(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	struct rx_word *w = ctx;
	unsigned long long s = to - w->p->words[id];

	(void)from;
	(void)flags;
	if (to > w->limit)
		return 0;
	if (w->have && to > w->start + w->p->words_max)
		return 1;
	if (!w->have || s < w->start || (s == w->start && id < w->id)) {
		w->have = 1;
		w->start = s;
		w->end = to;
		w->id = id;
	}
	return 0;
}

/* Bytes a word scan reaches past the end of what it looks at, since
 * Vectorscan 5.4.9's literal matcher misses some words that end within
 * about 30 bytes of the end of its buffer (found here: "warning" among
 * "x"s with two or three words; none missed with 64 bytes after). */
#define RX_WORD_PAD 64u

/* Scan [a, b) of the view for words with at least RX_WORD_PAD bytes
 * after it (in place, or from a padded copy at the view's end). */
static hs_error_t
search_rx_words_scan(struct rx_run *r, uint64_t a, uint64_t b,
    struct rx_word *w)
{
	unsigned char *copy;
	hs_error_t rc;

	w->limit = b - a;
	if (r->n - b >= RX_WORD_PAD)
		return search_vs.scan(r->p->db, (const char *)r->buf + a,
		    (unsigned)(b - a + RX_WORD_PAD), 0, r->t->scratch,
		    search_rx_on_word, w);
	if ((copy = malloc((size_t)(b - a) + RX_WORD_PAD)) == NULL)
		return HS_NOMEM;
	memcpy(copy, r->buf + a, (size_t)(b - a));
	memset(copy + (b - a), '\n', RX_WORD_PAD);
	rc = search_vs.scan(r->p->db, (const char *)copy,
	    (unsigned)(b - a + RX_WORD_PAD), 0, r->t->scratch,
	    search_rx_on_word, w);
	free(copy);
	return rc;
}

/* search_rx_match() for an alternation of words: Vectorscan scans from
 * the cursor to the line's end, in pieces of 16 MiB, and the first word
 * at the leftmost start wins, as PCRE2 chooses. */
static int
search_rx_words_match(struct rx_run *r, uint64_t *s, uint64_t *e)
{
	const uint64_t piece = 16u * 1024u * 1024u;
	struct rx_word w = { r->p, 0, 0, 0, 0, 0 };
	uint64_t at = r->pos, b;
	hs_error_t rc;

	while (at < r->line_end) {
		b = r->line_end - at > piece + r->p->words_max ?
		    at + piece + r->p->words_max : r->line_end;
		rc = search_rx_words_scan(r, at, b, &w);
		if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED) {
			snprintf(r->error, sizeof r->error, "the word search "
			    "failed at offset %llu (Vectorscan error %d)",
			    (unsigned long long)(r->base + at), (int)rc);
			return -1;
		}
		if (w.have) {
			*s = at + w.start;
			*e = at + w.end;
			r->work += *e - r->pos;
			return 1;
		}
		if (b == r->line_end)
			break;
		at += piece;
	}
	r->work += r->line_end - r->pos;
	return 0;
}

/* Match once from the cursor inside its line.  Returns 1 with the match
 * in *s, *e (view offsets), 0 for none in the rest of the line, -1. */
static int
search_rx_match(struct rx_run *r, uint64_t *s, uint64_t *e)
{
	const struct search_pattern *p = r->p;
	uint64_t sub = r->line, back = (uint64_t)p->lookbehind + 1;
	PCRE2_SIZE *ov;
	uint32_t opts = 0;
	int rc;

	if (p->words != NULL)
		return search_rx_words_match(r, s, e);
	/* A line may be long: give PCRE2 only what it may look at. */
	if (!p->whole_line && r->pos - sub > back) {
		sub = r->pos - back;
		opts |= PCRE2_NOTBOL;
	}
	rc = pcre2_match(p->code, r->buf + sub, (PCRE2_SIZE)(r->line_end - sub),
	    (PCRE2_SIZE)(r->pos - sub), opts, r->t->md, r->t->mc);
	if (rc == PCRE2_ERROR_NOMATCH) {
		r->work += r->line_end - r->pos;
		return 0;
	}
	if (rc < 0)
		return search_rx_failed(r, rc);
	ov = pcre2_get_ovector_pointer(r->t->md);
	*s = sub + ov[0];
	*e = sub + ov[1];
	if (*e < *s)
		*e = *s;	/* \K in a look-ahead: no bytes */
	r->work += *e - r->pos;
	return 1;
}

int
search_rx_lines(struct rx_run *r, uint64_t hi, uint64_t max_matches)
{
	uint64_t s, e, quota = max_matches;
	int rc;

	while (r->pos < r->n && r->line < hi) {
		if (r->cancel != NULL &&
		    __atomic_load_n(r->cancel, __ATOMIC_RELAXED))
			return 0;
		if (quota == 0)
			return 0;	/* paused */
		if ((rc = search_rx_skip(r, hi)) != 0)
			return rc == 1 ? 0 : -1;
		search_rx_find_line_end(r);
		if ((rc = search_rx_match(r, &s, &e)) == -1)
			return -1;
		if (rc == 0 || s >= r->line_end) {
			/* The line is done: on to the next. */
			r->pos = r->line = r->line_end < r->n ?
			    r->line_end + 1 : r->n;
			r->line_end = RX_NONE;
			continue;
		}
		/* An empty match (\K) is not reported; as grep, go on one
		 * byte after it. */
		r->pos = e > s ? e : s + 1;
		if (e == s)
			continue;
		r->matches++;
		quota--;
		if (r->found(r->base + s, r->base + e, r->arg)) {
			r->stopped = 1;
			return 1;
		}
	}
	return 0;
}
