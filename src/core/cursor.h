/*
 * cursor.h - the session's one cursor: the byte it is on, and the size
 * of the file the views show.
 *
 * The hex view and the text view both point at the same struct cursor;
 * neither owns it or keeps a copy.  The caller (the app) owns it and
 * keeps its invariant: off < size, or off == 0 when size is 0.  A view
 * moves off through its own functions (hexview_move, textview_goto, ...);
 * whoever changes size calls cursor_set_size() and then tells each view
 * (hexview_size_changed, textview_size_changed) so it fixes its own top.
 */
#ifndef MMHEX_CURSOR_H
#define MMHEX_CURSOR_H

#include <stdint.h>

struct cursor {
	uint64_t off;		/* the cursor's byte, < size (0 when empty) */
	uint64_t size;		/* the file size the views show */
};

/* Set the file size and clamp the cursor to its last byte (0 when the
 * file is empty); a cursor still inside the file stays where it is. */
void cursor_set_size(struct cursor *c, uint64_t size);

#endif
