/*
 * app-session.c - the screen's geometry, and switching the session to a
 * new map of the file.
 *
 * Both the watch (a file deleted and created anew is reopened) and the
 * re-apply of edits after a replace (R) end on a new map; what a new map
 * resets is written here once.  A new file size, from a new map or from
 * the file growing or shrinking, goes to the one cursor here
 * (app_set_size), and each view fixes its own top.
 */
#include <stdlib.h>

#include "app-find.h"
#include "app-session.h"
#include "app-text.h"

/* Pick the bytes a row: --cols N while its rows fit, else as many as fit
 * (a clipped row would hide the cursor), saying so when that changes. */
static unsigned
app_bytes_per_row(struct app *app, unsigned cols)
{
	unsigned want = app->opt.cols, bpr;

	bpr = hexview_fit(cols, app->view.offset_digits);
	if (want == 0)
		return bpr;
	if (hexview_row_width(want, app->view.offset_digits) <= cols ||
	    bpr > want)
		bpr = want;
	if (bpr != app->cols_shown) {
		if (bpr != want)
			app_message(app, STYLE_MESSAGE, "--cols %u does not fit "
			    "in %u columns; showing %u", want, cols, bpr);
		else if (app->cols_shown != 0)
			app_message(app, STYLE_MESSAGE, "--cols %u fits in %u "
			    "columns again", want, cols);
		app->cols_shown = bpr;
	}
	return bpr;
}

unsigned
app_side_width(const struct app *app, unsigned cols)
{
	if (!app->insp.on && app->strct.layout == NULL)
		return 0;
	if (cols >= APP_SIDE_VIEWS + APP_SIDE_WIDE)
		return APP_SIDE_WIDE;
	return cols >= APP_SIDE_MIN ? cols - APP_SIDE_VIEWS : 0;
}

void
app_geometry(struct app *app)
{
	unsigned rows = app->grid->rows, cols = app->grid->cols, data_rows,
	    bpr;

	/* The inspector takes the right side; the views get the rest. */
	if (app_side_width(app, cols) > 0)
		cols -= app_side_width(app, cols);
	data_rows = rows > 2 ? rows - 2 : 1;
	app->view.offset_digits = hexview_offset_digits(app->cur.size);
	bpr = app_bytes_per_row(app, cols);
	hexview_set_geometry(&app->view, data_rows, bpr);
	app_text_geometry(app, data_rows, cols);
}

void
app_set_size(struct app *app, uint64_t size)
{
	uint64_t old = app->cur.size;

	cursor_set_size(&app->cur, size);
	hexview_size_changed(&app->view);
	app_text_size_changed(app, old);
	app_geometry(app);	/* the offset column may have widened */
}

void
app_switch_map(struct app *app, struct map *fresh)
{
	app_find_free(app);
	map_close(app->map);
	app->map = fresh;
	watch_reset(app->watch);
	app_text_reset(app);
	app_set_size(app, map_size(fresh));
	app->name_told = NULL;
	free(app->filetype);		/* look the new file's type up */
	app->filetype = NULL;
	app->filetype_done = 0;
}
