/*
 * testgrid.h - Check assertions on grids, shared by the layout suites
 * (grid, hexview, textview): a grid is compared as text.
 */
#ifndef MMHEX_TESTGRID_H
#define MMHEX_TESTGRID_H

#include <check.h>
#include <stdlib.h>

#include "grid.h"

/* Check that row of g reads as want (trailing blanks cut). */
static inline void
assert_row(const struct grid *g, unsigned row, const char *want)
{
	char *text = grid_row_text(g, row);

	ck_assert_ptr_nonnull(text);
	ck_assert_str_eq(text, want);
	free(text);
}

#endif
