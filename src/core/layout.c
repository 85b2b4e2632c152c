/*
 * layout.c - record layouts in Python struct syntax (layout.h).
 *
 * The parser walks the format as CPython's _struct.c (prepare_s) does:
 * order character, then counts and codes, aligning each code in native
 * mode.  Invariants of a parsed layout: fields in offset order, each
 * inside [0, size] ("0s" is a field of no bytes); size at most LAYOUT_SIZE_MAX; nfields at most
 * LAYOUT_FIELDS_MAX; every name unique.
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "inspect.h"
#include "layout.h"
#include "sanitize.h"

/* One struct code: its standard and native size (0: native only). */
struct layout_code {
	char code;
	unsigned char std_size;
	unsigned char native_size;
	enum layout_type type;
};

static const struct layout_code layout_codes[] = {
	{ 'x', 1, 1, LAYOUT_BYTES },
	{ 'c', 1, 1, LAYOUT_BYTES },
	{ 'b', 1, 1, LAYOUT_INT },
	{ 'B', 1, 1, LAYOUT_UINT },
	{ '?', 1, 1, LAYOUT_BOOL },
	{ 'h', 2, 2, LAYOUT_INT },
	{ 'H', 2, 2, LAYOUT_UINT },
	{ 'i', 4, 4, LAYOUT_INT },
	{ 'I', 4, 4, LAYOUT_UINT },
	{ 'l', 4, 8, LAYOUT_INT },
	{ 'L', 4, 8, LAYOUT_UINT },
	{ 'q', 8, 8, LAYOUT_INT },
	{ 'Q', 8, 8, LAYOUT_UINT },
	{ 'n', 0, 8, LAYOUT_INT },
	{ 'N', 0, 8, LAYOUT_UINT },
	{ 'e', 2, 2, LAYOUT_FLOAT },
	{ 'f', 4, 4, LAYOUT_FLOAT },
	{ 'd', 8, 8, LAYOUT_FLOAT },
	{ 's', 1, 1, LAYOUT_BYTES },
	{ 'p', 1, 1, LAYOUT_BYTES },
	{ 'P', 0, 8, LAYOUT_UINT },
};

/* Return the code c, or NULL. */
static const struct layout_code *
code_find(char c)
{
	size_t i;

	for (i = 0; i < sizeof layout_codes / sizeof layout_codes[0]; i++) {
		if (layout_codes[i].code == c)
			return &layout_codes[i];
	}
	return NULL;
}

/* Fail with a message quoting the n bytes at text. */
static void *
layout_error(char **cause, const char *what, const char *text, size_t n)
{
	char *quoted = sanitize_quote(text, n, 40);

	if (quoted != NULL)
		errmsg_set(cause, EINVAL, "%s: '%s'", what, quoted);
	else
		errmsg_set(cause, EINVAL, "%s", what);
	free(quoted);
	errno = EINVAL;
	return NULL;
}

/* Append a field (no name yet); -1 when there are too many. */
static int
field_add(struct layout *l, size_t *room, const struct layout_code *c,
    size_t offset, size_t size)
{
	struct layout_field *bigger;

	if (l->nfields == LAYOUT_FIELDS_MAX) {
		errno = E2BIG;
		return -1;
	}
	if (l->nfields == *room) {
		*room = *room == 0 ? 8 : *room * 2;
		bigger = realloc(l->fields, *room * sizeof *bigger);
		if (bigger == NULL)
			return -1;
		l->fields = bigger;
	}
	l->fields[l->nfields].name = NULL;
	l->fields[l->nfields].code = c->code;
	l->fields[l->nfields].type = c->type;
	l->fields[l->nfields].offset = offset;
	l->fields[l->nfields].size = size;
	l->nfields++;
	return 0;
}

/* Parse the format (n bytes at fmt) into l's fields and size. */
static int
parse_format(struct layout *l, const char *fmt, size_t n, char **cause)
{
	const struct layout_code *c;
	size_t i = 0, count, size, room = 0, offset = 0, k;

	l->mode = '@';
	if (n > 0 && strchr("@=<>!", fmt[0]) != NULL)
		l->mode = fmt[i++];
	l->big = l->mode == '>' || l->mode == '!';
	while (i < n) {
		count = 1;
		if (isdigit((unsigned char)fmt[i])) {
			for (count = 0; i < n && isdigit((unsigned char)
			    fmt[i]); i++) {
				count = count * 10 + (size_t)(fmt[i] - '0');
				if (count > LAYOUT_SIZE_MAX)
					return errmsg_set(cause, EINVAL,
					    "struct too large (at most %u "
					    "bytes)", LAYOUT_SIZE_MAX);
			}
			if (i == n)
				return errmsg_set(cause, EINVAL, "repeat count "
				    "given without format specifier");
		}
		c = code_find(fmt[i]);
		if (c == NULL || (l->mode != '@' && c->std_size == 0)) {
			layout_error(cause, "bad char in struct format",
			    fmt + i, 1);
			return -1;
		}
		i++;
		size = l->mode == '@' ? c->native_size : c->std_size;
		if (l->mode == '@' && offset % size != 0)
			offset += size - offset % size;
		if (c->code == 's' || c->code == 'p' || c->code == 'x') {
			size = count;
			count = c->code == 'x' ? 0 : 1;
		}
		if (size * (c->code == 'x' || c->code == 's' ||
		    c->code == 'p' ? 1 : count) > LAYOUT_SIZE_MAX - offset)
			return errmsg_set(cause, EINVAL, "struct too large (at "
			    "most %u bytes)", LAYOUT_SIZE_MAX);
		for (k = 0; k < count; k++) {
			if (field_add(l, &room, c, offset, size) == -1)
				return errno == ENOMEM ? errmsg_errno(cause,
				    "cannot parse the struct") :
				    errmsg_set(cause, EINVAL, "too many fields "
				    "(at most %u)", LAYOUT_FIELDS_MAX);
			offset += size;
		}
		if (c->code == 'x' || count == 0)
			offset += c->code == 'x' ? size : 0;
	}
	l->size = offset;
	return 0;
}

/* Is the n bytes at s a name: [A-Za-z_][A-Za-z0-9_]*? */
static int
name_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++) {
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	}
	return 1;
}

/* Give the fields the names in the text at names (blank-separated). */
static int
parse_names(struct layout *l, const char *names, char **cause)
{
	const char *p = names;
	size_t i = 0, n, j;
	char fallback[24];

	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0')
			break;
		n = strcspn(p, " \t");
		if (!name_valid(p, n)) {
			layout_error(cause, "bad field name", p, n);
			return -1;
		}
		if (i < l->nfields) {
			l->fields[i].name = strndup(p, n);
			if (l->fields[i].name == NULL)
				return errmsg_errno(cause, "cannot parse the "
				    "struct");
		}
		i++;
		p += n;
	}
	if (i != 0 && i != l->nfields)
		return errmsg_set(cause, EINVAL, "%zu value%s but %zu name%s",
		    l->nfields, l->nfields == 1 ? "" : "s", i,
		    i == 1 ? "" : "s");
	for (i = 0; i < l->nfields; i++) {
		if (l->fields[i].name == NULL) {
			snprintf(fallback, sizeof fallback, "f%zu", i);
			l->fields[i].name = strdup(fallback);
			if (l->fields[i].name == NULL)
				return errmsg_errno(cause, "cannot parse the "
				    "struct");
		}
		for (j = 0; j < i; j++) {
			if (strcmp(l->fields[i].name, l->fields[j].name) == 0)
				return errmsg_set(cause, EINVAL, "field name "
				    "given twice: '%s'", l->fields[i].name);
		}
	}
	return 0;
}

struct layout *
layout_parse(const char *spec, char **cause)
{
	struct layout *l;
	const char *fmt = spec + strspn(spec, " \t");
	size_t n = strcspn(fmt, " \t");

	l = calloc(1, sizeof *l);
	if (l == NULL) {
		errmsg_errno(cause, "cannot parse the struct");
		return NULL;
	}
	if (parse_format(l, fmt, n, cause) == -1 ||
	    parse_names(l, fmt + n, cause) == -1) {
		layout_free(l);
		return NULL;
	}
	return l;
}

void
layout_free(struct layout *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nfields; i++)
		free(l->fields[i].name);
	free(l->fields);
	free(l);
}

size_t
layout_text_max(const struct layout *l)
{
	size_t i, max = 48;

	for (i = 0; i < l->nfields; i++) {
		if (l->fields[i].type == LAYOUT_BYTES &&
		    4 * l->fields[i].size + 4 > max)
			max = 4 * l->fields[i].size + 4;
	}
	return max;
}

/* Read the field's bytes as an unsigned integer. */
static uint64_t
field_uint(const struct layout *l, const struct layout_field *f,
    const unsigned char *record)
{
	const unsigned char *b = record + f->offset;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < f->size; i++)
		v = v << 8 | b[l->big ? i : f->size - 1 - i];
	return v;
}

/* Read a float field as a double. */
static double
field_double(const struct layout *l, const struct layout_field *f,
    const unsigned char *record)
{
	uint64_t v = field_uint(l, f, record);
	uint32_t u32 = (uint32_t)v;
	float fl;
	double d;

	if (f->size == 2)
		return inspect_half_to_double((uint16_t)v);
	if (f->size == 4) {
		memcpy(&fl, &u32, sizeof fl);
		return fl;
	}
	memcpy(&d, &v, sizeof d);
	return d;
}

/* Read a signed integer field. */
static int64_t
field_int(const struct layout *l, const struct layout_field *f,
    const unsigned char *record)
{
	uint64_t v = field_uint(l, f, record), sign;

	if (f->size == 8)
		return (int64_t)v;
	sign = UINT64_C(1) << (8 * f->size - 1);
	return (int64_t)(v ^ sign) - (int64_t)sign;
}

/* Write the n bytes at b as a Python bytes literal; returns the length
 * written (cut at size - 1). */
static size_t
bytes_repr(const unsigned char *b, size_t n, char *out, size_t size)
{
	char quote = '\'', piece[8];
	size_t len = 0, i, k, plen;

	if (memchr(b, '\'', n) != NULL && memchr(b, '"', n) == NULL)
		quote = '"';
	for (i = 0; i < n + 3; i++) {
		if (i == 0)
			plen = (size_t)snprintf(piece, sizeof piece, "b%c",
			    quote);
		else if (i == n + 2)
			break;
		else if (i == n + 1)
			plen = (size_t)snprintf(piece, sizeof piece, "%c",
			    quote);
		else {
			unsigned char c = b[i - 1];

			if (c == '\\' || c == (unsigned char)quote)
				plen = (size_t)snprintf(piece, sizeof piece,
				    "\\%c", c);
			else if (c == '\t')
				plen = (size_t)snprintf(piece, sizeof piece,
				    "\\t");
			else if (c == '\n')
				plen = (size_t)snprintf(piece, sizeof piece,
				    "\\n");
			else if (c == '\r')
				plen = (size_t)snprintf(piece, sizeof piece,
				    "\\r");
			else if (c < 0x20 || c >= 0x7f)
				plen = (size_t)snprintf(piece, sizeof piece,
				    "\\x%02x", c);
			else
				plen = (size_t)snprintf(piece, sizeof piece,
				    "%c", c);
		}
		for (k = 0; k < plen && len + 1 < size; k++)
			out[len++] = piece[k];
	}
	if (size > 0)
		out[len] = '\0';
	return len;
}

size_t
layout_format(const struct layout *l, size_t i, const unsigned char *record,
    char *out, size_t size)
{
	const struct layout_field *f = &l->fields[i];
	const unsigned char *b = record + f->offset;
	size_t n = f->size, len;
	int w;

	switch (f->type) {
	case LAYOUT_BYTES:
		if (f->code == 'p') {
			len = n > 0 ? b[0] : 0;
			if (n > 0 && len >= n)
				len = n - 1;
			return bytes_repr(b + 1, len, out, size);
		}
		return bytes_repr(b, n, out, size);
	case LAYOUT_BOOL:
		w = snprintf(out, size, "%s", b[0] != 0 ? "True" : "False");
		break;
	case LAYOUT_FLOAT: {
		char text[48];

		inspect_repr_double(field_double(l, f, record), text,
		    sizeof text);
		w = snprintf(out, size, "%s", text);
		break;
	}
	case LAYOUT_INT:
		w = snprintf(out, size, "%lld",
		    (long long)field_int(l, f, record));
		break;
	default:
		w = snprintf(out, size, "%llu",
		    (unsigned long long)field_uint(l, f, record));
		break;
	}
	if (size == 0 || w < 0)
		return 0;
	return (size_t)w < size ? (size_t)w : size - 1;
}

int
layout_number(const struct layout *l, size_t i, const unsigned char *record,
    double *value)
{
	const struct layout_field *f = &l->fields[i];

	switch (f->type) {
	case LAYOUT_BYTES:
		return -1;
	case LAYOUT_BOOL:
		*value = record[f->offset] != 0;
		return 0;
	case LAYOUT_FLOAT:
		*value = field_double(l, f, record);
		return 0;
	case LAYOUT_INT:
		*value = (double)field_int(l, f, record);
		return 0;
	default:
		*value = (double)field_uint(l, f, record);
		return 0;
	}
}

long
layout_find(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nfields; i++) {
		if (strcmp(l->fields[i].name, name) == 0)
			return (long)i;
	}
	return -1;
}
