/*
 * tui-edit.c - overwriting bytes, undo, and the save and quit flows.
 *
 * The core does the work (edit.c writes and journals, save.c syncs,
 * streams and applies); this file decides what a key means in the
 * current mode and tells the user what happened.  Nothing here changes
 * the file's size: at the end of the file typing is refused.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "edit.h"
#include "hexdigit.h"
#include "save.h"
#include "tui.h"

size_t
tui_edit_unsaved(struct app *app)
{
	return journal_unsaved(app->journal);
}

/* Refuse an edit in read-only mode or past the end; return 1 if refused. */
static int
tui_edit_refused(struct app *app)
{
	if (map_mode(app->map) == MAP_READONLY) {
		tui_message(app, STYLE_ERROR, "read-only: open with -w to edit "
		    "the file, or -c to edit a private copy");
		return 1;
	}
	if (app->view.size == 0 || app->at_end) {
		tui_message(app, STYLE_ERROR, "end of file: mmhex overwrites, "
		    "it never changes the file's size");
		return 1;
	}
	return 0;
}

/* Write one byte at the cursor, telling the user when it fails. */
static int
tui_edit_write(struct app *app, unsigned char byte)
{
	if (edit_overwrite(app->map, app->journal, app->view.cursor, &byte,
	    1) == 0) {
		watch_reset(app->watch);	/* our own change, not news */
		tui_text_changed(app, app->view.cursor);
		return 0;
	}
	tui_message(app, STYLE_ERROR, "cannot edit at 0x%" PRIx64 ": %s",
	    app->view.cursor, errno == EFAULT ? "the file shrank" :
	    strerror(errno));
	return -1;
}

/* Move past the byte just typed, or stop at the last byte. */
static void
tui_edit_advance(struct app *app)
{
	if (app->view.cursor + 1 >= app->view.size) {
		app->at_end = 1;
		return;
	}
	hexview_move(&app->view, HEXVIEW_RIGHT);
}

void
tui_edit_type(struct app *app, int key)
{
	struct hexview *v = &app->view;
	unsigned char byte;
	unsigned digit;

	if (tui_edit_refused(app))
		return;
	if (v->pane == HEXVIEW_PANE_CHAR) {
		if (tui_edit_write(app, (unsigned char)key) == 0)
			tui_edit_advance(app);
		return;
	}
	if (map_read(app->map, v->cursor, &byte, 1) != 1)
		return;
	digit = (unsigned)hexdigit_value(key);
	byte = v->nibble == 0 ? (unsigned char)(digit << 4 | (byte & 0x0f)) :
	    (unsigned char)((byte & 0xf0) | digit);
	if (tui_edit_write(app, byte) == -1)
		return;
	if (v->nibble == 0)
		v->nibble = 1;
	else {
		v->nibble = 0;
		tui_edit_advance(app);
	}
}

void
tui_edit_undo(struct app *app, int redo)
{
	uint64_t offset;
	int r;

	r = redo ? edit_redo(app->map, app->journal, &offset) :
	    edit_undo(app->map, app->journal, &offset);
	if (r == 0) {
		tui_message(app, STYLE_MESSAGE, redo ? "nothing to redo" :
		    "nothing to undo");
		return;
	}
	if (r == -1) {
		tui_message(app, STYLE_ERROR, "cannot %s: %s", redo ? "redo" :
		    "undo", strerror(errno));
		return;
	}
	app->at_end = 0;
	watch_reset(app->watch);
	tui_text_changed(app, offset);
	hexview_goto(&app->view, offset);
	tui_message(app, STYLE_MESSAGE, "%s at 0x%" PRIx64 ", %zu unsaved",
	    redo ? "redone" : "undone", offset, tui_edit_unsaved(app));
}

void
tui_edit_save(struct app *app)
{
	char *cause = NULL;
	size_t n = tui_edit_unsaved(app);

	switch (map_mode(app->map)) {
	case MAP_READONLY:
		tui_message(app, STYLE_MESSAGE, "read-only: nothing to save "
		    "(W writes a copy)");
		return;
	case MAP_COW:
		tui_message(app, STYLE_MESSAGE, "copy-on-write: W saves a "
		    "patched copy, P applies the edits to the original");
		return;
	case MAP_WRITE:
		break;
	}
	if (n == 0) {
		tui_message(app, STYLE_MESSAGE, "no unsaved edits");
		return;
	}
	if (save_sync(app->map, app->journal, &cause) == -1) {
		tui_message(app, STYLE_ERROR, "%s; the edits are kept",
		    cause != NULL ? cause : "save failed");
		free(cause);
		return;
	}
	if (cause != NULL) {
		tui_message(app, STYLE_ERROR, "saved; %s", cause);
		free(cause);
		return;
	}
	tui_message(app, STYLE_MESSAGE, "saved %zu edit%s", n, n == 1 ? "" :
	    "s");
}

void
tui_edit_save_as(struct app *app, const char *path, int replace)
{
	struct stat st;
	char *cause = NULL;

	if (path[0] == '\0') {
		app->quit_after_save = 0;
		return;
	}
	if (save_is_open_file(app->map, path)) {
		/* A copy renamed over the mapped file would orphan the
		 * mapping and make our own save look like news. */
		tui_message(app, STYLE_ERROR, "that is the file being edited: "
		    "%s", map_mode(app->map) == MAP_COW ? "P applies the "
		    "edits to it" : map_mode(app->map) == MAP_WRITE ? "w saves "
		    "it" : "save as another name");
		app->quit_after_save = 0;
		return;
	}
	if (!replace && lstat(path, &st) == 0) {
		/* Ask before replacing; the prompt calls back with replace. */
		snprintf(app->prompt.target, sizeof app->prompt.target, "%s",
		    path);
		tui_prompt_open(app, TUI_PROMPT_REPLACE);
		return;
	}
	tui_message(app, STYLE_MESSAGE, "saving...");
	tui_screen_layout(app);
	tui_screen_flush(app);
	if (save_as(app->map, app->journal, path, replace,
	    &cause) == -1) {
		tui_message(app, STYLE_ERROR, "%s", cause != NULL ? cause :
		    "save as failed");
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	tui_message(app, STYLE_MESSAGE, "wrote a patched copy (%" PRIu64
	    " bytes)", map_size(app->map));
	if (app->quit_after_save)
		app->quit = 1;
}

void
tui_edit_apply(struct app *app)
{
	char *cause = NULL;
	size_t n = tui_edit_unsaved(app);

	if (save_apply(app->map, app->journal, &cause) == -1) {
		tui_message(app, STYLE_ERROR, "%s; the original is unchanged "
		    "where the write failed, the edits are kept",
		    cause != NULL ? cause : "apply failed");
		free(cause);
		return;
	}
	tui_message(app, STYLE_MESSAGE, "applied %zu edit%s to the original",
	    n, n == 1 ? "" : "s");
}

void
tui_edit_quit(struct app *app)
{
	if (tui_edit_unsaved(app) == 0) {
		app->quit = 1;
		return;
	}
	tui_prompt_open(app, TUI_PROMPT_QUIT);
}

/* Undo every unsaved edit in a shared mapping, so the file is as saved. */
static int
tui_edit_discard(struct app *app)
{
	char *cause = NULL;

	if (map_mode(app->map) != MAP_WRITE)
		return 0;
	if (save_discard(app->map, app->journal, &cause) == -1) {
		tui_message(app, STYLE_ERROR, "cannot discard: %s",
		    cause != NULL ? cause : strerror(errno));
		free(cause);
		return -1;
	}
	return 0;
}

void
tui_edit_quit_choice(struct app *app, int key)
{
	int cow = map_mode(app->map) == MAP_COW;

	switch (key) {
	case 's':
	case 'S':
	case 'y':
		if (cow) {
			app->quit_after_save = 1;
			tui_prompt_open(app, TUI_PROMPT_SAVE_AS);
			return;
		}
		tui_edit_save(app);
		if (tui_edit_unsaved(app) == 0)
			app->quit = 1;
		break;
	case 'a':
	case 'A':
		if (!cow)
			return;
		tui_edit_apply(app);
		if (tui_edit_unsaved(app) == 0)
			app->quit = 1;
		break;
	case 'd':
	case 'D':
	case 'n':
		if (tui_edit_discard(app) == 0)
			app->quit = 1;
		break;
	case 'c':
	case 'C':
	case TUI_KEY_ESC:
	case TUI_CTRL('g'):
		break;
	default:
		return;		/* keep asking */
	}
	app->prompt.kind = TUI_PROMPT_NONE;
}
