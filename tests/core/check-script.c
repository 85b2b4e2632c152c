/*
 * check-script.c - tests for the headless script parser (script.h).
 *
 * Covers: every command and its forms, comments, blank and CRLF lines,
 * quoted text with escapes, the replace options and their defaults,
 * errors named "NAME:LINE: why" for each kind of bad line (nothing
 * handed back), and script_load() of a file and of a missing one.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "suites.h"
#include "testfile.h"

/* Parse text into *s; assert it worked. */
static void
parse(struct script *s, const char *text, size_t len)
{
	char *cause = NULL;

	if (script_parse("t.mmh", text, len, s, &cause) != 0)
		ck_abort_msg("script refused: %s", cause);
}

/* Assert that text is refused with message want. */
static void
refused(const char *text, const char *want)
{
	struct script s;
	char *cause = NULL;

	ck_assert_int_eq(script_parse("t.mmh", text, strlen(text), &s,
	    &cause), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(s.cmds);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_str_eq(cause, want);
	free(cause);
}

START_TEST(test_commands)
{
	static const char text[] = "# fix the header\n"
	    "goto 0x10\n"
	    "\n"
	    "  goto end - 16   # from the end\r\n"
	    "select 0x100 +4k\n"
	    "fill 00\n"
	    "fill \"ab\\x00\\n\"\n"
	    "replace dead beef\n"
	    "replace 'old' \"new\" 3 file\n"
	    "select 0 end\n"
	    "replace 0xde,0xad \\xbe\\xef all selection\n"
	    "paste de ad be ef\n"
	    "paste \"it's\"\n"
	    "save\n";
	struct script s;

	parse(&s, text, sizeof text - 1);
	ck_assert_uint_eq(s.n, 12);
	ck_assert_int_eq(s.cmds[0].op, SCRIPT_GOTO);
	ck_assert_str_eq(s.cmds[0].addr, "0x10");
	ck_assert_uint_eq(s.cmds[0].line, 2);
	ck_assert_str_eq(s.cmds[1].addr, "end - 16");
	ck_assert_uint_eq(s.cmds[1].line, 4);
	ck_assert_int_eq(s.cmds[2].op, SCRIPT_SELECT);
	ck_assert_str_eq(s.cmds[2].addr, "0x100");
	ck_assert_ptr_null(s.cmds[2].end);
	ck_assert_uint_eq(s.cmds[2].length, 4096);
	ck_assert_int_eq(s.cmds[3].op, SCRIPT_FILL);
	ck_assert_uint_eq(s.cmds[3].len, 1);
	ck_assert_int_eq(s.cmds[3].bytes[0], 0);
	ck_assert_uint_eq(s.cmds[4].len, 4);
	ck_assert_mem_eq(s.cmds[4].bytes, "ab\0\n", 4);
	ck_assert_int_eq(s.cmds[5].op, SCRIPT_REPLACE);
	ck_assert_mem_eq(s.cmds[5].bytes, "\xde\xad", 2);
	ck_assert_mem_eq(s.cmds[5].new_bytes, "\xbe\xef", 2);
	ck_assert_uint_eq(s.cmds[5].count, 0);
	/* After a select: the selection by default. */
	ck_assert_int_eq(s.cmds[5].scope, SCRIPT_IN_SELECTION);
	ck_assert_mem_eq(s.cmds[6].bytes, "old", 3);
	ck_assert_mem_eq(s.cmds[6].new_bytes, "new", 3);
	ck_assert_uint_eq(s.cmds[6].count, 3);
	ck_assert_int_eq(s.cmds[6].scope, SCRIPT_IN_FILE);
	ck_assert_str_eq(s.cmds[7].end, "end");
	ck_assert_int_eq(s.cmds[8].scope, SCRIPT_IN_SELECTION);
	ck_assert_mem_eq(s.cmds[8].bytes, "\xde\xad", 2);
	ck_assert_int_eq(s.cmds[9].op, SCRIPT_PASTE);
	ck_assert_uint_eq(s.cmds[9].len, 4);
	ck_assert_mem_eq(s.cmds[9].bytes, "\xde\xad\xbe\xef", 4);
	ck_assert_mem_eq(s.cmds[10].bytes, "it's", 4);
	ck_assert_int_eq(s.cmds[11].op, SCRIPT_SAVE);
	ck_assert_uint_eq(s.cmds[11].line, 14);
	script_free(&s);
	ck_assert_uint_eq(s.n, 0);

	/* Replace with no select before: the whole file. */
	parse(&s, "replace 41 42", 13);
	ck_assert_int_eq(s.cmds[0].scope, SCRIPT_IN_FILE);
	script_free(&s);

	/* Empty scripts. */
	parse(&s, "", 0);
	ck_assert_uint_eq(s.n, 0);
	parse(&s, "# nothing\n\n", 11);
	ck_assert_uint_eq(s.n, 0);
	script_free(&s);
}
END_TEST

START_TEST(test_errors)
{
	refused("goto 1\njump 2\n", "t.mmh:2: unknown command 'jump' (goto, "
	    "select, fill, replace, paste, save)");
	refused("goto\n", "t.mmh:1: goto: want goto ADDR");
	refused("goto zz\n", "t.mmh:1: goto: bad number 'zz'");
	refused("select 1\n", "t.mmh:1: select: want select START END or "
	    "select START +LEN");
	refused("select 1 +0\n", "t.mmh:1: select: length '+0' is not a "
	    "number of bytes, 1 or more");
	refused("select 1 +x\n", "t.mmh:1: select: length '+x' is not a "
	    "number of bytes, 1 or more");
	refused("select q 2\n", "t.mmh:1: select: start: bad number 'q'");
	refused("fill 00\n", "t.mmh:1: fill: no selection: put a select line "
	    "before it");
	refused("select 0 1\nfill zz\n", "t.mmh:2: fill: 'zz' is not hex or "
	    "quoted text");
	refused("select 0 1\nfill \"\"\n", "t.mmh:2: fill: empty text");
	refused("select 0 1\nfill 00 11\n", "t.mmh:2: fill: want fill HEX or "
	    "fill \"TEXT\"");
	refused("replace aa bbcc\n", "t.mmh:1: replace: old is 1 byte, new 2: "
	    "they must be the same length");
	refused("replace aa bb selection\n", "t.mmh:1: replace: no selection: "
	    "put a select line before it");
	refused("replace aa bb 2 3\n", "t.mmh:1: replace: two counts");
	refused("replace aa bb file file\n", "t.mmh:1: replace: two scopes");
	refused("replace aa bb some\n", "t.mmh:1: replace: 'some' is not all, "
	    "a count, selection or file");
	refused("replace aa bb 0\n", "t.mmh:1: replace: '0' is not all, a "
	    "count, selection or file");
	refused("replace aa bb 99999999999999999999999\n", "t.mmh:1: replace: "
	    "bad count '99999999999999999999999'");
	refused("paste\n", "t.mmh:1: paste: want paste HEX or paste \"TEXT\"");
	refused("paste de zz\n", "t.mmh:1: paste: bad hex at column 4: 'zz' "
	    "is not hex");
	refused("paste \"a\" \"b\"\n", "t.mmh:1: paste: one quoted text only");
	refused("paste de \"b\"\n", "t.mmh:1: paste: hex and quoted text "
	    "mixed");
	refused("save now\n", "t.mmh:1: save: takes nothing after it");
	refused("paste \"abc\n", "t.mmh:1: a quote is not closed");
	refused("paste 'abc\n", "t.mmh:1: a quote is not closed");
	refused("paste \"a\\q\"\n", "t.mmh:1: unknown escape \\q in quoted "
	    "text");
	refused("paste \"\\x4\"\n", "t.mmh:1: \\x wants two hex digits");
	refused("go\033[2Jto 1\n", "t.mmh:1: unknown command 'go\\e[2Jto' "
	    "(goto, select, fill, replace, paste, save)");
	{
		struct script s;
		char *cause = NULL;

		ck_assert_int_eq(script_parse("t.mmh", "save\0x", 6, &s,
		    &cause), -1);
		ck_assert_str_eq(cause, "t.mmh:1: a NUL byte");
		free(cause);
	}
}
END_TEST

START_TEST(test_load)
{
	struct script s;
	const char *path;
	char *cause = NULL;

	path = testfile_make("select 0 +2\nfill ff\nsave\n", 25);
	ck_assert_int_eq(script_load(path, &s, &cause), 0);
	ck_assert_uint_eq(s.n, 3);
	script_free(&s);
	path = testfile_path("none.mmh");
	ck_assert_int_eq(script_load(path, &s, &cause), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(cause + strlen(path), ": No such file or directory");
	free(cause);
	testfile_cleanup();
}
END_TEST

Suite *
script_suite(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("script");

	tcase_add_test(tc, test_commands);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);
	return s;
}
