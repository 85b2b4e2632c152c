/*
 * cursor.c - the session's one cursor (cursor.h).
 *
 * Invariant: off < size, or off == 0 when size is 0.
 */
#include "cursor.h"

void
cursor_set_size(struct cursor *c, uint64_t size)
{
	c->size = size;
	if (size == 0)
		c->off = 0;
	else if (c->off >= size)
		c->off = size - 1;
}
