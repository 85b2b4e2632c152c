/*
 * check-app.c - the application driven by key events, without a terminal.
 *
 * Each test maps a file, starts the application (app.h) at a fixed size,
 * hands it keys as the terminal layer would (app-key.h codes), runs the
 * loop's other steps (app_frame(), app_work()) and compares grid rows as
 * text.  Only the public API is used: the expected rows are what a user
 * reads on the screen, so they hold however src/app is arranged inside.
 * One test reads a counter inside struct app (app-state.h): how many
 * times the text view was laid out, which no screen shows.
 *
 * Files live in a private directory (tests/core/testfile.h); the test
 * changes into it and opens the file by its base name, so the status line
 * shows a short name whatever $TMPDIR is.
 */
#include <check.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app-state.h"	/* app->text.layouts */
#include "testfile.h"
#include "testgrid.h"

/* The name every test file is opened by (see session_open()). */
#define NAME		"file"

/* Most tests run at a standard terminal's size. */
#define ROWS		24
#define COLS		80
#define STATUS_ROW	(ROWS - 2)
#define MESSAGE_ROW	(ROWS - 1)

/* Bound on app_work() calls per step: a find or the file type finishes
 * long before, and a loop that never settles fails the test. */
#define WORK_STEPS	100000

/* One application under test. */
struct session {
	struct app *app;
	const struct grid *grid;	/* the last frame */
	char path[PATH_MAX];		/* the file, for pread */
	uint64_t now_ms;		/* the clock handed to app_work() */
};

/* Remove the test files. */
static void
teardown(void)
{
	testfile_cleanup();
}

/* Lay out a frame, then let the application work until it has nothing
 * due that changes the screen, and lay out the frame the user sees. */
static void
session_step(struct session *s)
{
	unsigned i;

	s->grid = app_frame(s->app);
	for (i = 0; i < WORK_STEPS && app_work(s->app, s->now_ms); i++) {
		s->now_ms += 10;
		s->grid = app_frame(s->app);
	}
	ck_assert_uint_lt(i, WORK_STEPS);
	s->now_ms += 10;
	s->grid = app_frame(s->app);
	ck_assert_ptr_nonnull(s->grid);
}

/* Open the file at path (made by testfile_*) as NAME with the options
 * opt, at rows x cols, and show the first frame. */
static void
session_open_opt(struct session *s, const char *path,
    const struct app_options *opt, unsigned rows, unsigned cols)
{
	struct map *map;
	char *cause = NULL, *slash;

	memset(s, 0, sizeof *s);
	snprintf(s->path, sizeof s->path, "%s", path);
	/* Rename the file to NAME in its directory and go there. */
	slash = strrchr(s->path, '/');
	ck_assert_ptr_nonnull(slash);
	*slash = '\0';
	ck_assert_int_eq(chdir(s->path), 0);
	ck_assert_int_eq(rename(slash + 1, NAME), 0);
	snprintf(s->path, sizeof s->path, "%s", NAME);
	map = map_open(NAME, opt->mode, &cause);
	ck_assert_msg(map != NULL, "map_open: %s", cause);
	s->app = app_new(map, opt, &cause);
	ck_assert_msg(s->app != NULL, "app_new: %s", cause);
	app_resize(s->app, rows, cols);
	s->now_ms = 1000;
	session_step(s);
}

/* Open the file at path (made by testfile_*) as NAME in mode, at rows x
 * cols, and show the first frame. */
static void
session_open(struct session *s, const char *path, enum map_mode mode,
    unsigned rows, unsigned cols)
{
	struct app_options opt;

	memset(&opt, 0, sizeof opt);
	opt.mode = mode;
	session_open_opt(s, path, &opt, rows, cols);
}

/* Let the watch tick (it ticks on the real clock: hand app_work() a time
 * past its next tick), then step the loop. */
static void
session_tick(struct session *s)
{
	app_work(s->app, app_now_ms() + 3600 * 1000);
	session_step(s);
}

/* End the session (the map is closed with it). */
static void
session_close(struct session *s)
{
	app_free(s->app);
	s->app = NULL;
	s->grid = NULL;
}

/* Hand one key to the application and step the loop. */
static void
session_key(struct session *s, int key)
{
	app_key(s->app, key);
	session_step(s);
}

/* Type each byte of text as a key. */
static void
session_type(struct session *s, const char *text)
{
	for (; *text != '\0'; text++)
		session_key(s, (unsigned char)*text);
}

/* Resize, as the terminal layer does when the terminal changes size. */
static void
session_resize(struct session *s, unsigned rows, unsigned cols)
{
	app_resize(s->app, rows, cols);
	session_step(s);
	ck_assert_uint_eq(s->grid->rows, rows);
	ck_assert_uint_eq(s->grid->cols, cols);
}

/* Return the byte at offset in the file on disk. */
static unsigned
session_disk_byte(const struct session *s, off_t offset)
{
	unsigned char byte;
	int fd;

	fd = open(s->path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, &byte, 1, offset), 1);
	close(fd);
	return byte;
}

/* Check the status line: want (name, mode, offset, size, percent), then
 * at most the file type, which depends on libmagic's version. */
static void
assert_status(const struct session *s, const char *want)
{
	char *text = grid_row_text(s->grid, s->grid->rows - 2);
	size_t len = strlen(want);

	ck_assert_ptr_nonnull(text);
	ck_assert_msg(strncmp(text, want, len) == 0 &&
	    (text[len] == '\0' || strncmp(text + len, "  ", 2) == 0),
	    "status row is '%s', want '%s' (then the file type)", text, want);
	free(text);
}

/* Check that the status line holds want (or, with present 0, not). */
static void
assert_status_has(const struct session *s, const char *want, int present)
{
	char *text = grid_row_text(s->grid, s->grid->rows - 2);

	ck_assert_ptr_nonnull(text);
	ck_assert_msg((strstr(text, want) != NULL) == (present != 0),
	    "status row is '%s', want it %s '%s'", text,
	    present ? "to hold" : "not to hold", want);
	free(text);
}

/* Check the message row. */
static void
assert_message(const struct session *s, const char *want)
{
	assert_row(s->grid, s->grid->rows - 1, want);
}

/* Check where the terminal cursor goes. */
static void
assert_cursor(const struct session *s, int row, int col)
{
	ck_assert_int_eq(s->grid->cursor_row, row);
	ck_assert_int_eq(s->grid->cursor_col, col);
}

/* Write into buf the hex row of 16 bytes at offset, as mmhex and
 * hexdump -C lay it out: offset, bytes in two groups of 8, the
 * characters with '.' for any byte outside printable ASCII.  Trailing
 * blanks are cut, as grid_row_text() does. */
static void
hex_row(char *buf, size_t len, uint64_t offset, const unsigned char *bytes,
    size_t n)
{
	size_t i, used;

	used = (size_t)snprintf(buf, len, "%08" PRIx64 " ", offset);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			used += (size_t)snprintf(buf + used, len - used, " ");
		if (i < n)
			used += (size_t)snprintf(buf + used, len - used,
			    " %02x", bytes[i]);
		else
			used += (size_t)snprintf(buf + used, len - used, "   ");
	}
	used += (size_t)snprintf(buf + used, len - used, "  ");
	for (i = 0; i < n; i++)
		buf[used++] = bytes[i] >= 0x20 && bytes[i] < 0x7f ?
		    (char)bytes[i] : '.';
	while (used > 0 && buf[used - 1] == ' ')
		used--;
	buf[used] = '\0';
}

/* A file of the 256 byte values in order. */
static const char *
make_bytes256(void)
{
	unsigned char bytes[256];
	unsigned i;

	for (i = 0; i < 256; i++)
		bytes[i] = (unsigned char)i;
	return testfile_make(bytes, sizeof bytes);
}

/* A small text file with a word to find on its second line. */
static const char text_file[] =
    "hello world\nsecond line with a needle here\nthird\n";

static const char *
make_text(void)
{
	return testfile_make(text_file, sizeof text_file - 1);
}

START_TEST(test_first_screen_bytes)
{
	struct session s;
	unsigned char bytes[16];
	char want[128];
	unsigned row, i;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	ck_assert_uint_eq(s.grid->rows, ROWS);
	ck_assert_uint_eq(s.grid->cols, COLS);
	for (row = 0; row < 16; row++) {
		for (i = 0; i < 16; i++)
			bytes[i] = (unsigned char)(row * 16 + i);
		hex_row(want, sizeof want, row * 16, bytes, 16);
		assert_row(s.grid, row, want);
	}
	/* Two rows written out, in case hex_row() and the view agree on
	 * something wrong. */
	assert_row(s.grid, 2, "00000020  20 21 22 23 24 25 26 27  "
	    "28 29 2a 2b 2c 2d 2e 2f   !\"#$%&'()*+,-./");
	assert_row(s.grid, 7, "00000070  70 71 72 73 74 75 76 77  "
	    "78 79 7a 7b 7c 7d 7e 7f  pqrstuvwxyz{|}~.");
	/* Past the end of the file: blank rows up to the status line. */
	for (row = 16; row < STATUS_ROW; row++)
		assert_row(s.grid, row, "");
	assert_cursor(&s, 0, 10);
	assert_message(&s, "");
	session_close(&s);
}
END_TEST

START_TEST(test_first_screen_pattern)
{
	struct session s;
	unsigned char bytes[16];
	char want[128];
	unsigned row, i;

	session_open(&s, testfile_pattern(4096, 13), MAP_READONLY, ROWS,
	    COLS);
	for (row = 0; row < STATUS_ROW; row++) {
		for (i = 0; i < 16; i++)
			bytes[i] = testfile_byte(13, row * 16 + i);
		hex_row(want, sizeof want, row * 16, bytes, 16);
		assert_row(s.grid, row, want);
	}
	/* A page down shows the next 22 rows. */
	session_key(&s, APP_KEY_PGDN);
	for (row = 0; row < STATUS_ROW; row++) {
		for (i = 0; i < 16; i++)
			bytes[i] = testfile_byte(13, 352 + row * 16 + i);
		hex_row(want, sizeof want, 352 + row * 16, bytes, 16);
		assert_row(s.grid, row, want);
	}
	session_close(&s);
}
END_TEST

START_TEST(test_last_row_short)
{
	struct session s;
	unsigned char bytes[20];
	char want[128];
	unsigned i;

	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)('A' + i);
	session_open(&s, testfile_make(bytes, sizeof bytes), MAP_READONLY,
	    ROWS, COLS);
	hex_row(want, sizeof want, 16, bytes + 16, 4);
	assert_row(s.grid, 1, want);
	/* The hex column is padded, so the characters stay in their
	 * column; only the bytes that exist are shown. */
	assert_row(s.grid, 1, "00000010  51 52 53 54" "                   "
	    "                    QRST");
	session_close(&s);
}
END_TEST

START_TEST(test_status_modes)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	session_close(&s);
	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	assert_status(&s, " " NAME "  [write]  0x0 (0)  of 256  0%");
	session_close(&s);
	session_open(&s, make_bytes256(), MAP_COW, ROWS, COLS);
	assert_status(&s, " " NAME "  [copy-on-write]  0x0 (0)  of 256  0%");
	session_close(&s);
}
END_TEST

START_TEST(test_status_empty)
{
	struct session s;

	session_open(&s, testfile_make("", 0), MAP_READONLY, ROWS, COLS);
	assert_row(s.grid, 0, "(empty file)");
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 0  0%");
	assert_cursor(&s, -1, -1);
	session_key(&s, APP_KEY_DOWN);
	session_key(&s, 'G');
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 0  0%");
	session_close(&s);
}
END_TEST

START_TEST(test_status_one_byte)
{
	struct session s;

	session_open(&s, testfile_make("Z", 1), MAP_READONLY, ROWS, COLS);
	assert_row(s.grid, 0, "00000000  5a" "                       "
	    "                         Z");
	/* 100% on the last byte, which is also the first. */
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 1  100%");
	session_close(&s);
}
END_TEST

START_TEST(test_move_keys)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	session_key(&s, APP_KEY_DOWN);
	assert_status(&s, " " NAME "  [read-only]  0x10 (16)  of 256  6%");
	assert_cursor(&s, 1, 10);
	session_key(&s, APP_KEY_RIGHT);
	assert_status(&s, " " NAME "  [read-only]  0x11 (17)  of 256  6%");
	assert_cursor(&s, 1, 13);
	session_key(&s, APP_KEY_END);
	assert_status(&s, " " NAME "  [read-only]  0x1f (31)  of 256  12%");
	assert_cursor(&s, 1, 56);
	session_key(&s, APP_KEY_HOME);
	assert_status(&s, " " NAME "  [read-only]  0x10 (16)  of 256  6%");
	session_key(&s, APP_KEY_UP);
	session_key(&s, APP_KEY_LEFT);	/* at the start: stays */
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	assert_cursor(&s, 0, 10);
	session_key(&s, 'G');
	assert_status(&s, " " NAME "  [read-only]  0xff (255)  of 256  100%");
	assert_cursor(&s, 15, 56);
	session_key(&s, APP_KEY_RIGHT);	/* at the end: stays */
	assert_status(&s, " " NAME "  [read-only]  0xff (255)  of 256  100%");
	session_key(&s, 'g');
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	/* The vi keys move as the arrows do. */
	session_type(&s, "jjl");
	assert_status(&s, " " NAME "  [read-only]  0x21 (33)  of 256  12%");
	session_close(&s);
}
END_TEST

START_TEST(test_page_keys)
{
	struct session s;
	char want[128];
	unsigned char bytes[16];
	unsigned i;

	session_open(&s, testfile_pattern(4096, 5), MAP_READONLY, ROWS, COLS);
	/* A screen is 22 rows of 16 bytes. */
	session_key(&s, APP_KEY_PGDN);
	assert_status(&s, " " NAME "  [read-only]  0x160 (352)  of 4096  8%");
	assert_cursor(&s, 0, 10);
	session_key(&s, APP_KEY_PGDN);
	assert_status(&s, " " NAME "  [read-only]  0x2c0 (704)  of 4096  17%");
	for (i = 0; i < 16; i++)
		bytes[i] = testfile_byte(5, 704 + i);
	hex_row(want, sizeof want, 704, bytes, 16);
	assert_row(s.grid, 0, want);
	session_key(&s, APP_KEY_PGUP);
	assert_status(&s, " " NAME "  [read-only]  0x160 (352)  of 4096  8%");
	session_key(&s, 'G');
	assert_status(&s, " " NAME "  [read-only]  0xfff (4095)  of 4096  100%");
	/* The last row of the file is the last row of the view. */
	assert_cursor(&s, STATUS_ROW - 1, 56);
	for (i = 0; i < 16; i++)
		bytes[i] = testfile_byte(5, 4080 + i);
	hex_row(want, sizeof want, 4080, bytes, 16);
	assert_row(s.grid, STATUS_ROW - 1, want);
	session_close(&s);
}
END_TEST

START_TEST(test_goto)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	session_key(&s, ':');
	assert_message(&s, "goto:");
	session_type(&s, "0x42");
	assert_message(&s, "goto: 0x42");
	assert_cursor(&s, MESSAGE_ROW, 10);
	/* Nothing moves before Return. */
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	session_key(&s, '\r');
	assert_status(&s, " " NAME "  [read-only]  0x42 (66)  of 256  25%");
	assert_message(&s, "");
	assert_cursor(&s, 4, 16);
	/* A bad offset says why and stays put. */
	session_type(&s, ":zz\r");
	assert_message(&s, "bad offset: bad number 'zz'");
	assert_status(&s, " " NAME "  [read-only]  0x42 (66)  of 256  25%");
	/* Esc leaves the prompt without moving. */
	session_type(&s, ":16");
	session_key(&s, APP_KEY_ESC);
	assert_status(&s, " " NAME "  [read-only]  0x42 (66)  of 256  25%");
	session_close(&s);
}
END_TEST

/* Return the first row of the grid that starts with prefix, or -1. */
static int
find_row(const struct session *s, const char *prefix)
{
	unsigned row;
	char *text;
	int found = -1;

	for (row = 0; row < s->grid->rows && found < 0; row++) {
		text = grid_row_text(s->grid, row);
		ck_assert_ptr_nonnull(text);
		if (strncmp(text, prefix, strlen(prefix)) == 0)
			found = (int)row;
		free(text);
	}
	return found;
}

START_TEST(test_help)
{
	struct session s;
	int row, i;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	session_key(&s, 'H');
	assert_row(s.grid, 0, "mmhex help (q or Esc closes, j/k/PgDn/PgUp "
	    "scroll)");
	assert_cursor(&s, -1, -1);
	/* Each action with its keys, the help text in a column. */
	row = find_row(&s, "  Up k ");
	ck_assert_int_gt(row, 0);
	assert_row(s.grid, (unsigned)row,
	    "  Up k                  move one row up");
	row = find_row(&s, "  Down j ");
	ck_assert_int_gt(row, 0);
	assert_row(s.grid, (unsigned)row,
	    "  Down j                move one row down");
	row = find_row(&s, "  g ");
	ck_assert_int_gt(row, 0);
	assert_row(s.grid, (unsigned)row,
	    "  g < C-Home            go to the start of the file");
	/* More than a screen: the last row says so; PgDn shows the rest,
	 * down to quit. */
	assert_row(s.grid, STATUS_ROW - 1, "  -- more below: PgDn --");
	ck_assert_int_lt(find_row(&s, "  q C-x F10 C-c "), 0);
	for (i = 0; i < 8 && find_row(&s, "  q C-x F10 C-c ") < 0; i++)
		session_key(&s, APP_KEY_PGDN);
	row = find_row(&s, "  q C-x F10 C-c ");
	ck_assert_int_gt(row, 0);
	assert_row(s.grid, (unsigned)row, "  q C-x F10 C-c         quit "
	    "(asks first when edits are unsaved)");
	assert_row(s.grid, STATUS_ROW - 1, "  -- end; PgUp for more --");
	/* The status line stays. */
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	/* q closes the help, and does not quit. */
	session_key(&s, 'q');
	ck_assert_uint_eq(app_wants(s.app) & APP_WANTS_QUIT, 0);
	assert_row(s.grid, 0, "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	assert_cursor(&s, 0, 10);
	/* F1 opens it too, Esc closes it. */
	session_key(&s, APP_KEY_F(1));
	assert_row(s.grid, 0, "mmhex help (q or Esc closes, j/k/PgDn/PgUp "
	    "scroll)");
	session_key(&s, APP_KEY_ESC);
	assert_cursor(&s, 0, 10);
	session_close(&s);
}
END_TEST

START_TEST(test_message_undo)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	session_key(&s, 'u');
	assert_message(&s, "nothing to undo");
	session_key(&s, APP_CTRL('r'));
	assert_message(&s, "nothing to redo");
	session_close(&s);
}
END_TEST

START_TEST(test_read_only_refuses)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	session_key(&s, '4');
	assert_message(&s, "read-only: open with -w to edit the file, or -c "
	    "to edit a private copy");
	assert_row(s.grid, 0, "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 256  0%");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
	session_close(&s);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
}
END_TEST

START_TEST(test_write_edit_undo)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	/* The first digit writes the high nibble at once. */
	session_key(&s, '4');
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x40);
	assert_status(&s, " " NAME "  [write] 1 unsaved  0x0 (0)  of 256  0%");
	assert_cursor(&s, 0, 11);
	session_key(&s, '1');
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x41);
	assert_row(s.grid, 0, "00000000  41 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  A...............");
	assert_status(&s, " " NAME "  [write] 1 unsaved  0x1 (1)  of 256  0%");
	assert_cursor(&s, 0, 13);
	session_key(&s, 'u');
	assert_message(&s, "undone at 0x0, 0 unsaved");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
	assert_status(&s, " " NAME "  [write]  0x0 (0)  of 256  0%");
	assert_row(s.grid, 0, "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	/* Redo writes it again, the cursor on it. */
	session_key(&s, APP_CTRL('r'));
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x41);
	assert_status(&s, " " NAME "  [write] 1 unsaved  0x0 (0)  of 256  0%");
	session_close(&s);
}
END_TEST

START_TEST(test_cow_edit_stays_private)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_COW, ROWS, COLS);
	session_type(&s, "ff");
	assert_row(s.grid, 0, "00000000  ff 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	assert_status(&s, " " NAME "  [copy-on-write] 1 unsaved  0x1 (1)  "
	    "of 256  0%");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
	session_close(&s);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
}
END_TEST

START_TEST(test_quit)
{
	struct session s;

	/* No edits: q quits at once. */
	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	ck_assert_uint_eq(app_wants(s.app), 0);
	/* C-l asks for a repaint, C-z to suspend; asking clears them. */
	session_key(&s, APP_CTRL('l'));
	ck_assert_uint_eq(app_wants(s.app), APP_WANTS_REPAINT);
	ck_assert_uint_eq(app_wants(s.app), 0);
	session_key(&s, APP_CTRL('z'));
	ck_assert_uint_eq(app_wants(s.app), APP_WANTS_SUSPEND);
	ck_assert_uint_eq(app_wants(s.app), 0);
	session_key(&s, 'q');
	ck_assert_uint_ne(app_wants(s.app) & APP_WANTS_QUIT, 0);
	session_close(&s);
}
END_TEST

START_TEST(test_quit_prompt)
{
	struct session s;
	char report[256];

	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	session_type(&s, "41");
	session_key(&s, 'q');
	ck_assert_uint_eq(app_wants(s.app) & APP_WANTS_QUIT, 0);
	assert_message(&s, "1 unsaved byte: s save, d discard (undo them in "
	    "the file), c cancel");
	assert_cursor(&s, MESSAGE_ROW, 67);
	/* c cancels: back to the view, nothing lost. */
	session_key(&s, 'c');
	ck_assert_uint_eq(app_wants(s.app) & APP_WANTS_QUIT, 0);
	assert_message(&s, "");
	assert_cursor(&s, 0, 13);
	assert_status(&s, " " NAME "  [write] 1 unsaved  0x1 (1)  of 256  0%");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x41);
	/* What a signal would report now. */
	app_quit_report(s.app, "SIGTERM", report, sizeof report);
	ck_assert_str_ne(report, "");
	/* q d: the edit is undone in the file, and the session ends. */
	session_key(&s, 'q');
	session_key(&s, 'd');
	ck_assert_uint_ne(app_wants(s.app) & APP_WANTS_QUIT, 0);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
	app_quit_report(s.app, "SIGTERM", report, sizeof report);
	ck_assert_str_eq(report, "");
	session_close(&s);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
}
END_TEST

START_TEST(test_quit_prompt_cow)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_COW, ROWS, COLS);
	session_type(&s, "41");
	session_key(&s, 'q');
	assert_message(&s, "1 unsaved byte: s save as, a apply to the "
	    "original, d discard, c cancel");
	ck_assert_uint_eq(app_wants(s.app) & APP_WANTS_QUIT, 0);
	session_key(&s, 'd');
	ck_assert_uint_ne(app_wants(s.app) & APP_WANTS_QUIT, 0);
	session_close(&s);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x00);
}
END_TEST

START_TEST(test_find)
{
	struct session s;

	session_open(&s, make_text(), MAP_READONLY, ROWS, COLS);
	session_key(&s, '/');
	assert_message(&s, "find text:");
	session_type(&s, "needle");
	assert_message(&s, "find text: needle");
	assert_cursor(&s, MESSAGE_ROW, 17);
	session_key(&s, '\r');
	assert_message(&s, "match at 0x1f");
	assert_status(&s, " " NAME "  [read-only]  0x1f (31)  of 49  64%");
	/* The cursor is on the match's first byte, 'n' of needle at the
	 * end of the second row. */
	assert_cursor(&s, 1, 56);
	session_close(&s);
}
END_TEST

START_TEST(test_find_not_found)
{
	struct session s;

	session_open(&s, make_text(), MAP_READONLY, ROWS, COLS);
	session_type(&s, "/zzz\r");
	assert_message(&s, "not found");
	assert_status(&s, " " NAME "  [read-only]  0x0 (0)  of 49  0%");
	assert_cursor(&s, 0, 10);
	session_close(&s);
}
END_TEST

/* A file with "needle" at 0x10, 0x20, ... 0xc0: 12 of them. */
static const char *
make_needles(void)
{
	char buf[0xd0 + 16];
	unsigned k;

	memset(buf, '.', sizeof buf);
	for (k = 1; k <= 12; k++)
		memcpy(buf + 0x10 * k, "needle", 6);
	return testfile_make(buf, sizeof buf);
}

/* Return the style of the cell at row, col of the last frame. */
static uint8_t
cell_style(const struct session *s, unsigned row, unsigned col)
{
	const struct cell *c = grid_cell((struct grid *)s->grid, row, col);

	ck_assert_ptr_nonnull(c);
	return c->style;
}

/* V selects from the cursor; moves, goto and find extend it; it shows
 * on the status line and in both panes and the text view; Esc or V
 * clears it; S selects the match the cursor is on. */
START_TEST(test_selection)
{
	struct session s;

	session_open(&s, make_text(), MAP_READONLY, ROWS, COLS);
	session_key(&s, 'V');
	assert_message(&s, "selecting from 0x0: move to extend, Esc or V "
	    "clears");
	session_type(&s, "lll");
	assert_status_has(&s, "0x3 (3)  of 49  6%  sel 0x0-0x3 (4)", 1);
	/* "00000000  68 65 6c 6c 6f": bytes 0..3 selected, 4 not. */
	ck_assert_uint_eq(cell_style(&s, 0, 10), STYLE_SELECT);
	ck_assert_uint_eq(cell_style(&s, 0, 20), STYLE_SELECT);
	ck_assert_uint_ne(cell_style(&s, 0, 22), STYLE_SELECT);
	session_key(&s, APP_KEY_ESC);
	assert_message(&s, "selection cleared");
	assert_status_has(&s, "sel", 0);
	ck_assert_uint_ne(cell_style(&s, 0, 10), STYLE_SELECT);
	/* A goto extends it; so does a move back past the anchor. */
	session_key(&s, 'V');
	session_type(&s, ":0x10\r");
	assert_status_has(&s, "sel 0x3-0x10 (14)", 1);
	session_type(&s, "gll");
	assert_status_has(&s, "sel 0x2-0x3 (2)", 1);
	/* The text view shows it too: "llo" at 2..3 of "hello world". */
	session_key(&s, 'v');
	ck_assert_uint_ne(cell_style(&s, 0, 1), STYLE_SELECT);
	ck_assert_uint_eq(cell_style(&s, 0, 2), STYLE_SELECT);
	ck_assert_uint_eq(cell_style(&s, 0, 3), STYLE_SELECT);
	ck_assert_uint_ne(cell_style(&s, 0, 4), STYLE_SELECT);
	session_key(&s, 'V');
	assert_message(&s, "selection cleared");
	ck_assert_uint_ne(cell_style(&s, 0, 2), STYLE_SELECT);
	session_key(&s, 'v');
	/* S: the match the cursor is on. */
	session_key(&s, 'S');
	assert_message(&s, "the cursor is on no match: / finds one, then S "
	    "selects it");
	session_type(&s, "/needle\r");
	session_key(&s, 'S');
	assert_message(&s, "selected the match (6 bytes)");
	assert_status_has(&s, "sel 0x1f-0x24 (6)", 1);
	session_close(&s);
}
END_TEST

/* Return the grid row that holds want, or -1. */
static int
row_holding(const struct session *s, const char *want)
{
	unsigned r;
	char *text;
	int found = -1;

	for (r = 0; r < s->grid->rows && found < 0; r++) {
		text = grid_row_text(s->grid, r);
		ck_assert_ptr_nonnull(text);
		if (strstr(text, want) != NULL)
			found = (int)r;
		free(text);
	}
	return found;
}

/* The inspector (issue 15): i shows the values at the cursor beside the
 * hex view, o switches the byte order, a value another process writes
 * shows on the next tick, highlighted; Tab, Down and Enter set a value
 * through the journal (undone by u); out of range writes nothing. */
START_TEST(test_inspector)
{
	static const unsigned char bytes[32] = {
		0x2a, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x3f,
		0xd2, 0x04, 0x00, 0x00
	};
	struct session s;
	int row, fd;

	session_open(&s, testfile_make(bytes, sizeof bytes), MAP_WRITE, ROWS,
	    COLS);
	session_key(&s, 'i');
	ck_assert_int_ge(row_holding(&s, "little-endian at 0x0"), 0);
	ck_assert_int_ge(row_holding(&s, "uint8     42"), 0);
	ck_assert_int_ge(row_holding(&s, "uint32    42"), 0);
	ck_assert_int_ge(row_holding(&s, "uint64    4607182418800017450"), 0);
	/* The view keeps its rows whole beside the panel. */
	ck_assert_int_ge(row_holding(&s, "00000000  2a 00"), 0);
	session_key(&s, 'o');
	ck_assert_int_ge(row_holding(&s, "big-endian at 0x0"), 0);
	ck_assert_int_ge(row_holding(&s, "uint32    704643072"), 0);
	session_key(&s, 'o');
	/* Another process writes the cursor's bytes: the next tick shows
	 * the new value, highlighted. */
	fd = open(s.path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, "\x07", 1, 0), 1);
	close(fd);
	session_tick(&s);
	row = row_holding(&s, "uint32    7");
	ck_assert_int_ge(row, 0);
	ck_assert_uint_eq(cell_style(&s, (unsigned)row, COLS - 30),
	    STYLE_CHANGED);
	/* Tab twice: characters, then the inspector; pick uint16. */
	session_key(&s, '\t');
	session_key(&s, '\t');
	assert_message(&s, "inspector: Up/Down pick a row, Enter sets its "
	    "value, Tab or Esc goes back");
	session_type(&s, "jjj");	/* int8, uint8, int16, uint16 */
	session_key(&s, '\r');
	session_type(&s, "70000\r");	/* too big for a uint16 */
	assert_message(&s, "out of range for uint16 (0 to 65535): nothing "
	    "written");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x07);
	session_key(&s, '\r');
	session_type(&s, "4660\r");
	assert_message(&s, "wrote uint16 4660 at 0x0 (2 bytes; u undoes it)");
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x34);
	ck_assert_uint_eq(session_disk_byte(&s, 1), 0x12);
	session_key(&s, APP_KEY_ESC);
	session_key(&s, 'u');
	ck_assert_uint_eq(session_disk_byte(&s, 0), 0x07);
	ck_assert_uint_eq(session_disk_byte(&s, 1), 0x00);
	/* With a selection, its length: two bytes leave uint32 short. */
	session_type(&s, "Vl");
	ck_assert_int_ge(row_holding(&s, "uint16    7"), 0);
	ck_assert_int_lt(row_holding(&s, "uint32    7"), 0);
	session_close(&s);
}
END_TEST

/* Find by value (issue 15): C-t past regex gives a value kind; the
 * value's bytes are found ("u32 4660" is 34 12 00 00). */
START_TEST(test_find_value)
{
	unsigned char bytes[64];
	struct session s;

	memset(bytes, 0xee, sizeof bytes);
	memcpy(bytes + 0x23, "\x34\x12\x00\x00", 4);
	memcpy(bytes + 0x31, "\x00\x00\x00\x00\x00\x00\x0c\x40", 8);
	session_open(&s, testfile_make(bytes, sizeof bytes), MAP_READONLY,
	    ROWS, COLS);
	session_key(&s, '/');
	session_type(&s, "\x14\x14\x14\x14");	/* C-t four times */
	ck_assert_int_ge(row_holding(&s, "find value (u32 1234, f64 3.5, "
	    "i16be -2):"), 0);
	session_type(&s, "u32 4660\r");
	assert_status_has(&s, "0x23 (35)", 1);
	session_key(&s, '/');
	session_type(&s, "f64 3.5\r");
	assert_status_has(&s, "0x31 (49)", 1);
	session_key(&s, '/');
	session_type(&s, "u8 300");
	ck_assert_int_ge(row_holding(&s, "u8 300  bad pattern: out of range"),
	    0);
	session_close(&s);
}
END_TEST

/* Marks (issue 16): m and a letter sets one, ' and the letter jumps,
 * '' goes back; they are kept for the file (a new session finds them),
 * and a mark past the end after a shrink is said to be so. */
START_TEST(test_marks)
{
	char state[] = "/tmp/mmhex-marks.XXXXXX";
	struct app_options opt;
	struct session s;
	const char *path;

	ck_assert_ptr_nonnull(mkdtemp(state));
	ck_assert_int_eq(setenv("XDG_STATE_HOME", state, 1), 0);
	path = make_bytes256();
	session_open(&s, path, MAP_READONLY, ROWS, COLS);
	session_type(&s, ":0x40\rma");
	assert_message(&s, "mark a at 0x40 (kept for this file)");
	session_type(&s, ":0xc0\r'a");
	assert_message(&s, "mark a: 0x40 ('' goes back)");
	assert_status_has(&s, "0x40 (64)", 1);
	session_type(&s, "''");
	assert_status_has(&s, "0xc0 (192)", 1);
	session_type(&s, "'b");
	assert_message(&s, "no mark b (mb sets it)");
	session_type(&s, "m1");
	assert_message(&s, "a mark is a letter, a-z or A-Z");
	session_close(&s);
	/* A new session on the same file finds mark a. */
	memset(&opt, 0, sizeof opt);
	opt.mode = MAP_READONLY;
	opt.watch_ms = 100;		/* to see the shrink below */
	session_open_opt(&s, "./" NAME, &opt, ROWS, COLS);
	session_type(&s, "'a");
	assert_status_has(&s, "0x40 (64)", 1);
	/* The file shrinks below it: kept, said to be past the end. */
	ck_assert_int_eq(truncate(s.path, 0x20), 0);
	session_tick(&s);
	session_type(&s, "'a");
	ck_assert_int_ge(row_holding(&s, "past the end"), 0);
	assert_status_has(&s, "of 32", 1);
	session_close(&s);
	unsetenv("XDG_STATE_HOME");
	{
		char cmd[sizeof state + 16];

		snprintf(cmd, sizeof cmd, "rm -rf %s", state);
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

/* Yank, paste, fill (issue 16): V selects, y r yanks into the register,
 * p pastes it at the cursor (-w: on disk), X fills the selection with a
 * pattern, u undoes each; y h puts the selection's hex on the clipboard
 * (an OSC 52 sequence for the terminal: its base64 is the hex text). */
START_TEST(test_yank_paste_fill)
{
	struct session s;
	size_t len;
	char *seq;

	session_open(&s, make_bytes256(), MAP_WRITE, ROWS, COLS);
	session_type(&s, ":0x10\rVlll");	/* bytes 10 11 12 13 */
	session_type(&s, "yr");
	assert_message(&s, "yanked 4 bytes from 0x10 (p pastes them)");
	session_key(&s, APP_KEY_ESC);		/* the selection goes */
	session_type(&s, ":0x80\rp");
	assert_message(&s, "pasted 4 bytes over 0x80 (u undoes it)");
	ck_assert_uint_eq(session_disk_byte(&s, 0x80), 0x10);
	ck_assert_uint_eq(session_disk_byte(&s, 0x83), 0x13);
	ck_assert_uint_eq(session_disk_byte(&s, 0x84), 0x84);
	session_key(&s, 'u');
	ck_assert_uint_eq(session_disk_byte(&s, 0x80), 0x80);
	/* Paste past the end: refused, nothing written. */
	session_type(&s, ":0xfe\rp");
	assert_message(&s, "paste at 0xfe would run past the end (the size "
	    "never changes): nothing written");
	ck_assert_uint_eq(session_disk_byte(&s, 0xfe), 0xfe);
	/* Fill a selection with a pattern. */
	session_type(&s, ":0x20\rV:0x24\rX");
	session_type(&s, "ab cd\r");
	assert_message(&s, "filled 0x20-0x24 (5 bytes) with a 2-byte pattern "
	    "(u undoes it)");
	ck_assert_uint_eq(session_disk_byte(&s, 0x20), 0xab);
	ck_assert_uint_eq(session_disk_byte(&s, 0x23), 0xcd);
	ck_assert_uint_eq(session_disk_byte(&s, 0x24), 0xab);
	ck_assert_uint_eq(session_disk_byte(&s, 0x25), 0x25);
	session_key(&s, 'u');
	ck_assert_uint_eq(session_disk_byte(&s, 0x24), 0x24);
	/* To the clipboard as hex: "2021222324" in base64. */
	session_key(&s, APP_KEY_ESC);
	session_type(&s, ":0x20\rV:0x24\ryh");
	assert_message(&s, "copied 5 bytes as hex to the clipboard (10 "
	    "characters, OSC 52)");
	seq = app_take_clipboard(s.app, &len);
	ck_assert_ptr_nonnull(seq);
	ck_assert_str_eq(seq, "\033]52;c;MjAyMTIyMjMyNA==\007");
	ck_assert_uint_eq(len, strlen(seq));
	free(seq);
	ck_assert_ptr_null(app_take_clipboard(s.app, &len));
	session_close(&s);
}
END_TEST

/* A 40 MiB file with "needle" every 8 MiB from 0x10: scans that take
 * several steps each. */
static const char *
make_far_needles(void)
{
	size_t len = 40u << 20, k;
	char *buf = calloc(1, len);
	const char *path;

	ck_assert_ptr_nonnull(buf);
	for (k = 0; k < 5; k++)
		memcpy(buf + 0x10 + k * (8u << 20), "needle", 6);
	path = testfile_make(buf, len);
	free(buf);
	return path;
}

/* n pressed three times, the first scan still running when the others
 * come (or not, on a fast machine: a scan's first slice runs at once),
 * goes on from each match it lands on: three matches on, not one. */
START_TEST(test_find_repeat_queued)
{
	struct session s;

	session_open(&s, make_far_needles(), MAP_READONLY, ROWS, COLS);
	session_type(&s, "/needle\r");
	assert_message(&s, "match at 0x10");
	app_key(s.app, 'n');	/* no work in between: the scan runs */
	app_key(s.app, 'n');
	app_key(s.app, 'n');
	session_step(&s);
	assert_message(&s, "match at 0x1800010");
	assert_status_has(&s, "0x1800010 (", 1);
	session_close(&s);
}
END_TEST

/* "match K of N" on the status line once the count is in: the rank
 * follows n and N (wrapping), Esc hides it, n brings it back. */
START_TEST(test_find_count)
{
	struct session s;

	session_open(&s, make_needles(), MAP_READONLY, ROWS, COLS);
	session_type(&s, "/needle\r");
	assert_message(&s, "match at 0x10");
	assert_status_has(&s, "  of 224  7%  match 1 of 12", 1);
	session_type(&s, "nn");
	assert_message(&s, "match at 0x30");
	assert_status_has(&s, "match 3 of 12", 1);
	session_key(&s, 'N');
	assert_status_has(&s, "match 2 of 12", 1);
	session_type(&s, "NN");
	assert_message(&s, "search wrapped: match at 0xc0");
	assert_status_has(&s, "match 12 of 12", 1);
	session_key(&s, 'n');
	assert_message(&s, "search wrapped: match at 0x10");
	assert_status_has(&s, "match 1 of 12", 1);
	/* Off the match, nothing is said of it. */
	session_key(&s, 'l');
	assert_status_has(&s, "match", 0);
	session_key(&s, 'h');
	assert_status_has(&s, "match 1 of 12", 1);
	/* Esc drops the highlight and the count with it; n is back. */
	session_key(&s, APP_KEY_ESC);
	assert_status_has(&s, "match", 0);
	session_key(&s, 'n');
	assert_status_has(&s, "match 2 of 12", 1);
	/* A new pattern counts its own matches. */
	session_type(&s, "/e\r");
	assert_message(&s, "match at 0x21");
	assert_status_has(&s, "match 4 of 36", 1);
	session_close(&s);
}
END_TEST

/* An edit makes the count stale: the next find counts again, and so
 * does an undo. */
START_TEST(test_find_count_change)
{
	struct session s;

	session_open(&s, make_needles(), MAP_WRITE, ROWS, COLS);
	session_type(&s, "/needle\rnn");
	assert_status_has(&s, "match 3 of 12", 1);
	/* A 13th needle at 0. */
	session_type(&s, ":0\r\tneedle");
	session_key(&s, APP_KEY_ESC);
	ck_assert_uint_eq(session_disk_byte(&s, 0), 'n');
	session_key(&s, 'n');
	assert_message(&s, "match at 0x10");
	assert_status_has(&s, "match 2 of 13", 1);
	session_key(&s, 'N');
	assert_status_has(&s, "match 1 of 13", 1);
	/* Undo takes it back (the cursor goes to the edit: match 1). */
	session_key(&s, 'u');
	session_type(&s, "gn");
	assert_message(&s, "match at 0x10");
	assert_status_has(&s, "match 1 of 12", 1);
	session_close(&s);
}
END_TEST

START_TEST(test_text_view)
{
	struct session s;

	session_open(&s, make_text(), MAP_READONLY, ROWS, COLS);
	session_key(&s, 'v');
	assert_row(s.grid, 0, "hello world");
	assert_row(s.grid, 1, "second line with a needle here");
	assert_row(s.grid, 2, "third");
	assert_row(s.grid, 3, "");
	assert_status(&s, " " NAME "  [read-only]  line 1  0x0 (0)  of 49  0%");
	assert_cursor(&s, 0, 0);
	session_key(&s, APP_KEY_DOWN);
	assert_status(&s, " " NAME "  [read-only]  line 2  0xc (12)  of 49  "
	    "25%");
	assert_cursor(&s, 1, 0);
	/* v again: the hex view, at the same byte. */
	session_key(&s, 'v');
	assert_row(s.grid, 0, "00000000  68 65 6c 6c 6f 20 77 6f  "
	    "72 6c 64 0a 73 65 63 6f  hello world.seco");
	assert_status(&s, " " NAME "  [read-only]  0xc (12)  of 49  25%");
	assert_cursor(&s, 0, 47);
	session_close(&s);
}
END_TEST

/* 40 lines of 16 bytes: "line 00 of text\n" .. "line 39 of text\n". */
static const char *
make_lines(void)
{
	char text[40 * 16 + 1];
	unsigned i;

	for (i = 0; i < 40; i++)
		snprintf(text + 16 * i, 17, "line %02u of text\n", i);
	return testfile_make(text, 40 * 16);
}

/* One cursor: a move in either view is the same byte in the other, and
 * a shrink clamps it once for both. */
START_TEST(test_one_cursor)
{
	struct app_options opt;
	struct session s;

	memset(&opt, 0, sizeof opt);
	opt.mode = MAP_READONLY;
	opt.watch_ms = 100;
	session_open_opt(&s, make_lines(), &opt, ROWS, COLS);
	/* Hex view: row 3, byte 5, "line 03"'s '0'. */
	session_key(&s, APP_KEY_DOWN);
	session_key(&s, APP_KEY_DOWN);
	session_key(&s, APP_KEY_DOWN);
	session_type(&s, "lllll");
	assert_status_has(&s, "0x35 (53)  of 640", 1);
	assert_cursor(&s, 3, 8 + 2 + 3 * 5);
	/* The text view is on the same byte: row 3, column 5. */
	session_key(&s, 'v');
	assert_status_has(&s, "line 4  0x35 (53)  of 640", 1);
	assert_cursor(&s, 3, 5);
	/* Moved there: down a line, right a character. */
	session_key(&s, APP_KEY_DOWN);
	session_key(&s, APP_KEY_RIGHT);
	assert_status_has(&s, "line 5  0x46 (70)  of 640", 1);
	assert_cursor(&s, 4, 6);
	/* Back in the hex view, the same byte: row 4, byte 6. */
	session_key(&s, 'v');
	assert_status_has(&s, "0x46 (70)  of 640", 1);
	assert_cursor(&s, 4, 8 + 2 + 3 * 6);
	/* And again, with no move in between: nothing drifts. */
	session_key(&s, 'v');
	assert_status_has(&s, "0x46 (70)  of 640", 1);
	assert_cursor(&s, 4, 6);

	/* The file shrinks to 60 bytes under the text view: the cursor goes
	 * to the last byte, 59 ("line 03 of t"'s 't'), once for both. */
	ck_assert_int_eq(truncate(s.path, 60), 0);
	session_tick(&s);
	assert_status_has(&s, "0x3b (59)  of 60", 1);
	assert_row(s.grid, 3, "line 03 of t");
	assert_row(s.grid, 4, "");
	assert_cursor(&s, 3, 11);
	session_key(&s, 'v');
	assert_status_has(&s, "0x3b (59)  of 60", 1);
	assert_cursor(&s, 3, 8 + 2 + 3 * 11 + 1);
	/* Moves in the hex view stop at the new end, and the text view
	 * follows. */
	session_key(&s, APP_KEY_DOWN);
	session_key(&s, 'l');
	assert_status_has(&s, "0x3b (59)  of 60", 1);
	session_key(&s, 'h');
	session_key(&s, 'v');
	assert_status_has(&s, "0x3a (58)  of 60", 1);
	assert_cursor(&s, 3, 10);
	session_close(&s);
}
END_TEST

/* Check that idle frames, the watch ticking, lay the text view out no
 * more. */
static void
assert_idle_no_layout(struct session *s)
{
	unsigned long layouts;
	unsigned n;

	s->grid = app_frame(s->app);
	layouts = s->app->text.layouts;
	for (n = 0; n < 5; n++) {
		session_tick(s);
		s->grid = app_frame(s->app);
		s->grid = app_frame(s->app);
		ck_assert_msg(s->app->text.layouts == layouts, "idle frame %u "
		    "laid the text view out (%lu layouts, were %lu)", n,
		    s->app->text.layouts, layouts);
	}
}

/* An idle frame lays nothing out: a 3 MB line with no newline, wrap off,
 * scrolled to the end of its first layout line (End) and of the file. */
START_TEST(test_text_idle_no_layout)
{
	struct app_options opt;
	struct session s;
	size_t len = 3u << 20, i;
	char *line = malloc(len);

	ck_assert_ptr_nonnull(line);
	for (i = 0; i < len; i++)
		line[i] = (char)('a' + i % 26);
	memset(&opt, 0, sizeof opt);
	opt.mode = MAP_READONLY;
	opt.watch_ms = 100;
	session_open_opt(&s, testfile_make(line, len), &opt, ROWS, COLS);
	free(line);
	session_key(&s, 'v');
	session_key(&s, 'z');
	assert_message(&s, "wrap off");
	session_key(&s, APP_KEY_END);
	assert_idle_no_layout(&s);
	session_key(&s, APP_KEY_C_END);
	assert_status_has(&s, "0x2fffff (3145727)  of 3145728  100%", 1);
	assert_idle_no_layout(&s);
	assert_status_has(&s, "0x2fffff (3145727)  of 3145728  100%", 1);
	session_close(&s);
}
END_TEST

/* Check that every cell holds a printable character and the cursor is in
 * the grid or hidden. */
static void
assert_grid_sane(const struct session *s, unsigned rows, unsigned cols)
{
	const struct grid *g = s->grid;
	uint32_t ch;
	size_t i;

	ck_assert_uint_eq(g->rows, rows);
	ck_assert_uint_eq(g->cols, cols);
	for (i = 0; i < (size_t)rows * cols; i++) {
		ch = g->cells[i].ch;
		ck_assert(ch >= 0x20 && ch != 0x7f && (ch < 0x80 || ch > 0x9f));
	}
	if (g->cursor_row < 0)
		ck_assert_int_lt(g->cursor_col, 0);
	else {
		ck_assert_int_lt(g->cursor_row, (int)rows);
		ck_assert_int_ge(g->cursor_col, 0);
		ck_assert_int_lt(g->cursor_col, (int)cols);
	}
}

/* Keys that open every screen and prompt, for the tiny grids. */
static const int tour[] = {
	APP_KEY_DOWN, APP_KEY_RIGHT, APP_KEY_PGDN, 'G', 'g', 'H',
	APP_KEY_PGDN, 'q', ':', '1', '0', '\r', '/', 'a', '\r', 'v',
	APP_KEY_DOWN, 'v', '4', '1', 'u', 'q', 'c'
};

/* Open a tiny grid and tour it. */
static void
tour_tiny(enum map_mode mode, unsigned rows, unsigned cols)
{
	struct session s;
	size_t i;

	session_open(&s, make_bytes256(), mode, rows, cols);
	assert_grid_sane(&s, rows, cols);
	for (i = 0; i < sizeof tour / sizeof tour[0]; i++) {
		session_key(&s, tour[i]);
		assert_grid_sane(&s, rows, cols);
	}
	session_close(&s);
}

START_TEST(test_tiny_grid)
{
	struct session s;

	/* One cell: the first character of the offset column. */
	session_open(&s, make_bytes256(), MAP_READONLY, 1, 1);
	assert_row(s.grid, 0, "0");
	assert_cursor(&s, -1, -1);
	session_close(&s);
	/* Two rows: no room for a hex row; the status line, short. */
	session_open(&s, make_bytes256(), MAP_READONLY, 2, 10);
	assert_row(s.grid, 0, "0x0 0% r");
	assert_row(s.grid, 1, "");
	session_key(&s, 'G');
	/* Clipped at the edge. */
	assert_row(s.grid, 0, "0xff 100%");
	session_close(&s);
	/* Three rows of 20: one hex row of two bytes, the short status. */
	session_open(&s, make_bytes256(), MAP_READONLY, 3, 20);
	assert_row(s.grid, 0, "00000000  00 01  ..");
	assert_row(s.grid, 1, "0x0 0% r");
	assert_row(s.grid, 2, "");
	assert_cursor(&s, 0, 10);
	session_key(&s, APP_KEY_DOWN);
	assert_row(s.grid, 0, "00000002  02 03  ..");
	assert_row(s.grid, 1, "0x2 0% r");
	session_key(&s, 'H');
	assert_row(s.grid, 0, "mmhex help (q or Esc");
	session_close(&s);
	session_open(&s, make_bytes256(), MAP_WRITE, 3, 20);
	assert_row(s.grid, 1, "0x0 0% w");
	session_close(&s);
	session_open(&s, make_bytes256(), MAP_COW, 3, 20);
	assert_row(s.grid, 1, "0x0 0% c");
	session_close(&s);
}
END_TEST

START_TEST(test_tiny_grid_tour)
{
	static const unsigned sizes[][2] = {
		{ 1, 1 }, { 1, 80 }, { 2, 10 }, { 3, 20 }, { 24, 1 }, { 4, 9 }
	};
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		tour_tiny(MAP_READONLY, sizes[i][0], sizes[i][1]);
		tour_tiny(MAP_WRITE, sizes[i][0], sizes[i][1]);
		tour_tiny(MAP_COW, sizes[i][0], sizes[i][1]);
	}
}
END_TEST

START_TEST(test_resize)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	session_key(&s, APP_KEY_DOWN);
	assert_cursor(&s, 1, 10);
	/* Smaller: the cursor's row is shown, two bytes a row. */
	session_resize(&s, 3, 20);
	assert_row(s.grid, 0, "00000010  10 11  ..");
	assert_row(s.grid, 1, "0x10 6% r");
	assert_cursor(&s, 0, 10);
	/* Back: the same byte, at the top of the file again. */
	session_resize(&s, ROWS, COLS);
	assert_row(s.grid, 0, "00000000  00 01 02 03 04 05 06 07  "
	    "08 09 0a 0b 0c 0d 0e 0f  ................");
	assert_status(&s, " " NAME "  [read-only]  0x10 (16)  of 256  6%");
	assert_cursor(&s, 1, 10);
	/* Several sizes before one frame: the last one counts. */
	app_resize(s.app, 5, 30);
	app_resize(s.app, 1, 1);
	app_resize(s.app, 10, 40);
	session_step(&s);
	ck_assert_uint_eq(s.grid->rows, 10);
	ck_assert_uint_eq(s.grid->cols, 40);
	assert_grid_sane(&s, 10, 40);
	/* A resize between a key and its frame. */
	app_key(s.app, 'G');
	app_resize(s.app, ROWS, COLS);
	session_step(&s);
	assert_status(&s, " " NAME "  [read-only]  0xff (255)  of 256  100%");
	session_close(&s);
}
END_TEST

START_TEST(test_name)
{
	struct session s;

	session_open(&s, make_bytes256(), MAP_READONLY, ROWS, COLS);
	ck_assert_str_eq(app_name(s.app), NAME);
	session_close(&s);
}
END_TEST

static Suite *
app_suite(void)
{
	Suite *suite = suite_create("app");
	TCase *tc = tcase_create("keys");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_first_screen_bytes);
	tcase_add_test(tc, test_first_screen_pattern);
	tcase_add_test(tc, test_last_row_short);
	tcase_add_test(tc, test_status_modes);
	tcase_add_test(tc, test_status_empty);
	tcase_add_test(tc, test_status_one_byte);
	tcase_add_test(tc, test_move_keys);
	tcase_add_test(tc, test_page_keys);
	tcase_add_test(tc, test_goto);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_message_undo);
	tcase_add_test(tc, test_read_only_refuses);
	tcase_add_test(tc, test_write_edit_undo);
	tcase_add_test(tc, test_cow_edit_stays_private);
	tcase_add_test(tc, test_quit);
	tcase_add_test(tc, test_quit_prompt);
	tcase_add_test(tc, test_quit_prompt_cow);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_find_not_found);
	tcase_add_test(tc, test_find_count);
	tcase_add_test(tc, test_find_repeat_queued);
	tcase_add_test(tc, test_selection);
	tcase_add_test(tc, test_inspector);
	tcase_add_test(tc, test_find_value);
	tcase_add_test(tc, test_marks);
	tcase_add_test(tc, test_yank_paste_fill);
	tcase_add_test(tc, test_find_count_change);
	tcase_add_test(tc, test_text_view);
	tcase_add_test(tc, test_one_cursor);
	tcase_add_test(tc, test_text_idle_no_layout);
	tcase_add_test(tc, test_tiny_grid);
	tcase_add_test(tc, test_tiny_grid_tour);
	tcase_add_test(tc, test_resize);
	tcase_add_test(tc, test_name);
	suite_add_tcase(suite, tc);
	return suite;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(app_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
