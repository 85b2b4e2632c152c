/*
 * app-prompt.h - the one-line prompt at the bottom of the screen.
 *
 * A prompt is a mode of the loop, not a nested one: while it is open,
 * keys come here instead of going to the key map.  Whoever opens it
 * passes its callbacks; the prompt knows nothing of who opened it.  Two
 * kinds: a line prompt edits a line of text as a shell does and calls
 * back on Enter (and, for an incremental find, on every change); a
 * choice prompt hands every key to its key callback, which closes it.
 */
#ifndef MMHEX_APP_PROMPT_H
#define MMHEX_APP_PROMPT_H

#include <stddef.h>

#include "app-state.h"

/* Lines kept by a history (the oldest go first). */
#define APP_HISTORY_MAX 50

/* The lines entered at one kind of prompt, newest last. */
struct app_history {
	char *lines[APP_HISTORY_MAX];
	size_t count;
};

struct app_prompt_ops {
	/* The label ("save as: "), when it never changes; else NULL and
	 * label() writes it into buf. */
	const char *text;
	void (*label)(struct app *app, char *buf, size_t len);
	/* A line prompt's Enter, with the text; the prompt is closed
	 * first.  NULL makes a choice prompt. */
	void (*enter)(struct app *app, const char *text);
	/* The text changed (every key that edits it); may be NULL. */
	void (*changed)(struct app *app, const char *text);
	/* Esc, C-g, C-c, or Backspace on an empty line; the prompt is
	 * closed first.  May be NULL. */
	void (*cancel)(struct app *app);
	/* Every key, before the line editor; returns 1 when it took the
	 * key.  A choice prompt's only handler (it closes the prompt with
	 * app_prompt_close() when the choice is made).  May be NULL. */
	int (*key)(struct app *app, int key);
	/* Write a note shown after the text ("not found"); may be NULL. */
	void (*note)(struct app *app, char *buf, size_t len);
	/* Complete the text (Tab); returns 1 when it changed it.  May be
	 * NULL. */
	int (*complete)(struct app *app, char *text, size_t size);
};

/* Open a prompt with ops (static, outliving the prompt), starting with
 * the text initial (NULL: empty), its history hist (NULL: none). */
void app_prompt_open(struct app *app, const struct app_prompt_ops *ops,
    const char *initial, struct app_history *hist);

/* Close the prompt (nothing is called back). */
void app_prompt_close(struct app *app);

/* Return whether a prompt is open; with ops, whether that one is. */
int app_prompt_is_open(const struct app *app);
int app_prompt_is(const struct app *app, const struct app_prompt_ops *ops);

/* Return the text typed so far. */
const char *app_prompt_text(const struct app *app);

/* Handle a key while the prompt is open. */
void app_prompt_key(struct app *app, int key);

/* Lay the prompt out on row of the grid, the terminal cursor in it. */
void app_prompt_layout(struct app *app, unsigned row);

/* Add a line to a history (not twice in a row, not empty). */
void app_history_add(struct app_history *hist, const char *line);

/* Free a history's lines. */
void app_history_free(struct app_history *hist);

#endif
