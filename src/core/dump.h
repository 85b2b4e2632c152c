/*
 * dump.h - print a file the way xxd does, straight from the mapping.
 *
 * The output is byte for byte what `xxd FILE` prints, and with a start
 * offset and a length what `xxd -s OFF -l LEN FILE` prints: 16 bytes a
 * line, "%08x: " offsets (wider when needed), hex in groups of two bytes,
 * then the characters with non-printable bytes as '.'.
 */
#ifndef MMHEX_DUMP_H
#define MMHEX_DUMP_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

/* Longest line dump_format_line() writes, newline included. */
#define DUMP_LINE_MAX 96

/* Format one line for the n (1..16) bytes at offset into out (at least
 * DUMP_LINE_MAX bytes).  Returns the line's length, '\n' included. */
size_t dump_format_line(char *out, uint64_t offset,
    const unsigned char *bytes, size_t n);

/* What a dump's start offset counts from (xxd -s N and -s -N). */
enum dump_origin {
	DUMP_FROM_START,		/* start is bytes after the first */
	DUMP_FROM_END			/* start is bytes before the end */
};

/*
 * Write the dump of [start, start + len) of m to fd; len UINT64_MAX means
 * to the end of the file.  With DUMP_FROM_END, start counts back from the
 * end as the file is when the dump begins (0: at the end, nothing to
 * print); the offsets printed are from the first byte, as xxd prints them.
 * A start past the end prints nothing.  If the file shrinks while
 * dumping, the dump stops at the new end (the map keeps MAP_EV_SHRANK in
 * its events).
 * Returns 0; 1 when the file shrank and the dump ended before the range
 * asked for (what was printed is right, up to the new end, map_size());
 * or -1 with *cause set (caller frees): errno EINVAL when a start from
 * the end lies before the first byte (nothing is written), else the error
 * of a read or write that failed.
 */
int dump_xxd(struct map *m, uint64_t start, enum dump_origin origin,
    uint64_t len, int fd, char **cause);

/*
 * Write the dump of [start, start + len) of the input in (a pipe:
 * read, never mapped; bytes before start are read and dropped) to fd as
 * xxd prints it; len UINT64_MAX means to the end of the input.  Returns
 * 0, or -1 with *cause set (caller frees) when a read or write failed.
 */
int dump_stream(int in, uint64_t start, uint64_t len, int fd, char **cause);

#endif
