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
#include "errmsg.h"
#include "hexdigit.h"
#include "save.h"
#include "tui.h"

uint64_t
tui_edit_unsaved(struct app *app)
{
	return ledger_unsaved(journal_ledger(app->journal));
}

/* Return "s" unless n is 1, for plurals. */
static const char *
tui_edit_s(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* Hold the conflicts c (taken over) and ask the user what to keep; the
 * action resume runs again once they chose. */
static void
tui_edit_conflict(struct app *app, enum tui_resume resume,
    struct edit_conflicts *c)
{
	edit_conflicts_free(&app->conflicts);
	app->conflicts = *c;
	memset(c, 0, sizeof *c);
	app->resume = resume;
	tui_prompt_open(app, TUI_PROMPT_CONFLICT);
}

/* What "m" does, in the words of the action that found the conflict:
 * mmhex's bytes go back over theirs, then the action runs. */
static const char *
tui_edit_mine_label(enum tui_resume resume)
{
	switch (resume) {
	case TUI_RESUME_UNDO:
		return "undo over theirs";
	case TUI_RESUME_REDO:
		return "redo over theirs";
	case TUI_RESUME_DISCARD:
		return "discard over theirs";
	case TUI_RESUME_SAVE:
	case TUI_RESUME_APPLY:
		break;
	}
	return "write mine over theirs";
}

void
tui_edit_conflict_label(struct app *app, char *buf, size_t len)
{
	const struct edit_conflicts *c = &app->conflicts;
	const struct journal_range *r = c->ranges;
	char where[64] = "";

	if (c->count == 0) {
		snprintf(buf, len, "no conflict");
		return;
	}
	if (c->count > 1)
		snprintf(where, sizeof where, " and %zu more range%s",
		    c->count - 1, tui_edit_s(c->count - 1));
	snprintf(buf, len, "conflict: another process changed %" PRIu64
	    " byte%s under your edits (0x%" PRIx64 "-0x%" PRIx64 "%s): "
	    "k keep theirs, m %s, c cancel", c->bytes, tui_edit_s(c->bytes),
	    r[0].offset, r[0].offset + r[0].len - 1, where,
	    tui_edit_mine_label(app->resume));
}

/* Look at what a save, apply or discard refused with; when it was a
 * conflict, ask about it and return 1. */
static int
tui_edit_conflicted(struct app *app, enum tui_resume resume,
    enum edit_check check)
{
	struct edit_conflicts c;

	if (errno != EAGAIN)
		return 0;
	if (edit_check(app->map, app->journal, check, 0, UINT64_MAX, 1,
	    &c) <= 0)
		return 0;	/* gone meanwhile, or cannot tell: just say */
	tui_edit_conflict(app, resume, &c);
	return 1;
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
	struct edit_conflicts c;
	uint64_t offset;
	int r;

	r = redo ? edit_redo(app->map, app->journal, &offset, &c) :
	    edit_undo(app->map, app->journal, &offset, &c);
	if (r == 0) {
		tui_message(app, STYLE_MESSAGE, redo ? "nothing to redo" :
		    "nothing to undo");
		return;
	}
	if (r == -1 && errno == EAGAIN) {
		tui_edit_conflict(app, redo ? TUI_RESUME_REDO :
		    TUI_RESUME_UNDO, &c);
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
	tui_message(app, STYLE_MESSAGE, "%s at 0x%" PRIx64 ", %" PRIu64
	    " unsaved", redo ? "redone" : "undone", offset,
	    tui_edit_unsaved(app));
}

/* Say that the edits live in a file no name reaches, and what to do. */
static void
tui_edit_orphaned(struct app *app, const char *cause)
{
	tui_message(app, STYLE_ERROR, "%s; W writes them to a new file, R "
	    "re-applies them to the file now named %s", cause, app->name);
}

void
tui_edit_save(struct app *app)
{
	char *cause = NULL;
	uint64_t saved;

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
	if (tui_edit_unsaved(app) == 0) {
		tui_message(app, STYLE_MESSAGE, "no unsaved edits");
		if (app->quit_after_save)
			app->quit = 1;
		return;
	}
	if (save_sync(app->map, app->journal, &saved, &cause) == -1) {
		int stale = errno == ESTALE;

		if (tui_edit_conflicted(app, TUI_RESUME_SAVE, EDIT_CHECK_MAP)) {
			free(cause);
			return;
		}
		if (stale)
			tui_edit_orphaned(app, errmsg_show(cause,
			    "the file was replaced"));
		else
			tui_message(app, STYLE_ERROR, "%s; the edits are kept",
			    errmsg_show(cause, "save failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	if (cause != NULL) {
		tui_message(app, STYLE_ERROR, "saved %" PRIu64 " byte%s; %s",
		    saved, tui_edit_s(saved), cause);
		free(cause);
	} else
		tui_message(app, STYLE_MESSAGE, "saved %" PRIu64 " byte%s "
		    "(read back from the file)", saved, tui_edit_s(saved));
	if (app->quit_after_save && tui_edit_unsaved(app) == 0)
		app->quit = 1;
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
		tui_message(app, STYLE_ERROR, "%s", errmsg_show(cause,
		    "save as failed"));
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
	uint64_t saved;

	if (tui_edit_unsaved(app) == 0) {
		tui_message(app, STYLE_MESSAGE, "no unsaved edits to apply");
		if (app->quit_after_save)
			app->quit = 1;
		return;
	}
	if (save_apply(app->map, app->journal, &saved, &cause) == -1) {
		int stale = errno == ESTALE;

		if (tui_edit_conflicted(app, TUI_RESUME_APPLY,
		    EDIT_CHECK_FILE)) {
			free(cause);
			return;
		}
		if (stale)
			tui_edit_orphaned(app, errmsg_show(cause,
			    "the file was replaced"));
		else
			tui_message(app, STYLE_ERROR, "%s; the edits are kept",
			    errmsg_show(cause, "apply failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	tui_message(app, STYLE_MESSAGE, "applied %" PRIu64 " byte%s to the "
	    "original (read back from the file)", saved, tui_edit_s(saved));
	if (app->quit_after_save && tui_edit_unsaved(app) == 0)
		app->quit = 1;
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

/* Put the saved bytes back in a shared mapping, so the file is as saved,
 * and quit; a conflict asks first. */
static void
tui_edit_discard(struct app *app)
{
	char *cause = NULL;

	if (map_mode(app->map) != MAP_WRITE) {
		app->quit = 1;
		return;
	}
	if (save_discard(app->map, app->journal, &cause) == -1) {
		if (!tui_edit_conflicted(app, TUI_RESUME_DISCARD,
		    EDIT_CHECK_MAP))
			tui_message(app, STYLE_ERROR, "cannot discard: %s",
			    errmsg_show(cause, strerror(errno)));
		free(cause);
		return;
	}
	app->quit = 1;
}

void
tui_edit_quit_choice(struct app *app, int key)
{
	int cow = map_mode(app->map) == MAP_COW;

	switch (key) {
	case 's':
	case 'S':
	case 'y':
		app->prompt.kind = TUI_PROMPT_NONE;
		app->quit_after_save = 1;
		if (cow)
			tui_prompt_open(app, TUI_PROMPT_SAVE_AS);
		else
			tui_edit_save(app);
		return;
	case 'a':
	case 'A':
		if (!cow)
			return;
		app->prompt.kind = TUI_PROMPT_NONE;
		app->quit_after_save = 1;
		tui_edit_apply(app);
		return;
	case 'd':
	case 'D':
	case 'n':
		app->prompt.kind = TUI_PROMPT_NONE;
		tui_edit_discard(app);
		return;
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

/* Run again what found the conflicts, now that they are resolved. */
static void
tui_edit_resume(struct app *app)
{
	switch (app->resume) {
	case TUI_RESUME_UNDO:
		tui_edit_undo(app, 0);
		break;
	case TUI_RESUME_REDO:
		tui_edit_undo(app, 1);
		break;
	case TUI_RESUME_SAVE:
		tui_edit_save(app);
		break;
	case TUI_RESUME_APPLY:
		tui_edit_apply(app);
		break;
	case TUI_RESUME_DISCARD:
		tui_edit_discard(app);
		break;
	}
}

void
tui_edit_conflict_choice(struct app *app, int key)
{
	int r;

	switch (key) {
	case 'k':
	case 'K':
		r = edit_keep_theirs(app->map, app->journal, &app->conflicts);
		break;
	case 'm':
	case 'M':
		r = edit_keep_mine(app->map, app->journal, &app->conflicts);
		break;
	case 'c':
	case 'C':
	case TUI_KEY_ESC:
	case TUI_CTRL('g'):
		app->prompt.kind = TUI_PROMPT_NONE;
		app->quit_after_save = 0;
		edit_conflicts_free(&app->conflicts);
		tui_message(app, STYLE_MESSAGE, "cancelled: nothing written");
		return;
	default:
		return;		/* keep asking */
	}
	app->prompt.kind = TUI_PROMPT_NONE;
	edit_conflicts_free(&app->conflicts);
	if (r == -1) {
		tui_message(app, STYLE_ERROR, "cannot resolve the conflict: %s",
		    strerror(errno));
		app->quit_after_save = 0;
		return;
	}
	watch_reset(app->watch);	/* our own writes, not news */
	tui_text_changed(app, 0);
	tui_edit_resume(app);
}

void
tui_edit_reapply(struct app *app)
{
	struct map *fresh;
	const char *other;
	char *cause = NULL;
	uint64_t written, conflicting, lost;

	if (map_replaced(app->map, &other) != 1 || other != NULL) {
		tui_message(app, STYLE_MESSAGE, "R re-applies the edits once "
		    "the file was replaced by another under its name");
		return;
	}
	if ((fresh = map_open(map_path(app->map), map_mode(app->map),
	    &cause)) == NULL) {
		tui_message(app, STYLE_ERROR, "cannot open the new file: %s",
		    errmsg_show(cause, strerror(errno)));
		free(cause);
		return;
	}
	lost = ledger_prune(journal_ledger(app->journal), map_size(fresh));
	if (edit_reapply(fresh, app->journal, &written, &conflicting) == -1) {
		tui_message(app, STYLE_ERROR, "cannot re-apply the edits: %s",
		    strerror(errno));
		map_close(fresh);
		return;
	}
	tui_find_free(app);
	map_close(app->map);
	app->map = fresh;
	watch_reset(app->watch);
	hexview_set_size(&app->view, map_size(fresh));
	tui_text_reset(app);
	tui_geometry(app);
	app->name_told = NULL;
	free(app->filetype);
	app->filetype = NULL;
	app->filetype_done = 0;
	tui_message(app, conflicting + lost > 0 ? STYLE_ERROR : STYLE_MESSAGE,
	    "re-applied %" PRIu64 " byte%s to the new file (not saved yet)"
	    "; %" PRIu64 " conflict (the new file differs there), %" PRIu64
	    " past its end", written, tui_edit_s(written), conflicting, lost);
}

void
tui_edit_shrank(struct app *app, uint64_t size)
{
	uint64_t lost = ledger_prune(journal_ledger(app->journal), size);

	if (lost > 0)
		tui_message(app, STYLE_ERROR, "file shrank to %" PRIu64
		    " bytes; %" PRIu64 " unsaved byte%s past the end lost",
		    size, lost, tui_edit_s(lost));
	else
		tui_message(app, STYLE_ERROR, "file shrank to %" PRIu64
		    " bytes", size);
}
