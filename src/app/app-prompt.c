/*
 * app-prompt.c - the one-line prompt at the bottom of the screen.
 *
 * A prompt is a mode of the main loop: while one is open, keys come here
 * instead of going to the key map.  Enter acts on the text, Esc closes
 * the prompt without acting.  Yes/no and choice prompts act on one key.
 * The text is sanitised when drawn (a path may hold any byte).
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "app-int.h"

const char *
app_prompt_label(enum app_prompt_kind kind)
{
	switch (kind) {
	case APP_PROMPT_GOTO:
		return "goto: ";
	case APP_PROMPT_SAVE_AS:
		return "save as: ";
	case APP_PROMPT_REPLACE:
		return "file exists, replace it? (y/n) ";
	case APP_PROMPT_APPLY:
		return "write the edits into the original file? (y/n) ";
	case APP_PROMPT_QUIT:
		return "unsaved edits: ";
	case APP_PROMPT_CONFLICT:
		return "conflict: ";
	case APP_PROMPT_FIND:
		return "find: ";
	case APP_PROMPT_NONE:
		break;
	}
	return "";
}

void
app_prompt_open(struct app *app, enum app_prompt_kind kind)
{
	if (kind == APP_PROMPT_APPLY && map_mode(app->map) != MAP_COW) {
		app_message(app, STYLE_MESSAGE, "apply is for -c: in -w edits "
		    "are already in the file (w syncs them)");
		return;
	}
	if (kind == APP_PROMPT_APPLY && app_edit_unsaved(app) == 0) {
		app_message(app, STYLE_MESSAGE, "no unsaved edits to apply");
		return;
	}
	app->prompt.kind = kind;
	app->prompt.len = 0;
	app->prompt.text[0] = '\0';
	app->message[0] = '\0';
}

/* Close the prompt. */
static void
app_prompt_close(struct app *app)
{
	app->prompt.kind = APP_PROMPT_NONE;
}

/* Is text a line number (decimal digits, "," or "_" between groups)? */
static int
app_prompt_line(const char *text, uint64_t *line)
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
app_prompt_goto(struct app *app, const char *text)
{
	uint64_t offset, line;
	char *cause = NULL;

	if (text[0] == '\0')
		return;		/* an empty goto changes nothing */
	if (app->text.on && app_prompt_line(text, &line)) {
		app_text_goto_line(app, line);
		return;
	}
	if (addr_parse(text, app->view.cursor, app->view.size, &offset,
	    &cause) == -1) {
		app_message(app, STYLE_ERROR, "bad offset: %s",
		    cause != NULL ? cause : "out of memory");
		free(cause);
		return;
	}
	hexview_goto(&app->view, offset);
}

/* Act on the one key a yes/no or choice prompt takes. */
static void
app_prompt_choice(struct app *app, int key)
{
	enum app_prompt_kind kind = app->prompt.kind;
	int yes = key == 'y' || key == 'Y';

	if (kind == APP_PROMPT_QUIT) {
		app_edit_quit_choice(app, key);
		return;
	}
	if (kind == APP_PROMPT_CONFLICT) {
		app_edit_conflict_choice(app, key);
		return;
	}
	if (!yes && key != 'n' && key != 'N' && key != APP_KEY_ESC &&
	    key != APP_CTRL('g') && key != APP_CTRL('c'))
		return;		/* keep asking */
	app_prompt_close(app);
	if (kind == APP_PROMPT_REPLACE && yes)
		app_edit_save_as(app, app->prompt.target, 1);
	else if (kind == APP_PROMPT_APPLY && yes)
		app_edit_apply(app);
	else {
		app->quit_after_save = 0;
		app_message(app, STYLE_MESSAGE, "cancelled");
	}
}

/* Edit the prompt text; return whether it changed. */
static int
app_prompt_edit(struct app_prompt *p, int key)
{
	switch (key) {
	case APP_KEY_BACKSPACE:
	case 0x7f:
	case APP_CTRL('h'):
		if (p->len == 0)
			return 0;
		p->text[--p->len] = '\0';
		return 1;
	case APP_CTRL('u'):
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
app_prompt_find_key(struct app *app, int key)
{
	switch (key) {
	case APP_KEY_ESC:
	case APP_CTRL('c'):
	case APP_CTRL('g'):
		app_find_cancel(app);	/* while the prompt is still open */
		app_prompt_close(app);
		return;
	case '\n':
	case '\r':
	case APP_KEY_ENTER:
		app_prompt_close(app);
		app_find_accept(app);
		return;
	case APP_CTRL('t'):
		app_find_cycle_kind(app);
		return;
	}
	if (app_prompt_edit(&app->prompt, key))
		app_find_changed(app);
}

void
app_prompt_key(struct app *app, int key)
{
	struct app_prompt *p = &app->prompt;
	enum app_prompt_kind kind = p->kind;

	if (kind == APP_PROMPT_REPLACE || kind == APP_PROMPT_APPLY ||
	    kind == APP_PROMPT_QUIT || kind == APP_PROMPT_CONFLICT) {
		app_prompt_choice(app, key);
		return;
	}
	if (kind == APP_PROMPT_FIND) {
		app_prompt_find_key(app, key);
		return;
	}
	switch (key) {
	case APP_KEY_ESC:
	case APP_CTRL('c'):
	case APP_CTRL('g'):
		app_prompt_close(app);
		app->quit_after_save = 0;
		return;
	case '\n':
	case '\r':
	case APP_KEY_ENTER:
		app_prompt_close(app);
		if (kind == APP_PROMPT_GOTO)
			app_prompt_goto(app, p->text);
		else if (kind == APP_PROMPT_SAVE_AS)
			app_edit_save_as(app, p->text, 0);
		return;
	case APP_KEY_BACKSPACE:
	case 0x7f:
	case APP_CTRL('h'):
		if (p->len == 0) {
			app_prompt_close(app);
			return;
		}
		break;
	}
	app_prompt_edit(p, key);
}
