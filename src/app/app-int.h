/*
 * app-int.h - the application's state and its modules' contracts, shared
 * inside src/app (the terminal layer sees only app.h).
 *
 * Keys become actions (app-keymap.c binds, app-actions.c acts), the
 * screen is laid out into a grid (app-layout.c), and app.c runs what a
 * frame needs.  Prompts are a mode of the loop, not a nested one
 * (app-prompt.c).
 */
#ifndef MMHEX_APP_INT_H
#define MMHEX_APP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "app-key.h"
#include "edit.h"
#include "grid.h"
#include "hexview.h"
#include "journal.h"
#include "lineindex.h"
#include "map.h"
#include "search.h"
#include "textview.h"
#include "watch.h"

enum app_screen {
	APP_SCREEN_HEX,		/* the hex view */
	APP_SCREEN_HELP		/* the help screen */
};

enum app_prompt_kind {
	APP_PROMPT_NONE,	/* no prompt open */
	APP_PROMPT_GOTO,	/* "goto: " an offset expression */
	APP_PROMPT_SAVE_AS,	/* "save as: " a path */
	APP_PROMPT_REPLACE,	/* the save-as target exists: y/n */
	APP_PROMPT_APPLY,	/* apply -c edits to the original: y/n */
	APP_PROMPT_QUIT,	/* unsaved edits on quit: one key */
	APP_PROMPT_CONFLICT,	/* another process wrote under the edits */
	APP_PROMPT_FIND		/* "/text: " incremental find */
};

#define APP_PROMPT_MAX 256
#define APP_MESSAGE_MAX 256

struct app_prompt {
	enum app_prompt_kind kind;	/* APP_PROMPT_NONE: closed */
	char text[APP_PROMPT_MAX];	/* what the user typed */
	size_t len;
	char target[APP_PROMPT_MAX];	/* save-as path awaiting y/n */
};

/* The find state: the last pattern, and the scan running, if any. */
struct app_find {
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

/* What to do again once a conflict is resolved (see app-edit.c). */
enum app_resume {
	APP_RESUME_UNDO,
	APP_RESUME_REDO,
	APP_RESUME_SAVE,
	APP_RESUME_APPLY,
	APP_RESUME_DISCARD	/* discard and quit */
};

/* The text view (app-text.c). */
struct app_text {
	int on;				/* the text view is shown */
	struct textview view;		/* its cursor, top and options */
	struct textview_frame frame;	/* what it drew last */
	struct lineindex *lines;	/* line numbers, built lazily */
	uint64_t goto_line;		/* a "go to line" waiting, 0: none */
	int resync;			/* re-place the view on the cursor */
};

#define APP_TEXT_WRAP		0	/* app_text_option(): wrapping */
#define APP_TEXT_NUMBERS	1	/* app_text_option(): the gutter */
/* Most bytes of a text screen copied for its highlights. */
#define APP_TEXT_WINDOW_MAX	(8u << 20)

struct app {
	struct map *map;		/* the file */
	struct app_options opt;
	struct hexview view;		/* cursor and scrolling */
	struct app_text text;		/* the text view */
	struct journal *journal;	/* every edit, for undo and save */
	unsigned char *marks;		/* per window byte: unsaved edit */
	unsigned char *match_marks;	/* per window byte: in a match */
	unsigned char *change_marks;	/* per window byte: changed lately */
	struct watch *watch;		/* what other processes changed */
	int fading;			/* highlights still fading: redraw */
	int follow;			/* follow mode: stay on the end */
	unsigned name_ticks;		/* ticks since the name was checked */
	const char *name_told;		/* what was said of the name (deleted,
					 * a FIFO...; see app-live.c), NULL:
					 * nothing */
	struct app_find find;
	int at_end;			/* the last byte was just typed over */
	int quit_after_save;		/* quit once a save succeeds */
	struct edit_conflicts conflicts;	/* awaiting the user's choice */
	enum app_resume resume;		/* what found them */
	struct grid *grid;		/* the whole screen, laid out */
	unsigned char *window;		/* copy of the visible bytes */
	uint64_t window_off;		/* offset of window[0] */
	size_t window_cap;
	size_t window_len;		/* bytes valid in window */
	char *name;			/* file name, sanitised */
	char *filetype;			/* libmagic's answer, sanitised */
	int filetype_done;		/* filetype was looked up (or failed) */
	unsigned cols_shown;		/* bytes a row last shown for --cols */
	enum app_screen screen;
	unsigned help_top;		/* first help line shown */
	struct app_prompt prompt;
	char message[APP_MESSAGE_MAX];	/* shown on the last row */
	uint8_t message_style;
	int repaint;			/* repaint the whole terminal */
	int quit;			/* leave the loop */
	int suspend;			/* stop (C-z) before the next frame */
	int framed;			/* a frame was laid out (and shown) */
	uint64_t next_tick;		/* when the watch ticks next (ms) */
	void (*show)(void *, const struct grid *);	/* see app_set_show */
	void *show_arg;
};

/* One thing the user can do; the help screen lists these. */
struct app_action {
	const char *name;		/* bound to keys by name */
	const char *help;		/* one line for the help screen */
	void (*run)(struct app *app, int arg);
	int arg;
};

/* app-actions.c */
const struct app_action *app_actions(size_t *count);
const struct app_action *app_action_find(const char *name);
void app_message(struct app *app, uint8_t style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* app-keymap.c */
const struct app_action *app_keymap_lookup(int key);
int app_keymap_check(char **cause);
size_t app_keymap_keys(const struct app_action *action, char *buf,
    size_t len);

/* The name of a key for the help screen ("Up", "C-x", "q"). */
const char *app_keymap_key_name(int key, char *buf, size_t len);

/* app-edit.c */
void app_edit_type(struct app *app, int key);
void app_edit_undo(struct app *app, int redo);
void app_edit_save(struct app *app);
void app_edit_save_as(struct app *app, const char *path, int replace);
void app_edit_apply(struct app *app);
void app_edit_quit(struct app *app);
void app_edit_quit_choice(struct app *app, int key);
void app_edit_conflict_choice(struct app *app, int key);
void app_edit_conflict_label(struct app *app, char *buf, size_t len);
void app_edit_reapply(struct app *app);
/* Forget what the file lost past its new end; say so. */
void app_edit_shrank(struct app *app, uint64_t size);
uint64_t app_edit_unsaved(struct app *app);

/* app-find.c */
void app_find_open(struct app *app, int backward);
void app_find_changed(struct app *app);
void app_find_cancel(struct app *app);
void app_find_accept(struct app *app);
void app_find_repeat(struct app *app, int reverse);
void app_find_cycle_kind(struct app *app);
int app_find_running(const struct app *app);
void app_find_step(struct app *app);
void app_find_status(const struct app *app, char *buf, size_t len);
void app_find_marks(struct app *app);
void app_find_free(struct app *app);

/* app-live.c */
void app_live_frame(struct app *app);
void app_live_tick(struct app *app);
/* The live part of the status line; brief: " live" or " follow" only. */
void app_live_status(const struct app *app, int brief, char *buf,
    size_t len);
uint64_t app_now_ms(void);

/* app-text.c */
int app_text_init(struct app *app);
void app_text_free(struct app *app);
void app_text_geometry(struct app *app, unsigned rows, unsigned cols);
void app_text_toggle(struct app *app);
void app_text_option(struct app *app, int which);
void app_text_move(struct app *app, enum hexview_motion motion);
/* Lay the text view out into app->grid; set [*first, *first + *len) to
 * the bytes it shows (for highlights).  Returns 0 or -1 (told). */
int app_text_render(struct app *app, uint64_t *first, size_t *len);
void app_text_restyle(struct app *app);
int app_text_busy(const struct app *app);
void app_text_step(struct app *app);
void app_text_goto_line(struct app *app, uint64_t line);
int app_text_cancel(struct app *app);
void app_text_changed(struct app *app, uint64_t offset);
void app_text_reset(struct app *app);
void app_text_status(struct app *app, char *buf, size_t len);

/* app-prompt.c */
void app_prompt_open(struct app *app, enum app_prompt_kind kind);
void app_prompt_key(struct app *app, int key);
const char *app_prompt_label(enum app_prompt_kind kind);

/* app-layout.c */
/* Lay the whole screen out into app->grid. */
void app_layout(struct app *app);
unsigned app_help_lines(void);

/* app.c */
/* Lay the screen out for the grid's size: bytes a row from --cols while
 * its rows fit, else as many as fit. */
void app_geometry(struct app *app);
void app_load_window(struct app *app);
/* Show the screen now, in the middle of a long action (see app_set_show). */
void app_show_now(struct app *app);

#endif
