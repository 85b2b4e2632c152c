/*
 * app-actions.c - the one table of everything the user can do.
 *
 * Each action has a name (keys are bound to it by name in app-keymap.c),
 * one line of help (the help screen is generated from this table) and a
 * handler.  Handlers change the application state; the main loop redraws
 * afterwards, so no handler draws or waits for a key.
 */
#include <stdio.h>
#include <string.h>

#include "app-actions.h"
#include "app-edit.h"
#include "app-find.h"
#include "app-goto.h"
#include "app-inspect.h"
#include "app-marks.h"
#include "app-select.h"
#include "app-struct.h"
#include "app-yank.h"
#include "app-text.h"

/* Move the cursor. */
static void
act_move(struct app *app, int motion)
{
	if (app->text.on)
		app_text_move(app, (enum hexview_motion)motion);
	else
		hexview_move(&app->view, (enum hexview_motion)motion);
}

/* V: start or clear a selection; S: select the match under the cursor. */
static void
act_select(struct app *app, int match)
{
	if (match)
		app_select_match(app);
	else
		app_select_toggle(app);
}

/* i: show or hide the inspector; o: switch its byte order. */
static void
act_inspect(struct app *app, int order)
{
	if (order)
		app_inspect_order(app);
	else
		app_inspect_toggle(app);
}

/* m: set a mark; ': jump to one. */
static void
act_mark(struct app *app, int key)
{
	app_marks_begin(app, key);
}

/* y: yank; p: paste; X: fill the selection. */
static void
act_yank(struct app *app, int what)
{
	if (what == 'y')
		app_yank_open(app);
	else if (what == 'p')
		app_yank_paste(app);
	else
		app_yank_fill_open(app);
}

/* L: watch a struct at the cursor. */
static void
act_struct(struct app *app, int arg)
{
	(void)arg;
	app_struct_open(app);
}

/* Switch between the hex and the text view, on the same byte. */
static void
act_view(struct app *app, int arg)
{
	(void)arg;
	app_text_toggle(app);
}

/* Text view: toggle wrapping (arg APP_TEXT_WRAP) or line numbers. */
static void
act_text_option(struct app *app, int which)
{
	app_text_option(app, which);
}

/* Open the goto prompt. */
static void
act_goto(struct app *app, int arg)
{
	(void)arg;
	app_goto_open(app);
}

/* Switch the active pane. */
static void
act_switch_pane(struct app *app, int arg)
{
	(void)arg;
	/* Tab goes round: hex, characters, the inspector when shown. */
	if (app->text.on) {
		if (app_inspect_focus(app))
			return;
		app_message(app, STYLE_MESSAGE, "the text view has no panes: "
		    "v goes back to the hex view");
		return;
	}
	if (app->view.pane == HEXVIEW_PANE_CHAR && app_inspect_focus(app))
		return;
	app->view.pane = app->view.pane == HEXVIEW_PANE_HEX ?
	    HEXVIEW_PANE_CHAR : HEXVIEW_PANE_HEX;
	if (app->view.pane == HEXVIEW_PANE_CHAR)
		app_message(app, STYLE_MESSAGE, "character pane%s; Esc or Tab: "
		    "hex pane", map_mode(app->map) == MAP_READONLY ?
		    ", read-only: keys type nothing" : ": each key types its "
		    "character");
}

/* Open the find prompt, forward (arg 0) or backward (arg 1). */
static void
act_find(struct app *app, int backward)
{
	app_find_open(app, backward);
}

/* Repeat the last find in its direction (arg 0) or the other (1). */
static void
act_find_again(struct app *app, int reverse)
{
	app_find_repeat(app, reverse);
}

/* Follow the end of the file as it grows, until any key. */
static void
act_follow(struct app *app, int arg)
{
	(void)arg;
	app->follow = 1;
	if (app->cur.size > 0)
		hexview_goto(&app->view, app->cur.size - 1);
	app_message(app, STYLE_MESSAGE, "following the end of the file "
	    "(any key stops)");
}

/* Show the help screen. */
static void
act_help(struct app *app, int arg)
{
	(void)arg;
	app->screen = APP_SCREEN_HELP;
	app->help_top = 0;
}

/* Show the last messages, whole. */
static void
act_messages(struct app *app, int arg)
{
	(void)arg;
	app->screen = APP_SCREEN_MESSAGES;
}

/* Repaint the whole terminal. */
static void
act_redraw(struct app *app, int arg)
{
	(void)arg;
	app->repaint = 1;
}

/* Leave mmhex, asking first when edits are unsaved. */
static void
act_quit(struct app *app, int arg)
{
	(void)arg;
	app_edit_quit(app);
}

/* Stop mmhex as the shell's job control does; fg resumes it.  The loop
 * does it before the next frame (it owns the terminal and the signals). */
static void
act_suspend(struct app *app, int arg)
{
	(void)arg;
	app->suspend = 1;
}

/* Overwrite the byte under the cursor with the key typed. */
static void
act_type(struct app *app, int key)
{
	app_edit_type(app, key);
}

/* Undo (arg 0) or redo (arg 1) one edit. */
static void
act_undo(struct app *app, int redo)
{
	app_edit_undo(app, redo);
}

/* Save the edits in place (-w). */
static void
act_save(struct app *app, int arg)
{
	(void)arg;
	app_edit_save(app);
}

/* Ask for a path and write a patched copy there. */
static void
act_save_as(struct app *app, int arg)
{
	(void)arg;
	app->quit_after_save = 0;
	app_edit_save_as_open(app);
}

/* Ask, then write the -c edits into the original file. */
static void
act_apply(struct app *app, int arg)
{
	(void)arg;
	app_edit_apply_open(app);
}

/* Write the edits into the file now under the name (it was replaced). */
static void
act_reapply(struct app *app, int arg)
{
	(void)arg;
	app_edit_reapply(app);
}

/* Leave the character pane for the hex pane. */
static void
act_hex_pane(struct app *app, int arg)
{
	(void)arg;
	app->view.pane = HEXVIEW_PANE_HEX;
}

static const struct app_action actions[] = {
	{ "left", "move one byte back", act_move, HEXVIEW_LEFT },
	{ "right", "move one byte on", act_move, HEXVIEW_RIGHT },
	{ "up", "move one row up", act_move, HEXVIEW_UP },
	{ "down", "move one row down", act_move, HEXVIEW_DOWN },
	{ "page-up", "move one screen up", act_move, HEXVIEW_PAGE_UP },
	{ "page-down", "move one screen down", act_move, HEXVIEW_PAGE_DOWN },
	{ "row-start", "go to the start of the row", act_move,
	    HEXVIEW_ROW_START },
	{ "row-end", "go to the end of the row", act_move, HEXVIEW_ROW_END },
	{ "file-start", "go to the start of the file", act_move,
	    HEXVIEW_FILE_START },
	{ "file-end", "go to the last byte of the file", act_move,
	    HEXVIEW_FILE_END },
	{ "scroll-up", "scroll the view up 3 rows", act_move,
	    HEXVIEW_SCROLL_UP },
	{ "scroll-down", "scroll the view down 3 rows", act_move,
	    HEXVIEW_SCROLL_DOWN },
	{ "goto", "go to an offset: 0x1F00 +0x10 -512 50% end-16 4k; in "
	    "the text view a plain number is a line", act_goto, 0 },
	{ "view", "switch between the hex and the text view", act_view, 0 },
	{ "select", "start a selection at the cursor (moves extend it; Esc "
	    "or V again clears it)", act_select, 0 },
	{ "select-match", "select the match the cursor is on", act_select, 1 },
	{ "inspector", "show the values at the cursor (Tab then Up/Down and "
	    "Enter edits one)", act_inspect, 0 },
	{ "byte-order", "inspector: switch little/big-endian", act_inspect, 1 },
	{ "mark", "set a mark at the cursor: m then a letter (kept for the "
	    "file)", act_mark, 'm' },
	{ "jump-mark", "go to a mark: ' then its letter; '' goes back",
	    act_mark, '\'' },
	{ "yank", "copy the selection (or the byte): r into the register, "
	    "or to the clipboard as hex, C, base64, Python or xxd", act_yank,
	    'y' },
	{ "paste", "paste the register over the bytes at the cursor",
	    act_yank, 'p' },
	{ "fill", "fill the selection with a byte or a pattern", act_yank,
	    'X' },
	{ "struct-watch", "watch a record at the cursor, live, in Python struct "
	    "syntax with names (<Qd counter ts)", act_struct, 0 },
	{ "wrap", "text view: wrap long lines on or off", act_text_option,
	    APP_TEXT_WRAP },
	{ "line-numbers", "text view: line numbers on or off",
	    act_text_option, APP_TEXT_NUMBERS },
	{ "find", "find forward: text, caseless, hex (7F 45 ?? 01) or regex",
	    act_find, 0 },
	{ "find-backward", "find backward", act_find, 1 },
	{ "find-next", "repeat the last find in its direction", act_find_again,
	    0 },
	{ "find-previous", "repeat the last find the other way",
	    act_find_again, 1 },
	{ "follow", "follow the end of a growing file (any key stops)",
	    act_follow, 0 },
	{ "switch-pane", "switch the cursor between hex and characters",
	    act_switch_pane, 0 },
	{ "type-hex", "hex pane: overwrite the digit under the cursor",
	    act_type, 0 },
	{ "type-text", "character pane: overwrite the byte with the key",
	    act_type, 0 },
	{ "hex-pane", "back to the hex pane", act_hex_pane, 0 },
	{ "undo", "undo the last edit (a run of typing is one edit; works "
	    "after a save too)", act_undo, 0 },
	{ "redo", "redo the last undone edit", act_undo, 1 },
	{ "save", "-w: flush the edits to the file (msync + fsync)", act_save,
	    0 },
	{ "save-as", "write a patched copy to a new file", act_save_as, 0 },
	{ "apply", "-c: write the edits into the original file (asks first)",
	    act_apply, 0 },
	{ "reapply", "file replaced under its name: put the edits into the "
	    "new one", act_reapply, 0 },
	{ "help", "show this help (q or Esc closes it)", act_help, 0 },
	{ "messages", "show the last messages, whole (q or Esc closes)",
	    act_messages, 0 },
	{ "redraw", "redraw the screen", act_redraw, 0 },
	{ "suspend", "suspend mmhex (the shell's fg resumes it)",
	    act_suspend, 0 },
	{ "quit", "quit (asks first when edits are unsaved)", act_quit, 0 },
};

const struct app_action *
app_actions(size_t *count)
{
	*count = sizeof actions / sizeof actions[0];
	return actions;
}

const struct app_action *
app_action_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof actions / sizeof actions[0]; i++) {
		if (strcmp(actions[i].name, name) == 0)
			return &actions[i];
	}
	return NULL;
}
