/*
 * allocfail.h - make allocations fail on demand, in the core tests.
 *
 * check-core is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,
 * so every call of those three from the core library and from the tests
 * goes through the wrappers in allocfail.c; calls made inside the C
 * library (asprintf's, strdup's, sanitize's vsnprintf) do not.  Disarmed,
 * the wrappers pass every call straight through: the production code is
 * the same code, with no hook in it.
 *
 * Arm just around the call under test and disarm before asserting: the
 * Check library is linked statically and its own allocations would fail
 * too.
 */
#ifndef MMHEX_ALLOCFAIL_H
#define MMHEX_ALLOCFAIL_H

/* A count meaning "every allocation from then on". */
#define ALLOCFAIL_ALL (~0ul)

/* Let the next `after` allocations succeed, then fail `count` of them
 * (ALLOCFAIL_ALL: all) with errno ENOMEM; later ones succeed again. */
void allocfail_arm(unsigned long after, unsigned long count);

/* Stop failing allocations; return how many failed since the last
 * allocfail_arm(). */
unsigned long allocfail_disarm(void);

#endif
