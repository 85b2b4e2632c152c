/*
 * config-file.h - the config file: settings and key bindings (named so
 * beside the config.h that configure writes).
 *
 * The file is $XDG_CONFIG_HOME/mmhex/config (XDG_CONFIG_HOME when set to
 * an absolute path, else $HOME/.config), or the file given with
 * --config FILE; --no-config reads none (the caller simply does not call
 * config_load()).  A missing default file is no error; a missing
 * --config file is.
 *
 * Syntax: one setting a line, words separated by blanks.  '#' at the
 * start of a word starts a comment to the end of the line; blank lines
 * are ignored.  A word may be quoted with "..." or '...' to hold blanks
 * or a '#' (bind "#" line-numbers); inside "...", \" and \\ stand for "
 * and \.  Lines may end in \n or \r\n.
 *
 *   mode read-only|write|copy     default open mode (-r, -w, -c)
 *   cols N|auto                   bytes a row, 1 to 4096 (--cols), or
 *                                 auto: fit the terminal
 *   watch MS|off                  watch tick, 0 to 3600000 ms (--watch);
 *                                 off and 0 turn watching off
 *   colour on|off                 (also color; yes/no, true/false)
 *   byte-order little|big         of the inspector's values
 *   bind KEY ACTION               bind KEY to the action called ACTION
 *   unbind KEY                    remove KEY's binding
 *
 * KEY is, case as written:
 *   x                a printable ASCII character (Space for ' ')
 *   C-x              Ctrl and a letter (C-a is C-A) or one of @ [ \ ] ^ _
 *   M-x              Meta (Alt, or Esc then the key) and any key here
 *   S-Tab, S-F7      Shift with a named or function key
 *   F1 .. F63        function keys
 *   Up Down Left Right PgUp PgDn Home End Insert Delete BS Enter Tab Esc
 *   Space            named keys (any case: up, UP; Del, Backspace,
 *                    Return, Escape, PageUp, PageDown are accepted too)
 * Prefixes combine: C-M-x, M-C-x, C-Home.
 *
 * ACTION must be one of the names the caller passes (the application's
 * action table).  The core knows no key codes of the application: a
 * binding is a struct config_key the application turns into its code.
 *
 * Errors: a line that is wrong in any way (unknown setting, bad value,
 * wrong number of words, unknown key or action, a quote not closed)
 * changes nothing and yields a diagnostic "FILE:LINE: why", such as
 * "/home/u/.config/mmhex/config:3: cols: '0' is not 1 to 4096 or auto";
 * every other line still applies.  A setting given twice: the last wins.
 */
#ifndef MMHEX_CONFIG_FILE_H
#define MMHEX_CONFIG_FILE_H

#include <stddef.h>

enum config_mode {
	CONFIG_MODE_READONLY,		/* -r */
	CONFIG_MODE_WRITE,		/* -w */
	CONFIG_MODE_COPY		/* -c */
};

enum config_order {
	CONFIG_ORDER_LITTLE,
	CONFIG_ORDER_BIG
};

/* Which settings the file gave (struct config's set). */
#define CONFIG_SET_MODE		0x01u
#define CONFIG_SET_COLS		0x02u
#define CONFIG_SET_WATCH	0x04u
#define CONFIG_SET_COLOUR	0x08u
#define CONFIG_SET_ORDER	0x10u

/* Modifiers of a key. */
#define CONFIG_KEY_CTRL		0x1u
#define CONFIG_KEY_META		0x2u
#define CONFIG_KEY_SHIFT	0x4u

enum config_key_kind {
	CONFIG_KEY_CHAR,		/* code: a byte 0x21-0x7e */
	CONFIG_KEY_FUNCTION,		/* code: 1-63 */
	CONFIG_KEY_NAMED		/* code: enum config_key_name */
};

enum config_key_name {
	CONFIG_KEY_UP, CONFIG_KEY_DOWN, CONFIG_KEY_LEFT, CONFIG_KEY_RIGHT,
	CONFIG_KEY_PGUP, CONFIG_KEY_PGDN, CONFIG_KEY_HOME, CONFIG_KEY_END,
	CONFIG_KEY_INSERT, CONFIG_KEY_DELETE, CONFIG_KEY_BACKSPACE,
	CONFIG_KEY_ENTER, CONFIG_KEY_TAB, CONFIG_KEY_ESC, CONFIG_KEY_SPACE
};

/* A key as the config names it.  For C-x, code is the lowercase letter
 * (or the symbol) and mods holds CONFIG_KEY_CTRL. */
struct config_key {
	enum config_key_kind kind;
	unsigned code;
	unsigned mods;			/* CONFIG_KEY_* */
};

struct config_binding {
	struct config_key key;
	const char *action;		/* one of the caller's names (not a
					 * copy), or NULL: unbind */
	unsigned line;			/* where it was set */
};

struct config {
	enum config_mode mode;		/* default CONFIG_MODE_READONLY */
	unsigned cols;			/* 0 (default): fit the terminal */
	unsigned watch_ms;		/* default 100; 0: off */
	int colour;			/* default 1 */
	enum config_order byte_order;	/* default little */
	unsigned set;			/* CONFIG_SET_* given by the file */
	struct config_binding *bindings; /* in file order: apply in order */
	size_t nbindings;
	char **diags;			/* "FILE:LINE: why", one a bad line */
	size_t ndiags;
	char *path;			/* the file read, or NULL */
};

/* Set cfg to the defaults, with no bindings and no diagnostics. */
void config_init(struct config *cfg);

/* Free what cfg holds and set it to the defaults again. */
void config_free(struct config *cfg);

/*
 * Return the default config path ($XDG_CONFIG_HOME/mmhex/config or
 * $HOME/.config/mmhex/config), caller frees; NULL with errno ENOENT and
 * *cause set when neither variable gives one, or ENOMEM.
 */
char *config_default_path(char **cause);

/*
 * Read the config file at path (NULL: the default path) into cfg, which
 * config_init() set up.  The n names at actions are the valid ACTIONs;
 * bindings point to these strings, which must outlive cfg.  Returns 0
 * when the file was read (bad lines are diagnostics in cfg, not
 * failures) or when the default file does not exist (cfg->path stays
 * NULL); -1 with errno and *cause set (caller frees; cause may be NULL)
 * when a file named by path cannot be read ("mmhex: FILE: No such file
 * or directory" without the "mmhex: ") or on ENOMEM; cfg is then left
 * at what it was.
 */
int config_load(struct config *cfg, const char *path,
    const char *const *actions, size_t n, char **cause);

/*
 * Parse the len bytes at text (a whole config file; NUL bytes are a bad
 * line's) as config_load() does, naming it name in diagnostics.
 * Returns 0, or -1 with errno ENOMEM (cfg then holds what was parsed so
 * far; free it with config_free()).
 */
int config_parse(struct config *cfg, const char *name, const char *text,
    size_t len, const char *const *actions, size_t n);

/* Parse the key name text (see above) into *key.  Returns 0, or -1 with
 * errno EINVAL. */
int config_key_parse(const char *text, struct config_key *key);

/* Write the canonical name of key ("C-x", "M-F5", "PgUp", "#") into buf
 * of len bytes (32 is always enough); return buf. */
char *config_key_name(const struct config_key *key, char *buf, size_t len);

#endif
