/*
 * app-goto.c - the goto prompt: an offset expression (addr.h), or in the
 * text view a plain number, which is a line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "addr.h"
#include "app-goto.h"
#include "app-prompt.h"
#include "app-text.h"
#include "errmsg.h"

/* Is text a line number (decimal digits, "," or "_" between groups)? */
static int
goto_line(const char *text, uint64_t *line)
{
	uint64_t n = 0;
	int digits = 0;

	for (; *text != '\0'; text++) {
		if ((*text == ',' || *text == '_') && digits > 0)
			continue;
		if (*text < '0' || *text > '9' || n > (UINT64_MAX - 9) / 10)
			return 0;
		n = n * 10 + (uint64_t)(*text - '0');
		digits++;
	}
	if (digits == 0 || n == 0)
		return 0;
	*line = n;
	return 1;
}

/* Act on a goto expression; a bad one leaves the cursor where it is.  In
 * the text view a plain number is a line number. */
static void
goto_enter(struct app *app, const char *text)
{
	uint64_t offset, line;
	char *cause = NULL;

	if (text[0] == '\0')
		return;		/* an empty goto changes nothing */
	if (app->text.on && goto_line(text, &line)) {
		app->jump_from = app->cur.off;	/* '' comes back */
		app->have_jump = 1;
		app_text_goto_line(app, line);
		return;
	}
	if (addr_parse(text, app->cur.off, app->cur.size, &offset,
	    &cause) == -1) {
		app_message(app, STYLE_ERROR, "bad offset: %s",
		    errmsg_show(cause, "out of memory"));
		free(cause);
		return;
	}
	app->jump_from = app->cur.off;	/* a jump: '' comes back here */
	app->have_jump = 1;
	hexview_goto(&app->view, offset);
}

/* Label the prompt: the text view takes line numbers too. */
static void
goto_label(struct app *app, char *buf, size_t len)
{
	snprintf(buf, len, "%s", app->text.on ? "goto line or offset: " :
	    "goto: ");
}

static const struct app_prompt_ops goto_ops = {
	.label = goto_label,
	.enter = goto_enter,
};

void
app_goto_open(struct app *app)
{
	app_prompt_open(app, &goto_ops, NULL,
	    &app->history[APP_HISTORY_GOTO]);
}
