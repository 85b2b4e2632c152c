/*
 * search.c - find patterns in a mapped file with Vectorscan.
 *
 * Patterns are compiled in search-pattern.c.  Patterns of fixed width need
 * no start-of-match tracking: the start is the end minus the width.  For
 * the others, the start of each match is found afterwards with an
 * anchored copy of the pattern (see search_leftmost(); Vectorscan's own
 * start-of-match tracking aborts on some patterns in the 5.4.9 that Debian
 * ships).
 *
 * A search walks the file in slices.  A phase is a range of possible
 * match starts [lo, hi); a forward search takes slices from lo upwards
 * and keeps the smallest start in a slice, a backward search takes them
 * from hi downwards and keeps the largest.  Each slice is scanned with
 * the max_width - 1 bytes that follow it, so a match crossing into the
 * next slice is seen whole (regular expressions get max_width bytes
 * before and two more after, so that leftmost starts and anchors do not
 * depend on the slicing).  With wrap, a second phase covers the rest of
 * the file.
 *
 * A stepped search (search_start/search_step) scans on worker threads of
 * its own (struct engine), each mapping its job through its own
 * descriptor: the caller's thread never faults the file.  search_all()
 * scans slices in place in the front end's mapping under guard_run(),
 * two at a time: the caller the lower one, a helper thread (struct
 * helper) the upper one; the helper only reads the map, and faults are
 * dealt with by the caller afterwards.  If the file shrinks under a
 * scan, the jump out of Vectorscan leaves its scratch marked as in use,
 * so the scratch's memory is freed by hand and a new one allocated
 * before the slice is tried again against the new size.  Regexes of
 * varying width scan a copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "search.h"
#include "search-int.h"

/* Largest slice: one vs.scan() takes at most UINT_MAX bytes, context
 * included. */
#define SEARCH_SLICE_MAX (1u << 30)

/* Widest pattern whose match starts are found by trying every start. */
#define SEARCH_PROBE_EXACT 256

/* Smallest half of a slice that the helper thread scans (search_map_pair):
 * small enough that the tests' small slices use it too. */
#define SEARCH_SPLIT_MIN 2048u

struct helper;
struct engine;

struct search {
	struct map *m;
	struct search_pattern *p;
	int backward;
	int wrap;
	int phase;		/* 0: from the origin on, 1: wrapped */
	uint64_t from;		/* the origin */
	uint64_t lo, hi;	/* starts this phase may find: [lo, hi) */
	uint64_t pos;		/* forward: next slice start; backward: end */
	uint64_t slice;		/* starts per slice */
	uint64_t done;		/* starts covered so far */
	uint64_t total;		/* starts to cover in all */
	uint64_t match;		/* after SEARCH_FOUND */
	uint64_t match_len;
	int wrapped;
	uint64_t plan;		/* where the next job's starts begin (forward)
				 * or end (backward) */
	struct engine *engine;	/* the worker threads, once started */
	char error[256];
};

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

/* Note that the pattern matched all of the bytes scanned. */
static int
search_on_whole(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	int *matched = ctx;

	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	*matched = 1;
	return 1;	/* one is all there can be */
}

/* Return whether "^(?:re)\z" matches [s, end) of the scanned bytes. */
static int
search_starts_at(struct scan *sc, unsigned long long s, unsigned long long end)
{
	const struct search_pattern *p = sc->p;
	int matched = 0;

	search_vs.scan(p->whole, (const char *)sc->buf + s,
	    (unsigned int)(end - s), 0, sc->anchored_scratch != NULL ?
	    sc->anchored_scratch : p->anchored_scratch, search_on_whole,
	    &matched);
	return matched;
}

/* Note an end reached from the start of a reach. */
static int
search_on_reach(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	struct scan *sc = ctx;
	unsigned char *ends = sc->reach_ends;

	(void)id;
	(void)from;
	(void)flags;
	ends[to / 8] |= (unsigned char)(1u << (to % 8));
	return 0;
}

/* Fill r with every end the anchored pattern reaches from start from,
 * up to max_width bytes on, with one scan.  Returns 0 or -1. */
static int
search_reach(struct scan *sc, struct reach *r, unsigned long long from)
{
	const struct search_pattern *p = sc->p;
	size_t bytes = p->max_width / 8 + 1;
	unsigned long long span = sc->n - from;

	if (r->valid && r->from == from)
		return 0;
	if (r->ends == NULL && (r->ends = malloc(bytes)) == NULL)
		return -1;
	memset(r->ends, 0, bytes);
	if (span > p->max_width)
		span = p->max_width;
	sc->reach_ends = r->ends;
	search_vs.scan(p->anchored, (const char *)sc->buf + from,
	    (unsigned int)span, 0, sc->anchored_scratch != NULL ?
	    sc->anchored_scratch : p->anchored_scratch, search_on_reach, sc);
	r->from = from;
	r->valid = 1;
	return 0;
}

/* Return whether end lies among the ends of r. */
static int
search_reach_has(const struct search_pattern *p, const struct reach *r,
    unsigned long long end)
{
	unsigned long long k = end - r->from;

	return end > r->from && k <= p->max_width &&
	    (r->ends[k / 8] >> (k % 8) & 1);
}

/*
 * Try the start found for the previous end: the run of starts that
 * reaches it usually reaches the next ends too (a+, [a-z]+, .*x), so two
 * bitmaps made once per run answer each end in constant time.  Returns
 * the start, or end itself when the hint does not hold.
 */
static unsigned long long
search_try_hint(struct scan *sc, unsigned long long end, unsigned long long lo,
    unsigned long long last)
{
	const struct search_pattern *p = sc->p;
	unsigned long long h;

	if (!sc->have_hint)
		return end;
	h = sc->hint > lo ? sc->hint : lo;
	/* A match longer than max_width one end ago: is it still?  One
	 * check of the whole window, as the window moves at every end. */
	if (h == lo && h <= last)
		return search_starts_at(sc, h, end) ? h : end;
	if (h > last || search_reach(sc, &sc->reach[0], h) == -1 ||
	    !search_reach_has(p, &sc->reach[0], end))
		return end;
	if (search_reach(sc, &sc->reach[1], h - 1) == -1 ||
	    search_reach_has(p, &sc->reach[1], end))
		return end;	/* the run goes on left: not its edge */
	return h;
}

/*
 * Return the leftmost start of a match ending at end (an offset in the
 * scanned bytes) of a pattern of varying width.  Short patterns (at most
 * SEARCH_PROBE_EXACT bytes) try every start from max_width back; that is
 * exact.  Longer ones find the start nearest the end, then the left edge
 * of its run of starts by galloping left and bisecting, so the cost
 * follows the logarithm of the match's length, not max_width; the start
 * found for one end is tried first for the next.  Exact whenever a
 * pattern's starts for one end are contiguous (a+b, [a-z]+, .*x), which
 * covers ordinary patterns; otherwise it is the left edge of a run.
 */
static uint64_t
search_leftmost_probe(struct scan *sc, unsigned long long end)
{
	const struct search_pattern *p = sc->p;
	unsigned long long s, last, lo, good, bad, step;

	last = end - p->min_width;
	lo = end > p->max_width ? end - p->max_width : 0;
	if (p->max_width <= SEARCH_PROBE_EXACT) {
		for (s = lo; s <= last; s++) {
			if (search_starts_at(sc, s, end))
				return s;
		}
		return last;
	}
	if ((s = search_try_hint(sc, end, lo, last)) != end)
		return s;
	/* The start nearest the end. */
	good = last;
	while (!search_starts_at(sc, good, end)) {
		if (good == lo)
			return last;	/* no start: not a real match */
		good--;
	}
	/* Gallop left while starts match, then bisect (bad, good]. */
	bad = good;	/* no start that fails seen yet */
	for (step = 1; good > lo && bad == good; step *= 2) {
		s = good - lo > step ? good - step : lo;
		if (search_starts_at(sc, s, end))
			good = bad = s;
		else
			bad = s;
	}
	while (bad < good && good - bad > 1) {
		s = bad + (good - bad) / 2;
		if (search_starts_at(sc, s, end))
			good = s;
		else
			bad = s;
	}
	sc->hint = good;
	sc->have_hint = 1;
	return good;
}

/* Note in sc->same_lo where the run of one repeated byte that ends at
 * end - 1 begins, looking back no further than one byte past
 * max_width: only whether it reaches there matters. */
static void
search_track_run(struct scan *sc, unsigned long long end)
{
	unsigned long long s, stop;
	unsigned char c = sc->buf[end - 1];

	if (sc->have_prev && end == sc->prev_end + 1) {
		if (c != sc->buf[end - 2])
			sc->same_lo = end - 1;
		return;
	}
	stop = end > sc->p->max_width + 1 ? end - sc->p->max_width - 1 : 0;
	for (s = end - 1; s > stop && sc->buf[s - 1] == c; s--)
		;
	sc->same_lo = s;
}

/*
 * The leftmost start of a match ending at end: see
 * search_leftmost_probe().  A match longer than max_width is taken to
 * start max_width back, and finding out whether it does costs a scan of
 * max_width bytes for every end.  In a run of one repeated byte longer
 * than that (a+ on 1 MB of a, \x00+ on zeros) the window of end is the
 * previous end's window moved one byte on, and holds the same bytes, so
 * its answer is the previous one moved one byte on, at no cost.
 */
static uint64_t
search_leftmost(struct scan *sc, unsigned long long end)
{
	const struct search_pattern *p = sc->p;
	uint64_t s;

	search_track_run(sc, end);
	if (end > p->max_width && sc->have_prev && end == sc->prev_end + 1 &&
	    sc->same_lo < end - p->max_width)
		s = sc->prev_start + 1;
	else
		s = search_leftmost_probe(sc, end);
	sc->have_prev = 1;
	sc->prev_end = end;
	sc->prev_start = s;
	return s;
}

/* Pass one Vectorscan match on as file offsets. */
static int
search_on_match(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	struct scan *sc = ctx;
	uint64_t start, end = to;

	(void)id;
	(void)flags;
	if (sc->p->fixed) {
		end = to + sc->p->trail;
		if (end > sc->n || end < sc->p->min_width)
			return 0;	/* a cut ?? lies outside the buffer */
		start = end - sc->p->min_width;
	} else {
		/* Finding starts can be slow: a cancelled search stops. */
		if (sc->cancel != NULL &&
		    __atomic_load_n(sc->cancel, __ATOMIC_RELAXED))
			return 1;
		start = search_leftmost(sc, to);
	}
	(void)from;
	return sc->found(sc->base + start, sc->base + end, sc->arg);
}

/* Run the scan described by arg (the body of a guarded scan). */
static int
search_scan_body(void *arg)
{
	struct scan *sc = arg;

	sc->status = search_vs.scan(sc->p->db, (const char *)sc->buf,
	    (unsigned int)sc->n, 0, sc->scratch != NULL ? sc->scratch :
	    sc->p->scratch, search_on_match, sc);
	return 0;
}

/* Scan buf as search_buffer() does, with the given scratches (NULL:
 * the pattern's own) and cancel flag (NULL: none). */
static int
search_buffer_with(struct search_pattern *p, const unsigned char *buf,
    size_t n, uint64_t base, int (*found)(uint64_t, uint64_t, void *),
    void *arg, const struct scan *with)
{
	struct scan sc;

	if (n == 0)
		return 0;
	if (n > UINT_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(&sc, 0, sizeof sc);
	sc.p = p;
	sc.buf = buf;
	sc.n = n;
	sc.base = base;
	sc.found = found;
	sc.arg = arg;
	if (with != NULL) {
		sc.scratch = with->scratch;
		sc.anchored_scratch = with->anchored_scratch;
		sc.cancel = with->cancel;
	}
	search_scan_body(&sc);
	free(sc.reach[0].ends);
	free(sc.reach[1].ends);
	if (sc.status != HS_SUCCESS && sc.status != HS_SCAN_TERMINATED) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
search_buffer(struct search_pattern *p, const unsigned char *buf, size_t n,
    uint64_t base, int (*found)(uint64_t start, uint64_t end, void *arg),
    void *arg)
{
	return search_buffer_with(p, buf, n, base, found, arg, NULL);
}

/*
 * Scan a copy of [off, off + n): patterns whose starts are found with a
 * second scan (search_leftmost) run outside the SIGBUS guard, since a
 * jump out of two nested scans would strand both scratches.  Returns as
 * search_map_range().
 */
static int
search_copy_range(struct search_pattern *p, struct map *m, uint64_t off,
    size_t n, int (*found)(uint64_t, uint64_t, void *), void *arg)
{
	unsigned char *copy;
	uint64_t size = map_size(m);
	ssize_t got;
	int r = 0;

	if ((copy = malloc(n)) == NULL)
		return -1;
	got = map_read(m, off, copy, n);
	if (got < 0)
		r = -1;
	else if (map_size(m) != size)
		r = 1;		/* shrank under the copy: re-plan */
	else if (search_buffer_with(p, copy, (size_t)got, off, found, arg,
	    NULL) == -1)
		r = -1;
	free(copy);
	if (r == 0)
		map_release(m, off, n);	/* keeps -c's private pages */
	return r;
}

/*
 * Scan [off, off + n), which holds a hole, from a copy in fresh anonymous
 * memory: the data is copied in, the holes are left as the zero page, so
 * neither the file (a read fault in a tmpfs hole allocates a page) nor
 * the process grows by the hole.  Returns 0, or -1 when the copy faulted
 * or the file now ends inside the range.
 */
static int
search_holes(struct map *m, struct scan *sc, uint64_t off, size_t n)
{
	void *copy;
	int r = -1;

	copy = mmap(NULL, n, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (copy == MAP_FAILED) {
		sc->status = HS_NOMEM;	/* not a fault: reported as EIO */
		return 0;
	}
	if (map_copy(m, off, copy, n, 1) == 0) {
		sc->buf = copy;
		sc->n = n;
		sc->base = off;
		search_scan_body(sc);
		map_release(m, off, n);		/* keeps -c's private pages */
		r = 0;
	}
	munmap(copy, n);
	return r;
}

/* Scan [off, off + n) of the mapping in place with sc, which says what
 * to do with the matches; a range with a hole is scanned from a copy
 * (search_holes()).  Returns 0, or -1 after a SIGBUS. */
static int
search_in_place(struct map *m, struct scan *sc, uint64_t off, size_t n)
{
	int hole;

	if (map_extent(m, off, off + n, &hole) < off + n || hole)
		return search_holes(m, sc, off, n);
	sc->buf = map_bytes(m, off);
	sc->n = n;
	sc->base = off;
	map_populate(m, off, n);
	if (guard_run(sc->buf, n, search_scan_body, sc) == -1)
		return -1;
	if (sc->status == HS_SUCCESS || sc->status == HS_SCAN_TERMINATED)
		map_release(m, off, n);		/* keeps -c's private pages */
	return 0;
}

/* After a SIGBUS: re-measure the file.  Returns 1 when its size changed
 * (the caller re-plans), or -1. */
static int
search_faulted(struct map *m, uint64_t size)
{
	if (map_refresh(m) == -1)
		return -1;
	return map_size(m) != size ? 1 : -1;
}

/*
 * Scan [off, off + n) of the mapping in place.  Returns 0, 1 when the
 * file changed size under the scan (the caller re-plans), or -1.
 */
static int
search_map_range(struct search_pattern *p, struct map *m, uint64_t off,
    size_t n, int (*found)(uint64_t, uint64_t, void *), void *arg)
{
	struct scan sc = { .p = p, .found = found, .arg = arg,
	    .status = HS_SUCCESS };
	uint64_t size = map_size(m);

	if (n == 0)
		return 0;
	if (p->anchored != NULL)
		return search_copy_range(p, m, off, n, found, arg);
	if (search_in_place(m, &sc, off, n) == -1) {
		/* Vectorscan was left mid-scan: its scratch is unusable. */
		search_scratch_lost(p);
		if (search_alloc_scratch(p) == -1)
			return -1;
		return search_faulted(m, size);
	}
	if (sc.status != HS_SUCCESS && sc.status != HS_SCAN_TERMINATED) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/*
 * Return where to start scanning for matches that start at lo or later.
 * A regular expression's leftmost start depends on the bytes before it
 * ("a+" ending at 4 in "aaaa" starts at 0, not at 2), and its anchors
 * ("^", "\b") see the start of the scanned bytes as the start of the
 * data, so the scan begins max_width bytes early: a false match at the
 * start of the scan then ends at lo at the latest and starts before lo,
 * where it is not kept.  That makes the starts found independent of
 * where the slices fall.
 */
static uint64_t
search_left_context(const struct search_pattern *p, uint64_t lo)
{
	uint64_t back = p->regex ? p->max_width : 0;

	return lo > back ? lo - back : 0;
}

/*
 * Return where to stop scanning for matches that start before hi: the
 * max_width - 1 bytes after hi hold the rest of a match crossing hi; a
 * regular expression gets two more, so that "$" and "\b", which take the
 * end of the scanned bytes (or a newline just before it) for the end of
 * the data, only fire falsely for matches starting at hi or later.
 */
static uint64_t
search_right_context(const struct search_pattern *p, uint64_t hi,
    uint64_t size)
{
	uint64_t end = hi + (p->max_width - 1) + (p->regex ? 2 : 0);

	return end > size || end < hi ? size : end;
}

/*
 * The helper: a second thread that scans the upper half of a big slice
 * while the caller scans the lower half (doc/design.md, Search).  It is
 * started on first use and lives as long as the search, waiting on cond
 * between jobs, with a Vectorscan scratch of its own (a scratch serves
 * one scan at a time).  It only reads the map: a fault is dealt with by
 * the caller once both halves are done, because re-measuring the map
 * may move it under the other half's scan.
 */
struct helper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* a job was posted, finished, or quit */
	int running;		/* the thread exists */
	int posted;		/* a job waits or runs */
	int quit;
	struct map *m;		/* the job: scan [off, off + sc.n) of m */
	uint64_t off;
	struct scan sc;
	int faulted;		/* out: the job's scan hit SIGBUS */
	hs_scratch_t *scratch;
	void *scratch_block;
};

/* Return whether a slice of n starts is worth splitting across threads. */
static int
search_can_split(const struct search_pattern *p, uint64_t n)
{
	static long cpus;

	if (cpus == 0)
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	/* Regexes of varying width scan a copy, in bounded steps. */
	return cpus > 1 && p->anchored == NULL && n >= 2 * SEARCH_SPLIT_MIN;
}

/* Run the helper's jobs until told to quit. */
static void *
search_helper_main(void *arg)
{
	struct helper *h = arg;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		while (!h->posted && !h->quit)
			pthread_cond_wait(&h->cond, &h->lock);
		if (h->quit)
			break;
		pthread_mutex_unlock(&h->lock);
		h->faulted = search_in_place(h->m, &h->sc, h->off, h->sc.n) ==
		    -1;
		pthread_mutex_lock(&h->lock);
		h->posted = 0;
		pthread_cond_broadcast(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

/* Start the helper for p unless it runs.  Returns 0, or -1 (then the
 * caller scans alone). */
static int
search_helper_start(struct helper *h, struct search_pattern *p)
{
	if (h->running)
		return 0;
	if (search_new_scratch(p->db, &h->scratch, &h->scratch_block) == -1)
		return -1;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	h->posted = h->quit = 0;
	if (guard_thread_create(&h->thread, search_helper_main, h) == -1) {
		search_vs.free_scratch(h->scratch);
		pthread_cond_destroy(&h->cond);
		pthread_mutex_destroy(&h->lock);
		return -1;
	}
	h->running = 1;
	return 0;
}

/* Stop the helper, if it runs, and free what it holds. */
static void
search_helper_stop(struct helper *h)
{
	if (!h->running)
		return;
	pthread_mutex_lock(&h->lock);
	h->quit = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	if (h->scratch != NULL)
		search_vs.free_scratch(h->scratch);
	h->running = 0;
}

/* Return *hp, started for p (allocated on first use), or NULL. */
static struct helper *
search_helper_get(struct helper **hp, struct search_pattern *p)
{
	if (*hp == NULL && (*hp = calloc(1, sizeof **hp)) == NULL)
		return NULL;
	return search_helper_start(*hp, p) == 0 ? *hp : NULL;
}

/* Stop and free a helper.  NULL is allowed. */
static void
search_helper_free(struct helper *h)
{
	if (h == NULL)
		return;
	search_helper_stop(h);
	free(h);
}

/*
 * Scan the starts [lo, mid) here and [mid, hi) on the helper at once,
 * each with its own context, as two slices would be: matches go to
 * found with lower or upper.  Returns as search_map_range().
 */
static int
search_map_pair(struct helper *h, struct search_pattern *p, struct map *m,
    uint64_t lo, uint64_t mid, uint64_t hi,
    int (*found)(uint64_t, uint64_t, void *), void *lower, void *upper)
{
	struct scan mine = { .p = p, .found = found, .arg = lower,
	    .status = HS_SUCCESS };
	uint64_t size = map_size(m), off, end;
	int faulted;

	memset(&h->sc, 0, sizeof h->sc);
	h->sc.p = p;
	h->sc.found = found;
	h->sc.arg = upper;
	h->sc.scratch = h->scratch;
	h->sc.status = HS_SUCCESS;
	h->m = m;
	h->off = search_left_context(p, mid);
	h->sc.n = (size_t)(search_right_context(p, hi, size) - h->off);
	h->faulted = 0;
	pthread_mutex_lock(&h->lock);
	h->posted = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);

	off = search_left_context(p, lo);
	end = search_right_context(p, mid, size);
	faulted = search_in_place(m, &mine, off, (size_t)(end - off)) == -1;

	pthread_mutex_lock(&h->lock);
	while (h->posted)
		pthread_cond_wait(&h->cond, &h->lock);
	pthread_mutex_unlock(&h->lock);
	if (faulted || h->faulted) {
		/* A jump out of Vectorscan leaves its scratch unusable. */
		if (faulted) {
			search_scratch_lost(p);
			if (search_alloc_scratch(p) == -1)
				return -1;
		}
		if (h->faulted) {
			search_lose_scratch(&h->scratch, &h->scratch_block);
			if (search_new_scratch(p->db, &h->scratch,
			    &h->scratch_block) == -1) {
				search_helper_stop(h);
				return -1;
			}
		}
		return search_faulted(m, size);
	}
	if ((mine.status != HS_SUCCESS && mine.status != HS_SCAN_TERMINATED) ||
	    (h->sc.status != HS_SUCCESS &&
	    h->sc.status != HS_SCAN_TERMINATED)) {
		errno = EIO;
		return -1;
	}
	return 0;
}

struct best {
	int backward;
	uint64_t lo, hi;	/* accepted starts */
	int have;
	uint64_t start, end;
};

/* Keep the first (or last) match start inside the slice. */
static int
search_keep_best(uint64_t start, uint64_t end, void *arg)
{
	struct best *b = arg;

	if (start < b->lo || start >= b->hi)
		return 0;
	if (!b->have || (b->backward ? start > b->start : start < b->start)) {
		b->have = 1;
		b->start = start;
		b->end = end;
	}
	return 0;
}

/*
 * The workers of a stepped search (doc/design.md, Search): the caller's
 * thread never touches the file's bytes.  search_step() posts jobs (each
 * a range of starts, a whole number of slices) a few ahead, and collects
 * their answers in order, waiting at most SEARCH_STEP_WAIT_NS a call.  A
 * worker maps (or reads) its job's bytes itself, through a descriptor of
 * the engine's own, so a page fault that waits for the disk blocks only
 * the worker, and a re-measure of the front end's map cannot move memory
 * under a scan.  The engine lives until the search and every worker have
 * let it go: search_free() returns at once, even while a worker waits for
 * the disk; that worker finishes its job, frees it and leaves.
 */

/* Jobs posted ahead of the one the caller waits for. */
#define SEARCH_JOBS 16

/* Starts per job at least: tiny slices go many to a job. */
#define SEARCH_JOB_MIN (256u * 1024u)

/* Longest wait for the workers in one search_step() call. */
#define SEARCH_STEP_WAIT_NS 2000000L

/* Data runs of a job with holes that are read one by one (more: the
 * whole range is read, holes as the zeros read() gives). */
#define SEARCH_RUNS 16

enum job_state {
	JOB_QUEUED,
	JOB_RUNNING,
	JOB_DONE
};

/* A -c edited page (or the part of one in a job), as the screen shows
 * it: the file no longer holds these bytes. */
struct patch {
	uint64_t off;
	size_t len;
	unsigned char *bytes;
};

struct job {
	enum job_state state;
	int orphan;		/* running, no longer wanted: the worker frees it */
	uint64_t lo, hi;	/* the starts: [lo, hi) */
	uint64_t slice;		/* scanned slice by slice, as one thread would */
	uint64_t size;		/* the file's size when posted */
	int skip;		/* a hole: nothing to scan */
	int copy;		/* read into memory instead of mapped */
	int read_all;		/* copy: read the whole range, not the runs */
	size_t nruns;		/* copy: the data runs [off, end) */
	uint64_t runs[SEARCH_RUNS][2];
	struct patch *patches;	/* copy: edited pages to lay over */
	size_t npatches;
	uint64_t taken;		/* starts the caller has collected */
	int result;		/* 0, 1: the file shrank (re-measure), -1 */
	int error;		/* errno for -1 */
	int have;		/* the job's match: the first (last) start of */
	uint64_t start, end;	/* the first slice that holds one */
};

struct worker {
	struct engine *engine;
	hs_scratch_t *scratch;	/* NULL after a fault until the caller makes one */
	void *scratch_block;
	hs_scratch_t *anchored;	/* for both anchored forms of a regex */
	void *anchored_block;
};

struct engine {
	pthread_mutex_t lock;
	pthread_cond_t posted;	/* a job or a scratch is ready, or quit */
	pthread_cond_t finished;	/* a job is done (CLOCK_MONOTONIC) */
	int refs;		/* the search, and each worker */
	int quit;		/* the search is gone (read without the lock) */
	int fd;			/* a duplicate of the map's */
	struct search_pattern *p;	/* held (search_pattern_hold) */
	int backward;
	struct job *jobs[SEARCH_JOBS];	/* a ring, the oldest first; only
					 * the caller changes it, under the
					 * lock (workers read it) */
	unsigned head, count;
	struct worker workers[2];
	unsigned nworkers;
};

/* Free a job. */
static void
search_job_free(struct job *j)
{
	size_t i;

	for (i = 0; i < j->npatches; i++)
		free(j->patches[i].bytes);
	free(j->patches);
	free(j);
}

/* Drop one reference to e; the last frees it. */
static void
search_engine_drop(struct engine *e)
{
	unsigned i;
	int last;

	pthread_mutex_lock(&e->lock);
	last = --e->refs == 0;
	pthread_mutex_unlock(&e->lock);
	if (!last)
		return;
	for (i = 0; i < e->count; i++)
		search_job_free(e->jobs[(e->head + i) % SEARCH_JOBS]);
	for (i = 0; i < 2; i++) {
		if (e->workers[i].scratch != NULL)
			search_vs.free_scratch(e->workers[i].scratch);
		if (e->workers[i].anchored != NULL)
			search_vs.free_scratch(e->workers[i].anchored);
	}
	if (e->fd != -1)
		close(e->fd);
	search_pattern_free(e->p);
	pthread_cond_destroy(&e->posted);
	pthread_cond_destroy(&e->finished);
	pthread_mutex_destroy(&e->lock);
	free(e);
}

/* Drop every job: the running ones are left to their workers to free.
 * Called with the lock held. */
static void
search_jobs_drop(struct engine *e)
{
	struct job *j;
	unsigned i;

	for (i = 0; i < e->count; i++) {
		j = e->jobs[(e->head + i) % SEARCH_JOBS];
		if (j->state == JOB_RUNNING)
			j->orphan = 1;
		else
			search_job_free(j);
	}
	e->head = e->count = 0;
}

/* Return the oldest job no worker has taken, or NULL (lock held). */
static struct job *
search_job_next(struct engine *e)
{
	struct job *j;
	unsigned i;

	for (i = 0; i < e->count; i++) {
		j = e->jobs[(e->head + i) % SEARCH_JOBS];
		if (j->state == JOB_QUEUED)
			return j;
	}
	return NULL;
}

/* Read n bytes at off from fd into buf; returns the bytes read (fewer at
 * the end of the file), or -1. */
static ssize_t
search_pread(int fd, unsigned char *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Read [from, from + n) of the job into fresh anonymous memory: the data
 * runs (holes stay the zero page), then the edited pages over them.
 * Returns the memory, or NULL with j->result set. */
static unsigned char *
search_job_read(struct engine *e, struct job *j, uint64_t from, size_t n)
{
	unsigned char *buf;
	uint64_t a, z;
	ssize_t got;
	size_t i;

	buf = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
	    MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (buf == MAP_FAILED) {
		j->result = -1;
		j->error = errno;
		return NULL;
	}
	for (i = 0; i < (j->read_all ? 1 : j->nruns); i++) {
		a = j->read_all ? from : j->runs[i][0];
		z = j->read_all ? from + n : j->runs[i][1];
		got = search_pread(e->fd, buf + (a - from), (size_t)(z - a), a);
		if (got != (ssize_t)(z - a)) {
			/* Short: the file shrank since the job was posted. */
			j->result = got == -1 ? -1 : 1;
			j->error = errno;
			munmap(buf, n);
			return NULL;
		}
	}
	for (i = 0; i < j->npatches; i++)
		memcpy(buf + (j->patches[i].off - from), j->patches[i].bytes,
		    j->patches[i].len);
	return buf;
}

/* Map [from, from + n) of the file for the job: the pages are faulted in
 * on this thread.  Returns the bytes at from (*base, *len: what to
 * unmap), or NULL with j->result set. */
static unsigned char *
search_job_map(struct engine *e, struct job *j, uint64_t from, size_t n,
    void **base, size_t *len)
{
	static long page;
	uint64_t aligned;

	if (page == 0)
		page = sysconf(_SC_PAGESIZE);
	aligned = from - from % (uint64_t)page;
	*len = (size_t)(from - aligned) + n;
	*base = mmap(NULL, *len, PROT_READ, MAP_SHARED, e->fd, (off_t)aligned);
	if (*base == MAP_FAILED) {
		j->result = -1;
		j->error = errno;
		return NULL;
	}
#ifdef MADV_POPULATE_READ
	/* Fails past a shrunk end: the scan's SIGBUS tells that. */
	madvise(*base, *len, MADV_POPULATE_READ);
#endif
	return (unsigned char *)*base + (from - aligned);
}

/* Scan the job's starts slice by slice in the search's direction, in
 * buf (file offsets [from, ...)), up to the first slice with a match.
 * Returns 0, 1 after a SIGBUS (a mapped job), or -1. */
static int
search_job_scan(struct worker *w, struct job *j, const unsigned char *buf,
    uint64_t from)
{
	struct engine *e = w->engine;
	struct search_pattern *p = e->p;
	struct best b = { e->backward, 0, 0, 0, 0, 0 };
	struct scan sc = { .p = p, .found = search_keep_best, .arg = &b,
	    .scratch = w->scratch, .anchored_scratch = w->anchored,
	    .cancel = &e->quit };
	uint64_t a, z, edge = e->backward ? j->hi : j->lo;

	while (e->backward ? edge > j->lo : edge < j->hi) {
		if (__atomic_load_n(&e->quit, __ATOMIC_RELAXED))
			return 0;	/* nobody waits for the answer */
		if (!e->backward) {
			b.lo = edge;
			b.hi = j->hi - edge > j->slice ? edge + j->slice : j->hi;
			edge = b.hi;
		} else {
			b.hi = edge;
			b.lo = edge - j->lo > j->slice ? edge - j->slice : j->lo;
			edge = b.lo;
		}
		a = search_left_context(p, b.lo);
		z = search_right_context(p, b.hi, j->size);
		if (j->copy) {
			if (search_buffer_with(p, buf + (a - from),
			    (size_t)(z - a), a, search_keep_best, &b, &sc) == -1)
				return -1;
		} else {
			sc.buf = buf + (a - from);
			sc.n = (size_t)(z - a);
			sc.base = a;
			sc.status = HS_SUCCESS;
			if (guard_run(sc.buf, sc.n, search_scan_body, &sc) == -1)
				return 1;
			if (sc.status != HS_SUCCESS &&
			    sc.status != HS_SCAN_TERMINATED) {
				errno = EIO;
				return -1;
			}
		}
		if (b.have) {
			j->have = 1;
			j->start = b.start;
			j->end = b.end;
			break;
		}
	}
	return 0;
}

/* Do one job on the worker's thread.  Returns 1 when a SIGBUS left the
 * worker's scratch unusable, else 0. */
static int
search_job_run(struct worker *w, struct job *j)
{
	struct search_pattern *p = w->engine->p;
	uint64_t from = search_left_context(p, j->lo);
	size_t n = (size_t)(search_right_context(p, j->hi, j->size) - from);
	unsigned char *buf;
	void *base = NULL;
	size_t len = 0;
	int r;

	if (j->skip)
		return 0;
	if (j->copy)
		buf = search_job_read(w->engine, j, from, n);
	else
		buf = search_job_map(w->engine, j, from, n, &base, &len);
	if (buf == NULL)
		return 0;
	r = search_job_scan(w, j, buf, from);
	if (r == -1) {
		j->result = -1;
		j->error = errno;
	} else if (r == 1) {
		j->result = 1;	/* the file shrank under the mapping */
	}
	if (j->copy)
		munmap(buf, n);
	else
		munmap(base, len);
	return r == 1;
}

/* Run jobs until the search is freed. */
static void *
search_worker_main(void *arg)
{
	struct worker *w = arg;
	struct engine *e = w->engine;
	struct job *j;
	int lost;

	pthread_mutex_lock(&e->lock);
	while (!e->quit) {
		if (w->scratch == NULL || (j = search_job_next(e)) == NULL) {
			pthread_cond_wait(&e->posted, &e->lock);
			continue;
		}
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&e->lock);
		lost = search_job_run(w, j);
		pthread_mutex_lock(&e->lock);
		if (lost)	/* the caller makes a new one */
			search_lose_scratch(&w->scratch, &w->scratch_block);
		j->state = JOB_DONE;
		if (j->orphan)
			search_job_free(j);
		pthread_cond_broadcast(&e->finished);
	}
	pthread_mutex_unlock(&e->lock);
	search_engine_drop(e);
	return NULL;
}

/* Make the scratches a worker lacks (after a fault, or at its start:
 * made on the caller's thread, see search_new_scratch()).  Returns 0 or
 * -1. */
static int
search_worker_scratch(struct engine *e, struct worker *w)
{
	struct search_pattern *p = e->p;
	hs_scratch_t *scratch = NULL;
	void *block;
	int lacks;

	pthread_mutex_lock(&e->lock);
	lacks = w->scratch == NULL;
	pthread_mutex_unlock(&e->lock);
	if (!lacks)
		return 0;
	if (p->anchored != NULL && w->anchored == NULL &&
	    (search_new_scratch(p->anchored, &w->anchored,
	    &w->anchored_block) == -1 ||
	    search_vs.alloc_scratch(p->whole, &w->anchored) != HS_SUCCESS))
		return -1;
	if (search_new_scratch(p->db, &scratch, &block) == -1)
		return -1;
	pthread_mutex_lock(&e->lock);
	w->scratch = scratch;
	w->scratch_block = block;
	pthread_cond_broadcast(&e->posted);
	pthread_mutex_unlock(&e->lock);
	return 0;
}

static void search_engine_stop(struct search *);

/* Start the engine of s: its descriptor and workers.  Returns 0, or -1
 * with errno set. */
static int
search_engine_start(struct search *s)
{
	static long cpus;
	pthread_condattr_t attr;
	pthread_t thread;
	struct engine *e;
	struct worker *w;
	unsigned i;
	int err = 0;

	if (cpus == 0)
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if ((e = calloc(1, sizeof *e)) == NULL)
		return -1;
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->posted, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&e->finished, &attr);
	pthread_condattr_destroy(&attr);
	e->fd = -1;
	e->refs = 1;
	e->p = s->p;
	search_pattern_hold(s->p);
	e->backward = s->backward;
	s->engine = e;
	if ((e->fd = fcntl(map_fd(s->m), F_DUPFD_CLOEXEC, 0)) == -1) {
		err = errno;
		search_engine_stop(s);
		errno = err;
		return -1;
	}
	for (i = 0; i < (cpus > 1 ? 2u : 1u); i++) {
		w = &e->workers[i];
		w->engine = e;
		if (search_worker_scratch(e, w) == -1) {
			err = ENOMEM;
			break;
		}
		e->refs++;
		if ((err = guard_thread_create(&thread, search_worker_main,
		    w) == -1 ? errno : 0) != 0) {
			e->refs--;
			break;
		}
		pthread_detach(thread);
		e->nworkers++;
	}
	if (e->nworkers == 0) {
		search_engine_stop(s);	/* the next step tries again */
		errno = err;
		return -1;
	}
	return 0;
}

/* Let the engine of s go; its running jobs finish on their own. */
static void
search_engine_stop(struct search *s)
{
	struct engine *e = s->engine;

	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	__atomic_store_n(&e->quit, 1, __ATOMIC_RELAXED);
	search_jobs_drop(e);
	pthread_cond_broadcast(&e->posted);
	pthread_mutex_unlock(&e->lock);
	search_engine_drop(e);
	s->engine = NULL;
}

/* Set up phase 0 or 1's range of starts. */
static void
search_phase(struct search *s, int phase)
{
	uint64_t size = map_size(s->m);
	uint64_t from = s->from < size ? s->from : size;

	s->phase = phase;
	if (!s->backward) {
		s->lo = phase == 0 ? from : 0;
		s->hi = phase == 0 ? size : from;
		s->pos = s->lo;
	} else {
		s->lo = phase == 0 ? 0 : (from < size ? from + 1 : size);
		s->hi = phase == 0 ? (from < size ? from + 1 : size) : size;
		s->pos = s->hi;
	}
	s->plan = s->pos;
}

struct search *
search_start(struct map *m, struct search_pattern *p, uint64_t from,
    int backward, int wrap)
{
	struct search *s;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	s->m = m;
	s->p = p;
	s->from = from;
	s->backward = backward;
	s->wrap = wrap;
	s->slice = SEARCH_SLICE_DEFAULT;
	search_phase(s, 0);
	s->total = wrap ? map_size(m) : s->hi - s->lo;
	return s;
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	search_engine_stop(s);
	free(s);
}

void
search_set_slice(struct search *s, uint64_t slice)
{
	s->slice = slice == 0 ? 1 : slice > SEARCH_SLICE_MAX ?
	    SEARCH_SLICE_MAX : slice;
}

/*
 * Return the first offset at or after off where a match could start,
 * given that holes (runs of zeros the filesystem does not store) hold no
 * match of p: a match starting more than max_width - 1 bytes before the
 * next data lies wholly in the hole.  Returns off itself when zeros may
 * match, when the map is private (its edits are unknown to SEEK_DATA),
 * or when the filesystem cannot tell; UINT64_MAX when only holes follow.
 */
static uint64_t
search_skip_hole(struct search_pattern *p, struct map *m, uint64_t off)
{
	uint64_t data, start, back;

	if (p->zeros_match || off >= map_size(m))
		return off;
	data = map_next_data(m, off);
	if (data >= map_size(m))
		return UINT64_MAX;
	if (data <= off)
		return off;
	/* Clamped: the data may begin less than max_width - 1 bytes in. */
	back = p->max_width - 1;
	start = data > back ? data - back : 0;
	return start > off ? start : off;
}

/* Return the starts a job of s takes: a whole number of slices. */
static uint64_t
search_job_span(const struct search *s)
{
	if (s->slice >= SEARCH_JOB_MIN)
		return s->slice;
	return (SEARCH_JOB_MIN + s->slice - 1) / s->slice * s->slice;
}

/* Note in j the edited (-c private) pages of [from, to), copied from the
 * map: they are in memory, not in the file.  Returns 0 or -1. */
static int
search_job_patches(struct search *s, struct job *j, uint64_t from,
    uint64_t to)
{
	static long page;
	struct patch *grown, *pt;
	uint64_t at, a, z;
	ssize_t got;

	if (page == 0)
		page = sysconf(_SC_PAGESIZE);
	for (at = from - from % (uint64_t)page; at < to; at += (uint64_t)page) {
		if (!map_private_in(s->m, at, (uint64_t)page))
			continue;
		a = at > from ? at : from;
		z = at + (uint64_t)page < to ? at + (uint64_t)page : to;
		grown = realloc(j->patches, (j->npatches + 1) * sizeof *grown);
		if (grown == NULL)
			return -1;
		j->patches = grown;
		pt = &j->patches[j->npatches];
		if ((pt->bytes = malloc((size_t)(z - a))) == NULL)
			return -1;
		got = map_read(s->m, a, pt->bytes, (size_t)(z - a));
		if (got <= 0) {
			free(pt->bytes);
			continue;	/* gone: the read of the job tells */
		}
		pt->off = a;
		pt->len = (size_t)got;
		j->npatches++;
	}
	return 0;
}

/* Decide how the job's bytes are got: mapped in place, or read (a regex
 * that finds its starts with nested scans, holes, -c edited pages).
 * Asks the filesystem (lseek) but never touches the file's bytes.
 * Returns 0 or -1. */
static int
search_job_layout(struct search *s, struct job *j)
{
	uint64_t from = search_left_context(s->p, j->lo);
	uint64_t to = search_right_context(s->p, j->hi, j->size), at, end;
	int hole, holes = 0;

	j->copy = s->p->anchored != NULL;
	for (at = from; at < to; at = end) {
		end = map_extent(s->m, at, to, &hole);
		if (end <= at) {
			holes = 0;	/* shrank: the read comes up short */
			break;
		}
		if (hole)
			holes = 1;
		else if (j->nruns < SEARCH_RUNS) {
			j->runs[j->nruns][0] = at;
			j->runs[j->nruns][1] = end;
			j->nruns++;
		} else {
			holes = 0;	/* too many runs: read it all */
			break;
		}
	}
	j->read_all = !holes;
	if (holes)
		j->copy = 1;
	if (map_private_pages(s->m) > 0 && map_private_in(s->m, from,
	    to - from)) {
		j->copy = 1;
		return search_job_patches(s, j, from, to);
	}
	return 0;
}

/* Post the next job of the phase.  Returns 0, 1 when the whole phase is
 * posted, or -1. */
static int
search_post(struct search *s)
{
	struct engine *e = s->engine;
	uint64_t span = search_job_span(s), skip;
	struct job *j;

	if (!s->backward ? s->plan >= s->hi : s->plan <= s->lo)
		return 1;
	if ((j = calloc(1, sizeof *j)) == NULL)
		return -1;
	j->slice = s->slice;
	j->size = map_size(s->m);
	if (!s->backward) {
		j->lo = s->plan;
		skip = search_skip_hole(s->p, s->m, s->plan);
		if (skip > s->plan) {
			/* No match starts in the hole: nothing to scan. */
			j->skip = 1;
			j->hi = skip < s->hi ? skip : s->hi;
		} else {
			j->hi = s->hi - s->plan > span ? s->plan + span : s->hi;
		}
		s->plan = j->hi;
	} else {
		j->hi = s->plan;
		j->lo = s->plan - s->lo > span ? s->plan - span : s->lo;
		j->skip = search_skip_hole(s->p, s->m, j->lo) >= j->hi;
		s->plan = j->lo;
	}
	if (j->skip)
		j->state = JOB_DONE;
	else if (search_job_layout(s, j) == -1) {
		search_job_free(j);
		return -1;
	}
	pthread_mutex_lock(&e->lock);
	e->jobs[(e->head + e->count) % SEARCH_JOBS] = j;
	e->count++;
	pthread_cond_broadcast(&e->posted);
	pthread_mutex_unlock(&e->lock);
	return 0;
}

/* Drop the jobs ahead and plan again from the position reached. */
static void
search_replan(struct search *s)
{
	pthread_mutex_lock(&s->engine->lock);
	search_jobs_drop(s->engine);
	pthread_mutex_unlock(&s->engine->lock);
	s->plan = s->pos;
}

/* Clamp the phase to the file's new size and plan again from there. */
static void
search_clamp(struct search *s)
{
	uint64_t size = map_size(s->m);

	if (s->hi > size)
		s->hi = size;
	if (s->lo > s->hi)
		s->lo = s->hi;
	if (s->pos > s->hi)
		s->pos = s->hi;
	if (s->pos < s->lo)
		s->pos = s->lo;
	search_replan(s);
}

/* The file shrank under the job at the head: re-measure it and clamp
 * the phase.  Returns RUNNING or FAILED. */
static enum search_status
search_shrank(struct search *s, const struct job *j)
{
	if (map_refresh(s->m) == -1)
		return SEARCH_FAILED;
	if (map_size(s->m) == j->size) {
		errno = EFAULT;		/* a fault without a new size */
		return SEARCH_FAILED;
	}
	search_clamp(s);
	return SEARCH_RUNNING;
}

/*
 * Collect the finished job at the head, a slice at a time, until the
 * budget (counted from *start of the step) runs out.  Returns FOUND,
 * FAILED, or RUNNING (the job is used up, or the budget).
 */
static enum search_status
search_take(struct search *s, struct job *j, uint64_t budget, uint64_t start)
{
	struct engine *e = s->engine;
	uint64_t at, edge, lo, hi;

	if (j->result == -1) {
		errno = j->error;
		return SEARCH_FAILED;
	}
	if (j->result == 1)
		return search_shrank(s, j);
	while (j->taken < j->hi - j->lo) {
		/* The next slice in the search's direction: [lo, hi). */
		at = !s->backward ? j->lo + j->taken : j->hi - j->taken;
		if (!s->backward) {
			lo = at;
			hi = j->skip || j->hi - at <= j->slice ? j->hi :
			    at + j->slice;
			edge = hi;
		} else {
			hi = at;
			lo = j->skip || at - j->lo <= j->slice ? j->lo :
			    at - j->slice;
			edge = lo;
		}
		j->taken += hi - lo;
		s->done += hi - lo;
		s->pos = edge;
		if (j->have && j->start >= lo && j->start < hi) {
			/* Scanned ahead: is it still in the file?  (A scan
			 * in step would have hit SIGBUS.) */
			if (map_refresh(s->m) == 0 &&
			    map_size(s->m) < j->end) {
				search_clamp(s);
				return SEARCH_RUNNING;
			}
			s->match = j->start;
			s->match_len = j->end - j->start;
			search_replan(s);
			return SEARCH_FOUND;
		}
		if (s->done - start >= budget)
			break;
	}
	if (j->taken == j->hi - j->lo) {
		/* Workers read the ring under the lock. */
		pthread_mutex_lock(&e->lock);
		e->head = (e->head + 1) % SEARCH_JOBS;
		e->count--;
		pthread_mutex_unlock(&e->lock);
		search_job_free(j);
	}
	return SEARCH_RUNNING;
}

/* Set *t to the monotonic clock ns nanoseconds from now. */
static void
search_deadline(struct timespec *t, long ns)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_nsec += ns;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/* Wait until the job at the head is done or the deadline passes.
 * Returns the job, or NULL at the deadline. */
static struct job *
search_wait(struct engine *e, const struct timespec *deadline)
{
	struct job *j = e->jobs[e->head];
	int timed_out = 0;

	pthread_mutex_lock(&e->lock);
	while (j->state != JOB_DONE && !timed_out)
		timed_out = pthread_cond_timedwait(&e->finished, &e->lock,
		    deadline) == ETIMEDOUT;
	timed_out = j->state != JOB_DONE;
	pthread_mutex_unlock(&e->lock);
	return timed_out ? NULL : j;
}

enum search_status
search_step(struct search *s, uint64_t budget)
{
	enum search_status st;
	struct timespec deadline;
	uint64_t start = s->done;
	struct job *j;
	unsigned i;
	int r;

	search_deadline(&deadline, SEARCH_STEP_WAIT_NS);
	for (;;) {
		if (s->lo >= s->hi || (!s->backward ? s->pos >= s->hi :
		    s->pos <= s->lo)) {
			if (s->phase == 1 || !s->wrap)
				return SEARCH_NOT_FOUND;
			if (s->engine != NULL)
				search_replan(s);
			search_phase(s, 1);
			s->wrapped = 1;
			continue;
		}
		if (s->engine == NULL && search_engine_start(s) == -1) {
			snprintf(s->error, sizeof s->error, "search failed: "
			    "cannot start its threads: %s", strerror(errno));
			return SEARCH_FAILED;
		}
		for (i = 0; i < s->engine->nworkers; i++) {
			if (search_worker_scratch(s->engine,
			    &s->engine->workers[i]) == -1) {
				errno = ENOMEM;
				goto failed;
			}
		}
		while (s->engine->count < SEARCH_JOBS &&
		    (r = search_post(s)) != 1) {
			if (r == -1)
				goto failed;
		}
		if (s->engine->count == 0) {
			s->pos = s->plan;	/* not reached: all was taken */
			continue;
		}
		if ((j = search_wait(s->engine, &deadline)) == NULL)
			return SEARCH_RUNNING;
		if ((st = search_take(s, j, budget, start)) == SEARCH_FAILED)
			goto failed;
		if (st != SEARCH_RUNNING)
			return st;
		if (s->done - start >= budget)
			return SEARCH_RUNNING;
	}
failed:
	snprintf(s->error, sizeof s->error, "search failed: %s",
	    strerror(errno));
	return SEARCH_FAILED;
}

uint64_t
search_match(const struct search *s, uint64_t *len)
{
	if (len != NULL)
		*len = s->match_len;
	return s->match;
}

int
search_wrapped(const struct search *s)
{
	return s->wrapped;
}

uint64_t
search_done(const struct search *s, uint64_t *total)
{
	if (total != NULL)
		*total = s->total;
	return s->done;
}

const char *
search_error(const struct search *s)
{
	return s->error;
}

struct collect {
	uint64_t lo, hi;	/* accepted starts */
	uint64_t *starts;	/* (start, len) pairs */
	size_t count, room;
	int failed;
};

/* Collect a match start inside the slice. */
static int
search_collect(uint64_t start, uint64_t end, void *arg)
{
	struct collect *c = arg;
	uint64_t *grown;

	if (start < c->lo || start >= c->hi)
		return 0;
	if (c->count == c->room) {
		c->room = c->room > 0 ? c->room * 2 : 1024;
		grown = realloc(c->starts, c->room * 2 * sizeof *grown);
		if (grown == NULL) {
			c->failed = 1;
			return 1;
		}
		c->starts = grown;
	}
	c->starts[2 * c->count] = start;
	c->starts[2 * c->count + 1] = end - start;
	c->count++;
	return 0;
}

/* Order (start, len) pairs by start, then by len. */
static int
search_pair_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* Pass the matches collected in c to found, in order of start, each
 * start once.  Returns non-zero when found said stop. */
static int
search_emit(const struct search_pattern *p, struct collect *c,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg)
{
	size_t i;

	if (!p->fixed && c->count > 1)
		qsort(c->starts, c->count, 2 * sizeof *c->starts,
		    search_pair_cmp);
	for (i = 0; i < c->count; i++) {
		/* A regex reports one start for many ends. */
		if (i > 0 && c->starts[2 * i] == c->starts[2 * i - 2])
			continue;
		if (found(c->starts[2 * i], c->starts[2 * i + 1], arg))
			return 1;
	}
	return 0;
}

int
search_all(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg,
    char **cause)
{
	struct collect c = { 0, 0, NULL, 0, 0, 0 }, up = c;
	struct helper *helper = NULL;
	uint64_t pos = 0, scan_lo, scan_hi, size, span;
	int r, ret = -1;

	*cause = NULL;
	if (slice == 0)
		slice = SEARCH_SLICE_DEFAULT;
	if (slice > SEARCH_SLICE_MAX)
		slice = SEARCH_SLICE_MAX;
	/* Split, each thread takes a slice. */
	span = search_can_split(p, 2 * slice) ? 2 * slice : slice;
	map_advise_sequential(m, 0, map_size(m));
	while (pos < (size = map_size(m))) {
		if ((scan_lo = search_skip_hole(p, m, pos)) > pos) {
			pos = scan_lo;	/* no match starts in a hole */
			continue;
		}
		c.lo = pos;
		c.hi = size - pos > span ? pos + span : size;
		c.count = up.count = 0;
		up.lo = up.hi = c.hi;	/* the upper half: none unless split */
		if (search_can_split(p, c.hi - pos) &&
		    search_helper_get(&helper, p) != NULL) {
			c.hi = up.lo = pos + (up.hi - pos) / 2;
			r = search_map_pair(helper, p, m, pos, c.hi, up.hi,
			    search_collect, &c, &up);
		} else {
			scan_hi = search_right_context(p, c.hi, size);
			scan_lo = search_left_context(p, pos);
			r = search_map_range(p, m, scan_lo,
			    (size_t)(scan_hi - scan_lo), search_collect, &c);
		}
		if (r == 1)
			continue;	/* the size changed: re-plan */
		if (r == -1 || c.failed || up.failed) {
			search_cause(cause, "search failed", strerror(r == -1 ?
			    errno : ENOMEM));
			goto out;
		}
		if (search_emit(p, &c, found, arg) ||
		    search_emit(p, &up, found, arg)) {
			ret = 0;
			goto out;
		}
		pos = up.hi;
	}
	ret = 0;
out:
	search_helper_free(helper);
	free(c.starts);
	free(up.starts);
	return ret;
}
