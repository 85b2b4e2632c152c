/*
 * layout.h - record layouts in Python struct syntax, with field names.
 *
 * A layout spec is a struct format, then blanks, then one name per value
 * the format unpacks:
 *
 *     "<Qd counter ts"        two fields, 16 bytes, little-endian
 *     "@bxH4s flag port tag"  native alignment: flag at 0, port at 2
 *     "3H"                    three fields, named f0 f1 f2
 *
 * The format is the first word (no blanks inside, unlike Python, which
 * skips them: here a blank ends the format).  Everything else is as
 * Python's struct module on this machine (x86-64 Linux):
 *   - the first character may pick the byte order, size and alignment:
 *     '@' (the default: native order, native sizes, native alignment),
 *     '=' (native order, standard sizes, none), '<' (little), '>' and
 *     '!' (big), the last three with standard sizes and no alignment;
 *   - codes x c b B ? h H i I l L q Q n N e f d s p P; n N P only in
 *     native mode ('@'); standard sizes 1 1 1 1 1 2 2 4 4 4 4 8 8 - - 2 4
 *     8 1 1 -, native ones the same except l L n N P of 8 bytes; in
 *     native mode each field starts at a multiple of its size, and a
 *     count of 0 aligns without a field ("llh0l");
 *   - a count before a code repeats it (3H = three fields) except for s
 *     and p, where it is the length of one bytes field (4s), and x,
 *     where it is the number of pad bytes; the count must be right
 *     before its code.
 * Names: letters, digits and '_', not starting with a digit, all
 * different; either none (then f0, f1, ...) or exactly one per value.
 *
 * Values are shown as Python's repr() of what struct.unpack() gives:
 * integers in decimal, '?' as True / False, e f d as repr(float)
 * (inspect_repr_double()), c s p as a bytes literal (b'ab\x00').
 * A 'p' field whose length byte says more than it holds shows what it
 * holds (as Python); "0p" is b'' (Python fails on it).
 */
#ifndef MMHEX_LAYOUT_H
#define MMHEX_LAYOUT_H

#include <stddef.h>

/* The largest record and the most fields a layout may have. */
#define LAYOUT_SIZE_MAX		(1u << 20)
#define LAYOUT_FIELDS_MAX	4096

enum layout_type {
	LAYOUT_INT,		/* b h i l q n */
	LAYOUT_UINT,		/* B H I L Q N P */
	LAYOUT_BOOL,		/* ? */
	LAYOUT_FLOAT,		/* e f d */
	LAYOUT_BYTES		/* c s p */
};

struct layout_field {
	char *name;		/* owned by the layout */
	char code;		/* the struct code */
	enum layout_type type;
	size_t offset;		/* from the start of the record */
	size_t size;		/* bytes it takes */
};

struct layout {
	char mode;		/* '@', '=', '<', '>' or '!' */
	int big;		/* the fields are big-endian */
	size_t size;		/* bytes a record takes (struct.calcsize) */
	size_t nfields;
	struct layout_field *fields;
};

/*
 * Parse a layout spec.  Returns the layout (free with layout_free()), or
 * NULL with errno EINVAL (or ENOMEM) and *cause set (caller frees):
 * "bad char in struct format: 'z'", "3 values but 2 names".
 */
struct layout *layout_parse(const char *spec, char **cause);

/* Free a layout.  NULL is allowed. */
void layout_free(struct layout *l);

/* Return the room any field's text needs, NUL included. */
size_t layout_text_max(const struct layout *l);

/*
 * Write field i of the record (l->size bytes) into out (size bytes) as
 * Python's repr() of the unpacked value.  Returns the text's length,
 * cut to fit when size is too small (as snprintf, but the length
 * returned is what was written).  The text is printable ASCII.
 */
size_t layout_format(const struct layout *l, size_t i,
    const unsigned char *record, char *out, size_t size);

/* Set *value to field i's value as a double (bool: 0 or 1; an integer
 * past 2^53 loses its low digits).  Returns 0, or -1 for a bytes
 * field. */
int layout_number(const struct layout *l, size_t i,
    const unsigned char *record, double *value);

/* Return the index of the field named name, or -1. */
long layout_find(const struct layout *l, const char *name);

#endif
