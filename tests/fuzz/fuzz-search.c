/*
 * fuzz-search.c - libFuzzer target for search patterns (search.h).
 *
 * Input layout: byte 0 picks the kind (bits 0-1: text, caseless, hex,
 * regex) and the slice for search_all() (bits 2-4: 1, 2, 3, 5, 7, 16,
 * 64 bytes or the default); with bit 5 set, each following byte picks a
 * piece of a regular expression from a table (so random inputs are
 * mostly well-formed regexes: repeats, groups, classes, anchors,
 * alternations of words); else the rest is the pattern, cut at its first
 * NUL.  Missing header bytes count as 0.
 *
 * The pattern is compiled and, when the kind is text, caseless text or
 * hex, the answer is compared with a second reading written here: the
 * two must agree on whether the pattern is good and on its width.  A good
 * pattern is then run over a fixed buffer with search_buffer() and over
 * the same bytes in a file with search_all(); for text and hex every
 * match must be one the reference scan (a byte comparison at each offset,
 * ASCII case folded, wildcards skipped) finds, and none may be missing.
 * Regular expressions (PCRE2), which the reference cannot follow, must
 * give matches inside the buffer, no shorter than the shortest match and
 * no longer than the longest (when that is bounded), in file order and
 * not overlapping, and search_all() must give the very same matches at
 * every slice (a regex's answers do not depend on the slicing), and
 * those answers must be the oracle's: PCRE2 itself, compiled here
 * without JIT and run over each line of the haystack with the classic
 * loop (the next match from the end of the last, one byte on after an
 * empty one), as grep -P -o does.  A bad
 * pattern must leave a printable cause.  Any broken invariant calls
 * abort(), which libFuzzer and the replayer both report as a crash.
 *
 * Vectorscan 5.4.9 (Debian bookworm) has accelerator bugs that made hex
 * patterns of one byte and wildcards, "24 ??", miss matches; this target
 * found that, and search-pattern.c now cuts the wildcards off the ends.
 * (The same bugs are why regular expressions are no longer Vectorscan's:
 * doc/design.md.)
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "map.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes searched: runs, both cases, NUL and high bytes. */
static const unsigned char haystack[] =
    "aaaaAAbaB\0\0\0\xff\xff\xfe" "abcabcABC xyz\n\t41 4a?? \xe1\xc1"
    "Hello, World! 0123456789 \x7f\x80\x01\x02 aAaAaA bbbb...***(((]]"
    "\x00\x61\x00\x62 ELF\x7f" "ELF \r\n$^";
#define HAYSTACK_LEN (sizeof haystack - 1)

/* Where search_buffer() says the buffer lies in the file. */
#define BASE UINT64_C(0xfffffff0)

static const uint64_t slices[8] = { 1, 2, 3, 5, 7, 16, 64, 0 };

/* One reported match. */
struct found {
	uint64_t start[HAYSTACK_LEN + 1];
	uint64_t end[HAYSTACK_LEN + 1];
	size_t count;
	int overflow;
};

/* The haystack as a file, made once. */
static struct map *haystack_map;

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Abort unless text holds no control character (C0, DEL, C1). */
static void
fuzz_check_printable(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;

	for (; *p != '\0'; p++) {
		fuzz_check(*p >= 0x20 && *p != 0x7f);
		if (p[0] == 0xc2)
			fuzz_check(p[1] < 0x80 || p[1] > 0x9f);
	}
}

/* Unmap the haystack at exit. */
static void
fuzz_cleanup(void)
{
	map_close(haystack_map);
}

/* Write the haystack to a file and map it, once; the file is unlinked at
 * once, so a crash leaves nothing behind. */
static struct map *
fuzz_haystack_map(void)
{
	char haystack_path[] = "/tmp/fuzz-search.XXXXXX";
	FILE *f;
	int fd;

	if (haystack_map != NULL)
		return haystack_map;
	fd = mkstemp(haystack_path);
	fuzz_check(fd >= 0);
	f = fdopen(fd, "wb");
	fuzz_check(f != NULL);
	fuzz_check(fwrite(haystack, 1, HAYSTACK_LEN, f) == HAYSTACK_LEN);
	fuzz_check(fclose(f) == 0);
	haystack_map = map_open(haystack_path, MAP_READONLY, NULL);
	fuzz_check(haystack_map != NULL);
	fuzz_check(unlink(haystack_path) == 0);
	atexit(fuzz_cleanup);
	return haystack_map;
}

/* Return c in lower case (ASCII only). */
static unsigned char
fuzz_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Return the value of hex digit c, or -1. */
static int
fuzz_hex_digit(char c)
{
	const char *digits = "0123456789abcdef", *d;

	d = c != '\0' ? strchr(digits, fuzz_lower((unsigned char)c)) : NULL;
	return d != NULL ? (int)(d - digits) : -1;
}

/*
 * Read a text or hex pattern as search.h describes it, into bytes and a
 * wildcard mask (room for strlen(text) bytes).  Returns the width, or 0
 * for a pattern that must be refused.
 */
static size_t
fuzz_reference_parse(const char *text, enum search_kind kind,
    unsigned char *bytes, unsigned char *any)
{
	size_t len = 0;
	int hi, lo;

	if (kind != SEARCH_HEX) {
		len = strlen(text);
		if (len > SEARCH_OVERLAP_MAX)
			return 0;
		memcpy(bytes, text, len);
		memset(any, 0, len);
		return len;
	}
	while (*text != '\0') {
		if (*text == ' ' || *text == '\t' || *text == ',') {
			text++;
			continue;
		}
		if (text[0] == '?' && text[1] == '?') {
			any[len++] = 1;
		} else {
			hi = fuzz_hex_digit(text[0]);
			lo = fuzz_hex_digit(text[1]);
			if (hi < 0 || lo < 0)
				return 0;
			any[len] = 0;
			bytes[len++] = (unsigned char)(hi << 4 | lo);
		}
		text += 2;
	}
	return len;
}

/* Return whether the pattern matches the haystack at offset i. */
static int
fuzz_reference_at(const unsigned char *bytes, const unsigned char *any,
    size_t len, int caseless, size_t i)
{
	size_t k;

	if (i + len > HAYSTACK_LEN)
		return 0;
	for (k = 0; k < len; k++) {
		if (any[k])
			continue;
		if (caseless ? fuzz_lower(haystack[i + k]) !=
		    fuzz_lower(bytes[k]) : haystack[i + k] != bytes[k])
			return 0;
	}
	return 1;
}

/* Record a match of search_buffer(). */
static int
fuzz_on_match(uint64_t start, uint64_t end, void *arg)
{
	struct found *f = arg;

	if (f->count == HAYSTACK_LEN + 1) {
		f->overflow = 1;
		return 1;
	}
	f->start[f->count] = start;
	f->end[f->count] = end;
	f->count++;
	return 0;
}

/* Record a match of search_all() (start, length). */
static int
fuzz_on_all(uint64_t start, uint64_t len, void *arg)
{
	return fuzz_on_match(start, start + len, arg);
}

/* Stop at the first match. */
static int
fuzz_on_first(uint64_t start, uint64_t end, void *arg)
{
	fuzz_on_match(start, end, arg);
	return 1;
}

/* Check a regular expression's matches over the buffer: in file
 * order, not overlapping. */
static void
fuzz_check_regex(struct search_pattern *p, const struct found *f,
    uint64_t base)
{
	unsigned min = search_min_width(p), max = search_max_width(p);
	size_t i;

	fuzz_check(min >= 1 && min <= max && max <= SEARCH_OVERLAP_MAX);
	for (i = 0; i < f->count; i++) {
		fuzz_check(f->start[i] >= base && f->start[i] < f->end[i]);
		fuzz_check(f->end[i] <= base + HAYSTACK_LEN);
		fuzz_check(f->end[i] - f->start[i] >= min);
		if (max < SEARCH_OVERLAP_MAX)
			fuzz_check(f->end[i] - f->start[i] <= max);
		if (i > 0)
			fuzz_check(f->start[i] >= f->end[i - 1]);
	}
}

/*
 * Check a regex's matches (f, at base) against PCRE2's interpreter run
 * over each line of the haystack: what grep -P -o -b -a prints.  A
 * pattern the oracle cannot run (refused, match limit) is not checked.
 */
static void
fuzz_check_oracle(const char *pattern, const struct found *f, uint64_t base)
{
	pcre2_match_data *md;
	pcre2_code *code;
	PCRE2_SIZE erroff, *ov, off, line = 0, end, s, e;
	size_t k = 0;
	int err, rc;

	code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0,
	    &err, &erroff, NULL);
	if (code == NULL)
		return;		/* too big for one pattern: words */
	md = pcre2_match_data_create_from_pattern(code, NULL);
	fuzz_check(md != NULL);
	while (line <= HAYSTACK_LEN) {
		for (end = line; end < HAYSTACK_LEN && haystack[end] != '\n';
		    end++)
			;
		for (off = 0; line + off <= end;) {
			rc = pcre2_match(code, haystack + line, end - line, off,
			    0, md, NULL);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
			if (rc < 0)
				goto out;	/* a limit: no answer */
			ov = pcre2_get_ovector_pointer(md);
			s = ov[0];
			e = ov[1] > ov[0] ? ov[1] : ov[0];
			if (e == s) {
				off = s + 1;	/* empty: not reported */
				continue;
			}
			fuzz_check(k < f->count);
			fuzz_check(f->start[k] == base + line + s);
			fuzz_check(f->end[k] == base + line + e);
			k++;
			off = e;
		}
		line = end + 1;
	}
	fuzz_check(k == f->count);
out:
	pcre2_match_data_free(md);
	pcre2_code_free(code);
}

/* Check fixed-width matches against the reference scan. */
static void
fuzz_check_fixed(const struct found *f, uint64_t base,
    const unsigned char *bytes, const unsigned char *any, size_t len,
    int caseless)
{
	size_t i, k = 0;

	for (i = 0; i < HAYSTACK_LEN; i++) {
		if (!fuzz_reference_at(bytes, any, len, caseless, i))
			continue;
		fuzz_check(k < f->count);
		fuzz_check(f->start[k] == base + i);
		fuzz_check(f->end[k] == base + i + len);
		k++;
	}
	fuzz_check(k == f->count);
}

/* Compile pattern as kind and check everything about it. */
static void
fuzz_pattern(const char *pattern, enum search_kind kind, uint64_t slice)
{
	static struct found f, whole, buffered;
	struct search_pattern *p;
	unsigned char *bytes, *any;
	char *cause = (char *)"untouched";
	size_t len = 0, i;
	int caseless = kind == SEARCH_CASELESS;

	bytes = malloc(strlen(pattern) + 1);
	any = malloc(strlen(pattern) + 1);
	fuzz_check(bytes != NULL && any != NULL);

	p = search_compile(pattern, kind, &cause);
	if (kind != SEARCH_REGEX) {
		len = fuzz_reference_parse(pattern, kind, bytes, any);
		fuzz_check((p != NULL) == (len > 0));
	}
	if (p == NULL) {
		fuzz_check(cause != NULL && *cause != '\0');
		fuzz_check_printable(cause);
		free(cause);
		fuzz_check(search_compile(pattern, kind, NULL) == NULL);
		goto out;
	}
	fuzz_check(cause == NULL);
	if (kind != SEARCH_REGEX) {
		fuzz_check(search_min_width(p) == len);
		fuzz_check(search_max_width(p) == len);
	}

	/* The buffer, with file offsets that cross 4 GiB. */
	memset(&f, 0, sizeof f);
	fuzz_check(search_buffer(p, haystack, HAYSTACK_LEN, BASE,
	    fuzz_on_match, &f) == 0);
	fuzz_check(!f.overflow);
	if (kind == SEARCH_REGEX) {
		fuzz_check_regex(p, &f, BASE);
		fuzz_check_oracle(pattern, &f, BASE);
	} else {
		fuzz_check_fixed(&f, BASE, bytes, any, len, caseless);
	}

	/* Stopping at the first match reports exactly that one. */
	memset(&whole, 0, sizeof whole);
	fuzz_check(search_buffer(p, haystack, HAYSTACK_LEN, BASE,
	    fuzz_on_first, &whole) == 0);
	fuzz_check(whole.count == (f.count > 0 ? 1 : 0));
	if (f.count > 0)
		fuzz_check(whole.start[0] == f.start[0] &&
		    whole.end[0] == f.end[0]);

	/* The file, in slices: the same starts, each once, ascending. */
	buffered = f;
	memset(&f, 0, sizeof f);
	fuzz_check(search_all(fuzz_haystack_map(), p, slice, fuzz_on_all, &f,
	    &cause) == 0);
	fuzz_check(cause == NULL && !f.overflow);
	for (i = 1; i < f.count; i++)
		fuzz_check(f.start[i] > f.start[i - 1]);
	if (kind != SEARCH_REGEX)
		fuzz_check_fixed(&f, 0, bytes, any, len, caseless);
	else {
		/* The same matches as the buffer gave, whatever the slice. */
		fuzz_check_regex(p, &f, 0);
		fuzz_check(f.count == buffered.count);
		for (i = 0; i < f.count; i++)
			fuzz_check(f.start[i] == buffered.start[i] - BASE &&
			    f.end[i] == buffered.end[i] - BASE);
	}
	search_pattern_free(p);
out:
	free(bytes);
	free(any);
}

/* Pieces of regular expressions that token mode strings together. */
static const char *const pieces[] = {
	"a", "b", "A", "x", "ab", " ", "\\w", "\\W", "\\d", "\\s", "\\S",
	".", "\\x00", "\\xff", "[ab]", "[^a]", "[a-z]", "+", "*", "?", "+?",
	"*?", "{2}", "{1,3}", "{0,2}", "{2,}", "|", "(", ")", "(?:", "(?=",
	"(?!", "(?<=a)", "(?<!b)", "^", "$", "\\b", "\\B", "\\A", "\\z",
	"\\K", "(?i)", "error", "ELF", "\\$", "\\^", "|abc|bb|ba|aaa|aa|a|c|b",
	"(ab)+", "a|b|c|d|e|f|g|h|i",
};

/* Build a regex from the table, a piece per input byte.  Returns it
 * (caller frees) or NULL. */
static char *
fuzz_tokens(const uint8_t *data, size_t n)
{
	size_t i, room = 1;
	char *out;

	for (i = 0; i < n; i++)
		room += strlen(pieces[data[i] % (sizeof pieces /
		    sizeof pieces[0])]);
	if ((out = malloc(room)) == NULL)
		return NULL;
	*out = '\0';
	for (i = 0; i < n; i++)
		strcat(out, pieces[data[i] % (sizeof pieces / sizeof pieces[0])]);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum search_kind kind;
	uint64_t slice;
	char *pattern;
	size_t len;

	kind = (enum search_kind)(size > 0 ? data[0] & 3 : 0);
	slice = slices[size > 0 ? (data[0] >> 2) & 7 : 0];
	len = size > 1 ? size - 1 : 0;
	if (size > 0 && (data[0] & 0x20)) {
		if (len > 64)
			return 0;	/* a regex of a few dozen pieces */
		if ((pattern = fuzz_tokens(data + 1, len)) == NULL)
			return 0;
		fuzz_pattern(pattern, SEARCH_REGEX, slice);
		free(pattern);
		return 0;
	}
	pattern = malloc(len + 1);
	if (pattern == NULL)
		return 0;
	if (len > 0)
		memcpy(pattern, data + 1, len);
	pattern[len] = '\0';

	fuzz_pattern(pattern, kind, slice);
	free(pattern);
	return 0;
}
