#!/bin/bash
# Moving the cursor: arrows and hjkl, row start/end, pages, file start and
# end, and the mouse wheel.  After each key the test waits for the status
# line to show the new offset, " 0xHEX (DEC)  of SIZE", so a key the
# program ignores fails as a timeout that names the offset it expected.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# 4096 bytes (256 rows of 16): 0x00..0xff sixteen times.
byte_pattern 16 nav.bin

row0=$(hex_row nav.bin 0 16)

# At 80x24 there are 22 rows of 16 bytes: a screen is 352 = 0x160 bytes.
vtrun 24 80 "$MMHEX" nav.bin <<SCRIPT
waitrow -2  0x0 (0)  of 4096  0%
waitrow 0 00000000  00 01 02
# Right, l, Left, h; Left at offset 0 stays there (checked by the l after).
send <Right>
waitrow -2  0x1 (1)  of 4096
send l
waitrow -2  0x2 (2)  of 4096
send <Left>
waitrow -2  0x1 (1)  of 4096
send h
waitrow -2  0x0 (0)  of 4096
send <Left>h
send l
waitrow -2  0x1 (1)  of 4096
# Down, j, Up, k; Up on the first row stays there.
send <Down>
waitrow -2  0x11 (17)  of 4096
send j
waitrow -2  0x21 (33)  of 4096
send <Up>
waitrow -2  0x11 (17)  of 4096
send k
waitrow -2  0x1 (1)  of 4096
send kl
waitrow -2  0x2 (2)  of 4096
# Across a row boundary: l at the end of a row goes to the next row.
send <End>
waitrow -2  0xf (15)  of 4096
send l
waitrow -2  0x10 (16)  of 4096
send h
waitrow -2  0xf (15)  of 4096
# Home/^ and End/$ inside row 1.
send jhhh
waitrow -2  0x1c (28)  of 4096
send <Home>
waitrow -2  0x10 (16)  of 4096
send \$
waitrow -2  0x1f (31)  of 4096
send ^
waitrow -2  0x10 (16)  of 4096
send <End>
waitrow -2  0x1f (31)  of 4096
# Pages: PgDn, Ctrl-F and space go one screen (22 rows) down, PgUp and
# Ctrl-B one screen up.
send g
waitrow -2  0x0 (0)  of 4096
send <PgDn>
waitrow -2  0x160 (352)  of 4096
waitrow 0 00000160  60 61 62
send <PgUp>
waitrow -2  0x0 (0)  of 4096
waitrow 0 00000000  00 01 02
send <C-f>
waitrow -2  0x160 (352)  of 4096
send <C-f>
waitrow -2  0x2c0 (704)  of 4096
send <C-b>
waitrow -2  0x160 (352)  of 4096
send <Space>
waitrow -2  0x2c0 (704)  of 4096
# File end and start.
send G
waitrow -2  0xfff (4095)  of 4096  100%
expectre ^00000ff0  f0 f1 f2
send j
send k
waitrow -2  0xfef (4079)  of 4096
send <PgDn>
waitrow -2  0xfff (4095)  of 4096  100%
send g
waitrow -2  0x0 (0)  of 4096  0%
waitrow 0 00000000  00 01 02
send <PgUp>
send l
waitrow -2  0x1 (1)  of 4096
send h
waitrow -2  0x0 (0)  of 4096
# The wheel scrolls the view 3 rows and keeps the cursor on screen.
send <WheelDown>
waitrow 0 00000030  30 31 32
waitrow -2  0x30 (48)  of 4096
send <WheelDown>
waitrow 0 00000060  60 61 62
waitrow -2  0x60 (96)  of 4096
send <WheelUp>
waitrow 0 00000030  30 31 32
expectrow -2  0x60 (96)  of 4096
send <WheelUp>
waitrow 0 00000000  00 01 02
expectrow -2  0x60 (96)  of 4096
# Tab moves the terminal cursor between the byte's first hex digit
# (column 10 + 3i, one more past the 8th byte) and its character (60 + i).
send g
waitrow -2  0x0 (0)  of 4096
waitcursor 0 10
send l
waitcursor 0 13
send <Tab>
waitcursor 0 61
# In the character pane letters overwrite bytes: move with the arrows.
send <Right>
waitrow -2  0x2 (2)  of 4096
waitcursor 0 62
send <Tab>
waitcursor 0 16
# Ctrl-L repaints a spoiled screen.
inject \e[2J\e[HGARBAGE
waitrowis 0 GARBAGE
send <C-l>
waitrowis 0 $row0
expectrow -2  0x2 (2)  of 4096
send q
exit 0
SCRIPT
pass "arrows, hjkl, Home/End/^/\$, PgUp/PgDn/C-b/C-f/space, g/G, wheel, Tab, C-l"
