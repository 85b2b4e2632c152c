/*
 * vtdrive.c - run a program in a pseudo-terminal and drive it from a script.
 *
 * The program runs in a new pty (openpty(3), login_tty(3): forkpty(3) in
 * two steps, so the pty's modes can be read before the program may change
 * them) with TERM=xterm-256color; everything it
 * writes is fed into a libvterm screen, so assertions see what a user would
 * see.  Commands come one a line on standard input (see usage()).  Keys are
 * encoded by libvterm's own keyboard layer, which sends what xterm sends in
 * the modes the program has set (\eOA after smkx, \e[A before), and the
 * mouse wheel is reported only when the program asked for mouse events.
 *
 * The program's terminal modes are read at the start and again when it
 * has exited (through the master: Linux reports the pty pair's modes):
 * exit checks that echo, line editing, signal keys and flow control
 * (ECHO, ICANON, ISIG, IXON) are as they were.
 *
 * Invariants: the vterm screen always has the size last given to the pty;
 * waits poll the pty and re-check after every chunk of output, never sleep
 * a fixed time; every failure names the script line and dumps the screen.
 */
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>
#include <utmp.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#define DRIVE_QUIET_MS	50	/* output pause that ends a drain */
#define DRIVE_ANY_ROW	INT_MIN	/* a condition on the whole screen */

struct drive {
	VTerm *vt;
	VTermScreen *screen;
	int rows;			/* size of the pty and the screen */
	int cols;
	char *rowbuf;			/* one row as UTF-8 */
	size_t rowbuf_len;

	int master;			/* pty master */
	pid_t pid;			/* the program, -1 when not running */
	int reaped;			/* the program has exited and been reaped */
	int status;			/* its wait status once reaped */
	int eof;			/* the pty reported end of output */
	char *program;			/* argv[0] of the program */
	struct termios modes;		/* the pty's modes before it ran */
	long long signal_ms;		/* when signal last sent one, or 0 */

	int split_state;		/* where drive_feed is in a sequence */
	char split_buf[64];		/* held bytes of "ESC [ ? Pm" */
	size_t split_len;

	int altscreen;			/* terminal modes the program set */
	int cursor_visible;
	int mouse;			/* VTERM_PROP_MOUSE_* */

	int timeout_ms;			/* per wait */
	int default_timeout_ms;		/* --timeout, for "timeout default" */
	int verbose;			/* trace commands on stderr */
	unsigned long line;		/* current script line */
	const char *command;		/* current script command */
};

/* Where drive_feed() is in an "ESC [ ? Pm h" sequence. */
enum {
	SPLIT_TEXT,			/* outside any sequence */
	SPLIT_ESC,			/* after ESC */
	SPLIT_CSI,			/* after ESC [ */
	SPLIT_PRIVATE			/* in ESC [ ? Pm */
};

enum cond_kind {
	COND_HAS,			/* row or screen contains text */
	COND_LACKS,			/* row or screen does not contain it */
	COND_REGEX,			/* row or screen matches an ERE */
	COND_IS,			/* row is exactly the text */
	COND_CURSOR			/* cursor at row, col */
};

struct cond {
	enum cond_kind kind;
	int row;			/* DRIVE_ANY_ROW or a row, < 0 from end */
	const char *text;
	regex_t regex;			/* COND_REGEX */
	int cursor_row;			/* COND_CURSOR */
	int cursor_col;
};

/* Commands that test the screen, waiting or at once. */
static const struct cond_command {
	const char *name;
	int wait;			/* wait for it instead of asserting */
	enum cond_kind kind;
	int has_row;			/* takes a row before the text */
} cond_commands[] = {
	{ "wait",		1, COND_HAS,	0 },
	{ "waitnot",		1, COND_LACKS,	0 },
	{ "waitre",		1, COND_REGEX,	0 },
	{ "waitrow",		1, COND_HAS,	1 },
	{ "waitrownot",		1, COND_LACKS,	1 },
	{ "waitrowre",		1, COND_REGEX,	1 },
	{ "waitrowis",		1, COND_IS,	1 },
	{ "waitcursor",		1, COND_CURSOR,	0 },
	{ "expect",		0, COND_HAS,	0 },
	{ "expectnot",		0, COND_LACKS,	0 },
	{ "expectre",		0, COND_REGEX,	0 },
	{ "expectrow",		0, COND_HAS,	1 },
	{ "expectrownot",	0, COND_LACKS,	1 },
	{ "expectrowre",	0, COND_REGEX,	1 },
	{ "expectrowis",	0, COND_IS,	1 },
	{ "expectcursor",	0, COND_CURSOR,	0 },
};

/* Named keys for send: libvterm keys, or fixed bytes. */
static const struct named_key {
	const char *name;
	VTermKey key;			/* VTERM_KEY_NONE: use bytes */
	const char *bytes;
} named_keys[] = {
	{ "Up",		VTERM_KEY_UP,		NULL },
	{ "Down",	VTERM_KEY_DOWN,		NULL },
	{ "Left",	VTERM_KEY_LEFT,		NULL },
	{ "Right",	VTERM_KEY_RIGHT,	NULL },
	{ "PgUp",	VTERM_KEY_PAGEUP,	NULL },
	{ "PgDn",	VTERM_KEY_PAGEDOWN,	NULL },
	{ "Home",	VTERM_KEY_HOME,		NULL },
	{ "End",	VTERM_KEY_END,		NULL },
	{ "Ins",	VTERM_KEY_INS,		NULL },
	{ "Del",	VTERM_KEY_DEL,		NULL },
	{ "Esc",	VTERM_KEY_ESCAPE,	NULL },
	{ "Enter",	VTERM_KEY_ENTER,	NULL },
	{ "Tab",	VTERM_KEY_TAB,		NULL },
	{ "BS",		VTERM_KEY_BACKSPACE,	NULL },
	{ "Space",	VTERM_KEY_NONE,		" " },
	{ "lt",		VTERM_KEY_NONE,		"<" },
	{ "S-Tab",	VTERM_KEY_NONE,		"\033[Z" },
};

static struct drive drive;

static void drive_dump(struct drive *, FILE *, int);

/* Print usage and exit 2. */
static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr,
	    "usage: vtdrive [-v] [--rows R] [--cols C] [--timeout SEC] -- "
	    "PROGRAM [ARG...] <SCRIPT\n"
	    "script commands, one a line (# comments, blank lines ignored):\n"
	    "  send KEYS          text with \\e \\r \\n \\t \\\\ \\< \\xNN and <Up>"
	    " <Down>\n"
	    "                     <Left> <Right> <PgUp> <PgDn> <Home> <End> "
	    "<Ins> <Del>\n"
	    "                     <F1>..<F12> <Esc> <Enter> <Tab> <S-Tab> <BS>"
	    " <Space>\n"
	    "                     <lt> <C-x> <WheelUp> <WheelDown>\n"
	    "  wait TEXT          until the screen shows TEXT (also waitnot,"
	    " waitre ERE)\n"
	    "  waitrow N TEXT     until row N shows TEXT, N < 0 counts from "
	    "the end\n"
	    "                     (also waitrownot, waitrowre N ERE)\n"
	    "  waitrowis N TEXT   until row N is exactly TEXT (trailing blanks "
	    "cut)\n"
	    "  waitcursor R C     until the cursor is at row R, column C\n"
	    "  expect TEXT        assert once the output has paused for 50 ms "
	    "(also\n"
	    "                     expectnot, expectre, expectrow, "
	    "expectrownot,\n"
	    "                     expectrowre, expectrowis, expectcursor); "
	    "while the\n"
	    "                     program keeps redrawing (a scan's progress) "
	    "that is\n"
	    "                     when it stops, or after the timeout: what "
	    "must hold\n"
	    "                     mid-run is a wait*\n"
	    "  expectreverse N    row N is in reverse video up to its last "
	    "character\n"
	    "  expectnocolour N I no cell of row N uses palette colour I\n"
	    "  expectcolour R C I the cell at row R, column C uses palette "
	    "colour I\n"
	    "                     (expectnotcolour: does not)\n"
	    "  inject TEXT        draw TEXT (with \\ escapes) on the screen as "
	    "if the\n"
	    "                     program had, to test a redraw\n"
	    "  resize R C         resize the pty (SIGWINCH) and the screen\n"
	    "  sh COMMAND         run COMMAND with /bin/sh, fail unless it "
	    "exits 0\n"
	    "  timeout MS         later waits fail after MS milliseconds "
	    "(a deadline\n"
	    "                     for the program; timeout default: back to "
	    "--timeout)\n"
	    "  signal NAME        send the program signal NAME (TERM, SIGTERM"
	    " or 15)\n"
	    "  screen, cursor     print the screen or the cursor position\n"
	    "  exit CODE          wait for the program to exit with CODE and "
	    "check\n"
	    "                     that it restored the terminal (screen, "
	    "cursor,\n"
	    "                     mouse, modes); with -v, say how long after "
	    "the\n"
	    "                     last signal it exited\n");
	exit(2);
}

/* Milliseconds on the monotonic clock. */
static long long
drive_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Describe a wait status in words. */
static const char *
drive_status_text(int status)
{
	static char buf[128];

	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, "exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "was killed by signal %d (%s)%s",
		    WTERMSIG(status), strsignal(WTERMSIG(status)),
		    WCOREDUMP(status) ? ", core dumped" : "");
	else
		snprintf(buf, sizeof buf, "stopped with wait status 0x%x",
		    (unsigned)status);
	return buf;
}

/* Stop the program if it still runs; used on the way out. */
static void
drive_kill(struct drive *d)
{
	if (d->pid == -1)
		return;
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = -1;
}

/* Report a failure at the current script line, dump the screen, exit 1. */
static void __attribute__((noreturn, format(printf, 2, 3)))
drive_fail(struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (d->line != 0)
		fprintf(stderr, "vtdrive: line %lu: %s: ", d->line,
		    d->command != NULL ? d->command : "");
	else
		fprintf(stderr, "vtdrive: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (d->reaped)
		fprintf(stderr, "vtdrive: %s %s\n", d->program,
		    drive_status_text(d->status));
	if (d->screen != NULL)
		drive_dump(d, stderr, 1);
	drive_kill(d);
	exit(1);
}

/* Report an error that is not about the screen (bad script, system). */
static void __attribute__((noreturn, format(printf, 2, 3)))
drive_error(struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	if (d->line != 0)
		fprintf(stderr, "vtdrive: line %lu: ", d->line);
	else
		fprintf(stderr, "vtdrive: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	drive_kill(d);
	exit(1);
}

/* Append the UTF-8 form of code point c at p; return the byte count. */
static size_t
drive_utf8(char *p, uint32_t c)
{
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xc0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xe0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		p[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | (c >> 18));
	p[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	p[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	p[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Size the row buffer for the current width. */
static void
drive_rowbuf(struct drive *d)
{
	d->rowbuf_len = (size_t)d->cols * VTERM_MAX_CHARS_PER_CELL * 4 + 1;
	free(d->rowbuf);
	if ((d->rowbuf = malloc(d->rowbuf_len)) == NULL)
		drive_error(d, "out of memory");
}

/* Return row's text as UTF-8: empty cells are blanks, trailing blanks cut. */
static const char *
drive_row(struct drive *d, int row)
{
	VTermScreenCell cell;
	VTermPos pos;
	size_t len = 0, end = 0;
	int i;

	pos.row = row;
	for (pos.col = 0; pos.col < d->cols; pos.col++) {
		if (!vterm_screen_get_cell(d->screen, pos, &cell))
			break;
		if (cell.chars[0] == (uint32_t)-1)
			continue;	/* right half of a wide character */
		if (cell.chars[0] == 0 || cell.chars[0] == ' ')
			d->rowbuf[len++] = ' ';
		else {
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0; i++)
				len += drive_utf8(d->rowbuf + len,
				    cell.chars[i]);
			end = len;
		}
		if (cell.width == 2)
			pos.col++;
	}
	d->rowbuf[end] = '\0';
	return d->rowbuf;
}

/* Print the screen to fp, with row numbers and a frame when framed. */
static void
drive_dump(struct drive *d, FILE *fp, int framed)
{
	VTermPos cursor;
	int row;

	vterm_state_get_cursorpos(vterm_obtain_state(d->vt), &cursor);
	if (framed)
		fprintf(fp, "--- screen %dx%d, cursor %d,%d%s%s ---\n",
		    d->rows, d->cols, cursor.row, cursor.col,
		    d->altscreen ? ", alternate screen" : "",
		    d->cursor_visible ? "" : ", cursor hidden");
	for (row = 0; row < d->rows; row++) {
		if (framed)
			fprintf(fp, "%3d|", row);
		fprintf(fp, "%s\n", drive_row(d, row));
	}
	if (framed)
		fprintf(fp, "--- end of screen ---\n");
	fflush(fp);
}

/* Track the modes the program sets; libvterm calls this. */
static int
drive_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct drive *d = user;

	switch (prop) {
	case VTERM_PROP_ALTSCREEN:
		d->altscreen = val->boolean;
		break;
	case VTERM_PROP_CURSORVISIBLE:
		d->cursor_visible = val->boolean;
		break;
	case VTERM_PROP_MOUSE:
		d->mouse = val->number;
		break;
	default:
		break;
	}
	return 1;
}

/* Write all of buf to the pty. */
static void
drive_write(struct drive *d, const char *buf, size_t len)
{
	ssize_t n;
	size_t i;

	if (d->verbose) {
		fprintf(stderr, "vtdrive: sending");
		for (i = 0; i < len; i++)
			fprintf(stderr, " %02x", (unsigned char)buf[i]);
		fprintf(stderr, "\n");
	}

	while (len > 0) {
		n = write(d->master, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			drive_fail(d, "writing to the terminal: %s",
			    strerror(errno));
		buf += n;
		len -= (size_t)n;
	}
}

/* Send what the terminal answers or what a key produces to the program. */
static void
drive_output(const char *s, size_t len, void *user)
{
	drive_write(user, s, len);
}

/* Give libvterm the held bytes of an "ESC [ ? Pm" sequence ended by final
 * (h or l), one sequence per mode. */
static void
drive_split_modes(struct drive *d, char final)
{
	char seq[80];
	char *modes = d->split_buf + 3, *mode, *next;
	int n;

	d->split_buf[d->split_len] = '\0';
	for (mode = modes; mode != NULL; mode = next) {
		if ((next = strchr(mode, ';')) != NULL)
			*next++ = '\0';
		n = snprintf(seq, sizeof seq, "\033[?%s%c", mode, final);
		vterm_input_write(d->vt, seq, (size_t)n);
	}
	d->split_len = 0;
}

/* Feed program output to libvterm, splitting multi-mode DEC private mode
 * sets and resets; a sequence may straddle two reads. */
static void
drive_feed(struct drive *d, const char *buf, size_t len)
{
	size_t i = 0, start = 0;
	char c;

	while (i < len) {
		c = buf[i];
		if (d->split_state == SPLIT_TEXT) {
			if (c == '\033') {
				vterm_input_write(d->vt, buf + start,
				    i - start);
				d->split_state = SPLIT_ESC;
				d->split_buf[0] = c;
				d->split_len = 1;
				start = i + 1;
			}
			i++;
			continue;
		}
		if (d->split_state == SPLIT_ESC && c == '[')
			d->split_state = SPLIT_CSI;
		else if (d->split_state == SPLIT_CSI && c == '?')
			d->split_state = SPLIT_PRIVATE;
		else if (d->split_state == SPLIT_PRIVATE &&
		    ((c >= '0' && c <= '9') || c == ';') &&
		    d->split_len < sizeof d->split_buf - 1)
			;
		else if (d->split_state == SPLIT_PRIVATE &&
		    (c == 'h' || c == 'l')) {
			drive_split_modes(d, c);
			d->split_state = SPLIT_TEXT;
			start = ++i;
			continue;
		} else {
			/* Not a mode sequence: release the held bytes and
			 * look at this one again as text. */
			vterm_input_write(d->vt, d->split_buf, d->split_len);
			d->split_len = 0;
			d->split_state = SPLIT_TEXT;
			start = i;
			continue;
		}
		d->split_buf[d->split_len++] = c;
		start = ++i;
	}
	if (d->split_state == SPLIT_TEXT)
		vterm_input_write(d->vt, buf + start, len - start);
}

/* Wait up to ms for output and feed it to the screen: 1 read, 0 none. */
static int
drive_pump(struct drive *d, int ms)
{
	struct pollfd pfd;
	char buf[65536];
	ssize_t n;

	if (d->eof)
		return 0;
	pfd.fd = d->master;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (ms < 0)
		ms = 0;
	n = poll(&pfd, 1, ms);
	if (n == -1 && errno == EINTR)
		return 0;
	if (n == -1)
		drive_error(d, "poll: %s", strerror(errno));
	if (n == 0)
		return 0;
	n = read(d->master, buf, sizeof buf);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		/* EIO: every copy of the slave side is closed. */
		vterm_input_write(d->vt, d->split_buf, d->split_len);
		d->split_len = 0;
		d->eof = 1;
		return 0;
	}
	drive_feed(d, buf, (size_t)n);
	return 1;
}

/* Read output until it has paused for DRIVE_QUIET_MS (or a wait's time). */
static void
drive_drain(struct drive *d)
{
	long long deadline = drive_now() + d->timeout_ms;

	while (!d->eof && drive_now() < deadline) {
		if (!drive_pump(d, DRIVE_QUIET_MS))
			break;
	}
}

/* Reap the program once it has exited, failing after the timeout. */
static void
drive_reap(struct drive *d)
{
	struct timespec ts = { 0, 2 * 1000 * 1000 };
	long long deadline = drive_now() + d->timeout_ms;
	pid_t pid;

	while (d->pid != -1) {
		pid = waitpid(d->pid, &d->status, WNOHANG);
		if (pid == -1 && errno != EINTR)
			drive_error(d, "waitpid: %s", strerror(errno));
		if (pid == d->pid) {
			d->pid = -1;
			d->reaped = 1;
			break;
		}
		if (drive_now() >= deadline)
			drive_fail(d, "the program closed the terminal but "
			    "did not exit within %d ms", d->timeout_ms);
		nanosleep(&ts, NULL);
	}
}

/* Turn a script row number into a screen row, or fail. */
static int
drive_resolve_row(struct drive *d, int row)
{
	int r = row < 0 ? d->rows + row : row;

	if (r < 0 || r >= d->rows)
		drive_error(d, "row %d is outside the %d-row screen", row,
		    d->rows);
	return r;
}

/* Test one row against a text or regex condition. */
static int
drive_row_matches(struct drive *d, const struct cond *c, int row)
{
	const char *text = drive_row(d, row);

	if (c->kind == COND_REGEX)
		return regexec(&c->regex, text, 0, NULL, 0) == 0;
	if (c->kind == COND_IS)
		return strcmp(text, c->text) == 0;
	return strstr(text, c->text) != NULL;
}

/* Is the condition true of the screen now? */
static int
drive_cond_true(struct drive *d, const struct cond *c)
{
	VTermPos cursor;
	int row, found = 0;

	if (c->kind == COND_CURSOR) {
		vterm_state_get_cursorpos(vterm_obtain_state(d->vt), &cursor);
		return cursor.row == drive_resolve_row(d, c->cursor_row) &&
		    cursor.col == c->cursor_col;
	}
	if (c->row != DRIVE_ANY_ROW)
		found = drive_row_matches(d, c, drive_resolve_row(d, c->row));
	else {
		for (row = 0; row < d->rows && !found; row++)
			found = drive_row_matches(d, c, row);
	}
	return c->kind == COND_LACKS ? !found : found;
}

/* Say in words what a condition wants, for failure messages. */
static const char *
drive_cond_text(const struct cond *c)
{
	static char buf[1024];
	char where[64];

	if (c->kind == COND_CURSOR) {
		snprintf(buf, sizeof buf, "cursor at row %d, column %d",
		    c->cursor_row, c->cursor_col);
		return buf;
	}
	if (c->row == DRIVE_ANY_ROW)
		snprintf(where, sizeof where, "the screen");
	else
		snprintf(where, sizeof where, "row %d", c->row);
	switch (c->kind) {
	case COND_HAS:
		snprintf(buf, sizeof buf, "%s to contain \"%s\"", where,
		    c->text);
		break;
	case COND_LACKS:
		snprintf(buf, sizeof buf, "%s not to contain \"%s\"", where,
		    c->text);
		break;
	case COND_IS:
		snprintf(buf, sizeof buf, "%s to be exactly \"%s\"", where,
		    c->text);
		break;
	default:
		snprintf(buf, sizeof buf, "%s to match /%s/", where, c->text);
		break;
	}
	return buf;
}

/* Wait until the condition holds, or fail after the timeout. */
static void
drive_wait(struct drive *d, const struct cond *c)
{
	long long deadline = drive_now() + d->timeout_ms;
	long long left;

	for (;;) {
		if (drive_cond_true(d, c))
			return;
		if (d->eof) {
			drive_reap(d);
			drive_fail(d, "the program exited while waiting for "
			    "%s", drive_cond_text(c));
		}
		left = deadline - drive_now();
		if (left <= 0)
			drive_fail(d, "timed out after %d ms waiting for %s",
			    d->timeout_ms, drive_cond_text(c));
		drive_pump(d, (int)left);
	}
}

/* Assert the condition after the output has settled: a program that
 * redraws without pause (a scan's progress) is waited for until it stops
 * or the timeout passes, so a condition that holds only while it runs is
 * checked with a wait, not with this. */
static void
drive_expect(struct drive *d, const struct cond *c)
{
	drive_drain(d);
	if (!drive_cond_true(d, c))
		drive_fail(d, "expected %s", drive_cond_text(c));
}

/* Parse a decimal integer that must be all of s. */
static int
drive_int(struct drive *d, const char *s, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < INT_MIN + 1 ||
	    v > INT_MAX)
		drive_error(d, "bad %s: \"%s\"", what, s);
	return (int)v;
}

/* Split "N REST" into a number and the rest (which may be empty). */
static int
drive_split_int(struct drive *d, char *arg, char **rest, const char *what)
{
	char *space = strchr(arg, ' ');
	int v;

	if (space != NULL)
		*space = '\0';
	v = drive_int(d, arg, what);
	*rest = space != NULL ? space + 1 : arg + strlen(arg);
	return v;
}

/* Run a condition command: parse its arguments, then wait or assert. */
static void
drive_cond_command(struct drive *d, const struct cond_command *cc, char *arg)
{
	struct cond c;
	char *rest;
	int error;
	char msg[256];

	memset(&c, 0, sizeof c);
	c.kind = cc->kind;
	c.row = DRIVE_ANY_ROW;
	if (cc->kind == COND_CURSOR) {
		c.cursor_row = drive_split_int(d, arg, &rest, "row");
		c.cursor_col = drive_int(d, rest, "column");
	} else {
		if (cc->has_row) {
			c.row = drive_split_int(d, arg, &rest, "row");
			arg = rest;
		}
		if (*arg == '\0' && cc->kind != COND_IS)
			drive_error(d, "%s needs a text", cc->name);
		c.text = arg;
	}
	if (c.kind == COND_REGEX) {
		error = regcomp(&c.regex, c.text, REG_EXTENDED | REG_NOSUB);
		if (error != 0) {
			regerror(error, &c.regex, msg, sizeof msg);
			drive_error(d, "bad regular expression /%s/: %s",
			    c.text, msg);
		}
	}
	if (cc->wait)
		drive_wait(d, &c);
	else
		drive_expect(d, &c);
	if (c.kind == COND_REGEX)
		regfree(&c.regex);
}

/* Report the wheel at the middle of the screen, as xterm would. */
static void
drive_wheel(struct drive *d, int up)
{
	long long deadline = drive_now() + d->timeout_ms;

	while (d->mouse == VTERM_PROP_MOUSE_NONE) {
		if (d->eof || drive_now() >= deadline)
			drive_fail(d, "<Wheel%s>: the program has not turned "
			    "on mouse reporting", up ? "Up" : "Down");
		drive_pump(d, (int)(deadline - drive_now()));
	}
	vterm_mouse_move(d->vt, d->rows / 2, d->cols / 2, VTERM_MOD_NONE);
	vterm_mouse_button(d->vt, up ? 4 : 5, 1, VTERM_MOD_NONE);
}

/* Send one <name> key; return 0 if the name is unknown. */
static int
drive_send_named(struct drive *d, const char *name)
{
	const struct named_key *k;
	size_t i;
	char c;
	int n;

	for (i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++) {
		k = &named_keys[i];
		if (strcasecmp(k->name, name) != 0)
			continue;
		if (k->key == VTERM_KEY_NONE)
			drive_write(d, k->bytes, strlen(k->bytes));
		else
			vterm_keyboard_key(d->vt, k->key, VTERM_MOD_NONE);
		return 1;
	}
	if (strcasecmp(name, "WheelUp") == 0 ||
	    strcasecmp(name, "WheelDown") == 0) {
		drive_wheel(d, strcasecmp(name, "WheelUp") == 0);
		return 1;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' &&
	    name[2] != '\0' && name[3] == '\0' &&
	    strchr("abcdefghijklmnopqrstuvwxyz@[\\]^_",
	    name[2] | (name[2] >= 'A' && name[2] <= 'Z' ? 0x20 : 0))
	    != NULL) {
		c = (char)(name[2] & 0x1f);
		drive_write(d, &c, 1);
		return 1;
	}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' &&
	    name[1] <= '9') {
		n = atoi(name + 1);
		if (n >= 1 && n <= 12 && strspn(name + 1, "0123456789") ==
		    strlen(name + 1)) {
			vterm_keyboard_key(d->vt, VTERM_KEY_FUNCTION(n),
			    VTERM_MOD_NONE);
			return 1;
		}
	}
	return 0;
}

/* Value of a hex digit, or -1. */
static int
drive_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the escape after the backslash at *sp; advance *sp past it. */
static char
drive_escape(struct drive *d, const char **sp)
{
	const char *s = *sp + 1;
	int hi, lo;
	char c;

	switch (*s) {
	case 'e':
		c = '\033';
		break;
	case 'r':
		c = '\r';
		break;
	case 'n':
		c = '\n';
		break;
	case 't':
		c = '\t';
		break;
	case '\\':
	case '<':
		c = *s;
		break;
	case 'x':
		if ((hi = drive_hex(s[1])) == -1 ||
		    (lo = drive_hex(s[2])) == -1)
			drive_error(d, "\\x needs two hex digits");
		c = (char)(hi << 4 | lo);
		s += 2;
		break;
	default:
		drive_error(d, "unknown escape \\%c", *s != '\0' ? *s : ' ');
	}
	*sp = s + 1;
	return c;
}

/* Send text with escapes and <named> keys, in order. */
static void
drive_send(struct drive *d, const char *s)
{
	char name[32], c;
	const char *end;
	size_t len;

	/* Take in the modes already sent: keys depend on them. */
	while (drive_pump(d, 0))
		;
	if (d->eof)
		drive_fail(d, "the program has already exited");
	while (*s != '\0') {
		if (*s == '<') {
			end = strchr(s, '>');
			len = end != NULL ? (size_t)(end - s - 1) : 0;
			if (end == NULL || len == 0 || len >= sizeof name)
				drive_error(d, "unterminated <key> at \"%s\" "
				    "(write \\< or <lt> for a plain <)", s);
			memcpy(name, s + 1, len);
			name[len] = '\0';
			if (!drive_send_named(d, name))
				drive_error(d, "unknown key <%s> (write \\< "
				    "or <lt> for a plain <)", name);
			s = end + 1;
			continue;
		}
		if (*s == '\\')
			c = drive_escape(d, &s);
		else
			c = *s++;
		drive_write(d, &c, 1);
	}
}

/* Write text with escapes to the screen as if the program had (to spoil
 * the screen before testing a redraw). */
static void
drive_inject(struct drive *d, const char *s)
{
	char c;

	drive_drain(d);
	while (*s != '\0') {
		if (*s == '\\')
			c = drive_escape(d, &s);
		else
			c = *s++;
		drive_feed(d, &c, 1);
	}
}

/* Resize the screen and the pty; the kernel sends SIGWINCH. */
static void
drive_resize(struct drive *d, int rows, int cols)
{
	struct winsize ws;

	if (rows < 1 || cols < 1 || rows > 1000 || cols > 1000)
		drive_error(d, "bad size %dx%d", rows, cols);
	/* Absorb what was drawn for the old size first. */
	drive_drain(d);
	d->rows = rows;
	d->cols = cols;
	drive_rowbuf(d);
	vterm_set_size(d->vt, rows, cols);
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	if (ioctl(d->master, TIOCSWINSZ, &ws) == -1)
		drive_fail(d, "TIOCSWINSZ: %s", strerror(errno));
}

/* Run a shell command with stdin from /dev/null; fail unless it exits 0. */
static void
drive_sh(struct drive *d, const char *command)
{
	pid_t pid;
	int status, fd;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		drive_error(d, "fork: %s", strerror(errno));
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) != -1) {
			dup2(fd, STDIN_FILENO);
			if (fd != STDIN_FILENO)
				close(fd);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			drive_error(d, "waitpid: %s", strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		drive_fail(d, "\"%s\" %s", command, drive_status_text(status));
}

/* Send the program a signal named as kill(1) names it, or by number. */
static void
drive_signal(struct drive *d, const char *name)
{
	static const struct {
		const char *name;
		int sig;
	} signals[] = {
		{ "HUP", SIGHUP },	{ "INT", SIGINT },
		{ "QUIT", SIGQUIT },	{ "KILL", SIGKILL },
		{ "USR1", SIGUSR1 },	{ "USR2", SIGUSR2 },
		{ "PIPE", SIGPIPE },	{ "ALRM", SIGALRM },
		{ "TERM", SIGTERM },	{ "CONT", SIGCONT },
		{ "STOP", SIGSTOP },	{ "TSTP", SIGTSTP },
		{ "WINCH", SIGWINCH },
	};
	const char *bare = name;
	size_t i;
	int sig = 0;

	if (strncasecmp(bare, "SIG", 3) == 0)
		bare += 3;
	for (i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		if (strcasecmp(signals[i].name, bare) == 0)
			sig = signals[i].sig;
	}
	if (sig == 0 && strspn(name, "0123456789") == strlen(name))
		sig = drive_int(d, name, "signal");
	if (sig <= 0 || sig >= NSIG)
		drive_error(d, "unknown signal \"%s\"", name);
	if (d->pid == -1)
		drive_fail(d, "the program has already exited");
	if (kill(d->pid, sig) == -1)
		drive_fail(d, "kill: %s", strerror(errno));
	d->signal_ms = drive_now();
}

/* Fail unless the pty's modes are back as they were before the program
 * ran (only those a full-screen program turns off). */
static void
drive_check_modes(struct drive *d)
{
	static const struct {
		tcflag_t flag;
		int input;		/* in c_iflag, else in c_lflag */
		const char *name;
	} flags[] = {
		{ ECHO, 0, "ECHO" },	{ ICANON, 0, "ICANON" },
		{ ISIG, 0, "ISIG" },	{ IXON, 1, "IXON" },
	};
	struct termios now;
	tcflag_t was, is;
	size_t i;

	if (tcgetattr(d->master, &now) == -1)
		drive_fail(d, "tcgetattr: %s", strerror(errno));
	for (i = 0; i < sizeof flags / sizeof flags[0]; i++) {
		was = (flags[i].input ? d->modes.c_iflag : d->modes.c_lflag) &
		    flags[i].flag;
		is = (flags[i].input ? now.c_iflag : now.c_lflag) &
		    flags[i].flag;
		if (was != is)
			drive_fail(d, "the program exited with %s %s",
			    flags[i].name, is ? "on" : "off");
	}
}

/* Wait for the program to exit with code and to have restored the screen. */
static void
drive_exit(struct drive *d, int code)
{
	long long deadline = drive_now() + d->timeout_ms;

	while (!d->eof) {
		if (drive_now() >= deadline)
			drive_fail(d, "the program did not exit within %d ms",
			    d->timeout_ms);
		drive_pump(d, (int)(deadline - drive_now()));
	}
	drive_reap(d);
	if (!WIFEXITED(d->status) || WEXITSTATUS(d->status) != code)
		drive_fail(d, "expected the program to exit with status %d",
		    code);
	if (d->altscreen)
		drive_fail(d, "the program exited without leaving the "
		    "alternate screen");
	if (!d->cursor_visible)
		drive_fail(d, "the program exited with the cursor hidden");
	if (d->mouse != VTERM_PROP_MOUSE_NONE)
		drive_fail(d, "the program exited with mouse reporting on");
	drive_check_modes(d);
	if (d->verbose && d->signal_ms != 0)
		fprintf(stderr, "vtdrive: the program exited %lld ms after "
		    "the last signal\n", drive_now() - d->signal_ms);
}

/* Assert that row is in reverse video up to its last non-blank cell. */
static void
drive_expect_reverse(struct drive *d, int row)
{
	VTermScreenCell cell;
	VTermPos pos;
	int last = -1;

	drive_drain(d);
	pos.row = drive_resolve_row(d, row);
	for (pos.col = 0; pos.col < d->cols; pos.col++) {
		vterm_screen_get_cell(d->screen, pos, &cell);
		if (cell.chars[0] != 0 && cell.chars[0] != ' ' &&
		    cell.chars[0] != (uint32_t)-1)
			last = pos.col;
	}
	if (last == -1)
		drive_fail(d, "row %d is blank", row);
	for (pos.col = 0; pos.col <= last; pos.col++) {
		vterm_screen_get_cell(d->screen, pos, &cell);
		if (!cell.attrs.reverse)
			drive_fail(d, "row %d, column %d is not in reverse "
			    "video", row, pos.col);
	}
}

/* Is colour the palette colour index (directly or by its RGB value)? */
static int
drive_is_colour(struct drive *d, const VTermColor *colour, int index)
{
	VTermColor want;

	if (VTERM_COLOR_IS_DEFAULT_FG(colour) ||
	    VTERM_COLOR_IS_DEFAULT_BG(colour))
		return 0;
	if (VTERM_COLOR_IS_INDEXED(colour))
		return colour->indexed.idx == index;
	vterm_state_get_palette_color(vterm_obtain_state(d->vt), index,
	    &want);
	vterm_state_convert_color_to_rgb(vterm_obtain_state(d->vt), &want);
	return colour->rgb.red == want.rgb.red &&
	    colour->rgb.green == want.rgb.green &&
	    colour->rgb.blue == want.rgb.blue;
}

/* Assert that no cell of row uses palette colour index. */
static void
drive_expect_no_colour(struct drive *d, int row, int index)
{
	VTermScreenCell cell;
	VTermPos pos;

	if (index < 0 || index > 255)
		drive_error(d, "bad colour index %d", index);
	drive_drain(d);
	pos.row = drive_resolve_row(d, row);
	for (pos.col = 0; pos.col < d->cols; pos.col++) {
		vterm_screen_get_cell(d->screen, pos, &cell);
		if (drive_is_colour(d, &cell.fg, index) ||
		    drive_is_colour(d, &cell.bg, index))
			drive_fail(d, "row %d, column %d uses colour %d", row,
			    pos.col, index);
	}
}

/* Assert that the cell at (row, col) uses palette colour index, as its
 * foreground or its background (or, with negate, that it does not). */
static void
drive_expect_colour(struct drive *d, int row, int col, int index, int negate)
{
	int uses;

	VTermScreenCell cell;
	VTermPos pos;

	if (index < 0 || index > 255)
		drive_error(d, "bad colour index %d", index);
	if (col < 0 || col >= d->cols)
		drive_error(d, "bad column %d", col);
	drive_drain(d);
	pos.row = drive_resolve_row(d, row);
	pos.col = col;
	vterm_screen_get_cell(d->screen, pos, &cell);
	uses = drive_is_colour(d, &cell.fg, index) ||
	    drive_is_colour(d, &cell.bg, index);
	if (uses == negate)
		drive_fail(d, "row %d, column %d %s colour %d", row, col,
		    negate ? "uses" : "does not use", index);
}

/* Run one script line; return 1 if it was exit. */
static int
drive_command(struct drive *d, char *line)
{
	const struct cond_command *cc;
	VTermPos cursor;
	char *arg, *rest;
	size_t i;
	int a, b;

	line += strspn(line, " \t");
	if (*line == '\0' || *line == '#')
		return 0;
	d->command = line;
	if ((arg = strchr(line, ' ')) != NULL)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (d->verbose)
		fprintf(stderr, "vtdrive: line %lu: %s %s\n", d->line, line,
		    arg);

	for (i = 0; i < sizeof cond_commands / sizeof cond_commands[0];
	    i++) {
		cc = &cond_commands[i];
		if (strcmp(line, cc->name) == 0) {
			drive_cond_command(d, cc, arg);
			return 0;
		}
	}
	if (strcmp(line, "send") == 0) {
		if (*arg == '\0')
			drive_error(d, "send needs keys");
		drive_send(d, arg);
	} else if (strcmp(line, "inject") == 0) {
		drive_inject(d, arg);
	} else if (strcmp(line, "resize") == 0) {
		a = drive_split_int(d, arg, &rest, "rows");
		b = drive_int(d, rest, "columns");
		drive_resize(d, a, b);
	} else if (strcmp(line, "sh") == 0) {
		if (*arg == '\0')
			drive_error(d, "sh needs a command");
		drive_sh(d, arg);
	} else if (strcmp(line, "timeout") == 0) {
		if (strcmp(arg, "default") == 0)
			d->timeout_ms = d->default_timeout_ms;
		else if ((a = drive_int(d, arg, "timeout")) < 1)
			drive_error(d, "timeout must be at least 1 ms");
		else
			d->timeout_ms = a;
	} else if (strcmp(line, "signal") == 0) {
		if (*arg == '\0')
			drive_error(d, "signal needs a name");
		drive_signal(d, arg);
	} else if (strcmp(line, "screen") == 0) {
		drive_drain(d);
		drive_dump(d, stdout, 0);
	} else if (strcmp(line, "cursor") == 0) {
		drive_drain(d);
		vterm_state_get_cursorpos(vterm_obtain_state(d->vt), &cursor);
		printf("%d %d\n", cursor.row, cursor.col);
		fflush(stdout);
	} else if (strcmp(line, "expectreverse") == 0) {
		drive_expect_reverse(d, drive_int(d, arg, "row"));
	} else if (strcmp(line, "expectnocolour") == 0 ||
	    strcmp(line, "expectnocolor") == 0) {
		a = drive_split_int(d, arg, &rest, "row");
		drive_expect_no_colour(d, a, drive_int(d, rest, "colour"));
	} else if (strcmp(line, "expectcolour") == 0 ||
	    strcmp(line, "expectnotcolour") == 0) {
		a = drive_split_int(d, arg, &rest, "row");
		b = drive_split_int(d, rest, &rest, "column");
		drive_expect_colour(d, a, b, drive_int(d, rest, "colour"),
		    line[6] == 'n');
	} else if (strcmp(line, "exit") == 0) {
		drive_exit(d, drive_int(d, arg, "exit status"));
		return 1;
	} else
		drive_error(d, "unknown command \"%s\"", line);
	return 0;
}

/* Start the program in a new pty; report exec failures through a pipe. */
static void
drive_start(struct drive *d, char **argv)
{
	struct winsize ws;
	int fds[2], error = 0, slave;
	ssize_t n;

	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)d->rows;
	ws.ws_col = (unsigned short)d->cols;
	if (pipe2(fds, O_CLOEXEC) == -1)
		drive_error(d, "pipe: %s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	if (openpty(&d->master, &slave, NULL, NULL, &ws) == -1)
		drive_error(d, "openpty: %s", strerror(errno));
	if (tcgetattr(slave, &d->modes) == -1)
		drive_error(d, "tcgetattr: %s", strerror(errno));
	d->pid = fork();
	if (d->pid == -1)
		drive_error(d, "fork: %s", strerror(errno));
	if (d->pid == 0) {
		close(fds[0]);
		close(d->master);
		if (login_tty(slave) == -1)
			_exit(127);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		unsetenv("TMUX");
		unsetenv("STY");
		execvp(argv[0], argv);
		error = errno;
		if (write(fds[1], &error, sizeof error) == -1)
			_exit(126);
		_exit(127);
	}
	close(fds[1]);
	close(slave);
	do
		n = read(fds[0], &error, sizeof error);
	while (n == -1 && errno == EINTR);
	close(fds[0]);
	if (n == (ssize_t)sizeof error) {
		waitpid(d->pid, NULL, 0);
		d->pid = -1;
		drive_error(d, "cannot run %s: %s", argv[0], strerror(error));
	}
	if (fcntl(d->master, F_SETFD, FD_CLOEXEC) == -1)
		drive_error(d, "fcntl: %s", strerror(errno));
}

/* Make the terminal emulator the program draws into. */
static void
drive_screen_init(struct drive *d)
{
	static const VTermScreenCallbacks callbacks = {
		.settermprop = drive_settermprop,
	};

	if ((d->vt = vterm_new(d->rows, d->cols)) == NULL)
		drive_error(d, "vterm_new failed");
	vterm_set_utf8(d->vt, 1);
	vterm_output_set_callback(d->vt, drive_output, d);
	d->screen = vterm_obtain_screen(d->vt);
	vterm_screen_set_callbacks(d->screen, &callbacks, d);
	vterm_screen_enable_altscreen(d->screen, 1);
	vterm_screen_reset(d->screen, 1);
	d->cursor_visible = 1;
	drive_rowbuf(d);
}

/* Read a positive number option value. */
static int
drive_option(struct drive *d, const char *value, const char *what, int max)
{
	int v;

	if (value == NULL)
		usage();
	v = drive_int(d, value, what);
	if (v < 1 || v > max)
		drive_error(d, "%s must be 1 to %d", what, max);
	return v;
}

int
main(int argc, char **argv)
{
	struct drive *d = &drive;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int i, exited = 0;

	d->rows = 24;
	d->cols = 80;
	d->timeout_ms = 10 * 1000;
	d->pid = -1;
	d->master = -1;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--rows") == 0)
			d->rows = drive_option(d, argv[++i], "rows", 1000);
		else if (strcmp(argv[i], "--cols") == 0)
			d->cols = drive_option(d, argv[++i], "columns", 1000);
		else if (strcmp(argv[i], "--timeout") == 0)
			d->timeout_ms = 1000 *
			    drive_option(d, argv[++i], "timeout", 3600);
		else if (strcmp(argv[i], "-v") == 0)
			d->verbose = 1;
		else if (argv[i][0] == '-')
			usage();
		else
			break;
	}
	if (i >= argc)
		usage();
	d->program = argv[i];
	d->default_timeout_ms = d->timeout_ms;

	drive_screen_init(d);
	drive_start(d, argv + i);

	while ((len = getline(&line, &cap, stdin)) != -1) {
		d->line++;
		d->command = NULL;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (exited) {
			i = (int)strspn(line, " \t");
			if (line[i] != '\0' && line[i] != '#')
				drive_error(d, "commands after exit");
			continue;
		}
		exited = drive_command(d, line);
	}
	free(line);
	if (!exited) {
		d->line = 0;
		drive_drain(d);
		if (d->pid != -1 && !d->eof)
			drive_fail(d, "at the end of the script the program "
			    "is still running (end the script with exit CODE)");
		drive_reap(d);
		drive_fail(d, "the program exited but the script does not "
		    "end with exit CODE");
	}
	vterm_free(d->vt);
	free(d->rowbuf);
	return 0;
}
