/*
 * inspect.h - the data inspector: the bytes at the cursor as values.
 *
 * Pure functions over a byte buffer and a byte order; nothing here reads
 * the file, allocates per row (one exception below) or keeps state.  The
 * caller copies the bytes at the cursor (at most INSPECT_WINDOW, fewer
 * near the end of the file) and asks for the table:
 *
 *     unsigned char win[INSPECT_WINDOW];
 *     struct inspect_row rows[INSPECT_KINDS];
 *     ssize_t n = map_read(m, offset, win, sizeof win);
 *     inspect_table(win, n, INSPECT_LITTLE, 0, rows);
 *
 * Every row's text is printable, valid UTF-8 (no control, bidi or
 * format character: those go through sanitize.h's escapes), at most
 * INSPECT_TEXT_MAX - 1 bytes.  Text matches Python so that Python can
 * be the test oracle: integers in decimal, floats as repr(float) (the
 * shortest text that reads back as the same double; float16, bfloat16
 * and float32 are widened to double first, as struct.unpack does), times
 * as ISO 8601.
 *
 * The byte order applies to every row read as a multi-byte integer:
 * the integers, floats, UTF-16, times, the GUID (little: the mixed-endian
 * form Windows prints, the first three groups swapped; big: RFC 4122 as
 * stored) and IPv4 (big: network order as stored; little: the four bytes
 * of a host-order integer on a little-endian machine).  LEB128, binary,
 * octal, UTF-8 and IPv6 are byte sequences and ignore it (ordered = 0).
 *
 * The time rows (row_is_time) say whether the value is plausible: a
 * valid date in the years 1980 to 2100, so a panel can dim the others.
 */
#ifndef MMHEX_INSPECT_H
#define MMHEX_INSPECT_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes any row reads (int128, GUID, IPv6, a 10-byte LEB128). */
#define INSPECT_WINDOW		16
/* Room for a row's text, NUL included. */
#define INSPECT_TEXT_MAX	80
/* The most bytes an encoded value takes. */
#define INSPECT_BYTES_MAX	16

enum inspect_order {
	INSPECT_LITTLE,
	INSPECT_BIG
};

/* The rows of the table, in the order they are shown. */
enum inspect_kind {
	INSPECT_INT8, INSPECT_UINT8, INSPECT_INT16, INSPECT_UINT16,
	INSPECT_INT32, INSPECT_UINT32, INSPECT_INT64, INSPECT_UINT64,
	INSPECT_INT128, INSPECT_UINT128,
	INSPECT_FLOAT16, INSPECT_BFLOAT16, INSPECT_FLOAT32, INSPECT_FLOAT64,
	INSPECT_ULEB128, INSPECT_SLEB128, INSPECT_ZIGZAG,
	INSPECT_BINARY, INSPECT_OCTAL,
	INSPECT_UTF8, INSPECT_UTF16,
	INSPECT_UNIX32, INSPECT_UNIX64, INSPECT_UNIX_MS, INSPECT_UNIX_US,
	INSPECT_UNIX_NS, INSPECT_FILETIME, INSPECT_DOSTIME, INSPECT_HFS,
	INSPECT_NTP,
	INSPECT_GUID, INSPECT_IPV4, INSPECT_IPV6,
	INSPECT_KINDS		/* how many rows there are */
};

enum inspect_status {
	INSPECT_OK,		/* text is the value */
	INSPECT_SHORT,		/* too few bytes before the end of the file;
				   text says how many are needed */
	INSPECT_INVALID		/* the bytes are no such value (a lone
				   surrogate, a bad DOS date, a year past
				   9999); text says why */
};

/* Flags for inspect_row() and inspect_table(). */
#define INSPECT_LOCALTIME	0x1u	/* times in local time with their
					   UTC offset, not in UTC */

struct inspect_row {
	enum inspect_kind kind;
	const char *name;		/* "int16", static */
	enum inspect_status status;
	int plausible;			/* time rows: a date in 1980..2100;
					   other rows: 1 when status is OK */
	int ordered;			/* the byte order applies to it */
	size_t width;			/* bytes the value takes (a LEB128's
					   decoded length), 0 unless OK */
	char text[INSPECT_TEXT_MAX];	/* the value, or why there is none */
};

/* Return the row's name ("uint32", "unix_ms", "guid"), or NULL for a kind
 * out of range. */
const char *inspect_name(enum inspect_kind kind);

/* Look up a row by name (inspect_name()); returns 0, or -1 with errno
 * EINVAL. */
int inspect_kind_from_name(const char *name, enum inspect_kind *kind);

/* Return 1 for the time rows (unix32 .. ntp), else 0. */
int inspect_is_time(enum inspect_kind kind);

/*
 * Decode one row from the n bytes at bytes (the cursor first; n may be 0)
 * into *row.  Reads at most INSPECT_WINDOW bytes and never past n.  Does
 * not allocate, except to escape a UTF-8 or UTF-16 character that may
 * not be drawn (sanitize_text()); if that fails the text is "U+XXXX"
 * alone.
 */
void inspect_row(enum inspect_kind kind, const unsigned char *bytes,
    size_t n, enum inspect_order order, unsigned flags,
    struct inspect_row *row);

/* Decode every row (rows has INSPECT_KINDS entries, in enum order).
 * Returns INSPECT_KINDS. */
size_t inspect_table(const unsigned char *bytes, size_t n,
    enum inspect_order order, unsigned flags, struct inspect_row *rows);

/*
 * Write the double d into out (size bytes, at least 32) as Python's
 * repr(float) does: the shortest digits that read back as d, fixed
 * notation for exponents -4 to 16 ("0.0001", "1e+16", "1.0"), "inf",
 * "-inf", "nan".  Returns the text's length.
 */
size_t inspect_repr_double(double d, char *out, size_t size);

/* Decode the IEEE half (bits) into a double. */
double inspect_half_to_double(uint16_t bits);

/*
 * Encode text as a value of kind in the byte order into out (room for
 * INSPECT_BYTES_MAX bytes) and set *len: what an edit of that row writes.
 *   integers   decimal, 0x hex, 0o octal, 0b binary, with a sign for the
 *              signed ones; must fit the type ("300" is no int8)
 *   floats     what strtod() takes ("3.5", "-1e-3", "inf", "nan");
 *              rounded to nearest even; a finite value that rounds past
 *              the largest of the type is refused (as struct.pack does)
 *   uleb128, sleb128, zigzag   an integer of 64 bits; the shortest form
 *   binary, octal   the byte, in that base (or any integer form 0..255)
 *   utf8, utf16     one character, or U+XXXX
 *   times      2024-01-02T03:04:05[.fraction]Z (UTC; the Z may be left
 *              out; dostime takes no zone and even seconds), or the raw
 *              integer; a fraction the type cannot hold is refused
 *   guid       {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, braces optional
 *   ipv4, ipv6 an address as inet_pton() takes it
 * Blanks around the text are ignored.  Returns 0, or -1 with errno
 * EINVAL or ERANGE and *cause set (caller frees): "out of range for
 * int8 (-128 to 127)".  On failure out and *len are untouched.
 */
int inspect_encode(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause);

/*
 * Parse a find-by-value pattern, "TYPE VALUE", into the bytes to search
 * for.  TYPE is a row name (inspect_name()) or a short one: u8 i8 u16
 * i16 u32 i32 u64 i64 u128 i128 f16 bf16 f32 f64; a suffix "le" or "be"
 * picks the byte order (default little): "u32 1234", "i16be -2",
 * "f64 3.5", "guid {...}".  VALUE as inspect_encode() takes it.  Returns
 * 0, or -1 with errno EINVAL or ERANGE and *cause set (caller frees).
 */
int inspect_parse_find(const char *text, unsigned char *out, size_t *len,
    char **cause);

#endif
