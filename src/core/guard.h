/*
 * guard.h - read a file mapping without dying of SIGBUS.
 *
 * Another process may truncate a mapped file at any time; touching a page
 * that now lies past the end of the file raises SIGBUS.  Every read of a
 * mapping goes through guard_copy(), which copies under a SIGBUS handler
 * that jumps back to the copy when, and only when, the faulting address
 * lies inside the range being copied.  Any other SIGBUS is passed on to
 * the default action.
 *
 * The guard is per thread and not re-entrant: no guarded copy happens
 * inside another.  No allocation and no curses call happens inside it.
 */
#ifndef MMHEX_GUARD_H
#define MMHEX_GUARD_H

#include <pthread.h>
#include <stddef.h>

/*
 * Install the SIGBUS handler.  Called once by map_open(); further calls do
 * nothing.  Returns 0, or -1 with errno set when sigaction fails.
 */
int guard_init(void);

/*
 * Copy n bytes from src (inside a file mapping) to dst.
 * Returns 0 when all n bytes were copied, or -1 with errno EFAULT when a
 * SIGBUS hit the source range; dst then holds an unspecified prefix.
 */
int guard_copy(void *dst, const void *src, size_t n);

/*
 * Copy n bytes from src to dst, where dst lies inside a writable file
 * mapping.  Returns 0, or -1 with errno EFAULT when a SIGBUS hit the
 * destination range (a prefix may have been written).
 */
int guard_write(void *dst, const void *src, size_t n);

/*
 * Call fn(arg) with reads of [lo, lo + n) guarded: a SIGBUS inside that
 * range makes guard_run() return -1 with errno EFAULT instead of killing
 * the process.  fn must not allocate, lock, or leave state half-updated
 * that a jump out of it would corrupt.  Returns fn's own return value
 * otherwise.  Used by bulk readers (dump, search) that consume the mapping
 * in place instead of copying it.
 */
int guard_run(const void *lo, size_t n, int (*fn)(void *arg), void *arg);

/*
 * Start a thread (pthread_create(thread, NULL, fn, arg)) that takes no
 * asynchronous signal: the front end's handlers only set flags, and its
 * own poll() must be the call they wake.  The signals a thread raises by
 * itself stay deliverable to it: SIGBUS (so the guard works there),
 * SIGSEGV, and SIGPIPE (a writer to a closed pipe dies as the program
 * would).  Returns 0, or -1 with errno set.
 */
int guard_thread_create(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
