/*
 * marks.c - named marks of a file, kept in DIR/marks between sessions.
 *
 * The store holds one file's marks as a bit set (bit i for MARKS_NAMES[i])
 * and 52 offsets, plus the file's identity (device, inode, canonical
 * path).  The state file is read whole into a table of entries twice: at
 * load, to find this file's entry, and at save, under the lock, to
 * replace it and write everything else back as it was.  Reading never
 * fails on bad content: a bad line is skipped and counted in a note.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "hexdigit.h"
#include "marks.h"

/* Mark names, and the state file's first line. */
#define MARKS_N 52
#define MARKS_HEADER "# mmhex marks 1"

/* Tries, 10 ms apart, to take the lock before giving up. */
#define MARKS_LOCK_TRIES 100

/* One file's entry in the state file. */
struct marks_entry {
	dev_t dev;
	ino_t ino;
	int64_t time;			/* when it was saved */
	char *path;			/* canonical, unescaped */
	uint64_t set;			/* bit i: MARKS_NAMES[i] is set */
	uint64_t offset[MARKS_N];
};

/* The entries of a state file. */
struct marks_table {
	struct marks_entry *entry;
	size_t n, room;
};

struct marks {
	char *dir;			/* state directory, or NULL */
	char *dir_cause;		/* why there is none */
	struct marks_entry self;	/* this file: identity and marks */
	int dirty;			/* changed since load or save */
};

/* Return the index of mark name c, or -1. */
static int
marks_index(int c)
{
	const char *p;

	if (c <= 0 || c > 0x7f)
		return -1;
	p = strchr(MARKS_NAMES, c);
	return p != NULL ? (int)(p - MARKS_NAMES) : -1;
}

int
marks_valid(int c)
{
	return marks_index(c) != -1;
}

char *
marks_dir(char **cause)
{
	const char *state = getenv("XDG_STATE_HOME"), *home;
	char *dir;

	if (cause != NULL)
		*cause = NULL;
	if (state != NULL && state[0] == '/')
		dir = errmsg_format("%s/mmhex", state);
	else {
		home = getenv("HOME");
		if (home == NULL || home[0] != '/') {
			errmsg_set(cause, ENOENT, "marks are not kept: neither "
			    "XDG_STATE_HOME nor HOME is set");
			return NULL;
		}
		dir = errmsg_format("%s/.local/state/mmhex", home);
	}
	if (dir == NULL)
		errmsg_errno(cause, "marks are not kept");
	return dir;
}

/* Free the entries of t. */
static void
marks_table_free(struct marks_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->entry[i].path);
	free(t->entry);
	memset(t, 0, sizeof *t);
}

/* Append a zeroed entry to t; return it, or NULL (ENOMEM). */
static struct marks_entry *
marks_table_add(struct marks_table *t)
{
	struct marks_entry *bigger;
	size_t room;

	if (t->n == t->room) {
		room = t->room == 0 ? 16 : t->room * 2;
		bigger = realloc(t->entry, room * sizeof *bigger);
		if (bigger == NULL)
			return NULL;
		t->entry = bigger;
		t->room = room;
	}
	memset(&t->entry[t->n], 0, sizeof t->entry[0]);
	return &t->entry[t->n++];
}

/* Parse the decimal number at s (all of it) into *value. */
static int
marks_number(const char *s, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*value = v;
	return 0;
}

/* Decode the %XX escapes of s in place; -1 on a bad escape. */
static int
marks_unescape(char *s)
{
	char *w = s;
	int hi, lo;

	for (; *s != '\0'; s++) {
		if (*s != '%') {
			*w++ = *s;
			continue;
		}
		hi = hexdigit_value((unsigned char)s[1]);
		lo = hi != -1 ? hexdigit_value((unsigned char)s[2]) : -1;
		if (lo == -1 || (hi == 0 && lo == 0))
			return -1;
		*w++ = (char)(hi << 4 | lo);
		s += 2;
	}
	*w = '\0';
	return 0;
}

/* Parse "file DEV INO TIME PATH" (after "file ") into a new entry. */
static const char *
marks_parse_file(char *rest, struct marks_table *t)
{
	char *field[4], *save = NULL;
	struct marks_entry *e;
	uint64_t dev, ino, when;
	int i;

	for (i = 0; i < 4; i++) {
		field[i] = strtok_r(i == 0 ? rest : NULL, " ", &save);
		if (field[i] == NULL)
			return "want: file DEV INO TIME PATH";
	}
	if (strtok_r(NULL, " ", &save) != NULL)
		return "want: file DEV INO TIME PATH";
	if (marks_number(field[0], &dev) != 0 ||
	    marks_number(field[1], &ino) != 0 ||
	    marks_number(field[2], &when) != 0 || when > INT64_MAX)
		return "bad number";
	if (marks_unescape(field[3]) != 0 || field[3][0] != '/')
		return "bad path";
	e = marks_table_add(t);
	if (e == NULL)
		return NULL;
	e->dev = (dev_t)dev;
	e->ino = (ino_t)ino;
	e->time = (int64_t)when;
	e->path = strdup(field[3]);
	if (e->path == NULL) {
		t->n--;
		return NULL;
	}
	return "";
}

/* Parse "m LETTER OFFSET" (after "m ") into the last entry. */
static const char *
marks_parse_mark(const char *rest, struct marks_table *t)
{
	uint64_t offset;
	int k;

	if (t->n == 0)
		return "a mark before any file line";
	k = marks_index((unsigned char)rest[0]);
	if (k == -1 || rest[1] != ' ')
		return "bad mark name";
	if (marks_number(rest + 2, &offset) != 0)
		return "bad offset";
	t->entry[t->n - 1].set |= UINT64_C(1) << k;
	t->entry[t->n - 1].offset[k] = offset;
	return "";
}

/*
 * Read the state file at file into t.  A missing file is an empty
 * table.  Problems go into *note ("" when there were none); returns -1
 * only when memory ran out.
 */
static int
marks_read(const char *file, struct marks_table *t, char **note)
{
	char *line = NULL;
	const char *why, *first = NULL;
	size_t room = 0, lineno = 0, bad = 0, first_line = 0;
	ssize_t len;
	FILE *f;
	int ret = -1;

	*note = NULL;
	f = fopen(file, "re");
	if (f == NULL) {
		if (errno == ENOENT)
			return 0;
		*note = errmsg_format("marks: %s: %s (marks not loaded)",
		    file, strerror(errno));
		return *note != NULL ? 0 : -1;
	}
	while ((len = getline(&line, &room, f)) != -1) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (lineno == 1 && strcmp(line, MARKS_HEADER) != 0) {
			*note = errmsg_format("marks: %s: not a marks file "
			    "(ignored; it is replaced when marks are saved)",
			    file);
			ret = *note != NULL ? 0 : -1;
			goto out;
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (strlen(line) != (size_t)len)
			why = "a NUL byte";
		else if (strncmp(line, "file ", 5) == 0)
			why = marks_parse_file(line + 5, t);
		else if (strncmp(line, "m ", 2) == 0)
			why = marks_parse_mark(line + 2, t);
		else
			why = "not a file or mark line";
		if (why == NULL)
			goto out;
		if (why[0] != '\0' && bad++ == 0) {
			first = why;
			first_line = lineno;
		}
	}
	if (ferror(f))
		*note = errmsg_format("marks: %s: %s (marks not all loaded)",
		    file, strerror(errno));
	else if (bad > 0)
		*note = errmsg_format("marks: %s: line %zu: %s (%zu bad "
		    "line%s ignored)", file, first_line,
		    first, bad, bad == 1 ? "" : "s");
	ret = (ferror(f) || bad > 0) && *note == NULL ? -1 : 0;
out:
	free(line);
	fclose(f);
	return ret;
}

/* How well entry e matches the file: 3 device, inode and path; 2 device
 * and inode; 1 path; 0 not at all. */
static int
marks_match(const struct marks_entry *e, const struct marks_entry *self)
{
	int same_inode = e->dev == self->dev && e->ino == self->ino;
	int same_path = strcmp(e->path, self->path) == 0;

	if (same_inode)
		return same_path ? 3 : 2;
	return same_path;
}

/* Return the canonical path of path (allocated), or NULL. */
static char *
marks_canonical(const char *path)
{
	char *real, cwd[PATH_MAX];

	real = realpath(path, NULL);
	if (real != NULL || errno == ENOMEM)
		return real;
	if (path[0] == '/')
		return strdup(path);
	if (getcwd(cwd, sizeof cwd) == NULL)
		return NULL;
	return errmsg_format("%s/%s", cwd, path);
}

/* Return the state file's path in dir (allocated), or NULL. */
static char *
marks_file(const char *dir)
{
	return errmsg_format("%s/marks", dir);
}

struct marks *
marks_load(const char *dir, const char *path, const struct stat *st,
    char **note)
{
	struct marks_table t = { NULL, 0, 0 };
	struct marks *m;
	char *file = NULL, *why = NULL;
	size_t i;
	int best = 0, score;

	if (note != NULL)
		*note = NULL;
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return NULL;
	m->self.dev = st->st_dev;
	m->self.ino = st->st_ino;
	m->self.path = marks_canonical(path);
	if (m->self.path == NULL)
		goto fail;
	m->dir = dir != NULL ? strdup(dir) : marks_dir(&m->dir_cause);
	if (m->dir == NULL) {
		if (errno == ENOMEM)
			goto fail;
		return m;
	}
	file = marks_file(m->dir);
	if (file == NULL || marks_read(file, &t, &why) != 0)
		goto fail;
	for (i = 0; i < t.n; i++) {
		score = marks_match(&t.entry[i], &m->self);
		if (score > best) {
			best = score;
			m->self.set = t.entry[i].set;
			memcpy(m->self.offset, t.entry[i].offset,
			    sizeof m->self.offset);
		}
	}
	marks_table_free(&t);
	free(file);
	if (note != NULL)
		*note = why;
	else
		free(why);
	return m;
fail:
	marks_table_free(&t);
	free(file);
	free(why);
	marks_free(m);
	errno = ENOMEM;
	return NULL;
}

int
marks_set(struct marks *m, int name, uint64_t offset)
{
	int k = marks_index(name);

	if (k == -1) {
		errno = EINVAL;
		return -1;
	}
	m->self.set |= UINT64_C(1) << k;
	m->self.offset[k] = offset;
	m->dirty = 1;
	return 0;
}

int
marks_get(const struct marks *m, int name, uint64_t *offset)
{
	int k = marks_index(name);

	if (k == -1 || !(m->self.set & UINT64_C(1) << k)) {
		errno = k == -1 ? EINVAL : ENOENT;
		return -1;
	}
	*offset = m->self.offset[k];
	return 0;
}

int
marks_delete(struct marks *m, int name)
{
	int k = marks_index(name);

	if (k == -1 || !(m->self.set & UINT64_C(1) << k)) {
		errno = k == -1 ? EINVAL : ENOENT;
		return -1;
	}
	m->self.set &= ~(UINT64_C(1) << k);
	m->dirty = 1;
	return 0;
}

unsigned
marks_count(const struct marks *m)
{
	return (unsigned)__builtin_popcountll(m->self.set);
}

int
marks_dirty(const struct marks *m)
{
	return m->dirty;
}

char *
marks_describe(const struct marks *m, int name, uint64_t size)
{
	uint64_t offset;
	char *text;

	if (marks_get(m, name, &offset) != 0)
		return NULL;
	if (offset < size)
		text = errmsg_format("mark %c: 0x%" PRIx64, name, offset);
	else
		text = errmsg_format("mark %c: 0x%" PRIx64 ", past the end "
		    "(size %" PRIu64 ")", name, offset, size);
	return text;
}

/* Create dir and its parents, mode 0700. */
static int
marks_mkdirs(const char *dir)
{
	char *copy, *p, c;
	int ret = 0;

	copy = strdup(dir);
	if (copy == NULL)
		return -1;
	for (p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
			ret = -1;
			break;
		}
		if (c == '\0')
			break;
		*p = '/';
	}
	free(copy);
	return ret;
}

/* Take the lock of dir: return its descriptor, or -1. */
static int
marks_lock(const char *dir)
{
	char *lock;
	int fd, i;

	lock = errmsg_format("%s/marks.lock", dir);
	if (lock == NULL)
		return -1;
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lock);
	if (fd == -1)
		return -1;
	for (i = 0; flock(fd, LOCK_EX | LOCK_NB) != 0; i++) {
		if (errno != EWOULDBLOCK || i == MARKS_LOCK_TRIES) {
			close(fd);
			return -1;
		}
		usleep(10000);
	}
	return fd;
}

/* Write path to f with bytes below 0x21, 0x7f and '%' escaped. */
static void
marks_write_path(FILE *f, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;

	for (; *p != '\0'; p++) {
		if (*p < 0x21 || *p == 0x7f || *p == '%') {
			fputc('%', f);
			fputc("0123456789abcdef"[*p >> 4], f);
			fputc("0123456789abcdef"[*p & 15], f);
		} else
			fputc(*p, f);
	}
}

/* Newest first. */
static int
marks_newer(const void *a, const void *b)
{
	const struct marks_entry *x = a, *y = b;

	return x->time < y->time ? 1 : x->time > y->time ? -1 : 0;
}

/* Write the table to a temporary file in dir, then rename it over file. */
static int
marks_write(const char *dir, const char *file, struct marks_table *t)
{
	char *tmp, line[96];
	FILE *f = NULL;
	size_t i, n;
	int fd, k, ret = -1, errnum;

	tmp = errmsg_format("%s/marks.XXXXXX", dir);
	if (tmp == NULL)
		return -1;
	fd = mkstemp(tmp);
	if (fd == -1) {
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		goto out;
	}
	/* The state file is written with fputs: the core's files never
	 * call printf-style writers (tests/test-no-curses-in-core.sh). */
	fputs(MARKS_HEADER "\n", f);
	n = t->n < MARKS_MAX_FILES ? t->n : MARKS_MAX_FILES;
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "file %ju %ju %" PRId64 " ",
		    (uintmax_t)t->entry[i].dev, (uintmax_t)t->entry[i].ino,
		    t->entry[i].time);
		fputs(line, f);
		marks_write_path(f, t->entry[i].path);
		fputc('\n', f);
		for (k = 0; k < MARKS_N; k++) {
			if (!(t->entry[i].set & UINT64_C(1) << k))
				continue;
			snprintf(line, sizeof line, "m %c %" PRIu64 "\n",
			    MARKS_NAMES[k], t->entry[i].offset[k]);
			fputs(line, f);
		}
	}
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		goto out;
	if (fclose(f) != 0) {
		f = NULL;
		goto out;
	}
	f = NULL;
	if (rename(tmp, file) != 0)
		goto out;
	ret = 0;
out:
	errnum = errno;
	if (f != NULL)
		fclose(f);
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	errno = errnum;
	return ret;
}

int
marks_save(struct marks *m, char **cause)
{
	struct marks_table t = { NULL, 0, 0 };
	struct marks_entry *e;
	char *file = NULL, *note = NULL;
	size_t i, kept;
	int lock = -1, ret = -1;

	if (cause != NULL)
		*cause = NULL;
	if (m->dir == NULL)
		return errmsg_set(cause, ENOENT, "%s",
		    errmsg_show(m->dir_cause, "marks are not kept"));
	file = marks_file(m->dir);
	if (file == NULL) {
		errmsg_errno(cause, "cannot save marks");
		goto out;
	}
	if (marks_mkdirs(m->dir) != 0) {
		errmsg_errno(cause, "cannot save marks: %s", m->dir);
		goto out;
	}
	lock = marks_lock(m->dir);
	if (lock == -1) {
		errmsg_errno(cause, "cannot save marks: %s/marks.lock", m->dir);
		goto out;
	}
	if (marks_read(file, &t, &note) != 0) {
		errmsg_errno(cause, "cannot save marks");
		goto out;
	}
	/* Drop every entry of this file, then add it as it is now. */
	for (i = kept = 0; i < t.n; i++) {
		if (marks_match(&t.entry[i], &m->self) != 0)
			free(t.entry[i].path);
		else
			t.entry[kept++] = t.entry[i];
	}
	t.n = kept;
	if (m->self.set != 0) {
		e = marks_table_add(&t);
		if (e == NULL) {
			errmsg_errno(cause, "cannot save marks");
			goto out;
		}
		*e = m->self;
		e->time = (int64_t)time(NULL);
		e->path = strdup(m->self.path);
		if (e->path == NULL) {
			t.n--;
			errmsg_errno(cause, "cannot save marks");
			goto out;
		}
	}
	qsort(t.entry, t.n, sizeof t.entry[0], marks_newer);
	if (marks_write(m->dir, file, &t) != 0) {
		errmsg_errno(cause, "cannot save marks: %s", file);
		goto out;
	}
	m->dirty = 0;
	ret = 0;
out:
	if (lock != -1)
		close(lock);
	marks_table_free(&t);
	free(note);
	free(file);
	return ret;
}

void
marks_free(struct marks *m)
{
	if (m == NULL)
		return;
	free(m->dir);
	free(m->dir_cause);
	free(m->self.path);
	free(m);
}
