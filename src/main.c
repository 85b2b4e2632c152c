/*
 * main.c - the command line: parse it, then open the viewer, dump or
 * patch.
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
#include "patch.h"
#include "tui/tui.h"

#define EXIT_USAGE 2

/* Longest --cols value: 4096 bytes a row is already absurd. */
#define MAX_COLS 4096

static const char usage_text[] =
"usage: mmhex [-r | -w | -c] [--cols N] [--watch MS] FILE\n"
"       mmhex --dump [--seek OFF] [--len N] FILE\n"
"       mmhex [-w] --patch OFFSET:OLDHEX:NEWHEX [--patch ...] FILE\n"
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
"      --patch OFFSET:OLDHEX:NEWHEX\n"
"                     write NEWHEX over OLDHEX at OFFSET, in place, and\n"
"                     sync; repeatable.  Every OLDHEX must match the file\n"
"                     and no two patches may overlap, or nothing changes\n"
"  -h, --help         show this help and exit\n"
"  -V, --version      show the version and exit\n"
"\n"
"Offsets and lengths take decimal, 0x hex and k/M/G units (4k = 4096).\n"
"Hex bytes are two digits each, blanks allowed between bytes: 7f45 or 7f 45.\n"
"In the viewer, press ? for the keys.\n";

enum {
	OPT_COLS = 0x100,
	OPT_DUMP,
	OPT_SEEK,
	OPT_LEN,
	OPT_WATCH,
	OPT_PATCH
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
	{ "patch", required_argument, NULL, OPT_PATCH },
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

/* Parse the n --patch specs into a new array, or exit with a usage error. */
static struct patch *
parse_patches(char **specs, size_t n)
{
	struct patch *patches;
	char *cause = NULL;
	size_t i;

	patches = calloc(n, sizeof *patches);
	if (patches == NULL) {
		fprintf(stderr, "mmhex: %s\n", strerror(errno));
		exit(EXIT_FAILURE);
	}
	for (i = 0; i < n; i++) {
		if (patch_parse(specs[i], &patches[i], &cause) == -1) {
			usage_error("%s", cause != NULL ? cause :
			    strerror(errno));
		}
	}
	return patches;
}

/* Apply the n patches to the file at path; return the exit status. */
static int
run_patch(const char *path, struct patch *patches, size_t n)
{
	struct map *m;
	char *cause = NULL, *line;
	int status = EXIT_SUCCESS;
	size_t i;

	m = map_open(path, MAP_WRITE, &cause);
	if (m == NULL) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause : path);
		free(cause);
		return EXIT_FAILURE;
	}
	if (patch_apply(m, patches, n, &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", cause != NULL ? cause :
		    strerror(errno));
		free(cause);
		map_close(m);
		return EXIT_FAILURE;
	}
	map_close(m);
	for (i = 0; i < n; i++) {
		line = patch_describe(&patches[i]);
		if (line == NULL) {
			fprintf(stderr, "mmhex: %s\n", strerror(errno));
			return EXIT_FAILURE;
		}
		printf("patched %s\n", line);
		free(line);
	}
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "mmhex: standard output: %s\n",
		    strerror(errno));
		status = EXIT_FAILURE;
	}
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
	int dump = 0, dump_only = 0, mode_flags = 0, ro_or_cow = 0, c, status;
	char **specs;
	struct patch *patches;
	size_t nspecs = 0, i;

	/* No more --patch options than arguments. */
	specs = calloc((size_t)argc + 1, sizeof *specs);
	if (specs == NULL) {
		fprintf(stderr, "mmhex: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}

	setlocale(LC_ALL, "");
	while ((c = getopt_long(argc, argv, "rwchV", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'r':
			opt.mode = MAP_READONLY;
			mode_flags++;
			ro_or_cow = 'r';
			break;
		case 'w':
			opt.mode = MAP_WRITE;
			mode_flags++;
			break;
		case 'c':
			opt.mode = MAP_COW;
			mode_flags++;
			ro_or_cow = 'c';
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
		case OPT_PATCH:
			specs[nspecs++] = optarg;
			break;
		case 'h':
			free(specs);
			fputs(usage_text, stdout);
			return EXIT_SUCCESS;
		case 'V':
			free(specs);
			printf("mmhex %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		default:
			free(specs);
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
	if (nspecs > 0 && dump)
		usage_error("--patch and --dump cannot be combined");
	if (nspecs > 0 && ro_or_cow != 0)
		usage_error("--patch writes the file in place; it cannot be "
		    "combined with -%c", ro_or_cow);
	if (nspecs > 0) {
		patches = parse_patches(specs, nspecs);
		status = run_patch(argv[optind], patches, nspecs);
		for (i = 0; i < nspecs; i++)
			patch_free(&patches[i]);
		free(patches);
		free(specs);
		return status;
	}
	free(specs);
	if (dump)
		return run_dump(argv[optind], seek, len);
	return run_viewer(argv[optind], &opt);
}
