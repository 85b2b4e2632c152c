/*
 * fuzz-value.c - libFuzzer target for the inspector's value parsers and
 * decoders (inspect.h).
 *
 * Input: byte 0 picks a row (mod INSPECT_KINDS) and its byte order (bit
 * 7); the rest, up to a NUL, is a value typed for that row and, whole,
 * a find-by-value pattern; all of it is also decoded as bytes at the
 * cursor.  Invariants: a value parsed writes 1 to INSPECT_BYTES_MAX
 * bytes that decode as that row without error (but a time typed as its
 * raw integer, which may be no valid date); a value refused leaves the output alone and has a
 * printable cause; every decoded row's text is printable (no C0, DEL,
 * C1 or bidi control; valid UTF-8), fits its buffer, and an OK row's
 * width lies within the bytes given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Abort unless text would come out of the sanitiser unchanged (so it
 * holds nothing the terminal policy refuses), backslashes aside. */
static void
fuzz_check_printable(const char *text)
{
	char *again = sanitize_string(text);

	fuzz_check(again != NULL);
	fuzz_check(strcmp(again, text) == 0);
	free(again);
}

/* Decode the n bytes as every row in both orders. */
static void
fuzz_decode(const unsigned char *bytes, size_t n)
{
	struct inspect_row rows[INSPECT_KINDS];
	unsigned order, k;

	for (order = 0; order < 2; order++) {
		inspect_table(bytes, n, order, 0, rows);
		for (k = 0; k < INSPECT_KINDS; k++) {
			fuzz_check(rows[k].kind == k);
			fuzz_check(strlen(rows[k].text) < INSPECT_TEXT_MAX);
			fuzz_check_printable(rows[k].text);
			if (rows[k].status == INSPECT_OK)
				fuzz_check(rows[k].width >= 1 &&
				    rows[k].width <= n &&
				    rows[k].width <= INSPECT_WINDOW);
			else
				fuzz_check(rows[k].width == 0 &&
				    !rows[k].plausible);
		}
	}
}

/* Parse text for kind and check what comes out. */
static void
fuzz_encode(enum inspect_kind kind, enum inspect_order order,
    const char *text)
{
	unsigned char out[INSPECT_BYTES_MAX + 1];
	struct inspect_row row;
	size_t len = 999;
	char *cause = NULL;
	int rc;

	memset(out, 0xa5, sizeof out);
	rc = inspect_encode(kind, order, text, out, &len, &cause);
	fuzz_check(rc == inspect_encode(kind, order, text, out, &len, NULL));
	if (rc == -1) {
		fuzz_check(cause != NULL);
		fuzz_check_printable(cause);
		fuzz_check(len == 999 && out[0] == 0xa5);
		free(cause);
		return;
	}
	fuzz_check(cause == NULL);
	fuzz_check(len >= 1 && len <= INSPECT_BYTES_MAX);
	fuzz_check(out[INSPECT_BYTES_MAX] == 0xa5);
	inspect_row(kind, out, len, order, 0, &row);
	/* A time given as its raw integer may be no date (DOS, year 10000). */
	if (row.status == INSPECT_INVALID && inspect_is_time(kind))
		return;
	fuzz_check(row.status == INSPECT_OK);
	fuzz_check(row.width == len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[INSPECT_BYTES_MAX];
	enum inspect_kind kind;
	enum inspect_order order;
	size_t n, len;
	char *text, *cause = NULL;

	fuzz_decode(data, size);
	if (size == 0)
		return 0;
	kind = (enum inspect_kind)((data[0] & 0x7f) % INSPECT_KINDS);
	order = data[0] & 0x80 ? INSPECT_BIG : INSPECT_LITTLE;
	n = size - 1;
	text = malloc(n + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, n);
	text[n] = '\0';
	fuzz_encode(kind, order, text);
	if (inspect_parse_find(text, out, &len, &cause) == 0)
		fuzz_check(cause == NULL && len >= 1 &&
		    len <= INSPECT_BYTES_MAX);
	else
		fuzz_check(cause != NULL);
	free(cause);
	free(text);
	return 0;
}
