/*
 * tui-screen.c - lay the screen out into a grid and hand it to curses.
 *
 * Everything shown passes through the grid: file bytes as hex and dots,
 * the status line and messages as sanitised text.  tui_screen_flush()
 * is the only place that writes cells to the terminal, mapping the
 * core's neutral style ids to colours (none when NO_COLOR is set or the
 * terminal has none).
 */
#include <curses.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "tui.h"

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
tui_screen_colours(struct app *app)
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
	style_attr[STYLE_CHANGED] = A_BOLD | A_REVERSE;
	style_attr[STYLE_PRIVATE] = A_UNDERLINE;
	app->colour = has_colors() && (no_colour == NULL || *no_colour == '\0');
	if (!app->colour)
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

int
tui_screen_init(struct app *app, char **cause)
{
	const char *codeset = nl_langinfo(CODESET);

	screen_utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	if (newterm(NULL, stdout, stdin) == NULL) {
		*cause = strdup("cannot initialise the terminal (is TERM set?)");
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
	tui_screen_colours(app);
	return 0;
}

void
tui_screen_end(void)
{
	if (!isendwin())
		endwin();
	free(shown);
	shown = NULL;
	shown_cells = 0;
}

void
tui_screen_pause(void)
{
	if (!isendwin())
		endwin();
}

void
tui_screen_size(unsigned *rows, unsigned *cols)
{
	*rows = LINES > 0 ? (unsigned)LINES : 1;
	*cols = COLS > 0 ? (unsigned)COLS : 1;
}

/* Put s on row, keeping its tail when it is wider than width cells. */
static unsigned
tui_screen_put_tail(struct grid *g, unsigned row, unsigned col,
    const char *s, unsigned width, uint8_t style)
{
	size_t len = strlen(s);
	size_t chars = 0, i;

	for (i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	if (chars <= width || width < 2)
		return grid_puts(g, row, col, s, style);
	/* Skip to the last width - 1 characters. */
	for (i = 0; chars > width - 1; i++)
		chars -= ((unsigned char)s[i + 1] & 0xc0) != 0x80;
	while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
		i++;
	col = grid_puts(g, row, col, "\xe2\x80\xa6", style);
	return grid_puts(g, row, col, s + i, style);
}

/* Lay out the status line: name, mode, offset, size, percent, type.  On
 * a narrow terminal the details go first; at last the offset and percent
 * come first, alone. */
static void
tui_screen_status(struct app *app, unsigned row)
{
	struct grid *g = app->grid;
	const struct hexview *v = &app->view;
	char right[256], edits[32], progress[64], live[64], dec[32], text[48];
	unsigned pct, col, width, level;
	uint64_t unsaved;

	/* 0% on the first byte, 100% on the last (and in a 1-byte file). */
	if (v->size <= 1)
		pct = v->size == 0 ? 0 : 100;
	else if (v->cursor <= UINT64_MAX / 100)
		pct = (unsigned)(v->cursor * 100 / (v->size - 1));
	else
		pct = (unsigned)(v->cursor / ((v->size - 1) / 100));
	grid_fill(g, row, 0, ' ', STYLE_STATUS);
	unsaved = tui_edit_unsaved(app);
	if (unsaved > 0)
		snprintf(edits, sizeof edits, " %" PRIu64 " unsaved", unsaved);
	else
		edits[0] = '\0';
	tui_text_status(app, text, sizeof text);
	/* Narrower terminals lose detail in steps: the live details, then
	 * the decimal offset, then all but offset, percent and mode. */
	for (level = 0; level < 3; level++) {
		tui_live_status(app, level >= 1, live, sizeof live);
		if (level <= 1)
			snprintf(dec, sizeof dec, " (%" PRIu64 ")", v->cursor);
		else
			dec[0] = '\0';
		snprintf(right, sizeof right, "  [%s]%s%s%s  0x%" PRIx64 "%s  of "
		    "%" PRIu64 "  %u%%", map_mode_name(map_mode(app->map)),
		    edits, live, text, v->cursor, dec, v->size, pct);
		if (strlen(right) + 13 <= g->cols)
			break;
	}
	if (level == 3) {
		snprintf(right, sizeof right, "0x%" PRIx64 " %u%% %s", v->cursor,
		    pct, map_mode(app->map) == MAP_READONLY ? "r" :
		    map_mode(app->map) == MAP_WRITE ? "w" : "c");
		grid_puts(g, row, 0, right, STYLE_STATUS);
		return;
	}
	tui_find_status(app, progress, sizeof progress);
	if (progress[0] != '\0') {
		/* A running scan comes first: it is what the user waits on. */
		col = grid_puts(g, row, 1, progress, STYLE_STATUS);
		grid_puts(g, row, col, right, STYLE_STATUS);
		return;
	}
	width = g->cols - (unsigned)strlen(right) - 1;
	col = tui_screen_put_tail(g, row, 1, app->name, width, STYLE_STATUS);
	col = grid_puts(g, row, col, right, STYLE_STATUS);
	if (app->filetype != NULL && app->filetype[0] != '\0') {
		col = grid_puts(g, row, col, "  ", STYLE_STATUS);
		grid_puts(g, row, col, app->filetype, STYLE_STATUS);
	}
}

/* Lay out the message or prompt line. */
static void
tui_screen_message(struct app *app, unsigned row)
{
	struct grid *g = app->grid;
	unsigned col;

	char label[256], *text;

	if (app->prompt.kind == TUI_PROMPT_QUIT ||
	    app->prompt.kind == TUI_PROMPT_CONFLICT) {
		if (app->prompt.kind == TUI_PROMPT_CONFLICT)
			tui_edit_conflict_label(app, label, sizeof label);
		else
			snprintf(label, sizeof label, "%" PRIu64 " unsaved "
			    "byte%s: %s", tui_edit_unsaved(app),
			    tui_edit_unsaved(app) == 1 ? "" : "s",
			    map_mode(app->map) == MAP_COW ? "s save as, a "
			    "apply to the original, d discard, c cancel" :
			    "s save, d discard (undo them in the file), c "
			    "cancel");
		col = grid_puts(g, row, 0, label, STYLE_TITLE);
		g->cursor_row = (int)row;
		g->cursor_col = (int)(col < g->cols ? col : g->cols - 1);
		return;
	}
	if (app->prompt.kind != TUI_PROMPT_NONE) {
		if (app->prompt.kind == TUI_PROMPT_FIND)
			snprintf(label, sizeof label, "%c%s (C-t kind): ",
			    app->find.backward ? '?' : '/',
			    search_kind_name(app->find.kind));
		else if (app->prompt.kind == TUI_PROMPT_GOTO && app->text.on)
			snprintf(label, sizeof label, "goto line or offset: ");
		else
			snprintf(label, sizeof label, "%s",
			    tui_prompt_label(app->prompt.kind));
		col = grid_puts(g, row, 0, label, STYLE_TITLE);
		text = sanitize_string(app->prompt.text);
		col = grid_puts(g, row, col, text != NULL ? text : "",
		    STYLE_NORMAL);
		free(text);
		if (app->prompt.kind == TUI_PROMPT_FIND &&
		    app->find.note[0] != '\0') {
			/* Why the cursor did not move, beside the text. */
			grid_puts(g, row, col + 2, app->find.note, STYLE_ERROR);
		}
		g->cursor_row = (int)row;
		g->cursor_col = (int)(col < g->cols ? col : g->cols - 1);
		return;
	}
	grid_puts(g, row, 0, app->message, app->message_style);
}

unsigned
tui_help_lines(void)
{
	size_t count;

	tui_actions(&count);
	return (unsigned)count;
}

/* Lay out the help screen: every action with its keys, a screenful from
 * help_top, with a note when more lines are above or below. */
static void
tui_screen_help(struct app *app, unsigned rows)
{
	struct grid *g = app->grid;
	const struct tui_action *actions;
	char keys[128];
	size_t count, i;
	unsigned row = 1, last = rows > 1 ? rows - 1 : 1, end;
	unsigned desc = 24 < g->cols / 3 ? 24 : g->cols / 3;

	actions = tui_actions(&count);
	grid_puts(g, 0, 0, "mmhex help (q or Esc closes, j/k/PgDn/PgUp "
	    "scroll)", STYLE_TITLE);
	for (i = app->help_top; i < count && row < last; i++, row++) {
		tui_keymap_keys(&actions[i], keys, sizeof keys);
		end = grid_puts(g, row, 2, keys, STYLE_PRINT);
		/* Keys wider than their column push the text right (the edge
		 * clips it) rather than run into it: never "Leftmove". */
		grid_puts(g, row, end + 1 > desc ? end + 1 : desc,
		    actions[i].help, STYLE_NORMAL);
	}
	if (last < rows && (app->help_top > 0 || i < count))
		grid_puts(g, last, 2, i < count ? "-- more below: PgDn --" :
		    "-- end; PgUp for more --", STYLE_TITLE);
}

/* Mark the offsets of -c rows whose page holds the user's edits: those
 * bytes no longer follow the file when another process changes it. */
static void
tui_screen_private(struct app *app)
{
	const struct hexview *v = &app->view;
	uint64_t off;
	unsigned row;

	for (row = 0; row < v->rows; row++) {
		off = v->top + (uint64_t)row * v->bytes_per_row;
		if (off >= v->size)
			break;
		if (map_private_in(app->map, off, v->bytes_per_row))
			hexview_restyle_offset(v, row, STYLE_PRIVATE,
			    app->grid);
	}
}

void
tui_screen_layout(struct app *app)
{
	struct grid *g = app->grid;
	unsigned rows = g->rows;

	grid_clear(g);
	if (app->screen == TUI_SCREEN_HELP)
		tui_screen_help(app, rows >= 3 ? rows - 2 : rows);
	else if (app->text.on) {
		uint64_t first;
		size_t len;

		if (tui_text_render(app, &first, &len) == 0)
			tui_text_restyle(app);
	} else {
		hexview_render(&app->view, app->window, app->window_len, g);
		if (app->window_len > 0)
			hexview_restyle(&app->view, app->marks,
			    app->window_len, STYLE_EDITED, g);
		if (app->window_len > 0 && app->fading)
			hexview_restyle(&app->view, app->change_marks,
			    app->window_len, STYLE_CHANGED, g);
		if (app->window_len > 0 && app->find.pattern != NULL)
			hexview_restyle(&app->view, app->match_marks,
			    app->window_len, STYLE_MATCH, g);
		if (map_private_pages(app->map) > 0)
			tui_screen_private(app);
	}
	if (rows >= 2)
		tui_screen_status(app, rows - 2);
	if (rows >= 3 || app->message[0] != '\0' ||
	    app->prompt.kind != TUI_PROMPT_NONE)
		tui_screen_message(app, rows - 1);
}

/* Return the curses attributes for a cell. */
static attr_t
tui_screen_attr(const struct cell *c)
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
tui_screen_blank_plain(attr_t attr)
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
tui_screen_unchanged(const struct grid *g)
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
tui_screen_flush(struct app *app)
{
	struct grid *g = app->grid;
	const struct cell *c;
	unsigned row, col, i, n, at;
	wchar_t wch[CELL_MARKS + 2];
	attr_t attr, prev = 0;
	cchar_t run[FLUSH_RUN];

	/* Nothing changed (the usual watch tick): leave the terminal alone;
	 * curses would still poll for typeahead and juggle signals. */
	if (!app->repaint && tui_screen_unchanged(g))
		return;
	if (app->repaint) {
		clearok(curscr, TRUE);
		app->repaint = 0;
	}
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
			attr = tui_screen_attr(c);
			/* A plain blank between two bytes of one colour keeps
			 * that colour: it looks the same, and curses then
			 * sends one colour change per run, not two a byte. */
			if (c->ch == ' ' && i == 0 && col > 0 && attr == 0 &&
			    tui_screen_blank_plain(prev))
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
