/*
 * tui-input.c - turn what curses reads into keys.
 *
 * Curses decodes escape sequences into KEY_* codes; this file adds the
 * mouse wheel (reported as KEY_MOUSE events) and names keys for the help
 * screen.  Mouse events other than the wheel are dropped.
 */
#include <curses.h>
#include <stdio.h>

#include "tui.h"

int
tui_input_key(void)
{
	MEVENT event;
	int key;

	key = getch();
	if (key == ERR)
		return TUI_KEY_NONE;
	if (key != KEY_MOUSE)
		return key;
	if (getmouse(&event) != OK)
		return TUI_KEY_NONE;
	if (event.bstate & BUTTON4_PRESSED)
		return TUI_KEY_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	if (event.bstate & BUTTON5_PRESSED)
		return TUI_KEY_WHEEL_DOWN;
#endif
	return TUI_KEY_NONE;
}

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{ KEY_UP, "Up" },
	{ KEY_DOWN, "Down" },
	{ KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" },
	{ KEY_PPAGE, "PgUp" },
	{ KEY_NPAGE, "PgDn" },
	{ KEY_HOME, "Home" },
	{ KEY_END, "End" },
	{ KEY_F(1), "F1" },
	{ KEY_F(2), "F2" },
	{ KEY_F(3), "F3" },
	{ KEY_F(4), "F4" },
	{ KEY_F(5), "F5" },
	{ KEY_F(6), "F6" },
	{ KEY_F(7), "F7" },
	{ KEY_F(8), "F8" },
	{ KEY_F(9), "F9" },
	{ KEY_F(10), "F10" },
	{ KEY_F(19), "S-F7" },
	{ TUI_KEY_HEXDIGIT, "0-9 a-f" },
	{ TUI_KEY_TEXT, "any character" },
	{ KEY_BACKSPACE, "BS" },
	{ KEY_ENTER, "Enter" },
	{ '\n', "Enter" },
	{ '\t', "Tab" },
	{ ' ', "Space" },
	{ TUI_KEY_ESC, "Esc" },
	{ TUI_KEY_WHEEL_UP, "WheelUp" },
	{ TUI_KEY_WHEEL_DOWN, "WheelDown" },
};

const char *
tui_input_key_name(int key, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++) {
		if (key_names[i].key == key)
			return key_names[i].name;
	}
	if (key > 0 && key < 0x20)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "<%d>", key);
	return buf;
}
