#!/bin/bash
# The live struct watch and the inspector on a shared file (issue 15).
# The writer is the issue's, unchanged: a Python loop doing
#   mm[:16] = struct.pack('Qd', counter, time.time())
# into a mapped file.  With no key pressed,
#  a. L '<Qd counter ts' Enter shows the counter and the timestamp as
#     numbers, and the counter advances between two looks a second apart;
#     the timestamp is within a minute of now; no torn sample is shown as
#     values (the title counts them);
#  b. the inspector (i) at offset 0 shows uint64 advancing too, and at
#     offset 8 float64 a time near now.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

command -v python3 >/dev/null 2>&1 || skip_all "no python3"
head -c 4096 /dev/zero >shared.bin
cat >writer.py <<'PY'
import mmap, struct, time
with open("shared.bin", "r+b") as f:
    mm = mmap.mmap(f.fileno(), 4096)
    counter = 0
    while True:
        counter += 1
        mm[:16] = struct.pack('Qd', counter, time.time())
        time.sleep(0.01)
PY
python3 writer.py &
writer=$!
trap 'kill $writer 2>/dev/null || true; rm -rf "$TMP"' EXIT

# --- a. the struct watch. ---------------------------------------------------
vtrun 24 100 "$MMHEX" shared.bin <<'SCRIPT'
waitrow -2  of 4096
send L
waitrow -1 struct at the cursor (<Qd counter ts):
send \<Qd counter ts<Enter>
waitrow -1 watching 16 bytes at 0x0 every tick
waitre counter +[0-9]+
sh sleep 0.3
screen
sh sleep 1
screen
send q
exit 0
SCRIPT
counters=$(grep -o 'counter \+[0-9]\+' "$TMP/vt.out" | awk '{print $2}')
first=$(echo "$counters" | head -n 1)
last=$(echo "$counters" | tail -n 1)
[ -n "$first" ] && [ -n "$last" ] || fail "a. no counter on screen"
[ "$last" -gt "$first" ] ||
	fail "a. the counter did not advance without a key: $first then $last"
ts=$(grep -o 'ts \+[0-9.e+]\+' "$TMP/vt.out" | tail -n 1 | awk '{print $2}')
now=$(date +%s)
python3 -c "import sys; sys.exit(0 if abs(float('$ts') - $now) < 60 else 1)" ||
	fail "a. ts is $ts, now is $now"
grep -q 'samples, [0-9]* torn' "$TMP/vt.out" ||
	fail "a. the title does not count samples and torn reads"
pass "a. struct watch: counter $first then $last without a key, ts $ts (now $now)"

# --- b. the inspector follows too. ----------------------------------------
vtrun 24 100 "$MMHEX" shared.bin <<'SCRIPT'
waitrow -2  of 4096
send i
waitre uint64 +[0-9]+
sh sleep 0.3
screen
sh sleep 1
screen
send :8<Enter>
waitre float64 +1[0-9]{9}
send q
exit 0
SCRIPT
counters=$(grep -o 'uint64 \+[0-9]\+' "$TMP/vt.out" | awk '{print $2}')
first=$(echo "$counters" | head -n 1)
last=$(echo "$counters" | tail -n 1)
[ "$last" -gt "$first" ] ||
	fail "b. the inspector's uint64 did not advance: $first then $last"
pass "b. inspector: uint64 $first then $last without a key; float64 at 8 is a time"
