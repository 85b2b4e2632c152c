/* ptybench — run an interactive viewer in a pseudo-terminal and measure it.
 *
 * Part of mmhex's benchmarks (bench/run.sh); not built by `make`.
 *
 *   ptybench [options] -m MARKER... [-f FAILMARKER]...
 *            [-g KEYS MARKER | -k KEYS MARKER]... [-x QUITKEYS] -- PROG [ARG]...
 *
 * The program runs under forkpty(3) in a ROWSxCOLS terminal (default 24x80,
 * TERM=xterm-256color).  Its output is fed to a terminal emulator (libvterm;
 * Debian libvterm-dev), and the screen is checked against markers.
 *
 *   cc -std=c11 -O2 ptybench.c -o ptybench $(pkg-config --cflags --libs vterm) -lutil
 *
 * A phase fails at once when the screen, quiet, shows a -f marker (an error
 * the program waits on, such as bvi's "[Hit return to continue]").
 *
 * A phase is settled when the screen contains its marker and the program has
 * written nothing for QUIET ms.  The time reported for a phase is the time of
 * the last byte received before that quiet spell, so the quiet wait itself is
 * not counted.
 *
 *   1. start:  from just before forkpty() to the first settled screen that
 *              contains every -m marker (-m may be given several times);
 *              also reported: the time the markers first appeared, which
 *              is earlier when the program adds to a screen already drawn;
 *   2. gotos:  for each -g KEYS MARKER, send KEYS, then wait until the screen
 *              settles showing MARKER (and has changed since the keys);
 *      timed keys: each -k KEYS MARKER is a step like -g (the -g and -k steps
 *              run in the order given), but MARKER must not be on screen
 *              before the keys (else the step fails), and two times are
 *              reported, both from the moment the last run of KEYS was sent:
 *              when MARKER first appeared, and the last byte before the
 *              screen settled.  This times a command's confirmation, such as
 *              "saved 1 edit" after a save key.  Also reported: the longest
 *              spell without output between the keys and MARKER's first
 *              appearance (a program busy in a loop that does not draw shows
 *              the whole wait here);
 *   3. memory: VmRSS and VmHWM of the program, and the summed VmRSS of the
 *              program and all its descendants;
 *   4. quit:   send QUITKEYS, wait up to 3 s, then SIGTERM, then SIGKILL.
 *
 * MARKER is a plain string searched for in every screen row, or "@HEX": a row
 * whose first word (after leading blanks, up to a blank or ':') is a hex
 * number equal to HEX, whatever its width, case or leading zeros.  This is how
 * every hex viewer starts its rows, so one marker serves all of them.  A word
 * of 8 or more digits that is shorter than HEX matches HEX's low digits:
 * hexedit and tweak print offsets past 4 GiB truncated to 8 digits.
 *
 * KEYS understands C escapes: \r \n \t \e \\ \xHH, and \w, which is not sent
 * but waits until the program has been quiet for 30 ms (to let a prompt open).
 *
 * Output, on stdout, one "key value" a line:
 *   start_ms F, first_ms F, goto_ms I F (per goto), key_ms I FIRST SETTLED
 *   and key_gap_ms I SILENCE (per -k step), rss_kb N, hwm_kb N, tree_rss_kb N,
 *   status ok | timeout PHASE | failed PHASE | exited PHASE CODE
 *   (PHASE: start, gotoI, keyI),
 *   note TEXT (the first non-blank screen row, when not ok)
 * Exit status 0 when everything settled, 1 otherwise, 2 on usage errors.
 * With -d the final screen is printed to stderr; with -v the time (ms since
 * the fork) and size of every chunk of output.  Both are for debugging.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define MAXROWS 200
#define MAXCOLS 400
#define MAXGOTO 64

static int rows = 24, cols = 80;
static int quiet_ms = 150;
static double timeout_s = 60;
static int master = -1;
static pid_t child = -1;
static bool child_gone;
static bool verbose;
static double t_fork;
static int child_status;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ptybench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* ---- screen ------------------------------------------------------------ */

static VTerm *vt;
static VTermScreen *vts;

static void vt_output(const char *s, size_t len, void *user)
{
    (void)user;
    /* Replies to the program's queries (device attributes, cursor position). */
    while (len > 0) {
        ssize_t n = write(master, s, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return;
        }
        s += n;
        len -= (size_t)n;
    }
}

static void screen_init(void)
{
    vt = vterm_new(rows, cols);
    if (!vt)
        die("vterm_new failed");
    vterm_set_utf8(vt, 1);
    vterm_output_set_callback(vt, vt_output, NULL);
    vts = vterm_obtain_screen(vt);
    vterm_screen_reset(vts, 1);
}

static void screen_feed(const char *buf, size_t len)
{
    vterm_input_write(vt, buf, len);
}

/* Row r as UTF-8 text, NUL-terminated. */
static void screen_row(int r, char *out, size_t outsz)
{
    VTermRect rect = { .start_row = r, .end_row = r + 1,
                       .start_col = 0, .end_col = cols };
    size_t n = vterm_screen_get_text(vts, out, outsz - 1, rect);
    out[n] = '\0';
}

static int screen_rows(void) { return rows; }

static bool row_matches(const char *row, const char *marker)
{
    if (marker[0] != '@')
        return strstr(row, marker) != NULL;
    const char *want = marker + 1;
    while (*want == '0' && want[1])
        want++;
    const char *p = row;
    while (*p == ' ')
        p++;
    const char *start = p;
    while (isxdigit((unsigned char)*p))
        p++;
    if (p == start || !(*p == '\0' || *p == ' ' || *p == ':'))
        return false;
    size_t wl = strlen(want), n = (size_t)(p - start);
    if (n >= 8 && n < wl) /* a column too narrow for the offset: its low digits */
        return strncasecmp(start, want + (wl - n), n) == 0;
    while (*start == '0' && start + 1 < p)
        start++;
    n = (size_t)(p - start);
    return n == wl && strncasecmp(start, want, n) == 0;
}

static bool screen_has(const char *marker)
{
    char row[MAXCOLS * 4 + 1];
    int n = screen_rows();
    for (int r = 0; r < n; r++) {
        screen_row(r, row, sizeof row);
        if (row_matches(row, marker))
            return true;
    }
    return false;
}

/* The first non-blank screen row, usually the error a program died with. */
static void print_note(void)
{
    char row[MAXCOLS * 4 + 1];
    int n = screen_rows();
    for (int r = 0; r < n; r++) {
        screen_row(r, row, sizeof row);
        size_t len = strlen(row);
        while (len > 0 && isspace((unsigned char)row[len - 1]))
            row[--len] = '\0';
        if (len > 0) {
            printf("note %s\n", row);
            return;
        }
    }
}

static void screen_dump(FILE *f)
{
    char row[MAXCOLS * 4 + 1];
    for (int r = 0; r < rows; r++) {
        screen_row(r, row, sizeof row);
        fprintf(f, "%2d|%s\n", r, row);
    }
}

/* ---- the child ---------------------------------------------------------- */

static void reap(void)
{
    if (child_gone)
        return;
    int st;
    if (waitpid(child, &st, WNOHANG) == child) {
        child_gone = true;
        child_status = st;
    }
}

/* Read whatever the program wrote; returns bytes read, 0 if none, -1 on EOF. */
static long drain(int wait_ms, double *t_last)
{
    struct pollfd pfd = { .fd = master, .events = POLLIN };
    int pr = poll(&pfd, 1, wait_ms);
    if (pr < 0)
        return errno == EINTR ? 0 : -1;
    if (pr == 0)
        return 0;
    char buf[65536];
    ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) {
        double t = now_ms();
        if (t_last)
            *t_last = t;
        if (verbose)
            fprintf(stderr, "out %.2f %zd\n", t - t_fork, n);
        screen_feed(buf, (size_t)n);
        return n;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return -1; /* EIO: the slave side is closed, the program is gone */
}

enum { SETTLED, TIMEOUT, EXITED, FAILED };

static const char *fail_marker[MAXGOTO];
static int nfail;

/* Wait until the screen shows all `markers` and the program has
 * been quiet for `quiet` ms, with at least `min_bytes` bytes received.
 * *t_last gets the time of the last byte. */
static bool screen_has_all(const char *const *markers, int n)
{
    for (int i = 0; i < n; i++)
        if (!screen_has(markers[i]))
            return false;
    return true;
}

/* With t_first, *max_gap gets the longest spell without output from the
 * start (*t_last on entry) to the markers' first appearance. */
static int settle(const char *const *markers, int nmarkers, int quiet,
                  long min_bytes, double deadline, double *t_last, double *t_first,
                  double *max_gap)
{
    long got = 0;
    if (t_first)
        *t_first = -1;
    if (max_gap)
        *max_gap = 0;
    for (;;) {
        double t = now_ms();
        if (t >= deadline)
            return TIMEOUT;
        double since = t - *t_last;
        if (since >= quiet && got >= min_bytes && screen_has_all(markers, nmarkers))
            return SETTLED;
        if (since >= quiet && nmarkers > 0)
            for (int i = 0; i < nfail; i++)
                if (screen_has(fail_marker[i]))
                    return FAILED;
        int wait = since >= quiet ? quiet : (int)(quiet - since) + 1;
        if (t + wait > deadline)
            wait = (int)(deadline - t) + 1;
        double prev = *t_last;
        long n = drain(wait, t_last);
        if (n > 0 && max_gap && t_first && *t_first < 0 && *t_last - prev > *max_gap)
            *max_gap = *t_last - prev;
        if (n < 0) {
            reap();
            if (nmarkers > 0 && got >= min_bytes && screen_has_all(markers, nmarkers))
                return SETTLED; /* drew, then died: still a screen */
            return EXITED;
        }
        got += n;
        if (n > 0 && t_first && *t_first < 0 && nmarkers > 0 &&
            screen_has_all(markers, nmarkers))
            *t_first = *t_last;
    }
}

/* Send KEYS; returns the time the last run of keys after a \w began. */
static double send_keys(const char *keys, double deadline)
{
    const char *p = keys;
    double t_seg = now_ms();
    while (*p) {
        char c = *p++;
        if (c == '\\' && *p) {
            char e = *p++;
            switch (e) {
            case 'r': c = '\r'; break;
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'e': c = 0x1b; break;
            case '\\': c = '\\'; break;
            case 'x': {
                int v = 0, k = 0;
                while (k < 2 && isxdigit((unsigned char)*p)) {
                    v = v * 16 + (isdigit((unsigned char)*p) ? *p - '0'
                                  : (tolower((unsigned char)*p) - 'a' + 10));
                    p++;
                    k++;
                }
                c = (char)v;
                break;
            }
            case 'w': {
                double tl = now_ms();
                settle(NULL, 0, 30, 0, deadline, &tl, NULL, NULL);
                t_seg = now_ms();
                continue;
            }
            default:
                c = e;
            }
        }
        while (write(master, &c, 1) < 0 && (errno == EINTR || errno == EAGAIN))
            ;
    }
    return t_seg;
}

static long status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
            v = strtol(line + fl + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

static pid_t parent_of(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* comm may contain spaces and parens */
    if (!p)
        return -1;
    int ppid;
    if (sscanf(p + 1, " %*c %d", &ppid) != 1)
        return -1;
    return ppid;
}

static bool descends_from(pid_t pid, pid_t root)
{
    for (int depth = 0; pid > 1 && depth < 64; depth++) {
        if (pid == root)
            return true;
        pid = parent_of(pid);
    }
    return false;
}

static long tree_rss_kb(pid_t root)
{
    long sum = 0;
    DIR *d = opendir("/proc");
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        pid_t pid = (pid_t)atoi(e->d_name);
        if (descends_from(pid, root)) {
            long v = status_kb(pid, "VmRSS");
            if (v > 0)
                sum += v;
        }
    }
    closedir(d);
    return sum;
}

static void stop_child(const char *quitkeys)
{
    double deadline = now_ms() + 3000;
    if (quitkeys && !child_gone)
        send_keys(quitkeys, deadline);
    while (!child_gone && now_ms() < deadline) {
        double tl = now_ms();
        if (drain(20, &tl) < 0) {
            /* pty closed; give the process a moment to be reaped */
            for (int i = 0; i < 100 && !child_gone; i++) {
                reap();
                if (!child_gone)
                    usleep(10000);
            }
            break;
        }
        reap();
    }
    if (!child_gone) {
        kill(-child, SIGTERM); /* the program leads its own session/group */
        kill(child, SIGTERM);
        for (int i = 0; i < 100 && !child_gone; i++) {
            usleep(10000);
            reap();
        }
    }
    if (!child_gone) {
        kill(-child, SIGKILL);
        kill(child, SIGKILL);
        if (waitpid(child, &child_status, 0) == child)
            child_gone = true;
    }
}

static void usage(void)
{
    fputs("usage: ptybench [-r ROWS] [-c COLS] [-q QUIET_MS] [-t TIMEOUT_S] [-d] [-v]\n"
          "                -m MARKER... [-f FAILMARKER]...\n"
          "                [-g KEYS MARKER | -k KEYS MARKER]... [-x QUITKEYS] -- PROG [ARG]...\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *start_marker[MAXGOTO], *quitkeys = NULL;
    int nstart = 0;
    const char *goto_keys[MAXGOTO], *goto_marker[MAXGOTO];
    bool goto_timed[MAXGOTO]; /* a -k step rather than a -g one */
    int ngoto = 0;
    bool dump = false;
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[2] != '\0')
            usage();
        switch (a[1]) {
        case 'd': dump = true; continue;
        case 'v': verbose = true; continue;
        case 'g':
        case 'k':
            if (i + 2 >= argc || ngoto == MAXGOTO)
                usage();
            goto_timed[ngoto] = a[1] == 'k';
            goto_keys[ngoto] = argv[++i];
            goto_marker[ngoto++] = argv[++i];
            continue;
        }
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        switch (a[1]) {
        case 'r': rows = atoi(v); break;
        case 'c': cols = atoi(v); break;
        case 'q': quiet_ms = atoi(v); break;
        case 't': timeout_s = atof(v); break;
        case 'm':
            if (nstart == MAXGOTO)
                usage();
            start_marker[nstart++] = v;
            break;
        case 'x': quitkeys = v; break;
        case 'f':
            if (nfail == MAXGOTO)
                usage();
            fail_marker[nfail++] = v;
            break;
        default: usage();
        }
    }
    if (i >= argc || nstart == 0 || rows < 2 || rows > MAXROWS || cols < 10 ||
        cols > MAXCOLS || quiet_ms < 1 || timeout_s <= 0)
        usage();
    char **prog = argv + i;

    signal(SIGPIPE, SIG_IGN);
    screen_init();
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    double t0 = t_fork = now_ms();
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0)
        die("forkpty: %s", strerror(errno));
    if (child == 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("LINES");
        unsetenv("COLUMNS");
        execvp(prog[0], prog);
        fprintf(stderr, "ptybench: %s: %s\n", prog[0], strerror(errno));
        _exit(127);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

    double deadline = t0 + timeout_s * 1e3;
    double t_last = t0;
    int ok = 1;
    char phase[32] = "start";
    double t_first;
    int r = settle(start_marker, nstart, quiet_ms, 1, deadline, &t_last, &t_first, NULL);
    if (r == SETTLED) {
        printf("start_ms %.1f\n", t_last - t0);
        printf("first_ms %.1f\n", (t_first >= 0 ? t_first : t_last) - t0);
        int ngo = 0, nkey = 0;
        for (int g = 0; g < ngoto; g++) {
            if (goto_timed[g]) {
                snprintf(phase, sizeof phase, "key%d", ++nkey);
                if (screen_has(goto_marker[g])) {
                    fprintf(stderr, "ptybench: %s: \"%s\" is on screen before the keys\n",
                            phase, goto_marker[g]);
                    r = FAILED;
                    break;
                }
            } else {
                snprintf(phase, sizeof phase, "goto%d", ++ngo);
            }
            double ts = send_keys(goto_keys[g], deadline);
            double tl = ts, tf, gap;
            r = settle(&goto_marker[g], 1, quiet_ms, 1, deadline, &tl,
                       goto_timed[g] ? &tf : NULL, &gap);
            if (r != SETTLED)
                break;
            if (goto_timed[g]) {
                printf("key_ms %d %.2f %.2f\n", nkey, (tf >= 0 ? tf : tl) - ts, tl - ts);
                printf("key_gap_ms %d %.2f\n", nkey, gap);
            } else {
                printf("goto_ms %d %.1f\n", ngo, tl - ts);
            }
        }
    }
    if (r == SETTLED) {
        printf("rss_kb %ld\n", status_kb(child, "VmRSS"));
        printf("hwm_kb %ld\n", status_kb(child, "VmHWM"));
        printf("tree_rss_kb %ld\n", tree_rss_kb(child));
        printf("status ok\n");
        ok = 0;
    } else if (r == TIMEOUT) {
        printf("status timeout %s\n", phase);
    } else if (r == FAILED) {
        printf("status failed %s\n", phase);
    } else {
        reap();
        int code = !child_gone ? -1
                   : WIFEXITED(child_status) ? WEXITSTATUS(child_status)
                   : 128 + WTERMSIG(child_status);
        printf("status exited %s %d\n", phase, code);
    }
    if (ok != 0)
        print_note();
    if (dump || ok != 0)
        screen_dump(stderr);
    stop_child(quitkeys);
    return ok;
}
