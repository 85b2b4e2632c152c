/*
 * check-search.c - tests for the search core (search.h).
 *
 * Every answer of the engine is checked against a reference scan (in
 * testsearch.c): a byte comparison at every offset (ASCII case folded for
 * caseless text, wildcards skipped for hex).  The files are random over a small
 * alphabet, so matches, overlapping ones included, occur by chance as
 * well as where needles are planted: at offset 0, ending at the last
 * byte, and across slice boundaries.  Slices of 1, 2, 3, 7 and 64 bytes
 * make nearly every match cross one.  Regular expressions, which the
 * reference cannot follow, are checked for giving the same starts
 * whatever the slicing, and anchors for seeing the file, not the slice.
 * Hex bytes next to wildcards among zeros, files that shrink under a
 * search, and a sparse file past 4 GiB follow.  Last come the Vectorscan
 * 5.4.9 bugs search.c cannot work round (tcase "libhs"), which fail
 * until the library is fixed.
 */
#include <check.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>

#include "map.h"
#include "search.h"
#include "suites.h"
#include "testfile.h"
#include "testsearch.h"

/* Patterns the reference scan can follow. */
static const struct pattern ref_patterns[] = {
	{ SEARCH_TEXT, "a" },
	{ SEARCH_TEXT, "ab" },
	{ SEARCH_TEXT, "aa" },
	{ SEARCH_TEXT, "abAab" },
	{ SEARCH_TEXT, "x.*(" },	/* regex characters, taken literally */
	{ SEARCH_CASELESS, "aB" },
	{ SEARCH_CASELESS, "AAA" },
	{ SEARCH_CASELESS, "\xe1" "b" },	/* no folding past ASCII */
	{ SEARCH_HEX, "61 ?? 62" },
	{ SEARCH_HEX, "??" },
	{ SEARCH_HEX, "?? 00 ??" },
	{ SEARCH_HEX, "ff,00" },
	{ SEARCH_HEX, "\t41 4161" },
};
#define NREF (sizeof ref_patterns / sizeof ref_patterns[0])

/* Remove every test file, whatever the test did. */
static void
teardown(void)
{
	testfile_cleanup();
}

/* ---- compiling --------------------------------------------------------- */

/* A pattern that must compile, with its widths. */
struct good {
	enum search_kind kind;
	const char *text;
	unsigned min, max;
};

static const struct good goods[] = {
	{ SEARCH_TEXT, "abc", 3, 3 },
	{ SEARCH_TEXT, "a", 1, 1 },
	{ SEARCH_TEXT, "a.*b(", 5, 5 },
	{ SEARCH_TEXT, "\xff\x01 \t", 4, 4 },
	{ SEARCH_CASELESS, "Hello", 5, 5 },
	{ SEARCH_HEX, "7F 45 4c 46 ?? 01", 6, 6 },
	{ SEARCH_HEX, "7f454C46", 4, 4 },
	{ SEARCH_HEX, "??", 1, 1 },
	{ SEARCH_HEX, "\t41,42 43 ", 3, 3 },
	{ SEARCH_HEX, "00", 1, 1 },
	{ SEARCH_REGEX, "abc", 3, 3 },
	{ SEARCH_REGEX, "[0-9]{4}", 4, 4 },
	{ SEARCH_REGEX, "ab{2,5}", 3, 6 },
	{ SEARCH_REGEX, "a+", 1, SEARCH_OVERLAP_MAX },
	{ SEARCH_REGEX, "a.*b", 2, SEARCH_OVERLAP_MAX },
	{ SEARCH_REGEX, "x{1000}", 1000, 1000 },
};

/* A pattern that must be refused, and a word its cause must hold. */
struct bad {
	enum search_kind kind;
	const char *text;
	const char *cause;
};

static const struct bad bads[] = {
	{ SEARCH_TEXT, "", "empty" },
	{ SEARCH_CASELESS, "", "empty" },
	{ SEARCH_HEX, "", "empty" },
	{ SEARCH_HEX, " \t, ", "empty" },
	{ SEARCH_HEX, "abc", "odd" },
	{ SEARCH_HEX, "4", "odd" },
	{ SEARCH_HEX, "41 4", "odd" },
	{ SEARCH_HEX, "4 1", "odd" },
	{ SEARCH_HEX, "zz", "hex" },
	{ SEARCH_HEX, "4g", "hex" },
	{ SEARCH_HEX, "?", "hex" },
	{ SEARCH_HEX, "41 ?", "hex" },
	{ SEARCH_HEX, "0x41", "hex" },
	{ SEARCH_HEX, "41\x1b[2J", "hex" },
	{ SEARCH_REGEX, "", "empty" },
	{ SEARCH_REGEX, "(", "regular expression" },
	{ SEARCH_REGEX, "a[", "regular expression" },
	{ SEARCH_REGEX, "x{3,2}", "regular expression" },
	{ SEARCH_REGEX, "*a", "regular expression" },
	{ SEARCH_REGEX, "a*", "empty" },
	{ SEARCH_REGEX, "a?", "empty" },
	{ SEARCH_REGEX, "(a|)", "empty" },
	{ SEARCH_REGEX, "^", "empty" },
	{ SEARCH_REGEX, "\x1b[31m(", "regular expression" },
};

/* Return whether s holds a C0 control character or DEL. */
static int
has_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	}
	return 0;
}

START_TEST(test_kind_names)
{
	ck_assert_str_eq(search_kind_name(SEARCH_TEXT), "text");
	ck_assert_str_eq(search_kind_name(SEARCH_CASELESS), "caseless");
	ck_assert_str_eq(search_kind_name(SEARCH_HEX), "hex");
	ck_assert_str_eq(search_kind_name(SEARCH_REGEX), "regex");
	ck_assert_ptr_nonnull(search_kind_name((enum search_kind)99));
}
END_TEST

/* Good patterns compile, with the right widths. */
START_TEST(test_compile_good)
{
	const struct good *g = &goods[_i];
	struct search_pattern *p;

	p = compile_ok(g->text, g->kind);
	ck_assert_msg(search_min_width(p) == g->min &&
	    search_max_width(p) == g->max, "\"%s\" (%s): widths %u, %u, "
	    "want %u, %u", g->text, search_kind_name(g->kind),
	    search_min_width(p), search_max_width(p), g->min, g->max);
	search_pattern_free(p);
	search_pattern_free(NULL);

	/* No cause wanted: the same pattern. */
	p = search_compile(g->text, g->kind, NULL);
	ck_assert_ptr_nonnull(p);
	search_pattern_free(p);
}
END_TEST

/* Bad patterns are refused with a printable cause. */
START_TEST(test_compile_bad)
{
	const struct bad *b = &bads[_i];
	char *cause = (char *)"untouched";

	ck_assert_ptr_null(search_compile(b->text, b->kind, &cause));
	ck_assert_msg(cause != NULL && strstr(cause, b->cause) != NULL,
	    "\"%s\" (%s): cause \"%s\", want one with \"%s\"", b->text,
	    search_kind_name(b->kind), cause != NULL ? cause : "(null)",
	    b->cause);
	ck_assert_msg(!has_control(cause), "cause \"%s\" holds a control",
	    cause);
	free(cause);

	/* No cause wanted: still refused, and no crash. */
	ck_assert_ptr_null(search_compile(b->text, b->kind, NULL));
}
END_TEST

/* Text up to SEARCH_OVERLAP_MAX bytes only. */
START_TEST(test_compile_too_long)
{
	char *text, *cause = NULL;

	text = malloc(SEARCH_OVERLAP_MAX + 2);
	ck_assert_ptr_nonnull(text);
	memset(text, 'q', SEARCH_OVERLAP_MAX + 1);
	text[SEARCH_OVERLAP_MAX + 1] = '\0';
	ck_assert_ptr_null(search_compile(text, SEARCH_TEXT, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_ptr_nonnull(strstr(cause, "too long"));
	free(cause);
	free(text);
}
END_TEST

/* ---- search_buffer ----------------------------------------------------- */

/* Stop at the first match. */
static int
collect_one(uint64_t start, uint64_t end, void *arg)
{
	collect(start, end, arg);
	return 1;
}

START_TEST(test_buffer)
{
	static const unsigned char buf[] = "xxabyyabab";
	struct search_pattern *p;
	struct starts st = { 0 };
	size_t i;

	/* Text: (start, end) in file offsets, by end. */
	p = compile_ok("ab", SEARCH_TEXT);
	ck_assert_int_eq(search_buffer(p, buf, 10, 100, collect, &st), 0);
	ck_assert_uint_eq(st.count, 3);
	ck_assert_uint_eq(st.start[0], 102);
	ck_assert_uint_eq(st.len[0], 104);	/* collect stores the end */
	ck_assert_uint_eq(st.start[1], 106);
	ck_assert_uint_eq(st.start[2], 108);
	ck_assert_uint_eq(st.len[2], 110);

	/* Stop early. */
	starts_reset(&st);
	ck_assert_int_eq(search_buffer(p, buf, 10, 0, collect_one, &st), 0);
	ck_assert_uint_eq(st.count, 1);
	ck_assert_uint_eq(st.start[0], 2);

	/* Nothing to scan, and a match cut off by the end of the buffer. */
	starts_reset(&st);
	ck_assert_int_eq(search_buffer(p, buf, 0, 0, collect, &st), 0);
	ck_assert_int_eq(search_buffer(p, buf, 3, 0, collect, &st), 0);
	ck_assert_uint_eq(st.count, 0);
	search_pattern_free(p);

	/* Hex wildcards overlap. */
	p = compile_ok("?? ??", SEARCH_HEX);
	ck_assert_int_eq(search_buffer(p, buf, 4, 7, collect, &st), 0);
	ck_assert_uint_eq(st.count, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(st.start[i], 7 + i);
		ck_assert_uint_eq(st.len[i], 9 + i);
	}
	search_pattern_free(p);

	/* A regular expression: leftmost starts, ends in order. */
	starts_reset(&st);
	p = compile_ok("a+b|y", SEARCH_REGEX);
	ck_assert_int_eq(search_buffer(p, (const unsigned char *)"aaab yy",
	    7, 0, collect, &st), 0);
	ck_assert_uint_eq(st.count, 3);
	ck_assert_uint_eq(st.start[0], 0);
	ck_assert_uint_eq(st.len[0], 4);
	ck_assert_uint_eq(st.start[1], 5);
	ck_assert_uint_eq(st.start[2], 6);
	for (i = 1; i < st.count; i++)
		ck_assert_uint_ge(st.len[i], st.len[i - 1]);
	search_pattern_free(p);
	starts_reset(&st);
}
END_TEST

/* ---- search_all against the reference ---------------------------------- */

static const size_t all_sizes[] = { 0, 1, 2, 3, 7, 63, 64, 65, 200, 1000 };
static const uint64_t all_slices[] = { 1, 2, 3, 7, 64, 0 };

/* Make a random file of n bytes with r planted at the edges and across
 * slice boundaries; returns the bytes (caller frees) and sets path. */
static unsigned char *
make_planted(const struct ref *r, size_t n, char *path)
{
	static const size_t offsets[] = { 5, 62, 63, 126, 127, 500 };
	unsigned char *buf = malloc(n > 0 ? n : 1);
	size_t i;

	ck_assert_ptr_nonnull(buf);
	fill_random(buf, n);
	ref_plant(r, buf, n, 0);
	for (i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
		ref_plant(r, buf, n, offsets[i]);
	if (n >= r->len)
		ref_plant(r, buf, n, n - r->len);	/* ends at the last byte */
	strcpy(path, testfile_make(buf, n));
	return buf;
}

/* search_all finds what the reference finds, whatever the slice. */
START_TEST(test_all_reference)
{
	const struct pattern *pat = &ref_patterns[_i];
	struct search_pattern *p;
	char path[PATH_MAX], what[128];
	struct starts st = { 0 };
	unsigned char *buf;
	uint64_t *want;
	struct map *m;
	struct ref r;
	size_t z, k, nwant;

	rng_seed(_i + 1);
	ref_parse(pat, &r);
	p = compile_ok(pat->text, pat->kind);
	ck_assert_uint_eq(search_min_width(p), r.len);
	for (z = 0; z < sizeof all_sizes / sizeof all_sizes[0]; z++) {
		buf = make_planted(&r, all_sizes[z], path);
		want = malloc((all_sizes[z] + 1) * sizeof *want);
		ck_assert_ptr_nonnull(want);
		nwant = ref_scan(&r, buf, all_sizes[z], want);
		if (all_sizes[z] >= 1000)
			ck_assert_uint_gt(nwant, 3);
		m = open_ok(path, MAP_READONLY);
		for (k = 0; k < sizeof all_slices / sizeof all_slices[0]; k++) {
			snprintf(what, sizeof what, "%s \"%s\" size %zu slice %llu",
			    search_kind_name(pat->kind), pat->text, all_sizes[z],
			    (unsigned long long)all_slices[k]);
			all_ok(m, p, all_slices[k], &st);
			assert_starts(&st, want, nwant, r.len, what);
		}
		map_close(m);
		free(want);
		free(buf);
	}
	starts_reset(&st);
	search_pattern_free(p);
}
END_TEST

/* Overlapping matches are all reported. */
START_TEST(test_all_overlap)
{
	static const uint64_t want2[] = { 0, 1, 2 }, want3[] = { 0, 1 };
	struct search_pattern *p;
	struct starts st = { 0 };
	struct map *m;
	size_t k;

	m = open_ok(testfile_make("aaaa", 4), MAP_READONLY);
	for (k = 0; k < sizeof all_slices / sizeof all_slices[0]; k++) {
		p = compile_ok("aa", SEARCH_TEXT);
		all_ok(m, p, all_slices[k], &st);
		assert_starts(&st, want2, 3, 2, "aa in aaaa");
		search_pattern_free(p);

		p = compile_ok("AAA", SEARCH_CASELESS);
		all_ok(m, p, all_slices[k], &st);
		assert_starts(&st, want3, 2, 3, "AAA in aaaa");
		search_pattern_free(p);

		p = compile_ok("61 ?? 61", SEARCH_HEX);
		all_ok(m, p, all_slices[k], &st);
		assert_starts(&st, want3, 2, 3, "61 ?? 61 in aaaa");
		search_pattern_free(p);
	}
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* A found callback that returns non-zero stops search_all. */
static int
stop_at_second(uint64_t start, uint64_t len, void *arg)
{
	struct starts *st = arg;

	collect(start, len, arg);
	return st->count == 2;
}

START_TEST(test_all_stop)
{
	struct search_pattern *p;
	struct starts st = { 0 };
	char *cause = NULL;
	struct map *m;

	m = open_ok(testfile_make("ababababab", 10), MAP_READONLY);
	p = compile_ok("ab", SEARCH_TEXT);
	ck_assert_int_eq(search_all(m, p, 3, stop_at_second, &st, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(st.count, 2);
	ck_assert_uint_eq(st.start[1], 2);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* Count the matches search_all reports, and note the last start. */
static int
count_all(uint64_t start, uint64_t len, void *arg)
{
	uint64_t *n = arg;

	(void)len;
	n[0]++;
	n[1] = start;
	return 0;
}

/* Patterns that match zeros scan a tmpfs file's holes without touching
 * them (a read fault there would allocate a page): every zero of a
 * sparse file is found at its offset, in every mode and across slices,
 * and the file's blocks stay as they were. */
static enum search_status run_count(struct map *, struct search_pattern *,
    uint64_t, uint64_t, uint64_t, struct search_count *);

START_TEST(test_holes_tmpfs)
{
	struct search_count c;
	enum map_mode mode = (enum map_mode)(_i / 2);
	uint64_t slice = _i % 2 ? 5000 : 0, size = 3 * 1024 * 1024 + 5;
	uint64_t found[2] = { 0, 0 };
	struct search_pattern *p;
	char path[PATH_MAX], *cause = NULL;
	struct statfs fs;
	struct stat st;
	blkcnt_t blocks;
	struct map *m;
	int fd;

	if (statfs("/dev/shm", &fs) == -1 || fs.f_type != TMPFS_MAGIC)
		return;		/* no tmpfs here: nothing to measure */
	snprintf(path, sizeof path, "/dev/shm/mmhex-check-search-%ld",
	    (long)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	ck_assert_int_eq(pwrite(fd, "abc", 3, 1024 * 1024), 3);
	ck_assert_int_eq(fstat(fd, &st), 0);
	blocks = st.st_blocks;
	m = open_ok(path, mode);
	p = compile_ok("00 00", SEARCH_HEX);
	ck_assert_int_eq(search_all(m, p, slice, count_all, found, &cause), 0);
	ck_assert_ptr_null(cause);
	/* Every pair of zeros but the two that touch "abc". */
	ck_assert_uint_eq(found[0], size - 1 - 4);
	ck_assert_uint_eq(found[1], size - 2);
	search_pattern_free(p);
	p = compile_ok("00 61 62", SEARCH_HEX);
	found[0] = 0;
	ck_assert_int_eq(search_all(m, p, slice, count_all, found, &cause), 0);
	ck_assert_uint_eq(found[0], 1);
	ck_assert_uint_eq(found[1], 1024 * 1024 - 1);
	search_pattern_free(p);
	/* A regex's lines run through the holes: read as zeros from
	 * anonymous memory, not from the file. */
	p = compile_ok("\\x00ab+c\\x00{9}", SEARCH_REGEX);
	found[0] = 0;
	ck_assert_int_eq(search_all(m, p, slice, count_all, found, &cause), 0);
	ck_assert_uint_eq(found[0], 1);
	ck_assert_uint_eq(found[1], 1024 * 1024 - 1);
	run_count(m, p, 0, 0, slice, &c);	/* the workers' views too */
	ck_assert_uint_eq(c.matches, 1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_eq(st.st_blocks, blocks);
	search_pattern_free(p);
	map_close(m);
	close(fd);
	unlink(path);
}
END_TEST

/* An empty file: no match, and searches end at once. */
START_TEST(test_empty_file)
{
	struct search_pattern *p;
	struct starts st = { 0 };
	uint64_t match, len;
	struct map *m;
	int wrapped;

	m = open_ok(testfile_make("", 0), MAP_READONLY);
	p = compile_ok("a", SEARCH_TEXT);
	all_ok(m, p, 0, &st);
	ck_assert_uint_eq(st.count, 0);
	ck_assert_int_eq(run_search(m, p, 0, 0, 1, 0, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	ck_assert_int_eq(run_search(m, p, 0, 1, 1, 0, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	ck_assert_int_eq(run_search(m, p, 5, 1, 0, 1, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	search_pattern_free(p);
	map_close(m);
}
END_TEST

/* A one-byte file. */
START_TEST(test_one_byte_file)
{
	static const uint64_t zero[] = { 0 };
	struct search_pattern *p;
	struct starts st = { 0 };
	uint64_t match, len;
	struct map *m;
	int wrapped;

	m = open_ok(testfile_make("a", 1), MAP_READONLY);
	p = compile_ok("a", SEARCH_TEXT);
	all_ok(m, p, 1, &st);
	assert_starts(&st, zero, 1, 1, "a in a");
	ck_assert_int_eq(run_search(m, p, 0, 0, 0, 1, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 0 && len == 1 && !wrapped);
	ck_assert_int_eq(run_search(m, p, 1, 0, 0, 1, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	ck_assert_int_eq(run_search(m, p, 1, 0, 1, 1, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 0 && wrapped);
	ck_assert_int_eq(run_search(m, p, 0, 1, 0, 1, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 0 && !wrapped);
	search_pattern_free(p);

	p = compile_ok("aa", SEARCH_TEXT);
	all_ok(m, p, 0, &st);
	ck_assert_uint_eq(st.count, 0);
	ck_assert_int_eq(run_search(m, p, 0, 0, 1, 1, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* ---- search_start / search_step against the reference ------------------ */

static const size_t step_sizes[] = { 0, 1, 2, 65, 300 };

START_TEST(test_step_reference)
{
	const struct pattern *pat = &ref_patterns[_i];
	struct search_pattern *p;
	char path[PATH_MAX], what[128];
	unsigned char *buf;
	uint64_t *want;
	struct map *m;
	struct ref r;
	size_t z, nwant;

	rng_seed(_i + 100);
	ref_parse(pat, &r);
	p = compile_ok(pat->text, pat->kind);
	for (z = 0; z < sizeof step_sizes / sizeof step_sizes[0]; z++) {
		buf = make_planted(&r, step_sizes[z], path);
		want = malloc((step_sizes[z] + 1) * sizeof *want);
		ck_assert_ptr_nonnull(want);
		nwant = ref_scan(&r, buf, step_sizes[z], want);
		m = open_ok(path, MAP_READONLY);
		snprintf(what, sizeof what, "%s \"%s\"",
		    search_kind_name(pat->kind), pat->text);
		check_steps(m, p, want, nwant, (unsigned)r.len, what);
		map_close(m);
		free(want);
		free(buf);
	}
	search_pattern_free(p);
}
END_TEST

/* A sparse needle: forward and backward, with and without wrap. */
START_TEST(test_step_wrap)
{
	static const char text[] = "....X.......X...";
	struct search_pattern *p;
	uint64_t match, len;
	struct map *m;
	int wrapped;

	m = open_ok(testfile_make(text, 16), MAP_READONLY);
	p = compile_ok("X", SEARCH_TEXT);

	ck_assert_int_eq(run_search(m, p, 5, 0, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 12 && !wrapped);
	ck_assert_int_eq(run_search(m, p, 13, 0, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	ck_assert_int_eq(run_search(m, p, 13, 0, 1, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 4 && wrapped);
	ck_assert_int_eq(run_search(m, p, 4, 0, 1, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 4 && !wrapped);	/* at from itself */

	ck_assert_int_eq(run_search(m, p, 11, 1, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 4 && !wrapped);
	ck_assert_int_eq(run_search(m, p, 12, 1, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 12 && !wrapped);
	ck_assert_int_eq(run_search(m, p, 3, 1, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_NOT_FOUND);
	ck_assert_int_eq(run_search(m, p, 3, 1, 1, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert(match == 12 && wrapped);
	search_pattern_free(p);
	map_close(m);
}
END_TEST

/* Progress: total is the file (with wrap) or the part searched. */
/* Step with no budget until the search stops: a step waits for the
 * workers at most about 2 ms, so on a loaded machine even an unbounded
 * one may come back RUNNING with nothing new (bounded: 60 s of waits). */
static enum search_status
step_unbounded(struct search *s)
{
	enum search_status st;
	int idle = 0;

	while ((st = search_step(s, UINT64_MAX)) == SEARCH_RUNNING)
		ck_assert_int_lt(++idle, 30000);
	return st;
}

START_TEST(test_step_progress)
{
	enum search_status st;
	struct search_pattern *p;
	struct search *s;
	uint64_t total, done, prev = 0;
	struct map *m;
	int steps = 0, idle = 0;

	m = open_ok(testfile_pattern(10000, 3), MAP_READONLY);
	p = compile_ok("no such needle", SEARCH_TEXT);

	s = search_start(m, p, 4000, 0, 1);
	search_set_slice(s, 100);
	ck_assert_uint_eq(search_done(s, &total), 0);
	ck_assert_uint_eq(total, 10000);
	while ((st = search_step(s, 250)) == SEARCH_RUNNING) {
		done = search_done(s, NULL);
		/* No progress: the step's bounded wait for the workers
		 * ran out (counted in idle). */
		ck_assert_uint_ge(done, prev);
		ck_assert_uint_le(done - prev, 300);	/* the budget holds */
		if (done == prev)
			ck_assert_int_lt(++idle, 30000);
		else
			steps++;
		prev = done;
	}
	ck_assert_int_eq(st, SEARCH_NOT_FOUND);
	ck_assert_uint_eq(search_done(s, &total), 10000);
	ck_assert_uint_eq(total, 10000);
	ck_assert_int_ge(steps, 30);
	ck_assert_ptr_nonnull(search_error(s));
	search_free(s);
	search_free(NULL);

	s = search_start(m, p, 4000, 0, 0);
	search_done(s, &total);
	ck_assert_uint_eq(total, 6000);
	ck_assert_int_eq(step_unbounded(s), SEARCH_NOT_FOUND);
	ck_assert_uint_eq(search_done(s, NULL), 6000);
	search_free(s);

	s = search_start(m, p, 4000, 1, 0);
	search_done(s, &total);
	ck_assert_uint_eq(total, 4001);
	ck_assert_int_eq(step_unbounded(s), SEARCH_NOT_FOUND);
	ck_assert_uint_eq(search_done(s, NULL), 4001);
	search_free(s);
	search_pattern_free(p);
	map_close(m);
}
END_TEST

/* -c: unsaved edits in the private pages are searched. */
START_TEST(test_cow_edits)
{
	static const uint64_t three[] = { 3 };
	struct search_pattern *p;
	struct starts st = { 0 };
	char path[PATH_MAX];
	uint64_t match, len;
	unsigned char byte;
	struct map *m;
	int wrapped, fd;

	strcpy(path, testfile_make("hello world", 11));
	m = open_ok(path, MAP_COW);
	ck_assert_int_eq(map_write(m, 3, "XYZ", 3), 0);
	p = compile_ok("XYZ", SEARCH_TEXT);
	all_ok(m, p, 2, &st);
	assert_starts(&st, three, 1, 3, "XYZ in the private copy");
	ck_assert_int_eq(run_search(m, p, 0, 0, 0, 2, 1, &match, &len,
	    &wrapped), SEARCH_FOUND);
	ck_assert_uint_eq(match, 3);
	all_ok(m, p, 1, &st);
	assert_starts(&st, three, 1, 3, "XYZ searched twice");
	search_pattern_free(p);
	map_close(m);

	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &byte, 1, 3), 1);
	ck_assert_int_eq(byte, 'l');
	close(fd);
	starts_reset(&st);
}
END_TEST

/* ---- search_count_start: the count behind "match K of N" -------------- */

/* Run a count of p in m ranking at to its end with the given slice (0:
 * the default); fill *c and return the final status. */
static enum search_status
run_count(struct map *m, struct search_pattern *p, uint64_t at, uint64_t cap,
    uint64_t slice, struct search_count *c)
{
	enum search_status st;
	struct search *s;
	uint64_t total, steps = 0;

	s = search_count_start(m, p, at, cap);
	ck_assert_ptr_nonnull(s);
	if (slice != 0)
		search_set_slice(s, slice);
	while ((st = search_step(s, 1)) == SEARCH_RUNNING)
		ck_assert_uint_lt(++steps, 1000000);
	ck_assert_msg(st == SEARCH_COUNTED, "count failed: %s",
	    search_error(s));
	search_count(s, c);
	if (!c->capped)
		ck_assert_uint_eq(search_done(s, &total), total);
	search_free(s);
	return st;
}

/* Return how many places n visits in a full cycle from the first match:
 * forward searches with wrap, each from the byte after the last match. */
static uint64_t
cycle_of_n(struct map *m, struct search_pattern *p)
{
	uint64_t first, at, len, visits = 0;
	int wrapped;

	if (run_search(m, p, 0, 0, 1, 0, UINT64_MAX, &first, &len,
	    &wrapped) != SEARCH_FOUND)
		return 0;
	at = first;
	do {
		visits++;
		ck_assert_int_eq(run_search(m, p, at + 1 < map_size(m) ?
		    at + 1 : 0, 0, 1, 0, UINT64_MAX, &at, &len, &wrapped),
		    SEARCH_FOUND);
		ck_assert_uint_lt(visits, map_size(m) + 1);
	} while (at != first);
	return visits;
}

static const uint64_t count_slices[] = { 1, 3, 64, 0 };

/* The count is the reference's number of starts, and the rank of every
 * start (and of offsets between) is the number of starts before it,
 * whatever the slicing. */
START_TEST(test_count_reference)
{
	const struct pattern *pat = &ref_patterns[_i];
	struct search_pattern *p;
	struct search_count c;
	char path[PATH_MAX];
	unsigned char *buf;
	uint64_t *want, at;
	struct map *m;
	struct ref r;
	size_t z, k, nwant, before;

	rng_seed(_i + 300);
	ref_parse(pat, &r);
	p = compile_ok(pat->text, pat->kind);
	for (z = 0; z < sizeof step_sizes / sizeof step_sizes[0]; z++) {
		buf = make_planted(&r, step_sizes[z], path);
		want = malloc((step_sizes[z] + 1) * sizeof *want);
		ck_assert_ptr_nonnull(want);
		nwant = ref_scan(&r, buf, step_sizes[z], want);
		m = open_ok(path, MAP_READONLY);
		for (k = 0; k < sizeof count_slices / sizeof count_slices[0];
		    k++) {
			for (at = 0; at <= step_sizes[z]; at += 1 + at / 8) {
				run_count(m, p, at, 0, count_slices[k], &c);
				for (before = 0; before < nwant &&
				    want[before] < at; before++)
					;
				ck_assert_msg(c.matches == nwant &&
				    c.before == before && c.at_known &&
				    c.at_is_match == (before < nwant &&
				    want[before] == at) && !c.capped,
				    "%s \"%s\" size %zu slice %llu at %llu: "
				    "%llu matches, %llu before, hit %d; want "
				    "%zu, %zu", search_kind_name(pat->kind),
				    pat->text, step_sizes[z],
				    (unsigned long long)count_slices[k],
				    (unsigned long long)at,
				    (unsigned long long)c.matches,
				    (unsigned long long)c.before,
				    c.at_is_match, nwant, before);
			}
		}
		map_close(m);
		free(want);
		free(buf);
	}
	search_pattern_free(p);
}
END_TEST

/* Regular expressions: the count is what search_all() gives and what n
 * visits, also where one start is reported for many ends and starts
 * come out of order ("b|ab+c" on "abbc": ends 2, 3, 4 start at 1, 2,
 * 0). */
START_TEST(test_count_regex)
{
	static const char *const res[] = { "a+", "(ab|ba)+", "b|ab+c",
	    "A.{0,9}b", "a{2,}" };
	static const char text[] = "abbc..aaaa.abba.abababbbc.Aaab..aaa.Axb";
	struct search_pattern *p;
	struct starts all = { 0 };
	struct search_count c;
	struct map *m;
	size_t i, k;

	m = open_ok(testfile_make(text, sizeof text - 1), MAP_READONLY);
	for (i = 0; i < sizeof res / sizeof res[0]; i++) {
		p = compile_ok(res[i], SEARCH_REGEX);
		all_ok(m, p, 0, &all);
		ck_assert_msg(all.count > 1, "/%s/: %zu matches", res[i],
		    all.count);
		ck_assert_uint_eq(cycle_of_n(m, p), all.count);
		for (k = 0; k < sizeof count_slices / sizeof count_slices[0];
		    k++) {
			run_count(m, p, all.start[1], 0, count_slices[k], &c);
			ck_assert_msg(c.matches == all.count && c.before == 1 &&
			    c.at_is_match, "/%s/ slice %llu: %llu matches, "
			    "%llu before; want %zu, 1", res[i],
			    (unsigned long long)count_slices[k],
			    (unsigned long long)c.matches,
			    (unsigned long long)c.before, all.count);
		}
		search_pattern_free(p);
	}
	starts_reset(&all);
	map_close(m);
}
END_TEST

/* A cap stops the count early (after the job that reaches it: a job is
 * at least 256 KiB of starts) and says so; an empty file counts 0. */
START_TEST(test_count_cap)
{
	const size_t n = 1 * MIB;
	struct search_pattern *p;
	struct search_count c;
	unsigned char *buf;
	struct map *m;

	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', n);
	m = open_ok(testfile_make(buf, n), MAP_READONLY);
	free(buf);
	p = compile_ok("a", SEARCH_TEXT);
	run_count(m, p, 10, 100, 16, &c);
	ck_assert_int_eq(c.capped, 1);
	ck_assert_uint_ge(c.matches, 100);
	ck_assert_uint_lt(c.matches, n);
	ck_assert_uint_eq(c.before, 10);
	ck_assert_int_eq(c.at_known, 1);
	ck_assert_int_eq(c.at_is_match, 1);
	/* Past the cap: the rank of a late offset is not known. */
	run_count(m, p, n - 10, 100, 16, &c);
	ck_assert_int_eq(c.capped, 1);
	ck_assert_int_eq(c.at_known, 0);
	run_count(m, p, n - 10, n, 16, &c);
	ck_assert_int_eq(c.capped, 1);
	ck_assert_uint_eq(c.matches, n);
	ck_assert_uint_eq(c.before, n - 10);
	run_count(m, p, n - 10, 0, 0, &c);
	ck_assert_int_eq(c.capped, 0);
	ck_assert_uint_eq(c.matches, n);
	ck_assert_uint_eq(c.before, n - 10);
	map_close(m);
	m = open_ok(testfile_make("", 0), MAP_READONLY);
	run_count(m, p, 0, 100, 0, &c);
	ck_assert_uint_eq(c.matches, 0);
	ck_assert_int_eq(c.capped, 0);
	ck_assert_int_eq(c.at_is_match, 0);
	map_close(m);
	search_pattern_free(p);
}
END_TEST

/* ---- regular expressions ----------------------------------------------- */

/* Patterns whose starts must not depend on the slicing. */
static const char *const regexes[] = {
	"a+",
	"b[aA]{1,3}",
	"(ab|ba)+",
	"[^a]a",
	"A.{0,9}b",
	"a{2,}",
	"x[ab]+",
	"[*.]a{3,5}",
};
#define NREGEX (sizeof regexes / sizeof regexes[0])

START_TEST(test_regex_slices)
{
	struct search_pattern *p;
	struct starts whole = { 0 }, st = { 0 };
	unsigned char buf[700];
	char path[PATH_MAX], what[128];
	uint64_t slice;
	struct map *m;
	size_t i, run;

	/* Runs of a of every length up to 15 among random bytes. */
	rng_seed(7);
	fill_random(buf, sizeof buf);
	for (i = 0, run = 1; i + run < sizeof buf; i += run + 7, run++)
		memset(buf + i, 'a', run % 15 + 1);
	strcpy(path, testfile_make(buf, sizeof buf));
	m = open_ok(path, MAP_READONLY);
	p = compile_ok(regexes[_i], SEARCH_REGEX);
	all_ok(m, p, sizeof buf, &whole);
	ck_assert_uint_gt(whole.count, 2);
	for (i = 1; i < whole.count; i++)
		ck_assert_uint_gt(whole.start[i], whole.start[i - 1]);
	for (slice = 1; slice <= 8; slice++) {
		all_ok(m, p, slice, &st);
		snprintf(what, sizeof what, "/%s/ slice %llu", regexes[_i],
		    (unsigned long long)slice);
		assert_starts(&st, whole.start, whole.count, 0, what);
	}
	all_ok(m, p, 0, &st);
	assert_starts(&st, whole.start, whole.count, 0, "default slice");

	/* Stepping finds the same starts. */
	check_steps(m, p, whole.start, whole.count, 0, regexes[_i]);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&whole);
	starts_reset(&st);
}
END_TEST

/* a+ starts where each run of a starts, found by a scan of the runs. */
START_TEST(test_regex_runs)
{
	static const char text[] = "aXaaYaaaaZbaab" "aaaaaaaaaaaaaaaaaaaa" "c";
	static const uint64_t want[] = { 0, 2, 5, 11, 14 };
	struct search_pattern *p;
	struct starts st = { 0 };
	uint64_t slice;
	struct map *m;

	m = open_ok(testfile_make(text, sizeof text - 1), MAP_READONLY);
	p = compile_ok("a+", SEARCH_REGEX);
	for (slice = 0; slice <= 8; slice++) {
		all_ok(m, p, slice, &st);
		assert_starts(&st, want, 5, 0, "a+ runs");
	}
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* Anchors and word boundaries see the file, not the slice. */
START_TEST(test_regex_anchors)
{
	static const char text[] = "aaaa ab ab\nab";
	static const struct {
		const char *regex;
		uint64_t want[4];
		size_t n;
	} cases[] = {
		/* ^ and $ (and \A, \z) are line starts and ends, as
		 * grep -P has them. */
		{ "^a", { 0, 11 }, 2 },
		{ "^a+", { 0, 11 }, 2 },
		{ "\\Aa", { 0, 11 }, 2 },
		{ "b$", { 9, 12 }, 2 },
		{ "ab$", { 8, 11 }, 2 },
		{ "b\\z", { 9, 12 }, 2 },
		{ "\\bab", { 5, 8, 11 }, 3 },
		{ "\\ba", { 0, 5, 8, 11 }, 4 },
		{ "a\\b", { 3 }, 1 },
		{ "(?m)^ab", { 11 }, 1 },
		{ "\\s+", { 4, 7 }, 2 },	/* not across the newline */
		{ "a\\b| ", { 3, 4, 7 }, 3 },
	};
	struct search_pattern *p;
	struct starts st = { 0 };
	char what[64];
	uint64_t slice;
	struct map *m;
	size_t c;

	m = open_ok(testfile_make(text, sizeof text - 1), MAP_READONLY);
	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		p = compile_ok(cases[c].regex, SEARCH_REGEX);
		for (slice = 0; slice <= 8; slice++) {
			snprintf(what, sizeof what, "/%s/ slice %llu",
			    cases[c].regex, (unsigned long long)slice);
			all_ok(m, p, slice, &st);
			assert_starts(&st, cases[c].want, cases[c].n, 0, what);
		}
		check_steps(m, p, cases[c].want, cases[c].n, 0, cases[c].regex);
		search_pattern_free(p);
	}
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* Note each (start, end) of search_buffer(). */
static int
collect_pair(uint64_t start, uint64_t end, void *arg)
{
	return collect(start, end - start, arg);
}

/* Slices that search_all() is tried with on the regex files below:
 * matches cross every kind of slice boundary. */
static const uint64_t rx_slices[] = { 0, 4096, 65537 };

/* Fail unless st holds exactly want's (start, length) pairs. */
static void
assert_pairs(const struct starts *st, const struct starts *want,
    const char *what)
{
	size_t i;

	ck_assert_msg(st->count == want->count, "%s: %zu matches, want %zu",
	    what, st->count, want->count);
	for (i = 0; i < st->count; i++)
		ck_assert_msg(st->start[i] == want->start[i] &&
		    st->len[i] == want->len[i], "%s: match %zu at %llu+%llu, "
		    "want %llu+%llu", what, i, (unsigned long long)st->start[i],
		    (unsigned long long)st->len[i],
		    (unsigned long long)want->start[i],
		    (unsigned long long)want->len[i]);
}

/* Check p's matches in buf, through search_buffer() and through
 * search_all() on a file at every slice of rx_slices, against want. */
static void
check_regex_file(struct search_pattern *p, const unsigned char *buf,
    size_t n, const struct starts *want, const char *what)
{
	struct starts st = { 0 };
	char label[128];
	struct map *m;
	size_t k;

	ck_assert_int_eq(search_buffer(p, buf, n, 0, collect_pair, &st), 0);
	snprintf(label, sizeof label, "%s, search_buffer", what);
	assert_pairs(&st, want, label);
	m = open_ok(testfile_make(buf, n), MAP_READONLY);
	for (k = 0; k < sizeof rx_slices / sizeof rx_slices[0]; k++) {
		snprintf(label, sizeof label, "%s, slice %llu", what,
		    (unsigned long long)rx_slices[k]);
		all_ok(m, p, rx_slices[k], &st);
		assert_pairs(&st, want, label);
	}
	map_close(m);
	starts_reset(&st);
}

/*
 * Long runs of a: a+ matches each run once, whole, however long, and a
 * stepped search finds each run from inside the one before.
 */
START_TEST(test_regex_long_runs)
{
	static const size_t runs[] = { 1, 2, 300, 2000, 5000, 20000 };
	size_t n = 0, i, k;
	struct search_pattern *p;
	struct starts want = { 0 };
	unsigned char *buf;
	uint64_t match, len, from;
	struct map *m;
	int wrapped;

	for (k = 0; k < sizeof runs / sizeof runs[0]; k++)
		n += runs[k] + 3;
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	for (k = 0, i = 0; k < sizeof runs / sizeof runs[0]; k++) {
		memset(buf + i, 'a', runs[k]);
		memcpy(buf + i + runs[k], "bcd", 3);
		collect(i, runs[k], &want);
		i += runs[k] + 3;
	}
	p = compile_ok("a+", SEARCH_REGEX);
	check_regex_file(p, buf, n, &want, "a+ on runs");

	m = open_ok(testfile_make(buf, n), MAP_READONLY);
	for (k = 0, from = 0; k + 1 < sizeof runs / sizeof runs[0]; k++) {
		ck_assert_int_eq(run_search(m, p, from + 1, 0, 0, 0, 1,
		    &match, &len, &wrapped), SEARCH_FOUND);
		ck_assert_uint_eq(match, from + runs[k] + 3);
		ck_assert_uint_eq(len, runs[k + 1]);
		ck_assert_int_eq(run_search(m, p, match + runs[k + 1] - 1, 1, 0,
		    0, 1, &match, &len, &wrapped), SEARCH_FOUND);
		ck_assert_uint_eq(match, from + runs[k] + 3);
		from = match;
	}
	search_pattern_free(p);
	map_close(m);
	free(buf);
	starts_reset(&want);
}
END_TEST

/* The matches of (ab)+, greedy and leftmost, by hand. */
static void
ref_abab(const unsigned char *buf, size_t n, struct starts *want)
{
	size_t i = 0, j;

	while (i + 1 < n) {
		if (buf[i] != 'a' || buf[i + 1] != 'b') {
			i++;
			continue;
		}
		for (j = i; j + 1 < n && buf[j] == 'a' && buf[j + 1] == 'b'; j += 2)
			;
		collect(i, j - i, want);
		i = j;
	}
}

/*
 * Matches longer than 64 KiB (the old limit) are one match each, at any
 * slicing: a+ over 200000 a and over 66000 a, (ab)+ over half a MiB of
 * "ab" with a few newlines cutting it into lines.
 */
START_TEST(test_regex_long_matches)
{
	size_t n = 3 * SEARCH_OVERLAP_MAX + 600000, i, run;
	struct search_pattern *p;
	struct starts want = { 0 };
	unsigned char *buf;

	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', 200000);
	memcpy(buf + 200000, "c\0\0\0", 4);
	memset(buf + 200004, 'a', 66000);
	for (i = 266004; i < n; i++)
		buf[i] = (i - 266004) % 2 == 0 ? 'a' : 'b';
	for (i = 266004 + 30011; i < n; i += 140013)
		buf[i] = '\n';

	p = compile_ok("a+", SEARCH_REGEX);
	for (i = 0, run = 0; i <= n; i++) {
		if (i < n && buf[i] == 'a')
			continue;
		if (i > run)
			collect(run, i - run, &want);
		run = i + 1;
	}
	ck_assert_uint_eq(want.len[0], 200000);
	check_regex_file(p, buf, n, &want, "a+");
	search_pattern_free(p);

	starts_reset(&want);
	ref_abab(buf, n, &want);
	ck_assert_uint_gt(want.len[1], SEARCH_OVERLAP_MAX);
	p = compile_ok("(ab)+", SEARCH_REGEX);
	check_regex_file(p, buf, n, &want, "(ab)+");
	search_pattern_free(p);
	starts_reset(&want);
	free(buf);
}
END_TEST

/* Return the engine's work for pattern over n bytes made by fill. */
static uint64_t
work_for(const char *pattern, size_t n,
    void (*fill)(unsigned char *, size_t))
{
	struct search_pattern *p;
	struct starts st = { 0 };
	unsigned char *buf;
	struct map *m;
	uint64_t work;

	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	fill(buf, n);
	m = open_ok(testfile_make(buf, n), MAP_READONLY);
	free(buf);
	p = compile_ok(pattern, SEARCH_REGEX);
	all_ok(m, p, 4096, &st);
	ck_assert_uint_gt(st.count, 0);
	work = search_work(p);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
	return work;
}

static void
fill_a(unsigned char *buf, size_t n)
{
	memset(buf, 'a', n);
}

static void
fill_ab(unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = i % 2 ? 'b' : 'a';
}

static void
fill_zeros(unsigned char *buf, size_t n)
{
	memset(buf, 0, n);
}

/* Words and short lines: every kind of match start. */
static void
fill_words(unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = "ab cd\nefg hij klm\n"[i % 18];
}

/*
 * The engine's work (bytes gone through, search_work()) grows linearly:
 * at most 5 times for 4 times the input, 1, 4 and 16 MiB of each
 * pattern's worst case seen so far (the old engine was quadratic on
 * (ab)+ and rescanned 64 KiB for every end of a+).
 */
START_TEST(test_regex_linear)
{
	static const struct {
		const char *pattern;
		void (*fill)(unsigned char *, size_t);
	} cases[] = {
		{ "(ab)+", fill_ab },
		{ "a+", fill_a },
		{ "a", fill_a },
		{ "\\x00{16,}", fill_zeros },
		{ ".+", fill_words },
		{ "\\w+", fill_words },
		{ "a.*b", fill_ab },
	};
	const char *pattern = cases[_i].pattern;
	uint64_t w1, w4, w16;

	w1 = work_for(pattern, 1 * MIB, cases[_i].fill);
	w4 = work_for(pattern, 4 * MIB, cases[_i].fill);
	w16 = work_for(pattern, 16 * MIB, cases[_i].fill);
	ck_assert_msg(w1 > 0 && w4 <= 5 * w1 && w16 <= 5 * w4,
	    "/%s/: work %llu, %llu, %llu for 1, 4, 16 MiB", pattern,
	    (unsigned long long)w1, (unsigned long long)w4,
	    (unsigned long long)w16);
}
END_TEST

/* Matches come in file order, whatever the alternation: "a\b| " on
 * "xa yy" is the a at 1, then the blank at 2 (the old engine gave them
 * by end and put 2 first), in a buffer and in the stepped search. */
START_TEST(test_regex_order)
{
	static const uint64_t want[] = { 1, 2 };
	struct search_pattern *p;
	struct starts st = { 0 };
	struct map *m;

	p = compile_ok("a\\b| ", SEARCH_REGEX);
	ck_assert_int_eq(search_buffer(p, (const unsigned char *)"xa yy", 5,
	    0, collect_pair, &st), 0);
	assert_starts(&st, want, 2, 1, "a\\b| in a buffer");
	m = open_ok(testfile_make("xa yy", 5), MAP_READONLY);
	all_ok(m, p, 1, &st);
	assert_starts(&st, want, 2, 1, "a\\b| in a file");
	check_steps(m, p, want, 2, 1, "a\\b| ");
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* A regex PCRE2 rejects gets a message naming the position; one that
 * only PCRE2 reads (look-behind, \K) is matched by PCRE2 alone. */
START_TEST(test_regex_pcre_only)
{
	static const uint64_t want[] = { 2 };
	struct search_pattern *p;
	struct starts st = { 0 };
	char *cause = NULL;
	struct map *m;

	ck_assert_ptr_null(search_compile("ab(c", SEARCH_REGEX, &cause));
	ck_assert_msg(cause != NULL && strstr(cause, "position 5") != NULL,
	    "cause \"%s\"", cause != NULL ? cause : "(null)");
	free(cause);
	m = open_ok(testfile_make("xab ab", 6), MAP_READONLY);
	p = compile_ok("(?<=x)a\\Kb", SEARCH_REGEX);
	all_ok(m, p, 0, &st);
	assert_starts(&st, want, 1, 1, "(?<=x)a\\Kb");
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* A regex in a sparse file whose data begins less than max_width bytes
 * in: the skip past the leading hole must not wrap round. */
START_TEST(test_regex_sparse)
{
	static const uint64_t want[] = { 10000 };
	static const uint64_t slices[] = { 0, 4096 };
	uint64_t size = 1 * MIB, match, len;
	struct search_pattern *p;
	struct starts st = { 0 };
	char path[PATH_MAX];
	struct map *m;
	int fd, wrapped;
	size_t k;

	strcpy(path, testfile_sparse(size, "", 0));
	fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "abbbc", 5, 10000), 5);
	close(fd);
	m = open_ok(path, MAP_READONLY);
	p = compile_ok("ab+c", SEARCH_REGEX);
	ck_assert_uint_eq(search_max_width(p), SEARCH_OVERLAP_MAX);
	for (k = 0; k < sizeof slices / sizeof slices[0]; k++) {
		all_ok(m, p, slices[k], &st);
		assert_starts(&st, want, 1, 5, "ab+c in a sparse file");
		ck_assert_int_eq(run_search(m, p, 0, 0, 0, slices[k], 1,
		    &match, &len, &wrapped), SEARCH_FOUND);
		ck_assert(match == 10000 && len == 5 && !wrapped);
		ck_assert_int_eq(run_search(m, p, size - 1, 1, 0, slices[k], 1,
		    &match, &len, &wrapped), SEARCH_FOUND);
		ck_assert(match == 10000 && len == 5 && !wrapped);
		ck_assert_int_eq(run_search(m, p, 20000, 0, 1, slices[k],
		    UINT64_MAX, &match, &len, &wrapped), SEARCH_FOUND);
		ck_assert(match == 10000 && wrapped);
	}
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* The leftmost-first matches of an alternation of words, line by line,
 * the plain way: at each start, the first word that is there. */
static size_t
words_reference(char **word, size_t nword, const unsigned char *buf,
    size_t n, uint64_t *want)
{
	size_t pos = 0, count = 0, k, len;

	while (pos < n) {
		for (k = 0; k < nword; k++) {
			len = strlen(word[k]);
			if (pos + len <= n && memcmp(buf + pos, word[k], len) == 0)
				break;
		}
		if (k == nword) {
			pos++;
			continue;
		}
		want[count++] = pos;
		pos += strlen(word[k]);
	}
	return count;
}

/* An alternation of thousands of plain words ("one|two|...": 10,000 are
 * more than one PCRE2 pattern holds) is Vectorscan's multi-literal
 * matcher, with PCRE2's answers: the first word that matches at the
 * leftmost start, non-overlapping, at every slicing, counted as listed.
 * Words that begin other words ("ab|a|abc") and words at the file's
 * last bytes (where Vectorscan 5.4.9 misses some without padding). */
START_TEST(test_regex_words)
{
	static const size_t nwords[] = { 8, 1000, 10000 };
	static const uint64_t slices[] = { 0, 7, 4096 };
	size_t nword = nwords[_i], size = 40000, k, i, len, nwant;
	struct search_pattern *p;
	struct starts st = { 0 };
	struct search_count c;
	unsigned char *buf;
	char **word, *text, *t;
	uint64_t *want;
	struct map *m;

	rng_seed(_i + 4242);
	word = calloc(nword, sizeof *word);
	text = malloc(nword * 12);
	buf = malloc(size);
	want = malloc(size * sizeof *want);
	ck_assert(word != NULL && text != NULL && buf != NULL && want != NULL);
	for (k = 0, t = text; k < nword; k++) {
		word[k] = malloc(11);
		ck_assert_ptr_nonnull(word[k]);
		len = 1 + rng_next() % (k < 8 ? 3 : 9);
		for (i = 0; i < len; i++)
			word[k][i] = (char)('a' + rng_next() % (k < 8 ? 2 : 8));
		word[k][len] = '\0';
		t += sprintf(t, "%s%s", k > 0 ? "|" : "", word[k]);
	}
	for (i = 0; i < size; i++)
		buf[i] = (unsigned char)"abcdefgh \n"[rng_next() % 10];
	for (k = 0; k < 50; k++) {	/* words to be found */
		t = word[rng_next() % nword];
		memcpy(buf + rng_next() % (size - 12), t, strlen(t));
	}
	/* And the first word at the last bytes. */
	memcpy(buf + size - strlen(word[0]), word[0], strlen(word[0]));
	/* The reference, line by line (no word holds a newline). */
	nwant = 0;
	for (i = 0; i < size; i = k + 1) {
		for (k = i; k < size && buf[k] != '\n'; k++)
			;
		len = words_reference(word, nword, buf + i, k - i,
		    want + nwant);
		while (len-- > 0)
			want[nwant++] += i;
	}
	ck_assert_uint_gt(nwant, 10);
	p = compile_ok(text, SEARCH_REGEX);
	m = open_ok(testfile_make(buf, size), MAP_READONLY);
	for (k = 0; k < sizeof slices / sizeof slices[0]; k++) {
		all_ok(m, p, slices[k], &st);
		ck_assert_uint_eq(st.count, nwant);
		for (i = 0; i < nwant; i++)
			if (st.start[i] != want[i])
				break;
		ck_assert_msg(i == nwant, "%zu words, slice %llu: match %zu "
		    "at %llu, want %llu", nword,
		    (unsigned long long)slices[k], i,
		    (unsigned long long)st.start[i],
		    (unsigned long long)want[i]);
		run_count(m, p, want[1], 0, slices[k], &c);
		ck_assert_uint_eq(c.matches, nwant);
		ck_assert_uint_eq(c.before, 1);
	}
	map_close(m);
	search_pattern_free(p);
	starts_reset(&st);
	for (k = 0; k < nword; k++)
		free(word[k]);
	free(word);
	free(text);
	free(buf);
	free(want);
}
END_TEST

/* One hex byte next to wildcards, among zeros: Vectorscan 5.4.9 misses
 * these past byte 64 unless search.c cuts the wildcards off the ends. */
START_TEST(test_hex_sparse)
{
	static const struct pattern pats[] = {
		{ SEARCH_HEX, "7f ??" },
		{ SEARCH_HEX, "?? 45" },
		{ SEARCH_HEX, "?? ?? 7f ?? ??" },
		{ SEARCH_HEX, "46 ?? ??" },
		{ SEARCH_HEX, "?? 7f ?? 4c" },
		{ SEARCH_HEX, "?? ??" },
	};
	static const size_t at[] = { 0, 1, 63, 64, 65, 1000, 4093, 4094, 4095 };
	const struct pattern *pat = &pats[_i];
	unsigned char buf[4096];
	struct search_pattern *p;
	struct starts st = { 0 };
	char path[PATH_MAX], what[128];
	uint64_t want[4096];
	struct map *m;
	struct ref r;
	size_t k, nwant;

	memset(buf, 0, sizeof buf);
	for (k = 0; k < sizeof at / sizeof at[0]; k++)
		buf[at[k]] = "\x7f" "E" "L" "F"[k % 4];
	memcpy(buf + 2000, "\x7f" "ELF", 4);
	ref_parse(pat, &r);
	nwant = ref_scan(&r, buf, sizeof buf, want);
	strcpy(path, testfile_make(buf, sizeof buf));
	m = open_ok(path, MAP_READONLY);
	p = compile_ok(pat->text, pat->kind);
	ck_assert_uint_eq(search_min_width(p), r.len);
	ck_assert_uint_eq(search_max_width(p), r.len);
	for (k = 0; k < sizeof all_slices / sizeof all_slices[0]; k++) {
		snprintf(what, sizeof what, "\"%s\" slice %llu", pat->text,
		    (unsigned long long)all_slices[k]);
		all_ok(m, p, all_slices[k], &st);
		assert_starts(&st, want, nwant, r.len, what);
	}
	check_steps(m, p, want, nwant, (unsigned)r.len, pat->text);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* Literals up to the documented 64 KiB (Vectorscan refuses about 4000
 * escaped bytes): found by their rare bytes and compared whole, every
 * start, across slices, as text, caseless text and hex. */
START_TEST(test_big_literals)
{
	static const size_t lens[] = { 1025, 4000, 20000, SEARCH_OVERLAP_MAX };
	static const uint64_t slices[] = { 0, 4096, 65537 };
	size_t len = lens[_i], size = 3 * SEARCH_OVERLAP_MAX + 7000, k, i;
	const size_t at[] = { 0, len + 5000, size - len };
	unsigned char *buf, *needle;
	char *text, *hex;
	struct search_pattern *p;
	struct starts st = { 0 };
	uint64_t want[3];
	struct map *m;
	int kind;

	rng_seed(_i + 900);
	buf = malloc(size);
	needle = malloc(len);
	text = malloc(len + 1);
	hex = malloc(2 * len + 1);
	ck_assert(buf != NULL && needle != NULL && text != NULL && hex != NULL);
	fill_random(buf, size);
	for (i = 0; i < len; i++)
		needle[i] = (unsigned char)('a' + rng_next() % 26);
	for (k = 0; k < 3; k++) {
		memcpy(buf + at[k], needle, len);
		want[k] = at[k];
	}
	buf[at[1]] ^= 0x20;	/* upper case: only the caseless finds it */
	m = open_ok(testfile_make(buf, size), MAP_READONLY);
	for (kind = 0; kind < 3; kind++) {
		memcpy(text, needle, len);
		text[len] = '\0';
		if (kind == 2) {
			for (i = 0; i < len; i++)
				snprintf(hex + 2 * i, 3, "%02x", needle[i]);
			p = compile_ok(hex, SEARCH_HEX);
		} else {
			p = compile_ok(text, kind == 0 ? SEARCH_TEXT :
			    SEARCH_CASELESS);
		}
		for (k = 0; k < sizeof slices / sizeof slices[0]; k++) {
			all_ok(m, p, slices[k], &st);
			if (kind == 1) {
				assert_starts(&st, want, 3, len, "caseless");
			} else {
				ck_assert_uint_eq(st.count, 2);
				ck_assert_uint_eq(st.start[0], 0);
				ck_assert_uint_eq(st.start[1], size - len);
			}
		}
		search_pattern_free(p);
	}
	map_close(m);
	starts_reset(&st);
	free(hex);
	free(text);
	free(needle);
	free(buf);
}
END_TEST

/* ---- known library bugs ------------------------------------------------ */

/*
 * Vectorscan 5.4.9 (Debian bookworm's libvectorscan5) on this CPU family
 * (the fat runtime picks its AVX-512 code) gets some regular expressions
 * wrong: a two-byte literal after a repeat ("a+b") is missed from about
 * 64 bytes on, depending on alignment, and from 255 bytes on the scan
 * aborts the process ("buffer overflow detected": a snprintf in
 * rvermicelliDoubleExecReal, VectorCamp/vectorscan pull request 392); one
 * byte before a class ("F\W") is missed past byte 64 (accelerator tail
 * bugs fixed upstream in 2026).  The first bug lives in Vectorscan's
 * start-of-match tracking, which search.c no longer uses (it finds starts
 * with an anchored second pattern), so those cases must pass.  The second
 * is in an accelerator search.c cannot avoid: those cases stay listed
 * here, past LIBHS_WORKED_ROUND, and are not run until the library that
 * Debian ships is fixed (doc/design.md records the limitation).  Each
 * scan runs in a child so that an abort is reported as what it is.
 */
#define LIBHS_WORKED_ROUND 3
static const struct {
	const char *regex;
	size_t before, after;	/* x bytes around the match */
	const char *match;
} libhs_cases[] = {
	{ "a+b", 195, 1, "aaab" },
	{ "a+b", 995, 1, "aaab" },
	{ "a+b", 99995, 1, "aaab" },
	{ "F\\W", 64, 5, "F " },
	{ "F\\W", 1000, 100, "F " },
};

START_TEST(test_libhs_known_bugs)
{
	const char *regex = libhs_cases[_i].regex, *match = libhs_cases[_i].match;
	size_t before = libhs_cases[_i].before, n;
	struct search_pattern *p;
	struct starts st = { 0 };
	unsigned char *buf;
	pid_t pid;
	int status;

	n = before + strlen(match) + libhs_cases[_i].after;
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'x', n);
	memcpy(buf + before, match, strlen(match));
	p = compile_ok(regex, SEARCH_REGEX);
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		if (search_buffer(p, buf, n, 0, collect, &st) != 0)
			_exit(2);
		/* collect() stores the end where search_all has a length. */
		_exit(st.count == 1 && st.start[0] == before &&
		    st.len[0] == before + strlen(match) ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(!WIFSIGNALED(status), "/%s/ over %zu bytes: the scan "
	    "died of signal %d (a Vectorscan 5.4.9 bug, fixed upstream)",
	    regex, n, WTERMSIG(status));
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "/%s/ over %zu bytes: the match at %zu not found (a Vectorscan "
	    "5.4.9 bug, fixed upstream)", regex, n, before);
	search_pattern_free(p);
	free(buf);
}
END_TEST

/* ---- files that change ------------------------------------------------- */

/* A file shrinks under a running search, forward then backward. */
START_TEST(test_truncate_step)
{
	enum map_mode mode = _i == 0 ? MAP_READONLY : MAP_COW;
	enum search_status st = SEARCH_RUNNING;
	unsigned char *buf;
	char path[PATH_MAX];
	struct search_pattern *p;
	struct search *s;
	uint64_t size = 1 * MIB;
	struct map *m;
	int backward, steps;

	for (backward = 0; backward < 2; backward++) {
		buf = calloc(1, size);
		ck_assert_ptr_nonnull(buf);
		memcpy(buf + 30000, "NEEDLE", 6);
		memcpy(buf + 900000, "NEEDLE", 6);
		strcpy(path, testfile_make(buf, size));
		free(buf);
		m = open_ok(path, mode);
		p = compile_ok("NEEDLE", SEARCH_TEXT);
		s = search_start(m, p, backward ? size - 1 : 200, backward, 0);
		search_set_slice(s, 4096);
		/* Two threads take a slice each per step: 3 steps stay
		 * short of 30000 from 200. */
		for (steps = 0; steps < 3; steps++)
			ck_assert_int_eq(search_step(s, 4096), SEARCH_RUNNING);
		ck_assert_int_eq(truncate(path, 50000), 0);
		for (steps = 0; steps < 1000; steps++) {
			if ((st = search_step(s, 4096)) != SEARCH_RUNNING)
				break;
		}
		ck_assert_msg(st == SEARCH_FOUND, "status %d: %s", (int)st,
		    search_error(s));
		ck_assert_uint_eq(search_match(s, NULL), 30000);
		search_free(s);
		ck_assert_int_eq(map_refresh(m), 0);
		ck_assert_uint_eq(map_size(m), 50000);

		/* Shrunk below where the search is: it ends. */
		s = search_start(m, p, 40000, 0, 1);
		search_set_slice(s, 1024);
		ck_assert_int_eq(search_step(s, 1), SEARCH_RUNNING);
		ck_assert_int_eq(truncate(path, 20000), 0);
		for (steps = 0; steps < 1000; steps++) {
			if ((st = search_step(s, 1)) != SEARCH_RUNNING)
				break;
		}
		ck_assert_msg(st == SEARCH_NOT_FOUND, "status %d: %s", (int)st,
		    search_error(s));
		search_free(s);

		/* And to nothing at all. */
		s = search_start(m, p, 0, 1, 1);
		search_set_slice(s, 1);
		ck_assert_int_eq(truncate(path, 0), 0);
		for (steps = 0; steps < 100000; steps++) {
			if ((st = search_step(s, 1)) != SEARCH_RUNNING)
				break;
		}
		ck_assert_int_eq(st, SEARCH_NOT_FOUND);
		search_free(s);
		search_pattern_free(p);
		map_close(m);
	}
}
END_TEST

/*
 * search_free() while the workers are inside a big file returns at once,
 * and the map and the pattern can go right after: the workers finish
 * their jobs on their own (the ASan build catches a use after free).
 * Text (mapped jobs), a regex of varying width (read jobs) and -c with
 * an edited page (read jobs with a patch).
 */
START_TEST(test_free_while_scanning)
{
	static const struct pattern pats[] = {
		{ SEARCH_TEXT, "no such needle" },
		{ SEARCH_REGEX, "x[a-z]+y" },
		{ SEARCH_TEXT, "EDITED" },
	};
	const struct pattern *pat = &pats[_i];
	uint64_t size = 64 * MIB, done;
	struct search_pattern *p;
	struct timespec a, b;
	struct search *s;
	unsigned char *buf;
	struct map *m;
	double ms;
	int steps;

	buf = malloc(size);
	ck_assert_ptr_nonnull(buf);
	memset(buf, 'a', size);
	m = open_ok(testfile_make(buf, size), _i == 2 ? MAP_COW : MAP_READONLY);
	free(buf);
	if (_i == 2)	/* an edit the file does not hold, 60 MiB in */
		ck_assert_int_eq(map_write(m, 60 * MIB, "EDITED", 6), 0);
	p = compile_ok(pat->text, pat->kind);
	s = search_start(m, p, 0, 0, 0);
	ck_assert_ptr_nonnull(s);
	if (_i == 2) {
		/* The edit is found (the workers see -c's private page). */
		for (steps = 0; steps < 100000; steps++)
			if (search_step(s, 1 * MIB) != SEARCH_RUNNING)
				break;
		ck_assert_uint_eq(search_match(s, NULL), 60 * MIB);
		search_free(s);
		s = search_start(m, p, 60 * MIB + 1, 0, 1);
	}
	for (steps = 0, done = 0; steps < 100000 && done == 0; steps++) {
		ck_assert_int_eq(search_step(s, 1), SEARCH_RUNNING);
		done = search_done(s, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	search_free(s);
	clock_gettime(CLOCK_MONOTONIC, &b);
	search_pattern_free(p);
	map_close(m);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	/* Microseconds here; a worker's job (4 MiB) takes a few ms. */
	ck_assert_msg(ms < 50, "search_free took %.1f ms", ms);
	/* Let the workers run into anything freed before the test ends. */
	usleep(300 * 1000);
}
END_TEST

/* A file shrinks under search_all (from its found callback). */
START_TEST(test_truncate_all)
{
	static const uint64_t want[] = { 100, 30000 };
	enum map_mode mode = _i == 0 ? MAP_READONLY : MAP_COW;
	struct search_pattern *p;
	struct starts st = { 0 };
	uint64_t size = 1 * MIB;
	char path[PATH_MAX];
	unsigned char *buf;
	char *cause = NULL;
	struct map *m;

	buf = calloc(1, size);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf + 100, "NEEDLE", 6);
	memcpy(buf + 30000, "NEEDLE", 6);
	memcpy(buf + 49996, "NEEDLE", 6);	/* cut in half */
	memcpy(buf + 900000, "NEEDLE", 6);
	strcpy(path, testfile_make(buf, size));
	free(buf);
	m = open_ok(path, mode);
	p = compile_ok("NEEDLE", SEARCH_TEXT);
	st.truncate_path = path;
	st.truncate_to = 50000;
	ck_assert_int_eq(search_all(m, p, 4096, collect, &st, &cause), 0);
	ck_assert_ptr_null(cause);
	assert_starts(&st, want, 2, 6, "NEEDLE in a shrinking file");
	ck_assert_uint_eq(map_size(m), 50000);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* ---- past 4 GiB -------------------------------------------------------- */

/* A 5 GiB sparse file with needles near the end and across 4 GiB. */
START_TEST(test_sparse_5g)
{
	static const unsigned char tail[] = "NEEDLE at the end";
	uint64_t size = 5 * GIB, at4g = 4 * GIB - 3, match, len;
	struct search_pattern *p;
	struct starts st = { 0 };
	char path[PATH_MAX];
	struct map *m;
	int fd, wrapped;

	if (SIZE_MAX < size)
		return;	/* check-map tests the refusal */
	strcpy(path, testfile_sparse(size, tail, sizeof tail));
	fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "NEEDLE", 6, (off_t)at4g), 6);
	close(fd);
	m = open_ok(path, MAP_READONLY);
	p = compile_ok("NEEDLE", SEARCH_TEXT);

	/* Stepping from near either end, and wrapping round. */
	ck_assert_int_eq(run_search(m, p, size - 64 * MIB, 0, 0, 0, 1,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert(match == size - sizeof tail && len == 6 && !wrapped);
	ck_assert_int_eq(run_search(m, p, at4g - 10 * MIB, 0, 0, 0, 1,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert(match == at4g && !wrapped);
	ck_assert_int_eq(run_search(m, p, at4g + 1, 1, 0, 0, UINT64_MAX,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert(match == at4g && !wrapped);
	ck_assert_int_eq(run_search(m, p, at4g + 10 * MIB, 1, 0, 1000, 1,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert(match == at4g && !wrapped);
	ck_assert_int_eq(run_search(m, p, size - 10, 0, 1, 0, 1,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert(match == at4g && wrapped);

	/* Every match of the whole file, with the default slices. */
	st.start = NULL;
	all_ok(m, p, 0, &st);
	ck_assert_uint_eq(st.count, 2);
	ck_assert_uint_eq(st.start[0], at4g);
	ck_assert_uint_eq(st.start[1], size - sizeof tail);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

/* Expand a run of starts into st, and count the runs in st's caller. */
struct run_starts {
	struct starts st;
	uint64_t runs;		/* found_run calls */
	uint64_t longest;	/* the longest run */
};

static int
collect_run_one(uint64_t start, uint64_t len, void *arg)
{
	return collect(start, len, &((struct run_starts *)arg)->st);
}

static int
collect_run(uint64_t first, uint64_t count, uint64_t len, void *arg)
{
	struct run_starts *rs = arg;
	uint64_t i;

	rs->runs++;
	if (count > rs->longest)
		rs->longest = count;
	for (i = 0; i < count; i++)
		collect(first + i, len, &rs->st);
	return 0;
}

/* Fail unless st holds exactly the want starts, each len long: one
 * check for the whole list (Check records every assertion, and these
 * lists hold millions). */
static void
assert_many_starts(const struct starts *st, const uint64_t *want,
    size_t nwant, uint64_t len, const char *what)
{
	size_t i, bad = nwant;

	for (i = 0; i < st->count && i < nwant && bad == nwant; i++) {
		if (st->start[i] != want[i] || st->len[i] != len)
			bad = i;
	}
	ck_assert_msg(st->count == nwant && bad == nwant, "%s: %zu starts, "
	    "want %zu; first difference at %zu", what, st->count, nwant, bad);
}

/* Holes are arithmetic: a pattern that matches zeros has every start of
 * a long hole counted without a scan (search_all_runs() says so as one
 * run), and the starts where a match straddles a hole's edge into data
 * are scanned.  The answer is the reference's on the file's bytes, for
 * search_all(), search_all_runs() and the stepped count, at every
 * slicing. */
START_TEST(test_hole_runs)
{
	static const struct pattern pats[] = {
		{ SEARCH_HEX, "00" },
		{ SEARCH_HEX, "00 00 00" },
		{ SEARCH_HEX, "00 ?? 00" },
		{ SEARCH_HEX, "?? 00" },
		{ SEARCH_HEX, "61 00" },	/* no match in zeros */
	};
	static const uint64_t islands[] = { 0, MIB + 7, 5 * MIB - 3,
	    6 * MIB + 4095 };
	static const uint64_t slices[] = { 0, 5000 };
	const struct pattern *pat = &pats[_i];
	uint64_t size = 8 * MIB + 123, *want, at;
	unsigned char *buf, island[300];
	struct run_starts rs;
	struct search_pattern *p;
	struct search_count c;
	char path[PATH_MAX], *cause = NULL;
	struct map *m;
	struct ref r;
	size_t k, i, nwant, before;
	int fd;

	rng_seed(_i + 77);
	strcpy(path, testfile_sparse(size, "a\0\0a", 4));
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	for (k = 0; k < sizeof islands / sizeof islands[0]; k++) {
		fill_random(island, sizeof island);
		for (i = 0; i < sizeof island; i += 3)
			island[i] = 0;
		ck_assert_int_eq(pwrite(fd, island, sizeof island,
		    (off_t)islands[k]), (ssize_t)sizeof island);
	}
	buf = malloc(size);
	want = malloc((size + 1) * sizeof *want);
	ck_assert(buf != NULL && want != NULL);
	ck_assert_int_eq(pread(fd, buf, size, 0), (ssize_t)size);
	close(fd);
	ref_parse(pat, &r);
	nwant = ref_scan(&r, buf, size, want);
	m = open_ok(path, MAP_READONLY);
	p = compile_ok(pat->text, pat->kind);
	memset(&rs, 0, sizeof rs);
	for (k = 0; k < sizeof slices / sizeof slices[0]; k++) {
		all_ok(m, p, slices[k], &rs.st);
		assert_many_starts(&rs.st, want, nwant, r.len, pat->text);
		starts_reset(&rs.st);
		rs.runs = rs.longest = 0;
		ck_assert_int_eq(search_all_runs(m, p, slices[k], collect_run_one,
		    collect_run, &rs, &cause), 0);
		ck_assert_ptr_null(cause);
		assert_many_starts(&rs.st, want, nwant, r.len, pat->text);
		if (_i < 4)	/* the 2 MiB hole is one run */
			ck_assert_uint_gt(rs.longest, 2 * MIB);
		else
			ck_assert_uint_eq(rs.runs, 0);
		for (at = 0; at <= size; at += size / 7 + 4093) {
			run_count(m, p, at, 0, slices[k], &c);
			for (before = 0; before < nwant && want[before] < at;
			    before++)
				;
			ck_assert_msg(c.matches == nwant && c.before == before &&
			    c.at_is_match == (before < nwant &&
			    want[before] == at), "\"%s\" count at %llu: %llu "
			    "matches, %llu before; want %zu, %zu", pat->text,
			    (unsigned long long)at,
			    (unsigned long long)c.matches,
			    (unsigned long long)c.before, nwant, before);
		}
	}
	starts_reset(&rs.st);
	search_pattern_free(p);
	map_close(m);
	free(want);
	free(buf);
}
END_TEST

/* Slices larger than one Vectorscan scan can take still cover the file. */
START_TEST(test_huge_slice)
{
	static const unsigned char tail[] = "NEEDLE";
	uint64_t size = 5 * GIB, match, len;
	struct search_pattern *p;
	struct starts st = { 0 };
	char path[PATH_MAX];
	struct map *m;
	int wrapped;

	if (SIZE_MAX < size)
		return;
	strcpy(path, testfile_sparse(size, tail, 6));
	m = open_ok(path, MAP_READONLY);
	p = compile_ok("NEEDLE", SEARCH_TEXT);
	all_ok(m, p, 8 * GIB, &st);
	ck_assert_uint_eq(st.count, 1);
	ck_assert_uint_eq(st.start[0], size - 6);
	ck_assert_int_eq(run_search(m, p, 0, 0, 0, 8 * GIB, UINT64_MAX,
	    &match, &len, &wrapped), SEARCH_FOUND);
	ck_assert_uint_eq(match, size - 6);
	search_pattern_free(p);
	map_close(m);
	starts_reset(&st);
}
END_TEST

Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc;

	tc = tcase_create("compile");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_kind_names);
	tcase_add_loop_test(tc, test_compile_good, 0,
	    (int)(sizeof goods / sizeof goods[0]));
	tcase_add_loop_test(tc, test_compile_bad, 0,
	    (int)(sizeof bads / sizeof bads[0]));
	tcase_add_test(tc, test_compile_too_long);
	tcase_add_loop_test(tc, test_big_literals, 0, 4);
	tcase_add_test(tc, test_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("all");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_all_reference, 0, (int)NREF);
	tcase_add_test(tc, test_all_overlap);
	tcase_add_test(tc, test_all_stop);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_one_byte_file);
	tcase_add_test(tc, test_cow_edits);
	suite_add_tcase(s, tc);

	tc = tcase_create("step");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_step_reference, 0, (int)NREF);
	tcase_add_test(tc, test_step_wrap);
	tcase_add_test(tc, test_step_progress);
	tcase_add_loop_test(tc, test_count_reference, 0, (int)NREF);
	tcase_add_test(tc, test_count_regex);
	tcase_add_test(tc, test_count_cap);
	suite_add_tcase(s, tc);

	tc = tcase_create("regex");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_regex_slices, 0, (int)NREGEX);
	tcase_add_test(tc, test_regex_runs);
	tcase_add_test(tc, test_regex_anchors);
	tcase_add_test(tc, test_regex_sparse);
	tcase_add_test(tc, test_regex_long_runs);
	tcase_add_test(tc, test_regex_long_matches);
	tcase_add_loop_test(tc, test_regex_linear, 0, 7);
	tcase_add_test(tc, test_regex_order);
	tcase_add_test(tc, test_regex_pcre_only);
	tcase_add_loop_test(tc, test_regex_words, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("hex");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_hex_sparse, 0, 6);
	suite_add_tcase(s, tc);

	tc = tcase_create("libhs");
	/* Only the cases mmhex works round; see LIBHS_WORKED_ROUND. */
	tcase_add_loop_test(tc, test_libhs_known_bugs, 0, LIBHS_WORKED_ROUND);
	suite_add_tcase(s, tc);

	tc = tcase_create("change");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_truncate_step, 0, 2);
	tcase_add_loop_test(tc, test_truncate_all, 0, 2);
	tcase_add_loop_test(tc, test_free_while_scanning, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("big");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sparse_5g);
	tcase_add_loop_test(tc, test_hole_runs, 0, 5);
	tcase_add_loop_test(tc, test_holes_tmpfs, 0, 2 * (MAP_COW + 1));
	tcase_add_test(tc, test_huge_slice);
	suite_add_tcase(s, tc);
	return s;
}
