#!/bin/bash
# Resizing the terminal: 80x24 -> 120x40 -> 40x10 -> 20x5 -> 8x2 ->
# 80x24.  Bytes per row follow ui-spec.md (a row of n bytes with 8 offset
# digits is 8 + 4n + (n-1)/8 + 3 columns: 16 bytes at 80 columns, 24 at
# 120, 4 at 40, 2 at 20); the cursor offset survives every resize; a
# terminal too small for any hex row must not crash mmhex.  After each
# resize the test waits for the second hex row to start at the new
# bytes-per-row offset, which proves SIGWINCH was handled.  Then --cols:
# 8 at 80 columns, and 32, which does not fit 80 or 100 columns (16 shown,
# said on the message line) but fits 160.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# 4096 bytes: 0x00..0xff sixteen times.
byte_pattern 16 size.bin

# Rows in the expected layout, computed from the file.
r80_0=$(hex_row size.bin 0 16)
r80_1=$(hex_row size.bin 16 16)
r120_0=$(hex_row size.bin 0 24)
r120_1=$(hex_row size.bin 24 24)
r40_0=$(hex_row size.bin 0 4)
r40_1=$(hex_row size.bin 4 4)
r40_7=$(hex_row size.bin 28 4)
r20_0=$(hex_row size.bin 0 2)
r20_1=$(hex_row size.bin 2 2)
[ ${#r120_0} = 109 ] || fail "a 24-byte row is ${#r120_0} columns, want 109"
[ ${#r40_0} = 27 ] || fail "a 4-byte row is ${#r40_0} columns, want 27"

# The cursor sits at 0x5 (row 0 at every width from 2 bytes up).
vtrun 24 80 "$MMHEX" size.bin <<SCRIPT
waitrowis 0 $r80_0
expectrowis 1 $r80_1
send lllll
waitrow -2  0x5 (5)  of 4096
resize 40 120
waitrowis 1 $r120_1
expectrowis 0 $r120_0
expectrow -2  0x5 (5)  of 4096
expectrow 37 00000378  78 79
resize 10 40
waitrowis 1 $r40_1
expectrowis 0 $r40_0
expectrowis 7 $r40_7
expectrow -2 0x5
resize 5 20
waitrowis 1 $r20_1
expectrowis 0 $r20_0
expectrow 2 00000004  04 05
expectrow -2 0x5
# Too small for a hex row: only survival is required.
resize 2 8
resize 1 1
resize 24 80
waitrowis 1 $r80_1
expectrowis 0 $r80_0
expectrow -2  0x5 (5)  of 4096
# The cursor still moves in the restored layout.
send j
waitrow -2  0x15 (21)  of 4096
send q
exit 0
SCRIPT
pass "resize 80x24 -> 120x40 -> 40x10 -> 20x5 -> 8x2 -> 1x1 -> 80x24"

# --cols N: rows of N bytes while they fit.  --cols 8 at 80 columns.
c8_0=$(hex_row size.bin 0 8)
c8_1=$(hex_row size.bin 8 8)
c8_end=$(hex_row size.bin 4088 8)
vtrun 24 80 "$MMHEX" --cols 8 size.bin <<SCRIPT
waitrowis 0 $c8_0
expectrowis 1 $c8_1
expectrownot -1 --cols
send G
waitrowis 21 $c8_end
expectcursor 21 31
send q
exit 0
SCRIPT
pass "--cols 8: rows of 8 bytes, the cursor on the last one after G"

# --cols 32 does not fit 80 columns: rows of 16 (what fits) instead of
# clipped rows, said once; widened to 160 columns, rows of 32; narrowed
# again, 16.  The cursor stays on screen at the last byte throughout.
c32_end=$(hex_row size.bin 4064 32)
r80_end=$(hex_row size.bin 4080 16)
vtrun 24 80 "$MMHEX" --cols 32 size.bin <<SCRIPT
waitrowis 0 $r80_0
expectrowis 1 $r80_1
expectrowis -1 --cols 32 does not fit in 80 columns; showing 16
send G
waitrowis 21 $r80_end
expectcursor 21 56
resize 24 160
waitrowis 21 $c32_end
expectrowis -1 --cols 32 fits in 160 columns again
expectcursor 21 106
expectrow -2  0xfff (4095)  of 4096
resize 24 100
waitrowis 21 $r80_end
expectrowis -1 --cols 32 does not fit in 100 columns; showing 16
expectcursor 21 56
send g
waitrowis 0 $r80_0
send q
exit 0
SCRIPT
pass "--cols 32: 16 bytes a row at 80 and 100 columns, 32 at 160"
