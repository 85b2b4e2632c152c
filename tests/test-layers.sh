#!/bin/bash
# The layers hold (doc/design.md, "Layout of the code"): only src/term
# includes curses; src/app includes nothing of src/term; src/core
# includes nothing of src/app or src/term; src/term sees the application
# only through app.h and app-key.h (never its internals, app-int.h); and
# the modules of src/app include each other without a loop.  A grep of
# the #include lines, so it runs before anything is built.
set -eu
src="$top_srcdir/src"
status=0
TMPDIR_LAYERS=$(mktemp -d "${TMPDIR:-/tmp}/mmhex-layers.XXXXXX")
trap 'rm -rf "$TMPDIR_LAYERS"' EXIT

# includes FILES...: print "FILE: HEADER" for every #include of them.
includes() {
	sed -nE 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*|\1|p' "$1"
}

for f in "$src"/*.[ch] "$src"/core/*.[ch] "$src"/app/*.[ch]; do
	[ -f "$f" ] || continue
	if includes "$f" | grep -qE '^(n?curses|ncursesw/|term\.h$|terminfo)'; then
		echo "FAIL: ${f#"$src"/} includes curses (only src/term may)"
		status=1
	fi
done
for f in "$src"/app/*.[ch]; do
	if includes "$f" | grep -qE '^(term/|term\.h$|term-)'; then
		echo "FAIL: ${f#"$src"/} includes a src/term header"
		status=1
	fi
done
for f in "$src"/core/*.[ch]; do
	if includes "$f" | grep -qE '^(app|term)[/-]|^(app|term)\.h$'; then
		echo "FAIL: ${f#"$src"/} (core) includes an app or term header"
		status=1
	fi
done
for f in "$src"/term/*.[ch]; do
	if includes "$f" | grep -qE '^app-int\.h$'; then
		echo "FAIL: ${f#"$src"/} includes app-int.h (use app.h)"
		status=1
	fi
done
# The modules of src/app (a .c with its .h) include each other in one
# direction: tsort finds any loop.  app-state.h is below all of them;
# app.h, the terminal layer's view, is a node of its own below that
# (app.c, which implements it, is the top).
pairs=$TMPDIR_LAYERS/pairs
node() {
	case $1 in
	app.h) echo app-api ;;
	*) echo "${1%.[ch]}" ;;
	esac
}
for f in "$src"/app/*.[ch]; do
	m=$(node "$(basename "$f")")
	for h in $(includes "$f" | grep -E '^app(-[a-z]+)?\.h$'); do
		n=$(node "$h")
		[ "$n" = "$m" ] || echo "$m $n"
	done
done >"$pairs"
if ! tsort "$pairs" >/dev/null 2>"$pairs.err"; then
	echo "FAIL: the modules of src/app include each other in a loop:"
	cat "$pairs.err"
	status=1
fi
n=$(ls "$src"/term/*.[ch] | wc -l)
[ "$n" -gt 0 ] || { echo "FAIL: no src/term"; status=1; }
[ "$status" = 0 ] && echo "PASS: curses only in src/term; src/app and src/core include nothing above them; src/term uses app.h; src/app's modules form no loop"
exit "$status"
