#!/bin/bash
# mmhex --dump against xxd: the output must be byte for byte the same,
# for whole files of awkward sizes and for --seek/--len ranges, including
# a start past the end, a zero length, starts counted from the end
# (-s -N), a start before the first byte (both refuse) and offsets past
# 2^32 in a sparse 64 GB file.  Unit suffixes, which xxd ignores (it reads
# -s 1k as 1), are compared with xxd given the number they stand for.
set -eu

: "${MMHEX:?MMHEX must name the mmhex program}"
if ! command -v xxd >/dev/null 2>&1; then
	echo "SKIP: xxd is not installed"
	exit 77
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/mmhex-dump.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM

failed=0
cases=0

# Turn check's options into mmhex options (opts) and xxd options (xopts).
# --seek-as OFF XOFF and --len-as N XN give xxd a different spelling.
parse_options() {
	opts=() xopts=()
	while [ $# -gt 0 ]; do
		case $1 in
		--seek) opts+=(--seek "$2"); xopts+=(-s "$2") ;;
		--len) opts+=(--len "$2"); xopts+=(-l "$2") ;;
		--seek-as) opts+=(--seek "$2"); xopts+=(-s "$3"); shift ;;
		--len-as) opts+=(--len "$2"); xopts+=(-l "$3"); shift ;;
		esac
		shift 2
	done
}

# Compare "mmhex --dump [OPTIONS] FILE" with "xxd [XXD OPTIONS] FILE".
# Usage: check NAME FILE [--seek OFF] [--len N] [--seek-as OFF XOFF]
# [--len-as N XN]
check() {
	local name=$1 file=$2
	shift 2
	parse_options "$@"
	cases=$((cases + 1))
	if ! xxd "${xopts[@]}" "$file" >"$TMP/want" 2>"$TMP/xxd.err"; then
		echo "FAIL: $name: xxd failed: $(cat "$TMP/xxd.err")"
		failed=$((failed + 1))
		return
	fi
	if ! "$MMHEX" --dump "${opts[@]}" "$file" >"$TMP/got" \
	    2>"$TMP/err" </dev/null; then
		echo "FAIL: $name: mmhex exited $?: $(cat "$TMP/err")"
		failed=$((failed + 1))
		return
	fi
	if cmp -s "$TMP/want" "$TMP/got"; then
		echo "PASS: $name ($(wc -c <"$TMP/got") bytes of dump)"
	else
		echo "FAIL: $name: output differs from xxd ${xopts[*]}:"
		diff "$TMP/want" "$TMP/got" | head -n 6
		failed=$((failed + 1))
	fi
}

# Both refuse: xxd with "Sorry, cannot seek." and status 4, mmhex with
# status 1 (its status for an error on the file) and its own message; and
# neither prints a line.  Usage: check_refused NAME FILE OPTIONS...
check_refused() {
	local name=$1 file=$2 status
	shift 2
	parse_options "$@"
	cases=$((cases + 1))
	if xxd "${xopts[@]}" "$file" >"$TMP/want" 2>/dev/null ||
	    [ -s "$TMP/want" ]; then
		echo "FAIL: $name: xxd ${xopts[*]} did not refuse"
		failed=$((failed + 1))
		return
	fi
	set +e
	"$MMHEX" --dump "${opts[@]}" "$file" >"$TMP/got" 2>"$TMP/err" \
	    </dev/null
	status=$?
	set -e
	if [ "$status" -ne 1 ] || [ -s "$TMP/got" ] ||
	    ! grep -q "^mmhex: .*: cannot seek to -" "$TMP/err"; then
		echo "FAIL: $name: mmhex exited $status, printed" \
		    "$(wc -c <"$TMP/got") bytes, said: $(cat "$TMP/err")"
		failed=$((failed + 1))
		return
	fi
	echo "PASS: $name (refused: $(cat "$TMP/err"))"
}

# Whole files of sizes around a line and a page.
for size in 0 1 15 16 17 4095 4096 4097; do
	head -c "$size" /dev/urandom >"$TMP/f$size"
	check "size $size" "$TMP/f$size"
done

# A few random sizes, up to a few chunks of output.
for i in 1 2 3 4; do
	size=$(( $(od -An -N4 -tu4 /dev/urandom) % 400000 ))
	head -c "$size" /dev/urandom >"$TMP/r$i"
	check "random size $size" "$TMP/r$i"
done

# Text with every byte value, so each one's character column is checked.
for ((b = 0; b < 256; b++)); do
	printf '%b' "\\0$(printf '%03o' "$b")"
done >"$TMP/bytes"
check "all 256 byte values" "$TMP/bytes"

# A real binary.
check "the mmhex binary" "$MMHEX"

# Ranges of a 100000-byte file.
head -c 100000 /dev/urandom >"$TMP/range"
check "seek 0 len 0" "$TMP/range" --seek 0 --len 0
check "seek 5 len 0" "$TMP/range" --seek 5 --len 0
check "seek 3 len 5" "$TMP/range" --seek 3 --len 5
check "seek 7 to the end" "$TMP/range" --seek 7
check "seek 0x10 len 0x20" "$TMP/range" --seek 0x10 --len 0x20
check "seek 4095 len 4098" "$TMP/range" --seek 4095 --len 4098
check "len past the end" "$TMP/range" --seek 99990 --len 1000
check "seek to the last byte" "$TMP/range" --seek 99999
check "seek at the end" "$TMP/range" --seek 100000
check "seek past the end" "$TMP/range" --seek 200000 --len 16
check "seek 0xffff len 65537" "$TMP/range" --seek 0xffff --len 65537

# Signed starts, as xxd -s takes them: + is the same as none, - counts
# back from the end.
check "seek +5" "$TMP/range" --seek +5
check "seek +0 len 20" "$TMP/range" --seek +0 --len 20
check "seek +200000 past the end" "$TMP/range" --seek +200000
check "seek -16: the last line" "$TMP/range" --seek -16
check "seek -0x10" "$TMP/range" --seek -0x10
check "seek -1: the last byte" "$TMP/range" --seek -1
check "seek -17 len 5" "$TMP/range" --seek -17 --len 5
check "seek -4097 len +4098" "$TMP/range" --seek -4097 --len +4098
check "seek -100000: the whole file" "$TMP/range" --seek -100000
check "seek -0: at the end" "$TMP/range" --seek -0
check "seek -20 len 0" "$TMP/range" --seek -20 --len 0
check_refused "seek -100001: before the start" "$TMP/range" --seek -100001
check_refused "seek -100001 len 0" "$TMP/range" --seek -100001 --len 0
check_refused "seek -1 in an empty file" "$TMP/f0" --seek -1
check "seek -0 in an empty file" "$TMP/f0" --seek -0

# Units: an extension (xxd stops reading at the k and seeks 1).
check "seek 1k is 1024" "$TMP/range" --seek-as 1k 1024
check "seek -2k len 1k" "$TMP/range" --seek-as -2k -2048 --len-as 1k 1024

# A negative length: xxd dumps the whole file, mmhex calls it a usage
# error (exit 2) and prints nothing.
cases=$((cases + 1))
set +e
"$MMHEX" --dump --len -5 "$TMP/range" >"$TMP/got" 2>"$TMP/err" </dev/null
status=$?
set -e
if [ "$status" -eq 2 ] && [ ! -s "$TMP/got" ] &&
    grep -q "must not be negative" "$TMP/err"; then
	echo "PASS: len -5 is refused"
else
	echo "FAIL: len -5: mmhex exited $status: $(cat "$TMP/err")"
	failed=$((failed + 1))
fi

# A sparse 64 GB file with bytes near its end: 9-digit offsets (xxd
# widens "%08x" as needed) and lines that cross 2^32.
truncate -s 64G "$TMP/sparse"
size=$((64 * 1024 * 1024 * 1024))
printf 'near the end of a sparse file\n\001\177\377' |
	dd of="$TMP/sparse" bs=1 seek=$((size - 40)) conv=notrunc \
	status=none
printf 'at 4 GB' |
	dd of="$TMP/sparse" bs=1 seek=$((0x100000000 - 3)) conv=notrunc \
	status=none
check "64G: seek near the end" "$TMP/sparse" --seek $((size - 100))
check "64G: seek 0xfffffffe0 len 48" "$TMP/sparse" --seek 0xfffffffe0 --len 48
check "64G: seek to the last byte" "$TMP/sparse" --seek $((size - 1))
check "64G: seek past the end" "$TMP/sparse" --seek $((size + 16))
check "64G: across 2^32" "$TMP/sparse" --seek 0xfffffff0 --len 0x40
check "64G: odd seek across 2^32" "$TMP/sparse" --seek 0xfffffff9 --len 33
check "64G: len past the end" "$TMP/sparse" --seek $((size - 24)) --len 50
check "64G: seek -40" "$TMP/sparse" --seek -40
check "64G: seek from the end across 2^32" "$TMP/sparse" \
    --seek -$((size - 0xfffffff0)) --len 0x40
check_refused "64G: seek before the start" "$TMP/sparse" --seek -$((size + 1))

echo "$((cases - failed)) of $cases cases match xxd"
[ "$failed" -eq 0 ]
