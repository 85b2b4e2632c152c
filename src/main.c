/*
 * main.c - the command line: parse it, then open the viewer, dump or
 * patch.
 *
 * Exit status: 0 success, 1 an error (the file cannot be opened, a write
 * failed), 2 a usage error, 128 + N when the viewer quit on signal N.  Every message names the program and, where
 * there is one, the file: "mmhex: NAME: what failed: reason".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "diff.h"
#include "dump.h"
#include "config-file.h"
#include "errmsg.h"
#include "main-values.h"
#include "map.h"
#include "patch.h"
#include "sanitize.h"
#include "search.h"
#include "spool.h"
#include "term/term.h"

#define EXIT_USAGE 2

/* Longest --cols value: 4096 bytes a row is already absurd. */
#define MAX_COLS 4096

static const char usage_text[] =
"usage: mmhex [-r | -w | -c] [--cols N] [--watch MS]\n"
"             [--text [--line-numbers] [--no-wrap]] FILE\n"
"       mmhex --dump [--seek OFF] [--len N] FILE\n"
"       mmhex [-w] --patch OFFSET:OLDHEX:NEWHEX [--patch ...] FILE\n"
"       mmhex --find PATTERN [-i | --hex | --regex] [--count] [--hex-offsets] FILE\n"
"       mmhex --inspect OFFSET [--big | --little | --order be|le]\n"
"             [--local-time] [--json] FILE\n"
"       mmhex --struct FMT [--at OFF] [--count N [--stride S]]\n"
"             [--follow [--watch MS]] [--json] FILE\n"
"       mmhex --diff A B\n"
"\n"
"View and patch FILE, mapped into memory: only what is on screen is read.\n"
"\n"
"  -r, --read-only    open read-only (the default)\n"
"  -w, --write        edits go straight to the file (shared mapping)\n"
"  -c, --copy         copy-on-write: edits stay private to mmhex\n"
"      --cols N       show N bytes a row (default: fit the terminal)\n"
"      --watch MS     look for changes by other processes every MS\n"
"                     milliseconds (default 100, 0 turns it off)\n"
"      --text         start in the text view (v switches views)\n"
"  -N, --line-numbers text view: number the lines\n"
"      --no-wrap      text view: scroll long lines sideways\n"
"      --dump         print the file as `xxd FILE` does, and exit\n"
"      --seek OFF     with --dump: start at offset OFF, or -OFF bytes\n"
"                     before the end (like xxd -s)\n"
"      --len N        with --dump: stop after N bytes (like xxd -l)\n"
"      --patch OFFSET:OLDHEX:NEWHEX\n"
"                     write NEWHEX over OLDHEX at OFFSET, in place, and\n"
"                     sync; repeatable.  Every OLDHEX must match the file\n"
"                     and no two patches may overlap, or nothing changes\n"
"      --find PATTERN print the offset of every match, one a line, in\n"
"                     decimal; text and hex: every occurrence, overlapping\n"
"                     ones too; regex: as grep -P -o -b (per line,\n"
"                     leftmost-first, not overlapping)\n"
"  -i, --ignore-case  with --find: ASCII case does not matter\n"
"      --hex          with --find: PATTERN is hex bytes, ?? for any byte\n"
"      --regex        with --find: PATTERN is a Perl (PCRE2) regular\n"
"                     expression; ^ and $ match at every line\n"
"      --count        with --find: print only the number of matches\n"
"      --hex-offsets  with --find: print offsets as 0x hex\n"
"      --inspect OFFSET\n"
"                     print the bytes at OFFSET as values: integers,\n"
"                     floats, LEB128, characters, times, GUID, addresses\n"
"      --big, --little, --order be|le\n"
"                     with --inspect: the byte order (default little)\n"
"      --local-time   with --inspect: times in local time, not UTC\n"
"      --json         with --inspect: print one JSON object; with\n"
"                     --struct: one JSON object a line\n"
"      --struct FMT   print the record at --at as CSV, a header line then\n"
"                     time,torn,FIELD...; FMT is a Python struct format\n"
"                     then a name for each value: '<Qd counter ts'\n"
"      --at OFF       with --struct: where the first record starts (0)\n"
"      --count N      with --struct: N records (an index column is added)\n"
"      --stride S     with --count: S bytes from one record to the next\n"
"                     (default: the record's size)\n"
"      --ring OFF:CODE with --struct --count N: the records are a ring whose\n"
"                     head index (the records written, a B H I or Q at\n"
"                     OFF, < or > for its order) says which are new;\n"
"                     record k is in slot k % N; overwritten unread: a gap\n"
"      --config FILE  read settings and key bindings from FILE instead of\n"
"                     $XDG_CONFIG_HOME/mmhex/config\n"
"      --no-config    read no config file\n"
"      --follow       with --struct: sample every --watch MS (default 100)\n"
"                     and print each record that changed, until Ctrl-C;\n"
"                     a record that changed while read (torn) is printed\n"
"                     with torn 1 and no values\n"
"      --diff A B     compare two files: print each run of differing\n"
"                     bytes as OFFSET:OLDHEX:NEWHEX, the --patch syntax,\n"
"                     and a size difference on stderr; exit 0 same,\n"
"                     1 different, 2 trouble (as cmp)\n"
"  -h, --help         show this help and exit\n"
"  -V, --version      show the version and exit\n"
"\n"
"Offsets and lengths take decimal, 0x hex and k/M/G units (4k = 4096).\n"
"Hex bytes are two digits each, blanks allowed between bytes: 7f45 or 7f 45.\n"
"In the viewer, press H or F1 for the keys.\n";

enum {
	OPT_COLS = 0x100,
	OPT_DUMP,
	OPT_SEEK,
	OPT_LEN,
	OPT_WATCH,
	OPT_PATCH,
	OPT_FIND,
	OPT_HEX,
	OPT_REGEX,
	OPT_COUNT,
	OPT_HEX_OFFSETS,
	OPT_TEXT,
	OPT_NOWRAP,
	OPT_INSPECT,
	OPT_JSON,
	OPT_BIG,
	OPT_LITTLE,
	OPT_ORDER,
	OPT_LOCALTIME,
	OPT_STRUCT,
	OPT_AT,
	OPT_RECORDS,
	OPT_STRIDE,
	OPT_FOLLOW,
	OPT_RING,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_DIFF
};

/* Not const: with --struct, --count takes the number of records
 * (struct_mode_options()) instead of --find's flag. */
static struct option long_options[] = {
	{ "read-only", no_argument, NULL, 'r' },
	{ "write", no_argument, NULL, 'w' },
	{ "copy", no_argument, NULL, 'c' },
	{ "cols", required_argument, NULL, OPT_COLS },
	{ "watch", required_argument, NULL, OPT_WATCH },
	{ "text", no_argument, NULL, OPT_TEXT },
	{ "line-numbers", no_argument, NULL, 'N' },
	{ "no-wrap", no_argument, NULL, OPT_NOWRAP },
	{ "dump", no_argument, NULL, OPT_DUMP },
	{ "seek", required_argument, NULL, OPT_SEEK },
	{ "len", required_argument, NULL, OPT_LEN },
	{ "patch", required_argument, NULL, OPT_PATCH },
	{ "find", required_argument, NULL, OPT_FIND },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "hex", no_argument, NULL, OPT_HEX },
	{ "regex", no_argument, NULL, OPT_REGEX },
	{ "count", no_argument, NULL, OPT_COUNT },
	{ "hex-offsets", no_argument, NULL, OPT_HEX_OFFSETS },
	{ "inspect", required_argument, NULL, OPT_INSPECT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "big", no_argument, NULL, OPT_BIG },
	{ "little", no_argument, NULL, OPT_LITTLE },
	{ "order", required_argument, NULL, OPT_ORDER },
	{ "local-time", no_argument, NULL, OPT_LOCALTIME },
	{ "struct", required_argument, NULL, OPT_STRUCT },
	{ "at", required_argument, NULL, OPT_AT },
	{ "stride", required_argument, NULL, OPT_STRIDE },
	{ "follow", no_argument, NULL, OPT_FOLLOW },
	{ "ring", required_argument, NULL, OPT_RING },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "diff", no_argument, NULL, OPT_DIFF },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* With --struct on the command line (before any "--"), make --count
 * take an argument: the number of records. */
static void
struct_mode_options(int argc, char **argv)
{
	struct option *o;
	int i, found = 0;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		found |= strcmp(argv[i], "--struct") == 0 ||
		    strncmp(argv[i], "--struct=", 9) == 0;
	for (o = long_options; found && o->name != NULL; o++) {
		if (strcmp(o->name, "count") == 0) {
			o->has_arg = required_argument;
			o->val = OPT_RECORDS;
		}
	}
}

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

/* Return a printable copy of user text for a usage message, "?" when
 * memory runs out (the program exits right after: nothing is freed).
 * Arguments may hold escape sequences that would drive the terminal. */
static char *
quote_arg(const char *text)
{
	char *q = sanitize_quote(text, strlen(text), 256);

	return q != NULL ? q : (char *)"?";
}

/* Print a usage error that quotes one argument, sanitised, at the %s of
 * fmt, and exit with status 2. */
static void __attribute__((noreturn, format(printf, 1, 0)))
usage_error_arg(const char *fmt, const char *arg)
{
	usage_error(fmt, quote_arg(arg));
}

/* Report what getopt_long() refused (it prints nothing: opterr is 0,
 * since its messages quote arguments raw) and exit with status 2.  c is
 * what it returned, ':' or '?'. */
static void __attribute__((noreturn))
option_error(int c, char **argv)
{
	const struct option *o;
	char ch[2] = { (char)optopt, '\0' };
	size_t len, matches = 0;
	const char *arg = argv[optind - 1], *eq;

	/* optopt is 0 for an unknown long option, the option's value for
	 * a known one misused, the character for an unknown short one. */
	for (o = long_options; optopt != 0 && o->name != NULL; o++) {
		if (o->val != optopt)
			continue;
		if (c == ':')
			usage_error("option '--%s' needs an argument", o->name);
		usage_error("option '--%s' takes no argument", o->name);
	}
	if (optopt != 0)
		usage_error_arg("invalid option -- '%s'", ch);
	if (strncmp(arg, "--", 2) == 0) {
		eq = strchr(arg, '=');
		len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (o = long_options; o->name != NULL; o++)
			matches += strncmp(o->name, arg + 2, len) == 0;
	}
	usage_error_arg(matches > 1 ? "option '%s' is ambiguous" :
	    "unrecognized option '%s'", arg);
}

/* Flush standard output and check that everything reached it (a full
 * disk, a closed pipe).  Returns 0, or -1 after printing the error. */
static int
stdout_check(void)
{
	int failed = ferror(stdout), errnum = EIO;

	if (fflush(stdout) == EOF) {
		failed = 1;
		errnum = errno;
	}
	if (failed) {
		fprintf(stderr, "mmhex: write error: %s\n", strerror(errnum));
		return -1;
	}
	return 0;
}

/* Print the error of map_open(): its cause, or the sanitised path and
 * errno when even the cause could not be made. */
static void
open_error(const char *path, const char *cause)
{
	char *name;
	int errnum;

	if (cause != NULL) {
		fprintf(stderr, "mmhex: %s\n", cause);
		return;
	}
	errnum = errno;
	name = sanitize_string(path);
	fprintf(stderr, "mmhex: %s: %s\n", name != NULL ? name : "?",
	    strerror(errnum));
	free(name);
}

/* Parse a number option or exit with a usage error. */
static uint64_t
number_option(const char *name, const char *text)
{
	uint64_t value;
	char *cause = NULL;

	if (addr_parse_number(text, &value, &cause) == -1) {
		fprintf(stderr, "mmhex: %s: %s\n", name,
		    errmsg_show(cause, "bad number"));
		fprintf(stderr, "Try 'mmhex --help' for more information.\n");
		free(cause);
		exit(EXIT_USAGE);
	}
	return value;
}

/* Parse an xxd-style offset, "+N" or "-N" (set *from_end) as well as N,
 * or exit with a usage error. */
static uint64_t
signed_option(const char *name, const char *text, int *from_end)
{
	const char *digits = text + strspn(text, " \t");
	uint64_t value;

	*from_end = *digits == '-';
	if (*digits == '+' || *digits == '-')
		digits++;
	/* Quote all of it: "bad number '-5'" would hide the '+' of "+-5". */
	if (addr_parse_number(digits, &value, NULL) == -1 && errno == EINVAL)
		usage_error("%s: bad number '%s'", name, quote_arg(text));
	return number_option(name, digits);
}

/* Say that the file shrank while a whole-file job ("dump", "search")
 * read it: what was printed is right, but it is not the whole file. */
static void
report_shrank(const char *path, const struct map *m, const char *job)
{
	char *name = sanitize_string(path);

	fprintf(stderr, "mmhex: %s: file shrank to %" PRIu64 " bytes "
	    "during the %s\n", name != NULL ? name : path, map_size(m), job);
	free(name);
}

/* Print the dump of a file; return the exit status. */
static int
run_dump(const char *path, uint64_t seek, int from_end, uint64_t len)
{
	struct map *m;
	char *cause = NULL;
	int status = EXIT_SUCCESS, r;

	if (strcmp(path, "-") == 0) {
		/* Printed as it comes, as xxd does: never copied. */
		if (dump_stream(STDIN_FILENO, seek, len, STDOUT_FILENO,
		    &cause) == -1) {
			fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
			    "dump failed"));
			status = EXIT_FAILURE;
		}
		free(cause);
		return status;
	}
	m = map_open(path, MAP_READONLY, &cause);
	if (m == NULL) {
		open_error(path, cause);
		free(cause);
		return EXIT_FAILURE;
	}
	r = dump_xxd(m, seek, from_end ? DUMP_FROM_END : DUMP_FROM_START, len,
	    STDOUT_FILENO, &cause);
	if (r == -1) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    "dump failed"));
		status = EXIT_FAILURE;
	} else if (r == 1) {
		report_shrank(path, m, "dump");
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
			/* Free what was parsed: leak checkers watch exit too. */
			while (i-- > 0)
				patch_free(&patches[i]);
			free(patches);
			fprintf(stderr, "mmhex: %s\nTry 'mmhex --help' for more "
			    "information.\n", errmsg_show(cause,
			    strerror(errno)));
			free(cause);
			free(specs);
			exit(EXIT_USAGE);
		}
	}
	return patches;
}

/*
 * Writing to a block device (-w, --patch) overwrites a disk: ask for the
 * device's name, typed on the terminal, or find it in the environment
 * variable MMHEX_CONFIRM_DEVICE (for scripts).  Returns 1 to go on, or 0
 * after saying why not.  Anything but a block device goes on.
 */
static int
device_confirmed(const char *path, const struct map *m)
{
	const char *env = getenv("MMHEX_CONFIRM_DEVICE");
	char line[4096], *safe;
	size_t n;
	FILE *tty;
	int ok;

	if (map_sector_size(m) == 0 || map_mode(m) != MAP_WRITE)
		return 1;
	if (env != NULL && strcmp(env, path) == 0)
		return 1;
	safe = sanitize_text(path, strlen(path));
	if ((tty = fopen("/dev/tty", "r+")) == NULL) {
		fprintf(stderr, "mmhex: %s is a block device (%" PRIu64
		    " bytes): writing to it needs a confirmation on a "
		    "terminal, or MMHEX_CONFIRM_DEVICE=%s\n",
		    safe != NULL ? safe : "the file", map_size(m),
		    safe != NULL ? safe : "DEVICE");
		free(safe);
		return 0;
	}
	fprintf(tty, "mmhex: %s is a block device (%" PRIu64 " bytes, "
	    "%u-byte sectors): -w writes to it directly.\n"
	    "Type its name (%s) to go on, anything else to stop: ",
	    safe != NULL ? safe : "the file", map_size(m),
	    map_sector_size(m), safe != NULL ? safe : "the device's path");
	fflush(tty);
	ok = fgets(line, sizeof line, tty) != NULL;
	if (ok) {
		n = strlen(line);
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		ok = strcmp(line, path) == 0;
	}
	fclose(tty);
	if (!ok)
		fprintf(stderr, "mmhex: not confirmed: %s left alone\n",
		    safe != NULL ? safe : "the device");
	free(safe);
	return ok;
}

/* What standard input is called in messages and on the status line. */
#define STDIN_NAME "(standard input)"

/*
 * Open path, or standard input when path is "-": its bytes are copied
 * into a temporary file (spool.h) that is mapped instead; with wait, all
 * of them first.  Stores the spool in *spool (NULL for a file; the
 * caller frees it after closing the map).  Returns the map, or NULL after
 * printing why.
 */
static struct map *
open_input(const char *path, enum map_mode mode, int wait,
    struct spool **spool)
{
	char *cause = NULL;
	struct map *m;
	int in;

	*spool = NULL;
	if (strcmp(path, "-") != 0) {
		if ((m = map_open(path, mode, &cause)) == NULL)
			open_error(path, cause);
		free(cause);
		return m;
	}
	if ((in = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3)) == -1 ||
	    (*spool = spool_start(in, &cause)) == NULL) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    strerror(errno)));
		free(cause);
		return NULL;
	}
	if (wait && spool_wait(*spool) == -1)
		fprintf(stderr, "mmhex: " STDIN_NAME ": cannot read it all: "
		    "%s (the bytes before go on)\n", strerror(errno));
	if ((m = map_open_fd(spool_fd(*spool), STDIN_NAME, mode,
	    &cause)) == NULL) {
		open_error(STDIN_NAME, cause);
		spool_free(*spool);
		*spool = NULL;
	}
	free(cause);
	return m;
}

/* Parse --ring OFF:CODE ("0:Q", "8:>I"): where the ring's head index
 * is and its type, or exit with a usage error. */
static void
ring_option(const char *text, struct values_options *vopt)
{
	const char *colon = strrchr(text, ':');
	char off[64], *end = NULL;
	size_t n;

	if (colon == NULL || (n = (size_t)(colon - text)) == 0 ||
	    n >= sizeof off)
		usage_error_arg("--ring: OFFSET:CODE, as 0:Q or 8:>I, not %s",
		    text);
	memcpy(off, text, n);
	off[n] = '\0';
	vopt->ring_at = number_option("--ring", off);
	colon++;
	vopt->ring_big = *colon == '>' || *colon == '!';
	if (*colon == '<' || *colon == '>' || *colon == '!' || *colon == '=')
		colon++;
	if (strlen(colon) != 1 || strchr("BHIQ", *colon) == NULL)
		usage_error_arg("--ring: the head index is one of B H I Q "
		    "(with < or > for its order), not %s", text);
	vopt->ring_code = *colon;
	vopt->ring = 1;
	(void)end;
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
		open_error(path, cause);
		free(cause);
		return EXIT_FAILURE;
	}
	if (!device_confirmed(path, m)) {
		map_close(m);
		return EXIT_FAILURE;
	}
	if (patch_apply(m, patches, n, &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    strerror(errno)));
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
	if (stdout_check() == -1)
		status = EXIT_FAILURE;
	return status;
}

struct find_output {
	FILE *out;
	int hex;		/* offsets as 0x hex */
	int count_only;		/* print only the number */
	uint64_t count;
	int failed;		/* writing failed: stop */
};

/* Add one to the number in [digits, end) (decimal, or hex); returns 1
 * when it grew a digit (written before digits). */
static int
find_step(char *digits, char *end, int hex)
{
	char *d = end;

	while (d > digits) {
		d--;
		if (*d == (hex ? 'f' : '9')) {
			*d = '0';
			continue;
		}
		*d = *d == '9' ? 'a' : (char)(*d + 1);
		return 0;
	}
	if (hex) {
		/* "0x" moves left to make room. */
		digits[-3] = '0';
		digits[-2] = 'x';
		digits[-1] = '1';
	} else {
		digits[-1] = '1';
	}
	return 1;
}

/* Print one match start (or only count it). */
static int
find_print(uint64_t start, uint64_t len, void *arg)
{
	struct find_output *fo = arg;
	int n;

	(void)len;
	fo->count++;
	if (fo->count_only)
		return 0;
	n = fprintf(fo->out, fo->hex ? "0x%" PRIx64 "\n" : "%" PRIu64 "\n",
	    start);
	if (n < 0) {
		fo->failed = 1;
		return 1;
	}
	return 0;
}

/* Print count consecutive match starts from first on (a hole full of
 * matches), or only count them: the digits are stepped in place, not
 * formatted anew each line. */
static int
find_print_run(uint64_t first, uint64_t count, uint64_t len, void *arg)
{
	struct find_output *fo = arg;
	static char block[65536];
	char line[32], *digits, *end = line + sizeof line - 1;
	size_t used = 0;
	uint64_t i;
	int n;

	(void)len;
	fo->count += count;
	if (fo->count_only || count == 0)
		return 0;
	n = snprintf(line, sizeof line, fo->hex ? "0x%" PRIx64 :
	    "%" PRIu64, first);
	/* Right-align, leaving room for the number to grow a digit. */
	memmove(end - n, line, (size_t)n);
	*end = '\n';
	digits = end - n + (fo->hex ? 2 : 0);
	for (i = 0; i < count; i++) {
		if (sizeof block - used < sizeof line) {
			if (fwrite(block, 1, used, fo->out) != used) {
				fo->failed = 1;
				return 1;
			}
			used = 0;
		}
		memcpy(block + used, end - n, (size_t)n + 1);
		used += (size_t)n + 1;
		n += find_step(digits, end, fo->hex);
		if (fo->hex)
			digits = end - n + 2;
		else
			digits = end - n;
	}
	if (fwrite(block, 1, used, fo->out) != used) {
		fo->failed = 1;
		return 1;
	}
	return 0;
}

/* Print every match of pattern in the file; return the exit status. */
static int
run_find(const char *path, const char *pattern, enum search_kind kind,
    int count_only, int hex_offsets)
{
	struct find_output fo = { stdout, hex_offsets, count_only, 0, 0 };
	struct search_pattern *p;
	struct spool *spool;
	struct map *m;
	char *cause = NULL;
	int status = EXIT_SUCCESS;

	p = search_compile(pattern, kind, &cause);
	if (p == NULL) {
		fprintf(stderr, "mmhex: bad pattern: %s\n",
		    errmsg_show(cause, "out of memory"));
		free(cause);
		return EXIT_USAGE;
	}
	if ((m = open_input(path, MAP_READONLY, 1, &spool)) == NULL) {
		search_pattern_free(p);
		return EXIT_FAILURE;
	}
	if (search_all_runs(m, p, 0, find_print, find_print_run, &fo,
	    &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    "search failed"));
		status = EXIT_FAILURE;
	} else if (map_take_events(m) & MAP_EV_SHRANK) {
		/* The offsets printed are right, the list is cut short; a
		 * count would be a wrong answer, so none is printed. */
		fflush(stdout);
		report_shrank(path, m, "search");
		status = EXIT_FAILURE;
	}
	if (count_only && status == EXIT_SUCCESS)
		printf("%" PRIu64 "\n", fo.count);
	if (fo.failed || fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "mmhex: write error: %s\n", strerror(errno));
		status = EXIT_FAILURE;
	}
	free(cause);
	map_close(m);
	spool_free(spool);
	search_pattern_free(p);
	return status;
}

/*
 * mmhex --diff A B: print the runs of differing bytes as --patch specs,
 * and the size difference on stderr (a patch never changes a size, so
 * it is no patch line), as cmp does: "EOF on A after byte N".  Returns
 * cmp's exit status: 0 same, 1 different, 2 trouble (also for a usage
 * error; others is set when an option of another mode was given).
 */
static int
run_diff(int nfiles, char **files, int others)
{
	struct map *m[2] = { NULL, NULL };
	struct diff_stats st;
	char *cause = NULL, *name[2];
	int status = 2, i, shorter;
	uint64_t min;

	if (others)
		usage_error("--diff compares two files: it takes no other "
		    "option");
	if (nfiles != 2)
		usage_error("--diff needs two files, A and B");
	for (i = 0; i < 2; i++) {
		m[i] = map_open(files[i], MAP_READONLY, &cause);
		if (m[i] == NULL) {
			open_error(files[i], cause);
			goto out;
		}
	}
	if (diff_write(m[0], m[1], STDOUT_FILENO, &st, &cause) == -1) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    "cannot compare"));
		goto out;
	}
	for (i = 0; i < 2; i++) {
		if (map_take_events(m[i]) & MAP_EV_SHRANK) {
			report_shrank(files[i], m[i], "diff");
			goto out;
		}
	}
	status = st.bytes > 0;
	if (st.size_a != st.size_b) {
		shorter = st.size_b < st.size_a;
		min = shorter ? st.size_b : st.size_a;
		name[0] = sanitize_string(files[shorter]);
		name[1] = sanitize_string(files[!shorter]);
		fprintf(stderr, "mmhex: EOF on %s after byte %" PRIu64 " (0x%"
		    PRIx64 "): %s has %" PRIu64 " more bytes (--patch cannot "
		    "%s them)\n", name[0] != NULL ? name[0] : "?", min, min,
		    name[1] != NULL ? name[1] : "?", (shorter ? st.size_a :
		    st.size_b) - min, shorter ? "remove" : "add");
		free(name[0]);
		free(name[1]);
	}
out:
	free(cause);
	map_close(m[0]);
	map_close(m[1]);
	return status;
}

/* Open the viewer; return the exit status. */
static int
run_viewer(const char *path, const struct app_options *opt)
{
	struct app_options o = *opt;
	struct spool *spool;
	struct map *m;
	char *cause = NULL;
	int status = EXIT_SUCCESS, r, tty;

	if ((m = open_input(path, opt->mode, 0, &spool)) == NULL)
		return EXIT_FAILURE;
	/* Keys come from the terminal when standard input is the data. */
	if (spool != NULL && ((tty = open("/dev/tty", O_RDWR | O_CLOEXEC)) ==
	    -1 || dup2(tty, STDIN_FILENO) == -1)) {
		fprintf(stderr, "mmhex: the viewer needs a terminal for its "
		    "keys (use --dump to print standard input)\n");
		map_close(m);
		spool_free(spool);
		return EXIT_FAILURE;
	}
	o.stream = spool;
	opt = &o;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "mmhex: the viewer needs a terminal on standard "
		    "input and output (use --dump to print the file)\n");
		map_close(m);
		spool_free(spool);
		return EXIT_FAILURE;
	}
	if (!device_confirmed(path, m)) {
		map_close(m);
		return EXIT_FAILURE;
	}
	r = term_run(m, opt, &cause);	/* closes m */
	if (r == -1) {
		fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
		    "the viewer failed"));
		status = EXIT_FAILURE;
	} else if (r > 0)
		status = 128 + r;	/* quit on signal r, as a shell reports it */
	free(cause);
	spool_free(spool);
	return status;
}

/*
 * Read the config file (--config FILE, else the default one unless
 * --no-config) and open the viewer with it: the file's settings apply
 * where the command line gave none (a mode, --cols, --watch), its key
 * bindings and byte order go to the application, a bad line is said
 * there and left out.  Returns the exit status.
 */
static int
run_viewer_config(const char *path, struct app_options *opt,
    const char *config_path, int no_config, int mode_given, int watch_given)
{
	static const enum map_mode modes[] = {
		[CONFIG_MODE_READONLY] = MAP_READONLY,
		[CONFIG_MODE_WRITE] = MAP_WRITE,
		[CONFIG_MODE_COPY] = MAP_COW,
	};
	const char *const *actions;
	struct config cfg;
	char *cause = NULL;
	size_t n;
	int status;

	config_init(&cfg);
	if (!no_config) {
		actions = app_action_names(&n);
		if (config_load(&cfg, config_path, actions, n, &cause) == -1) {
			if (config_path != NULL) {	/* asked for: must be */
				fprintf(stderr, "mmhex: %s\n", errmsg_show(cause,
				    "cannot read the config file"));
				free(cause);
				config_free(&cfg);
				return EXIT_FAILURE;
			}
			/* The default one unreadable: the defaults, and the
			 * reason among the messages. */
			config_free(&cfg);
			if (cause != NULL &&
			    (cfg.diags = malloc(sizeof *cfg.diags)) != NULL) {
				cfg.diags[0] = cause;
				cfg.ndiags = 1;
				cause = NULL;
			}
			free(cause);
		}
		if ((cfg.set & CONFIG_SET_MODE) && !mode_given)
			opt->mode = modes[cfg.mode];
		if ((cfg.set & CONFIG_SET_COLS) && opt->cols == 0)
			opt->cols = cfg.cols;
		if ((cfg.set & CONFIG_SET_WATCH) && !watch_given)
			opt->watch_ms = cfg.watch_ms;
		if ((cfg.set & CONFIG_SET_COLOUR) && !cfg.colour)
			setenv("NO_COLOR", "1", 1);	/* as the user's own */
		opt->config = &cfg;
	}
	if (strcmp(path, "-") == 0 && opt->mode == MAP_WRITE)
		opt->mode = MAP_READONLY;	/* a config's mode write */
	status = run_viewer(path, opt);
	config_free(&cfg);
	return status;
}

int
main(int argc, char **argv)
{
	struct app_options opt = { .mode = MAP_READONLY, .watch_ms = 100 };
	uint64_t seek = 0, len = UINT64_MAX, value;
	int dump = 0, dump_only = 0, mode_flags = 0, ro_or_cow = 0, c, status;
	int from_end = 0, negative;
	int find_only = 0, count_only = 0, hex_offsets = 0, kinds = 0;
	int viewer_only = 0;	/* --cols --watch --text -N --no-wrap */
	int inspect = 0, orders = 0;
	int values_only = 0;	/* --json --big --little --order --local-time */
	uint64_t inspect_at = 0;
	const char *layout_spec = NULL;
	int struct_only = 0;	/* --at --count N --stride --follow */
	int watch_given = 0;
	const char *config_path = NULL;	/* --config FILE */
	int no_config = 0;		/* --no-config */
	struct values_options vopt = { .order = INSPECT_LITTLE, .count = 1,
	    .watch_ms = 100 };
	int diff = 0;
	enum search_kind kind = SEARCH_TEXT;
	const char *find = NULL, *path;
	char **specs;
	struct patch *patches;
	size_t nspecs = 0, i;

	/* No more --patch options than arguments. */
	specs = calloc((size_t)argc + 1, sizeof *specs);
	if (specs == NULL) {
		fprintf(stderr, "mmhex: %s\n", strerror(errno));
		return EXIT_FAILURE;
	}

	/* Only the character type matters (UTF-8 on the terminal); loading
	 * every category costs a dozen file opens at start-up. */
	setlocale(LC_CTYPE, "");
	opterr = 0;
	struct_mode_options(argc, argv);
	while ((c = getopt_long(argc, argv, ":rwchiNV", long_options,
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
				usage_error_arg("--cols: must be 1 to 4096, "
				    "not %s", optarg);
			opt.cols = (unsigned)value;
			viewer_only = 1;
			break;
		case OPT_WATCH:
			value = number_option("--watch", optarg);
			if (value > 3600 * 1000)
				usage_error_arg("--watch: at most an hour, "
				    "not %s", optarg);
			opt.watch_ms = (unsigned)value;
			vopt.watch_ms = (unsigned)value;
			watch_given = 1;
			break;
		case OPT_TEXT:
			opt.text = 1;
			viewer_only = 1;
			break;
		case 'N':
			opt.numbers = 1;
			viewer_only = 1;
			break;
		case OPT_NOWRAP:
			opt.nowrap = 1;
			viewer_only = 1;
			break;
		case OPT_DUMP:
			dump = 1;
			break;
		case OPT_SEEK:
			seek = signed_option("--seek", optarg, &from_end);
			dump_only = 1;
			break;
		case OPT_LEN:
			/* xxd takes -l -5 as no limit: refuse it instead. */
			len = signed_option("--len", optarg, &negative);
			if (negative)
				usage_error_arg("--len: must not be negative, "
				    "not %s", optarg);
			dump_only = 1;
			break;
		case OPT_PATCH:
			specs[nspecs++] = optarg;
			break;
		case OPT_FIND:
			find = optarg;
			break;
		case 'i':
			kind = SEARCH_CASELESS;
			kinds++;
			find_only = 1;
			break;
		case OPT_HEX:
			kind = SEARCH_HEX;
			kinds++;
			find_only = 1;
			break;
		case OPT_REGEX:
			kind = SEARCH_REGEX;
			kinds++;
			find_only = 1;
			break;
		case OPT_COUNT:
			count_only = 1;
			find_only = 1;
			break;
		case OPT_HEX_OFFSETS:
			hex_offsets = 1;
			find_only = 1;
			break;
		case OPT_INSPECT:
			inspect_at = number_option("--inspect", optarg);
			inspect = 1;
			break;
		case OPT_STRUCT:
			layout_spec = optarg;
			break;
		case OPT_AT:
			vopt.at = number_option("--at", optarg);
			struct_only = 1;
			break;
		case OPT_RECORDS:
			vopt.count = number_option("--count", optarg);
			if (vopt.count == 0)
				usage_error("--count: must be at least 1");
			struct_only = 1;
			break;
		case OPT_STRIDE:
			vopt.stride = number_option("--stride", optarg);
			if (vopt.stride == 0)
				usage_error("--stride: must be at least 1");
			struct_only = 1;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			viewer_only = 1;
			break;
		case OPT_NO_CONFIG:
			no_config = 1;
			viewer_only = 1;
			break;
		case OPT_RING:
			ring_option(optarg, &vopt);
			struct_only = 1;
			break;
		case OPT_FOLLOW:
			vopt.follow = 1;
			struct_only = 1;
			break;
		case OPT_JSON:
			vopt.json = 1;
			values_only = 1;
			break;
		case OPT_BIG:
		case OPT_LITTLE:
			vopt.order = c == OPT_BIG ? INSPECT_BIG : INSPECT_LITTLE;
			orders++;
			values_only = 1;
			break;
		case OPT_ORDER:
			if (strcmp(optarg, "be") == 0 ||
			    strcmp(optarg, "big") == 0)
				vopt.order = INSPECT_BIG;
			else if (strcmp(optarg, "le") == 0 ||
			    strcmp(optarg, "little") == 0)
				vopt.order = INSPECT_LITTLE;
			else
				usage_error_arg("--order: be or le, not %s",
				    optarg);
			orders++;
			values_only = 1;
			break;
		case OPT_LOCALTIME:
			vopt.inspect_flags |= INSPECT_LOCALTIME;
			values_only = 1;
			break;
		case OPT_DIFF:
			diff = 1;
			break;
		case 'h':
			free(specs);
			/* Longer than stdio's buffer: a failed write is seen
			 * in fputs(), with its errno then. */
			errno = 0;
			if (fputs(usage_text, stdout) == EOF) {
				fprintf(stderr, "mmhex: write error: %s\n",
				    strerror(errno != 0 ? errno : EIO));
				return EXIT_FAILURE;
			}
			return stdout_check() == 0 ? EXIT_SUCCESS :
			    EXIT_FAILURE;
		case 'V':
			free(specs);
			printf("mmhex %s\n", PACKAGE_VERSION);
			return stdout_check() == 0 ? EXIT_SUCCESS :
			    EXIT_FAILURE;
		default:
			free(specs);
			option_error(c, argv);
		}
	}
	/* --watch is the viewer's tick, or --follow's. */
	if (watch_given && !(layout_spec != NULL && vopt.follow))
		viewer_only = 1;
	if (diff) {
		free(specs);
		return run_diff(argc - optind, argv + optind, mode_flags ||
		    dump || dump_only || nspecs || find != NULL || find_only ||
		    viewer_only || inspect || layout_spec != NULL ||
		    values_only || struct_only);
	}
	if (mode_flags > 1)
		usage_error("only one of -r, -w and -c may be given");
	if (dump_only && !dump)
		usage_error("--seek and --len need --dump");
	/* No file: --dump reads standard input, as xxd does, unless it is
	 * the terminal; the rest want a FILE ("-" for standard input). */
	if (optind == argc && (!dump || isatty(STDIN_FILENO)))
		usage_error("no file given");
	path = optind < argc ? argv[optind] : "-";
	if (strcmp(path, "-") == 0 && nspecs > 0)
		usage_error("--patch writes a file in place; standard input "
		    "cannot be patched");
	if (strcmp(path, "-") == 0 && opt.mode == MAP_WRITE)
		usage_error("-w writes to the file; standard input has none "
		    "(-c edits a copy, W saves it)");
	if (strcmp(path, "-") == 0 && dump && from_end)
		usage_error("--seek -N counts from the end: standard input "
		    "cannot seek back");
	if (argc - optind > 1)
		usage_error_arg("only one file may be given, not '%s' as "
		    "well", argv[optind + 1]);
	if (nspecs > 0 && dump)
		usage_error("--patch and --dump cannot be combined");
	/* Options the non-interactive modes would ignore are refused, so
	 * that nobody believes they took effect. */
	if (dump && (viewer_only || mode_flags > 0))
		usage_error("--dump prints the file as xxd does: --cols, "
		    "--watch, --text, -N, --no-wrap, -r, -w and -c are for the "
		    "viewer");
	if ((find != NULL || nspecs > 0) && viewer_only)
		usage_error("--cols, --watch, --text, -N and --no-wrap are for "
		    "the viewer, not --find or --patch");
	if (find_only && find == NULL)
		usage_error("-i, --hex, --regex, --count and --hex-offsets "
		    "need --find");
	if (kinds > 1)
		usage_error("only one of -i, --hex and --regex may be given");
	if (find != NULL && (dump || nspecs > 0 || mode_flags > 0))
		usage_error("--find cannot be combined with --dump, --patch, "
		    "-r, -w or -c");
	if (watch_given && vopt.follow && vopt.watch_ms == 0)
		usage_error("--watch: --follow needs a period of 1 ms or more");
	if (struct_only && layout_spec == NULL)
		usage_error("--at, --count N, --stride and --follow need "
		    "--struct");
	if (layout_spec != NULL && (viewer_only || mode_flags > 0 || dump ||
	    nspecs > 0 || find != NULL || inspect || find_only ||
	    (values_only && !vopt.json)))
		usage_error("--struct prints records: it cannot be combined "
		    "with --cols, --watch (without --follow), --text, -N, "
		    "--no-wrap, -r, -w, -c, --dump, --patch, --find, "
		    "--inspect or its options (but --json)");
	if (layout_spec != NULL) {
		free(specs);
		return values_struct(argv[optind], layout_spec, &vopt);
	}
	if (values_only && !inspect)
		usage_error("--json, --big, --little, --order and --local-time "
		    "need --inspect");
	if (orders > 1)
		usage_error("only one of --big, --little and --order may be "
		    "given");
	if (inspect && (viewer_only || mode_flags > 0 || dump ||
	    nspecs > 0 || find != NULL))
		usage_error("--inspect prints values: it cannot be combined "
		    "with --cols, --watch, --text, -N, --no-wrap, -r, -w, -c, "
		    "--dump, --patch or --find");
	if (inspect) {
		free(specs);
		return values_inspect(argv[optind], inspect_at, &vopt);
	}
	if (find != NULL) {
		free(specs);
		return run_find(path, find, kind, count_only, hex_offsets);
	}
	if (nspecs > 0 && ro_or_cow != 0)
		usage_error("--patch writes the file in place; it cannot be "
		    "combined with -%c", ro_or_cow);
	if (nspecs > 0) {
		patches = parse_patches(specs, nspecs);
		status = run_patch(path, patches, nspecs);
		for (i = 0; i < nspecs; i++)
			patch_free(&patches[i]);
		free(patches);
		free(specs);
		return status;
	}
	free(specs);
	if (dump)
		return run_dump(path, seek, from_end, len);
	return run_viewer_config(path, &opt, config_path, no_config,
	    mode_flags > 0, watch_given);
}
