/*
 * term-screen.c - hand the application's grid to curses.
 *
 * Everything shown passes through the grid, laid out by the application
 * (src/app).  term_screen_flush()
 * is the only place that writes cells to the terminal, mapping the
 * core's neutral style ids to colours (none when NO_COLOR is set or the
 * terminal has none).
 */
#include <curses.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <term.h>
#include <unistd.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "sanitize.h"
#include "term.h"

/* The terminal can show non-ASCII characters. */
static int screen_utf8;

/* Curses attributes for each style id. */
static attr_t style_attr[STYLE_COUNT];
/* Colour pairs (by number) whose background is not the default. */
static unsigned char pair_has_bg[32];
/* The grid as last flushed, to skip flushing an identical one. */
static struct cell *shown;
static size_t shown_cells;
static unsigned shown_rows, shown_cols;
static int shown_cursor_row, shown_cursor_col;

/* Set up the colour pairs, or plain attributes without colour. */
static void
term_screen_colours(void)
{
	static const struct {
		uint8_t style;
		short fg;
		short bg;
		attr_t attr;
	} colours[] = {
		{ STYLE_OFFSET, COLOR_CYAN, -1, 0 },
		{ STYLE_ZERO, COLOR_BLUE, -1, A_BOLD },
		{ STYLE_PRINT, -1, -1, 0 },
		{ STYLE_SPACE, COLOR_GREEN, -1, 0 },
		{ STYLE_CONTROL, COLOR_MAGENTA, -1, 0 },
		{ STYLE_HIGH, COLOR_YELLOW, -1, 0 },
		{ STYLE_ERROR, COLOR_RED, -1, A_BOLD },
		{ STYLE_TITLE, -1, -1, A_BOLD },
		{ STYLE_EDITED, COLOR_RED, -1, A_BOLD | A_UNDERLINE },
		{ STYLE_MATCH, COLOR_BLACK, COLOR_YELLOW, 0 },
		{ STYLE_SELECT, COLOR_WHITE, COLOR_BLUE, 0 },
		{ STYLE_CHANGED, COLOR_BLACK, COLOR_MAGENTA, A_BOLD },
		{ STYLE_PRIVATE, COLOR_BLACK, COLOR_CYAN, 0 },
	};
	const char *no_colour = getenv("NO_COLOR");
	size_t i;

	memset(style_attr, 0, sizeof style_attr);
	memset(pair_has_bg, 0, sizeof pair_has_bg);
	style_attr[STYLE_STATUS] = A_REVERSE;
	style_attr[STYLE_TITLE] = A_BOLD;
	style_attr[STYLE_ERROR] = A_BOLD;
	style_attr[STYLE_ZERO] = A_DIM;
	style_attr[STYLE_EDITED] = A_BOLD | A_UNDERLINE;
	style_attr[STYLE_MATCH] = A_STANDOUT;
	style_attr[STYLE_SELECT] = A_REVERSE;
	style_attr[STYLE_CHANGED] = A_BOLD | A_REVERSE;
	style_attr[STYLE_PRIVATE] = A_UNDERLINE;
	if (!has_colors() || (no_colour != NULL && *no_colour != '\0'))
		return;
	start_color();
	use_default_colors();
	for (i = 0; i < sizeof colours / sizeof colours[0]; i++) {
		init_pair((short)(i + 1), colours[i].fg, colours[i].bg);
		pair_has_bg[i + 1] = colours[i].bg != -1;
		style_attr[colours[i].style] = COLOR_PAIR(i + 1) |
		    colours[i].attr;
	}
}

/* The largest window curses takes: it counts rows and columns in a
 * short. */
#define TERM_SIZE_MAX 32767

static int term_screen_check_term(const char *term, char **cause);

/* Say why the terminal cannot take a full screen, before curses would
 * fail with no reason: TERM unset or unknown, a terminal that cannot move
 * the cursor (TERM=dumb, a hardcopy one), a window too large to count.
 * Returns 0, or -1 with *cause set. */
static int
term_screen_check(char **cause)
{
	const char *raw = getenv("TERM");
	struct winsize ws;
	char *term;
	int r;

	if (raw == NULL || raw[0] == '\0')
		return errmsg_set(cause, 0, "TERM is not set: mmhex needs to "
		    "know the terminal (for example TERM=xterm-256color)");
	/* TERM is quoted: it may hold any byte. */
	if ((term = sanitize_string(raw)) == NULL)
		return errmsg_set(cause, ENOMEM, "out of memory");
	r = term_screen_check_term(term, cause);
	free(term);
	if (r == 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    (ws.ws_row > TERM_SIZE_MAX || ws.ws_col > TERM_SIZE_MAX))
		r = errmsg_set(cause, 0, "the window is too large (%u rows, "
		    "%u columns; curses takes at most %d of each)",
		    (unsigned)ws.ws_row, (unsigned)ws.ws_col, TERM_SIZE_MAX);
	return r;
}

/* The terminfo part of term_screen_check(); term is TERM, sanitised. */
static int
term_screen_check_term(const char *term, char **cause)
{
	char *cup;
	int err = 0, r = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		if (err == -1)
			return errmsg_set(cause, 0, "no terminfo database: "
			    "install ncurses-base or set TERMINFO");
		if (err == 1)
			return errmsg_set(cause, 0, "TERM=%.40s is a hardcopy "
			    "terminal: mmhex needs a screen", term);
		return errmsg_set(cause, 0, "TERM=%.40s: unknown terminal "
		    "type (no terminfo entry)", term);
	}
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1)
		r = errmsg_set(cause, 0, "TERM=%.40s cannot move the cursor: "
		    "mmhex needs a full-screen terminal (try --dump)", term);
	del_curterm(cur_term);
	return r;
}

int
term_screen_init(char **cause)
{
	const char *codeset = nl_langinfo(CODESET);

	screen_utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	if (term_screen_check(cause) == -1)
		return -1;
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = strdup("cannot initialise the terminal (curses "
		    "refused it)");
		return -1;
	}
	set_escdelay(25);
	/* Without this curses flushes and polls the keyboard after every
	 * line it draws, so a frame reaches the terminal in 24 writes. */
	typeahead(-1);
	/* Raw, not cbreak: no flow control (C-s would freeze the output,
	 * and with it the quit) and no signal keys (C-\ would kill mmhex
	 * with the terminal left as it is).  C-c, C-z, C-s are keys. */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	term_screen_colours();
	return 0;
}

void
term_screen_end(void)
{
	if (!isendwin())
		endwin();
	free(shown);
	shown = NULL;
	shown_cells = 0;
}

void
term_screen_pause(void)
{
	if (!isendwin())
		endwin();
}

void
term_screen_size(unsigned *rows, unsigned *cols)
{
	*rows = LINES > 0 ? (unsigned)LINES : 1;
	*cols = COLS > 0 ? (unsigned)COLS : 1;
}

/* Return the curses attributes for a cell. */
static attr_t
term_screen_attr(const struct cell *c)
{
	attr_t attr = style_attr[c->style < STYLE_COUNT ? c->style : 0];

	if (c->flags & CELL_CURSOR)
		attr = (attr & ~A_DIM) | A_REVERSE;
	else if (c->flags & CELL_CURSOR_ALT)
		attr |= A_UNDERLINE | A_BOLD;
	return attr;
}

/* Does a blank drawn with attr look like a blank with no attribute? */
static int
term_screen_blank_plain(attr_t attr)
{
	short pair = (short)PAIR_NUMBER(attr);

	if (attr & (A_REVERSE | A_UNDERLINE | A_STANDOUT))
		return 0;
	return pair <= 0 || (size_t)pair >= sizeof pair_has_bg ||
	    !pair_has_bg[pair];
}

/* Is g what the terminal shows already?  If not, remember g as shown
 * (the caller draws it next). */
static int
term_screen_unchanged(const struct grid *g)
{
	size_t i, n = (size_t)g->rows * g->cols;
	const struct cell *a, *b;
	int same;

	same = shown != NULL && g->rows == shown_rows &&
	    g->cols == shown_cols && g->cursor_row == shown_cursor_row &&
	    g->cursor_col == shown_cursor_col;
	for (i = 0; same && i < n; i++) {
		a = &g->cells[i];
		b = &shown[i];
		same = a->ch == b->ch && a->style == b->style &&
		    a->flags == b->flags &&
		    memcmp(a->marks, b->marks, sizeof a->marks) == 0;
	}
	if (same)
		return 1;
	if (n > shown_cells) {
		struct cell *p = realloc(shown, n * sizeof *p);

		if (p == NULL) {
			free(shown);
			shown = NULL;
			shown_cells = 0;
			return 0;
		}
		shown = p;
		shown_cells = n;
	}
	memcpy(shown, g->cells, n * sizeof *shown);
	shown_rows = g->rows;
	shown_cols = g->cols;
	shown_cursor_row = g->cursor_row;
	shown_cursor_col = g->cursor_col;
	return 0;
}

/* Cells handed to curses at once: a row, or a piece of a very wide one. */
#define FLUSH_RUN 256

void
term_screen_flush(const struct grid *g, int repaint)
{
	const struct cell *c;
	unsigned row, col, i, n, at;
	wchar_t wch[CELL_MARKS + 2];
	attr_t attr, prev = 0;
	cchar_t run[FLUSH_RUN];

	/* Nothing changed (the usual watch tick): leave the terminal alone;
	 * curses would still poll for typeahead and juggle signals. */
	if (!repaint && term_screen_unchanged(g))
		return;
	if (repaint)
		clearok(curscr, TRUE);
	/* A row goes to curses as one string of cells: placing them one by
	 * one costs curses a cursor move and a wrap check per cell, and
	 * that was most of a frame's time. */
	for (row = 0; row < g->rows; row++) {
		n = 0;
		at = 0;
		for (col = 0; col < g->cols; col++) {
			c = &g->cells[(size_t)row * g->cols + col];
			/* A wide character covers its tail cell. */
			if ((c->flags & CELL_WIDE_TAIL) && screen_utf8)
				continue;
			wch[0] = (wchar_t)c->ch;
			for (i = 0; i < CELL_MARKS && c->marks[i] != 0 &&
			    screen_utf8; i++)
				wch[i + 1] = (wchar_t)c->marks[i];
			wch[i + 1] = 0;
			if (c->ch >= 0x80 && !screen_utf8)
				wch[0] = '?';
			attr = term_screen_attr(c);
			/* A plain blank between two bytes of one colour keeps
			 * that colour: it looks the same, and curses then
			 * sends one colour change per run, not two a byte. */
			if (c->ch == ' ' && i == 0 && col > 0 && attr == 0 &&
			    term_screen_blank_plain(prev))
				attr = prev;
			prev = attr;
			if (n == FLUSH_RUN) {
				mvadd_wchnstr((int)row, (int)at, run, (int)n);
				n = 0;
			}
			if (n == 0)
				at = col;
			setcchar(&run[n++], wch, attr & ~A_COLOR,
			    (short)PAIR_NUMBER(attr), NULL);
		}
		if (n > 0)
			mvadd_wchnstr((int)row, (int)at, run, (int)n);
	}
	if (g->cursor_row >= 0) {
		curs_set(1);
		move(g->cursor_row, g->cursor_col);
	} else
		curs_set(0);
	refresh();
}
