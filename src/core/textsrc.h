/*
 * textsrc.h - where the text view and the line index get their bytes.
 *
 * A byte source is a read callback, its context and the size of the file
 * as last measured.  In the program read() wraps map_read() (SIGBUS-safe,
 * short when the file shrank); the tests serve buffers from memory.
 */
#ifndef MMHEX_TEXTSRC_H
#define MMHEX_TEXTSRC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct textsrc {
	/* Copy up to n bytes at offset into buf.  Returns the bytes read
	 * (short at EOF), or -1 with errno set on error. */
	ssize_t (*read)(void *ctx, uint64_t offset, unsigned char *buf,
	    size_t n);
	void *ctx;		/* passed to read() and next_data() */
	uint64_t size;		/* file size as last measured */
	/* Return the first offset at or after offset that may hold a byte
	 * other than zero (the end of a hole; the size when only a hole
	 * follows; offset itself when unknown).  NULL: no holes known. */
	uint64_t (*next_data)(void *ctx, uint64_t offset);
};

#endif
