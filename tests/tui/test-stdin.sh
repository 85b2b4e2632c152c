#!/bin/bash
# Standard input and pipes (issue 17).
#  a. `cat f | mmhex --dump -` and `cat f | mmhex --dump` (no FILE, as xxd
#     reads standard input) print what xxd prints; --seek and --len too.
#  b. `cat f | mmhex --find P -` prints what grep -b -o -a -F finds.
#  c. the viewer on a pipe: the bytes so far show at once, more appear as
#     they come, the status line says it is a stream and then that it
#     ended; keys come from the terminal.
#  d. what cannot work is refused with the reason: -w and --patch on
#     standard input, --seek -N on a pipe.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

head -c 200000 /dev/urandom >rand.bin
printf 'needle' | dd of=rand.bin bs=1 seek=4095 conv=notrunc status=none
printf 'needle' | dd of=rand.bin bs=1 seek=150000 conv=notrunc status=none

# --- a. dumps. ----------------------------------------------------------
cat rand.bin | "$MMHEX" --dump - >got.txt || fail "a. --dump - exited $?"
xxd rand.bin >want.txt
cmp -s got.txt want.txt || fail "a. --dump - differs from xxd"
cat rand.bin | "$MMHEX" --dump >got.txt || fail "a. --dump exited $?"
cmp -s got.txt want.txt || fail "a. --dump with no FILE differs from xxd"
cat rand.bin | "$MMHEX" --dump --seek 70000 --len 4097 - >got.txt
xxd -s 70000 -l 4097 rand.bin >want.txt
cmp -s got.txt want.txt || fail "a. --dump --seek --len - differs from xxd"
: | "$MMHEX" --dump - >got.txt || fail "a. --dump of empty input exited $?"
[ ! -s got.txt ] || fail "a. --dump of empty input printed something"
pass "a. --dump of a pipe, with and without -, --seek, --len: as xxd"

# --- b. find. -----------------------------------------------------------
want=$(grep -b -o -a -F needle rand.bin | cut -d: -f1 | tr '\n' ' ')
got=$(cat rand.bin | "$MMHEX" --find needle - | tr '\n' ' ') ||
	fail "b. --find - exited $?"
[ "$got" = "$want" ] || fail "b. --find - said '$got', grep '$want'"
pass "b. --find on a pipe: $want"

# --- c. the viewer on a pipe. ---------------------------------------------
cat >writer.sh <<'W'
printf 'hello'
sleep 1
printf ' world'
sleep 1
W
vtrun 24 100 sh -c "sh writer.sh | '$MMHEX' -" <<'SCRIPT'
waitrow -2 stream: 5 bytes so far
waitrow 0 68 65 6c 6c 6f
waitrow -2 stream: 11 bytes so far
waitrow 0 68 65 6c 6c 6f 20 77 6f  72 6c 64
waitrow -2 stream ended
send G
waitrow -2  0xa (10)  of 11
send q
exit 0
SCRIPT
pass "c. the viewer on a pipe: 5 bytes, then 11, then 'stream ended'; keys work"

# --- d. refusals. --------------------------------------------------------
if printf 'x' | "$MMHEX" -w - 2>err.txt; then
	fail "d. -w - went through"
fi
grep -q "standard input has none" err.txt || fail "d. -w -: $(cat err.txt)"
if printf 'x' | "$MMHEX" --patch 0:78:79 - 2>err.txt; then
	fail "d. --patch - went through"
fi
grep -q "standard input cannot be patched" err.txt ||
	fail "d. --patch -: $(cat err.txt)"
if printf 'x' | "$MMHEX" --dump --seek -1 - 2>err.txt; then
	fail "d. --seek -1 on a pipe went through"
fi
grep -q "cannot seek back" err.txt || fail "d. --seek -1 -: $(cat err.txt)"
pass "d. -w, --patch and --seek -N on standard input refused with the reason"
