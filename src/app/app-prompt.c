/*
 * app-prompt.c - the one-line prompt at the bottom of the screen.
 *
 * The line is edited as a shell's: Left/Right (C-b/C-f) move by
 * character, Home/End (C-a/C-e) to the ends, Backspace and Delete (C-d)
 * anywhere, C-w takes the word before the cursor, C-u the text before
 * it, C-k the text after it; Up/Down (C-p/C-n) walk the history, keeping
 * the line being typed; Tab completes when the opener can.  The text is
 * bytes: a UTF-8 character arrives as its bytes and is moved over and
 * deleted whole.  It is sanitised when drawn (a path may hold any byte).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-prompt.h"
#include "sanitize.h"

/* Is byte b the continuation of a UTF-8 character? */
static int
prompt_cont(unsigned char b)
{
	return (b & 0xc0) == 0x80;
}

/* Return the start of the character before byte index i. */
static size_t
prompt_prev(const struct app_prompt *p, size_t i)
{
	while (i > 0 && prompt_cont((unsigned char)p->text[--i]))
		;
	return i;
}

/* Return the end of the character at byte index i. */
static size_t
prompt_next(const struct app_prompt *p, size_t i)
{
	if (i < p->len)
		i++;
	while (i < p->len && prompt_cont((unsigned char)p->text[i]))
		i++;
	return i;
}

/* Take [from, to) out of the text. */
static void
prompt_cut(struct app_prompt *p, size_t from, size_t to)
{
	memmove(p->text + from, p->text + to, p->len - to + 1);
	p->len -= to - from;
	p->pos = from;
}

/* Put the text to s, the cursor at its end. */
static void
prompt_set(struct app_prompt *p, const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof p->text)
		n = sizeof p->text - 1;
	memcpy(p->text, s, n);
	p->text[n] = '\0';
	p->len = p->pos = n;
}

void
app_prompt_open(struct app *app, const struct app_prompt_ops *ops,
    const char *initial, struct app_history *hist)
{
	struct app_prompt *p = &app->prompt;

	p->ops = ops;
	p->hist = hist;
	p->hist_at = hist != NULL ? hist->count : 0;
	p->typed[0] = '\0';
	prompt_set(p, initial != NULL ? initial : "");
	app->message[0] = '\0';
}

void
app_prompt_close(struct app *app)
{
	app->prompt.ops = NULL;
}

int
app_prompt_is_open(const struct app *app)
{
	return app->prompt.ops != NULL;
}

int
app_prompt_is(const struct app *app, const struct app_prompt_ops *ops)
{
	return app->prompt.ops == ops;
}

const char *
app_prompt_text(const struct app *app)
{
	return app->prompt.text;
}

/* Walk the history by step (-1 older, +1 newer); the line being typed
 * is kept as the newest. */
static int
prompt_history(struct app_prompt *p, int step)
{
	struct app_history *h = p->hist;

	if (h == NULL || (step < 0 && p->hist_at == 0) ||
	    (step > 0 && p->hist_at >= h->count))
		return 0;
	if (p->hist_at == h->count)
		memcpy(p->typed, p->text, p->len + 1);
	p->hist_at = step < 0 ? p->hist_at - 1 : p->hist_at + 1;
	prompt_set(p, p->hist_at == h->count ? p->typed :
	    h->lines[p->hist_at]);
	return 1;
}

/* Move the cursor or edit the text for key; return 1 when the text
 * changed, 0 when only the cursor moved or nothing happened. */
static int
prompt_edit(struct app *app, int key)
{
	struct app_prompt *p = &app->prompt;
	size_t at;

	switch (key) {
	case APP_KEY_LEFT:
	case APP_CTRL('b'):
		p->pos = prompt_prev(p, p->pos);
		return 0;
	case APP_KEY_RIGHT:
	case APP_CTRL('f'):
		p->pos = prompt_next(p, p->pos);
		return 0;
	case APP_KEY_HOME:
	case APP_CTRL('a'):
		p->pos = 0;
		return 0;
	case APP_KEY_END:
	case APP_CTRL('e'):
		p->pos = p->len;
		return 0;
	case APP_KEY_UP:
	case APP_CTRL('p'):
		return prompt_history(p, -1);
	case APP_KEY_DOWN:
	case APP_CTRL('n'):
		return prompt_history(p, 1);
	case APP_KEY_BACKSPACE:
	case 0x7f:
	case APP_CTRL('h'):
		if (p->pos == 0)
			return 0;
		prompt_cut(p, prompt_prev(p, p->pos), p->pos);
		return 1;
	case APP_KEY_DELETE:
	case APP_CTRL('d'):
		if (p->pos == p->len)
			return 0;
		prompt_cut(p, p->pos, prompt_next(p, p->pos));
		return 1;
	case APP_CTRL('u'):
		if (p->pos == 0)
			return 0;
		prompt_cut(p, 0, p->pos);
		return 1;
	case APP_CTRL('k'):
		if (p->pos == p->len)
			return 0;
		p->text[p->pos] = '\0';
		p->len = p->pos;
		return 1;
	case APP_CTRL('w'):
		/* The blanks before the cursor, then the word before them. */
		at = p->pos;
		while (at > 0 && p->text[at - 1] == ' ')
			at--;
		while (at > 0 && p->text[at - 1] != ' ' &&
		    p->text[at - 1] != '/')
			at--;
		if (at == p->pos && at > 0)
			at--;		/* a lone '/' */
		if (at == p->pos)
			return 0;
		prompt_cut(p, at, p->pos);
		return 1;
	case '\t':
		if (p->ops->complete == NULL ||
		    !p->ops->complete(app, p->text, sizeof p->text))
			return 0;
		p->len = p->pos = strlen(p->text);
		return 1;
	}
	/* Bytes past 0x7f are parts of UTF-8 characters. */
	if (key >= 0x20 && key <= 0xff && key != 0x7f &&
	    p->len + 1 < sizeof p->text) {
		memmove(p->text + p->pos + 1, p->text + p->pos,
		    p->len - p->pos + 1);
		p->text[p->pos++] = (char)key;
		p->len++;
		return 1;
	}
	return 0;
}

void
app_prompt_key(struct app *app, int key)
{
	struct app_prompt *p = &app->prompt;
	const struct app_prompt_ops *ops = p->ops;
	char text[APP_PROMPT_MAX];

	if (ops == NULL)
		return;
	if (ops->key != NULL && ops->key(app, key))
		return;
	if (ops->enter == NULL)
		return;		/* a choice prompt: other keys do nothing */
	switch (key) {
	case APP_KEY_ESC:
	case APP_CTRL('c'):
	case APP_CTRL('g'):
		app_prompt_close(app);
		if (ops->cancel != NULL)
			ops->cancel(app);
		return;
	case '\n':
	case '\r':
	case APP_KEY_ENTER:
		memcpy(text, p->text, p->len + 1);
		app_history_add(p->hist, text);
		app_prompt_close(app);
		ops->enter(app, text);
		return;
	case APP_KEY_BACKSPACE:
	case 0x7f:
	case APP_CTRL('h'):
		if (p->len == 0) {
			app_prompt_close(app);
			if (ops->cancel != NULL)
				ops->cancel(app);
			return;
		}
		break;
	}
	if (prompt_edit(app, key) && ops->changed != NULL)
		ops->changed(app, p->text);
}

void
app_prompt_layout(struct app *app, unsigned row)
{
	struct app_prompt *p = &app->prompt;
	struct grid *g = app->grid;
	char label[256], note[128], *before, *text;
	unsigned col, cursor;

	if (p->ops->text != NULL)
		snprintf(label, sizeof label, "%s", p->ops->text);
	else
		p->ops->label(app, label, sizeof label);
	col = grid_puts(g, row, 0, label, STYLE_TITLE);
	cursor = col;
	if (p->ops->enter != NULL) {
		/* The cursor goes where the text before it ends, drawn. */
		before = strndup(p->text, p->pos);
		text = before != NULL ? sanitize_string(before) : NULL;
		cursor = grid_puts(g, row, col, text != NULL ? text : "",
		    STYLE_NORMAL);
		free(text);
		free(before);
		text = sanitize_string(p->text + p->pos);
		col = grid_puts(g, row, cursor, text != NULL ? text : "",
		    STYLE_NORMAL);
		free(text);
		note[0] = '\0';
		if (p->ops->note != NULL)
			p->ops->note(app, note, sizeof note);
		if (note[0] != '\0')
			grid_puts(g, row, col + 2, note, STYLE_ERROR);
	}
	g->cursor_row = (int)row;
	g->cursor_col = (int)(cursor < g->cols ? cursor : g->cols - 1);
}

void
app_history_add(struct app_history *hist, const char *line)
{
	char *copy;

	if (hist == NULL || line[0] == '\0' || (hist->count > 0 &&
	    strcmp(hist->lines[hist->count - 1], line) == 0))
		return;
	if ((copy = strdup(line)) == NULL)
		return;		/* a history line is not worth failing for */
	if (hist->count == APP_HISTORY_MAX) {
		free(hist->lines[0]);
		memmove(hist->lines, hist->lines + 1,
		    (APP_HISTORY_MAX - 1) * sizeof *hist->lines);
		hist->count--;
	}
	hist->lines[hist->count++] = copy;
}

void
app_history_free(struct app_history *hist)
{
	size_t i;

	for (i = 0; i < hist->count; i++)
		free(hist->lines[i]);
	hist->count = 0;
}
