#!/bin/bash
# The register formats (yank.h) against the tools they copy: xxd -i (with
# and without a name), base64 and base64 -w 0, Python's repr(bytes), xxd
# (also with the offsets of xxd -s), xxd -p for plain hex; for empty,
# short and chunk-crossing sizes (YANK_CHUNK is 48 KiB), through a FILE *
# sink, a buffer sink and in small steps.  Then the text of xxd, xxd -i
# and spaced hex parsed back must give the bytes again, and OSC 52 must
# refuse what passes its limit.
set -eu
. "$top_srcdir/tests/lib.sh"
: "${YANKFMT:?YANKFMT must name the yankfmt program}"
for tool in xxd base64 python3; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done

# same NAME EXPECTED-FILE ACTUAL-FILE
same() {
	cmp -s "$2" "$3" || {
		diff <(od -c "$2" | head -20) <(od -c "$3" | head -20) >&2 || :
		fail "$1 differs from the oracle"
	}
}

# Inputs: sizes around lines, triples and chunks, plus quotes.
i=0
for size in 0 1 2 3 11 12 13 16 17 57 76 1000 49151 49152 49153 150001; do
	head -c $size /dev/urandom >"$TMP/in.$i"
	i=$((i + 1))
done
printf "it's" >"$TMP/in.$i"; i=$((i + 1))
printf 'say "it'"'"'s"' >"$TMP/in.$i"; i=$((i + 1))
printf 'a"b\\c\t\n\r\x7f\x80 ' >"$TMP/in.$i"; i=$((i + 1))
count=$i

py_repr='import sys; sys.stdout.write(repr(sys.stdin.buffer.read()))'
py_spaced='import sys; sys.stdout.write(" ".join("%02x" % b for b in sys.stdin.buffer.read()))'
for ((i = 0; i < count; i++)); do
	in=$TMP/in.$i
	size=$(stat -c %s "$in")
	cp "$in" "$TMP/sel.bin"
	xxd -i <"$in" >"$TMP/want.c"
	(cd "$TMP" && xxd -i sel.bin) >"$TMP/want.cn"
	base64 -w 0 <"$in" >"$TMP/want.base64"
	base64 <"$in" >"$TMP/want.base64-lines"
	python3 -c "$py_repr" <"$in" >"$TMP/want.python"
	xxd <"$in" >"$TMP/want.xxd"
	xxd -p <"$in" | tr -d '\n' >"$TMP/want.hex"
	python3 -c "$py_spaced" <"$in" >"$TMP/want.hex-spaced"
	for mode in "" "-b" "-s 1000"; do
		for fmt in c base64 base64-lines python xxd hex hex-spaced; do
			# shellcheck disable=SC2086
			"$YANKFMT" $fmt $mode <"$in" >"$TMP/got"
			same "$fmt ($size bytes $mode)" "$TMP/want.$fmt" "$TMP/got"
		done
		# shellcheck disable=SC2086
		"$YANKFMT" c $mode -n sel.bin <"$in" >"$TMP/got"
		same "c named ($size bytes $mode)" "$TMP/want.cn" "$TMP/got"
	done
	[ "$size" -gt 0 ] || continue
	# Parsed back: xxd, xxd -i (named and not), spaced hex, xxd -p.
	xxd <"$in" | "$YANKFMT" parse >"$TMP/back"
	same "xxd parsed back ($size bytes)" "$in" "$TMP/back"
	(cd "$TMP" && xxd -i sel.bin) | "$YANKFMT" parse >"$TMP/back"
	same "xxd -i parsed back ($size bytes)" "$in" "$TMP/back"
	xxd -i <"$in" | "$YANKFMT" parse >"$TMP/back"
	same "xxd -i (stdin) parsed back ($size bytes)" "$in" "$TMP/back"
	python3 -c "$py_spaced" <"$in" | "$YANKFMT" parse >"$TMP/back"
	same "spaced hex parsed back ($size bytes)" "$in" "$TMP/back"
	xxd -p <"$in" | "$YANKFMT" parse >"$TMP/back"
	same "xxd -p parsed back ($size bytes)" "$in" "$TMP/back"
done
pass "hex, C, base64, Python and xxd match their oracles; parsed back"

# xxd with the selection's offsets: as xxd -s START -l LEN FILE.
head -c 5000 /dev/urandom >"$TMP/file"
for range in "0 1" "17 100" "4095 33" "4999 1"; do
	set -- $range
	tail -c +$(($1 + 1)) "$TMP/file" | head -c "$2" >"$TMP/sel"
	"$YANKFMT" xxd -o "$1" <"$TMP/sel" >"$TMP/got"
	xxd -s "$1" -l "$2" "$TMP/file" >"$TMP/want"
	same "xxd -s $1 -l $2" "$TMP/want" "$TMP/got"
done
pass "xxd dump of a selection as xxd -s START -l LEN"

# OSC 52: ESC ] 52 ; c ; base64 BEL up to 75000 bytes, refused past it.
head -c 75000 /dev/urandom >"$TMP/big"
"$YANKFMT" osc52 <"$TMP/big" >"$TMP/got"
{ printf '\033]52;c;'; base64 -w 0 <"$TMP/big"; printf '\a'; } >"$TMP/want"
same "osc52 of 75000 bytes" "$TMP/want" "$TMP/got"
head -c 75001 /dev/urandom >"$TMP/big"
if "$YANKFMT" osc52 <"$TMP/big" >"$TMP/got" 2>"$TMP/err"; then
	fail "osc52 took 75001 bytes"
fi
grep -q "75001 bytes are too many for the clipboard: OSC 52 takes at most 75000 bytes (100000 of base64)" "$TMP/err" ||
	fail "osc52 refusal says: $(cat "$TMP/err")"
[ ! -s "$TMP/got" ] || fail "osc52 wrote something when refusing"
pass "osc52 sequence, refused past 75000 bytes with the limit named"
