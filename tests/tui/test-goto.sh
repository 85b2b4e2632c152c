#!/bin/bash
# The goto prompt: ":" opens "goto: " on the last row; each expression
# form of ui-spec.md jumps where it should; a bad expression shows a
# message and leaves the cursor; Esc cancels.  After each Enter the test
# waits for the status line to show the expected offset.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# 65536 bytes, so 50% is 0x8000 and end is 0xffff.
head -c 65536 /dev/zero >goto.bin

vtrun 24 80 "$MMHEX" goto.bin <<'SCRIPT'
waitrow -2  0x0 (0)  of 65536
send :
waitrow -1 goto:
send 0x1F00
waitrow -1 goto: 0x1F00
send <Enter>
waitrow -2  0x1f00 (7936)  of 65536
waitrownot -1 goto:
waitre ^00001f00  00 00
send :8000<Enter>
waitrow -2  0x1f40 (8000)  of 65536
send :+0x10<Enter>
waitrow -2  0x1f50 (8016)  of 65536
send :-512<Enter>
waitrow -2  0x1d50 (7504)  of 65536
send :50%<Enter>
waitrow -2  0x8000 (32768)  of 65536  50%
send :end<Enter>
waitrow -2  0xffff (65535)  of 65536  100%
send :end-16<Enter>
waitrow -2  0xfff0 (65520)  of 65536
send :4k<Enter>
waitrow -2  0x1000 (4096)  of 65536
# Editing the prompt: backspace removes the last character.
send :0x12<BS>3<Enter>
waitrow -2  0x13 (19)  of 65536
send :4k<Enter>
waitrow -2  0x1000 (4096)  of 65536
# A bad expression: a message on the last row, the cursor stays.
send :zz<Enter>
waitrow -1 bad offset:
expectrow -2  0x1000 (4096)  of 65536
# The message goes away with the next key.
send l
waitrow -2  0x1001 (4097)  of 65536
waitrownot -1 bad offset
# Esc cancels: the prompt closes and the cursor stays.
send :0x20
waitrow -1 goto: 0x20
send <Esc>
waitrownot -1 goto:
expectrow -2  0x1001 (4097)  of 65536
# Enter on an empty prompt changes nothing.
send :
waitrow -1 goto:
send <Enter>
waitrownot -1 goto:
expectrow -2  0x1001 (4097)  of 65536
send q
exit 0
SCRIPT
pass "goto: 0x1F00 8000 +0x10 -512 50% end end-16 4k, bad expression, Esc"
