/*
 * app-keymap.c - the default key bindings, as data.
 *
 * Keys are bound to actions by name, so this table reads like a
 * configuration file and the help screen can list every key of an
 * action.  In the character pane every printable key overwrites a byte,
 * so each action also has a key that is not printable (an arrow, a
 * function or control key).  app_keymap_check() verifies at start-up that every name
 * exists, so a typo here fails loudly instead of leaving a dead key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app-actions.h"
#include "app-keymap.h"

struct binding {
	int key;
	const char *action;
};

static const struct binding bindings[] = {
	{ APP_KEY_LEFT, "left" },		{ 'h', "left" },
	{ APP_KEY_RIGHT, "right" },		{ 'l', "right" },
	{ APP_KEY_UP, "up" },		{ 'k', "up" },
	{ APP_KEY_DOWN, "down" },		{ 'j', "down" },
	{ APP_KEY_PGUP, "page-up" },	{ APP_CTRL('b'), "page-up" },
	{ APP_KEY_PGDN, "page-down" },	{ APP_CTRL('f'), "page-down" },
	{ ' ', "page-down" },
	{ APP_KEY_HOME, "row-start" },	{ '^', "row-start" },
	{ APP_KEY_END, "row-end" },		{ '$', "row-end" },
	{ 'g', "file-start" },		{ 'G', "file-end" },
	{ '<', "file-start" },		{ '>', "file-end" },
	{ APP_KEY_C_HOME, "file-start" },	{ APP_KEY_C_END, "file-end" },
	{ 'T', "follow" },		{ APP_KEY_F(6), "follow" },
	{ APP_KEY_WHEEL_UP, "scroll-up" },
	{ APP_KEY_WHEEL_DOWN, "scroll-down" },
	{ ':', "goto" },
	{ 'v', "view" },		{ APP_KEY_F(5), "view" },
	{ 'V', "select" },		{ 'S', "select-match" },
	{ 'i', "inspector" },		{ 'o', "byte-order" },
	{ 'L', "struct-watch" },
	{ 'm', "mark" },		{ '\'', "jump-mark" },
	{ 'y', "yank" },		{ 'p', "paste" },
	{ 'X', "fill" },
	{ 'z', "wrap" },		{ APP_KEY_F(8), "wrap" },
	{ '#', "line-numbers" },	{ APP_KEY_F(9), "line-numbers" },
	{ APP_CTRL('g'), "goto" },
	{ '\t', "switch-pane" },
	{ APP_KEY_HEXDIGIT, "type-hex" },
	{ APP_KEY_TEXT, "type-text" },
	{ APP_KEY_ESC, "hex-pane" },
	{ 'u', "undo" },		{ APP_CTRL('u'), "undo" },
	{ APP_CTRL('r'), "redo" },
	{ 'w', "save" },		{ APP_KEY_F(2), "save" },
	{ 'W', "save-as" },		{ APP_KEY_F(3), "save-as" },
	{ 'P', "apply" },		{ APP_KEY_F(4), "apply" },
	{ 'R', "reapply" },
	{ '/', "find" },		{ APP_KEY_F(7), "find" },
	{ '?', "find-backward" },	{ APP_KEY_F(19), "find-backward" },
	{ 'n', "find-next" },		{ APP_CTRL('n'), "find-next" },
	{ 'N', "find-previous" },	{ APP_CTRL('p'), "find-previous" },
	{ APP_KEY_F(1), "help" },		{ 'H', "help" },
	{ 'M', "messages" },		{ APP_KEY_F(11), "messages" },
	{ APP_CTRL('l'), "redraw" },
	{ APP_CTRL('z'), "suspend" },
	{ 'q', "quit" },		{ APP_CTRL('x'), "quit" },
	{ APP_KEY_F(10), "quit" },
	{ APP_CTRL('c'), "quit" },	/* was SIGINT in a cooked terminal */
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

/* Bindings from the config file ("bind KEY ACTION", "unbind KEY"), laid
 * over the table above for the whole process (there is one session):
 * the last for a key wins; action NULL unbinds it. */
#define USER_BINDINGS_MAX 256
static struct {
	int key;
	const char *action;		/* an action's name, or NULL */
} user[USER_BINDINGS_MAX];
static size_t nuser;

/* Return the user binding of key, or NULL when the file set none. */
static int
user_binding(int key, const char **action)
{
	size_t i;

	for (i = nuser; i-- > 0;) {
		if (user[i].key == key) {
			*action = user[i].action;
			return 1;
		}
	}
	return 0;
}

/* Return the index of the last user binding of key (one exists). */
static size_t
last_user(int key)
{
	size_t i;

	for (i = nuser; i-- > 0;)
		if (user[i].key == key)
			break;
	return i;
}

int
app_keymap_bind(int key, const char *action)
{
	const struct app_action *a = NULL;

	if (action != NULL && (a = app_action_find(action)) == NULL)
		return -1;
	if (nuser == USER_BINDINGS_MAX)
		return -1;
	user[nuser].key = key;
	user[nuser].action = a != NULL ? a->name : NULL;
	nuser++;
	return 0;
}

const struct app_action *
app_keymap_lookup(int key)
{
	const char *action;
	size_t i;

	if (user_binding(key, &action))
		return action != NULL ? app_action_find(action) : NULL;
	for (i = 0; i < NBINDINGS; i++) {
		if (bindings[i].key == key)
			return app_action_find(bindings[i].action);
	}
	return NULL;
}

int
app_keymap_check(char **cause)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++) {
		if (app_action_find(bindings[i].action) == NULL) {
			if (asprintf(cause, "key binding names unknown action "
			    "'%s'", bindings[i].action) == -1)
				*cause = NULL;
			return -1;
		}
	}
	return 0;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ APP_KEY_UP, "Up" },
	{ APP_KEY_DOWN, "Down" },
	{ APP_KEY_LEFT, "Left" },
	{ APP_KEY_RIGHT, "Right" },
	{ APP_KEY_PGUP, "PgUp" },
	{ APP_KEY_PGDN, "PgDn" },
	{ APP_KEY_HOME, "Home" },
	{ APP_KEY_END, "End" },
	{ APP_KEY_C_HOME, "C-Home" },
	{ APP_KEY_C_END, "C-End" },
	{ APP_KEY_F(19), "S-F7" },
	{ APP_KEY_HEXDIGIT, "0-9 a-f" },
	{ APP_KEY_TEXT, "any character" },
	{ APP_KEY_BACKSPACE, "BS" },
	{ APP_KEY_ENTER, "Enter" },
	{ '\n', "Enter" },
	{ '\r', "Enter" },
	{ '\t', "Tab" },
	{ ' ', "Space" },
	{ APP_KEY_ESC, "Esc" },
	{ APP_KEY_WHEEL_UP, "WheelUp" },
	{ APP_KEY_WHEEL_DOWN, "WheelDown" },
};

const char *
app_keymap_key_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key)
			return key_names[i].name;
	}
	if (key > APP_KEY_F0 && key <= APP_KEY_F(63))
		snprintf(buf, len, "F%d", key - APP_KEY_F0);
	else if (key > 0 && key < 0x20)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "<%d>", key);
	return buf;
}

size_t
app_keymap_keys(const struct app_action *action, char *buf, size_t len)
{
	char name[16];
	size_t i, used = 0;
	int n;

	if (len > 0)
		buf[0] = '\0';
	/* The bindings in force: the table's that the config file did not
	 * override, then the file's last binding of each key. */
	for (i = 0; i < NBINDINGS + nuser; i++) {
		int key = i < NBINDINGS ? bindings[i].key : user[i - NBINDINGS].key;
		const char *to = i < NBINDINGS ? bindings[i].action :
		    user[i - NBINDINGS].action, *last;

		if (to == NULL || strcmp(to, action->name) != 0)
			continue;
		if (user_binding(key, &last) && (i < NBINDINGS ||
		    last_user(key) != i - NBINDINGS))
			continue;	/* overridden, or bound again later */
		n = snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? " " : "",
		    app_keymap_key_name(key, name, sizeof name));
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return used;
}
