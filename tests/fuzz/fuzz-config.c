/*
 * fuzz-config.c - libFuzzer target for the config file parser
 * (config-file.h).
 *
 * Input layout: the whole input is the config file's text.
 *
 * config_parse() must return 0; every diagnostic is printable and reads
 * "cfg:LINE: why" with LINE a line of the input, at most one a line;
 * values stay in their bounds (mode and byte order known, cols <= 4096,
 * watch <= 3600000, colour 0 or 1) and a setting not given keeps its
 * default; every binding names one of the action strings passed (the
 * same pointer) or none, comes from a line of the input that has no
 * diagnostic, in order, and its key's canonical name parses back to the
 * same key.  Any broken invariant calls abort().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const actions[] = {
	"quit", "find", "goto", "line-numbers", "help"
};

/* Abort unless condition holds. */
static void
fuzz_check(int condition)
{
	if (!condition)
		abort();
}

/* Return the line number of diagnostic text, checking its form. */
static unsigned long
fuzz_diag_line(const char *text)
{
	const unsigned char *p;
	unsigned long line;
	char *end;

	fuzz_check(strncmp(text, "cfg:", 4) == 0);
	line = strtoul(text + 4, &end, 10);
	fuzz_check(line >= 1 && strncmp(end, ": ", 2) == 0 && end[2] != '\0');
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		fuzz_check(*p >= 0x20 && *p != 0x7f);
	return line;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct config_key back;
	unsigned long lines = 1, line, last = 0;
	char name[32];
	size_t i, k;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			lines++;
	config_init(&cfg);
	fuzz_check(config_parse(&cfg, "cfg", (const char *)data, size,
	    actions, sizeof actions / sizeof actions[0]) == 0);
	for (i = 0; i < cfg.ndiags; i++) {
		line = fuzz_diag_line(cfg.diags[i]);
		fuzz_check(line <= lines && line > last);
		last = line;
	}
	fuzz_check(cfg.mode <= CONFIG_MODE_COPY);
	fuzz_check(cfg.byte_order <= CONFIG_ORDER_BIG);
	fuzz_check(cfg.cols <= 4096 && cfg.watch_ms <= 3600000);
	fuzz_check(cfg.colour == 0 || cfg.colour == 1);
	if (!(cfg.set & CONFIG_SET_COLS))
		fuzz_check(cfg.cols == 0);
	if (!(cfg.set & CONFIG_SET_WATCH))
		fuzz_check(cfg.watch_ms == 100);
	if (!(cfg.set & CONFIG_SET_MODE))
		fuzz_check(cfg.mode == CONFIG_MODE_READONLY);
	last = 0;
	for (i = 0; i < cfg.nbindings; i++) {
		if (cfg.bindings[i].action != NULL) {
			for (k = 0; k < sizeof actions / sizeof actions[0]; k++)
				if (cfg.bindings[i].action == actions[k])
					break;
			fuzz_check(k < sizeof actions / sizeof actions[0]);
		}
		fuzz_check(cfg.bindings[i].line > last);
		fuzz_check(cfg.bindings[i].line <= lines);
		last = cfg.bindings[i].line;
		for (k = 0; k < cfg.ndiags; k++)
			fuzz_check(fuzz_diag_line(cfg.diags[k]) != last);
		config_key_name(&cfg.bindings[i].key, name, sizeof name);
		fuzz_check(config_key_parse(name, &back) == 0);
		fuzz_check(back.kind == cfg.bindings[i].key.kind);
		fuzz_check(back.code == cfg.bindings[i].key.code);
		fuzz_check(back.mods == cfg.bindings[i].key.mods);
	}
	config_free(&cfg);
	return 0;
}
