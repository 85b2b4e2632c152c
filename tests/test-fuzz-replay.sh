#!/bin/bash
# Replay the fuzz corpora (goto expressions, journal, patch specs, search
# patterns) through the fuzz targets built without libFuzzer: any broken
# invariant aborts the replayer, and a missing or empty corpus fails too.
set -eu
. "$top_srcdir/tests/lib.sh"

: "${FUZZ_ADDR:?FUZZ_ADDR must name the fuzz-addr replayer}"
corpus="$top_srcdir/tests/fuzz/corpus/addr"

set +e
"$FUZZ_ADDR" "$corpus" >"$TMP/out" 2>&1
status=$?
set -e
cat "$TMP/out"
if [ "$status" != 0 ]; then
	fail "fuzz-addr-replay exited $status on $corpus"
fi
pass "fuzz-addr corpus replayed: $(tail -n 1 "$TMP/out")"

# The journal against its flat-array oracle, replayed over its corpus.
: "${FUZZ_JOURNAL:?FUZZ_JOURNAL must name the fuzz-journal replayer}"
corpus="$top_srcdir/tests/fuzz/corpus/journal"
set +e
"$FUZZ_JOURNAL" "$corpus" >"$TMP/out" 2>&1
status=$?
set -e
cat "$TMP/out"
if [ "$status" != 0 ]; then
	fail "fuzz-journal-replay exited $status on $corpus"
fi
pass "fuzz-journal corpus replayed: $(tail -n 1 "$TMP/out")"

# The --patch spec parser against its reference reading, over its corpus.
: "${FUZZ_PATCH:?FUZZ_PATCH must name the fuzz-patch replayer}"
corpus="$top_srcdir/tests/fuzz/corpus/patch"
set +e
"$FUZZ_PATCH" "$corpus" >"$TMP/out" 2>&1
status=$?
set -e
cat "$TMP/out"
if [ "$status" != 0 ]; then
	fail "fuzz-patch-replay exited $status on $corpus"
fi
pass "fuzz-patch corpus replayed: $(tail -n 1 "$TMP/out")"

# Search patterns against a byte-by-byte reference scan, over its corpus.
: "${FUZZ_SEARCH:?FUZZ_SEARCH must name the fuzz-search replayer}"
corpus="$top_srcdir/tests/fuzz/corpus/search"
set +e
"$FUZZ_SEARCH" "$corpus" >"$TMP/out" 2>&1
status=$?
set -e
cat "$TMP/out"
if [ "$status" != 0 ]; then
	fail "fuzz-search-replay exited $status on $corpus"
fi
pass "fuzz-search corpus replayed: $(tail -n 1 "$TMP/out")"
