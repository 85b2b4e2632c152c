/*
 * patch.c - parse OFFSET:OLDHEX:NEWHEX patches, check them against the
 * file, and write them in place, putting the old bytes back on failure.
 *
 * Invariants: a parsed patch has len >= 1 old and new bytes and its last
 * byte, offset + len - 1, fits in 64 bits, so no range computation here
 * can wrap.  patch_apply() writes nothing until patch_check() has passed
 * for the whole set; the file is only read (through map_read(), under
 * the SIGBUS guard) before that point.  After it, the checked old bytes
 * are what the file held, so a failed write or sync can be undone; no
 * write reaches past the end (the file never grows).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "addr.h"
#include "errmsg.h"
#include "map.h"
#include "hexdigit.h"
#include "patch.h"
#include "sanitize.h"

/* Longest user text quoted in a message, in bytes, before "...". */
#define PATCH_QUOTE_MAX 48

/* Most bytes of a mismatch shown in a message. */
#define PATCH_SHOW_MAX 16

/* Bytes compared at a time when checking old bytes. */
#define PATCH_CHUNK 4096

/* Is c a blank allowed between bytes? */
static int
patch_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Check that the token of n bytes at t (no blanks in it) is whole hex
 * bytes.  Returns 0, or -1 with errno set and *why set to what is wrong
 * (NULL if memory ran out).
 */
static int
patch_check_token(const char *t, size_t n, char **why)
{
	enum { TOKEN_PREFIX, TOKEN_NOT_HEX, TOKEN_ODD } kind;
	char *quoted;
	size_t i;
	int ret;

	*why = NULL;
	for (i = 0; i < n && hexdigit_value(t[i]) != -1; i++)
		/* nothing */;
	if (n >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'))
		kind = TOKEN_PREFIX;
	else if (i < n)
		kind = TOKEN_NOT_HEX;
	else if (n % 2 != 0)
		kind = TOKEN_ODD;
	else
		return 0;

	quoted = sanitize_quote(t, n, PATCH_QUOTE_MAX);
	if (quoted == NULL) {
		errno = ENOMEM;
		return -1;
	}
	switch (kind) {
	case TOKEN_PREFIX:
		ret = errmsg_set(why, EINVAL, "'%s' has a 0x prefix; write "
		    "the bytes as bare hex digits", quoted);
		break;
	case TOKEN_NOT_HEX:
		ret = errmsg_set(why, EINVAL, "'%s' is not hex", quoted);
		break;
	default:
		ret = errmsg_set(why, EINVAL, "odd number of hex digits in "
		    "'%s'", quoted);
		break;
	}
	free(quoted);
	return ret;
}

/*
 * Parse the hex bytes in the n bytes at text into *bytes (allocated,
 * count in *count).  Returns 0, or -1 with errno set and *why set to what
 * is wrong (NULL if memory ran out).
 */
static int
patch_hex(const char *text, size_t n, unsigned char **bytes, size_t *count,
    char **why)
{
	unsigned char *out;
	size_t i = 0, k, len, used = 0;
	int hi;

	*why = NULL;
	out = malloc(n / 2 + 1);
	if (out == NULL)
		return -1;
	while (i < n) {
		if (patch_blank(text[i])) {
			i++;
			continue;
		}
		len = 0;
		while (i + len < n && !patch_blank(text[i + len]))
			len++;
		if (patch_check_token(text + i, len, why) == -1) {
			free(out);
			return -1;
		}
		for (k = i; k < i + len; k += 2) {
			hi = hexdigit_value(text[k]);
			out[used++] = (unsigned char)(hi << 4 |
			    hexdigit_value(text[k + 1]));
		}
		i += len;
	}
	if (used == 0) {
		free(out);
		return errmsg_set(why, EINVAL, "no bytes given");
	}
	*bytes = out;
	*count = used;
	return 0;
}

void
patch_free(struct patch *p)
{
	free(p->old);
	free(p->new);
	free(p->name);
	memset(p, 0, sizeof *p);
}

/* Parse the offset text of n bytes at s into p->offset. */
static int
patch_parse_offset(const char *s, size_t n, struct patch *p, char **why)
{
	char *text;
	int ret;

	*why = NULL;
	text = strndup(s, n);
	if (text == NULL)
		return -1;
	ret = addr_parse_number(text, &p->offset, why);
	free(text);
	return ret;
}

int
patch_parse(const char *spec, struct patch *p, char **cause)
{
	const char *c1 = NULL, *c2 = NULL;
	char *why = NULL;
	size_t old_len = 0, new_len = 0;
	int ret = -1, errnum;

	memset(p, 0, sizeof *p);
	if (cause != NULL)
		*cause = NULL;
	if (spec == NULL)
		spec = "";
	p->name = sanitize_quote(spec, strlen(spec), PATCH_QUOTE_MAX);
	if (p->name == NULL) {
		errno = ENOMEM;
		goto out;
	}

	c1 = strchr(spec, ':');
	if (c1 != NULL)
		c2 = strchr(c1 + 1, ':');
	if (c2 == NULL || strchr(c2 + 1, ':') != NULL) {
		errmsg_set(cause, EINVAL, "bad patch '%s': want "
		    "OFFSET:OLDHEX:NEWHEX, such as 0x10:7f45:9090", p->name);
		goto out;
	}
	if (patch_parse_offset(spec, (size_t)(c1 - spec), p, &why) == -1) {
		errnum = errno;
		errmsg_set(cause, errnum, "bad patch '%s': offset: %s", p->name,
		    errmsg_show(why, strerror(errnum)));
		goto out;
	}
	free(why);
	if (patch_hex(c1 + 1, (size_t)(c2 - c1 - 1), &p->old, &old_len,
	    &why) == -1) {
		errnum = errno;
		errmsg_set(cause, errnum, "bad patch '%s': old bytes: %s",
		    p->name, errmsg_show(why, strerror(errnum)));
		goto out;
	}
	free(why);
	if (patch_hex(c2 + 1, strlen(c2 + 1), &p->new, &new_len,
	    &why) == -1) {
		errnum = errno;
		errmsg_set(cause, errnum, "bad patch '%s': new bytes: %s",
		    p->name, errmsg_show(why, strerror(errnum)));
		goto out;
	}
	if (old_len != new_len) {
		errmsg_set(cause, EINVAL, "bad patch '%s': %zu old byte%s but "
		    "%zu new; a patch cannot change the size of the file",
		    p->name, old_len, old_len == 1 ? "" : "s", new_len);
		goto out;
	}
	if (old_len - 1 > UINT64_MAX - p->offset) {
		errmsg_set(cause, ERANGE, "bad patch '%s': its %zu bytes at "
		    "0x%" PRIx64 " run past the largest offset, 2^64 - 1",
		    p->name, old_len, p->offset);
		goto out;
	}
	p->len = old_len;
	ret = 0;
out:
	free(why);
	if (ret == -1) {
		errnum = errno;
		patch_free(p);
		errno = errnum;
	}
	return ret;
}

/* Return the n bytes at b as lowercase hex, with "..." if cut is set. */
static char *
patch_hex_string(const unsigned char *b, size_t n, int cut)
{
	static const char digits[] = "0123456789abcdef";
	char *s;
	size_t i;

	if (n > (SIZE_MAX - 4) / 2) {
		errno = ENOMEM;
		return NULL;
	}
	s = malloc(2 * n + 4);
	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[b[i] >> 4];
		s[2 * i + 1] = digits[b[i] & 15];
	}
	strcpy(s + 2 * n, cut ? "..." : "");
	return s;
}

char *
patch_describe(const struct patch *p)
{
	char *old, *new, *line = NULL;

	old = patch_hex_string(p->old, p->len, 0);
	new = patch_hex_string(p->new, p->len, 0);
	if (old != NULL && new != NULL)
		line = errmsg_format("0x%" PRIx64 ": %s -> %s", p->offset, old,
		    new);
	free(old);
	free(new);
	if (line == NULL)
		errno = ENOMEM;
	return line;
}

/* Order patches by offset, then by position in the set. */
static int
patch_compare(const void *a, const void *b)
{
	const struct patch *pa = *(const struct patch *const *)a;
	const struct patch *pb = *(const struct patch *const *)b;

	if (pa->offset != pb->offset)
		return pa->offset < pb->offset ? -1 : 1;
	return pa < pb ? -1 : pa > pb;
}

/* Refuse the first pair of overlapping patches. */
static int
patch_check_overlap(struct map *m, const struct patch *patches, size_t n,
    char **cause)
{
	const struct patch **order, *a, *b, *t;
	size_t i;
	int ret = 0;

	if (n < 2)
		return 0;
	order = calloc(n, sizeof *order);
	if (order == NULL)
		return errmsg_file(cause, map_path(m), ENOMEM, "%s",
		    strerror(ENOMEM));
	for (i = 0; i < n; i++)
		order[i] = &patches[i];
	qsort(order, n, sizeof *order, patch_compare);
	for (i = 1; i < n; i++) {
		a = order[i - 1];
		b = order[i];
		if (a->offset + (a->len - 1) < b->offset)
			continue;
		/* b starts inside a; name them in the order given. */
		if (a > b) {
			t = a;
			a = b;
			b = t;
		}
		ret = errmsg_file(cause, map_path(m), EINVAL, "patches %zu "
		    "'%s' and %zu '%s' overlap at 0x%" PRIx64 "; nothing "
		    "changed",
		    (size_t)(a - patches) + 1, a->name,
		    (size_t)(b - patches) + 1, b->name, order[i]->offset);
		break;
	}
	free(order);
	return ret;
}

/* Refuse patch i for lying (partly) past the end of the file. */
static int
patch_past_end(struct map *m, const struct patch *patches, size_t i,
    char **cause)
{
	const struct patch *p = &patches[i];
	uint64_t size = map_size(m), last = p->offset + (p->len - 1);
	char range[64];

	if (p->len == 1)
		snprintf(range, sizeof range, "byte 0x%" PRIx64, p->offset);
	else
		snprintf(range, sizeof range, "bytes 0x%" PRIx64 "-0x%" PRIx64,
		    p->offset, last);
	return errmsg_file(cause, map_path(m), ERANGE, "patch %zu '%s' goes "
	    "past the end of the file: %s, size %" PRIu64 " (0x%" PRIx64 "); "
	    "nothing changed", i + 1, p->name, range, size, size);
}

/* Refuse patch i, whose old bytes differ from the file's from byte d on. */
static int
patch_mismatch(struct map *m, const struct patch *patches, size_t i,
    size_t d, char **cause)
{
	const struct patch *p = &patches[i];
	unsigned char held[PATCH_SHOW_MAX];
	size_t n = p->len - d < PATCH_SHOW_MAX ? p->len - d : PATCH_SHOW_MAX;
	char *want = NULL, *got = NULL;
	ssize_t r;
	int ret;

	r = map_read(m, p->offset + d, held, n);
	if (r == -1)
		return errmsg_file(cause, map_path(m), errno, "cannot read: "
		    "%s; nothing changed", strerror(errno));
	if ((size_t)r < n)
		return patch_past_end(m, patches, i, cause);
	want = patch_hex_string(p->old + d, n, n < p->len - d);
	got = patch_hex_string(held, n, n < p->len - d);
	if (want == NULL || got == NULL)
		ret = errmsg_file(cause, map_path(m), ENOMEM, "%s",
		    strerror(ENOMEM));
	else
		ret = errmsg_file(cause, map_path(m), EILSEQ, "patch %zu '%s' "
		    "does not match the file: at 0x%" PRIx64 " it holds %s, "
		    "not %s; nothing changed", i + 1, p->name, p->offset + d,
		    got, want);
	free(want);
	free(got);
	return ret;
}

/* Compare patch i's old bytes with the file's. */
static int
patch_check_old(struct map *m, const struct patch *patches, size_t i,
    char **cause)
{
	const struct patch *p = &patches[i];
	unsigned char held[PATCH_CHUNK];
	size_t done, n, k;
	ssize_t r;

	for (done = 0; done < p->len; done += n) {
		n = p->len - done < sizeof held ? p->len - done : sizeof held;
		r = map_read(m, p->offset + done, held, n);
		if (r == -1)
			return errmsg_file(cause, map_path(m), errno,
			    "cannot read: %s; nothing changed",
			    strerror(errno));
		if ((size_t)r < n)	/* the file shrank under us */
			return patch_past_end(m, patches, i, cause);
		if (memcmp(held, p->old + done, n) == 0)
			continue;
		for (k = 0; held[k] == p->old[done + k]; k++)
			/* nothing */;
		return patch_mismatch(m, patches, i, done + k, cause);
	}
	return 0;
}

int
patch_check(struct map *m, const struct patch *patches, size_t n,
    char **cause)
{
	const struct patch *p;
	uint64_t size;
	size_t i;

	if (cause != NULL)
		*cause = NULL;
	if (map_refresh(m) == -1)
		return errmsg_file(cause, map_path(m), errno, "cannot measure "
		    "the file: %s; nothing changed", strerror(errno));
	if (patch_check_overlap(m, patches, n, cause) == -1)
		return -1;
	size = map_size(m);
	for (i = 0; i < n; i++) {
		p = &patches[i];
		if (p->offset >= size || p->len > size - p->offset)
			return patch_past_end(m, patches, i, cause);
	}
	for (i = 0; i < n; i++) {
		if (patch_check_old(m, patches, i, cause) == -1)
			return -1;
	}
	return 0;
}

/*
 * Write the n bytes at buf into the file at off with pwrite(2), adding
 * what got written to *done.  The range must still lie inside the file:
 * a pwrite past the end would grow it, so a file another process cut
 * since the check is refused (EFAULT).  Returns 0, or -1 with errno set.
 */
static int
patch_pwrite(int fd, const unsigned char *buf, size_t n, uint64_t off,
    size_t *done)
{
	uint64_t size;
	ssize_t w;

	if (map_fd_size(fd, &size) == -1)
		return -1;
	if (size < off || n > size - off) {
		errno = EFAULT;
		return -1;
	}
	while (n > 0) {
		w = pwrite(fd, buf, n, (off_t)off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
		off += (uint64_t)w;
		*done += (size_t)w;
	}
	return 0;
}

/* Name a failed write's errno as the user needs it. */
static const char *
patch_strerror(int errnum)
{
	return errnum == EFAULT ? "the file shrank under the write" :
	    strerror(errnum);
}

/*
 * Put the old bytes of the first n patches back (they are what the file
 * held: the check compared them), only the part still inside the file,
 * then fsync.  Returns a new string for the end of the message: that the
 * patches were put back, or that they could not be and where the file is
 * changed; NULL when memory ran out.
 */
static char *
patch_restore(struct map *m, const struct patch *patches, size_t n)
{
	const struct patch *p;
	char *where = NULL, *more, *msg;
	uint64_t size = UINT64_MAX;
	size_t i, len, done, failed = 0;
	int errnum = 0, fd = map_fd(m);

	if (n == 0)
		return errmsg_format("nothing changed");
	if (map_fd_size(fd, &size) == -1)
		size = UINT64_MAX;
	for (i = 0; i < n; i++) {
		p = &patches[i];
		if (p->offset >= size)
			continue;	/* cut off: the new bytes are gone */
		len = p->len;
		if (len > size - p->offset)
			len = (size_t)(size - p->offset);
		done = 0;
		if (patch_pwrite(fd, p->old, len, p->offset, &done) == 0)
			continue;
		errnum = errno;
		if (++failed > 4)
			continue;	/* named four; the count says the rest */
		more = errmsg_format("%s%s0x%" PRIx64 "-0x%" PRIx64
		    " (patch %zu)", where != NULL ? where : "",
		    where != NULL ? ", " : "",
		    p->offset, p->offset + (p->len - 1), i + 1);
		free(where);
		if ((where = more) == NULL)
			return NULL;
	}
	if (failed > 0) {
		msg = errmsg_format("the %s already written could not %sbe put "
		    "back: %s; the file is changed at %s%s",
		    n == 1 ? "patch" : "patches", failed < n ? "all " : "",
		    strerror(errnum), where, failed > 4 ? " and more" : "");
	} else if (fsync(fd) == -1) {
		errnum = errno;
		msg = errmsg_format("the %s already written %s put back, but "
		    "that could not be saved (fsync): %s; the disk may still "
		    "hold the new bytes", n == 1 ? "patch" : "patches",
		    n == 1 ? "was" : "were", strerror(errnum));
	} else if (n == 1) {
		msg = errmsg_format("the patch already written was put back");
	} else {
		msg = errmsg_format("the %zu patches already written were put "
		    "back", n);
	}
	free(where);
	return msg;
}

int
patch_apply(struct map *m, const struct patch *patches, size_t n,
    char **cause)
{
	const struct patch *p;
	char *restored;
	size_t i, done;
	int errnum, ret;

	if (cause != NULL)
		*cause = NULL;
	if (map_mode(m) != MAP_WRITE)
		return errmsg_file(cause, map_path(m), EROFS, "not open for "
		    "writing (-w); nothing changed");
	if (patch_check(m, patches, n, cause) == -1)
		return -1;
	/* pwrite, not a store into the mapping: a hole the disk cannot back
	 * is then ENOSPC, not a SIGBUS, and a failure can be undone. */
	for (i = 0; i < n; i++) {
		p = &patches[i];
		done = 0;
		if (patch_pwrite(map_fd(m), p->new, p->len, p->offset,
		    &done) == 0)
			continue;
		errnum = errno;
		restored = patch_restore(m, patches, i + (done > 0));
		ret = errmsg_file(cause, map_path(m), errnum, "cannot write "
		    "patch %zu '%s' at 0x%" PRIx64 ": %s; %s", i + 1, p->name,
		    p->offset, patch_strerror(errnum), errmsg_show(restored,
		    "the file may hold part of the patches"));
		free(restored);
		return ret;
	}
	if (n > 0 && fsync(map_fd(m)) == -1) {
		/* The data may not be on disk: write the old bytes again (a
		 * writeback error leaves the pages clean) and sync those. */
		errnum = errno;
		restored = patch_restore(m, patches, n);
		ret = errmsg_file(cause, map_path(m), errnum, "cannot save the "
		    "patches (fsync): %s; %s", strerror(errnum),
		    errmsg_show(restored, "the file may hold part of them"));
		free(restored);
		return ret;
	}
	return 0;
}
