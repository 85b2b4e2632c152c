/*
 * app-edit.c - overwriting bytes, undo, and the save and quit flows.
 *
 * The core does the work (edit.c writes and journals, save.c syncs,
 * streams and applies); this file decides what a key means in the
 * current mode and tells the user what happened.  Nothing here changes
 * the file's size: at the end of the file typing is refused.  Save-as is
 * a job stepped by the loop (app_edit_step), with progress on the status
 * line and Esc to cancel.  Every prompt that could lose work names its
 * keys; none of them takes y or n for "discard".
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app-edit.h"
#include "app-prompt.h"
#include "app-session.h"
#include "app-text.h"
#include "edit.h"
#include "errmsg.h"
#include "hexdigit.h"
#include "sanitize.h"
#include "save.h"

uint64_t
app_edit_unsaved(struct app *app)
{
	return ledger_unsaved(journal_ledger(app->journal));
}

/* Return "s" unless n is 1, for plurals. */
static const char *
app_edit_s(uint64_t n)
{
	return n == 1 ? "" : "s";
}

static void app_edit_conflict_label(struct app *, char *, size_t);
static void app_edit_apply(struct app *);
static int app_edit_conflict_key(struct app *, int);

/* The conflict prompt: one key, k, m or c. */
static const struct app_prompt_ops conflict_ops = {
	.label = app_edit_conflict_label,
	.key = app_edit_conflict_key,
};

/* Hold the conflicts c (taken over) and ask the user what to keep; the
 * action resume runs again once they chose. */
static void
app_edit_conflict(struct app *app, enum app_resume resume,
    struct edit_conflicts *c)
{
	edit_conflicts_free(&app->conflicts);
	app->conflicts = *c;
	memset(c, 0, sizeof *c);
	app->resume = resume;
	app_prompt_open(app, &conflict_ops, NULL, NULL);
}

/* What "m" does, in the words of the action that found the conflict:
 * mmhex's bytes go back over theirs, then the action runs. */
static const char *
app_edit_mine_label(enum app_resume resume)
{
	switch (resume) {
	case APP_RESUME_UNDO:
		return "undo over theirs";
	case APP_RESUME_REDO:
		return "redo over theirs";
	case APP_RESUME_DISCARD:
		return "discard over theirs";
	case APP_RESUME_SAVE:
	case APP_RESUME_APPLY:
		break;
	}
	return "write mine over theirs";
}

static void
app_edit_conflict_label(struct app *app, char *buf, size_t len)
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
		    c->count - 1, app_edit_s(c->count - 1));
	snprintf(buf, len, "conflict: another process changed %" PRIu64
	    " byte%s under your edits (0x%" PRIx64 "-0x%" PRIx64 "%s): "
	    "k keep theirs, m %s, c cancel", c->bytes, app_edit_s(c->bytes),
	    r[0].offset, r[0].offset + r[0].len - 1, where,
	    app_edit_mine_label(app->resume));
}

/* Look at what a save, apply or discard refused with; when it was a
 * conflict, ask about it and return 1. */
static int
app_edit_conflicted(struct app *app, enum app_resume resume,
    enum edit_check check)
{
	struct edit_conflicts c;

	if (errno != EAGAIN)
		return 0;
	if (edit_check(app->map, app->journal, check, 0, UINT64_MAX, 1,
	    &c) <= 0)
		return 0;	/* gone meanwhile, or cannot tell: just say */
	app_edit_conflict(app, resume, &c);
	return 1;
}

/* Refuse an edit in read-only mode or past the end; return 1 if refused. */
static int
app_edit_refused(struct app *app)
{
	if (map_mode(app->map) == MAP_READONLY) {
		if (app->view.pane == HEXVIEW_PANE_CHAR)
			app_message(app, STYLE_ERROR, "read-only: -w edits the "
			    "file, -c a private copy; Esc or Tab: hex pane");
		else
			app_message(app, STYLE_ERROR, "read-only: open with -w "
			    "to edit the file, or -c to edit a private copy");
		return 1;
	}
	if (app->cur.size == 0 || app->at_end) {
		app_message(app, STYLE_ERROR, "end of file: mmhex overwrites, "
		    "it never changes the file's size");
		return 1;
	}
	return 0;
}

/* Write one byte at the cursor, telling the user when it fails. */
static int
app_edit_write(struct app *app, unsigned char byte)
{
	if (edit_overwrite(app->map, app->journal, app->cur.off, &byte,
	    1) == 0) {
		watch_reset(app->watch);	/* our own change, not news */
		app_text_changed(app, app->cur.off);
		return 0;
	}
	app_message(app, STYLE_ERROR, "cannot edit at 0x%" PRIx64 ": %s",
	    app->cur.off, errno == EFAULT ? "the file shrank" :
	    strerror(errno));
	return -1;
}

/* Say why a paste or fill was refused or failed. */
static void
app_edit_refusal(struct app *app, const char *what, uint64_t off)
{
	if (errno == EROFS)
		app_message(app, STYLE_ERROR, "read-only: open with -w to edit "
		    "the file, or -c to edit a private copy; nothing written");
	else if (errno == ERANGE)
		app_message(app, STYLE_ERROR, "%s at 0x%" PRIx64 " would run "
		    "past the end (the size never changes): nothing written",
		    what, off);
	else
		app_message(app, STYLE_ERROR, "cannot %s at 0x%" PRIx64 ": %s",
		    what, off, errno == EFAULT ? "the file shrank" :
		    strerror(errno));
}

/* After an edit call at off (r its result): say why it failed, or take
 * the change as ours.  Returns r. */
static int
app_edit_done(struct app *app, int r, const char *what, uint64_t off)
{
	if (r == -1) {
		app_edit_refusal(app, what, off);
		return -1;
	}
	watch_reset(app->watch);	/* our own change, not news */
	app_text_changed(app, off);
	return 0;
}

int
app_edit_bytes(struct app *app, uint64_t off, const unsigned char *bytes,
    size_t len)
{
	return app_edit_done(app, edit_overwrite(app->map, app->journal, off,
	    bytes, len), "write", off);
}

int
app_edit_paste(struct app *app, uint64_t off, const unsigned char *bytes,
    size_t len)
{
	return app_edit_done(app, edit_paste(app->map, app->journal, off,
	    bytes, len), "paste", off);
}

int
app_edit_fill(struct app *app, uint64_t off, uint64_t len,
    const unsigned char *pattern, size_t plen)
{
	return app_edit_done(app, edit_fill(app->map, app->journal, off, len,
	    pattern, plen), "fill", off);
}

/* Move past the byte just typed, or stop at the last byte. */
static void
app_edit_advance(struct app *app)
{
	if (app->cur.off + 1 >= app->cur.size) {
		app->at_end = 1;
		return;
	}
	hexview_move(&app->view, HEXVIEW_RIGHT);
}

void
app_edit_type(struct app *app, int key)
{
	struct hexview *v = &app->view;
	unsigned char byte;
	unsigned digit;

	if (app_edit_refused(app))
		return;
	if (v->pane == HEXVIEW_PANE_CHAR) {
		if (app_edit_write(app, (unsigned char)key) == 0)
			app_edit_advance(app);
		return;
	}
	if (map_read(app->map, app->cur.off, &byte, 1) != 1)
		return;
	digit = (unsigned)hexdigit_value(key);
	byte = v->nibble == 0 ? (unsigned char)(digit << 4 | (byte & 0x0f)) :
	    (unsigned char)((byte & 0xf0) | digit);
	if (app_edit_write(app, byte) == -1)
		return;
	if (v->nibble == 0)
		v->nibble = 1;
	else {
		v->nibble = 0;
		app_edit_advance(app);
	}
}

void
app_edit_undo(struct app *app, int redo)
{
	struct edit_conflicts c;
	uint64_t offset;
	int r;

	r = redo ? edit_redo(app->map, app->journal, &offset, &c) :
	    edit_undo(app->map, app->journal, &offset, &c);
	if (r == 0) {
		app_message(app, STYLE_MESSAGE, redo ? "nothing to redo" :
		    "nothing to undo");
		return;
	}
	if (r == -1 && errno == EAGAIN) {
		app_edit_conflict(app, redo ? APP_RESUME_REDO :
		    APP_RESUME_UNDO, &c);
		return;
	}
	if (r == -1) {
		app_message(app, STYLE_ERROR, "cannot %s: %s", redo ? "redo" :
		    "undo", strerror(errno));
		return;
	}
	app->at_end = 0;
	watch_reset(app->watch);
	app_text_changed(app, offset);
	hexview_goto(&app->view, offset);
	app_message(app, STYLE_MESSAGE, "%s at 0x%" PRIx64 ", %" PRIu64
	    " unsaved", redo ? "redone" : "undone", offset,
	    app_edit_unsaved(app));
}

/* Say that the edits live in a file no name reaches, and what to do. */
static void
app_edit_orphaned(struct app *app, const char *cause)
{
	app_message(app, STYLE_ERROR, "%s; W writes them to a new file, R "
	    "re-applies them to the file now named %s", cause, app->name);
}

void
app_edit_save(struct app *app)
{
	char *cause = NULL;
	uint64_t saved;

	switch (map_mode(app->map)) {
	case MAP_READONLY:
		app_message(app, STYLE_MESSAGE, "read-only: nothing to save "
		    "(W writes a copy)");
		return;
	case MAP_COW:
		app_message(app, STYLE_MESSAGE, "copy-on-write: W saves a "
		    "patched copy, P applies the edits to the original");
		return;
	case MAP_WRITE:
		break;
	}
	if (app_edit_unsaved(app) == 0) {
		app_message(app, STYLE_MESSAGE, "no unsaved edits");
		if (app->quit_after_save)
			app->quit = 1;
		return;
	}
	if (save_sync(app->map, app->journal, &saved, &cause) == -1) {
		int stale = errno == ESTALE;

		if (app_edit_conflicted(app, APP_RESUME_SAVE, EDIT_CHECK_MAP)) {
			free(cause);
			return;
		}
		if (stale)
			app_edit_orphaned(app, errmsg_show(cause,
			    "the file was replaced"));
		else
			app_message(app, STYLE_ERROR, "%s; the edits are kept",
			    errmsg_show(cause, "save failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	if (cause != NULL) {
		app_message(app, STYLE_ERROR, "saved %" PRIu64 " byte%s; %s",
		    saved, app_edit_s(saved), cause);
		free(cause);
	} else
		app_message(app, STYLE_MESSAGE, "saved %" PRIu64 " byte%s "
		    "(read back from the file)", saved, app_edit_s(saved));
	if (app->quit_after_save && app_edit_unsaved(app) == 0)
		app->quit = 1;
}

/* Start writing a patched copy at path; the loop steps it. */
static void
app_edit_save_as_start(struct app *app, const char *path, int replace)
{
	char *cause = NULL;

	app->save_job = save_as_begin(app->map, app->journal, path, replace,
	    &cause);
	if (app->save_job == NULL) {
		app_message(app, STYLE_ERROR, "%s", errmsg_show(cause,
		    "save as failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	if (path != app->save_target)	/* the replace prompt passes it */
		snprintf(app->save_target, sizeof app->save_target, "%s",
		    path);
	app->save_started_ms = app_now_ms();
	app_message(app, STYLE_MESSAGE, "saving...");
	app_edit_step(app);
}

/* Answer a y/n prompt: y closes it and returns 1 (the caller acts), n
 * or Esc closes it saying so and returns -1, any other key keeps asking
 * (0). */
static int
app_edit_yes_no(struct app *app, int key)
{
	if (key == 'y' || key == 'Y') {
		app_prompt_close(app);
		return 1;
	}
	if (key == 'n' || key == 'N' || key == APP_KEY_ESC ||
	    key == APP_CTRL('g') || key == APP_CTRL('c')) {
		app_prompt_close(app);
		app->quit_after_save = 0;
		app_message(app, STYLE_MESSAGE, "cancelled");
		return -1;
	}
	return 0;
}

/* The replace prompt's one key: y replaces, n or Esc does not. */
static int
app_edit_replace_key(struct app *app, int key)
{
	if (app_edit_yes_no(app, key) == 1)
		app_edit_save_as_start(app, app->save_target, 1);
	return 1;
}

static const struct app_prompt_ops replace_ops = {
	.text = "file exists, replace it? (y/n) ",
	.key = app_edit_replace_key,
};

/* The save-as prompt's Enter: check the path, ask before replacing. */
static void
app_edit_save_as_enter(struct app *app, const char *path)
{
	struct stat st;

	if (path[0] == '\0') {
		app->quit_after_save = 0;
		return;
	}
	if (save_is_open_file(app->map, path)) {
		/* A copy renamed over the mapped file would orphan the
		 * mapping and make our own save look like news. */
		app_message(app, STYLE_ERROR, "that is the file being edited: "
		    "%s", map_mode(app->map) == MAP_COW ? "P applies the "
		    "edits to it" : map_mode(app->map) == MAP_WRITE ? "w saves "
		    "it" : "save as another name");
		app->quit_after_save = 0;
		return;
	}
	if (lstat(path, &st) == 0) {
		snprintf(app->save_target, sizeof app->save_target, "%s",
		    path);
		app_prompt_open(app, &replace_ops, NULL, NULL);
		return;
	}
	app_edit_save_as_start(app, path, 0);
}

/* Esc at the save-as prompt. */
static void
app_edit_save_as_cancel(struct app *app)
{
	app->quit_after_save = 0;
}

/* Tab: a leading ~ becomes $HOME; the last part of the path is completed
 * as far as the names in its directory agree (a directory gets its /). */
static int
app_edit_complete(struct app *app, char *text, size_t size)
{
	char dir[APP_PROMPT_MAX], best[APP_PROMPT_MAX], *slash;
	const char *home = getenv("HOME"), *base;
	struct dirent *e;
	struct stat st;
	size_t blen, n, k, matches = 0;
	int changed = 0;
	DIR *d;

	(void)app;
	if (text[0] == '~' && (text[1] == '/' || text[1] == '\0') &&
	    home != NULL && strlen(home) + strlen(text) < size) {
		memmove(text + strlen(home), text + 1, strlen(text));
		memcpy(text, home, strlen(home));
		changed = 1;
	}
	slash = strrchr(text, '/');
	if (slash == NULL) {
		snprintf(dir, sizeof dir, ".");
		base = text;
	} else {
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - text + 1), text);
		base = slash + 1;
	}
	blen = strlen(base);
	if ((d = opendir(dir)) == NULL)
		return changed;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, base, blen) != 0 ||
		    strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (e->d_name[0] == '.' && blen == 0))
			continue;
		if (matches++ == 0) {
			snprintf(best, sizeof best, "%s", e->d_name);
			continue;
		}
		for (k = 0; best[k] != '\0' && best[k] == e->d_name[k]; k++)
			;
		best[k] = '\0';
	}
	closedir(d);
	if (matches == 0)
		return changed;
	n = (size_t)(base - text);
	if (n + strlen(best) + 2 > size)
		return changed;
	memcpy(text + n, best, strlen(best) + 1);
	if (matches == 1 && stat(text, &st) == 0 && S_ISDIR(st.st_mode))
		strcat(text, "/");
	return 1;
}

static const struct app_prompt_ops save_as_ops = {
	.text = "save as: ",
	.enter = app_edit_save_as_enter,
	.cancel = app_edit_save_as_cancel,
	.complete = app_edit_complete,
};

void
app_edit_save_as_open(struct app *app)
{
	if (app->save_job != NULL) {
		app_message(app, STYLE_MESSAGE, "a save-as is running (Esc "
		    "cancels it)");
		return;
	}
	app_prompt_open(app, &save_as_ops, NULL,
	    &app->history[APP_HISTORY_SAVE_AS]);
}

int
app_edit_busy(const struct app *app)
{
	return app->save_job != NULL;
}

/* Bytes a save-as step copies between clock checks, and its time. */
#define EDIT_STEP_BYTES (4u << 20)
#define EDIT_STEP_MS 8

void
app_edit_step(struct app *app)
{
	uint64_t start = app_now_ms(), size;
	char *cause = NULL, *name;
	int r;

	if (app->save_job == NULL)
		return;
	do {
		r = save_as_step(app->save_job, EDIT_STEP_BYTES, &cause);
	} while (r == 1 && app_now_ms() - start < EDIT_STEP_MS);
	if (r == 1)
		return;
	save_as_done(app->save_job, &size);	/* the copy's size */
	save_as_free(app->save_job);
	app->save_job = NULL;
	if (r == -1) {
		app_message(app, STYLE_ERROR, "%s", errmsg_show(cause,
		    "save as failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	name = sanitize_string(app->save_target);
	app_message(app, STYLE_MESSAGE, "wrote a patched copy to %s (%" PRIu64
	    " bytes)", name != NULL ? name : "the new file", size);
	free(name);
	if (app->quit_after_save)
		app->quit = 1;
}

int
app_edit_cancel(struct app *app)
{
	if (app->save_job == NULL)
		return 0;
	save_as_free(app->save_job);	/* removes the unfinished copy */
	app->save_job = NULL;
	app->quit_after_save = 0;
	app_message(app, STYLE_MESSAGE, "save-as cancelled: nothing written");
	return 1;
}

void
app_edit_status(const struct app *app, char *buf, size_t len)
{
	uint64_t done, total;

	buf[0] = '\0';
	if (app->save_job == NULL || app_now_ms() - app->save_started_ms < 150)
		return;
	done = save_as_done(app->save_job, &total);
	snprintf(buf, len, "saving %u%% (Esc cancels)", total > 0 ?
	    (unsigned)(done * 100 / total) : 100);
}

/* The apply prompt's one key: y applies, n or Esc does not. */
static int
app_edit_apply_key(struct app *app, int key)
{
	if (app_edit_yes_no(app, key) == 1)
		app_edit_apply(app);
	return 1;
}

static const struct app_prompt_ops apply_ops = {
	.text = "write the edits into the original file? (y/n) ",
	.key = app_edit_apply_key,
};

void
app_edit_apply_open(struct app *app)
{
	if (map_mode(app->map) == MAP_READONLY) {
		app_message(app, STYLE_MESSAGE, "read-only: no edits to apply "
		    "(-c edits a private copy, and P writes it into the file)");
		return;
	}
	if (map_mode(app->map) == MAP_WRITE) {
		app_message(app, STYLE_MESSAGE, "apply is for -c: in -w edits "
		    "are already in the file (w syncs them)");
		return;
	}
	if (app_edit_unsaved(app) == 0) {
		app_message(app, STYLE_MESSAGE, "no unsaved edits to apply");
		return;
	}
	app_prompt_open(app, &apply_ops, NULL, NULL);
}

static void
app_edit_apply(struct app *app)
{
	char *cause = NULL;
	uint64_t saved;

	if (app_edit_unsaved(app) == 0) {
		app_message(app, STYLE_MESSAGE, "no unsaved edits to apply");
		if (app->quit_after_save)
			app->quit = 1;
		return;
	}
	if (save_apply(app->map, app->journal, &saved, &cause) == -1) {
		int stale = errno == ESTALE;

		if (app_edit_conflicted(app, APP_RESUME_APPLY,
		    EDIT_CHECK_FILE)) {
			free(cause);
			return;
		}
		if (stale)
			app_edit_orphaned(app, errmsg_show(cause,
			    "the file was replaced"));
		else
			app_message(app, STYLE_ERROR, "%s; the edits are kept",
			    errmsg_show(cause, "apply failed"));
		free(cause);
		app->quit_after_save = 0;
		return;
	}
	app_message(app, STYLE_MESSAGE, "applied %" PRIu64 " byte%s to the "
	    "original (read back from the file)", saved, app_edit_s(saved));
	if (app->quit_after_save && app_edit_unsaved(app) == 0)
		app->quit = 1;
}

/* Put the saved bytes back in a shared mapping, so the file is as saved,
 * and quit; a conflict asks first. */
static void
app_edit_discard(struct app *app)
{
	char *cause = NULL;

	if (map_mode(app->map) != MAP_WRITE) {
		app->quit = 1;
		return;
	}
	if (save_discard(app->map, app->journal, &cause) == -1) {
		if (!app_edit_conflicted(app, APP_RESUME_DISCARD,
		    EDIT_CHECK_MAP))
			app_message(app, STYLE_ERROR, "cannot discard: %s",
			    errmsg_show(cause, strerror(errno)));
		free(cause);
		return;
	}
	app->quit = 1;
}

/* The quit prompt's one key: each key that loses or writes work is
 * named on the prompt; any other key keeps asking. */
static int
app_edit_quit_key(struct app *app, int key)
{
	int cow = map_mode(app->map) == MAP_COW;

	switch (key) {
	case 's':
	case 'S':
		app_prompt_close(app);
		app->quit_after_save = 1;
		if (cow)
			app_edit_save_as_open(app);
		else
			app_edit_save(app);
		break;
	case 'a':
	case 'A':
		if (!cow)
			break;
		app_prompt_close(app);
		app->quit_after_save = 1;
		app_edit_apply(app);
		break;
	case 'd':
	case 'D':
		app_prompt_close(app);
		app_edit_discard(app);
		break;
	case 'c':
	case 'C':
	case APP_KEY_ESC:
	case APP_CTRL('g'):
	case APP_CTRL('c'):
		app_prompt_close(app);
		break;
	}
	return 1;
}

/* Label the quit prompt with its keys. */
static void
app_edit_quit_label(struct app *app, char *buf, size_t len)
{
	uint64_t n = app_edit_unsaved(app);

	snprintf(buf, len, "%" PRIu64 " unsaved byte%s: %s", n, app_edit_s(n),
	    map_mode(app->map) == MAP_COW ? "s save as, a apply to the "
	    "original, d discard, c cancel" : "s save, d discard (undo them "
	    "in the file), c cancel");
}

static const struct app_prompt_ops quit_ops = {
	.label = app_edit_quit_label,
	.key = app_edit_quit_key,
};

void
app_edit_quit(struct app *app)
{
	if (app_edit_unsaved(app) == 0) {
		app->quit = 1;
		return;
	}
	app_prompt_open(app, &quit_ops, NULL, NULL);
}

/* Run again what found the conflicts, now that they are resolved. */
static void
app_edit_resume(struct app *app)
{
	switch (app->resume) {
	case APP_RESUME_UNDO:
		app_edit_undo(app, 0);
		break;
	case APP_RESUME_REDO:
		app_edit_undo(app, 1);
		break;
	case APP_RESUME_SAVE:
		app_edit_save(app);
		break;
	case APP_RESUME_APPLY:
		app_edit_apply(app);
		break;
	case APP_RESUME_DISCARD:
		app_edit_discard(app);
		break;
	}
}

/* The conflict prompt's one key: k, m or c; any other keeps asking. */
static int
app_edit_conflict_key(struct app *app, int key)
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
	case APP_KEY_ESC:
	case APP_CTRL('g'):
	case APP_CTRL('c'):
		app_prompt_close(app);
		app->quit_after_save = 0;
		edit_conflicts_free(&app->conflicts);
		app_message(app, STYLE_MESSAGE, "cancelled: nothing written");
		return 1;
	default:
		return 1;	/* keep asking */
	}
	app_prompt_close(app);
	edit_conflicts_free(&app->conflicts);
	if (r == -1) {
		app_message(app, STYLE_ERROR, "cannot resolve the conflict: %s",
		    strerror(errno));
		app->quit_after_save = 0;
		return 1;
	}
	watch_reset(app->watch);	/* our own writes, not news */
	app_text_changed(app, 0);
	app_edit_resume(app);
	return 1;
}

void
app_edit_reapply(struct app *app)
{
	struct map *fresh;
	const char *other;
	char *cause = NULL;
	uint64_t written, conflicting, lost;

	if (map_replaced(app->map, &other) != 1 || other != NULL) {
		app_message(app, STYLE_MESSAGE, "R re-applies the edits once "
		    "the file was replaced by another under its name");
		return;
	}
	if ((fresh = map_open(map_path(app->map), map_mode(app->map),
	    &cause)) == NULL) {
		app_message(app, STYLE_ERROR, "cannot open the new file: %s",
		    errmsg_show(cause, strerror(errno)));
		free(cause);
		return;
	}
	lost = ledger_prune(journal_ledger(app->journal), map_size(fresh));
	if (edit_reapply(fresh, app->journal, &written, &conflicting) == -1) {
		app_message(app, STYLE_ERROR, "cannot re-apply the edits: %s",
		    strerror(errno));
		map_close(fresh);
		return;
	}
	app_switch_map(app, fresh);
	app_message(app, conflicting + lost > 0 ? STYLE_ERROR : STYLE_MESSAGE,
	    "re-applied %" PRIu64 " byte%s to the new file (not saved yet)"
	    "; %" PRIu64 " conflict (the new file differs there), %" PRIu64
	    " past its end", written, app_edit_s(written), conflicting, lost);
}

void
app_edit_shrank(struct app *app, uint64_t size)
{
	uint64_t lost = ledger_prune(journal_ledger(app->journal), size);

	if (lost > 0)
		app_message(app, STYLE_ERROR, "file shrank to %" PRIu64
		    " bytes; %" PRIu64 " unsaved byte%s past the end lost",
		    size, lost, app_edit_s(lost));
	else
		app_message(app, STYLE_ERROR, "file shrank to %" PRIu64
		    " bytes", size);
}
