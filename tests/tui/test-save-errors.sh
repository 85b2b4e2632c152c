#!/bin/bash
# Save errors (DESIGN.md, "Open modes"; save.h).  mmhex runs with the
# fault-injection shim (tests/faultinject.so, LD_PRELOAD) reading what to
# fail from the file "fault" (in the current directory), which the script removes to end the fault.
# -w: msync or fsync failing (EIO) -> a message naming the call and the
# error, "N unsaved" stays; once the fault is gone the next save says
# "saved" and the file holds the edit (save.c promises no more: the
# journal is kept and the user told).  -c: save-as with pwrite failing
# (ENOSPC) or fsync failing (EIO) -> message, no temporary file left,
# original untouched, edits kept; apply with pwrite or fdatasync failing
# -> message, edits kept, and a later apply works.  Save-as where link()
# is not supported (EPERM, as on vfat, which has no O_TMPFILE either, so
# the shim fails that too) falls back to renameat2, and where that is
# unsupported too (EINVAL) to a check and rename.  As root,
# a real full filesystem (ext4 image): typing into a hole says "No space
# left on device" (not "the file shrank"), save-as onto it fails so too.
# Oracles: cmp against copies patched with dd, sha256sum, ls.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

[ -f "$FAULTINJECT" ] || skip_all "no fault-injection shim at $FAULTINJECT"
# The shim is not built with the sanitizers: ASan must not insist on
# coming first.
faulty=(env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT_FILE=fault
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    "$MMHEX")

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with the printf BYTES.
poke() {
	printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

byte_pattern 1 orig.bin
cp orig.bin w1
poke w1 0 '\x41'

# -w: msync fails; the next save rewrites the edited ranges with pwrite
# (the kernel may have left the pages clean after the error), which fails
# too; then fsync fails; then the fault is gone and w saves.
cp orig.bin data.bin
vtrun 24 80 "${faulty[@]}" -w data.bin <<SCRIPT
waitrow -2  data.bin  [write] live  0x0 (0)  of 256
send 41
waitrow -2  data.bin  [write] 1 unsaved live
sh echo msync:EIO >fault
send w
waitrowis -1 cannot save (msync): Input/output error; the edits are kept
expectrow -2  data.bin  [write] 1 unsaved live
sh echo pwrite:EIO >fault
send <Esc>
send w
waitrowis -1 cannot save (rewrite): Input/output error; the edits are kept
expectrow -2  data.bin  [write] 1 unsaved live
sh echo fsync:EIO >fault
send <Esc>
send w
waitrowis -1 cannot save (fsync): Input/output error; the edits are kept
expectrow -2  data.bin  [write] 1 unsaved live
sh rm fault
send w
waitrowis -1 saved 1 byte (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin w1
send q
exit 0
SCRIPT
cmp data.bin w1 || fail "-w: data.bin is not as saved after the retry"
pass "-w: msync, rewrite (pwrite) and fsync EIO are reported, the edit stays unsaved, a save after the fault saves"

# -c: save-as fails on pwrite (ENOSPC) and on fsync (EIO); apply fails on
# pwrite (EIO) and on fdatasync (EIO); then both work.
mkdir cow
cp orig.bin cow/data.bin
sum=$(cd cow && sha256sum data.bin)
cd cow
vtrun 24 80 "${faulty[@]}" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrow -2  data.bin  [copy-on-write] 1 unsaved live
sh echo pwrite:ENOSPC >fault
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrowis -1 copy.bin: cannot write: No space left on device
expectrow -2 [copy-on-write] 1 unsaved
sh test "\$(ls -A | tr '\n' ' ')" = "data.bin fault "
sh echo '$sum' | sha256sum -c --quiet
sh echo fsync:EIO >fault
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrowis -1 copy.bin: cannot save (fsync): Input/output error
expectrow -2 [copy-on-write] 1 unsaved
sh test "\$(ls -A | tr '\n' ' ')" = "data.bin fault "
sh echo '$sum' | sha256sum -c --quiet
sh echo pwrite:EIO >fault
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrow -1 cannot write the edit at 0x0: Input/output error; the
expectrow -2 [copy-on-write] 1 unsaved
sh echo '$sum' | sha256sum -c --quiet
sh echo fdatasync:EIO >fault
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrow -1 cannot apply the edits (fdatasync): Input/output error; the
expectrow -2 [copy-on-write] 1 unsaved
sh rm fault
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrowis -1 wrote a patched copy to copy.bin (256 bytes)
sh cmp copy.bin ../w1
send P
waitrowis -1 write the edits into the original file? (y/n)
send y
waitrowis -1 applied 1 byte to the original (read back from the file)
waitrownot -2 unsaved
sh cmp data.bin ../w1
sh test "\$(ls -A | tr '\n' ' ')" = "copy.bin data.bin "
send q
exit 0
SCRIPT
cd ..
cmp cow/data.bin w1 || fail "-c: data.bin is not as applied"
pass "-c: save-as (pwrite ENOSPC, fsync EIO) and apply (pwrite, fdatasync EIO) report, keep the edits, leave no temporary file"

# Save-as where link() is unsupported: renameat2(RENAME_NOREPLACE), then
# a check and rename; an existing target is still refused on both paths.
# Such filesystems (vfat, exfat) have no O_TMPFILE either: without it the
# temporary file is named, and only a named one can be renamed.
mkdir nolink
cp orig.bin nolink/data.bin
cd nolink
echo existing >taken
vtrun 24 80 "${faulty[@]}" -c data.bin <<SCRIPT
waitrow -2  data.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrow -2  data.bin  [copy-on-write] 1 unsaved live
sh printf 'tmpfile:EOPNOTSUPP\nlink:EPERM\n' >fault
send W
waitrowis -1 save as:
send a.bin<Enter>
waitrowis -1 wrote a patched copy to a.bin (256 bytes)
sh cmp a.bin ../w1
sh printf 'tmpfile:EOPNOTSUPP\nlink:EPERM\nrenameat2:EINVAL\n' >fault
send W
waitrowis -1 save as:
send b.bin<Enter>
waitrowis -1 wrote a patched copy to b.bin (256 bytes)
sh cmp b.bin ../w1
sh rm fault
sh test "\$(ls -A | tr '\n' ' ')" = "a.bin b.bin data.bin taken "
send <C-x>
waitrow -1 1 unsaved byte:
send d
exit 0
SCRIPT
[ "$(cat taken)" = existing ] || fail "no-link save-as: taken changed"
cd ..
pass "-c: save-as without link() uses renameat2, and without that check+rename"

# A real full filesystem: root only (a loop-mounted 4 MiB ext4 image;
# tmpfs will not do, it allocates a page for a hole even to read it, so
# the screen itself could not be drawn), skipped otherwise.
full=$TMP/full
mkdir "$full"
if [ "$(id -u)" != 0 ] || ! command -v mkfs.ext4 >/dev/null 2>&1; then
	skip "full filesystem: needs root and mkfs.ext4"
	exit 0
fi
truncate -s 4M ext4.img
if ! mkfs.ext4 -q -F -m 0 -b 4096 ext4.img >/dev/null 2>&1 ||
    ! mount -o loop ext4.img "$full" 2>/dev/null; then
	skip "full filesystem: cannot make or loop-mount an ext4 image"
	exit 0
fi
trap 'umount "$full" 2>/dev/null; rm -rf "$TMP"' EXIT
truncate -s 32k "$full/holes.bin"
dd if=/dev/zero of="$full/filler" bs=4k status=none 2>/dev/null || true
sync
[ "$(df -B1 --output=avail "$full" | tail -n 1 | tr -d ' ')" -lt 4096 ] ||
	fail "full filesystem: could not fill it"
sum=$(sha256sum "$full/holes.bin")
vtrun 24 80 "$MMHEX" -w "$full/holes.bin" <<SCRIPT
waitrow -2 holes.bin  [write] live  0x0 (0)  of 32768
send 4
waitrowis -1 cannot edit at 0x0: No space left on device
expectrownot -2 unsaved
sh echo '$sum' | sha256sum -c --quiet
send q
exit 0
SCRIPT
pass "full ext4: typing into a hole says 'No space left on device', nothing unsaved"

cp orig.bin full-src.bin
vtrun 24 80 "$MMHEX" -c full-src.bin <<SCRIPT
waitrow -2  full-src.bin  [copy-on-write] live  0x0 (0)  of 256
send 41
waitrow -2 [copy-on-write] 1 unsaved
send W
waitrowis -1 save as:
send $full/copy.bin<Enter>
waitrowre -1 No space left on device\$
expectrow -2 [copy-on-write] 1 unsaved
sh test "\$(ls -A $full | tr '\n' ' ')" = "filler holes.bin lost+found "
sh cmp full-src.bin orig.bin
send <C-x>
waitrow -1 1 unsaved byte:
send d
exit 0
SCRIPT
pass "full ext4: save-as says 'No space left on device', leaves no temporary file"
