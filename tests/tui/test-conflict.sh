#!/bin/bash
# Edits under a concurrent writer (issue 12; edit.h, "conflict").  Another
# process writes the file while mmhex holds unsaved edits; nothing mmhex
# does may write over the other process's bytes unless the user says so,
# and no message may claim a save that is not in the file.
#  a. -w: edit byte 0, another process writes "NEW CONTENT 0123" over the
#     head; quit and discard: a conflict prompt names the byte; k keeps
#     theirs (the file is theirs, byte for byte); m puts the saved byte
#     back over theirs, as asked; c cancels and writes nothing.
#  b. -w: the same with an in-place write of the edited byte (dd
#     conv=notrunc), and undo: refused with the prompt, nothing written.
#  c. -w: the file truncated and rewritten drops the page holding the
#     edit: w names the conflict instead of "saved"; -c: the file
#     rewritten in place under the edit: P names the conflict instead of
#     "applied" (a truncation there drops the edit with the page, which
#     the shrink message reports; check-edit.c covers that case).
#  d. -w: the file renamed over: w refuses, naming W and R; q still asks;
#     R re-applies the edit to the new file, w then saves it there.
#  e. -c: another process appends into the page that holds an edit:
#     save-as writes their bytes, not the private page's zeros.
#  f. -w: a save, then a shrink below the edit, then undo: nothing past
#     the end counts as unsaved, q quits without asking.
# Oracles: cmp against copies made with printf and dd.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with the printf BYTES.
poke() {
	printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

byte_pattern 1 orig.bin
cp orig.bin theirs.bin
poke theirs.bin 0 'NEW CONTENT 0123'
conflict1="conflict: another process changed 1 byte under your edits (0x0-0x0)"

# --- a. discard at quit over their bytes: k, m, c. ----------------------
cp orig.bin data.bin
vtrun 24 140 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 42
waitrow -2 [write] 1 unsaved
sh printf 'NEW CONTENT 0123' | dd of=data.bin bs=1 conv=notrunc status=none
waitrow 0 4e 45 57
send q
waitrow -1 1 unsaved byte: s save, d discard
send d
waitrow -1 $conflict1: k keep theirs
sh cmp data.bin theirs.bin
send k
exit 0
SCRIPT
cmp data.bin theirs.bin || fail "a. k: discard wrote over their bytes"
pass "a. -w discard after another process wrote the head: conflict named, k keeps theirs (cmp)"

cp orig.bin data.bin
cp theirs.bin mine-discarded.bin
poke mine-discarded.bin 0 '\x00'
vtrun 24 140 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 42
waitrow -2 [write] 1 unsaved
sh printf 'NEW CONTENT 0123' | dd of=data.bin bs=1 conv=notrunc status=none
waitrow 0 4e 45 57
send q
waitrow -1 1 unsaved byte: s save, d discard
send d
waitrow -1 $conflict1: k keep theirs, m discard over theirs
send m
exit 0
SCRIPT
cmp data.bin mine-discarded.bin || fail "a. m: the saved byte is not back"
pass "a. m puts the saved byte back over theirs, and only that byte"

cp orig.bin data.bin
vtrun 24 140 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 42
waitrow -2 [write] 1 unsaved
sh printf 'NEW CONTENT 0123' | dd of=data.bin bs=1 conv=notrunc status=none
waitrow 0 4e 45 57
send q
waitrow -1 1 unsaved byte: s save, d discard
send d
waitrow -1 $conflict1
send c
waitrowis -1 cancelled: nothing written
expectrow -2 [write] 1 unsaved
sh cmp data.bin theirs.bin
send q
waitrow -1 1 unsaved byte
send d
waitrow -1 $conflict1
send k
exit 0
SCRIPT
cmp data.bin theirs.bin || fail "a. c then k: data.bin is not theirs"
pass "a. c cancels (nothing written, still 1 unsaved), quit asks again"

# --- b. undo over an in-place write of the edited byte. -----------------
cp orig.bin data.bin
cp orig.bin b-theirs.bin
poke b-theirs.bin 1 'Z'
vtrun 24 140 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 4243
waitrow -2 [write] 2 unsaved
sh printf Z | dd of=data.bin bs=1 seek=1 conv=notrunc status=none
waitrow 0 42 5a
send u
waitrow -1 conflict: another process changed 1 byte under your edits (0x1-0x1): k keep theirs, m undo over theirs
sh test "\$(od -An -tx1 -N2 data.bin)" = " 42 5a"
send k
waitrowis -1 undone at 0x0, 0 unsaved
sh cmp data.bin b-theirs.bin
send q
exit 0
SCRIPT
cmp data.bin b-theirs.bin || fail "b. undo wrote over their byte"
pass "b. -w undo after an in-place write (dd conv=notrunc): conflict, k keeps their byte, undoes the other"

# --- c. truncated and rewritten: no false "saved" / "applied". ----------
head -c 256 /dev/zero | tr '\0' 'o' >others.bin
cp orig.bin data.bin
# A watch tick of 1 s, and the file type in before the keys: a frame
# (a tick, the type's arrival) that fell between the truncation and the
# rewrite would see the file empty and (rightly) forget the edit.
vtrun 24 140 "$MMHEX" -w --watch 1000 data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
waitrow -2 Targa
send 41
waitrow -2 [write] 1 unsaved
sh cat others.bin >data.bin
waitrow 0 6f 6f 6f
send w
waitrow -1 $conflict1: k keep theirs, m write mine over theirs
sh cmp data.bin others.bin
send c
waitrowis -1 cancelled: nothing written
expectrownot -1 saved
send q
waitrow -1 1 unsaved byte
send d
waitrow -1 $conflict1
send k
exit 0
SCRIPT
cmp data.bin others.bin || fail "c. -w: data.bin is not the other process's"
pass "c. -w: truncated and rewritten under an edit: w names the conflict, no 'saved', file untouched"

mkdir cow
cp orig.bin cow/data.bin
cd cow
vtrun 24 140 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrow -2 [copy-on-write] 1 unsaved
sh dd if=../others.bin of=data.bin conv=notrunc status=none
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrow -1 $conflict1: k keep theirs, m write mine over theirs
sh cmp data.bin ../others.bin
send k
waitrowis -1 no unsaved edits to apply
sh cmp data.bin ../others.bin
send q
exit 0
SCRIPT
cd ..
cmp cow/data.bin others.bin || fail "c. -c: apply wrote over the other process's bytes"
pass "c. -c: P after an in-place rewrite names the conflict, k keeps theirs, nothing applied"

# --- d. renamed over: w refuses, R re-applies. --------------------------
# The new file holds what the edit was made over at byte 0 (so the edit
# re-applies cleanly) and differs elsewhere.
cp orig.bin data.bin
cp orig.bin d-new.bin
poke d-new.bin 100 'new'
cp d-new.bin d-want.bin
poke d-want.bin 0 '\x41'
vtrun 24 200 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 41
waitrow -2 [write] 1 unsaved
sh cp d-new.bin new.bin && mv new.bin data.bin
waitrow -1 file replaced on disk; your unsaved edits are in the old file: W writes them to a new file, R re-applies them to the new one
send w
waitrow -1 the file was replaced since it was opened: the edits are in the old file, which no name reaches; W writes them to a new file, R re-applies them to the file now named data.bin
expectrow -2 [write] 1 unsaved
sh cmp data.bin d-new.bin
send q
waitrow -1 1 unsaved byte: s save, d discard
send c
send R
waitrow -1 re-applied 1 byte to the new file (not saved yet); 0 conflict (the new file differs there), 0 past its end
sh cmp data.bin d-want.bin
waitrow -2 [write] 1 unsaved
send w
waitrowis -1 saved 1 byte (read back from the file)
send q
exit 0
SCRIPT
cmp data.bin d-want.bin || fail "d. the edit is not in the new file"
pass "d. -w renamed over: w refuses naming W and R, q asks, R re-applies, w saves into the new file"

# --- e. -c save-as after an append into the edited page. ----------------
head -c 100 orig.bin >short.bin
cp short.bin e-want.bin
printf 'appended by another process' >>e-want.bin
poke e-want.bin 10 '\x77'
vtrun 24 140 "$MMHEX" -c short.bin <<SCRIPT
waitrow -2  short.bin  [copy-on-write] live  0x0 (0)  of 100
send :10<Enter>
waitrow -2 0xa (10)
send 77
waitrow -2 [copy-on-write] 1 unsaved
sh printf 'appended by another process' >>short.bin
waitrow -1 file grew to 127 bytes
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrow -1 wrote a patched copy to copy.bin (127 bytes)
sh cmp copy.bin e-want.bin
send q
waitrow -1 1 unsaved byte
send d
exit 0
SCRIPT
cmp copy.bin e-want.bin || fail "e. the copy is not the file with the edit"
pass "e. -c save-as after an append into the edited page: their bytes, the edit, no zeros (cmp)"

# --- f. undo after a shrink: no phantom edit. ---------------------------
byte_pattern 2 f.bin
vtrun 24 140 "$MMHEX" -w f.bin <<SCRIPT
waitrow -2  f.bin  [write] live  0x0 (0)  of 512
send :0x150<Enter>
waitrow -2 0x150 (336)
send 41
waitrow -2 [write] 1 unsaved
send w
waitrowis -1 saved 1 byte (read back from the file)
sh truncate -s 256 f.bin
waitrow -1 file shrank to 256 bytes
send u
waitrowis -1 undone at 0x150, 0 unsaved
expectrownot -2 unsaved
send q
exit 0
SCRIPT
[ "$(stat -c %s f.bin)" = 256 ] || fail "f. f.bin is not 256 bytes"
cmp f.bin orig.bin || fail "f. f.bin changed"
pass "f. undo after a shrink below the edit: 0 unsaved, q quits at once"
