/*
 * config-file.c - read the config file: settings and key bindings.
 *
 * A line is split into at most CONFIG_WORDS words (quotes and comments
 * handled there), then the first word picks the setting.  Each setting
 * is parsed completely before it is stored, so a bad line changes
 * nothing; its diagnostic is added and the next line goes on.  User text
 * quoted in a diagnostic is sanitised (sanitize.h) and shortened.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config-file.h"
#include "errmsg.h"
#include "sanitize.h"

/* Words a line may hold (one more is an error), longest word quoted. */
#define CONFIG_WORDS 3
#define CONFIG_QUOTE_MAX 32

/* Largest config file read. */
#define CONFIG_FILE_MAX (1024 * 1024)

/* Bounds of cols and watch (as --cols and --watch). */
#define CONFIG_COLS_MAX 4096
#define CONFIG_WATCH_MAX 3600000

static const struct {
	const char *name;
	enum config_key_name key;
} config_names[] = {
	/* Canonical names first: config_key_name() takes the first. */
	{ "Up", CONFIG_KEY_UP }, { "Down", CONFIG_KEY_DOWN },
	{ "Left", CONFIG_KEY_LEFT }, { "Right", CONFIG_KEY_RIGHT },
	{ "PgUp", CONFIG_KEY_PGUP }, { "PgDn", CONFIG_KEY_PGDN },
	{ "Home", CONFIG_KEY_HOME }, { "End", CONFIG_KEY_END },
	{ "Insert", CONFIG_KEY_INSERT }, { "Delete", CONFIG_KEY_DELETE },
	{ "BS", CONFIG_KEY_BACKSPACE }, { "Enter", CONFIG_KEY_ENTER },
	{ "Tab", CONFIG_KEY_TAB }, { "Esc", CONFIG_KEY_ESC },
	{ "Space", CONFIG_KEY_SPACE },
	{ "PageUp", CONFIG_KEY_PGUP }, { "PageDown", CONFIG_KEY_PGDN },
	{ "Ins", CONFIG_KEY_INSERT }, { "Del", CONFIG_KEY_DELETE },
	{ "Backspace", CONFIG_KEY_BACKSPACE }, { "Return", CONFIG_KEY_ENTER },
	{ "Escape", CONFIG_KEY_ESC }
};

#define CONFIG_NNAMES (sizeof config_names / sizeof config_names[0])

/* A line being parsed. */
struct config_line {
	char *word[CONFIG_WORDS];	/* NUL-terminated, in buf */
	int n;				/* words */
	char buf[];			/* the words, unquoted */
};

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->mode = CONFIG_MODE_READONLY;
	cfg->watch_ms = 100;
	cfg->colour = 1;
	cfg->byte_order = CONFIG_ORDER_LITTLE;
}

void
config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->ndiags; i++)
		free(cfg->diags[i]);
	free(cfg->diags);
	free(cfg->bindings);
	free(cfg->path);
	config_init(cfg);
}

char *
config_default_path(char **cause)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home;
	char *path;

	if (cause != NULL)
		*cause = NULL;
	if (xdg != NULL && xdg[0] == '/')
		path = errmsg_format("%s/mmhex/config", xdg);
	else {
		home = getenv("HOME");
		if (home == NULL || home[0] != '/') {
			errmsg_set(cause, ENOENT, "no config file: neither "
			    "XDG_CONFIG_HOME nor HOME is set");
			return NULL;
		}
		path = errmsg_format("%s/.config/mmhex/config", home);
	}
	if (path == NULL)
		errmsg_errno(cause, "no config file");
	return path;
}

int
config_key_parse(const char *text, struct config_key *key)
{
	struct config_key k = { CONFIG_KEY_CHAR, 0, 0 };
	unsigned mod, n;
	size_t i;
	char *end;

	for (;;) {
		if (text[0] == '\0' || text[1] != '-' || text[2] == '\0')
			break;
		mod = text[0] == 'C' ? CONFIG_KEY_CTRL : text[0] == 'M' ?
		    CONFIG_KEY_META : text[0] == 'S' ? CONFIG_KEY_SHIFT : 0;
		if (mod == 0 || (k.mods & mod))
			goto bad;
		k.mods |= mod;
		text += 2;
	}
	if (text[0] > 0x20 && text[0] < 0x7f && text[1] == '\0') {
		k.code = (unsigned char)text[0];
		if (k.mods & CONFIG_KEY_SHIFT)
			goto bad;
		if (k.mods & CONFIG_KEY_CTRL) {
			if (k.code >= 'A' && k.code <= 'Z')
				k.code += 'a' - 'A';
			if (!(k.code >= 'a' && k.code <= 'z') &&
			    strchr("@[\\]^_", (int)k.code) == NULL)
				goto bad;
		}
		*key = k;
		return 0;
	}
	if ((text[0] == 'F' || text[0] == 'f') && text[1] >= '1' &&
	    text[1] <= '9') {
		errno = 0;
		n = (unsigned)strtoul(text + 1, &end, 10);
		if (*end != '\0' || n > 63 || errno != 0)
			goto bad;
		k.kind = CONFIG_KEY_FUNCTION;
		k.code = n;
		*key = k;
		return 0;
	}
	for (i = 0; i < CONFIG_NNAMES; i++)
		if (strcasecmp(text, config_names[i].name) == 0) {
			k.kind = CONFIG_KEY_NAMED;
			k.code = config_names[i].key;
			*key = k;
			return 0;
		}
bad:
	errno = EINVAL;
	return -1;
}

char *
config_key_name(const struct config_key *key, char *buf, size_t len)
{
	char base[8];
	const char *b = base;
	size_t i;

	if (key->kind == CONFIG_KEY_FUNCTION)
		snprintf(base, sizeof base, "F%u", key->code % 100);
	else if (key->kind == CONFIG_KEY_NAMED) {
		b = "?";
		for (i = 0; i < CONFIG_NNAMES; i++)
			if ((unsigned)config_names[i].key == key->code) {
				b = config_names[i].name;
				break;
			}
	} else
		snprintf(base, sizeof base, "%c", key->code > 0x20 &&
		    key->code < 0x7f ? (char)key->code : '?');
	snprintf(buf, len, "%s%s%s%s", key->mods & CONFIG_KEY_CTRL ? "C-" : "",
	    key->mods & CONFIG_KEY_META ? "M-" : "",
	    key->mods & CONFIG_KEY_SHIFT ? "S-" : "", b);
	return buf;
}

/* Add the diagnostic "NAME:LINE: " and the formatted text. */
static int
config_diag(struct config *cfg, const char *name, unsigned line,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
config_diag(struct config *cfg, const char *name, unsigned line,
    const char *fmt, ...)
{
	char **bigger, *why = NULL, *text, *shown;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (rc < 0)
		return -1;
	shown = sanitize_string(name);
	text = shown != NULL ? errmsg_format("%s:%u: %s", shown, line, why) :
	    NULL;
	free(shown);
	free(why);
	if (text == NULL)
		return -1;
	bigger = realloc(cfg->diags, (cfg->ndiags + 1) * sizeof *bigger);
	if (bigger == NULL) {
		free(text);
		return -1;
	}
	cfg->diags = bigger;
	cfg->diags[cfg->ndiags++] = text;
	return 0;
}

/*
 * Split the n bytes at s into words in line.  Returns 0, or a static
 * reason the line is bad.
 */
static const char *
config_split(const char *s, size_t n, struct config_line *line)
{
	char *w = line->buf, quote;
	size_t i = 0;

	line->n = 0;
	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == n || s[i] == '#')
			return NULL;
		if (line->n == CONFIG_WORDS)
			return "too many words";
		line->word[line->n++] = w;
		while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
			if (s[i] == '\0')
				return "a NUL byte";
			if (s[i] != '"' && s[i] != '\'') {
				*w++ = s[i++];
				continue;
			}
			quote = s[i++];
			while (i < n && s[i] != quote) {
				if (s[i] == '\0')
					return "a NUL byte";
				if (quote == '"' && s[i] == '\\' && i + 1 < n &&
				    (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				*w++ = s[i++];
			}
			if (i == n)
				return "a quote is not closed";
			i++;
		}
		*w++ = '\0';
	}
}

/* Parse a whole decimal number; -1 if s is not one or is over max. */
static long
config_number(const char *s, long max)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* Return 1 or 0 for an on/off word, -1 for anything else. */
static int
config_bool(const char *s)
{
	if (strcmp(s, "on") == 0 || strcmp(s, "yes") == 0 ||
	    strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "off") == 0 || strcmp(s, "no") == 0 ||
	    strcmp(s, "false") == 0)
		return 0;
	return -1;
}

/* Find action among the caller's names. */
static const char *
config_action(const char *action, const char *const *actions, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (actions[i] != NULL && strcmp(actions[i], action) == 0)
			return actions[i];
	return NULL;
}

/* Add a binding. */
static int
config_bind(struct config *cfg, const struct config_key *key,
    const char *action, unsigned line)
{
	struct config_binding *bigger;

	bigger = realloc(cfg->bindings, (cfg->nbindings + 1) *
	    sizeof *bigger);
	if (bigger == NULL)
		return -1;
	cfg->bindings = bigger;
	cfg->bindings[cfg->nbindings].key = *key;
	cfg->bindings[cfg->nbindings].action = action;
	cfg->bindings[cfg->nbindings].line = line;
	cfg->nbindings++;
	return 0;
}

/* Apply one setting line; return a diagnostic's text in *why (malloc'd)
 * when it is bad, or -1 on ENOMEM. */
static int
config_apply(struct config *cfg, struct config_line *l, unsigned line,
    const char *const *actions, size_t n, char **why)
{
	const char *set = l->word[0], *value = l->n > 1 ? l->word[1] : "";
	const char *action;
	struct config_key key;
	char *q1, *q2;
	long v;
	int b, want = 2;

	*why = NULL;
	q1 = sanitize_quote(set, strlen(set), CONFIG_QUOTE_MAX);
	q2 = sanitize_quote(value, strlen(value), CONFIG_QUOTE_MAX);
	if (q1 == NULL || q2 == NULL)
		goto nomem;
	if (strcmp(set, "bind") == 0)
		want = 3;
	else if (strcmp(set, "color") == 0)
		set = "colour";
	else if (strcmp(set, "bytes-per-row") == 0)
		set = "cols";
	if (strcmp(set, "mode") != 0 && strcmp(set, "cols") != 0 &&
	    strcmp(set, "watch") != 0 && strcmp(set, "colour") != 0 &&
	    strcmp(set, "byte-order") != 0 && strcmp(set, "bind") != 0 &&
	    strcmp(set, "unbind") != 0) {
		*why = errmsg_format("unknown setting '%s'", q1);
		goto done;
	}
	if (l->n != want) {
		*why = errmsg_format("%s: want %s", q1, want == 3 ?
		    "bind KEY ACTION" : strcmp(set, "unbind") == 0 ?
		    "unbind KEY" : "one value");
		goto done;
	}
	if (strcmp(set, "mode") == 0) {
		if (strcmp(value, "read-only") == 0 ||
		    strcmp(value, "readonly") == 0)
			cfg->mode = CONFIG_MODE_READONLY;
		else if (strcmp(value, "write") == 0)
			cfg->mode = CONFIG_MODE_WRITE;
		else if (strcmp(value, "copy") == 0 ||
		    strcmp(value, "copy-on-write") == 0)
			cfg->mode = CONFIG_MODE_COPY;
		else {
			*why = errmsg_format("mode: '%s' is not read-only, "
			    "write or copy", q2);
			goto done;
		}
		cfg->set |= CONFIG_SET_MODE;
	} else if (strcmp(set, "cols") == 0) {
		v = strcmp(value, "auto") == 0 ? 0 :
		    config_number(value, CONFIG_COLS_MAX);
		if (v == -1 || (v == 0 && strcmp(value, "auto") != 0)) {
			*why = errmsg_format("cols: '%s' is not 1 to %d or auto",
			    q2, CONFIG_COLS_MAX);
			goto done;
		}
		cfg->cols = (unsigned)v;
		cfg->set |= CONFIG_SET_COLS;
	} else if (strcmp(set, "watch") == 0) {
		v = strcmp(value, "off") == 0 ? 0 :
		    config_number(value, CONFIG_WATCH_MAX);
		if (v == -1) {
			*why = errmsg_format("watch: '%s' is not 0 to %d ms or "
			    "off", q2, CONFIG_WATCH_MAX);
			goto done;
		}
		cfg->watch_ms = (unsigned)v;
		cfg->set |= CONFIG_SET_WATCH;
	} else if (strcmp(set, "colour") == 0) {
		b = config_bool(value);
		if (b == -1) {
			*why = errmsg_format("%s: '%s' is not on or off", q1, q2);
			goto done;
		}
		cfg->colour = b;
		cfg->set |= CONFIG_SET_COLOUR;
	} else if (strcmp(set, "byte-order") == 0) {
		if (strcmp(value, "little") == 0)
			cfg->byte_order = CONFIG_ORDER_LITTLE;
		else if (strcmp(value, "big") == 0)
			cfg->byte_order = CONFIG_ORDER_BIG;
		else {
			*why = errmsg_format("byte-order: '%s' is not little or "
			    "big", q2);
			goto done;
		}
		cfg->set |= CONFIG_SET_ORDER;
	} else {
		if (config_key_parse(value, &key) != 0) {
			*why = errmsg_format("%s: '%s' is not a key (such as x, "
			    "C-x, M-x, F5, Up)", q1, q2);
			goto done;
		}
		action = NULL;
		if (want == 3) {
			action = config_action(l->word[2], actions, n);
			if (action == NULL) {
				free(q1);
				q1 = sanitize_quote(l->word[2],
				    strlen(l->word[2]), CONFIG_QUOTE_MAX);
				if (q1 == NULL)
					goto nomem;
				*why = errmsg_format("bind: unknown action '%s'",
				    q1);
				goto done;
			}
		}
		if (config_bind(cfg, &key, action, line) != 0)
			goto nomem;
	}
done:
	free(q1);
	free(q2);
	return 0;
nomem:
	free(q1);
	free(q2);
	errno = ENOMEM;
	return -1;
}

int
config_parse(struct config *cfg, const char *name, const char *text,
    size_t len, const char *const *actions, size_t n)
{
	struct config_line *l;
	const char *nl, *bad;
	char *why;
	size_t i, end;
	unsigned line = 0;
	int ret = -1;

	l = malloc(sizeof *l + len + CONFIG_WORDS + 1);
	if (l == NULL)
		return -1;
	for (i = 0; i < len; i = end + 1) {
		line++;
		nl = memchr(text + i, '\n', len - i);
		end = nl != NULL ? (size_t)(nl - text) : len;
		bad = config_split(text + i, end - i, l);
		why = NULL;
		if (bad == NULL && l->n > 0 &&
		    config_apply(cfg, l, line, actions, n, &why) != 0)
			goto out;
		if (bad != NULL && config_diag(cfg, name, line, "%s", bad) != 0)
			goto out;
		if (why != NULL) {
			if (config_diag(cfg, name, line, "%s", why) != 0) {
				free(why);
				goto out;
			}
			free(why);
		}
	}
	ret = 0;
out:
	free(l);
	if (ret != 0)
		errno = ENOMEM;
	return ret;
}

int
config_load(struct config *cfg, const char *path,
    const char *const *actions, size_t n, char **cause)
{
	struct config parsed;
	char *file = NULL, *text = NULL;
	size_t len = 0;
	FILE *f = NULL;
	int ret = -1;

	if (cause != NULL)
		*cause = NULL;
	file = path != NULL ? strdup(path) : config_default_path(cause);
	if (file == NULL) {
		if (path == NULL && errno == ENOENT) {
			free(cause != NULL ? *cause : NULL);
			if (cause != NULL)
				*cause = NULL;
			return 0;
		}
		return errmsg_errno(cause, "cannot read the config");
	}
	f = fopen(file, "re");
	if (f == NULL) {
		if (path == NULL && errno == ENOENT)
			ret = 0;
		else
			errmsg_file(cause, file, errno, "%s", strerror(errno));
		goto out;
	}
	text = malloc(CONFIG_FILE_MAX + 1);
	if (text == NULL) {
		errmsg_errno(cause, "cannot read the config");
		goto out;
	}
	len = fread(text, 1, CONFIG_FILE_MAX + 1, f);
	if (ferror(f)) {
		errmsg_file(cause, file, errno, "%s", strerror(errno));
		goto out;
	}
	if (len > CONFIG_FILE_MAX) {
		errmsg_file(cause, file, EFBIG, "larger than %d bytes: not "
		    "read", CONFIG_FILE_MAX);
		goto out;
	}
	parsed = *cfg;
	if (config_parse(&parsed, file, text, len, actions, n) != 0) {
		errmsg_errno(cause, "cannot read the config");
		/* Keep what was added: config_free() releases it. */
		*cfg = parsed;
		goto out;
	}
	*cfg = parsed;
	free(cfg->path);
	cfg->path = file;
	file = NULL;
	ret = 0;
out:
	if (f != NULL)
		fclose(f);
	free(text);
	free(file);
	return ret;
}
