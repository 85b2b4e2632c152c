/*
 * search-int.h - what search.c (scanning) and search-pattern.c (compiling
 * patterns, loading Vectorscan) share; not for the rest of the program.
 */
#ifndef MMHEX_SEARCH_INT_H
#define MMHEX_SEARCH_INT_H

#include <hs/hs.h>

#include "search.h"

struct search_pattern {
	hs_database_t *db;
	hs_scratch_t *scratch;
	unsigned min_width;	/* shortest match */
	unsigned max_width;	/* longest match, capped at SEARCH_OVERLAP_MAX */
	int fixed;		/* min_width == max_width: start = end - width */
	int zeros_match;	/* a run of zero bytes holds a match */
	int regex;		/* may hold anchors (^ $ \b): needs context */
	hs_database_t *anchored;	/* regex of varying width: "^(?:re)" */
	hs_database_t *whole;		/* and "^(?:re)\z" */
	hs_scratch_t *anchored_scratch;	/* for both */
	unsigned trail;		/* hex: ?? cut from the end of the expression */
	void *scratch_block;	/* the memory block holding scratch */
	int refs;		/* holders: the caller, running searches */
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

/* Ends reached by the anchored pattern from one start of the buffer. */
struct reach {
	unsigned long long from;	/* the start */
	int valid;			/* ends holds from's answers */
	unsigned char *ends;		/* bit k: [from, from + k) matches */
};

struct scan {
	struct search_pattern *p;
	const unsigned char *buf;
	size_t n;
	uint64_t base;
	int (*found)(uint64_t start, uint64_t end, void *arg);
	void *arg;
	hs_error_t status;
	hs_scratch_t *scratch;	/* NULL: the pattern's own */
	hs_scratch_t *anchored_scratch;	/* NULL: the pattern's own */
	const int *cancel;	/* non-zero: stop at the next match (NULL: none) */
	int have_hint;		/* hint is the last start found */
	unsigned long long hint;
	struct reach reach[2];	/* from the hint's start and the byte before */
	unsigned char *reach_ends;	/* the bitmap being filled */
	int have_prev;		/* prev_end was answered: see search_leftmost */
	unsigned long long prev_end, prev_start;
	unsigned long long same_lo;	/* [same_lo, prev_end): one byte */
};

/* The scanning that search.c does for both kinds of search, and that
 * search-step.c's workers call. */

/* Scan buf as search_buffer() does, with the scratches and cancel flag
 * of with (NULL scratches: the pattern's own; NULL cancel: none). */
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

#endif
