/*
 * main-values.c - the command line's value modes: --inspect prints the
 * data inspector's table (inspect.h) for the bytes at an offset, as text
 * or as one JSON object.
 *
 * The bytes are copied out of the mapping with map_read() (SIGBUS-safe)
 * and decoded from the copy.  Every text printed comes from the core
 * already sanitised; JSON strings only need their quotes and
 * backslashes escaped.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "inspect.h"
#include "main-values.h"
#include "map.h"
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
