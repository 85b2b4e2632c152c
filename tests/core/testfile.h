/*
 * testfile.h - temporary files for the core tests.
 *
 * Every file lives in a private directory under $TMPDIR (or /tmp) that
 * testfile_cleanup() removes.
 */
#ifndef MMHEX_TESTFILE_H
#define MMHEX_TESTFILE_H

#include <stddef.h>
#include <stdint.h>

/* Create a file holding the n bytes at bytes; returns its path (static
 * storage, valid until the next call).  Aborts the test on failure. */
const char *testfile_make(const void *bytes, size_t n);

/* Create a file of n bytes of a deterministic pseudo-random pattern
 * seeded by seed; the byte at offset i is testfile_byte(seed, i). */
const char *testfile_pattern(size_t n, unsigned seed);

/* Return the pattern byte at offset i for seed. */
unsigned char testfile_byte(unsigned seed, uint64_t i);

/* Create a sparse file of size bytes (holes read as zeros) with the n
 * bytes at tail written at offset size - n. */
const char *testfile_sparse(uint64_t size, const void *tail, size_t n);

/* Return a fresh path in the test directory that does not exist yet. */
const char *testfile_path(const char *name);

/* Remove the test directory and everything in it. */
void testfile_cleanup(void);

#endif
