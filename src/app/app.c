/*
 * app.c - a session on one file: what each frame needs, and the entry
 * points of the terminal layer (app.h).
 *
 * A frame takes what happened to the file (growth, shrinking, a change
 * in place), copies the visible bytes out of the mapping under the guard
 * (the highlights are computed on that copy), and lays the screen out.
 * Keys go to the prompt when one is open, else to the help screen, else
 * through the key map to an action.  The file type is looked up after
 * the first frame, so that opening stays instant.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app-actions.h"
#include "app-edit.h"
#include "app-find.h"
#include "app-inspect.h"
#include "app-keymap.h"
#include "app-layout.h"
#include "app-live.h"
#include "app-marks.h"
#include "app-prompt.h"
#include "app-select.h"
#include "app-session.h"
#include "app-struct.h"
#include "app-text.h"
#include "app-yank.h"
#include "config-file.h"
#include "filetype.h"
#include "hexdigit.h"
#include "save.h"
#include "sanitize.h"

static void app_apply_config(struct app *app, const struct config *cfg);

/* Report what happened to the file since the last look. */
static void
app_file_events(struct app *app)
{
	unsigned events = map_take_events(app->map);
	uint64_t size = map_size(app->map), old_size = app->cur.size;

	/* Changed in place somewhere: the line numbers may be wrong from
	 * the first byte on; they are recounted when next needed. */
	if (events & MAP_EV_TOUCHED)
		app_text_changed(app, 0);
	if ((events & ~MAP_EV_TOUCHED) == 0)
		return;
	/* The type was read from the head of the file: look again when the
	 * head may be other bytes (a shrink, to 0 say, or growth within it). */
	if ((events & MAP_EV_SHRANK) || old_size < FILETYPE_BYTES) {
		free(app->filetype);
		app->filetype = NULL;
		app->filetype_done = 0;
	}
	/* A line that ran to the old end may go on, or be cut. */
	app_text_changed(app, old_size < size ? old_size : size);
	app_set_size(app, size);
	if (events & MAP_EV_SHRANK)
		app_edit_shrank(app, size);
	else if ((events & MAP_EV_GREW) && app->opt.stream == NULL)
		app_message(app, STYLE_MESSAGE, "file grew to %" PRIu64
		    " bytes", size);	/* a stream says so on the status line */
}

/* Copy the visible bytes out of the mapping, and mark what is highlit
 * in them. */
static void
app_load_window(struct app *app)
{
	size_t want;
	ssize_t got;
	int tries;

	for (tries = 0; tries < 3; tries++) {
		app->window_off = app->view.top;
		want = hexview_window(&app->view);
		if (app->text.on)
			app_text_window(app, &app->window_off, &want);
		if (want > app->window_cap) {
			unsigned char *p = realloc(app->window, want);
			unsigned char *q = realloc(app->marks, want);
			unsigned char *r = realloc(app->match_marks, want);
			unsigned char *c = realloc(app->change_marks, want);
			unsigned char *s = realloc(app->select_marks, want);

			if (q != NULL)
				app->marks = q;
			if (r != NULL)
				app->match_marks = r;
			if (c != NULL)
				app->change_marks = c;
			if (s != NULL)
				app->select_marks = s;
			if (p == NULL || q == NULL || r == NULL || c == NULL ||
			    s == NULL) {
				if (p != NULL)
					app->window = p;
				want = app->window_cap;
			} else {
				app->window = p;
				app->window_cap = want;
			}
		}
		got = map_read(app->map, app->window_off, app->window, want);
		if (got < 0) {
			app_message(app, STYLE_ERROR, "cannot read the file: %s",
			    strerror(errno));
			got = 0;
		}
		app->window_len = (size_t)got;
		if (map_size(app->map) != app->cur.size) {
			/* The file changed size under the read: again. */
			app_file_events(app);
			continue;
		}
		/* The text view laid out from last frame's bytes: if they
		 * changed, lay out anew (the window may move). */
		if (app->text.on && app_text_bytes_changed(app) &&
		    !app->text.drawn_now) {
			app->text.drawn = 0;
			continue;
		}
		break;
	}
	map_window(app->map, app->window_off, app->window_len);
	if (app->window_len > 0)
		ledger_mark_window(journal_ledger(app->journal), app->window_off,
		    app->window_len, app->marks);
	/* An unchanged text frame keeps last frame's match marks. */
	if (!app->text.on || app->text.drawn_now)
		app_find_marks(app);
	app_select_marks(app);
	app_live_frame(app);
}

/*
 * Look the file type up through the mapped file's descriptor, so that
 * libmagic sees what `file -b` sees (a PIE's program headers lie past
 * the first 64 KiB).  The loop calls this once the first screen is out:
 * libmagic takes 0.2 to 1 ms for a binary and up to 10 ms for text, and
 * on a thread of its own before that screen it slowed the screen by
 * about 1 ms, competing with the terminal that draws it.
 */
static void
app_filetype(struct app *app)
{
	char *cause = NULL;

	char *what;
	unsigned sector = map_sector_size(app->map);

	app->filetype_done = 1;
	app->filetype = filetype_describe_fd(map_fd(app->map), &cause);
	if (app->filetype == NULL && cause != NULL)
		app_message(app, STYLE_ERROR, "file type unknown: %s", cause);
	free(cause);
	/* A device says so, with its sector size, before what is on it. */
	if (sector > 0 && asprintf(&what, "block device, %u-byte sectors: %s",
	    sector, app->filetype != NULL ? app->filetype : "?") != -1) {
		free(app->filetype);
		app->filetype = what;
	}
}

/* Scroll the help screen by delta lines, keeping a screenful in view. */
static void
app_help_scroll(struct app *app, int delta)
{
	/* Rows left for lines: less title, more-note, status, message. */
	unsigned shown = app->grid->rows > 4 ? app->grid->rows - 4 : 1;
	unsigned lines = app_help_lines();
	unsigned max = lines > shown ? lines - shown : 0;
	long top = (long)app->help_top + delta;

	if (top < 0)
		top = 0;
	if ((unsigned long)top > max)
		top = (long)max;
	app->help_top = (unsigned)top;
}

/* Say what a key that does nothing could have meant: once "H for help";
 * in the text view of an editable file, how to edit. */
static void
app_dispatch_unbound(struct app *app, int key)
{
	if (app->text.on && map_mode(app->map) != MAP_READONLY &&
	    key >= 0x20 && key < 0x7f) {
		app_message(app, STYLE_MESSAGE, "the text view is for reading: "
		    "v goes to the hex view, where keys overwrite bytes");
		return;
	}
	if (!app->told_help) {
		app_message(app, STYLE_MESSAGE, "that key does nothing here: H "
		    "for help");
		app->told_help = 1;
	}
}

/* Send a key to the prompt, the help screen or the key map. */
static void
app_dispatch_key(struct app *app, int key)
{
	const struct app_action *action;
	int lookup = key;

	if (app_prompt_is_open(app)) {
		/* C-c cancels every prompt, as its SIGINT did before the
		 * terminal was raw. */
		app_prompt_key(app, key == APP_CTRL('c') ? APP_KEY_ESC : key);
		return;
	}
	if (app->screen == APP_SCREEN_HEX && (app_marks_key(app, key) ||
	    app_inspect_key(app, key)))
		return;
	/* Esc stops what runs first: a find, a save-as, a "go to line"
	 * waiting for the index; then it clears the selection; then it
	 * leaves the character pane; then it drops the highlight of
	 * matches. */
	if (key == APP_KEY_ESC && (app_find_cancel(app) ||
	    app_edit_cancel(app) || app_text_cancel(app)))
		return;
	if (key == APP_KEY_ESC && app_select_clear(app)) {
		app_message(app, STYLE_MESSAGE, "selection cleared");
		return;
	}
	if (key == APP_KEY_ESC && app->screen == APP_SCREEN_HEX &&
	    (app->text.on || app->view.pane == HEXVIEW_PANE_HEX) &&
	    app_find_unmark(app)) {
		app_message(app, STYLE_MESSAGE, "highlight off (n or N shows "
		    "the matches again)");
		return;
	}
	app->message[0] = '\0';
	if (app->screen == APP_SCREEN_MESSAGES && key != APP_CTRL('c') &&
	    key != APP_CTRL('z')) {
		app->screen = APP_SCREEN_HEX;	/* any key closes the log */
		return;
	}
	if (app->screen == APP_SCREEN_HELP && key != APP_CTRL('c') &&
	    key != APP_CTRL('z')) {
		if (key == 'j' || key == APP_KEY_DOWN)
			app_help_scroll(app, 1);
		else if (key == 'k' || key == APP_KEY_UP)
			app_help_scroll(app, -1);
		else if (key == APP_KEY_PGDN || key == ' ' || key == APP_CTRL('f'))
			app_help_scroll(app, (int)app->grid->rows - 3);
		else if (key == APP_KEY_PGUP || key == APP_CTRL('b'))
			app_help_scroll(app, -((int)app->grid->rows - 3));
		else if (key == 'q' || key == APP_KEY_ESC || key == 'H' ||
		    key == APP_KEY_F(1) || key == '\n' || key == '\r')
			app->screen = APP_SCREEN_HEX;
		return;
	}
	/* Typing keys: the pane decides whether a key overwrites a byte.
	 * The text view is for reading: there every key is a command. */
	if (app->text.on)
		lookup = key;
	else if (app->view.pane == HEXVIEW_PANE_CHAR && key >= 0x20 &&
	    key < 0x7f)
		lookup = APP_KEY_TEXT;
	else if (app->view.pane == HEXVIEW_PANE_HEX &&
	    hexdigit_value(key) >= 0)
		lookup = APP_KEY_HEXDIGIT;
	action = app_keymap_lookup(lookup);
	if (action == NULL) {
		app_dispatch_unbound(app, key);
		return;
	}
	if (lookup != key) {
		action->run(app, key);	/* typing actions take the key */
		return;
	}
	app->at_end = 0;
	action->run(app, action->arg);
}

/* Dispatch a key.  Any key but a follow key leaves follow mode and then
 * does its own work (q quits, k moves up), as a user reaching for a key
 * means to stop watching the end. */
void
app_key(struct app *app, int key)
{
	const struct app_action *action;
	int left = 0;

	if (app->follow) {
		action = !app_prompt_is_open(app) ? app_keymap_lookup(key) :
		    NULL;
		left = action == NULL || strcmp(action->name, "follow") != 0;
		if (left)
			app->follow = 0;
	}
	app_dispatch_key(app, key);
	if (left && app->message[0] == '\0')
		app_message(app, STYLE_MESSAGE, "follow mode off");
}


struct app *
app_new(struct map *map, const struct app_options *opt, char **cause)
{
	struct app *app = calloc(1, sizeof *app);

	*cause = NULL;
	if (app == NULL) {
		*cause = strdup("out of memory");
		return NULL;
	}
	app->map = map;
	app->opt = *opt;
	app->text.on = opt->text;
	app->name = sanitize_string(map_path(map));
	app->grid = grid_new(24, 80);
	app->history = calloc(APP_HISTORY_COUNT, sizeof *app->history);
	if (app->name == NULL || app->grid == NULL || app->history == NULL)
		goto nomem;
	if (app_keymap_check(cause) == -1)
		goto fail;
	app->cur.size = map_size(map);
	hexview_init(&app->view, &app->cur);
	if ((app->watch = watch_new()) == NULL ||
	    (app->journal = journal_new()) == NULL || app_text_init(app) == -1)
		goto nomem;
	app->next_tick = app_now_ms() + app->opt.watch_ms;
	app_geometry(app);
	app_marks_load(app);
	if (opt->config != NULL)
		app_apply_config(app, opt->config);
	return app;
nomem:
	*cause = strdup("out of memory");
fail:
	app->map = NULL;	/* the caller still owns it */
	app_free(app);
	return NULL;
}

void
app_free(struct app *app)
{
	size_t i;

	if (app == NULL)
		return;
	if (app->save_job != NULL)
		save_as_free(app->save_job);	/* an unfinished copy goes */
	for (i = 0; app->history != NULL && i < APP_HISTORY_COUNT; i++)
		app_history_free(&app->history[i]);
	free(app->history);
	free(app->window);
	free(app->marks);
	free(app->match_marks);
	free(app->change_marks);
	free(app->select_marks);
	watch_free(app->watch);
	app_find_free(app);
	app_struct_free(app);
	app_marks_free(app);
	app_yank_free(app);
	if (app->journal != NULL)
		app_text_free(app);
	edit_conflicts_free(&app->conflicts);
	journal_free(app->journal);
	free(app->name);
	free(app->filetype);
	grid_free(app->grid);
	map_close(app->map);	/* maybe not the one passed in: see reopen */
	free(app);
}

void
app_resize(struct app *app, unsigned rows, unsigned cols)
{
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	if (app->grid->rows != rows || app->grid->cols != cols)
		grid_resize(app->grid, rows, cols);
	app_geometry(app);
}

const struct grid *
app_frame(struct app *app)
{
	app_file_events(app);
	app_load_window(app);
	app_layout(app);
	return app->grid;
}

int
app_work(struct app *app, uint64_t now_ms)
{
	int changed = 0;

	if (!app->filetype_done) {
		/* The first frame is out: now the type, for the next. */
		app_filetype(app);
		return 1;
	}
	if (!app->quit && app_find_running(app)) {
		app_find_step(app);
		changed = 1;
	} else if (!app->quit && app_find_counting(app))
		changed |= app_find_count_step(app);
	if (!app->quit && app_edit_busy(app)) {
		app_edit_step(app);
		changed = 1;
	}
	if (!app->quit && app_text_busy(app) && app_text_step(app))
		changed = 1;
	if (app->opt.watch_ms > 0 && now_ms >= app->next_tick) {
		app_live_tick(app);
		app->next_tick = app_now_ms() + app->opt.watch_ms;
		changed = 1;
	}
	return changed;
}

int
app_timeout_ms(const struct app *app, uint64_t now_ms)
{
	if (!app->filetype_done || app_find_running(app) ||
	    app_find_counting(app) || app_edit_busy(app) ||
	    app_text_busy(app))
		return 0;	/* a scan or the line index wants a slice */
	if (app->opt.watch_ms == 0)
		return -1;
	if (app->next_tick <= now_ms)
		return 0;
	return app->next_tick - now_ms > 60000 ? 60000 :
	    (int)(app->next_tick - now_ms);
}

unsigned
app_wants(struct app *app)
{
	unsigned wants = 0;

	if (app->quit)
		wants |= APP_WANTS_QUIT;
	if (app->suspend)
		wants |= APP_WANTS_SUSPEND;
	if (app->repaint)
		wants |= APP_WANTS_REPAINT;
	app->suspend = 0;
	app->repaint = 0;
	return wants;
}

void
app_quit_report(struct app *app, const char *signame, char *buf, size_t len)
{
	uint64_t n = app_edit_unsaved(app);
	const char *s = n == 1 ? "" : "s";

	buf[0] = '\0';
	if (n == 0 || map_mode(app->map) == MAP_READONLY)
		return;
	if (map_mode(app->map) == MAP_WRITE)
		snprintf(buf, len, "quit on %s: %" PRIu64 " unsaved byte%s "
		    "left in the file (not synced to disk)", signame, n, s);
	else
		snprintf(buf, len, "quit on %s: %" PRIu64 " unsaved byte%s "
		    "lost (not written to the file)", signame, n, s);
}

const char *
app_name(const struct app *app)
{
	return app->name;
}

char *
app_take_clipboard(struct app *app, size_t *len)
{
	char *seq = app->clipboard;

	*len = app->clipboard_len;
	app->clipboard = NULL;
	app->clipboard_len = 0;
	return seq;
}

const char *const *
app_action_names(size_t *n)
{
	static const char *names[128];
	static size_t count;
	const struct app_action *a;
	size_t i, total;

	if (count == 0) {
		a = app_actions(&total);
		for (i = 0; i < total && i < sizeof names / sizeof *names; i++)
			names[i] = a[i].name;
		count = i;
	}
	*n = count;
	return names;
}

/* The app key of a config file's key, or -1 when mmhex cannot read it. */
static int
app_config_key(const struct config_key *k)
{
	static const int named[] = {
		[CONFIG_KEY_UP] = APP_KEY_UP, [CONFIG_KEY_DOWN] = APP_KEY_DOWN,
		[CONFIG_KEY_LEFT] = APP_KEY_LEFT,
		[CONFIG_KEY_RIGHT] = APP_KEY_RIGHT,
		[CONFIG_KEY_PGUP] = APP_KEY_PGUP, [CONFIG_KEY_PGDN] = APP_KEY_PGDN,
		[CONFIG_KEY_HOME] = APP_KEY_HOME, [CONFIG_KEY_END] = APP_KEY_END,
		[CONFIG_KEY_INSERT] = APP_KEY_INSERT,
		[CONFIG_KEY_DELETE] = APP_KEY_DELETE,
		[CONFIG_KEY_BACKSPACE] = APP_KEY_BACKSPACE,
		[CONFIG_KEY_ENTER] = '\r', [CONFIG_KEY_TAB] = '\t',
		[CONFIG_KEY_ESC] = APP_KEY_ESC, [CONFIG_KEY_SPACE] = ' ',
	};
	unsigned c = k->code;

	if (k->mods & CONFIG_KEY_META)
		return -1;		/* no Meta keys are read */
	switch (k->kind) {
	case CONFIG_KEY_FUNCTION:
		return c >= 1 && c <= 63 && k->mods == 0 ? APP_KEY_F((int)c) :
		    -1;
	case CONFIG_KEY_NAMED:
		return k->mods == 0 && c < sizeof named / sizeof *named ?
		    named[c] : -1;
	case CONFIG_KEY_CHAR:
		if (k->mods & CONFIG_KEY_CTRL)
			return c >= 'a' && c <= 'z' ? APP_CTRL((int)c) :
			    c >= 'A' && c <= 'Z' ? APP_CTRL((int)c - 'A' + 'a') :
			    -1;
		if ((k->mods & CONFIG_KEY_SHIFT) && c >= 'a' && c <= 'z')
			return (int)(c - 'a' + 'A');
		return (int)c;
	}
	return -1;
}

/* Take the config file's key bindings and byte order; its complaints go
 * to the messages (M shows them all). */
static void
app_apply_config(struct app *app, const struct config *cfg)
{
	char name[32];
	size_t i;
	int key;

	for (i = 0; i < cfg->ndiags; i++)
		app_message(app, STYLE_ERROR, "%s", cfg->diags[i]);
	if (cfg->set & CONFIG_SET_ORDER)
		app->insp.order = cfg->byte_order == CONFIG_ORDER_BIG ?
		    INSPECT_BIG : INSPECT_LITTLE;
	for (i = 0; i < cfg->nbindings; i++) {
		key = app_config_key(&cfg->bindings[i].key);
		if (key == -1 || app_keymap_bind(key,
		    cfg->bindings[i].action) == -1)
			app_message(app, STYLE_ERROR, "%s:%u: %s: mmhex cannot "
			    "read that key (no Meta keys, no Ctrl with a "
			    "non-letter); the line is left out",
			    cfg->path != NULL ? cfg->path : "config",
			    cfg->bindings[i].line, config_key_name(
			    &cfg->bindings[i].key, name, sizeof name));
	}
}
