#!/bin/bash
# Signals and the terminal (issue 12, item 8; doc/design.md, "Signals and
# the terminal").  The terminal is raw: C-s, C-q, C-\, C-c and C-z reach
# mmhex as keys, and a signal from another process quits in order.
#  a. C-s does not freeze the output (flow control is off): the cursor
#     moves and the status line shows it; C-q is a key too.
#  b. C-\ does not kill mmhex (no SIGQUIT from the keyboard): it keeps
#     running and answers keys.
#  c. C-c still quits (as its SIGINT did), asking first with unsaved
#     edits; in a prompt it cancels the prompt.
#  d. SIGTERM, SIGHUP, SIGQUIT, SIGINT and SIGPIPE sent by another
#     process: mmhex exits with 128 + the signal's number within $limit ms
#     (the terminal restored: alternate screen left, cursor shown, modes
#     back, which vtdrive's exit checks), also with --watch 0 (no tick to
#     wake the wait) and right after C-s.
#  e. -w with unsaved edits: SIGTERM says on stderr that they are in the
#     file but not synced, and the file holds them (cmp); also when the
#     quit prompt is open.  -c: SIGHUP says they were lost, the file is
#     unchanged (cmp).  -r: nothing on stderr.
#  f. C-z stops mmhex (its shell sees it stopped, with job control) and
#     fg resumes it: the screen is drawn again and keys work.  Stopped
#     with an unsaved edit, SIGTERM then SIGCONT (what an interactive
#     shell's kill %1 sends) make it quit on SIGTERM.
# Oracles: cmp against copies patched with printf and dd; the exit status
# and the terminal's state as vtdrive sees them.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# The longest a quit on a signal may take: it should be a few ms; the
# margin is for a loaded machine (2 shared cores, a sanitizer build).
limit=500

# poke FILE OFFSET BYTES: overwrite FILE at OFFSET with the printf BYTES.
poke() {
	printf "$3" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}

byte_pattern 1 orig.bin
cp orig.bin e2
poke e2 0 '\x42'
poke e2 2 '\x99'
row_e2=$(hex_row e2 0 16)

# --- a. C-s does not freeze. --------------------------------------------
# With flow control on, the terminal stops mmhex's output at C-s: the
# moves are made but never shown, until C-q.
cp orig.bin data.bin
vtrun 24 80 "$MMHEX" data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
send <C-s>
timeout 2000
send l
waitrow -2  0x1 (1)  of 256
send <C-q>
send l
waitrow -2  0x2 (2)  of 256
timeout default
send q
exit 0
SCRIPT
pass "a. C-s does not freeze the screen: a move after it shows; C-q is a key"

# --- b. C-\ does not kill. ------------------------------------------------
vtrun 24 80 "$MMHEX" data.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 256
send <C-\>
send l
waitrow -2  0x1 (1)  of 256
send <C-\>j
waitrow -2  0x11 (17)  of 256
send q
exit 0
SCRIPT
pass "b. C-\\ does not kill mmhex: it answers keys after it, q exits 0"

# --- c. C-c quits as before, and cancels a prompt. ----------------------
vtrun 24 80 "$MMHEX" data.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 256
send :
waitrowis -1 goto:
send <C-c>
waitrownot -1 goto:
send l
waitrow -2  0x1 (1)  of 256
send <C-c>
exit 0
SCRIPT
vtrun 24 80 "$MMHEX" -w data.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 256
send 42
waitrow -2 1 unsaved
send <C-c>
waitrow -1 1 unsaved byte: s save, d discard
send <C-c>
waitrownot -1 unsaved byte:
send <C-c>
waitrow -1 1 unsaved byte: s save, d discard
send d
exit 0
SCRIPT
cmp data.bin orig.bin || fail "c. C-c, then d, did not discard the edit"
pass "c. C-c cancels a prompt, quits without edits, asks with them"

# --- d. Signals from other processes quit in order. -----------------------
# Every one with the default tick, and with --watch 0, where the wait has
# no timeout: only the signal can wake it.
for sig in TERM:15 HUP:1 QUIT:3 INT:2 PIPE:13; do
	for watch in 100 0; do
		vtrun 24 80 "$MMHEX" --watch "$watch" data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
timeout $limit
signal ${sig%:*}
exit $((128 + ${sig#*:}))
SCRIPT
	done
	pass "d. SIG${sig%:*}: exit status $((128 + ${sig#*:})) within $limit ms," \
	    "the terminal restored (--watch 100 and 0)"
done

# The reported hang: C-s (output stopped), then SIGTERM.
vtrun 24 80 "$MMHEX" data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
send <C-s>
send jjj
timeout $limit
signal TERM
exit 143
SCRIPT
pass "d. C-s, then SIGTERM: exits with 143 within $limit ms"

# --- e. Unsaved edits. ------------------------------------------------------
# mmhex's stderr goes to err.txt (the shell execs mmhex: the signal goes to
# mmhex itself).
# shellcheck disable=SC2016
run_err='exec "$0" "$@" 2>err.txt'

cp orig.bin data.bin
vtrun 24 80 sh -c "$run_err" "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
send 42l99
waitrowis 0 $row_e2
waitrow -2 2 unsaved
timeout $limit
signal TERM
exit 143
SCRIPT
want='mmhex: data.bin: quit on SIGTERM: 2 unsaved bytes left in the file (not synced to disk)'
[ "$(cat err.txt)" = "$want" ] || fail "e. -w, SIGTERM: stderr '$(cat err.txt)', not '$want'"
cmp data.bin e2 || fail "e. -w, SIGTERM: the edits are not in the file"
pass "e. -w: SIGTERM says '$want'; the file holds the edits"

# The quit prompt open: the signal does not wait for its answer.
cp orig.bin data.bin
vtrun 24 80 sh -c "$run_err" "$MMHEX" -w data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
send 42
waitrow -2 1 unsaved
send q
waitrow -1 1 unsaved byte: s save, d discard
timeout $limit
signal HUP
exit 129
SCRIPT
want='mmhex: data.bin: quit on SIGHUP: 1 unsaved byte left in the file (not synced to disk)'
[ "$(cat err.txt)" = "$want" ] || fail "e. -w, SIGHUP at the prompt: stderr '$(cat err.txt)', not '$want'"
pass "e. -w: SIGHUP with the quit prompt open: '$want'"

cp orig.bin data.bin
vtrun 24 80 sh -c "$run_err" "$MMHEX" -c data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
send 42l99
waitrowis 0 $row_e2
waitrow -2 2 unsaved
timeout $limit
signal HUP
exit 129
SCRIPT
want='mmhex: data.bin: quit on SIGHUP: 2 unsaved bytes lost (not written to the file)'
[ "$(cat err.txt)" = "$want" ] || fail "e. -c, SIGHUP: stderr '$(cat err.txt)', not '$want'"
cmp data.bin orig.bin || fail "e. -c, SIGHUP: the file changed"
pass "e. -c: SIGHUP says '$want'; the file is unchanged"

vtrun 24 80 sh -c "$run_err" "$MMHEX" data.bin <<SCRIPT
waitrow -2  0x0 (0)  of 256
timeout $limit
signal TERM
exit 143
SCRIPT
[ ! -s err.txt ] || fail "e. -r, SIGTERM: stderr '$(cat err.txt)', not empty"
pass "e. -r: SIGTERM exits 143 and says nothing"

# --- f. C-z suspends; fg resumes. -------------------------------------------
# Under vtdrive alone mmhex's process group is orphaned, and the kernel
# does not stop such a group; bash with job control runs it in a group of
# its own, reports it stopped, reads a line, then brings it back with fg
# (whose status is mmhex's).
if ! command -v bash >/dev/null; then
	skip "f. C-z: no bash for job control"
else
	# shellcheck disable=SC2016
	vtrun 24 80 bash -c 'set -m; "$0" data.bin; echo "mmhex: $(jobs)"; read -r _; fg' "$MMHEX" <<'SCRIPT'
waitrow -2  0x0 (0)  of 256
send l
waitrow -2  0x1 (1)  of 256
send <C-z>
waitre ^mmhex: \[1\]\+ +Stopped
send go\r
waitrow -2  0x1 (1)  of 256
send l
waitrow -2  0x2 (2)  of 256
send q
exit 0
SCRIPT
	pass "f. C-z stops mmhex (bash reports it stopped); fg redraws it, keys work"

	# Stopped with an unsaved edit, then SIGTERM and SIGCONT (an
	# interactive shell's kill %1): mmhex quits on SIGTERM and says so.
	cp orig.bin data.bin
	# shellcheck disable=SC2016
	vtrun 24 80 bash -c 'set -m; "$0" -w data.bin 2>err.txt; kill %1; kill -CONT %1; wait %1; echo "mmhex: status $?"; read -r _' "$MMHEX" <<'SCRIPT'
waitrow -2  0x0 (0)  of 256
send 42
waitrow -2 1 unsaved
send <C-z>
waitre ^mmhex: status 143$
send \r
exit 0
SCRIPT
	want='mmhex: data.bin: quit on SIGTERM: 1 unsaved byte left in the file (not synced to disk)'
	[ "$(cat err.txt)" = "$want" ] || fail "f. SIGTERM while stopped: stderr '$(cat err.txt)', not '$want'"
	pass "f. stopped, then SIGTERM and SIGCONT: exit status 143, '$want'"
fi

# The terminal goes away without a SIGHUP reaching mmhex (its pty's other
# end closed, mmhex orphaned): reads then give nothing and poll says
# POLLIN|POLLHUP; mmhex must end, not spin (one did, at 66% of a CPU, for
# an hour).
python3 - "$MMHEX" <<'PY' || fail "mmhex kept running after its terminal closed"
import os, pty, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)   # as when orphaned
    os.environ["TERM"] = "xterm-256color"
    with open("hup.bin", "wb") as f:
        f.write(b"x" * 4096)
    os.execv(sys.argv[1], [sys.argv[1], "--watch", "20", "hup.bin"])
time.sleep(1.0)
os.close(fd)
end = time.time() + 3
while time.time() < end:
    if os.waitpid(pid, os.WNOHANG)[0] == pid:
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
sys.exit(1)
PY
pass "the terminal closed under mmhex (SIGHUP ignored): it ends within 3 s"
