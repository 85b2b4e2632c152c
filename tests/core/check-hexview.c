/*
 * check-hexview.c - tests for the hex view (hexview.h).
 *
 * Geometry (offset width, row width, fitting), every cursor motion at the
 * edges of small files, goto, resizes, and the rendered rows compared as
 * text with literal expected lines.  A long random walk checks that the
 * view's invariants hold whatever the user does:
 *
 *	cursor < size (0 when empty), top % bytes_per_row == 0,
 *	top <= cursor < top + rows * bytes_per_row, top <= the last top.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "hexview.h"
#include "suites.h"
#include "testgrid.h"

static const unsigned char hello[16] = "Hello, world\n\0\001\377";

#define HELLO_ROW \
	"00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 01 ff  " \
	"Hello, world...."

/* The session's cursor the views of a test point at (one at a time). */
static struct cursor cur;

/* Initialise v over a file of size bytes, the cursor at 0. */
static void
view_init(struct hexview *v, uint64_t size)
{
	cur.off = 0;
	cur.size = size;
	hexview_init(v, &cur);
}

/* Return a view of size bytes, rows high and bytes_per_row wide. */
static struct hexview
view_new(uint64_t size, unsigned rows, unsigned bytes_per_row)
{
	struct hexview v;

	view_init(&v, size);
	hexview_set_geometry(&v, rows, bytes_per_row);
	return v;
}

/* Change the file size as the app does: the cursor clamped once, then
 * the view told. */
static void
set_size(struct hexview *v, uint64_t size)
{
	cursor_set_size(v->cur, size);
	hexview_size_changed(v);
}

/* Return the largest top that still fills the screen. */
static uint64_t
max_top(const struct hexview *v)
{
	uint64_t last_row;

	if (v->cur->size == 0)
		return 0;
	last_row = (v->cur->size - 1) / v->bytes_per_row;
	if (last_row < v->rows - 1)
		return 0;
	return (last_row - (v->rows - 1)) * v->bytes_per_row;
}

/* Return what is wrong with the view, or NULL when nothing is. */
static const char *
view_broken(const struct hexview *v)
{
	uint64_t page;

	if (v->bytes_per_row == 0)
		return "bytes_per_row is 0";
	if (v->rows == 0)
		return "rows is 0";
	page = (uint64_t)v->rows * v->bytes_per_row;
	if (v->cur->size == 0 && v->cur->off != 0)
		return "cursor not 0 in an empty file";
	if (v->cur->size > 0 && v->cur->off >= v->cur->size)
		return "cursor past the end";
	if (v->top % v->bytes_per_row != 0)
		return "top not at a row start";
	if (v->cur->off < v->top)
		return "cursor above the screen";
	if (v->cur->off - v->top >= page)
		return "cursor below the screen";
	if (v->top > max_top(v))
		return "scrolled past the last row";
	if (v->offset_digits != hexview_offset_digits(v->cur->size))
		return "offset width out of date";
	return NULL;
}

/* Fail the test when the view is broken. */
#define assert_view(v) do {						\
	const char *why_ = view_broken(v);				\
	if (why_ != NULL)						\
		ck_abort_msg("%s: size %llu cursor %llu top %llu "	\
		    "rows %u bpr %u", why_,				\
		    (unsigned long long)(v)->cur->size,			\
		    (unsigned long long)(v)->cur->off,			\
		    (unsigned long long)(v)->top, (v)->rows,		\
		    (v)->bytes_per_row);				\
} while (0)

/* Render v over file (the whole file, size bytes) into a new grid. */
static struct grid *
render(const struct hexview *v, const unsigned char *file, unsigned rows,
    unsigned cols)
{
	struct grid *g = grid_new(rows, cols);
	size_t n = hexview_window(v);

	ck_assert_ptr_nonnull(g);
	hexview_render(v, n > 0 ? file + v->top : NULL, n, g);
	return g;
}
/* Count the cells of g with each cursor flag. */
static void
count_flags(const struct grid *g, unsigned *cursor, unsigned *alt)
{
	size_t i, n = (size_t)g->rows * g->cols;

	*cursor = *alt = 0;
	for (i = 0; i < n; i++) {
		if (g->cells[i].flags & CELL_CURSOR)
			(*cursor)++;
		if (g->cells[i].flags & CELL_CURSOR_ALT)
			(*alt)++;
	}
}

START_TEST(test_offset_digits)
{
	ck_assert_uint_eq(hexview_offset_digits(0), 8);
	ck_assert_uint_eq(hexview_offset_digits(1), 8);
	ck_assert_uint_eq(hexview_offset_digits(4096), 8);
	ck_assert_uint_eq(hexview_offset_digits(1ull << 32), 8);
	ck_assert_uint_eq(hexview_offset_digits((1ull << 32) + 1), 9);
	ck_assert_uint_eq(hexview_offset_digits(5ull << 30), 9);
	ck_assert_uint_eq(hexview_offset_digits(1ull << 36), 9);
	ck_assert_uint_eq(hexview_offset_digits((1ull << 36) + 1), 10);
	ck_assert_uint_eq(hexview_offset_digits(1ull << 60), 15);
	ck_assert_uint_eq(hexview_offset_digits((1ull << 60) + 1), 16);
	ck_assert_uint_eq(hexview_offset_digits(INT64_MAX), 16);
	ck_assert_uint_eq(hexview_offset_digits(UINT64_MAX), 16);
}
END_TEST

START_TEST(test_row_width)
{
	ck_assert_uint_eq(hexview_row_width(16, 8), 76);
	ck_assert_uint_eq(hexview_row_width(16, 9), 77);
	ck_assert_uint_eq(hexview_row_width(8, 8), 43);
	ck_assert_uint_eq(hexview_row_width(24, 8), 109);
	ck_assert_uint_eq(hexview_row_width(32, 8), 142);
	ck_assert_uint_eq(hexview_row_width(4, 8), 27);
	ck_assert_uint_eq(hexview_row_width(2, 8), 19);
	ck_assert_uint_eq(hexview_row_width(1, 8), 15);
	ck_assert_uint_eq(hexview_row_width(0, 8), 15);
	ck_assert_uint_eq(hexview_row_width(16, 16), 84);
	/* The literal row in hexview.h is exactly one row wide. */
	ck_assert_uint_eq(strlen(HELLO_ROW), hexview_row_width(16, 8));
}
END_TEST

START_TEST(test_fit)
{
	static const struct {
		unsigned cols, digits, want;
	} cases[] = {
		{ 200, 8, 40 }, { 175, 8, 40 }, { 174, 8, 32 }, { 142, 8, 32 },
		{ 141, 8, 24 }, { 120, 8, 24 }, { 109, 8, 24 }, { 108, 8, 16 },
		{ 80, 8, 16 }, { 76, 8, 16 }, { 75, 8, 8 }, { 43, 8, 8 },
		{ 42, 8, 4 }, { 27, 8, 4 }, { 26, 8, 2 }, { 19, 8, 2 },
		{ 18, 8, 1 }, { 15, 8, 1 }, { 10, 8, 1 }, { 0, 8, 1 },
		{ 80, 9, 16 }, { 76, 9, 8 }, { 80, 16, 8 }
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(hexview_fit(cases[i].cols, cases[i].digits) ==
		    cases[i].want, "fit(%u, %u) = %u, want %u", cases[i].cols,
		    cases[i].digits, hexview_fit(cases[i].cols,
		    cases[i].digits), cases[i].want);
	}
}
END_TEST

START_TEST(test_init)
{
	struct hexview v;

	memset(&v, 0xa5, sizeof v);
	view_init(&v, 5ull << 30);
	ck_assert_uint_eq(v.cur->size, 5ull << 30);
	ck_assert_uint_eq(v.cur->off, 0);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_ge(v.bytes_per_row, 1);
	ck_assert_uint_ge(v.rows, 1);
	ck_assert_uint_eq(v.offset_digits, 9);
	ck_assert_int_eq(v.pane, HEXVIEW_PANE_HEX);
	assert_view(&v);
	view_init(&v, 0);
	assert_view(&v);
}
END_TEST

/* In an empty or one-byte file no motion goes anywhere. */
START_TEST(test_motion_tiny)
{
	enum hexview_motion m;
	struct hexview v;
	uint64_t size = (uint64_t)_i;

	v = view_new(size, 10, 16);
	for (m = HEXVIEW_LEFT; m <= HEXVIEW_SCROLL_DOWN; m++) {
		hexview_move(&v, m);
		ck_assert_msg(v.cur->off == 0 && v.top == 0, "motion %d: "
		    "cursor %llu top %llu", (int)m,
		    (unsigned long long)v.cur->off, (unsigned long long)v.top);
		assert_view(&v);
	}
	hexview_goto(&v, 5);
	ck_assert_uint_eq(v.cur->off, 0);
	hexview_goto(&v, UINT64_MAX);
	ck_assert_uint_eq(v.cur->off, 0);
	ck_assert_uint_eq(hexview_window(&v), size);
}
END_TEST

/* 40 bytes: two full rows of 16 and a last row of 8. */
START_TEST(test_motion_partial_row)
{
	struct hexview v = view_new(40, 10, 16);

	hexview_move(&v, HEXVIEW_LEFT);
	ck_assert_uint_eq(v.cur->off, 0);
	hexview_move(&v, HEXVIEW_UP);
	ck_assert_uint_eq(v.cur->off, 0);
	hexview_move(&v, HEXVIEW_ROW_END);
	ck_assert_uint_eq(v.cur->off, 15);
	hexview_move(&v, HEXVIEW_RIGHT);
	ck_assert_uint_eq(v.cur->off, 16);
	hexview_move(&v, HEXVIEW_LEFT);
	ck_assert_uint_eq(v.cur->off, 15);
	hexview_move(&v, HEXVIEW_DOWN);
	ck_assert_uint_eq(v.cur->off, 31);

	/* Down from under the short row's end lands on the last byte. */
	hexview_move(&v, HEXVIEW_DOWN);
	ck_assert_uint_eq(v.cur->off, 39);
	hexview_move(&v, HEXVIEW_DOWN);
	ck_assert_uint_eq(v.cur->off, 39);
	hexview_move(&v, HEXVIEW_RIGHT);
	ck_assert_uint_eq(v.cur->off, 39);
	hexview_move(&v, HEXVIEW_ROW_START);
	ck_assert_uint_eq(v.cur->off, 32);
	hexview_move(&v, HEXVIEW_ROW_END);
	ck_assert_uint_eq(v.cur->off, 39);
	hexview_move(&v, HEXVIEW_UP);
	ck_assert_uint_eq(v.cur->off, 23);
	hexview_move(&v, HEXVIEW_DOWN);
	ck_assert_uint_eq(v.cur->off, 39);
	hexview_goto(&v, 20);
	hexview_move(&v, HEXVIEW_DOWN);
	ck_assert_uint_eq(v.cur->off, 36);
	hexview_move(&v, HEXVIEW_FILE_START);
	ck_assert_uint_eq(v.cur->off, 0);
	hexview_move(&v, HEXVIEW_FILE_END);
	ck_assert_uint_eq(v.cur->off, 39);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(hexview_window(&v), 40);
	assert_view(&v);

	/* The same file two rows high: the last row scrolls into view. */
	v = view_new(40, 2, 16);
	hexview_move(&v, HEXVIEW_FILE_END);
	ck_assert_uint_eq(v.cur->off, 39);
	ck_assert_uint_eq(v.top, 16);
	ck_assert_uint_eq(hexview_window(&v), 24);
	hexview_move(&v, HEXVIEW_UP);
	hexview_move(&v, HEXVIEW_UP);
	ck_assert_uint_eq(v.cur->off, 7);
	ck_assert_uint_eq(v.top, 0);
	assert_view(&v);
}
END_TEST

/* 1000 bytes, 10 rows of 16 (a page is 160): the last row, 62, is short. */
START_TEST(test_motion_pages)
{
	static const uint64_t down[][2] = {
		{ 163, 160 }, { 323, 320 }, { 483, 480 }, { 643, 640 },
		{ 803, 800 }, { 963, 848 }, { 999, 848 }, { 999, 848 }
	};
	static const uint64_t up[][2] = {
		{ 839, 688 }, { 679, 528 }, { 519, 368 }, { 359, 208 },
		{ 199, 48 }, { 39, 0 }, { 7, 0 }, { 7, 0 }
	};
	struct hexview v = view_new(1000, 10, 16);
	size_t i;

	hexview_goto(&v, 3);
	for (i = 0; i < sizeof down / sizeof down[0]; i++) {
		hexview_move(&v, HEXVIEW_PAGE_DOWN);
		ck_assert_uint_eq(v.cur->off, down[i][0]);
		ck_assert_uint_eq(v.top, down[i][1]);
		assert_view(&v);
	}
	ck_assert_uint_eq(hexview_window(&v), 1000 - 848);
	for (i = 0; i < sizeof up / sizeof up[0]; i++) {
		hexview_move(&v, HEXVIEW_PAGE_UP);
		ck_assert_uint_eq(v.cur->off, up[i][0]);
		ck_assert_uint_eq(v.top, up[i][1]);
		assert_view(&v);
	}

	/* A file shorter than a page. */
	v = view_new(100, 10, 16);
	hexview_goto(&v, 5);
	hexview_move(&v, HEXVIEW_PAGE_DOWN);
	ck_assert_uint_eq(v.cur->off, 99);
	ck_assert_uint_eq(v.top, 0);
	hexview_move(&v, HEXVIEW_PAGE_UP);
	ck_assert_uint_eq(v.cur->off, 3);
	ck_assert_uint_eq(v.top, 0);
	assert_view(&v);
}
END_TEST

/* The wheel moves the view 3 rows and drags the cursor along. */
START_TEST(test_motion_scroll)
{
	struct hexview v = view_new(1000, 10, 16);
	unsigned i;

	hexview_goto(&v, 5);
	hexview_move(&v, HEXVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(v.top, 48);
	ck_assert_uint_eq(v.cur->off, 53);
	assert_view(&v);
	hexview_goto(&v, 100);
	hexview_move(&v, HEXVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(v.top, 96);
	ck_assert_uint_eq(v.cur->off, 100);
	for (i = 0; i < 30; i++) {
		hexview_move(&v, HEXVIEW_SCROLL_DOWN);
		assert_view(&v);
	}
	ck_assert_uint_eq(v.top, 848);
	ck_assert_uint_eq(v.cur->off, 852);

	/* From the bottom row of the last screen, back up. */
	hexview_move(&v, HEXVIEW_FILE_END);
	ck_assert_uint_eq(v.cur->off, 999);
	hexview_move(&v, HEXVIEW_SCROLL_UP);
	ck_assert_uint_eq(v.top, 800);
	ck_assert_uint_eq(v.cur->off, 951);
	assert_view(&v);
	for (i = 0; i < 30; i++) {
		hexview_move(&v, HEXVIEW_SCROLL_UP);
		assert_view(&v);
	}
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(v.cur->off, 151);

	/* A file that fits on the screen does not scroll. */
	v = view_new(100, 10, 16);
	hexview_goto(&v, 99);
	hexview_move(&v, HEXVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(v.cur->off, 99);
	hexview_move(&v, HEXVIEW_SCROLL_UP);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(v.cur->off, 99);

	/* A short last row: the cursor is pulled onto a byte that exists. */
	v = view_new(40, 1, 16);
	hexview_goto(&v, 15);
	hexview_move(&v, HEXVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(v.top, 32);
	ck_assert_uint_eq(v.cur->off, 39);
	assert_view(&v);
}
END_TEST

START_TEST(test_goto)
{
	struct hexview v = view_new(10000, 10, 16);

	/* On screen: no scrolling. */
	hexview_goto(&v, 50);
	ck_assert_uint_eq(v.cur->off, 50);
	ck_assert_uint_eq(v.top, 0);
	hexview_goto(&v, 159);
	ck_assert_uint_eq(v.top, 0);

	/* Far away: the target row is centred. */
	hexview_goto(&v, 5000);
	ck_assert_uint_eq(v.cur->off, 5000);
	ck_assert_uint_eq(v.top, 4912);
	hexview_goto(&v, 4912);
	ck_assert_uint_eq(v.top, 4912);
	hexview_goto(&v, 5071);
	ck_assert_uint_eq(v.top, 4912);
	assert_view(&v);

	/* Near either end the centring is clamped. */
	hexview_goto(&v, 9999);
	ck_assert_uint_eq(v.cur->off, 9999);
	ck_assert_uint_eq(v.top, 9840);
	hexview_goto(&v, 10000);
	ck_assert_uint_eq(v.cur->off, 9999);
	hexview_goto(&v, UINT64_MAX);
	ck_assert_uint_eq(v.cur->off, 9999);
	ck_assert_uint_eq(v.top, 9840);
	hexview_goto(&v, 40);
	ck_assert_uint_eq(v.cur->off, 40);
	ck_assert_uint_eq(v.top, 0);
	hexview_goto(&v, 0);
	ck_assert_uint_eq(v.top, 0);
	assert_view(&v);

	/* Just off screen: on screen afterwards, however it scrolls. */
	hexview_goto(&v, 160);
	ck_assert_uint_eq(v.cur->off, 160);
	assert_view(&v);

	v = view_new(0, 10, 16);
	hexview_goto(&v, 12345);
	ck_assert_uint_eq(v.cur->off, 0);
	ck_assert_uint_eq(v.top, 0);
}
END_TEST

START_TEST(test_set_size)
{
	struct hexview v = view_new(10000, 10, 16);

	hexview_goto(&v, 9999);
	set_size(&v, 5000);
	ck_assert_uint_eq(v.cur->off, 4999);
	ck_assert_uint_eq(v.top, 4848);
	assert_view(&v);

	/* Shrinking below the screen's top, with the cursor above it. */
	hexview_goto(&v, 2000);
	set_size(&v, 100);
	ck_assert_uint_eq(v.cur->off, 99);
	ck_assert_uint_eq(v.top, 0);
	assert_view(&v);

	set_size(&v, 1);
	ck_assert_uint_eq(v.cur->off, 0);
	ck_assert_uint_eq(v.top, 0);
	set_size(&v, 0);
	ck_assert_uint_eq(v.cur->off, 0);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(hexview_window(&v), 0);
	assert_view(&v);

	/* Growing keeps the place and widens the offsets when needed. */
	set_size(&v, 1000);
	hexview_goto(&v, 500);
	set_size(&v, (1ull << 32) + 1);
	ck_assert_uint_eq(v.cur->off, 500);
	ck_assert_uint_eq(v.top, 416);
	ck_assert_uint_eq(v.offset_digits, 9);
	assert_view(&v);
	set_size(&v, 1ull << 32);
	ck_assert_uint_eq(v.offset_digits, 8);
	ck_assert_uint_eq(v.cur->off, 500);
}
END_TEST

START_TEST(test_set_geometry)
{
	struct hexview v = view_new(10000, 10, 16);

	hexview_goto(&v, 5000);
	hexview_set_geometry(&v, 3, 16);
	ck_assert_uint_eq(v.cur->off, 5000);
	assert_view(&v);
	hexview_set_geometry(&v, 3, 24);
	ck_assert_uint_eq(v.cur->off, 5000);
	ck_assert_uint_eq(v.bytes_per_row, 24);
	assert_view(&v);
	hexview_set_geometry(&v, 1, 8);
	ck_assert_uint_eq(v.top, 5000);
	hexview_set_geometry(&v, 0, 0);
	ck_assert_uint_eq(v.rows, 1);
	ck_assert_uint_eq(v.bytes_per_row, 1);
	ck_assert_uint_eq(v.top, 5000);
	assert_view(&v);

	/* Taller than what is left: the screen fills from the end. */
	hexview_set_geometry(&v, 5, 16);
	hexview_goto(&v, 9999);
	hexview_set_geometry(&v, 50, 16);
	ck_assert_uint_eq(v.top, (624 - 49) * 16);
	assert_view(&v);
	hexview_set_geometry(&v, 1000, 16);
	ck_assert_uint_eq(v.top, 0);
	ck_assert_uint_eq(v.cur->off, 9999);
	assert_view(&v);
}
END_TEST

START_TEST(test_window)
{
	struct hexview v = view_new(1000, 10, 16);

	ck_assert_uint_eq(hexview_window(&v), 160);
	hexview_move(&v, HEXVIEW_FILE_END);
	ck_assert_uint_eq(hexview_window(&v), 1000 - 848);
	v = view_new(40, 10, 16);
	ck_assert_uint_eq(hexview_window(&v), 40);
	v = view_new(0, 10, 16);
	ck_assert_uint_eq(hexview_window(&v), 0);
}
END_TEST

START_TEST(test_byte_style)
{
	unsigned b;
	uint8_t want;

	for (b = 0; b < 256; b++) {
		if (b == 0)
			want = STYLE_ZERO;
		else if (b == ' ' || b == '\t' || b == '\n' || b == '\v' ||
		    b == '\f' || b == '\r')
			want = STYLE_SPACE;
		else if (b >= 0x21 && b <= 0x7e)
			want = STYLE_PRINT;
		else if (b < 0x80)
			want = STYLE_CONTROL;
		else
			want = STYLE_HIGH;
		ck_assert_msg(hexview_byte_style((unsigned char)b) == want,
		    "byte %02x: style %u, want %u", b,
		    hexview_byte_style((unsigned char)b), want);
	}
}
END_TEST

START_TEST(test_render_row)
{
	struct hexview v = view_new(16, 3, 16);
	struct grid *g = render(&v, hello, 4, 80);

	assert_row(g, 0, HELLO_ROW);
	assert_row(g, 1, "");
	assert_row(g, 2, "");
	assert_row(g, 3, "");
	grid_free(g);
}
END_TEST

START_TEST(test_render_partial)
{
	static const unsigned char abc[] = "ABCDEFGHIJKLMNOPQRST";
	struct hexview v = view_new(20, 5, 16);
	struct grid *g = render(&v, abc, 5, 80);

	assert_row(g, 0, "00000000  41 42 43 44 45 46 47 48  "
	    "49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP");
	assert_row(g, 1, "00000010  51 52 53 54"
	    "                                       QRST");
	assert_row(g, 2, "");
	grid_free(g);

	/* Just past the first eight: the group gap is not drawn. */
	v = view_new(9, 5, 16);
	g = render(&v, hello, 2, 80);
	assert_row(g, 0, "00000000  48 65 6c 6c 6f 2c 20 77  6f"
	    "                       Hello, wo");
	grid_free(g);
}
END_TEST

START_TEST(test_render_8)
{
	struct hexview v = view_new(16, 4, 8);
	struct grid *g = render(&v, hello, 4, 43);

	assert_row(g, 0, "00000000  48 65 6c 6c 6f 2c 20 77  Hello, w");
	assert_row(g, 1, "00000008  6f 72 6c 64 0a 00 01 ff  orld....");
	assert_row(g, 2, "");
	grid_free(g);

	/* 24 a row: two group gaps. */
	v = view_new(16, 1, 24);
	g = render(&v, hello, 1, 120);
	assert_row(g, 0, "00000000  48 65 6c 6c 6f 2c 20 77  "
	    "6f 72 6c 64 0a 00 01 ff"
	    "                           Hello, world....");
	grid_free(g);

	/* 1 a row. */
	v = view_new(16, 2, 1);
	hexview_goto(&v, 1);
	g = render(&v, hello, 2, 15);
	assert_row(g, 0, "00000000  48  H");
	assert_row(g, 1, "00000001  65  e");
	grid_free(g);
}
END_TEST

/* Which character stands for which byte. */
START_TEST(test_render_chars)
{
	static const unsigned char bytes[16] = " !~\x7f\x80\t\xff" "Az0"
	    "\0\033\r\v\f\n";
	struct hexview v = view_new(16, 1, 16);
	struct grid *g = render(&v, bytes, 1, 80);

	assert_row(g, 0, "00000000  20 21 7e 7f 80 09 ff 41  "
	    "7a 30 00 1b 0d 0b 0c 0a   !~....Az0......");
	grid_free(g);
}
END_TEST

/* Offsets past 4 GiB take a ninth digit and shift the row. */
START_TEST(test_render_wide_offsets)
{
	static const unsigned char bytes[32] =
	    "0123456789abcdefghijklmnopqrstuv";
	struct hexview v = view_new((1ull << 32) + 32, 2, 16);
	struct grid *g;

	hexview_goto(&v, (1ull << 32) + 16);
	ck_assert_uint_eq(v.top, 1ull << 32);
	ck_assert_uint_eq(hexview_window(&v), 32);
	g = grid_new(2, 80);
	hexview_render(&v, bytes, sizeof bytes, g);
	assert_row(g, 0, "100000000  30 31 32 33 34 35 36 37  "
	    "38 39 61 62 63 64 65 66  0123456789abcdef");
	assert_row(g, 1, "100000010  67 68 69 6a 6b 6c 6d 6e  "
	    "6f 70 71 72 73 74 75 76  ghijklmnopqrstuv");
	ck_assert_int_eq(g->cursor_row, 1);
	ck_assert_int_eq(g->cursor_col, 11);
	grid_free(g);
}
END_TEST

/* The cursor: both hex digits and the character, in either pane. */
START_TEST(test_render_cursor)
{
	static const unsigned char abc[] = "ABCDEFGHIJKLMNOPQRST";
	struct hexview v = view_new(16, 2, 16);
	unsigned cursor, alt;
	struct grid *g;

	hexview_goto(&v, 5);
	g = render(&v, hello, 2, 80);
	ck_assert_int_eq(g->cursor_row, 0);
	ck_assert_int_eq(g->cursor_col, 25);
	ck_assert_uint_eq(grid_cell(g, 0, 25)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(g, 0, 26)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(g, 0, 65)->flags, CELL_CURSOR_ALT);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor, 2);
	ck_assert_uint_eq(alt, 1);
	grid_free(g);

	v.pane = HEXVIEW_PANE_CHAR;
	g = render(&v, hello, 2, 80);
	ck_assert_int_eq(g->cursor_row, 0);
	ck_assert_int_eq(g->cursor_col, 65);
	ck_assert_uint_eq(grid_cell(g, 0, 25)->flags, CELL_CURSOR_ALT);
	ck_assert_uint_eq(grid_cell(g, 0, 26)->flags, CELL_CURSOR_ALT);
	ck_assert_uint_eq(grid_cell(g, 0, 65)->flags, CELL_CURSOR);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor, 1);
	ck_assert_uint_eq(alt, 2);
	grid_free(g);

	/* After the group gap, and on the last byte. */
	v.pane = HEXVIEW_PANE_HEX;
	hexview_goto(&v, 9);
	g = render(&v, hello, 2, 80);
	ck_assert_int_eq(g->cursor_col, 38);
	ck_assert_uint_eq(grid_cell(g, 0, 39)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(g, 0, 69)->flags, CELL_CURSOR_ALT);
	grid_free(g);
	hexview_move(&v, HEXVIEW_FILE_END);
	g = render(&v, hello, 2, 80);
	ck_assert_int_eq(g->cursor_col, 56);
	ck_assert_uint_eq(grid_cell(g, 0, 75)->flags, CELL_CURSOR_ALT);
	grid_free(g);

	/* On the second row of a partial file. */
	v = view_new(20, 3, 16);
	hexview_goto(&v, 17);
	g = render(&v, abc, 3, 80);
	ck_assert_int_eq(g->cursor_row, 1);
	ck_assert_int_eq(g->cursor_col, 13);
	ck_assert_uint_eq(grid_cell(g, 1, 14)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(g, 1, 61)->flags, CELL_CURSOR_ALT);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor, 2);
	ck_assert_uint_eq(alt, 1);
	grid_free(g);
}
END_TEST

/* Offsets, hex digits and characters take the byte's class style. */
START_TEST(test_render_styles)
{
	static const struct {
		unsigned byte;		/* index into hello */
		uint8_t style;
	} cases[] = {
		{ 0, STYLE_PRINT }, { 5, STYLE_PRINT }, { 6, STYLE_SPACE },
		{ 12, STYLE_SPACE }, { 13, STYLE_ZERO }, { 14, STYLE_CONTROL },
		{ 15, STYLE_HIGH }
	};
	struct hexview v = view_new(16, 1, 16);
	struct grid *g = render(&v, hello, 1, 80);
	unsigned i, hex, col;

	for (col = 0; col < 8; col++)
		ck_assert_uint_eq(grid_cell(g, 0, col)->style, STYLE_OFFSET);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hex = 10 + 3 * cases[i].byte + cases[i].byte / 8;
		ck_assert_uint_eq(grid_cell(g, 0, hex)->style, cases[i].style);
		ck_assert_uint_eq(grid_cell(g, 0, hex + 1)->style,
		    cases[i].style);
		ck_assert_uint_eq(grid_cell(g, 0, 60 + cases[i].byte)->style,
		    cases[i].style);
	}
	ck_assert_uint_eq(grid_cell(g, 0, 8)->style, STYLE_NORMAL);
	ck_assert_uint_eq(grid_cell(g, 0, 58)->style, STYLE_NORMAL);
	ck_assert_uint_eq(grid_cell(g, 0, 59)->style, STYLE_NORMAL);
	grid_free(g);
}
END_TEST

START_TEST(test_render_empty)
{
	struct hexview v = view_new(0, 5, 16);
	struct grid *g = render(&v, NULL, 5, 80);

	assert_row(g, 0, "(empty file)");
	assert_row(g, 1, "");
	ck_assert_uint_eq(grid_cell(g, 0, 0)->style, STYLE_MESSAGE);
	ck_assert_int_eq(g->cursor_row, -1);
	ck_assert_int_eq(g->cursor_col, -1);
	grid_free(g);
}
END_TEST

/* Fewer bytes than the view expects (the file shrank): blank rows, and no
 * cursor when its byte is gone. */
START_TEST(test_render_short_window)
{
	static const unsigned char abc[] = "ABCDEFGHIJKLMNOPQRST";
	struct hexview v = view_new(40, 5, 16);
	unsigned cursor, alt;
	struct grid *g = grid_new(5, 80);

	hexview_goto(&v, 30);
	hexview_render(&v, abc, 20, g);
	assert_row(g, 1, "00000010  51 52 53 54"
	    "                                       QRST");
	assert_row(g, 2, "");
	ck_assert_int_eq(g->cursor_row, -1);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor + alt, 0);

	grid_clear(g);
	hexview_render(&v, abc, 0, g);
	assert_row(g, 0, "");
	ck_assert_int_eq(g->cursor_row, -1);
	grid_free(g);
}
END_TEST

/* A grid smaller than the view is clipped, not overrun. */
START_TEST(test_render_small_grid)
{
	unsigned char file[160];
	struct hexview v = view_new(160, 10, 16);
	struct grid *g;
	unsigned cursor, alt;

	memset(file, 'x', sizeof file);
	hexview_goto(&v, 16);
	g = render(&v, file, 2, 30);
	assert_row(g, 0, "00000000  78 78 78 78 78 78 78");
	assert_row(g, 1, "00000010  78 78 78 78 78 78 78");
	ck_assert_int_eq(g->cursor_row, 1);
	ck_assert_int_eq(g->cursor_col, 10);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor, 2);
	ck_assert_uint_eq(alt, 0);
	grid_free(g);

	/* The active pane's cursor cell is off the grid: no cursor. */
	v.pane = HEXVIEW_PANE_CHAR;
	g = render(&v, file, 2, 30);
	ck_assert_int_eq(g->cursor_row, -1);
	ck_assert_int_eq(g->cursor_col, -1);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor, 0);
	ck_assert_uint_eq(alt, 2);
	grid_free(g);

	v.pane = HEXVIEW_PANE_HEX;
	hexview_goto(&v, 100);
	g = render(&v, file, 2, 30);
	ck_assert_int_eq(g->cursor_row, -1);
	count_flags(g, &cursor, &alt);
	ck_assert_uint_eq(cursor + alt, 0);
	grid_free(g);

	g = render(&v, file, 0, 0);
	grid_free(g);
}
END_TEST

/* A small deterministic generator for the random walk. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Render v and check the cursor lands where the view says it is. */
static void
check_render(const struct hexview *v, struct grid *g, unsigned char *buf)
{
	size_t n = hexview_window(v), i;
	unsigned cols = hexview_row_width(v->bytes_per_row,
	    v->offset_digits), cursor, alt;
	uint64_t at = v->cur->off - v->top;

	if (n > (uint64_t)v->rows * v->bytes_per_row)
		ck_abort_msg("window %zu bigger than the screen", n);
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(v->top + i);
	if (grid_resize(g, v->rows, cols) == -1)
		ck_abort_msg("grid_resize");
	hexview_render(v, buf, n, g);
	count_flags(g, &cursor, &alt);
	if (v->cur->size == 0) {
		if (g->cursor_row != -1 || cursor + alt != 0)
			ck_abort_msg("a cursor in an empty file");
		return;
	}
	if (g->cursor_row != (int)(at / v->bytes_per_row) ||
	    cursor + alt != 3 || (cursor != 2 && cursor != 1))
		ck_abort_msg("cursor at row %d (%u + %u cells), want row %llu",
		    g->cursor_row, cursor, alt,
		    (unsigned long long)(at / v->bytes_per_row));
	if (grid_cell(g, (unsigned)g->cursor_row,
	    (unsigned)g->cursor_col)->flags != CELL_CURSOR)
		ck_abort_msg("terminal cursor not on a cursor cell");
}

/* Check what a motion did against what it promises. */
static void
check_motion(const struct hexview *before, const struct hexview *v,
    enum hexview_motion m)
{
	uint64_t c = before->cur->off, bpr = before->bytes_per_row;
	uint64_t last = before->cur->size > 0 ? before->cur->size - 1 : 0;
	uint64_t page = (uint64_t)before->rows * bpr, want = v->cur->off;
	uint64_t top = before->top, wtop = v->top;

	switch (m) {
	case HEXVIEW_LEFT:
		want = c > 0 ? c - 1 : 0;
		break;
	case HEXVIEW_RIGHT:
		want = c < last ? c + 1 : last;
		break;
	case HEXVIEW_UP:
		want = c >= bpr ? c - bpr : c;
		break;
	case HEXVIEW_DOWN:
		if (last - c >= bpr)
			want = c + bpr;
		else
			want = c / bpr < last / bpr ? last : c;
		break;
	case HEXVIEW_PAGE_UP:
		want = c >= page ? c - page : c % bpr;
		wtop = top >= page ? top - page : 0;
		break;
	case HEXVIEW_PAGE_DOWN:
		want = last - c >= page ? c + page : last;
		wtop = top + page < max_top(v) ? top + page : max_top(v);
		break;
	case HEXVIEW_ROW_START:
		want = c - c % bpr;
		break;
	case HEXVIEW_ROW_END:
		want = c - c % bpr + bpr - 1 < last ? c - c % bpr + bpr - 1 :
		    last;
		break;
	case HEXVIEW_FILE_START:
		want = 0;
		break;
	case HEXVIEW_FILE_END:
		want = last;
		break;
	case HEXVIEW_SCROLL_UP:
		wtop = top >= 3 * bpr ? top - 3 * bpr : 0;
		break;
	case HEXVIEW_SCROLL_DOWN:
		wtop = top + 3 * bpr < max_top(v) ? top + 3 * bpr : max_top(v);
		break;
	}
	if (v->cur->off != want || v->top != wtop)
		ck_abort_msg("motion %d from cursor %llu top %llu: cursor %llu "
		    "top %llu, want %llu %llu (size %llu rows %u bpr %u)",
		    (int)m, (unsigned long long)c, (unsigned long long)top,
		    (unsigned long long)v->cur->off, (unsigned long long)v->top,
		    (unsigned long long)want, (unsigned long long)wtop,
		    (unsigned long long)v->cur->size, v->rows, v->bytes_per_row);
}

/* Return a random offset around the file, sometimes past its end. */
static uint64_t
random_offset(uint64_t *state, const struct hexview *v)
{
	uint64_t r = next_random(state), span;

	switch (r % 6) {
	case 0:
		return 0;
	case 1:
		return v->cur->size > 0 ? v->cur->size - 1 : 0;
	case 2:
		return UINT64_MAX - r % 3;
	case 3:
		span = 4 * (uint64_t)v->rows * v->bytes_per_row;
		return v->cur->off + (r >> 8) % (2 * span) >= span ?
		    v->cur->off + (r >> 8) % (2 * span) - span : 0;
	default:
		return v->cur->size > 0 ? (r >> 8) % (v->cur->size + 100) : r >> 60;
	}
}

/* A long random sequence of everything a user can do. */
START_TEST(test_random_walk)
{
	static const uint64_t sizes[] = {
		0, 1, 2, 15, 16, 17, 40, 4095, 4096, 4097, 1000003,
		(1ull << 32) + 1, (5ull << 30) + 3, INT64_MAX
	};
	static const unsigned widths[] = { 0, 1, 2, 3, 4, 7, 8, 16, 24, 32,
	    64 };
	uint64_t state = 0x9e3779b97f4a7c15ull * (uint64_t)(_i + 1), r, off;
	enum hexview_motion motion;
	struct hexview v, before;
	struct cursor before_cur;	/* before's own copy of the cursor */
	unsigned char *buf;
	struct grid *g;
	unsigned step;
	int on_screen;

	buf = malloc(80 * 64);
	g = grid_new(1, 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_ptr_nonnull(g);
	view_init(&v, sizes[_i % (sizeof sizes / sizeof sizes[0])]);
	for (step = 0; step < 200000; step++) {
		r = next_random(&state);
		before = v;
		before_cur = cur;
		before.cur = &before_cur;
		switch (r % 20) {
		case 0:
		case 1:
			off = random_offset(&state, &v);
			on_screen = off >= v.top && off - v.top <
			    (uint64_t)v.rows * v.bytes_per_row;
			hexview_goto(&v, off);
			if (v.cur->off != (off < v.cur->size ? off :
			    v.cur->size > 0 ? v.cur->size - 1 : 0))
				ck_abort_msg("goto %llu: cursor %llu",
				    (unsigned long long)off,
				    (unsigned long long)v.cur->off);
			if (on_screen && v.top != before.top)
				ck_abort_msg("goto on screen scrolled");
			break;
		case 2:
			hexview_set_geometry(&v, (unsigned)(r >> 8) % 80,
			    widths[(r >> 16) % (sizeof widths /
			    sizeof widths[0])]);
			break;
		case 3:
			if ((r >> 8) % 4 == 0)
				set_size(&v, sizes[(r >> 16) %
				    (sizeof sizes / sizeof sizes[0])]);
			else if ((r >> 8) % 4 == 1)
				set_size(&v, v.cur->size / 2);
			else
				set_size(&v, v.cur->size + (r >> 16) % 5000 -
				    (v.cur->size >= 2500 ? 2500 : v.cur->size / 2));
			if (v.cur->size > 0 && before.cur->off < v.cur->size &&
			    v.cur->off != before.cur->off)
				ck_abort_msg("set_size moved a cursor that "
				    "was still inside the file");
			break;
		case 4:
			check_render(&v, g, buf);
			break;
		case 5:
			v.pane = v.pane == HEXVIEW_PANE_HEX ?
			    HEXVIEW_PANE_CHAR : HEXVIEW_PANE_HEX;
			break;
		default:
			motion = (enum hexview_motion)((r >> 8) %
			    (HEXVIEW_SCROLL_DOWN + 1));
			hexview_move(&v, motion);
			check_motion(&before, &v, motion);
			break;
		}
		assert_view(&v);
	}
	grid_free(g);
	free(buf);
}
END_TEST

Suite *
hexview_suite(void)
{
	Suite *s = suite_create("hexview");
	TCase *tc;

	tc = tcase_create("geometry");
	tcase_add_test(tc, test_offset_digits);
	tcase_add_test(tc, test_row_width);
	tcase_add_test(tc, test_fit);
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_window);
	suite_add_tcase(s, tc);

	tc = tcase_create("motion");
	tcase_add_loop_test(tc, test_motion_tiny, 0, 2);
	tcase_add_test(tc, test_motion_partial_row);
	tcase_add_test(tc, test_motion_pages);
	tcase_add_test(tc, test_motion_scroll);
	tcase_add_test(tc, test_goto);
	tcase_add_test(tc, test_set_size);
	tcase_add_test(tc, test_set_geometry);
	suite_add_tcase(s, tc);

	tc = tcase_create("render");
	tcase_add_test(tc, test_byte_style);
	tcase_add_test(tc, test_render_row);
	tcase_add_test(tc, test_render_partial);
	tcase_add_test(tc, test_render_8);
	tcase_add_test(tc, test_render_chars);
	tcase_add_test(tc, test_render_wide_offsets);
	tcase_add_test(tc, test_render_cursor);
	tcase_add_test(tc, test_render_styles);
	tcase_add_test(tc, test_render_empty);
	tcase_add_test(tc, test_render_short_window);
	tcase_add_test(tc, test_render_small_grid);
	suite_add_tcase(s, tc);

	tc = tcase_create("invariants");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_random_walk, 0, 14);
	suite_add_tcase(s, tc);
	return s;
}
