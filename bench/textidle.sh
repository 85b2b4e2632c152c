#!/bin/sh
# textidle.sh - what the text view costs on long lines: CPU while idle,
# and how long the long line takes to be laid out (issue 13: "a frame
# renders each view once"; nothing is laid out again while the file,
# the window and the view are unchanged, and work per frame is bounded
# however long the line).
#
#   bench/textidle.sh [MMHEX]          (default ./mmhex; MMHEX=... works too)
#   IDLE_S=10 SIZES="3300000 19000000 200000000" bench/textidle.sh
#
# For each size, a one-line JSON-like file (no newline until the end) is
# made in a scratch directory.  mmhex runs in a 24x80 pseudo-terminal with
# --text --no-wrap; 0.3 s after the first screen, End is sent, and the
# script reports:
#   settle  seconds from the start until mmhex's CPU use falls under 2% for
#           a whole 200 ms sample after End (the long line laid out in the
#           background, from the start on)
#   busy    CPU seconds spent in that time (libmagic's look included)
#   idle    CPU use in percent of a core over the next IDLE_S seconds (the
#           watch ticks every 100 ms all along)
# Then the same with wrap on.  Needs python3 (its pty module drives the
# terminal); not part of make check.
set -eu

MMHEX=${1:-${MMHEX:-./mmhex}}
IDLE_S=${IDLE_S:-10}
SIZES=${SIZES:-"3300000 19000000 200000000"}
[ -x "$MMHEX" ] || { echo "textidle: no $MMHEX (build first)" >&2; exit 2; }
MMHEX=$(cd "$(dirname "$MMHEX")" && pwd)/$(basename "$MMHEX")
DIR=$(mktemp -d "${BENCH_DIR:-/tmp}/textidle.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

for size in $SIZES; do
	python3 - "$DIR/line-$size.json" "$size" <<'EOF'
import sys
path, size = sys.argv[1], int(sys.argv[2])
rec = b'{"id":%07d,"name":"item","tags":["a","b"],"v":3.25},'
with open(path, "wb") as f:
    f.write(b"[")
    n, i = 1, 0
    while n < size - 2:
        r = rec % (i % 10000000)
        f.write(r)
        n += len(r)
        i += 1
    f.write(b"]\n")
EOF
done

python3 - "$MMHEX" "$IDLE_S" "$DIR" $SIZES <<'EOF'
import os, pty, select, sys, time, fcntl, termios, struct

mmhex, idle_s, d = sys.argv[1], float(sys.argv[2]), sys.argv[3]
sizes = sys.argv[4:]
hz = os.sysconf("SC_CLK_TCK")

def cpu(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / hz

def drain(fd, secs):
    end = time.time() + secs
    while True:
        left = end - time.time()
        if left <= 0:
            return
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return

def run(path, wrap):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        args = [mmhex, "--text", path] if wrap else \
            [mmhex, "--text", "--no-wrap", path]
        os.execv(mmhex, args)
    t0 = time.time()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    drain(fd, 0.3)
    os.write(fd, b"\x1b[F")          # End
    c0 = 0.0
    last = cpu(pid)
    while time.time() - t0 < 120:
        drain(fd, 0.2)
        c = cpu(pid)
        if c - last < 0.2 * 0.02:
            break
        last = c
    settle, busy = time.time() - t0, cpu(pid) - c0
    c1 = cpu(pid)
    drain(fd, idle_s)
    idle = (cpu(pid) - c1) / idle_s * 100
    os.write(fd, b"q")
    drain(fd, 0.5)
    try:
        os.kill(pid, 15)
    except OSError:
        pass
    os.waitpid(pid, 0)
    return settle, busy, idle

print("%-12s %-5s %9s %9s %9s" % ("line bytes", "wrap", "settle s", "busy s",
    "idle %"))
for s in sizes:
    for wrap in (0, 1):
        settle, busy, idle = run(os.path.join(d, "line-%s.json" % s), wrap)
        print("%-12s %-5s %9.2f %9.2f %9.2f" % (s, "on" if wrap else "off",
            settle, busy, idle))
EOF
