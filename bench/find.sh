#!/bin/bash
# find.sh - every row of issue 14's table, in one run: mmhex --find
# against rg and grep on the same cached files, with the ratios, whether
# the answers agree, the compile time of 1000- and 10,000-word
# alternations, and --count of zeros in a 64 GiB sparse file.
#
# Usage: bench/find.sh [MMHEX]   (default: ./mmhex)
#
# Sizes are the issue's (1 GB logs and image, 256 MiB of "a", ...);
# BENCH_SCALE=N divides every size by N for a quick run (the 64 GiB
# sparse file stays: it costs nothing).  Files are made in BENCH_DIR
# (default: a scratch directory under $TMPDIR, removed at the end) and
# read once before timing so every tool finds them cached.  Each tool
# writes its output to a file (grep stops at the first match when its
# output is /dev/null); "same" means mmhex printed the offsets grep -P
# (or grep -F, or the arithmetic) gives.  Not part of make check.
set -eu

MMHEX=${1:-./mmhex}
[ -x "$MMHEX" ] || { echo "find.sh: no $MMHEX (build first)" >&2; exit 1; }
MMHEX=$(cd "$(dirname "$MMHEX")" && pwd)/$(basename "$MMHEX")
export LC_ALL=C
scale=${BENCH_SCALE:-1}
MB=$((1000 * 1000 / scale))
MIB=$((1024 * 1024 / scale))
dir=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mmhex-find.XXXXXX")}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
cd "$dir"
have_rg=0
command -v rg >/dev/null && have_rg=1

# ---- files -----------------------------------------------------------------
# log BYTES: a server log with a rare "ZQX...END" line and, as rarely,
# "error was reset 2099" (its first bytes are everywhere).
log() {
	awk -v want="$1" 'BEGIN {
	srand(5);
	split("error warning info connection reset user login failed " \
	    "request GET POST /api/v1/items timeout disk cache miss hit " \
	    "worker was", w, " ");
	split("INFO WARN ERROR DEBUG", lv, " ");
	size = 0;
	for (i = 0; size < want; i++) {
		line = sprintf("2024-%02d-%02d %02d:%02d:%02d.%03d [%s] pid=%d",
		    int(rand() * 12) + 1, int(rand() * 28) + 1, int(rand() * 24),
		    int(rand() * 60), int(rand() * 60), int(rand() * 1000),
		    lv[int(rand() * 4) + 1], int(rand() * 99900) + 100);
		n = int(rand() * 10) + 3;
		for (k = 0; k < n; k++)
			line = line " " w[int(rand() * 19) + 1];
		if (i % 100000 == 7)
			line = line " ZQX12345END error was reset 2099";
		print line;
		size += length(line) + 1;
	}
}'
}
[ -s log1g.txt ] || log $((1000 * MB)) >log1g.txt
head -c $((100 * MB)) log1g.txt >log100m.txt
awk -v n=$((1024 * 1024 / scale)) 'BEGIN { s = "ab"; while (length(s) < n) s = s s;
    printf "%s", substr(s, 1, n) }' >abab.txt
head -c $((256 * MIB)) /dev/zero | tr '\0' a >a.txt
head -c $((16 * MIB)) /dev/zero >zeros.bin
rm -f sparse256.bin sparse64g.bin
truncate -s $((256 * MIB)) sparse256.bin
truncate -s $((64 * 1024 * 1024 * 1024)) sparse64g.bin
# A disk-like image: 4 KiB blocks of zeros, random bytes, log text and
# a little of everything, in runs.
[ -s disk.img ] || python3 - $((1000 * MB)) <<'EOF' >disk.img
import os, random, sys
want = int(sys.argv[1])
random.seed(7)
log = open("log100m.txt", "rb").read(1 << 22)
out = sys.stdout.buffer
size = 0
while size < want:
    kind = random.random()
    n = 4096 * random.randint(1, 64)
    if kind < 0.4:
        block = bytes(n)
    elif kind < 0.7:
        block = os.urandom(n)
    else:
        at = random.randrange(len(log) - n)
        block = log[at:at + n]
    block = block[:want - size]
    out.write(block)
    size += len(block)
EOF
python3 -c '
import random
random.seed(1)
w = ["".join(random.choice("abcdefghijklmnopqrstuvwxyz")
     for _ in range(random.randint(5, 10))) for _ in range(10000)]
# The words of the log last: the alternations match too.
words = ("error warning info connection reset user login failed request "
         "timeout disk cache miss hit worker").split()
w[1000 - len(words):1000] = words
w[10000 - len(words):] = words
open("w1000", "w").write("|".join(w[:1000]))
open("w10000", "w").write("|".join(w))'
tr '\n' ' ' <log100m.txt >oneline.txt	# a literal of 8000 bytes is in it
head -c $((3 * MB + 8000)) oneline.txt | tail -c 8000 >lit8000
cat log1g.txt log100m.txt oneline.txt abab.txt a.txt zeros.bin disk.img \
    >/dev/null

# ---- timing ------------------------------------------------------------------
# seconds OUT CMD...: run CMD with its output to OUT, print the wall time;
# then keep only the offsets of OUT (untimed).
seconds() {
	local out=$1 t0 t1
	shift
	t0=$(date +%s%N)
	"$@" >"$out.raw" 2>/dev/null || :
	t1=$(date +%s%N)
	cut -d: -f1 "$out.raw" >"$out"
	rm -f "$out.raw"
	awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == "-" || b <= 0) print "-";
	    else printf "%.2f", a / b }'
}

printf '%-28s %-13s %8s %8s %8s %7s %7s  %s\n' pattern file mmhex grep rg \
    mm/grep mm/rg answers
# row LABEL FILE MMHEX-FLAGS :: GREP-ARGS :: RG-ARGS: time the three
# (no GREP-ARGS or RG-ARGS: not run); the answers are compared with
# grep's, or else rg's.
row() {
	local label=$1 file=$2 tm tg=- tr=- same mm=() gp=() rg=()
	shift 2
	while [ "$1" != :: ]; do mm+=("$1"); shift; done
	shift
	while [ "$1" != :: ]; do gp+=("$1"); shift; done
	shift
	rg=("$@")
	tm=$(seconds mm.out "$MMHEX" "${mm[@]}" "$file")
	if [ ${#gp[@]} -gt 0 ]; then
		tg=$(seconds grep.out grep "${gp[@]}" "$file")
	fi
	if [ "$have_rg" = 1 ] && [ ${#rg[@]} -gt 0 ]; then
		tr=$(seconds rg.out rg "${rg[@]}" "$file")
	fi
	if [ "${mm[0]}" = --hex ]; then
		same="count $(cat mm.out)"
	elif [ "$tg" = - ] && [ "$tr" != - ] && [ -s rg.out ]; then
		cmp -s mm.out rg.out && same="same as rg ($(wc -l <mm.out))" ||
		    same="DIFFER from rg ($(wc -l <mm.out) vs $(wc -l <rg.out))"
	elif [ "$tg" = - ]; then
		same="($(wc -l <mm.out) lines)"
	elif cmp -s mm.out grep.out; then
		same="same ($(wc -l <mm.out))"
	else
		same="DIFFER ($(wc -l <mm.out) vs $(wc -l <grep.out))"
	fi
	printf '%-28s %-13s %8s %8s %8s %7s %7s  %s\n' "$label" "$file" "$tm" \
	    "$tg" "$tr" "$(ratio "$tm" "$tg")" "$(ratio "$tm" "$tr")" "$same"
}
rx() {		# rx PATTERN FILE: a regex row against grep -P and rg
	row "$1" "$2" --find "$1" --regex :: -P -o -b -a -- "$1" :: \
	    -o -b -a --no-line-number -- "$1"
}
lit() {		# lit LABEL PATTERN FILE: a literal against grep -F and rg -F
	row "$1" "$3" --find "$2" :: -F -o -b -a -- "$2" :: \
	    -F -o -b -a --no-line-number -- "$2"
}

rx '\w+' log1g.txt
rx '.+' log100m.txt
rx '(ab)+' abab.txt
rx 'a+' a.txt
rx '\x00{16,}' zeros.bin
rx 'ZQX[0-9]+END' log1g.txt
rx '[0-9]{4}-[0-9]{2}-[0-9]{2}' log1g.txt
rx '[ -~]{8,}' disk.img
lit 'error was reset 2099' 'error was reset 2099' log1g.txt
lit 'literal of 8000 bytes' "$(cat lit8000)" oneline.txt
row '1000-word alternation' log100m.txt --find "$(cat w1000)" --regex :: \
    -P -o -b -a -- "$(cat w1000)" :: -o -b -a --no-line-number -- \
    "$(cat w1000)"
row '10,000-word alternation' log100m.txt --find "$(cat w10000)" --regex :: \
    :: -o -b -a --no-line-number -- "$(cat w10000)"
# --count of zeros: the answer is arithmetic (every start of 4 zeros).
row '--hex --count 00000000' sparse256.bin --hex --count --find 00000000 :: \
    :: -c -a --count-matches -- '\x00\x00\x00\x00'
echo "    (want $((256 * MIB - 3)); rg counts non-overlapping matches)"
row '--hex --count 00 (64 GiB)' sparse64g.bin --hex --count --find 00 :: ::
echo "    (want $((64 * 1024 * 1024 * 1024)))"

# ---- compile time ----------------------------------------------------------
echo hello >small.txt
for n in 1000 10000; do
	t=$(seconds c.out "$MMHEX" --find "$(cat w$n)" --regex small.txt)
	printf 'compile and run on 6 bytes, %5d-word alternation: %s s\n' \
	    "$n" "$t"
done
