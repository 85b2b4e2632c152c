#!/bin/bash
# mmhex --find PATTERN [-i | --hex | --regex] [--count] [--hex-offsets]
# FILE: every match start, ascending, one a line, checked against second
# opinions on random files with planted needles.  The files run past the
# 4 MiB default slice, with needles at offset 0, ending at the last byte,
# and straddling each slice boundary.  Text needles that cannot overlap
# themselves are checked against grep -b -o; overlapping ones, caseless
# text, hex with ?? and regular expressions against a Python scan.  Then
# --count, --hex-offsets, an empty file, a sparse file past 4 GiB, and
# the exit statuses: 0 with or without a match, 1 for a file that cannot
# be read, 2 for usage errors and bad patterns.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

command -v python3 >/dev/null ||
	skip_all "python3 is needed for the reference scans"
export LC_ALL=C

MIB=$((1024 * 1024))
SLICE=$((4 * MIB))	# SEARCH_SLICE_DEFAULT

# Run mmhex with stdin not a terminal; record status, stdout and stderr.
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

# The reference scans, in Python: every start, overlapping ones included
# (regular expressions: the starts Python's finditer gives, for patterns
# chosen so that the two agree).
cat >ref.py <<'EOF'
import re, sys

mode, pattern, path = sys.argv[1], sys.argv[2].encode("latin-1"), sys.argv[3]
data = open(path, "rb").read()

def overlapping(needle, hay):
    i = hay.find(needle)
    while i >= 0:
        yield i
        i = hay.find(needle, i + 1)

if mode == "text":
    starts = overlapping(pattern, data)
elif mode == "caseless":
    starts = overlapping(pattern.lower(), data.lower())  # ASCII only
elif mode == "hex":
    parts, s = [], pattern.replace(b",", b" ").split()
    for tok in s:
        while tok:
            parts.append(b"." if tok[:2] == b"??" else
                re.escape(bytes([int(tok[:2], 16)])))
            tok = tok[2:]
    rx = re.compile(b"(?=" + b"".join(parts) + b")", re.DOTALL)
    starts = (m.start() for m in rx.finditer(data))
elif mode == "regex":
    starts = (m.start() for m in re.finditer(pattern, data))
elif mode == "regex-fixed":
    starts = (m.start() for m in re.finditer(b"(?=" + pattern + b")", data))
else:
    sys.exit("bad mode " + mode)
sys.stdout.write("".join("%d\n" % i for i in starts))
EOF

# Write NEEDLE (bytes, with \xNN escapes) into FILE at each OFFSET
# (negative: from the end); offsets where it does not fit are skipped.
plant() {
	local file=$1 needle=$2
	shift 2
	python3 - "$file" "$needle" "$@" <<'EOF'
import sys
path = sys.argv[1]
needle = sys.argv[2].encode("latin-1").decode("unicode_escape")
needle = needle.encode("latin-1")
with open(path, "r+b") as f:
    f.seek(0, 2)
    size = f.tell()
    for off in map(int, sys.argv[3:]):
        if off < 0:
            off += size
        if 0 <= off and off + len(needle) <= size:
            f.seek(off)
            f.write(needle)
EOF
}

# Random bytes, made once per size.
random_file() {
	head -c "$2" /dev/urandom >"$1"
}

# Offsets worth planting at in a file of SIZE for a needle of LEN.
edges() {
	local size=$1 len=$2
	echo 0 1 $((size / 2)) $((-len)) $((-len - 1)) \
	    $((SLICE - 1)) $((SLICE - len + 1)) $((SLICE - len)) $SLICE \
	    $((2 * SLICE - 1)) $((2 * SLICE - len + 1))
}

# find_vs DESCRIPTION EXPECTED-FILE MMHEX-ARGS...: compare the output.
find_vs() {
	local what=$1 want=$2
	shift 2
	run --find "$@"
	expect_status 0 "$what"
	if ! cmp -s out "$want"; then
		diff "$want" out | head -n 20 >&2
		fail "$what: $(wc -l <out) offsets, want $(wc -l <"$want")"
	fi
}

# check KIND PATTERN FILE [MMHEX-FLAGS...]: mmhex against the Python scan.
check() {
	local kind=$1 pattern=$2 file=$3
	shift 3
	python3 ref.py "$kind" "$pattern" "$file" >want
	find_vs "$kind '$pattern' in $file" want "$pattern" "$@" "$file"
}

sizes="1 4095 $((SLICE - 1)) $((SLICE + 1)) $((2 * SLICE + 12345))"

# ---- text that cannot overlap itself, against grep -b -o -----------------
for size in $sizes; do
	random_file r.bin "$size"
	for needle in needle 'Q' 'mmhex find' 'x:y'; do
		cp r.bin f.bin
		plant f.bin "$needle" $(edges "$size" ${#needle})
		grep -b -o -a -F -- "$needle" f.bin | cut -d: -f1 >want || :
		[ "$size" -lt 100 ] || [ -s want ] ||
			fail "nothing planted for '$needle' in $size bytes"
		find_vs "text '$needle' in $size bytes" want "$needle" f.bin
	done
done
pass "text needles at the edges and across slices match grep -b -o"

# ---- overlapping text, caseless, hex, against Python ---------------------
for size in 4095 $((2 * SLICE + 12345)); do
	random_file r.bin "$size"
	cp r.bin f.bin
	plant f.bin 'aaaaaaa' $(edges "$size" 7)
	plant f.bin 'ababab' 100 $((SLICE - 3)) $((SLICE + 7))
	for needle in aa aaa abab 'a'; do
		check text "$needle" f.bin
	done

	cp r.bin f.bin
	plant f.bin 'NeEdLe' $(edges "$size" 6)
	plant f.bin 'nEEDLE' 500 $((SLICE - 2))
	plant f.bin 'needlE' 501
	check caseless needle f.bin -i
	check caseless NEEDLE f.bin --ignore-case
	check caseless 'e' f.bin -i

	cp r.bin f.bin
	plant f.bin '\x7fELF\x02\x01' $(edges "$size" 6)
	check hex '7f 45 4c 46' f.bin --hex
	check hex '7F454C46??01' f.bin --hex
	check hex '7f ?? 4c' f.bin --hex
	check hex '7f ??' f.bin --hex
	check hex '?? ?? 46 ?? ??' f.bin --hex
	check hex '?? 45' f.bin --hex
done
pass "overlapping, caseless and hex matches agree with the Python scan"

# One byte and wildcards among zeros (a Vectorscan 5.4.9 trap).
head -c $((SLICE + 4096)) /dev/zero >z.bin
plant z.bin '\x7fELF' 0 63 64 65 1000 $((SLICE - 2)) -4 -2 -1
for pattern in '7f ??' '?? 45' '?? ?? 7f ?? ??' '46 ?? ??' '00 ?? 7f'; do
	check hex "$pattern" z.bin --hex
done
pass "one hex byte next to ?? among zeros"

# ---- regular expressions where Python's re agrees ------------------------
random_file r.bin $((SLICE + 4096))
cp r.bin f.bin
plant f.bin 'Hello World 1234567890' 0 777 $((SLICE - 10)) -22
plant f.bin '\x7fELF' 0 $((SLICE - 2))
check regex '[0-9]+' f.bin --regex
check regex '[A-Z][a-z]+' f.bin --regex
check regex '[a-zA-Z]{3,}' f.bin --regex
check regex '^\x7fELF' f.bin --regex
check regex-fixed '[0-9]{3}' f.bin --regex
check regex-fixed 'l[lo]' f.bin --regex
check regex-fixed '\x7fELF' f.bin --regex
pass "regular expressions agree with Python's re"

# ---- --count, --hex-offsets ---------------------------------------------
random_file r.bin $((SLICE + 100))
cp r.bin f.bin
plant f.bin 'needle' 0 $((SLICE - 3)) -6
grep -b -o -a -F needle f.bin | cut -d: -f1 >want
run --find needle --count f.bin
expect_status 0 --count
[ "$(cat out)" = "$(wc -l <want)" ] ||
	fail "--count: '$(cat out)', want $(wc -l <want)"
while read -r off; do printf '0x%x\n' "$off"; done <want >want.hex
find_vs "--hex-offsets" want.hex needle --hex-offsets f.bin
run --find needle --hex-offsets --count f.bin
[ "$(cat out)" = "$(wc -l <want)" ] ||
	fail "--count --hex-offsets: '$(cat out)'"
run --find 'no such needle in here' f.bin
expect_status 0 "no match"
[ ! -s out ] || fail "no match printed '$(head -c 100 out)'"
run --find 'no such needle in here' --count f.bin
[ "$(cat out)" = 0 ] || fail "--count with no match: '$(cat out)'"
pass "--count, --hex-offsets, no match"

# ---- empty and one-byte files ---------------------------------------------
: >empty
run --find a empty
expect_status 0 "empty file"
[ ! -s out ] || fail "empty file printed '$(cat out)'"
run --find a --count empty
[ "$(cat out)" = 0 ] || fail "empty file --count: '$(cat out)'"
run --find '??' --hex empty
[ ! -s out ] || fail "empty file --hex '??' printed '$(cat out)'"
printf 'a' >one
run --find a one
[ "$(cat out)" = 0 ] || fail "one-byte file: '$(cat out)'"
run --find aa one
[ ! -s out ] || fail "one-byte file, two-byte needle: '$(cat out)'"
run --find '??' --hex --hex-offsets one
[ "$(cat out)" = 0x0 ] || fail "one-byte file, ??: '$(cat out)'"
pass "empty and one-byte files"

# ---- past 4 GiB, in a sparse file -----------------------------------------
size=$((4 * 1024 * MIB + 4096))
if truncate -s "$size" big.bin 2>/dev/null; then
	plant big.bin 'needle' $((4 * 1024 * MIB - 3)) -6
	printf '%s\n' $((4 * 1024 * MIB - 3)) $((size - 6)) >want
	find_vs "sparse file past 4 GiB" want needle big.bin
	printf '0x%x\n' $((4 * 1024 * MIB - 3)) $((size - 6)) >want
	find_vs "sparse file past 4 GiB, hex offsets" want needle \
	    --hex-offsets big.bin
	[ "$(du -k big.bin | cut -f1)" -lt 1024 ] || fail "big.bin was filled in"
	rm -f big.bin
	pass "a sparse file past 4 GiB"
else
	skip "no sparse file of $size bytes here"
fi

# ---- a regex in a sparse file ----------------------------------------------
# The data begins fewer than max_width (64 KiB for ab+c) bytes in: the skip
# past the leading hole must not wrap round and skip the whole file.
if truncate -s "$MIB" sparse.bin 2>/dev/null; then
	plant sparse.bin 'abbbc' 10000 700000
	cp --sparse=never sparse.bin dense.bin
	echo 10000 >want
	echo 700000 >>want
	find_vs "regex in the dense copy" want 'ab+c' --regex dense.bin
	find_vs "regex in a sparse file" want 'ab+c' --regex sparse.bin
	find_vs "bounded regex in a sparse file" want 'ab{1,5}c' --regex \
	    sparse.bin
	rm -f sparse.bin dense.bin
	pass "a regex in a sparse file finds what the dense copy holds"
fi

# ---- errors ----------------------------------------------------------------
printf 'abc' >abc
bad_patterns=(--hex abc --hex zz --hex 4 --hex '?' --hex '0x41' --regex '('
    --regex 'a*' --regex 'x{3,2}' -i '')
for ((i = 0; i < ${#bad_patterns[@]}; i += 2)); do
	flag=${bad_patterns[i]} pattern=${bad_patterns[i + 1]}
	run --find "$pattern" "$flag" abc
	expect_status 2 "bad pattern $flag '$pattern'"
	expect_err "mmhex: bad pattern: "
	[ ! -s out ] || fail "bad pattern $flag '$pattern' printed '$(cat out)'"
done
run --find '' abc
expect_status 2 "empty pattern"
expect_err "mmhex: bad pattern: "
run --find $'\033[31m(' --regex abc
expect_status 2 "bad pattern with an escape"
grep -q $'\033' err && fail "raw escape byte in the bad pattern message"
pass "bad patterns: exit 2 with 'mmhex: bad pattern: ...'"

run --find a no-such-file
expect_status 1 "missing file"
expect_err "mmhex: no-such-file: No such file or directory"
mkdir adir
run --find a adir
expect_status 1 "directory"
pass "a file that cannot be read: exit 1"

run --count abc
expect_status 2 "--count without --find"
run --hex --find 61 abc extra
expect_status 2 "two files"
run --find a -i --hex abc
expect_status 2 "-i with --hex"
run --find a --hex --regex abc
expect_status 2 "--hex with --regex"
run --find a
expect_status 2 "no file"
run --find a --dump abc
expect_status 2 "--find with --dump"
pass "usage errors: exit 2"

# ---- the file shrinks during the search ------------------------------------
# As --dump does (test-cli.sh): the offsets printed are right, the list is
# cut short, so mmhex says "file shrank to N bytes during the search" and
# exits 1; --count prints no number (it would be a wrong one).  The file
# is 64 GiB of holes that mmhex cannot tell (SEEK_DATA / SEEK_HOLE failed
# by tests/faultinject.c), so its scan takes minutes; it is truncated as
# soon as mmhex has it open, so the truncation surely lands in the scan.
# shrink_find SIZE ARG...: run mmhex ARG... shrink.bin so, truncating the
# file to SIZE; leaves the status in $status, the output in out and err.
shrink_find() {
	local size=$1 pid i
	shift
	rm -f shrink.bin
	truncate -s 64G shrink.bin
	printf NEEDLE | dd of=shrink.bin bs=1 seek=100 conv=notrunc status=none
	env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT=lseek:EINVAL \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$MMHEX" "$@" shrink.bin >out 2>err </dev/null &
	pid=$!
	for ((i = 0; i < 2000; i++)); do
		ls -l "/proc/$pid/fd" 2>/dev/null | grep -q shrink.bin && break
		sleep 0.01
	done
	truncate -s "$size" shrink.bin
	set +e
	wait "$pid"
	status=$?
	set -e
}
if [ ! -f "${FAULTINJECT:-}" ]; then
	skip "a file shrinking during --find: no fault-injection shim"
elif [ "$(stat -f -c %T .)" = tmpfs ]; then
	skip "a file shrinking during --find: $TMP is on tmpfs"
elif ! truncate -s 64G probe.bin 2>/dev/null; then
	skip "a file shrinking during --find: no sparse file here"
else
	rm -f probe.bin
	shrink_find $MIB --find NEEDLE
	expect_status 1 "--find during a truncation to 1 MiB"
	[ "$(cat err)" = "mmhex: shrink.bin: file shrank to $MIB bytes during the search" ] ||
		fail "--find, shrunk to 1 MiB: stderr '$(cat err)'"
	[ "$(cat out)" = 100 ] || fail "--find, shrunk to 1 MiB: printed '$(cat out)'"
	pass "--find, file shrunk to 1 MiB during it: the match at 100," \
	    "'file shrank to $MIB bytes during the search', exit 1"

	shrink_find 0 --count --find NEEDLE
	expect_status 1 "--count --find during a truncation to 0"
	[ "$(cat err)" = "mmhex: shrink.bin: file shrank to 0 bytes during the search" ] ||
		fail "--count --find, shrunk to 0: stderr '$(cat err)'"
	[ ! -s out ] || fail "--count --find, shrunk to 0: printed '$(cat out)'"
	pass "--count --find, file shrunk to 0 during it: no count," \
	    "'file shrank to 0 bytes during the search', exit 1"
	rm -f shrink.bin
fi
