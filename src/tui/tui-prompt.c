/*
 * tui-prompt.c - the one-line prompt at the bottom of the screen.
 *
 * A prompt is a mode of the main loop: while one is open, keys come here
 * instead of going to the key map.  Enter acts on the text, Esc closes
 * the prompt without acting.  Only printable ASCII can be typed, so the
 * text can be drawn as it is.
 */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "tui.h"

const char *
tui_prompt_label(enum tui_prompt_kind kind)
{
	switch (kind) {
	case TUI_PROMPT_GOTO:
		return "goto: ";
	case TUI_PROMPT_NONE:
		break;
	}
	return "";
}

void
tui_prompt_open(struct app *app, enum tui_prompt_kind kind)
{
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

/* Act on a goto expression; a bad one leaves the cursor where it is. */
static void
tui_prompt_goto(struct app *app, const char *text)
{
	uint64_t offset;
	char *cause = NULL;

	if (addr_parse(text, app->view.cursor, app->view.size, &offset,
	    &cause) == -1) {
		tui_message(app, STYLE_ERROR, "bad offset: %s",
		    cause != NULL ? cause : "out of memory");
		free(cause);
		return;
	}
	hexview_goto(&app->view, offset);
}

void
tui_prompt_key(struct app *app, int key)
{
	struct tui_prompt *p = &app->prompt;
	enum tui_prompt_kind kind = p->kind;

	switch (key) {
	case TUI_KEY_ESC:
	case TUI_CTRL('c'):
	case TUI_CTRL('g'):
		tui_prompt_close(app);
		return;
	case '\n':
	case '\r':
	case KEY_ENTER:
		tui_prompt_close(app);
		if (kind == TUI_PROMPT_GOTO)
			tui_prompt_goto(app, p->text);
		return;
	case KEY_BACKSPACE:
	case 0x7f:
	case TUI_CTRL('h'):
		if (p->len > 0)
			p->text[--p->len] = '\0';
		else
			tui_prompt_close(app);
		return;
	case TUI_CTRL('u'):
		p->len = 0;
		p->text[0] = '\0';
		return;
	}
	if (key >= 0x20 && key < 0x7f && p->len + 1 < sizeof p->text) {
		p->text[p->len++] = (char)key;
		p->text[p->len] = '\0';
	}
}
