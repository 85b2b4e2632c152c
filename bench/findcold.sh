#!/bin/bash
# findcold.sh - key echo latency while mmhex finds in a cold 1 GB file.
#
#   bench/findcold.sh [MMHEX [OTHER_MMHEX...]]
#
# Makes a 1 GiB file (FILE_MB MiB) of random bytes in a scratch directory under
# BENCH_DIR (default /var/tmp; it must be a disk, not tmpfs, for "cold"
# to mean anything), builds bench/findcold.c, and runs it REPS times
# (default 5) for each binary given (default ./mmhex), interleaved, the
# order rotating each round.  findcold drops the file from the page cache
# once mmhex's first screen is up, starts a find for a pattern that is
# not in the file, types KEYS cursor moves (default 50) one every
# INTERVAL ms (default 20), then Esc.  Prints every run, then the medians
# per binary ("keys A/B/C": A echoed during the find, of B echoed, of C
# to send; a scan that ends early stops the keys).  Target: the largest
# echo <= 50 ms.  Not part of make check.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
reps=${REPS:-5}
keys=${KEYS:-50}
interval=${INTERVAL:-20}
if [ $# -eq 0 ]; then set -- "$top/mmhex"; fi
for b in "$@"; do
	[ -x "$b" ] || { echo "findcold.sh: $b: not an executable" >&2; exit 2; }
done

dir=$(mktemp -d "${BENCH_DIR:-/var/tmp}/findcold.XXXXXX")
trap 'rm -rf "$dir"' EXIT
if [ "$(stat -f -c %T "$dir")" = tmpfs ]; then
	echo "findcold.sh: $dir is on tmpfs: nothing to drop" >&2
	exit 2
fi
cc -std=c11 -O2 "$here/findcold.c" -o "$dir/findcold" \
    $(pkg-config --cflags --libs vterm) -lutil
head -c $((${FILE_MB:-1024} * 1024 * 1024)) /dev/urandom >"$dir/cold1g.bin"
sync -f "$dir/cold1g.bin"
cd "$dir"

n=$#
raw=$dir/raw
: >"$raw"
for ((r = 0; r < reps; r++)); do
	for ((i = 0; i < n; i++)); do
		k=$(((i + r) % n))
		b=${@:k+1:1}
		out=$("$dir/findcold" -n "$keys" -i "$interval" cold1g.bin -- \
		    "$b" cold1g.bin) || true
		max=$(sed -n 's/^echo_max_ms //p' <<<"$out")
		med=$(sed -n 's/^echo_median_ms //p' <<<"$out")
		p90=$(sed -n 's/^echo_p90_ms //p' <<<"$out")
		esc=$(sed -n 's/^esc_ms //p' <<<"$out")
		dur=$(sed -n 's/^during_find //p' <<<"$out")
		nk=$(sed -n 's/^keys //p' <<<"$out")
		mbs=$(sed -n 's/^find_mbs //p' <<<"$out")
		res=$(sed -n 's/^resident_pages //p' <<<"$out")
		st=$(sed -n 's/^status //p' <<<"$out")
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$k" "${max:--}" \
		    "${med:--}" "${p90:--}" "${esc:--}" "${dur:--}" \
		    "${res:--}" "${st:-none}" >>"$raw"
		printf 'round %d %-28s max %6s ms  median %5s ms  p90 %6s ms  Esc %5s ms  keys %s/%s/%d  scan %s MB/s  resident %s  %s\n' \
		    "$((r + 1))" "$b" "${max:--}" "${med:--}" "${p90:--}" \
		    "${esc:--}" "${dur:--}" "${nk:--}" "$keys" "${mbs:--}" \
		    "${res:--}" "${st:-none}"
	done
done

echo
printf '%-44s %9s %9s %9s %9s %9s  %s\n' binary "max ms" "worst" \
    "median" "p90" "Esc ms" "runs ok"
for ((i = 0; i < n; i++)); do
	awk -F'\t' -v k="$i" -v name="${@:i+1:1}" '
	function med(a, m,   t, j, x) {
		for (j = 1; j <= m; j++) for (x = j; x > 1 && a[x-1] > a[x]; x--) { t = a[x]; a[x] = a[x-1]; a[x-1] = t }
		return m == 0 ? "-" : (m % 2 ? a[(m+1)/2] : (a[m/2] + a[m/2+1]) / 2)
	}
	$1 == k && $8 == "ok" { n++; mx[n] = $2; md[n] = $3; p9[n] = $4; if ($5 != "-") { e++; es[e] = $5 }
		if ($2 + 0 > worst) worst = $2 + 0 }
	$1 == k { runs++ }
	END { printf "%-44s %9s %9.1f %9s %9s %9s  %d/%d\n", name, med(mx, n), worst, med(md, n), med(p9, n), med(es, e), n, runs }' "$raw"
done
echo "(max, median, p90: medians over the runs of each run's figure;"
echo " worst: the largest echo in any run; target: max <= 50 ms)"
