/*
 * app-yank.c - yank, paste and fill (see app-yank.h); the formats, the
 * clipboard sequence and the hex parser are the core's (yank.h), the
 * edits the journal's (edit.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-edit.h"
#include "app-prompt.h"
#include "app-select.h"
#include "app-text.h"
#include "app-yank.h"
#include "yank.h"

/* The bytes y works on: the selection, else the byte at the cursor. */
static int
app_yank_range(struct app *app, uint64_t *lo, uint64_t *len)
{
	uint64_t hi;

	if (app->cur.size == 0) {
		app_message(app, STYLE_ERROR, "nothing to yank: the file is "
		    "empty");
		return -1;
	}
	if (!app_select_range(app, lo, &hi))
		*lo = hi = app->cur.off;
	*len = hi - *lo + 1;
	return 0;
}

/* Read len bytes at off into a new buffer; NULL after saying why. */
static unsigned char *
app_yank_read(struct app *app, uint64_t off, uint64_t len)
{
	unsigned char *buf;
	ssize_t got;

	if (len > APP_REGISTER_MAX) {
		app_message(app, STYLE_ERROR, "%" PRIu64 " bytes: the register "
		    "holds at most %u MiB; w writes them to a file", len,
		    APP_REGISTER_MAX >> 20);
		return NULL;
	}
	if ((buf = malloc(len > 0 ? (size_t)len : 1)) == NULL) {
		app_message(app, STYLE_ERROR, "yank: %s", strerror(ENOMEM));
		return NULL;
	}
	got = map_read(app->map, off, buf, (size_t)len);
	if (got != (ssize_t)len) {
		app_message(app, STYLE_ERROR, "yank: %s", got < 0 ?
		    strerror(errno) : "the file shrank");
		free(buf);
		return NULL;
	}
	return buf;
}

/* y then r: the raw bytes into the register. */
static void
app_yank_register(struct app *app)
{
	uint64_t off, len;
	unsigned char *buf;

	if (app_yank_range(app, &off, &len) == -1 ||
	    (buf = app_yank_read(app, off, len)) == NULL)
		return;
	free(app->reg);
	app->reg = buf;
	app->reg_len = (size_t)len;
	app_message(app, STYLE_MESSAGE, "yanked %" PRIu64 " byte%s from 0x%"
	    PRIx64 " (p pastes them)", len, len == 1 ? "" : "s", off);
}

/* Format the yanked bytes as fmt into a new string; NULL after saying
 * why. */
static char *
app_yank_format(struct app *app, enum yank_format fmt, size_t limit,
    size_t *out_len, uint64_t *count)
{
	struct yank_options opt = { "data", 0 };
	struct yank_sink sink;
	uint64_t off, len;
	unsigned char *buf;
	char *cause = NULL, *text;

	if (app_yank_range(app, &off, &len) == -1 ||
	    (buf = app_yank_read(app, off, len)) == NULL)
		return NULL;
	opt.dump_offset = off;
	yank_sink_buffer(&sink, limit);
	if (yank_bytes(fmt, &opt, buf, (size_t)len, &sink, &cause) == -1) {
		app_message(app, STYLE_ERROR, "yank: %s", cause != NULL ?
		    cause : strerror(errno));
		free(cause);
		yank_sink_free(&sink);
		free(buf);
		return NULL;
	}
	free(buf);
	*count = len;
	if ((text = yank_sink_take(&sink, out_len)) == NULL)
		app_message(app, STYLE_ERROR, "yank: %s", strerror(ENOMEM));
	return text;
}

static const struct {
	int key;
	enum yank_format fmt;
	const char *name;
} app_yank_formats[] = {
	{ 'h', YANK_HEX, "hex" },
	{ 'c', YANK_C, "a C array" },
	{ 'b', YANK_BASE64, "base64" },
	{ 'p', YANK_PYTHON, "Python bytes" },
	{ 'x', YANK_XXD, "an xxd dump" },
};

/* The clipboard: the formatted text through OSC 52, for the terminal
 * layer to send (app_take_clipboard()). */
static void
app_yank_clipboard(struct app *app, int k)
{
	size_t len = 0, seq_len = 0;
	uint64_t count = 0;
	char *text, *seq, *cause = NULL;

	text = app_yank_format(app, app_yank_formats[k].fmt,
	    YANK_OSC52_MAX, &len, &count);
	if (text == NULL)
		return;
	seq = yank_osc52((const unsigned char *)text, len, &seq_len, &cause);
	free(text);
	if (seq == NULL) {
		app_message(app, STYLE_ERROR, "%s", cause != NULL ? cause :
		    strerror(errno));
		free(cause);
		return;
	}
	free(app->clipboard);
	app->clipboard = seq;
	app->clipboard_len = seq_len;
	app_message(app, STYLE_MESSAGE, "copied %" PRIu64 " byte%s as %s to "
	    "the clipboard (%zu characters, OSC 52)", count, count == 1 ?
	    "" : "s", app_yank_formats[k].name, len);
}

static int
app_yank_key(struct app *app, int key)
{
	size_t k;

	if (key == APP_KEY_ESC || key == 'q') {
		app_prompt_close(app);
		app_message(app, STYLE_MESSAGE, "nothing yanked");
		return 1;
	}
	if (key == 'r') {
		app_prompt_close(app);
		app_yank_register(app);
		return 1;
	}
	for (k = 0; k < sizeof app_yank_formats / sizeof *app_yank_formats;
	    k++) {
		if (app_yank_formats[k].key == key) {
			app_prompt_close(app);
			app_yank_clipboard(app, (int)k);
			return 1;
		}
	}
	return 1;	/* a choice: other keys do nothing */
}

static const struct app_prompt_ops yank_ops = {
	.text = "yank: r register; to the clipboard as h hex, c C array, "
	    "b base64, p Python, x xxd; Esc: nothing",
	.key = app_yank_key,
};

void
app_yank_open(struct app *app)
{
	uint64_t off, len;

	if (app_yank_range(app, &off, &len) == 0)
		app_prompt_open(app, &yank_ops, NULL, NULL);
}

void
app_yank_paste(struct app *app)
{
	if (app->reg == NULL) {
		app_message(app, STYLE_ERROR, "the register is empty: y then r "
		    "yanks the selection into it");
		return;
	}
	if (app_edit_paste(app, app->cur.off, app->reg, app->reg_len) == 0)
		app_message(app, STYLE_MESSAGE, "pasted %zu byte%s over 0x%"
		    PRIx64 " (u undoes it)", app->reg_len, app->reg_len == 1 ?
		    "" : "s", app->cur.off);
}

/* Parse a fill pattern: hex ("00", "de ad"), or "text" in quotes. */
static int
app_yank_pattern(const char *text, unsigned char **pat, size_t *plen,
    char **cause)
{
	size_t n = strlen(text);

	if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
		if ((*pat = malloc(n - 1)) == NULL)
			return -1;
		memcpy(*pat, text + 1, n - 2);
		*plen = n - 2;
		return *plen > 0 ? 0 : (free(*pat), -1);
	}
	return yank_parse_hex(text, n, pat, plen, cause);
}

static void
app_yank_fill_enter(struct app *app, const char *text)
{
	uint64_t lo, hi;
	unsigned char *pat = NULL;
	size_t plen = 0;
	char *cause = NULL;

	if (!app_select_range(app, &lo, &hi))
		return;
	if (app_yank_pattern(text, &pat, &plen, &cause) == -1 || plen == 0) {
		app_message(app, STYLE_ERROR, "fill: %s: nothing written",
		    cause != NULL ? cause : "a byte or a pattern: 00, de ad, "
		    "or \"text\"");
		free(cause);
		free(pat);
		return;
	}
	if (app_edit_fill(app, lo, hi - lo + 1, pat, plen) == 0)
		app_message(app, STYLE_MESSAGE, "filled 0x%" PRIx64 "-0x%"
		    PRIx64 " (%" PRIu64 " bytes) with a %zu-byte pattern (u "
		    "undoes it)", lo, hi, hi - lo + 1, plen);
	free(pat);
}

static void
app_yank_fill_label(struct app *app, char *buf, size_t len)
{
	uint64_t lo = 0, hi = 0;

	app_select_range(app, &lo, &hi);
	snprintf(buf, len, "fill 0x%" PRIx64 "-0x%" PRIx64 " with (00, de ad, "
	    "\"text\"): ", lo, hi);
}

static const struct app_prompt_ops fill_ops = {
	.label = app_yank_fill_label,
	.enter = app_yank_fill_enter,
};

void
app_yank_fill_open(struct app *app)
{
	uint64_t lo, hi;

	if (!app_select_range(app, &lo, &hi)) {
		app_message(app, STYLE_ERROR, "fill works on a selection: V "
		    "starts one");
		return;
	}
	app_prompt_open(app, &fill_ops, NULL, NULL);
}

void
app_yank_free(struct app *app)
{
	free(app->reg);
	app->reg = NULL;
	free(app->clipboard);
	app->clipboard = NULL;
}
