#!/bin/bash
# regex.sh - mmhex --find --regex against grep -P -o -b -a and rg -o -b -a
# (issue 14), one run, side by side on this machine.
#
# Usage: bench/regex.sh [MMHEX]   (default: ./mmhex; rg is used if found)
#
# Makes the files in a scratch directory (BENCH_DIR, default under
# $TMPDIR): a 100 MB log with a rare ZQX...END line, 1 MiB of "ab",
# 256 MiB of "a" and 16 MiB of zeros, each read once first so that every
# tool finds it cached.  Each row times one pattern on its worst file;
# every tool writes its output to a file (grep stops at the first match
# when its output is /dev/null), and the offsets are compared afterwards:
# "same" means mmhex printed what grep printed.  Not part of make check.
set -eu

MMHEX=${1:-./mmhex}
[ -x "$MMHEX" ] || { echo "regex.sh: no $MMHEX (build first)" >&2; exit 1; }
MMHEX=$(cd "$(dirname "$MMHEX")" && pwd)/$(basename "$MMHEX")
export LC_ALL=C
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mmhex-regex.XXXXXX")}
trap 'rm -rf "$dir"' EXIT
cd "$dir"

# ---- files -----------------------------------------------------------------
awk 'BEGIN {
	srand(5);
	split("error warning info connection reset user login failed request " \
	    "GET POST /api/v1/items timeout disk cache miss hit worker", w, " ");
	split("INFO WARN ERROR DEBUG", lv, " ");
	size = 0;
	for (i = 0; size < 100 * 1024 * 1024; i++) {
		line = sprintf("2024-%02d-%02d %02d:%02d:%02d.%03d [%s] pid=%d",
		    int(rand() * 12) + 1, int(rand() * 28) + 1, int(rand() * 24),
		    int(rand() * 60), int(rand() * 60), int(rand() * 1000),
		    lv[int(rand() * 4) + 1], int(rand() * 99900) + 100);
		n = int(rand() * 10) + 3;
		for (k = 0; k < n; k++)
			line = line " " w[int(rand() * 18) + 1];
		if (i % 100000 == 7)
			line = line " ZQX12345END";
		print line;
		size += length(line) + 1;
	}
}' >log.txt
awk 'BEGIN { s = "ab"; while (length(s) < 1048576) s = s s; printf "%s", s }' >abab.txt
head -c $((256 * 1024 * 1024)) /dev/zero | tr '\0' a >a.txt
head -c $((16 * 1024 * 1024)) /dev/zero >zeros.bin
cat log.txt abab.txt a.txt zeros.bin >/dev/null

# ---- timing ------------------------------------------------------------------
# seconds OUT CMD...: run CMD with its output to the file OUT, print the
# wall time in seconds; then cut OUT to the offsets (untimed).
seconds() {
	local out=$1 t0 t1
	shift
	t0=$(date +%s%N)
	"$@" >"$out.raw" || :
	t1=$(date +%s%N)
	cut -d: -f1 "$out.raw" >"$out"
	rm -f "$out.raw"
	awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

have_rg=0
command -v rg >/dev/null && have_rg=1

printf '%-30s %-10s %8s %8s %8s %7s %7s  %s\n' pattern file mmhex grep rg \
    mm/grep mm/rg answers
row() {
	local pattern=$1 file=$2 tm tg tr=- rmg rmr=- same
	tm=$(seconds mm.out "$MMHEX" --find "$pattern" --regex "$file")
	tg=$(seconds grep.out grep -P -o -b -a -- "$pattern" "$file")
	if [ "$have_rg" = 1 ]; then
		tr=$(seconds rg.out rg -o -b -a --no-line-number -- "$pattern" \
		    "$file")
		rmr=$(awk -v a="$tm" -v b="$tr" \
		    'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	fi
	rmg=$(awk -v a="$tm" -v b="$tg" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	cmp -s mm.out grep.out && same="same ($(wc -l <mm.out))" ||
		same="DIFFER ($(wc -l <mm.out) vs $(wc -l <grep.out))"
	printf '%-30s %-10s %8s %8s %8s %7s %7s  %s\n' "$pattern" "$file" \
	    "$tm" "$tg" "$tr" "$rmg" "$rmr" "$same"
}

row '\w+' log.txt
row '.+' log.txt
row 'ZQX[0-9]+END' log.txt
row '[0-9]{4}-[0-9]{2}-[0-9]{2}' log.txt
row '(ab)+' abab.txt
row 'a+' a.txt
row '\x00{16,}' zeros.bin
