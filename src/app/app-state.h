/*
 * app-state.h - the state of a session, shared inside src/app (the
 * terminal layer sees only app.h), and the two helpers every module
 * uses: messages and the clock (app-state.c).
 *
 * Each module has its own header for its functions; the modules depend
 * on each other in one direction, bottom to top:
 *   app-state, app-prompt, app-marks  (know no other module; marks)
 *   app-text, app-find, app-goto   (the views and the find)
 *   app-select                     (the selection: anchor to cursor)
 *   app-session                    (geometry; switching to a new map)
 *   app-struct                     (the live struct watch)
 *   app-edit, app-live             (edits, saves; the watch)
 *   app-yank, app-inspect          (yank, paste, fill; the inspector)
 *   app-actions, app-keymap        (what keys do)
 *   app-layout                     (the screen, from all of the above)
 *   app.c                          (the entry points of app.h)
 * tests/test-layers.sh checks that the includes form no cycle.
 *
 * The session has one cursor and one file size (app->cur, cursor.h):
 * the hex view and the text view both point at it and keep no copy.
 * Anything may move app->cur.off (through hexview_goto, so the hex view
 * scrolls); a new size goes only through app_set_size() (app-session.c).
 */
#ifndef MMHEX_APP_STATE_H
#define MMHEX_APP_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "app-key.h"
#include "cursor.h"
#include "edit.h"
#include "grid.h"
#include "hexview.h"
#include "inspect.h"
#include "journal.h"
#include "lineindex.h"
#include "sample.h"
#include "map.h"
#include "search.h"
#include "textview.h"
#include "watch.h"

enum app_screen {
	APP_SCREEN_HEX,		/* the hex view */
	APP_SCREEN_HELP,	/* the help screen */
	APP_SCREEN_MESSAGES	/* the last messages, whole */
};

#define APP_PROMPT_MAX 256
#define APP_MESSAGE_MAX 256
#define APP_LOG_MAX 32		/* messages kept for the log screen */

struct app_prompt_ops;
struct marks;
struct app_history;
struct save_job;

/* The prompt line (app-prompt.h). */
struct app_prompt {
	const struct app_prompt_ops *ops;	/* NULL: closed */
	char text[APP_PROMPT_MAX];	/* what the user typed */
	size_t len;			/* bytes of it */
	size_t pos;			/* the cursor, a byte index */
	struct app_history *hist;	/* Up/Down walk it, NULL: none */
	size_t hist_at;			/* line shown; count: the typed one */
	char typed[APP_PROMPT_MAX];	/* the typed line, while walking */
};

/* Kinds of prompt with a history of their own. */
enum app_history_kind {
	APP_HISTORY_FIND,
	APP_HISTORY_GOTO,
	APP_HISTORY_SAVE_AS,
	APP_HISTORY_COUNT
};

/* The count of matches behind "match K of N" (app-find.c): at's rank
 * and the number of matches, for one pattern and one state of the file. */
struct app_count {
	const struct search_pattern *pattern;	/* counted, NULL: no count */
	struct search *running;		/* the count under way, or NULL */
	uint64_t at;			/* the match ranked */
	uint64_t started_ms;		/* when the running count began */
	int done;			/* matches and rank are final */
	uint64_t matches;		/* matches in the file (done) */
	uint64_t rank;			/* at's 1-based rank, 0: none/unknown */
	int capped;			/* stopped at the cap: matches is a floor */
	/* The file as the count saw it; any change makes it stale: */
	const struct map *map;
	uint64_t size;
	size_t journal;			/* journal_applied() */
	unsigned long changes;		/* app->changes */
};

/* The find state: the last pattern, and the scan running, if any. */
struct app_find {
	struct search_pattern *pattern;	/* last good pattern, NULL: none */
	struct search_pattern *before;	/* pattern when the prompt opened */
	char note[96];			/* shown after the prompt text */
	enum search_kind kind;		/* kind the prompt compiles */
	int by_value;			/* ... or a value's bytes (inspect.h) */
	int backward;			/* direction of the last find */
	struct search *running;		/* a scan in progress, or NULL */
	uint64_t origin;		/* cursor when the find began */
	uint64_t started_ms;		/* when the running scan began */
	int repeat;			/* running scan is an n/N repeat */
	unsigned queued;		/* n/N pressed again while it ran */
	int running_backward;		/* direction of the running scan */
	int found;			/* the last scan ended on a match */
	uint64_t match_at, match_len;	/* ... that one */
	int unmarked;			/* Esc dropped the highlight */
	struct app_count count;		/* "match K of N" */
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
	struct textview view;		/* its top and options (the cursor
					 * is app->cur) */
	struct textview_frame frame;	/* what it drew last */
	struct lineindex *lines;	/* line numbers, built lazily */
	struct textview_atlas *atlas;	/* long lines laid out ahead */
	int atlas_more;			/* the atlas may have work to do */
	int atlas_moved;		/* ... and moved what shows */
	uint64_t atlas_drawn_ms;	/* when the screen last followed it */
	uint64_t goto_line;		/* a "go to line" waiting, 0: none */
	int resync;			/* re-place the view on the cursor */
	uint64_t placed;		/* the cursor offset the view last
					 * scrolled to: another offset means
					 * the cursor moved elsewhere */
	/* What the grid's text rows show, so an unchanged frame is not
	 * laid out again (app_text_window()): */
	int drawn;			/* the grid holds the text rows */
	int drawn_now;			/* ... laid out in this frame */
	struct textview drawn_view;	/* the view they show */
	struct cursor drawn_cur;	/* the cursor and file size then */
	uint64_t drawn_line;		/* first line number shown */
	uint64_t drawn_journal;		/* journal_applied() then */
	const void *drawn_pattern;	/* app->find.pattern then */
	int drawn_unmarked;		/* app->find.unmarked then */
	int drawn_sel_on;		/* app->sel then */
	uint64_t drawn_sel_anchor;
	int drawn_fading;		/* app->fading then */
	unsigned drawn_grid_rows, drawn_grid_cols;
	int cursor_row, cursor_col;	/* the grid cursor the layout set */
	unsigned char *shown;		/* the window's bytes last drawn */
	size_t shown_len;
	uint64_t shown_off;
	unsigned long layouts;		/* layouts done (tests, bench) */
};

/* The data inspector panel (app-inspect.c). */
struct app_inspect {
	int on;				/* shown */
	int focus;			/* it has the keys (Tab) */
	enum inspect_order order;	/* o switches it */
	unsigned pick;			/* the row picked (enum inspect_kind) */
	unsigned top;			/* the first row shown */
	int valid;			/* rows hold the last frame's values */
	uint64_t at;			/* ... decoded at this offset */
	size_t n;			/* ... from this many bytes */
	struct inspect_row rows[INSPECT_KINDS];
	uint64_t changed_ms[INSPECT_KINDS];	/* when a value last changed
						   in place, 0: not lately */
};

/* The live struct watch (app-struct.c). */
struct app_field;
struct layout;
struct app_struct {
	struct layout *layout;		/* NULL: no watch */
	char spec[APP_PROMPT_MAX];	/* as typed, for the next prompt */
	uint64_t at;			/* the record's offset */
	unsigned char *rec, *scratch;	/* layout->size bytes each */
	struct app_field *fields;	/* per field: history, text */
	struct sample_count count;	/* clean, torn, short samples */
	int last;			/* enum sample_result of the last */
};

/* Most bytes of a text screen copied for its highlights. */
#define APP_TEXT_WINDOW_MAX	(8u << 20)

struct app {
	struct map *map;		/* the file */
	struct app_options opt;
	struct cursor cur;		/* the one cursor and file size; both
					 * views point here */
	struct hexview view;		/* the hex view's scrolling, pane */
	struct app_text text;		/* the text view */
	struct app_inspect insp;	/* the data inspector */
	struct app_struct strct;	/* the live struct watch */
	struct marks *mark_store;	/* the file's marks (app-marks.c),
					   NULL: none kept */
	int mark_pending;		/* m or ': a letter comes next */
	unsigned char *reg;		/* the register (y r, p), NULL: empty */
	size_t reg_len;
	char *clipboard;		/* an OSC 52 sequence for the terminal
					   to send (app_take_clipboard()) */
	size_t clipboard_len;
	uint64_t jump_from;		/* where the last jump started */
	int have_jump;
	struct journal *journal;	/* every edit, for undo and save */
	unsigned char *marks;		/* per window byte: unsaved edit */
	unsigned char *match_marks;	/* per window byte: in a match */
	unsigned char *change_marks;	/* per window byte: changed lately */
	unsigned char *select_marks;	/* per window byte: selected */
	struct {
		int on;			/* a selection is made */
		uint64_t anchor;	/* its fixed end; the cursor is the
					   other (app-select.h) */
	} sel;
	struct watch *watch;		/* what other processes changed */
	unsigned long changes;		/* bumped when bytes may have changed
					 * (app_text_changed()) */
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
	struct app_history *history;	/* [APP_HISTORY_COUNT] */
	char save_target[APP_PROMPT_MAX];	/* save-as path awaiting y/n */
	struct save_job *save_job;	/* a save-as under way, or NULL */
	uint64_t save_started_ms;	/* when it began */
	char message[APP_MESSAGE_MAX];	/* shown on the last row */
	char log[APP_LOG_MAX][APP_MESSAGE_MAX];	/* the last messages */
	unsigned log_next;		/* next slot of log to write */
	unsigned log_count;		/* messages in log */
	uint8_t message_style;
	int repaint;			/* repaint the whole terminal */
	int quit;			/* leave the loop */
	int told_help;			/* "H for help" was said */
	int suspend;			/* stop (C-z) before the next frame */
	uint64_t next_tick;		/* when the watch ticks next (ms) */
};

/* One thing the user can do; the help screen lists these. */
struct app_action {
	const char *name;		/* bound to keys by name */
	const char *help;		/* one line for the help screen */
	void (*run)(struct app *app, int arg);
	int arg;
};

/* app-state.c */
/* Put a message on the last row (printf format; sanitised when drawn). */
void app_message(struct app *app, uint8_t style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
