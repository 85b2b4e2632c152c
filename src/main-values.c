/*
 * main-values.c - the command line's value modes: --inspect prints the
 * data inspector's table (inspect.h) for the bytes at an offset, as text
 * or as one JSON object; --struct decodes records (layout.h) read twice
 * (sample.h), once or every --watch milliseconds with --follow, one CSV
 * or JSON line per record that changed, torn samples marked with no
 * values.  SIGINT and SIGTERM only set a flag; the loop ends at its
 * next tick, flushes and exits 0.
 *
 * The bytes are copied out of the mapping with map_read() (SIGBUS-safe)
 * and decoded from the copy.  Every text printed comes from the core
 * already sanitised; JSON strings only need their quotes and
 * backslashes escaped.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errmsg.h"
#include "inspect.h"
#include "layout.h"
#include "main-values.h"
#include "map.h"
#include "sample.h"
#include "sanitize.h"

/* Print text as a JSON string. */
static void
json_string(FILE *out, const char *text)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Open path read-only, printing the error; NULL on failure. */
static struct map *
values_open(const char *path)
{
	struct map *m;
	char *cause = NULL, *name;

	m = map_open(path, MAP_READONLY, &cause);
	if (m != NULL)
		return m;
	if (cause != NULL)
		fprintf(stderr, "mmhex: %s\n", cause);
	else {
		name = sanitize_string(path);
		fprintf(stderr, "mmhex: %s: %s\n", name != NULL ? name : "?",
		    strerror(errno));
		free(name);
	}
	free(cause);
	return NULL;
}

/* Flush standard output; 0, or -1 after saying why. */
static int
values_flush(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "mmhex: write error: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Print the table as text: name, value, and what is wrong with it. */
static void
inspect_print_text(uint64_t offset, enum inspect_order order,
    const unsigned char *bytes, size_t n, const struct inspect_row *rows)
{
	size_t i;

	printf("offset %" PRIu64 " (0x%" PRIx64 "), %s-endian, bytes:",
	    offset, offset, order == INSPECT_BIG ? "big" : "little");
	for (i = 0; i < n; i++)
		printf(" %02x", bytes[i]);
	printf("\n");
	for (i = 0; i < INSPECT_KINDS; i++) {
		if (rows[i].status != INSPECT_OK)
			printf("%-9s (%s)\n", rows[i].name, rows[i].text);
		else if (!rows[i].plausible)
			printf("%-9s %s  (implausible)\n", rows[i].name,
			    rows[i].text);
		else
			printf("%-9s %s\n", rows[i].name, rows[i].text);
	}
}

/* Print the table as one JSON object. */
static void
inspect_print_json(uint64_t offset, enum inspect_order order,
    const unsigned char *bytes, size_t n, const struct inspect_row *rows)
{
	static const char *const status[] = { "ok", "short", "invalid" };
	size_t i;

	printf("{\"offset\":%" PRIu64 ",\"order\":\"%s\",\"bytes\":\"",
	    offset, order == INSPECT_BIG ? "big" : "little");
	for (i = 0; i < n; i++)
		printf("%02x", bytes[i]);
	printf("\",\"rows\":[");
	for (i = 0; i < INSPECT_KINDS; i++) {
		printf("%s{\"name\":\"%s\",\"status\":\"%s\",\"value\":",
		    i > 0 ? "," : "", rows[i].name, status[rows[i].status]);
		json_string(stdout, rows[i].text);
		printf(",\"width\":%zu,\"plausible\":%s,\"ordered\":%s}",
		    rows[i].width, rows[i].plausible ? "true" : "false",
		    rows[i].ordered ? "true" : "false");
	}
	printf("]}\n");
}

int
values_inspect(const char *path, uint64_t offset,
    const struct values_options *opt)
{
	unsigned char bytes[INSPECT_WINDOW];
	struct inspect_row rows[INSPECT_KINDS];
	struct map *m;
	ssize_t n;

	m = values_open(path);
	if (m == NULL)
		return EXIT_FAILURE;
	if (offset > map_size(m)) {
		fprintf(stderr, "mmhex: --inspect: offset %" PRIu64 " is past "
		    "the end of the file (%" PRIu64 " bytes)\n", offset,
		    map_size(m));
		map_close(m);
		return EXIT_FAILURE;
	}
	n = map_read(m, offset, bytes, sizeof bytes);
	map_close(m);
	if (n < 0) {
		fprintf(stderr, "mmhex: read failed: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}
	inspect_table(bytes, (size_t)n, opt->order, opt->inspect_flags, rows);
	if (opt->json)
		inspect_print_json(offset, opt->order, bytes, (size_t)n, rows);
	else
		inspect_print_text(offset, opt->order, bytes, (size_t)n, rows);
	return values_flush() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Set by SIGINT and SIGTERM: --follow ends at the next tick. */
static volatile sig_atomic_t values_stop;

/* Ask the follow loop to stop. */
static void
values_on_signal(int sig)
{
	(void)sig;
	values_stop = 1;
}

/* The read callback of the byte source: map_read(). */
static ssize_t
values_read(void *ctx, uint64_t offset, unsigned char *buf, size_t n)
{
	return map_read(ctx, offset, buf, n);
}

/* What the struct mode keeps between ticks. */
struct values_watch {
	const struct layout *layout;
	const struct values_options *opt;
	struct textsrc src;
	unsigned char *record;		/* the sample being taken */
	unsigned char *scratch;		/* its second read */
	unsigned char *last;		/* count records: last printed */
	unsigned char *printed;		/* count flags: last holds one */
	unsigned char *past_end;	/* count flags: reported past the end */
	char *text;			/* one field's text */
	size_t text_max;
	uint64_t stride;		/* bytes from a record to the next */
	uint64_t head;			/* --ring: the records printed so far */
	int have_head;
	struct sample_count count;
	const char *name;		/* the file, sanitised */
};

/* Print text as a CSV field (quoted when it holds a comma or quote). */
static void
csv_field(const char *text)
{
	const char *p;

	if (strpbrk(text, ",\"") == NULL) {
		fputs(text, stdout);
		return;
	}
	putchar('"');
	for (p = text; *p != '\0'; p++) {
		if (*p == '"')
			putchar('"');
		putchar(*p);
	}
	putchar('"');
}

/* Print the header line of the CSV output. */
static void
struct_header(const struct values_watch *w)
{
	size_t i;

	printf("time,%storn", w->opt->count > 1 || w->opt->ring ? "index," :
	    "");
	for (i = 0; i < w->layout->nfields; i++) {
		putchar(',');
		csv_field(w->layout->fields[i].name);
	}
	putchar('\n');
}

/* Print field i of the record as a JSON value. */
static void
json_value(const struct values_watch *w, size_t i)
{
	const struct layout_field *f = &w->layout->fields[i];

	layout_format(w->layout, i, w->record, w->text, w->text_max);
	if (f->type == LAYOUT_BYTES ||
	    (f->type == LAYOUT_FLOAT && !isfinite(strtod(w->text, NULL))))
		json_string(stdout, w->text);
	else if (f->type == LAYOUT_BOOL)
		fputs(w->text[0] == 'T' ? "true" : "false", stdout);
	else
		fputs(w->text, stdout);
}

/* Print one sample of record index, taken at now (clean or torn). */
static void
struct_line(struct values_watch *w, uint64_t index, int torn,
    const struct timespec *now)
{
	size_t i;

	if (w->opt->json) {
		printf("{\"time\":%lld.%06ld,", (long long)now->tv_sec,
		    now->tv_nsec / 1000);
		if (w->opt->count > 1 || w->opt->ring)
			printf("\"index\":%" PRIu64 ",", index);
		printf("\"torn\":%s", torn ? "true" : "false");
		if (!torn) {
			printf(",\"fields\":{");
			for (i = 0; i < w->layout->nfields; i++) {
				printf("%s", i > 0 ? "," : "");
				json_string(stdout, w->layout->fields[i].name);
				putchar(':');
				json_value(w, i);
			}
			putchar('}');
		}
		printf("}\n");
		return;
	}
	printf("%lld.%06ld,", (long long)now->tv_sec, now->tv_nsec / 1000);
	if (w->opt->count > 1 || w->opt->ring)
		printf("%" PRIu64 ",", index);
	printf("%d", torn);
	for (i = 0; i < w->layout->nfields; i++) {
		putchar(',');
		if (!torn) {
			layout_format(w->layout, i, w->record, w->text,
			    w->text_max);
			csv_field(w->text);
		}
	}
	putchar('\n');
}

/* Sample every record once and print those that changed.  Returns 0, or
 * -1 after printing an error. */
static int
struct_tick(struct values_watch *w, struct map *m)
{
	const struct layout *l = w->layout;
	uint64_t i, offset;
	struct timespec now;
	int r;

	if (w->opt->follow) {
		map_refresh(m);
		w->src.size = map_size(m);
	}
	for (i = 0; i < w->opt->count; i++) {
		offset = w->opt->at + i * w->stride;
		r = sample_read(&w->src, offset, l->size, w->record,
		    w->scratch, 3, &w->count);
		clock_gettime(CLOCK_REALTIME, &now);
		if (r == -1) {
			fprintf(stderr, "mmhex: %s: read failed: %s\n",
			    w->name, strerror(errno));
			return -1;
		}
		if (r == SAMPLE_SHORT) {
			if (!w->past_end[i])
				fprintf(stderr, "mmhex: %s: record %" PRIu64
				    " (offset %" PRIu64 ", %zu bytes) is past "
				    "the end of the file\n", w->name, i,
				    offset, l->size);
			w->past_end[i] = 1;
			if (!w->opt->follow)
				return -1;
			continue;
		}
		w->past_end[i] = 0;
		if (r == SAMPLE_TORN) {
			struct_line(w, i, 1, &now);
			w->printed[i] = 0;
			continue;
		}
		if (w->printed[i] && memcmp(w->last + i * l->size, w->record,
		    l->size) == 0)
			continue;
		struct_line(w, i, 0, &now);
		memcpy(w->last + i * l->size, w->record, l->size);
		w->printed[i] = 1;
	}
	return 0;
}

/* Read the ring's head index (twice, as a sample): 0, or 1 while it is
 * torn or past the end, or -1 after printing an error. */
static int
ring_head(struct values_watch *w, uint64_t *head)
{
	unsigned char b[8], s[8];
	size_t n = w->opt->ring_code == 'B' ? 1 : w->opt->ring_code == 'H' ?
	    2 : w->opt->ring_code == 'I' ? 4 : 8, i;
	int r;

	r = sample_read(&w->src, w->opt->ring_at, n, b, s, 3, &w->count);
	if (r == -1) {
		fprintf(stderr, "mmhex: %s: read failed: %s\n", w->name,
		    strerror(errno));
		return -1;
	}
	if (r != SAMPLE_CLEAN)
		return 1;
	*head = 0;
	for (i = 0; i < n; i++)
		*head |= (uint64_t)b[w->opt->ring_big ? i : n - 1 - i] <<
		    (8 * (n - 1 - i));
	return 0;
}

/*
 * --ring: the head index counts the records written; record k is in slot
 * k % count.  Print each record written since the last tick, in order,
 * its index k; records overwritten before they were read are a gap, said
 * on stderr, never made up.  The slot of record head (the writer fills it
 * next, and may be filling it now: it holds record head - count) is never
 * read, so at most count - 1 records are shown at a time.  Returns 0, or
 * -1 after printing an error.
 */
static int
ring_tick(struct values_watch *w, struct map *m)
{
	const struct layout *l = w->layout;
	uint64_t head, again, k, from, n = w->opt->count, offset;
	struct timespec now;
	int r;

	if (w->opt->follow) {
		map_refresh(m);
		w->src.size = map_size(m);
	}
	if ((r = ring_head(w, &head)) != 0)
		return r == -1 ? -1 : 0;
	if (!w->have_head || head < w->head) {
		if (w->have_head)
			fprintf(stderr, "mmhex: %s: the ring's head went back "
			    "from %" PRIu64 " to %" PRIu64 ": started anew\n",
			    w->name, w->head, head);
		/* The first look shows the records the ring still holds
		 * but the oldest: its slot is the one the writer fills
		 * next, perhaps being filled now. */
		w->head = head > n - 1 ? head - (n - 1) : 0;
		w->have_head = 1;
	}
	from = w->head;
	if (head - from > n - 1) {
		fprintf(stderr, "mmhex: %s: gap: records %" PRIu64 " to %"
		    PRIu64 " were overwritten before they were read\n",
		    w->name, from, head - n);
		from = head - (n - 1);
	}
	for (k = from; k < head; k++) {
		offset = w->opt->at + (k % n) * w->stride;
		r = sample_read(&w->src, offset, l->size, w->record,
		    w->scratch, 3, &w->count);
		clock_gettime(CLOCK_REALTIME, &now);
		if (r == -1 || r == SAMPLE_SHORT) {
			fprintf(stderr, "mmhex: %s: record %" PRIu64 " (offset %"
			    PRIu64 ") %s\n", w->name, k, offset, r == -1 ?
			    strerror(errno) : "is past the end of the file");
			return -1;
		}
		/* The writer may have lapped the ring while the record was
		 * read: then it may hold a later one.  Said as a gap. */
		if (ring_head(w, &again) == 0 && k + n <= again) {
			fprintf(stderr, "mmhex: %s: gap: record %" PRIu64 " was "
			    "overwritten while it was read\n", w->name, k);
			continue;
		}
		struct_line(w, k, r == SAMPLE_TORN, &now);
	}
	w->head = head;
	return 0;
}

/* Catch SIGINT and SIGTERM (no SA_RESTART: the wait returns). */
static void
values_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = values_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Sample until stopped (or once); returns the exit status. */
static int
struct_run(struct values_watch *w, struct map *m)
{
	int status = EXIT_SUCCESS;

	if (!w->opt->json)
		struct_header(w);
	if (w->opt->follow)
		values_catch_signals();
	do {
		if ((w->opt->ring ? ring_tick(w, m) : struct_tick(w, m)) ==
		    -1) {
			status = EXIT_FAILURE;
			break;
		}
		if (fflush(stdout) == EOF || ferror(stdout)) {
			if (errno == EPIPE)
				return EXIT_SUCCESS;	/* the reader left */
			fprintf(stderr, "mmhex: write error: %s\n",
			    strerror(errno));
			return EXIT_FAILURE;
		}
		if (w->opt->follow && !values_stop)
			poll(NULL, 0, (int)w->opt->watch_ms);
	} while (w->opt->follow && !values_stop);
	if (values_flush() == -1)
		return EXIT_FAILURE;
	if (w->count.torn > 0)
		fprintf(stderr, "mmhex: %" PRIu64 " of %" PRIu64 " samples "
		    "were torn (the record changed while it was read)\n",
		    w->count.torn, w->count.torn + w->count.clean);
	return status;
}

int
values_struct(const char *path, const char *spec,
    const struct values_options *opt)
{
	struct values_watch w = { .opt = opt };
	struct layout *l;
	struct map *m = NULL;
	char *cause = NULL;
	int status = EXIT_FAILURE;
	size_t size;

	l = layout_parse(spec, &cause);
	if (l == NULL) {
		fprintf(stderr, "mmhex: --struct: %s\nTry 'mmhex --help' for "
		    "more information.\n", errmsg_show(cause,
		    strerror(errno)));
		free(cause);
		return 2;
	}
	w.layout = l;
	w.stride = opt->stride != 0 ? opt->stride : l->size;
	if (l->size == 0 || w.stride < l->size ||
	    opt->count > (64u << 20) / l->size ||
	    (opt->count - 1) > (UINT64_MAX - l->size - opt->at) / w.stride) {
		fprintf(stderr, "mmhex: --struct: %s\nTry 'mmhex --help' for "
		    "more information.\n", l->size == 0 ?
		    "the record has no bytes" : w.stride < l->size ?
		    "--stride is shorter than the record" :
		    "--count is too large");
		layout_free(l);
		return 2;
	}
	size = l->size;
	w.text_max = layout_text_max(l);
	w.record = malloc(size);
	w.scratch = malloc(size);
	w.last = malloc(size * opt->count);
	w.printed = calloc(opt->count, 1);
	w.past_end = calloc(opt->count, 1);
	w.text = malloc(w.text_max);
	w.name = sanitize_string(path);
	if (w.record == NULL || w.scratch == NULL || w.last == NULL ||
	    w.printed == NULL || w.past_end == NULL || w.text == NULL ||
	    w.name == NULL) {
		fprintf(stderr, "mmhex: %s\n", strerror(ENOMEM));
		goto out;
	}
	m = values_open(path);
	if (m == NULL)
		goto out;
	w.src.read = values_read;
	w.src.ctx = m;
	w.src.size = map_size(m);
	status = struct_run(&w, m);
out:
	map_close(m);
	free(w.record);
	free(w.scratch);
	free(w.last);
	free(w.printed);
	free(w.past_end);
	free(w.text);
	free((char *)w.name);
	layout_free(l);
	return status;
}
