/*
 * fuzz-script.c - libFuzzer target for the headless script parser
 * (script.h).
 *
 * Input layout: the whole input is the script's text.
 *
 * script_parse() answers 0 or -1.  On 0: commands in line order, each
 * from a line of the input; goto and select expressions present and
 * free of NULs; byte strings of at least one byte; replace's old and
 * new one length; fill and "replace ... selection" only after a select.
 * On -1: errno EINVAL, nothing handed back, a printable cause starting
 * "s:LINE: " with LINE a line of the input.  The answer does not depend
 * on whether a cause is asked for.  Any broken invariant calls abort().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s, quiet;
	unsigned long lines = 1, line, last = 0;
	const unsigned char *p;
	char *cause = NULL, *end;
	int rc, selected = 0;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			lines++;
	rc = script_parse("s", (const char *)data, size, &s, &cause);
	if (rc == 0) {
		fuzz_check(cause == NULL);
		for (i = 0; i < s.n; i++) {
			const struct script_cmd *c = &s.cmds[i];

			fuzz_check(c->line > last && c->line <= lines);
			last = c->line;
			switch (c->op) {
			case SCRIPT_GOTO:
				fuzz_check(c->addr != NULL);
				break;
			case SCRIPT_SELECT:
				fuzz_check(c->addr != NULL);
				fuzz_check((c->end != NULL) != (c->length > 0));
				selected = 1;
				break;
			case SCRIPT_FILL:
				fuzz_check(selected);
				/* fall through */
			case SCRIPT_PASTE:
				fuzz_check(c->bytes != NULL && c->len >= 1);
				break;
			case SCRIPT_REPLACE:
				fuzz_check(c->bytes != NULL && c->len >= 1);
				fuzz_check(c->new_bytes != NULL);
				fuzz_check(c->scope == SCRIPT_IN_FILE ||
				    selected);
				break;
			case SCRIPT_SAVE:
				break;
			default:
				abort();
			}
		}
		script_free(&s);
	} else {
		fuzz_check(rc == -1 && errno == EINVAL);
		fuzz_check(s.cmds == NULL && s.n == 0);
		fuzz_check(cause != NULL && strncmp(cause, "s:", 2) == 0);
		line = strtoul(cause + 2, &end, 10);
		fuzz_check(line >= 1 && line <= lines);
		fuzz_check(strncmp(end, ": ", 2) == 0);
		for (p = (const unsigned char *)cause; *p != '\0'; p++)
			fuzz_check(*p >= 0x20 && *p != 0x7f);
		free(cause);
	}
	fuzz_check(script_parse("s", (const char *)data, size, &quiet,
	    NULL) == rc);
	script_free(&quiet);
	return 0;
}
