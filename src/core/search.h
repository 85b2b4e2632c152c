/*
 * search.h - find patterns in a mapped file with Vectorscan.
 *
 * One engine serves every kind of pattern: text (case-sensitive or not),
 * hex bytes with ?? wildcards ("7F 45 4C 46 ?? 01"), and regular
 * expressions.  A pattern is compiled once into a Vectorscan database.
 *
 * A search is a resumable object: search_step() collects at most a budget
 * of bytes and returns, so the front end can keep answering keys while a
 * multi-GB file is scanned.  The scanning itself runs on worker threads
 * owned by the search, which map (or read) the file themselves: the
 * caller's thread never touches the file's bytes, so a page fault that
 * waits for a cold disk never blocks it, and search_step() waits for the
 * workers at most a couple of milliseconds a call.  Unsaved edits are
 * seen: -w edits are in the page cache, -c edited pages are copied from
 * the map when a job is posted.  A slice is scanned together with the
 * max_width - 1 bytes after it, so matches that cross a slice boundary
 * are found, with the same results as one thread.  search_all() scans
 * in place in the mapping, under the SIGBUS guard, two slices at a time
 * on the caller's thread and a helper thread.
 *
 * Matches: fixed-width patterns (text, hex) report every start,
 * overlapping ones included ("aa" in "aaaa" at 0, 1 and 2).  Regular
 * expressions are PCRE2's and answer as grep -P -o -b -a does: the file
 * is taken as lines (no match holds a '\n'; ^ and $ are line starts and
 * ends), and each line's matches are leftmost-first and non-overlapping,
 * of any length, one report each (search-regex.c).  Holes of sparse
 * files are skipped when a text or hex pattern cannot match zero bytes.
 */
#ifndef MMHEX_SEARCH_H
#define MMHEX_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

/* Longest text pattern; search_max_width() of an unbounded regular
 * expression (its matches may be longer). */
#define SEARCH_OVERLAP_MAX (64u * 1024u)

/* Bytes scanned per slice unless search_set_slice() says otherwise. */
#define SEARCH_SLICE_DEFAULT (4u * 1024u * 1024u)

enum search_kind {
	SEARCH_TEXT,		/* the bytes as typed */
	SEARCH_CASELESS,	/* text, ASCII case ignored */
	SEARCH_HEX,		/* hex byte pairs, ?? for any byte */
	SEARCH_REGEX		/* a PCRE2 (Perl) regular expression */
};

enum search_status {
	SEARCH_RUNNING,		/* call search_step() again */
	SEARCH_FOUND,		/* a match; see search_match() */
	SEARCH_NOT_FOUND,	/* the whole file was scanned, no match */
	SEARCH_FAILED,		/* an error; see search_error() */
	SEARCH_COUNTED		/* a count is over; see search_count() */
};

/* What a count (search_count_start) has found so far. */
struct search_count {
	uint64_t matches;	/* match starts counted, each once */
	uint64_t before;	/* ... of them before the offset at */
	int at_known;		/* every start up to at is counted: before
				 * and at_is_match are final */
	int at_is_match;	/* at is a match start */
	int capped;		/* stopped at the cap: matches is a floor */
};

struct search_pattern;
struct search;

/* Return the kind's name for the prompt: "text", "caseless", ... */
const char *search_kind_name(enum search_kind kind);

/*
 * Compile text as a pattern of the given kind.  Returns the pattern, or
 * NULL with *cause set (caller frees) for an empty or bad pattern: odd
 * hex digits, a bad regular expression ("bad regular expression at
 * position N: " and PCRE2's message), one that matches empty, ...
 */
struct search_pattern *search_compile(const char *text, enum search_kind kind,
    char **cause);

/* Free a pattern.  NULL is allowed.  A search that was freed while its
 * workers still scan keeps what they need until they are done. */
void search_pattern_free(struct search_pattern *p);

/* Return the shortest and longest match length (longest is
 * SEARCH_OVERLAP_MAX for an unbounded pattern). */
unsigned search_min_width(const struct search_pattern *p);
unsigned search_max_width(const struct search_pattern *p);

/*
 * Scan the n bytes at buf, which hold file offsets [base, base + n), and
 * call found(start, end, arg) for each match, in order of end offset;
 * found returns non-zero to stop.  Returns 0, or -1 with errno set.
 * Matches are looked for only inside buf; a regular expression takes
 * buf's first byte for a line start.
 */
int search_buffer(struct search_pattern *p, const unsigned char *buf,
    size_t n, uint64_t base,
    int (*found)(uint64_t start, uint64_t end, void *arg), void *arg);

/*
 * Start a search of m for p from offset from: forward finds the first
 * match starting at or after from, backward the last one starting at or
 * before from.  With wrap set, the search goes on from the other end of
 * the file and search_wrapped() says so.  Returns NULL with errno ENOMEM.
 */
struct search *search_start(struct map *m, struct search_pattern *p,
    uint64_t from, int backward, int wrap);

/*
 * Start a count of the match starts of p in m: every start a forward
 * search_start() with wrap visits, one at a time, in a full cycle (so
 * "n" goes through exactly this many places), each counted once.  It is
 * stepped with search_step() like a search, on the same worker threads,
 * and holds no list of matches: only the number of starts, the number
 * before offset at (so at's rank is that plus one) and whether at is a
 * start.  search_step() returns SEARCH_RUNNING, SEARCH_FAILED, or
 * SEARCH_COUNTED once the whole file is counted or, with cap > 0, at
 * least cap starts are (cap 0: no cap).  search_done() tells the
 * progress; search_count() what is counted so far.  The cap is checked
 * as each job (256 KiB of starts or more) is taken, so the count may
 * pass it.  Memory: a regular expression of varying width, which may
 * report a start for several ends, ticks its starts off in a bitmap of
 * one slice (an eighth of its size) per worker.  Returns NULL with
 * errno ENOMEM.
 */
struct search *search_count_start(struct map *m, struct search_pattern *p,
    uint64_t at, uint64_t cap);

/* Fill *c with what the count s has counted so far. */
void search_count(const struct search *s, struct search_count *c);

/* Free a search.  NULL is allowed.  Returns at once, even while a worker
 * waits for the disk: the worker finishes on its own and frees what it
 * holds.  The map and the pattern may be closed and freed right after. */
void search_free(struct search *s);

/* Collect the workers' answers for at most budget bytes (at least one
 * slice's worth when any is ready), starting more work ahead.  Waits for
 * the workers at most about 2 ms, so it may return SEARCH_RUNNING with
 * nothing new done (search_done() unchanged).  SEARCH_FAILED also when
 * the threads cannot be started. */
enum search_status search_step(struct search *s, uint64_t budget);

/* After SEARCH_FOUND: the match's start and length. */
uint64_t search_match(const struct search *s, uint64_t *len);

/* Return whether the search went past an end of the file. */
int search_wrapped(const struct search *s);

/* Return the bytes scanned so far and the bytes to scan in all. */
uint64_t search_done(const struct search *s, uint64_t *total);

/* After SEARCH_FAILED: what went wrong (owned by the search). */
const char *search_error(const struct search *s);

/* Set the slice size (tests use tiny slices to cross boundaries). */
void search_set_slice(struct search *s, uint64_t slice);

/*
 * Call found(start, len, arg) for every match start in m, in ascending
 * order, each start once; found returns non-zero to stop.  slice 0 means
 * SEARCH_SLICE_DEFAULT.  Returns 0, or -1 with *cause set.
 */
int search_all(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg,
    char **cause);

/*
 * search_all(), and where a hole of a sparse file holds a run of
 * consecutive match starts (a pattern that matches zeros, such as hex
 * 00 00), call found_run(first, count, len, arg) once for the count
 * starts first, first + 1, ... (each a match of len bytes) instead of
 * found for each: the hole is not read, and a 64 GiB hole costs one
 * call.  Runs and single matches come in ascending order of start.
 * found_run NULL: found is called for each start.  Returns as
 * search_all().
 */
int search_all_runs(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg),
    int (*found_run)(uint64_t first, uint64_t count, uint64_t len, void *arg),
    void *arg, char **cause);

/* Return the bytes the regular expression engine went through for p so
 * far, all searches together (0 for text and hex): the measure of work
 * that the tests hold to linear growth. */
uint64_t search_work(const struct search_pattern *p);

#endif
