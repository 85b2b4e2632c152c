#!/bin/bash
# mmhex --struct against Python's struct module: random formats (every
# code, every order character, counts, native alignment) unpacked from
# random records, field by field as repr() of struct.unpack's values;
# --count and --stride; and --follow against the issue's writer,
# `mm[:16] = struct.pack('Qd', counter, time.time())` in a Python loop:
# the counter only grows, ts is near now, Ctrl-C ends it with status 0.
set -eu
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null || skip_all "no python3"

SEED=${STRUCT_SEED:-$RANDOM}
export MMHEX SEED
python3 - "$TMP" <<'PY' || fail "the oracle disagrees (STRUCT_SEED=$SEED)"
import csv, io, os, random, struct, subprocess, sys

tmp = sys.argv[1]
rng = random.Random(int(os.environ["SEED"]))
mmhex = os.environ["MMHEX"]
path = os.path.join(tmp, "records")
bad = 0

def run(*args):
    return subprocess.run([mmhex, *args], capture_output=True, text=True)

for trial in range(150):
    mode = rng.choice(["", "@", "=", "<", ">", "!"])
    codes = "xcbB?hHiIlLqQefdsp" + ("nNP" if mode in ("", "@") else "")
    fmt = mode
    for _ in range(rng.randrange(1, 7)):
        c = rng.choice(codes)
        n = rng.choice(["", "", "", "0", "1", "2", "3", "5"])
        if c == "p" and n == "0":
            n = "1"
        fmt += n + c
    size = struct.calcsize(fmt)
    if size == 0:
        continue
    count = rng.choice([1, 1, 3])
    stride = size + rng.choice([0, 0, 5])
    data = rng.randbytes(stride * count + rng.randrange(8))
    with open(path, "wb") as f:
        f.write(data)
    args = ["--struct", fmt]
    if count > 1:
        args += ["--count", str(count), "--stride", str(stride)]
    r = run(*args, path)
    if r.returncode != 0:
        print(f"{fmt}: exit {r.returncode}: {r.stderr}", file=sys.stderr)
        bad += 1
        continue
    rows = list(csv.reader(io.StringIO(r.stdout)))
    head = rows[0]
    for i in range(count):
        want = [repr(v) for v in struct.unpack_from(fmt, data, i * stride)]
        row = rows[1 + i]
        got = row[(3 if count > 1 else 2):]
        if len(head) != len(want) + len(row) - len(got) or got != want:
            print(f"{fmt} record {i}: mmhex {got}, python {want}", file=sys.stderr)
            bad += 1
print(f"{trial + 1} formats checked")
sys.exit(1 if bad else 0)
PY
pass "--struct agrees with struct.unpack on random formats (seed $SEED)"

# Names, JSON, errors.
python3 -c "import struct,sys; sys.stdout.buffer.write(struct.pack('<Qd?4s', 7, 1.5, True, b'a\"b,'))" >"$TMP/rec"
"$MMHEX" --struct '<Qd?4s counter ts ok tag' --json "$TMP/rec" >"$TMP/out"
python3 - "$TMP/out" <<'PY' || fail "--json: $(cat "$TMP/out")"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
o = json.loads(lines[0])
assert o["torn"] is False and o["fields"] == {"counter": 7, "ts": 1.5, "ok": True,
                                              "tag": "b'a\"b,'"}, o
PY
pass "--struct --json"
for spec in "<Qz a" "<Qd a" "<Q 9a" "<QQ a a" "3" "<n" ""; do
	set +e
	"$MMHEX" --struct "$spec" "$TMP/rec" >/dev/null 2>"$TMP/err"; st=$?
	set -e
	[ "$st" = 2 ] || fail "--struct '$spec' exited $st: $(cat "$TMP/err")"
done
set +e
"$MMHEX" --struct '<Q' --at 28 "$TMP/rec" >/dev/null 2>"$TMP/err"; st=$?
set -e
[ "$st" = 1 ] && grep -q 'past the end' "$TMP/err" || fail "record past the end: $st"
for opts in "--cols 8" "-w" "--dump" "--inspect 0" "--watch 5" "--big"; do
	set +e
	# shellcheck disable=SC2086
	"$MMHEX" --struct '<Q' $opts "$TMP/rec" >/dev/null 2>"$TMP/err"; st=$?
	set -e
	[ "$st" = 2 ] || fail "--struct with $opts exited $st"
done
for opts in "--at 4" "--follow" "--stride 8"; do
	set +e
	# shellcheck disable=SC2086
	"$MMHEX" $opts "$TMP/rec" >/dev/null 2>"$TMP/err"; st=$?
	set -e
	[ "$st" = 2 ] || fail "$opts without --struct exited $st"
done
pass "--struct refuses bad layouts and options (exit 2)"

# --follow against the issue's writer, for about a second.
head -c 4096 /dev/zero >"$TMP/shm"
python3 - "$TMP/shm" "$TMP/writer.pid" <<'PY' &
import mmap, os, struct, sys, time
f = open(sys.argv[1], "r+b")
mm = mmap.mmap(f.fileno(), 4096)
open(sys.argv[2], "w").write(str(os.getpid()))
counter = 0
end = time.time() + 10
while time.time() < end:
    counter += 1
    mm[:16] = struct.pack('Qd', counter, time.time())
    time.sleep(0.0005)
PY
writer=$!
"$MMHEX" --struct '<Qd counter ts' --follow --watch 10 "$TMP/shm" \
    >"$TMP/follow" 2>"$TMP/follow.err" &
watcher=$!
sleep 1.2
kill -INT "$watcher"
set +e
wait "$watcher"; st=$?
set -e
kill "$writer" 2>/dev/null || true
wait "$writer" 2>/dev/null || true
[ "$st" = 0 ] || fail "--follow exited $st after SIGINT: $(cat "$TMP/follow.err")"
python3 - "$TMP/follow" <<'PY' || fail "--follow output: $(head -n 5 "$TMP/follow")"
import csv, sys, time
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["time", "torn", "counter", "ts"], rows[0]
clean = [r for r in rows[1:] if r[1] == "0"]
torn = [r for r in rows[1:] if r[1] == "1"]
assert all(r[2:] == ["", ""] for r in torn), "a torn sample shows values"
assert len(clean) >= 20, f"only {len(clean)} samples in a second"
last_c, last_ts = -1, 0.0
for r in clean:
    c, ts, t = int(r[2]), float(r[3]), float(r[0])
    if c == 0:
        continue            # before the writer's first store
    assert c > last_c, f"counter went from {last_c} to {c}"
    assert ts >= last_ts, f"ts went back from {last_ts} to {ts}"
    assert abs(ts - t) < 2 and abs(t - time.time()) < 30, (ts, t)
    last_c, last_ts = c, ts
assert last_c > 100, f"the counter reached only {last_c}"
print(f"{len(clean)} clean samples, {len(torn)} torn, counter up to {last_c}")
PY
pass "--follow follows the writer: counter grows, ts near now, SIGINT exits 0"

# --- a ring buffer whose head index is a field: --ring OFF:CODE ----------
cd "$TMP"
# A header (the records written so far, uint64 at 0), then 4 slots of
# '<Qd seq val' at 8: record k is in slot k % 4 and holds seq k.
python3 - ring.bin <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    slots = [b"\0" * 16] * 4
    for k in range(10):
        slots[k % 4] = struct.pack("<Qd", k, k * 0.5)
    f.write(struct.pack("<Q", 10) + b"".join(slots))
PY
"$MMHEX" --struct '<Qd seq val' --at 8 --count 4 --ring 0:Q ring.bin \
    >out.csv || fail "--ring exited $?"
python3 - out.csv <<'PY' || fail "--ring: $(cat out.csv)"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["time", "index", "torn", "seq", "val"], rows[0]
got = [(int(r[1]), int(r[3]), float(r[4])) for r in rows[1:]]
assert got == [(k, k, k * 0.5) for k in range(7, 10)], got
PY
# Followed while a writer fills 4 slots far faster than the ticks: every
# record printed is the one its index names (seq == index), in order, and
# what was overwritten unread is reported as a gap, never made up.
cat >ringw.py <<'PY'
import mmap, struct, sys, time
with open(sys.argv[1], "r+b") as f:
    mm = mmap.mmap(f.fileno(), 8 + 4 * 16)
    k = 10
    end = time.time() + 1.5
    while time.time() < end:
        mm[8 + (k % 4) * 16:8 + (k % 4) * 16 + 16] = struct.pack("<Qd", k, k * 0.5)
        k += 1
        mm[0:8] = struct.pack("<Q", k)
        time.sleep(0.002)
PY
python3 ringw.py ring.bin &
ringw=$!
"$MMHEX" --struct '<Qd seq val' --at 8 --count 4 --ring 0:Q --follow \
    --watch 50 ring.bin >out.csv 2>err.txt &
follow=$!
wait $ringw
sleep 0.2
kill -INT $follow
wait $follow || fail "--ring --follow exited $?: $(cat err.txt)"
python3 - out.csv <<'PY' || fail "--ring --follow: $(head -c 2000 out.csv)"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
clean = [(int(r[1]), int(r[3])) for r in rows if r[2] == "0"]
assert len(clean) >= 8, f"only {len(clean)} records"
assert all(i == s for i, s in clean), [c for c in clean if c[0] != c[1]][:5]
idx = [int(r[1]) for r in rows]
assert idx == sorted(idx) and len(set(idx)) == len(idx), "out of order"
PY
grep -q "gap: records" err.txt || fail "--ring --follow: no gap reported"
pass "--ring: the last 3 of 10 records (not the slot filled next); followed, seq == index, gaps reported"
