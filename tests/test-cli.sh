#!/bin/bash
# The command line: help, version, exit statuses 0/1/2 and the error
# messages for files that cannot be shown.
set -eu
. "$top_srcdir/tests/lib.sh"

# Run mmhex with stdin/stdout not a terminal; record status and stderr.
run() {
	set +e
	"$MMHEX" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
	status=$?
	set -e
}

expect_status() {
	local want=$1; shift
	if [ "$status" != "$want" ]; then
		fail "mmhex $* exited $status, want $want; stderr: $(cat "$TMP/err")"
	fi
}

expect_err() {
	if ! grep -qF -- "$1" "$TMP/err"; then
		fail "stderr lacks '$1': $(cat "$TMP/err")"
	fi
}

run --help
expect_status 0 --help
grep -q '^usage: mmhex' "$TMP/out" || fail "--help prints no usage"
grep -q -- '--dump' "$TMP/out" || fail "--help does not mention --dump"
pass "--help"

run --version
expect_status 0 --version
grep -qE '^mmhex [0-9]+\.[0-9]+' "$TMP/out" || fail "--version: $(cat "$TMP/out")"
pass "--version"

run
expect_status 2
expect_err "no file given"
run --bogus x
expect_status 2
run -r -w x
expect_status 2
expect_err "only one of -r, -w and -c"
run --seek 4 x
expect_status 2
expect_err "need --dump"
run --cols 0 x
expect_status 2
run --cols zz x
expect_status 2
run a b
expect_status 2
pass "usage errors exit 2"

cd "$TMP"
run no-such-file
expect_status 1
[ "$(cat "$TMP/err")" = "mmhex: no-such-file: No such file or directory" ] ||
	fail "missing file message: $(cat "$TMP/err")"
run --dump no-such-file
expect_status 1
expect_err "mmhex: no-such-file: No such file or directory"
pass "missing file: exit 1 with the standard message"

mkdir adir
run adir
expect_status 1
expect_err "mmhex: adir: is a directory"
mkfifo afifo
run afifo
expect_status 1
expect_err "mmhex: afifo: is a FIFO"
run /dev/null
expect_status 1
expect_err "is a character device"
python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.bind("asock")' 2>/dev/null &&
	{ run asock; expect_status 1; expect_err "is a socket"; }
pass "directory, FIFO, device, socket: exit 1 with what the file is"

printf 'x' > plain
run plain
expect_status 1
expect_err "needs a terminal"
pass "viewer without a terminal: exit 1"

name=$(printf 'bad\033[31mname')
printf 'x' > "$name"
chmod 000 "$name"
if [ "$(id -u)" != 0 ]; then
	run "$name"
	expect_status 1
	grep -q $'\033' "$TMP/err" && fail "raw escape byte in the error message"
	expect_err 'bad\e[31mname'
	pass "unreadable file: sanitised name"
else
	rm -f "$name"
	run "$name"
	grep -q $'\033' "$TMP/err" && fail "raw escape byte in the error message"
	expect_err 'bad\e[31mname: No such file or directory'
	pass "missing file with an escape in its name: sanitised"
fi

# /proc and /sys files that report size 0: their bytes exist only on
# read(), so mapping would show an empty file; both the viewer and --dump
# refuse them and say why, printing nothing.
if [ -r /proc/version ]; then
	for args in "" "--dump"; do
		run $args /proc/version
		expect_status 1 $args /proc/version
		[ "$(cat "$TMP/err")" = "mmhex: /proc/version: cannot map: a /proc or /sys file (its size is not known)" ] ||
			fail "/proc/version ${args:-viewer}: $(cat "$TMP/err")"
		if [ -s "$TMP/out" ]; then fail "/proc/version $args printed output"; fi
	done
	pass "/proc/version (size 0): refused with exit 1"
else
	skip "/proc/version: not readable here"
fi
for f in /sys/kernel/mm/transparent_hugepage/enabled /sys/power/state; do
	if [ -r "$f" ] && [ "$(stat -c %s "$f")" = 0 ]; then
		run --dump "$f"
		expect_status 1 --dump "$f"
		expect_err "mmhex: $f: cannot map: a /proc or /sys file"
		pass "$f (sysfs, size 0): refused with exit 1"
	elif [ -r "$f" ]; then
		# sysfs says 4096 bytes but refuses mmap (ENODEV).
		for args in "" "--dump"; do
			run $args "$f"
			expect_status 1 $args "$f"
			[ "$(cat "$TMP/err")" = "mmhex: $f: cannot map: the filesystem does not allow mapping this file" ] ||
				fail "$f ${args:-viewer}: $(cat "$TMP/err")"
			if [ -s "$TMP/out" ]; then fail "$f $args printed output"; fi
		done
		pass "$f (sysfs, cannot be mapped): refused with exit 1"
	else
		skip "$f: not readable here"
	fi
done
