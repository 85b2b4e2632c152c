#!/bin/bash
# Block devices (issue 17): a loop device made by the test over a 16 MiB
# ext4 image.  Skipped, with the reason, where losetup is not allowed.
#  a. --dump prints what xxd prints of the device.
#  b. the viewer opens it read-only by default; the status line names a
#     block device with its sector size, then what `file -b -s` sees.
#  c. -w asks for the device's name typed on the terminal: a wrong name
#     opens nothing and writes nothing (exit 1); the right name opens it,
#     and a byte typed and saved reaches the device (and its image).
#  d. --patch on the device without a terminal is refused unless
#     MMHEX_CONFIRM_DEVICE names it; then it is applied.
#  e. -c edits a private copy: the device is unchanged after a quit
#     without applying.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

command -v losetup >/dev/null 2>&1 || skip_all "no losetup"
command -v mkfs.ext4 >/dev/null 2>&1 || skip_all "no mkfs.ext4"
truncate -s 16M disk.img
mkfs.ext4 -q -F disk.img >/dev/null 2>&1 || skip_all "mkfs.ext4 failed"
if ! dev=$(losetup -f --show disk.img 2>losetup.err); then
	skip_all "cannot make a loop device: $(head -n 1 losetup.err)"
fi
cleanup_dev() { losetup -d "$dev" 2>/dev/null || true; }
trap 'cleanup_dev; rm -rf "$TMP"' EXIT
size=$(blockdev --getsize64 "$dev")
sector=$(blockdev --getss "$dev")

# --- a. --dump against xxd. ----------------------------------------------
"$MMHEX" --dump --seek 1024 --len 512 "$dev" >got.txt ||
	fail "--dump of $dev exited $?"
xxd -s 1024 -l 512 "$dev" >want.txt
cmp -s got.txt want.txt || fail "a. --dump differs from xxd on $dev"
pass "a. --dump of a block device prints what xxd prints"

# --- b. read-only by default; the type on the status line. ---------------
kind=$(file -b -s "$dev" | cut -c1-20)
vtrun 24 140 "$MMHEX" "$dev" <<SCRIPT
waitrow -2 [read-only]
waitrow -2  of $size
waitrow -2 block device, $sector-byte sectors: $kind
send 4
waitrow -1 read-only
send q
exit 0
SCRIPT
pass "b. opened read-only, $size bytes, status: block device, $sector-byte sectors: $kind"

# --- c. -w asks for the name. --------------------------------------------
sha_before=$(sha256sum <"$dev")
vtrun 24 140 "$MMHEX" -w "$dev" <<SCRIPT
wait is a block device ($size bytes, $sector-byte sectors)
wait Type its name ($dev) to go on
send /dev/wrong<Enter>
wait not confirmed
exit 1
SCRIPT
[ "$(sha256sum <"$dev")" = "$sha_before" ] ||
	fail "c. the device changed after a refused confirmation"
vtrun 24 140 "$MMHEX" -w "$dev" <<SCRIPT
wait Type its name ($dev) to go on
send $dev<Enter>
waitrow -2 [write]
send 41
waitrow -2 1 unsaved
send w
waitrow -1 saved 1 byte
send q
exit 0
SCRIPT
got=$(xxd -p -l 1 "$dev")
[ "$got" = 41 ] || fail "c. the device's first byte is $got, want 41"
sync
[ "$(xxd -p -l 1 disk.img)" = 41 ] || fail "c. the image behind it not written"
pass "c. -w: a wrong name opens nothing; the right one edits the device"

# --- d. --patch needs the confirmation too. ------------------------------
if "$MMHEX" --patch 1:00:42 "$dev" </dev/null >out.txt 2>err.txt; then
	fail "d. --patch on a device went through without a confirmation"
fi
grep -q "MMHEX_CONFIRM_DEVICE=$dev" err.txt ||
	fail "d. the refusal does not say how to confirm: $(cat err.txt)"
[ "$(xxd -p -s 1 -l 1 "$dev")" = 00 ] || fail "d. the refused patch wrote"
MMHEX_CONFIRM_DEVICE=$dev "$MMHEX" --patch 1:00:42 "$dev" </dev/null ||
	fail "d. --patch with MMHEX_CONFIRM_DEVICE exited $?"
[ "$(xxd -p -s 1 -l 1 "$dev")" = 42 ] || fail "d. the patch did not land"
pass "d. --patch on a device: refused alone, applied with MMHEX_CONFIRM_DEVICE"

# --- e. -c is private. ---------------------------------------------------
sha_before=$(sha256sum <"$dev")
vtrun 24 140 "$MMHEX" -c "$dev" <<SCRIPT
waitrow -2 [copy-on-write]
send 99
waitrow -2 1 unsaved
send q
waitrow -1 unsaved
send d
exit 0
SCRIPT
[ "$(sha256sum <"$dev")" = "$sha_before" ] || fail "e. -c wrote to the device"
pass "e. -c: edits stay private, the device is unchanged"
