#!/bin/bash
# Live refresh (DESIGN.md, "Live refresh"; issue 5): other processes
# change the file while mmhex shows it.
#  a. a byte stored through another process's mapping (shm-writer --set:
#     no write(2), nothing inotify reports) shows within the watch tick, in
#     a file in $TMP and in /dev/shm; the status line says " live" after
#     the mode and "changed Ns ago"; the changed byte is highlighted
#     (magenta) for about 2 s, then fades back.
#  b. a counter stored every 20 ms by a background writer: the screen
#     ends on its last value, and the whole row matches the file.
#  c. the file grows: "file grew to N bytes", the cursor and the view stay.
#  d. follow mode (F): "follow" on the status line, the cursor stays on
#     the last byte as the file grows; a key leaves follow mode.
#  e. the file is deleted and created anew, or renamed over: "file
#     replaced: reopened (N bytes)" and the new bytes.
#  f. --watch 0: a change is not shown until a key (C-l) redraws.
#  g. stress: the file truncated to 0 and extended, at least 300 times
#     and until mmhex was seen to draw it at 0, while mmhex (--watch 10)
#     runs a long find and redraws; it survives, quits with 0 and shows
#     the final size.
#  h. -w: the file is truncated under unsaved edits: the edits past the
#     new end are named, the save keeps the others and says what was lost
#     (the file compared with cmp), undo still works, and nothing past
#     the end counts as unsaved (no phantom edit for quit to ask about).
#  i. truncated to 0 while a long find scans a 64 GiB sparse file: the
#     scan ends, the view is empty, keys work, q exits 0.
#  j. -c: a page holding the user's edit no longer follows the file: the
#     other process's store on that page does not show, on another page
#     it does; the frozen row's offset is marked (black on cyan) and the
#     status line counts the frozen pages.
#  k. the file deleted: "file deleted; still showing it as it was".
#  l. the name taken by a FIFO, a directory, a character device (as root,
#     where mknod works) and a socket (with python3): "file replaced by a
#     FIFO (named pipe); still showing the file as it was" and so on,
#     each within $limit ms, the FIFO's not again in the 300 ms after a
#     key cleared it; the old bytes stay, keys work, nothing blocks
#     (a FIFO opened to read would); then a regular file under the name
#     is reopened.
# (f also checks the --watch=MS spelling; h also truncation to 0.)
# "Within two ticks" is asserted: after a store by another process the
# waits for it are limited (vtdrive's timeout) to two ticks of the
# default 100 ms plus a margin of 300 ms for a loaded machine (2 shared
# cores, a sanitizer build): $limit ms, counted from the moment the
# store's command returned.  Those scripts first wait for the file type
# on the status line: the redraw after libmagic's answer would otherwise
# show a store early whatever the tick (seen with --watch 1500).
# No fixed sleeps: every key and every change is followed by a wait for
# what it shows.  The one wait for time to pass (f) is shm-writer's own
# interval, spent on another file.  Each scenario runs on its own (in a
# subshell); the failures are reported together at the end.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"
unset NO_COLOR	# the change highlight is checked by its colour
[ -n "${SHM_WRITER:-}" ] || skip_all "SHM_WRITER is not set (run by make check)"
export SHM_WRITER	# the scripts' sh commands run it

# Background processes started from the vtdrive scripts write their pid
# to $TMP/*.pid; stop those still running when the test ends, whatever
# way it ends (each checked by its command line, as a pid may be reused).
shm_file=
cleanup() {
	local f pid
	for f in "$TMP"/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		case $pid in '' | *[!0-9]*) continue ;; esac
		if grep -qa -e shm-writer -e live-stress \
		    "/proc/$pid/cmdline" 2>/dev/null; then
			kill "$pid" 2>/dev/null || :
		fi
	done
	[ -z "$shm_file" ] || rm -f "$shm_file"
	rm -rf "$TMP"
}
trap cleanup EXIT

# zeros FILE N: FILE holds N zero bytes.
zeros() {
	head -c "$2" /dev/zero >"$1"
}

# The writer itself: --set stores through a mapping and never changes
# the size; the counter mode creates a 4096-byte file.
zeros w.bin 32
"$SHM_WRITER" --set w.bin 0x10 '2a 2b' || fail "shm-writer --set failed"
[ "$(od -An -tx1 -j 16 -N 3 w.bin | tr -d ' ')" = 2a2b00 ] ||
	fail "shm-writer --set w.bin 0x10 '2a 2b': $(od -An -tx1 w.bin)"
[ "$(wc -c <w.bin)" = 32 ] || fail "shm-writer --set changed the size"
if "$SHM_WRITER" --set w.bin 31 2a2b 2>/dev/null; then
	fail "shm-writer --set past the end succeeded"
fi
"$SHM_WRITER" c.bin 3 1 || fail "shm-writer c.bin 3 1 failed"
[ "$(wc -c <c.bin)" = 4096 ] || fail "shm-writer made $(wc -c <c.bin) bytes"
[ "$(od -An -tx1 -N 8 c.bin | tr -d ' ')" = 0300000000000000 ] ||
	fail "counter after 3 stores: $(od -An -tx1 -N 16 c.bin)"
pass "shm-writer: --set stores in place, the counter mode counts"

limit=$((2 * 100 + 300))
failed=
# scenario NAME FUNCTION: run FUNCTION in a subshell (set -e holds there);
# note NAME if it fails, go on with the next scenario.
scenario() {
	local status
	set +e
	(set -e; "$2")
	status=$?
	set -e
	vt_count=$((vt_count + 10))	# the subshell's count is lost
	[ "$status" = 0 ] || failed="$failed, $1"
}

dirs=$TMP
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
    shm_file=$(mktemp /dev/shm/mmhex-live.XXXXXX 2>/dev/null); then
	dirs="$dirs /dev/shm"
else
	shm_file=
	skip "a file in /dev/shm (not writable here)"
fi

# --- a. A store through a mapping shows within the watch tick. ---------
# Watching (the default) says " live" after the mode from the start.
live_status() {
	zeros live.bin 4096
	vtrun 24 80 "$MMHEX" live.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 4096
waitrow -2 [read-only] live
expectrownot -2 changed
send q
exit 0
SCRIPT
	pass "a. watching: ' live' after the mode before any change"
}

# The byte shows on the next tick, in $TMP and in /dev/shm (tmpfs).
live_store() {
	local dir f

	for dir in $dirs; do
		f=$TMP/a.bin
		[ "$dir" != /dev/shm ] || f=$shm_file
		zeros "$f" 4096
		vtrun 24 80 "$MMHEX" "$f" <<SCRIPT
waitrow -2  0x0 (0)  of 4096
expectrownot -2 changed
expectrowis 0 00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  ................
waitrowre -2   data$
timeout $limit
sh "\$SHM_WRITER" --set $f 0 2a
waitrowis 0 00000000  2a 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  *...............
expectcolour 0 10 5
expectcolour 0 60 5
waitrowre -2 \[read-only\] live.* changed [0-9]+s ago
timeout default
expectrow -2  0x0 (0)  of 4096
send q
exit 0
SCRIPT
		pass "a. a store through a mapping (no write, nothing for" \
		    "inotify) shows highlighted within $limit ms, status" \
		    "'live', 'changed Ns ago' ($dir)"
	done
}

# The changed byte is magenta (palette colour 5), both hex digits and
# its character; its neighbours are not.  Files must hold no control
# bytes (those are drawn in magenta too).
live_highlight() {
	zeros hl.bin 4096
	vtrun 24 80 "$MMHEX" hl.bin <<SCRIPT
waitrow -2  0x0 (0)  of 4096
expectnocolour 0 5
waitrowre -2   data$
timeout $limit
sh "$SHM_WRITER" --set hl.bin 0 2a
waitrow 0 00000000  2a 00 00
timeout default
expectcolour 0 10 5
expectcolour 0 11 5
expectcolour 0 60 5
expectnotcolour 0 13 5
expectnotcolour 0 61 5
send q
exit 0
SCRIPT
	pass "a. the changed byte is highlighted (magenta, hex and character)"
}

# The highlight fades after about 2 s (gone by "changed 3s ago"), and a
# later change highlights only its own byte (column 13).
live_fade() {
	zeros hl2.bin 4096
	vtrun 24 80 "$MMHEX" hl2.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 4096
sh "$SHM_WRITER" --set hl2.bin 0 2a
waitrow 0 00000000  2a 00 00
waitrowre -2 changed [0-9]+s ago
waitrowre -2 changed [3-9]s ago
expectnocolour 0 5
sh "$SHM_WRITER" --set hl2.bin 1 2b
waitrow 0 00000000  2a 2b 00
waitrow -2 changed 0s ago
expectcolour 0 13 5
expectnotcolour 0 10 5
send q
exit 0
SCRIPT
	pass "a. the highlight fades after about 2 s; a new change" \
	    "highlights only its byte"
}

# --- b. A counter stored every 20 ms by a background writer. -----------
# vtdrive's sh waits for its command, so the writer is started in a
# subshell that leaves it running, holding a lock on counter.lock (taken
# before the sh command returns); flock then waits for its end without
# sleeping.  The first store must show within $limit ms of the start,
# highlighted; the last one (count 100 = 0x64, and its time) within
# $limit ms of the writer's end, with the counter's low byte and the
# time's low byte highlighted and the counter's high byte (never
# changed) not.  Then the whole row (counter and time) must match the
# file.
live_counter() {
	local want got

	zeros counter.bin 4096
	vtrun 24 80 "$MMHEX" counter.bin <<SCRIPT
waitrow -2  0x0 (0)  of 4096
waitrowre -2   data$
timeout $limit
sh exec 9>counter.lock && flock 9 && { "\$SHM_WRITER" counter.bin 100 20 >/dev/null 2>&1 & echo \$! >counter.pid; }
waitrowre 0 ^00000000  [0-9a-f][1-9a-f] 00
expectcolour 0 10 5
waitrowre -2 changed [0-9]+s ago
timeout default
sh flock -w 60 counter.lock true
timeout $limit
waitrow 0 00000000  64 00 00 00 00 00 00 00
timeout default
expectcolour 0 10 5
expectcolour 0 11 5
expectcolour 0 35 5
expectnotcolour 0 31 5
screen
send q
exit 0
SCRIPT
	want=$(hex_row counter.bin 0 16)
	got=$(sed -n 1p "$TMP/vt.out")
	[ "$got" = "$want" ] ||
		fail "b. after the last count row 0 is '$got', the file holds '$want'"
	pass "b. a counter stored every 20 ms: the first and the last store" \
	    "(0x64 and its time) show highlighted within $limit ms, and the" \
	    "row matches the file"
}

# --- c. Growth: message; the cursor and the view stay. -----------------
live_grow() {
	zeros grow.bin 4096
	vtrun 24 80 "$MMHEX" grow.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 4096
send G
waitrow -2  0xfff (4095)  of 4096  100%
waitrowre 21 ^00000ff0  00
expectrowre 0 ^00000ea0  00
sh truncate -s 8192 grow.bin
waitrow -1 file grew to 8192 bytes
waitrow -2  0xfff (4095)  of 8192  49%
expectrowre 0 ^00000ea0  00
expectrowre 21 ^00000ff0  00
expectnot 00001000
send j
waitrow -2  0x100f (4111)  of 8192
waitrowre 21 ^00001000  00
send q
exit 0
SCRIPT
	pass "c. growth: 'file grew to 8192 bytes', cursor and view stay" \
	    "at the old end"
}

# --- d. Follow mode. ----------------------------------------------------
# (The file's name must not hold "follow": the status line shows it.)
live_follow() {
	zeros tail.bin 4096
	vtrun 24 80 "$MMHEX" tail.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 4096
send F
waitrow -1 read-only
expectrownot -2 follow
send T
waitrow -2 follow
waitrow -2  0xfff (4095)  of 4096
sh printf 'ABCDEFGHIJKLMNOP' >>tail.bin
waitrow -2  0x100f (4111)  of 4112  100%
waitrowis 21 00001000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP
expectrow -2 follow
sh printf 'QRSTUVWXYZ' >>tail.bin
waitrow -2  0x1019 (4121)  of 4122  100%
waitrow 21 00001010  51 52 53 54 55 56 57 58  59 5a
expectrow -2 follow
# Any key leaves follow mode (C-l only redraws, so whether the key also
# does its own work does not matter here).
send <C-l>
waitrownot -2 follow
expectrow -2  0x1019 (4121)  of 4122
sh printf '0123456789' >>tail.bin
waitrow -1 file grew to 4132 bytes
waitrow -2  0x1019 (4121)  of 4132
expectrownot -2 follow
send q
exit 0
SCRIPT
	pass "d. follow mode: F stays on the last byte as the file grows;" \
	    "a key leaves it"
}

# --- e. Deleted and created anew; renamed over. -------------------------
live_replace() {
	printf 'OLDFILE-01234567' >repl.bin
	printf 'NEWFILE-replaced-by-printf' >new.txt
	printf 'THIRD-renamed-over' >third.txt
	vtrun 24 80 "$MMHEX" repl.bin <<SCRIPT
waitrow -2  0x0 (0)  of 16
waitrow 0 00000000  4f 4c 44
sh rm repl.bin && printf 'NEWFILE-replaced-by-printf' >repl.bin
waitrow -1 file replaced: reopened (26 bytes)
waitrowis 0 $(hex_row new.txt 0 16)
expectrowis 1 $(hex_row new.txt 16 16)
expectrow -2  of 26
sh printf 'THIRD-renamed-over' >repl.new && mv repl.new repl.bin
waitrow -1 file replaced: reopened (18 bytes)
waitrowis 0 $(hex_row third.txt 0 16)
expectrowis 1 $(hex_row third.txt 16 16)
expectrow -2  of 18
send G
waitrow -2  0x11 (17)  of 18
send q
exit 0
SCRIPT
	pass "e. deleted and recreated, then renamed over: 'file replaced:" \
	    "reopened (N bytes)', the new bytes, q exits 0"
}

# --- f. --watch 0: nothing changes until a key redraws. -----------------
# Time passes without a key: shm-writer stores 11 times 30 ms apart on
# another file (300 ms, three default ticks) and returns.
live_nowatch() {
	zeros nowatch.bin 4096
	vtrun 24 80 "$MMHEX" --watch 0 nowatch.bin <<'SCRIPT'
waitrow -2 [read-only]  0x0 (0)  of 4096
expectrownot -2 live
sh "$SHM_WRITER" --set nowatch.bin 0 2a
sh "$SHM_WRITER" ticks.bin 11 30
expectrow 0 00000000  00 00 00
expectrownot 0 2a
send <C-l>
waitrow 0 00000000  2a 00 00
expectrownot -2 live
send q
exit 0
SCRIPT
	pass "f. --watch 0: a change through a mapping shows only after C-l"
	# The getopt spelling --watch=MS: 0 is off, 50 watches.
	vtrun 24 80 "$MMHEX" --watch=0 nowatch.bin <<'SCRIPT'
waitrow -2 [read-only]  0x0 (0)  of 4096
expectrownot -2 live
send q
exit 0
SCRIPT
	vtrun 24 80 "$MMHEX" --watch=50 nowatch.bin <<'SCRIPT'
waitrow -2 [read-only] live  0x0 (0)  of 4096
sh "$SHM_WRITER" --set nowatch.bin 1 2b
waitrow 0 00000000  2a 2b 00
send q
exit 0
SCRIPT
	pass "f. --watch=0 turns watching off, --watch=50 watches"
}

# mmhex with SEEK_DATA / SEEK_HOLE failing (tests/faultinject.c), as on a
# filesystem that cannot tell holes: it reads them through the mapping,
# so a find in a 64 GiB sparse file runs for minutes (g, i).  Where holes
# can be told it skips them at once.
slow=(env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT=lseek:EINVAL
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")

# --- g. Stress: truncated to 0 and extended, hundreds of times. --------
# A 64 GiB sparse file in -c (holes cannot be skipped: a find for an
# absent pattern takes seconds) with a 10 ms tick.  The find is running
# when the loop starts, so the first truncation lands in it; n starts it
# again while the loop goes on.  The loop runs at least 300 times and
# until the script has seen mmhex draw the file at size 0 (and say it
# shrank): the test fails if no truncation was seen between two redraws.
# The file is at 0 about half the time (one truncate process of the two
# in each round), so a 10 ms tick finds it there soon.  The loop holds a
# lock on stress.lock (taken before the sh command returns), so the
# script waits for its end with flock, without sleeping.  While the size
# flips, G shows either end, so the waits accept both; the goto prompt is
# a barrier for keys whose effect depends on the race (n).
live_stress() {
	local big=68719476736 rounds
	if [ ! -f "$FAULTINJECT" ]; then
		skip "g. stress during a 64 GiB find: no fault-injection shim"
		return 0
	fi
	if [ "$(stat -f -c %T "$TMP")" = tmpfs ]; then
		skip "g. stress during a 64 GiB find: $TMP is on tmpfs"
		return 0
	fi
	if ! truncate -s $big stress.bin 2>/dev/null; then
		skip "g. stress during a 64 GiB find: no sparse file here"
		return 0
	fi
	cat >live-stress.sh <<LOOP
i=0
while [ \$i -lt 300 ] || [ ! -e stress.stop ]; do
	truncate -s 0 stress.bin
	truncate -s $big stress.bin
	i=\$((i + 1))
	[ \$i -lt 100000 ] || break
done
echo \$i >stress.count
LOOP
	vtrun 24 100 "${slow[@]}" "$MMHEX" -c --watch 10 stress.bin <<SCRIPT
waitrow -2  0x0 (0)  of $big
send /NEEDLE<Enter>
waitrowre -2 searching [0-9]+% [0-9]+ MB/s
sh exec 9>stress.lock && flock 9 && { sh live-stress.sh >/dev/null 2>&1 & echo \$! >stress.pid; }
waitrowre -2  of 0( |$)
waitrow -1 file shrank to 0 bytes
send n
send :
waitrowis -1 goto:
send <Esc>
waitrownot -1 goto:
send G
waitrowre -2  0x(fffffffff \(68719476735\)|0 \(0\))  of ($big|0)  [0-9]+%
send g
waitrowre -2  0x0 \(0\)  of ($big|0)  [0-9]+%
inject \e[1;1HSPOILED
send <C-l>
waitnot SPOILED
send n
send :
waitrowis -1 goto:
send <Esc>
waitrownot -1 goto:
sh : >stress.stop
sh flock -w 120 stress.lock true
send <Esc>
waitrownot -2 searching
waitrow -2  of $big
send g
waitrow -2  0x0 (0)  of $big
send G
waitrow -2  0xfffffffff (68719476735)  of $big  100%
send q
exit 0
SCRIPT
	[ "$(wc -c <stress.bin)" = $big ] || fail "g. stress.bin is not $big bytes"
	rounds=$(cat stress.count)
	[ "$rounds" -ge 300 ] || fail "g. the loop ran $rounds times"
	pass "g. $rounds truncations to 0 and back (-c, --watch 10) while a" \
	    "64 GiB find ran and was re-run with n: mmhex drew the file at 0" \
	    "and said it shrank, survives, shows $big, q exits 0"
}

# --- h. -w: truncated under unsaved edits. ------------------------------
live_edit_truncate() {
	head -c 512 /dev/zero | tr '\0' 'a' >edit.bin
	vtrun 24 80 "$MMHEX" -w edit.bin <<'SCRIPT'
waitrow -2 [write] live  0x0 (0)  of 512
send 41
waitrow -2 1 unsaved
send :0x150<Enter>
waitrow -2  0x150 (336)  of 512
send 4243
waitrow -2 3 unsaved
sh truncate -s 256 edit.bin
waitrow -1 file shrank to 256 bytes; 2 unsaved bytes past the end lost
waitrow -2  0xff (255)  of 256
expectrow -2 1 unsaved
send w
waitrowis -1 saved 1 byte (read back from the file)
expectrownot -2 unsaved
send u
waitrowis -1 undone at 0x150, 0 unsaved
expectrownot -2 unsaved
send u
waitrow -2 1 unsaved
send q
waitrow -1 save
send d
exit 0
SCRIPT
	{ printf 'A'; head -c 255 /dev/zero | tr '\0' 'a'; } >edit.want
	cmp edit.bin edit.want || fail "h. edit.bin is not 'A' and 255 'a'"
	pass "h. -w: truncated under edits: those past the end named, the" \
	    "save keeps the rest (cmp), undo and discard work"
}

# Truncated to 0: every edit is past the end; the save says so and
# leaves the file empty, q quits without asking again.
live_edit_truncate_zero() {
	head -c 512 /dev/zero | tr '\0' 'a' >edit0.bin
	vtrun 24 80 "$MMHEX" -w edit0.bin <<'SCRIPT'
waitrow -2 [write] live  0x0 (0)  of 512
send 41
waitrow -2 1 unsaved
send :0x150<Enter>
waitrow -2  0x150 (336)  of 512
send 4243
waitrow -2 3 unsaved
sh truncate -s 0 edit0.bin
waitrow -1 file shrank to 0 bytes; 3 unsaved bytes past the end lost
waitrow -2  of 0
expectrownot -2 unsaved
send w
waitrowis -1 no unsaved edits
send q
exit 0
SCRIPT
	[ ! -s edit0.bin ] || fail "h. edit0.bin is not empty: $(wc -c <edit0.bin) bytes"
	pass "h. -w: truncated to 0 under edits: all 3 edited bytes named as" \
	    "past the end, the save says they were lost, the file stays empty"
}

# --- k. The file deleted (no new one under its name). ---------------------
live_deleted() {
	printf 'STILL-HERE-0123456789' >gone.bin
	vtrun 24 80 "$MMHEX" gone.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 21
sh rm gone.bin
waitrow -1 file deleted; still showing it as it was
expectrow 0 53 54 49 4c 4c
expectrow -2  of 21
send G
waitrow -2  0x14 (20)  of 21
send q
exit 0
SCRIPT
	pass "k. the file deleted: 'file deleted; still showing it as it" \
	    "was', its bytes still shown, keys work, q exits 0"
}

# --- l. The name taken by something that is not a regular file. ----------
# Each replacement removes what the name named before (nlink 0 on the
# mapped file: the name is looked up every tick).  The mapped file's
# bytes must stay on screen; a key after each notice must still work.
live_not_regular() {
	local dev=no sock=no row_old

	printf 'KEEP-SHOWING-ME-0123' >odd.bin
	row_old=$(hex_row odd.bin 0 16)
	printf 'BACK-AGAIN' >back.txt
	if mknod probe.dev c 1 3 2>/dev/null && [ -c probe.dev ]; then
		dev=yes
	else
		skip "l. a character device under the name: mknod not allowed"
	fi
	rm -f probe.dev
	if command -v python3 >/dev/null; then
		sock=yes
	else
		skip "l. a socket under the name: no python3 to make one"
	fi
	{
		cat <<SCRIPT
waitrow -2  0x0 (0)  of 20
waitrowis 0 $row_old
timeout $limit
sh rm odd.bin && mkfifo odd.bin
waitrow -1 file replaced by a FIFO (named pipe); still showing the file as it was
timeout default
expectrowis 0 $row_old
send l
waitrow -2  0x1 (1)  of 20
expectrownot -1 FIFO
sh "\$SHM_WRITER" ticks.bin 11 30
expectrownot -1 FIFO
timeout $limit
sh rm odd.bin && mkdir odd.bin
waitrow -1 file replaced by a directory; still showing the file as it was
timeout default
send l
waitrow -2  0x2 (2)  of 20
sh rmdir odd.bin
SCRIPT
		if [ $dev = yes ]; then
			cat <<SCRIPT
timeout $limit
sh mknod odd.bin c 1 3
waitrow -1 file replaced by a character device; still showing the file as it was
timeout default
send l
waitrow -2  0x3 (3)  of 20
sh rm odd.bin
SCRIPT
		fi
		if [ $sock = yes ]; then
			cat <<SCRIPT
timeout $limit
sh python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("odd.bin")'
waitrow -1 file replaced by a socket; still showing the file as it was
timeout default
send g
waitrow -2  0x0 (0)  of 20
sh rm odd.bin
SCRIPT
		fi
		cat <<SCRIPT
timeout $limit
sh printf 'BACK-AGAIN' >odd.bin
waitrow -1 file replaced: reopened (10 bytes)
timeout default
waitrowis 0 $(hex_row back.txt 0 16)
expectrow -2  of 10
send q
exit 0
SCRIPT
	} >odd.script
	vtrun 24 80 "$MMHEX" odd.bin <odd.script
	pass "l. the name taken by a FIFO, a directory$([ $dev = no ] ||
	    echo ', a device')$([ $sock = no ] || echo ', a socket'): said" \
	    "once each within $limit ms, the old bytes stay, keys work;" \
	    "a regular file under the name is reopened"
}

# --- i. Truncated to 0 while a long find runs. --------------------------
live_find_truncate() {
	if [ ! -f "$FAULTINJECT" ]; then
		skip "i. truncation during a 64 GiB find: no fault-injection shim"
		return 0
	fi
	if [ "$(stat -f -c %T "$TMP")" = tmpfs ]; then
		skip "i. truncation during a 64 GiB find: $TMP is on tmpfs"
		return 0
	fi
	if ! truncate -s 64G scan.bin 2>/dev/null; then
		skip "i. truncation during a 64 GiB find: no sparse file here"
		return 0
	fi
	# Holes untold (see slow): the scan takes minutes.
	vtrun 24 100 "${slow[@]}" "$MMHEX" -c scan.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 68719476736
send /NEEDLE<Enter>
waitrowre -2 searching [0-9]+% [0-9]+ MB/s
sh truncate -s 0 scan.bin
waitrow -2  of 0
waitrownot -2 searching
send G
send g
send :<Esc>
waitrow -2  of 0
send q
exit 0
SCRIPT
	pass "i. truncated to 0 during a 64 GiB find: no crash, empty view," \
	    "q exits 0"
}

# --- j. -c: pages with the user's edits are frozen. ---------------------
live_cow_frozen() {
	zeros cow.bin 8192
	vtrun 24 100 "$MMHEX" -c cow.bin <<'SCRIPT'
waitrow -2 [copy-on-write] live  0x0 (0)
send 41
waitrow -2 [copy-on-write] 1 unsaved live, 1 page frozen  0x1 (1)
waitrowis 0 00000000  41 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  A...............
expectcolour 0 0 0
expectcolour 21 7 0
sh "$SHM_WRITER" --set cow.bin 1 2a
sh "$SHM_WRITER" --set cow.bin 0x1000 2b
send :0x1000<Enter>
wait 00001000  2b 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  +...............
send G
waitrow -2  0x1fff (8191)
expectnocolour 21 0
send g
waitrowis 0 00000000  41 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  A...............
expectcolour 0 0 0
send q
waitrow -1 save
send d
exit 0
SCRIPT
	[ "$(od -An -tx1 -N 2 cow.bin | tr -d ' ')" = 002a ] ||
		fail "j. cow.bin changed by mmhex: $(od -An -tx1 -N 4 cow.bin)"
	pass "j. -c: the edited page is frozen (marked, counted), another" \
	    "page follows the file; the file is not written"
}

scenario "a. live before a change" live_status
scenario "a. store through a mapping" live_store
scenario "a. highlight" live_highlight
scenario "a. fade" live_fade
scenario "b. counter" live_counter
scenario "c. growth" live_grow
scenario "d. follow" live_follow
scenario "e. replaced" live_replace
scenario "f. --watch 0" live_nowatch
scenario "g. stress" live_stress
scenario "h. edits and truncation" live_edit_truncate
scenario "h. edits and truncation to 0" live_edit_truncate_zero
scenario "i. truncation during find" live_find_truncate
scenario "j. -c frozen pages" live_cow_frozen
scenario "k. deleted" live_deleted
scenario "l. not a regular file" live_not_regular
[ -z "$failed" ] || fail "failed: ${failed#, }"
