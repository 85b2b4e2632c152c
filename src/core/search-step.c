/*
 * search-step.c - the stepped search (search_start, search_step): worker
 * threads scan ahead of the caller, who only hands out ranges of starts
 * (jobs) and collects the answers in order.
 *
 * Each worker maps its job through its own duplicate of the file's
 * descriptor (struct engine), so the caller's thread never faults the
 * file and nothing the caller does to its mapping (a remap after growth,
 * a shrink) moves memory under a scan.  Ranges with holes, regexes of
 * varying width and, in -c, ranges holding edited pages are read into
 * memory instead (the edited pages are copied by the caller when it
 * posts the job: they exist only in its mapping).  search_step() waits
 * for the workers at most SEARCH_STEP_WAIT_NS, so a cold disk never
 * holds the caller.  search_free() lets the engine go without waiting: a
 * worker inside a read finishes it, sees quit and frees what it holds.
 * The scanning itself is search.c's (search_buffer_with()).
 */
#include <errno.h>
#include <fcntl.h>
#include <hs/hs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "search.h"
#include "search-int.h"

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
	int counting;		/* a count (search_count_start) */
	uint64_t at;		/* count: starts before it are told apart */
	uint64_t cap;		/* count: stop at this many, 0: never */
	uint64_t count;		/* count: the starts counted so far */
	uint64_t before;	/* ... of them before at */
	int hit;		/* ... at is one of them */
	uint64_t plan;		/* where the next job's starts begin (forward)
				 * or end (backward) */
	struct engine *engine;	/* the worker threads, once started */
	uint64_t (*holes)[2];	/* regex: the long holes (search_rx_holes) */
	size_t nholes;		/* 0: none, or too many to lay over */
	uint64_t holes_size;	/* the file's size when they were listed */
	char error[256];
};

struct best {
	int backward;
	uint64_t lo, hi;	/* accepted starts */
	int have;
	uint64_t start, end;
};

/* A count's tally of one slice's starts. */
struct tally {
	uint64_t lo, hi;	/* accepted starts */
	uint64_t at;		/* starts before it are counted apart */
	uint64_t count, before;
	int hit;		/* at is a start */
	int have_last;		/* fixed width: last is the last start */
	uint64_t last;
	unsigned char *seen;	/* regex: a bit per start of [lo, hi) */
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

/* Count each match start inside the slice once.  Fixed-width patterns
 * report starts in ascending order; a regex may report a start for
 * several ends, in any order, so its starts are ticked off in seen. */
static int
search_tally(uint64_t start, uint64_t end, void *arg)
{
	struct tally *t = arg;
	uint64_t bit;

	(void)end;
	if (start < t->lo || start >= t->hi)
		return 0;
	if (t->seen != NULL) {
		bit = start - t->lo;
		if (t->seen[bit / 8] & (1u << (bit % 8)))
			return 0;
		t->seen[bit / 8] |= (unsigned char)(1u << (bit % 8));
	} else {
		if (t->have_last && start <= t->last)
			return 0;
		t->have_last = 1;
		t->last = start;
	}
	t->count++;
	if (start < t->at)
		t->before++;
	else if (start == t->at)
		t->hit = 1;
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
	int own_head;		/* regex: also the line holding lo (it begins
				 * before lo: lo is where the phase begins) */
	uint64_t keep_lo, keep_hi;	/* regex: the phase's starts */
	int orphan;		/* running, no longer wanted: the worker frees it */
	uint64_t lo, hi;	/* the starts: [lo, hi) */
	uint64_t slice;		/* scanned slice by slice, as one thread would */
	uint64_t size;		/* the file's size when posted */
	int skip;		/* a hole: nothing to scan */
	int copy;		/* read into memory instead of mapped */
	int read_all;		/* copy: read the whole range, not the runs */
	size_t nruns;		/* copy: the data runs [off, end) */
	uint64_t runs[SEARCH_RUNS][2];
	uint64_t (*holes)[2];	/* regex: holes the view takes as zeros */
	size_t nholes;
	struct patch *patches;	/* copy: edited pages to lay over */
	size_t npatches;
	uint64_t taken;		/* starts the caller has collected */
	int result;		/* 0, 1: the file shrank (re-measure), -1 */
	int error;		/* errno for -1 */
	char *cause;		/* or what went wrong, in words (NULL) */
	int have;		/* the job's match: the first (last) start of */
	uint64_t start, end;	/* the first slice that holds one */
	uint64_t count, before;	/* a count: its starts, those before at */
	int hit;		/* a count: at is one of its starts */
};

struct worker {
	struct engine *engine;
	hs_scratch_t *scratch;	/* NULL after a fault until the caller makes one */
	void *scratch_block;
	struct rx_thread *rx;	/* regex: instead of scratch; NULL as scratch */
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
	int counting;		/* count every start instead of finding one */
	uint64_t at;		/* a count: starts before it are told apart */
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
	free(j->holes);
	free(j->cause);
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
		search_rx_thread_free(e->workers[i].rx);
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
		got = map_pread_fd(e->fd, a, buf + (a - from), (size_t)(z - a));
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
 * buf (file offsets [from, ...)), up to the first slice with a match,
 * or, for a count, all of them.  Returns 0, 1 after a SIGBUS (a mapped
 * job), or -1. */
static int
search_job_scan(struct worker *w, struct job *j, const unsigned char *buf,
    uint64_t from)
{
	struct engine *e = w->engine;
	struct search_pattern *p = e->p;
	struct best b = { e->backward, 0, 0, 0, 0, 0 };
	struct tally t = { .at = e->at };
	struct scan sc = { .p = p, .found = search_keep_best, .arg = &b,
	    .scratch = w->scratch, .cancel = &e->quit };
	uint64_t a, z, counted, edge = e->backward ? j->hi : j->lo;
	int r = 0;

	if (e->counting) {
		sc.found = search_tally;
		sc.arg = &t;
		if (!p->fixed && (t.seen = calloc(1,
		    (size_t)((j->slice + 7) / 8))) == NULL)
			return -1;
	}
	while (e->backward ? edge > j->lo : edge < j->hi) {
		if (__atomic_load_n(&e->quit, __ATOMIC_RELAXED))
			break;	/* nobody waits for the answer */
		if (!e->backward) {
			b.lo = edge;
			b.hi = j->hi - edge > j->slice ? edge + j->slice : j->hi;
			edge = b.hi;
		} else {
			b.hi = edge;
			b.lo = edge - j->lo > j->slice ? edge - j->slice : j->lo;
			edge = b.lo;
		}
		t.lo = b.lo;
		t.hi = b.hi;
		counted = t.count;
		a = search_left_context(p, b.lo);
		z = search_right_context(p, b.hi, j->size);
		if (j->copy) {
			if (search_buffer_with(p, buf + (a - from),
			    (size_t)(z - a), a, sc.found, sc.arg, &sc) == -1) {
				r = -1;
				break;
			}
		} else {
			sc.buf = buf + (a - from);
			sc.n = (size_t)(z - a);
			sc.base = a;
			sc.status = HS_SUCCESS;
			if (guard_run(sc.buf, sc.n, search_scan_body, &sc) == -1) {
				r = 1;
				break;
			}
			if (sc.status != HS_SUCCESS &&
			    sc.status != HS_SCAN_TERMINATED) {
				errno = EIO;
				r = -1;
				break;
			}
		}
		if (t.seen != NULL && t.count > counted)
			memset(t.seen, 0, (size_t)((j->slice + 7) / 8));
		if (b.have) {
			j->have = 1;
			j->start = b.start;
			j->end = b.end;
			break;
		}
	}
	j->count = t.count;
	j->before = t.before;
	j->hit = t.hit;
	a = (uint64_t)errno;
	free(t.seen);
	errno = (int)a;
	return r;
}

/*
 * Regular expressions: a job owns the lines that start in [lo, hi), and
 * the job whose lo is where the phase begins owns the line holding lo
 * too.  Each line is owned by one job, and a line's matches depend on it
 * alone, so the jobs together give what one pass gives; a job's matches
 * all come before the next job's.  A line may run on past hi (a long
 * line, a whole file without a newline): the job follows it to its end,
 * in a private mapping of the whole file (-c's edited pages, which only
 * the caller's mapping holds, copied over it).
 */
struct rx_job {
	struct rx_run r;
	struct job *j;
	struct best *b;
	int backward;
	int rc;
};

/* Keep the first (last) match in the phase; stop at the first. */
static int
search_rx_keep(uint64_t start, uint64_t end, void *arg)
{
	struct rx_job *x = arg;

	search_keep_best(start, end, x->b);
	return !x->backward && x->b->have;
}

/* Run a regex job over the view (the body of a guarded run). */
static int
search_rx_job_body(void *arg)
{
	struct rx_job *x = arg;
	struct rx_run *r = &x->r;
	struct job *j = x->j;

	if (j->own_head)
		r->pos = r->line = search_rx_line_start(r->buf, j->lo);
	else
		r->pos = r->line = search_rx_next_line(r->buf, r->n, j->lo);
	x->rc = search_rx_lines(r, j->hi, UINT64_MAX);
	return 0;
}

/* Lay the job's edited pages over the private view (the body of a
 * guarded run: the file may have shrunk under them). */
static int
search_rx_patch_body(void *arg)
{
	struct rx_job *x = arg;
	unsigned char *view = (unsigned char *)x->r.buf;
	size_t i;

	for (i = 0; i < x->j->npatches; i++)
		memcpy(view + x->j->patches[i].off, x->j->patches[i].bytes,
		    x->j->patches[i].len);
	return 0;
}

/* Do a regex job.  Returns 0, 1 after a SIGBUS (the file shrank), or
 * -1. */
static int
search_job_regex(struct worker *w, struct job *j)
{
	struct engine *e = w->engine;
	struct best b = { e->backward, j->keep_lo, j->keep_hi, 0, 0, 0 };
	/* A count tallies every match of the job's lines, wherever they
	 * start: they come in order, one per start. */
	struct tally t = { .lo = 0, .hi = UINT64_MAX, .at = e->at };
	struct rx_job x;
	void *view;
	size_t n = (size_t)j->size;

	/* Holes as anonymous memory: a line through one does not read
	 * the file there. */
	view = search_rx_map(e->fd, j->size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_NORESERVE, (const uint64_t (*)[2])j->holes,
	    j->nholes);
	if (view == NULL)
		return -1;
#ifdef MADV_POPULATE_READ
	/* Fails past a shrunk end: the scan's SIGBUS tells that. */
	madvise((unsigned char *)view + (j->lo - j->lo % 4096),
	    (size_t)(j->hi - j->lo + j->lo % 4096), MADV_POPULATE_READ);
#endif
	search_rx_init(&x.r, e->p, w->rx, view, j->size, 0, 0, 0);
	x.r.found = e->counting ? search_tally : search_rx_keep;
	x.r.arg = e->counting ? (void *)&t : (void *)&x;
	x.r.cancel = &e->quit;
	x.j = j;
	x.b = &b;
	x.backward = e->backward;
	x.rc = 0;
	if (guard_run(view, n, search_rx_patch_body, &x) == -1 ||
	    guard_run(view, n, search_rx_job_body, &x) == -1) {
		munmap(view, n);
		return 1;
	}
	munmap(view, n);
	__atomic_add_fetch(&e->p->work, x.r.work, __ATOMIC_RELAXED);
	if (x.rc == -1) {
		j->cause = strdup(x.r.error);
		errno = EIO;
		return -1;
	}
	j->have = b.have;
	j->start = b.start;
	j->end = b.end;
	j->count = t.count;
	j->before = t.before;
	j->hit = t.hit;
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
	if (p->regex) {
		r = search_job_regex(w, j);
		if (r == -1) {
			j->result = -1;
			j->error = errno;
		} else if (r == 1) {
			j->result = 1;	/* the file shrank under the mapping */
		}
		return r == 1;
	}
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

/* Return whether the worker has its matching memory (lock held). */
static int
search_worker_ready(const struct worker *w)
{
	return w->engine->p->regex ? w->rx != NULL : w->scratch != NULL;
}

/* Run jobs until the search is freed. */
static void *
search_worker_main(void *arg)
{
	struct worker *w = arg;
	struct engine *e = w->engine;
	struct job *j;
	int lost;

	/* Below the thread that reads the keys: on a busy machine a scan
	 * must not delay a key's echo, or Esc (on Linux a thread has a
	 * nice value of its own; raising it needs no privilege). */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
	pthread_mutex_lock(&e->lock);
	while (!e->quit) {
		if (!search_worker_ready(w) || (j = search_job_next(e)) == NULL) {
			pthread_cond_wait(&e->posted, &e->lock);
			continue;
		}
		j->state = JOB_RUNNING;
		pthread_mutex_unlock(&e->lock);
		lost = search_job_run(w, j);
		pthread_mutex_lock(&e->lock);
		if (lost && w->rx == NULL)	/* the caller makes a new one */
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
	struct rx_thread *rx = NULL;
	void *block = NULL;
	int lacks;

	pthread_mutex_lock(&e->lock);
	lacks = !search_worker_ready(w);
	pthread_mutex_unlock(&e->lock);
	if (!lacks)
		return 0;
	if (p->regex ? (rx = search_rx_thread_new(p)) == NULL :
	    search_new_scratch(p->db, &scratch, &block) == -1)
		return -1;
	pthread_mutex_lock(&e->lock);
	w->scratch = scratch;
	w->scratch_block = block;
	w->rx = rx;
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
	e->counting = s->counting;
	e->at = s->at;
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

struct search *
search_count_start(struct map *m, struct search_pattern *p, uint64_t at,
    uint64_t cap)
{
	struct search *s;

	if ((s = search_start(m, p, 0, 0, 0)) == NULL)
		return NULL;
	s->counting = 1;
	s->at = at;
	s->cap = cap;
	return s;
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	search_engine_stop(s);
	free(s->holes);
	free(s);
}

void
search_set_slice(struct search *s, uint64_t slice)
{
	s->slice = slice == 0 ? 1 : slice > SEARCH_SLICE_MAX ?
	    SEARCH_SLICE_MAX : slice;
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

/* Edited (-c) pages within this of a regex job's starts are laid over
 * its view: a line that runs further than that past the job sees the
 * file's bytes there, not the edits. */
#define SEARCH_RX_PATCH_REACH (16u * 1024u * 1024u)

/* A regex job maps the whole file (search_job_regex()); note the -c
 * edited pages near it.  Returns 0 or -1. */
static int
search_job_layout_regex(struct search *s, struct job *j)
{
	uint64_t from, to;

	j->own_head = j->lo == s->lo;
	j->keep_lo = s->lo;
	j->keep_hi = s->hi;
	if (s->holes == NULL || s->holes_size != j->size) {
		/* Listed once per size: a search is a snapshot of where
		 * the holes are. */
		if (s->holes == NULL && (s->holes = malloc(SEARCH_RX_HOLES *
		    sizeof *s->holes)) == NULL)
			return -1;
		s->nholes = search_rx_holes(s->m, s->holes, SEARCH_RX_HOLES);
		if (s->nholes > SEARCH_RX_HOLES)
			s->nholes = 0;		/* too many: read them */
		s->holes_size = j->size;
	}
	if (s->nholes > 0) {
		if ((j->holes = malloc(s->nholes * sizeof *j->holes)) == NULL)
			return -1;
		memcpy(j->holes, s->holes, s->nholes * sizeof *j->holes);
		j->nholes = s->nholes;
	}
	if (map_private_pages(s->m) == 0)
		return 0;
	from = j->lo > SEARCH_RX_PATCH_REACH ? j->lo - SEARCH_RX_PATCH_REACH : 0;
	to = j->size - j->hi > SEARCH_RX_PATCH_REACH ?
	    j->hi + SEARCH_RX_PATCH_REACH : j->size;
	if (!map_private_in(s->m, from, to - from))
		return 0;
	return search_job_patches(s, j, from, to);
}

/* Decide how the job's bytes are got: mapped in place, or read (holes,
 * -c edited pages).
 * Asks the filesystem (lseek) but never touches the file's bytes.
 * Returns 0 or -1. */
static int
search_job_layout(struct search *s, struct job *j)
{
	uint64_t from = search_left_context(s->p, j->lo);
	uint64_t to = search_right_context(s->p, j->hi, j->size), at, end;
	int hole, holes = 0;

	if (s->p->regex)
		return search_job_layout_regex(s, j);
	j->copy = 0;
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

/*
 * For a regex: return the end of the hole holding off - 1 when it runs
 * past off (no line starts in [off, end): a hole holds no newline), or
 * off.  The job where the phase begins owns the line holding its first
 * offset, so nothing is said about it.  Asks the filesystem, never
 * reads the file.
 */
static uint64_t
search_rx_no_lines(const struct search *s, uint64_t off)
{
	uint64_t end;
	int hole;

	if (!s->p->regex || off <= s->lo || off == 0)
		return off;
	end = map_extent(s->m, off - 1, map_size(s->m), &hole);
	return hole && end > off ? end : off;
}

/* Count the job's starts [lo, hi), every one a match (a hole's run),
 * as search_tally() would, at being told apart. */
static void
search_count_run(struct job *j, uint64_t at)
{
	j->count = j->hi - j->lo;
	j->before = at <= j->lo ? 0 : at >= j->hi ? j->count : at - j->lo;
	j->hit = at >= j->lo && at < j->hi;
}

/* Post the next job of the phase.  Returns 0, 1 when the whole phase is
 * posted, or -1. */
static int
search_post(struct search *s)
{
	struct engine *e = s->engine;
	uint64_t span = search_job_span(s), skip, run;
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
		run = s->counting ? search_hole_run(s->p, s->m, s->plan) : 0;
		if (run > 0) {
			/* Every start in the hole is a match: counted, not
			 * scanned. */
			j->skip = 1;
			j->hi = s->hi - s->plan > run ? s->plan + run : s->hi;
			search_count_run(j, s->at);
		} else if (skip > s->plan) {
			/* No match starts in the hole: nothing to scan. */
			j->skip = 1;
			j->hi = skip < s->hi ? skip : s->hi;
		} else if ((skip = search_rx_no_lines(s, s->plan)) > s->plan) {
			/* No line starts there: the job that owns the line
			 * through the hole reports its matches. */
			j->skip = 1;
			j->hi = skip < s->hi ? skip : s->hi;
		} else {
			j->hi = s->hi - s->plan > span ? s->plan + span : s->hi;
			if (s->counting)
				j->hi = search_cut_at_hole(s->p, s->m, j->lo,
				    j->hi);
		}
		s->plan = j->hi;
	} else {
		j->hi = s->plan;
		j->lo = s->plan - s->lo > span ? s->plan - span : s->lo;
		j->skip = search_skip_hole(s->p, s->m, j->lo) >= j->hi ||
		    search_rx_no_lines(s, j->lo) >= j->hi;
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

/* A regex job's match may lie past its slices (in its last line, which
 * runs on past hi): it is the answer once the job is reached. */
static enum search_status
search_take_regex(struct search *s, struct job *j)
{
	s->done += (j->hi - j->lo) - j->taken;
	j->taken = j->hi - j->lo;
	s->pos = !s->backward ? j->hi : j->lo;
	if (map_refresh(s->m) == 0 && map_size(s->m) < j->end) {
		search_clamp(s);
		return SEARCH_RUNNING;
	}
	s->match = j->start;
	s->match_len = j->end - j->start;
	search_replan(s);
	return SEARCH_FOUND;
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
	if (s->counting) {
		/* A count takes the job whole: its tally is one number. */
		s->count += j->count;
		s->before += j->before;
		s->hit |= j->hit;
		s->done += j->hi - j->lo - j->taken;
		s->pos = j->hi;
		j->taken = j->hi - j->lo;
	}
	if (j->have && s->p->regex && !s->counting)
		return search_take_regex(s, j);
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
	if (s->counting && s->cap > 0 && s->count >= s->cap)
		return SEARCH_COUNTED;
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
				return s->counting ? SEARCH_COUNTED :
				    SEARCH_NOT_FOUND;
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
		if ((st = search_take(s, j, budget, start)) == SEARCH_FAILED) {
			if (j->cause == NULL)
				goto failed;
			snprintf(s->error, sizeof s->error, "search failed: %s",
			    j->cause);
			return SEARCH_FAILED;
		}
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

void
search_count(const struct search *s, struct search_count *c)
{
	c->matches = s->count;
	c->before = s->before;
	c->at_known = s->pos > s->at || s->pos >= s->hi;
	c->at_is_match = s->hit;
	c->capped = s->cap > 0 && s->count >= s->cap;
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

