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

# Options a mode would ignore are refused, never silently dropped.
for opts in "--cols 8" "-w" "-c" "-r" "--text" "-N" "--no-wrap" "--watch 5"; do
	# shellcheck disable=SC2086
	run --dump $opts x
	expect_status 2 --dump $opts
	expect_err "--dump prints the file as xxd does"
	[ ! -s "$TMP/out" ] || fail "--dump $opts printed something"
done
for opts in "--cols 8" "--text" "--watch 5"; do
	# shellcheck disable=SC2086
	run --find x $opts x
	expect_status 2 --find x $opts
	expect_err "are for the viewer, not --find or --patch"
	# shellcheck disable=SC2086
	run --patch 0:00:01 $opts x
	expect_status 2 --patch $opts
	expect_err "are for the viewer, not --find or --patch"
done
pass "--dump, --find and --patch refuse the viewer's options (exit 2)"

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

# ---- every error message sanitises what it quotes ----------------------
# Arguments carrying ESC, BEL, a C1 CSI (as UTF-8 C2 9B and as a raw 9B
# byte), a TAB and a bidi override (E2 80 AE) go through every error
# path; stderr must hold none of them raw: no byte below 0x20 but the
# newline, no 0x7f, no 0x9b (alone or after C2), no E2 80 AE.
bad=$(printf 'x\033[31m\a\302\233\233\342\200\256\ty')
tab=$(printf '\t')
printf 'abc' >plain
mkdir "dir$bad"
# hostile STATUS ARG...: run mmhex with ARG..., expect STATUS and a
# message, then look for raw control bytes on stderr.
hostile() {
	local want=$1
	shift
	run "$@"
	expect_status "$want" "$(printf '%q ' "$@")"
	grep -q '^mmhex: ' "$TMP/err" ||
		fail "$(printf '%q ' "$@"): no 'mmhex: ' message: $(cat -v "$TMP/err")"
	if LC_ALL=C grep -qaP '[\x00-\x09\x0b-\x1f\x7f\x9b]|\xe2\x80\xae' \
	    "$TMP/err"; then
		fail "$(printf '%q ' "$@"): raw control bytes on stderr:" \
		    "$(od -An -c "$TMP/err" | head -n 8)"
	fi
	hostile_count=$((hostile_count + 1))
}
hostile_count=0
hostile 2 plain "$bad"				# two file names
hostile 2 "$bad" plain
hostile 2 "--$bad" plain			# unknown options
hostile 2 "--$bad=$bad" plain
hostile 2 "-$bad" plain
hostile 2 "--dump=$bad" plain
hostile 2 --cols "$bad" plain			# bad values
hostile 2 --cols "5000$tab" plain
hostile 2 --watch "$bad" plain
hostile 2 --watch "99999999$tab" plain
hostile 2 --dump --seek "$bad" plain
hostile 2 --dump --seek "+$bad" plain
hostile 2 --dump --seek "-$bad" plain
hostile 2 --dump --len "$bad" plain
hostile 2 --dump --len "-5$tab" plain
hostile 2 --dump --len "-$bad" plain
hostile 2 --patch "$bad" plain			# bad --patch specs
hostile 2 --patch "0:$bad:00" plain
hostile 2 --patch "$bad:61:62" plain
hostile 2 --patch "0:61:$bad" plain
hostile 2 --patch "0:61:62" --patch "1:$bad" plain
hostile 2 --find "$bad" --hex plain		# bad --find patterns
hostile 2 --find "($bad" --regex plain
hostile 2 --find "$bad\\" --regex plain
hostile 1 "$bad"				# missing files
hostile 1 --dump "$bad"
hostile 1 --find a "$bad"
hostile 1 --patch 0:61:62 "$bad"
hostile 1 "dir$bad"				# a directory
hostile 1 --dump "dir$bad"
hostile 1 --find a "dir$bad"
hostile 1 --patch 0:61:62 "dir$bad"
hostile 1 --patch "0:62$tab:63" plain		# a mismatch quotes the spec
run plain "$bad"
expect_err "only one file may be given, not 'x\\e[31m\\x07\\xc2\\x9b\\x9b\\u202e\\ty' as well"
run "--$bad" plain
expect_err "mmhex: unrecognized option '--x\\e[31m"
pass "$hostile_count error paths with ESC, BEL, CSI, TAB and U+202E in" \
    "their arguments: stderr holds them only as escapes"

# ---- output that cannot be written is an error (exit 1) ----------------
if [ -w /dev/full ]; then
	for args in --help --version "--dump plain" "--find b plain" \
	    "--find b --count plain" "--patch 0:61:61 plain"; do
		set +e
		"$MMHEX" $args >/dev/full 2>"$TMP/err" </dev/null
		status=$?
		set -e
		expect_status 1 "$args >/dev/full"
		[ "$(cat "$TMP/err")" = "mmhex: write error: No space left on device" ] ||
			fail "$args >/dev/full: stderr '$(cat "$TMP/err")'"
	done
	pass "--help, --version, --dump, --find, --patch to /dev/full: exit 1," \
	    "'mmhex: write error: No space left on device'"
else
	skip "no writable /dev/full"
fi
set +e
"$MMHEX" --version >&- 2>"$TMP/err" </dev/null
status=$?
set -e
expect_status 1 "--version with standard output closed"
expect_err "mmhex: write error: "
pass "--version with standard output closed: exit 1"

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
# refused FILE WHAT: the viewer and --dump both exit 1 with exactly
# "mmhex: FILE: cannot map: WHAT" and print nothing.
refused() {
	for args in "" "--dump"; do
		run $args "$1"
		expect_status 1 $args "$1"
		[ "$(cat "$TMP/err")" = "mmhex: $1: cannot map: $2" ] ||
			fail "$1 ${args:-viewer}: $(cat "$TMP/err")"
		if [ -s "$TMP/out" ]; then fail "$1 $args printed output"; fi
	done
}
if [ -r /proc/version ]; then
	refused /proc/version "a /proc or /sys file (its size is not known)"
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
		refused "$f" "the filesystem does not allow mapping this file"
		pass "$f (sysfs, cannot be mapped): refused with exit 1"
	else
		skip "$f: not readable here"
	fi
done

# --dump while another process truncates the file.  The reader takes the
# first block of the output, truncates the file, then reads the rest, so
# the truncation surely lands during the dump: mmhex is then at most a
# pipe buffer (64 KiB of text, 15 KiB of file) and two 128 KiB chunks
# ahead, well short of 1 MiB.
seq 1 700000 >big.txt	# 4.7 MB
# shrink_dump SIZE [ARG...]: dump big.txt (copied to shrink.txt) to a
# reader that truncates it to SIZE after 4096 bytes of output.
shrink_dump() {
	local size=$1
	shift
	cp big.txt shrink.txt
	{
		set +e
		"$MMHEX" --dump "$@" shrink.txt 2>"$TMP/err"
		echo $? >"$TMP/status"
	} | {
		dd bs=4096 count=1 2>/dev/null
		truncate -s "$size" shrink.txt
		cat
	} >"$TMP/out"
	status=$(cat "$TMP/status")
}
shrink_dump 1048576
expect_status 1 --dump during a truncation to 1 MiB
[ "$(cat "$TMP/err")" = "mmhex: shrink.txt: file shrank to 1048576 bytes during the dump" ] ||
	fail "--dump, shrunk to 1 MiB: stderr '$(cat "$TMP/err")'"
head -c 1048576 big.txt | xxd >want
cmp -s "$TMP/out" want || fail "--dump, shrunk to 1 MiB: not xxd of the first 1 MiB"
pass "--dump, file shrunk to 1 MiB during it: the output is xxd of" \
    "1 MiB, 'file shrank to 1048576 bytes during the dump', exit 1"

shrink_dump 0
expect_status 1 --dump during a truncation to 0
[ "$(cat "$TMP/err")" = "mmhex: shrink.txt: file shrank to 0 bytes during the dump" ] ||
	fail "--dump, shrunk to 0: stderr '$(cat "$TMP/err")'"
xxd big.txt | head -c "$(wc -c <"$TMP/out")" >want
cmp -s "$TMP/out" want || fail "--dump, shrunk to 0: output is not a prefix of xxd"
[ "$(tail -c 1 "$TMP/out" | od -An -c | tr -d ' ')" = '\n' ] ||
	fail "--dump, shrunk to 0: the output ends inside a line"
[ "$(wc -c <"$TMP/out")" -lt "$(xxd big.txt | wc -c)" ] ||
	fail "--dump, shrunk to 0: the whole file was dumped"
pass "--dump, file shrunk to 0 during it: whole lines of xxd's output," \
    "'file shrank to 0 bytes during the dump', exit 1"

# A shrink that leaves the range asked for (--len) is no error.
shrink_dump 1048576 --len 200000
expect_status 0 --dump --len 200000 during a truncation to 1 MiB
[ ! -s "$TMP/err" ] || fail "--dump --len, shrink past the range: $(cat "$TMP/err")"
head -c 200000 big.txt | xxd >want
cmp -s "$TMP/out" want || fail "--dump --len 200000: not xxd -l 200000"
pass "--dump --len: a shrink past the range is no error (exit 0)"
