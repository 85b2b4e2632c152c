/*
 * fuzz-keys.c - libFuzzer target for the application (app.h) driven by
 * key and resize events, as the terminal layer drives it.
 *
 * Input layout: three header bytes, then events.  Missing header bytes
 * count as 0.
 *
 *   b0      bits 0-1 the file: empty, 1 byte, 4 KiB pattern, text (long
 *           lines, tabs, CRLF, UTF-8 with wide and combining characters,
 *           bad UTF-8); bits 2-3 the mode: -r, -w, -c (3 is -r too); bit
 *           4 --text, bit 5 --line-numbers, bit 6 --no-wrap, bit 7
 *           --watch 100
 *   b1      bit 7 set: --cols (b1 & 0x7f), else fit the screen
 *   b2      the first size: 0 is 24 x 80, else as a resize event's byte
 *
 * Each event is one byte, some followed by an argument byte:
 *
 *   0x00-0x5f  the printable key 0x20 + e (0x7f, DEL, included)
 *   0x60-0x7f  the control key e - 0x60 (C-@ to C-_, Return, Tab, Esc)
 *   0x80-0x92  APP_KEY_UP + (e - 0x80): arrows to APP_KEY_TEXT
 *   0x93-0x9f  a function key: F1 to F12, then S-F7 (F19)
 *   0xa0-0xbf  the next byte as a key (any byte: UTF-8 parts too)
 *   0xc0-0xdf  resize: next byte n, rows 1 + (n & 15) * 2, cols 1 +
 *              (n >> 4) * 7 (1 x 1 to 31 x 106)
 *   0xe0-0xef  a frame, checked
 *   0xf0-0xf7  app_work() with the clock (e & 7) * 40 ms on
 *   0xf8-0xff  app_work() until nothing is due (at most 256 steps), then
 *              a frame, checked
 *
 * At most MAX_EVENTS events run; the input stops when the application
 * asks to quit.  A last frame is always drawn and checked.  After each
 * frame: the grid has the size last given, every cell and mark is
 * printable (no C0 or C1 control, no DEL), a wide tail is not in the
 * first column, and the terminal cursor is inside the grid or hidden
 * (-1, -1).  The session must end without a leak (ASan) and without a
 * file descriptor left open.
 *
 * The files are made once, in a private directory: the originals in
 * orig/, never opened by the application, and per input a scratch copy
 * in work/ (emptied first), which is the working directory meanwhile, so
 * writes (-w, save, save as, apply) never accumulate.  The key '/' is
 * never sent (F7 opens find instead): a prompt starts empty and takes
 * only typed keys, so a save-as name without '/' stays inside work/.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS	2000
#define SETTLE_STEPS	256
#define NFILES		4
#define PATTERN_LEN	4096

/* The directory holding orig/ and work/, made on the first input. */
static char top[64];

/* The working directory of the caller, restored after each input (the
 * replayer names its inputs relative to it). */
static char home[4096];

/* The originals, kept in memory to make each scratch copy. */
static unsigned char *file_bytes[NFILES];
static size_t file_len[NFILES];

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Remove every entry of the directory at path (files only). */
static void
fuzz_empty_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	char name[512];

	fuzz_check(dir != NULL);
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.' && (entry->d_name[1] == '\0' ||
		    (entry->d_name[1] == '.' && entry->d_name[2] == '\0')))
			continue;
		snprintf(name, sizeof name, "%s/%s", path, entry->d_name);
		unlink(name);
	}
	closedir(dir);
}

/* Remove the private directory at exit. */
static void
fuzz_cleanup(void)
{
	char path[128];

	if (top[0] == '\0')
		return;
	if (chdir("/") != 0)
		return;
	snprintf(path, sizeof path, "%s/work", top);
	fuzz_empty_dir(path);
	rmdir(path);
	snprintf(path, sizeof path, "%s/orig", top);
	fuzz_empty_dir(path);
	rmdir(path);
	rmdir(top);
}

/* Write n bytes to path, replacing it. */
static void
fuzz_write_file(const char *path, const unsigned char *bytes, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fuzz_check(fd >= 0);
	fuzz_check(n == 0 || write(fd, bytes, n) == (ssize_t)n);
	fuzz_check(close(fd) == 0);
}

/* Append s to the text file being built. */
static void
fuzz_text_add(unsigned char *buf, size_t *len, size_t room, const char *s)
{
	size_t n = strlen(s);

	fuzz_check(*len + n <= room);
	memcpy(buf + *len, s, n);
	*len += n;
}

/* The text file: short and long lines, tabs, CRLF, UTF-8 of one to four
 * bytes, wide and combining characters, bad UTF-8, a NUL. */
static void
fuzz_make_text(unsigned char *buf, size_t *len, size_t room)
{
	unsigned i;

	*len = 0;
	fuzz_text_add(buf, len, room, "first line\n\tindented\ttabs\n"
	    "crlf line\r\n\n\n");
	for (i = 0; i < 40; i++)	/* a long line of mixed widths */
		fuzz_text_add(buf, len, room, "w\xc3\xa9\xe6\xbc\xa2"
		    "e\xcc\x81 \xf0\x9f\x98\x80-");
	fuzz_text_add(buf, len, room, "\n");
	for (i = 0; i < 30; i++)
		fuzz_text_add(buf, len, room, "0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ ");
	fuzz_text_add(buf, len, room, "\nbad \xff\xfe \xc3 \xe6\xbc cut\n"
	    "\x1b[31mescape\x1b[0m \x7f del \xc2\x85 c1\n");
	buf[(*len)++] = '\0';
	fuzz_text_add(buf, len, room, "after a nul\n\xe2\x80\xae rtl \xef\xbb"
	    "\xbf bom \xe3\x80\x80 wide space\nlast line, no newline");
}

/* Make the private directory and the originals. */
static void
fuzz_init(void)
{
	static const size_t text_room = 8192;
	char path[128];
	unsigned i;

	snprintf(top, sizeof top, "%s", "/tmp/mmhex-fuzz-keys.XXXXXX");
	fuzz_check(mkdtemp(top) != NULL);
	atexit(fuzz_cleanup);
	snprintf(path, sizeof path, "%s/orig", top);
	fuzz_check(mkdir(path, 0700) == 0);
	snprintf(path, sizeof path, "%s/work", top);
	fuzz_check(mkdir(path, 0700) == 0);
	file_len[0] = 0;
	file_bytes[0] = malloc(1);
	file_len[1] = 1;
	file_bytes[1] = malloc(1);
	fuzz_check(file_bytes[0] != NULL && file_bytes[1] != NULL);
	file_bytes[1][0] = 'A';
	file_len[2] = PATTERN_LEN;
	file_bytes[2] = malloc(PATTERN_LEN);
	fuzz_check(file_bytes[2] != NULL);
	for (i = 0; i < PATTERN_LEN; i++)	/* runs of zeros, text, all bytes */
		file_bytes[2][i] = (i & 0x300) == 0 ? 0 : (i & 0x300) == 0x100 ?
		    (unsigned char)("0123456789 abcdef"[i % 17]) :
		    (unsigned char)(i * 7 + (i >> 8));
	file_bytes[3] = malloc(text_room);
	fuzz_check(file_bytes[3] != NULL);
	fuzz_make_text(file_bytes[3], &file_len[3], text_room);
	for (i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/orig/%u", top, i);
		fuzz_write_file(path, file_bytes[i], file_len[i]);
	}
}

/* Return the lowest file descriptor not open. */
static int
fuzz_lowest_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	fuzz_check(fd >= 0);
	close(fd);
	return fd;
}

/* Return whether ch may be in a cell, or be one of its marks (mark). */
static int
fuzz_printable(uint32_t ch, int mark)
{
	if (mark && ch == 0)
		return 1;
	return ch >= 0x20 && ch != 0x7f && (ch < 0x80 || ch > 0x9f) &&
	    ch <= 0x10ffff && (!mark || ch >= 0xa0);
}

/* Check a frame of rows x cols. */
static void
fuzz_check_grid(const struct grid *g, unsigned rows, unsigned cols)
{
	const struct cell *c;
	unsigned r, col, k;

	fuzz_check(g != NULL);
	fuzz_check(g->rows == rows && g->cols == cols);
	for (r = 0; r < rows; r++) {
		for (col = 0; col < cols; col++) {
			c = &g->cells[(size_t)r * cols + col];
			fuzz_check(fuzz_printable(c->ch, 0));
			for (k = 0; k < CELL_MARKS; k++)
				fuzz_check(fuzz_printable(c->marks[k], 1));
			fuzz_check(!(c->flags & CELL_WIDE_TAIL) || col > 0);
		}
	}
	if (g->cursor_row == -1)
		fuzz_check(g->cursor_col == -1);
	else
		fuzz_check(g->cursor_row >= 0 && (unsigned)g->cursor_row <
		    rows && g->cursor_col >= 0 &&
		    (unsigned)g->cursor_col < cols);
}

/* One session under the fuzzer. */
struct fuzz_session {
	struct app *app;
	unsigned rows, cols;	/* the size last given */
	uint64_t now_ms;	/* the clock handed to app_work() */
};

/* Lay out a frame and check it. */
static void
fuzz_frame(struct fuzz_session *s)
{
	fuzz_check_grid(app_frame(s->app), s->rows, s->cols);
}

/* Move the clock ms on and do what is due; the wait asked must be
 * -1 (no limit) or more. */
static void
fuzz_work(struct fuzz_session *s, unsigned ms)
{
	int wait;

	s->now_ms += ms;
	app_work(s->app, s->now_ms);
	wait = app_timeout_ms(s->app, s->now_ms);
	fuzz_check(wait >= -1);
}

/* Work until nothing is due that changes the screen. */
static void
fuzz_settle(struct fuzz_session *s)
{
	unsigned i;

	for (i = 0; i < SETTLE_STEPS; i++) {
		s->now_ms += 10;
		if (!app_work(s->app, s->now_ms))
			break;
		fuzz_frame(s);
	}
	fuzz_frame(s);
}

/* Set the size a resize byte names. */
static void
fuzz_resize(struct fuzz_session *s, uint8_t n)
{
	s->rows = 1 + (n & 15) * 2;
	s->cols = 1 + (n >> 4) * 7;
	app_resize(s->app, s->rows, s->cols);
}

/* Hand one key over; '/' is sent as F7 (see the top of the file). */
static void
fuzz_key(struct fuzz_session *s, int key)
{
	if (key == '/')
		key = APP_KEY_F(7);
	app_key(s->app, key);
}

/* Run the events of data; return when they end or the session quits. */
static void
fuzz_events(struct fuzz_session *s, const uint8_t *data, size_t size)
{
	size_t i = 0;
	unsigned events;
	uint8_t e;

	for (events = 0; i < size && events < MAX_EVENTS; events++) {
		e = data[i++];
		if (e < 0x60)
			fuzz_key(s, 0x20 + e);
		else if (e < 0x80)
			fuzz_key(s, e - 0x60);
		else if (e < 0x93)
			fuzz_key(s, APP_KEY_UP + (e - 0x80));
		else if (e < 0x9f)
			fuzz_key(s, APP_KEY_F(e - 0x93 + 1));
		else if (e == 0x9f)
			fuzz_key(s, APP_KEY_F(19));
		else if (e < 0xc0) {
			if (i < size)
				fuzz_key(s, data[i++]);
		} else if (e < 0xe0) {
			if (i < size)
				fuzz_resize(s, data[i++]);
		} else if (e < 0xf0)
			fuzz_frame(s);
		else if (e < 0xf8)
			fuzz_work(s, (e & 7) * 40u);
		else
			fuzz_settle(s);
		if (app_wants(s->app) & APP_WANTS_QUIT)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum map_mode modes[4] = {
		MAP_READONLY, MAP_WRITE, MAP_COW, MAP_READONLY
	};
	struct fuzz_session s;
	struct app_options opt;
	struct map *map;
	char work[128], *cause = NULL;
	uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0;
	uint8_t b2 = size > 2 ? data[2] : 0;
	unsigned file = b0 & 3;
	int fds;

	if (top[0] == '\0')
		fuzz_init();
	fuzz_check(getcwd(home, sizeof home) != NULL);
	snprintf(work, sizeof work, "%s/work", top);
	fuzz_empty_dir(work);
	fuzz_check(chdir(work) == 0);
	fuzz_write_file("file", file_bytes[file], file_len[file]);
	fds = fuzz_lowest_fd();

	memset(&opt, 0, sizeof opt);
	opt.mode = modes[(b0 >> 2) & 3];
	opt.text = (b0 & 0x10) != 0;
	opt.numbers = (b0 & 0x20) != 0;
	opt.nowrap = (b0 & 0x40) != 0;
	opt.watch_ms = (b0 & 0x80) != 0 ? 100 : 0;
	opt.cols = (b1 & 0x80) != 0 ? (b1 & 0x7fu) : 0;
	map = map_open("file", opt.mode, &cause);
	fuzz_check(map != NULL);
	memset(&s, 0, sizeof s);
	s.app = app_new(map, &opt, &cause);
	fuzz_check(s.app != NULL);
	s.now_ms = 1000;
	if (b2 == 0) {
		s.rows = 24;
		s.cols = 80;
		app_resize(s.app, s.rows, s.cols);
	} else
		fuzz_resize(&s, b2);
	fuzz_frame(&s);
	if (size > 3)
		fuzz_events(&s, data + 3, size - 3);
	fuzz_frame(&s);
	fuzz_check(app_name(s.app) != NULL);
	app_free(s.app);
	fuzz_check(fuzz_lowest_fd() == fds);
	fuzz_check(chdir(home) == 0);
	return 0;
}
