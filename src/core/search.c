/*
 * search.c - find patterns in a mapped file with Vectorscan.
 *
 * Patterns are compiled in search-pattern.c.  Text and hex patterns are
 * of fixed width: a match's start is its end minus the width, and every
 * start is reported, overlapping ones too.  Regular expressions are
 * matched line by line by search-regex.c (leftmost-first,
 * non-overlapping, as grep -P); here they only get a view of the file.
 *
 * A search walks the file in slices.  A phase is a range of possible
 * match starts [lo, hi); a forward search takes slices from lo upwards
 * and keeps the smallest start in a slice, a backward search takes them
 * from hi downwards and keeps the largest.  Each slice is scanned with
 * the max_width - 1 bytes that follow it, so a match crossing into the
 * next slice is seen whole.  With wrap, a second phase covers the rest
 * of the file.
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
 * before the slice is tried again against the new size.  A regular
 * expression's search_all() is one pass on the caller's thread, its
 * cursor carried from slice to slice (search_all_regex()).
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

/* Smallest half of a slice that the helper thread scans (search_map_pair):
 * small enough that the tests' small slices use it too. */
#define SEARCH_SPLIT_MIN 2048u

struct helper;



/* Pass one Vectorscan match on as file offsets. */
static int
search_on_match(unsigned int id, unsigned long long from,
    unsigned long long to, unsigned int flags, void *ctx)
{
	struct scan *sc = ctx;
	uint64_t start, end = to;

	(void)id;
	(void)flags;
	(void)from;
	/* Text and hex: all of fixed width. */
	end = to + sc->p->trail;
	if (end > sc->n || end < sc->p->min_width)
		return 0;	/* a cut ?? lies outside the buffer */
	start = end - sc->p->min_width;
	return sc->found(sc->base + start, sc->base + end, sc->arg);
}

/* Run the scan described by arg (the body of a guarded scan). */
int
search_scan_body(void *arg)
{
	struct scan *sc = arg;

	if (sc->p->lit != NULL)
		return search_lit_scan(sc);
	sc->status = search_vs.scan(sc->p->db, (const char *)sc->buf,
	    (unsigned int)sc->n, 0, sc->scratch != NULL ? sc->scratch :
	    sc->p->scratch, search_on_match, sc);
	return 0;
}

/* Scan buf for a regular expression, its first byte taken as a line
 * start, with the pattern's own matching memory. */
static int
search_buffer_regex(struct search_pattern *p, const unsigned char *buf,
    size_t n, uint64_t base, int (*found)(uint64_t, uint64_t, void *),
    void *arg)
{
	struct rx_run r;

	search_rx_init(&r, p, p->own, buf, n, base, 0, 0);
	r.found = found;
	r.arg = arg;
	if (search_rx_lines(&r, n, UINT64_MAX) == -1) {
		errno = EIO;
		return -1;
	}
	__atomic_add_fetch(&p->work, r.work, __ATOMIC_RELAXED);
	return 0;
}

/* Scan buf as search_buffer() does, with the given scratch (NULL: the
 * pattern's own) and cancel flag (NULL: none). */
int
search_buffer_with(struct search_pattern *p, const unsigned char *buf,
    size_t n, uint64_t base, int (*found)(uint64_t, uint64_t, void *),
    void *arg, const struct scan *with)
{
	struct scan sc;

	if (n == 0)
		return 0;
	if (p->regex)
		return search_buffer_regex(p, buf, n, base, found, arg);
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
		sc.cancel = with->cancel;
	}
	search_scan_body(&sc);
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
 * Return where to start scanning for matches that start at lo or later:
 * at lo, since text and hex matches need no context before them.
 * (Regular expressions go line by line: search-regex.c.)
 */
uint64_t
search_left_context(const struct search_pattern *p, uint64_t lo)
{
	(void)p;
	return lo;
}

/*
 * Return where to stop scanning for matches that start before hi: the
 * max_width - 1 bytes after hi hold the rest of a match crossing hi.
 */
uint64_t
search_right_context(const struct search_pattern *p, uint64_t hi,
    uint64_t size)
{
	uint64_t end = hi + (p->max_width - 1);

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
	return cpus > 1 && !p->regex && n >= 2 * SEARCH_SPLIT_MIN;
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

	/* A regex's matches depend on their line, which may begin in a
	 * hole: it reads them (holes arithmetic is for later). */
	if (p->zeros_match || p->regex || off >= map_size(m))
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

/* Pass the matches collected in c to found (they come in order of
 * start, each once).  Returns non-zero when found said stop. */
static int
search_emit(struct collect *c,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < c->count; i++) {
		if (found(c->starts[2 * i], c->starts[2 * i + 1], arg))
			return 1;
	}
	return 0;
}

/* Matches a guarded regex batch collects, at most: then it pauses so
 * they are passed on (memory stays bounded on any file). */
#define SEARCH_RX_BATCH 65536u

struct rx_batch {
	struct rx_run *r;
	uint64_t hi;
	int rc;
};

/* Run one batch of a regex pass (the body of a guard_run()). */
static int
search_rx_body(void *arg)
{
	struct rx_batch *b = arg;

	b->rc = search_rx_lines(b->r, b->hi, SEARCH_RX_BATCH);
	return 0;
}

/* After a SIGBUS in a regex pass: re-measure, and point the saved cursor
 * at the new mapping.  Returns 0 to go on, or -1. */
static int
search_rx_refault(struct map *m, struct rx_run *r, const struct rx_run *saved)
{
	uint64_t size = map_size(m);

	if (search_faulted(m, size) != 1)
		return -1;
	*r = *saved;
	r->buf = map_bytes(m, 0);
	r->n = map_size(m);
	if (r->pos > r->n)
		r->pos = r->line = r->n;
	if (r->line_end != RX_NONE && r->line_end > r->n)
		r->line_end = RX_NONE;
	return 0;
}

/* Holes a regex view leaves to anonymous memory, at least this long. */
#define SEARCH_RX_HOLE_MIN (64u * 1024u)

size_t
search_rx_holes(struct map *m, uint64_t (*list)[2], size_t max)
{
	uint64_t size = map_size(m), at, end, a, z, page;
	size_t n = 0;
	int hole;

	page = (uint64_t)sysconf(_SC_PAGESIZE);
	for (at = 0; at < size; at = end) {
		end = map_extent(m, at, size, &hole);
		if (end <= at)
			break;
		a = (at + page - 1) / page * page;
		/* A hole to the end takes the last page whole. */
		z = end == size ? (end + page - 1) / page * page :
		    end / page * page;
		if (!hole || z <= a || z - a < SEARCH_RX_HOLE_MIN)
			continue;
		if (n == max)
			return max + 1;
		list[n][0] = a;
		list[n][1] = z;
		n++;
	}
	return n;
}

unsigned char *
search_rx_map(int fd, uint64_t size, int prot, int flags,
    const uint64_t (*holes)[2], size_t nholes)
{
	unsigned char *view;
	size_t i;
	void *anon;

	view = mmap(NULL, (size_t)size, prot, flags, fd, 0);
	if (view == MAP_FAILED)
		return NULL;
	for (i = 0; i < nholes; i++) {
		anon = mmap(view + holes[i][0], (size_t)(holes[i][1] -
		    holes[i][0]), prot, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_FIXED | MAP_NORESERVE, -1, 0);
		if (anon == MAP_FAILED) {
			munmap(view, (size_t)size);
			return NULL;
		}
#ifdef MADV_HUGEPAGE
		madvise(anon, (size_t)(holes[i][1] - holes[i][0]),
		    MADV_HUGEPAGE);
#endif
	}
	return view;
}

/*
 * Map m's file for a regex pass with its long holes as anonymous memory
 * (search_rx_map()), so that a line running through a hole is read
 * without reading the file there: on tmpfs a read fault in a hole
 * allocates a page.  Returns the view (munmap *len bytes), or NULL when
 * the map is to be read in place: no long hole, -c edits (only the map
 * holds them), or more holes than SEARCH_RX_HOLES.
 */
static unsigned char *
search_rx_view(struct map *m, size_t *len)
{
	uint64_t size = map_size(m), (*holes)[2];
	unsigned char *view = NULL;
	size_t n;

	if (size == 0 || size > SIZE_MAX || map_private_pages(m) > 0)
		return NULL;
	if ((holes = malloc(SEARCH_RX_HOLES * sizeof *holes)) == NULL)
		return NULL;
	n = search_rx_holes(m, holes, SEARCH_RX_HOLES);
	/* Read-only and shared: -w edits are in the page cache. */
	if (n > 0 && n <= SEARCH_RX_HOLES)
		view = search_rx_map(map_fd(m), size, PROT_READ, MAP_SHARED,
		    (const uint64_t (*)[2])holes, n);
	if (view != NULL)
		*len = (size_t)size;
	free(holes);
	return view;
}

/* Drop the view's pages in [from, to) (whole pages only): the scan is
 * past them, and resident memory stays flat. */
static void
search_rx_view_release(unsigned char *view, uint64_t from, uint64_t to)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t a = (from + page - 1) / page * page, z = to / page * page;

	if (z > a)
		madvise(view + a, (size_t)(z - a), MADV_DONTNEED);
}

/*
 * search_all() for a regular expression: one pass over the mapping in
 * place, a slice of lines at a time under the guard, matches collected
 * and passed on after each batch (found may do anything).  The cursor
 * carries from one slice to the next, so a match may cross any slice.
 */
static int
search_all_regex(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg,
    char **cause)
{
	struct collect c = { 0, UINT64_MAX, NULL, 0, 0, 0 };
	struct rx_batch b;
	struct rx_run r, saved;
	uint64_t released = 0;
	unsigned char *view;
	size_t view_len = 0;
	int ret = -1;

	view = search_rx_view(m, &view_len);
	search_rx_init(&r, p, p->own, view != NULL ? view : map_bytes(m, 0),
	    map_size(m), 0, 0, 0);
	r.found = search_collect;
	r.arg = &c;
	map_advise_sequential(m, 0, map_size(m));
	while (r.pos < r.n) {
		saved = r;
		c.count = 0;
		b.r = &r;
		b.hi = r.n - r.pos > slice ? r.pos + slice : r.n;
		b.rc = 0;
		if (view == NULL)
			map_populate(m, r.pos, b.hi - r.pos);
		if (guard_run(r.buf, (size_t)r.n, search_rx_body, &b) == -1) {
			if (view != NULL) {
				/* Read on from the map (re-measured). */
				munmap(view, view_len);
				view = NULL;
				saved.buf = NULL;
			}
			if (search_rx_refault(m, &r, &saved) == -1) {
				search_cause(cause, "search failed",
				    strerror(errno));
				goto out;
			}
			continue;
		}
		if (b.rc == -1 || c.failed) {
			search_cause(cause, "search failed", c.failed ?
			    strerror(ENOMEM) : r.error);
			goto out;
		}
		if (search_emit(&c, found, arg))
			break;
		if (r.line > released) {	/* behind the cursor for good */
			if (view == NULL)
				map_release(m, released, r.line - released);
			else
				search_rx_view_release(view, released, r.line);
			released = r.line;
		}
	}
	ret = 0;
out:
	if (view != NULL)
		munmap(view, view_len);
	__atomic_add_fetch(&p->work, r.work, __ATOMIC_RELAXED);
	free(c.starts);
	return ret;
}

/* Holes shorter than this are scanned as zeros with the data around
 * them; longer ones that hold matches are counted (search_hole_run()). */
#define SEARCH_HOLE_RUN_MIN (64u * 1024u)

/*
 * For a fixed-width pattern that matches zeros: when pos lies in a hole
 * of at least SEARCH_HOLE_RUN_MIN bytes (and the pattern's width), return
 * how many starts from pos on are matches lying wholly in the hole (every
 * one is: the hole is zeros), else 0.  The hole's edges, where a match
 * may straddle into data, are left to the scan.
 */
uint64_t
search_hole_run(const struct search_pattern *p, struct map *m, uint64_t pos)
{
	uint64_t end;
	int hole;

	if (!p->fixed || p->regex || !p->zeros_match || pos >= map_size(m))
		return 0;
	end = map_extent(m, pos, map_size(m), &hole);
	if (!hole || end - pos < SEARCH_HOLE_RUN_MIN || end - pos < p->max_width)
		return 0;
	return end - pos - p->max_width + 1;
}

/*
 * Return where a slice of starts from pos should end, at most at hi: at
 * the start of the first hole past pos that search_hole_run() counts, so
 * a slice does not scan it.  At most a few extents are asked about.
 */
uint64_t
search_cut_at_hole(const struct search_pattern *p, struct map *m,
    uint64_t pos, uint64_t hi)
{
	uint64_t at = pos, end;
	int hole, k;

	if (!p->fixed || p->regex || !p->zeros_match)
		return hi;
	for (k = 0; k < 16 && at < hi; k++, at = end) {
		end = map_extent(m, at, map_size(m), &hole);
		if (end <= at)
			break;
		if (hole && at > pos && end - at >= SEARCH_HOLE_RUN_MIN &&
		    end - at >= p->max_width)
			return at;
	}
	return hi;
}

/* Pass count starts from first on to found_run, or one by one to found
 * when there is no found_run.  Returns non-zero when told to stop. */
static int
search_emit_run(uint64_t first, uint64_t count, uint64_t len,
    int (*found)(uint64_t, uint64_t, void *),
    int (*found_run)(uint64_t, uint64_t, uint64_t, void *), void *arg)
{
	uint64_t i;

	if (found_run != NULL)
		return found_run(first, count, len, arg);
	for (i = 0; i < count; i++) {
		if (found(first + i, len, arg))
			return 1;
	}
	return 0;
}

int
search_all(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg), void *arg,
    char **cause)
{
	return search_all_runs(m, p, slice, found, NULL, arg, cause);
}

int
search_all_runs(struct map *m, struct search_pattern *p, uint64_t slice,
    int (*found)(uint64_t start, uint64_t len, void *arg),
    int (*found_run)(uint64_t first, uint64_t count, uint64_t len, void *arg),
    void *arg, char **cause)
{
	struct collect c = { 0, 0, NULL, 0, 0, 0 }, up = c;
	struct helper *helper = NULL;
	uint64_t pos = 0, scan_lo, scan_hi, size, span, run;
	int r, ret = -1;

	*cause = NULL;
	if (slice == 0)
		slice = SEARCH_SLICE_DEFAULT;
	if (slice > SEARCH_SLICE_MAX)
		slice = SEARCH_SLICE_MAX;
	if (p->regex)
		return search_all_regex(m, p, slice, found, arg, cause);
	/* Split, each thread takes a slice. */
	span = search_can_split(p, 2 * slice) ? 2 * slice : slice;
	map_advise_sequential(m, 0, map_size(m));
	while (pos < (size = map_size(m))) {
		if ((scan_lo = search_skip_hole(p, m, pos)) > pos) {
			pos = scan_lo;	/* no match starts in a hole */
			continue;
		}
		if ((run = search_hole_run(p, m, pos)) > 0) {
			/* Every start in the hole is a match: counted. */
			if (search_emit_run(pos, run, p->max_width, found,
			    found_run, arg)) {
				ret = 0;
				goto out;
			}
			pos += run;
			continue;
		}
		c.lo = pos;
		c.hi = size - pos > span ? pos + span : size;
		c.hi = search_cut_at_hole(p, m, pos, c.hi);
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
		if (search_emit(&c, found, arg) ||
		    search_emit(&up, found, arg)) {
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
