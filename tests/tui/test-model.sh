#!/bin/bash
# Randomized editing sessions against a model, with two other writers
# (issue 12).  For each session tests/tui/model-session.py makes, from a
# seed, a 512-byte file, a vtdrive script for mmhex -w or -c (the parity
# of the seed) and the model's file at every point the script compares:
# goto and type a byte, u, C-r, w (-w) or P y (-c), the other process
# writing 1-8 bytes with dd (often over bytes mmhex wrote, sometimes
# while a conflict prompt asks), the conflict prompts answered k, m or c,
# then q and the quit prompt (c, d, s or a).  Every message is the
# model's, word for word, and so are the status line (unsaved bytes,
# cursor) and the cursor's hex row (-c: the private copy); every
# "saved"/"applied" is followed by a cmp of the file (bytes 0-509) with
# the model's, so a false "saved" fails, and so is every change mmhex
# makes to the file in -w.  At the end the file is the model's final
# one, and every byte the other writer wrote last still holds its byte
# unless the user typed over it or chose "write mine again" (the model
# counts such overwrites: 0 without m).
# Meanwhile a background loop rewrites bytes 510-511 (never edited) with
# a counter, checking before each store that they still hold its last
# one: mmhex's syncs, reverts and applies must never put old bytes there.
# MODEL_SEED (first seed, default 1), MODEL_SESSIONS (default 20) and
# MODEL_STEPS (default 150) run other sessions; a failure names its seed.
set -eu
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"
model=$top_srcdir/tests/tui/model-session.py
seed=${MODEL_SEED:-1}
sessions=${MODEL_SESSIONS:-20}
steps=${MODEL_STEPS:-150}

bg=
cur_seed=
cleanup() {
	local status=$?
	if [ -n "$bg" ]; then
		kill "$bg" 2>/dev/null || :
		wait "$bg" 2>/dev/null || :
	fi
	if [ "$status" -ne 0 ] && [ -n "$cur_seed" ]; then
		echo "test-model: failed in the session of seed $cur_seed;" \
		    "again alone: MODEL_SEED=$cur_seed MODEL_SESSIONS=1" >&2
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

# The background writer, run in the session's directory until bg.stop
# exists: stores a 16-bit counter (big-endian) at 510 every 10 ms, after
# checking that the file still holds the last one (else a line in bg.bad);
# bg.last is the last value stored.
bg_writer() {
	local i=0 want="0 0" hi lo bytes got
	while [ ! -e bg.stop ]; do
		got=$(od -An -tu1 -j510 -N2 data.bin) || break
		set -- $got
		[ "$1 $2" = "$want" ] ||
		    echo "before store $((i + 1)): 510-511 hold $1 $2, not $want" \
		    >>bg.bad
		i=$((i + 1))
		hi=$((i >> 8 & 255))
		lo=$((i & 255))
		printf -v bytes '\\%03o\\%03o' "$hi" "$lo"
		printf "$bytes" | dd of=data.bin bs=2 seek=255 conv=notrunc \
		    status=none || break
		want="$hi $lo"
		echo "$i" >bg.last
		sleep 0.01
	done
}

dirs=()
for ((k = 0; k < sessions; k++)); do
	cur_seed=$((seed + k))
	dir=$TMP/s$cur_seed
	mkdir "$dir"
	python3 "$model" gen "$cur_seed" "$steps" "$dir" ||
	    fail "seed $cur_seed: model-session.py gen failed"
	mode=$(cat "$dir/mode")
	cd "$dir"
	bg_writer &
	bg=$!
	vtrun 24 80 "$MMHEX" "$mode" data.bin <script
	touch bg.stop
	wait "$bg" || fail "seed $cur_seed: the background writer failed"
	bg=
	cd "$TMP"
	cmp -n 510 "$dir/data.bin" "$dir/final.bin" ||
	    fail "seed $cur_seed: the file is not the model's at the end"
	python3 "$model" check "$dir" ||
	    fail "seed $cur_seed: the other writer's bytes were overwritten"
	[ ! -e "$dir/bg.bad" ] ||
	    fail "seed $cur_seed: bytes 510-511 changed under the" \
	    "background writer: $(head -n 3 "$dir/bg.bad")"
	last=0
	[ -e "$dir/bg.last" ] && last=$(cat "$dir/bg.last")
	set -- $(od -An -tu1 -j510 -N2 "$dir/data.bin")
	[ "$1 $2" = "$((last >> 8 & 255)) $((last & 255))" ] ||
	    fail "seed $cur_seed: bytes 510-511 hold $1 $2, the background" \
	    "writer's last store was $last"
	pass "seed $cur_seed ($mode): $(grep -c '^send' "$dir/script") keys," \
	    "the file is the model's, the other writers' bytes kept" \
	    "($last background stores)"
	dirs+=("$dir")
done
cur_seed=
python3 "$model" total "${dirs[@]}" ||
    fail "the model overwrote the other writer's bytes without m"
