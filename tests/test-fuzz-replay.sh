#!/bin/bash
# Replay the fuzz corpora (goto expressions, journal, patch specs, search
# patterns, text view, key streams through the application, struct
# layouts, inspector values, pasted hex, config files, scripts)
# through the fuzz targets built without libFuzzer: any broken
# invariant aborts the replayer, and a missing or empty corpus
# fails too.
set -eu
. "$top_srcdir/tests/lib.sh"

# replay NAME REPLAYER: run the replayer over tests/fuzz/corpus/NAME.
replay() {
	local name=$1 replayer=$2 corpus="$top_srcdir/tests/fuzz/corpus/$1"
	local status

	set +e
	"$replayer" "$corpus" >"$TMP/out" 2>&1
	status=$?
	set -e
	cat "$TMP/out"
	if [ "$status" != 0 ]; then
		fail "fuzz-$name-replay exited $status on $corpus"
	fi
	pass "fuzz-$name corpus replayed: $(tail -n 1 "$TMP/out")"
}

replay addr "${FUZZ_ADDR:?FUZZ_ADDR must name the fuzz-addr replayer}"
replay journal "${FUZZ_JOURNAL:?FUZZ_JOURNAL must name the fuzz-journal replayer}"
replay patch "${FUZZ_PATCH:?FUZZ_PATCH must name the fuzz-patch replayer}"
replay search "${FUZZ_SEARCH:?FUZZ_SEARCH must name the fuzz-search replayer}"
replay textview "${FUZZ_TEXTVIEW:?FUZZ_TEXTVIEW must name the fuzz-textview replayer}"
replay keys "${FUZZ_KEYS:?FUZZ_KEYS must name the fuzz-keys replayer}"
replay layout "${FUZZ_LAYOUT:?FUZZ_LAYOUT must name the fuzz-layout replayer}"
replay value "${FUZZ_VALUE:?FUZZ_VALUE must name the fuzz-value replayer}"
replay yank "${FUZZ_YANK:?FUZZ_YANK must name the fuzz-yank replayer}"
replay config "${FUZZ_CONFIG:?FUZZ_CONFIG must name the fuzz-config replayer}"
replay script "${FUZZ_SCRIPT:?FUZZ_SCRIPT must name the fuzz-script replayer}"
