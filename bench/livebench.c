/* livebench — how soon mmhex shows a byte another process wrote, and what
 * watching a file that does not change costs.
 *
 * Part of mmhex's benchmarks (bench/run.sh, section "live"); not built by
 * `make`.
 *
 *   livebench [-n CHANGES] [-j PAUSE_MS] [-t TIMEOUT_S] [-o SPAN] [-s SEED]
 *             [options] -f FILE -- PROG [ARG]...
 *   livebench -C SECONDS [-S SECONDS] [options] -f FILE -- PROG [ARG]...
 *
 *   cc -std=c11 -O2 livebench.c -o livebench $(pkg-config --cflags --libs vterm) -lutil
 *
 * PROG (mmhex, with FILE among its arguments) runs under forkpty(3) in a
 * ROWSxCOLS terminal (default 24x80, TERM=xterm-256color); its output goes
 * through a terminal emulator (libvterm; Debian libvterm-dev).  The first
 * screen is the first one whose status line shows " of SIZE" (SIZE: FILE's
 * size in decimal) and that then stays unchanged for QUIET ms (-q, 100).
 *
 * Latency (the default mode).  If FILE does not exist it is made: 4096 zero
 * bytes.  livebench maps FILE shared, read-write, and CHANGES times (-n, 300):
 *   - waits a random 0..PAUSE ms (-j), still reading output, so that the
 *     store falls anywhere in the program's tick;
 *   - picks an offset, (i * 37) mod SPAN (-o, 256; every offset once in 256
 *     changes, spread over the rows), and a new value that differs from the
 *     byte there (so its two hex digits change);
 *   - stores it through its mapping, notes the time (CLOCK_MONOTONIC);
 *   - feeds the program's output to the terminal until the screen cell of
 *     that byte in the hex column shows the new two digits; the latency is
 *     the time of the read that brought them.  After TIMEOUT seconds (-t, 2)
 *     the change counts as a failure.
 * PAUSE is by default the smallest whole number of ticks that is at least
 * 50 ms (100 ms at a 100 ms tick, 60 ms at 20 ms).  A pause of a whole
 * number of ticks puts the store at an even random phase of the tick: the
 * frame that showed the last change was drawn right after a tick, so a
 * pause of 0..50 ms at a 100 ms tick would always store in the first half
 * of the tick and measure 50..100 ms.
 * The hex column is found on the first screen: a row starts with its offset
 * in hex, then two blanks, then the bytes as "xx " with one more blank after
 * every 8th byte.
 *
 * CPU (-C SECONDS).  After the first screen, nothing is sent for SECONDS;
 * the program's CPU time over that spell is read from /proc/PID/stat (utime
 * + stime, in clock ticks) and, finer, from /proc/PID/schedstat (ns on CPU)
 * when the kernel has it.  With -S SECONDS, then, `strace -c -p PID` runs
 * for that long (a second spell: tracing slows the process, so it is not
 * part of the CPU figure), and the calls a second of every system call are
 * reported; when strace is missing or may not trace, that is reported and
 * the run goes on.
 *
 * The tick reported is that of PROG's "--watch MS" argument (default 100).
 * At the end, "q" is sent; a program still running 3 s later gets SIGKILL.
 *
 * Output, on stdout, one "key value" a line:
 *   latency: pause_ms, changes, shown, failures, median_ms, p90_ms, p99_ms,
 *            max_ms, min_ms, mean_ms (over the changes shown; percentiles
 *            by nearest rank)
 *   cpu:     seconds, clk_tck, cpu_ticks, cpu_pct, cpu_pct_step
 *            (the resolution of cpu_pct), sched_ns, sched_cpu_pct,
 *            runs_per_s (times the process was put on a CPU, from
 *            schedstat), ctxsw_per_s, out_bytes_per_s (terminal output),
 *            rss_kb, and with -S: strace_s, syscall NAME CALLS_PER_S...,
 *            syscall_total CALLS_PER_S, or strace_status failed|missing
 *   both:    mode latency|cpu, tick_ms, start_ms, quit ok|killed,
 *            status ok | timeout start | exited PHASE | failed layout
 *            (PHASE: start, latency, cpu)
 * Exit status 0 when the run completed (failed changes included), 1 when
 * the program did not start or died, 2 on usage errors.  With -v, every
 * change (offset, value, latency) is printed to stderr; with -d, the final
 * screen.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define MAXROWS 200
#define MAXCOLS 400

static int rows = 24, cols = 80;
static int master = -1;
static pid_t child = -1;
static bool child_gone;
static int child_status;
static bool verbose;
static long out_bytes;

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
    fputs("livebench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* xorshift64*: reproducible offsets, values and pauses for a given seed. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545f4914f6cdd1du;
}

/* ---- the terminal ------------------------------------------------------ */

static VTerm *vt;
static VTermScreen *vts;

static void vt_reply(const char *s, size_t len, void *user)
{
    (void)user;
    /* Answers to the program's queries (cursor position, attributes). */
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

static void term_init(void)
{
    vt = vterm_new(rows, cols);
    if (!vt)
        die("vterm_new failed");
    vterm_set_utf8(vt, 1);
    vterm_output_set_callback(vt, vt_reply, NULL);
    vts = vterm_obtain_screen(vt);
    vterm_screen_reset(vts, 1);
}

/* Text of row r from column c0 for n columns, NUL-terminated. */
static void term_text(int r, int c0, int n, char *out, size_t outsz)
{
    VTermRect rect = { .start_row = r, .end_row = r + 1,
                       .start_col = c0, .end_col = c0 + n };
    size_t len = vterm_screen_get_text(vts, out, outsz - 1, rect);
    out[len] = '\0';
}

static bool term_has(const char *s)
{
    char row[MAXCOLS * 4 + 1];
    for (int r = 0; r < rows; r++) {
        term_text(r, 0, cols, row, sizeof row);
        if (strstr(row, s))
            return true;
    }
    return false;
}

static void term_dump(FILE *f)
{
    char row[MAXCOLS * 4 + 1];
    for (int r = 0; r < rows; r++) {
        term_text(r, 0, cols, row, sizeof row);
        fprintf(f, "%2d|%s\n", r, row);
    }
}

/* ---- the program --------------------------------------------------------- */

static void reap(void)
{
    int st;
    if (!child_gone && waitpid(child, &st, WNOHANG) == child) {
        child_gone = true;
        child_status = st;
    }
}

/* Wait up to wait_ms (fractions allowed) for output and feed it to the
 * terminal.  Returns the bytes read (their time in *t_read), 0 if none
 * came, -1 when the program closed the terminal. */
static long pump(double wait_ms, double *t_read)
{
    struct pollfd pfd = { .fd = master, .events = POLLIN };
    if (wait_ms < 0)
        wait_ms = 0;
    struct timespec ts = { .tv_sec = (time_t)(wait_ms / 1e3),
                           .tv_nsec = (long)((wait_ms - (time_t)(wait_ms / 1e3) * 1e3) * 1e6) };
    int pr = ppoll(&pfd, 1, &ts, NULL);
    if (pr < 0)
        return errno == EINTR ? 0 : -1;
    if (pr == 0)
        return 0;
    char buf[65536];
    ssize_t n = read(master, buf, sizeof buf);
    if (n > 0) {
        if (t_read)
            *t_read = now_ms();
        out_bytes += n;
        vterm_input_write(vt, buf, (size_t)n);
        return n;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return 0;
    return -1; /* EIO: the slave side is closed */
}

/* Read output until `until` (ms); false if the program went away. */
static bool pump_until(double until)
{
    for (double t = now_ms(); t < until; t = now_ms())
        if (pump(until - t, NULL) < 0)
            return false;
    return true;
}

/* The first screen: `marker` on it, then `quiet` ms without output. */
static int first_screen(const char *marker, int quiet, double deadline, double *t_last)
{
    for (;;) {
        double t = now_ms();
        if (t >= deadline)
            return -1;
        if (t - *t_last >= quiet && term_has(marker))
            return 0;
        double wait = t - *t_last >= quiet ? quiet : quiet - (t - *t_last);
        if (pump(wait, t_last) < 0)
            return -2;
    }
}

static void quit_program(void)
{
    const char q = 'q';
    double deadline = now_ms() + 3000;
    if (write(master, &q, 1) < 0) {
        /* nothing to do: the program is gone or will be killed */
    }
    while (!child_gone && now_ms() < deadline) {
        if (pump(20, NULL) < 0) {
            for (int i = 0; i < 300 && !child_gone; i++) {
                reap();
                if (!child_gone)
                    usleep(10000);
            }
            break;
        }
        reap();
    }
    if (!child_gone) {
        kill(child, SIGKILL);
        if (waitpid(child, &child_status, 0) == child)
            child_gone = true;
        printf("quit killed\n");
    } else {
        printf("quit ok\n");
    }
}

/* ---- /proc --------------------------------------------------------------- */

/* utime + stime of pid, in clock ticks; -1 on error. */
static long long proc_cpu_ticks(pid_t pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the name may hold blanks and parens */
    if (!p)
        return -1;
    /* After ")": state(3) ppid pgrp session tty_nr tpgid flags minflt
     * cminflt majflt cmajflt utime(14) stime(15). */
    unsigned long long ut, st;
    if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
               &ut, &st) != 2)
        return -1;
    return (long long)(ut + st);
}

/* /proc/PID/schedstat: ns on CPU, ns waiting, times run; false if absent. */
static bool proc_schedstat(pid_t pid, unsigned long long *run_ns,
                           unsigned long long *runs)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    unsigned long long wait_ns;
    bool ok = fscanf(f, "%llu %llu %llu", run_ns, &wait_ns, runs) == 3;
    fclose(f);
    return ok;
}

/* A number field of /proc/PID/status (kB for the Vm ones); -1 if absent. */
static long long proc_status(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    long long v = -1;
    size_t fl = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, fl) == 0 && line[fl] == ':') {
            v = strtoll(line + fl + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return v;
}

/* ---- latency ------------------------------------------------------------- */

/* Where byte `off` is drawn: *row and *col of its first hex digit. */
struct layout {
    int first_row;          /* the screen row of the first data row */
    int nrows;              /* data rows on screen */
    uint64_t top;           /* offset of the first data row */
    unsigned bpr;           /* bytes a row */
    int hex_col;            /* column of the first byte's digits */
};

/* A row that starts with a hex offset: its value and the word's width. */
static bool row_offset(const char *row, uint64_t *off, int *width)
{
    const char *p = row;
    while (isxdigit((unsigned char)*p))
        p++;
    if (p == row || p - row > 16 || p[0] != ' ' || p[1] != ' ')
        return false;
    *off = strtoull(row, NULL, 16);
    *width = (int)(p - row);
    return true;
}

static bool find_layout(struct layout *lo)
{
    char row[MAXCOLS * 4 + 1];
    uint64_t off, prev = 0;
    int width, first = -1, n = 0;
    memset(lo, 0, sizeof *lo);
    for (int r = 0; r < rows; r++) {
        term_text(r, 0, cols, row, sizeof row);
        if (!row_offset(row, &off, &width)) {
            if (first >= 0)
                break;
            continue;
        }
        if (first < 0) {
            first = r;
            lo->top = off;
            lo->hex_col = width + 2;
        } else if (n == 1) {
            if (off <= prev)
                return false;
            lo->bpr = (unsigned)(off - prev);
        } else if (off != prev + lo->bpr) {
            break;
        }
        prev = off;
        n++;
    }
    lo->first_row = first;
    lo->nrows = n;
    return first >= 0 && n >= 2 && lo->bpr > 0;
}

static void cell_of(const struct layout *lo, uint64_t off, int *r, int *c)
{
    uint64_t rel = off - lo->top;
    unsigned j = (unsigned)(rel % lo->bpr);
    *r = lo->first_row + (int)(rel / lo->bpr);
    *c = lo->hex_col + 3 * (int)j + (int)(j / 8);
}

static bool cell_shows(int r, int c, const char *hex)
{
    char got[32];
    term_text(r, c, 2, got, sizeof got);
    return strncasecmp(got, hex, 2) == 0 && got[2] == '\0';
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest sample with at least p of them at or below. */
static double rank(const double *s, int n, double p)
{
    int k = (int)(p * n + 0.999999);
    if (k < 1)
        k = 1;
    if (k > n)
        k = n;
    return s[k - 1];
}

/* Returns 0, -1 when the program went away, -2 on a screen it cannot read. */
static int run_latency(unsigned char *map, uint64_t size, int changes, uint64_t span,
                       double pause_ms, double timeout_ms)
{
    struct layout lo;
    if (!find_layout(&lo) || lo.top != 0) {
        fprintf(stderr, "livebench: no hex rows from offset 0 on the first screen\n");
        printf("status failed layout\n");
        return -2;
    }
    uint64_t visible = (uint64_t)lo.nrows * lo.bpr;
    if (span > visible)
        span = visible;
    if (span > size)
        span = size;
    if (lo.hex_col + 3 * (int)lo.bpr + (int)(lo.bpr / 8) > cols) {
        fprintf(stderr, "livebench: unexpected layout (%u bytes a row)\n", lo.bpr);
        printf("status failed layout\n");
        return -2;
    }

    double *lat = calloc((size_t)changes, sizeof *lat);
    if (!lat)
        die("out of memory");
    int shown = 0, failures = 0, done = 0;
    bool gone = false;
    for (int i = 0; i < changes && !gone; i++) {
        uint64_t off = ((uint64_t)i * 37) % span;
        unsigned char old = map[off];
        unsigned char val = (unsigned char)(old + 1 + rng() % 255);
        char hex[3];
        snprintf(hex, sizeof hex, "%02x", val);
        int r, c;
        cell_of(&lo, off, &r, &c);

        /* A random pause first, so that the store falls anywhere in the
         * program's tick, not just after the frame that showed the last. */
        if (pause_ms > 0 && !pump_until(now_ms() + (double)(rng() % 1000001) / 1e6 * pause_ms)) {
            gone = true;
            break;
        }
        map[off] = val;
        double t0 = now_ms(), deadline = t0 + timeout_ms, t_read = t0;
        bool seen = false;
        while (!seen) {
            double t = now_ms();
            if (t >= deadline)
                break;
            long n = pump(deadline - t, &t_read);
            if (n < 0) {
                gone = true;
                break;
            }
            if (n > 0 && cell_shows(r, c, hex))
                seen = true;
        }
        done++;
        if (seen) {
            lat[shown++] = t_read - t0;
            if (verbose)
                fprintf(stderr, "change %d off %" PRIu64 " %02x -> %s %.2f ms\n",
                        i + 1, off, old, hex, t_read - t0);
        } else if (!gone) {
            failures++;
            if (verbose)
                fprintf(stderr, "change %d off %" PRIu64 " %02x -> %s not shown\n",
                        i + 1, off, old, hex);
        }
    }

    printf("changes %d\n", done);
    printf("shown %d\n", shown);
    printf("failures %d\n", failures);
    if (shown > 0) {
        double sum = 0;
        for (int k = 0; k < shown; k++)
            sum += lat[k];
        qsort(lat, (size_t)shown, sizeof *lat, cmp_double);
        double med = shown % 2 ? lat[shown / 2] : (lat[shown / 2 - 1] + lat[shown / 2]) / 2;
        printf("median_ms %.2f\n", med);
        printf("p90_ms %.2f\n", rank(lat, shown, 0.90));
        printf("p99_ms %.2f\n", rank(lat, shown, 0.99));
        printf("max_ms %.2f\n", lat[shown - 1]);
        printf("min_ms %.2f\n", lat[0]);
        printf("mean_ms %.2f\n", sum / shown);
    }
    free(lat);
    return gone ? -1 : 0;
}

/* ---- cpu ----------------------------------------------------------------- */

/* strace -c -p child for `secs` seconds; prints the calls a second. */
static void run_strace(double secs)
{
    char out[] = "/tmp/livebench-strace.XXXXXX";
    int fd = mkstemp(out);
    if (fd < 0) {
        printf("strace_status failed mkstemp\n");
        return;
    }
    close(fd);
    char pidarg[32];
    snprintf(pidarg, sizeof pidarg, "%d", (int)child);
    double t0 = now_ms();
    pid_t tr = fork();
    if (tr < 0) {
        unlink(out);
        printf("strace_status failed fork\n");
        return;
    }
    if (tr == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        execlp("strace", "strace", "-c", "-o", out, "-p", pidarg, (char *)NULL);
        _exit(127);
    }
    bool alive = pump_until(t0 + secs * 1e3);
    int st;
    /* Still tracing, as it should be: stop it (it prints its table then). */
    bool early = waitpid(tr, &st, WNOHANG) == tr;
    if (!early) {
        kill(tr, SIGINT);
        waitpid(tr, &st, 0);
    }
    double elapsed = (now_ms() - t0) / 1e3;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (!alive || early) {
        unlink(out);
        if (!alive)
            printf("strace_status failed program-gone\n");
        else if (code == 127)
            printf("strace_status missing\n");
        else /* could not attach: ptrace not permitted, for one */
            printf("strace_status failed %d\n", code);
        return;
    }
    FILE *f = fopen(out, "r");
    char line[512];
    bool total = false;
    while (f && fgets(line, sizeof line, f)) {
        /* "% time  seconds  usecs/call  calls  [errors]  syscall" */
        char *tok[8];
        int nt = 0;
        for (char *s = strtok(line, " \t\n"); s && nt < 8; s = strtok(NULL, " \t\n"))
            tok[nt++] = s;
        if (nt < 5 || !isdigit((unsigned char)tok[0][0]))
            continue;
        long long calls = strtoll(tok[3], NULL, 10);
        const char *name = tok[nt - 1];
        if (strcmp(name, "total") == 0) {
            printf("syscall_total %.2f\n", calls / elapsed);
            total = true;
        } else {
            printf("syscall %s %.2f\n", name, calls / elapsed);
        }
    }
    if (f)
        fclose(f);
    unlink(out);
    /* strace writes no table at all when it saw no call. */
    if (!total)
        printf("syscall_total 0.00\n");
    printf("strace_s %.2f\n", elapsed);
}

/* Returns 0, or -1 when the program went away. */
static int run_cpu(double secs, double strace_secs)
{
    long clk = sysconf(_SC_CLK_TCK);
    unsigned long long ns0 = 0, ns1 = 0, runs0 = 0, runs1 = 0;
    long long ctx0 = proc_status(child, "voluntary_ctxt_switches") +
                     proc_status(child, "nonvoluntary_ctxt_switches");
    bool sched = proc_schedstat(child, &ns0, &runs0);
    long long tk0 = proc_cpu_ticks(child);
    long bytes0 = out_bytes;
    double t0 = now_ms();

    bool alive = pump_until(t0 + secs * 1e3);

    long long tk1 = proc_cpu_ticks(child);
    sched = proc_schedstat(child, &ns1, &runs1) && sched;
    long long ctx1 = proc_status(child, "voluntary_ctxt_switches") +
                     proc_status(child, "nonvoluntary_ctxt_switches");
    double el = (now_ms() - t0) / 1e3;
    long long rss = proc_status(child, "VmRSS");
    if (!alive || tk0 < 0 || tk1 < 0)
        return -1;
    printf("seconds %.3f\n", el);
    printf("clk_tck %ld\n", clk);
    printf("cpu_ticks %lld\n", tk1 - tk0);
    printf("cpu_pct %.3f\n", (double)(tk1 - tk0) / clk / el * 100);
    printf("cpu_pct_step %.3f\n", 1.0 / clk / el * 100);
    if (sched) {
        printf("sched_ns %llu\n", ns1 - ns0);
        printf("sched_cpu_pct %.4f\n", (double)(ns1 - ns0) / 1e9 / el * 100);
        printf("runs_per_s %.2f\n", (double)(runs1 - runs0) / el);
    }
    if (ctx0 >= 0 && ctx1 >= 0)
        printf("ctxsw_per_s %.2f\n", (double)(ctx1 - ctx0) / el);
    printf("out_bytes_per_s %.1f\n", (double)(out_bytes - bytes0) / el);
    printf("rss_kb %lld\n", rss);
    if (strace_secs > 0)
        run_strace(strace_secs);
    return 0;
}

/* ---- main ---------------------------------------------------------------- */

/* The program's --watch MS (default 100). */
static long tick_of(char **argv)
{
    long tick = 100;
    for (int i = 0; argv[i]; i++) {
        if (strcmp(argv[i], "--watch") == 0 && argv[i + 1])
            tick = strtol(argv[++i], NULL, 10);
        else if (strncmp(argv[i], "--watch=", 8) == 0)
            tick = strtol(argv[i] + 8, NULL, 10);
    }
    return tick;
}

static void usage(void)
{
    fputs("usage: livebench [-n CHANGES] [-j PAUSE_MS] [-t TIMEOUT_S] [-o SPAN] [-s SEED]\n"
          "                 [-r ROWS] [-c COLS] [-q QUIET_MS] [-d] [-v] -f FILE -- PROG [ARG]...\n"
          "       livebench -C SECONDS [-S STRACE_SECONDS] [...] -f FILE -- PROG [ARG]...\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    int changes = 300, quiet = 100;
    double pause = -1, timeout_s = 2, cpu_s = 0, strace_s = 0;
    uint64_t span = 256;
    const char *file = NULL;
    bool dump = false;
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
        if (a[0] != '-' || a[1] == '\0' || a[2] != '\0')
            usage();
        if (a[1] == 'd') {
            dump = true;
            continue;
        }
        if (a[1] == 'v') {
            verbose = true;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        switch (a[1]) {
        case 'n': changes = atoi(v); break;
        case 'j':
            pause = atof(v);
            if (pause < 0)
                usage();
            break;
        case 't': timeout_s = atof(v); break;
        case 'o': span = strtoull(v, NULL, 0); break;
        case 's': rng_state = strtoull(v, NULL, 0) * 0x9e3779b97f4a7c15u | 1; break;
        case 'r': rows = atoi(v); break;
        case 'c': cols = atoi(v); break;
        case 'q': quiet = atoi(v); break;
        case 'f': file = v; break;
        case 'C': cpu_s = atof(v); break;
        case 'S': strace_s = atof(v); break;
        default: usage();
        }
    }
    if (i >= argc || !file || changes < 1 || span < 1 || timeout_s <= 0 ||
        quiet < 1 || cpu_s < 0 || strace_s < 0 || rows < 2 || rows > MAXROWS ||
        cols < 10 || cols > MAXCOLS)
        usage();
    char **prog = argv + i;
    bool cpu_mode = cpu_s > 0;

    /* The file: made if missing (latency mode), mapped for the stores. */
    int fd = open(file, cpu_mode ? O_RDONLY : O_RDWR);
    if (fd < 0 && errno == ENOENT && !cpu_mode) {
        fd = open(file, O_RDWR | O_CREAT | O_EXCL, 0644);
        static const char zeros[4096];
        if (fd < 0 || write(fd, zeros, sizeof zeros) != (ssize_t)sizeof zeros)
            die("%s: %s", file, strerror(errno));
    }
    if (fd < 0)
        die("%s: %s", file, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) < 0)
        die("%s: %s", file, strerror(errno));
    uint64_t size = (uint64_t)sb.st_size;
    unsigned char *map = NULL;
    if (!cpu_mode) {
        if (size == 0)
            die("%s: empty", file);
        size_t len = size < span ? (size_t)size : (size_t)span;
        map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED)
            die("%s: mmap: %s", file, strerror(errno));
    }
    close(fd);
    char marker[64];
    snprintf(marker, sizeof marker, " of %" PRIu64, size);

    signal(SIGPIPE, SIG_IGN);
    term_init();
    setvbuf(stdout, NULL, _IOLBF, 0);
    long tick = tick_of(prog);
    printf("mode %s\n", cpu_mode ? "cpu" : "latency");
    printf("tick_ms %ld\n", tick);
    if (pause < 0) /* whole ticks, at least 50 ms: the store's phase is even */
        pause = tick > 0 ? (double)tick * (double)((49 + tick) / tick) : 50;
    if (!cpu_mode)
        printf("pause_ms %.0f\n", pause);

    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    double t0 = now_ms();
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0)
        die("forkpty: %s", strerror(errno));
    if (child == 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("LINES");
        unsetenv("COLUMNS");
        execvp(prog[0], prog);
        fprintf(stderr, "livebench: %s: %s\n", prog[0], strerror(errno));
        _exit(127);
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);

    double t_last = t0;
    int r = first_screen(marker, quiet, t0 + 30e3, &t_last);
    int ret = 1;
    if (r == -1) {
        printf("status timeout start\n");
    } else if (r == -2) {
        printf("status exited start\n");
    } else {
        printf("start_ms %.1f\n", t_last - t0);
        if (cpu_mode)
            r = run_cpu(cpu_s, strace_s);
        else
            r = run_latency(map, size, changes, span, pause, timeout_s * 1e3);
        if (r == 0) {
            printf("status ok\n");
            ret = 0;
        } else if (r == -1) {
            reap();
            printf("status exited %s\n", cpu_mode ? "cpu" : "latency");
        }
    }
    if (dump || ret != 0)
        term_dump(stderr);
    if (!child_gone)
        quit_program();
    return ret;
}
