/*
 * term-input.c - turn what curses reads into the application's keys.
 *
 * Curses decodes the terminal's escape sequences (terminfo, the Esc
 * timeout) into KEY_* codes; this file maps them to app-key.h's codes,
 * adds the mouse wheel (reported as KEY_MOUSE events) and the terminal's
 * size changes.  Mouse events other than the wheel are dropped, and so
 * are keys the application has no code for.
 */
#include <curses.h>
#include <string.h>

#include "app-key.h"
#include "term.h"

static const struct {
	int curses;			/* curses' KEY_* code */
	int app;			/* the application's */
} term_keys[] = {
	{ KEY_UP, APP_KEY_UP },
	{ KEY_DOWN, APP_KEY_DOWN },
	{ KEY_LEFT, APP_KEY_LEFT },
	{ KEY_RIGHT, APP_KEY_RIGHT },
	{ KEY_PPAGE, APP_KEY_PGUP },
	{ KEY_NPAGE, APP_KEY_PGDN },
	{ KEY_HOME, APP_KEY_HOME },
	{ KEY_END, APP_KEY_END },
	{ KEY_IC, APP_KEY_INSERT },
	{ KEY_DC, APP_KEY_DELETE },
	{ KEY_BACKSPACE, APP_KEY_BACKSPACE },
	{ KEY_ENTER, APP_KEY_ENTER },
	{ KEY_BTAB, APP_KEY_S_TAB },
};

/* Map a KEY_* code of curses to the application's, or APP_KEY_NONE. */
static int
term_input_map(int key)
{
	const char *name;
	size_t i;

	if (key >= KEY_F(1) && key <= KEY_F(63))
		return APP_KEY_F(key - KEY_F0);
	for (i = 0; i < sizeof term_keys / sizeof term_keys[0]; i++) {
		if (term_keys[i].curses == key)
			return term_keys[i].app;
	}
	/* Keys without a KEY_* constant have terminfo names. */
	name = keyname(key);
	if (name != NULL && strcmp(name, "kHOM5") == 0)
		return APP_KEY_C_HOME;
	if (name != NULL && strcmp(name, "kEND5") == 0)
		return APP_KEY_C_END;
	return APP_KEY_NONE;
}

int
term_input_key(void)
{
	MEVENT event;
	int key;

	for (;;) {
		key = getch();
		if (key == ERR)
			return APP_KEY_NONE;
		if (key == KEY_RESIZE)
			return TERM_KEY_RESIZE;
		if (key < 0x100)
			return key;		/* a byte, as typed */
		if (key != KEY_MOUSE) {
			if ((key = term_input_map(key)) != APP_KEY_NONE)
				return key;
			continue;
		}
		if (getmouse(&event) != OK)
			continue;
		if (event.bstate & BUTTON4_PRESSED)
			return APP_KEY_WHEEL_UP;
#ifdef BUTTON5_PRESSED
		if (event.bstate & BUTTON5_PRESSED)
			return APP_KEY_WHEEL_DOWN;
#endif
	}
}
