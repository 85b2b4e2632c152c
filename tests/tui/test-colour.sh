#!/bin/bash
# Colours by byte class (mmhex.1, DESCRIPTION): the offset in cyan, 0x00
# in blue, whitespace in green, other ASCII (control characters) in
# magenta, non-ASCII in yellow, printable ASCII in the terminal's default
# colour; in both panes.  NO_COLOR set to anything but "" turns every
# colour off (no-color.org); set empty, it does not.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"
unset NO_COLOR

# Row 0 is sixteen 'A's so the cursor (on byte 0) is away from row 1,
# which holds one byte of each class: 00 41 20 01 80.  With 16 bytes a
# row, byte i's hex digits are at column 10 + 3i (i < 8), its character
# at column 60 + i.
printf 'AAAAAAAAAAAAAAAA\000A \001\200' >classes.bin
row1=$(hex_row classes.bin 16 16)

vtrun 24 80 "$MMHEX" classes.bin <<SCRIPT
waitrowis 1 $row1
# offset
expectcolour 1 0 6
expectcolour 1 7 6
# 0x00: blue, hex digits and character
expectcolour 1 10 4
expectcolour 1 11 4
expectcolour 1 60 4
# 'A': none of the class colours
expectnotcolour 1 13 4
expectnotcolour 1 13 2
expectnotcolour 1 13 5
expectnotcolour 1 13 3
expectnotcolour 1 13 6
expectnotcolour 1 61 4
expectnotcolour 1 61 3
# ' ': green; 0x01: magenta; 0x80: yellow
expectcolour 1 16 2
expectcolour 1 62 2
expectcolour 1 19 5
expectcolour 1 63 5
expectcolour 1 22 3
expectcolour 1 64 3
send q
exit 0
SCRIPT
pass "byte classes are coloured: offset, zero, space, control, high"

# NO_COLOR=1: the same screen without a single coloured cell.
script=""
for row in 0 1 -2 -1; do
	for colour in 0 1 2 3 4 5 6 7; do
		script+="expectnocolour $row $colour"$'\n'
	done
done
vtrun 24 80 env NO_COLOR=1 "$MMHEX" classes.bin <<SCRIPT
waitrowis 1 $row1
waitrow -2 of 21
$script
send q
exit 0
SCRIPT
pass "NO_COLOR=1: no colour anywhere on the hex rows, status and message"

# NO_COLOR set but empty does not count (no-color.org): colours stay on.
vtrun 24 80 env NO_COLOR= "$MMHEX" classes.bin <<SCRIPT
waitrowis 1 $row1
expectcolour 1 10 4
expectcolour 1 22 3
send q
exit 0
SCRIPT
pass "NO_COLOR empty: colours stay on"
