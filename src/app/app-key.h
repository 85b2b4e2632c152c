/*
 * app-key.h - the keys the application understands.
 *
 * The terminal layer (src/term) decodes what the terminal sends into
 * these codes; the application never sees curses' KEY_* values.  A
 * character key is its byte (0x00-0xff: a UTF-8 character arrives as its
 * bytes, one key each, as typed); every other key has a code above any
 * byte.  C-x is the control byte, APP_CTRL('x').
 */
#ifndef MMHEX_APP_KEY_H
#define MMHEX_APP_KEY_H

#define APP_KEY_NONE		(-1)	/* nothing to read */
#define APP_KEY_ESC		0x1b

/* A key in C-x notation. */
#define APP_CTRL(c)		((c) & 0x1f)

/* Keys that are not characters. */
enum app_key {
	APP_KEY_UP = 0x200000,
	APP_KEY_DOWN,
	APP_KEY_LEFT,
	APP_KEY_RIGHT,
	APP_KEY_PGUP,
	APP_KEY_PGDN,
	APP_KEY_HOME,
	APP_KEY_END,
	APP_KEY_C_HOME,		/* Ctrl-Home */
	APP_KEY_C_END,		/* Ctrl-End */
	APP_KEY_INSERT,
	APP_KEY_DELETE,
	APP_KEY_BACKSPACE,	/* the terminal's backspace key */
	APP_KEY_ENTER,		/* the keypad's Enter (Return is '\r') */
	APP_KEY_S_TAB,		/* Shift-Tab */
	APP_KEY_WHEEL_UP,	/* the mouse wheel */
	APP_KEY_WHEEL_DOWN,
	/* Not keys: what a binding names for a class of keys. */
	APP_KEY_HEXDIGIT,	/* any of 0-9 a-f A-F, in the hex pane */
	APP_KEY_TEXT,		/* any printable key, in the char pane */
	APP_KEY_F0 = 0x200100	/* function keys: APP_KEY_F(n) */
};

/* Function key n (1 to 63; S-F7 is F19, as xterm sends it). */
#define APP_KEY_F(n)		(APP_KEY_F0 + (n))

#endif
