#!/bin/bash
# The count of matches on the status line: after a find and after n/N,
# "match K of N" once the matches are counted (in the background), with
# grep as the oracle for N and for where the K-th match is; Esc hides it;
# a file that grows another match while the cursor stays on its match is
# counted again ("match 3 of 13"); on a file of a few slices (20 MiB)
# the count is the same, and keys work while it runs.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# put FILE OFFSET TEXT: write TEXT over FILE at OFFSET.
put() {
	printf '%s' "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc \
	    status=none
}

# count FILE: the oracle's number of "needle" in FILE.
count() {
	grep -o -a -F needle "$1" | wc -l
}

# nth FILE K: the oracle's offset of the K-th "needle" in FILE, in hex.
nth() {
	printf '%x' "$(grep -b -o -a -F needle "$1" | sed -n "$2p" |
	    cut -d: -f1)"
}

# count.txt: 40 KB of base64 text with a dozen needles planted.
head -c 30000 /dev/urandom | base64 >count.txt
for off in 100 2000 2100 5000 9999 12345 20000 25000 30000 33333 \
    38000 40000; do
	put count.txt $off needle
done
total=$(count count.txt)
[ "$total" -ge 12 ] || fail "count.txt holds $total needles, want 12"
third=$(nth count.txt 3)
second=$(nth count.txt 2)
last=$(nth count.txt "$total")

vtrun 24 100 "$MMHEX" count.txt <<SCRIPT
waitrow -2  0x0 (0)  of
send /needle<Enter>
waitrow -2 match 1 of $total
send nn
waitrow -2  0x$third (
waitrow -2 match 3 of $total
send N
waitrow -2  0x$second (
waitrow -2 match 2 of $total
send NN
waitrow -2  0x$last (
waitrow -2 match $total of $total
send nnn
waitrow -2  0x$third (
waitrow -2 match 3 of $total
# Esc drops the highlight and the count; n brings both back.
send <Esc>
waitrownot -2 match
send n
waitrow -2 match 4 of $total
send N
waitrow -2 match 3 of $total
# Another needle appended by another process: counted again.
sh printf needle >>count.txt
waitrow -2 match 3 of $((total + 1))
send q
exit 0
SCRIPT
pass "count: match 1/3/2/$total/3 of $total after / n N, wrapping; Esc" \
    "hides it; a needle appended makes it match 3 of $((total + 1))"

# big.bin: 20 MiB of zeros (5 slices of 4 MiB) with needles across the
# slice edges and at the end.
head -c $((20 * 1024 * 1024)) /dev/zero >big.bin
for off in 10 $((4 * 1024 * 1024 - 3)) $((8 * 1024 * 1024)) \
    $((12 * 1024 * 1024 - 1)) $((16 * 1024 * 1024 + 5)) \
    $((20 * 1024 * 1024 - 6)); do
	put big.bin "$off" needle
done
total=$(count big.bin)
[ "$total" -eq 6 ] || fail "big.bin holds $total needles, want 6"
fourth=$(nth big.bin 4)

vtrun 24 100 "$MMHEX" big.bin <<SCRIPT
waitrow -2  0x0 (0)  of
send /needle<Enter>
waitrow -2 match 1 of 6
send nnn
waitrow -2  0x$fourth (
waitrow -2 match 4 of 6
send n
waitrow -2 match 5 of 6
# Keys move the cursor off the match: the count is not shown.
send l
waitrownot -2 match
send q
exit 0
SCRIPT
pass "count: 6 needles in 20 MiB across slice edges, match 4 and 5 of 6"
