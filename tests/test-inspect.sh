#!/bin/bash
# mmhex --inspect --json against Python as the oracle: struct.unpack for
# the integers and floats, datetime for the times, uuid for the GUID,
# ipaddress and socket.inet_ntop for the addresses, str.decode for UTF-8
# and UTF-16, and a LEB128 reader written from the format's definition.
# Every row, both byte orders, at offsets into random bytes and into
# values made to be plausible (times near now, valid DOS dates,
# characters, LEB128 numbers, floats), and at the last 16 bytes of the
# file, where rows run short.
set -eu
. "$top_srcdir/tests/lib.sh"
command -v python3 >/dev/null || skip_all "no python3"

SEED=${INSPECT_SEED:-$RANDOM}
export MMHEX SEED
python3 - "$TMP" <<'PY' || fail "the oracle disagrees (INSPECT_SEED=$SEED)"
import datetime, ipaddress, json, os, random, socket, struct, subprocess
import sys, uuid

tmp = sys.argv[1]
rng = random.Random(int(os.environ["SEED"]))
mmhex = os.environ["MMHEX"]

def leb(v):
    out = bytearray()
    while True:
        b = v & 0x7f
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)

now = 1700000000 + rng.randrange(200000000)
chunks = []
for i in range(160):
    k = i % 10
    o = rng.choice("<>")
    if k == 0:
        c = rng.randbytes(16)
    elif k == 1:
        c = struct.pack(o + "q", now * rng.choice([1, 1000, 10**6, 10**9])
                        + rng.randrange(10**9))
    elif k == 2:
        c = struct.pack(o + "Q", (now + 11644473600) * 10**7
                        + rng.randrange(10**7))
    elif k == 3:
        c = struct.pack(o + "I", (rng.randrange(128) << 25
                        | rng.randrange(1, 13) << 21 | rng.randrange(1, 32) << 16
                        | rng.randrange(24) << 11 | rng.randrange(60) << 5
                        | rng.randrange(30)))
    elif k == 4:
        c = chr(rng.choice([rng.randrange(0x20, 0x7f), rng.randrange(0xa0, 0xd800),
                             rng.randrange(0xe000, 0x110000), 0x202e, 0x85, 0x0a])
                ).encode("utf-8", "surrogatepass")
    elif k == 5:
        c = chr(rng.randrange(0x10000, 0x110000)).encode("utf-16-le" if o == "<" else "utf-16-be")
    elif k == 6:
        c = leb(rng.choice([rng.randrange(-2**63, 2**63), rng.randrange(-200, 200),
                            rng.randrange(2**64)]))
    elif k == 7:
        c = struct.pack(o + rng.choice("efd"), rng.choice(
            [1.5, -0.0, 0.1, 1e-5, 65504.0, 6e-8, 3.14159]))
    elif k == 8:
        c = struct.pack(o + "I", now + 2082844800) + struct.pack(
            o + "Q", (now + 2208988800) << 32 | rng.randrange(2**32))
    else:
        c = bytes([rng.choice([0, 0xff, 0x80, 0x7f, 0xc0, 0xed, 0xf4, 0xf5])
                   for _ in range(rng.randrange(1, 6))])
    chunks.append(c + rng.randbytes(rng.randrange(0, 4)))
data = b"".join(chunks)
path = os.path.join(tmp, "values")
with open(path, "wb") as f:
    f.write(data)
offsets, at = [], 0
for c in chunks:
    offsets.append(at)
    at += len(c)
offsets += list(range(len(data) - 17, len(data) + 1))

EPOCH = datetime.datetime(1970, 1, 1)

def iso(sec, nsec=0, digits=0):
    try:
        d = EPOCH + datetime.timedelta(seconds=sec)
    except OverflowError:
        return ("invalid", None, False)
    t = (f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:"
         f"{d.minute:02d}:{d.second:02d}")
    if digits:
        t += "." + str(nsec // 10 ** (9 - digits)).zfill(digits)
    return ("ok", t + "Z", 1980 <= d.year <= 2100)

def read_leb(b):
    v = 0
    for i in range(10):
        if i >= len(b):
            return None, "short"
        v |= (b[i] & 0x7f) << (7 * i)
        if not b[i] & 0x80:
            return (v, i + 1), "ok"
    return None, "invalid"

WIDTH = {"int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "int32": 4,
         "uint32": 4, "int64": 8, "uint64": 8, "int128": 16,
         "uint128": 16}

def expect(name, b, o):
    """(status, text or None, plausible) that Python gives for a row."""
    e = "little" if o == "<" else "big"
    if name in WIDTH:
        w = WIDTH[name]
        if len(b) < w:
            return ("short", None, False)
        return ("ok", str(int.from_bytes(b[:w], e,
                signed=not name.startswith("u"))), True)
    if name in ("float16", "bfloat16", "float32", "float64"):
        w = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}[name]
        if len(b) < w:
            return ("short", None, False)
        if name == "bfloat16":
            x = struct.unpack(o + "f", b"\0\0" + b[:2] if o == "<"
                              else b[:2] + b"\0\0")[0]
        else:
            x = struct.unpack(o + {2: "e", 4: "f", 8: "d"}[w], b[:w])[0]
        return ("ok", repr(x), True)
    if name in ("uleb128", "sleb128", "zigzag"):
        if not b:
            return ("short", None, False)
        r, st = read_leb(b)
        if st != "ok":
            return (st, None, False)
        v, n = r
        if name == "sleb128":
            if b[n - 1] & 0x40:
                v -= 1 << (7 * n)
            if not -2**63 <= v < 2**63:
                return ("invalid", None, False)
            return ("ok", str(v), True)
        if v >= 2**64:
            return ("invalid", None, False)
        if name == "zigzag":
            v = (v >> 1) ^ -(v & 1)
        return ("ok", str(v), True)
    if name in ("binary", "octal"):
        if not b:
            return ("short", None, False)
        return ("ok", format(b[0], "08b" if name == "binary" else "03o"), True)
    if name == "utf8":
        if not b:
            return ("short", None, False)
        for n in range(1, 5):
            try:
                s = b[:n].decode("utf-8")
                return ("ok", " U+%04X" % ord(s), True)
            except UnicodeDecodeError:
                pass
        want = 4 if b[0] >= 0xf0 else 3 if b[0] >= 0xe0 else 2 if b[0] >= 0xc0 else 1
        return ("short" if len(b) < want and b[0] < 0xf8 else "invalid", None, False)
    if name == "utf16":
        if len(b) < 2:
            return ("short", None, False)
        u = int.from_bytes(b[:2], e)
        if 0xdc00 <= u < 0xe000:
            return ("invalid", None, False)
        n = 2
        if 0xd800 <= u < 0xdc00:
            if len(b) < 4:
                return ("short", None, False)
            n = 4
        try:
            s = b[:n].decode("utf-16-le" if o == "<" else "utf-16-be")
        except UnicodeDecodeError:
            return ("invalid", None, False)
        return ("ok", " U+%04X" % ord(s), True)
    w = {"unix32": 4, "unix64": 8, "unix_ms": 8, "unix_us": 8, "unix_ns": 8,
         "filetime": 8, "dostime": 4, "hfs": 4, "ntp": 8, "guid": 16,
         "ipv4": 4, "ipv6": 16}[name]
    if len(b) < w:
        return ("short", None, False)
    u = int.from_bytes(b[:w], e)
    s = int.from_bytes(b[:w], e, signed=True)
    if name == "unix32" or name == "unix64":
        return iso(s)
    if name in ("unix_ms", "unix_us", "unix_ns"):
        per = {"unix_ms": 1000, "unix_us": 10**6, "unix_ns": 10**9}[name]
        sec, frac = divmod(s, per)
        return iso(sec, frac * (10**9 // per), len(str(per)) - 1)
    if name == "filetime":
        return iso(u // 10**7 - 11644473600, u % 10**7 * 100, 7)
    if name == "hfs":
        return iso(u - 2082844800)
    if name == "ntp":
        return iso((u >> 32) - 2208988800, ((u & 0xffffffff) * 10**9) >> 32, 9)
    if name == "dostime":
        date, tm = u >> 16, u & 0xffff
        try:
            d = datetime.datetime(1980 + (date >> 9), date >> 5 & 15, date & 31,
                                  tm >> 11, tm >> 5 & 63, (tm & 31) * 2)
        except ValueError:
            return ("invalid", None, False)
        return ("ok", d.strftime("%Y-%m-%dT%H:%M:%S"), d.year <= 2100)
    if name == "guid":
        g = uuid.UUID(bytes_le=b[:16]) if o == "<" else uuid.UUID(bytes=b[:16])
        return ("ok", "{" + str(g).upper() + "}", True)
    if name == "ipv4":
        return ("ok", str(ipaddress.IPv4Address(b[:4] if o == ">" else b[:4][::-1])), True)
    t = socket.inet_ntop(socket.AF_INET6, b[:16])
    a = ipaddress.IPv6Address(b[:16])
    if a.ipv4_mapped is None and not (b[:12] == bytes(12)):
        assert str(a) == t, (str(a), t)
    return ("ok", t, True)

def printable(t):
    return all(not (ord(ch) < 0x20 or 0x7f <= ord(ch) <= 0x9f or ch in
               "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
               "\u2066\u2067\u2068\u2069\u2028\u2029") for ch in t)

bad = 0
checked = 0
for off in offsets:
    for o, flag in (("<", "--little"), (">", "--big")):
        out = subprocess.run([mmhex, "--inspect", str(off), flag, "--json", path],
                             capture_output=True, check=True).stdout
        got = json.loads(out)
        b = data[off:off + 16]
        assert bytes.fromhex(got["bytes"]) == b, (off, got["bytes"])
        assert len(got["rows"]) == 33
        for row in got["rows"]:
            st, text, plaus = expect(row["name"], b, o)
            checked += 1
            ok = row["status"] == st and printable(row["value"])
            if ok and st == "ok":
                if row["name"] in ("utf8", "utf16"):
                    ok = row["value"].endswith(text)
                else:
                    ok = row["value"] == text
                ok = ok and row["plausible"] == plaus
            if not ok:
                bad += 1
                if bad < 20:
                    print(f"offset {off} {o} {row['name']}: bytes {b.hex()}: "
                          f"mmhex {row['status']} {row['value']!r} "
                          f"plausible {row['plausible']}, python {st} {text!r} "
                          f"plausible {plaus}", file=sys.stderr)
print(f"{checked} rows checked at {len(offsets)} offsets, both orders")
sys.exit(1 if bad else 0)
PY
pass "--inspect --json agrees with Python on every row (seed $SEED)"

# The plain table: one line a row after the heading, the order named.
printf '\x00\x00\x80\x3f' >"$TMP/one"
"$MMHEX" --inspect 0 "$TMP/one" >"$TMP/out"
grep -q '^offset 0 (0x0), little-endian, bytes: 00 00 80 3f$' "$TMP/out" ||
	fail "heading: $(head -n 1 "$TMP/out")"
grep -q '^float32   1\.0$' "$TMP/out" || fail "float32 row: $(cat "$TMP/out")"
grep -q '^int64     (needs 8 bytes, 4 left)$' "$TMP/out" ||
	fail "a short row: $(cat "$TMP/out")"
[ "$(wc -l <"$TMP/out")" = 34 ] || fail "not 33 rows: $(cat "$TMP/out")"
"$MMHEX" --inspect 0 --order be "$TMP/one" | grep -q '^uint32    32831$' ||
	fail "--order be"
pass "--inspect prints the table as text"

# Errors: an offset past the end is an error; options need --inspect.
set +e
"$MMHEX" --inspect 5 "$TMP/one" >/dev/null 2>"$TMP/err"; st=$?
set -e
[ "$st" = 1 ] && grep -q 'past the end' "$TMP/err" || fail "offset past end: $st $(cat "$TMP/err")"
for opts in "--json" "--big" "--order le" "--local-time"; do
	set +e
	# shellcheck disable=SC2086
	"$MMHEX" $opts "$TMP/one" >/dev/null 2>"$TMP/err"; st=$?
	set -e
	[ "$st" = 2 ] || fail "$opts without --inspect exited $st"
done
for opts in "--cols 8" "-w" "--text" "--watch 5" "--dump"; do
	set +e
	# shellcheck disable=SC2086
	"$MMHEX" --inspect 0 $opts "$TMP/one" >/dev/null 2>"$TMP/err"; st=$?
	set -e
	[ "$st" = 2 ] || fail "--inspect with $opts exited $st"
	grep -q 'cannot be combined' "$TMP/err" || fail "--inspect $opts: $(cat "$TMP/err")"
done
pass "--inspect refuses what it cannot use (exit 2)"
