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

#include "edit.h"
#include "grid.h"
#include "hexview.h"
#include "journal.h"
#include "lineindex.h"
#include "map.h"
#include "search.h"
#include "textview.h"
#include "watch.h"

/* Keys beyond curses' own codes. */
#define TUI_KEY_WHEEL_UP	0x10001
#define TUI_KEY_WHEEL_DOWN	0x10002
#define TUI_KEY_HEXDIGIT	0x10003	/* any of 0-9 a-f A-F, in the hex pane */
#define TUI_KEY_TEXT		0x10004	/* any printable key, in the char pane */
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
	TUI_PROMPT_GOTO,	/* "goto: " an offset expression */
	TUI_PROMPT_SAVE_AS,	/* "save as: " a path */
	TUI_PROMPT_REPLACE,	/* the save-as target exists: y/n */
	TUI_PROMPT_APPLY,	/* apply -c edits to the original: y/n */
	TUI_PROMPT_QUIT,	/* unsaved edits on quit: one key */
	TUI_PROMPT_CONFLICT,	/* another process wrote under the edits */
	TUI_PROMPT_FIND		/* "/text: " incremental find */
};

#define TUI_PROMPT_MAX 256
#define TUI_MESSAGE_MAX 256

struct tui_prompt {
	enum tui_prompt_kind kind;	/* TUI_PROMPT_NONE: closed */
	char text[TUI_PROMPT_MAX];	/* what the user typed */
	size_t len;
	char target[TUI_PROMPT_MAX];	/* save-as path awaiting y/n */
};

/* The find state: the last pattern, and the scan running, if any. */
struct tui_find {
	struct search_pattern *pattern;	/* last good pattern, NULL: none */
	struct search_pattern *before;	/* pattern when the prompt opened */
	char note[96];			/* shown after the prompt text */
	enum search_kind kind;		/* kind the prompt compiles */
	int backward;			/* direction of the last find */
	struct search *running;		/* a scan in progress, or NULL */
	uint64_t origin;		/* cursor when the find began */
	uint64_t started_ms;		/* when the running scan began */
	int repeat;			/* running scan is an n/N repeat */
	int running_backward;		/* direction of the running scan */
	int found;			/* the last scan ended on a match */
};

/* What to do again once a conflict is resolved (see tui-edit.c). */
enum tui_resume {
	TUI_RESUME_UNDO,
	TUI_RESUME_REDO,
	TUI_RESUME_SAVE,
	TUI_RESUME_APPLY,
	TUI_RESUME_DISCARD	/* discard and quit */
};

struct tui_options {
	enum map_mode mode;		/* -r / -w / -c */
	unsigned cols;			/* --cols N, 0: fit the terminal */
	unsigned watch_ms;		/* file re-check period, 0: off */
	int text;			/* --text: start in the text view */
	int numbers;			/* --line-numbers */
	int nowrap;			/* --no-wrap */
};

/* The text view (tui-text.c). */
struct tui_text {
	int on;				/* the text view is shown */
	struct textview view;		/* its cursor, top and options */
	struct textview_frame frame;	/* what it drew last */
	struct lineindex *lines;	/* line numbers, built lazily */
	uint64_t goto_line;		/* a "go to line" waiting, 0: none */
	int resync;			/* re-place the view on the cursor */
};

#define TUI_TEXT_WRAP		0	/* tui_text_option(): wrapping */
#define TUI_TEXT_NUMBERS	1	/* tui_text_option(): the gutter */
/* Most bytes of a text screen copied for its highlights. */
#define TUI_TEXT_WINDOW_MAX	(8u << 20)

struct app {
	struct map *map;		/* the file */
	struct tui_options opt;
	struct hexview view;		/* cursor and scrolling */
	struct tui_text text;		/* the text view */
	struct journal *journal;	/* every edit, for undo and save */
	unsigned char *marks;		/* per window byte: unsaved edit */
	unsigned char *match_marks;	/* per window byte: in a match */
	unsigned char *change_marks;	/* per window byte: changed lately */
	struct watch *watch;		/* what other processes changed */
	int fading;			/* highlights still fading: redraw */
	int follow;			/* follow mode: stay on the end */
	unsigned name_ticks;		/* ticks since the name was checked */
	const char *name_told;		/* what was said of the name (deleted,
					 * a FIFO...; see tui-live.c), NULL:
					 * nothing */
	struct tui_find find;
	int at_end;			/* the last byte was just typed over */
	int quit_after_save;		/* quit once a save succeeds */
	struct edit_conflicts conflicts;	/* awaiting the user's choice */
	enum tui_resume resume;		/* what found them */
	struct grid *grid;		/* the whole screen, laid out */
	unsigned char *window;		/* copy of the visible bytes */
	uint64_t window_off;		/* offset of window[0] */
	size_t window_cap;
	size_t window_len;		/* bytes valid in window */
	char *name;			/* file name, sanitised */
	char *filetype;			/* libmagic's answer, sanitised */
	int filetype_done;		/* filetype was looked up (or failed) */
	unsigned cols_shown;		/* bytes a row last shown for --cols */
	enum tui_screen screen;
	unsigned help_top;		/* first help line shown */
	struct tui_prompt prompt;
	char message[TUI_MESSAGE_MAX];	/* shown on the last row */
	uint8_t message_style;
	int colour;			/* colours are in use */
	int repaint;			/* repaint the whole terminal */
	int quit;			/* leave the loop */
	int suspend;			/* stop (C-z) before the next frame */
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

/* tui-edit.c */
void tui_edit_type(struct app *app, int key);
void tui_edit_undo(struct app *app, int redo);
void tui_edit_save(struct app *app);
void tui_edit_save_as(struct app *app, const char *path, int replace);
void tui_edit_apply(struct app *app);
void tui_edit_quit(struct app *app);
void tui_edit_quit_choice(struct app *app, int key);
void tui_edit_conflict_choice(struct app *app, int key);
void tui_edit_conflict_label(struct app *app, char *buf, size_t len);
void tui_edit_reapply(struct app *app);
/* Forget what the file lost past its new end; say so. */
void tui_edit_shrank(struct app *app, uint64_t size);
uint64_t tui_edit_unsaved(struct app *app);

/* tui-find.c */
void tui_find_open(struct app *app, int backward);
void tui_find_changed(struct app *app);
void tui_find_cancel(struct app *app);
void tui_find_accept(struct app *app);
void tui_find_repeat(struct app *app, int reverse);
void tui_find_cycle_kind(struct app *app);
int tui_find_running(const struct app *app);
void tui_find_step(struct app *app);
void tui_find_status(const struct app *app, char *buf, size_t len);
void tui_find_marks(struct app *app);
void tui_find_free(struct app *app);

/* tui-live.c */
void tui_live_frame(struct app *app);
void tui_live_tick(struct app *app);
/* The live part of the status line; brief: " live" or " follow" only. */
void tui_live_status(const struct app *app, int brief, char *buf,
    size_t len);
uint64_t tui_now_ms(void);

/* tui-text.c */
int tui_text_init(struct app *app);
void tui_text_free(struct app *app);
void tui_text_geometry(struct app *app, unsigned rows, unsigned cols);
void tui_text_toggle(struct app *app);
void tui_text_option(struct app *app, int which);
void tui_text_move(struct app *app, enum hexview_motion motion);
/* Lay the text view out into app->grid; set [*first, *first + *len) to
 * the bytes it shows (for highlights).  Returns 0 or -1 (told). */
int tui_text_render(struct app *app, uint64_t *first, size_t *len);
void tui_text_restyle(struct app *app);
int tui_text_busy(const struct app *app);
void tui_text_step(struct app *app);
void tui_text_goto_line(struct app *app, uint64_t line);
int tui_text_cancel(struct app *app);
void tui_text_changed(struct app *app, uint64_t offset);
void tui_text_reset(struct app *app);
void tui_text_status(struct app *app, char *buf, size_t len);

/* tui-prompt.c */
void tui_prompt_open(struct app *app, enum tui_prompt_kind kind);
void tui_prompt_key(struct app *app, int key);
const char *tui_prompt_label(enum tui_prompt_kind kind);

/* tui-screen.c */
int tui_screen_init(struct app *app, char **cause);
void tui_screen_end(void);
/* Give the terminal back as it was (endwin) for a while; the next flush
 * takes it again (set app->repaint to draw everything anew). */
void tui_screen_pause(void);
void tui_screen_size(unsigned *rows, unsigned *cols);
void tui_screen_layout(struct app *app);
void tui_screen_flush(struct app *app);
unsigned tui_help_lines(void);

/* tui-main.c */
/* Run the viewer on map until the user quits.  The viewer owns map and
 * closes it (it may have replaced it: a file reopened under its name).
 * Returns 0 when the user quit; the number of the signal when another
 * process asked mmhex to quit (SIGHUP, SIGINT, SIGQUIT, SIGPIPE,
 * SIGTERM): the terminal is restored and what became of unsaved edits
 * has been said on stderr; or -1 with *cause set (caller frees). */
int tui_run(struct map *map, const struct tui_options *opt, char **cause);
/* Lay the screen out for the terminal's size: bytes a row from --cols
 * while its rows fit, else as many as fit (see tui-main.c). */
void tui_geometry(struct app *app);
void tui_load_window(struct app *app);

#endif
