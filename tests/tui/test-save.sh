#!/bin/bash
# Saving (ui-spec.md, "Editing"; DESIGN.md, "Open modes").
# -w: w / F2 say "saved N edit(s)" and clear "N unsaved"; an undo after a
# save is one unsaved byte again, and saving it puts the original back.
# -c: the file never changes while editing; w explains W and P; W / F3
# write a patched copy to a new path (asking before replacing a file);
# F4 asks, then writes the edits into the original, and only the edited
# bytes: a byte another process changed meanwhile survives.  (The A key
# is not used: A is also a hex digit, and the hex pane types it.)  -w on
# a file that cannot be written fails with exit status 1, suggesting -c.
# Save-as onto the open file is refused, naming P; save-as of a sparse
# file keeps its holes (du) while writing edits made in them (cmp).
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

# -w: save, undo after the save, save again; then two edits with F2.
cp orig.bin data.bin
derive w1 orig.bin 16 '\x5a'
derive w2 orig.bin 0 '\xff'
poke w2 255 '\x00'
row1_orig=$(hex_row orig.bin 16 16)
derive w1half orig.bin 16 '\x50'
row1_half=$(hex_row w1half 16 16)
row1_w1=$(hex_row w1 16 16)

vtrun 24 80 "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send w
waitrowis -1 no unsaved edits
send j
waitrow -2  data.bin  [write] live  0x10 (16)  of 256
send 5
waitrowis 1 $row1_half
send a
waitrowis 1 $row1_w1
waitrow -2  data.bin  [write] 1 unsaved live  0x11 (17)  of 256
send w
waitrowis -1 saved 1 byte (read back from the file)
waitrownot -2 unsaved
expectrow -2  data.bin  [write] live  0x11 (17)  of 256
expectrowis 1 $row1_w1
sh cmp data.bin w1
# Undo after the save: the file goes back at once, and that is unsaved.
send u
waitrowis -1 undone at 0x10, 1 unsaved
waitrow -2  [write] 1 unsaved
waitrowis 1 $row1_orig
sh cmp data.bin orig.bin
send w
waitrowis -1 saved 1 byte (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin orig.bin
# Two edits, saved with F2.
send g
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send f
waitrow 0 00000000  f0 01
send f
waitrow 0 00000000  ff 01
waitrow -2  [write] 1 unsaved live  0x1 (1)
send G
waitrow -2  [write] 1 unsaved live  0xff (255)
send 0
waitrow 15 000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe 0f
send 0
waitrow 15 000000f0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe 00
waitrow -2  [write] 2 unsaved live  0xff (255)
send <F2>
waitrowis -1 saved 2 bytes (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin w2
# Nothing unsaved: q leaves at once.
send q
exit 0
SCRIPT
cmp data.bin w2 || fail "-w: data.bin is not as saved"
pass "-w: w and F2 save (saved N edit(s)), undo after save is unsaved again"

# -c: edits stay private; w explains W and P; save as; replace asks;
# apply asks and writes only the edited bytes.
mkdir cow
cp orig.bin cow/data.bin
sum=$(cd cow && sha256sum data.bin)
derive c1 orig.bin 0 '\x41'
derive c2 c1 2 '\xee'
# What the original should hold after apply: the two edits, and byte 100
# as another process writes it while mmhex runs.
derive c2ext c2 100 'w'
row0_c1=$(hex_row c1 0 16)
row0_c2=$(hex_row c2 0 16)

cd cow
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 4
waitrow 0 00000000  40 01
send 1
waitrowis 0 $row0_c1
waitrow -2  data.bin  [copy-on-write] 1 unsaved live  0x1 (1)  of 256
sh echo '$sum' | sha256sum -c --quiet
# w cannot save a private mapping: it points at W and P.
send w
waitrowre -1 (^|[^[:alnum:]])W([^[:alnum:]]|\$)
expectrowre -1 (^|[^[:alnum:]])P([^[:alnum:]]|\$)
expectrow -2 [copy-on-write] 1 unsaved
sh echo '$sum' | sha256sum -c --quiet
# Save as a new file.
send W
waitrowis -1 save as:
send copy.bin
waitrowis -1 save as: copy.bin
send <Enter>
waitrowis -1 wrote a patched copy to copy.bin (256 bytes)
sh cmp copy.bin ../c1
sh echo '$sum' | sha256sum -c --quiet
sh test "\$(ls -A | tr '\n' ' ')" = "copy.bin data.bin "
# A second edit, then save as over copy.bin: n keeps it, y replaces it.
send l
waitrow -2  [copy-on-write] 1 unsaved live  0x2 (2)
send e
waitrow 0 00000000  41 01 e2
send e
waitrowis 0 $row0_c2
waitrow -2  [copy-on-write] 2 unsaved live  0x3 (3)
send W
waitrowis -1 save as:
send copy.bin
waitrowis -1 save as: copy.bin
send <Enter>
waitrowis -1 file exists, replace it? (y/n)
send n
waitrownot -1 replace it
sh cmp copy.bin ../c1
send <F3>
waitrowis -1 save as:
send copy.bin
waitrowis -1 save as: copy.bin
send <Enter>
waitrowis -1 file exists, replace it? (y/n)
send y
waitrowis -1 wrote a patched copy to copy.bin (256 bytes)
sh cmp copy.bin ../c2
sh echo '$sum' | sha256sum -c --quiet
sh test "\$(ls -A | tr '\n' ' ')" = "copy.bin data.bin "
expectrow -2 [copy-on-write] 2 unsaved
# Apply: n leaves the original alone.  P (not A, a hex digit) and F4
# both ask.
send P
waitrowis -1 write the edits into the original file? (y/n)
send n
waitrownot -1 write the edits
expectrow -2 [copy-on-write] 2 unsaved
sh echo '$sum' | sha256sum -c --quiet
# Another process changes byte 100 (same page as the edits); applying
# must write only the edited bytes, so that change survives.
sh printf w | dd of=data.bin bs=1 seek=100 conv=notrunc status=none
send <F4>
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrowis -1 applied 2 bytes to the original (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin ../c2ext
sh cmp copy.bin ../c2
send q
exit 0
SCRIPT
cd ..
cmp cow/data.bin c2ext || fail "-c: data.bin is not as applied"
pass "-c: w explains W and P, W/F3 save as (replace asks), F4 applies only the edits"

# -w on a read-only file: exit 1 and a message suggesting -c.  Root may
# write any file whatever its mode, so as root the check runs as nobody
# (setpriv) when nobody can reach mmhex and the file, else it is skipped.
printf 'read only\n' >ro.txt
chmod 444 ro.txt
as_user=()
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$TMP"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if ! command -v setpriv >/dev/null 2>&1 ||
	    ! "${as_user[@]}" test -x "$MMHEX" ||
	    ! "${as_user[@]}" test -r ro.txt; then
		as_user=()
	fi
fi
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
	skip "-w on a chmod 444 file (root may write it, and nobody cannot run $MMHEX)"
else
	set +e
	"${as_user[@]}" "$MMHEX" -w ro.txt </dev/null >out 2>err
	status=$?
	set -e
	[ "$status" = 1 ] ||
		fail "-w on a read-only file: status $status, want 1; stderr: $(cat err)"
	grep -q -- '-c' err ||
		fail "-w on a read-only file: message does not suggest -c: $(cat err)"
	[ "$(cat ro.txt)" = "read only" ] || fail "-w on a read-only file changed it"
	pass "-w on a chmod 444 file: exit 1, message suggests -c: $(cat err)"
fi

# Save-as onto the open file itself (by its name, or another path to the
# same inode) is refused before the replace question, pointing at P: a
# copy renamed over it would orphan the mapping.
mkdir self
cp orig.bin self/data.bin
sum=$(cd self && sha256sum data.bin)
cd self
vtrun 24 80 "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrow -2  data.bin  [copy-on-write] 1 unsaved live
send W
waitrowis -1 save as:
send data.bin<Enter>
waitrowis -1 that is the file being edited: P applies the edits to it
send W
waitrowis -1 save as:
send ./data.bin<Enter>
waitrowis -1 that is the file being edited: P applies the edits to it
expectrow -2 [copy-on-write] 1 unsaved
sh echo '$sum' | sha256sum -c --quiet
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrowis -1 applied 1 byte to the original (read back from the file)
waitrownot -2 unsaved
expectrownot -1 replaced
send q
exit 0
SCRIPT
cd ..
derive self1 orig.bin 0 '\x41'
cmp self/data.bin self1 || fail "save-as onto itself: data.bin is not as applied"
pass "-c: save-as onto the open file is refused (by name and by inode), P still applies"

# Save-as of a sparse file keeps its holes: 64 MiB, "tail" at the end; an
# edit in the hole (byte 0) and one in the data (the last byte).  The copy
# equals a patched copy made with dd, and takes little room on disk.
truncate -s 64M sparse.bin
printf tail | dd of=sparse.bin bs=1 seek=$((64 * 1024 * 1024 - 4)) \
    conv=notrunc status=none
cp --sparse=always sparse.bin sparse-want
poke sparse-want 0 '\x42'
poke sparse-want $((64 * 1024 * 1024 - 1)) '\x41'
vtrun 24 80 "$MMHEX" -c sparse.bin <<SCRIPT
waitrow -2  sparse.bin  [copy-on-write] live  0x0 (0)  of 67108864
send 42
waitrow -2 [copy-on-write] 1 unsaved
send G
waitrow -2 [copy-on-write] 1 unsaved live  0x3ffffff
send 41
waitrow -2 [copy-on-write] 2 unsaved
send W
waitrowis -1 save as:
send sparse-copy.bin<Enter>
waitrowis -1 wrote a patched copy to sparse-copy.bin (67108864 bytes)
send <C-x>
waitrow -1 2 unsaved bytes:
send d
exit 0
SCRIPT
cmp sparse-copy.bin sparse-want || fail "sparse save-as: the copy differs"
used=$(du -k sparse-copy.bin | cut -f 1)
[ "$used" -lt 1024 ] || fail "sparse save-as: the copy takes $used KiB"
pass "-c: save-as of a 64 MiB sparse file keeps the holes ($used KiB used), edits in hole and data"

# -c save-as takes the bytes from the file (pread), never through the
# private mapping: mmhex's resident memory stays small however big the
# file (issue 12, 7: a 1 GiB save-as used to leave 1 GiB resident).
rss_name=rss-$$.bin
head -c $((256 << 20)) /dev/zero | tr '\0' 'r' >"$rss_name"
cp "$rss_name" rss-want.bin
poke rss-want.bin 0 '\x41'
vtrun 24 80 "$MMHEX" -c "$rss_name" <<SCRIPT
waitrow -2 [copy-on-write] live  0x0 (0)  of 268435456
send 41
waitrow -2 [copy-on-write] 1 unsaved
sh grep VmRSS /proc/\$(pgrep -n -f -- '-c $rss_name\$')/status >rss0.txt
send W
waitrowis -1 save as:
send rss-copy.bin<Enter>
timeout 60000
waitrowis -1 wrote a patched copy to rss-copy.bin (268435456 bytes)
timeout default
sh grep VmRSS /proc/\$(pgrep -n -f -- '-c $rss_name\$')/status >rss.txt
send q
waitrow -1 1 unsaved byte
send d
exit 0
SCRIPT
cmp rss-copy.bin rss-want.bin || fail "-c save-as of 256 MiB: the copy differs"
# Growth, not the total: a sanitizer build starts at tens of MB.
rss0=$(awk '{ print $2 }' rss0.txt)
rss=$(awk '{ print $2 }' rss.txt)
[ -n "$rss0" ] && [ -n "$rss" ] && [ $((rss - rss0)) -lt 32768 ] ||
	fail "-c save-as of 256 MiB: resident ${rss0:-?} kB before, ${rss:-?} kB after"
pass "-c save-as of 256 MiB: the copy is right (cmp), resident $rss0 kB before, $rss kB after"
rm -f "$rss_name" rss-want.bin rss-copy.bin
