/*
 * check-grid.c - tests for the cell grid (grid.h).
 *
 * The grid is what every layout writes into and what render tests read
 * back as text, so these tests pin down clipping, the refusal of control
 * characters, UTF-8 in and out, and how rows become text.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "suites.h"
#include "testgrid.h"
#include "testpolicy.h"

/* Check that every cell of g is a blank with no style or flags. */
static void
assert_blank(struct grid *g)
{
	unsigned r, c, i;
	struct cell *cell;

	for (r = 0; r < g->rows; r++) {
		for (c = 0; c < g->cols; c++) {
			cell = grid_cell(g, r, c);
			ck_assert_ptr_nonnull(cell);
			ck_assert_uint_eq(cell->ch, ' ');
			ck_assert_uint_eq(cell->style, STYLE_NORMAL);
			ck_assert_uint_eq(cell->flags, 0);
			for (i = 0; i < CELL_MARKS; i++)
				ck_assert_uint_eq(cell->marks[i], 0);
		}
	}
}
/* Return whether ch is one a cell may hold: never a control. */
static int
cell_printable(uint32_t ch)
{
	if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
		return 0;
	if (ch >= 0xd800 && ch <= 0xdfff)
		return 0;
	return ch <= 0x10ffff;
}

START_TEST(test_new)
{
	struct grid *g = grid_new(3, 5);

	ck_assert_ptr_nonnull(g);
	ck_assert_uint_eq(g->rows, 3);
	ck_assert_uint_eq(g->cols, 5);
	ck_assert_int_eq(g->cursor_row, -1);
	ck_assert_int_eq(g->cursor_col, -1);
	assert_blank(g);
	ck_assert_ptr_eq(grid_cell(g, 0, 0), g->cells);
	ck_assert_ptr_eq(grid_cell(g, 2, 4), g->cells + 14);
	ck_assert_ptr_eq(grid_cell(g, 1, 0), g->cells + 5);
	ck_assert_ptr_null(grid_cell(g, 3, 0));
	ck_assert_ptr_null(grid_cell(g, 0, 5));
	ck_assert_ptr_null(grid_cell(g, UINT_MAX, UINT_MAX));
	grid_free(g);
	grid_free(NULL);
}
END_TEST

/* A grid with no cells at all is legal and harmless. */
START_TEST(test_new_empty)
{
	struct grid *g = grid_new(0, 0);
	char *text;

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(grid_cell(g, 0, 0));
	grid_put(g, 0, 0, 'x', STYLE_NORMAL);
	ck_assert_uint_eq(grid_puts(g, 0, 0, "abc", STYLE_NORMAL), 3);
	grid_fill(g, 0, 0, 'x', STYLE_NORMAL);
	grid_clear(g);
	text = grid_text(g);
	ck_assert_str_eq(text, "");
	free(text);
	ck_assert_int_eq(grid_resize(g, 2, 0), 0);
	assert_row(g, 1, "");
	grid_free(g);
}
END_TEST

START_TEST(test_resize)
{
	struct grid *g = grid_new(2, 2);

	grid_puts(g, 0, 0, "ab", STYLE_PRINT);
	grid_cell(g, 1, 1)->flags = CELL_CURSOR;
	g->cursor_row = 1;
	g->cursor_col = 1;
	ck_assert_int_eq(grid_resize(g, 4, 7), 0);
	ck_assert_uint_eq(g->rows, 4);
	ck_assert_uint_eq(g->cols, 7);
	assert_blank(g);
	ck_assert_int_eq(g->cursor_row, -1);
	grid_puts(g, 3, 0, "1234567", STYLE_PRINT);
	assert_row(g, 3, "1234567");
	ck_assert_int_eq(grid_resize(g, 1, 3), 0);
	ck_assert_uint_eq(g->rows, 1);
	ck_assert_uint_eq(g->cols, 3);
	assert_blank(g);
	ck_assert_ptr_null(grid_cell(g, 1, 0));
	grid_free(g);
}
END_TEST

/* A size whose byte count overflows is refused, not wrapped. */
START_TEST(test_resize_overflow)
{
	struct grid *g;

	errno = 0;
	ck_assert_ptr_null(grid_new(1u << 31, 1u << 30));
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_ptr_null(grid_new(UINT_MAX, UINT_MAX));

	g = grid_new(2, 3);
	grid_puts(g, 1, 0, "abc", STYLE_PRINT);
	errno = 0;
	ck_assert_int_eq(grid_resize(g, 1u << 31, (1u << 30) + 1), -1);
	ck_assert_int_eq(errno, ENOMEM);
	ck_assert_int_eq(grid_resize(g, UINT_MAX, UINT_MAX), -1);
	ck_assert_uint_eq(g->rows, 2);
	ck_assert_uint_eq(g->cols, 3);
	assert_row(g, 1, "abc");
	grid_free(g);
}
END_TEST

START_TEST(test_clear)
{
	struct grid *g = grid_new(3, 4);

	grid_fill(g, 0, 0, '#', STYLE_ERROR);
	grid_puts(g, 2, 1, "xy", STYLE_TITLE);
	grid_cell(g, 2, 1)->flags = CELL_CURSOR;
	grid_cell(g, 0, 3)->flags = CELL_CURSOR_ALT;
	g->cursor_row = 2;
	g->cursor_col = 1;
	grid_clear(g);
	assert_blank(g);
	ck_assert_int_eq(g->cursor_row, -1);
	ck_assert_int_eq(g->cursor_col, -1);
	grid_free(g);
}
END_TEST

/* Writes outside the grid do nothing at all. */
START_TEST(test_put_clipping)
{
	struct grid *g = grid_new(2, 3);
	struct cell *c;

	grid_put(g, 2, 0, 'x', STYLE_PRINT);
	grid_put(g, 0, 3, 'x', STYLE_PRINT);
	grid_put(g, 1, 3, 'x', STYLE_PRINT);
	grid_put(g, UINT_MAX, 0, 'x', STYLE_PRINT);
	grid_put(g, 0, UINT_MAX, 'x', STYLE_PRINT);
	assert_blank(g);

	grid_put(g, 1, 2, 'z', STYLE_HIGH);
	c = grid_cell(g, 1, 2);
	ck_assert_uint_eq(c->ch, 'z');
	ck_assert_uint_eq(c->style, STYLE_HIGH);
	grid_put(g, 0, 0, 'a', STYLE_PRINT);
	assert_row(g, 0, "a");
	assert_row(g, 1, "  z");
	grid_free(g);
}
END_TEST

/* A put replaces the whole cell, flags included. */
START_TEST(test_put_resets_flags)
{
	struct grid *g = grid_new(1, 2);
	struct cell *c = grid_cell(g, 0, 1);

	c->flags = CELL_CURSOR | CELL_CURSOR_ALT;
	grid_put(g, 0, 1, 'q', STYLE_ZERO);
	ck_assert_uint_eq(c->flags, 0);
	ck_assert_uint_eq(c->style, STYLE_ZERO);
	c->marks[0] = 0x301;
	grid_put(g, 0, 1, 'r', STYLE_ZERO);
	ck_assert_uint_eq(c->marks[0], 0);
	grid_free(g);
}
END_TEST

/* Control characters, bidi and format characters, noncharacters,
 * unassigned and invalid code points become '?'. */
START_TEST(test_put_controls)
{
	static const uint32_t bad[] = {
		0x00, 0x07, 0x08, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80,
		0x85, 0x9b, 0x9f, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0x110000,
		0xffffffff, 0x202e, 0x2066, 0x200b, 0x200f, 0xfeff, 0x2028,
		0x061c, 0xfdd0, 0xfffe, 0x10ffff, 0x0378
	};
	static const uint32_t good[] = {
		0x20, 'A', '~', 0xa0, 0xe9, 0x3bb, 0x4e2d, 0xfffd, 0xd7a3,
		0xe000, 0x1f600, 0x10fffd, 0x202f, 0x2010
	};
	struct grid *g = grid_new(1, 1);
	struct cell *c = grid_cell(g, 0, 0);
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		grid_put(g, 0, 0, bad[i], STYLE_CONTROL);
		ck_assert_msg(c->ch == '?', "U+%04X stored as U+%04X",
		    (unsigned)bad[i], (unsigned)c->ch);
		ck_assert_uint_eq(c->style, STYLE_CONTROL);
	}
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		grid_put(g, 0, 0, good[i], STYLE_PRINT);
		ck_assert_msg(c->ch == good[i], "U+%04X stored as U+%04X",
		    (unsigned)good[i], (unsigned)c->ch);
	}
	grid_free(g);
}
END_TEST

START_TEST(test_puts_ascii)
{
	struct grid *g = grid_new(2, 10);

	ck_assert_uint_eq(grid_puts(g, 0, 0, "hello", STYLE_STATUS), 5);
	ck_assert_uint_eq(grid_puts(g, 0, 6, "you", STYLE_MESSAGE), 9);
	ck_assert_uint_eq(grid_puts(g, 1, 3, "", STYLE_MESSAGE), 3);
	assert_row(g, 0, "hello you");
	assert_row(g, 1, "");
	ck_assert_uint_eq(grid_cell(g, 0, 4)->style, STYLE_STATUS);
	ck_assert_uint_eq(grid_cell(g, 0, 5)->style, STYLE_NORMAL);
	ck_assert_uint_eq(grid_cell(g, 0, 6)->style, STYLE_MESSAGE);
	grid_free(g);
}
END_TEST

/* One cell per code point; the column returned counts cells. */
START_TEST(test_puts_utf8)
{
	struct grid *g = grid_new(1, 20);

	/* é (2 bytes), λ (2), 中 (3), 😀 (4) */
	ck_assert_uint_eq(grid_puts(g, 0, 1,
	    "\xc3\xa9\xce\xbb\xe4\xb8\xad\xf0\x9f\x98\x80!", STYLE_PRINT), 6);
	ck_assert_uint_eq(grid_cell(g, 0, 0)->ch, ' ');
	ck_assert_uint_eq(grid_cell(g, 0, 1)->ch, 0xe9);
	ck_assert_uint_eq(grid_cell(g, 0, 2)->ch, 0x3bb);
	ck_assert_uint_eq(grid_cell(g, 0, 3)->ch, 0x4e2d);
	ck_assert_uint_eq(grid_cell(g, 0, 4)->ch, 0x1f600);
	ck_assert_uint_eq(grid_cell(g, 0, 5)->ch, '!');
	ck_assert_uint_eq(grid_cell(g, 0, 6)->ch, ' ');
	assert_row(g, 0, " \xc3\xa9\xce\xbb\xe4\xb8\xad\xf0\x9f\x98\x80!");
	grid_free(g);
}
END_TEST

/* Clipped at the right edge; the column returned is where it would be. */
START_TEST(test_puts_clipping)
{
	struct grid *g = grid_new(2, 4);

	ck_assert_uint_eq(grid_puts(g, 0, 2, "abcdef", STYLE_PRINT), 8);
	assert_row(g, 0, "  ab");
	ck_assert_uint_eq(grid_puts(g, 1, 2, "\xe4\xb8\xad\xe6\x96\x87xyz",
	    STYLE_PRINT), 7);
	assert_row(g, 1, "  \xe4\xb8\xad\xe6\x96\x87");
	ck_assert_uint_eq(grid_puts(g, 2, 0, "zz", STYLE_PRINT), 2);
	ck_assert_uint_eq(grid_puts(g, 0, 10, "zz", STYLE_PRINT), 12);
	assert_row(g, 0, "  ab");
	assert_row(g, 1, "  \xe4\xb8\xad\xe6\x96\x87");
	grid_free(g);
}
END_TEST

/* Whatever the string holds, no cell ends up holding a control. */
START_TEST(test_puts_hostile)
{
	static const char *inputs[] = {
		"a\tb\nc\033[31md\x7f",		/* raw controls */
		"\xc2\x85\xc2\x9b",		/* C1 controls, encoded */
		"\xc0\x80\xc1\xbf",		/* overlong */
		"\xe0\x80\xaf",			/* overlong, 3 bytes */
		"\xed\xa0\x80",			/* a surrogate */
		"\xf4\x90\x80\x80",		/* past U+10FFFF */
		"\xf8\x88\x80\x80\x80",		/* 5-byte form */
		"\x80\xbf",			/* lone continuations */
		"\xe4\xb8",			/* cut short */
		"\xf0\x9f\x98",			/* cut short */
		"\xc3",				/* cut short */
		"\xff\xfe"
	};
	struct grid *g = grid_new(1, 16);
	unsigned i, col, end;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		grid_clear(g);
		end = grid_puts(g, 0, 0, inputs[i], STYLE_PRINT);
		ck_assert_uint_ge(end, 1);
		ck_assert_uint_le(end, strlen(inputs[i]));
		for (col = 0; col < g->cols; col++) {
			ck_assert_msg(cell_printable(grid_cell(g, 0,
			    col)->ch), "input %u, col %u: U+%04X", i, col,
			    (unsigned)grid_cell(g, 0, col)->ch);
		}
	}
	grid_clear(g);
	ck_assert_uint_eq(grid_puts(g, 0, 0, "a\tb\033c", STYLE_PRINT), 5);
	assert_row(g, 0, "a?b?c");
	grid_free(g);
}
END_TEST

/* Encode cp as UTF-8 (any value below 2^21, surrogates too, as a
 * careless encoder would) into out; return the bytes. */
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

/* Put cp through every way into a cell; check none holds a blocked code
 * point, and a blocked cp is nowhere. */
static void
assert_gate(struct grid *g, uint32_t cp)
{
	char text[8];
	unsigned col, k;
	struct cell *c;
	size_t n;

	grid_clear(g);
	grid_put(g, 0, 0, cp, STYLE_PRINT);
	grid_put_wide(g, 0, 1, cp, STYLE_PRINT);
	grid_put(g, 0, 3, 'e', STYLE_PRINT);
	grid_add_mark(g, 0, 3, cp);
	if (cp != 0 && cp < 0x200000) {
		n = test_encode(cp, text);
		text[n] = '\0';
		grid_puts(g, 0, 4, text, STYLE_PRINT);
	}
	grid_fill(g, 0, 8, cp, STYLE_PRINT);
	for (col = 0; col < g->cols; col++) {
		c = grid_cell(g, 0, col);
		if (!policy_cell_ok(c))
			ck_abort_msg("U+%04X: cell %u holds U+%04X", (unsigned)cp,
			    col, (unsigned)c->ch);
		if (!policy_blocked(cp) || cp == 0)	/* 0: no mark */
			continue;
		for (k = 0; k < CELL_MARKS; k++)
			if (c->marks[k] == cp)
				ck_abort_msg("U+%04X: a mark in cell %u",
				    (unsigned)cp, col);
	}
}

/* The grid is the last gate: no way of putting a code point the policy
 * blocks stores it, at each boundary and over the whole code space. */
START_TEST(test_policy_gate)
{
	struct grid *g = grid_new(1, 10);
	uint32_t cp;
	size_t i;

	for (i = 0; i < sizeof policy_edges / sizeof policy_edges[0]; i++) {
		assert_gate(g, policy_edges[i]);
		grid_put(g, 0, 0, policy_edges[i], STYLE_PRINT);
		if (policy_blocked(policy_edges[i]))
			ck_assert_msg(grid_cell(g, 0, 0)->ch == '?',
			    "U+%04X stored as U+%04X",
			    (unsigned)policy_edges[i],
			    (unsigned)grid_cell(g, 0, 0)->ch);
		else
			ck_assert_msg(grid_cell(g, 0, 0)->ch ==
			    policy_edges[i], "U+%04X refused",
			    (unsigned)policy_edges[i]);
	}
	for (cp = 0; cp <= 0x110000; cp++)
		assert_gate(g, cp);
	grid_free(g);
}
END_TEST

/* Invalid UTF-8 in a string never reaches a cell as a code point. */
START_TEST(test_puts_invalid)
{
	static const char *inputs[] = {
		"\xc0\x80", "\xc1\xbf", "\xe0\x80\xaf", "\xe0\x9f\xbf",
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf", "\xed\xa0\x80",
		"\xed\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\xf7\xbf\xbf\xbf", "\xf8\x88\x80\x80\x80",
		"\xfc\x84\x80\x80\x80\x80", "\xfe", "\xff", "\x80",
		"\xe4\xb8", "\xf0\x9f\x98", "\xc3"
	};
	struct grid *g = grid_new(1, 8);
	unsigned i, col;

	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		grid_clear(g);
		grid_puts(g, 0, 0, inputs[i], STYLE_PRINT);
		for (col = 0; col < g->cols; col++) {
			const struct cell *c = grid_cell(g, 0, col);

			ck_assert_msg((c->ch >= 0x20 && c->ch < 0x7f) ||
			    c->ch == 0xfffd, "input %u, col %u: U+%04X", i,
			    col, (unsigned)c->ch);
		}
	}
	grid_free(g);
}
END_TEST

/* A combining mark put as a character sits on a blank of its own, so
 * the terminal never draws it over the cell before. */
START_TEST(test_put_mark)
{
	struct grid *g = grid_new(1, 4);

	grid_puts(g, 0, 0, "e\xcc\x81x", STYLE_PRINT);
	ck_assert_uint_eq(grid_cell(g, 0, 0)->ch, 'e');
	ck_assert_uint_eq(grid_cell(g, 0, 1)->ch, ' ');
	ck_assert_uint_eq(grid_cell(g, 0, 1)->marks[0], 0x301);
	ck_assert_uint_eq(grid_cell(g, 0, 2)->ch, 'x');
	assert_row(g, 0, "e \xcc\x81x");
	grid_free(g);
}
END_TEST

START_TEST(test_fill)
{
	struct grid *g = grid_new(3, 6);
	unsigned c;

	grid_puts(g, 1, 0, "ab", STYLE_PRINT);
	grid_fill(g, 1, 2, '-', STYLE_STATUS);
	assert_row(g, 1, "ab----");
	ck_assert_uint_eq(grid_cell(g, 1, 1)->style, STYLE_PRINT);
	for (c = 2; c < 6; c++)
		ck_assert_uint_eq(grid_cell(g, 1, c)->style, STYLE_STATUS);
	assert_row(g, 0, "");
	assert_row(g, 2, "");

	/* A blank fill styles the row without changing its text. */
	grid_fill(g, 2, 0, ' ', STYLE_STATUS);
	assert_row(g, 2, "");
	ck_assert_uint_eq(grid_cell(g, 2, 5)->style, STYLE_STATUS);

	/* Out of range, and a control character. */
	grid_fill(g, 3, 0, 'x', STYLE_STATUS);
	grid_fill(g, 0, 6, 'x', STYLE_STATUS);
	grid_fill(g, 0, UINT_MAX, 'x', STYLE_STATUS);
	assert_row(g, 0, "");
	grid_fill(g, 0, 4, 0x1b, STYLE_ERROR);
	assert_row(g, 0, "    ??");
	grid_fill(g, 0, 0, 0x2500, STYLE_TITLE);
	assert_row(g, 0, "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80"
	    "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80");
	grid_free(g);
}
END_TEST

/* Trailing blanks go, leading and inner ones stay. */
START_TEST(test_row_text)
{
	struct grid *g = grid_new(4, 8);

	grid_puts(g, 0, 2, "a  b", STYLE_PRINT);
	assert_row(g, 0, "  a  b");
	grid_puts(g, 1, 0, "12345678", STYLE_PRINT);
	assert_row(g, 1, "12345678");
	assert_row(g, 2, "");
	grid_puts(g, 3, 7, "\xc2\xa0", STYLE_PRINT);
	assert_row(g, 3, "       \xc2\xa0");

	/* Every cell holding a 4-byte code point. */
	grid_fill(g, 1, 0, 0x10fffd, STYLE_PRINT);
	assert_row(g, 1, "\xf4\x8f\xbf\xbd\xf4\x8f\xbf\xbd\xf4\x8f\xbf\xbd"
	    "\xf4\x8f\xbf\xbd\xf4\x8f\xbf\xbd\xf4\x8f\xbf\xbd"
	    "\xf4\x8f\xbf\xbd\xf4\x8f\xbf\xbd");
	grid_free(g);
}
END_TEST

/* A wide character takes two cells and prints once; either half
 * overwritten blanks the other. */
START_TEST(test_put_wide)
{
	struct grid *g = grid_new(2, 5);
	struct cell *head = grid_cell(g, 0, 1), *tail = grid_cell(g, 0, 2);

	grid_put_wide(g, 0, 1, 0x4e2d, STYLE_PRINT);
	ck_assert_uint_eq(head->ch, 0x4e2d);
	ck_assert_uint_eq(head->flags, 0);
	ck_assert_uint_eq(tail->ch, ' ');
	ck_assert_uint_eq(tail->flags, CELL_WIDE_TAIL);
	ck_assert_uint_eq(tail->style, STYLE_PRINT);
	grid_put(g, 0, 3, 'x', STYLE_PRINT);
	assert_row(g, 0, " \xe4\xb8\xadx");

	/* Writing over the tail blanks the head, and the other way. */
	grid_put(g, 0, 2, 'y', STYLE_PRINT);
	assert_row(g, 0, "  yx");
	ck_assert_uint_eq(head->flags, 0);
	grid_put_wide(g, 0, 1, 0x1f600, STYLE_PRINT);
	assert_row(g, 0, " \xf0\x9f\x98\x80x");
	grid_put(g, 0, 1, 'z', STYLE_PRINT);
	assert_row(g, 0, " z x");
	ck_assert_uint_eq(tail->flags, 0);

	/* A wide character over another one's tail. */
	grid_put_wide(g, 1, 0, 0x4e2d, STYLE_PRINT);
	grid_put_wide(g, 1, 1, 0x6587, STYLE_PRINT);
	assert_row(g, 1, " \xe6\x96\x87");

	/* No room for the tail: a blank, never half a character. */
	grid_put_wide(g, 1, 4, 0x4e2d, STYLE_HIGH);
	ck_assert_uint_eq(grid_cell(g, 1, 4)->ch, ' ');
	ck_assert_uint_eq(grid_cell(g, 1, 4)->style, STYLE_HIGH);
	grid_put_wide(g, 2, 0, 0x4e2d, STYLE_HIGH);
	grid_put_wide(g, 0, 5, 0x4e2d, STYLE_HIGH);
	grid_put_wide(g, 0, UINT_MAX, 0x4e2d, STYLE_HIGH);

	/* A control is refused as by grid_put(). */
	grid_put_wide(g, 1, 0, 0x9b, STYLE_HIGH);
	ck_assert_uint_eq(grid_cell(g, 1, 0)->ch, '?');
	ck_assert_uint_eq(grid_cell(g, 1, 1)->flags, 0);
	grid_free(g);
}
END_TEST

/* Combining marks stay in the cell of their base, in order. */
START_TEST(test_marks)
{
	struct grid *g = grid_new(1, 4);
	struct cell *c = grid_cell(g, 0, 0);
	unsigned i;

	grid_puts(g, 0, 0, "ex", STYLE_PRINT);
	ck_assert_int_eq(grid_add_mark(g, 0, 0, 0x301), 0);
	assert_row(g, 0, "e\xcc\x81x");
	for (i = 1; i < CELL_MARKS; i++)
		ck_assert_int_eq(grid_add_mark(g, 0, 0, 0x323), 0);
	errno = 0;
	ck_assert_int_eq(grid_add_mark(g, 0, 0, 0x300), -1);
	ck_assert_int_eq(errno, ENOSPC);
	ck_assert_uint_eq(c->marks[0], 0x301);
	ck_assert_uint_eq(c->marks[CELL_MARKS - 1], 0x323);

	/* Refused: controls, outside the grid, a wide tail. */
	errno = 0;
	ck_assert_int_eq(grid_add_mark(g, 0, 1, 0x1b), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(grid_add_mark(g, 0, 1, 0x85), -1);
	ck_assert_int_eq(grid_add_mark(g, 0, 1, 0), -1);
	ck_assert_int_eq(grid_add_mark(g, 0, 4, 0x301), -1);
	ck_assert_int_eq(grid_add_mark(g, 1, 0, 0x301), -1);
	grid_put_wide(g, 0, 2, 0x4e2d, STYLE_PRINT);
	ck_assert_int_eq(grid_add_mark(g, 0, 3, 0x301), -1);
	ck_assert_uint_eq(grid_cell(g, 0, 1)->marks[0], 0);
	ck_assert_uint_eq(grid_cell(g, 0, 3)->marks[0], 0);

	/* A wide character takes marks; a blank with one is not trailing. */
	ck_assert_int_eq(grid_add_mark(g, 0, 2, 0x20e3), 0);
	assert_row(g, 0, "e\xcc\x81\xcc\xa3x\xe4\xb8\xad\xe2\x83\xa3");
	grid_put(g, 0, 1, ' ', STYLE_PRINT);
	ck_assert_int_eq(grid_add_mark(g, 0, 1, 0x301), 0);
	grid_put(g, 0, 2, ' ', STYLE_PRINT);
	assert_row(g, 0, "e\xcc\x81\xcc\xa3 \xcc\x81");

	/* A put or a clear drops the marks. */
	grid_put(g, 0, 0, 'a', STYLE_PRINT);
	ck_assert_uint_eq(c->marks[0], 0);
	grid_clear(g);
	ck_assert_uint_eq(grid_cell(g, 0, 1)->marks[0], 0);
	grid_free(g);
}
END_TEST

START_TEST(test_text)
{
	struct grid *g = grid_new(4, 5);
	char *text;

	grid_puts(g, 0, 0, "ab", STYLE_PRINT);
	grid_puts(g, 2, 1, "c d", STYLE_PRINT);
	text = grid_text(g);
	ck_assert_str_eq(text, "ab\n\n c d\n");
	free(text);

	grid_fill(g, 3, 0, 0x4e2d, STYLE_PRINT);
	text = grid_text(g);
	ck_assert_str_eq(text, "ab\n\n c d\n\xe4\xb8\xad\xe4\xb8\xad"
	    "\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad");
	free(text);

	grid_clear(g);
	text = grid_text(g);
	ck_assert_str_eq(text, "\n\n\n");
	free(text);

	ck_assert_int_eq(grid_resize(g, 1, 3), 0);
	grid_puts(g, 0, 0, "xyz", STYLE_PRINT);
	text = grid_text(g);
	ck_assert_str_eq(text, "xyz");
	free(text);
	grid_free(g);
}
END_TEST

Suite *
grid_suite(void)
{
	Suite *s = suite_create("grid");
	TCase *tc;

	tc = tcase_create("cells");
	tcase_set_timeout(tc, 60);	/* slow under the sanitizers */
	tcase_add_test(tc, test_new);
	tcase_add_test(tc, test_new_empty);
	tcase_add_test(tc, test_resize);
	tcase_add_test(tc, test_resize_overflow);
	tcase_add_test(tc, test_clear);
	tcase_add_test(tc, test_put_clipping);
	tcase_add_test(tc, test_put_resets_flags);
	tcase_add_test(tc, test_put_controls);
	tcase_add_test(tc, test_policy_gate);
	tcase_add_test(tc, test_put_mark);
	suite_add_tcase(s, tc);

	tc = tcase_create("strings");
	tcase_add_test(tc, test_puts_ascii);
	tcase_add_test(tc, test_puts_utf8);
	tcase_add_test(tc, test_puts_clipping);
	tcase_add_test(tc, test_puts_hostile);
	tcase_add_test(tc, test_puts_invalid);
	tcase_add_test(tc, test_fill);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_test(tc, test_row_text);
	tcase_add_test(tc, test_put_wide);
	tcase_add_test(tc, test_marks);
	tcase_add_test(tc, test_text);
	suite_add_tcase(s, tc);
	return s;
}
