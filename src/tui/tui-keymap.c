/*
 * tui-keymap.c - the default key bindings, as data.
 *
 * Keys are bound to actions by name, so this table reads like a
 * configuration file and the help screen can list every key of an
 * action.  In the character pane every printable key overwrites a byte,
 * so each action also has a key that is not printable (an arrow, a
 * function or control key).  tui_keymap_check() verifies at start-up that every name
 * exists, so a typo here fails loudly instead of leaving a dead key.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct binding {
	int key;
	const char *action;
};

static const struct binding bindings[] = {
	{ KEY_LEFT, "left" },		{ 'h', "left" },
	{ KEY_RIGHT, "right" },		{ 'l', "right" },
	{ KEY_UP, "up" },		{ 'k', "up" },
	{ KEY_DOWN, "down" },		{ 'j', "down" },
	{ KEY_PPAGE, "page-up" },	{ TUI_CTRL('b'), "page-up" },
	{ KEY_NPAGE, "page-down" },	{ TUI_CTRL('f'), "page-down" },
	{ ' ', "page-down" },
	{ KEY_HOME, "row-start" },	{ '^', "row-start" },
	{ KEY_END, "row-end" },		{ '$', "row-end" },
	{ 'g', "file-start" },		{ 'G', "file-end" },
	{ 'T', "follow" },		{ KEY_F(6), "follow" },
	{ 'F', "follow" },		/* read-only only: else a hex digit */
	{ TUI_KEY_WHEEL_UP, "scroll-up" },
	{ TUI_KEY_WHEEL_DOWN, "scroll-down" },
	{ ':', "goto" },
	{ 'v', "view" },		{ KEY_F(5), "view" },
	{ 'z', "wrap" },		{ KEY_F(8), "wrap" },
	{ '#', "line-numbers" },	{ KEY_F(9), "line-numbers" },
	{ TUI_CTRL('g'), "goto" },
	{ '\t', "switch-pane" },
	{ TUI_KEY_HEXDIGIT, "type-hex" },
	{ TUI_KEY_TEXT, "type-text" },
	{ TUI_KEY_ESC, "hex-pane" },
	{ 'u', "undo" },		{ TUI_CTRL('u'), "undo" },
	{ TUI_CTRL('r'), "redo" },
	{ 'w', "save" },		{ KEY_F(2), "save" },
	{ 'W', "save-as" },		{ KEY_F(3), "save-as" },
	{ 'P', "apply" },		{ KEY_F(4), "apply" },
	{ 'R', "reapply" },
	{ '/', "find" },		{ KEY_F(7), "find" },
	{ '?', "find-backward" },	{ KEY_F(19), "find-backward" },
	{ 'n', "find-next" },		{ TUI_CTRL('n'), "find-next" },
	{ 'N', "find-previous" },	{ TUI_CTRL('p'), "find-previous" },
	{ KEY_F(1), "help" },		{ 'H', "help" },
	{ TUI_CTRL('l'), "redraw" },
	{ TUI_CTRL('z'), "suspend" },
	{ 'q', "quit" },		{ TUI_CTRL('x'), "quit" },
	{ KEY_F(10), "quit" },
	{ TUI_CTRL('c'), "quit" },	/* was SIGINT in a cooked terminal */
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

const struct tui_action *
tui_keymap_lookup(int key)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++) {
		if (bindings[i].key == key)
			return tui_action_find(bindings[i].action);
	}
	return NULL;
}

int
tui_keymap_check(char **cause)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++) {
		if (tui_action_find(bindings[i].action) == NULL) {
			if (asprintf(cause, "key binding names unknown action "
			    "'%s'", bindings[i].action) == -1)
				*cause = NULL;
			return -1;
		}
	}
	return 0;
}

size_t
tui_keymap_keys(const struct tui_action *action, char *buf, size_t len)
{
	char name[16];
	size_t i, used = 0;
	int n;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < NBINDINGS; i++) {
		if (strcmp(bindings[i].action, action->name) != 0)
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? " " : "",
		    tui_input_key_name(bindings[i].key, name, sizeof name));
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
	return used;
}
