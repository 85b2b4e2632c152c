#!/bin/bash
# The status line (ui-spec.md): " NAME  [MODE]  0xHEX (DEC)  of SIZE
# PCT%  FILETYPE" in reverse video.  A file name holding an escape
# sequence is shown sanitised, never sent raw; the mode names for -r, -w
# and -c; -w on a file that cannot be written fails pointing at -c; the
# file type is libmagic's, the same as file -b prints.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# A name with ESC [ 3 1 m in it: it must show as the four characters
# \e[31m, and nothing on the status line may turn red (colour 1 or 9).
name=$(printf 'a\033[31mb')
printf 'hello\n' >"$name"
vtrun 24 80 "$MMHEX" "$name" <<'SCRIPT'
waitrow -2  a\e[31mb  [read-only] live  0x0 (0)  of 6
expectreverse -2
expectnocolour -2 1
expectnocolour -2 9
send q
exit 0
SCRIPT
pass "file name with an escape sequence is shown as \\e[31m, not in red"

# Mode names.
printf 'some text\n' >modes.txt
for mode in default:read-only -r:read-only -w:write -c:copy-on-write; do
	flag=${mode%%:*}
	want=${mode#*:}
	[ "$flag" = default ] && set -- modes.txt || set -- "$flag" modes.txt
	vtrun 24 80 "$MMHEX" "$@" <<SCRIPT
waitrow -2  modes.txt  [$want] live  0x0 (0)  of 10
send q
exit 0
SCRIPT
	pass "$flag shows [$want]"
done

# -w on a read-only file: exit 1 and a message naming -c.  Root may
# write any file whatever its mode, so as root the check runs as nobody
# (setpriv) when nobody can reach mmhex and the file, else it is skipped.
printf 'read only\n' >ro.txt
chmod 444 ro.txt
as_user=()
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$TMP"
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if ! command -v setpriv >/dev/null 2>&1 ||
	    ! "${as_user[@]}" test -x "$MMHEX" ||
	    ! "${as_user[@]}" test -r ro.txt; then
		as_user=()
	fi
fi
if [ "$(id -u)" = 0 ] && [ ${#as_user[@]} = 0 ]; then
	skip "-w on a chmod 444 file (root may write it, and nobody cannot run $MMHEX)"
else
	set +e
	"${as_user[@]}" "$MMHEX" -w ro.txt </dev/null >out 2>err
	status=$?
	set -e
	[ "$status" = 1 ] || fail "-w on a read-only file: status $status, want 1; stderr: $(cat err)"
	grep -q '^mmhex: ro\.txt: ' err ||
		fail "-w on a read-only file: message is '$(cat err)'"
	grep -q -- '-c' err ||
		fail "-w on a read-only file: message does not suggest -c: $(cat err)"
	pass "-w on a read-only file: exit 1, message suggests -c: $(cat err)"
fi

# The file type: what file -b says, at the end of the status line.
command -v file >/dev/null 2>&1 || {
	skip "file type on the status line (file(1) is not installed)"
	exit 0
}
printf 'hello world\n' >text.txt
type=$(file -b text.txt)
[ -n "$type" ] || fail "file -b text.txt printed nothing"
vtrun 24 80 "$MMHEX" text.txt <<SCRIPT
waitrow -2 $type
expectrowis -2  text.txt  [read-only] live  0x0 (0)  of 12  0%  $type
expectreverse -2
send q
exit 0
SCRIPT
pass "status line: name, mode, offset, size, percent, file type ($type)"
