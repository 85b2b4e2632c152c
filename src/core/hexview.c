/*
 * hexview.c - the hex view: cursor, scrolling and row layout.
 *
 * The cursor and the file size are the session's (v->cur, cursor.h),
 * shared with the text view; the caller keeps cur->off < cur->size (or 0
 * when the file is empty).  Invariants kept by every function here, as
 * long as no one moved the cursor behind the view's back (then
 * hexview_goto(v, v->cur->off) restores them): top is a multiple of
 * bytes_per_row; the cursor's row is on screen, top <= cursor < top +
 * rows * bytes_per_row; and top never scrolls further than needed to show
 * the last row at the bottom.
 */
#include <stdio.h>

#include "hexview.h"

/* Rows the mouse wheel scrolls. */
#define HEXVIEW_WHEEL_ROWS 3

static const char hexdigit[] = "0123456789abcdef";

unsigned
hexview_offset_digits(uint64_t size)
{
	unsigned digits = 8;

	/* Wide enough for the largest offset, size - 1. */
	while (digits < 16 && (size - (size > 0)) >> (4 * digits) != 0)
		digits++;
	return digits;
}

unsigned
hexview_row_width(unsigned bytes_per_row, unsigned offset_digits)
{
	unsigned n = bytes_per_row > 0 ? bytes_per_row : 1;

	return offset_digits + 4 * n + (n - 1) / 8 + 3;
}

unsigned
hexview_fit(unsigned cols, unsigned offset_digits)
{
	unsigned n;

	if (hexview_row_width(8, offset_digits) <= cols) {
		n = 8;
		while (hexview_row_width(n + 8, offset_digits) <= cols)
			n += 8;
		return n;
	}
	for (n = 4; n > 1; n /= 2) {
		if (hexview_row_width(n, offset_digits) <= cols)
			return n;
	}
	return 1;
}

/* Return the offset of the first byte of offset's row. */
static uint64_t
hexview_row_start(const struct hexview *v, uint64_t offset)
{
	return offset - offset % v->bytes_per_row;
}

/* Return the largest top that still fills the screen. */
static uint64_t
hexview_max_top(const struct hexview *v)
{
	uint64_t last_row;

	if (v->cur->size == 0)
		return 0;
	last_row = (v->cur->size - 1) / v->bytes_per_row;
	if (last_row < v->rows - 1)
		return 0;
	return (last_row - (v->rows - 1)) * v->bytes_per_row;
}

/* Return the bytes one screen holds. */
static uint64_t
hexview_page(const struct hexview *v)
{
	return (uint64_t)v->rows * v->bytes_per_row;
}

/* Scroll so that the cursor's row is on screen. */
static void
hexview_follow(struct hexview *v)
{
	uint64_t row = hexview_row_start(v, v->cur->off);
	uint64_t span = (uint64_t)(v->rows - 1) * v->bytes_per_row;

	if (row < v->top)
		v->top = row;
	else if (row - v->top > span)
		v->top = row - span;
	if (v->top > hexview_max_top(v))
		v->top = hexview_max_top(v);
}

/* Keep the cursor on the rows shown, after the view scrolled. */
static void
hexview_pull_cursor(struct hexview *v)
{
	uint64_t end = v->top + hexview_page(v);

	if (v->cur->off < v->top)
		v->cur->off = v->top + v->cur->off % v->bytes_per_row;
	else if (v->cur->off >= end)
		v->cur->off = end - v->bytes_per_row + v->cur->off % v->bytes_per_row;
	if (v->cur->size > 0 && v->cur->off >= v->cur->size)
		v->cur->off = v->cur->size - 1;
}

void
hexview_init(struct hexview *v, struct cursor *cur)
{
	v->cur = cur;
	v->top = 0;
	v->bytes_per_row = 16;
	v->rows = 1;
	v->offset_digits = hexview_offset_digits(cur->size);
	v->pane = HEXVIEW_PANE_HEX;
	v->nibble = 0;
	hexview_follow(v);
}

void
hexview_set_geometry(struct hexview *v, unsigned rows, unsigned bytes_per_row)
{
	v->rows = rows > 0 ? rows : 1;
	v->bytes_per_row = bytes_per_row > 0 ? bytes_per_row : 1;
	v->top = hexview_row_start(v, v->top);
	hexview_follow(v);
}

void
hexview_size_changed(struct hexview *v)
{
	v->offset_digits = hexview_offset_digits(v->cur->size);
	if (v->top > hexview_max_top(v))
		v->top = hexview_max_top(v);
	hexview_follow(v);
}

void
hexview_move(struct hexview *v, enum hexview_motion motion)
{
	uint64_t last = v->cur->size > 0 ? v->cur->size - 1 : 0;
	uint64_t bpr = v->bytes_per_row, page = hexview_page(v);

	v->nibble = 0;
	switch (motion) {
	case HEXVIEW_LEFT:
		if (v->cur->off > 0)
			v->cur->off--;
		break;
	case HEXVIEW_RIGHT:
		if (v->cur->off < last)
			v->cur->off++;
		break;
	case HEXVIEW_UP:
		if (v->cur->off >= bpr)
			v->cur->off -= bpr;
		break;
	case HEXVIEW_DOWN:
		/* Onto the last byte when the next row is shorter. */
		if (last - v->cur->off >= bpr)
			v->cur->off += bpr;
		else if (v->cur->off / bpr < last / bpr)
			v->cur->off = last;
		break;
	case HEXVIEW_PAGE_UP:
		v->cur->off = v->cur->off >= page ? v->cur->off - page :
		    v->cur->off % bpr;
		v->top = v->top >= page ? v->top - page : 0;
		break;
	case HEXVIEW_PAGE_DOWN:
		v->cur->off = last - v->cur->off >= page ? v->cur->off + page : last;
		v->top += page;
		if (v->top > hexview_max_top(v))
			v->top = hexview_max_top(v);
		break;
	case HEXVIEW_ROW_START:
		v->cur->off = hexview_row_start(v, v->cur->off);
		break;
	case HEXVIEW_ROW_END:
		v->cur->off = hexview_row_start(v, v->cur->off) + bpr - 1;
		if (v->cur->off > last)
			v->cur->off = last;
		break;
	case HEXVIEW_FILE_START:
		v->cur->off = 0;
		break;
	case HEXVIEW_FILE_END:
		v->cur->off = last;
		break;
	case HEXVIEW_SCROLL_UP:
		v->top = v->top >= HEXVIEW_WHEEL_ROWS * bpr ?
		    v->top - HEXVIEW_WHEEL_ROWS * bpr : 0;
		hexview_pull_cursor(v);
		return;
	case HEXVIEW_SCROLL_DOWN:
		v->top += HEXVIEW_WHEEL_ROWS * bpr;
		if (v->top > hexview_max_top(v))
			v->top = hexview_max_top(v);
		hexview_pull_cursor(v);
		return;
	}
	hexview_follow(v);
}

void
hexview_goto(struct hexview *v, uint64_t offset)
{
	uint64_t row, half;

	if (v->cur->size == 0)
		offset = 0;
	else if (offset >= v->cur->size)
		offset = v->cur->size - 1;
	v->cur->off = offset;
	v->nibble = 0;
	if (offset >= v->top && offset - v->top < hexview_page(v))
		return;
	/* A jump off screen puts the target in the middle. */
	row = hexview_row_start(v, offset);
	half = (uint64_t)(v->rows / 2) * v->bytes_per_row;
	v->top = row >= half ? row - half : 0;
	if (v->top > hexview_max_top(v))
		v->top = hexview_max_top(v);
	hexview_follow(v);
}

size_t
hexview_window(const struct hexview *v)
{
	uint64_t n = hexview_page(v);

	if (v->top >= v->cur->size)
		return 0;
	if (n > v->cur->size - v->top)
		n = v->cur->size - v->top;
	return (size_t)n;
}

uint8_t
hexview_byte_style(unsigned char byte)
{
	if (byte == 0)
		return STYLE_ZERO;
	if (byte == ' ' || (byte >= '\t' && byte <= '\r'))
		return STYLE_SPACE;
	if (byte > 0x20 && byte < 0x7f)
		return STYLE_PRINT;
	if (byte < 0x80)
		return STYLE_CONTROL;
	return STYLE_HIGH;
}

/* Return the column of byte i's first hex digit. */
static unsigned
hexview_hex_col(const struct hexview *v, unsigned i)
{
	return v->offset_digits + 2 + 3 * i + i / 8;
}

/* Return the column of byte i's character. */
static unsigned
hexview_char_col(const struct hexview *v, unsigned i)
{
	return hexview_row_width(v->bytes_per_row, v->offset_digits) -
	    v->bytes_per_row + i;
}

/* Mark a cell as the cursor or its twin. */
static void
hexview_mark(struct grid *g, unsigned row, unsigned col, uint8_t flags)
{
	struct cell *c = grid_cell(g, row, col);

	if (c != NULL)
		c->flags |= flags;
}

/* Lay out one row of n bytes at offset. */
static void
hexview_render_row(const struct hexview *v, unsigned row, uint64_t offset,
    const unsigned char *bytes, unsigned n, struct grid *g)
{
	unsigned i, col, d;
	uint8_t style;

	for (d = 0; d < v->offset_digits; d++) {
		grid_put(g, row, d, (uint32_t)hexdigit[offset >>
		    (4 * (v->offset_digits - 1 - d)) & 0xf], STYLE_OFFSET);
	}
	for (i = 0; i < n; i++) {
		style = hexview_byte_style(bytes[i]);
		col = hexview_hex_col(v, i);
		grid_put(g, row, col, (uint32_t)hexdigit[bytes[i] >> 4], style);
		grid_put(g, row, col + 1, (uint32_t)hexdigit[bytes[i] & 0xf],
		    style);
		grid_put(g, row, hexview_char_col(v, i), bytes[i] > 0x20 &&
		    bytes[i] < 0x7f ? bytes[i] : (bytes[i] == ' ' ? ' ' : '.'),
		    style);
	}
}

void
hexview_render(const struct hexview *v, const unsigned char *bytes,
    size_t n, struct grid *g)
{
	unsigned row, count, i, col;
	uint64_t at, offset;
	int active_hex = v->pane == HEXVIEW_PANE_HEX;

	g->cursor_row = g->cursor_col = -1;
	if (v->cur->size == 0) {
		grid_puts(g, 0, 0, "(empty file)", STYLE_MESSAGE);
		return;
	}
	for (row = 0; row < v->rows && row < g->rows; row++) {
		at = (uint64_t)row * v->bytes_per_row;
		if (at >= n)
			break;
		count = n - at < v->bytes_per_row ? (unsigned)(n - at) :
		    v->bytes_per_row;
		hexview_render_row(v, row, v->top + at, bytes + at, count, g);
	}

	offset = v->cur->off - v->top;
	if (v->cur->off < v->top || offset >= n)
		return;
	row = (unsigned)(offset / v->bytes_per_row);
	i = (unsigned)(offset % v->bytes_per_row);
	hexview_mark(g, row, hexview_hex_col(v, i), active_hex ?
	    CELL_CURSOR : CELL_CURSOR_ALT);
	hexview_mark(g, row, hexview_hex_col(v, i) + 1, active_hex ?
	    CELL_CURSOR : CELL_CURSOR_ALT);
	hexview_mark(g, row, hexview_char_col(v, i), active_hex ?
	    CELL_CURSOR_ALT : CELL_CURSOR);
	col = active_hex ? hexview_hex_col(v, i) + (v->nibble ? 1 : 0) :
	    hexview_char_col(v, i);
	if (grid_cell(g, row, col) != NULL) {
		g->cursor_row = (int)row;
		g->cursor_col = (int)col;
	}
}

void
hexview_restyle(const struct hexview *v, const unsigned char *marks,
    size_t n, uint8_t style, struct grid *g)
{
	struct cell *c;
	unsigned row, i, col;
	size_t at;

	for (at = 0; at < n; at++) {
		if (!marks[at])
			continue;
		row = (unsigned)(at / v->bytes_per_row);
		i = (unsigned)(at % v->bytes_per_row);
		col = hexview_hex_col(v, i);
		if ((c = grid_cell(g, row, col)) != NULL)
			c->style = style;
		if ((c = grid_cell(g, row, col + 1)) != NULL)
			c->style = style;
		if ((c = grid_cell(g, row, hexview_char_col(v, i))) != NULL)
			c->style = style;
	}
}

void
hexview_restyle_offset(const struct hexview *v, unsigned row, uint8_t style,
    struct grid *g)
{
	struct cell *c;
	unsigned col;

	for (col = 0; col < v->offset_digits; col++) {
		if ((c = grid_cell(g, row, col)) != NULL)
			c->style = style;
	}
}
