/*
 * tui.h - the terminal front end: shared state and the modules' contracts.
 *
 * The front end is the only code that includes curses.  It turns keys
 * into actions (tui-input.c decodes, tui-keymap.c binds, tui-actions.c
 * acts), lays the screen out into a grid with the core's help
 * (tui-screen.c), and runs one loop that waits for keys and ticks
 * (tui-main.c).  Prompts are a mode of that loop, not a nested one
 * (tui-prompt.c).
 */
#ifndef MMHEX_TUI_H
#define MMHEX_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "hexview.h"
#include "map.h"

/* Keys beyond curses' own codes. */
#define TUI_KEY_WHEEL_UP	0x10001
#define TUI_KEY_WHEEL_DOWN	0x10002
#define TUI_KEY_ESC		0x1b
#define TUI_KEY_NONE		(-1)

/* A key in C-x notation. */
#define TUI_CTRL(c)		((c) & 0x1f)

enum tui_screen {
	TUI_SCREEN_HEX,		/* the hex view */
	TUI_SCREEN_HELP		/* the help screen */
};

enum tui_prompt_kind {
	TUI_PROMPT_NONE,	/* no prompt open */
	TUI_PROMPT_GOTO		/* "goto: " */
};

#define TUI_PROMPT_MAX 256
#define TUI_MESSAGE_MAX 256

struct tui_prompt {
	enum tui_prompt_kind kind;	/* TUI_PROMPT_NONE: closed */
	char text[TUI_PROMPT_MAX];	/* what the user typed, ASCII */
	size_t len;
};

struct tui_options {
	enum map_mode mode;		/* -r / -w / -c */
	unsigned cols;			/* --cols N, 0: fit the terminal */
	unsigned watch_ms;		/* file re-check period, 0: off */
};

struct app {
	struct map *map;		/* the file */
	struct tui_options opt;
	struct hexview view;		/* cursor and scrolling */
	struct grid *grid;		/* the whole screen, laid out */
	unsigned char *window;		/* copy of the visible bytes */
	size_t window_cap;
	size_t window_len;		/* bytes valid in window */
	char *name;			/* file name, sanitised */
	char *filetype;			/* libmagic's answer, sanitised */
	int filetype_done;		/* filetype was looked up (or failed) */
	enum tui_screen screen;
	unsigned help_top;		/* first help line shown */
	struct tui_prompt prompt;
	char message[TUI_MESSAGE_MAX];	/* shown on the last row */
	uint8_t message_style;
	int colour;			/* colours are in use */
	int repaint;			/* repaint the whole terminal */
	int quit;			/* leave the loop */
};

/* One thing the user can do; the help screen lists these. */
struct tui_action {
	const char *name;		/* bound to keys by name */
	const char *help;		/* one line for the help screen */
	void (*run)(struct app *app, int arg);
	int arg;
};

/* tui-actions.c */
const struct tui_action *tui_actions(size_t *count);
const struct tui_action *tui_action_find(const char *name);
void tui_message(struct app *app, uint8_t style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* tui-keymap.c */
const struct tui_action *tui_keymap_lookup(int key);
int tui_keymap_check(char **cause);
size_t tui_keymap_keys(const struct tui_action *action, char *buf,
    size_t len);

/* tui-input.c */
int tui_input_key(void);
const char *tui_input_key_name(int key, char *buf, size_t len);

/* tui-prompt.c */
void tui_prompt_open(struct app *app, enum tui_prompt_kind kind);
void tui_prompt_key(struct app *app, int key);
const char *tui_prompt_label(enum tui_prompt_kind kind);

/* tui-screen.c */
int tui_screen_init(struct app *app, char **cause);
void tui_screen_end(void);
void tui_screen_size(unsigned *rows, unsigned *cols);
void tui_screen_layout(struct app *app);
void tui_screen_flush(struct app *app);
unsigned tui_help_lines(void);

/* tui-main.c */
int tui_run(struct map *map, const struct tui_options *opt, char **cause);
void tui_geometry(struct app *app);
void tui_load_window(struct app *app);

#endif
