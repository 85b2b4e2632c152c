# tests/lib.sh - shared helpers for the shell tests, sourced by each one.
#
# Gives a scratch directory $TMP (removed on exit), fail/pass/skip
# reporting, and vtrun, which runs a vtdrive script from a heredoc against
# a program in a pseudo-terminal.  make check sets MMHEX (the program),
# VTDRIVE (the driver) and top_srcdir; VTDRIVE_TIMEOUT (seconds, default
# 10) is the longest any one wait may take, raise it for slow builds.

TEST_NAME=${0##*/}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mmhex-test.XXXXXX") || {
	echo "FAIL: $TEST_NAME: cannot make a temporary directory" >&2
	exit 99
}
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' HUP INT TERM
vt_count=0

# Report a failure and stop the test.
fail() {
	printf 'FAIL: %s: %s\n' "$TEST_NAME" "$*" >&2
	exit 1
}

# Report a check that passed.
pass() {
	printf 'PASS: %s\n' "$*"
}

# Report a check that cannot run here; the rest of the test goes on.
skip() {
	printf 'SKIP: %s\n' "$*"
}

# Skip the whole test (automake counts exit 77 as skipped).
skip_all() {
	printf 'SKIP: %s: %s\n' "$TEST_NAME" "$*"
	exit 77
}

# vtrun ROWS COLS PROGRAM [ARG...] <<EOF ... EOF
# Run the vtdrive script read from stdin against PROGRAM in a ROWS x COLS
# pseudo-terminal.  What the script's screen and cursor commands print is
# left in $TMP/vt.out.  On failure, show the numbered script and the
# driver's report (which holds the screen) and fail the test.
vtrun() {
	local rows=$1 cols=$2 script status
	shift 2
	vt_count=$((vt_count + 1))
	script=$TMP/vt-script.$vt_count
	cat >"$script"
	set +e
	"$VTDRIVE" --rows "$rows" --cols "$cols" \
	    --timeout "${VTDRIVE_TIMEOUT:-10}" -- "$@" \
	    <"$script" >"$TMP/vt.out" 2>"$TMP/vt.err"
	status=$?
	set -e
	if [ "$status" -ne 0 ]; then
		{
			echo "--- vtdrive script $vt_count ($rows x $cols):" \
			    "$(printf '%q ' "$@")"
			awk '{ printf "%4d  %s\n", NR, $0 }' "$script"
			cat "$TMP/vt.err"
		} >&2
		fail "script $vt_count: $(head -n 1 "$TMP/vt.err")"
	fi
}

# Print the hex rows mmhex shows for FILE with 16 bytes a row, computed
# from xxd: "OFFSET  HH HH HH HH HH HH HH HH  HH ... HH  CHARS", the
# character column aligned on a short last row, trailing blanks cut.
xxd_rows() {
	xxd -c 16 "$1" | awk '{
		off = substr($0, 1, 8)
		hex = substr($0, 11, 39)
		chars = substr($0, 52)
		gsub(/ /, "", hex)
		n = length(hex) / 2
		out = off " "
		for (i = 0; i < 16; i++) {
			if (i == 8)
				out = out " "
			out = out (i < n ? " " substr(hex, 2 * i + 1, 2) : "   ")
		}
		out = out "  " chars
		sub(/ +$/, "", out)
		print out
	}'
}

# hex_row FILE OFFSET N: print the row mmhex shows for the N bytes of FILE
# at OFFSET (a multiple of N, any shell number) with 8 offset digits, as ui-spec.md lays it
# out; a short row at the end of the file keeps the character column
# aligned, trailing blanks are cut.
hex_row() {
	local off=$(($2)) n=$(($3))
	od -An -v -tx1 -j "$off" -N "$n" "$1" | LC_ALL=C awk -v off="$off" \
	    -v n="$n" '
		{ for (i = 1; i <= NF; i++) b[got++] = $i }
		END {
			out = sprintf("%08x ", off)
			chars = ""
			for (i = 0; i < n; i++) {
				if (i > 0 && i % 8 == 0)
					out = out " "
				if (i >= got) {
					out = out "   "
					continue
				}
				out = out " " b[i]
				v = index("0123456789abcdef", substr(b[i], 1, 1))
				v = (v - 1) * 16 + index("0123456789abcdef",
				    substr(b[i], 2, 1)) - 1
				if (v >= 32 && v < 127)
					chars = chars sprintf("%c", v)
				else
					chars = chars "."

			}
			out = out "  " chars
			sub(/ +$/, "", out)
			print out
		}'
}

# byte_pattern COPIES FILE: write the 256 byte values 0x00..0xff, COPIES
# times over, to FILE.
byte_pattern() {
	local i all
	all=$(printf '\\%03o' $(seq 0 255))
	: >"$2"
	for ((i = 0; i < $1; i++)); do
		printf "$all" >>"$2"
	done
}
