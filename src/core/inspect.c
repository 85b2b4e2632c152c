/*
 * inspect.c - the data inspector's decoders: bytes to the text of a value.
 *
 * Each row reads at most INSPECT_WINDOW bytes and never past the n it is
 * given; a row that needs more says so (INSPECT_SHORT).  Texts are built
 * with snprintf into the row's own buffer, so a table costs no
 * allocation (sanitize_text() is called only for a character that may not
 * be drawn).  The encoders are in inspect-encode.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "inspect.h"
#include "inspect-int.h"
#include "sanitize.h"
#include "utf8.h"

/* The most bytes a LEB128 of 64 bits takes. */
#define LEB_MAX 10

static const struct {
	const char *name;
	unsigned char width;		/* 0: depends on the bytes */
	unsigned char ordered;		/* the byte order applies */
} inspect_kinds[INSPECT_KINDS] = {
	[INSPECT_INT8] = { "int8", 1, 0 },
	[INSPECT_UINT8] = { "uint8", 1, 0 },
	[INSPECT_INT16] = { "int16", 2, 1 },
	[INSPECT_UINT16] = { "uint16", 2, 1 },
	[INSPECT_INT32] = { "int32", 4, 1 },
	[INSPECT_UINT32] = { "uint32", 4, 1 },
	[INSPECT_INT64] = { "int64", 8, 1 },
	[INSPECT_UINT64] = { "uint64", 8, 1 },
	[INSPECT_INT128] = { "int128", 16, 1 },
	[INSPECT_UINT128] = { "uint128", 16, 1 },
	[INSPECT_FLOAT16] = { "float16", 2, 1 },
	[INSPECT_BFLOAT16] = { "bfloat16", 2, 1 },
	[INSPECT_FLOAT32] = { "float32", 4, 1 },
	[INSPECT_FLOAT64] = { "float64", 8, 1 },
	[INSPECT_ULEB128] = { "uleb128", 0, 0 },
	[INSPECT_SLEB128] = { "sleb128", 0, 0 },
	[INSPECT_ZIGZAG] = { "zigzag", 0, 0 },
	[INSPECT_BINARY] = { "binary", 1, 0 },
	[INSPECT_OCTAL] = { "octal", 1, 0 },
	[INSPECT_UTF8] = { "utf8", 0, 0 },
	[INSPECT_UTF16] = { "utf16", 0, 1 },
	[INSPECT_UNIX32] = { "unix32", 4, 1 },
	[INSPECT_UNIX64] = { "unix64", 8, 1 },
	[INSPECT_UNIX_MS] = { "unix_ms", 8, 1 },
	[INSPECT_UNIX_US] = { "unix_us", 8, 1 },
	[INSPECT_UNIX_NS] = { "unix_ns", 8, 1 },
	[INSPECT_FILETIME] = { "filetime", 8, 1 },
	[INSPECT_DOSTIME] = { "dostime", 4, 1 },
	[INSPECT_HFS] = { "hfs", 4, 1 },
	[INSPECT_NTP] = { "ntp", 8, 1 },
	[INSPECT_GUID] = { "guid", 16, 1 },
	[INSPECT_IPV4] = { "ipv4", 4, 1 },
	[INSPECT_IPV6] = { "ipv6", 16, 0 },
};

const char *
inspect_name(enum inspect_kind kind)
{
	if ((unsigned)kind >= INSPECT_KINDS)
		return NULL;
	return inspect_kinds[kind].name;
}

int
inspect_kind_from_name(const char *name, enum inspect_kind *kind)
{
	unsigned k;

	for (k = 0; k < INSPECT_KINDS; k++) {
		if (strcmp(name, inspect_kinds[k].name) == 0) {
			*kind = (enum inspect_kind)k;
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

int
inspect_is_time(enum inspect_kind kind)
{
	return kind >= INSPECT_UNIX32 && kind <= INSPECT_NTP;
}

unsigned
inspect_width(enum inspect_kind kind)
{
	return inspect_kinds[kind].width;
}

int
inspect_is_signed(enum inspect_kind kind)
{
	return kind == INSPECT_INT8 || kind == INSPECT_INT16 ||
	    kind == INSPECT_INT32 || kind == INSPECT_INT64 ||
	    kind == INSPECT_INT128;
}

int64_t
inspect_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void
inspect_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468, era;
	unsigned doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

unsigned
inspect_month_days(int64_t y, unsigned m)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 ? 28u + (unsigned)leap : days[m - 1];
}

/* Read w bytes as an unsigned integer in the byte order. */
static inspect_u128
read_uint(const unsigned char *b, size_t w, enum inspect_order order)
{
	inspect_u128 v = 0;
	size_t i;

	for (i = 0; i < w; i++)
		v = v << 8 | b[order == INSPECT_BIG ? i : w - 1 - i];
	return v;
}

/* Sign-extend the low w bytes of v. */
static inspect_i128
sign_extend(inspect_u128 v, size_t w)
{
	inspect_u128 sign = (inspect_u128)1 << (8 * w - 1);

	if (w == 16)
		return (inspect_i128)v;
	v &= (sign << 1) - 1;
	return (inspect_i128)(v ^ sign) - (inspect_i128)sign;
}

size_t
inspect_format_u128(inspect_u128 v, char *out)
{
	char digits[40];
	size_t n = 0, i;

	do {
		digits[n++] = (char)('0' + (unsigned)(v % 10));
		v /= 10;
	} while (v != 0);
	for (i = 0; i < n; i++)
		out[i] = digits[n - 1 - i];
	out[n] = '\0';
	return n;
}

void
inspect_format_i128(inspect_i128 v, char *out)
{
	if (v < 0) {
		out[0] = '-';
		inspect_format_u128((inspect_u128)0 - (inspect_u128)v, out + 1);
	} else
		inspect_format_u128((inspect_u128)v, out);
}

double
inspect_half_to_double(uint16_t bits)
{
	unsigned exp = bits >> 10 & 31, mant = bits & 1023;
	double v;

	if (exp == 0)
		v = ldexp(mant, -24);
	else if (exp == 31)
		v = mant != 0 ? NAN : INFINITY;
	else
		v = ldexp(mant + 1024, (int)exp - 25);
	return bits & 0x8000 ? -v : v;
}

/*
 * Find the shortest decimal M * 10^E that reads back as d (> 0 and
 * finite): the correctly rounded digits at each precision, or a
 * neighbour of them (one unit in the last place off: next to a power of
 * two the interval that reads back is lopsided, and Python's repr finds
 * the neighbour there).  Returns the digits of M in digits (no trailing
 * zeros) and sets *decpt, where the decimal point goes.
 */
static int
shortest_digits(double d, char *digits, int *decpt)
{
	char buf[48];
	unsigned long long m, try[3];
	int prec, exp, i, e, nd;
	char *end;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
		m = 0;
		for (end = buf; *end != 'e'; end++) {
			if (*end != '.')
				m = m * 10 + (unsigned long long)(*end - '0');
		}
		exp = atoi(end + 1);
		e = exp - (prec - 1);
		try[0] = m;
		try[1] = m + 1;
		try[2] = m - 1;
		for (i = 0; i < (prec < 17 ? 3 : 1); i++) {
			if (try[i] == 0)
				continue;
			snprintf(buf, sizeof buf, "%llue%d", try[i], e);
			if (strtod(buf, NULL) == d) {
				m = try[i];
				goto found;
			}
		}
	}
	/* 17 digits always read back; not reached. */
found:
	while (m % 10 == 0 && m != 0) {
		m /= 10;
		e++;
	}
	nd = snprintf(digits, 20, "%llu", m);
	*decpt = nd + e;
	return nd;
}

size_t
inspect_repr_double(double d, char *out, size_t size)
{
	char digits[24], text[48];
	int decpt, nd, i, exp, neg = signbit(d) != 0;
	size_t len = 0;

	if (isnan(d))
		return (size_t)snprintf(out, size, "nan");
	if (isinf(d))
		return (size_t)snprintf(out, size, neg ? "-inf" : "inf");
	if (d == 0)
		return (size_t)snprintf(out, size, neg ? "-0.0" : "0.0");
	nd = shortest_digits(fabs(d), digits, &decpt);
	exp = decpt - 1;
	if (neg)
		text[len++] = '-';
	if (decpt > 16 || decpt <= -4) {
		text[len++] = digits[0];
		if (nd > 1) {
			text[len++] = '.';
			for (i = 1; i < nd; i++)
				text[len++] = digits[i];
		}
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
	} else if (decpt <= 0) {
		text[len++] = '0';
		text[len++] = '.';
		for (i = decpt; i < 0; i++)
			text[len++] = '0';
		for (i = 0; i < nd; i++)
			text[len++] = digits[i];
	} else {
		for (i = 0; i < nd || i < decpt; i++) {
			if (i == decpt)
				text[len++] = '.';
			text[len++] = i < nd ? digits[i] : '0';
		}
		if (decpt >= nd) {
			text[len++] = '.';
			text[len++] = '0';
		}
	}
	text[len] = '\0';
	return (size_t)snprintf(out, size, "%s", text);
}

/* Set the row to OK with text made by the format. */
static void __attribute__((format(printf, 3, 4)))
row_ok(struct inspect_row *row, size_t width, const char *fmt, ...)
{
	va_list ap;

	row->status = INSPECT_OK;
	row->plausible = 1;
	row->width = width;
	va_start(ap, fmt);
	vsnprintf(row->text, sizeof row->text, fmt, ap);
	va_end(ap);
}

/* Set the row to INVALID with the reason. */
static void
row_invalid(struct inspect_row *row, const char *why)
{
	row->status = INSPECT_INVALID;
	row->plausible = 0;
	row->width = 0;
	snprintf(row->text, sizeof row->text, "%s", why);
}

/* Set the row to SHORT: it needs want bytes, n are left. */
static void
row_short(struct inspect_row *row, size_t want, size_t n)
{
	row->status = INSPECT_SHORT;
	row->plausible = 0;
	row->width = 0;
	snprintf(row->text, sizeof row->text, "needs %zu bytes, %zu left",
	    want, n);
}

/* Decode an integer row of w bytes. */
static void
decode_int(struct inspect_row *row, const unsigned char *b, size_t w,
    int is_signed, enum inspect_order order)
{
	inspect_u128 v = read_uint(b, w, order);
	char text[48];

	if (is_signed)
		inspect_format_i128(sign_extend(v, w), text);
	else
		inspect_format_u128(v, text);
	row_ok(row, w, "%s", text);
}

/* Decode a float row. */
static void
decode_float(struct inspect_row *row, enum inspect_kind kind,
    const unsigned char *b, enum inspect_order order)
{
	uint64_t v = (uint64_t)read_uint(b, inspect_kinds[kind].width, order);
	uint32_t u32;
	float f;
	double d;
	char text[40];

	switch (kind) {
	case INSPECT_FLOAT16:
		d = inspect_half_to_double((uint16_t)v);
		break;
	case INSPECT_BFLOAT16:
		u32 = (uint32_t)v << 16;
		memcpy(&f, &u32, sizeof f);
		d = f;
		break;
	case INSPECT_FLOAT32:
		u32 = (uint32_t)v;
		memcpy(&f, &u32, sizeof f);
		d = f;
		break;
	default:
		memcpy(&d, &v, sizeof d);
		break;
	}
	inspect_repr_double(d, text, sizeof text);
	row_ok(row, inspect_kinds[kind].width, "%s", text);
}

/* Read a LEB128 of at most LEB_MAX bytes: 0 and the value and length,
 * 1 when the bytes end inside it, 2 when it runs past LEB_MAX bytes. */
static int
read_leb(const unsigned char *b, size_t n, inspect_u128 *v, size_t *len)
{
	size_t i;

	*v = 0;
	for (i = 0; i < LEB_MAX; i++) {
		if (i >= n)
			return 1;
		*v |= (inspect_u128)(b[i] & 0x7f) << (7 * i);
		if (!(b[i] & 0x80)) {
			*len = i + 1;
			return 0;
		}
	}
	return 2;
}

/* Decode a LEB128 row (unsigned, signed or zigzag). */
static void
decode_leb(struct inspect_row *row, enum inspect_kind kind,
    const unsigned char *b, size_t n)
{
	inspect_u128 v;
	inspect_i128 s;
	size_t len;
	int rc = read_leb(b, n, &v, &len);

	if (rc == 1) {
		row->status = INSPECT_SHORT;
		row->plausible = 0;
		row->width = 0;
		snprintf(row->text, sizeof row->text,
		    "unterminated in %zu bytes", n);
		return;
	}
	if (rc == 2) {
		row_invalid(row, "longer than 10 bytes");
		return;
	}
	if (kind == INSPECT_SLEB128) {
		s = (inspect_i128)v;
		if (b[len - 1] & 0x40)
			s -= (inspect_i128)1 << (7 * len);
		if (s < INT64_MIN || s > INT64_MAX) {
			row_invalid(row, "too large for 64 bits");
			return;
		}
		row_ok(row, len, "%lld", (long long)s);
		return;
	}
	if (v > UINT64_MAX) {
		row_invalid(row, "too large for 64 bits");
		return;
	}
	if (kind == INSPECT_ZIGZAG)
		row_ok(row, len, "%lld", (long long)(int64_t)
		    (((uint64_t)v >> 1) ^ (0 - ((uint64_t)v & 1))));
	else
		row_ok(row, len, "%llu", (unsigned long long)v);
}

/* Put the character cp, of len bytes encoded at s, and its code point in
 * the row: as itself when it may be drawn, else as sanitize's escape. */
static void
char_text(struct inspect_row *row, uint32_t cp, const char *s, size_t len,
    size_t width)
{
	char *escaped;

	if (utf8_drawable(cp)) {
		row_ok(row, width, "%.*s U+%04X", (int)len, s, (unsigned)cp);
		return;
	}
	escaped = sanitize_text(s, len);
	if (escaped != NULL)
		row_ok(row, width, "%s U+%04X", escaped, (unsigned)cp);
	else
		row_ok(row, width, "U+%04X", (unsigned)cp);
	free(escaped);
}

/* Decode the UTF-8 row. */
static void
decode_utf8(struct inspect_row *row, const unsigned char *b, size_t n)
{
	uint32_t cp;
	size_t len = utf8_decode(b, n, &cp), want;

	if (len == 0) {
		/* A lead byte whose sequence the bytes left cannot hold. */
		want = b[0] >= 0xf0 ? 4 : b[0] >= 0xe0 ? 3 : b[0] >= 0xc0 ?
		    2 : 1;
		if (n < want && b[0] < 0xf8) {
			row_short(row, want, n);
			return;
		}
		row_invalid(row, "invalid UTF-8");
		return;
	}
	char_text(row, cp, (const char *)b, len, len);
}

/* Decode the UTF-16 row: one unit, or a surrogate pair. */
static void
decode_utf16(struct inspect_row *row, const unsigned char *b, size_t n,
    enum inspect_order order)
{
	uint32_t unit = (uint32_t)read_uint(b, 2, order), low, cp = unit;
	size_t width = 2, len;
	char s[UTF8_MAX];

	if (unit >= 0xdc00 && unit < 0xe000) {
		row_invalid(row, "unpaired low surrogate");
		return;
	}
	if (unit >= 0xd800 && unit < 0xdc00) {
		if (n < 4) {
			row_short(row, 4, n);
			return;
		}
		low = (uint32_t)read_uint(b + 2, 2, order);
		if (low < 0xdc00 || low >= 0xe000) {
			row_invalid(row, "unpaired high surrogate");
			return;
		}
		cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
		width = 4;
	}
	len = utf8_encode(cp, s);
	char_text(row, cp, s, len, width);
}

/* Put the time sec + nsec / 1e9 seconds after the Unix epoch in the row,
 * with digits digits of fraction (0, 3, 6, 7 or 9). */
static void
time_text(struct inspect_row *row, int64_t sec, uint32_t nsec, int digits,
    unsigned flags, size_t width)
{
	static const uint32_t scale[10] = {
		1000000000, 100000000, 10000000, 1000000, 100000, 10000,
		1000, 100, 10, 1
	};
	int64_t days = sec / 86400, rem = sec % 86400, year;
	unsigned month, day;
	char frac[12] = "", zone[24] = "Z";
	struct tm tm;
	time_t t;
	long off;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	inspect_civil_from_days(days, &year, &month, &day);
	if (year >= 1 && year <= 9999 && (flags & INSPECT_LOCALTIME)) {
		t = (time_t)sec;
		if (localtime_r(&t, &tm) == NULL) {
			row_invalid(row, "no local time");
			return;
		}
		year = tm.tm_year + 1900LL;
		month = (unsigned)tm.tm_mon + 1;
		day = (unsigned)tm.tm_mday;
		rem = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
		off = tm.tm_gmtoff;
		snprintf(zone, sizeof zone, "%c%02ld:%02ld",
		    off < 0 ? '-' : '+', labs(off) / 3600,
		    labs(off) % 3600 / 60);
	}
	if (year < 1 || year > 9999) {
		row_invalid(row, "year out of range");
		return;
	}
	if (digits > 0)
		snprintf(frac, sizeof frac, ".%0*u", digits,
		    (unsigned)(nsec / scale[digits]));
	row_ok(row, width, "%04d-%02u-%02uT%02u:%02u:%02u%s%s", (int)year,
	    month, day, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60),
	    (unsigned)(rem % 60), frac, zone);
	row->plausible = year >= 1980 && year <= 2100;
}

/* Split v units of 1/per seconds into seconds and nanoseconds (floor). */
static void
split_units(int64_t v, int64_t per, int64_t *sec, uint32_t *nsec)
{
	int64_t s = v / per, r = v % per;

	if (r < 0) {
		r += per;
		s--;
	}
	*sec = s;
	*nsec = (uint32_t)(r * (1000000000 / per));
}

/* Decode a DOS date and time (date in the high 16 bits). */
static void
decode_dos(struct inspect_row *row, uint32_t v)
{
	unsigned date = v >> 16, tm = v & 0xffff;
	unsigned year = 1980 + (date >> 9), month = date >> 5 & 15,
	    day = date & 31, hour = tm >> 11, min = tm >> 5 & 63,
	    sec = (tm & 31) * 2;

	if (month < 1 || month > 12 || day < 1 ||
	    day > inspect_month_days(year, month) || hour > 23 || min > 59 ||
	    sec > 59) {
		row_invalid(row, "invalid DOS date");
		return;
	}
	row_ok(row, 4, "%04u-%02u-%02uT%02u:%02u:%02u", year, month, day,
	    hour, min, sec);
	row->plausible = year <= 2100;
}

/* Decode a time row. */
static void
decode_time(struct inspect_row *row, enum inspect_kind kind,
    const unsigned char *b, enum inspect_order order, unsigned flags)
{
	size_t w = inspect_kinds[kind].width;
	inspect_u128 v = read_uint(b, w, order);
	int64_t sec;
	uint32_t nsec = 0;

	switch (kind) {
	case INSPECT_UNIX32:
		time_text(row, (int64_t)sign_extend(v, 4), 0, 0, flags, w);
		return;
	case INSPECT_UNIX64:
		time_text(row, (int64_t)(uint64_t)v, 0, 0, flags, w);
		return;
	case INSPECT_UNIX_MS:
		split_units((int64_t)(uint64_t)v, 1000, &sec, &nsec);
		time_text(row, sec, nsec, 3, flags, w);
		return;
	case INSPECT_UNIX_US:
		split_units((int64_t)(uint64_t)v, 1000000, &sec, &nsec);
		time_text(row, sec, nsec, 6, flags, w);
		return;
	case INSPECT_UNIX_NS:
		split_units((int64_t)(uint64_t)v, 1000000000, &sec, &nsec);
		time_text(row, sec, nsec, 9, flags, w);
		return;
	case INSPECT_FILETIME:
		sec = (int64_t)((uint64_t)v / 10000000) -
		    INSPECT_FILETIME_EPOCH;
		nsec = (uint32_t)((uint64_t)v % 10000000 * 100);
		time_text(row, sec, nsec, 7, flags, w);
		return;
	case INSPECT_DOSTIME:
		decode_dos(row, (uint32_t)v);
		return;
	case INSPECT_HFS:
		time_text(row, (int64_t)v - INSPECT_HFS_EPOCH, 0, 0, flags,
		    w);
		return;
	default:	/* INSPECT_NTP: 32.32 fixed point from 1900 */
		nsec = (uint32_t)(((uint64_t)v & 0xffffffffu) * 1000000000u
		    >> 32);
		time_text(row, (int64_t)(v >> 32) - INSPECT_NTP_EPOCH, nsec, 9,
		    flags, w);
		return;
	}
}

/* Decode the GUID: little order swaps the first three groups. */
static void
decode_guid(struct inspect_row *row, const unsigned char *b,
    enum inspect_order order)
{
	row_ok(row, 16, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
	    (unsigned)read_uint(b, 4, order),
	    (unsigned)read_uint(b + 4, 2, order),
	    (unsigned)read_uint(b + 6, 2, order), b[8], b[9], b[10], b[11],
	    b[12], b[13], b[14], b[15]);
}

/* Decode an IPv4 or IPv6 address. */
static void
decode_ip(struct inspect_row *row, enum inspect_kind kind,
    const unsigned char *b, enum inspect_order order)
{
	unsigned char v4[4];
	char text[INET6_ADDRSTRLEN];
	int i;

	if (kind == INSPECT_IPV4) {
		for (i = 0; i < 4; i++)
			v4[i] = b[order == INSPECT_BIG ? i : 3 - i];
		inet_ntop(AF_INET, v4, text, sizeof text);
	} else
		inet_ntop(AF_INET6, b, text, sizeof text);
	row_ok(row, inspect_kinds[kind].width, "%s", text);
}

void
inspect_row(enum inspect_kind kind, const unsigned char *bytes, size_t n,
    enum inspect_order order, unsigned flags, struct inspect_row *row)
{
	size_t w = inspect_kinds[kind].width;

	row->kind = kind;
	row->name = inspect_kinds[kind].name;
	row->ordered = inspect_kinds[kind].ordered;
	if (n > INSPECT_WINDOW)
		n = INSPECT_WINDOW;
	if (n < (w != 0 ? w : kind == INSPECT_UTF16 ? 2 : 1)) {
		row_short(row, w != 0 ? w : kind == INSPECT_UTF16 ? 2 : 1, n);
		return;
	}
	switch (kind) {
	case INSPECT_FLOAT16: case INSPECT_BFLOAT16:
	case INSPECT_FLOAT32: case INSPECT_FLOAT64:
		decode_float(row, kind, bytes, order);
		return;
	case INSPECT_ULEB128: case INSPECT_SLEB128: case INSPECT_ZIGZAG:
		decode_leb(row, kind, bytes, n);
		return;
	case INSPECT_BINARY:
		row_ok(row, 1, "%c%c%c%c%c%c%c%c", '0' + (bytes[0] >> 7 & 1),
		    '0' + (bytes[0] >> 6 & 1), '0' + (bytes[0] >> 5 & 1),
		    '0' + (bytes[0] >> 4 & 1), '0' + (bytes[0] >> 3 & 1),
		    '0' + (bytes[0] >> 2 & 1), '0' + (bytes[0] >> 1 & 1),
		    '0' + (bytes[0] & 1));
		return;
	case INSPECT_OCTAL:
		row_ok(row, 1, "%03o", bytes[0]);
		return;
	case INSPECT_UTF8:
		decode_utf8(row, bytes, n);
		return;
	case INSPECT_UTF16:
		decode_utf16(row, bytes, n, order);
		return;
	case INSPECT_GUID:
		decode_guid(row, bytes, order);
		return;
	case INSPECT_IPV4: case INSPECT_IPV6:
		decode_ip(row, kind, bytes, order);
		return;
	default:
		break;
	}
	if (inspect_is_time(kind))
		decode_time(row, kind, bytes, order, flags);
	else
		decode_int(row, bytes, w, inspect_is_signed(kind), order);
}

size_t
inspect_table(const unsigned char *bytes, size_t n, enum inspect_order order,
    unsigned flags, struct inspect_row *rows)
{
	unsigned k;

	for (k = 0; k < INSPECT_KINDS; k++)
		inspect_row((enum inspect_kind)k, bytes, n, order, flags,
		    &rows[k]);
	return INSPECT_KINDS;
}
