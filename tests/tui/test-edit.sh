#!/bin/bash
# Editing (ui-spec.md, "Editing"): hex digits overwrite the digit under the
# cursor, printable keys in the character pane overwrite the byte, u / C-u
# undo and C-r redoes, consecutive typing is one edit, the status line
# counts the unsaved bytes ("N unsaved").  With -w every edit goes through the shared mapping,
# so after each key the test compares the file on disk (another process's
# view, before any save) with a copy patched by printf and dd.  At the
# last byte typing works once, then says "end of file" and the size stays;
# read-only refuses every edit, naming -w and -c, and the file's sha256
# does not change.
# Unsaved bytes are highlighted (red, palette colour 1, in both panes)
# until saved, and again when an undo makes them differ from the saved
# file.  -c: edit, apply, undo, redo, undo, apply gives back the original.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with the printf BYTES.
poke() {
	printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

# derive NEW FROM OFFSET BYTES: NEW is a copy of FROM poked at OFFSET.
derive() {
	cp "$2" "$1"
	poke "$1" "$3" "$4"
}

# 256 bytes 0x00..0xff: 16 rows of 16 at 80 columns.  On row 0, byte i's
# high digit is at column 10 + 3i (+1 from byte 8 on), its character at
# column 60 + i.
byte_pattern 1 orig.bin
cp orig.bin data.bin
derive e1 orig.bin 0 '\x40'		# "4" on byte 0: high digit
derive e2 e1 0 '\x41'			# "1": low digit
derive e3 e2 1 '\xa1'			# "A" on byte 1 (upper case)
derive e4 e3 1 '\xab'			# "B"
derive e5 e4 3 '\xc3'			# after l: "c" on byte 3
derive e6 e5 3 '\xcd'			# "d"
derive e7 e6 5 'H'			# char pane from byte 5: "H"
derive e8 e7 6 'q'			# q, u, w are typed, not commands
derive e9 e8 7 'u'
derive e10 e9 8 'w'
derive e11 e10 9 '~'
row_orig=$(hex_row orig.bin 0 16)
for f in e1 e2 e3 e4 e5 e6 e7 e8 e9 e10 e11; do
	eval "row_$f=\$(hex_row $f 0 16)"
done

vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
waitrowis 0 $row_orig
send u
waitrowis -1 nothing to undo
send <C-r>
waitrowis -1 nothing to redo
# Hex pane: the high digit, then the low one; the file changes at once.
send 4
waitrowis 0 $row_e1
waitcursor 0 11
sh cmp data.bin e1
send 1
waitrowis 0 $row_e2
waitcursor 0 13
waitrow -2  data.bin  [write] 1 unsaved live  0x1 (1)  of 256
sh cmp data.bin e2
# Upper-case digits; still the same run of typing, so still one edit.
send A
waitrowis 0 $row_e3
waitcursor 0 14
sh cmp data.bin e3
send B
waitrowis 0 $row_e4
waitcursor 0 16
waitrow -2  [write] 2 unsaved live  0x2 (2)  of 256
sh cmp data.bin e4
# Moving ends the run: the next typing is a second edit.
send l
waitrow -2  [write] 2 unsaved live  0x3 (3)  of 256
send c
waitrowis 0 $row_e5
waitcursor 0 20
sh cmp data.bin e5
send d
waitrowis 0 $row_e6
waitcursor 0 22
waitrow -2  [write] 3 unsaved live  0x4 (4)  of 256
sh cmp data.bin e6
# Character pane, from byte 5: letters that are commands elsewhere are
# typed here.
send l
waitrow -2  [write] 3 unsaved live  0x5 (5)  of 256
send <Tab>
waitcursor 0 65
send H
waitrowis 0 $row_e7
waitcursor 0 66
sh cmp data.bin e7
send q
waitrowis 0 $row_e8
waitcursor 0 67
sh cmp data.bin e8
send u
waitrowis 0 $row_e9
waitcursor 0 68
sh cmp data.bin e9
send w
waitrowis 0 $row_e10
waitcursor 0 69
sh cmp data.bin e10
send ~
waitrowis 0 $row_e11
waitcursor 0 70
waitrow -2  [write] 8 unsaved live  typing chars  0xa (10)  of 256
sh cmp data.bin e11
# Esc goes back to the hex pane, Tab into the character pane again, on
# the same byte.
send <Esc>
waitcursor 0 41
send <Tab>
waitcursor 0 70
# C-u / C-r work in the character pane.
send <C-u>
waitrowis -1 undone at 0x5, 3 unsaved
waitrowis 0 $row_e6
waitrow -2  [write] 3 unsaved
sh cmp data.bin e6
send <C-r>
waitrowis -1 redone at 0x5, 8 unsaved
waitrowis 0 $row_e11
waitrow -2  [write] 8 unsaved
sh cmp data.bin e11
# Home moves in the character pane too; Esc leaves it from there.
send <Home>
waitrow -2  [write] 8 unsaved live  typing chars  0x0 (0)  of 256
waitcursor 0 60
send <Esc>
waitcursor 0 10
# Undo everything with u and C-u, one edit at a time.
send u
waitrowis -1 undone at 0x5, 3 unsaved
waitrowis 0 $row_e6
waitrow -2  [write] 3 unsaved
sh cmp data.bin e6
send u
waitrowis -1 undone at 0x3, 2 unsaved
waitrowis 0 $row_e4
waitrow -2  [write] 2 unsaved
sh cmp data.bin e4
send <C-u>
waitrowis -1 undone at 0x0, 0 unsaved
waitrowis 0 $row_orig
waitrownot -2 unsaved
sh cmp data.bin orig.bin
send u
waitrowis -1 nothing to undo
# Redo everything with C-r.
send <C-r>
waitrowis -1 redone at 0x0, 2 unsaved
waitrowis 0 $row_e4
waitrow -2  [write] 2 unsaved
sh cmp data.bin e4
send <C-r>
waitrowis -1 redone at 0x3, 3 unsaved
waitrowis 0 $row_e6
sh cmp data.bin e6
send <C-r>
waitrowis -1 redone at 0x5, 8 unsaved
waitrowis 0 $row_e11
waitrow -2  [write] 8 unsaved
sh cmp data.bin e11
send <C-r>
waitrowis -1 nothing to redo
# Leave without saving: discarding undoes the edits in the file.
send q
waitrow -1 8 unsaved bytes:
send d
exit 0
SCRIPT
cmp data.bin orig.bin || fail "discarding on quit left data.bin changed"
pass "-w: hex digits, character pane, u/C-u/C-r reach the file at once"

# The last byte: typing over it works once, the next key is refused with
# the end-of-file message, the size never changes.  Hex pane first.
printf 'abcdefghijklmnopqrst' >orig20
cp orig20 tail.bin
derive t1 orig20 19 '\x44'
derive t2 orig20 19 '\x42'
derive t3 orig20 19 'Z'
row1_orig=$(hex_row orig20 16 16)
row1_t1=$(hex_row t1 16 16)
row1_t2=$(hex_row t2 16 16)
row1_t3=$(hex_row t3 16 16)
eof_msg="end of file: mmhex overwrites, it never changes the file's size"

vtrun 24 80 "$MMHEX" -w tail.bin <<SCRIPT
waitrow -2  tail.bin  [write] live  0x0 (0)  of 20
send G
waitrow -2  tail.bin  [write] live  0x13 (19)  of 20
send 4
waitrowis 1 $row1_t1
sh cmp tail.bin t1
send 2
waitrowis 1 $row1_t2
waitrow -2  [write] 1 unsaved live  0x13 (19)  of 20
sh cmp tail.bin t2
send 7
waitrowis -1 $eof_msg
expectrowis 1 $row1_t2
expectrow -2  [write] 1 unsaved live  0x13 (19)  of 20
sh cmp tail.bin t2
sh test "\$(stat -c %s tail.bin)" = 20
send w
waitrowis -1 saved 1 byte (read back from the file)
send q
exit 0
SCRIPT
cmp tail.bin t2 || fail "last byte: tail.bin is not as typed"
[ "$(stat -c %s tail.bin)" = 20 ] || fail "last byte: the size changed"
pass "-w: the last byte takes one hex byte, then 'end of file', size 20"

# The same in the character pane.
cp orig20 tail.bin
vtrun 24 80 "$MMHEX" -w tail.bin <<SCRIPT
waitrow -2  tail.bin  [write] live  0x0 (0)  of 20
send G
waitrow -2  tail.bin  [write] live  0x13 (19)  of 20
send <Tab>
waitcursor 1 63
send Z
waitrowis 1 $row1_t3
waitrow -2  [write] 1 unsaved live  typing chars  0x13 (19)  of 20
sh cmp tail.bin t3
send Y
waitrowis -1 $eof_msg
expectrowis 1 $row1_t3
expectrow -2  [write] 1 unsaved live  typing chars  0x13 (19)  of 20
sh cmp tail.bin t3
sh test "\$(stat -c %s tail.bin)" = 20
send <C-x>
waitrow -1 1 unsaved byte:
send d
exit 0
SCRIPT
cmp tail.bin orig20 || fail "last byte, char pane: discard left tail.bin changed"
pass "-w: the last byte takes one character, then 'end of file', size 20"

# An empty file has no byte to overwrite: typing is refused (some message
# on the last row), the size stays 0, mmhex carries on.
: >empty.bin
vtrun 24 80 "$MMHEX" -w empty.bin <<SCRIPT
waitrow 0 (empty file)
send 4
waitrowre -1 [a-z]
expectrownot -2 unsaved
sh test "\$(stat -c %s empty.bin)" = 0
send q
exit 0
SCRIPT
pass "-w: typing into an empty file is refused, size stays 0"

# Read-only (the default and -r): typing is refused in both panes with a
# message naming -w and -c; nothing changes on screen or on disk.  The
# character pane says it is active, and how to leave it.
ro_msg="read-only: open with -w to edit the file, or -c to edit a private copy"
cp orig.bin ro.bin
sum=$(sha256sum ro.bin)
for flag in default -r; do
	[ "$flag" = default ] && set -- ro.bin || set -- "$flag" ro.bin
	vtrun 24 80 "$MMHEX" "$@" <<SCRIPT
waitrow -2  ro.bin  [read-only] live  0x0 (0)  of 256
send 4
waitrowis -1 $ro_msg
expectrowis 0 $row_orig
expectrownot -2 unsaved
expectcursor 0 10
sh echo '$sum' | sha256sum -c --quiet
send u
waitrowis -1 nothing to undo
send <Tab>
waitcursor 0 60
waitrowis -1 character pane, read-only: keys type nothing; Esc or Tab: hex pane
expectrow -2 [read-only] live  typing chars  0x0 (0)
send x
waitrowis -1 read-only: -w edits the file, -c a private copy; Esc or Tab: hex pane
expectrowis 0 $row_orig
expectrownot -2 unsaved
sh echo '$sum' | sha256sum -c --quiet
send <Esc>
waitcursor 0 10
send w
waitrow -1 nothing to save
send q
exit 0
SCRIPT
	[ "$(sha256sum ro.bin)" = "$sum" ] || fail "$flag: ro.bin changed"
	pass "$flag: typing in either pane says '$ro_msg', the file is unchanged"
done

# The highlight of unsaved bytes: red (palette 1) on byte 0's two digits
# (columns 10, 11) and its character (column 60) after typing, gone after
# w, back after an undo (the file now differs from what was saved), gone
# after the next save.  Byte 1 (column 13) is never red.
cp orig.bin colour.bin
vtrun 24 80 "$MMHEX" -w colour.bin <<SCRIPT
waitrow -2  colour.bin  [write] live  0x0 (0)  of 256
expectnotcolour 0 10 1
send 41
waitrowis 0 $row_e2
waitrow -2 [write] 1 unsaved
expectcolour 0 10 1
expectcolour 0 11 1
expectcolour 0 60 1
expectnotcolour 0 13 1
expectnotcolour 0 61 1
send w
waitrowis -1 saved 1 byte (read back from the file)
expectnotcolour 0 10 1
expectnotcolour 0 11 1
expectnotcolour 0 60 1
send u
waitrowis -1 undone at 0x0, 1 unsaved
waitrowis 0 $row_orig
expectcolour 0 10 1
expectcolour 0 11 1
expectcolour 0 60 1
expectnotcolour 0 13 1
send w
waitrowis -1 saved 1 byte (read back from the file)
expectnotcolour 0 10 1
expectnotcolour 0 60 1
send q
exit 0
SCRIPT
cmp colour.bin orig.bin || fail "highlight: colour.bin is not the original"
pass "-w: edited bytes are red until saved, and again after an undo"

# -c: undo and redo around apply.  Edit, apply (the file has it), undo
# (1 unsaved, red again), redo (back to the applied state: 0 unsaved),
# undo, apply: the file is the original again.
mkdir cow
cp orig.bin cow/data.bin
cd cow
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrowis 0 $row_e2
waitrow -2 [copy-on-write] 1 unsaved
expectcolour 0 10 1
sh cmp data.bin ../orig.bin
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrowis -1 applied 1 byte to the original (read back from the file)
waitrownot -2 unsaved
expectnotcolour 0 10 1
sh cmp data.bin ../e2
send u
waitrowis -1 undone at 0x0, 1 unsaved
waitrowis 0 $row_orig
expectcolour 0 10 1
sh cmp data.bin ../e2
send <C-r>
waitrowis -1 redone at 0x0, 0 unsaved
waitrowis 0 $row_e2
waitrownot -2 unsaved
expectnotcolour 0 10 1
send u
waitrowis -1 undone at 0x0, 1 unsaved
waitrowis 0 $row_orig
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrowis -1 applied 1 byte to the original (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin ../orig.bin
send q
exit 0
SCRIPT
cd ..
cmp cow/data.bin orig.bin || fail "-c undo/redo/apply: data.bin is not the original"
pass "-c: edit, apply, undo, redo, undo, apply gives back the original"
