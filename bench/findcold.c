/* findcold — how long keys wait while mmhex finds on a cold page cache.
 *
 * Part of mmhex's benchmarks (bench/findcold.sh); not built by `make`.
 *
 *   findcold [-n KEYS] [-i MS] [-p PATTERN] [-d] FILE -- PROG [ARG]...
 *
 *   cc -std=c11 -O2 findcold.c -o findcold $(pkg-config --cflags --libs vterm) -lutil
 *
 * PROG (mmhex FILE) runs under forkpty(3) in a 24x80 terminal
 * (TERM=xterm-256color); its output goes through libvterm and the screen
 * is read, as in ptybench.c.  Once the first screen has settled, FILE is
 * dropped from the page cache (fdatasync, posix_fadvise DONTNEED; the
 * pages the first screen maps stay), then:
 *
 *   1. "/" PATTERN Enter starts a find (the pattern should not be in the
 *      file, so the scan runs to the end);
 *   2. KEYS times "l" (cursor one byte right), one every MS ms, whether or
 *      not the previous one has been echoed.  Key k is echoed when the
 *      status line first shows the cursor at offset k or further; its
 *      latency is that moment less the moment it was written to the pty.
 *      Keys echoed before the scan ended count as typed during the find
 *      (it has ended once "not found" is on the message line, or once the
 *      status line, having shown "searching N%" from 150 ms on, no
 *      longer does);
 *      When the scan ends first (a fast disk, or a host that caches what
 *      the guest dropped), the cursor goes back to where the find started:
 *      no more keys are sent, and the figures are over the keys echoed
 *      before the end;
 *   3. Esc, once every key is echoed: the time to "find cancelled" on the
 *      message line (or "finished" when the scan ended first);
 *   4. q.
 *
 * Output, one "key value" a line: resident_pages (of FILE right after the
 * drop), keys (echoed), during_find, find_mbs (the scan's speed on the
 * status line at the last key, "-" if not shown), echo_max_ms, echo_median_ms, echo_p90_ms,
 * echo_ms (every latency), esc_ms (or "-"), find_ended (1 when the scan
 * ended before Esc), status ok | timeout PHASE | exited PHASE.
 * Exit status 0 when ok.  -d prints the last screen to stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define ROWS 24
#define COLS 80
#define MAX_KEYS 1000

static VTerm *vt;
static VTermScreen *vts;
static int master = -1;
static pid_t child;
static bool exited;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Answer the terminal's replies (cursor position reports) to the program. */
static void
vt_output(const char *s, size_t len, void *user)
{
	(void)user;
	if (write(master, s, len) < 0)
		return;
}

/* Put row r of the screen (negative: from the bottom) into out. */
static void
screen_row(int r, char *out, size_t outsz)
{
	VTermRect rect;
	size_t n;

	if (r < 0)
		r += ROWS;
	rect.start_row = r;
	rect.end_row = r + 1;
	rect.start_col = 0;
	rect.end_col = COLS;
	n = vterm_screen_get_text(vts, out, outsz - 1, rect);
	out[n] = '\0';
}

/* Read what the program wrote, for up to wait_ms.  Returns the bytes. */
static long
drain(int wait_ms)
{
	struct pollfd pfd = { .fd = master, .events = POLLIN };
	char buf[65536];
	long total = 0;
	ssize_t n;

	while (poll(&pfd, 1, wait_ms) > 0) {
		n = read(master, buf, sizeof buf);
		if (n <= 0) {
			exited = true;
			break;
		}
		vterm_input_write(vt, buf, (size_t)n);
		total += n;
		wait_ms = 0;
	}
	return total;
}

/* Return the cursor offset the status line shows, or -1. */
static long long
status_cursor(bool *searching)
{
	char row[4 * COLS + 1], *p;
	unsigned long long hex, dec;

	screen_row(-2, row, sizeof row);
	if (searching != NULL)
		*searching = strstr(row, "searching") != NULL;
	for (p = strstr(row, " 0x"); p != NULL; p = strstr(p + 1, " 0x")) {
		if (sscanf(p, " 0x%llx (%llu)", &hex, &dec) == 2 && hex == dec)
			return (long long)hex;
	}
	return -1;
}

/* Return whether the message line holds text. */
static bool
message_has(const char *text)
{
	char row[4 * COLS + 1];

	screen_row(-1, row, sizeof row);
	return strstr(row, text) != NULL;
}

/* Wait until the screen has been quiet for quiet ms (at most limit ms). */
static bool
settle(int quiet, int limit)
{
	double end = now_ms() + limit, last = now_ms();

	while (now_ms() < end && !exited) {
		if (drain(5) > 0)
			last = now_ms();
		else if (now_ms() - last >= quiet)
			return true;
	}
	return false;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Drop path from the page cache; return the pages still resident. */
static long
drop_cache(const char *path)
{
	struct stat st;
	unsigned char *vec;
	long page = sysconf(_SC_PAGESIZE), n, i, resident = 0;
	void *map;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		perror(path);
		exit(2);
	}
	fdatasync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	n = (st.st_size + page - 1) / page;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	vec = malloc((size_t)n);
	if (map != MAP_FAILED && vec != NULL &&
	    mincore(map, (size_t)st.st_size, vec) == 0) {
		for (i = 0; i < n; i++)
			resident += vec[i] & 1;
	} else
		resident = -1;
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	free(vec);
	close(fd);
	return resident;
}

static void
finish(const char *status, bool dump)
{
	char row[4 * COLS + 1];
	int r, st;

	printf("status %s\n", status);
	if (dump) {
		for (r = 0; r < ROWS; r++) {
			screen_row(r, row, sizeof row);
			fprintf(stderr, "|%s\n", row);
		}
	}
	if (!exited && write(master, "q", 1) == 1)
		settle(100, 2000);
	kill(child, SIGTERM);
	waitpid(child, &st, 0);
	exit(strcmp(status, "ok") == 0 ? 0 : 1);
}

int
main(int argc, char **argv)
{
	static VTermScreenCallbacks cb;
	struct winsize ws = { .ws_row = ROWS, .ws_col = COLS };
	const char *pattern = "mmhexColdNeedleZ", *file;
	double sent[MAX_KEYS], echo[MAX_KEYS], sorted[MAX_KEYS], t, esc;
	bool searching, seen = false, during[MAX_KEYS], dump = false;
	bool ended = false;
	int nkeys = 50, interval = 20, c, k, next = 0, echoed = 0, during_n = 0;
	long long cur;
	char keys[256], row[4 * COLS + 1], *at;
	double mbs = -1;
	unsigned pct;
	long resident;

	while ((c = getopt(argc, argv, "+n:i:p:d")) != -1) {
		switch (c) {
		case 'n': nkeys = atoi(optarg); break;
		case 'i': interval = atoi(optarg); break;
		case 'p': pattern = optarg; break;
		case 'd': dump = true; break;
		default: goto usage;
		}
	}
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--") != 0 ||
	    nkeys < 1 || nkeys > MAX_KEYS || interval < 1)
		goto usage;
	file = argv[optind];
	setvbuf(stdout, NULL, _IOLBF, 0);

	vt = vterm_new(ROWS, COLS);
	vterm_set_utf8(vt, 1);
	vterm_output_set_callback(vt, vt_output, NULL);
	vts = vterm_obtain_screen(vt);
	vterm_screen_set_callbacks(vts, &cb, NULL);
	vterm_screen_reset(vts, 1);
	if ((child = forkpty(&master, NULL, NULL, &ws)) == -1) {
		perror("forkpty");
		return 2;
	}
	if (child == 0) {
		setenv("TERM", "xterm-256color", 1);
		execvp(argv[optind + 2], argv + optind + 2);
		_exit(127);
	}

	/* The first screen, the file type filled in. */
	t = now_ms() + 10000;
	while (status_cursor(NULL) != 0 && now_ms() < t && !exited)
		drain(10);
	if (status_cursor(NULL) != 0)
		finish(exited ? "exited start" : "timeout start", dump);
	settle(200, 3000);
	resident = drop_cache(file);
	printf("resident_pages %ld\n", resident);

	/* Start the find; Enter leaves it running. */
	snprintf(keys, sizeof keys, "/%s\r", pattern);
	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		finish("exited find", dump);
	t = now_ms() + 5000;
	do
		drain(1);
	while (!message_has("searching...") && !message_has("not found") &&
	    now_ms() < t && !exited);
	if (!message_has("searching..."))
		finish("timeout find (not running)", dump);

	/* The keys, one every interval ms, echoes noted as they come. */
	t = now_ms();
	while (echoed < nkeys && !exited) {
		if (next < nkeys && now_ms() >= t + (double)next * interval) {
			if (write(master, "l", 1) != 1)
				break;
			sent[next++] = now_ms();
		}
		drain(1);
		cur = status_cursor(&searching);
		seen |= searching;
		ended |= (seen && !searching) || message_has("not found");
		while (echoed < next && cur > echoed) {
			echo[echoed] = now_ms() - sent[echoed];
			during[echoed] = !ended;
			during_n += !ended;
			echoed++;
		}
		screen_row(-2, row, sizeof row);
		if ((at = strstr(row, "searching ")) != NULL)
			sscanf(at, "searching %u%% %lf MB/s", &pct, &mbs);
		if (ended) {
			/* Back at the start: the keys left tell nothing. */
			nkeys = echoed > 0 ? echoed : 1;
			break;
		}
		if (now_ms() > t + (double)nkeys * interval + 10000)
			finish("timeout keys", dump);
	}
	if (echoed == 0)
		finish(ended ? "ended before a key was echoed" : "exited keys",
		    dump);

	/* Esc: the time to "find cancelled". */
	status_cursor(&searching);
	ended |= (seen && !searching) || message_has("not found");
	esc = now_ms();
	if (write(master, "\033", 1) != 1)
		finish("exited esc", dump);
	t = esc + 5000;
	while (!ended && !message_has("find cancelled") && now_ms() < t &&
	    !exited)
		drain(1);
	esc = now_ms() - esc;

	memcpy(sorted, echo, sizeof echo[0] * (size_t)nkeys);
	qsort(sorted, (size_t)nkeys, sizeof sorted[0], cmp_double);
	printf("keys %d\nduring_find %d\n", nkeys, during_n);
	if (mbs >= 0)
		printf("find_mbs %.0f\n", mbs);
	else
		printf("find_mbs -\n");
	printf("echo_max_ms %.1f\n", sorted[nkeys - 1]);
	printf("echo_median_ms %.1f\n", nkeys % 2 ? sorted[nkeys / 2] :
	    (sorted[nkeys / 2 - 1] + sorted[nkeys / 2]) / 2);
	printf("echo_p90_ms %.1f\n", sorted[(nkeys * 9) / 10 < nkeys ?
	    (nkeys * 9) / 10 : nkeys - 1]);
	printf("echo_ms");
	for (k = 0; k < nkeys; k++)
		printf(" %.1f%s", echo[k], during[k] ? "" : "*");
	printf("\n");
	if (ended)
		printf("esc_ms -\nfind_ended 1\n");
	else if (!message_has("find cancelled"))
		finish("timeout esc", dump);
	else
		printf("esc_ms %.1f\nfind_ended 0\n", esc);
	finish("ok", dump);
usage:
	fprintf(stderr, "usage: findcold [-n KEYS] [-i MS] [-p PATTERN] [-d] "
	    "FILE -- PROG [ARG]...\n");
	return 2;
}
