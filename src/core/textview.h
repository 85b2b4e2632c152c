/*
 * textview.h - the text ("pager") view: a file laid out as lines of
 * characters into a grid, with a cursor and scrolling.
 *
 * The bytes come through a textsrc (textsrc.h: map_read under the SIGBUS
 * guard in the program, a string in the tests), read in 4 KiB chunks
 * through a 64 KiB cache that lives for one call.  A call reads a
 * bounded number of bytes around the places it looks at, a small
 * multiple of rows * (cols * 12 + 2 * seg), never the whole file or a
 * whole long line, so a 1 GB file with no newline is as fast as a short
 * one.
 *
 * Layout lines.  A layout line starts at offset 0, after every '\n', and
 * at every "forced break" k * seg (k >= 1) whose seg bytes before it,
 * [k*seg - seg, k*seg), hold no '\n'.  A forced break is moved past the
 * continuation bytes (0x80..0xbf, at most 3) found there, so it never
 * splits a UTF-8 character.  Lines of up to seg bytes are never broken,
 * longer ones are cut at forced breaks, and the start of the layout line
 * holding any offset is found by looking back at most 2 * seg + 3 bytes.
 * Real line numbers count '\n' only: a forced break starts a
 * continuation, with no number in the gutter.
 *
 * Long lines.  Forced breaks keep every call's work bounded, but they
 * show: with wrap off a line longer than seg takes several rows, with
 * wrap on its rows restart at each break.  The atlas removes them for
 * the long lines on screen.  For each it keeps anchors, about every
 * 64 KiB from the line's start, where the layout of the whole line is
 * known: with wrap on, the start of a screen row; with wrap off, a unit
 * start and its column in the line.  A call takes the layout line
 * holding x to run from the anchor before x to the next one, so it never
 * looks further back than one gap; rows wrap on across anchors, a row of
 * a line with wrap off is the whole line (scrolled sideways to its real
 * end, drawn from the anchor before the first column shown), and Home
 * and End go to the real line's ends.  textview_atlas_step() lays out
 * the lines the view shows, in slices from the main loop; until it has
 * reached a byte, the forced breaks there stand.  Each atlas is for one
 * wrap mode and text width: a view with another starts it anew.
 *
 * Characters.  UTF-8 is decoded and classified by utf8.h (the one
 * decoder and the one list of what never reaches the terminal) whatever
 * the user's locale says; widths come from wcwidth() under a private
 * C.UTF-8 locale (without that locale, every non-ASCII character is shown
 * as an escape).  A layout line is a sequence of units, each drawn as one
 * or more cells:
 *
 *   text          1 cell, STYLE_NORMAL, with every combining mark that
 *                 follows it in the unit: the first CELL_MARKS are drawn
 *                 in the same cell, the rest are dropped and the cell is
 *                 drawn in STYLE_CONTROL to show the cut; a mark never
 *                 takes a cell of its own after a character, so marks
 *                 never shift the columns after them.  A mark with no
 *                 base before it (at a line start, after an escape or a
 *                 tab, or past the 4096 bytes a unit holds at most) gets
 *                 a cell of its own on a blank
 *   wide text     2 cells (East Asian wide, emoji); in wrap mode it
 *                 moves to the next row when only one column is left
 *   tab           blanks up to the next multiple of 8 columns (counted
 *                 from the screen row's start in wrap mode, from the
 *                 layout line's start otherwise); in wrap mode it is cut
 *                 at the right edge instead of wrapping
 *   end of line   '\n', or "\r\n" (the '\r' is hidden only right before
 *                 '\n', so CRLF files look clean): one blank cell after
 *                 the line, none when a wrapped row is full
 *   ^@ .. ^_, ^?  C0 controls and DEL, STYLE_CONTROL
 *   <U+0085>      C1 controls, and the format characters of utf8.h:
 *                 bidi controls (U+061C, U+200E, U+200F, U+202A..U+202E,
 *                 U+2066..U+2069), zero-width and format characters
 *                 (U+200B..U+200D, U+2060..U+2064, U+FEFF, ...) and
 *                 U+2028, U+2029: STYLE_CONTROL; noncharacters and
 *                 code points wcwidth() calls unprintable (unassigned):
 *                 STYLE_HIGH (utf8_class() UTF8_UNPRINTABLE)
 *   <FF>          each byte that starts no well-formed UTF-8 sequence
 *                 (stray continuation, truncated, overlong, surrogate,
 *                 past U+10FFFF, cut by the line's end), STYLE_HIGH
 *
 * No cell ever holds a code point utf8_drawable() refuses.  Escapes are never split over
 * two rows unless wider than the text area.
 *
 * Screen rows.  With wrap on, a layout line continues on the next row
 * when the next unit does not fit; with wrap off, each layout line is one
 * row, scrolled left by hscroll columns (a wide character or an escape cut
 * by an edge shows its visible part: blanks for a wide character).
 *
 * The cursor and the file size are not the view's: it points at the
 * session's one struct cursor (cursor.h), shared with the hex view and
 * owned by the caller, which keeps cur->off < cur->size (0 when empty).
 * The size used is cur->size, not src->size.  A read shorter than asked
 * (the file shrank) ends the file there for that call: render draws what
 * it got, a move or goto keeps the cursor inside it or fails with EIO.
 *
 * The view keeps top a row start, with the cursor's row on screen.
 * Moves and textview_goto() leave the cursor on the first byte of a
 * unit; the hex view may leave it inside one (the view then shows and
 * moves from the unit holding it).  After the cursor moved elsewhere, or
 * a change of rows, cols, wrap, numbers, number_digits or seg, top may
 * stop being a row start or stop showing the cursor: every call below
 * first snaps it to the start of its row, and textview_show() brings the
 * cursor back on screen.  These functions are not thread-safe (the
 * private locale is made once, on first use).
 */
#ifndef MMHEX_TEXTVIEW_H
#define MMHEX_TEXTVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "grid.h"
#include "textsrc.h"	/* struct textsrc: the view's bytes */

/* The default forced-break segment; tests use smaller ones. */
#define TEXTVIEW_SEG		(1u << 20)
/* Segments outside [MIN, MAX] are taken as the nearest bound. */
#define TEXTVIEW_SEG_MIN	4u
#define TEXTVIEW_SEG_MAX	(1u << 24)
/* The least digits of the line-number gutter. */
#define TEXTVIEW_NUMBER_DIGITS	6u
/* Rows one mouse-wheel step scrolls. */
#define TEXTVIEW_WHEEL_ROWS	3u

enum textview_motion {
	TEXTVIEW_LEFT,		/* one unit back (a character, escape, tab) */
	TEXTVIEW_RIGHT,		/* one unit on */
	TEXTVIEW_UP,		/* one screen row up, at want_col */
	TEXTVIEW_DOWN,		/* one screen row down, at want_col */
	TEXTVIEW_PAGE_UP,	/* view and cursor up one screen */
	TEXTVIEW_PAGE_DOWN,	/* view and cursor down one screen */
	TEXTVIEW_LINE_START,	/* first unit of the layout line */
	TEXTVIEW_LINE_END,	/* last unit of the layout line before its
				   end of line (the end of line if none) */
	TEXTVIEW_FILE_START,	/* offset 0 */
	TEXTVIEW_FILE_END,	/* the unit holding the last byte */
	TEXTVIEW_SCROLL_UP,	/* view up 3 rows (mouse wheel), cursor kept
				   on screen */
	TEXTVIEW_SCROLL_DOWN	/* view down 3 rows */
};

struct textview {
	struct cursor *cur;	/* the session's cursor and file size (not
				   owned; shared with the hex view) */
	uint64_t top;		/* first byte shown: a screen-row start */
	unsigned rows, cols;	/* text area in cells, gutter included, >= 1 */
	int wrap;		/* 1: wrap long lines; 0: scroll sideways */
	int numbers;		/* 1: line-number gutter */
	unsigned number_digits;	/* gutter digits when numbers is on, taken
				   as at least TEXTVIEW_NUMBER_DIGITS: moves
				   lay rows out as render does but know no
				   line numbers, so the width is the view's;
				   a wider number shows its low digits and
				   the frame says how many it needs */
	unsigned hscroll;	/* wrap off: columns scrolled out on the left */
	unsigned seg;		/* forced-break segment, TEXTVIEW_SEG */
	unsigned want_col;	/* goal column kept over up/down moves: in the
				   screen row (wrap) or the layout line */
	struct textview_atlas *atlas;	/* long lines laid out ahead (see
					   below), NULL: none */
};

/*
 * What textview_render() drew, for restyling and for the front end.
 * Owned by the caller: zero it with textview_frame_init(), release it
 * with textview_frame_free(); render (re)allocates the arrays.
 */
struct textview_frame {
	unsigned rows, cols;	/* the view's geometry when drawn */
	uint64_t first;		/* first byte a cell shows (the top when
				   none does) */
	uint64_t end;		/* one past the last byte a cell shows; marks
				   for [first, end) restyle the whole screen
				   (with wrap off, not the whole lines) */
	uint64_t *row_start;	/* per row: the bytes [row_start, row_end) */
	uint64_t *row_end;	/* it lays out; empty past the end of file */
	uint64_t *cell_off;	/* per cell (rows * cols, row-major): the
				   first byte of the unit it shows, or
				   UINT64_MAX (gutter, blank past the text) */
	uint32_t *cell_len;	/* bytes of that unit: its character and
				   all of its marks */
	unsigned number_digits;	/* digits the largest line number drawn
				   needs, 0 if none was drawn */
};

/* Initialise a view of the file cur describes (cur must outlive v): top
 * on the cursor's row, one row of one column, wrap on, no numbers, seg
 * TEXTVIEW_SEG.  The cursor is not moved. */
void textview_init(struct textview *v, struct cursor *cur);

/* Change the size of the text area; zero values are taken as 1. */
void textview_set_geometry(struct textview *v, unsigned rows,
    unsigned cols);

/* After cur->size changed (the file grew or shrank) and the cursor was
 * clamped to it (cursor_set_size): clamp top to the cursor. */
void textview_size_changed(struct textview *v);

/* Return the gutter's width in columns: number_digits (at least 6) + 1
 * when numbers is on and cols leaves room for text, else 0. */
unsigned textview_gutter(const struct textview *v);

/*
 * Move the cursor, scrolling as needed to keep its row on screen (and
 * its unit in view sideways when wrap is off, through hscroll).  Returns
 * 0, or -1 with errno (from src->read, or ENOMEM) and v and its cursor
 * unchanged.
 */
int textview_move(struct textview *v, const struct textsrc *src,
    enum textview_motion motion);

/*
 * Put the cursor on the unit holding offset (clamped to the last byte).
 * The view scrolls only when that row is off screen; it then shows the
 * row about a third down (less near the end of the file, so the screen
 * stays full).  Returns 0, or -1 with errno and v and its cursor
 * unchanged.
 */
int textview_goto(struct textview *v, const struct textsrc *src,
    uint64_t offset);

/*
 * The cursor moved elsewhere (the hex view, a find): scroll to it as
 * textview_goto(v, src, v->cur->off) would, but leave cur->off where it
 * is, even inside a unit.  Returns 0, or -1 with errno and v unchanged.
 */
int textview_show(struct textview *v, const struct textsrc *src);

/*
 * Lay out v->rows rows of the view into g from grid row 0 (cells outside
 * g are clipped; rows past the end of file are blank).  first_line is the
 * real line number (1-based) of the line holding the first byte shown, 0
 * when unknown (the gutter then stays blank).  Sets g->cursor_row/col on
 * the first cell of the cursor's unit (the row's last cell for an end of
 * line on a full row; -1 when off screen, on the gutter's first text
 * column in an empty file) and CELL_CURSOR on its cells; records what
 * was drawn in f unless f is NULL.
 * Returns 0, or -1 with errno (from src->read, or ENOMEM).
 */
int textview_render(const struct textview *v, const struct textsrc *src,
    uint64_t first_line, struct grid *g, struct textview_frame *f);

/*
 * After textview_render(), give style to every cell showing a unit that
 * holds a byte o with window_off <= o < window_off + n and
 * marks[o - window_off] != 0: STYLE_EDITED, STYLE_MATCH, STYLE_CHANGED.
 */
void textview_restyle(const struct textview_frame *f, uint64_t window_off,
    const unsigned char *marks, size_t n, uint8_t style, struct grid *g);

/* Make an empty atlas (NULL with errno ENOMEM); free it. */
struct textview_atlas *textview_atlas_new(void);
void textview_atlas_free(struct textview_atlas *a);

/* The file's bytes from offset from on changed (or it grew or shrank
 * there): forget what the atlas knows of them. */
void textview_atlas_forget(struct textview_atlas *a, uint64_t from);

#define TEXTVIEW_ATLAS_MORE	1	/* call again: more to lay out */
#define TEXTVIEW_ATLAS_CHANGED	2	/* what the view shows moved */

/*
 * Lay out about budget bytes more of the long lines v shows (the
 * cursor's first, then each row's) into v->atlas (a), or find their
 * starts.  Returns TEXTVIEW_ATLAS_* flags (0: nothing to do, cheaply, as
 * long as v and the file are as the last call left them), or -1 with
 * errno.  After TEXTVIEW_ATLAS_CHANGED, textview_goto(v, src, v->cursor)
 * puts the cursor back in view.
 */
int textview_atlas_step(struct textview_atlas *a, const struct textview *v,
    const struct textsrc *src, uint64_t budget);

/* Make f an empty frame. */
void textview_frame_init(struct textview_frame *f);

/* Release f's arrays and make it empty again; NULL is allowed. */
void textview_frame_free(struct textview_frame *f);

#endif
