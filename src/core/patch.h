/*
 * patch.h - patch a file in place from the command line, checked first.
 *
 * A patch is written OFFSET:OLDHEX:NEWHEX, for example 0x10:7f45:9090:
 * at OFFSET the file must hold the bytes OLDHEX, and they become NEWHEX.
 *
 *   OFFSET  a plain number as addr_parse_number() takes it: decimal, 0x
 *           hex, h-suffixed hex, with an optional k/m/g/t unit (4k).
 *   OLDHEX  the bytes as hex digits, two a byte, either case.  Blanks
 *   NEWHEX  (space, tab) may separate bytes, not the two digits of one:
 *           "7f45", "7F 45" and " 7f  45 " are the same two bytes.  No
 *           0x prefix.
 *
 * OLDHEX and NEWHEX must be the same length, at least one byte: mmhex
 * never changes the size of a file.
 *
 * A set of patches is all or nothing as far as checking goes: before any
 * byte is written, every patch must lie inside the file, no two may
 * overlap (touching is fine), and every OLDHEX must equal what the file
 * holds now.  The first failed check is reported and the file is left
 * alone.  Checking and writing are not atomic against other writers: a
 * process that changes the file between the two is not detected.
 *
 * Messages name a patch by its position in the set (1 for the first) and
 * its text as given, sanitised and shortened when long:
 * "patch 2 '0x10:7f45:9090'".
 */
#ifndef MMHEX_PATCH_H
#define MMHEX_PATCH_H

#include <stddef.h>
#include <stdint.h>

#include "map.h"

struct patch {
	uint64_t offset;	/* first byte patched */
	size_t len;		/* bytes in old and in new, >= 1 */
	unsigned char *old;	/* len bytes the file must hold */
	unsigned char *new;	/* len bytes written in their place */
	char *name;		/* the spec, sanitised and shortened */
};

/*
 * Parse spec (OFFSET:OLDHEX:NEWHEX, see above) into *p.  On success the
 * fields of *p are allocated (free them with patch_free()), offset +
 * len - 1 does not overflow, and *cause (if cause is not NULL) is NULL.
 * Returns 0, or -1 with errno EINVAL (malformed), ERANGE (the offset or
 * the end of the patch does not fit in 64 bits) or ENOMEM, *p left with
 * no allocations, and *cause set to a message the caller frees, such as
 * "bad patch '0x10:7f4:9090': old bytes: odd number of hex digits in
 * '7f4'" (NULL only when even the message could not be allocated).  A
 * NULL spec is the empty string.  cause may be NULL.
 */
int patch_parse(const char *spec, struct patch *p, char **cause);

/* Free what patch_parse() allocated in *p (not p itself).  A zeroed or
 * already freed struct patch is allowed. */
void patch_free(struct patch *p);

/*
 * Check the n patches at patches against the file mapped by m, without
 * writing: the map is re-measured, then the checks run in this order and
 * the first failure is reported:
 * - no two patches overlap: "patches 1 'A' and 3 'B' overlap at 0x11";
 * - every patch lies inside the file: "patch 2 'B' goes past the end of
 *   the file: bytes 0xffe-0x1000, size 4096 (0x1000)";
 * - every old equals the file's bytes: "patch 1 'A' does not match the
 *   file: at 0x11 it holds 46, not 45", the hex starting at the first
 *   byte that differs, at most 16 bytes of it ("..." when cut).
 * n may be 0.  Returns 0, or -1 with *cause set to "NAME: what; nothing
 * changed" (NAME being the file's sanitised path) and errno EINVAL
 * (overlap), ERANGE (past the end), EILSEQ (mismatch), ENOMEM or what a
 * read failed with.  cause may be NULL.
 */
int patch_check(struct map *m, const struct patch *patches, size_t n,
    char **cause);

/*
 * Check the patches as patch_check() does and, only if all pass, write
 * each one's new bytes into the file with pwrite(2) on the map's
 * descriptor (in the order given; the shared mapping shows them at once)
 * and fsync() the file.  m must be a MAP_WRITE map (errno EROFS
 * otherwise, nothing written).  Returns 0, or -1 with *cause set to
 * "NAME: what" and errno set.  A failed check changes nothing.  When a
 * write fails (errno EFAULT: the file shrank under it) or the fsync
 * does, the old bytes of the patches already written are written back
 * (they are what the file held) and synced, and the message ends with
 * the outcome: "...; the 2 patches already written were put back", or
 * "...; the patch already written could not be put back: REASON; the
 * file is changed at 0x10-0x11 (patch 1)" (up to four places named).
 * cause may be NULL.
 */
int patch_apply(struct map *m, const struct patch *patches, size_t n,
    char **cause);

/*
 * Return "0x10: 7f45 -> 9090" for p: the offset in lowercase hex, old and
 * new bytes in full.  Caller frees; NULL with errno ENOMEM.
 */
char *patch_describe(const struct patch *p);

#endif
