/*
 * check-inspect.c - tests for the data inspector (inspect.h): decoders on
 * known bytes, rows that run short at the end of the file, encoders on
 * good and bad input (a refused value writes nothing), find by value,
 * and a round trip over random bytes: every row that decodes is encoded
 * from its own text and decodes to the same text again (and, for the
 * rows with one encoding per value, to the same bytes).
 *
 * tests/test-inspect.sh checks the decoders' texts against Python.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "suites.h"

/* A row and the text it must show for some bytes. */
struct known {
	enum inspect_kind kind;
	enum inspect_order order;
	const char *hex;		/* the bytes */
	enum inspect_status status;
	const char *text;		/* NULL: any */
	int plausible;
};

static const struct known knowns[] = {
	{ INSPECT_INT8, INSPECT_LITTLE, "ff", INSPECT_OK, "-1", 1 },
	{ INSPECT_UINT16, INSPECT_BIG, "1234", INSPECT_OK, "4660", 1 },
	{ INSPECT_UINT16, INSPECT_LITTLE, "1234", INSPECT_OK, "13330", 1 },
	{ INSPECT_INT128, INSPECT_LITTLE,
	  "00000000000000000000000000000080", INSPECT_OK,
	  "-170141183460469231731687303715884105728", 1 },
	{ INSPECT_UINT128, INSPECT_BIG, "ffffffffffffffffffffffffffffffff",
	  INSPECT_OK, "340282366920938463463374607431768211455", 1 },
	{ INSPECT_INT32, INSPECT_LITTLE, "010203", INSPECT_SHORT,
	  "needs 4 bytes, 3 left", 0 },
	{ INSPECT_FLOAT16, INSPECT_LITTLE, "003c", INSPECT_OK, "1.0", 1 },
	{ INSPECT_FLOAT16, INSPECT_BIG, "7bff", INSPECT_OK, "65504.0", 1 },
	{ INSPECT_FLOAT16, INSPECT_BIG, "0001", INSPECT_OK,
	  "5.960464477539063e-08", 1 },
	{ INSPECT_BFLOAT16, INSPECT_BIG, "3f80", INSPECT_OK, "1.0", 1 },
	{ INSPECT_FLOAT32, INSPECT_LITTLE, "cdcccc3d", INSPECT_OK,
	  "0.10000000149011612", 1 },
	{ INSPECT_FLOAT64, INSPECT_BIG, "4341c37937e08000", INSPECT_OK,
	  "1e+16", 1 },
	{ INSPECT_FLOAT64, INSPECT_BIG, "fff8000000000000", INSPECT_OK,
	  "nan", 1 },
	{ INSPECT_FLOAT64, INSPECT_BIG, "8000000000000000", INSPECT_OK,
	  "-0.0", 1 },
	{ INSPECT_ULEB128, INSPECT_LITTLE, "e58e26", INSPECT_OK, "624485", 1 },
	{ INSPECT_SLEB128, INSPECT_LITTLE, "c0bb78", INSPECT_OK, "-123456", 1 },
	{ INSPECT_SLEB128, INSPECT_LITTLE, "7e", INSPECT_OK, "-2", 1 },
	{ INSPECT_ZIGZAG, INSPECT_LITTLE, "03", INSPECT_OK, "-2", 1 },
	{ INSPECT_ULEB128, INSPECT_LITTLE, "8080", INSPECT_SHORT, NULL, 0 },
	{ INSPECT_ULEB128, INSPECT_LITTLE, "8080808080808080808001",
	  INSPECT_INVALID, "longer than 10 bytes", 0 },
	{ INSPECT_ULEB128, INSPECT_LITTLE, "ffffffffffffffffff7f",
	  INSPECT_INVALID, "too large for 64 bits", 0 },
	{ INSPECT_BINARY, INSPECT_LITTLE, "a5", INSPECT_OK, "10100101", 1 },
	{ INSPECT_OCTAL, INSPECT_LITTLE, "08", INSPECT_OK, "010", 1 },
	{ INSPECT_UTF8, INSPECT_LITTLE, "c3a9", INSPECT_OK,
	  "\xc3\xa9 U+00E9", 1 },
	{ INSPECT_UTF8, INSPECT_LITTLE, "1b", INSPECT_OK, "\\e U+001B", 1 },
	{ INSPECT_UTF8, INSPECT_LITTLE, "e280ae", INSPECT_OK,
	  "\\u202e U+202E", 1 },
	{ INSPECT_UTF8, INSPECT_LITTLE, "e282", INSPECT_SHORT, NULL, 0 },
	{ INSPECT_UTF8, INSPECT_LITTLE, "eda080", INSPECT_INVALID, NULL, 0 },
	{ INSPECT_UTF16, INSPECT_LITTLE, "3dd800de", INSPECT_OK,
	  "\xf0\x9f\x98\x80 U+1F600", 1 },
	{ INSPECT_UTF16, INSPECT_BIG, "dc00", INSPECT_INVALID, NULL, 0 },
	{ INSPECT_UTF16, INSPECT_BIG, "d800", INSPECT_SHORT, NULL, 0 },
	{ INSPECT_UNIX32, INSPECT_BIG, "6593 7d25", INSPECT_OK,
	  "2024-01-02T03:04:05Z", 1 },
	{ INSPECT_UNIX32, INSPECT_BIG, "80000000", INSPECT_OK,
	  "1901-12-13T20:45:52Z", 0 },
	{ INSPECT_UNIX_MS, INSPECT_LITTLE, "ffffffffffffffff", INSPECT_OK,
	  "1969-12-31T23:59:59.999Z", 0 },
	{ INSPECT_UNIX64, INSPECT_LITTLE, "ffffffffffffff7f",
	  INSPECT_INVALID, "year out of range", 0 },
	{ INSPECT_FILETIME, INSPECT_LITTLE, "0080 3ed5 deb1 9d01",
	  INSPECT_OK, "1970-01-01T00:00:00.0000000Z", 0 },
	{ INSPECT_FILETIME, INSPECT_LITTLE, "0000 0000 0000 0000",
	  INSPECT_OK, "1601-01-01T00:00:00.0000000Z", 0 },
	{ INSPECT_DOSTIME, INSPECT_LITTLE, "8260 2158", INSPECT_OK,
	  "2024-01-01T12:04:04", 1 },
	{ INSPECT_DOSTIME, INSPECT_LITTLE, "00000000", INSPECT_INVALID,
	  "invalid DOS date", 0 },
	{ INSPECT_HFS, INSPECT_BIG, "00000000", INSPECT_OK,
	  "1904-01-01T00:00:00Z", 0 },
	{ INSPECT_NTP, INSPECT_BIG, "83aa7e80 80000000", INSPECT_OK,
	  "1970-01-01T00:00:00.500000000Z", 0 },
	{ INSPECT_GUID, INSPECT_LITTLE, "33221100554477668899aabbccddeeff",
	  INSPECT_OK, "{00112233-4455-6677-8899-AABBCCDDEEFF}", 1 },
	{ INSPECT_GUID, INSPECT_BIG, "00112233445566778899aabbccddeeff",
	  INSPECT_OK, "{00112233-4455-6677-8899-AABBCCDDEEFF}", 1 },
	{ INSPECT_IPV4, INSPECT_BIG, "c0a80001", INSPECT_OK, "192.168.0.1",
	  1 },
	{ INSPECT_IPV4, INSPECT_LITTLE, "0100a8c0", INSPECT_OK, "192.168.0.1",
	  1 },
	{ INSPECT_IPV6, INSPECT_LITTLE, "20010db8000000000000000000000001",
	  INSPECT_OK, "2001:db8::1", 1 },
};

/* Parse hex (blanks allowed) into out; returns the length. */
static size_t
unhex(const char *hex, unsigned char *out)
{
	size_t n = 0;
	unsigned v;

	for (; *hex != '\0'; hex++) {
		if (*hex == ' ')
			continue;
		ck_assert_int_eq(sscanf(hex, "%2x", &v), 1);
		out[n++] = (unsigned char)v;
		hex++;
	}
	return n;
}

START_TEST(test_known)
{
	const struct known *k = &knowns[_i];
	unsigned char bytes[32];
	struct inspect_row row;
	size_t n = unhex(k->hex, bytes);

	inspect_row(k->kind, bytes, n, k->order, 0, &row);
	ck_assert_str_eq(row.name, inspect_name(k->kind));
	ck_assert_msg(row.status == k->status, "%s %s: status %d, text %s",
	    row.name, k->hex, row.status, row.text);
	if (k->text != NULL)
		ck_assert_str_eq(row.text, k->text);
	ck_assert_int_eq(row.plausible, k->plausible);
	if (row.status != INSPECT_OK)
		ck_assert_uint_eq(row.width, 0);
}
END_TEST

/* The table at the end of the file: no row reads past n. */
START_TEST(test_table_end)
{
	unsigned char bytes[INSPECT_WINDOW];
	struct inspect_row rows[INSPECT_KINDS];
	size_t n, k;

	memset(bytes, 0xff, sizeof bytes);
	for (n = 0; n <= INSPECT_WINDOW; n++) {
		ck_assert_uint_eq(inspect_table(bytes, n, INSPECT_BIG, 0,
		    rows), INSPECT_KINDS);
		for (k = 0; k < INSPECT_KINDS; k++) {
			ck_assert_uint_le(rows[k].width, n);
			ck_assert(rows[k].status != INSPECT_OK ||
			    rows[k].width > 0);
		}
	}
	ck_assert_int_eq(rows[INSPECT_GUID].status, INSPECT_OK);
	inspect_table(bytes, 0, INSPECT_BIG, 0, rows);
	for (k = 0; k < INSPECT_KINDS; k++)
		ck_assert_int_eq(rows[k].status, INSPECT_SHORT);
}
END_TEST

START_TEST(test_names)
{
	enum inspect_kind kind;
	unsigned k;

	for (k = 0; k < INSPECT_KINDS; k++) {
		ck_assert_int_eq(inspect_kind_from_name(inspect_name(k),
		    &kind), 0);
		ck_assert_int_eq(kind, k);
	}
	ck_assert_int_eq(inspect_kind_from_name("int7", &kind), -1);
	ck_assert_ptr_null(inspect_name(INSPECT_KINDS));
}
END_TEST

/* A value that must encode to given bytes. */
struct encoding {
	enum inspect_kind kind;
	enum inspect_order order;
	const char *text;
	const char *hex;
};

static const struct encoding encodings[] = {
	{ INSPECT_INT8, INSPECT_LITTLE, "-128", "80" },
	{ INSPECT_UINT16, INSPECT_LITTLE, "0x10", "1000" },
	{ INSPECT_UINT16, INSPECT_BIG, " 1234 ", "04d2" },
	{ INSPECT_INT32, INSPECT_BIG, "-2", "fffffffe" },
	{ INSPECT_UINT32, INSPECT_LITTLE, "0b101", "05000000" },
	{ INSPECT_UINT128, INSPECT_BIG,
	  "340282366920938463463374607431768211455",
	  "ffffffffffffffffffffffffffffffff" },
	{ INSPECT_FLOAT16, INSPECT_BIG, "65519", "7bff" },
	{ INSPECT_FLOAT16, INSPECT_BIG, "1e-9", "0000" },
	{ INSPECT_FLOAT16, INSPECT_BIG, "2.98023223876953125e-8", "0000" },
	{ INSPECT_FLOAT16, INSPECT_BIG, "3e-8", "0001" },
	{ INSPECT_FLOAT16, INSPECT_BIG, "-inf", "fc00" },
	{ INSPECT_BFLOAT16, INSPECT_BIG, "1", "3f80" },
	{ INSPECT_FLOAT32, INSPECT_LITTLE, "3.5", "00006040" },
	{ INSPECT_FLOAT64, INSPECT_BIG, "3.5", "400c000000000000" },
	{ INSPECT_ULEB128, INSPECT_LITTLE, "624485", "e58e26" },
	{ INSPECT_SLEB128, INSPECT_LITTLE, "-123456", "c0bb78" },
	{ INSPECT_SLEB128, INSPECT_LITTLE, "64", "c000" },
	{ INSPECT_ZIGZAG, INSPECT_LITTLE, "-2", "03" },
	{ INSPECT_BINARY, INSPECT_LITTLE, "10100101", "a5" },
	{ INSPECT_OCTAL, INSPECT_LITTLE, "0o377", "ff" },
	{ INSPECT_UTF8, INSPECT_LITTLE, "\xc3\xa9", "c3a9" },
	{ INSPECT_UTF8, INSPECT_LITTLE, " ", "20" },
	{ INSPECT_UTF8, INSPECT_LITTLE, "U+202E", "e280ae" },
	{ INSPECT_UTF16, INSPECT_LITTLE, "U+1F600", "3dd800de" },
	{ INSPECT_UNIX32, INSPECT_BIG, "2024-01-02T03:04:05Z", "65937d25" },
	{ INSPECT_UNIX32, INSPECT_BIG, "2024-01-02 03:04:05", "65937d25" },
	{ INSPECT_UNIX32, INSPECT_BIG, "-1", "ffffffff" },
	{ INSPECT_UNIX_MS, INSPECT_LITTLE, "1969-12-31T23:59:59.999Z",
	  "ffffffffffffffff" },
	{ INSPECT_DOSTIME, INSPECT_LITTLE, "2024-01-01T12:04:04", "82602158" },
	{ INSPECT_NTP, INSPECT_BIG, "1970-01-01T00:00:00.5Z",
	  "83aa7e8080000000" },
	{ INSPECT_GUID, INSPECT_LITTLE, "{00112233-4455-6677-8899-AABBCCDDEEFF}",
	  "33221100554477668899aabbccddeeff" },
	{ INSPECT_GUID, INSPECT_BIG, "00112233-4455-6677-8899-aabbccddeeff",
	  "00112233445566778899aabbccddeeff" },
	{ INSPECT_IPV4, INSPECT_LITTLE, "192.168.0.1", "0100a8c0" },
	{ INSPECT_IPV6, INSPECT_BIG, "2001:db8::1",
	  "20010db8000000000000000000000001" },
};

START_TEST(test_encode)
{
	const struct encoding *e = &encodings[_i];
	unsigned char want[32], got[INSPECT_BYTES_MAX];
	size_t n = unhex(e->hex, want), len = 0;
	char *cause = NULL;

	ck_assert_msg(inspect_encode(e->kind, e->order, e->text, got, &len,
	    &cause) == 0, "%s '%s': %s", inspect_name(e->kind), e->text,
	    cause);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(len, n);
	ck_assert_mem_eq(got, want, n);
}
END_TEST

/* A value that must be refused. */
struct refusal {
	enum inspect_kind kind;
	const char *text;
	const char *message;
	int errnum;
};

static const struct refusal refusals[] = {
	{ INSPECT_INT8, "300", "out of range for int8 (-128 to 127)", ERANGE },
	{ INSPECT_INT8, "128", "out of range for int8 (-128 to 127)", ERANGE },
	{ INSPECT_UINT8, "-1", "out of range for uint8 (0 to 255)", ERANGE },
	{ INSPECT_UINT64, "18446744073709551616",
	  "out of range for uint64 (0 to 18446744073709551615)", ERANGE },
	{ INSPECT_INT128, "999999999999999999999999999999999999999999",
	  "out of range for int128 (-170141183460469231731687303715884105728 "
	  "to 170141183460469231731687303715884105727)", ERANGE },
	{ INSPECT_UINT16, "12a", "not an integer: '12a'", EINVAL },
	{ INSPECT_UINT16, "", "no value given", EINVAL },
	{ INSPECT_UINT16, "0x", "not an integer: '0x'", EINVAL },
	{ INSPECT_UINT16, "\x1b[2J", "not an integer: '\\e[2J'", EINVAL },
	{ INSPECT_FLOAT16, "65520", "out of range for float16", ERANGE },
	{ INSPECT_FLOAT32, "1e39", "out of range for float32", ERANGE },
	{ INSPECT_FLOAT64, "1e999", "out of range for float64", ERANGE },
	{ INSPECT_FLOAT64, "3.5x", "not a number: '3.5x'", EINVAL },
	{ INSPECT_ULEB128, "-1", "out of range for uleb128 (0 to "
	  "18446744073709551615)", ERANGE },
	{ INSPECT_BINARY, "111111111", "out of range for a byte (0 to 255)",
	  ERANGE },
	{ INSPECT_OCTAL, "9", "not octal digits: '9'", EINVAL },
	{ INSPECT_UTF8, "ab", "not one UTF-8 character: 'ab'", EINVAL },
	{ INSPECT_UTF8, "U+D800", "U+D800 has no encoding", ERANGE },
	{ INSPECT_UTF16, "U+110000", "U+110000 has no encoding", ERANGE },
	{ INSPECT_UNIX32, "2040-01-01T00:00:00Z", "out of range for unix32",
	  ERANGE },
	{ INSPECT_UNIX32, "2024-01-01T00:00:00.5Z",
	  "unix32 counts whole seconds", EINVAL },
	{ INSPECT_UNIX_MS, "2024-01-01T00:00:00.0001Z",
	  "unix_ms cannot hold that fraction of a second", EINVAL },
	{ INSPECT_UNIX64, "2024-02-30T00:00:00Z",
	  "not a date (2024-01-02T03:04:05Z): '2024-02-30T00:00:00Z'", EINVAL },
	{ INSPECT_HFS, "1900-01-01T00:00:00Z", "out of range for hfs", ERANGE },
	{ INSPECT_DOSTIME, "2024-01-01T00:00:01",
	  "out of range for dostime (1980 to 2107, even seconds)", ERANGE },
	{ INSPECT_DOSTIME, "2024-01-01T00:00:00Z", "dostime is local time: "
	  "no Z", EINVAL },
	{ INSPECT_GUID, "{0011}", "not a GUID: '{0011}'", EINVAL },
	{ INSPECT_IPV4, "1.2.3", "not an IPv4 address: '1.2.3'", EINVAL },
};

START_TEST(test_refuse)
{
	const struct refusal *r = &refusals[_i];
	unsigned char out[INSPECT_BYTES_MAX];
	size_t len = 99;
	char *cause = NULL;

	memset(out, 0xa5, sizeof out);
	errno = 0;
	ck_assert_int_eq(inspect_encode(r->kind, INSPECT_LITTLE, r->text,
	    out, &len, &cause), -1);
	ck_assert_int_eq(errno, r->errnum);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, r->message);
	ck_assert_uint_eq(len, 99);
	ck_assert_uint_eq(out[0], 0xa5);
	free(cause);
	/* No cause asked for: same answer. */
	ck_assert_int_eq(inspect_encode(r->kind, INSPECT_LITTLE, r->text,
	    out, &len, NULL), -1);
}
END_TEST

START_TEST(test_find)
{
	static const struct {
		const char *text, *hex;
	} finds[] = {
		{ "u32 1234", "d2040000" },
		{ "i16be -2", "fffe" },
		{ "f64 3.5", "000000000000 0c40" },
		{ "  uint16le 0x10", "1000" },
		{ "u8 255", "ff" },
		{ "unix32be 2024-01-02T03:04:05Z", "65937d25" },
		{ "ipv4be 10.0.0.1", "0a000001" },
	};
	unsigned char want[32], got[INSPECT_BYTES_MAX];
	size_t i, n, len;
	char *cause = NULL;

	for (i = 0; i < sizeof finds / sizeof finds[0]; i++) {
		n = unhex(finds[i].hex, want);
		ck_assert_msg(inspect_parse_find(finds[i].text, got, &len,
		    &cause) == 0, "%s: %s", finds[i].text, cause);
		ck_assert_uint_eq(len, n);
		ck_assert_mem_eq(got, want, n);
	}
	ck_assert_int_eq(inspect_parse_find("u7 1", got, &len, &cause), -1);
	ck_assert_str_eq(cause, "no such value type: 'u7'");
	free(cause);
	ck_assert_int_eq(inspect_parse_find("u8", got, &len, &cause), -1);
	ck_assert_str_eq(cause, "no value given");
	free(cause);
	ck_assert_int_eq(inspect_parse_find("u8 256", got, &len, &cause), -1);
	ck_assert_int_eq(errno, ERANGE);
	free(cause);
	ck_assert_int_eq(inspect_parse_find("", got, &len, &cause), -1);
	free(cause);
}
END_TEST

/* Rows whose every value has one encoding, so the bytes come back too
 * (not LEB128: longer forms of the same number exist; not NTP: its
 * fraction has more steps than nanoseconds). */
static int
one_encoding(enum inspect_kind kind)
{
	return kind != INSPECT_ULEB128 && kind != INSPECT_SLEB128 &&
	    kind != INSPECT_ZIGZAG && kind != INSPECT_NTP;
}

START_TEST(test_round_trip)
{
	unsigned char bytes[INSPECT_WINDOW], out[INSPECT_BYTES_MAX];
	struct inspect_row row, again;
	const char *text;
	unsigned seed = 12345, k, trial, order, i;
	size_t len;
	char *cause = NULL;

	for (trial = 0; trial < 600; trial++) {
		for (i = 0; i < sizeof bytes; i++) {
			seed = seed * 1103515245 + 12345;
			bytes[i] = (unsigned char)(seed >> 16);
		}
		/* Small values often: LEB128 ends, plausible times. */
		if (trial % 3 == 1)
			memset(bytes + 1 + trial % 7, 0, 3);
		for (order = 0; order < 2; order++)
		for (k = 0; k < INSPECT_KINDS; k++) {
			inspect_row(k, bytes, sizeof bytes, order, 0, &row);
			if (row.status != INSPECT_OK)
				continue;
			text = row.text;
			if (k == INSPECT_UTF8 || k == INSPECT_UTF16)
				text = strrchr(row.text, ' ') + 1;
			ck_assert_msg(inspect_encode(k, order, text, out, &len,
			    &cause) == 0, "%s '%s': %s", row.name, text,
			    cause);
			inspect_row(k, out, len, order, 0, &again);
			ck_assert_str_eq(again.text, row.text);
			if (!one_encoding(k) || strcmp(row.text, "nan") == 0)
				continue;
			ck_assert_uint_eq(len, row.width);
			ck_assert_msg(memcmp(out, bytes, len) == 0,
			    "%s '%s' encodes to other bytes", row.name,
			    row.text);
		}
	}
}
END_TEST

Suite *
inspect_suite(void)
{
	Suite *s = suite_create("inspect");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_known, 0,
	    sizeof knowns / sizeof knowns[0]);
	tcase_add_test(tc, test_table_end);
	tcase_add_test(tc, test_names);
	tcase_add_loop_test(tc, test_encode, 0,
	    sizeof encodings / sizeof encodings[0]);
	tcase_add_loop_test(tc, test_refuse, 0,
	    sizeof refusals / sizeof refusals[0]);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
