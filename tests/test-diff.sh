#!/bin/bash
# mmhex --diff A B: the differing bytes it prints (OFFSET:OLDHEX:NEWHEX
# lines, one per run of differing bytes, 256 bytes a line at most) are
# exactly what `cmp -l A B` lists, on random files with planted
# differences: sizes 0 and 1, either side of a page, unequal lengths,
# the first and the last byte, long runs, a million single bytes (in
# bounded memory); the lines replayed through --patch onto a copy of A
# give B's sha256; a size difference is said on stderr as cmp says it
# ("EOF on A after byte N"), never as a patch line; exit 0 same,
# 1 different, 2 trouble (a missing file, a usage error); sparse files
# past 4 GiB compare without reading their holes.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"
RANDOM=17

run() {
	set +e
	"$MMHEX" "$@" >out 2>err </dev/null
	status=$?
	set -e
}

expect_status() {
	local want=$1; shift
	[ "$status" = "$want" ] ||
		fail "$*: exit status $status, want $want; stderr: $(cat err)"
}

expect_err() {
	grep -qF -- "$1" err || fail "stderr lacks '$1': $(cat err)"
}

# flip FILE OFFSET: complement the byte at OFFSET (it surely differs).
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\$(printf %03o $((b ^ 255)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# scribble FILE SIZE COUNT MAXLEN: overwrite COUNT runs of 1..MAXLEN
# random bytes at random offsets below SIZE.
scribble() {
	local i off len
	for ((i = 0; i < $3; i++)); do
		off=$(((RANDOM * 32768 + RANDOM) % $2))
		len=$((1 + RANDOM % $4))
		[ $((off + len)) -le "$2" ] || len=$(($2 - off))
		head -c "$len" /dev/urandom |
		    dd of="$1" bs=1 seek="$off" conv=notrunc status=none
	done
}

# Turn --diff lines (out) into cmp -l's list: 1-based offset, the two
# bytes in octal, one differing byte a line.
to_cmp_l() {
	awk -F: '
	BEGIN { for (i = 0; i < 16; i++) hex[substr("0123456789abcdef", i + 1, 1)] = i }
	function num(s,   v, i) {
		v = 0
		for (i = 3; i <= length(s); i++) v = v * 16 + hex[substr(s, i, 1)]
		return v
	}
	{
		if ($0 !~ /^0x[0-9a-f]+:([0-9a-f][0-9a-f])+:([0-9a-f][0-9a-f])+$/ ||
		    length($2) != length($3) || length($2) > 512) {
			print "bad line: " $0
			next
		}
		off = num($1)
		for (i = 0; i < length($2) / 2; i++) {
			a = hex[substr($2, 2 * i + 1, 1)] * 16 + hex[substr($2, 2 * i + 2, 1)]
			b = hex[substr($3, 2 * i + 1, 1)] * 16 + hex[substr($3, 2 * i + 2, 1)]
			printf "%d %o %o\n", off + i + 1, a, b
		}
	}' out
}

# check A B WHAT [noreplay]: --diff against cmp -l, and the replay
# through --patch.
check() {
	local a=$1 b=$2 what=$3 replay=${4:-} want
	set +e
	cmp -l "$a" "$b" 2>cmp.err | awk '{ print $1, $2, $3 }' >want.l
	want=${PIPESTATUS[0]}
	set -e
	run --diff "$a" "$b"
	expect_status "$want" "$what"
	to_cmp_l >got.l
	cmp -s want.l got.l ||
		fail "$what: --diff differs from cmp -l: $(diff want.l got.l | head -5)"
	# A size difference: said on stderr as cmp says it, never on stdout.
	if [ -s cmp.err ]; then
		short=$(sed -n 's/^cmp: EOF on \([^ ]*\) after byte \([0-9]*\).*/\1 after byte \2/p' cmp.err)
		[ -n "$short" ] || short=$(sed -n 's/^cmp: EOF on \([^ ]*\) which is empty.*/\1 after byte 0/p' cmp.err)
		expect_err "mmhex: EOF on $short "
		expect_err " more bytes (--patch cannot "
	else
		[ ! -s err ] || fail "$what: stderr: $(cat err)"
		[ -z "$replay" ] || return 0
		# Equal sizes: the lines patch a copy of A into B.
		cp "$a" replay
		sed 's/^/--patch=/' out | xargs -r -d '\n' "$MMHEX" replay \
		    >/dev/null || fail "$what: --patch refused the --diff lines"
		[ "$(sha256sum <replay)" = "$(sha256sum <"$b")" ] ||
			fail "$what: A patched with the --diff lines is not B"
	fi
}

# ---- sizes 0 and 1 -----------------------------------------------------
: >empty
: >empty2
printf 'x' >one
printf 'y' >one2
run --diff empty empty2
expect_status 0 "two empty files"
[ ! -s out ] && [ ! -s err ] || fail "two empty files: printed something"
run --diff one one
expect_status 0 "the same file"
run --diff one one2
expect_status 1 "one byte each"
[ "$(cat out)" = "0x0:78:79" ] || fail "one byte each: '$(cat out)'"
check one one2 "one byte each"
run --diff empty one
expect_status 1 "empty and one byte"
[ ! -s out ] || fail "empty and one byte: stdout '$(cat out)'"
expect_err "mmhex: EOF on empty after byte 0 (0x0): one has 1 more bytes (--patch cannot add them)"
run --diff one empty
expect_err "mmhex: EOF on empty after byte 0 (0x0): one has 1 more bytes (--patch cannot remove them)"
pass "sizes 0 and 1: exit 0/1, 0x0:78:79, EOF on stderr"

# ---- random files, planted differences, page boundaries ----------------
for size in 2 4095 4096 4097 8192 65537 1048577; do
	head -c "$size" /dev/urandom >a
	cp a b
	scribble b "$size" 20 40
	flip b 0
	flip b $((size - 1))
	check a b "size $size"
	run --diff a a
	expect_status 0 "size $size against itself"
	[ ! -s out ] || fail "size $size against itself: printed"
done
pass "random files of 2 to 1 MiB + 1 bytes: --diff = cmp -l, replay gives B"

# A long run: lines of 256 bytes, touching.
head -c 100000 /dev/urandom >a
cp a b
head -c 1000 /dev/zero | tr '\0' '\377' |
    dd of=b bs=1 seek=5000 conv=notrunc status=none
cmp -s a b && fail "long run: not planted"
check a b "a run of 1000 bytes"
[ "$(awk -F: '{ print length($2) / 2 }' out | sort -n | tail -1)" -le 256 ] ||
	fail "long run: a line of more than 256 bytes"
pass "a run of 1000 bytes: lines of 256 bytes at most, replay gives B"

# ---- unequal lengths -----------------------------------------------------
head -c 10000 /dev/urandom >a
head -c 7000 a >short
scribble short 7000 5 8
check a short "B shorter"
check short a "B longer"
expect_err "mmhex: EOF on short after byte 7000 (0x1b58): a has 3000 more bytes (--patch cannot add them)"
cp a longer
head -c 5 /dev/urandom >>longer
check a longer "B 5 bytes longer, the same before"
[ ! -s out ] || fail "B longer, same before: stdout '$(cat out)'"
pass "unequal lengths: the common part as cmp -l, EOF on stderr, exit 1"

# ---- a million scattered differences in bounded memory -------------------
yes "$(printf '\001')" | head -c 2000000 >m1 || true
yes "$(printf '\002')" | head -c 2000000 >m2 || true
if [ -x /usr/bin/time ]; then
	set +e
	/usr/bin/time -f '%M' -o rss "$MMHEX" --diff m1 m2 >out 2>err
	status=$?
	set -e
	kib=$(tail -n 1 rss)
else
	run --diff m1 m2
	kib=0
fi
expect_status 1 "a million differences"
[ "$(wc -l <out)" = 1000000 ] || fail "a million differences: $(wc -l <out) lines"
[ "$(cmp -l m1 m2 | wc -l)" = 1000000 ] || fail "cmp -l disagrees"
# (no replay: a million patches take --patch a while)
check m1 m2 "a million differences" noreplay
[ "$kib" -lt 65536 ] || fail "a million differences: max RSS $kib KiB"
pass "a million single-byte differences: 1000000 lines as cmp -l, max RSS ${kib} KiB"

run --help
grep -qF -- '--diff A B' out || fail "--help does not mention --diff A B"

# ---- trouble and usage: exit 2 -------------------------------------------
run --diff a no-such-file
expect_status 2 "a missing file"
expect_err "mmhex: no-such-file: "
run --diff a
expect_status 2 "one file"
expect_err "--diff needs two files, A and B"
run --diff a b c
expect_status 2 "three files"
for opt in -r -w -c --dump "--cols 8" --text "--find x" "--patch 0:00:01" "--seek 1"; do
	# shellcheck disable=SC2086
	run --diff $opt a b
	expect_status 2 "--diff $opt"
	expect_err "--diff compares two files: it takes no other option"
	[ ! -s out ] || fail "--diff $opt printed"
done
mkdir dir
run --diff a dir
expect_status 2 "a directory"
pass "a missing file, a directory, one or three files, other modes' options: exit 2"

# ---- sparse files past 4 GiB ---------------------------------------------
truncate -s 5G s1 || skip_all "cannot make a 5 GiB sparse file"
truncate -s 5G s2
printf 'A' | dd of=s1 bs=1 seek=$((5 * 1024 * 1024 * 1024 - 1)) conv=notrunc status=none
printf 'B' | dd of=s2 bs=1 seek=$((5 * 1024 * 1024 * 1024 - 1)) conv=notrunc status=none
printf 'C' | dd of=s2 bs=1 seek=$((4 * 1024 * 1024 * 1024)) conv=notrunc status=none
start=$(date +%s%N)
run --diff s1 s2
ms=$((($(date +%s%N) - start) / 1000000))
expect_status 1 "sparse"
[ "$(cat out)" = "$(printf '0x100000000:00:43\n0x13fffffff:41:42')" ] ||
	fail "sparse: '$(cat out)'"
[ "$ms" -lt 3000 ] || fail "sparse: took $ms ms (holes read?)"
pass "sparse 5 GiB files: the two differences at 4 GiB and the end, in $ms ms"
