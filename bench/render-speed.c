/* render-speed - what one screen of the hex view and of the text view
 * costs to lay out into a grid (no terminal involved).
 *
 * Part of mmhex's benchmarks; not built by `make`.  Renders an 80 x 24
 * hex screen of random bytes, and an 80 x 24 text screen of ASCII, of
 * mixed UTF-8 (accents, CJK, combining marks) and of random bytes (the
 * hex screen shows 16 bytes a row), each
 * REPS times, and prints the best of five runs in ns per screen.  Build it
 * against the core library of a tree (after make) to compare two trees:
 *
 *   cc -std=c11 -O2 -include config.h -Isrc/core bench/render-speed.c \
 *       libmmhex-core.a -lpthread -o render-speed
 *   ./render-speed [REPS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "grid.h"
#include "hexview.h"
#include "textview.h"

#define ROWS	24
#define COLS	80
#define TEXT	8192

struct memsrc {
	const unsigned char *bytes;
	size_t len;
};

static ssize_t
mem_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	struct memsrc *m = ctx;

	if (offset >= m->len)
		return 0;
	if (n > m->len - offset)
		n = m->len - offset;
	memcpy(buf, m->bytes + offset, n);
	return (ssize_t)n;
}

/* Return the time now in ns. */
static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Fill text with lines made of the pieces of words, cut to lines of
 * about 70 bytes. */
static void
fill_words(unsigned char *text, size_t len, const char *const *words,
    size_t nwords)
{
	size_t at = 0, line = 0, w = 0, n;

	while (at < len) {
		n = strlen(words[w % nwords]);
		if (at + n + 1 > len)
			break;
		memcpy(text + at, words[w++ % nwords], n);
		at += n;
		line += n;
		text[at++] = line > 70 ? '\n' : ' ';
		if (line > 70)
			line = 0;
	}
	memset(text + at, '\n', len - at);
}

/* Return the best of five runs of reps text screens, in ns a screen. */
static double
bench_text(const unsigned char *text, size_t len, unsigned reps,
    struct grid *g)
{
	struct memsrc m = { text, len };
	struct textsrc src = { 0 };
	struct textview_frame f;
	struct textview v;
	struct cursor c = { 0, len };
	double best = 1e30, t;
	unsigned run, i;

	src.read = mem_read;
	src.ctx = &m;
	src.size = len;
	textview_init(&v, &c);
	textview_set_geometry(&v, ROWS, COLS);
	textview_frame_init(&f);
	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < reps; i++)
			if (textview_render(&v, &src, 1, g, &f) != 0)
				abort();
		t = (now_ns() - t) / reps;
		if (t < best)
			best = t;
	}
	textview_frame_free(&f);
	return best;
}

int
main(int argc, char **argv)
{
	static const char *const ascii[] = {
		"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
		"2024-01-01T00:00:00Z", "INFO", "request", "id=42"
	};
	static const char *const mixed[] = {
		"caf\xc3\xa9", "na\xc3\xafve", "\xe4\xb8\xad\xe6\x96\x87",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "e\xcc\x81\xcc\x82",
		"\xce\xbb\xcf\x8c\xce\xb3\xce\xbf\xcf\x82", "\xf0\x9f\x98\x80",
		"text", "\xd0\xbf\xd1\x80\xd0\xb8"
	};
	unsigned reps = argc > 1 ? (unsigned)atoi(argv[1]) : 2000;
	static unsigned char text[TEXT], bytes[ROWS * 16];
	struct grid *g = grid_new(ROWS, COLS);
	struct hexview hv;
	struct cursor hc = { 0, ROWS * 16 };
	double best = 1e30, t;
	unsigned run, i;

	if (g == NULL || reps == 0)
		return 1;
	srand(1);
	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (unsigned char)rand();
	hexview_init(&hv, &hc);
	hexview_set_geometry(&hv, ROWS, 16);
	for (run = 0; run < 5; run++) {
		t = now_ns();
		for (i = 0; i < reps; i++)
			hexview_render(&hv, bytes, sizeof bytes, g);
		t = (now_ns() - t) / reps;
		if (t < best)
			best = t;
	}
	printf("hex screen, random bytes:  %8.0f ns\n", best);
	fill_words(text, sizeof text, ascii, sizeof ascii / sizeof *ascii);
	printf("text screen, ASCII:        %8.0f ns\n",
	    bench_text(text, sizeof text, reps, g));
	fill_words(text, sizeof text, mixed, sizeof mixed / sizeof *mixed);
	printf("text screen, mixed UTF-8:  %8.0f ns\n",
	    bench_text(text, sizeof text, reps, g));
	for (i = 0; i < sizeof text; i++)
		text[i] = (unsigned char)rand();
	printf("text screen, random bytes: %8.0f ns\n",
	    bench_text(text, sizeof text, reps, g));
	grid_free(g);
	return 0;
}
