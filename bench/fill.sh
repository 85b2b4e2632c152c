#!/bin/sh
# fill.sh - fill a file through the core API (bench/fill.c) in -w and -c:
# throughput, resident memory growth and the undo of that fill.
#
# Usage: bench/fill.sh [SIZE_MIB [DIR]]   (default 4096 MiB in /dev/shm)
# The file is written with data first (not sparse), so the old bytes are
# really spilled; the spill goes to $TMPDIR (default /tmp).  Not part of
# make check.
set -e
size=${1:-4096}
dir=${2:-/dev/shm}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/bench/fill
cc -O2 -I"$top" -I"$top/src/core" -o "$bin" "$top/bench/fill.c" \
    "$top/libmmhex-core.a" $(pkg-config --libs libpcre2-8 2>/dev/null) -ldl -lm
f=$dir/mmhex-fill-bench.$$
trap 'rm -f "$f"' EXIT INT TERM
printf '%-4s %7s %7s %7s %9s %7s %9s %8s\n' mode MiB fill_s GB/s rss+MB \
    undo_s rss+MB heap+MB
for mode in w c; do
	# Data, not holes: a pattern written once per mode.
	head -c $((size * 1048576)) /dev/zero | tr '\0' 'Z' >"$f"
	sync
	"$bin" "$f" $mode "$size" | while read -r mo mb fs gbs rf us ru hp; do
		printf '%-4s %7s %7s %7s %9s %7s %9s %8s\n' "-$mo" "$mb" "$fs" \
		    "$gbs" "$rf" "$us" "$ru" "$hp"
	done
done
