#!/bin/bash
# mmhex --find PATTERN [-i | --hex | --regex] [--count] [--hex-offsets]
# FILE: every match start, ascending, one a line, checked against second
# opinions on random files with planted needles.  The files run past the
# 4 MiB default slice, with needles at offset 0, ending at the last byte,
# and straddling each slice boundary.  Text needles that cannot overlap
# themselves are checked against grep -b -o; overlapping ones, caseless
# text and hex with ?? against a Python scan; regular expressions against
# grep -P -o -b -a (and rg -o -b -a where installed) on logs, random
# bytes, long runs and per-line anchors.  Then
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

# The reference scans, in Python: every start, overlapping ones included.
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

# ---- regular expressions against grep -P -o -b -a -------------------------
# Regexes answer as grep -P does: line by line, leftmost-first, matches
# not overlapping, of any length, in file order.  rg -o -b -a is asked
# too where it is installed and speaks the same flavour.
command -v grep >/dev/null && echo x | grep -qP x 2>/dev/null ||
	skip_all "grep -P is needed as the regex oracle"

# grep_offsets PATTERN FILE: the starts grep -P -o -b -a gives.
grep_offsets() {
	grep -P -o -b -a -- "$1" "$2" | sed -n 's/^\([0-9]*\):.*/\1/p' || :
}

# check_grep PATTERN FILE: mmhex --find --regex against grep.
check_grep() {
	grep_offsets "$1" "$2" >want
	find_vs "regex '$1' in $2 (grep -P)" want "$1" --regex "$2"
}

# check_rg PATTERN FILE: and against rg, when there is one.
check_rg() {
	command -v rg >/dev/null || return 0
	{ rg -o -b -a --no-line-number -- "$1" "$2" || :; } |
		sed -n 's/^\([0-9]*\):.*/\1/p' >want
	find_vs "regex '$1' in $2 (rg)" want "$1" --regex "$2"
}

regexes=('[0-9]+' '[A-Z][a-z]+' '[a-zA-Z]{3,}' '^\x7fELF' '[0-9]{3}' 'l[lo]'
    '\x7fELF' '\w+' '.+' '^.' '.$' '\s+' '[^a]+' 'a\b|.' 'a\B' '\bH\w*'
    '(ab|a)(c|bcd)' '(?i)hello' 'o(?= )' '(?<=l)o' '\d+\D' '[ -~]{8,}'
    '\x00{2,}' 'a\b| ')

# A log, random bytes with planted words across the slice boundary.
awk 'BEGIN { for (i = 0; i < 60000; i++)
	printf "2024-01-%02d 12:%02d:%02d [%s] user%d Hello World 1234567890\n",
	    i % 28 + 1, i % 60, i * 7 % 60, i % 3 ? "INFO" : "ERROR", i }' >log.txt
random_file r.bin $((SLICE + 4096))
cp r.bin f.bin
plant f.bin 'Hello World 1234567890' 0 777 $((SLICE - 10)) -22
plant f.bin '\x7fELF' 0 $((SLICE - 2))
for file in f.bin log.txt; do
	for re in "${regexes[@]}"; do
		check_grep "$re" "$file"
	done
done
for re in '[0-9]+' '\w+' '.+' 'a\b| ' '[0-9]{4}-[0-9]{2}-[0-9]{2}'; do
	check_rg "$re" log.txt
done
pass "regular expressions agree with grep -P (and rg) on a log and random bytes"

# First and last byte, the a\b| ordering case, ^ and $ on every line.
printf 'xa yy' >order.txt
printf 'ab\nab\n\nab' >lines.txt
printf 'Q%sQ' "$(head -c 5000 /dev/zero | tr '\0' 'x')" >edges.txt
for re in 'a\b| ' '^a' 'b$' '^ab$' '\w+' '\s' ; do
	check_grep "$re" order.txt
	check_grep "$re" lines.txt
done
check_grep 'Q' edges.txt
check_grep 'Q$|^Q' edges.txt
check_grep 'x+Q' edges.txt
pass "matches at the first and last byte, ^ and $ per line, file order"

# Long runs: a+ over 1 MiB of a is one match, and so is (ab)+ over
# 1 MiB of ab (the old engine gave thousands, slowly); one longer than
# a 4 MiB slice; \x00{16,} over zeros.
head -c "$MIB" /dev/zero | tr '\0' a >a.bin
run --find 'a+' --regex a.bin
[ "$(cat out)" = 0 ] || fail "a+ over 1 MiB of a: $(wc -l <out) matches"
python3 -c "import sys; sys.stdout.write('ab' * ($MIB // 2))" >ab.bin
run --find '(ab)+' --regex --count ab.bin
[ "$(cat out)" = 1 ] || fail "(ab)+ over 1 MiB of ab: $(cat out) matches"
{ printf 'x'; head -c $((SLICE + 100000)) /dev/zero | tr '\0' a; printf 'y\n'; } >long.bin
check_grep 'xa+y' long.bin
check_grep 'a+' long.bin
head -c $((2 * MIB)) /dev/zero >zeros.bin
plant zeros.bin 'x' 100 $((MIB + 5))
check_grep '\x00{16,}' zeros.bin
pass "long matches: one each, across slices"

# A pattern Vectorscan rejects (look-behind, \K) runs on PCRE2 alone; one
# both reject is refused with its position.
check_grep '(?<=Hello )W\w+' log.txt
check_grep 'user\K[0-9]+' log.txt
run --find 'ab(c' --regex log.txt
expect_status 2 "bad regex"
expect_err "position 5"
[ ! -s out ] || fail "a bad regex printed '$(head -c 100 out)'"
pass "PCRE2-only patterns; a bad one names its position"

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

# ---- literals up to 64 KiB ------------------------------------------------
# Vectorscan refuses about 4000 escaped bytes; the documented limit is
# 64 KiB (and one byte more is refused).
head -c 300000 /dev/urandom | base64 -w 0 >b64.txt
for n in 4000 8000 65536; do
	lit=$(head -c $((n + 777)) b64.txt | tail -c "$n")
	grep -o -b -a -F -- "$lit" b64.txt | cut -d: -f1 >want
	find_vs "a literal of $n bytes" want "$lit" b64.txt
	lit=$(printf '%s' "$lit" | tr 'a-z' 'A-Z')
	find_vs "a caseless literal of $n bytes" want "$lit" -i b64.txt
done
run --find "$(head -c 65537 b64.txt)" b64.txt
expect_status 2 "a literal of 64 KiB + 1"
expect_err "too long"
rm -f b64.txt
pass "literals of 4000, 8000 and 65536 bytes, as grep -F finds them"

# ---- holes are arithmetic ---------------------------------------------------
# A pattern that matches zeros has every start in a long hole counted, not
# scanned; the edges, where a match straddles into data, are scanned.
# Against the Python scan on a small sparse file (islands of data with
# zeros in them, near the hole edges), listed and counted, in decimal and
# hex; then 64 GiB of hole counted in seconds, nothing allocated.
if truncate -s $((3 * MIB + 77)) holes.bin 2>/dev/null; then
	plant holes.bin 'ab\x00\x00c\x00' 0 $((MIB - 2)) $((2 * MIB + 4093)) -5
	for pattern in 00 00000000 '00 ?? 00' '?? 00' '00 61 62'; do
		check hex "$pattern" holes.bin --hex
		run --find "$pattern" --hex --count holes.bin
		[ "$(cat out)" = "$(wc -l <want)" ] ||
			fail "--count '$pattern' in holes.bin: '$(cat out)'," \
			    "want $(wc -l <want)"
		python3 -c 'import sys
sys.stdout.write("".join("0x%x\n" % int(l) for l in open("want")))' >want.hex
		find_vs "hex offsets of '$pattern' in holes.bin" want.hex \
		    "$pattern" --hex --hex-offsets holes.bin
	done
	rm -f holes.bin
	pass "holes: zeros listed and counted as the Python scan does"
fi
size=$((64 * 1024 * MIB))
if truncate -s "$size" huge.bin 2>/dev/null; then
	plant huge.bin 'ab\x00\x00cd' $((4 * 1024 * MIB - 3)) -6
	start=$(date +%s)
	run --find 00 --hex --count huge.bin
	expect_status 0 "--count of zeros in 64 GiB of hole"
	[ "$(cat out)" = $((size - 8)) ] ||
		fail "--count 00 in 64 GiB: '$(cat out)', want $((size - 8))"
	run --find 00000000 --hex --count huge.bin
	[ "$(cat out)" = $((size - 3 - 15)) ] ||
		fail "--count 00000000 in 64 GiB: '$(cat out)'," \
		    "want $((size - 3 - 15))"
	[ $(($(date +%s) - start)) -lt 20 ] ||
		fail "counting zeros in 64 GiB took $(($(date +%s) - start)) s"
	[ "$(du -k huge.bin | cut -f1)" -lt 1024 ] || fail "huge.bin was filled in"
	rm -f huge.bin
	pass "64 GiB of hole: zeros counted in seconds"
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

# A regex that PCRE2 refuses (Vectorscan refuses these too) is named with
# the position where it went wrong, before the file is read: nothing is
# printed but the message, whatever the file holds.
printf 'ab(c a[b xxx\n' >rx.txt
bad_rx=('ab(c' 5 'missing closing parenthesis' 'a[b' 4 'missing terminating ]'
    'x{3,2}' 6 'numbers out of order' '*a' 1 'quantifier does not follow'
    'a\' 3 '\ at end of pattern' 'word|(ab|a\' 12 '\ at end')
for ((i = 0; i < ${#bad_rx[@]}; i += 3)); do
	run --find "${bad_rx[i]}" --regex rx.txt
	expect_status 2 "bad regex '${bad_rx[i]}'"
	expect_err "bad regular expression at position ${bad_rx[i + 1]}: "
	expect_err "${bad_rx[i + 2]}"
	[ ! -s out ] || fail "bad regex '${bad_rx[i]}' printed '$(cat out)'"
	run --find "${bad_rx[i]}" --regex --count rx.txt
	expect_status 2 "bad regex '${bad_rx[i]}' --count"
	[ ! -s out ] || fail "bad regex '${bad_rx[i]}' --count printed '$(cat out)'"
done
pass "bad regular expressions: the position and PCRE2's reason, no output"

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
