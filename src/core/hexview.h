/*
 * hexview.h - the hex view: cursor, scrolling and row layout.
 *
 * A row shows an offset, bytes_per_row bytes in hex (an extra blank after
 * every 8), and the same bytes as characters (non-printable as '.'):
 *
 *   00000010  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 00 00  Hello, world....
 *
 * The cursor and the file size are not the view's: it points at the
 * session's one struct cursor (cursor.h), which the text view shares and
 * the caller owns.  The view's functions move cur->off, keeping it inside
 * [0, size) (0 for an empty file), and keep the cursor's row on screen.
 * When the cursor moved elsewhere (the text view), hexview_goto(v,
 * v->cur->off) scrolls to it.  Rendering takes a copy of the visible
 * window (the caller reads it out of the mapping under the guard), never
 * the mapping itself.
 */
#ifndef MMHEX_HEXVIEW_H
#define MMHEX_HEXVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "grid.h"

enum hexview_pane {
	HEXVIEW_PANE_HEX,	/* typing goes to the hex digits */
	HEXVIEW_PANE_CHAR	/* typing goes to the characters */
};

enum hexview_motion {
	HEXVIEW_LEFT,		/* one byte back */
	HEXVIEW_RIGHT,		/* one byte on */
	HEXVIEW_UP,		/* one row up */
	HEXVIEW_DOWN,		/* one row down */
	HEXVIEW_PAGE_UP,	/* one screen up */
	HEXVIEW_PAGE_DOWN,	/* one screen down */
	HEXVIEW_ROW_START,	/* first byte of the row */
	HEXVIEW_ROW_END,	/* last byte of the row */
	HEXVIEW_FILE_START,	/* offset 0 */
	HEXVIEW_FILE_END,	/* the last byte */
	HEXVIEW_SCROLL_UP,	/* view up 3 rows (mouse wheel), cursor kept on screen */
	HEXVIEW_SCROLL_DOWN	/* view down 3 rows */
};

struct hexview {
	struct cursor *cur;	/* the session's cursor and file size (not
				   owned; shared with the text view) */
	uint64_t top;		/* offset of the first row shown, a multiple of bytes_per_row */
	unsigned bytes_per_row;	/* >= 1 */
	unsigned rows;		/* rows of bytes on screen, >= 1 */
	unsigned offset_digits;	/* width of the offset column */
	enum hexview_pane pane;	/* where the cursor is active */
	unsigned nibble;	/* hex pane: 0 high digit, 1 low digit */
};

/* Return the offset column's width for a file of size bytes: 8 hex
 * digits, more when the file needs them. */
unsigned hexview_offset_digits(uint64_t size);

/* Return the width in columns of a row of n bytes. */
unsigned hexview_row_width(unsigned bytes_per_row, unsigned offset_digits);

/* Return the bytes per row that fit cols columns: the largest multiple of
 * 8 that fits, else the largest of 4, 2, 1 that fits, else 1. */
unsigned hexview_fit(unsigned cols, unsigned offset_digits);

/* Initialise a view of the file cur describes (cur must outlive v),
 * scrolled to show cur->off. */
void hexview_init(struct hexview *v, struct cursor *cur);

/* Change rows and bytes per row (on resize) keeping the cursor on
 * screen.  Zero values are taken as 1. */
void hexview_set_geometry(struct hexview *v, unsigned rows,
    unsigned bytes_per_row);

/* After cur->size changed (the file grew or shrank) and the cursor was
 * clamped to it (cursor_set_size): update the offset width and clamp the
 * top row to the new end, keeping the cursor's row on screen. */
void hexview_size_changed(struct hexview *v);

/* Move the cursor, scrolling as needed; the nibble goes back to the
 * high digit. */
void hexview_move(struct hexview *v, enum hexview_motion motion);

/* Put the cursor on offset (clamped to the last byte), scrolling only
 * when it is off screen; a jump far away centres the target row. */
void hexview_goto(struct hexview *v, uint64_t offset);

/* Return the number of bytes the screen shows from v->top (what the
 * caller must copy out of the mapping for hexview_render). */
size_t hexview_window(const struct hexview *v);

/*
 * Lay out the rows of the view into g, from grid row 0.  bytes holds n
 * bytes starting at v->top (n may be less than hexview_window() near the
 * end of the file, or after a shrink).  Rows past the data are left blank.
 * Sets g->cursor_row/col to the cursor cell in the active pane.
 */
void hexview_render(const struct hexview *v, const unsigned char *bytes,
    size_t n, struct grid *g);

/*
 * After hexview_render(), give style to the cells (hex digits and
 * character) of every byte i of the window (0 <= i < n) whose marks[i] is
 * non-zero: STYLE_EDITED for unsaved edits, STYLE_MATCH for search
 * matches.
 */
void hexview_restyle(const struct hexview *v, const unsigned char *marks,
    size_t n, uint8_t style, struct grid *g);

/* After hexview_render(), give style to the offset column of screen row
 * row: STYLE_PRIVATE for -c rows that no longer follow the file. */
void hexview_restyle_offset(const struct hexview *v, unsigned row,
    uint8_t style, struct grid *g);

/* Return the style id for a byte's class. */
uint8_t hexview_byte_style(unsigned char byte);

#endif
