/*
 * textview-int.h - what textview.c and textview-atlas.c share: the
 * layout of one call (its reader, walker, rows) and the atlas's data.
 * Not for other modules: textview.h is the interface.
 */
#ifndef MMHEX_TEXTVIEW_INT_H
#define MMHEX_TEXTVIEW_INT_H

#include <stddef.h>
#include <stdint.h>

#include "textview.h"

#define READ_CHUNK	4096u	/* bytes per cached chunk */
#define READ_SLOTS	16u	/* chunks cached: one 64 KiB window */
#define RING		64u	/* row starts kept while walking back */
#define MEMO		32u	/* layout lines remembered */
#define NONE		UINT64_MAX
#define UNIT_MAX	4096u	/* bytes of a unit: marks past it start a
				   unit of their own, so that a run of
				   marks costs bounded work */
#define STOP_HIT	1	/* tv_row_layout(): stop at the target unit */
#define STOP_GOAL	2	/* ... at the goal column */

/* The atlas (textview.h): long lines laid out ahead, across calls. */
#define ATLAS_LINES	64u		/* long lines held */
#define ANCHOR_GAP	(64u << 10)	/* least bytes between anchors */
#define ANCHOR_SAFE	16u		/* a change this close after an anchor
					   may move it (a wide character there
					   could now fit the row before) */
#define BUILD_SEG	(UINT64_C(1) << 62)	/* no forced breaks */

/* A long line, laid out from its start as far as pos. */
struct aline {
	uint64_t line;		/* its start, a real line start; NONE: free */
	uint64_t end;		/* one past its end of line, or where the
				   file ended, once laid out that far;
				   NONE before */
	int eol;		/* end is after a '\n' (else the file's end,
				   which may grow) */
	uint64_t *off;		/* anchors, off[0] == line, increasing:
				   wrap on, each starts a screen row; */
	uint64_t *col;		/* wrap off, each is a unit start at column
				   col[k] of the line */
	size_t n, cap;
	uint64_t pos;		/* laid out [line, pos): a row start (wrap
				   on) or a unit start (wrap off) */
	uint64_t pcol;		/* wrap off: the column at pos */
	uint64_t used;		/* when last wanted: the least recently
				   wanted line goes first */
};

struct textview_atlas {
	int wrap;		/* the layout the anchors hold for */
	unsigned textw;		/* wrap on: text columns */
	uint64_t seg;		/* the segment they bound the work to */
	uint64_t gap;		/* least bytes between anchors: seg / 16,
				   at most ANCHOR_GAP */
	uint64_t tick;		/* counts uses, for aline.used */
	struct aline lines[ATLAS_LINES];
	uint64_t seek_from;	/* a long line's start is sought back from
				   here; NONE: none */
	uint64_t seek_at;	/* [seek_at, seek_from) holds no '\n' */
	uint64_t seek_line;	/* the start found, NONE: not yet */
	int idle;		/* nothing to do for the view seen: */
	struct textview seen;
	struct cursor seen_cur;		/* its cursor then */
	uint64_t seen_size;
};

/* Where the atlas puts a byte: the layout line [start, brk) holding it. */
struct region {
	const struct aline *al;
	uint64_t start, brk;
	int cont;		/* brk is the next anchor of the same line */
};

/* Everything one call needs: the reader, what it learnt, the geometry. */
struct layout {
	const struct textsrc *src;
	uint64_t size;		/* readable bytes: cut by a short read */
	int error;		/* errno of the first failed read, or 0 */
	uint64_t base[READ_SLOTS];	/* offset of the chunk held, NONE */
	size_t len[READ_SLOTS];		/* bytes held */
	unsigned char buf[READ_SLOTS][READ_CHUNK];
	struct {		/* the layout line starting at start */
		uint64_t start;	/* holds [start, last] */
		uint64_t last;
	} memo[MEMO];
	unsigned nmemo;		/* entries made (round robin past MEMO) */
	uint64_t seg;		/* forced-break segment */
	const struct textview_atlas *atlas;	/* long lines laid out ahead,
						   NULL: none (or not for this
						   layout) */
	int wrap;		/* as in the view */
	unsigned x0;		/* gutter width */
	unsigned textw;		/* columns of text, >= 1 */
};

enum unit_kind {
	UNIT_TEXT,		/* a character and its marks: 1 or 2 columns */
	UNIT_TAB,
	UNIT_EOL,		/* '\n' or "\r\n" */
	UNIT_ESCAPE		/* ^X, <XX> or <U+XXXX> */
};

struct unit {
	uint64_t off;		/* first byte */
	unsigned len;		/* bytes, marks included */
	enum unit_kind kind;
	unsigned width;		/* columns (a tab's depends on where it is) */
	uint32_t ch;		/* UNIT_TEXT: the character */
	uint32_t marks[CELL_MARKS];
	unsigned nmarks;
	char esc[12];		/* UNIT_ESCAPE: the text shown */
	uint8_t style;
};

/* A position in the layout, at a unit start. */
struct walker {
	uint64_t pos;		/* the next unit */
	uint64_t line;		/* start of the layout line holding pos */
	uint64_t brk;		/* that line ends here if no '\n' comes first */
	int real;		/* that line starts a real line */
	int cont;		/* brk is an anchor: the real line goes on */
	const struct aline *al;	/* the atlas's line holding pos, or NULL */
};

/* What a row layout looks for, and where it draws (g NULL: nowhere). */
struct visit {
	struct grid *g;
	struct textview_frame *f;
	unsigned grow;		/* grid row */
	unsigned x0, textw;	/* the text area */
	unsigned xoff;		/* columns scrolled out (wrap off) */
	uint64_t target;	/* find the unit holding this byte: */
	int hit;
	uint64_t hit_off;
	unsigned hit_len, hit_col, hit_width;
	unsigned goal;		/* find the unit at this column: */
	int goal_found;
	uint64_t goal_off;
	int stop;		/* STOP_*: end the row once found */
};

/* Where a byte is laid out. */
struct place {
	uint64_t unit;		/* start of its unit */
	unsigned len;		/* the unit's bytes */
	unsigned col, width;	/* the unit's columns (row- or line-relative) */
	uint64_t row;		/* start of its screen row */
	uint64_t line;		/* start of its layout line */
};

/* textview.c: the layout of one call (see there); tv_ keeps the names
 * apart from the rest of the library. */
int tv_layout_free(struct layout *lo, int ret);
struct layout *tv_layout_new(const struct textview *v,
    const struct textsrc *src, uint64_t *top);
uint64_t tv_line_start(struct layout *lo, uint64_t x);
int tv_reader_byte(struct layout *lo, uint64_t off);
uint64_t tv_reader_find_nl(struct layout *lo, uint64_t from, uint64_t to);
uint64_t tv_reader_rfind_nl(struct layout *lo, uint64_t from, uint64_t to);
int tv_row_layout(struct layout *lo, struct walker *w, struct visit *vis,
    unsigned limit);
void tv_row_skip(struct layout *lo, struct walker *w, const struct visit *vis,
    unsigned *col, unsigned limit, uint64_t *last);
int tv_walker_advance(struct layout *lo, struct walker *w,
    const struct unit *u);
void tv_walker_find(struct layout *lo, struct walker *w, uint64_t pos);
void tv_walker_start(struct layout *lo, struct walker *w, uint64_t l,
    uint64_t pos);
int tv_walker_unit(struct layout *lo, const struct walker *w, struct unit *u);

#endif
