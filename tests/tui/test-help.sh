#!/bin/bash
# The help screen: "H" and F1 ("?" finds backward) open it; it lists the goto and quit
# actions with their keys; Esc and q close it (q must not quit mmhex
# from the help screen); q then quits with status 0 and the terminal
# restored (vtdrive's exit checks the alternate screen, cursor, mouse).
# At 20 columns long keys push their text right instead of running into it.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

printf 'hello, help\n' >data.txt
first=$(hex_row data.txt 0 16)

# A help line holds the action's keys and its description; match the key
# as a word of its own and the action's words after it.
goto_line='(^|[ ,]):([ ,].*)?[Gg]o ?to'
quit_line='(^|[ ,])q([ ,].*)?[Qq]uit'

vtrun 24 80 "$MMHEX" data.txt <<SCRIPT
waitrowis 0 $first
send H
waitre $goto_line
expectnot $first
# The list is longer than 22 rows: PgDn shows the rest (three screens).
send <PgDn>
send <PgDn>
waitre $quit_line
send <PgUp>
send <PgUp>
waitre $goto_line
send <Esc>
waitrowis 0 $first
expectrowis 1
send <F1>
waitre $goto_line
send q
waitrowis 0 $first
send H
waitre $goto_line
send H
waitrowis 0 $first
send q
exit 0
SCRIPT
pass "help: H and F1 open it, it lists goto and quit, Esc/q/H close it"

# The help must fit a small terminal without crashing and still close.
vtrun 8 40 "$MMHEX" data.txt <<SCRIPT
waitrow 0 00000000
send H
waitre [Hh]elp
send <Esc>
waitrow 0 00000000
send q
exit 0
SCRIPT
pass "help on an 8x40 terminal"

# At 20 columns the description column (a third of the width) is narrower
# than some keys: the text moves right, one blank after the keys, and the
# edge clips it; keys and text never run together ("Leftmove").
vtrun 10 20 "$MMHEX" data.txt <<SCRIPT
waitrow 0 00000000
send H
waitrowre 1 ^  Left h move one b
expectrowre 2 ^  Right l move one
expectrowre 3 ^  Up k move one row
expectrowre 6 ^  PgDn C-f Space mo
send q
waitrow 0 00000000
send q
exit 0
SCRIPT
pass "help at 20 columns: one blank between the keys and the text"

# Messages wider than the last row end in "M: all"; M shows the last
# messages whole, wrapped, and any key closes the log.
head -c 256 /dev/zero >msg.bin
vtrun 12 60 "$MMHEX" msg.bin <<'SCRIPT'
waitrow -2 msg.bin
send 4
waitrowis -1 read-only: open with -w to edit the file, or -c to  … M: all
send u
waitrowis -1 nothing to undo
send M
waitrowis 0 last messages (any key closes)
expectrowis 1 read-only: open with -w to edit the file, or -c to edit a
expectrowis 2   private copy
expectrowis 3 nothing to undo
send x
waitrownot 0 last messages
waitrow 0 00000000
send q
exit 0
SCRIPT
pass "a message wider than the row says M: all; M shows it whole, wrapped"
