/*
 * app-layout.c - lay the whole screen out into the grid.
 *
 * Everything shown passes through the grid: the hex or text view, the
 * status line, the message or prompt line and the help screen, all as
 * cells with neutral style ids.  The terminal layer only copies cells to
 * the terminal; every decision about what a row says is made here, so
 * it can be tested without a terminal (tests/app).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-actions.h"
#include "app-edit.h"
#include "app-find.h"
#include "app-inspect.h"
#include "app-keymap.h"
#include "app-layout.h"
#include "app-live.h"
#include "app-prompt.h"
#include "app-select.h"
#include "app-struct.h"
#include "app-text.h"
#include "sanitize.h"

/* Count the characters of UTF-8 text s (its bytes that do not continue
 * a character): the cells it takes, for the ASCII and one-cell text of
 * the status and message lines. */
static size_t
app_layout_chars(const char *s)
{
	size_t chars = 0;

	for (; *s != '\0'; s++)
		chars += ((unsigned char)*s & 0xc0) != 0x80;
	return chars;
}

/* Put s on row, keeping its tail when it is wider than width cells. */
static unsigned
app_layout_tail(struct grid *g, unsigned row, unsigned col,
    const char *s, unsigned width, uint8_t style)
{
	size_t len = strlen(s);
	size_t chars = app_layout_chars(s), i;

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
app_layout_status(struct app *app, unsigned row)
{
	struct grid *g = app->grid;
	const struct cursor *c = &app->cur;
	char right[320], edits[32], progress[64], live[64], dec[32], text[48];
	char count[64], sel[64];
	unsigned pct, col, width, level;
	uint64_t unsaved;

	/* 0% on the first byte, 100% on the last (and in a 1-byte file). */
	if (c->size <= 1)
		pct = c->size == 0 ? 0 : 100;
	else if (c->off <= UINT64_MAX / 100)
		pct = (unsigned)(c->off * 100 / (c->size - 1));
	else
		pct = (unsigned)(c->off / ((c->size - 1) / 100));
	grid_fill(g, row, 0, ' ', STYLE_STATUS);
	unsaved = app_edit_unsaved(app);
	if (unsaved > 0)
		snprintf(edits, sizeof edits, " %" PRIu64 " unsaved", unsaved);
	else
		edits[0] = '\0';
	app_text_status(app, text, sizeof text);
	app_find_count_status(app, count, sizeof count);
	app_select_status(app, sel, sizeof sel);
	if (!app->text.on && app->view.pane == HEXVIEW_PANE_CHAR)
		snprintf(text, sizeof text, "  typing chars");
	/* Narrower terminals lose detail in steps: the live details and the
	 * count of matches, then the decimal offset, then all but offset,
	 * percent and mode. */
	for (level = 0; level < 3; level++) {
		app_live_status(app, level >= 1, live, sizeof live);
		if (level <= 1)
			snprintf(dec, sizeof dec, " (%" PRIu64 ")", c->off);
		else
			dec[0] = '\0';
		if (level >= 1)
			count[0] = '\0';
		snprintf(right, sizeof right, "  [%s]%s%s%s  0x%" PRIx64 "%s  of "
		    "%" PRIu64 "  %u%%%s%s", map_mode_name(map_mode(app->map)),
		    edits, live, text, c->off, dec, c->size, pct, sel, count);
		if (strlen(right) + 13 <= g->cols)
			break;
	}
	if (level == 3) {
		snprintf(right, sizeof right, "0x%" PRIx64 " %u%% %s", c->off,
		    pct, map_mode(app->map) == MAP_READONLY ? "r" :
		    map_mode(app->map) == MAP_WRITE ? "w" : "c");
		grid_puts(g, row, 0, right, STYLE_STATUS);
		return;
	}
	app_find_status(app, progress, sizeof progress);
	if (progress[0] == '\0')
		app_edit_status(app, progress, sizeof progress);
	if (progress[0] != '\0') {
		/* A running scan comes first: it is what the user waits on. */
		col = grid_puts(g, row, 1, progress, STYLE_STATUS);
		grid_puts(g, row, col, right, STYLE_STATUS);
		return;
	}
	width = g->cols - (unsigned)strlen(right) - 1;
	col = app_layout_tail(g, row, 1, app->name, width, STYLE_STATUS);
	col = grid_puts(g, row, col, right, STYLE_STATUS);
	if (app->filetype != NULL && app->filetype[0] != '\0') {
		col = grid_puts(g, row, col, "  ", STYLE_STATUS);
		grid_puts(g, row, col, app->filetype, STYLE_STATUS);
	}
}

/* Lay out the message or prompt line.  A message wider than the row
 * ends in a note that M shows it whole. */
static void
app_layout_message(struct app *app, unsigned row)
{
	struct grid *g = app->grid;
	static const char more[] = " \xe2\x80\xa6 M: all";
	char cut[APP_MESSAGE_MAX];
	size_t chars, i, keep;

	if (app_prompt_is_open(app)) {
		app_prompt_layout(app, row);
		return;
	}
	if (app_layout_chars(app->message) <= g->cols || g->cols < 20) {
		grid_puts(g, row, 0, app->message, app->message_style);
		return;
	}
	/* Keep as many characters as leave room for the note. */
	keep = g->cols - 9;
	for (i = 0, chars = 0; app->message[i] != '\0'; i++) {
		if (((unsigned char)app->message[i] & 0xc0) != 0x80 &&
		    chars++ == keep)
			break;
	}
	snprintf(cut, sizeof cut, "%.*s%s", (int)i, app->message, more);
	grid_puts(g, row, 0, cut, app->message_style);
}

/* Lay out the log of the last messages, newest at the bottom, each
 * wrapped to the width so it can be read whole. */
static void
app_layout_log(struct app *app, unsigned rows)
{
	struct grid *g = app->grid;
	unsigned lines[APP_LOG_MAX], total = 0, row, k, n, first, skip;
	char piece[APP_MESSAGE_MAX];
	size_t len, at, step;
	const char *m;

	grid_puts(g, 0, 0, "last messages (any key closes)", STYLE_TITLE);
	if (rows < 2 || g->cols < 4)
		return;
	/* Rows each message takes, wrapped at the width. */
	for (k = 0; k < app->log_count; k++) {
		m = app->log[(app->log_next + APP_LOG_MAX - app->log_count + k) %
		    APP_LOG_MAX];
		len = strlen(m);
		lines[k] = len == 0 ? 1 : (unsigned)((len + g->cols - 3) /
		    (g->cols - 2));
		total += lines[k];
	}
	/* The newest that fit in rows 1 .. rows - 1. */
	skip = total > rows - 1 ? total - (rows - 1) : 0;
	row = 1;
	for (k = 0; k < app->log_count && row < rows; k++) {
		m = app->log[(app->log_next + APP_LOG_MAX - app->log_count + k) %
		    APP_LOG_MAX];
		len = strlen(m);
		step = g->cols - 2;
		for (n = 0, at = 0; n < lines[k] && row < rows; n++,
		    at += step) {
			if (skip > 0) {
				skip--;
				continue;
			}
			first = n == 0;
			snprintf(piece, sizeof piece, "%s%.*s", first ? "" :
			    "  ", (int)(len - at < step ? len - at : step),
			    m + at);
			grid_puts(g, row++, 0, piece, STYLE_NORMAL);
		}
	}
}

unsigned
app_help_lines(void)
{
	size_t count;

	app_actions(&count);
	return (unsigned)count;
}

/* Lay out the help screen: every action with its keys, a screenful from
 * help_top, with a note when more lines are above or below. */
static void
app_layout_help(struct app *app, unsigned rows)
{
	struct grid *g = app->grid;
	const struct app_action *actions;
	char keys[128];
	size_t count, i;
	unsigned row = 1, last = rows > 1 ? rows - 1 : 1, end;
	unsigned desc = 24 < g->cols / 3 ? 24 : g->cols / 3;

	actions = app_actions(&count);
	grid_puts(g, 0, 0, "mmhex help (q or Esc closes, j/k/PgDn/PgUp "
	    "scroll)", STYLE_TITLE);
	for (i = app->help_top; i < count && row < last; i++, row++) {
		app_keymap_keys(&actions[i], keys, sizeof keys);
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
app_layout_private(struct app *app)
{
	const struct hexview *v = &app->view;
	uint64_t off;
	unsigned row;

	for (row = 0; row < v->rows; row++) {
		off = v->top + (uint64_t)row * v->bytes_per_row;
		if (off >= v->cur->size)
			break;
		if (map_private_in(app->map, off, v->bytes_per_row))
			hexview_restyle_offset(v, row, STYLE_PRIVATE,
			    app->grid);
	}
}

void
app_layout(struct app *app)
{
	struct grid *g = app->grid;
	unsigned rows = g->rows;

	/* The text view was laid out with the window (app_text_window()),
	 * or is still on the grid from the last frame. */
	if (app->screen != APP_SCREEN_HEX || !app->text.on)
		grid_clear(g);
	if (app->screen == APP_SCREEN_HELP) {
		app->text.drawn = 0;	/* the help screen covers it */
		app_layout_help(app, rows >= 3 ? rows - 2 : rows);
	} else if (app->screen == APP_SCREEN_MESSAGES) {
		app->text.drawn = 0;
		app_layout_log(app, rows >= 3 ? rows - 2 : rows);
	} else if (app->text.on) {
		if (app_text_layout(app) == -1)
			grid_clear(g);
	} else {
		hexview_render(&app->view, app->window, app->window_len, g);
		if (app->window_len > 0)
			hexview_restyle(&app->view, app->marks,
			    app->window_len, STYLE_EDITED, g);
		if (app->window_len > 0 && app->fading)
			hexview_restyle(&app->view, app->change_marks,
			    app->window_len, STYLE_CHANGED, g);
		if (app->window_len > 0 && app->sel.on)
			hexview_restyle(&app->view, app->select_marks,
			    app->window_len, STYLE_SELECT, g);
		if (app->window_len > 0 && app->find.pattern != NULL)
			hexview_restyle(&app->view, app->match_marks,
			    app->window_len, STYLE_MATCH, g);
		if (map_private_pages(app->map) > 0)
			app_layout_private(app);
	}
	if (app->screen == APP_SCREEN_HEX && app->insp.on)
		app_inspect_layout(app, rows >= 3 ? rows - 2 : rows);
	if (app->screen == APP_SCREEN_HEX && app->strct.layout != NULL)
		app_struct_layout(app, rows >= 3 ? rows - 2 : rows);
	if (rows >= 2)
		app_layout_status(app, rows - 2);
	if (rows >= 3 || app->message[0] != '\0' || app_prompt_is_open(app))
		app_layout_message(app, rows - 1);
}

