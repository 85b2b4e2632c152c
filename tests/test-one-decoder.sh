#!/bin/bash
# One UTF-8 decoder and one list of what never reaches the terminal, both
# in src/core/utf8.c.  A decoder gives itself away by taking the 6 payload
# bits of a continuation byte (& 0x3f, << 6), by the bounds of the valid
# lead bytes (0xc2, 0xf4) or by calling the C library's decoders; a second
# copy of the policy by asking wcwidth() or naming a bidi control (RLO
# U+202E, PDI U+2069).  None of these may appear in src/ outside utf8.c.
set -eu
src="$top_srcdir/src"
status=0
hits=$(grep -rnEi --include='*.[ch]' \
    -e '0x3f\b' -e '<<[[:space:]]*6\b' -e '\b0x(c2|f4)\b' \
    -e '\b(mbrtowc|mbtowc|mbrlen|mblen|mbsrtowcs|mbstowcs)[[:space:]]*\(' \
    "$src" | grep -v "^$src/core/utf8\.c:" || true)
if [ -n "$hits" ]; then
	echo "$hits"
	echo "FAIL: UTF-8 decoded outside src/core/utf8.c (use utf8_decode)"
	status=1
fi
hits=$(grep -rnEi --include='*.[ch]' \
    -e '\bwcwidth[[:space:]]*\([^)]' -e '\b0x202e\b' -e '\b0x2069\b' \
    "$src" | grep -v "^$src/core/utf8\.c:" || true)
if [ -n "$hits" ]; then
	echo "$hits"
	echo "FAIL: a terminal safety list outside src/core/utf8.c (use utf8_class)"
	status=1
fi
[ "$status" = 0 ] && echo "PASS: one UTF-8 decoder and one safety list, in src/core/utf8.c"
exit "$status"
