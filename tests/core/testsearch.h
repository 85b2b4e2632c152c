/*
 * testsearch.h - what the search suites share: a reference scan that
 * the engine's answers are checked against, random files over a small
 * alphabet, and wrappers that fail the test when the engine does.
 */
#ifndef MMHEX_TESTSEARCH_H
#define MMHEX_TESTSEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"
#include "search.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define GIB (1024ull * 1024u * 1024u)

/* Longest pattern the reference takes. */
#define REF_MAX 64

/* A pattern as the reference scan reads it. */
struct ref {
	unsigned char bytes[REF_MAX];
	unsigned char any[REF_MAX];	/* 1: a ?? wildcard */
	size_t len;
	int caseless;
};

/* A pattern with its kind. */
struct pattern {
	enum search_kind kind;
	const char *text;
};

/* Match starts (and lengths) collected from the engine. */
struct starts {
	uint64_t *start;
	uint64_t *len;
	size_t count, room;
	struct map *truncate_map;	/* shrink this file at the first match */
	const char *truncate_path;
	uint64_t truncate_to;
};

/* Seed the test's random numbers. */
void rng_seed(uint64_t seed);

/* Return the next random number (xorshift64*). */
uint64_t rng_next(void);

/* Return c in lower case (ASCII only, as the engine folds). */
unsigned char ascii_lower(unsigned char c);

/* Return the value of a hex digit, or -1. */
int ref_hexval(char c);

/* Read a pattern the reference way; the test pattern must be valid. */
void ref_parse(const struct pattern *pat, struct ref *r);

/* Return whether r matches the n bytes at buf at offset i. */
int ref_match_at(const struct ref *r, const unsigned char *buf, size_t n,
    size_t i);

/* Store every start of r in buf into starts (room for n); return count. */
size_t ref_scan(const struct ref *r, const unsigned char *buf, size_t n,
    uint64_t *starts);

/* Write a match of r at offset off of buf (wildcards keep their byte). */
void ref_plant(const struct ref *r, unsigned char *buf, size_t n, size_t off);

/* Fill n bytes at buf with random bytes of the alphabet. */
void fill_random(unsigned char *buf, size_t n);

/* Compile text as kind, failing the test (with the cause) if it fails. */
struct search_pattern *compile_ok(const char *text, enum search_kind kind);

/* Open path read-only, failing the test if it does not open. */
struct map *open_ok(const char *path, enum map_mode mode);

/* Collect one match of search_all() or search_buffer(). */
int collect(uint64_t start, uint64_t len, void *arg);

/* Free what collect() gathered and start again. */
void starts_reset(struct starts *st);

/* Run search_all and collect its matches into st (reset first). */
void all_ok(struct map *m, struct search_pattern *p, uint64_t slice,
    struct starts *st);

/* Fail unless st holds exactly the want starts, each with length len
 * (len 0: any). */
void assert_starts(const struct starts *st, const uint64_t *want, size_t nwant,
    uint64_t len, const char *what);

/*
 * What search_start(from, backward, wrap) must find given the sorted
 * starts of every match: returns 1 and sets *match and *wrapped, or 0.
 */
int expect_step(const uint64_t *all, size_t n, uint64_t size, uint64_t from,
    int backward, int wrap, uint64_t *match, int *wrapped);

/*
 * Run one search to its end with the given slice (0: the default) and
 * budget, checking progress on the way; returns the final status and
 * the match.
 */
enum search_status run_search(struct map *m, struct search_pattern *p, uint64_t from,
    int backward, int wrap, uint64_t slice, uint64_t budget,
    uint64_t *match, uint64_t *len, int *wrapped);

/* Check every (from, direction, wrap, slice, budget) search of m for p
 * against the sorted starts all; fixed-width patterns give width. */
void check_steps(struct map *m, struct search_pattern *p, const uint64_t *all,
    size_t n, unsigned width, const char *what);

#endif
