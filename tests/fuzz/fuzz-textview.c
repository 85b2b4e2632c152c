/*
 * fuzz-textview.c - libFuzzer target for the text view (textview.h).
 *
 * Input layout: three header bytes, then up to 15 move bytes, then the
 * file.  Missing header bytes count as 0.
 *
 *   b0      geometry: rows 1 + (b0 & 7) * 3, cols 1 + (b0 >> 3) * 4
 *   b1      bit 0 wrap, bit 1 numbers, bits 2..5 seg (4 + 3k), bit 6
 *           hscroll 5, bit 7: the file "shrinks" (reads serve only its
 *           first half, as after a truncation the view has not seen)
 *   b2      low nibble: the number of move bytes that follow; bit 4:
 *           the views have an atlas, stepped (about 1 + 7 * bits 5..7
 *           bytes a call) before every move, then shown (the view
 *           scrolled to its cursor) when the step moved what shows
 *   moves   low nibble < 12: that motion; else goto (m >> 4) * size / 16
 *
 * The file is shown at the input's geometry and at 1 x 1 and 5 x 20,
 * rendered before and after every move; it also goes through
 * sanitize_text() and the result through grid_puts(), and straight into
 * grid_puts() unsanitised.  Any broken invariant calls abort(): no cell
 * holds a code point the safety policy blocks (testpolicy.h: C0, DEL, C1,
 * bidi, zero-width and format characters, noncharacters; utf8.h:
 * unassigned), sanitize's output holds none either, a wide tail
 * follows its head, every cell maps to a byte the frame covers, and
 * (unless the file shrank) the cursor stays inside the file, on a unit
 * start that goto leaves alone, on screen, inside the grid, with top a
 * row start.
 *
 * Then the atlas's oracle: a view with a tiny segment whose atlas has
 * laid out every line lays out as a view with no forced break at all:
 * after every move both have the same cursor, top, sideways scroll and
 * screen.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grid.h"
#include "sanitize.h"
#include "textview.h"
#include "utf8.h"

#include "../core/testpolicy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_file {
	const uint8_t *bytes;
	size_t len;		/* what reads serve */
};

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

static ssize_t
fuzz_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct fuzz_file *file = ctx;

	if (offset >= file->len)
		return 0;
	if (n > file->len - offset)
		n = (size_t)(file->len - offset);
	memcpy(buf, file->bytes + offset, n);
	return (ssize_t)n;
}

/* Return whether ch may be in a cell, or be one of its marks (mark). */
static int
fuzz_printable(uint32_t ch, int mark)
{
	if (mark && ch == 0)
		return 1;
	if (policy_blocked(ch) || !utf8_drawable(ch))
		return 0;
	return mark ? utf8_class(ch) == UTF8_MARK : utf8_class(ch) !=
	    UTF8_MARK;
}

/* Check every cell of g. */
static void
fuzz_check_cells(const struct grid *g)
{
	const struct cell *c;
	size_t i;
	unsigned k;

	for (i = 0; i < (size_t)g->rows * g->cols; i++) {
		c = &g->cells[i];
		fuzz_check(fuzz_printable(c->ch, 0));
		for (k = 0; k < CELL_MARKS; k++)
			fuzz_check(fuzz_printable(c->marks[k], 1));
	}
}

/* Sanitise the len bytes at s and put them in a grid, sanitised and not:
 * nothing blocked in the text, nothing blocked in a cell. */
static void
fuzz_sanitize(const unsigned char *s, size_t len)
{
	char *safe, *raw;
	struct grid *g;
	uint32_t cp;
	size_t i, n;

	if ((safe = sanitize_text((const char *)s, len)) == NULL)
		return;
	for (i = 0; safe[i] != '\0'; i += n) {
		n = utf8_decode((const unsigned char *)safe + i,
		    strlen(safe + i), &cp);
		fuzz_check(n != 0 && !policy_blocked(cp) &&
		    utf8_drawable(cp));
	}
	if ((g = grid_new(2, 64)) != NULL && (raw = malloc(len + 1)) != NULL) {
		grid_puts(g, 0, 0, safe, STYLE_NORMAL);
		memcpy(raw, s, len);
		raw[len] = '\0';	/* stops at the first NUL */
		grid_puts(g, 1, 0, raw, STYLE_NORMAL);
		fuzz_check_cells(g);
		free(raw);
	}
	grid_free(g);
	free(safe);
}

/* Render v into g and check what was drawn. */
static void
fuzz_render(const struct textview *v, const struct textsrc *src,
    struct grid *g, struct textview_frame *f, int shrunk)
{
	const struct cell *c;
	unsigned r, col;
	size_t i;

	fuzz_check(textview_render(v, src, 1, g, f) == 0);
	fuzz_check_cells(g);
	for (r = 0; r < g->rows; r++) {
		for (col = 0; col < g->cols; col++) {
			c = &g->cells[(size_t)r * g->cols + col];
			if (c->flags & CELL_WIDE_TAIL)
				fuzz_check(col > 0 && !(c[-1].flags &
				    CELL_WIDE_TAIL));
		}
	}
	fuzz_check(f->first <= f->end && f->end <= v->cur->size);
	for (i = 0; i < (size_t)f->rows * f->cols; i++) {
		if (f->cell_off[i] == UINT64_MAX)
			continue;
		fuzz_check(f->cell_off[i] >= f->first);
		fuzz_check(f->cell_off[i] < f->end);
		fuzz_check(f->cell_len[i] >= 1);
	}
	if (shrunk)
		return;
	fuzz_check(f->row_start[0] == v->top && f->first >= v->top);
	fuzz_check(g->cursor_row >= 0 && (unsigned)g->cursor_row < g->rows);
	fuzz_check(g->cursor_col >= 0 && (unsigned)g->cursor_col < g->cols);
}

/* Show the file at one geometry and run the moves over it. */
static void
fuzz_view(const struct textsrc *src, uint64_t size, unsigned rows,
    unsigned cols, uint8_t flags, uint8_t b2, const uint8_t *moves,
    size_t nmoves)
{
	struct textview_frame f;
	struct textview v, again;
	struct cursor c = { 0, size }, again_c;	/* v's, again's own */
	struct grid *g;
	size_t i;
	int shrunk = (flags & 0x80) != 0, rc;
	uint8_t m;

	if ((g = grid_new(rows, cols)) == NULL)
		return;
	textview_frame_init(&f);
	textview_init(&v, &c);
	textview_set_geometry(&v, rows, cols);
	v.wrap = flags & 1;
	v.numbers = (flags >> 1) & 1;
	v.seg = 4 + 3 * ((flags >> 2) & 15);
	v.hscroll = flags & 0x40 ? 5 : 0;
	if (b2 & 0x10)
		v.atlas = textview_atlas_new();
	fuzz_render(&v, src, g, &f, 1);
	for (i = 0; i < nmoves; i++) {
		m = moves[i];
		errno = 0;
		/* As the program does: after the atlas moved what shows,
		 * scroll back to the cursor. */
		rc = 0;
		if (v.atlas != NULL && (rc = textview_atlas_step(v.atlas, &v,
		    src, 1 + 7 * (b2 >> 5))) > 0 &&
		    (rc & TEXTVIEW_ATLAS_CHANGED))
			fuzz_check(textview_show(&v, src) == 0 || shrunk);
		fuzz_check(rc >= 0 || shrunk);
		if ((m & 15) < 12)
			rc = textview_move(&v, src,
			    (enum textview_motion)(m & 15));
		else
			rc = textview_goto(&v, src, (m >> 4) * size / 16);
		fuzz_check(rc == 0 || (shrunk && errno == EIO));
		fuzz_check(size == 0 ? c.off == 0 : c.off < size);
		fuzz_render(&v, src, g, &f, shrunk);
		if (shrunk)
			continue;
		again = v;
		again_c = c;
		again.cur = &again_c;
		fuzz_check(textview_goto(&again, src, c.off) == 0);
		fuzz_check(again_c.off == c.off && again.top == v.top);
		fuzz_check(textview_show(&again, src) == 0);
		fuzz_check(again_c.off == c.off && again.top == v.top);
	}
	textview_atlas_free(v.atlas);
	textview_frame_free(&f);
	grid_free(g);
}

/* Finish v's atlas for every line of the file (bytes, size long). */
static void
fuzz_atlas_all(struct textview *v, const struct textsrc *src,
    const uint8_t *bytes, uint64_t size)
{
	struct cursor keep = *v->cur;
	struct textview kv = *v;
	uint64_t i;
	unsigned calls;
	int r;

	for (i = 0; i < size; i++) {
		if (i > 0 && bytes[i - 1] != '\n')
			continue;
		fuzz_check(textview_goto(v, src, i) == 0);
		calls = 0;
		do {
			r = textview_atlas_step(v->atlas, v, src, 64);
			fuzz_check(r >= 0 && ++calls < 100000);
		} while (r & TEXTVIEW_ATLAS_MORE);
	}
	*v = kv;
	*v->cur = keep;
}

/* The atlas's oracle (see the top of the file). */
static void
fuzz_atlas_oracle(const struct textsrc *src, const uint8_t *bytes,
    uint64_t size, unsigned rows, unsigned cols, uint8_t flags,
    const uint8_t *moves, size_t nmoves)
{
	struct cursor c = { 0, size }, rc = { 0, size };
	struct textview v, ref;
	struct grid *g, *rg;
	char *a, *b;
	size_t i;
	uint8_t m;

	g = grid_new(rows, cols);
	rg = grid_new(rows, cols);
	if (g == NULL || rg == NULL)
		goto out;
	textview_init(&v, &c);
	textview_init(&ref, &rc);
	textview_set_geometry(&v, rows, cols);
	textview_set_geometry(&ref, rows, cols);
	v.wrap = ref.wrap = flags & 1;
	v.numbers = ref.numbers = (flags >> 1) & 1;
	v.seg = 4 + 3 * ((flags >> 2) & 15);
	if ((v.atlas = textview_atlas_new()) == NULL)
		goto out;
	fuzz_atlas_all(&v, src, bytes, size);
	for (i = 0; i < nmoves; i++) {
		m = moves[i];
		if ((m & 15) < 12) {
			fuzz_check(textview_move(&v, src,
			    (enum textview_motion)(m & 15)) == 0);
			fuzz_check(textview_move(&ref, src,
			    (enum textview_motion)(m & 15)) == 0);
		} else {
			fuzz_check(textview_goto(&v, src,
			    (m >> 4) * size / 16) == 0);
			fuzz_check(textview_goto(&ref, src,
			    (m >> 4) * size / 16) == 0);
		}
		fuzz_check(c.off == rc.off && v.top == ref.top &&
		    v.hscroll == ref.hscroll);
		fuzz_check(textview_render(&v, src, 1, g, NULL) == 0);
		fuzz_check(textview_render(&ref, src, 1, rg, NULL) == 0);
		a = grid_text(g);
		b = grid_text(rg);
		fuzz_check(a != NULL && b != NULL && strcmp(a, b) == 0);
		fuzz_check(g->cursor_row == rg->cursor_row &&
		    g->cursor_col == rg->cursor_col);
		free(a);
		free(b);
	}
	textview_atlas_free(v.atlas);
out:
	grid_free(g);
	grid_free(rg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t b0 = size > 0 ? data[0] : 0, b1 = size > 1 ? data[1] : 0,
	    b2 = size > 2 ? data[2] : 0;
	size_t head = size < 3 ? size : 3, nmoves;
	struct fuzz_file file;
	struct textsrc src = { 0 };

	nmoves = size > 2 ? data[2] & 15 : 0;
	if (nmoves > size - head)
		nmoves = size - head;
	file.bytes = data + head + nmoves;
	file.len = size - head - nmoves;
	src.read = fuzz_read;
	src.ctx = &file;
	src.size = file.len;
	if (b1 & 0x80)
		file.len /= 2;
	fuzz_view(&src, src.size, 1 + (b0 & 7) * 3, 1 + (b0 >> 3) * 4u, b1,
	    b2, data + head, nmoves);
	fuzz_view(&src, src.size, 1, 1, b1, b2, data + head, nmoves);
	fuzz_view(&src, src.size, 5, 20, b1 ^ 1, b2, data + head, nmoves);
	if (!(b1 & 0x80))
		fuzz_atlas_oracle(&src, file.bytes, src.size,
		    1 + (b0 & 7) * 3, 1 + (b0 >> 3) * 4u, b1, data + head,
		    nmoves);
	fuzz_sanitize(file.bytes, src.size);
	return 0;
}
