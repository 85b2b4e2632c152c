/*
 * check-config.c - tests for the config file parser (config-file.h).
 *
 * Covers: defaults; every setting and its spellings; bindings of every
 * kind of key against a list of action names; quotes and comments; bad
 * lines (each named "FILE:LINE: why", nothing changed by them, the rest
 * applied); the last of a setting given twice; config_load() with a
 * named file, a missing named file, a missing default file and the
 * XDG_CONFIG_HOME and HOME default paths.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config-file.h"
#include "suites.h"
#include "testfile.h"

static const char *const actions[] = {
	"quit", "find", "line-numbers", "goto", "page-down"
};
#define NACTIONS (sizeof actions / sizeof actions[0])

/* Parse text as the file "cfg" into *cfg (initialised here). */
static void
parse(struct config *cfg, const char *text)
{
	config_init(cfg);
	ck_assert_int_eq(config_parse(cfg, "cfg", text, strlen(text), actions,
	    NACTIONS), 0);
}

/* Assert the canonical name of key text is want. */
static void
ck_key(const char *text, const char *want)
{
	struct config_key key;
	char buf[32];

	if (config_key_parse(text, &key) != 0)
		ck_abort_msg("key '%s' refused", text);
	ck_assert_str_eq(config_key_name(&key, buf, sizeof buf), want);
}

START_TEST(test_defaults)
{
	struct config cfg;

	parse(&cfg, "");
	ck_assert_int_eq(cfg.mode, CONFIG_MODE_READONLY);
	ck_assert_uint_eq(cfg.cols, 0);
	ck_assert_uint_eq(cfg.watch_ms, 100);
	ck_assert_int_eq(cfg.colour, 1);
	ck_assert_int_eq(cfg.byte_order, CONFIG_ORDER_LITTLE);
	ck_assert_uint_eq(cfg.set, 0);
	ck_assert_uint_eq(cfg.nbindings, 0);
	ck_assert_uint_eq(cfg.ndiags, 0);
	config_free(&cfg);
}
END_TEST

START_TEST(test_settings)
{
	struct config cfg;

	parse(&cfg, "# my settings\n\n  mode write   # -w\r\n"
	    "cols 32\nwatch 250\ncolour off\nbyte-order big\n");
	ck_assert_uint_eq(cfg.ndiags, 0);
	ck_assert_int_eq(cfg.mode, CONFIG_MODE_WRITE);
	ck_assert_uint_eq(cfg.cols, 32);
	ck_assert_uint_eq(cfg.watch_ms, 250);
	ck_assert_int_eq(cfg.colour, 0);
	ck_assert_int_eq(cfg.byte_order, CONFIG_ORDER_BIG);
	ck_assert_uint_eq(cfg.set, CONFIG_SET_MODE | CONFIG_SET_COLS |
	    CONFIG_SET_WATCH | CONFIG_SET_COLOUR | CONFIG_SET_ORDER);
	config_free(&cfg);

	parse(&cfg, "mode copy\nmode read-only\ncols auto\nwatch off\n"
	    "color yes\nbytes-per-row 4096\nbyte-order little");
	ck_assert_uint_eq(cfg.ndiags, 0);
	ck_assert_int_eq(cfg.mode, CONFIG_MODE_READONLY);
	ck_assert_uint_eq(cfg.cols, 4096);
	ck_assert_uint_eq(cfg.watch_ms, 0);
	ck_assert_int_eq(cfg.colour, 1);
	config_free(&cfg);
}
END_TEST

START_TEST(test_keys)
{
	struct config_key key;

	ck_key("x", "x");
	ck_key("X", "X");
	ck_key("#", "#");
	ck_key("C-x", "C-x");
	ck_key("C-X", "C-x");
	ck_key("C-[", "C-[");
	ck_key("M-x", "M-x");
	ck_key("M-C-x", "C-M-x");
	ck_key("F5", "F5");
	ck_key("f63", "F63");
	ck_key("S-F7", "S-F7");
	ck_key("up", "Up");
	ck_key("PAGEDOWN", "PgDn");
	ck_key("Del", "Delete");
	ck_key("C-Home", "C-Home");
	ck_key("S-Tab", "S-Tab");
	ck_key("Space", "Space");
	ck_key("M--", "M--");
	ck_key("-", "-");
	ck_key("C", "C");
	ck_assert_int_eq(config_key_parse("", &key), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(config_key_parse("C-", &key), -1);
	ck_assert_int_eq(config_key_parse("C-1", &key), -1);
	ck_assert_int_eq(config_key_parse("C-C-x", &key), -1);
	ck_assert_int_eq(config_key_parse("S-x", &key), -1);
	ck_assert_int_eq(config_key_parse("F0", &key), -1);
	ck_assert_int_eq(config_key_parse("F64", &key), -1);
	ck_assert_int_eq(config_key_parse("Foo", &key), -1);
	ck_assert_int_eq(config_key_parse("X-x", &key), -1);
	ck_assert_int_eq(config_key_parse("\xc3\xa9", &key), -1);
}
END_TEST

START_TEST(test_bind)
{
	struct config cfg;
	char buf[32];

	parse(&cfg, "bind C-q quit\nbind \"#\" line-numbers\n"
	    "bind F5 find # comment\nunbind q\nbind 'M-g' \"goto\"\n");
	ck_assert_uint_eq(cfg.ndiags, 0);
	ck_assert_uint_eq(cfg.nbindings, 5);
	ck_assert_str_eq(config_key_name(&cfg.bindings[0].key, buf,
	    sizeof buf), "C-q");
	ck_assert_ptr_eq(cfg.bindings[0].action, actions[0]);
	ck_assert_uint_eq(cfg.bindings[0].line, 1);
	ck_assert_str_eq(config_key_name(&cfg.bindings[1].key, buf,
	    sizeof buf), "#");
	ck_assert_str_eq(cfg.bindings[1].action, "line-numbers");
	ck_assert_int_eq(cfg.bindings[2].key.kind, CONFIG_KEY_FUNCTION);
	ck_assert_uint_eq(cfg.bindings[2].key.code, 5);
	ck_assert_ptr_null(cfg.bindings[3].action);
	ck_assert_uint_eq(cfg.bindings[4].key.mods, CONFIG_KEY_META);
	ck_assert_str_eq(cfg.bindings[4].action, "goto");
	config_free(&cfg);
}
END_TEST

/* Each bad line: named with its line, changes nothing, the rest goes on. */
START_TEST(test_bad_lines)
{
	static const char *const want[] = {
		"cfg:1: unknown setting 'colours'",
		"cfg:2: cols: '0' is not 1 to 4096 or auto",
		"cfg:3: cols: '4097' is not 1 to 4096 or auto",
		"cfg:4: watch: '-1' is not 0 to 3600000 ms or off",
		"cfg:5: mode: 'rw' is not read-only, write or copy",
		"cfg:6: mode: want one value",
		"cfg:7: bind: 'C-1' is not a key (such as x, C-x, M-x, F5, Up)",
		"cfg:8: bind: unknown action 'explode'",
		"cfg:9: bind: want bind KEY ACTION",
		"cfg:10: a quote is not closed",
		"cfg:11: too many words",
		"cfg:12: colour: 'maybe' is not on or off",
		"cfg:13: byte-order: 'middle' is not little or big",
		"cfg:15: unknown setting 'mode\\e[2J'",
		"cfg:16: a NUL byte",
		"cfg:17: watch: '99999999999999999999' is not 0 to 3600000 ms "
		    "or off",
	};
	const char text[] = "colours on\ncols 0\ncols 4097\nwatch -1\n"
	    "mode rw\nmode write now\nbind C-1 quit\nbind x explode\n"
	    "bind x\nbind \"x quit\ncols 8 9 10\ncolour maybe\n"
	    "byte-order middle\ncols 16\nmode\033[2J write\nmode\0write\n"
	    "watch 99999999999999999999\n";
	struct config cfg;
	size_t i;

	config_init(&cfg);
	ck_assert_int_eq(config_parse(&cfg, "cfg", text, sizeof text - 1,
	    actions, NACTIONS), 0);
	for (i = 0; i < cfg.ndiags && i < sizeof want / sizeof want[0]; i++)
		ck_assert_str_eq(cfg.diags[i], want[i]);
	ck_assert_uint_eq(cfg.ndiags, sizeof want / sizeof want[0]);
	/* Only line 14 applied. */
	ck_assert_uint_eq(cfg.set, CONFIG_SET_COLS);
	ck_assert_uint_eq(cfg.cols, 16);
	ck_assert_int_eq(cfg.mode, CONFIG_MODE_READONLY);
	ck_assert_uint_eq(cfg.watch_ms, 100);
	ck_assert_uint_eq(cfg.nbindings, 0);
	config_free(&cfg);
}
END_TEST

/* Write text to DIR/mmhex/config, DIR made fresh; return DIR. */
static const char *
config_dir(const char *text)
{
	static char dir[300];
	char sub[320], file[340];
	FILE *f;

	snprintf(dir, sizeof dir, "%s", testfile_path("xdg"));
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(sub, sizeof sub, "%s/mmhex", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	if (text != NULL) {
		snprintf(file, sizeof file, "%s/config", sub);
		f = fopen(file, "w");
		fputs(text, f);
		fclose(f);
	}
	return dir;
}

START_TEST(test_load)
{
	struct config cfg;
	const char *dir;
	char path[400], *cause = NULL;

	/* The default, from XDG_CONFIG_HOME. */
	dir = config_dir("cols 8\nbad line\n");
	setenv("XDG_CONFIG_HOME", dir, 1);
	config_init(&cfg);
	ck_assert_int_eq(config_load(&cfg, NULL, actions, NACTIONS, &cause),
	    0);
	ck_assert_ptr_null(cause);
	snprintf(path, sizeof path, "%s/mmhex/config", dir);
	ck_assert_str_eq(cfg.path, path);
	ck_assert_uint_eq(cfg.cols, 8);
	ck_assert_uint_eq(cfg.ndiags, 1);
	snprintf(path, sizeof path, "%s/mmhex/config:2: unknown setting "
	    "'bad'", dir);
	ck_assert_str_eq(cfg.diags[0], path);
	config_free(&cfg);

	/* From HOME when XDG_CONFIG_HOME is not absolute. */
	setenv("XDG_CONFIG_HOME", "relative", 1);
	dir = config_dir(NULL);
	snprintf(path, sizeof path, "%s/.config", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/.config/mmhex", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/.config/mmhex/config", dir);
	{
		FILE *f = fopen(path, "w");

		fputs("watch 5\n", f);
		fclose(f);
	}
	setenv("HOME", dir, 1);
	config_init(&cfg);
	ck_assert_int_eq(config_load(&cfg, NULL, actions, NACTIONS, NULL), 0);
	ck_assert_uint_eq(cfg.watch_ms, 5);
	config_free(&cfg);

	/* A missing default file is no error, nothing read. */
	setenv("XDG_CONFIG_HOME", config_dir(NULL), 1);
	config_init(&cfg);
	ck_assert_int_eq(config_load(&cfg, NULL, actions, NACTIONS, &cause),
	    0);
	ck_assert_ptr_null(cfg.path);
	config_free(&cfg);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	config_init(&cfg);
	ck_assert_int_eq(config_load(&cfg, NULL, actions, NACTIONS, &cause),
	    0);
	ck_assert_ptr_null(cause);

	/* A missing named file is. */
	snprintf(path, sizeof path, "%s", testfile_path("none"));
	ck_assert_int_eq(config_load(&cfg, path, actions, NACTIONS, &cause),
	    -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_str_eq(cause + strlen(path), ": No such file or directory");
	free(cause);
	config_free(&cfg);
}
END_TEST

static void
config_teardown(void)
{
	testfile_cleanup();
}

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, NULL, config_teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_settings);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_bind);
	tcase_add_test(tc, test_bad_lines);
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);
	return s;
}
