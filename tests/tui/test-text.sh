#!/bin/bash
# The text view (DESIGN.md, "Hex view and text view"; issue 6): the same
# mapping and cursor as the hex view, lines as in a pager.
#  a. go to line N (--text -N, then ":N"): the row after the gutter's N is
#     what `sed -n Np` prints, the status line says "line N" and the
#     offset `head -n N-1 | wc -c` gives; a line past the end is refused
#     with the number of lines.
#  b. switching views keeps the byte (v and back), and the line is the
#     one `head -c OFF | wc -l` counts.
#  c. follow mode on a growing log: appended lines show at the bottom.
#  d. find in the text view lands on the offset grep -b reports; the
#     matches on screen are highlighted.
#  e. wrap on and off (z): a 200-character line takes three rows or one;
#     End scrolls sideways to its end.
#  f. control characters and invalid bytes as escapes (^A, <FF>), tabs
#     expanded; UTF-8 (CJK) decoded under a UTF-8 locale.
#  g. live refresh: a byte stored through another mapping shows,
#     highlighted.
#  h. the file shrinks under the text view with line numbers (the view
#     ends at the new end, full), then grows (new lines reachable by
#     number).
#  i. a byte of line 5 turned into a newline by another process (write(2)
#     in place, same size, far above the screen): the line shown as
#     250000 is numbered 250001 on the next tick (the mtime changed, so
#     the line index is recounted).
#  j. go to a line of a 64 GiB file (sparse, its lines at the end): with
#     holes untold the message line shows the indexing progress; Esc
#     cancels it, the cursor stays, keys work; where holes are told (-c
#     too), they are skipped and the line is shown at once.
#  k. a 400 KB line (defect 6: longer than 64 KiB): wrap off, it is one
#     row (the line after it shows on the next row) and End shows its
#     last bytes; wrap on, the rows run on across each 64 KiB boundary
#     (the row holding offset 65536 is cut 80 characters at a time from
#     the line's start, as fold -w 80 cuts it).
#  l. a 24 MB line (longer than the 1 MiB segments that bound the work of
#     a call): once laid out in the background, the same as k at any
#     depth: wrap off, one row and End to its real end; wrap on, the row
#     holding 20 MiB as fold -w 80 cuts it.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

# A log of 300000 numbered lines of random length (0 to 59 letters).
awk 'BEGIN { srand(7); for (i = 1; i <= 300000; i++) { n = int(rand() * 60);
	s = ""; for (j = 0; j < n; j++) s = s sprintf("%c", 97 + int(rand() * 26));
	printf "%06d %s\n", i, s } }' >log.txt
lines=$(wc -l <log.txt)
[ "$lines" = 300000 ] || fail "log.txt has $lines lines"

# --- a. Go to line N. ---------------------------------------------------
for n in 123457 1 300000; do
	want=$(sed -n "${n}p" log.txt)
	off=$(head -n $((n - 1)) log.txt | wc -c)
	gutter=$(printf '%6d' "$n")
	vtrun 24 100 "$MMHEX" --text -N log.txt <<SCRIPT
waitrow 0      1 000001
send :
waitrow -1 goto line or offset:
send $n<Enter>
waitrow -2  line $n  $(printf '0x%x (%d)' "$off" "$off")
wait $gutter $want
send q
exit 0
SCRIPT
	pass "a. line $n: the row shows what sed -n ${n}p prints, at offset $off"
done
vtrun 24 100 "$MMHEX" --text log.txt <<'SCRIPT'
waitrow 0 000001
send :300001<Enter>
waitrow -1 line 300001 is past the end: the file has 300000 lines
waitrow -2  line 300000
wait 300000
send :1,000<Enter>
waitrow -2  line 1000
send q
exit 0
SCRIPT
pass "a. a line past the end is refused with the count; 1,000 is line 1000"

# Offsets work as in the hex view: end, 50%, 0x hex.
size=$(wc -c <log.txt)
half=$(( (size - 1) / 2 ))
half_line=$(( $(head -c "$half" log.txt | wc -l) + 1 ))
# Which line 0x10 is on depends on awk's rand() (mawk and gawk differ).
line16=$(( $(head -c 16 log.txt | wc -l) + 1 ))
vtrun 24 100 "$MMHEX" --text log.txt <<SCRIPT
waitrow 0 000001
send :end<Enter>
waitrow -2  line 300000  $(printf '0x%x (%d)' $((size - 1)) $((size - 1)))
send :50%<Enter>
waitrow -2  line $half_line  $(printf '0x%x (%d)' "$half" "$half")
send :0x10<Enter>
waitrow -2  line $line16  0x10 (16)
send q
exit 0
SCRIPT
pass "a. in the text view :end, :50% and :0x10 go to offsets as in the hex view"

# --- b. Switching views keeps the byte. -----------------------------------
off=4660
line=$(( $(head -c $off log.txt | wc -l) + 1 ))
vtrun 24 100 "$MMHEX" log.txt <<SCRIPT
waitrow -2  0x0 (0)
send :0x1234<Enter>
waitrow -2  0x1234 (4660)
send v
waitrow -2  line $line  0x1234 (4660)
send j
waitrowre -2  line $((line + 1))  0x
send k
waitrow -2  line $line  0x1234 (4660)
send v
waitrow -2 [read-only] live  0x1234 (4660)
expectrownot -2 line
send q
exit 0
SCRIPT
pass "b. hex -> text -> hex keeps offset 4660, on line $line (down and up" \
    "keep the column)"

# --- c. Follow mode on a growing log. -------------------------------------
head -n 50 log.txt >grow.txt
vtrun 24 80 "$MMHEX" --text grow.txt <<'SCRIPT'
waitrow 0 000001
send T
waitrow -2 follow
wait 000050
sh printf 'appended line one\nappended line two\n' >>grow.txt
wait appended line two
expectrow -2 follow
sh printf 'appended line three\n' >>grow.txt
wait appended line three
waitrow -2  line 53
send k
waitrow -1 follow mode off
waitrow -2  line 52
expectrownot -2 follow
send q
exit 0
SCRIPT
pass "c. follow mode in the text view shows appended lines; k leaves it" \
    "and moves up"

# --- d. Find in the text view. -------------------------------------------
needle=$(sed -n 200000p log.txt | cut -c1-20)
at=$(grep -b -o -a -F "$needle" log.txt | head -n 1 | cut -d: -f1)
vtrun 24 100 "$MMHEX" --text log.txt <<SCRIPT
waitrow 0 000001
send /$needle<Enter>
waitrow -2 $(printf '0x%x (%d)' "$at" "$at")
wait $needle
send q
exit 0
SCRIPT
pass "d. find in the text view lands on grep -b's offset $at"

# Matches on screen are highlighted (black on yellow: colour 3), as in
# the hex view; the cursor stands on the first.
printf 'one needle two needle\nneedle\n' >hl.txt
vtrun 24 80 "$MMHEX" --text hl.txt <<'SCRIPT'
waitrowis 0 one needle two needle
send /needle<Enter>
waitrow -2  0x4 (4)
expectcolour 0 5 3
expectcolour 0 9 3
expectnotcolour 0 10 3
expectcolour 0 15 3
expectcolour 1 0 3
send n
waitrow -2  0xf (15)
send q
exit 0
SCRIPT
pass "d. every match on screen highlighted in the text view; n goes on"

# --- e. Wrap on and off. -------------------------------------------------
{
	printf 'A%.0s' $(seq 80)
	printf 'B%.0s' $(seq 80)
	printf 'C%.0s' $(seq 40)
	printf '\nsecond line\n'
} >wide.txt
a80=$(printf 'A%.0s' $(seq 80))
b80=$(printf 'B%.0s' $(seq 80))
c40=$(printf 'C%.0s' $(seq 40))
vtrun 24 80 "$MMHEX" --text wide.txt <<SCRIPT
waitrowis 0 $a80
expectrowis 1 $b80
expectrowis 2 $c40
expectrowis 3 second line
send z
waitrow -1 wrap off
waitrowis 1 second line
expectrowis 0 $a80
send <End>
waitrow -2  0xc7 (199)
waitrowre 0 C+$
expectrownot 0 A
send <Home>
waitrow -2  0x0 (0)
waitrowis 0 $a80
send z
waitrow -1 wrap on
waitrowis 3 second line
send q
exit 0
SCRIPT
pass "e. wrap on: 200 characters on three rows; off: one row, End scrolls"

# --- k. A line longer than 64 KiB. -----------------------------------------
# 400000 bytes of 7-character words "w000001" .. so every place is unique.
awk 'BEGIN { for (i = 0; i < 400000 / 7; i++) printf "w%06d", i;
	printf "wxyzEND\nafter\n" }' >long.txt
llen=$(head -n 1 long.txt | tr -d '\n' | wc -c)
tail80=$(head -n 1 long.txt | tr -d "\n" | tail -c 80)
vtrun 24 80 "$MMHEX" --text --no-wrap long.txt <<SCRIPT
waitrowre 0 ^w000000w000001
expectrowis 1 after
send <End>
waitrow -2  $(printf '0x%x (%d)' $((llen - 1)) $((llen - 1)))
waitrowis 0 $tail80
expectrowis 1
send q
exit 0
SCRIPT
pass "k. wrap off: a $llen-byte line is one row; End shows its last bytes"
# The row holding 65536 with wrap on, as fold -w 80 cuts the line.
row=$(head -n 1 long.txt | fold -w 80 | sed -n "$((65536 / 80 + 1))p")
next=$(head -n 1 long.txt | fold -w 80 | sed -n "$((65536 / 80 + 2))p")
vtrun 24 80 "$MMHEX" --text long.txt <<SCRIPT
waitrowre 0 ^w000000
send :0x10000<Enter>
waitrow -2  0x10000 (65536)
wait $row
expect $next
send q
exit 0
SCRIPT
pass "k. wrap on: the rows run on across 64 KiB, as fold -w 80 cuts them"

# --- l. A line longer than a segment (1 MiB). ------------------------------
awk 'BEGIN { for (i = 0; i < 24000000 / 8; i++) printf "w%07d", i;
	printf "wxyzEND\nafter\n" }' >giant.txt
llen=$(head -n 1 giant.txt | tr -d '\n' | wc -c)
tail80=$(head -n 1 giant.txt | tr -d "\n" | tail -c 80)
vtrun 24 80 "$MMHEX" --text --no-wrap giant.txt <<SCRIPT
timeout 20000
waitrowre 0 ^w0000000w0000001
waitrowis 1 after
send <End>
waitrow -2  $(printf '0x%x (%d)' $((llen - 1)) $((llen - 1)))
waitrowis 0 $tail80
expectrowis 1
send <Home>
waitrowre 0 ^w0000000w0000001
expectrowis 1 after
send q
exit 0
SCRIPT
pass "l. wrap off: a $llen-byte line is one row; End shows its last bytes"
at=$(((21 << 20) + 100))
row=$(head -n 1 giant.txt | fold -w 80 | sed -n "$((at / 80 + 1))p")
next=$(head -n 1 giant.txt | fold -w 80 | sed -n "$((at / 80 + 2))p")
vtrun 24 80 "$MMHEX" --text giant.txt <<SCRIPT
timeout 20000
waitrowre 0 ^w0000000
send :$(printf '0x%x' $at)<Enter>
waitrow -2  $(printf '0x%x (%d)' $at $at)
wait $row
expect $next
send q
exit 0
SCRIPT
pass "l. wrap on: the row holding 21 MiB + 100 of a 24 MB line, as fold -w 80 cuts it"

# --- f. Escapes, tabs and UTF-8. -----------------------------------------
printf 'a\001b\377c\tX\x7f\r\nnext\n' >ctl.txt
vtrun 24 80 "$MMHEX" --text ctl.txt <<'SCRIPT'
waitrowis 0 a^Ab<FF>c       X^?
expectrowis 1 next
send q
exit 0
SCRIPT
pass "f. ^A, <FF>, ^? as escapes, the tab to column 16, CRLF hides the \\r"

printf 'ascii \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e wide\n' >utf8.txt
LC_ALL=C.UTF-8 vtrun 24 80 "$MMHEX" --text utf8.txt <<'SCRIPT'
waitrow 0 ascii 日本語 wide
send $
waitrow -2  0x13 (19)
send q
exit 0
SCRIPT
pass "f. UTF-8: CJK characters decoded (C.UTF-8)"

# A combining mark stays in its base's cell; an emoji takes two columns:
# the last character, d, is at column 10.
printf 'cafe\xcc\x81 \xf0\x9f\x98\x80 end\n' >marks.txt
row=$(printf 'cafe\xcc\x81 \xf0\x9f\x98\x80 end')
LC_ALL=C.UTF-8 vtrun 24 80 "$MMHEX" --text marks.txt <<SCRIPT
waitrowis 0 $row
send \$
waitrow -2  0xe (14)
waitcursor 0 10
send q
exit 0
SCRIPT
pass "f. UTF-8: a combining mark on its base, an emoji two columns wide"

# --- g. Live refresh in the text view. -----------------------------------
if [ -n "${SHM_WRITER:-}" ]; then
	printf 'hello world\nsecond\n' >live.txt
	vtrun 24 80 "$MMHEX" --text live.txt <<'SCRIPT'
waitrowis 0 hello world
sh "$SHM_WRITER" --set live.txt 0 4a
waitrowis 0 Jello world
waitrow -2 changed
expectcolour 0 0 5
expectnotcolour 0 1 5
send q
exit 0
SCRIPT
	pass "g. a store through another mapping shows in the text view"
else
	skip "g. live refresh: SHM_WRITER is not set"
fi

# --- h. Shrink and growth under the text view. ---------------------------
seq 1 100000 | sed 's/^/row /' >tr.txt
vtrun 24 80 "$MMHEX" --text -N tr.txt <<'SCRIPT'
waitrow 0      1 row 1
send :90000<Enter>
wait  90000 row 90000
sh truncate -s 1000 tr.txt
waitrow -1 file shrank to 1000 bytes
waitrow -2  line 139  0x3e7 (999)  of 1000
expectrow 0    118 row 118
expectrow 21    139 row
send :500<Enter>
waitrow -1 line 500 is past the end: the file has 139 lines
sh seq 1 200 | sed 's/^/new /' >>tr.txt
waitrow -1 file grew to 2492 bytes
send :300<Enter>
waitrow -2  line 300
wait    300 new 162
send q
exit 0
SCRIPT
pass "h. shrink under the text view: full screen to the new end, 139" \
    "lines; growth: line 300 reachable"

# --- i. An in-place change above the screen renumbers the lines. ---------
# The watch compares only the visible bytes; the new mtime (same size) is
# what tells mmhex that line numbers may have moved.
cp log.txt stale.txt
at=$(($(head -n 4 stale.txt | wc -c) + 6))	# the blank after "000005"
rest=$(sed -n 5p stale.txt | cut -c 8-)
vtrun 24 100 "$MMHEX" --text -N stale.txt <<SCRIPT
waitrow 0      1 000001
send :250000<Enter>
waitrow -2  line 250000
wait 250000 250000
sh printf '\\n' | dd of=stale.txt bs=1 seek=$at conv=notrunc 2>/dev/null
waitrow -2  line 250001
wait 250001 250000
expectnot 250000 250000
send :6<Enter>
waitrow -2  line 6
wait      5 000005
wait      6 $rest
send q
exit 0
SCRIPT
[ "$(wc -l <stale.txt)" = 300001 ] || fail "i. dd did not add a line"
pass "i. a newline written into line 5 while line 250000 is shown: it is" \
    "numbered 250001 on the next tick"

# --- j. Go-to-line progress and Esc on a big file; holes skipped. -------
# 64 GiB of holes before three lines.  With SEEK_DATA / SEEK_HOLE failing
# (tests/faultinject.c, as on a filesystem that cannot tell holes) the
# index reads every byte, which takes minutes here, so the progress
# message is on screen long enough to see and to cancel.  Where holes can
# be told, it skips them and lands on line 2 at once.
slow=(env LD_PRELOAD="$FAULTINJECT" MMHEX_FAULT=lseek:EINVAL
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
if [ ! -f "$FAULTINJECT" ]; then
	skip "j. goto-line progress: no fault-injection shim"
elif truncate -s 64G huge.txt 2>/dev/null; then
	printf 'first\nsecond\nthird\n' >>huge.txt
	vtrun 24 100 "${slow[@]}" "$MMHEX" -c --text huge.txt <<'SCRIPT'
waitrow -2  0x0 (0)  of 68719476755
send :2<Enter>
waitrowre -1 ^line 2: indexing, [0-9]+% read, 0 lines so far \(Esc cancels\)
send <Esc>
waitrow -1 goto cancelled
expectrow -2  0x0 (0)
send G
waitrow -2  0x1000000012 (68719476754)  of 68719476755  100%
expect third
send q
exit 0
SCRIPT
	pass "j. goto line on a 64 GiB file, holes untold: progress shown," \
	    "Esc cancels, the cursor stays, G reaches the end"
	vtrun 24 100 "$MMHEX" -c -N --text huge.txt <<'SCRIPT'
waitrow -2  0x0 (0)  of 68719476755
timeout 5000
send :3<Enter>
waitrow -2 line 3 
expectre ^ +3 third$
send q
exit 0
SCRIPT
	pass "j. goto line 3 on a 64 GiB sparse file (-c too): the holes" \
	    "are skipped, line 3 shown within 5 s"
else
	skip "j. goto-line progress: no sparse file here"
fi
