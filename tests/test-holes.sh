#!/bin/bash
# Holes of a sparse file are never read through the mapping (issue 12,
# item 6): on tmpfs a read fault in a hole allocates a page, so a viewer
# of /dev/shm ate RAM, and on a full tmpfs failed ("Bad address").  As
# root, on a tmpfs of 1 MiB of its own, with a 256 MiB sparse file (all
# hole) and one with a few KiB of data in its middle:
#  a. --dump --len 512k prints what xxd -l 524288 prints, and neither the
#     file (stat %b) nor the tmpfs (df) gained a block;
#  b. --hex --count --find 00 counts every zero byte (268435456 for the
#     hole; for the other, the size less the data's non-zero bytes), exit
#     0, nothing allocated; a text in the data is found where grep -b says;
#  c. the viewer, hex and --text, paging down a few screens and jumping
#     to the end (G), leaves nothing allocated; -w and -c too.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

[ "$(id -u)" = 0 ] || skip_all "not root: cannot mount a tmpfs of our own"
command -v xxd >/dev/null 2>&1 || skip_all "xxd is not installed"
mkdir mnt
mount -t tmpfs -o size=1m,mode=700 mmhex-holes mnt 2>mount.err ||
	skip_all "cannot mount a tmpfs: $(cat mount.err)"
trap 'umount "$TMP/mnt" 2>/dev/null; rm -rf "$TMP"' EXIT

size=268435456
mid=$((size / 2 - 5000))
truncate -s "$size" mnt/hole
truncate -s "$size" mnt/data
{
	printf 'before the needle '
	head -c 3000 /dev/urandom
	printf '\na NEEDLE in the data\n'	# a line of its own: never wrapped
	head -c 2000 /dev/urandom
} >payload
dd if=payload of=mnt/data bs=4096 seek=$((mid / 4096)) conv=notrunc \
    status=none
data_at=$((mid / 4096 * 4096))

# used: the tmpfs's 1K blocks in use.  blocks FILE: the file's blocks.
used() {
	df -k --output=used "$TMP/mnt" | tail -n 1 | tr -d ' '
}
blocks() {
	stat -c %b "$1"
}

# unchanged WHAT: fail unless the files and the tmpfs hold what they held.
unchanged() {
	[ "$(blocks mnt/hole)" = 0 ] ||
		fail "$1: the sparse file has $(blocks mnt/hole) blocks"
	[ "$(blocks mnt/data)" = "$data_blocks" ] ||
		fail "$1: the data file has $(blocks mnt/data) blocks," \
		    "$data_blocks before"
	[ "$(used)" = "$used_before" ] ||
		fail "$1: the tmpfs uses $(used) KiB, $used_before before"
}

# The oracles, taken before the baseline (read() does not allocate).
xxd -l 524288 mnt/hole >want.hole
xxd -s "$data_at" -l 524288 mnt/data >want.data
nonzero=$(tr -d '\0' <payload | wc -c)
needle_at=$(grep -b -o -a -F NEEDLE mnt/data | cut -d: -f1)
[ -n "$needle_at" ] || fail "grep -b found no NEEDLE in the data file"
data_blocks=$(blocks mnt/data)
used_before=$(used)
[ "$(blocks mnt/hole)" = 0 ] || fail "the sparse file has blocks at start"

# --- a. dump -------------------------------------------------------------
"$MMHEX" --dump --len 512k mnt/hole >got || fail "--dump of the hole failed"
cmp -s want.hole got || fail "--dump --len 512k differs from xxd -l 524288"
unchanged "--dump --len 512k"
"$MMHEX" --dump --seek "$data_at" --len 512k mnt/data >got ||
	fail "--dump of the data file failed"
cmp -s want.data got || fail "--dump across data and hole differs from xxd"
unchanged "--dump across data and hole"
pass "a. --dump --len 512k is xxd's output, nothing allocated" \
    "($(used) KiB used)"

# --- b. find -------------------------------------------------------------
count=$("$MMHEX" --hex --count --find 00 mnt/hole 2>err) ||
	fail "--hex --count --find 00 exited $?: $(cat err)"
[ "$count" = "$size" ] || fail "--find 00 counted $count, not $size"
unchanged "--find 00 in the hole"
count=$("$MMHEX" --hex --count --find 00 mnt/data 2>err) ||
	fail "--hex --count --find 00 (data) exited $?: $(cat err)"
[ "$count" = $((size - nonzero)) ] ||
	fail "--find 00 counted $count zeros, not $((size - nonzero))"
unchanged "--find 00 in the data file"
got=$("$MMHEX" --find NEEDLE mnt/data 2>err) ||
	fail "--find NEEDLE exited $?: $(cat err)"
[ "$got" = "$needle_at" ] || fail "--find NEEDLE said '$got', grep $needle_at"
count=$("$MMHEX" --hex --count --find '00 00 ?? 00' mnt/hole 2>err) ||
	fail "--find '00 00 ?? 00' exited $?: $(cat err)"
[ "$count" = $((size - 3)) ] || fail "--find '00 00 ?? 00' counted $count"
unchanged "--find NEEDLE, --find '00 00 ?? 00'"
pass "b. --find 00 counts $size and $((size - nonzero)) zeros, NEEDLE at" \
    "$needle_at as grep says, exit 0, nothing allocated"

# --- c. the viewer -------------------------------------------------------
for mode in -r -w -c; do
	vtrun 24 80 "$MMHEX" "$mode" mnt/hole <<SCRIPT
waitrow -2  0x0 (0)  of $size
send <PgDn>
waitrow -2  0x160 (352)  of $size
send <PgDn><PgDn>
waitrow -2  0x420 (1056)  of $size
send G
waitrow -2  0xfffffff (268435455)  of $size  100%
send g
waitrow -2  0x0 (0)  of $size
send q
exit 0
SCRIPT
	unchanged "the viewer ($mode), paging and G"
	vtrun 24 80 "$MMHEX" "$mode" --text -N mnt/data <<SCRIPT
waitrow -2  0x0 (0)  of $size
send <PgDn><PgDn><PgDn>
send G
waitrow -2  of $size  100%
send :0x$(printf %x "$needle_at")<Enter>
waitrow -2  0x$(printf %x "$needle_at") 
wait NEED
send q
exit 0
SCRIPT
	unchanged "the text view ($mode), paging, G and a goto"
done
pass "c. the viewer (-r, -w, -c; hex and --text with line numbers), pages," \
    "G and a goto: nothing allocated"
