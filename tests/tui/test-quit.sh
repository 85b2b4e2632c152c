#!/bin/bash
# Quitting (ui-spec.md, "Editing"): without unsaved edits q, C-x and F10
# leave at once; with unsaved edits they ask on the last row.
# -w: "N unsaved byte(s): s save, d discard (undo them in the file), c
# cancel": c goes on editing, d leaves with the file as it was (the edits
# undone in the shared mapping), s saves and leaves.
# -c: "N unsaved byte(s): s save as, a apply to the original, d discard, c
# cancel": a writes the edits into the original, d leaves it untouched, s
# asks for a path and writes a patched copy there.
# In the character pane q is typed, C-x quits.
# Oracles: cmp against copies patched with printf and dd, sha256sum.
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

byte_pattern 1 orig.bin
sum_orig=$(sha256sum <orig.bin)
derive half orig.bin 0 '\x40'		# "4" on byte 0
derive e1 orig.bin 0 '\x42'		# "42" on byte 0
derive e2 e1 2 '\x99'			# then l, "99" on byte 2
derive q1 orig.bin 0 'q'		# char pane: "q" on byte 0
row_orig=$(hex_row orig.bin 0 16)
row_half=$(hex_row half 0 16)
row_e1=$(hex_row e1 0 16)
row_e2=$(hex_row e2 0 16)
row_q1=$(hex_row q1 0 16)
prompt_w="unsaved byte: s save, d discard (undo them in the file), c cancel"
prompt_w2="unsaved bytes: s save, d discard (undo them in the file), c cancel"
prompt_c="unsaved byte: s save as, a apply to the original, d discard, c cancel"

# same_sum FILE: FILE still has the original's sha256.
same_sum() {
	[ "$(sha256sum <"$1")" = "$sum_orig" ]
}

# Without edits q, C-x and F10 leave at once, in every mode.
cp orig.bin data.bin
for flag in -r -w -c; do
	for key in q '<C-x>' '<F10>'; do
		vtrun 24 80 "$MMHEX" "$flag" data.bin <<SCRIPT
waitrow -2  data.bin  [
send $key
exit 0
SCRIPT
	done
done
same_sum data.bin || fail "quitting without edits changed data.bin"
pass "without edits q, C-x and F10 quit at once in -r, -w and -c"

# An edit undone again is no unsaved edit: q leaves at once.
vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
waitrow -2  [write] 1 unsaved
send u
waitrowis 0 $row_orig
waitrownot -2 unsaved
send q
exit 0
SCRIPT
same_sum data.bin || fail "edit and undo left data.bin changed"
pass "-w: after undoing the only edit q quits at once"

# -w: c cancels, d discards (the file goes back to the original).
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
waitrow -2  [write] 1 unsaved live  0x1 (1)
sh cmp data.bin e1
send q
waitrowis -1 1 $prompt_w
# n and y are no answer: keys that write or lose work are named.
send n
send y
send l
expectrowis -1 1 $prompt_w
sh cmp data.bin e1
send c
waitrownot -1 unsaved byte
expectrow -2  [write] 1 unsaved live  0x1 (1)
# Still running: keys work, and the edit is still in the file.
send l
waitrow -2  [write] 1 unsaved live  0x2 (2)
sh cmp data.bin e1
send q
waitrowis -1 1 $prompt_w
send d
exit 0
SCRIPT
cmp data.bin orig.bin || fail "-w: d did not put the original back"
pass "-w: quit asks '1 $prompt_w'; c cancels, d discards in the file"

# -w, two edits: the prompt counts them; s saves and leaves.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
send l
waitrow -2  [write] 1 unsaved live  0x2 (2)
send 9
waitrow 0 00000000  42 01 92
send 9
waitrowis 0 $row_e2
waitrow -2  [write] 2 unsaved live  0x3 (3)
sh cmp data.bin e2
send q
waitrowis -1 2 $prompt_w2
send s
exit 0
SCRIPT
cmp data.bin e2 || fail "-w: s did not leave the edits saved"
pass "-w: quit asks '2 $prompt_w2'; s saves and quits"

# -w, character pane: q is typed; C-x asks; d discards.  Then F10 asks.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send <Tab>
waitcursor 0 60
send q
waitrowis 0 $row_q1
waitrow -2  [write] 1 unsaved live  typing chars  0x1 (1)
sh cmp data.bin q1
send <C-x>
waitrowis -1 1 $prompt_w
send d
exit 0
SCRIPT
cmp data.bin orig.bin || fail "-w: C-x then d did not put the original back"
vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send <Tab>
waitcursor 0 60
send q
waitrowis 0 $row_q1
waitrow -2  [write] 1 unsaved live  typing chars  0x1 (1)
send <F10>
waitrowis -1 1 $prompt_w
send c
waitrownot -1 unsaved byte
send <C-x>
waitrowis -1 1 $prompt_w
send s
exit 0
SCRIPT
cmp data.bin q1 || fail "-w: F10/C-x then s did not save"
pass "-w: in the character pane q is typed, C-x and F10 ask before quitting"

# -c: a applies to the original and leaves.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
waitrow -2  [copy-on-write] 1 unsaved live  0x1 (1)
sh cmp data.bin orig.bin
send q
waitrowis -1 1 $prompt_c
send c
waitrownot -1 unsaved byte
expectrow -2  [copy-on-write] 1 unsaved live  0x1 (1)
sh cmp data.bin orig.bin
send <C-x>
waitrowis -1 1 $prompt_c
send a
exit 0
SCRIPT
cmp data.bin e1 || fail "-c: a did not apply the edit to the original"
pass "-c: quit asks '1 $prompt_c'; c cancels, a applies and quits"

# -c: d leaves the original untouched.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
waitrow -2  [copy-on-write] 1 unsaved live  0x1 (1)
send <F10>
waitrowis -1 1 $prompt_c
send d
exit 0
SCRIPT
same_sum data.bin || fail "-c: d changed the original"
pass "-c: d discards, the original is untouched"

# -c: s asks for a path, writes the patched copy there and leaves.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 4
waitrowis 0 $row_half
send 2
waitrowis 0 $row_e1
waitrow -2  [copy-on-write] 1 unsaved live  0x1 (1)
send q
waitrowis -1 1 $prompt_c
send s
waitrowis -1 save as:
send out.bin
waitrowis -1 save as: out.bin
send <Enter>
exit 0
SCRIPT
cmp out.bin e1 || fail "-c: s did not write the patched copy"
same_sum data.bin || fail "-c: s changed the original"
pass "-c: s saves a patched copy and quits, the original is untouched"
