/*
 * check-textview.c - tests for the text view (textview.h).
 *
 * Screens are rendered from strings served by a textsrc and compared as
 * text: ASCII, UTF-8 (wide, combining, emoji), tabs, escapes, CRLF,
 * forced breaks with tiny segments, wrap and sideways scrolling, the
 * line-number gutter, every motion, goto, restyling, tiny grids, read
 * errors, and a random walk that checks the view's invariants.  A
 * virtual 1 GiB file with no newline checks that the work per call is
 * bounded.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "suites.h"
#include "testgrid.h"
#include "testpolicy.h"
#include "textview.h"

/* A file in memory that counts what is read of it. */
struct memfile {
	const unsigned char *data;
	uint64_t len;
	uint64_t bytes_read;
	int fill;		/* non-zero: a virtual file of this byte */
	int fail;		/* non-zero: every read fails with this errno */
};

static ssize_t
mem_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct memfile *m = ctx;

	if (m->fail != 0) {
		errno = m->fail;
		return -1;
	}
	if (offset >= m->len)
		return 0;
	if (n > m->len - offset)
		n = (size_t)(m->len - offset);
	if (m->fill != 0)
		memset(buf, m->fill, n);
	else
		memcpy(buf, m->data + offset, n);
	m->bytes_read += n;
	return (ssize_t)n;
}

struct fixture {
	struct memfile file;
	struct textsrc src;
	struct cursor c;		/* the cursor v points at */
	struct textview v;
	struct grid *g;
	struct textview_frame f;
};

/* Open a view of the len bytes at text, rows x cols. */
static void
fx_open(struct fixture *fx, const char *text, size_t len, unsigned rows,
    unsigned cols, int wrap)
{
	memset(fx, 0, sizeof *fx);
	fx->file.data = (const unsigned char *)text;
	fx->file.len = len;
	fx->src.read = mem_read;
	fx->src.ctx = &fx->file;
	fx->src.size = len;
	fx->c.size = len;
	textview_init(&fx->v, &fx->c);
	textview_set_geometry(&fx->v, rows, cols);
	fx->v.wrap = wrap;
	fx->g = grid_new(rows, cols);
	ck_assert_ptr_nonnull(fx->g);
	textview_frame_init(&fx->f);
}

#define FX_OPEN(fx, lit, rows, cols, wrap) \
	fx_open((fx), (lit), sizeof(lit) - 1, (rows), (cols), (wrap))

static void
fx_close(struct fixture *fx)
{
	grid_free(fx->g);
	textview_frame_free(&fx->f);
}

/* Change the file size as the app does: the cursor clamped once, then
 * the view told. */
static void
fx_set_size(struct fixture *fx, uint64_t size)
{
	cursor_set_size(&fx->c, size);
	textview_size_changed(&fx->v);
}

static void
fx_render(struct fixture *fx, uint64_t first_line)
{
	ck_assert_int_eq(textview_render(&fx->v, &fx->src, first_line, fx->g,
	    &fx->f), 0);
}

static void
fx_move(struct fixture *fx, enum textview_motion motion)
{
	ck_assert_int_eq(textview_move(&fx->v, &fx->src, motion), 0);
}

static void
fx_goto(struct fixture *fx, uint64_t offset)
{
	ck_assert_int_eq(textview_goto(&fx->v, &fx->src, offset), 0);
}

/* Render with line numbers unknown and compare the whole grid. */
static void
assert_screen(struct fixture *fx, const char *want)
{
	char *text;

	fx_render(fx, 0);
	text = grid_text(fx->g);
	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, want);
	free(text);
}

/* Check that no cell of g holds a code point the policy blocks (plain
 * ifs: called for every cell of many screens). */
static void
assert_policy(const struct grid *g)
{
	size_t i, n = (size_t)g->rows * g->cols;

	for (i = 0; i < n; i++)
		if (!policy_cell_ok(&g->cells[i]))
			ck_abort_msg("cell %zu holds U+%04X (marks U+%04X "
			    "U+%04X)", i, (unsigned)g->cells[i].ch,
			    (unsigned)g->cells[i].marks[0],
			    (unsigned)g->cells[i].marks[1]);
}

/* Check that no cell of g holds a control character. */
static void
assert_no_controls(const struct grid *g)
{
	size_t i, n = (size_t)g->rows * g->cols;
	uint32_t ch;
	unsigned k;

	for (i = 0; i < n; i++) {
		ch = g->cells[i].ch;
		ck_assert(ch >= 0x20 && ch != 0x7f && (ch < 0x80 || ch > 0x9f));
		for (k = 0; k < CELL_MARKS; k++) {
			ch = g->cells[i].marks[k];
			ck_assert(ch == 0 || ch >= 0xa0);
		}
	}
}

#define STYLE_AT(fx, r, c)	(grid_cell((fx)->g, (r), (c))->style)

START_TEST(test_ascii)
{
	struct fixture fx;

	FX_OPEN(&fx, "hello\nworld\n", 3, 10, 1);
	assert_screen(&fx, "hello\nworld\n");
	ck_assert_int_eq(fx.g->cursor_row, 0);
	ck_assert_int_eq(fx.g->cursor_col, 0);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 0)->flags, CELL_CURSOR);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 1), STYLE_NORMAL);
	ck_assert_uint_eq(fx.f.first, 0);
	ck_assert_uint_eq(fx.f.end, 12);
	ck_assert_uint_eq(fx.f.row_start[1], 6);
	ck_assert_uint_eq(fx.f.row_end[1], 12);
	ck_assert_uint_eq(fx.f.row_start[2], 12);
	ck_assert_uint_eq(fx.f.row_end[2], 12);
	fx_close(&fx);
}
END_TEST

START_TEST(test_utf8)
{
	struct fixture fx;

	/* 中文 é(e + U+0301) 😀! */
	FX_OPEN(&fx, "\xe4\xb8\xad\xe6\x96\x87 e\xcc\x81 \xf0\x9f\x98\x80!\n",
	    1, 20, 1);
	assert_screen(&fx, "\xe4\xb8\xad\xe6\x96\x87 e\xcc\x81 "
	    "\xf0\x9f\x98\x80!");
	ck_assert_uint_eq(grid_cell(fx.g, 0, 0)->ch, 0x4e2d);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 1)->flags,
	    CELL_WIDE_TAIL | CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 2)->ch, 0x6587);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 5)->ch, 'e');
	ck_assert_uint_eq(grid_cell(fx.g, 0, 5)->marks[0], 0x301);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 7)->ch, 0x1f600);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 8)->flags, CELL_WIDE_TAIL);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 9)->ch, '!');
	/* Cells map to the first byte of their unit. */
	ck_assert_uint_eq(fx.f.cell_off[1], 0);
	ck_assert_uint_eq(fx.f.cell_len[1], 3);
	ck_assert_uint_eq(fx.f.cell_off[5], 7);
	ck_assert_uint_eq(fx.f.cell_len[5], 3);
	ck_assert_uint_eq(fx.f.cell_off[8], 11);
	ck_assert_uint_eq(fx.f.cell_off[10], 16);	/* the '\n' */
	ck_assert_uint_eq(fx.f.cell_off[11], UINT64_MAX);
	fx_close(&fx);
}
END_TEST

/* A mark with no base gets a cell of its own; marks past the cap stay
 * in their base's unit (dropped, the cell in STYLE_CONTROL). */
START_TEST(test_marks)
{
	struct fixture fx;

	FX_OPEN(&fx, "\xcc\x81" "a\xcc\x81\xcc\xa3\xcc\x80\t\xcc\x82|\n", 1,
	    20, 1);
	assert_screen(&fx, " \xcc\x81" "a\xcc\x81\xcc\xa3      "
	    " \xcc\x82|");
	ck_assert_uint_eq(grid_cell(fx.g, 0, 1)->marks[1], 0x323);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 1), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 0), STYLE_NORMAL);
	ck_assert_uint_eq(fx.f.cell_off[1], 2);
	ck_assert_uint_eq(fx.f.cell_len[1], 7);
	ck_assert_uint_eq(fx.f.cell_off[2], 9);		/* the tab */
	fx_close(&fx);
}
END_TEST

/* Write line "xa" + k marks (U+0300 + i % 16) + "bc" + "\xe4\xb8\xad" + k
 * marks + "d|" into text; return its length. */
static size_t
marked_line(char *text, unsigned k)
{
	size_t n = 0;
	unsigned i, pass;

	text[n++] = 'x';
	text[n++] = 'a';
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < k; i++) {
			text[n++] = (char)0xcc;
			text[n++] = (char)(0x80 + i % 16);
		}
		if (pass == 0) {
			memcpy(text + n, "bc\xe4\xb8\xad", 5);
			n += 5;
		}
	}
	memcpy(text + n, "d|\n", 3);
	return n + 3;
}

/* Defect 7: however many combining marks follow a character, what comes
 * after it stays in the same columns, in both wrap modes; the cell keeps
 * the first CELL_MARKS, and one cursor step crosses them all. */
START_TEST(test_marks_keep_columns)
{
	static const unsigned counts[] = { 1, 2, 3, 5, 10, 200 };
	char plain[16], text[1024];
	struct fixture fx;
	unsigned i, wrap, col, k;
	size_t n;
	char *want, *got;

	for (wrap = 0; wrap < 2; wrap++) {
		n = marked_line(plain, 0);	/* the loop below reuses n */
		fx_open(&fx, plain, n, 1, 12, (int)wrap);
		fx_render(&fx, 0);
		want = grid_row_text(fx.g, 0);
		fx_close(&fx);
		ck_assert_str_eq(want, "xabc\xe4\xb8\xad" "d|");
		for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
			n = marked_line(text, counts[i]);
			fx_open(&fx, text, n, 1, 12, (int)wrap);
			fx_render(&fx, 0);
			for (col = 0; col < 8; col++) {
				/* Same character in the same column. */
				ck_assert_msg(grid_cell(fx.g, 0, col)->ch ==
				    (uint32_t)"xabc? d|"[col] || col == 4,
				    "%u marks, wrap %u: column %u holds U+%04X",
				    counts[i], wrap, col,
				    (unsigned)grid_cell(fx.g, 0, col)->ch);
			}
			ck_assert_uint_eq(grid_cell(fx.g, 0, 4)->ch, 0x4e2d);
			ck_assert_uint_eq(grid_cell(fx.g, 0, 5)->flags,
			    CELL_WIDE_TAIL);
			for (k = 0; k < CELL_MARKS; k++) {
				ck_assert_uint_eq(grid_cell(fx.g, 0, 1)->
				    marks[k], k < counts[i] ? 0x300 + k : 0);
				ck_assert_uint_eq(grid_cell(fx.g, 0, 4)->
				    marks[k], k < counts[i] ? 0x300 + k : 0);
			}
			ck_assert_uint_eq(STYLE_AT(&fx, 0, 1),
			    counts[i] > CELL_MARKS ? STYLE_CONTROL :
			    STYLE_NORMAL);
			ck_assert_uint_eq(fx.f.cell_len[1], 1 + 2 * counts[i]);
			got = grid_row_text(fx.g, 0);
			ck_assert_ptr_nonnull(got);
			free(got);
			/* One step right from 'a' lands on 'b'. */
			fx_goto(&fx, 1);
			fx_move(&fx, TEXTVIEW_RIGHT);
			ck_assert_uint_eq(fx.c.off, 2 + 2 * counts[i]);
			fx_render(&fx, 0);
			ck_assert_int_eq(fx.g->cursor_col, 2);
			fx_close(&fx);
		}
		free(want);
	}
}
END_TEST

/* Zero-width and format characters are shown, not obeyed: a visible
 * <U+XXXX> in STYLE_CONTROL, as the bidi controls are. */
START_TEST(test_format_visible)
{
	struct fixture fx;

	FX_OPEN(&fx, "\xef\xbb\xbf" "a\xe2\x80\x8b" "b\xe2\x80\x8d" "c\xe2\x81\xa0"
	    "d\xe2\x81\xa4|\n\xe2\x80\x8c\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c"
	    "\xe2\x80\xa8\xe2\x80\xa9\n\xef\xb7\x90\xef\xbf\xbf\xf4\x8f\xbf\xbf|",
	    3, 80, 1);
	assert_screen(&fx, "<U+FEFF>a<U+200B>b<U+200D>c<U+2060>d<U+2064>|\n"
	    "<U+200C><U+200E><U+200F><U+061C><U+2028><U+2029>\n"
	    "<U+FDD0><U+FFFF><U+10FFFF>|");
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 0), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 9), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 0), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 2, 0), STYLE_HIGH);
	ck_assert_uint_eq(fx.f.cell_off[0], 0);
	ck_assert_uint_eq(fx.f.cell_len[0], 3);
	assert_policy(fx.g);
	fx_close(&fx);
}
END_TEST

/* Encode cp (below 2^21; surrogates too) as UTF-8 into out. */
static size_t
test_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18 & 0x07));
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Each code point the policy names, and each side of its boundaries,
 * between two letters: a blocked one shows as <U+XXXX> (C0 as ^X) and
 * no cell holds it. */
START_TEST(test_policy_edges)
{
	struct fixture fx;
	char text[16], want[32];
	uint32_t cp;
	size_t i, n;
	char *row;

	for (i = 0; i < sizeof policy_edges / sizeof policy_edges[0]; i++) {
		cp = policy_edges[i];
		if (cp >= 0x200000)
			continue;
		text[0] = 'x';
		n = 1 + test_encode(cp, text + 1);
		text[n++] = 'y';
		fx_open(&fx, text, n, 1, 30, 1);
		fx_render(&fx, 0);
		assert_policy(fx.g);
		row = grid_row_text(fx.g, 0);
		ck_assert_ptr_nonnull(row);
		if (policy_blocked(cp) && cp >= 0x80 && cp <= 0x10ffff &&
		    !(cp >= 0xd800 && cp <= 0xdfff)) {
			snprintf(want, sizeof want, "x<U+%04X>y", (unsigned)cp);
			ck_assert_str_eq(row, want);
			ck_assert_uint_eq(STYLE_AT(&fx, 0, 1),
			    cp <= 0x9f || !((cp >= 0xfdd0 && cp <= 0xfdef) ||
			    (cp & 0xfffe) == 0xfffe) ? STYLE_CONTROL :
			    STYLE_HIGH);
		} else if (!policy_blocked(cp))
			ck_assert_msg(strlen(row) == n && memcmp(row, text, n)
			    == 0, "U+%04X shown as \"%s\"", (unsigned)cp, row);
		free(row);
		fx_close(&fx);
	}
}
END_TEST

/* Every code point from U+0080 to U+10FFFF, 256 to a file: no cell holds
 * one the policy blocks. */
START_TEST(test_policy_sweep)
{
	char text[256 * 4];
	struct fixture fx;
	uint32_t base, cp;
	size_t n;

	for (base = 0x80; base <= 0x10ffff; base += 256) {
		n = 0;
		for (cp = base; cp < base + 256 && cp <= 0x10ffff; cp++)
			n += test_encode(cp, text + n);
		fx_open(&fx, text, n, 48, 80, 1);
		fx_render(&fx, 0);
		assert_policy(fx.g);
		fx_close(&fx);
	}
}
END_TEST

/* With wrap on, a wide character with one column left moves down. *//* With wrap on, a wide character with one column left moves down. */
START_TEST(test_wide_at_edge)
{
	struct fixture fx;

	FX_OPEN(&fx, "abc\xe4\xb8\xad" "d\n", 3, 4, 1);
	assert_screen(&fx, "abc\n\xe4\xb8\xad" "d\n");
	ck_assert_uint_eq(fx.f.row_end[0], 3);
	ck_assert_uint_eq(fx.f.cell_off[3], UINT64_MAX);
	fx_goto(&fx, 4);
	ck_assert_uint_eq(fx.c.off, 3);
	fx_render(&fx, 0);
	ck_assert_int_eq(fx.g->cursor_row, 1);
	ck_assert_int_eq(fx.g->cursor_col, 0);
	fx_close(&fx);

	/* Wrap off: cut by the left edge, the visible half is a blank. */
	FX_OPEN(&fx, "\xe4\xb8\xad\xe6\x96\x87xy", 1, 3, 0);
	fx.v.hscroll = 1;
	assert_screen(&fx, " \xe6\x96\x87");
	ck_assert_uint_eq(fx.f.cell_off[0], 0);
	fx.v.hscroll = 3;
	assert_screen(&fx, " xy");
	fx.v.hscroll = 0;
	fx.v.cols = 3;
	assert_screen(&fx, "\xe4\xb8\xad");
	ck_assert_uint_eq(fx.f.cell_off[2], 3);
	fx_close(&fx);
}
END_TEST

START_TEST(test_tabs)
{
	struct fixture fx;
	unsigned c;

	FX_OPEN(&fx, "a\tb\n\tc\n12345678\tx\n", 3, 20, 1);
	assert_screen(&fx, "a       b\n        c\n12345678        x");
	for (c = 1; c < 8; c++) {
		ck_assert_uint_eq(fx.f.cell_off[c], 1);
		ck_assert_uint_eq(fx.f.cell_len[c], 1);
	}
	ck_assert_uint_eq(fx.f.cell_off[8], 2);
	fx_close(&fx);

	/* Wrap on: a tab is cut at the right edge, not wrapped. */
	FX_OPEN(&fx, "abcdefghi\tg\n", 2, 10, 1);
	assert_screen(&fx, "abcdefghi\ng");
	ck_assert_uint_eq(fx.f.cell_off[9], 9);
	ck_assert_uint_eq(fx.f.cell_off[10], 10);
	fx_close(&fx);
}
END_TEST

START_TEST(test_controls)
{
	struct fixture fx;

	FX_OPEN(&fx, "a\001b\177\033\000z\n", 1, 20, 1);
	assert_screen(&fx, "a^Ab^?^[^@z");
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 0), STYLE_NORMAL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 1), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 2), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 3), STYLE_NORMAL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 4), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 5), STYLE_CONTROL);
	ck_assert_uint_eq(fx.f.cell_off[2], 1);
	ck_assert_uint_eq(fx.f.cell_off[4], 3);
	assert_no_controls(fx.g);
	fx_close(&fx);
}
END_TEST

START_TEST(test_invalid)
{
	struct fixture fx;

	FX_OPEN(&fx, "\xff|\xe4\xb8|\xc0\x80|\xed\xa0\x80|\xf4\x90\x80\x80|"
	    "\x80\n\xc2\x85|\xe2\x80\xae|\xcd\xb8|ab\xe4\xb8", 2, 60, 1);
	assert_screen(&fx, "<FF>|<E4><B8>|<C0><80>|<ED><A0><80>|"
	    "<F4><90><80><80>|<80>\n<U+0085>|<U+202E>|<U+0378>|ab<E4><B8>");
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 0), STYLE_HIGH);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 3), STYLE_HIGH);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 4), STYLE_NORMAL);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 0), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 9), STYLE_CONTROL);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 18), STYLE_HIGH);
	assert_no_controls(fx.g);

	/* Each bad byte is a unit of its own. */
	fx_goto(&fx, 2);
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 3);
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 4);
	fx_render(&fx, 0);
	ck_assert_int_eq(fx.g->cursor_col, 13);
	fx_close(&fx);
}
END_TEST

/* A '\r' is hidden right before '\n' only. */
START_TEST(test_crlf)
{
	struct fixture fx;

	FX_OPEN(&fx, "one\r\ntwo\r\nthree\rfour\r", 3, 20, 1);
	assert_screen(&fx, "one\ntwo\nthree^Mfour^M");
	ck_assert_uint_eq(fx.f.cell_off[3], 3);		/* "\r\n" */
	ck_assert_uint_eq(fx.f.cell_len[3], 2);
	fx_goto(&fx, 4);
	ck_assert_uint_eq(fx.c.off, 3);
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 5);
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 7);
	fx_close(&fx);
}
END_TEST

START_TEST(test_no_final_newline)
{
	struct fixture fx;

	FX_OPEN(&fx, "abc\ndef", 3, 10, 1);
	assert_screen(&fx, "abc\ndef\n");
	ck_assert_uint_eq(fx.f.end, 7);
	fx_move(&fx, TEXTVIEW_FILE_END);
	ck_assert_uint_eq(fx.c.off, 6);
	fx_render(&fx, 0);
	ck_assert_int_eq(fx.g->cursor_row, 1);
	ck_assert_int_eq(fx.g->cursor_col, 2);
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 6);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 6);
	fx_close(&fx);

	/* A final '\n' is the last unit. */
	FX_OPEN(&fx, "abc\n", 2, 10, 1);
	fx_move(&fx, TEXTVIEW_FILE_END);
	ck_assert_uint_eq(fx.c.off, 3);
	fx_render(&fx, 0);
	ck_assert_int_eq(fx.g->cursor_col, 3);
	fx_close(&fx);
}
END_TEST

/* No newline at all: layout lines are cut every seg bytes. */
START_TEST(test_forced_breaks)
{
	struct fixture fx;

	FX_OPEN(&fx, "abcdefghijklmnopqrst", 4, 10, 1);
	fx.v.seg = 8;
	assert_screen(&fx, "abcdefgh\nijklmnop\nqrst\n");
	fx_goto(&fx, 13);
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.c.off, 8);
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 15);
	fx_close(&fx);

	/* Wrap off, the same lines. */
	FX_OPEN(&fx, "abcdefghijklmnopqrst", 4, 5, 0);
	fx.v.seg = 8;
	assert_screen(&fx, "abcde\nijklm\nqrst\n");
	fx_close(&fx);
}
END_TEST

/* A '\n' in a segment rules out the break at its end. */
START_TEST(test_break_rule)
{
	struct fixture fx;
	static const struct {
		uint64_t offset, start;
	} starts[] = {
		{ 0, 0 }, { 7, 0 }, { 8, 8 }, { 15, 8 }, { 16, 16 },
		{ 23, 16 }, { 24, 24 }, { 31, 24 }, { 32, 32 }, { 36, 32 }
	};
	size_t i;

	/* '\n' at 15, just before the boundary at 16. */
	FX_OPEN(&fx, "abcdefghijklmno\npqrstuvwxyz0123456789", 6, 20, 1);
	fx.v.seg = 8;
	fx.v.numbers = 1;
	fx_render(&fx, 1);
	assert_row(fx.g, 0, "     1 abcdefgh");
	assert_row(fx.g, 1, "       ijklmno");
	assert_row(fx.g, 2, "     2 pqrstuvw");
	assert_row(fx.g, 3, "       xyz01234");
	assert_row(fx.g, 4, "       56789");
	assert_row(fx.g, 5, "");
	for (i = 0; i < sizeof starts / sizeof starts[0]; i++) {
		fx_goto(&fx, starts[i].offset);
		fx_move(&fx, TEXTVIEW_LINE_START);
		ck_assert_msg(fx.c.off == starts[i].start,
		    "offset %u: start %u", (unsigned)starts[i].offset,
		    (unsigned)fx.c.off);
	}
	fx_close(&fx);

	/* '\n' at 9, just after the boundary at 8: no break at 16, so the
	 * line [10, 24) is longer than seg. */
	FX_OPEN(&fx, "abcdefghi\njklmnopqrstuvwxyz", 4, 20, 1);
	fx.v.seg = 8;
	assert_screen(&fx, "abcdefgh\ni\njklmnopqrstuvw\nxyz");
	fx_close(&fx);

	/* A break never splits a character: it moves past 中's tail. */
	FX_OPEN(&fx, "abcdefg\xe4\xb8\xadxyzuvwxyz", 3, 20, 1);
	fx.v.seg = 8;
	assert_screen(&fx, "abcdefg\xe4\xb8\xad\nxyzuvw\nxyz");
	fx_goto(&fx, 9);
	ck_assert_uint_eq(fx.c.off, 7);
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.c.off, 0);
	fx_goto(&fx, 10);
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.c.off, 10);
	fx_close(&fx);
}
END_TEST

START_TEST(test_nowrap)
{
	struct fixture fx;

	FX_OPEN(&fx, "0123456789abcdef\nxy\n\tz\n", 3, 8, 0);
	assert_screen(&fx, "01234567\nxy\n");
	fx.v.hscroll = 4;
	assert_screen(&fx, "456789ab\n\n    z");
	ck_assert_uint_eq(fx.f.row_start[0], 0);
	ck_assert_uint_eq(fx.f.row_end[0], 17);
	ck_assert_uint_eq(fx.f.first, 4);	/* the first byte shown */
	ck_assert_uint_eq(fx.f.end, 23);
	ck_assert_uint_eq(fx.f.cell_off[0], 4);
	ck_assert_uint_eq(fx.f.cell_off[16], 20);	/* the tab */

	/* The cursor's unit is kept in view sideways. */
	fx.v.hscroll = 0;
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 15);
	ck_assert_uint_eq(fx.v.hscroll, 8);
	assert_screen(&fx, "89abcdef\n\nz");
	ck_assert_int_eq(fx.g->cursor_col, 7);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 19);	/* xy's '\n' */
	ck_assert_uint_eq(fx.v.hscroll, 2);
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.v.hscroll, 0);
	fx_close(&fx);
}
END_TEST

START_TEST(test_numbers)
{
	struct fixture fx;

	FX_OPEN(&fx, "a\nb\nc\n", 4, 12, 1);
	fx.v.numbers = 1;
	ck_assert_uint_eq(textview_gutter(&fx.v), 7);
	fx_render(&fx, 41);
	assert_row(fx.g, 0, "    41 a");
	assert_row(fx.g, 1, "    42 b");
	assert_row(fx.g, 2, "    43 c");
	assert_row(fx.g, 3, "");
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 4), STYLE_OFFSET);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 6), STYLE_NORMAL);
	ck_assert_uint_eq(fx.f.cell_off[0], UINT64_MAX);
	ck_assert_uint_eq(fx.f.cell_off[7], 0);
	ck_assert_uint_eq(fx.f.number_digits, 2);
	ck_assert_int_eq(fx.g->cursor_col, 7);
	assert_screen(&fx, "       a\n       b\n       c\n");
	ck_assert_uint_eq(fx.f.number_digits, 0);

	/* Too little room: no gutter. */
	fx.v.cols = 7;
	ck_assert_uint_eq(textview_gutter(&fx.v), 0);
	fx_close(&fx);

	/* Continuation rows have no number; numbers past the digits. */
	FX_OPEN(&fx, "abcdefghij\nxy\n", 5, 10, 1);
	fx.v.numbers = 1;
	fx_render(&fx, 999999);
	assert_row(fx.g, 0, "999999 abc");
	assert_row(fx.g, 1, "       def");
	assert_row(fx.g, 3, "       j");
	assert_row(fx.g, 4, "000000 xy");
	ck_assert_uint_eq(fx.f.number_digits, 7);
	fx.v.number_digits = 7;
	ck_assert_uint_eq(textview_gutter(&fx.v), 8);
	fx_render(&fx, 999999);
	assert_row(fx.g, 0, " 999999 ab");
	fx_close(&fx);
}
END_TEST

/* Up and down keep the goal column across short lines. */
START_TEST(test_goal_column)
{
	struct fixture fx;

	FX_OPEN(&fx, "a long line here\nab\n\nanother long line\n", 5, 40,
	    1);
	fx_goto(&fx, 7);
	ck_assert_uint_eq(fx.v.want_col, 7);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 19);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 20);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 28);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 28);
	fx_move(&fx, TEXTVIEW_UP);
	fx_move(&fx, TEXTVIEW_UP);
	ck_assert_uint_eq(fx.c.off, 19);
	fx_move(&fx, TEXTVIEW_UP);
	ck_assert_uint_eq(fx.c.off, 7);
	fx_move(&fx, TEXTVIEW_UP);
	ck_assert_uint_eq(fx.c.off, 7);
	ck_assert_uint_eq(fx.v.want_col, 7);

	fx_goto(&fx, 5);
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 15);
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.c.off, 0);
	fx_goto(&fx, 20);
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 20);
	fx_close(&fx);

	/* Wrapped rows: the column is the row's. */
	FX_OPEN(&fx, "abcdefghij\n", 3, 4, 1);
	fx_goto(&fx, 2);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 6);
	fx_move(&fx, TEXTVIEW_DOWN);
	ck_assert_uint_eq(fx.c.off, 10);
	fx_close(&fx);
}
END_TEST

START_TEST(test_left_right)
{
	struct fixture fx;
	static const uint64_t stops[] = { 0, 1, 4, 6, 9 };
	static const int cols[] = { 0, 1, 3, 4, 5 };
	size_t i;

	/* a 中 é é(e + U+0301) '\n' */
	FX_OPEN(&fx, "a\xe4\xb8\xad\xc3\xa9" "e\xcc\x81\n", 1, 10, 1);
	for (i = 0; i < 5; i++) {
		ck_assert_uint_eq(fx.c.off, stops[i]);
		fx_render(&fx, 0);
		ck_assert_int_eq(fx.g->cursor_col, cols[i]);
		fx_move(&fx, TEXTVIEW_RIGHT);
	}
	ck_assert_uint_eq(fx.c.off, 9);
	for (i = 5; i-- > 0;) {
		ck_assert_uint_eq(fx.c.off, stops[i]);
		fx_move(&fx, TEXTVIEW_LEFT);
	}
	ck_assert_uint_eq(fx.c.off, 0);
	fx_goto(&fx, 2);
	ck_assert_uint_eq(fx.c.off, 1);
	fx_goto(&fx, 8);
	ck_assert_uint_eq(fx.c.off, 6);
	fx_render(&fx, 0);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 4)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 4)->marks[0], 0x301);
	fx_goto(&fx, 2);
	fx_render(&fx, 0);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 1)->flags, CELL_CURSOR);
	ck_assert_uint_eq(grid_cell(fx.g, 0, 2)->flags,
	    CELL_CURSOR | CELL_WIDE_TAIL);
	fx_close(&fx);
}
END_TEST

/* Return a file of n lines "line NNNN\n"; caller frees. */
static char *
numbered_lines(unsigned n)
{
	char *text = malloc((size_t)n * 10 + 1);
	unsigned i;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < n; i++)
		snprintf(text + (size_t)i * 10, 11, "line %04u\n", i);
	return text;
}

START_TEST(test_pages)
{
	struct fixture fx;
	char *text = numbered_lines(20);

	fx_open(&fx, text, 200, 5, 20, 1);
	fx_goto(&fx, 2);
	fx_move(&fx, TEXTVIEW_PAGE_DOWN);
	ck_assert_uint_eq(fx.v.top, 50);
	ck_assert_uint_eq(fx.c.off, 52);
	fx_move(&fx, TEXTVIEW_PAGE_DOWN);
	ck_assert_uint_eq(fx.v.top, 100);
	ck_assert_uint_eq(fx.c.off, 102);
	fx_move(&fx, TEXTVIEW_PAGE_DOWN);
	ck_assert_uint_eq(fx.v.top, 150);
	ck_assert_uint_eq(fx.c.off, 152);
	fx_move(&fx, TEXTVIEW_PAGE_DOWN);
	ck_assert_uint_eq(fx.v.top, 150);
	ck_assert_uint_eq(fx.c.off, 192);
	assert_screen(&fx, "line 0015\nline 0016\nline 0017\nline 0018\n"
	    "line 0019");
	ck_assert_int_eq(fx.g->cursor_row, 4);
	fx_move(&fx, TEXTVIEW_PAGE_UP);
	ck_assert_uint_eq(fx.v.top, 100);
	ck_assert_uint_eq(fx.c.off, 142);
	fx_move(&fx, TEXTVIEW_PAGE_UP);
	fx_move(&fx, TEXTVIEW_PAGE_UP);
	fx_move(&fx, TEXTVIEW_PAGE_UP);
	ck_assert_uint_eq(fx.v.top, 0);
	ck_assert_uint_eq(fx.c.off, 2);

	/* Wheel: the view moves, the cursor stays while it is on screen. */
	fx_move(&fx, TEXTVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(fx.v.top, 30);
	ck_assert_uint_eq(fx.c.off, 32);
	fx_move(&fx, TEXTVIEW_DOWN);
	fx_move(&fx, TEXTVIEW_SCROLL_UP);
	ck_assert_uint_eq(fx.v.top, 0);
	ck_assert_uint_eq(fx.c.off, 42);
	fx_move(&fx, TEXTVIEW_SCROLL_UP);
	ck_assert_uint_eq(fx.c.off, 42);

	fx_move(&fx, TEXTVIEW_FILE_END);
	ck_assert_uint_eq(fx.c.off, 199);
	ck_assert_uint_eq(fx.v.top, 150);
	fx_move(&fx, TEXTVIEW_SCROLL_DOWN);
	ck_assert_uint_eq(fx.v.top, 150);
	fx_move(&fx, TEXTVIEW_FILE_START);
	ck_assert_uint_eq(fx.v.top, 0);
	ck_assert_uint_eq(fx.c.off, 0);
	fx_move(&fx, TEXTVIEW_UP);
	ck_assert_uint_eq(fx.c.off, 0);
	fx_close(&fx);
	free(text);
}
END_TEST

START_TEST(test_goto)
{
	struct fixture fx;
	char *text = numbered_lines(1000);

	fx_open(&fx, text, 10000, 9, 20, 1);
	fx_goto(&fx, 5003);
	ck_assert_uint_eq(fx.c.off, 5003);
	ck_assert_uint_eq(fx.v.top, 4970);		/* row 3 of 9 */
	ck_assert_uint_eq(fx.v.want_col, 3);
	fx_render(&fx, 498);
	ck_assert_int_eq(fx.g->cursor_row, 3);
	ck_assert_int_eq(fx.g->cursor_col, 3);
	assert_row(fx.g, 0, "line 0497");

	/* On screen: no scrolling. */
	fx_goto(&fx, 5051);
	ck_assert_uint_eq(fx.v.top, 4970);
	fx_goto(&fx, 4970);
	ck_assert_uint_eq(fx.v.top, 4970);

	/* Near the end the screen stays full. */
	fx_goto(&fx, 9995);
	ck_assert_uint_eq(fx.v.top, 9910);
	fx_goto(&fx, UINT64_MAX);
	ck_assert_uint_eq(fx.c.off, 9999);
	fx_goto(&fx, 0);
	ck_assert_uint_eq(fx.v.top, 0);
	fx_close(&fx);
	free(text);
}
END_TEST

START_TEST(test_restyle)
{
	struct fixture fx;
	unsigned char marks[8] = { 0, 0, 1, 0, 0, 1, 0, 0 };
	unsigned c;

	FX_OPEN(&fx, "ab\tc\xe4\xb8\xad\nz", 2, 20, 1);
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.first, 0);
	ck_assert_uint_eq(fx.f.end, 9);
	textview_restyle(&fx.f, 0, marks, sizeof marks, STYLE_MATCH, fx.g);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 1), STYLE_NORMAL);
	for (c = 2; c < 8; c++)
		ck_assert_uint_eq(STYLE_AT(&fx, 0, c), STYLE_MATCH);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 8), STYLE_NORMAL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 9), STYLE_MATCH);	/* 中 */
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 10), STYLE_MATCH);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 11), STYLE_NORMAL);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 12), STYLE_NORMAL);

	/* A window that starts later; the '\n' and z. */
	textview_restyle(&fx.f, 7, marks + 5, 2, STYLE_EDITED, fx.g);
	ck_assert_uint_eq(STYLE_AT(&fx, 0, 11), STYLE_EDITED);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 0), STYLE_NORMAL);
	textview_restyle(&fx.f, 8, marks + 5, 1, STYLE_CHANGED, fx.g);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 0), STYLE_CHANGED);
	textview_restyle(&fx.f, 100, marks, sizeof marks, STYLE_EDITED,
	    fx.g);
	ck_assert_uint_eq(STYLE_AT(&fx, 1, 0), STYLE_CHANGED);
	fx_close(&fx);
}
END_TEST

START_TEST(test_empty)
{
	struct fixture fx;
	enum textview_motion m;

	FX_OPEN(&fx, "", 3, 10, 1);
	fx.v.numbers = 1;
	fx.v.cols = 10;
	assert_screen(&fx, "\n\n");
	ck_assert_int_eq(fx.g->cursor_row, 0);
	ck_assert_int_eq(fx.g->cursor_col, 7);
	ck_assert_uint_eq(fx.f.first, 0);
	ck_assert_uint_eq(fx.f.end, 0);
	for (m = TEXTVIEW_LEFT; m <= TEXTVIEW_SCROLL_DOWN; m++) {
		fx_move(&fx, m);
		ck_assert_uint_eq(fx.c.off, 0);
		ck_assert_uint_eq(fx.v.top, 0);
	}
	fx_goto(&fx, 5);
	ck_assert_uint_eq(fx.c.off, 0);
	fx_close(&fx);
}
END_TEST

START_TEST(test_one_byte)
{
	struct fixture fx;
	enum textview_motion m;

	FX_OPEN(&fx, "x", 2, 5, 1);
	assert_screen(&fx, "x\n");
	for (m = TEXTVIEW_LEFT; m <= TEXTVIEW_SCROLL_DOWN; m++) {
		fx_move(&fx, m);
		ck_assert_uint_eq(fx.c.off, 0);
		ck_assert_uint_eq(fx.v.top, 0);
	}
	fx_close(&fx);

	FX_OPEN(&fx, "\n", 2, 5, 0);
	assert_screen(&fx, "\n");
	ck_assert_int_eq(fx.g->cursor_col, 0);
	fx_close(&fx);
}
END_TEST

/* Tiny grids and a grid smaller than the view: nothing outside. */
START_TEST(test_tiny)
{
	static const char text[] = "\xe4\xb8\xad\t<\001\xff>\xcc\x81\n"
	    "line two is long\r\n\xf0\x9f\x98\x80";
	struct fixture fx;
	enum textview_motion m;
	int wrap, numbers;
	char *screen;

	for (wrap = 0; wrap < 2; wrap++) {
		for (numbers = 0; numbers < 2; numbers++) {
			FX_OPEN(&fx, text, 1, 1, wrap);
			fx.v.numbers = numbers;
			for (m = TEXTVIEW_LEFT; m <= TEXTVIEW_SCROLL_DOWN;
			    m++) {
				fx_move(&fx, m);
				fx_render(&fx, 1);
				assert_no_controls(fx.g);
				ck_assert_int_eq(fx.g->cursor_row, 0);
				ck_assert_int_eq(fx.g->cursor_col, 0);
			}
			fx_close(&fx);

			FX_OPEN(&fx, text, 20, 5, wrap);
			fx.v.numbers = numbers;
			fx_render(&fx, 1);
			assert_no_controls(fx.g);
			for (m = TEXTVIEW_LEFT; m <= TEXTVIEW_SCROLL_DOWN;
			    m++) {
				fx_move(&fx, TEXTVIEW_RIGHT);
				fx_move(&fx, m);
				fx_render(&fx, 1);
				ck_assert_int_ge(fx.g->cursor_row, 0);
				ck_assert_int_lt(fx.g->cursor_row, 20);
				ck_assert_int_lt(fx.g->cursor_col, 5);
			}
			fx_close(&fx);
		}
	}

	/* Wrapped in 5 columns. */
	FX_OPEN(&fx, text, 20, 5, 1);
	fx_render(&fx, 1);
	screen = grid_text(fx.g);
	ck_assert_str_eq(screen, "\xe4\xb8\xad\n<^A\n<FF>>\xcc\x81\n"
	    "line\ntwo i\ns lon\ng\n\xf0\x9f\x98\x80"
	    "\n\n\n\n\n\n\n\n\n\n\n\n");
	free(screen);

	/* A view of 10 x 40 drawn into a 2 x 3 grid is clipped. */
	fx.v.rows = 10;
	fx.v.cols = 40;
	ck_assert_int_eq(grid_resize(fx.g, 2, 3), 0);
	fx_render(&fx, 1);
	assert_row(fx.g, 0, "\xe4\xb8\xad");
	assert_row(fx.g, 1, "lin");
	textview_restyle(&fx.f, 0, (const unsigned char *)"\1\1\1\1\1\1\1\1",
	    8, STYLE_MATCH, fx.g);
	fx_close(&fx);
}
END_TEST

/* A failing read: -1 with errno, and the view unchanged. */
START_TEST(test_read_error)
{
	struct fixture fx;
	struct textview before;
	struct cursor before_c;

	FX_OPEN(&fx, "abc\ndef\n", 2, 10, 1);
	fx_goto(&fx, 5);
	fx.file.fail = EIO;
	before = fx.v;
	before_c = fx.c;
	errno = 0;
	ck_assert_int_eq(textview_render(&fx.v, &fx.src, 0, fx.g, &fx.f), -1);
	ck_assert_int_eq(errno, EIO);
	errno = 0;
	ck_assert_int_eq(textview_move(&fx.v, &fx.src, TEXTVIEW_UP), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_int_eq(textview_goto(&fx.v, &fx.src, 0), -1);
	ck_assert_mem_eq(&fx.v, &before, sizeof before);
	ck_assert_mem_eq(&fx.c, &before_c, sizeof before_c);

	/* The file shrank under the view: render shows what is left. */
	fx.file.fail = 0;
	fx.file.len = 2;
	assert_screen(&fx, "ab\n");
	fx_goto(&fx, 6);
	ck_assert_uint_eq(fx.c.off, 1);
	fx_set_size(&fx, 2);
	ck_assert_uint_eq(fx.c.off, 1);
	fx_goto(&fx, 6);
	ck_assert_uint_eq(fx.c.off, 1);
	fx_close(&fx);
}
END_TEST

/* textview_show() scrolls to a cursor moved elsewhere and leaves it
 * where it is, even inside a unit; a move then starts from that unit. */
START_TEST(test_show)
{
	struct fixture fx;
	struct textview before;
	struct cursor before_c;

	/* "ab\xc3\xa9z\n" starts at 20: the '\xa9' of the e-acute is 23. */
	FX_OPEN(&fx, "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n" "ab\xc3\xa9z\n", 2, 10,
	    1);
	fx.c.off = 23;
	ck_assert_int_eq(textview_show(&fx.v, &fx.src), 0);
	ck_assert_uint_eq(fx.c.off, 23);
	ck_assert_uint_eq(fx.v.top, 18);
	assert_screen(&fx, "9\nab\xc3\xa9z");
	ck_assert_int_eq(fx.g->cursor_row, 1);
	ck_assert_int_eq(fx.g->cursor_col, 2);
	/* On screen already: no scrolling. */
	fx.c.off = 18;
	ck_assert_int_eq(textview_show(&fx.v, &fx.src), 0);
	ck_assert_uint_eq(fx.v.top, 18);
	fx.c.off = 23;
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 24);
	fx.c.off = 23;
	fx_move(&fx, TEXTVIEW_LEFT);
	ck_assert_uint_eq(fx.c.off, 21);
	/* A failing read changes nothing. */
	fx.c.off = 0;
	fx.file.fail = EIO;
	before = fx.v;
	before_c = fx.c;
	ck_assert_int_eq(textview_show(&fx.v, &fx.src), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_mem_eq(&fx.v, &before, sizeof before);
	ck_assert_mem_eq(&fx.c, &before_c, sizeof before_c);
	fx_close(&fx);
}
END_TEST

/* Check the view's invariants after a move. */
static void
assert_view(struct fixture *fx)
{
	struct textview before = fx->v;
	uint64_t before_off = fx->c.off;

	ck_assert(fx->c.size == 0 ? fx->c.off == 0 :
	    fx->c.off < fx->c.size);
	ck_assert_uint_le(fx->v.top, fx->c.off);
	fx_render(fx, 1);
	assert_no_controls(fx->g);
	/* top is a row start, and the cursor on screen at its unit. */
	ck_assert_uint_eq(fx->f.row_start[0], fx->v.top);
	ck_assert_int_ge(fx->g->cursor_row, 0);
	ck_assert_int_lt(fx->g->cursor_row, (int)fx->g->rows);
	ck_assert_int_lt(fx->g->cursor_col, (int)fx->g->cols);
	/* The cursor is on a unit start: goto there changes nothing. */
	fx_goto(fx, fx->c.off);
	ck_assert_uint_eq(fx->c.off, before_off);
	ck_assert_uint_eq(fx->v.top, before.top);
}

START_TEST(test_random_walk)
{
	static const char *texts[] = {
		("short\nlines\n\n\tand a longer one, wrapped and cut\n"
		"\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87 wide "
		"\xf0\x9f\x98\x80\xf0\x9f\x98\x80 text\r\nend"),
		("nonewlineatallbutquitealonglineindeedthatgoeson\xe4\xb8\xad"
		"andon\xcc\x81\xcc\x81\xcc\x81\xcc\x81withmarks"),
		"\n\n\n\xff\xfe\x80\x01\x02\x7f\t\t\tx\n\r\r\r\n\n"
	};
	struct fixture fx;
	unsigned t, i, seed = 12345;
	enum textview_motion m;

	for (t = 0; t < 3 * 4; t++) {
		fx_open(&fx, texts[t % 3], strlen(texts[t % 3]), 4 + t % 3,
		    9 + t, (t / 3) % 2);
		fx.v.seg = 5 + t;
		fx.v.numbers = t / 6;
		for (i = 0; i < 300; i++) {
			seed = seed * 1103515245u + 12345u;
			m = (enum textview_motion)((seed >> 16) % 13);
			if (m == 12)
				fx_goto(&fx, (seed >> 8) % (fx.c.size + 2));
			else
				fx_move(&fx, m);
			assert_view(&fx);
		}
		fx_close(&fx);
	}
}
END_TEST

/* Reset the read count; then, after a call, check it read < bound. */
#define READS_BOUNDED(fx, bound, call) do {				\
	(fx)->file.bytes_read = 0;					\
	call;								\
	ck_assert_msg((fx)->file.bytes_read < (bound),			\
	    "%s read %llu bytes", #call,				\
	    (unsigned long long)(fx)->file.bytes_read);		\
} while (0)

/* A virtual 1 GiB file with no newline: every call reads a bounded
 * number of bytes (a few segments), wherever it looks. */
START_TEST(test_bounded_work)
{
	struct fixture fx;
	uint64_t size = UINT64_C(1) << 30, bound = 8 * (uint64_t)TEXTVIEW_SEG,
	    screen = 24 * 6 * (uint64_t)TEXTVIEW_SEG;

	fx_open(&fx, NULL, 0, 24, 80, 1);
	fx.file.fill = 'a';
	fx.file.len = size;
	fx.src.size = size;
	fx_set_size(&fx, size);
	READS_BOUNDED(&fx, 1024 * 1024, fx_render(&fx, 1));
	READS_BOUNDED(&fx, bound, fx_goto(&fx, size / 2));
	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_PAGE_DOWN));
	READS_BOUNDED(&fx, bound, fx_render(&fx, 0));
	ck_assert_uint_eq(fx.c.off, size / 2 + 24 * 80);
	ck_assert_int_eq(fx.g->cursor_row, 8);
	assert_row(fx.g, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

	/* Wrap off: a line longer than a segment is cut into rows of a
	 * segment each (the limit of the layout's look-back); a screen of
	 * them reads each to its end, and its start's segment before. */
	fx.v.wrap = 0;
	READS_BOUNDED(&fx, screen, fx_move(&fx, TEXTVIEW_FILE_END));
	ck_assert_uint_eq(fx.c.off, size - 1);
	ck_assert_uint_eq(fx.v.hscroll, TEXTVIEW_SEG - 80);
	READS_BOUNDED(&fx, screen, fx_move(&fx, TEXTVIEW_PAGE_UP));
	READS_BOUNDED(&fx, screen, fx_render(&fx, 0));
	ck_assert_uint_eq(fx.f.row_end[0] - fx.f.row_start[0], TEXTVIEW_SEG);
	ck_assert_uint_eq(fx.f.row_start[0] % TEXTVIEW_SEG, 0);
	ck_assert_int_eq(fx.g->cursor_row, 23);
	ck_assert_int_eq(fx.g->cursor_col, 79);
	fx_close(&fx);
}
END_TEST

/* A 1 GiB file of zero bytes (a sparse file) in one line: each byte is
 * an escape of two columns; opening, End, paging and wrap toggling all
 * read a bounded number of bytes. */
START_TEST(test_bounded_zeros)
{
	struct fixture fx;
	uint64_t size = UINT64_C(1) << 30, bound = 8 * (uint64_t)TEXTVIEW_SEG,
	    screen = 24 * 6 * (uint64_t)TEXTVIEW_SEG;

	fx_open(&fx, NULL, 0, 24, 80, 0);
	fx.file.fill = 0x100;	/* memset() keeps the low byte: zeros */
	fx.file.len = size;
	fx.src.size = size;
	fx_set_size(&fx, size);
	/* Wrap off, each row reads its segment to find the next. */
	READS_BOUNDED(&fx, screen, fx_render(&fx, 0));
	assert_row(fx.g, 0, "^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@"
	    "^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@");
	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_LINE_END));
	ck_assert_uint_eq(fx.v.hscroll, 2 * (uint64_t)TEXTVIEW_SEG - 80);
	READS_BOUNDED(&fx, screen, fx_move(&fx, TEXTVIEW_FILE_END));
	ck_assert_uint_eq(fx.c.off, size - 1);
	READS_BOUNDED(&fx, screen, fx_move(&fx, TEXTVIEW_PAGE_UP));
	READS_BOUNDED(&fx, screen, fx_render(&fx, 0));
	fx.v.wrap = 1;
	READS_BOUNDED(&fx, bound, fx_goto(&fx, fx.c.off));
	READS_BOUNDED(&fx, bound, fx_render(&fx, 0));
	assert_row(fx.g, 0, "^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@"
	    "^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@^@");
	fx_close(&fx);
}
END_TEST

/* Fill buf with a line of n bytes of a recognisable pattern, ASCII and
 * two-byte characters (U+00E9, one column), no newline; return the
 * offsets of its units in units[] and their count. */
static size_t
long_line(char *buf, size_t n, uint64_t *units)
{
	size_t i = 0, k = 0;

	while (i < n) {
		units[k] = i;
		if (k % 7 == 6 && i + 2 <= n) {
			buf[i++] = '\xc3';
			buf[i++] = '\xa9';
		} else
			buf[i++] = (char)('a' + (k / 7) % 26);
		k++;
	}
	return k;
}

/* Defect 6: a 400 KB line (longer than 64 KiB) with wrap off is one row
 * scrolled sideways, and End goes to its real end. */
START_TEST(test_long_line_nowrap)
{
	enum { LEN = 400000, COLS = 40 };
	static char text[6 + LEN + 5];
	static uint64_t units[LEN];
	struct fixture fx;
	size_t nunits, k;
	char want[COLS + 1];
	unsigned r;

	memcpy(text, "short\n", 6);
	nunits = long_line(text + 6, LEN, units);
	memcpy(text + 6 + LEN, "\nend\n", 5);
	fx_open(&fx, text, sizeof text, 4, COLS, 0);
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.row_start[1], 6);
	ck_assert_uint_eq(fx.f.row_end[1], 6 + LEN + 1);
	assert_row(fx.g, 2, "end");
	for (r = 0; r < 4; r++)
		ck_assert_uint_eq(fx.f.row_end[r], r + 1 < 4 ?
		    fx.f.row_start[r + 1] : sizeof text);
	fx_move(&fx, TEXTVIEW_DOWN);
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, 6 + units[nunits - 1]);
	ck_assert_uint_eq(fx.v.hscroll, nunits - COLS);
	fx_render(&fx, 0);
	/* The oracle: the last COLS units of the line, 'e' for U+00E9. */
	for (k = nunits - COLS; k < nunits; k++)
		want[k - (nunits - COLS)] = text[6 + units[k]] == '\xc3' ?
		    'e' : text[6 + units[k]];
	want[COLS] = '\0';
	{
		char *row = grid_row_text(fx.g, 1), *o = row, *q = row;

		ck_assert_ptr_nonnull(row);
		for (; *o != '\0'; o++, q++) {	/* é shown as e */
			if ((unsigned char)o[0] == 0xc3 &&
			    (unsigned char)o[1] == 0xa9) {
				*q = 'e';
				o++;
			} else
				*q = *o;
		}
		*q = '\0';
		ck_assert_str_eq(row, want);
		free(row);
	}
	ck_assert_int_eq(fx.g->cursor_row, 1);
	ck_assert_int_eq(fx.g->cursor_col, COLS - 1);
	/* Right at the end stays; Left scrolls back one unit at a time. */
	fx_move(&fx, TEXTVIEW_RIGHT);
	ck_assert_uint_eq(fx.c.off, 6 + LEN);	/* its end of line */
	fx_move(&fx, TEXTVIEW_LINE_START);
	ck_assert_uint_eq(fx.c.off, 6);
	ck_assert_uint_eq(fx.v.hscroll, 0);
	fx_close(&fx);
}
END_TEST

/* Defect 6: with wrap on, a 400 KB line wraps continuously: every row
 * start is a multiple of COLS units from the line start, across every
 * 64 KiB boundary (the oracle counts units in the test). */
START_TEST(test_long_line_wrap)
{
	enum { LEN = 400000, COLS = 37, ROWS = 10 };
	static char text[LEN];
	static uint64_t units[LEN];
	struct fixture fx;
	size_t nunits;
	uint64_t at;
	unsigned r, b;

	nunits = long_line(text, LEN, units);
	fx_open(&fx, text, sizeof text, ROWS, COLS, 1);
	for (b = 1; b * 65536u < LEN - 2000; b++) {
		at = (uint64_t)b * 65536u;
		fx_goto(&fx, at);
		fx_render(&fx, 0);
		for (r = 0; r < ROWS; r++) {
			size_t k;

			/* Row r starts at a unit k with k % COLS == 0. */
			for (k = 0; units[k] < fx.f.row_start[r]; k++)
				;
			ck_assert_msg(units[k] == fx.f.row_start[r] &&
			    k % COLS == 0, "row %u at %llu: unit %zu", r,
			    (unsigned long long)fx.f.row_start[r], k);
			ck_assert_uint_eq(fx.f.row_end[r], units[k + COLS]);
		}
		ck_assert(fx.f.first <= at && at < fx.f.end);
	}
	(void)nunits;
	fx_close(&fx);
}
END_TEST

/* Step the atlas of fx's view with budget bytes a call until it has
 * nothing left to do; return the calls made. */
static unsigned
atlas_finish(struct fixture *fx, uint64_t budget)
{
	unsigned calls = 0;
	int r;

	do {
		r = textview_atlas_step(fx->v.atlas, &fx->v, &fx->src, budget);
		ck_assert_int_ge(r, 0);
		calls++;
		ck_assert_uint_lt(calls, 1000000);
	} while (r & TEXTVIEW_ATLAS_MORE);
	return calls;
}

/* Lay out every line of fx's file in the atlas: place a copy of the view
 * at each line start in turn and finish the atlas there. */
static void
atlas_all_lines(struct fixture *fx, const char *text, size_t len)
{
	struct textview keep = fx->v;
	struct cursor keep_c = fx->c;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i > 0 && text[i - 1] != '\n')
			continue;
		fx_goto(fx, i);
		atlas_finish(fx, 1000);
	}
	fx->v = keep;
	fx->c = keep_c;
}

/* Make a random text of about n bytes with a few long lines: ASCII, tabs,
 * wide characters, marks, escapes, CRLF, invalid bytes. */
static size_t
random_text(char *buf, size_t n, unsigned *seed)
{
	static const char *pieces[] = {
		"a", "b", "c", "xyz", "\t", "\xe4\xb8\xad", "\xcc\x81",
		"\x01", "\xff", "\r\n", " ", "\xf0\x9f\x98\x80", "e\xcc\x81",
		"\x7f", "long"
	};
	size_t len = 0, k;
	const char *p;

	while (len + 8 < n) {
		*seed = *seed * 1103515245u + 12345u;
		k = (*seed >> 16) % 400;
		if (k == 0)
			p = "\n";
		else
			p = pieces[k % (sizeof pieces / sizeof *pieces)];
		memcpy(buf + len, p, strlen(p));
		len += strlen(p);
	}
	return len;
}

/*
 * The atlas's oracle: a view with tiny segments and its atlas laid out
 * lays out exactly as a view whose segments are longer than the file (no
 * forced break at all): the same screens, cursor, top and sideways
 * scroll after every motion, with wrap on and off.
 */
START_TEST(test_atlas_same_as_unbroken)
{
	static char text[6000];
	struct fixture fx, ref;
	struct textview_atlas *a;
	unsigned t, i, seed = 777;
	enum textview_motion m;
	size_t len;
	char *got, *want;

	for (t = 0; t < 8; t++) {
		len = random_text(text, 1500 + t * 500, &seed);
		fx_open(&fx, text, len, 5 + t % 3, 11 + 3 * t, t % 2);
		fx_open(&ref, text, len, 5 + t % 3, 11 + 3 * t, t % 2);
		fx.v.numbers = ref.v.numbers = t / 4;
		fx.v.seg = 64 + 16 * t;
		ref.v.seg = TEXTVIEW_SEG;
		ck_assert_ptr_nonnull(a = textview_atlas_new());
		fx.v.atlas = a;
		atlas_all_lines(&fx, text, len);
		for (i = 0; i < 400; i++) {
			seed = seed * 1103515245u + 12345u;
			m = (enum textview_motion)((seed >> 16) % 13);
			if (m == 12) {
				fx_goto(&fx, (seed >> 4) % (len + 2));
				fx_goto(&ref, (seed >> 4) % (len + 2));
			} else {
				fx_move(&fx, m);
				fx_move(&ref, m);
			}
			ck_assert_msg(fx.c.off == ref.c.off &&
			    fx.v.top == ref.v.top &&
			    fx.v.hscroll == ref.v.hscroll,
			    "text %u step %u motion %d: cursor %llu/%llu top "
			    "%llu/%llu hscroll %u/%u", t, i, (int)m,
			    (unsigned long long)fx.c.off,
			    (unsigned long long)ref.c.off,
			    (unsigned long long)fx.v.top,
			    (unsigned long long)ref.v.top, fx.v.hscroll,
			    ref.v.hscroll);
			fx_render(&fx, 1);
			fx_render(&ref, 1);
			got = grid_text(fx.g);
			want = grid_text(ref.g);
			ck_assert_str_eq(got, want);
			free(got);
			free(want);
			ck_assert_int_eq(fx.g->cursor_row, ref.g->cursor_row);
			ck_assert_int_eq(fx.g->cursor_col, ref.g->cursor_col);
		}
		textview_atlas_free(a);
		fx_close(&fx);
		fx_close(&ref);
	}
}
END_TEST

/*
 * A virtual 1 GiB line with no newline: once the atlas has laid it out
 * (in slices), wrap off shows it as one row scrolled to its real end,
 * wrap on wraps it continuously to the end, and each call still reads a
 * bounded number of bytes.
 */
START_TEST(test_atlas_gigabyte_line)
{
	struct fixture fx;
	struct textview_atlas *a;
	uint64_t size = UINT64_C(1) << 30, bound = 8 * (uint64_t)TEXTVIEW_SEG;
	unsigned r, calls;

	fx_open(&fx, NULL, 0, 24, 80, 0);
	fx.file.fill = 'a';
	fx.file.len = size;
	fx.src.size = size;
	fx_set_size(&fx, size);
	ck_assert_ptr_nonnull(a = textview_atlas_new());
	fx.v.atlas = a;
	/* Built in slices of 64 MiB: 16 of them and one more to see. */
	calls = atlas_finish(&fx, 64u << 20);
	ck_assert_uint_ge(calls, 16);
	ck_assert_uint_le(calls, 18);
	/* Nothing to do while nothing changes: no read at all. */
	READS_BOUNDED(&fx, 1, ck_assert_int_eq(textview_atlas_step(a, &fx.v,
	    &fx.src, 64u << 20), 0));

	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_FILE_END));
	ck_assert_uint_eq(fx.c.off, size - 1);
	ck_assert_uint_eq(fx.v.hscroll, size - 80);	/* one row */
	READS_BOUNDED(&fx, bound, fx_render(&fx, 0));
	ck_assert_uint_eq(fx.f.row_start[0], 0);
	ck_assert_uint_eq(fx.f.row_end[0], size);
	ck_assert_uint_eq(fx.f.row_start[1], size);	/* nothing below */
	ck_assert_int_eq(fx.g->cursor_row, 0);
	ck_assert_int_eq(fx.g->cursor_col, 79);
	assert_row(fx.g, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_LEFT));
	ck_assert_uint_eq(fx.c.off, size - 2);
	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_LINE_START));
	ck_assert_uint_eq(fx.c.off, 0);
	ck_assert_uint_eq(fx.v.hscroll, 0);
	READS_BOUNDED(&fx, bound, fx_goto(&fx, size / 2 + 5));
	ck_assert_uint_eq(fx.v.hscroll, size / 2 + 5 - 79);

	/* Wrap on: a new layout, laid out anew; every row starts at a
	 * multiple of 80 (no restart at a segment boundary). */
	fx.v.wrap = 1;
	calls = atlas_finish(&fx, 256u << 20);
	ck_assert_uint_ge(calls, 4);
	READS_BOUNDED(&fx, bound, fx_goto(&fx, 3 * (uint64_t)TEXTVIEW_SEG +
	    7));
	READS_BOUNDED(&fx, bound, fx_render(&fx, 0));
	for (r = 0; r < 24; r++) {
		ck_assert_uint_eq(fx.f.row_start[r] % 80, 0);
		ck_assert_uint_eq(fx.f.row_end[r] - fx.f.row_start[r], 80);
	}
	READS_BOUNDED(&fx, bound, fx_move(&fx, TEXTVIEW_FILE_END));
	READS_BOUNDED(&fx, bound, fx_render(&fx, 0));
	ck_assert_uint_eq(fx.f.row_end[23], size);
	ck_assert_uint_eq(fx.f.row_start[23], size - size % 80);
	textview_atlas_free(a);
	fx_close(&fx);
}
END_TEST

/* A change forgets the anchors from there on (and the lines after it);
 * until laid out again, the forced breaks stand. */
START_TEST(test_atlas_forget)
{
	enum { LEN = 3000 };
	static char text[LEN + 1];
	struct fixture fx;
	struct textview_atlas *a;

	memset(text, 'x', LEN);
	text[LEN] = '\n';
	fx_open(&fx, text, sizeof text, 3, 20, 0);
	fx.v.seg = 256;
	ck_assert_ptr_nonnull(a = textview_atlas_new());
	fx.v.atlas = a;
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.row_end[0], 256);	/* cut, for now */
	atlas_finish(&fx, 1000);
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.row_end[0], LEN + 1);	/* one row */
	fx_move(&fx, TEXTVIEW_LINE_END);
	ck_assert_uint_eq(fx.c.off, LEN - 1);
	/* A '\n' appears in the middle: after forgetting, the line ends
	 * there and the rest is cut again until laid out. */
	text[1500] = '\n';
	textview_atlas_forget(a, 1500);
	fx_goto(&fx, 0);
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.row_end[0], 1501);
	atlas_finish(&fx, 1000);
	fx_goto(&fx, 1501);
	fx_render(&fx, 0);
	ck_assert_uint_eq(fx.f.row_end[0], 1501);
	ck_assert_uint_eq(fx.f.row_start[1], 1501);
	ck_assert_uint_eq(fx.f.row_end[1], LEN + 1);
	text[1500] = 'x';
	textview_atlas_free(a);
	fx_close(&fx);
}
END_TEST

Suite *
textview_suite(void)
{
	Suite *s = suite_create("textview");
	TCase *tc;

	tc = tcase_create("layout");
	tcase_add_test(tc, test_ascii);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_marks);
	tcase_add_test(tc, test_marks_keep_columns);
	tcase_add_test(tc, test_format_visible);
	tcase_add_test(tc, test_policy_edges);
	tcase_add_test(tc, test_wide_at_edge);
	tcase_add_test(tc, test_tabs);
	tcase_add_test(tc, test_controls);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_forced_breaks);
	tcase_add_test(tc, test_break_rule);
	tcase_add_test(tc, test_nowrap);
	tcase_add_test(tc, test_numbers);
	suite_add_tcase(s, tc);

	tc = tcase_create("motion");
	tcase_add_test(tc, test_goal_column);
	tcase_add_test(tc, test_left_right);
	tcase_add_test(tc, test_pages);
	tcase_add_test(tc, test_goto);
	suite_add_tcase(s, tc);

	tc = tcase_create("edges");
	tcase_set_timeout(tc, 60);	/* slow under the sanitizers */
	tcase_add_test(tc, test_restyle);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_one_byte);
	tcase_add_test(tc, test_tiny);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_random_walk);
	tcase_add_test(tc, test_policy_sweep);
	tcase_add_test(tc, test_bounded_work);
	tcase_add_test(tc, test_bounded_zeros);
	tcase_add_test(tc, test_long_line_nowrap);
	tcase_add_test(tc, test_long_line_wrap);
	suite_add_tcase(s, tc);

	tc = tcase_create("atlas");
	tcase_set_timeout(tc, 120);	/* a GiB laid out, twice */
	tcase_add_test(tc, test_atlas_same_as_unbroken);
	tcase_add_test(tc, test_atlas_forget);
	tcase_add_test(tc, test_atlas_gigabyte_line);
	suite_add_tcase(s, tc);
	return s;
}
