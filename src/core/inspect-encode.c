/*
 * inspect-encode.c - the data inspector's encoders: typed text to bytes.
 *
 * The inverse of inspect.c, row by row: what an edit of a row writes and
 * what a find by value searches for.  Every parser checks the whole text
 * and the range of the type before it writes anything: on failure the
 * output is untouched and the cause names the type and its range.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "inspect.h"
#include "inspect-int.h"
#include "sanitize.h"
#include "utf8.h"

/* Fail with errnum and a message that quotes text (sanitised). */
static int
encode_error(char **cause, int errnum, const char *what, const char *text)
{
	char *quoted;
	int ret;

	if (cause == NULL)
		return errmsg_set(NULL, errnum, "%s", what);
	quoted = sanitize_quote(text, strlen(text), 48);
	if (quoted == NULL)
		return errmsg_set(cause, errnum, "%s", what);
	ret = errmsg_set(cause, errnum, "%s: '%s'", what, quoted);
	free(quoted);
	return ret;
}

/* Write the low w bytes of v in the byte order. */
static void
write_uint(unsigned char *out, inspect_u128 v, size_t w,
    enum inspect_order order)
{
	size_t i;

	for (i = 0; i < w; i++)
		out[order == INSPECT_BIG ? w - 1 - i : i] =
		    (unsigned char)(v >> (8 * i));
}

/*
 * Parse an integer: optional sign, then decimal, 0x hex, 0o octal or 0b
 * binary digits, nothing else.  Returns 0 with the sign and magnitude,
 * -1 with errno EINVAL (not a number) or ERANGE (past 128 bits).
 */
static int
parse_integer(const char *s, int *neg, inspect_u128 *mag)
{
	unsigned base = 10, digit;
	inspect_u128 v = 0;
	const char *p = s;

	*neg = 0;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16;
	else if (p[0] == '0' && (p[1] == 'o' || p[1] == 'O'))
		base = 8;
	else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
		base = 2;
	if (base != 10)
		p += 2;
	if (*p == '\0') {
		errno = EINVAL;
		return -1;
	}
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			digit = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			digit = (unsigned)(*p - 'a' + 10);
		else if (*p >= 'A' && *p <= 'F')
			digit = (unsigned)(*p - 'A' + 10);
		else
			digit = 16;
		if (digit >= base) {
			errno = EINVAL;
			return -1;
		}
		if (v > (~(inspect_u128)0 - digit) / base) {
			errno = ERANGE;
			return -1;
		}
		v = v * base + digit;
	}
	*mag = v;
	return 0;
}

/* Parse an integer within [min, max] (as 128-bit values with the sign
 * kept apart: the magnitudes of min and max).  Sets *value to the two's
 * complement bits.  name and the range go into the message. */
static int
parse_ranged(const char *text, int is_signed, unsigned bits,
    inspect_u128 *value, const char *name, char **cause)
{
	inspect_u128 mag, max, minmag;
	char lo[48], hi[48];
	int neg, rc;

	max = bits == 128 ? ~(inspect_u128)0 : ((inspect_u128)1 << bits) - 1;
	minmag = 0;
	if (is_signed) {
		max >>= 1;
		minmag = max + 1;
	}
	rc = parse_integer(text, &neg, &mag);
	if (rc == -1 && errno == EINVAL)
		return encode_error(cause, EINVAL, "not an integer", text);
	if (rc == -1 || (neg ? mag > minmag : mag > max)) {
		if (!is_signed) {
			strcpy(lo, "0");
		} else {
			lo[0] = '-';
			inspect_format_u128(minmag, lo + 1);
		}
		inspect_format_u128(max, hi);
		return errmsg_set(cause, ERANGE, "out of range for %s (%s to "
		    "%s)", name, lo, hi);
	}
	*value = neg ? (inspect_u128)0 - mag : mag;
	return 0;
}

/* Round the double d to a float of ebits exponent and mbits mantissa
 * bits (to nearest, ties to even).  Returns 0, or -1 when a finite d
 * rounds past the largest finite value. */
static int
encode_minifloat(double d, int ebits, int mbits, uint32_t *out)
{
	uint32_t sign = signbit(d) ? 1u << (ebits + mbits) : 0;
	uint32_t all = ((1u << ebits) - 1) << mbits;
	int bias = (1 << (ebits - 1)) - 1, e;
	double a = fabs(d), q;

	if (isnan(d)) {
		*out = sign | all | 1u << (mbits - 1);
		return 0;
	}
	if (isinf(d) || a == 0) {
		*out = sign | (isinf(d) ? all : 0);
		return 0;
	}
	frexp(a, &e);
	e -= 1;				/* a = 1.f * 2^e */
	if (e < 1 - bias)
		e = 1 - bias;		/* subnormal: the smallest scale */
	q = nearbyint(ldexp(a, mbits - e));
	if (q >= ldexp(1, mbits + 1)) {
		e++;
		q = ldexp(q, -1);
	}
	if (q < ldexp(1, mbits)) {
		*out = sign | (uint32_t)q;	/* subnormal or zero */
		return 0;
	}
	if (e > bias)
		return -1;
	*out = sign | (uint32_t)(e + bias) << mbits |
	    ((uint32_t)q - (1u << mbits));
	return 0;
}

/* Encode a float row. */
static int
encode_float(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause)
{
	const char *name = inspect_name(kind);
	char *end;
	double d;
	float f;
	uint32_t bits = 0;
	uint64_t bits64;
	int rc = 0;

	errno = 0;
	d = strtod(text, &end);
	if (end == text || *end != '\0' || isspace((unsigned char)*text))
		return encode_error(cause, EINVAL, "not a number", text);
	if (errno == ERANGE && isinf(d))
		return errmsg_set(cause, ERANGE, "out of range for %s", name);
	switch (kind) {
	case INSPECT_FLOAT16:
		rc = encode_minifloat(d, 5, 10, &bits);
		break;
	case INSPECT_BFLOAT16:
		rc = encode_minifloat(d, 8, 7, &bits);
		break;
	case INSPECT_FLOAT32:
		f = (float)d;
		if (isinf(f) && !isinf(d))
			rc = -1;
		memcpy(&bits, &f, sizeof bits);
		break;
	default:
		memcpy(&bits64, &d, sizeof bits64);
		write_uint(out, bits64, 8, order);
		*len = 8;
		return 0;
	}
	if (rc == -1)
		return errmsg_set(cause, ERANGE, "out of range for %s", name);
	*len = inspect_width(kind);
	write_uint(out, bits, *len, order);
	return 0;
}

/* Write v as an unsigned LEB128; returns its length. */
static size_t
write_uleb(unsigned char *out, uint64_t v)
{
	size_t n = 0;

	do {
		out[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			out[n] |= 0x80;
		n++;
	} while (v != 0);
	return n;
}

/* Encode a LEB128 row. */
static int
encode_leb(enum inspect_kind kind, const char *text, unsigned char *out,
    size_t *len, char **cause)
{
	unsigned char buf[INSPECT_BYTES_MAX];
	inspect_u128 v;
	int64_t s;
	size_t n = 0;
	unsigned char byte;
	int done;

	if (parse_ranged(text, kind != INSPECT_ULEB128, 64, &v,
	    inspect_name(kind), cause) == -1)
		return -1;
	if (kind == INSPECT_ULEB128)
		n = write_uleb(buf, (uint64_t)v);
	else if (kind == INSPECT_ZIGZAG) {
		s = (int64_t)(uint64_t)v;
		n = write_uleb(buf, ((uint64_t)s << 1) ^
		    (uint64_t)(s < 0 ? -1 : 0));
	} else {
		s = (int64_t)(uint64_t)v;
		do {
			byte = (unsigned char)(s & 0x7f);
			s = s < 0 ? ~(~s >> 7) : s >> 7;
			done = (s == 0 && !(byte & 0x40)) ||
			    (s == -1 && (byte & 0x40));
			buf[n++] = done ? byte : (unsigned char)(byte | 0x80);
		} while (!done);
	}
	memcpy(out, buf, n);
	*len = n;
	return 0;
}

/* Encode the binary or octal row: the digits of one byte. */
static int
encode_byte_digits(enum inspect_kind kind, const char *text,
    unsigned char *out, size_t *len, char **cause)
{
	unsigned base = kind == INSPECT_BINARY ? 2 : 8, v = 0;
	const char *p = text;

	if (p[0] == '0' && (p[1] == (base == 2 ? 'b' : 'o') ||
	    p[1] == (base == 2 ? 'B' : 'O')))
		p += 2;
	if (*p == '\0')
		return encode_error(cause, EINVAL, base == 2 ?
		    "not binary digits" : "not octal digits", text);
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p >= (char)('0' + base))
			return encode_error(cause, EINVAL, base == 2 ?
			    "not binary digits" : "not octal digits", text);
		v = v * base + (unsigned)(*p - '0');
		if (v > 255)
			return errmsg_set(cause, ERANGE, "out of range for a "
			    "byte (0 to 255)");
	}
	out[0] = (unsigned char)v;
	*len = 1;
	return 0;
}

/* Encode the UTF-8 or UTF-16 row: one character, or U+XXXX. */
static int
encode_char(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause)
{
	char s[UTF8_MAX];
	uint32_t cp = 0;
	size_t n = strlen(text), k, i;

	if ((text[0] == 'U' || text[0] == 'u') && text[1] == '+' &&
	    n >= 3 && n <= 8) {
		for (i = 2; i < n; i++) {
			if (!isxdigit((unsigned char)text[i]))
				break;
			cp = cp * 16 + (uint32_t)(isdigit((unsigned char)
			    text[i]) ? text[i] - '0' : (text[i] | 0x20) -
			    'a' + 10);
		}
		if (i < n)
			return encode_error(cause, EINVAL, "not a code point",
			    text);
	} else {
		k = utf8_decode((const unsigned char *)text, n, &cp);
		if (k == 0 || k != n)
			return encode_error(cause, EINVAL, "not one UTF-8 "
			    "character", text);
	}
	k = utf8_encode(cp, s);
	if (k == 0)
		return errmsg_set(cause, ERANGE, "U+%04X has no encoding",
		    (unsigned)cp);
	if (kind == INSPECT_UTF8) {
		memcpy(out, s, k);
		*len = k;
		return 0;
	}
	if (cp < 0x10000) {
		write_uint(out, cp, 2, order);
		*len = 2;
		return 0;
	}
	write_uint(out, 0xd800 + ((cp - 0x10000) >> 10), 2, order);
	write_uint(out + 2, 0xdc00 + ((cp - 0x10000) & 1023), 2, order);
	*len = 4;
	return 0;
}

/* Read exactly n decimal digits at *p into *v; advances *p. */
static int
fixed_digits(const char **p, int n, unsigned *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		*v = *v * 10 + (unsigned)((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

/*
 * Parse YYYY-MM-DDTHH:MM:SS[.fraction][Z] (a blank may stand for the T)
 * into seconds from the Unix epoch and nanoseconds; *zone says whether
 * the Z was there.  Returns 0, or -1 when the text is no such date or
 * the fraction has more than 9 digits.
 */
static int
parse_iso(const char *text, int64_t *sec, uint32_t *nsec, int *zone,
    unsigned *fields)
{
	const char *p = text;
	unsigned y, mo, d, h, mi, s, frac = 0;
	int digits = 0;

	if (fixed_digits(&p, 4, &y) || *p++ != '-' ||
	    fixed_digits(&p, 2, &mo) || *p++ != '-' ||
	    fixed_digits(&p, 2, &d) || (*p != 'T' && *p != 't' && *p != ' ')
	    || (p++, fixed_digits(&p, 2, &h)) || *p++ != ':' ||
	    fixed_digits(&p, 2, &mi) || *p++ != ':' ||
	    fixed_digits(&p, 2, &s))
		return -1;
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, digits++) {
			if (digits == 9)
				return -1;
			frac = frac * 10 + (unsigned)(*p - '0');
		}
		if (digits == 0)
			return -1;
		for (; digits < 9; digits++)
			frac *= 10;
	}
	*zone = *p == 'Z' || *p == 'z';
	if (*zone)
		p++;
	if (*p != '\0' || y < 1 || mo < 1 || mo > 12 || d < 1 ||
	    d > inspect_month_days(y, mo) || h > 23 || mi > 59 || s > 59)
		return -1;
	*sec = inspect_days_from_civil(y, mo, d) * 86400 +
	    (int64_t)(h * 3600 + mi * 60 + s);
	*nsec = frac;
	fields[0] = y;
	fields[1] = mo;
	fields[2] = d;
	fields[3] = h;
	fields[4] = mi;
	fields[5] = s;
	return 0;
}

/* Turn a date into the raw value of a time row; -1 and a cause when the
 * row cannot hold it. */
static int
time_value(enum inspect_kind kind, int64_t sec, uint32_t nsec, int zone,
    const unsigned *f, inspect_i128 *v, char **cause)
{
	const char *name = inspect_name(kind);
	inspect_i128 lo = INT64_MIN, hi = INT64_MAX, per = 1;

	*v = 0;

	switch (kind) {
	case INSPECT_UNIX32:
		lo = INT32_MIN;
		hi = INT32_MAX;
		*v = sec;
		break;
	case INSPECT_UNIX64:
		*v = sec;
		break;
	case INSPECT_UNIX_MS:
		per = 1000;
		break;
	case INSPECT_UNIX_US:
		per = 1000000;
		break;
	case INSPECT_UNIX_NS:
		per = 1000000000;
		break;
	case INSPECT_FILETIME:
		lo = 0;
		hi = UINT64_MAX;
		if (nsec % 100 != 0)
			return errmsg_set(cause, EINVAL, "filetime counts "
			    "100 ns: at most 7 fraction digits");
		*v = ((inspect_i128)sec + INSPECT_FILETIME_EPOCH) * 10000000 +
		    nsec / 100;
		break;
	case INSPECT_HFS:
		lo = 0;
		hi = UINT32_MAX;
		*v = (inspect_i128)sec + INSPECT_HFS_EPOCH;
		break;
	case INSPECT_NTP:
		lo = 0;
		hi = UINT32_MAX;
		*v = (inspect_i128)sec + INSPECT_NTP_EPOCH;
		break;
	default:	/* INSPECT_DOSTIME: local fields, no zone */
		if (zone)
			return errmsg_set(cause, EINVAL, "dostime is local "
			    "time: no Z");
		if (f[0] < 1980 || f[0] > 2107 || f[5] % 2 != 0 || nsec != 0)
			return errmsg_set(cause, ERANGE, "out of range for "
			    "dostime (1980 to 2107, even seconds)");
		*v = (inspect_i128)((f[0] - 1980) << 9 | f[1] << 5 | f[2]) << 16
		    | (f[3] << 11 | f[4] << 5 | f[5] / 2);
		return 0;
	}
	if (per != 1) {
		if (nsec % (1000000000 / per) != 0)
			return errmsg_set(cause, EINVAL, "%s cannot hold that "
			    "fraction of a second", name);
		*v = (inspect_i128)sec * per + nsec / (1000000000 / per);
	} else if (nsec != 0 && kind != INSPECT_NTP && kind !=
	    INSPECT_FILETIME)
		return errmsg_set(cause, EINVAL, "%s counts whole seconds",
		    name);
	if (*v < lo || *v > hi)
		return errmsg_set(cause, ERANGE, "out of range for %s", name);
	if (kind == INSPECT_NTP)	/* the fraction, rounded up so that
					   it decodes to the same ns */
		*v = *v << 32 | (inspect_i128)((((uint64_t)nsec << 32) +
		    999999999) / 1000000000);
	return 0;
}

/* Encode a time row: a date, or the raw integer. */
static int
encode_time(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause)
{
	size_t w = inspect_width(kind);
	int is_signed = kind >= INSPECT_UNIX32 && kind <= INSPECT_UNIX_NS;
	unsigned fields[6];
	inspect_u128 raw;
	inspect_i128 v;
	int64_t sec;
	uint32_t nsec;
	int zone;

	if (strchr(text, '-') == NULL || text[0] == '-' ||
	    strncmp(text, "0x", 2) == 0) {
		if (parse_ranged(text, is_signed, (unsigned)(8 * w), &raw,
		    inspect_name(kind), cause) == -1)
			return -1;
		write_uint(out, raw, w, order);
		*len = w;
		return 0;
	}
	if (parse_iso(text, &sec, &nsec, &zone, fields) == -1)
		return encode_error(cause, EINVAL, "not a date "
		    "(2024-01-02T03:04:05Z)", text);
	if (time_value(kind, sec, nsec, zone, fields, &v, cause) == -1)
		return -1;
	write_uint(out, (inspect_u128)v, w, order);
	*len = w;
	return 0;
}

/* Encode a GUID: 8-4-4-4-12 hex digits, braces optional. */
static int
encode_guid(enum inspect_order order, const char *text, unsigned char *out,
    size_t *len, char **cause)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	unsigned char b[16];
	const char *p = text;
	size_t n = strlen(text), i, k = 0;
	unsigned digit;

	if (n == 38 && p[0] == '{' && p[37] == '}') {
		p++;
		n -= 2;
	}
	if (n != 36)
		return encode_error(cause, EINVAL, "not a GUID", text);
	for (i = 0; i < 36; i++) {
		if (shape[i] == '-') {
			if (p[i] != '-')
				return encode_error(cause, EINVAL,
				    "not a GUID", text);
			continue;
		}
		if (!isxdigit((unsigned char)p[i]))
			return encode_error(cause, EINVAL, "not a GUID", text);
		digit = (unsigned)(isdigit((unsigned char)p[i]) ? p[i] - '0' :
		    (p[i] | 0x20) - 'a' + 10);
		if (k % 2 == 0)
			b[k / 2] = (unsigned char)(digit << 4);
		else
			b[k / 2] |= (unsigned char)digit;
		k++;
	}
	if (order == INSPECT_LITTLE) {
		write_uint(out, (inspect_u128)b[0] << 24 | b[1] << 16 |
		    b[2] << 8 | b[3], 4, order);
		write_uint(out + 4, (unsigned)b[4] << 8 | b[5], 2, order);
		write_uint(out + 6, (unsigned)b[6] << 8 | b[7], 2, order);
		memcpy(out + 8, b + 8, 8);
	} else
		memcpy(out, b, 16);
	*len = 16;
	return 0;
}

/* Encode an IPv4 or IPv6 address. */
static int
encode_ip(enum inspect_kind kind, enum inspect_order order, const char *text,
    unsigned char *out, size_t *len, char **cause)
{
	unsigned char b[16];
	int i;

	if (inet_pton(kind == INSPECT_IPV4 ? AF_INET : AF_INET6, text, b) !=
	    1)
		return encode_error(cause, EINVAL, kind == INSPECT_IPV4 ?
		    "not an IPv4 address" : "not an IPv6 address", text);
	if (kind == INSPECT_IPV6) {
		memcpy(out, b, 16);
		*len = 16;
		return 0;
	}
	for (i = 0; i < 4; i++)
		out[i] = b[order == INSPECT_BIG ? i : 3 - i];
	*len = 4;
	return 0;
}

/* Dispatch on the kind, text already trimmed. */
static int
encode_trimmed(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause)
{
	inspect_u128 v;
	size_t w;

	if ((unsigned)kind >= INSPECT_KINDS)
		return errmsg_set(cause, EINVAL, "no such value type");
	if (kind <= INSPECT_UINT128) {
		w = inspect_width(kind);
		if (parse_ranged(text, inspect_is_signed(kind),
		    (unsigned)(8 * w), &v, inspect_name(kind), cause) == -1)
			return -1;
		write_uint(out, v, w, order);
		*len = w;
		return 0;
	}
	if (kind <= INSPECT_FLOAT64)
		return encode_float(kind, order, text, out, len, cause);
	if (kind <= INSPECT_ZIGZAG)
		return encode_leb(kind, text, out, len, cause);
	if (kind <= INSPECT_OCTAL)
		return encode_byte_digits(kind, text, out, len, cause);
	if (kind <= INSPECT_UTF16)
		return encode_char(kind, order, text, out, len, cause);
	if (inspect_is_time(kind))
		return encode_time(kind, order, text, out, len, cause);
	if (kind == INSPECT_GUID)
		return encode_guid(order, text, out, len, cause);
	return encode_ip(kind, order, text, out, len, cause);
}

int
inspect_encode(enum inspect_kind kind, enum inspect_order order,
    const char *text, unsigned char *out, size_t *len, char **cause)
{
	unsigned char buf[INSPECT_BYTES_MAX];
	size_t n = 0, skip, tlen;
	char *copy;
	int rc;

	skip = strspn(text, " \t");
	tlen = strlen(text + skip);
	/* A blank is the character itself for utf8 and utf16. */
	if (tlen == 0 && (kind == INSPECT_UTF8 || kind == INSPECT_UTF16) &&
	    skip > 0) {
		skip--;
		tlen = 1;
	}
	while (tlen > 0 && (text[skip + tlen - 1] == ' ' ||
	    text[skip + tlen - 1] == '\t') && kind != INSPECT_UTF8 &&
	    kind != INSPECT_UTF16)
		tlen--;
	copy = strndup(text + skip, tlen);
	if (copy == NULL)
		return errmsg_errno(cause, "cannot encode");
	if (*copy == '\0')
		rc = errmsg_set(cause, EINVAL, "no value given");
	else
		rc = encode_trimmed(kind, order, copy, buf, &n, cause);
	free(copy);
	if (rc == 0) {
		memcpy(out, buf, n);
		*len = n;
	}
	return rc;
}

/* Short names of find by value. */
static const struct {
	const char *alias;
	enum inspect_kind kind;
} inspect_aliases[] = {
	{ "i8", INSPECT_INT8 }, { "u8", INSPECT_UINT8 },
	{ "i16", INSPECT_INT16 }, { "u16", INSPECT_UINT16 },
	{ "i32", INSPECT_INT32 }, { "u32", INSPECT_UINT32 },
	{ "i64", INSPECT_INT64 }, { "u64", INSPECT_UINT64 },
	{ "i128", INSPECT_INT128 }, { "u128", INSPECT_UINT128 },
	{ "f16", INSPECT_FLOAT16 }, { "bf16", INSPECT_BFLOAT16 },
	{ "f32", INSPECT_FLOAT32 }, { "f64", INSPECT_FLOAT64 },
};

/* Look up a type by row name or alias. */
static int
find_kind(const char *name, enum inspect_kind *kind)
{
	size_t i;

	for (i = 0; i < sizeof inspect_aliases / sizeof inspect_aliases[0];
	    i++) {
		if (strcmp(name, inspect_aliases[i].alias) == 0) {
			*kind = inspect_aliases[i].kind;
			return 0;
		}
	}
	return inspect_kind_from_name(name, kind);
}

int
inspect_parse_find(const char *text, unsigned char *out, size_t *len,
    char **cause)
{
	enum inspect_order order = INSPECT_LITTLE;
	enum inspect_kind kind;
	char type[24], given[24];
	size_t n, skip = strspn(text, " \t");

	n = strcspn(text + skip, " \t");
	if (n == 0)
		return errmsg_set(cause, EINVAL, "no type given (u32 1234, "
		    "f64 3.5, i16be -2)");
	if (n >= sizeof type)
		return encode_error(cause, EINVAL, "no such value type",
		    text + skip);
	memcpy(type, text + skip, n);
	type[n] = '\0';
	memcpy(given, type, n + 1);
	if (find_kind(type, &kind) == -1 && n > 2 &&
	    (strcmp(type + n - 2, "le") == 0 ||
	    strcmp(type + n - 2, "be") == 0)) {
		order = type[n - 2] == 'b' ? INSPECT_BIG : INSPECT_LITTLE;
		type[n - 2] = '\0';
		if (find_kind(type, &kind) == -1)
			type[0] = '\0';
	} else if (find_kind(type, &kind) == -1)
		type[0] = '\0';
	if (type[0] == '\0')
		return encode_error(cause, EINVAL, "no such value type", given);
	return inspect_encode(kind, order, text + skip + n, out, len, cause);
}
