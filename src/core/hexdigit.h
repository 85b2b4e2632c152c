/*
 * hexdigit.h - hex digits as typed by the user (goto expressions, patch
 * specs, hex search patterns, the hex pane).
 */
#ifndef MMHEX_HEXDIGIT_H
#define MMHEX_HEXDIGIT_H

/* Return the value of the hex digit c (0-9, a-f, A-F), or -1. */
int hexdigit_value(int c);

#endif
