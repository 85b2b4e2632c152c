#!/bin/bash
# mmhex --patch OFFSET:OLDHEX:NEWHEX [--patch ...] FILE: several patches
# applied in place (checked against a copy patched with printf and dd);
# a mismatch, a patch past the end, overlapping patches and a file that
# may not be written all exit 1 with the file's sha256 unchanged; a bad
# spec or a bad combination of flags is a usage error (exit 2); a write
# or fsync that fails after the checks (faultinject) puts back what was
# written (sha256 unchanged) or says where the file changed; a sparse
# file over 4 GiB is patched near its end without filling its holes.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# Run mmhex with stdin not a terminal; record status, stdout and stderr.
run() {
	set +e
	"$MMHEX" "$@" >out 2>err </dev/null
	status=$?
	set -e
}

expect_status() {
	local want=$1; shift
	[ "$status" = "$want" ] ||
		fail "$*: exit status $status, want $want; stderr: $(cat err)"
}

expect_err() {
	grep -qF -- "$1" err || fail "stderr lacks '$1': $(cat err)"
}

# Write the bytes given as hex at OFFSET of FILE, as a second opinion.
poke() {
	local file=$1 offset=$2 hex=$3
	printf "$(printf '%s' "$hex" | sed 's/../\\x&/g')" |
	    dd of="$file" bs=1 seek=$((offset)) conv=notrunc status=none
}

# Fail unless FILE still has the sha256 SUM.
expect_unchanged() {
	[ "$(sha256sum <"$1")" = "$2" ] || fail "$3: $1 changed"
	[ ! -s out ] || fail "$3: printed '$(cat out)' on stdout"
}

# ---- success: several patches, given in any order ----------------------
byte_pattern 4 f.bin	# 1024 bytes, 0x00..0xff four times
cp f.bin want.bin
run --patch 0x200:00010203:deadbeef --patch 0x10:1011:9090 \
    --patch '0x80:80 81:41 42' --patch 1023:FF:00 --patch 0x11a:1a:1b f.bin
expect_status 0 "several patches"
poke want.bin 0x200 deadbeef
poke want.bin 0x10 9090
poke want.bin 0x80 4142
poke want.bin 1023 00
poke want.bin 0x11a 1b
cmp f.bin want.bin || fail "several patches: the file differs from want.bin"
cat >want.out <<'EOF'
patched 0x200: 00010203 -> deadbeef
patched 0x10: 1011 -> 9090
patched 0x80: 8081 -> 4142
patched 0x3ff: ff -> 00
patched 0x11a: 1a -> 1b
EOF
diff -u want.out out || fail "several patches: unexpected stdout"
[ ! -s err ] || fail "several patches: stderr: $(cat err)"
pass "five patches applied, the file equals the printf+dd copy"

# -w is allowed (it is what --patch does anyway); adjacent patches are
# not overlapping.
run -w --patch 0x10:90:11 --patch 0x11:90:12 f.bin
expect_status 0 "-w --patch"
poke want.bin 0x10 1112
cmp f.bin want.bin || fail "-w with adjacent patches: wrong content"
pass "-w --patch with two adjacent patches"

# ---- mismatch: nothing changes, the patch is named ---------------------
sum=$(sha256sum <f.bin)
run --patch 0x40:40:00 --patch 0x20:2000:1111 --patch 0x30:30:00 f.bin
expect_status 1 "mismatch"
expect_err "mmhex: f.bin: patch 2 '0x20:2000:1111' does not match the file: at 0x21 it holds 21, not 00; nothing changed"
expect_unchanged f.bin "$sum" "mismatch"
pass "mismatch: exit 1, '$(cat err)', file untouched"

# ---- past the end -------------------------------------------------------
run --patch 0:00:01 --patch 1023:0000:0101 f.bin
expect_status 1 "past the end"
expect_err "mmhex: f.bin: patch 2 '1023:0000:0101' goes past the end of the file: bytes 0x3ff-0x400, size 1024 (0x400); nothing changed"
expect_unchanged f.bin "$sum" "past the end"
run --patch 1024:00:01 f.bin
expect_status 1 "at the end"
expect_err "patch 1 '1024:00:01' goes past the end of the file: byte 0x400"
expect_unchanged f.bin "$sum" "at the end"
pass "past the end: exit 1, '$(cat err)', file untouched"

# ---- overlapping --------------------------------------------------------
run --patch 0x40:40414243:00000000 --patch 0x50:50:00 --patch 0x43:43:00 f.bin
expect_status 1 "overlap"
expect_err "mmhex: f.bin: patches 1 '0x40:40414243:00000000' and 3 '0x43:43:00' overlap at 0x43; nothing changed"
expect_unchanged f.bin "$sum" "overlap"
run --patch 0x40:40:00 --patch 64:40:00 f.bin
expect_status 1 "same byte twice"
expect_err "overlap at 0x40"
expect_unchanged f.bin "$sum" "same byte twice"
pass "overlapping: exit 1, '$(cat err)', file untouched"

# ---- bad specs and combinations: usage errors ---------------------------
for spec in '' 0x10 0x10:7f45 0x10:40:41:42 zz:00:01 -1:00:01 0x40:404:000 \
    0x40:4g:00 0x40:0x40:00 0x40::00 0x40:4041:00 0xffffffffffffffff:00ff:0000; do
	run --patch "$spec" f.bin
	expect_status 2 "--patch '$spec'"
	expect_err "mmhex: bad patch '"
	expect_err "Try 'mmhex --help'"
	expect_unchanged f.bin "$sum" "--patch '$spec'"
done
run --patch 0x40:404:00 f.bin
expect_err "mmhex: bad patch '0x40:404:00': old bytes: odd number of hex digits in '404'"
run --patch 0x40:40:00 --patch 0x40:4041:00 f.bin
expect_status 2 "a bad second spec"
expect_err "bad patch '0x40:4041:00': 2 old bytes but 1 new; a patch cannot change the size of the file"
expect_unchanged f.bin "$sum" "a bad second spec"
pass "bad specs: exit 2 with the parse message, file untouched"

run --patch 0x40:40:00 --dump f.bin
expect_status 2 "--patch --dump"
expect_err "--patch and --dump cannot be combined"
for flag in -r -c; do
	run "$flag" --patch 0x40:40:00 f.bin
	expect_status 2 "$flag --patch"
	expect_err "cannot be combined with $flag"
done
run --patch 0x40:40:00
expect_status 2 "--patch without a file"
expect_unchanged f.bin "$sum" "bad combinations"
pass "--patch with --dump, -r or -c, or without a file: exit 2"

# ---- a file name with an escape sequence is shown sanitised -------------
name=$(printf 'p\033[31m.bin')
cp f.bin "$name"
run --patch 0:ff:00 "$name"
expect_status 1 "escape in the name"
expect_err 'mmhex: p\e[31m.bin: patch 1'
! grep -q "$(printf '\033')" err || fail "raw escape on stderr"
pass "escape in the file name shown as \\e"

# ---- a file we may not write --------------------------------------------
# Root may write any file whatever its mode, so as root this runs as
# nobody (setpriv) when nobody can reach mmhex and the file, else it is
# skipped (see tui/test-status.sh).
cp f.bin ro.bin
chmod 644 ro.bin
as_user=()
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$TMP"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if ! command -v setpriv >/dev/null 2>&1 ||
	    ! "${as_user[@]}" test -x "$MMHEX" ||
	    ! "${as_user[@]}" test -r ro.bin; then
		as_user=()
	fi
else
	chmod 444 ro.bin
fi
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
	skip "--patch on a file we may not write (root may write it, and nobody cannot run $MMHEX)"
else
	rosum=$(sha256sum <ro.bin)
	set +e
	"${as_user[@]}" "$MMHEX" --patch 0x10:9011:0000 ro.bin \
	    </dev/null >out 2>err
	status=$?
	set -e
	expect_status 1 "--patch on a file we may not write"
	expect_err "mmhex: ro.bin: "
	grep -qE -- '-c|[Pp]ermission' err ||
		fail "read-only file: message names neither -c nor the permission: $(cat err)"
	expect_unchanged ro.bin "$rosum" "read-only file"
	pass "--patch on a file we may not write: exit 1, '$(cat err)'"
fi

# ---- a write or a sync fails after the checks passed: put back ---------
# The shim (tests/faultinject.so) fails the Nth pwrite or fsync; the
# bytes already written are put back from OLDHEX (what the file held),
# and the message says so, or says where the file is changed when even
# that fails.
if [ -f "${FAULTINJECT:-}" ]; then
	# faulty SPEC ARG...: run mmhex with the fault SPEC.
	faulty() {
		local spec=$1
		shift
		set +e
		env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT="$spec" \
		    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    "$MMHEX" "$@" >out 2>err </dev/null
		status=$?
		set -e
	}
	# expect_msg TEXT: stderr is exactly "mmhex: r.bin: TEXT".
	expect_msg() {
		[ "$(cat err)" = "mmhex: r.bin: $1" ] ||
			fail "stderr is '$(cat err)', want 'mmhex: r.bin: $1'"
	}
	three=(--patch 0x200:00010203:deadbeef --patch 0x10:1011:9090
	    --patch 0x20:20:21 r.bin)
	byte_pattern 4 r.bin
	cp r.bin r.orig
	rsum=$(sha256sum <r.bin)

	faulty pwrite:ENOSPC:1:1 "${three[@]}"	# the 2nd write fails
	expect_status 1 "2nd write fails"
	expect_msg "cannot write patch 2 '0x10:1011:9090' at 0x10: No space left on device; the patch already written was put back"
	expect_unchanged r.bin "$rsum" "2nd write fails"
	pass "the 2nd write fails: patch 1 put back, sha256 as before, '$(cat err)'"

	faulty pwrite:ENOSPC:0:1 "${three[@]}"	# the 1st write fails
	expect_status 1 "1st write fails"
	expect_msg "cannot write patch 1 '0x200:00010203:deadbeef' at 0x200: No space left on device; nothing changed"
	expect_unchanged r.bin "$rsum" "1st write fails"
	pass "the 1st write fails: nothing changed"

	faulty fsync:EIO:0:1 "${three[@]}"	# the sync fails once
	expect_status 1 "fsync fails"
	expect_msg "cannot save the patches (fsync): Input/output error; the 3 patches already written were put back"
	expect_unchanged r.bin "$rsum" "fsync fails"
	pass "fsync fails: the 3 patches put back and synced, sha256 as before"

	faulty fsync:EIO "${three[@]}"		# every sync fails
	expect_status 1 "every fsync fails"
	expect_msg "cannot save the patches (fsync): Input/output error; the patches already written were put back, but that could not be saved (fsync): Input/output error; the disk may still hold the new bytes"
	expect_unchanged r.bin "$rsum" "every fsync fails"
	pass "every fsync fails: put back, and the message says the disk may differ"

	# Putting back fails too: the message says where the file changed.
	cp r.orig r.patched1
	poke r.patched1 0x200 deadbeef
	faulty pwrite:ENOSPC:1 "${three[@]}"	# every write after the 1st
	expect_status 1 "every write after the 1st fails"
	expect_msg "cannot write patch 2 '0x10:1011:9090' at 0x10: No space left on device; the patch already written could not be put back: No space left on device; the file is changed at 0x200-0x203 (patch 1)"
	cmp r.bin r.patched1 || fail "put back failed: r.bin is not the original with patch 1"
	pass "putting back fails too: '$(cat err)'"

	cp r.orig r.bin
	faulty pwrite:ENOSPC:2:2 "${three[@]}"	# 3rd write, patch 1 back
	expect_status 1 "3rd write and putting back patch 1 fail"
	expect_msg "cannot write patch 3 '0x20:20:21' at 0x20: No space left on device; the patches already written could not all be put back: No space left on device; the file is changed at 0x200-0x203 (patch 1)"
	cmp r.bin r.patched1 || fail "put back in part: r.bin is not the original with patch 1"
	pass "putting back fails for one of two patches: that one is named"
else
	skip "write and sync failures: no fault-injection shim at ${FAULTINJECT:-}"
fi

# ---- a sparse file past 4 GiB -------------------------------------------
size=$((5 * 1024 * 1024 * 1024))
truncate -s 5G big.bin || skip_all "cannot make a 5 GiB sparse file"
poke big.bin $((size - 8)) 0011223344556677
before=$(du -k big.bin | cut -f1)
run --patch 0x13ffffffa:2233:aabb --patch 4G:0000:c0de \
    --patch 5368709119:77:ff big.bin
expect_status 0 "sparse file past 4 GiB"
[ "$(stat -c %s big.bin)" = "$size" ] || fail "sparse: the size changed"
got=$(xxd -p -s $((size - 16)) -l 16 big.bin)
[ "$got" = 00000000000000000011aabb445566ff ] ||
	fail "sparse: the last 16 bytes are $got"
got=$(xxd -p -s $((4 * 1024 * 1024 * 1024 - 8)) -l 16 big.bin)
[ "$got" = 0000000000000000c0de000000000000 ] ||
	fail "sparse: the 16 bytes around 4 GiB are $got"
# Only those bytes changed: compare 1 MiB windows around each patch with
# the same windows of a twin patched by dd.
truncate -s 5G twin.bin
poke twin.bin $((size - 8)) 0011aabb445566ff
poke twin.bin $((4 * 1024 * 1024 * 1024)) c0de
for at in $((size - 1024 * 1024)) $((4 * 1024 * 1024 * 1024 - 512 * 1024)); do
	cmp -l -i "$at:$at" -n $((1024 * 1024)) big.bin twin.bin >diffs ||
		fail "sparse: window at $at differs from the twin: $(head diffs)"
done
after=$(du -k big.bin | cut -f1)
[ "$after" -lt $((before + 1024)) ] ||
	fail "sparse: du went from $before KiB to $after KiB"
[ "$after" -lt 4096 ] || fail "sparse: the file now takes $after KiB"
pass "sparse 5 GiB file patched at 4 GiB and near its end: only those bytes changed, du $after KiB"

# A mismatch near the end of the big file leaves it as it was (hashing
# 5 GiB would take too long: compare the windows with the twin again).
run --patch 4G:c0de:0000 --patch 0x13ffffffa:2233:0000 big.bin
expect_status 1 "sparse mismatch"
expect_err "patch 2 '0x13ffffffa:2233:0000' does not match the file: at 0x13ffffffa it holds aabb, not 2233; nothing changed"
[ ! -s out ] || fail "sparse mismatch: printed '$(cat out)'"
for at in $((size - 1024 * 1024)) $((4 * 1024 * 1024 * 1024 - 512 * 1024)); do
	cmp -i "$at:$at" -n $((1024 * 1024)) big.bin twin.bin ||
		fail "sparse mismatch: window at $at changed"
done
pass "sparse file: a mismatch near the end changes nothing"
