#!/bin/bash
# A file that shrinks and grows under mmhex (DESIGN.md, "Reading the
# mapping safely"): at the end of a 1 MiB file, another process truncates
# it to 4096 bytes, then to 0, then extends it.  mmhex must survive the
# SIGBUS, say "file shrank to N bytes" / "file grew to N bytes", show the
# new size and keep the cursor inside the file, and the file type on the
# status line must follow the bytes (ASCII text, then empty, then data).  The change is noticed by
# the watch tick (100 ms by default); the test waits for the message.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

head -c 1048576 /dev/zero | tr '\0' 'x' >big.bin
last=$(hex_row big.bin 4080 16)

vtrun 24 80 "$MMHEX" big.bin <<SCRIPT
waitrow -2  0x0 (0)  of 1048576
waitrow -2 ASCII text
send G
waitrow -2  0xfffff (1048575)  of 1048576
waitre ^000ffff0  78 78
sh truncate -s 4096 big.bin
waitrow -1 file shrank to 4096 bytes
waitrow -2  0xfff (4095)  of 4096  100%
waitre ^$last\$
expectnot 000ffff0
expectnot 00001000
# The cursor moves in the smaller file.
send k
waitrow -2  0xfef (4079)  of 4096
sh truncate -s 0 big.bin
waitrow -1 file shrank to 0 bytes
waitrow -2  0x0 (0)  of 0
waitrow 0 (empty file)
# The file type is looked up again: libmagic's, as file -b says.
waitrow -2  0x0 (0)  of 0  0%  empty
expectrownot -2 ASCII
sh truncate -s 8192 big.bin
waitrow -1 file grew to 8192 bytes
waitrow -2  of 8192
waitrowre -2  of 8192 +[0-9]+%  data\$
waitrow 0 00000000  00 00 00
send G
waitrow -2  0x1fff (8191)  of 8192
send q
exit 0
SCRIPT
pass "truncate to 4096 and 0 at the end of a 1 MiB file, then grow: no crash"

# With the watch tick off, the shrink is found by the SIGBUS guard: the
# next redraw touches pages past the new end, faults, re-measures.
head -c 1048576 /dev/zero | tr '\0' 'y' >big2.bin
vtrun 24 80 "$MMHEX" --watch 0 big2.bin <<SCRIPT
waitrow -2  0x0 (0)  of 1048576
send G
waitrow -2  0xfffff (1048575)  of 1048576
# Wait for the file type (looked up after the first screen): its frame
# would otherwise see the shrink first, and k clear the message.
waitrow -2 ASCII text
sh truncate -s 4096 big2.bin
send k
waitrow -1 file shrank to 4096 bytes
waitrow -2  0xfff (4095)  of 4096  100%
send q
exit 0
SCRIPT
pass "with --watch 0 the SIGBUS guard notices the shrink on the next redraw"
