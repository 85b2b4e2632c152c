#!/bin/bash
# Save-as's temporary file (save.c; doc/design.md, "Editing and saving").
# A save-as of a 256 MiB sparse file stopped in the middle of its copy
# (the shim blocks the 2nd pwrite) shows no .mmhex-* name in the
# directory, and killed there with SIGKILL leaves none: the temporary
# file has no name (O_TMPFILE) until it is complete.  Replacing an
# existing file leaves no temporary name either.  Where the filesystem
# has no O_TMPFILE (simulated: the shim fails it with EOPNOTSUPP), the
# killed save-as leaves .mmhex-PID-XXXXXX; the next save-as into that
# directory removes it and a planted one of another dead pid, and keeps
# everything else: a live pid's, names that only look alike, a directory
# and a symlink of that form (and, as root, another user's file).
# Oracles: ls -A, cmp, stat.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

[ -f "$FAULTINJECT" ] || skip_all "no fault-injection shim at $FAULTINJECT"
asan="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# The source: 256 MiB, sparse, with 2 MiB of data at the start (two copy
# chunks, so the 2nd pwrite is mid-copy) and 4 bytes at the end.
truncate -s 256M big.bin || skip_all "cannot make a 256 MiB sparse file"
head -c 2097152 /dev/urandom | dd of=big.bin conv=notrunc status=none
printf 'tail' | dd of=big.bin bs=1 seek=$((256 * 1024 * 1024 - 4)) \
    conv=notrunc status=none
chmod 640 big.bin
cp --sparse=always big.bin want.bin
printf 'A' | dd of=want.bin bs=1 conv=notrunc status=none

# mmhex killed by SIGKILL leaves the terminal in its modes; this wrapper
# resets them (the tty modes as they were, alternate screen, cursor,
# mouse) so vtdrive can end on "exit 0" after the kill.
cat >killable <<'EOF'
#!/bin/bash
modes=$(stty -g)
"$@"
stty "$modes"
printf '\033[?1049l\033[?25h\033[?1000l\033[?1002l\033[?1006l'
exit 0
EOF
chmod +x killable

# killed_save DIR FAULT: in DIR, open ../big.bin -c, type A over byte 0,
# save as copy.bin with the fault FAULT plus a stall at the 2nd pwrite;
# once stalled, list DIR into DIR/../listing.mid and kill mmhex (SIGKILL).
killed_save() {
	local dir=$1 fault=$2
	rm -f stalled
	(
		cd "$dir"
		vtrun 24 80 ../killable env LD_PRELOAD="$FAULTINJECT" \
		    MMHEX_FAULT="$fault${fault:+,}pwrite:STALL:1" \
		    MMHEX_FAULT_STALLED="$TMP/stalled" "$asan" \
		    "$MMHEX" -c ../big.bin <<SCRIPT
waitrow -2 big.bin  [copy-on-write] live
send 41
waitrow -2 [copy-on-write] 1 unsaved
send W
waitrowis -1 save as:
send copy.bin<Enter>
sh i=0; while [ ! -s "$TMP/stalled" ] && [ \$i -lt 200 ]; do sleep 0.05; i=\$((i + 1)); done; [ -s "$TMP/stalled" ]
sh ls -A >"$TMP/listing.mid"
sh kill -9 "\$(cat "$TMP/stalled")"
exit 0
SCRIPT
	)
}

# ---- O_TMPFILE: nothing named while copying, nothing left when killed ----
mkdir kill
killed_save kill ""
[ -z "$(grep '^\.mmhex' listing.mid)" ] ||
	fail "mid-copy, the directory shows: $(tr '\n' ' ' <listing.mid)"
[ "$(ls -A kill)" = "" ] ||
	fail "killed mid-copy, left: $(ls -A kill | tr '\n' ' ')"
pass "save-as of 256 MiB killed mid-copy: no .mmhex-* while copying, none left"

# A save-as that completes, new and over an existing file, leaves only
# the copy, with the source's mode and holes.
(
	cd kill
	vtrun 24 80 "$MMHEX" -c ../big.bin <<SCRIPT
waitrow -2 big.bin  [copy-on-write] live
send 41
waitrow -2 [copy-on-write] 1 unsaved
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrowis -1 wrote a patched copy to copy.bin (268435456 bytes)
sh test "\$(ls -A | tr '\n' ' ')" = "copy.bin "
sh echo old >old.bin
send W
waitrowis -1 save as:
send old.bin<Enter>
waitrowis -1 file exists, replace it? (y/n)
send y
waitrowis -1 wrote a patched copy to old.bin (268435456 bytes)
sh test "\$(ls -A | tr '\n' ' ')" = "copy.bin old.bin "
send <C-x>
waitrow -1 1 unsaved byte:
send d
exit 0
SCRIPT
)
for f in copy.bin old.bin; do
	cmp kill/$f want.bin || fail "kill/$f differs from the source with A at 0"
	[ "$(stat -c %a kill/$f)" = 640 ] ||
		fail "kill/$f has mode $(stat -c %a kill/$f), not the source's 640"
	[ "$(du -k kill/$f | cut -f1)" -lt 8192 ] ||
		fail "kill/$f takes $(du -k kill/$f | cut -f1) KiB: holes lost"
done
pass "save-as to a new name and over an existing file: only the copies, mode 640, sparse"

# ---- no O_TMPFILE: named temporaries, swept when their owner is dead ----
mkdir vfat
killed_save vfat tmpfile:EOPNOTSUPP
killed=$(cat stalled)
grep -qx "\.mmhex-$killed-[A-Za-z0-9]\{6\}" listing.mid ||
	fail "no O_TMPFILE: mid-copy listing lacks .mmhex-$killed-XXXXXX:" \
	    "$(tr '\n' ' ' <listing.mid)"
left=$(cd vfat && echo .mmhex-"$killed"-*)
[ -f "vfat/$left" ] || fail "no O_TMPFILE: the killed save-as left nothing to sweep"

# A pid that is surely dead: a shell that has exited.
dead=$(sh -c 'echo $$')
! kill -0 "$dead" 2>/dev/null || fail "pid $dead is still alive"
cd vfat
echo stale >".mmhex-$dead-aB3xYz"		# removed
echo live >".mmhex-$$-aB3xYz"			# this shell lives: kept
echo short >".mmhex-$dead-aB3xY"		# not our naming: kept
echo long >".mmhex-$dead-aB3xYz0"
echo zero >".mmhex-0$dead-aB3xYz"
echo old >".mmhex-aB3xYz"			# no pid: cannot tell, kept
echo dash >".mmhex-$dead-aB-xYz"
echo nodot >"mmhex-$dead-aB3xYz"
mkdir ".mmhex-$dead-dirdir"			# not a regular file: kept
echo target >target
ln -s target ".mmhex-$dead-linkln"
others= theirs=
if [ "$(id -u)" = 0 ]; then
	theirs=", another user's"
	echo theirs >".mmhex-$dead-nobody"		# another user's: kept
	chown 65534 ".mmhex-$dead-nobody"
	others=".mmhex-$dead-nobody"
fi
keep=$(printf '%s\n' ".mmhex-$$-aB3xYz" ".mmhex-$dead-aB3xY" \
    ".mmhex-$dead-aB3xYz0" ".mmhex-0$dead-aB3xYz" ".mmhex-aB3xYz" \
    ".mmhex-$dead-aB-xYz" "mmhex-$dead-aB3xYz" ".mmhex-$dead-dirdir" \
    ".mmhex-$dead-linkln" $others copy.bin target | LC_ALL=C sort)
vtrun 24 80 env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT=tmpfile:EOPNOTSUPP \
    "$asan" "$MMHEX" -c ../big.bin <<SCRIPT
waitrow -2 big.bin  [copy-on-write] live
send 41
waitrow -2 [copy-on-write] 1 unsaved
sh test -f "$left"
send W
waitrowis -1 save as:
send copy.bin<Enter>
waitrowis -1 wrote a patched copy to copy.bin (268435456 bytes)
send <C-x>
waitrow -1 1 unsaved byte:
send d
exit 0
SCRIPT
got=$(ls -A | LC_ALL=C sort)
[ "$got" = "$keep" ] ||
	fail "after the sweep: $(echo $got), want $(echo $keep)"
[ "$(cat target)" = target ] || fail "the symlink's target changed"
cmp copy.bin ../want.bin || fail "no O_TMPFILE: copy.bin differs"
cd ..
pass "no O_TMPFILE: the killed save-as's .mmhex-$killed-XXXXXX and a dead" \
    "pid's are swept; a live pid's, look-alikes, a directory, a symlink$theirs are kept"
