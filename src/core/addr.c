/*
 * addr.c - goto expressions: where the user wants the cursor to go.
 *
 * A small recursive-descent parser over the expression text.  The terms
 * are added up in two unsigned sums, one for the terms that are added and
 * one for those that are subtracted, so that the order of the terms does
 * not matter ("16-32+end" works) and no intermediate value can wrap: a sum
 * that would pass 2^64 - 1 is an error, and so is a result below zero.
 * The one subtraction is done at the very end, once it is known not to
 * go negative.
 *
 * Invariants: *result is written only on success; on failure *cause gets
 * a message built from sanitised text (the expression may hold anything
 * a user can type or paste), or NULL when memory ran out.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "errmsg.h"
#include "hexdigit.h"
#include "sanitize.h"

/* Longest piece of the user's text quoted in a message, in bytes. */
#define ADDR_QUOTE_MAX 32

/* Where the parser is. */
struct addr_parser {
	const char *p;		/* next character of the expression */
	uint64_t cursor;	/* value of '.' */
	uint64_t size;		/* value of 'end' and '$' */
	int end_used;		/* a term referred to the end of the file */
	char **cause;		/* where errors go, may be NULL */
};

/* Fail with "BEFORE'TEXT'AFTER", TEXT being the len bytes at s. */
static int
addr_fail_quoted(char **cause, int errnum, const char *before, const char *s,
    size_t len, const char *after)
{
	char *quoted;
	int ret;

	if (cause == NULL)
		return errmsg_set(NULL, errnum, "%s", before);
	quoted = sanitize_quote(s, len, ADDR_QUOTE_MAX);
	if (quoted == NULL)
		return errmsg_set(NULL, ENOMEM, "%s", before);
	ret = errmsg_set(cause, errnum, "%s'%s'%s", before, quoted, after);
	free(quoted);
	return ret;
}

/* Is c a blank that may stand between tokens? */
static int
addr_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	    c == '\f';
}

/* Is c a character of a word (a number, a unit, 'end')? */
static int
addr_is_word(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_';
}

/* Return the shift for unit letter c (k, m, g, t), or 0 if none. */
static unsigned
addr_unit_shift(char c)
{
	switch (c) {
	case 'k':
	case 'K':
		return 10;
	case 'm':
	case 'M':
		return 20;
	case 'g':
	case 'G':
		return 30;
	case 't':
	case 'T':
		return 40;
	}
	return 0;
}

/* Skip blanks. */
static const char *
addr_skip_blanks(const char *p)
{
	while (addr_is_blank(*p))
		p++;
	return p;
}

/* Is the word of len bytes at w 'end', in any case? */
static int
addr_is_end(const char *w, size_t len)
{
	return len == 3 && (w[0] == 'e' || w[0] == 'E') &&
	    (w[1] == 'n' || w[1] == 'N') && (w[2] == 'd' || w[2] == 'D');
}

/* Return the length of the token at p (a word or one character), for
 * quoting it whole in a message. */
static size_t
addr_token_length(const char *p)
{
	size_t n = 1;

	if (addr_is_word(*p)) {
		while (addr_is_word(p[n]))
			n++;
	} else if ((unsigned char)*p >= 0xc0) {
		while (n < 4 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n++;
	}
	return n;
}

/*
 * Evaluate the word of len bytes at w as a number with an optional unit:
 * decimal, 0x hex, or hex with an h suffix.  Stores the value and whether
 * a unit was given.  Returns 0, or -1 with *cause set.
 */
static int
addr_number(const char *w, size_t len, uint64_t *value, int *has_unit,
    char **cause)
{
	size_t i = 0, digits_end;
	uint64_t v = 0;
	unsigned base = 10, shift = 0;
	int d, prefixed;

	prefixed = len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
	if (prefixed) {
		base = 16;
		i = 2;
		digits_end = i;
		while (digits_end < len && hexdigit_value(w[digits_end]) >= 0)
			digits_end++;
	} else {
		/* A run of hex digits is hex if an 'h' follows it. */
		digits_end = 0;
		while (digits_end < len && hexdigit_value(w[digits_end]) >= 0)
			digits_end++;
		if (digits_end < len &&
		    (w[digits_end] == 'h' || w[digits_end] == 'H'))
			base = 16;
	}
	if (digits_end == i)
		goto bad;
	for (; i < digits_end; i++) {
		d = hexdigit_value(w[i]);
		if (base == 10 && d > 9)
			goto bad;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			goto too_large;
		v = v * base + (unsigned)d;
	}
	if (base == 16 && !prefixed && i < len)
		i++;			/* the 'h' */
	if (i < len) {
		shift = addr_unit_shift(w[i]);
		if (shift == 0 || i + 1 != len)
			goto bad;
		if (v > (UINT64_MAX >> shift))
			goto too_large;
		v <<= shift;
	}
	*value = v;
	*has_unit = shift != 0;
	return 0;

bad:
	return addr_fail_quoted(cause, EINVAL, "bad number ", w, len, "");
too_large:
	return addr_fail_quoted(cause, ERANGE, "number ", w, len,
	    " is too large");
}

/* Return floor(percent * size / 100) in *value, or -1 if it overflows. */
static int
addr_percent(uint64_t percent, uint64_t size, uint64_t *value)
{
	uint64_t a = percent / 100, b = percent % 100;
	uint64_t c = size / 100, d = size % 100;
	uint64_t whole, part;

	/*
	 * percent * size / 100 = a * size + b * size / 100, and
	 * b * size / 100 = b * c + b * d / 100 with b, d < 100, so no
	 * product below can wrap unless the answer itself is too large.
	 */
	if (a != 0 && size > UINT64_MAX / a)
		return -1;
	whole = a * size;
	part = b * c + b * d / 100;	/* at most 99 * (2^64 / 100) + 98 */
	if (whole > UINT64_MAX - part)
		return -1;
	*value = whole + part;
	return 0;
}

/* Evaluate one term at ap->p and move past it; after is the operator
 * before it (0 for the first term), for messages. */
static int
addr_term(struct addr_parser *ap, char after, uint64_t *value)
{
	const char *w = ap->p, *p;
	size_t len;
	int has_unit;

	if (*w == '\0') {
		return errmsg_set(ap->cause, EINVAL,
		    "expected an offset after '%c'", after);
	}
	if (*w == '.') {
		ap->p++;
		*value = ap->cursor;
		return 0;
	}
	if (*w == '$') {
		ap->p++;
		ap->end_used = 1;
		*value = ap->size;
		return 0;
	}
	if (!addr_is_word(*w)) {
		return addr_fail_quoted(ap->cause, EINVAL, "unexpected ", w,
		    addr_token_length(w), "");
	}
	for (len = 0; addr_is_word(w[len]); len++)
		/* nothing */;
	ap->p = w + len;
	if (addr_is_end(w, len)) {
		ap->end_used = 1;
		*value = ap->size;
		return 0;
	}
	if (addr_number(w, len, value, &has_unit, ap->cause) != 0)
		return -1;
	p = addr_skip_blanks(ap->p);
	if (*p != '%')
		return 0;
	ap->p = p + 1;
	if (has_unit) {
		return addr_fail_quoted(ap->cause, EINVAL, "bad percentage ", w,
		    (size_t)(ap->p - w), "");
	}
	ap->end_used = 1;
	if (addr_percent(*value, ap->size, value) != 0)
		return errmsg_set(ap->cause, ERANGE, "offset is too large");
	return 0;
}

/* Check that offset is a cursor position in a file of size bytes. */
static int
addr_check_range(uint64_t offset, uint64_t size, char **cause)
{
	if (offset < size || offset == 0)
		return 0;
	return errmsg_set(cause, ERANGE, "offset 0x%" PRIx64 " (%" PRIu64 ") "
	    "is past the end of the file (size %" PRIu64 ")", offset, offset,
	    size);
}

int
addr_parse(const char *expr, uint64_t cursor, uint64_t size,
    uint64_t *result, char **cause)
{
	struct addr_parser ap;
	uint64_t added = 0, taken = 0, value, offset;
	int relative = 0;
	char op = '+';

	if (cause != NULL)
		*cause = NULL;
	ap.p = addr_skip_blanks(expr != NULL ? expr : "");
	ap.cursor = cursor;
	ap.size = size;
	ap.end_used = 0;
	ap.cause = cause;
	if (*ap.p == '\0')
		return errmsg_set(cause, EINVAL, "empty expression");

	if (*ap.p == '+' || *ap.p == '-') {
		relative = 1;
		added = cursor;
		op = *ap.p++;
	}
	for (;;) {
		ap.p = addr_skip_blanks(ap.p);
		if (addr_term(&ap, op, &value) != 0)
			return -1;
		if (op == '+') {
			if (added > UINT64_MAX - value)
				goto too_large;
			added += value;
		} else {
			if (taken > UINT64_MAX - value)
				goto too_large;
			taken += value;
		}
		ap.p = addr_skip_blanks(ap.p);
		if (*ap.p == '\0')
			break;
		if (*ap.p != '+' && *ap.p != '-') {
			return addr_fail_quoted(cause, EINVAL, "unexpected ",
			    ap.p, addr_token_length(ap.p), "");
		}
		op = *ap.p++;
	}

	if (taken > added)
		return errmsg_set(cause, ERANGE,
		    "offset is before the start of the file");
	offset = added - taken;
	/* 'end', '$' and '100%' name the last byte when they land on the end. */
	if (!relative && ap.end_used && size != 0 && offset == size)
		offset = size - 1;
	if (addr_check_range(offset, size, cause) != 0)
		return -1;
	*result = offset;
	return 0;

too_large:
	return errmsg_set(cause, ERANGE, "offset is too large");
}

int
addr_parse_number(const char *text, uint64_t *result, char **cause)
{
	const char *start, *end;
	uint64_t value;
	size_t len;
	int has_unit;

	if (cause != NULL)
		*cause = NULL;
	start = addr_skip_blanks(text != NULL ? text : "");
	if (*start == '\0')
		return errmsg_set(cause, EINVAL, "empty number");
	for (len = 0; addr_is_word(start[len]); len++)
		/* nothing */;
	end = addr_skip_blanks(start + len);
	if (len == 0 || *end != '\0') {
		/* Quote the whole text, trailing blanks aside. */
		len = strlen(start);
		while (len > 0 && addr_is_blank(start[len - 1]))
			len--;
		return addr_fail_quoted(cause, EINVAL, "bad number ", start,
		    len, "");
	}
	if (addr_number(start, len, &value, &has_unit, cause) != 0)
		return -1;
	*result = value;
	return 0;
}
