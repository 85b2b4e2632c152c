/*
 * hexdigit.c - hex digits as typed by the user.
 *
 * Locale-free on purpose: isxdigit() may accept other digits in some
 * locales, and a pattern must mean the same bytes everywhere.
 */
#include "hexdigit.h"

int
hexdigit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
