#!/bin/bash
# The core must stay free of curses and of the terminal: no curses
# header, and no printing to stdout/stderr (it returns errors instead).
set -eu
core="$top_srcdir/src/core"
status=0
if grep -nE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h)' "$core"/*.[ch]; then
	echo "FAIL: src/core includes curses"
	status=1
fi
if grep -nE '\b(printf|puts|fprintf|perror|exit)[[:space:]]*\(' "$core"/*.c |
    grep -vE 'snprintf|vsnprintf|asprintf'; then
	echo "FAIL: src/core prints or exits"
	status=1
fi
[ "$status" = 0 ] && echo "PASS: src/core has no curses, prints nothing, never exits"
exit "$status"
