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
 * its own (search-step.c), each mapping its job through its own
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

/* Widest pattern whose match starts are found by trying every start. */
#define SEARCH_PROBE_EXACT 256

/* Smallest half of a slice that the helper thread scans (search_map_pair):
 * small enough that the tests' small slices use it too. */
#define SEARCH_SPLIT_MIN 2048u

struct helper;



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
int
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
int
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
uint64_t
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
uint64_t
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

/*
 * Return the first offset at or after off where a match could start,
 * given that holes (runs of zeros the filesystem does not store) hold no
 * match of p: a match starting more than max_width - 1 bytes before the
 * next data lies wholly in the hole.  Returns off itself when zeros may
 * match, when the map is private (its edits are unknown to SEEK_DATA),
 * or when the filesystem cannot tell; UINT64_MAX when only holes follow.
 */
uint64_t
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
