/*
 * fuzz-yank.c - libFuzzer target for the register formats and the hex
 * paste parser (yank.h).
 *
 * Input layout: the whole input is both the text pasted and the bytes
 * yanked.
 *
 * As text: yank_parse_hex() must answer 0 with 1..size bytes and no
 * cause, or -1 with errno EINVAL and a printable cause that starts "bad
 * hex at " (or says "no bytes in the text"), and nothing allocated.
 * Parsed bytes formatted as hex, spaced hex, xxd, and C (named and not)
 * must parse back to themselves.  As bytes: every format's text has the
 * length its rule says (hex 2n, spaced 3n-1, base64 4 per triple plus
 * a newline a 76-column line), a buffer sink with a limit one byte short
 * refuses with EFBIG and keeps no more than the limit, and OSC 52 frames
 * the base64.  Any broken invariant calls abort().
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yank.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Abort unless text holds no control character (C0, DEL). */
static void
fuzz_check_printable(const char *text)
{
	for (; *text != '\0'; text++)
		fuzz_check((unsigned char)*text >= 0x20 && *text != 0x7f);
}

/* Format bytes as fmt into a new buffer; abort on failure. */
static char *
fuzz_format(enum yank_format fmt, const char *name, const uint8_t *bytes,
    size_t n, size_t *len)
{
	struct yank_options opt = { name, 0 };
	struct yank_sink sink;
	char *text;

	yank_sink_buffer(&sink, 0);
	fuzz_check(yank_bytes(fmt, &opt, bytes, n, &sink, NULL) == 0);
	text = yank_sink_take(&sink, len);
	fuzz_check(text != NULL && strlen(text) == *len);
	return text;
}

/* Format bytes as fmt and parse the text back: the same bytes. */
static void
fuzz_round_trip(enum yank_format fmt, const char *name, const uint8_t *bytes,
    size_t n)
{
	unsigned char *back;
	size_t len, got;
	char *text;

	text = fuzz_format(fmt, name, bytes, n, &len);
	fuzz_check(yank_parse_hex(text, len, &back, &got, NULL) == 0);
	fuzz_check(got == n && memcmp(back, bytes, n) == 0);
	free(back);
	free(text);
}

/* Check the lengths of the formats of the input, and the limit. */
static void
fuzz_formats(const uint8_t *data, size_t size)
{
	struct yank_options opt = { "x", 0 };
	struct yank_sink sink;
	size_t len, b64;
	char *text, *cause = NULL;
	int fmt;

	b64 = (size_t)yank_base64_size(size);
	text = fuzz_format(YANK_HEX, NULL, data, size, &len);
	fuzz_check(len == 2 * size);
	free(text);
	text = fuzz_format(YANK_HEX_SPACED, NULL, data, size, &len);
	fuzz_check(len == (size > 0 ? 3 * size - 1 : 0));
	free(text);
	text = fuzz_format(YANK_BASE64, NULL, data, size, &len);
	fuzz_check(len == b64 && strchr(text, '\n') == NULL);
	free(text);
	text = fuzz_format(YANK_BASE64_LINES, NULL, data, size, &len);
	fuzz_check(len == b64 + (b64 + 75) / 76);
	free(text);
	for (fmt = YANK_HEX; fmt <= YANK_XXD; fmt++) {
		text = fuzz_format((enum yank_format)fmt, "x", data, size, &len);
		free(text);
		if (len == 0)
			continue;
		yank_sink_buffer(&sink, len - 1);
		fuzz_check(yank_bytes((enum yank_format)fmt, &opt, data, size,
		    &sink, &cause) == -1);
		if (cause != NULL) {
			fuzz_check(errno == EFBIG);
			fuzz_check(strstr(cause, "limit") != NULL);
		}
		fuzz_check(sink.len <= len - 1);
		free(cause);
		cause = NULL;
		yank_sink_free(&sink);
	}
	text = yank_osc52(data, size, &len, NULL);
	if (yank_osc52_fits(size)) {
		fuzz_check(text != NULL && len == b64 + 8);
		fuzz_check(memcmp(text, "\033]52;c;", 7) == 0);
		fuzz_check(text[len - 1] == '\a');
	} else
		fuzz_check(text == NULL && errno == EFBIG);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *bytes = (unsigned char *)"stale";
	size_t n = 7;
	char *cause = NULL;
	int rc;

	errno = 0;
	rc = yank_parse_hex((const char *)data, size, &bytes, &n, &cause);
	if (rc == 0) {
		fuzz_check(cause == NULL && bytes != NULL);
		fuzz_check(n >= 1 && n <= size);
		fuzz_round_trip(YANK_HEX, NULL, bytes, n);
		fuzz_round_trip(YANK_HEX_SPACED, NULL, bytes, n);
		fuzz_round_trip(YANK_XXD, NULL, bytes, n);
		fuzz_round_trip(YANK_C, NULL, bytes, n);
		fuzz_round_trip(YANK_C, "9 name.bin", bytes, n);
		free(bytes);
	} else {
		fuzz_check(rc == -1 && errno == EINVAL);
		fuzz_check(bytes == NULL && n == 0);
		fuzz_check(cause != NULL);
		fuzz_check(strncmp(cause, "bad hex at ", 11) == 0 ||
		    strcmp(cause, "no bytes in the text") == 0);
		fuzz_check_printable(cause);
		free(cause);
	}
	fuzz_formats(data, size);
	return 0;
}
