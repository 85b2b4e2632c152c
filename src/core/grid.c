/*
 * grid.c - a screen as rows of cells, free of any terminal.
 *
 * Invariant: every cell holds a code point utf8_drawable() allows (blank
 * by default) and its marks are combining marks; grid_put() and its kin
 * refuse everything on the policy list of utf8.h (controls, bidi and
 * format characters, noncharacters, unassigned), so nothing that reaches
 * a grid can drive or reorder the terminal.  The grid is the last gate:
 * whatever a layout forgets to escape still stops here.  A CELL_WIDE_TAIL
 * cell always follows the head of its wide character: writing over
 * either half blanks the other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "utf8.h"

/* The most UTF-8 bytes one cell turns into: its character and marks. */
#define GRID_CELL_BYTES	(UTF8_MAX * (1 + CELL_MARKS))

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
	c->style = style;
	if (ch >= 0x20 && ch < 0x7f)	/* the common case, hex view */
		c->ch = ch;
	else {
		switch (utf8_class(ch)) {
		case UTF8_NARROW:
		case UTF8_WIDE:
			c->ch = ch;
			break;
		case UTF8_MARK:		/* never merged into the cell before */
			c->marks[0] = ch;
			break;
		default:
			c->ch = '?';
			break;
		}
	}
}

void
grid_put_wide(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style)
{
	enum utf8_class class = utf8_class(ch);
	struct cell *tail;

	if (grid_cell(g, row, col) == NULL)
		return;
	if (class != UTF8_WIDE && class != UTF8_NARROW) {
		grid_put(g, row, col, ch, style);
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
	    utf8_class(mark) != UTF8_MARK) {
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

unsigned
grid_puts(struct grid *g, unsigned row, unsigned col, const char *s,
    uint8_t style)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), n;
	uint32_t ch;

	while (left > 0) {
		if ((n = utf8_decode(p, left, &ch)) == 0) {
			n = 1;
			ch = 0xfffd;
		}
		p += n;
		left -= n;
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
		p += utf8_encode(c[col].ch, p);
		for (i = 0; i < CELL_MARKS && c[col].marks[i] != 0; i++)
			p += utf8_encode(c[col].marks[i], p);
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
