/*
 * fuzz-layout.c - libFuzzer target for struct layouts (layout.h).
 *
 * Input: the layout spec up to the first NUL; the bytes after it (cycled)
 * fill a record.  Invariants: a parse fails with a printable cause, or
 * gives a layout within the limits whose fields lie in order inside the
 * record and have unique names; every field's text fits
 * layout_text_max(), is printable ASCII, and a text cut short by a small
 * buffer is a prefix of the whole one; the answer does not depend on
 * whether a cause is asked for.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Abort unless text is printable ASCII. */
static void
fuzz_check_ascii(const char *text)
{
	for (; *text != '\0'; text++)
		fuzz_check(*text >= 0x20 && *text < 0x7f);
}

/* Check every field of l on a record made of fill. */
static void
fuzz_fields(const struct layout *l, const uint8_t *fill, size_t nfill)
{
	unsigned char *record;
	char *text, small[6];
	size_t i, j, max = layout_text_max(l), len, cut;
	double v;

	record = malloc(l->size + 1);
	text = malloc(max);
	if (record == NULL || text == NULL)
		goto out;
	for (i = 0; i < l->size; i++)
		record[i] = nfill > 0 ? fill[i % nfill] : (unsigned char)i;
	for (i = 0; i < l->nfields; i++) {
		fuzz_check(l->fields[i].offset + l->fields[i].size <= l->size);
		if (i > 0)
			fuzz_check(l->fields[i].offset >=
			    l->fields[i - 1].offset + l->fields[i - 1].size);
		for (j = 0; j < i && i < 64; j++)
			fuzz_check(strcmp(l->fields[i].name,
			    l->fields[j].name) != 0);
		len = layout_format(l, i, record, text, max);
		fuzz_check(len < max && strlen(text) == len);
		fuzz_check_ascii(text);
		cut = layout_format(l, i, record, small, sizeof small);
		fuzz_check(cut < sizeof small && strlen(small) == cut);
		fuzz_check(strncmp(small, text, cut) == 0);
		fuzz_check((layout_number(l, i, record, &v) == -1) ==
		    (l->fields[i].type == LAYOUT_BYTES));
	}
out:
	free(record);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout *l, *quiet;
	const uint8_t *nul = memchr(data, '\0', size);
	size_t n = nul != NULL ? (size_t)(nul - data) : size;
	char *spec, *cause = NULL;

	spec = malloc(n + 1);
	if (spec == NULL)
		return 0;
	memcpy(spec, data, n);
	spec[n] = '\0';
	l = layout_parse(spec, &cause);
	quiet = layout_parse(spec, NULL);
	fuzz_check((l == NULL) == (quiet == NULL));
	if (l == NULL) {
		fuzz_check(cause != NULL && *cause != '\0');
		fuzz_check_ascii(cause);
	} else {
		fuzz_check(cause == NULL);
		fuzz_check(l->size <= LAYOUT_SIZE_MAX);
		fuzz_check(l->nfields <= LAYOUT_FIELDS_MAX);
		fuzz_check(quiet->size == l->size &&
		    quiet->nfields == l->nfields);
		fuzz_fields(l, nul != NULL ? nul + 1 : NULL,
		    nul != NULL ? size - n - 1 : 0);
	}
	layout_free(l);
	layout_free(quiet);
	free(cause);
	free(spec);
	return 0;
}
