#!/bin/bash
# diff.sh - mmhex --diff against cmp and cmp -l (issue 17), and the
# TUI's next/previous difference at the far end (diff_next/diff_prev),
# one run, side by side on this machine.
#
# Usage: bench/diff.sh [MMHEX]   (default: ./mmhex, built in this tree)
#
# Makes, in a scratch directory (BENCH_DIR, default $TMPDIR or /tmp),
# two 2 GiB random files that differ in 8 bytes, all in the last MiB
# (so that cmp, which stops at the first difference, reads as much as
# mmhex), and two 2 GiB files that differ once every 64 bytes (33.5
# million differences: cmp -l | wc -l against mmhex --diff | wc -l).
# Every file is read once first so that every tool finds it cached.
# Each command runs REPS times (default 3); the table shows the best
# wall time, the CPU time of that run, and the input rate (both files'
# bytes over the wall time, and over the CPU time: on a shared, loaded
# machine the CPU time is the steadier figure).  Not part of make check: it needs about
# 8 GiB of scratch disk and 8 GiB of page cache.
set -eu

MMHEX=${1:-./mmhex}
[ -x "$MMHEX" ] || { echo "diff.sh: no $MMHEX (build first)" >&2; exit 1; }
MMHEX=$(cd "$(dirname "$MMHEX")" && pwd)/$(basename "$MMHEX")
top=$(cd "$(dirname "$0")/.." && pwd)
reps=${REPS:-3}
export LC_ALL=C
dir=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/mmhex-diff.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# ---- files -------------------------------------------------------------------
size=$((2 * 1024 * 1024 * 1024))
head -c "$size" /dev/urandom >a.bin
cp a.bin b.bin
for i in 1 2 3 4 5 6 7 8; do
	printf '\377' | dd of=b.bin bs=1 seek=$((size - 1024 * 1024 + i * 100000)) \
	    conv=notrunc status=none
done
line63=$(printf 'a%.0s' $(seq 63))
line62=$(printf 'a%.0s' $(seq 62))
yes "$line63" | head -c "$size" >m1.bin || :
yes "${line62}b" | head -c "$size" >m2.bin || :
cat a.bin b.bin m1.bin m2.bin >/dev/null

# The next-difference timer links the core library of this tree.
cc -std=c11 -O2 -I"$top/src/core" "$top/bench/diff-next.c" \
    "$top/libmmhex-core.a" -lpthread -o diff-next 2>/dev/null ||
	cc -std=c11 -O2 -I"$top/src/core" "$top/bench/diff-next.c" \
	    "$top/libmmhex-core.a" $(pkg-config --libs libpcre2-8 2>/dev/null) \
	    -lpthread -o diff-next

# ---- timing --------------------------------------------------------------------
# best LABEL INPUT_BYTES CMD...: run CMD REPS times (stdout to out.txt),
# print a table row with the best wall time and that run's CPU time.
best() {
	local label=$1 bytes=$2 r t0 t1 wall cpu bw=999999 bc=0
	shift 2
	for ((r = 0; r < reps; r++)); do
		t0=$(date +%s%N)
		/usr/bin/time -f '%U %S' -o cpu.txt bash -c '"$@" >out.txt 2>/dev/null || :' _ "$@"
		t1=$(date +%s%N)
		wall=$(((t1 - t0) / 1000000))
		cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' cpu.txt)
		if [ "$wall" -lt "$bw" ]; then
			bw=$wall
			bc=$cpu
		fi
	done
	printf '| %-44s | %8d | %8d | %6.2f | %6.2f |\n' "$label" "$bw" "$bc" \
	    "$(awk -v b="$bytes" -v ms="$bw" 'BEGIN { print b / ms / 1e6 }')" \
	    "$(awk -v b="$bytes" -v ms="$bc" 'BEGIN { print b / (ms + 1) / 1e6 }')"
}

input=$((2 * size))
echo
echo "mmhex --diff on two cached 2 GiB files ($(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
echo
echo '| command                                      |  wall ms |   CPU ms | GB/s wall | GB/s CPU |'
echo '|----------------------------------------------|----------|----------|--------|--------|'
best 'mmhex --diff a b (8 differences, at the end)' "$input" "$MMHEX" --diff a.bin b.bin
lines=$(wc -l <out.txt)
best 'cmp a b (stops at the first, near the end)' "$input" cmp a.bin b.bin
best 'cmp -l a b | wc -l' "$input" sh -c 'cmp -l a.bin b.bin | wc -l'
best 'mmhex --diff m1 m2 | wc -l (33.5 M diffs)' "$input" sh -c "'$MMHEX' --diff m1.bin m2.bin | wc -l"
mlines=$(cat out.txt)
best 'cmp -l m1 m2 | wc -l' "$input" sh -c 'cmp -l m1.bin m2.bin | wc -l'
clines=$(cat out.txt)
echo
echo "lines: mmhex --diff a b: $lines (want 8); m1 m2: mmhex $mlines, cmp -l $clines"

echo
echo "next/previous difference at the far end (diff_next from 0 to the first"
echo "difference, 1 MiB before the end of 2 GiB; diff_prev from the end)"
echo
echo '| call                                  |  wall ms | calls |'
echo '|---------------------------------------|----------|-------|'
read -r t1 c1 t2 c2 t3 c3 at < <(./diff-next a.bin b.bin 64)
printf '| diff_next, one call                   | %8.0f | %5d |\n' "$(awk -v t="$t1" 'BEGIN { print t * 1000 }')" "$c1"
printf '| diff_next, steps of 64 MiB            | %8.0f | %5d |\n' "$(awk -v t="$t2" 'BEGIN { print t * 1000 }')" "$c2"
printf '| diff_prev from the end, steps of 64 MiB | %6.0f | %5d |\n' "$(awk -v t="$t3" 'BEGIN { print t * 1000 }')" "$c3"
echo
echo "(found at $at)"
