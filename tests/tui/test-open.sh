#!/bin/bash
# Opening files: the first screen of a small file matches xxd, laid out
# as ui-spec.md says; a 1-byte file; an empty file; a missing file.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"
command -v xxd >/dev/null 2>&1 || skip_all "xxd is not installed"

# 40 bytes: a full row of ELF header, a full row of text, a short row.
printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000' >small.bin
printf 'Hello, mmhex!\t\n\377\200' >>small.bin
printf '~ end\001\002' >>small.bin
[ "$(wc -c <small.bin)" = 40 ] || fail "test file is not 40 bytes"
xxd_rows small.bin >rows
row0=$(sed -n 1p rows)
row1=$(sed -n 2p rows)
row2=$(sed -n 3p rows)
[ "$row0" = "00000000  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  .ELF............" ] ||
	fail "xxd_rows gives '$row0'"

# Each screen check waits for the row, so no sleep is needed; the exact
# rows come from xxd.
vtrun 24 80 "$MMHEX" small.bin <<SCRIPT
waitrowis 0 $row0
expectrowis 1 $row1
expectrowis 2 $row2
expectrowis 3
expectrow -2 small.bin
expectrow -2 [read-only]
expectrow -2 0x0 (0)  of 40  0%
expectreverse -2
send q
exit 0
SCRIPT
pass "small file: rows as xxd shows them, status line"

printf 'A' >one
vtrun 24 80 "$MMHEX" one <<SCRIPT
waitrowis 0 $(xxd_rows one)
expectrowis 1
expectrow -2 0x0 (0)  of 1
send q
exit 0
SCRIPT
pass "1-byte file"

: >empty
vtrun 24 80 "$MMHEX" empty <<'SCRIPT'
waitrow 0 (empty file)
expectrow -2 empty
expectrow -2 0x0 (0)  of 0
# Moving in an empty file changes nothing and must not crash.  The goto
# prompt that follows is a barrier: once it shows, the keys before it
# have been handled.
send jlGg<PgDn><End>$<WheelDown>
send :
waitrow -1 goto:
send <Esc>
waitrownot -1 goto:
expectrow 0 (empty file)
expectrow -2 0x0 (0)  of 0
send q
exit 0
SCRIPT
pass "empty file shows (empty file)"

set +e
"$MMHEX" no-such-file </dev/null >out 2>err
status=$?
set -e
[ "$status" = 1 ] || fail "missing file: exit status $status, want 1"
[ "$(cat err)" = "mmhex: no-such-file: No such file or directory" ] ||
	fail "missing file: stderr is '$(cat err)'"
[ ! -s out ] || fail "missing file: something on stdout: $(cat out)"
pass "missing file: exit 1 with the standard message"

# A terminal mmhex cannot draw on is named, not guessed at (issue 13, 9
# and 10): TERM unset, unknown, dumb (no cursor motion), a window too
# large for curses to count.  Exit 1, the terminal left as it was.
printf 'some bytes\n' >plain.txt
term_case() {
	local want=$1
	shift
	vtrun 24 100 "$@" <<SCRIPT
wait mmhex: $want
exit 1
SCRIPT
	pass "terminal: '$want'"
}
term_case "TERM is not set: mmhex needs to know the terminal" \
    env -u TERM "$MMHEX" plain.txt
term_case "TERM=no-such-term: unknown terminal type (no terminfo entry)" \
    env TERM=no-such-term "$MMHEX" plain.txt
term_case "TERM=dumb cannot move the cursor: mmhex needs a full-screen terminal" \
    env TERM=dumb "$MMHEX" plain.txt
# shellcheck disable=SC2016
term_case "the window is too large (40000 rows, 80 columns; curses takes at most 32767 of each)" \
    sh -c 'stty rows 40000 cols 80 && exec "$0" plain.txt' "$MMHEX"
