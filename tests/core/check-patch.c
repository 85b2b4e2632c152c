/*
 * check-patch.c - tests for command-line patches (patch.h).
 *
 * Parsing is table driven: specs that must give an offset and bytes, and
 * specs that must be refused with a given message and errno, leaving no
 * allocation behind.  Checking and applying run against real files and
 * read them back with pread(2), never through the mapping under test: a
 * refused set must leave the file identical byte for byte, an applied
 * set must change exactly the patched bytes, also past 4 GiB in a sparse
 * file.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "map.h"
#include "patch.h"
#include "suites.h"
#include "testfile.h"

#define GIB (1024ull * 1024ull * 1024ull)

/* The file most tests patch: 0x30..0x39, 0x61..0x66. */
static const char text[] = "0123456789abcdef";
#define TEXT_LEN (sizeof text - 1)

/* Most patches in one test. */
#define MAX_PATCHES 8

static char path[PATH_MAX + 64];
static struct map *m;
static struct patch patches[MAX_PATCHES];
static size_t npatches;
static char *cause;

/* A spec that must parse. */
struct good {
	const char *spec;
	uint64_t offset;
	size_t len;
	const char *old;	/* len bytes */
	const char *new;
	const char *name;	/* in messages, if not the spec itself */
};

/* A spec that must be refused. */
struct bad {
	const char *spec;
	const char *message;	/* the whole cause */
	int errnum;
};

static const struct good goods[] = {
	{ "0x10:7f45:9090", 0x10, 2, "\x7f\x45", "\x90\x90", NULL },
	{ "16:7F45:9090", 16, 2, "\x7f\x45", "\x90\x90", NULL },
	{ "10h:aB:Cd", 16, 1, "\xab", "\xcd", NULL },
	{ "4k:00:ff", 4096, 1, "\x00", "\xff", NULL },
	{ "0:00:00", 0, 1, "\x00", "\x00", NULL },
	{ " 0x10 :7f 45: 90 90 ", 0x10, 2, "\x7f\x45", "\x90\x90", NULL },
	{ "1:\t7f\t\t45  :9090", 1, 2, "\x7f\x45", "\x90\x90",
	  "1:\\t7f\\t\\t45  :9090" },
	{ "0:0123456789abcdef:fedcba9876543210", 0, 8,
	  "\x01\x23\x45\x67\x89\xab\xcd\xef",
	  "\xfe\xdc\xba\x98\x76\x54\x32\x10", NULL },
	{ "18446744073709551615:00:01", UINT64_MAX, 1, "\x00", "\x01", NULL },
	{ "0xfffffffffffffffe:0000:0101", UINT64_MAX - 1, 2, "\x00\x00",
	  "\x01\x01", NULL },
	{ "5G:00:01", 5 * GIB, 1, "\x00", "\x01", NULL },
};

static const struct bad bads[] = {
	{ "", "bad patch '': want OFFSET:OLDHEX:NEWHEX, such as "
	  "0x10:7f45:9090", EINVAL },
	{ "0x10", "bad patch '0x10': want OFFSET:OLDHEX:NEWHEX, such as "
	  "0x10:7f45:9090", EINVAL },
	{ "0x10:7f45", "bad patch '0x10:7f45': want OFFSET:OLDHEX:NEWHEX, "
	  "such as 0x10:7f45:9090", EINVAL },
	{ "0x10:7f45:9090:", "bad patch '0x10:7f45:9090:': want "
	  "OFFSET:OLDHEX:NEWHEX, such as 0x10:7f45:9090", EINVAL },
	{ "zz:00:01", "bad patch 'zz:00:01': offset: bad number 'zz'",
	  EINVAL },
	{ ":00:01", "bad patch ':00:01': offset: empty number", EINVAL },
	{ "-1:00:01", "bad patch '-1:00:01': offset: bad number '-1'",
	  EINVAL },
	{ "end:00:01", "bad patch 'end:00:01': offset: bad number 'end'",
	  EINVAL },
	{ "99999999999999999999:00:01", "bad patch "
	  "'99999999999999999999:00:01': offset: number "
	  "'99999999999999999999' is too large", ERANGE },
	{ "0x10:7f4:9090", "bad patch '0x10:7f4:9090': old bytes: odd number "
	  "of hex digits in '7f4'", EINVAL },
	{ "0x10:7 f45:9090", "bad patch '0x10:7 f45:9090': old bytes: odd "
	  "number of hex digits in '7'", EINVAL },
	{ "0x10:7f45:909", "bad patch '0x10:7f45:909': new bytes: odd number "
	  "of hex digits in '909'", EINVAL },
	{ "0x10:7g:90", "bad patch '0x10:7g:90': old bytes: '7g' is not hex",
	  EINVAL },
	{ "0x10:7f:9-", "bad patch '0x10:7f:9-': new bytes: '9-' is not hex",
	  EINVAL },
	{ "0x10:7f_45:9090", "bad patch '0x10:7f_45:9090': old bytes: "
	  "'7f_45' is not hex", EINVAL },
	{ "0x10:0x7f:90", "bad patch '0x10:0x7f:90': old bytes: '0x7f' has a "
	  "0x prefix; write the bytes as bare hex digits", EINVAL },
	{ "0x10::90", "bad patch '0x10::90': old bytes: no bytes given",
	  EINVAL },
	{ "0x10: \t :90", "bad patch '0x10: \\t :90': old bytes: no bytes "
	  "given", EINVAL },
	{ "0x10:90:", "bad patch '0x10:90:': new bytes: no bytes given",
	  EINVAL },
	{ "0x10:7f45:90", "bad patch '0x10:7f45:90': 2 old bytes but 1 new; "
	  "a patch cannot change the size of the file", EINVAL },
	{ "0x10:7f:9090", "bad patch '0x10:7f:9090': 1 old byte but 2 new; "
	  "a patch cannot change the size of the file", EINVAL },
	{ "0xffffffffffffffff:0000:0101", "bad patch "
	  "'0xffffffffffffffff:0000:0101': its 2 bytes at 0xffffffffffffffff "
	  "run past the largest offset, 2^64 - 1", ERANGE },
	{ "\033[31m:00:01", "bad patch '\\e[31m:00:01': offset: bad number "
	  "'\\e[31m'", EINVAL },
	{ "0:\xe2\x80\xae" "41:42", "bad patch '0:\\u202e41:42': old bytes: "
	  "'\\u202e41' is not hex", EINVAL },
	{ "0:00\n:01", "bad patch '0:00\\n:01': old bytes: '00\\n' is not "
	  "hex", EINVAL },
};

/* Free the patches, close the map and remove every test file. */
static void
teardown(void)
{
	size_t i;

	for (i = 0; i < MAX_PATCHES; i++)
		patch_free(&patches[i]);
	npatches = 0;
	free(cause);
	cause = NULL;
	map_close(m);
	m = NULL;
	testfile_cleanup();
}

/* Parse spec as the next patch of the set, or fail the test. */
static void
add(const char *spec)
{
	char *why = NULL;

	ck_assert_uint_lt(npatches, MAX_PATCHES);
	if (patch_parse(spec, &patches[npatches], &why) != 0)
		ck_abort_msg("'%s' refused: %s", spec, why);
	npatches++;
}

/* Make a file holding the n bytes at bytes and map it in mode. */
static void
open_file(const void *bytes, size_t n, enum map_mode mode)
{
	char *why = NULL;

	snprintf(path, sizeof path, "%s", testfile_make(bytes, n));
	m = map_open(path, mode, &why);
	if (m == NULL)
		ck_abort_msg("map_open: %s", why);
}

/* Read n bytes at offset from the file at path with pread(2). */
static void
read_back(uint64_t offset, void *buf, size_t n)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, n, (off_t)offset), (ssize_t)n);
	close(fd);
}

/* Fail unless the file at path holds exactly the n bytes at want. */
static void
assert_file(const void *want, size_t n)
{
	char got[16384];
	struct stat st;

	ck_assert_uint_le(n, sizeof got);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, n);
	read_back(0, got, n);
	ck_assert_mem_eq(got, want, n);
}

/* Fail unless cause is "PATH: what". */
static void
assert_cause(const char *what)
{
	char want[PATH_MAX + 512];

	snprintf(want, sizeof want, "%s: %s", path, what);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
}

/* Check then apply the set; both must fail with errnum and what, and the
 * file must still hold the n bytes at before. */
static void
assert_refused(int errnum, const char *what, const void *before, size_t n)
{
	ck_assert_int_eq(patch_check(m, patches, npatches, &cause), -1);
	ck_assert_int_eq(errno, errnum);
	assert_cause(what);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	ck_assert_int_eq(errno, errnum);
	assert_cause(what);
	assert_file(before, n);
}

START_TEST(test_parse_good)
{
	const struct good *g = &goods[_i];
	struct patch p;
	char *why = (char *)"untouched";

	if (patch_parse(g->spec, &p, &why) != 0)
		ck_abort_msg("'%s' refused: %s", g->spec, why);
	ck_assert_ptr_null(why);
	ck_assert_uint_eq(p.offset, g->offset);
	ck_assert_uint_eq(p.len, g->len);
	ck_assert_mem_eq(p.old, g->old, g->len);
	ck_assert_mem_eq(p.new, g->new, g->len);
	ck_assert_str_eq(p.name, g->name != NULL ? g->name : g->spec);
	patch_free(&p);
	ck_assert_ptr_null(p.old);
	patch_free(&p);		/* a second free is allowed */

	/* Without a cause the answer is the same. */
	ck_assert_int_eq(patch_parse(g->spec, &p, NULL), 0);
	ck_assert_uint_eq(p.offset, g->offset);
	patch_free(&p);
}
END_TEST

START_TEST(test_parse_bad)
{
	const struct bad *b = &bads[_i];
	struct patch p;
	char *why = NULL;

	errno = 0;
	ck_assert_int_eq(patch_parse(b->spec, &p, &why), -1);
	ck_assert_int_eq(errno, b->errnum);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, b->message);
	ck_assert_ptr_null(p.old);
	ck_assert_ptr_null(p.new);
	ck_assert_ptr_null(p.name);
	ck_assert_uint_eq(p.len, 0);
	free(why);

	errno = 0;
	ck_assert_int_eq(patch_parse(b->spec, &p, NULL), -1);
	ck_assert_int_eq(errno, b->errnum);
}
END_TEST

START_TEST(test_parse_null_and_long)
{
	char spec[300], *why = NULL;
	struct patch p;
	size_t i;

	ck_assert_int_eq(patch_parse(NULL, &p, &why), -1);
	ck_assert_str_eq(why, "bad patch '': want OFFSET:OLDHEX:NEWHEX, "
	    "such as 0x10:7f45:9090");
	free(why);

	/* A long spec is named by its first 48 bytes and "...". */
	memset(spec, 'a', sizeof spec);
	memcpy(spec, "0:", 2);
	spec[sizeof spec - 1] = '\0';
	ck_assert_int_eq(patch_parse(spec, &p, &why), -1);
	ck_assert_str_eq(why, "bad patch '0:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaa...': want OFFSET:OLDHEX:NEWHEX, such as "
	    "0x10:7f45:9090");
	free(why);

	/* Long hex is fine, and so is a name cut inside a character. */
	snprintf(spec, sizeof spec, "0:%0128d:%0128d", 0, 1);
	ck_assert_int_eq(patch_parse(spec, &p, &why), 0);
	ck_assert_uint_eq(p.len, 64);
	ck_assert_uint_eq(p.new[63], 1);
	ck_assert_uint_eq(strlen(p.name), 51);
	patch_free(&p);
	memset(spec, 0, sizeof spec);
	memcpy(spec, "0:00:01 ", 8);
	for (i = 8; i + 3 < 60; i += 3)
		memcpy(spec + i, "\xe2\x82\xac", 3);	/* euro signs */
	ck_assert_int_eq(patch_parse(spec, &p, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "\xe2\x82\xac..."));
	ck_assert_ptr_null(strstr(why, "\\x"));
	free(why);
}
END_TEST

START_TEST(test_describe)
{
	char *line;

	add("0x10:7F 45:9090");
	add("4k:00:ff");
	line = patch_describe(&patches[0]);
	ck_assert_str_eq(line, "0x10: 7f45 -> 9090");
	free(line);
	line = patch_describe(&patches[1]);
	ck_assert_str_eq(line, "0x1000: 00 -> ff");
	free(line);
}
END_TEST

START_TEST(test_overlap)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("2:3233:4142");
	add("3:33:00");
	assert_refused(EINVAL, "patches 1 '2:3233:4142' and 2 '3:33:00' "
	    "overlap at 0x3; nothing changed", text, TEXT_LEN);
}
END_TEST

START_TEST(test_overlap_named_in_given_order)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0xa:61:41");
	add("3:33:00");
	add("0:30313233:00000000");
	assert_refused(EINVAL, "patches 2 '3:33:00' and 3 "
	    "'0:30313233:00000000' overlap at 0x3; nothing changed", text,
	    TEXT_LEN);
}
END_TEST

START_TEST(test_overlap_same_offset)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("5:35:41");
	add("5:35:41");
	assert_refused(EINVAL, "patches 1 '5:35:41' and 2 '5:35:41' overlap "
	    "at 0x5; nothing changed", text, TEXT_LEN);
}
END_TEST

START_TEST(test_overlap_contained)
{
	/* The middle patch lies inside the first; the last touches only. */
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0:3031323334:0000000000");
	add("2:32:41");
	add("5:35:41");
	assert_refused(EINVAL, "patches 1 '0:3031323334:0000000000' and 2 "
	    "'2:32:41' overlap at 0x2; nothing changed", text, TEXT_LEN);
}
END_TEST

START_TEST(test_adjacent_applied)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("3:33:43");
	add("2:32:42");
	add("4:3435:4445");
	ck_assert_int_eq(patch_check(m, patches, npatches, &cause), 0);
	ck_assert_ptr_null(cause);
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	ck_assert_ptr_null(cause);
	assert_file("01BCDE6789abcdef", TEXT_LEN);
}
END_TEST

START_TEST(test_apply_seen_through_map)
{
	char got[TEXT_LEN];

	/* The patches are written with pwrite(2); the shared mapping shows
	 * them at once (same page cache), and a second set checks against
	 * them. */
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("1:31:41");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	ck_assert_int_eq(map_read(m, 0, got, TEXT_LEN), TEXT_LEN);
	ck_assert_int_eq(memcmp(got, "0A23456789abcdef", TEXT_LEN), 0);
	ck_assert_int_eq(patch_check(m, patches, npatches, &cause), -1);
	ck_assert_int_eq(errno, EILSEQ);
	free(cause);
	cause = NULL;
	assert_file("0A23456789abcdef", TEXT_LEN);
}
END_TEST

START_TEST(test_past_end)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0:30:41");
	add("16:00:01");
	assert_refused(ERANGE, "patch 2 '16:00:01' goes past the end of the "
	    "file: byte 0x10, size 16 (0x10); nothing changed", text,
	    TEXT_LEN);
}
END_TEST

START_TEST(test_past_end_straddling)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0xf:6600:4141");
	assert_refused(ERANGE, "patch 1 '0xf:6600:4141' goes past the end of "
	    "the file: bytes 0xf-0x10, size 16 (0x10); nothing changed", text,
	    TEXT_LEN);
}
END_TEST

START_TEST(test_past_end_far)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("18446744073709551615:00:01");
	assert_refused(ERANGE, "patch 1 '18446744073709551615:00:01' goes "
	    "past the end of the file: byte 0xffffffffffffffff, size 16 "
	    "(0x10); nothing changed", text, TEXT_LEN);
}
END_TEST

START_TEST(test_empty_file)
{
	open_file("", 0, MAP_WRITE);
	add("0:00:01");
	assert_refused(ERANGE, "patch 1 '0:00:01' goes past the end of the "
	    "file: byte 0x0, size 0 (0x0); nothing changed", "", 0);

	/* No patches at all: nothing to check, nothing to do. */
	teardown();
	open_file("", 0, MAP_WRITE);
	ck_assert_int_eq(patch_apply(m, patches, 0, &cause), 0);
	ck_assert_ptr_null(cause);
}
END_TEST

START_TEST(test_last_byte)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("15:66:21");
	add("0xe:65:3f");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	assert_file("0123456789abcd?!", TEXT_LEN);
}
END_TEST

START_TEST(test_one_byte_file)
{
	open_file("x", 1, MAP_WRITE);
	add("0:78:79");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	assert_file("y", 1);
}
END_TEST

START_TEST(test_mismatch)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0:30:41");		/* matches, and must not be written */
	add("4:3436:0000");
	assert_refused(EILSEQ, "patch 2 '4:3436:0000' does not match the "
	    "file: at 0x5 it holds 35, not 36; nothing changed", text,
	    TEXT_LEN);
}
END_TEST

START_TEST(test_mismatch_first_only)
{
	/* Two mismatches: the first in the given order is named. */
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0xa:ff:00");
	add("0:ff:00");
	assert_refused(EILSEQ, "patch 1 '0xa:ff:00' does not match the file: "
	    "at 0xa it holds 61, not ff; nothing changed", text, TEXT_LEN);
}
END_TEST

START_TEST(test_mismatch_long)
{
	unsigned char bytes[6000];
	char spec[4 * sizeof bytes + 32], *p;
	size_t i;

	/* Old bytes longer than one compare chunk, wrong at byte 5000:
	 * the message shows 16 bytes from there and "...". */
	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)i;
	open_file(bytes, sizeof bytes, MAP_WRITE);
	p = spec + sprintf(spec, "0:");
	for (i = 0; i < sizeof bytes - 10; i++)
		p += sprintf(p, "%02x", i == 5000 ? 0xee : bytes[i]);
	p += sprintf(p, ":");
	for (i = 0; i < sizeof bytes - 10; i++)
		p += sprintf(p, "00");
	add(spec);
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	ck_assert_int_eq(errno, EILSEQ);
	ck_assert_ptr_nonnull(strstr(cause, "does not match the file: at "
	    "0x1388 it holds 88898a8b8c8d8e8f9091929394959697..., not "
	    "ee898a8b8c8d8e8f9091929394959697...; nothing changed"));
	assert_file(bytes, sizeof bytes);
}
END_TEST

START_TEST(test_readonly_map)
{
	open_file(text, TEXT_LEN, MAP_READONLY);
	add("0:30:41");
	ck_assert_int_eq(patch_check(m, patches, npatches, &cause), 0);
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	ck_assert_int_eq(errno, EROFS);
	assert_cause("not open for writing (-w); nothing changed");
	assert_file(text, TEXT_LEN);
}
END_TEST

START_TEST(test_cause_optional)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("4:ff:00");
	ck_assert_int_eq(patch_apply(m, patches, npatches, NULL), -1);
	ck_assert_int_eq(errno, EILSEQ);
	assert_file(text, TEXT_LEN);
}
END_TEST

START_TEST(test_name_sanitised)
{
	char name[64];

	/* A file name with an escape sequence is shown as \e. */
	snprintf(path, sizeof path, "%s", testfile_path("a\033[31mb"));
	ck_assert_int_eq(close(open(path, O_WRONLY | O_CREAT, 0644)), 0);
	m = map_open(path, MAP_WRITE, &cause);
	ck_assert_ptr_nonnull(m);
	add("0:00:01");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	ck_assert_ptr_null(strchr(cause, '\033'));
	snprintf(name, sizeof name, "a\\e[31mb: patch 1 ");
	ck_assert_ptr_nonnull(strstr(cause, name));
}
END_TEST

START_TEST(test_apply_several)
{
	open_file(text, TEXT_LEN, MAP_WRITE);
	add("0xc:63 64:43 44");
	add("0:30:2d");
	add("6:3637 38:7a7a7a");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	ck_assert_ptr_null(cause);
	assert_file("-12345zzz9abCDef", TEXT_LEN);

	/* Applying the same set again is refused: the old bytes are gone. */
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	assert_cause("patch 1 '0xc:63 64:43 44' does not match the file: at "
	    "0xc it holds 4344, not 6364; nothing changed");
	assert_file("-12345zzz9abCDef", TEXT_LEN);
}
END_TEST

START_TEST(test_apply_page_boundary)
{
	unsigned char bytes[3 * 4096], want[3 * 4096];
	long page = sysconf(_SC_PAGESIZE);
	char spec[64];
	uint64_t at;

	ck_assert_int_ge(page, 1);
	memset(bytes, 'x', sizeof bytes);
	memcpy(want, bytes, sizeof want);
	open_file(bytes, sizeof bytes, MAP_WRITE);
	at = (uint64_t)page - 2;
	snprintf(spec, sizeof spec, "%" PRIu64 ":78787878:41424344", at);
	add(spec);
	memcpy(want + at, "ABCD", 4);
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	assert_file(want, sizeof want);
}
END_TEST

START_TEST(test_shrank_before_check)
{
	/* The file shrank after it was opened: the check re-measures. */
	open_file(text, TEXT_LEN, MAP_WRITE);
	ck_assert_int_eq(truncate(path, 8), 0);
	add("0xa:61:41");
	assert_refused(ERANGE, "patch 1 '0xa:61:41' goes past the end of the "
	    "file: byte 0xa, size 8 (0x8); nothing changed", text, 8);
}
END_TEST

START_TEST(test_sparse_past_4g)
{
	const uint64_t size = 5 * GIB;
	unsigned char got[8];
	struct stat st;
	char spec[64];

	snprintf(path, sizeof path, "%s", testfile_sparse(size, "WXYZ", 4));
	m = map_open(path, MAP_WRITE, &cause);
	ck_assert_ptr_nonnull(m);
	snprintf(spec, sizeof spec, "%" PRIu64 ":5859:6162", size - 3);
	add(spec);
	add("4G:0000:4142");
	add("0xffffffff:00:7a");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), 0);
	read_back(size - 4, got, 4);
	ck_assert_mem_eq(got, "WabZ", 4);
	read_back(4 * GIB - 2, got, 5);
	ck_assert_mem_eq(got, "\0zAB\0", 5);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq((uint64_t)st.st_size, size);
	ck_assert_int_lt(st.st_blocks, 1024);	/* still sparse */

	/* Past the end of a big file names its size. */
	teardown();
	snprintf(path, sizeof path, "%s", testfile_sparse(size, "WXYZ", 4));
	m = map_open(path, MAP_WRITE, &cause);
	ck_assert_ptr_nonnull(m);
	add("5G:00:01");
	ck_assert_int_eq(patch_apply(m, patches, npatches, &cause), -1);
	assert_cause("patch 1 '5G:00:01' goes past the end of the file: byte "
	    "0x140000000, size 5368709120 (0x140000000); nothing changed");
}
END_TEST

Suite *
patch_suite(void)
{
	Suite *s = suite_create("patch");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_loop_test(tc, test_parse_good, 0,
	    (int)(sizeof goods / sizeof goods[0]));
	tcase_add_loop_test(tc, test_parse_bad, 0,
	    (int)(sizeof bads / sizeof bads[0]));
	tcase_add_test(tc, test_parse_null_and_long);
	tcase_add_test(tc, test_describe);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_overlap);
	tcase_add_test(tc, test_overlap_named_in_given_order);
	tcase_add_test(tc, test_overlap_same_offset);
	tcase_add_test(tc, test_overlap_contained);
	tcase_add_test(tc, test_adjacent_applied);
	tcase_add_test(tc, test_apply_seen_through_map);
	tcase_add_test(tc, test_past_end);
	tcase_add_test(tc, test_past_end_straddling);
	tcase_add_test(tc, test_past_end_far);
	tcase_add_test(tc, test_empty_file);
	tcase_add_test(tc, test_last_byte);
	tcase_add_test(tc, test_one_byte_file);
	tcase_add_test(tc, test_mismatch);
	tcase_add_test(tc, test_mismatch_first_only);
	tcase_add_test(tc, test_mismatch_long);
	tcase_add_test(tc, test_readonly_map);
	tcase_add_test(tc, test_cause_optional);
	tcase_add_test(tc, test_name_sanitised);
	tcase_add_test(tc, test_shrank_before_check);
	suite_add_tcase(s, tc);

	tc = tcase_create("apply");
	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_apply_several);
	tcase_add_test(tc, test_apply_page_boundary);
	tcase_add_test(tc, test_sparse_past_4g);
	suite_add_tcase(s, tc);
	return s;
}
