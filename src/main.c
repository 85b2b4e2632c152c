/*
 * main.c - the command line: parse it, then open the viewer or dump.
 *
 * Exit status: 0 success, 1 an error (the file cannot be opened, a write
 * failed), 2 a usage error.  Every message names the program and, where
 * there is one, the file: "mmhex: NAME: what failed: reason".
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "dump.h"
#include "map.h"
#include "tui/tui.h"

#define EXIT_USAGE 2

/* Longest --cols value: 4096 bytes a row is already absurd. */
#define MAX_COLS 4096

static const char usage_text[] =
"usage: mmhex [-r | -w | -c] [--cols N] [--watch MS] FILE\n"
"       mmhex --dump [--seek OFF] [--len N] FILE\n"
"\n"
"View and patch FILE, mapped into memory: only what is on screen is read.\n"
"\n"
"  -r, --read-only    open read-only (the default)\n"
"  -w, --write        edits go straight to the file (shared mapping)\n"
"  -c, --copy         copy-on-write: edits stay private to mmhex\n"
"      --cols N       show N bytes a row (default: fit the terminal)\n"
"      --watch MS     re-check the file's size every MS milliseconds\n"
"                     (default 100, 0 turns it off)\n"
"      --dump         print the file as `xxd FILE` does, and exit\n"
"      --seek OFF     with --dump: start at offset OFF (like xxd -s)\n"
"      --len N        with --dump: stop after N bytes (like xxd -l)\n"
"  -h, --help         show this help and exit\n"
"  -V, --version      show the version and exit\n"
"\n"
"Offsets and lengths take decimal, 0x hex and k/M/G units (4k = 4096).\n"
"In the viewer, press ? for the keys.\n";

enum {
	OPT_COLS = 0x100,
	OPT_DUMP,
	OPT_SEEK,
	OPT_LEN,
	OPT_WATCH
};

static const struct option long_options[] = {
	{ "read-only", no_argument, NULL, 'r' },
	{ "write", no_argument, NULL, 'w' },
	{ "copy", no_argument, NULL, 'c' },
	{ "cols", required_argument, NULL, OPT_COLS },
	{ "watch", required_argument, NULL, OPT_WATCH },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "seek", required_argument, NULL, OPT_SEEK },
	{ "len", required_argument, NULL, OPT_LEN },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Print a usage error and exit with status 2. */
static void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mmhex: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'mmhex --help' for more information.\n");
	exit(EXIT_USAGE);
}

/* Parse a number option or exit with a usage error. */
static uint64_t
number_option(const char *name, const char *text)
{
	uint64_t value;
	char *cause = NULL;

	if (addr_parse_number(text, &value, &cause) == -1) {
		fprintf(stderr, "mmhex: %s: %s\n", name,
		    cause != NULL ? cause : "bad number");
		fprintf(stderr, "Try 'mmhex --help' for more information.\n");
		free(cause);
		exit(EXIT_USAGE);
	}
	return value;
}

/* Print the dump of a file; return the exit status. */
static int
run_dump(const char *path, uint64_t seek, uint64_t len)
{
	struct map *m;
	char *cause = NULL;
	int status = EXIT_SUCCESS;

	m = map_open(path, MAP_READONLY, &cause);
	if (m == NULL) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause : path);
		free(cause);
		return EXIT_FAILURE;
	}
	if (dump_xxd(m, seek, len, STDOUT_FILENO, &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause :
		    "dump failed");
		status = EXIT_FAILURE;
	}
	free(cause);
	map_close(m);
	return status;
}

/* Open the viewer; return the exit status. */
static int
run_viewer(const char *path, const struct tui_options *opt)
{
	struct map *m;
	char *cause = NULL;
	int status = EXIT_SUCCESS;

	m = map_open(path, opt->mode, &cause);
	if (m == NULL) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause : path);
		free(cause);
		return EXIT_FAILURE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "mmhex: the viewer needs a terminal on standard "
		    "input and output (use --dump to print the file)\n");
		map_close(m);
		return EXIT_FAILURE;
	}
	if (tui_run(m, opt, &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause :
		    "the viewer failed");
		status = EXIT_FAILURE;
	}
	free(cause);
	map_close(m);
	return status;
}

int
main(int argc, char **argv)
{
	struct tui_options opt = { MAP_READONLY, 0, 100 };
	uint64_t seek = 0, len = UINT64_MAX, value;
	int dump = 0, dump_only = 0, mode_flags = 0, c;

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "rwchV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			opt.mode = MAP_READONLY;
			mode_flags++;
			break;
		case 'w':
			opt.mode = MAP_WRITE;
			mode_flags++;
			break;
		case 'c':
			opt.mode = MAP_COW;
			mode_flags++;
			break;
		case OPT_COLS:
			value = number_option("--cols", optarg);
			if (value == 0 || value > MAX_COLS)
				usage_error("--cols: must be 1 to 4096, not %s",
				    optarg);
			opt.cols = (unsigned)value;
			break;
		case OPT_WATCH:
			value = number_option("--watch", optarg);
			if (value > 3600 * 1000)
				usage_error("--watch: at most an hour, not %s",
				    optarg);
			opt.watch_ms = (unsigned)value;
			break;
		case OPT_DUMP:
			dump = 1;
			break;
		case OPT_SEEK:
			seek = number_option("--seek", optarg);
			dump_only = 1;
			break;
		case OPT_LEN:
			len = number_option("--len", optarg);
			dump_only = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("mmhex %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			fprintf(stderr, "Try 'mmhex --help' for more "
			    "information.\n");
			return EXIT_USAGE;
		}
	}
	if (mode_flags > 1)
		usage_error("only one of -r, -w and -c may be given");
	if (dump_only && !dump)
		usage_error("--seek and --len need --dump");
	if (optind == argc)
		usage_error("no file given");
	if (argc - optind > 1)
		usage_error("only one file may be given, not '%s' as well",
		    argv[optind + 1]);
	if (dump)
		return run_dump(argv[optind], seek, len);
	return run_viewer(argv[optind], &opt);
}
