/*
 * search-pattern.c - turn what the user typed into a Vectorscan database.
 *
 * Text and hex bytes become one Vectorscan expression, as \xNN escapes
 * (hex wildcards as '.' with DOTALL); being of fixed width, a match's
 * start is its end minus the width.  Regular expressions are PCRE2's,
 * with a Vectorscan prefilter (search-regex.c).  Vectorscan itself is
 * opened here, with dlopen(), on first use.
 */
#include <dlfcn.h>
#include <errno.h>
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "hexdigit.h"
#include "sanitize.h"
#include "search.h"
#include "search-int.h"

const char *
search_kind_name(enum search_kind kind)
{
	switch (kind) {
	case SEARCH_TEXT:
		return "text";
	case SEARCH_CASELESS:
		return "caseless";
	case SEARCH_HEX:
		return "hex";
	case SEARCH_REGEX:
		return "regex";
	}
	return "?";
}

/* Set *cause to "what: detail" with detail sanitised. */
void
search_cause(char **cause, const char *what, const char *detail)
{
	char *clean;

	if (cause == NULL)
		return;
	clean = sanitize_string(detail != NULL ? detail : "");
	if (clean != NULL && *clean != '\0')
		errmsg_set(cause, errno, "%s: %s", what, clean);
	else
		errmsg_set(cause, errno, "%s", what);
	free(clean);
}

/* Vectorscan's functions, once search_load() found them. */
struct search_vs search_vs;

/* Open libhs and find its functions.  Returns 0, or -1 with *cause set. */
static int
search_load(char **cause)
{
	static const char *const names[] = { HS_SONAME, "libhs.so" };
	void *lib = NULL;
	size_t i;

	if (search_vs.loaded)
		return 0;
	for (i = 0; i < sizeof names / sizeof names[0] && lib == NULL; i++)
		lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		search_cause(cause, "cannot load Vectorscan (libvectorscan5)",
		    dlerror());
		return -1;
	}
	/* POSIX: a function pointer travels through dlsym's void *. */
	*(void **)&search_vs.alloc_scratch = dlsym(lib, "hs_alloc_scratch");
	*(void **)&search_vs.compile = dlsym(lib, "hs_compile");
	*(void **)&search_vs.expression_info = dlsym(lib, "hs_expression_info");
	*(void **)&search_vs.free_compile_error = dlsym(lib,
	    "hs_free_compile_error");
	*(void **)&search_vs.free_database = dlsym(lib, "hs_free_database");
	*(void **)&search_vs.free_scratch = dlsym(lib, "hs_free_scratch");
	*(void **)&search_vs.scan = dlsym(lib, "hs_scan");
	*(void **)&search_vs.set_scratch_allocator = dlsym(lib,
	    "hs_set_scratch_allocator");
	*(void **)&search_vs.compile_lit_multi = dlsym(lib,
	    "hs_compile_lit_multi");
	if (search_vs.alloc_scratch == NULL || search_vs.compile == NULL ||
	    search_vs.expression_info == NULL ||
	    search_vs.free_compile_error == NULL ||
	    search_vs.free_database == NULL || search_vs.free_scratch == NULL ||
	    search_vs.scan == NULL || search_vs.set_scratch_allocator == NULL) {
		search_cause(cause, "Vectorscan lacks a function", dlerror());
		dlclose(lib);
		return -1;
	}
	search_vs.loaded = 1;
	return 0;
}

/* Append "\xNN" for byte to out. */
static char *
search_escape(char *out, unsigned char byte)
{
	static const char digits[] = "0123456789abcdef";

	*out++ = '\\';
	*out++ = 'x';
	*out++ = digits[byte >> 4];
	*out++ = digits[byte & 0xf];
	return out;
}

/*
 * Turn a hex pattern into an expression: pairs of hex digits or "??",
 * blanks allowed between bytes.  Returns the expression (caller frees),
 * its width, and how many ?? were cut from its end, or NULL with *cause
 * set.  Wildcards at either end are cut (when a byte remains): Vectorscan
 * 5.4.9 misses most matches of one byte next to wildcards ("7f ??") past
 * the first 64 bytes of a buffer, and the cut ones only say how much room
 * the match needs, which search_on_match() checks.
 */
static char *
search_hex_expr(const char *text, unsigned *width, unsigned *trail,
    char **cause)
{
	char *expr, *out;
	const char *s = text;
	size_t lead, len;
	int hi, lo;

	if ((expr = malloc(strlen(text) * 2 + 1)) == NULL) {
		search_cause(cause, "out of memory", NULL);
		return NULL;
	}
	out = expr;
	*width = 0;
	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == ',') {
			s++;
			continue;
		}
		if (s[0] == '?' && s[1] == '?') {
			*out++ = '.';
			s += 2;
		} else {
			hi = hexdigit_value(s[0]);
			lo = hi < 0 ? -1 : hexdigit_value(s[1]);
			if (hi < 0 || lo < 0) {
				search_cause(cause, hi < 0 ? "bad hex byte at" :
				    "odd number of hex digits at", s);
				free(expr);
				return NULL;
			}
			out = search_escape(out, (unsigned char)(hi << 4 | lo));
			s += 2;
		}
		(*width)++;
	}
	*out = '\0';
	if (*width == 0) {
		search_cause(cause, "empty pattern", NULL);
		free(expr);
		return NULL;
	}
	/* Each byte is "\xNN" and each wildcard ".", so the dots at the
	 * ends are wildcards. */
	len = strlen(expr);
	lead = strspn(expr, ".");
	*trail = 0;
	if (lead < len) {
		while (expr[len - 1] == '.') {
			len--;
			(*trail)++;
		}
		memmove(expr, expr + lead, len - lead);
		expr[len - lead] = '\0';
	}
	return expr;
}

/* Literals longer than this are not Vectorscan's (it refuses an
 * expression of about 4000 escaped bytes). */
#define SEARCH_VS_LIT_MAX 1024u

/* Return whether a literal of len bytes is found by its rare bytes
 * (search-lit.c) rather than by Vectorscan. */
static int
search_lit_wanted(size_t len)
{
	/* Measured (doc/design.md): as fast as Vectorscan's literal
	 * matcher or faster from two bytes on. */
	return len >= 2;
}

/* Take the bytes of a literal expression (all "\xNN", no wildcard) into
 * p->lit for search-lit.c.  Returns 0, or -1 when out of memory. */
static int
search_lit_take(struct search_pattern *p, const char *expr, int caseless)
{
	size_t n = strlen(expr) / 4, i;

	if ((p->lit = malloc(n)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		p->lit[i] = (unsigned char)(hexdigit_value(expr[4 * i + 2]) << 4 |
		    hexdigit_value(expr[4 * i + 3]));
	p->lit_len = (unsigned)n;
	p->lit_caseless = caseless;
	search_lit_setup(p);
	return 0;
}

/* Turn text into an expression matching its bytes literally. */
static char *
search_text_expr(const char *text, unsigned *width, char **cause)
{
	size_t len = strlen(text), i;
	char *expr, *out;

	if (len == 0) {
		search_cause(cause, "empty pattern", NULL);
		return NULL;
	}
	if (len > SEARCH_OVERLAP_MAX) {
		search_cause(cause, "pattern too long", NULL);
		return NULL;
	}
	if ((expr = malloc(len * 4 + 1)) == NULL) {
		search_cause(cause, "out of memory", NULL);
		return NULL;
	}
	out = expr;
	for (i = 0; i < len; i++)
		out = search_escape(out, (unsigned char)text[i]);
	*out = '\0';
	*width = (unsigned)len;
	return expr;
}

/*
 * Scratch memory.  A jump out of search_vs.scan() (SIGBUS) leaves the
 * scratch marked in use, and search_vs.free_scratch() then refuses to free
 * it; so the scratch comes from this allocator, which remembers the last
 * block it handed out (search_vs.alloc_scratch() allocates the scratch's
 * one block last), and search_scratch_lost() frees that block itself.
 */
static void *search_last_block;

/* Allocate n bytes of scratch memory for Vectorscan. */
static void *
search_block_alloc(size_t n)
{
	search_last_block = malloc(n);
	return search_last_block;
}

/* Allocate a scratch for db and note its block (called from the main
 * thread only: search_last_block is shared).  Returns 0 or -1. */
int
search_new_scratch(hs_database_t *db, hs_scratch_t **scratch, void **block)
{
	static int installed;

	if (!installed) {
		if (search_vs.set_scratch_allocator(search_block_alloc, free) !=
		    HS_SUCCESS)
			return -1;
		installed = 1;
	}
	search_last_block = NULL;
	*scratch = NULL;
	if (search_vs.alloc_scratch(db, scratch) != HS_SUCCESS)
		return -1;
	*block = search_last_block;
	return 0;
}

/* Allocate p's scratch and note its block.  Returns 0 or -1. */
int
search_alloc_scratch(struct search_pattern *p)
{
	return search_new_scratch(p->db, &p->scratch, &p->scratch_block);
}

/* Free a scratch that a jump out of search_vs.scan() left in use. */
void
search_lose_scratch(hs_scratch_t **scratch, void **block)
{
	uintptr_t at = (uintptr_t)*scratch, from = (uintptr_t)*block;

	/* The scratch is its block rounded up to 64 bytes; if that does not
	 * hold, leaking it is safer than a wrong free. */
	if (from != 0 && at >= from && at - from < 64)
		free(*block);
	*scratch = NULL;
	*block = NULL;
}

/* Free p's scratch after a jump out of search_vs.scan(). */
void
search_scratch_lost(struct search_pattern *p)
{
	search_lose_scratch(&p->scratch, &p->scratch_block);
}

/* Note any match at all. */
static int
search_any(uint64_t start, uint64_t end, void *arg)
{
	(void)start;
	(void)end;
	*(int *)arg = 1;
	return 1;
}

/* Return whether p matches inside a run of zero bytes (a file's hole). */
static int
search_matches_zeros(struct search_pattern *p)
{
	unsigned char *zeros;
	size_t n = 2 * (size_t)p->max_width + 2;
	int any = 0;

	if ((zeros = calloc(1, n)) == NULL)
		return 1;	/* cannot tell: never skip */
	if (search_buffer(p, zeros, n, 0, search_any, &any) == -1)
		any = 1;
	free(zeros);
	return any;
}

struct search_pattern *
search_compile(const char *text, enum search_kind kind, char **cause)
{
	struct search_pattern *p = NULL;
	hs_compile_error_t *err = NULL;
	unsigned flags = HS_FLAG_DOTALL, width = 0;
	char *expr = NULL;
	unsigned trail = 0;

	if (cause != NULL)
		*cause = NULL;
	if (search_load(cause) == -1)
		return NULL;
	switch (kind) {
	case SEARCH_TEXT:
	case SEARCH_CASELESS:
		expr = search_text_expr(text, &width, cause);
		if (kind == SEARCH_CASELESS)
			flags |= HS_FLAG_CASELESS;
		break;
	case SEARCH_HEX:
		expr = search_hex_expr(text, &width, &trail, cause);
		break;
	case SEARCH_REGEX:
		if (text[0] == '\0') {
			search_cause(cause, "empty pattern", NULL);
			return NULL;
		}
		expr = strdup(text);
		if (expr == NULL)
			search_cause(cause, "out of memory", NULL);
		break;
	}
	if (expr == NULL)
		return NULL;
	if ((p = calloc(1, sizeof *p)) == NULL) {
		search_cause(cause, "out of memory", NULL);
		goto fail;
	}
	p->refs = 1;

	if (kind == SEARCH_REGEX) {
		p->regex = 1;
		if (search_regex_compile(p, expr, cause) == -1)
			goto fail;
		free(expr);
		p->zeros_match = search_matches_zeros(p);
		return p;
	}
	p->min_width = p->max_width = width;
	p->fixed = 1;
	p->trail = trail;
	if (strchr(expr, '.') == NULL && strlen(expr) == 4 * (size_t)width &&
	    search_lit_wanted(width)) {
		/* Found by its rare bytes: Vectorscan's database (of a
		 * piece) only gives the scratch the scans expect. */
		if (search_lit_take(p, expr, kind == SEARCH_CASELESS) == -1) {
			search_cause(cause, "out of memory", NULL);
			goto fail;
		}
		if (strlen(expr) > 4 * 64)
			expr[4 * 64] = '\0';
	} else if (width > SEARCH_VS_LIT_MAX) {
		search_cause(cause, "pattern too long", "hex with ?? is at "
		    "most 1024 bytes");
		goto fail;
	}

	if (search_vs.compile(expr, flags, HS_MODE_BLOCK, NULL, &p->db, &err) !=
	    HS_SUCCESS) {
		search_cause(cause, "cannot compile the pattern",
		    err != NULL ? err->message : NULL);
		goto fail;
	}
	if (search_alloc_scratch(p) == -1) {
		search_cause(cause, "out of memory", NULL);
		goto fail;
	}
	free(expr);
	p->zeros_match = search_matches_zeros(p);
	return p;
fail:
	if (err != NULL)
		search_vs.free_compile_error(err);
	free(expr);
	search_pattern_free(p);
	return NULL;
}

void
search_pattern_hold(struct search_pattern *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
}

void
search_pattern_free(struct search_pattern *p)
{
	if (p == NULL)
		return;
	/* The last holder frees: a search's workers may still scan. */
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (p->regex)
		search_regex_free(p);
	if (p->scratch != NULL)
		search_vs.free_scratch(p->scratch);
	if (p->db != NULL)
		search_vs.free_database(p->db);
	free(p->lit);
	free(p);
}

unsigned
search_min_width(const struct search_pattern *p)
{
	return p->min_width;
}

unsigned
search_max_width(const struct search_pattern *p)
{
	return p->max_width;
}

uint64_t
search_work(const struct search_pattern *p)
{
	return __atomic_load_n(&p->work, __ATOMIC_RELAXED);
}
