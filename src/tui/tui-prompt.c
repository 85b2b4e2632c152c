/*
 * tui-prompt.c - the one-line prompt at the bottom of the screen.
 *
 * A prompt is a mode of the main loop: while one is open, keys come here
 * instead of going to the key map.  Enter acts on the text, Esc closes
 * the prompt without acting.  Yes/no and choice prompts act on one key.
 * The text is sanitised when drawn (a path may hold any byte).
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "errmsg.h"
#include "tui.h"

const char *
tui_prompt_label(enum tui_prompt_kind kind)
{
	switch (kind) {
	case TUI_PROMPT_GOTO:
		return "goto: ";
	case TUI_PROMPT_SAVE_AS:
		return "save as: ";
	case TUI_PROMPT_REPLACE:
		return "file exists, replace it? (y/n) ";
	case TUI_PROMPT_APPLY:
		return "write the edits into the original file? (y/n) ";
	case TUI_PROMPT_QUIT:
		return "unsaved edits: ";
	case TUI_PROMPT_CONFLICT:
		return "conflict: ";
	case TUI_PROMPT_FIND:
		return "find: ";
	case TUI_PROMPT_NONE:
		break;
	}
	return "";
}

void
tui_prompt_open(struct app *app, enum tui_prompt_kind kind)
{
	if (kind == TUI_PROMPT_APPLY && map_mode(app->map) != MAP_COW) {
		tui_message(app, STYLE_MESSAGE, "apply is for -c: in -w edits "
		    "are already in the file (w syncs them)");
		return;
	}
	if (kind == TUI_PROMPT_APPLY && tui_edit_unsaved(app) == 0) {
		tui_message(app, STYLE_MESSAGE, "no unsaved edits to apply");
		return;
	}
	app->prompt.kind = kind;
	app->prompt.len = 0;
	app->prompt.text[0] = '\0';
	app->message[0] = '\0';
}

/* Close the prompt. */
static void
tui_prompt_close(struct app *app)
{
	app->prompt.kind = TUI_PROMPT_NONE;
}

/* Is text a line number (decimal digits, "," or "_" between groups)? */
static int
tui_prompt_line(const char *text, uint64_t *line)
{
	uint64_t n = 0;
	int digits = 0;

	for (; *text != '\0'; text++) {
		if ((*text == ',' || *text == '_') && digits > 0)
			continue;
		if (*text < '0' || *text > '9' || n > (UINT64_MAX - 9) / 10)
			return 0;
		n = n * 10 + (uint64_t)(*text - '0');
		digits++;
	}
	if (digits == 0 || n == 0)
		return 0;
	*line = n;
	return 1;
}

/* Act on a goto expression; a bad one leaves the cursor where it is.  In
 * the text view a plain number is a line number. */
static void
tui_prompt_goto(struct app *app, const char *text)
{
	uint64_t offset, line;
	char *cause = NULL;

	if (text[0] == '\0')
		return;		/* an empty goto changes nothing */
	if (app->text.on && tui_prompt_line(text, &line)) {
		tui_text_goto_line(app, line);
		return;
	}
	if (addr_parse(text, app->view.cursor, app->view.size, &offset,
	    &cause) == -1) {
		tui_message(app, STYLE_ERROR, "bad offset: %s",
		    errmsg_show(cause, "out of memory"));
		free(cause);
		return;
	}
	hexview_goto(&app->view, offset);
}

/* Act on the one key a yes/no or choice prompt takes. */
static void
tui_prompt_choice(struct app *app, int key)
{
	enum tui_prompt_kind kind = app->prompt.kind;
	int yes = key == 'y' || key == 'Y';

	if (kind == TUI_PROMPT_QUIT) {
		tui_edit_quit_choice(app, key);
		return;
	}
	if (kind == TUI_PROMPT_CONFLICT) {
		tui_edit_conflict_choice(app, key);
		return;
	}
	if (!yes && key != 'n' && key != 'N' && key != TUI_KEY_ESC &&
	    key != TUI_CTRL('g') && key != TUI_CTRL('c'))
		return;		/* keep asking */
	tui_prompt_close(app);
	if (kind == TUI_PROMPT_REPLACE && yes)
		tui_edit_save_as(app, app->prompt.target, 1);
	else if (kind == TUI_PROMPT_APPLY && yes)
		tui_edit_apply(app);
	else {
		app->quit_after_save = 0;
		tui_message(app, STYLE_MESSAGE, "cancelled");
	}
}

/* Edit the prompt text; return whether it changed. */
static int
tui_prompt_edit(struct tui_prompt *p, int key)
{
	switch (key) {
	case KEY_BACKSPACE:
	case 0x7f:
	case TUI_CTRL('h'):
		if (p->len == 0)
			return 0;
		p->text[--p->len] = '\0';
		return 1;
	case TUI_CTRL('u'):
		p->len = 0;
		p->text[0] = '\0';
		return 1;
	}
	/* Bytes past 0x7f are parts of UTF-8 characters. */
	if (key >= 0x20 && key <= 0xff && key != 0x7f &&
	    p->len + 1 < sizeof p->text) {
		p->text[p->len++] = (char)key;
		p->text[p->len] = '\0';
		return 1;
	}
	return 0;
}

/* Keys of the find prompt: every change re-searches from the origin. */
static void
tui_prompt_find_key(struct app *app, int key)
{
	switch (key) {
	case TUI_KEY_ESC:
	case TUI_CTRL('c'):
	case TUI_CTRL('g'):
		tui_find_cancel(app);	/* while the prompt is still open */
		tui_prompt_close(app);
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		tui_prompt_close(app);
		tui_find_accept(app);
		return;
	case TUI_CTRL('t'):
		tui_find_cycle_kind(app);
		return;
	}
	if (tui_prompt_edit(&app->prompt, key))
		tui_find_changed(app);
}

void
tui_prompt_key(struct app *app, int key)
{
	struct tui_prompt *p = &app->prompt;
	enum tui_prompt_kind kind = p->kind;

	if (kind == TUI_PROMPT_REPLACE || kind == TUI_PROMPT_APPLY ||
	    kind == TUI_PROMPT_QUIT || kind == TUI_PROMPT_CONFLICT) {
		tui_prompt_choice(app, key);
		return;
	}
	if (kind == TUI_PROMPT_FIND) {
		tui_prompt_find_key(app, key);
		return;
	}
	switch (key) {
	case TUI_KEY_ESC:
	case TUI_CTRL('c'):
	case TUI_CTRL('g'):
		tui_prompt_close(app);
		app->quit_after_save = 0;
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		tui_prompt_close(app);
		if (kind == TUI_PROMPT_GOTO)
			tui_prompt_goto(app, p->text);
		else if (kind == TUI_PROMPT_SAVE_AS)
			tui_edit_save_as(app, p->text, 0);
		return;
	case KEY_BACKSPACE:
	case 0x7f:
	case TUI_CTRL('h'):
		if (p->len == 0) {
			tui_prompt_close(app);
			return;
		}
		break;
	}
	tui_prompt_edit(p, key);
}
