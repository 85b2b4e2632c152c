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

#endif
