/*
 * script.c - parse headless scripts into a list of commands.
 *
 * Each line is split into words (quotes unescaped, comments cut), then
 * parsed by its command word into one struct script_cmd.  The first bad
 * line ends the parse: nothing of a bad script is handed back, since a
 * script runs all or nothing.  Hex arguments go through
 * yank_parse_hex(), expressions through addr.h: one syntax for each in
 * the whole program.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "errmsg.h"
#include "hexdigit.h"
#include "sanitize.h"
#include "script.h"
#include "yank.h"

/* Most words a line may hold; longest word quoted in a message. */
#define SCRIPT_WORDS 64
#define SCRIPT_QUOTE_MAX 32

/* A line split into words. */
struct script_line {
	char *word[SCRIPT_WORDS];	/* in buf, NUL-terminated */
	size_t len[SCRIPT_WORDS];	/* bytes (text may hold NULs) */
	int quoted[SCRIPT_WORDS];	/* was it in quotes? */
	int n;
	char *buf;			/* room for the line's bytes */
};

/* A parse in progress. */
struct script_parse {
	const char *name;
	unsigned line;
	int selected;			/* a select came before */
	char **cause;
};

/* Fail with "NAME:LINE: " and the formatted reason. */
static int
script_error(struct script_parse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
script_error(struct script_parse *p, const char *fmt, ...)
{
	char *why = NULL, *name;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&why, fmt, ap);
	va_end(ap);
	name = rc >= 0 ? sanitize_string(p->name) : NULL;
	if (name == NULL) {
		free(why);
		if (p->cause != NULL)
			*p->cause = NULL;
		errno = EINVAL;
		return -1;
	}
	errmsg_set(p->cause, EINVAL, "%s:%u: %s", name, p->line, why);
	free(name);
	free(why);
	return -1;
}

/* Return the word w quoted for a message (static buffer). */
static const char *
script_quote(const struct script_line *l, int w)
{
	static char shown[4 * SCRIPT_QUOTE_MAX + 8];
	char *q;

	q = sanitize_quote(l->word[w], l->len[w], SCRIPT_QUOTE_MAX);
	snprintf(shown, sizeof shown, "%s", q != NULL ? q : "?");
	free(q);
	return shown;
}

/* Unescape a "..." word from s (after the quote); return the end. */
static const char *
script_dquote(struct script_parse *p, const char *s, const char *end,
    char **w)
{
	int hi, lo;

	for (; s < end && *s != '"'; s++) {
		if (*s != '\\') {
			*(*w)++ = *s;
			continue;
		}
		if (++s == end)
			break;
		switch (*s) {
		case '\\': case '"': *(*w)++ = *s; break;
		case 'n': *(*w)++ = '\n'; break;
		case 'r': *(*w)++ = '\r'; break;
		case 't': *(*w)++ = '\t'; break;
		case '0': *(*w)++ = '\0'; break;
		case 'x':
			hi = s + 1 < end ? hexdigit_value((unsigned char)s[1]) :
			    -1;
			lo = s + 2 < end ? hexdigit_value((unsigned char)s[2]) :
			    -1;
			if (hi == -1 || lo == -1) {
				script_error(p, "\\x wants two hex digits");
				return NULL;
			}
			*(*w)++ = (char)(hi << 4 | lo);
			s += 2;
			break;
		default:
			script_error(p, "unknown escape \\%c in quoted text",
			    *s >= 0x21 && *s < 0x7f ? *s : '?');
			return NULL;
		}
	}
	if (s == end) {
		script_error(p, "a quote is not closed");
		return NULL;
	}
	return s + 1;
}

/* Split [s, end) into words in l. */
static int
script_split(struct script_parse *p, const char *s, const char *end,
    struct script_line *l)
{
	char *w = l->buf, *start;
	const char *close;

	l->n = 0;
	for (;;) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		if (s == end || *s == '#')
			return 0;
		if (l->n == SCRIPT_WORDS)
			return script_error(p, "more than %d words",
			    SCRIPT_WORDS);
		start = w;
		l->quoted[l->n] = 0;
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r') {
			if (*s == '\0')
				return script_error(p, "a NUL byte");
			if (*s == '"') {
				l->quoted[l->n] = 1;
				s = script_dquote(p, s + 1, end, &w);
				if (s == NULL)
					return -1;
			} else if (*s == '\'') {
				l->quoted[l->n] = 1;
				close = memchr(s + 1, '\'', (size_t)(end - s - 1));
				if (close == NULL)
					return script_error(p, "a quote is not "
					    "closed");
				memcpy(w, s + 1, (size_t)(close - s - 1));
				w += close - s - 1;
				s = close + 1;
			} else
				*w++ = *s++;
		}
		l->word[l->n] = start;
		l->len[l->n] = (size_t)(w - start);
		*w++ = '\0';
		l->n++;
	}
}

/* Parse word w as bytes: quoted text, or hex; *bytes allocated. */
static int
script_bytes(struct script_parse *p, const struct script_line *l, int w,
    const char *what, unsigned char **bytes, size_t *len)
{
	char *why = NULL;

	if (l->quoted[w]) {
		if (l->len[w] == 0)
			return script_error(p, "%s: empty text", what);
		*bytes = malloc(l->len[w]);
		if (*bytes == NULL)
			return -1;
		memcpy(*bytes, l->word[w], l->len[w]);
		*len = l->len[w];
		return 0;
	}
	if (yank_parse_hex(l->word[w], l->len[w], bytes, len, &why) == 0)
		return 0;
	free(why);
	if (errno == ENOMEM)
		return -1;
	return script_error(p, "%s: '%s' is not hex or quoted text", what,
	    script_quote(l, w));
}

/* Check the expression text (syntax only; see script.h). */
static int
script_addr(struct script_parse *p, const char *what, const char *expr)
{
	uint64_t at;
	char *why = NULL;
	int ret = 0;

	if (addr_parse(expr, 0, UINT64_MAX, &at, &why) != 0 &&
	    errno == EINVAL)
		ret = script_error(p, "%s: %s", what,
		    errmsg_show(why, "bad expression"));
	free(why);
	return ret;
}

/* Parse "goto ADDR...". */
static int
script_goto(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	size_t size = 1;
	int i;

	if (l->n < 2)
		return script_error(p, "goto: want goto ADDR");
	for (i = 1; i < l->n; i++)
		size += l->len[i] + 1;
	c->addr = malloc(size);
	if (c->addr == NULL)
		return -1;
	c->addr[0] = '\0';
	for (i = 1; i < l->n; i++) {
		if (strlen(l->word[i]) != l->len[i])
			return script_error(p, "goto: a NUL byte");
		strcat(c->addr, l->word[i]);
		if (i + 1 < l->n)
			strcat(c->addr, " ");
	}
	return script_addr(p, "goto", c->addr);
}

/* Parse "select START END|+LEN". */
static int
script_select(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	char *why = NULL;

	if (l->n != 3)
		return script_error(p, "select: want select START END or "
		    "select START +LEN");
	if (strlen(l->word[1]) != l->len[1] || strlen(l->word[2]) != l->len[2])
		return script_error(p, "select: a NUL byte");
	c->addr = strdup(l->word[1]);
	if (c->addr == NULL)
		return -1;
	if (script_addr(p, "select: start", c->addr) != 0)
		return -1;
	if (l->word[2][0] == '+') {
		if (addr_parse_number(l->word[2] + 1, &c->length, &why) != 0 ||
		    c->length == 0) {
			free(why);
			return script_error(p, "select: length '%s' is not a "
			    "number of bytes, 1 or more", script_quote(l, 2));
		}
	} else {
		c->end = strdup(l->word[2]);
		if (c->end == NULL)
			return -1;
		if (script_addr(p, "select: end", c->end) != 0)
			return -1;
	}
	p->selected = 1;
	return 0;
}

/* Parse the options of replace: all, COUNT, selection, file. */
static int
script_replace_options(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	int i, have_count = 0, have_scope = 0;
	char *end;

	c->scope = p->selected ? SCRIPT_IN_SELECTION : SCRIPT_IN_FILE;
	for (i = 3; i < l->n; i++) {
		if (strcmp(l->word[i], "all") == 0 ||
		    (l->word[i][0] >= '1' && l->word[i][0] <= '9')) {
			if (have_count++)
				return script_error(p, "replace: two counts");
			if (l->word[i][0] == 'a')
				continue;
			errno = 0;
			c->count = strtoull(l->word[i], &end, 10);
			if (*end != '\0' || errno != 0)
				return script_error(p, "replace: bad count "
				    "'%s'", script_quote(l, i));
		} else if (strcmp(l->word[i], "selection") == 0 ||
		    strcmp(l->word[i], "file") == 0) {
			if (have_scope++)
				return script_error(p, "replace: two scopes");
			c->scope = l->word[i][0] == 's' ? SCRIPT_IN_SELECTION :
			    SCRIPT_IN_FILE;
		} else
			return script_error(p, "replace: '%s' is not all, a "
			    "count, selection or file", script_quote(l, i));
	}
	if (c->scope == SCRIPT_IN_SELECTION && !p->selected)
		return script_error(p, "replace: no selection: put a select "
		    "line before it");
	return 0;
}

/* Parse "replace OLD NEW [all|COUNT] [selection|file]". */
static int
script_replace(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	size_t new_len;

	if (l->n < 3 || l->n > 5)
		return script_error(p, "replace: want replace OLD NEW "
		    "[all|COUNT] [selection|file]");
	if (script_bytes(p, l, 1, "replace: old", &c->bytes, &c->len) != 0 ||
	    script_bytes(p, l, 2, "replace: new", &c->new_bytes,
	    &new_len) != 0)
		return -1;
	if (new_len != c->len)
		return script_error(p, "replace: old is %zu byte%s, new %zu: "
		    "they must be the same length", c->len,
		    c->len == 1 ? "" : "s", new_len);
	return script_replace_options(p, l, c);
}

/* Parse "paste BYTES". */
static int
script_paste(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	char *text, *why = NULL;
	size_t size = 1;
	int i, rc;

	if (l->n < 2)
		return script_error(p, "paste: want paste HEX or paste "
		    "\"TEXT\"");
	if (l->quoted[1]) {
		if (l->n != 2)
			return script_error(p, "paste: one quoted text only");
		return script_bytes(p, l, 1, "paste", &c->bytes, &c->len);
	}
	for (i = 1; i < l->n; i++) {
		if (l->quoted[i])
			return script_error(p, "paste: hex and quoted text "
			    "mixed");
		size += l->len[i] + 1;
	}
	text = malloc(size);
	if (text == NULL)
		return -1;
	text[0] = '\0';
	for (i = 1; i < l->n; i++) {
		strcat(text, l->word[i]);
		strcat(text, " ");
	}
	rc = yank_parse_hex(text, strlen(text), &c->bytes, &c->len, &why);
	free(text);
	if (rc == 0)
		return 0;
	if (errno == ENOMEM) {
		free(why);
		return -1;
	}
	rc = script_error(p, "paste: %s", errmsg_show(why, "bad hex"));
	free(why);
	return rc;
}

/* Parse the line l into c. */
static int
script_command(struct script_parse *p, const struct script_line *l,
    struct script_cmd *c)
{
	const char *verb = l->word[0];

	c->line = p->line;
	if (strcmp(verb, "goto") == 0) {
		c->op = SCRIPT_GOTO;
		return script_goto(p, l, c);
	}
	if (strcmp(verb, "select") == 0) {
		c->op = SCRIPT_SELECT;
		return script_select(p, l, c);
	}
	if (strcmp(verb, "fill") == 0) {
		c->op = SCRIPT_FILL;
		if (l->n != 2)
			return script_error(p, "fill: want fill HEX or fill "
			    "\"TEXT\"");
		if (!p->selected)
			return script_error(p, "fill: no selection: put a "
			    "select line before it");
		return script_bytes(p, l, 1, "fill", &c->bytes, &c->len);
	}
	if (strcmp(verb, "replace") == 0) {
		c->op = SCRIPT_REPLACE;
		return script_replace(p, l, c);
	}
	if (strcmp(verb, "paste") == 0) {
		c->op = SCRIPT_PASTE;
		return script_paste(p, l, c);
	}
	if (strcmp(verb, "save") == 0) {
		c->op = SCRIPT_SAVE;
		if (l->n != 1)
			return script_error(p, "save: takes nothing after it");
		return 0;
	}
	return script_error(p, "unknown command '%s' (goto, select, fill, "
	    "replace, paste, save)", script_quote(l, 0));
}

/* Free what one command holds. */
static void
script_cmd_free(struct script_cmd *c)
{
	free(c->addr);
	free(c->end);
	free(c->bytes);
	free(c->new_bytes);
}

void
script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		script_cmd_free(&s->cmds[i]);
	free(s->cmds);
	s->cmds = NULL;
	s->n = 0;
}

int
script_parse(const char *name, const char *text, size_t len,
    struct script *s, char **cause)
{
	struct script_parse p = { name != NULL ? name : "script", 0, 0, cause };
	struct script_line l;
	struct script_cmd *bigger;
	const char *at, *end, *nl;
	size_t room = 0;
	int ret = -1;

	s->cmds = NULL;
	s->n = 0;
	if (cause != NULL)
		*cause = NULL;
	l.buf = malloc(len + SCRIPT_WORDS + 1);
	if (l.buf == NULL)
		return errmsg_errno(cause, "cannot read the script");
	for (at = text; at < text + len; at = end + 1) {
		p.line++;
		nl = memchr(at, '\n', (size_t)(text + len - at));
		end = nl != NULL ? nl : text + len;
		if (script_split(&p, at, end, &l) != 0)
			goto out;
		if (l.n == 0)
			continue;
		if (s->n == room) {
			room = room == 0 ? 16 : room * 2;
			bigger = realloc(s->cmds, room * sizeof *bigger);
			if (bigger == NULL)
				goto nomem;
			s->cmds = bigger;
		}
		memset(&s->cmds[s->n], 0, sizeof s->cmds[0]);
		if (script_command(&p, &l, &s->cmds[s->n]) != 0) {
			script_cmd_free(&s->cmds[s->n]);
			if (errno == ENOMEM)
				goto nomem;
			goto out;
		}
		s->n++;
	}
	ret = 0;
	goto out;
nomem:
	errno = ENOMEM;
	errmsg_errno(cause, "cannot read the script");
out:
	free(l.buf);
	if (ret != 0)
		script_free(s);
	return ret;
}

int
script_load(const char *path, struct script *s, char **cause)
{
	char *text = NULL;
	size_t len;
	FILE *f;
	int ret = -1;

	s->cmds = NULL;
	s->n = 0;
	if (cause != NULL)
		*cause = NULL;
	f = fopen(path, "re");
	if (f == NULL)
		return errmsg_file(cause, path, errno, "%s", strerror(errno));
	text = malloc(SCRIPT_FILE_MAX + 1);
	if (text == NULL) {
		errmsg_errno(cause, "cannot read the script");
		goto out;
	}
	len = fread(text, 1, SCRIPT_FILE_MAX + 1, f);
	if (ferror(f))
		errmsg_file(cause, path, errno, "%s", strerror(errno));
	else if (len > SCRIPT_FILE_MAX)
		errmsg_file(cause, path, EFBIG, "larger than %u bytes: not "
		    "read", SCRIPT_FILE_MAX);
	else
		ret = script_parse(path, text, len, s, cause);
out:
	free(text);
	fclose(f);
	return ret;
}
