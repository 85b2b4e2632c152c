/*
 * allocfail.c - the malloc, calloc and realloc wrappers of allocfail.h.
 *
 * Plain counters, no locking: the core tests run one test per process
 * (CK_FORK) and arm the wrappers on the test's own thread.
 */
#include <errno.h>
#include <stddef.h>

#include "allocfail.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t nmemb, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t nmemb, size_t size);
void *__wrap_realloc(void *p, size_t n);

static int armed;			/* failing is on */
static unsigned long pass;		/* allocations still to let through */
static unsigned long left;		/* then: failures still to make */
static unsigned long failed;		/* failures made since arming */

void
allocfail_arm(unsigned long after, unsigned long count)
{
	pass = after;
	left = count;
	failed = 0;
	armed = 1;
}

unsigned long
allocfail_disarm(void)
{
	armed = 0;
	return failed;
}

/* Decide whether this allocation fails (and set errno if it does). */
static int
allocfail_now(void)
{
	if (!armed || left == 0)
		return 0;
	if (pass > 0) {
		pass--;
		return 0;
	}
	if (left != ALLOCFAIL_ALL)
		left--;
	failed++;
	errno = ENOMEM;
	return 1;
}

void *
__wrap_malloc(size_t n)
{
	return allocfail_now() ? NULL : __real_malloc(n);
}

void *
__wrap_calloc(size_t nmemb, size_t size)
{
	return allocfail_now() ? NULL : __real_calloc(nmemb, size);
}

void *
__wrap_realloc(void *p, size_t n)
{
	return allocfail_now() ? NULL : __real_realloc(p, n);
}
