/*
 * grid.c - a screen as rows of cells, free of any terminal.
 *
 * Invariant: every cell holds a printable code point (blank by default);
 * grid_put() refuses control characters, so nothing that reaches a grid
 * can drive the terminal.  A CELL_WIDE_TAIL cell always follows the head
 * of its wide character: writing over either half blanks the other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"

/* The most UTF-8 bytes one cell turns into: its character and marks. */
#define GRID_CELL_BYTES	(4 * (1 + CELL_MARKS))

/* Return whether ch may be shown as one cell. */
static int
grid_printable(uint32_t ch)
{
	if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0))
		return 0;
	if (ch >= 0xd800 && ch <= 0xdfff)
		return 0;
	return ch <= 0x10ffff;
}

struct grid *
grid_new(unsigned rows, unsigned cols)
{
	struct grid *g;

	g = calloc(1, sizeof *g);
	if (g == NULL)
		return NULL;
	if (grid_resize(g, rows, cols) == -1) {
		free(g);
		return NULL;
	}
	return g;
}

void
grid_free(struct grid *g)
{
	if (g == NULL)
		return;
	free(g->cells);
	free(g);
}

int
grid_resize(struct grid *g, unsigned rows, unsigned cols)
{
	struct cell *cells;
	size_t n = (size_t)rows * cols;

	/* rows * cols * sizeof must not wrap into a small allocation. */
	if (cols != 0 && rows > SIZE_MAX / sizeof *cells / cols) {
		errno = ENOMEM;
		return -1;
	}
	cells = malloc((n > 0 ? n : 1) * sizeof *cells);
	if (cells == NULL) {
		errno = ENOMEM;
		return -1;
	}
	free(g->cells);
	g->cells = cells;
	g->rows = rows;
	g->cols = cols;
	grid_clear(g);
	return 0;
}

void
grid_clear(struct grid *g)
{
	size_t i, n = (size_t)g->rows * g->cols;

	for (i = 0; i < n; i++) {
		g->cells[i].ch = ' ';
		g->cells[i].style = STYLE_NORMAL;
		g->cells[i].flags = 0;
		memset(g->cells[i].marks, 0, sizeof g->cells[i].marks);
	}
	g->cursor_row = g->cursor_col = -1;
}

struct cell *
grid_cell(struct grid *g, unsigned row, unsigned col)
{
	if (row >= g->rows || col >= g->cols)
		return NULL;
	return &g->cells[(size_t)row * g->cols + col];
}

/* Make c a blank, keeping its style. */
static void
grid_blank(struct cell *c)
{
	c->ch = ' ';
	c->flags = 0;
	memset(c->marks, 0, sizeof c->marks);
}

/* Blank the other half of the wide character (row, col) belongs to, if
 * any, before the cell is overwritten. */
static void
grid_unpair(struct grid *g, unsigned row, unsigned col)
{
	struct cell *c = grid_cell(g, row, col), *other;

	if (c->flags & CELL_WIDE_TAIL) {
		if (col > 0)
			grid_blank(grid_cell(g, row, col - 1));
	} else if ((other = grid_cell(g, row, col + 1)) != NULL &&
	    (other->flags & CELL_WIDE_TAIL))
		grid_blank(other);
}

void
grid_put(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style)
{
	struct cell *c = grid_cell(g, row, col);

	if (c == NULL)
		return;
	grid_unpair(g, row, col);
	grid_blank(c);
	c->ch = grid_printable(ch) ? ch : '?';
	c->style = style;
}

void
grid_put_wide(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style)
{
	struct cell *tail;

	if (grid_cell(g, row, col) == NULL)
		return;
	if (!grid_printable(ch)) {
		grid_put(g, row, col, '?', style);
		return;
	}
	if (grid_cell(g, row, col + 1) == NULL) {
		grid_put(g, row, col, ' ', style);
		return;
	}
	grid_put(g, row, col, ch, style);
	grid_put(g, row, col + 1, ' ', style);
	tail = grid_cell(g, row, col + 1);
	tail->flags = CELL_WIDE_TAIL;
}

int
grid_add_mark(struct grid *g, unsigned row, unsigned col, uint32_t mark)
{
	struct cell *c = grid_cell(g, row, col);
	unsigned i;

	if (c == NULL || (c->flags & CELL_WIDE_TAIL) ||
	    !grid_printable(mark) || mark == ' ') {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < CELL_MARKS; i++) {
		if (c->marks[i] == 0) {
			c->marks[i] = mark;
			return 0;
		}
	}
	errno = ENOSPC;
	return -1;
}

/* Decode one UTF-8 sequence at s; store the code point and return its
 * length, or return 1 with U+FFFD for an invalid byte. */
static size_t
grid_decode(const unsigned char *s, uint32_t *ch)
{
	size_t len, i;
	uint32_t cp;

	if (s[0] < 0x80) {
		*ch = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		goto bad;
	*ch = cp;
	return len;
bad:
	*ch = 0xfffd;
	return 1;
}

unsigned
grid_puts(struct grid *g, unsigned row, unsigned col, const char *s,
    uint8_t style)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t ch;

	while (*p != '\0') {
		p += grid_decode(p, &ch);
		grid_put(g, row, col, ch, style);
		col++;
	}
	return col;
}

void
grid_fill(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style)
{
	for (; col < g->cols; col++)
		grid_put(g, row, col, ch, style);
}

/* Append the UTF-8 encoding of ch to out; return the bytes written. */
static size_t
grid_encode(uint32_t ch, char *out)
{
	if (ch < 0x80) {
		out[0] = (char)ch;
		return 1;
	}
	if (ch < 0x800) {
		out[0] = (char)(0xc0 | ch >> 6);
		out[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	if (ch < 0x10000) {
		out[0] = (char)(0xe0 | ch >> 12);
		out[1] = (char)(0x80 | (ch >> 6 & 0x3f));
		out[2] = (char)(0x80 | (ch & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | ch >> 18);
	out[1] = (char)(0x80 | (ch >> 12 & 0x3f));
	out[2] = (char)(0x80 | (ch >> 6 & 0x3f));
	out[3] = (char)(0x80 | (ch & 0x3f));
	return 4;
}

char *
grid_row_text(const struct grid *g, unsigned row)
{
	const struct cell *c = &g->cells[(size_t)row * g->cols];
	char *text, *p, *end;
	unsigned col, i;

	text = malloc((size_t)g->cols * GRID_CELL_BYTES + 1);
	if (text == NULL)
		return NULL;
	p = end = text;
	for (col = 0; col < g->cols; col++) {
		if (c[col].flags & CELL_WIDE_TAIL)
			continue;
		p += grid_encode(c[col].ch, p);
		for (i = 0; i < CELL_MARKS && c[col].marks[i] != 0; i++)
			p += grid_encode(c[col].marks[i], p);
		if (c[col].ch != ' ' || i > 0)
			end = p;
	}
	*end = '\0';
	return text;
}

char *
grid_text(const struct grid *g)
{
	char *text, *row;
	size_t len = 0;
	unsigned r;

	text = malloc((size_t)g->rows * ((size_t)g->cols * GRID_CELL_BYTES +
	    1) + 1);
	if (text == NULL)
		return NULL;
	for (r = 0; r < g->rows; r++) {
		if ((row = grid_row_text(g, r)) == NULL) {
			free(text);
			return NULL;
		}
		len += (size_t)(stpcpy(text + len, row) - (text + len));
		if (r + 1 < g->rows)
			text[len++] = '\n';
		free(row);
	}
	text[len] = '\0';
	return text;
}
