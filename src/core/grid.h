/*
 * grid.h - a screen as rows of cells, free of any terminal.
 *
 * The core lays out what the user sees (hex rows, status text) into a grid
 * of cells; each cell holds one printable code point and a neutral style
 * id.  The grid is the last gate before the terminal: every put below
 * refuses the code points utf8.h says never reach the terminal (controls,
 * bidi and format characters, noncharacters, unassigned ones), so a cell
 * only ever holds what utf8_drawable() allows.  Only src/tui/ maps style ids to colours.  Tests compare grids as
 * text, with no terminal involved.  Writes outside the grid are clipped,
 * so a layout never needs to know how small the terminal is.
 */
#ifndef MMHEX_GRID_H
#define MMHEX_GRID_H

#include <stdint.h>

/* Neutral style ids; the front end decides what they look like. */
enum style {
	STYLE_NORMAL,
	STYLE_OFFSET,	/* the offset column */
	STYLE_ZERO,	/* byte 0x00 */
	STYLE_PRINT,	/* printable ASCII 0x21..0x7e */
	STYLE_SPACE,	/* ASCII whitespace: space, \t \n \v \f \r */
	STYLE_CONTROL,	/* other ASCII: control characters and DEL */
	STYLE_HIGH,	/* non-ASCII 0x80..0xff */
	STYLE_STATUS,	/* the status line */
	STYLE_MESSAGE,	/* a message to the user */
	STYLE_ERROR,	/* an error message */
	STYLE_TITLE,	/* headings (help screen) */
	STYLE_EDITED,	/* a byte changed by an unsaved edit */
	STYLE_MATCH,	/* a byte inside a search match */
	STYLE_SELECT,	/* a selected byte */
	STYLE_CHANGED,	/* a byte another process just changed */
	STYLE_PRIVATE,	/* offset of a -c row in a page that no longer
			   follows the file (it holds the user's edits) */
	STYLE_COUNT
};

/* Cell flags. */
#define CELL_CURSOR	0x1u	/* the cursor, in the active pane */
#define CELL_CURSOR_ALT	0x2u	/* the cursor's twin in the other pane */
#define CELL_WIDE_TAIL	0x4u	/* the second column of the two-column
				   character in the cell before: holds ' ',
				   draws nothing of its own */

/* Combining marks one cell can hold on top of its character. */
#define CELL_MARKS	2

/*
 * A two-column (wide) character takes two cells: the character in the
 * first, a CELL_WIDE_TAIL cell after it; grid_put() keeps the pair whole
 * (overwriting either half blanks the other).  Combining marks are drawn
 * over ch in the same cell, in order.
 */
struct cell {
	uint32_t ch;		/* utf8_drawable(), never a mark */
	uint8_t style;		/* enum style */
	uint8_t flags;		/* CELL_* */
	uint32_t marks[CELL_MARKS];	/* combining marks, 0 past the last */
};

struct grid {
	unsigned rows;		/* height in cells */
	unsigned cols;		/* width in cells */
	struct cell *cells;	/* rows * cols, row-major */
	int cursor_row;		/* where the terminal cursor goes, -1: hidden */
	int cursor_col;
};

/* Allocate a blank grid.  Returns NULL with errno ENOMEM. */
struct grid *grid_new(unsigned rows, unsigned cols);

/* Free a grid.  NULL is allowed. */
void grid_free(struct grid *g);

/* Resize and blank the grid.  Returns 0, or -1 with errno ENOMEM (the
 * grid is then unchanged). */
int grid_resize(struct grid *g, unsigned rows, unsigned cols);

/* Blank every cell and hide the cursor. */
void grid_clear(struct grid *g);

/* Return the cell at (row, col), or NULL when outside the grid. */
struct cell *grid_cell(struct grid *g, unsigned row, unsigned col);

/* Set one cell; outside the grid nothing happens.  A code point that
 * utf8_drawable() refuses is stored as '?'; a combining mark is stored as
 * a blank carrying it (it is never left to merge into the cell before). */
void grid_put(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style);

/* Set a two-column character at (row, col) and make (row, col + 1) its
 * CELL_WIDE_TAIL.  When the tail would fall outside the grid a blank is
 * stored instead, so a wide character is never cut in half.  What
 * grid_put() would refuse or put on a blank is stored as it would store
 * it, in one column. */
void grid_put_wide(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style);

/* Add a combining mark to the cell at (row, col).  Returns 0, or -1 with
 * errno EINVAL (outside the grid, a wide tail, or mark is not a combining
 * mark: utf8_class() other than UTF8_MARK) or ENOSPC (the cell holds CELL_MARKS marks already); nothing changes
 * then. */
int grid_add_mark(struct grid *g, unsigned row, unsigned col,
    uint32_t mark);

/* Write a UTF-8 string that is already sanitised (see sanitize.h) from
 * (row, col), one grid_put() per code point (a byte that starts no
 * well-formed sequence becomes U+FFFD), clipping at the right edge.
 * Returns the column after the last cell written (or that would have
 * been written). */
unsigned grid_puts(struct grid *g, unsigned row, unsigned col,
    const char *s, uint8_t style);

/* Fill cells [col, cols) of a row with ch in the given style. */
void grid_fill(struct grid *g, unsigned row, unsigned col, uint32_t ch,
    uint8_t style);

/* Return one row as UTF-8 text with trailing blanks removed; the caller
 * frees it: a wide character once (its tail adds nothing), combining
 * marks after their character.  NULL with errno ENOMEM. */
char *grid_row_text(const struct grid *g, unsigned row);

/* Return the whole grid as text, rows joined by '\n'; caller frees. */
char *grid_text(const struct grid *g);

#endif
