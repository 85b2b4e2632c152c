/*
 * search-int.h - what search.c (scanning) and search-pattern.c (compiling
 * patterns, loading Vectorscan) share; not for the rest of the program.
 */
#ifndef MMHEX_SEARCH_INT_H
#define MMHEX_SEARCH_INT_H

#include <hs/hs.h>

#include "search.h"

struct rx_thread;

struct search_pattern {
	hs_database_t *db;	/* text, hex (a regex: NULL) */
	hs_scratch_t *scratch;
	unsigned min_width;	/* shortest match */
	unsigned max_width;	/* longest match, capped at SEARCH_OVERLAP_MAX */
	int fixed;		/* min_width == max_width: start = end - width */
	int zeros_match;	/* a run of zero bytes holds a match */
	int regex;		/* matched by PCRE2, line by line (search-regex.c) */
	unsigned trail;		/* hex: ?? cut from the end of the expression */
	void *scratch_block;	/* the memory block holding scratch */
	int refs;		/* holders: the caller, running searches */
	/* Regular expressions (search-regex.c): */
	void *code;		/* the PCRE2 pattern (pcre2_code *) */
	int first;		/* the byte every match starts with, or -1 */
	unsigned lookbehind;	/* bytes before a start the match may see */
	int whole_line;		/* \A or \G: a subject must start its line */
	struct rx_thread *own;	/* matching memory for the caller's thread */
	unsigned *words;	/* an alternation of words too big for PCRE2:
				 * each one's length (db: all of them) */
	unsigned words_max;	/* the longest word */
	/* Literals found by their rare bytes (search-lit.c): */
	unsigned char *lit;	/* the bytes, or NULL: Vectorscan finds them */
	unsigned lit_len;
	int lit_caseless;	/* ASCII letters in either case */
	unsigned rare[2];	/* offsets of the two rarest bytes */
	uint64_t work;		/* bytes the engines went through (tests) */
};

/* Take a reference to p (a search's worker threads may outlive the
 * caller's hold); search_pattern_free() drops one. */
void search_pattern_hold(struct search_pattern *p);

/*
 * Vectorscan, loaded on first use by search_compile().  Linking it would
 * load libhs and the C++ runtime, and run their initialisers, at every
 * start of mmhex: that doubled the time to the first screen.
 */
struct search_vs {
	hs_error_t (*alloc_scratch)(const hs_database_t *, hs_scratch_t **);
	hs_error_t (*compile)(const char *, unsigned int, unsigned int,
	    const hs_platform_info_t *, hs_database_t **,
	    hs_compile_error_t **);
	hs_error_t (*expression_info)(const char *, unsigned int,
	    hs_expr_info_t **, hs_compile_error_t **);
	hs_error_t (*free_compile_error)(hs_compile_error_t *);
	hs_error_t (*free_database)(hs_database_t *);
	hs_error_t (*free_scratch)(hs_scratch_t *);
	hs_error_t (*scan)(const hs_database_t *, const char *, unsigned int,
	    unsigned int, hs_scratch_t *, match_event_handler, void *);
	hs_error_t (*set_scratch_allocator)(hs_alloc_t, hs_free_t);
	hs_error_t (*compile_lit_multi)(const char *const *, const unsigned *,
	    const unsigned *, const size_t *, unsigned, unsigned,
	    const hs_platform_info_t *, hs_database_t **,
	    hs_compile_error_t **);	/* NULL: not in this libhs */
	int loaded;
};
extern struct search_vs search_vs;

/* Set *cause (when not NULL) to "what: detail" with detail sanitised. */
void search_cause(char **cause, const char *what, const char *detail);

/* Allocate a scratch for db and note its memory block (main thread only).
 * Returns 0 or -1. */
int search_new_scratch(hs_database_t *db, hs_scratch_t **scratch,
    void **block);

/* Allocate p's scratch and note its block.  Returns 0 or -1. */
int search_alloc_scratch(struct search_pattern *p);

/* Free a scratch that a jump out of search_vs.scan() left in use. */
void search_lose_scratch(hs_scratch_t **scratch, void **block);

/* Free p's scratch after a jump out of search_vs.scan(). */
void search_scratch_lost(struct search_pattern *p);

/* Largest slice: one vs.scan() takes at most UINT_MAX bytes, context
 * included. */
#define SEARCH_SLICE_MAX (1u << 30)

struct scan {
	struct search_pattern *p;
	const unsigned char *buf;
	size_t n;
	uint64_t base;
	int (*found)(uint64_t start, uint64_t end, void *arg);
	void *arg;
	hs_error_t status;
	hs_scratch_t *scratch;	/* NULL: the pattern's own */
	const int *cancel;	/* non-zero: stop at the next match (NULL: none) */
};

/* Choose the literal's two rarest bytes (p->lit set). */
void search_lit_setup(struct search_pattern *p);

/* Report every start of p's literal in sc's buffer, in order, as a
 * Vectorscan scan would (the body of a guarded scan); status in sc. */
int search_lit_scan(struct scan *sc);

/* The scanning that search.c does for both kinds of search, and that
 * search-step.c's workers call. */

/* Scan buf as search_buffer() does, with the scratch and cancel flag
 * of with (NULL scratch: the pattern's own; NULL cancel: none); text
 * and hex only. */
int search_buffer_with(struct search_pattern *p, const unsigned char *buf,
    size_t n, uint64_t base, int (*found)(uint64_t, uint64_t, void *),
    void *arg, const struct scan *with);

/* Run the scan that the struct scan arg describes in place (the body
 * of a guard_run()); its status is left in the struct. */
int search_scan_body(void *arg);

/* Where to start scanning for matches that start at lo or later. */
uint64_t search_left_context(const struct search_pattern *p, uint64_t lo);

/* Where to stop scanning for matches that start before hi. */
uint64_t search_right_context(const struct search_pattern *p, uint64_t hi,
    uint64_t size);

/* The first offset at or after off where a match could start, holes
 * skipped; UINT64_MAX when only holes follow (see search.c). */
uint64_t search_skip_hole(struct search_pattern *p, struct map *m,
    uint64_t off);

/* For a fixed-width pattern that matches zeros, the number of starts
 * from pos on that lie with their whole match in a long hole (0: none,
 * scan as usual); see search.c. */
uint64_t search_hole_run(const struct search_pattern *p, struct map *m,
    uint64_t pos);

/* Where a slice of starts from pos should end (at most hi) so that it
 * stops at the next hole search_hole_run() counts. */
uint64_t search_cut_at_hole(const struct search_pattern *p, struct map *m,
    uint64_t pos, uint64_t hi);

/* Most holes a regex view lays anonymous memory over. */
#define SEARCH_RX_HOLES 4096u

/* List the holes of m of 64 KiB or more, page-aligned [a, z), at most
 * max of them.  Returns how many, or max + 1 when there are more. */
size_t search_rx_holes(struct map *m, uint64_t (*list)[2], size_t max);

/* Map size bytes of fd (prot, flags as for mmap) with the listed holes
 * as anonymous memory (the zero page): a regex view that never reads
 * the file's holes.  Returns the view or NULL with errno set. */
unsigned char *search_rx_map(int fd, uint64_t size, int prot, int flags,
    const uint64_t (*holes)[2], size_t nholes);

/* ---- regular expressions (search-regex.c) ---- */

/* Matching memory of one thread: PCRE2's match data, JIT stack and
 * limits (a jump out of a match, SIGBUS, leaves it usable). */
struct rx_thread;

/* Compile text as a regular expression into p (PCRE2) and set p's
 * widths (from Vectorscan when it reads the pattern).  Returns 0, or -1
 * with *cause set. */
int search_regex_compile(struct search_pattern *p, const char *text,
    char **cause);

/* Free what search_regex_compile() made. */
void search_regex_free(struct search_pattern *p);

/* Make a thread's matching memory for p (on the caller's thread: see
 * search_new_scratch()).  Returns NULL when out of memory. */
struct rx_thread *search_rx_thread_new(const struct search_pattern *p);

/* Free a thread's matching memory.  NULL is allowed. */
void search_rx_thread_free(struct rx_thread *t);

#define RX_NONE UINT64_MAX

/*
 * A pass over a view of the file: the matches of a regular expression,
 * line by line, each leftmost-first and non-overlapping, as one pass
 * from the first line would find them (see search-regex.c).  The cursor
 * (pos, line) may be carried from one call to the next.
 */
struct rx_run {
	struct search_pattern *p;
	struct rx_thread *t;
	const unsigned char *buf;	/* the view */
	uint64_t n;			/* its length */
	uint64_t base;			/* the file offset of buf[0] */
	int (*found)(uint64_t start, uint64_t end, void *arg);
	void *arg;			/* file offsets to found */
	const int *cancel;		/* non-zero: stop (NULL: none) */
	uint64_t pos;		/* the next start looked at: no match started
				 * before it reaches past it */
	uint64_t line;		/* the start of pos's line */
	uint64_t line_end;	/* its newline (or n), RX_NONE: not looked for */
	uint64_t matches;	/* matches reported so far */
	uint64_t work;		/* bytes the engines went through */
	int stopped;		/* found returned non-zero */
	char error[200];	/* after -1 */
};

/* Set up r over view [buf, buf + n), holding file offsets base on, with
 * the cursor at pos, whose line starts at line. */
void search_rx_init(struct rx_run *r, struct search_pattern *p,
    struct rx_thread *t, const unsigned char *buf, uint64_t n, uint64_t base,
    uint64_t pos, uint64_t line);

/* Report the matches of the lines that start before hi (offsets in the
 * view), the last of them to its end, or until max_matches more have
 * been reported (then the cursor says where to go on).  Returns 0 (done,
 * or paused: r->pos < hi and its line starts before hi), 1 when found
 * said stop, -1 with r->error set. */
int search_rx_lines(struct rx_run *r, uint64_t hi, uint64_t max_matches);

/* Return the start of the line holding off in the view (memrchr). */
uint64_t search_rx_line_start(const unsigned char *buf, uint64_t off);

/* Return the first line start at or after off (n when none). */
uint64_t search_rx_next_line(const unsigned char *buf, uint64_t n,
    uint64_t off);

#endif
