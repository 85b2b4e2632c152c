/*
 * main-values.h - the command line's value modes: --inspect (the data
 * inspector's table) and --struct (records decoded, once or followed).
 * main.c parses the options; these run the mode and return the exit
 * status (0, 1 on an error, 2 on a usage error found late).
 */
#ifndef MMHEX_MAIN_VALUES_H
#define MMHEX_MAIN_VALUES_H

#include <stdint.h>

#include "inspect.h"

struct values_options {
	enum inspect_order order;	/* --big, --little, --order */
	int json;			/* --json */
	unsigned inspect_flags;		/* INSPECT_LOCALTIME (--local-time) */
	uint64_t at;			/* --at: the first record */
	uint64_t count;			/* --count: records (1) */
	uint64_t stride;		/* --stride: 0 = the record's size */
	int follow;			/* --follow */
	int ring;			/* --ring: the records are a ring */
	uint64_t ring_at;		/* ... its head index is here, */
	char ring_code;			/* ... a B H I or Q, */
	int ring_big;			/* ... big-endian ('>' before it) */
	unsigned watch_ms;		/* --watch: the polling period */
};

/* Print the inspector's table for the bytes at offset of the file. */
int values_inspect(const char *path, uint64_t offset,
    const struct values_options *opt);

/* Print the records of the layout spec in the file (layout.h), once, or
 * with follow every time one changes until SIGINT or SIGTERM. */
int values_struct(const char *path, const char *spec,
    const struct values_options *opt);

#endif
