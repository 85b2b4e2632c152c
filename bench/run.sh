#!/usr/bin/env bash
# mmhex benchmarks against its peers (hexedit, tweak, bvi), against xxd, its
# find against ripgrep and grep, its live view of files that other
# processes change (latency and the cost of watching), and its text view
# against less on a 1 GB log.
#
#   bench/run.sh [MMHEX]
#
# See bench/README.md for what is measured and how.  Everything is measured
# in this one run, on this machine, interleaved, and reported as medians and
# ratios.  Not part of `make check`.
#
# Environment:
#   MMHEX       mmhex binary (default: the first argument, else ./mmhex at the
#               top of the source tree, built if missing)
#   BENCH_DIR   where the scratch directory is made (default /tmp); it needs
#               about 5 GB free and is removed at the end
#   ONLY        the sections to run, comma-separated: viewers, dump, save, find,
#               live, text (default all six), e.g. ONLY=save bench/run.sh
#   REPS        runs per viewer and file, rounds of the text section (default 7)
#   DUMP_REPS   runs per dump command and output (default 3)
#   SAVE_REPS   runs per editor and file in the save section (default 15)
#   QUIET_MS    how long the screen must stay still to count as drawn (100)
#   TIMEOUT     seconds before a viewer run is given up (60)
#   FIND_REPS   rounds of the find section (default 7)
#   FIND_PEER_REPS  rounds in which hexedit and tweak search the whole 2 GiB
#               file (default 3; each such search takes several seconds)
#   FIND_TIMEOUT  seconds before a find run in the TUI is given up (120)
#   FIND_SHM    a tmpfs directory for the tmpfs copy of the 2 GiB file
#               (default /dev/shm; empty: no tmpfs runs)
#   LIVE_CHANGES  changes timed in the live section, per tick (default 300)
#   LIVE_WATCH  the ticks of the live latency runs, blank-separated: "default"
#               (no --watch: 100 ms) or N for --watch N (default "default 20")
#   LIVE_CPU_S  seconds of idle watching whose CPU time is measured (10)
#   LIVE_STRACE_S  seconds of strace -c afterwards, when strace is there (10;
#               0: none)
#   TEXT_LINES  lines of the text section's log (default 10200000, about
#               1.08 GB; at least 10000001: the section goes to line 10000000)
#   TEXT_TIMEOUT  seconds before a text run is given up (120; less needs
#               seconds to count ten million lines)
#   KEEP=1      keep the scratch directory (raw results in raw.log)
#   NO_INSTALL=1  never call apt-get

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MMHEX=${1:-${MMHEX:-$REPO/mmhex}}
REPS=${REPS:-7}
DUMP_REPS=${DUMP_REPS:-3}
SAVE_REPS=${SAVE_REPS:-15}
QUIET_MS=${QUIET_MS:-100}
TIMEOUT=${TIMEOUT:-60}
ROWS=24
COLS=80

if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
    export LC_ALL=C.UTF-8
else
    export LC_ALL=C
fi

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# ONLY=save (or viewers,dump ...) runs a subset of the sections.
ONLY=${ONLY:-viewers,dump,save,find,live,text}
declare -A SECTION=()
for s in ${ONLY//,/ }; do
    case $s in
        viewers|dump|save|find|live|text) SECTION[$s]=1 ;;
        *) die "ONLY: unknown section '$s' (known: viewers, dump, save, find, live, text)" ;;
    esac
done
[ ${#SECTION[@]} -gt 0 ] || die "ONLY names no section (known: viewers, dump, save, find, live, text)"
section() { [ -n "${SECTION[$1]:-}" ]; }
SECTIONS="${!SECTION[*]}"

SCRIPT_START=$EPOCHREALTIME
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')

# ---- tools -------------------------------------------------------------------

# The live section compares mmhex with itself only: no peers, no xxd.  The
# text section needs less only.
with_peers=0
if section viewers || section dump || section save || section find; then with_peers=1; fi
need_pkgs=()
if [ "$with_peers" = 1 ]; then
    for t in hexedit tweak bvi xxd; do
        command -v "$t" >/dev/null 2>&1 || need_pkgs+=("$t")
    done
fi
if section find; then
    command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
fi
if section text; then
    command -v less >/dev/null 2>&1 || need_pkgs+=(less)
fi
command -v cc >/dev/null 2>&1 || need_pkgs+=(gcc libc6-dev)
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
pkg-config --exists vterm 2>/dev/null || need_pkgs+=(libvterm-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "${NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1 &&
       [ "$(id -u)" = 0 ]; then
        say "installing ${need_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq "${need_pkgs[@]}" >&2 ||
            say "apt-get install failed; going on with what is there"
    else
        say "missing: ${need_pkgs[*]} (not root, no apt-get, or NO_INSTALL=1)"
    fi
fi
command -v cc >/dev/null 2>&1 || die "no C compiler"
pkg-config --exists vterm 2>/dev/null || die "libvterm is needed (Debian: libvterm-dev)"
if [ "$with_peers" = 1 ]; then
    command -v xxd >/dev/null 2>&1 || die "xxd is needed"
fi
if section text; then
    command -v less >/dev/null 2>&1 || die "less is needed for the text section (Debian: less)"
fi

# ---- scratch directory -------------------------------------------------------

mkdir -p "${BENCH_DIR:-/tmp}"
WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/mmhex-bench.XXXXXX")
SHM_DIR=   # the tmpfs copy of the find section, removed even with KEEP=1
cleanup() {
    if [ -n "$SHM_DIR" ]; then rm -rf -- "$SHM_DIR"; fi
    if [ "${KEEP:-0}" = 1 ]; then
        say "kept $WORK"
    else
        rm -rf -- "$WORK"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir "$WORK/home"   # an empty HOME: no ~/.tweakrc, ~/.bvirc
RAW=$WORK/raw.log
: >"$RAW"

avail=$(df -P -k "$WORK" | awk 'NR == 2 { print $4 }')
if section viewers || section dump; then
    need_kb=$((5 * 1024 * 1024))
elif section find; then
    need_kb=$((2200 * 1024))
else
    need_kb=$((64 * 1024))
fi
if section text; then
    need_kb=$((need_kb + 1200 * 1024))   # the 1 GB log
fi
if [ "$avail" -lt "$need_kb" ]; then
    die "$WORK has $((avail / 1024)) MB free; about $((need_kb / 1024)) MB are needed (set BENCH_DIR)"
fi

# ---- mmhex -------------------------------------------------------------------

if [ ! -x "$MMHEX" ]; then
    if [ "$MMHEX" != "$REPO/mmhex" ]; then
        die "$MMHEX: no such executable"
    elif [ -f "$REPO/Makefile" ]; then
        say "building mmhex in $REPO"
        make -C "$REPO" -j"$(nproc)" mmhex >&2
    elif [ -x "$REPO/configure" ]; then
        say "building mmhex in $WORK/build"
        mkdir "$WORK/build"
        (cd "$WORK/build" && "$REPO/configure" -q && make -j"$(nproc)" mmhex) >&2
        MMHEX=$WORK/build/mmhex
    else
        die "no mmhex and no configure: run ./bootstrap && ./configure && make first"
    fi
fi
MMHEX=$(cd "$(dirname "$MMHEX")" && pwd)/$(basename "$MMHEX")
[ -x "$MMHEX" ] || die "$MMHEX was not built"

# ---- the pty helper ----------------------------------------------------------

# shellcheck disable=SC2046
cc -std=c11 -O2 -o "$WORK/ptybench" "$REPO/bench/ptybench.c" \
    $(pkg-config --cflags --libs vterm) -lutil >&2
PTYBENCH=$WORK/ptybench
if section live; then
    # shellcheck disable=SC2046
    cc -std=c11 -O2 -o "$WORK/livebench" "$REPO/bench/livebench.c" \
        $(pkg-config --cflags --libs vterm) -lutil >&2
fi
LIVEBENCH=$WORK/livebench

# ---- test files --------------------------------------------------------------

SPARSE=$WORK/sparse64g.bin
RANDOM2G=$WORK/random2g.bin
RANDOM256=$WORK/random256m.bin
SPARSE_SIZE=$((64 << 30))
RANDOM2G_SIZE=$((2 << 30))

SAVE64G=$WORK/save64g.bin
SAVE64K=$WORK/save64k.bin
SAVE64K_SIZE=$((64 << 10))

say "making test files in $WORK"
if section viewers; then
    truncate -s "$SPARSE_SIZE" "$SPARSE"
    for off in 0 4096 $((1 << 30)) $((5 << 30)) $((1 << 35)) $((SPARSE_SIZE - 16)); do
        printf 'mmhex-bench\001\002\003\004' |
            dd of="$SPARSE" bs=1 seek="$off" conv=notrunc status=none
    done
    sparse_kb=$(du -k "$SPARSE" | cut -f1)
else
    sparse_kb=0
fi
# Put a file in the page cache the way reading it does, and print how much
# of it (KB) the cache then holds in 2 MiB folios.  A file just written stays
# cached in the pieces it was written in: 4 KiB pages for head's small writes.
# Read back from disk it comes in the large folios (up to 2 MiB) that
# readahead makes where the kernel and filesystem support them (ext4 since
# Linux 6.16), as does any file a user opens that was not written a moment
# ago.  Mapping a 2 MiB folio costs one page-table entry, not 512, and that
# is most of the cost of scanning a mapped file; every tool reads the same
# cached file.  The tmpfs copy of the find section keeps 4 KiB pages.
warm_as_read() {
    local before after
    sync -- "$1" 2>/dev/null || sync
    dd if="$1" iflag=nocache count=0 status=none 2>/dev/null || true
    before=$(awk '/^FileHugePages:/ { print $2 }' /proc/meminfo)
    cat -- "$1" >/dev/null
    after=$(awk '/^FileHugePages:/ { print $2 }' /proc/meminfo)
    echo $(( ${after:-0} - ${before:-0} ))
}

if section viewers || section find; then
    head -c "$RANDOM2G_SIZE" /dev/urandom >"$RANDOM2G"
    warm_as_read "$RANDOM2G" >/dev/null   # everyone starts from a warm cache
fi
if section dump; then
    head -c $((256 << 20)) /dev/urandom >"$RANDOM256"
    cat "$RANDOM256" >/dev/null
fi
if section save; then
    # The patch goes in the middle of each file (32 GiB, 32 KiB), onto a block
    # that holds data in both, so that the only difference is the file's size.
    truncate -s "$SPARSE_SIZE" "$SAVE64G"
    for off in 0 $((1 << 35)) $((SPARSE_SIZE - 16)); do
        printf 'mmhex-bench\001\002\003\004' |
            dd of="$SAVE64G" bs=1 seek="$off" conv=notrunc status=none
    done
    head -c "$SAVE64K_SIZE" /dev/urandom >"$SAVE64K"
    sync -f "$WORK" 2>/dev/null || sync
    cat "$SAVE64K" >/dev/null
    xxd -s $((1 << 35)) -l 16 "$SAVE64G" >/dev/null
    save_kb_before=$(du -k "$SAVE64G" | cut -f1)
fi

# ---- viewers -----------------------------------------------------------------

TOOLS=(mmhex)
for t in hexedit tweak bvi; do
    if command -v "$t" >/dev/null 2>&1; then TOOLS+=("$t"); fi
done
FILES=(sparse64g random2g)

# Ten offsets spread over the file, aligned to 4 KiB so that every viewer
# (16 bytes a row at 80 columns) starts a row there.
offsets() {
    local size=$1 i
    for i in 0 1 2 3 4 5 6 7 8 9; do
        echo $((size * (2 * i + 1) / 20 / 4096 * 4096))
    done
}

# ptybench arguments for one viewer on one file.
viewer_args() {
    local tool=$1 file=$2 size=$3 off hex
    local -a a=(-r "$ROWS" -c "$COLS" -q "$QUIET_MS" -t "$TIMEOUT" -m @150)
    # First full screen: 22 rows of data (the fewest any of them shows at 24
    # lines, the last one at 0x150) and the tool's status line.
    case $tool in
        mmhex)   a+=(-m '[read-only]') ;;
        hexedit) a+=(-m '--0x0/') ;;
        tweak)   a+=(-m 'TWEAK:') ;;
        bvi)     a+=(-f 'Hit return to continue') ;;  # its status line varies
    esac
    for off in $(offsets "$size"); do
        hex=$(printf '%X' "$off")
        case $tool in
            mmhex)   a+=(-g ":\\w0x$hex\\r" "@$hex") ;;
            hexedit) a+=(-g "\\r\\w$hex\\r" "@$hex") ;;       # Return: "New position ?" (hex)
            tweak)   a+=(-g "\\x18g\\w0x$hex\\r" "@$hex") ;;  # ^X g: "Go to position:"
            bvi)     a+=(-g "${off}G" "@$hex") ;;             # nG, n decimal
        esac
    done
    case $tool in
        mmhex)   a+=(-x q) ;;
        hexedit) a+=(-x '\x03') ;;         # ^C: quit without saving
        tweak)   a+=(-x '\x18\x03') ;;     # ^X ^C
        bvi)     a+=(-x ':q!\r') ;;
    esac
    case $tool in
        mmhex) a+=(-- "$MMHEX" -r "$file") ;;
        *)     a+=(-- "$tool" "$file") ;;
    esac
    printf '%s\0' "${a[@]}"
}

declare -A SIZE PATHOF
SIZE[sparse64g]=$SPARSE_SIZE;   PATHOF[sparse64g]=$SPARSE
SIZE[random2g]=$RANDOM2G_SIZE;  PATHOF[random2g]=$RANDOM2G

overcommit=$(cat /proc/sys/vm/overcommit_memory 2>/dev/null || echo 0)
memavail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
ramswap_kb=$(awk '/^(MemTotal|SwapTotal):/ { s += $2 } END { print s }' /proc/meminfo)

# bvi reads the whole file into memory.  Run it only where that fits easily,
# or where the allocation is sure to be refused at once (so that its failure
# is reported rather than the OOM killer let loose on the machine).
bvi_runs_on() {
    local kb=$(($1 / 1024))
    [ "$kb" -le $((memavail_kb / 2)) ] && return 0
    [ "$overcommit" = 2 ] && return 0
    [ "$overcommit" = 0 ] && [ "$kb" -gt "$ramswap_kb" ] && return 0
    return 1
}

# One record per run in $RAW:  RUN <rep> <tool> <file> <key> <value...>
run_viewer() {
    local rep=$1 tool=$2 fkey=$3 line
    local file=${PATHOF[$fkey]} size=${SIZE[$fkey]}
    if [ "$tool" = bvi ] && ! bvi_runs_on "$size"; then
        echo "RUN $rep $tool $fkey status skipped (file too large for memory)" >>"$RAW"
        return
    fi
    local -a args
    # The name relative to $WORK: the same short name for every viewer.  (bvi
    # shows a long name's load errors in a "[Hit return to continue]" prompt.)
    mapfile -d '' args < <(viewer_args "$tool" "${file##*/}" "$size")
    while IFS= read -r line; do
        echo "RUN $rep $tool $fkey $line" >>"$RAW"
    done < <(cd "$WORK" && env -u BVIINIT HOME="$WORK/home" \
                 "$PTYBENCH" "${args[@]}" 2>>"$WORK/screens.log" || true)
}

if section viewers; then
    say "viewers: ${TOOLS[*]}; $REPS rounds, interleaved"
    ntools=${#TOOLS[@]}
    for ((rep = 1; rep <= REPS; rep++)); do
        for fkey in "${FILES[@]}"; do
            for ((k = 0; k < ntools; k++)); do   # rotate the order every round
                tool=${TOOLS[$(((k + rep - 1) % ntools))]}
                run_viewer "$rep" "$tool" "$fkey"
            done
        done
        say "round $rep/$REPS done"
    done
fi

# ---- --dump against xxd ------------------------------------------------------

# One record per run in $RAW:  DUMP <cmd> <sink> <seconds> <exit status>
time_dump() {
    local cmd=$1 sink=$2 out t0 t1 rc=0
    if [ "$sink" = file ]; then
        out=$WORK/dump.$cmd
        rm -f -- "$out"
        sync -f "$WORK" 2>/dev/null || sync   # no writeback of the last run in this one
    else
        out=/dev/null
    fi
    t0=$EPOCHREALTIME
    if [ "$cmd" = mmhex ]; then
        "$MMHEX" --dump "$RANDOM256" >"$out" || rc=$?
    else
        xxd "$RANDOM256" >"$out" || rc=$?
    fi
    t1=$EPOCHREALTIME
    echo "DUMP $cmd $sink $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $rc" >>"$RAW"
}

identical=-
dump_bytes=0
if section dump; then
    say "dump: mmhex --dump vs xxd on 256 MiB, $DUMP_REPS rounds"
    for ((rep = 1; rep <= DUMP_REPS; rep++)); do
        for sink in file null; do
            if ((rep % 2)); then
                time_dump mmhex "$sink"; time_dump xxd "$sink"
            else
                time_dump xxd "$sink"; time_dump mmhex "$sink"
            fi
        done
    done
    if cmp -s "$WORK/dump.mmhex" "$WORK/dump.xxd"; then identical=yes; else identical=NO; fi
    dump_bytes=$(stat -c %s "$WORK/dump.xxd")
    rm -f -- "$WORK/dump.mmhex" "$WORK/dump.xxd"
fi

# ---- save a one-byte patch ---------------------------------------------------

SAVE_TOOLS=(mmhex)
if command -v hexedit >/dev/null 2>&1; then SAVE_TOOLS+=(hexedit); fi
SAVE_FILES=(save64g save64k)
declare -A SAVE_OFF
SIZE[save64g]=$SPARSE_SIZE;    PATHOF[save64g]=$SAVE64G;  SAVE_OFF[save64g]=$((1 << 35))
SIZE[save64k]=$SAVE64K_SIZE;   PATHOF[save64k]=$SAVE64K;  SAVE_OFF[save64k]=$((1 << 15))

# ptybench arguments for one editor: open FILE for writing, go to OFF, type
# the byte NEW (two hex digits), wait for the edit to show, then the timed
# step: the save key, until the confirmation is on screen.
save_args() {
    local tool=$1 name=$2 off=$3 new=$4 hex
    hex=$(printf '%X' "$off")
    local -a a=(-r "$ROWS" -c "$COLS" -q "$QUIET_MS" -t "$TIMEOUT")
    case $tool in
        mmhex)
            a+=(-m '[write]' -g ":\\w0x$hex\\r" "@$hex" -g "$new" '1 unsaved'
                -k w 'saved 1 edit' -x q -- "$MMHEX" -w "$name") ;;
        hexedit)
            # No message after a save: the modeline goes from "-**" (modified)
            # back to "---".  ^W is its save key (F2 too); ^C quits.
            a+=(-m '--0x0/' -g "\\r\\w$hex\\r" "@$hex" -g "$new" "-**  $name"
                -k '\x17' "---  $name" -x '\x03' -- hexedit "$name") ;;
    esac
    printf '%s\0' "${a[@]}"
}

# One record per run in $RAW:  SAVE <rep> <tool> <file> <key> <value...>
run_save() {
    local rep=$1 tool=$2 fkey=$3 line old new got size
    local file=${PATHOF[$fkey]} off=${SAVE_OFF[$fkey]}
    local rec="SAVE $rep $tool $fkey"
    old=$(xxd -s "$off" -l 1 -p "$file")
    new=$(printf '%02x' $(((0x$old + 0x3b) & 0xff)))   # never the byte already there
    local -a args
    mapfile -d '' args < <(save_args "$tool" "${file##*/}" "$off" "$new")
    sync -f "$WORK" 2>/dev/null || sync   # no run pays for another's writeback
    while IFS= read -r line; do
        echo "$rec $line" >>"$RAW"
    done < <(cd "$WORK" && HOME="$WORK/home" "$PTYBENCH" "${args[@]}" 2>>"$WORK/screens.log" || true)
    got=$(xxd -s "$off" -l 1 -p "$file")
    size=$(stat -c %s "$file")
    {
        if [ "$got" = "$new" ]; then echo "$rec disk ok $old $new $got"; else echo "$rec disk BAD $old $new $got"; fi
        if [ "$size" = "${SIZE[$fkey]}" ]; then echo "$rec size ok $size"; else echo "$rec size BAD $size"; fi
        echo "$rec du_kb $(du -k "$file" | cut -f1)"
    } >>"$RAW"
}

save_kb_after=0
if section save; then
    say "save: ${SAVE_TOOLS[*]}; one-byte patch at 32 GiB of 64 GiB and at 32 KiB of 64 KiB; $SAVE_REPS rounds"
    nst=${#SAVE_TOOLS[@]}
    for ((rep = 1; rep <= SAVE_REPS; rep++)); do
        if ((rep % 2)); then order=(save64g save64k); else order=(save64k save64g); fi
        for fkey in "${order[@]}"; do
            for ((k = 0; k < nst; k++)); do
                tool=${SAVE_TOOLS[$(((k + rep - 1) % nst))]}
                run_save "$rep" "$tool" "$fkey"
            done
        done
    done
    save_kb_after=$(du -k "$SAVE64G" | cut -f1)
fi

# ---- find --------------------------------------------------------------------

FIND_REPS=${FIND_REPS:-7}
FIND_PEER_REPS=${FIND_PEER_REPS:-3}
FIND_TIMEOUT=${FIND_TIMEOUT:-120}
FIND_SHM=${FIND_SHM-/dev/shm}

# Needles planted in random2g.bin, 16 bytes each.  A decoy is its needle with
# another last byte, earlier in the file: typing the needle key by key in
# mmhex's incremental prompt stands on the decoy until the last key, which
# moves the cursor to the needle, so that last key can be timed.
NEEDLE_END=mmhexTailNeedleZ;  DECOY_END=mmhexTailNeedleY
NEEDLE_NEXT=mmhexNextNeedleZ
NEEDLE_NEAR=mmhexNearNeedleZ; DECOY_NEAR=mmhexNearNeedleY
OFF_END=$((RANDOM2G_SIZE - 16));  OFF_DECOY_END=$((0x1000))
OFF_NEXT1=$((0x100));             OFF_NEXT2=$((RANDOM2G_SIZE - 64))
OFF_NEAR=$((0x2000100));          OFF_DECOY_NEAR=$((0x2000))

FIND_CMDS=(mmhex rg rg-no-mmap grep)
FIND_PLACES=(disk)
FIND_TOOLS=(mmhex)
for t in hexedit tweak; do
    if command -v "$t" >/dev/null 2>&1; then FIND_TOOLS+=("$t"); fi
done
FIND_CASES=(end next near)   # and shm, when there is a tmpfs copy
shm_note=
shm_fs=

plant() {   # plant TEXT OFFSET
    printf '%s' "$1" | dd of="$RANDOM2G" bs=1 seek="$2" conv=notrunc status=none
}

# One record per run in $RAW:  FCLI <rep> <place> <cmd> <seconds> <exit status> <offsets>
# (offsets: what the command printed, reduced to the decimal offsets, comma-separated)
time_find() {
    local rep=$1 place=$2 file=$3 cmd=$4 out=$WORK/find.out t0 t1 rc=0 got
    t0=$EPOCHREALTIME
    case $cmd in
        mmhex)      "$MMHEX" --find "$NEEDLE_END" "$file" >"$out" || rc=$? ;;
        rg)         rg --no-config -a -F -b -o "$NEEDLE_END" "$file" >"$out" || rc=$? ;;
        rg-no-mmap) rg --no-config --no-mmap -a -F -b -o "$NEEDLE_END" "$file" >"$out" || rc=$? ;;
        grep)       grep -a -F -b -o "$NEEDLE_END" "$file" >"$out" || rc=$? ;;
    esac
    t1=$EPOCHREALTIME
    got=$(cut -d: -f1 "$out" | paste -sd, -)
    echo "FCLI $rep $place $cmd $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }') $rc ${got:-none}" >>"$RAW"
}

# mmhex's status line with the cursor at OFF: "0xHEX (DEC)".
mmhex_at() { printf '0x%x (%d)' "$1" "$1"; }

# KEYS typed one at a time: each waits until the screen has been quiet 30 ms.
one_by_one() {
    local s=$1 out='' i
    for ((i = 0; i < ${#s}; i++)); do out+="${s:i:1}\\w"; done
    printf '%s' "${out%\\w}"
}

# ptybench arguments for one find run in the TUI.  The timed step (-k) is the
# key that makes the tool search for the last time: mmhex, incremental, the
# needle's last byte (or n); hexedit and tweak, Enter.
find_tui_args() {
    local tool=$1 case=$2 needle off doff file=random2g.bin
    case $case in
        end)  needle=$NEEDLE_END;  off=$OFF_END;  doff=$OFF_DECOY_END ;;
        shm)  needle=$NEEDLE_END;  off=$OFF_END;  doff=$OFF_DECOY_END
              file=$SHM_DIR/random2g.bin ;;
        near) needle=$NEEDLE_NEAR; off=$OFF_NEAR; doff=$OFF_DECOY_NEAR ;;
        next) needle=$NEEDLE_NEXT; off=$OFF_NEXT2 ;;
    esac
    local -a a=(-r "$ROWS" -c "$COLS" -q "$QUIET_MS" -t "$FIND_TIMEOUT")
    case $tool in
        mmhex)
            a+=(-m '[read-only]' -g / '/text (C-t kind): ')
            if [ "$case" = next ]; then
                a+=(-g "$needle" "$(mmhex_at "$OFF_NEXT1")" -g '\r' "$(mmhex_at "$OFF_NEXT1")"
                    -k n "$(mmhex_at "$off")" -x q)
            else
                a+=(-g "$(one_by_one "${needle%?}")" "$(mmhex_at "$doff")"
                    -k "${needle: -1}" "$(mmhex_at "$off")" -x '\r\wq')
            fi
            a+=(-- "$MMHEX" -r "$file") ;;
        hexedit)
            # Tab: to the ASCII column, where / asks for text ("Ascii string
            # to search"); / again offers the last string, Enter finds the next.
            a+=(-m '--0x0/' -g '\t\w/' 'Ascii string to search' -g "$needle" "search: $needle")
            if [ "$case" = next ]; then
                a+=(-g '\r' "--0x$(printf %X "$OFF_NEXT1")/" -g / "search: $needle")
            fi
            a+=(-k '\r' "--0x$(printf %X "$off")/" -x '\x03' -- hexedit "$file") ;;
        tweak)
            # ^S: "Search forward: "; ^S again: "(default=last)", Enter finds the next.
            a+=(-m 'TWEAK:' -g '\x13' 'Search forward: ' -g "$needle" "forward: $needle")
            if [ "$case" = next ]; then
                a+=(-g '\r' "posn=0x$(printf %X "$OFF_NEXT1") " -g '\x13' 'Search forward (default=last): ')
            fi
            a+=(-k '\r' "posn=0x$(printf %X "$off") " -x '\x18\x03' -- tweak "$file") ;;
    esac
    printf '%s\0' "${a[@]}"
}

# One record per run in $RAW:  FTUI <rep> <tool> <case> <key> <value...>
run_find_tui() {
    local rep=$1 tool=$2 case=$3 line
    local -a args
    mapfile -d '' args < <(find_tui_args "$tool" "$case")
    while IFS= read -r line; do
        echo "FTUI $rep $tool $case $line" >>"$RAW"
    done < <(cd "$WORK" && HOME="$WORK/home" "$PTYBENCH" "${args[@]}" 2>>"$WORK/screens.log" || true)
}

if section find; then
    plant "$NEEDLE_END" "$OFF_END";     plant "$DECOY_END" "$OFF_DECOY_END"
    plant "$NEEDLE_NEXT" "$OFF_NEXT1";  plant "$NEEDLE_NEXT" "$OFF_NEXT2"
    plant "$NEEDLE_NEAR" "$OFF_NEAR";   plant "$DECOY_NEAR" "$OFF_DECOY_NEAR"
    command -v rg >/dev/null 2>&1 || die "ripgrep (rg) is needed for the find section (Debian: ripgrep)"

    # A copy on tmpfs, where DESIGN.md expects the page-table cost of a mapping
    # to dominate.  It needs the room twice over: on the tmpfs, and in memory
    # besides the page cache that holds random2g.bin.
    if [ -z "$FIND_SHM" ]; then
        shm_note="FIND_SHM is empty"
    elif [ ! -d "$FIND_SHM" ] || [ ! -w "$FIND_SHM" ]; then
        shm_note="$FIND_SHM is not a writable directory"
    else
        shm_fs=$(stat -f -c %T "$FIND_SHM")
        shm_avail=$(df -P -k "$FIND_SHM" | awk 'NR == 2 { print $4 }')
        mem_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
        need=$((RANDOM2G_SIZE / 1024 + 256 * 1024))
        if [ "$shm_fs" != tmpfs ]; then
            shm_note="$FIND_SHM is $shm_fs, not tmpfs"
        elif [ "$shm_avail" -lt "$need" ] || [ "$mem_kb" -lt $((2 * need)) ]; then
            shm_note="$FIND_SHM has $((shm_avail / 1024)) MB free and the machine $((mem_kb / 1024)) MB available; $((need / 1024)) and $((2 * need / 1024)) MB are needed"
        else
            SHM_DIR=$(mktemp -d "$FIND_SHM/mmhex-bench.XXXXXX")
            cp "$RANDOM2G" "$SHM_DIR/random2g.bin"
            FIND_PLACES+=(tmpfs)
            FIND_CASES+=(shm)
        fi
    fi
    # The needles made pages dirty: write them back, then cache the file as
    # a read does (see warm_as_read).
    find_folio_kb=$(warm_as_read "$RANDOM2G")

    say "find: ${FIND_CMDS[*]} on ${FIND_PLACES[*]}; ${FIND_TOOLS[*]} in the TUI; $FIND_REPS rounds (peers on the whole file: $FIND_PEER_REPS)"
    ncmd=${#FIND_CMDS[@]}
    ntool=${#FIND_TOOLS[@]}
    for ((rep = 1; rep <= FIND_REPS; rep++)); do
        for place in "${FIND_PLACES[@]}"; do
            if [ "$place" = disk ]; then file=$RANDOM2G; else file=$SHM_DIR/random2g.bin; fi
            for ((k = 0; k < ncmd; k++)); do   # rotate the order every round
                time_find "$rep" "$place" "$file" "${FIND_CMDS[$(((k + rep - 1) % ncmd))]}"
            done
        done
        for case in "${FIND_CASES[@]}"; do
            for ((k = 0; k < ntool; k++)); do
                tool=${FIND_TOOLS[$(((k + rep - 1) % ntool))]}
                # hexedit and tweak take seconds over the whole file: fewer rounds
                if [ "$tool" != mmhex ] && [ "$case" != near ] && [ "$rep" -gt "$FIND_PEER_REPS" ]; then
                    continue
                fi
                run_find_tui "$rep" "$tool" "$case"
            done
        done
        say "find round $rep/$FIND_REPS done"
    done
    rm -f -- "$WORK/find.out"
    if [ -n "$SHM_DIR" ]; then rm -rf -- "$SHM_DIR"; SHM_DIR=; fi
fi

# ---- live: changes made by another process, and the cost of watching --------

LIVE_CHANGES=${LIVE_CHANGES:-300}
LIVE_WATCH=${LIVE_WATCH:-default 20}
LIVE_CPU_S=${LIVE_CPU_S:-10}
LIVE_STRACE_S=${LIVE_STRACE_S:-10}
LIVE4K=$WORK/live4k.bin
LIVE64G=$WORK/live64g.bin
live_strace=yes
command -v strace >/dev/null 2>&1 || live_strace=no
[ "$LIVE_STRACE_S" != 0 ] || live_strace=off

# livebench on FILE (in $WORK) with mmhex at tick LABEL, the --watch argument
# or "default" (none).  One record per run in $RAW:
#   LIVE <label> <key> <value...>   (latency)
#   LCPU <label> <key> <value...>   (cost of watching)
run_live() {
    local rec=$1 label=$2 file=$3 line
    shift 3
    local -a watch=()
    if [ "$label" != default ]; then watch=(--watch "$label"); fi
    while IFS= read -r line; do
        echo "$rec $label $line" >>"$RAW"
    done < <(cd "$WORK" && HOME="$WORK/home" "$LIVEBENCH" "$@" -f "$file" -- \
                 "$MMHEX" "${watch[@]}" "$file" 2>>"$WORK/screens.log" || true)
}

if section live; then
    head -c 4096 /dev/zero >"$LIVE4K"
    truncate -s 64G "$LIVE64G"
    for w in $LIVE_WATCH; do
        case $w in
            default) ;;
            *[!0-9]*|'') die "LIVE_WATCH: '$w' is neither default nor a number of ms" ;;
        esac
    done
    for w in $LIVE_WATCH; do
        say "live: latency of $LIVE_CHANGES changes to a 4 KiB file, watch tick: $w"
        run_live LIVE "$w" "${LIVE4K##*/}" -n "$LIVE_CHANGES"
    done
    strace_s=0
    if [ "$live_strace" = yes ]; then strace_s=$LIVE_STRACE_S; fi
    for w in default 0; do
        say "live: mmhex idle on the 64 GiB sparse file, watch tick: $w; $LIVE_CPU_S s (then strace: $strace_s s)"
        run_live LCPU "$w" "${LIVE64G##*/}" -C "$LIVE_CPU_S" -S "$strace_s"
    done
    live64g_kb=$(du -k "$LIVE64G" | cut -f1)
fi

# ---- text: mmhex's text view against less on a 1 GB log ----------------------

TEXT_LINES=${TEXT_LINES:-10200000}
TEXT_TIMEOUT=${TEXT_TIMEOUT:-120}
TEXT_GOTO=10000000
TEXTLOG=$WORK/text1g.log
TEXT_NAME=${TEXTLOG##*/}
# Two sets of runs, each interleaved on its own: the first screens, then
# the gotos.  In one rotation of all five, mmhex's first screen nearly
# always came right after a goto run of mmhex (a 1 GB scan, then an exit
# that unmaps it) and less's after mmhex's first screen: 2.8 ms against
# 1.8 ms for mmhex's first screen measured in a rotation of the two alone.
TEXT_FIRST_RUNS=(first:mmhex first:less)
TEXT_GOTO_RUNS=(goto:mmhex-N goto:less-N goto:mmhex)

# The log: TEXT_LINES lines of 92 to 124 bytes (105 on average), numbered from
# 1 in their first 8 columns, so that every line's text says which it is.
# Deterministic (a fixed xorshift seed): the same file on every run.
make_textlog() {
    cat >"$WORK/textgen.c" <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    static const char *level[8] = { "INFO", "INFO", "INFO", "DEBUG",
                                    "WARN", "INFO", "ERROR", "INFO" };
    static char buf[1 << 20];
    long n = argc > 1 ? atol(argv[1]) : 0;
    uint64_t s = 0x9e3779b97f4a7c15u;
    size_t used = 0;
    for (long i = 1; i <= n; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        uint32_t r = (uint32_t)(s >> 32), q = (uint32_t)s;
        long sec = i / 200;
        char query[48] = "";
        if ((r & 3) == 0)
            snprintf(query, sizeof query, "?page=%u&limit=%u", q % 97, 10u << (q >> 8 & 3));
        used += (size_t)snprintf(buf + used, sizeof buf - used,
            "%08ld 2026-11-22T%02ld:%02ld:%02ld.%06ld %s worker-%u request id=%x took %u ms"
            " path=/api/items/%u%s\n",
            i, sec / 3600 % 24, sec / 60 % 60, sec % 60, i * 4999 % 1000000,
            level[r >> 1 & 7], r >> 4 & 31, q >> (r >> 12 & 15),
            (r >> 16 & 0xff) * (r >> 24 & 0xf) + 1, q % 100000 >> (r >> 28), query);
        if (used > sizeof buf - 512) {
            if (fwrite(buf, 1, used, stdout) != used)
                return 1;
            used = 0;
        }
    }
    if (fwrite(buf, 1, used, stdout) != used || fflush(stdout) != 0)
        return 1;
    return 0;
}
EOF
    cc -std=c11 -O2 -o "$WORK/textgen" "$WORK/textgen.c" >&2
    "$WORK/textgen" "$TEXT_LINES" >"$TEXTLOG" || die "could not write $TEXTLOG"
}

# ptybench arguments for one text run: CASE (first: the first screen only;
# goto: then the timed jump to line TEXT_GOTO) and TOOL (mmhex, less; -N:
# with line numbers).  The first screen: line 1 and line 11 (every line
# takes two rows at 80 columns, so line 11 is the last whole line of
# mmhex's 22 text rows) and the tool's status line (mmhex: "line 1 ", less:
# the file's name in its first prompt).
text_args() {
    local case=$1 tool=$2
    local -a a=(-r "$ROWS" -c "$COLS" -q "$QUIET_MS" -t "$TEXT_TIMEOUT"
                -m "$TEXT_L1" -m "$TEXT_L11")
    case $tool in
        mmhex*) a+=(-m 'line 1 ') ;;
        less*)  a+=(-m "$TEXT_NAME") ;;
    esac
    if [ "$case" = goto ]; then
        case $tool in
            mmhex-N) a+=(-k ":$TEXT_GOTO\\r" "$TEXT_MARK_N") ;;
            mmhex)   a+=(-k ":$TEXT_GOTO\\r" "$TEXT_MARK") ;;
            less-N)  a+=(-k "${TEXT_GOTO}g" "$TEXT_MARK_N") ;;
        esac
    fi
    a+=(-x q --)
    case $tool in
        mmhex)   a+=("$MMHEX" --text "$TEXT_NAME") ;;
        mmhex-N) a+=("$MMHEX" --text -N "$TEXT_NAME") ;;
        less)    a+=(less "$TEXT_NAME") ;;
        less-N)  a+=(less -N "$TEXT_NAME") ;;
    esac
    printf '%s\0' "${a[@]}"
}

# One record per run in $RAW:  TEXT <rep> <case> <tool> <key> <value...>
run_text() {
    local rep=$1 case=$2 tool=$3 line
    local -a args
    mapfile -d '' args < <(text_args "$case" "$tool")
    # No LESS, LESSOPEN (Debian's lesspipe) or history file: less as it comes.
    while IFS= read -r line; do
        echo "TEXT $rep $case $tool $line" >>"$RAW"
    done < <(cd "$WORK" && env -u LESS -u LESSOPEN -u LESSCLOSE HOME="$WORK/home" \
                 LESSHISTFILE=- "$PTYBENCH" "${args[@]}" 2>>"$WORK/screens.log" || true)
}

text_gen_s=0
text_size=0
text_line=
if section text; then
    case $TEXT_LINES in
        *[!0-9]*|'') die "TEXT_LINES: '$TEXT_LINES' is not a number" ;;
    esac
    [ "$TEXT_LINES" -gt "$TEXT_GOTO" ] || die "TEXT_LINES must be more than $TEXT_GOTO"
    say "text: making a log of $TEXT_LINES lines"
    t0=$EPOCHREALTIME
    make_textlog
    text_gen_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    cat "$TEXTLOG" >/dev/null   # everyone starts from a warm cache
    text_size=$(stat -c %s "$TEXTLOG")
    n=$(wc -l <"$TEXTLOG")
    [ "$n" = "$TEXT_LINES" ] || die "$TEXTLOG has $n lines, not $TEXT_LINES"
    TEXT_L1=$(head -n 1 "$TEXTLOG" | cut -c1-30)
    TEXT_L11=$(sed -n '11{p;q}' "$TEXTLOG" | cut -c1-30)
    text_line=$(sed -n "${TEXT_GOTO}{p;q}" "$TEXTLOG")
    # The line with its number in the gutter: mmhex right-aligns the number
    # in at least 6 columns, less in 7, and both put one blank after it; at 8
    # digits both print "10000000 " at the left edge.  Without the gutter the
    # line's own text, as long a marker.
    TEXT_MARK_N="$TEXT_GOTO ${text_line:0:30}"
    TEXT_MARK=${text_line:0:${#TEXT_MARK_N}}
    say "text: $text_size bytes in ${text_gen_s} s; line $TEXT_GOTO: ${text_line:0:60}..."
    text_loadavg=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
    for set in first goto; do
        if [ "$set" = first ]; then runs=("${TEXT_FIRST_RUNS[@]}"); else runs=("${TEXT_GOTO_RUNS[@]}"); fi
        say "text: ${runs[*]}; $REPS rounds, interleaved"
        ntr=${#runs[@]}
        for ((rep = 1; rep <= REPS; rep++)); do
            for ((k = 0; k < ntr; k++)); do   # rotate the order every round
                r=${runs[$(((k + rep - 1) % ntr))]}
                run_text "$rep" "${r%%:*}" "${r#*:}"
            done
            say "text $set round $rep/$REPS done"
        done
    done
fi

# ---- report ------------------------------------------------------------------

elapsed=$(awk -v a="$SCRIPT_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')

awk -v tools="${TOOLS[*]}" -v files="${FILES[*]}" -v reps="$REPS" \
    -v sparse_kb="$sparse_kb" -v identical="$identical" \
    -v dump_in=$((256 << 20)) -v dump_bytes="$dump_bytes" \
    -v elapsed="$elapsed" -v quiet="$QUIET_MS" -v loadavg="$LOADAVG" \
    -v sections="$SECTIONS" -v save_tools="${SAVE_TOOLS[*]}" -v save_files="${SAVE_FILES[*]}" \
    -v save_reps="$SAVE_REPS" -v save_kb_before="${save_kb_before:-0}" \
    -v save_kb_after="$save_kb_after" \
    -v find_reps="${FIND_REPS:-0}" -v find_peer_reps="${FIND_PEER_REPS:-0}" \
    -v find_timeout="${FIND_TIMEOUT:-0}" -v find_places="${FIND_PLACES[*]:-}" \
    -v find_cmds="${FIND_CMDS[*]:-}" -v find_tools="${FIND_TOOLS[*]:-}" \
    -v find_cases="${FIND_CASES[*]:-}" -v shm_note="${shm_note:-}" -v shm_dir="${FIND_SHM:-}" \
    -v find_folio_kb="${find_folio_kb:-0}" \
    -v disk_fs="$(stat -f -c %T "$WORK")" -v needle_len=16 -v find_size="$RANDOM2G_SIZE" \
    -v off_end="${OFF_END:-0}" -v off_next1="${OFF_NEXT1:-0}" -v off_next2="${OFF_NEXT2:-0}" \
    -v off_near="${OFF_NEAR:-0}" -v live_watch="${LIVE_WATCH:-}" -v live_changes="${LIVE_CHANGES:-0}" \
    -v live_cpu_s="${LIVE_CPU_S:-0}" -v live_strace="${live_strace:-off}" \
    -v live_strace_s="${LIVE_STRACE_S:-0}" -v live64g_kb="${live64g_kb:-0}" \
    -v text_lines="${TEXT_LINES:-0}" -v text_size="${text_size:-0}" -v text_gen_s="${text_gen_s:-0}" \
    -v text_goto="${TEXT_GOTO:-0}" -v text_line="${text_line:-}" -v text_mark_n="${TEXT_MARK_N:-}" \
    -v text_mark="${TEXT_MARK:-}" -v text_timeout="${TEXT_TIMEOUT:-0}" \
    -v text_loadavg="${text_loadavg:-?}" '
function median(list,    a, n, i, j, t) {
    n = split(list, a, " ")
    if (n == 0) return ""
    for (i = 2; i <= n; i++) {          # insertion sort, numeric
        t = a[i] + 0
        for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
    return n % 2 ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
}
function add(arr, k, v) { arr[k] = (k in arr) ? arr[k] " " v : v }
function lowest(list,    a, n, i, m) {
    n = split(list, a, " "); m = ""
    for (i = 1; i <= n; i++) if (m == "" || a[i] + 0 < m) m = a[i] + 0
    return m
}
function highest(list,    a, n, i, m) {
    n = split(list, a, " "); m = ""
    for (i = 1; i <= n; i++) if (m == "" || a[i] + 0 > m) m = a[i] + 0
    return m
}
function addfail(arr, k, s,    old) {
    old = (k in arr) ? arr[k] : ""
    if (old == "") arr[k] = s
    else if (index(old, s) == 0) arr[k] = old "; " s
}
function mb(kb) { return kb == "" ? "-" : sprintf("%.1f", kb / 1024) }
# "name=rate ..." as "name rate, ...", the most frequent first.
function syscalls(list,    a, n, i, j, t, r, out) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) {
        t = a[i]; r = substr(t, index(t, "=") + 1) + 0
        for (j = i - 1; j >= 1 && substr(a[j], index(a[j], "=") + 1) + 0 < r; j--) a[j + 1] = a[j]
        a[j + 1] = t
    }
    out = ""
    for (i = 1; i <= n; i++) {
        t = a[i]
        out = out (i > 1 ? ", " : "") substr(t, 1, index(t, "=") - 1) " " sprintf("%.1f", substr(t, index(t, "=") + 1))
    }
    return out
}
function live_name(label) { return label == "default" ? "mmhex" : "mmhex --watch " label }
$1 == "RUN" {
    k = $3 SUBSEP $4
    if ($5 == "start_ms") { start_run[k, $2] = $6 }
    else if ($5 == "first_ms") { first_run[k, $2] = $6 }
    else if ($5 == "goto_ms") { add(gotos_run, k SUBSEP $2, $7) }
    else if ($5 == "tree_rss_kb") { rss_run[k, $2] = $6 }
    else if ($5 == "hwm_kb") { hwm_run[k, $2] = $6 }
    else if ($5 == "note") { n = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", n); note[k] = n }
    else if ($5 == "status") {
        if ($6 == "ok") {
            ok[k]++
            add(start, k, start_run[k, $2])
            add(first, k, first_run[k, $2])
            add(rss, k, rss_run[k, $2])
            add(hwm, k, hwm_run[k, $2])
            add(jump, k, median(gotos_run[k, $2]))
        } else {
            if ($6 == "exited") s = "exited at " $7
            else { s = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", s) }
            old = (k in fail) ? fail[k] : ""
            if (old == "") fail[k] = s
            else if (index(old, s) == 0) fail[k] = old "; " s
        }
    }
}
$1 == "SAVE" {
    k = $3 SUBSEP $4
    if ($5 == "key_ms") { sfirst_run[k, $2] = $7; ssettle_run[k, $2] = $8 }
    else if ($5 == "disk") {
        if ($6 == "ok") sdisk_ok[k]++
        else addfail(sbad, k, "wrote " $8 " at the offset, the file has " $9)
    }
    else if ($5 == "size") { if ($6 != "ok") addfail(sbad, k, "size became " $7) }
    else if ($5 == "du_kb") { if (!(k in sdu) || $6 + 0 > sdu[k]) sdu[k] = $6 + 0 }
    else if ($5 == "note") { n = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", n); snote[k] = n }
    else if ($5 == "status") {
        if ($6 == "ok") {
            sok[k]++
            add(sfirst, k, sfirst_run[k, $2])
            add(ssettle, k, ssettle_run[k, $2])
        } else {
            if ($6 == "exited") s = "exited at " $7
            else { s = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", s) }
            addfail(sfail, k, s)
        }
    }
}
$1 == "FCLI" {
    k = $3 SUBSEP $4
    fruns[k]++
    if ($6 == 0) add(fcli, k, $5)
    else addfail(ffail, k, "exit status " $6)
    if ($7 == off_end) fout_ok[k]++
    else addfail(ffail, k, "printed " $7)
}
$1 == "FTUI" {
    k = $3 SUBSEP $4
    if ($5 == "key_ms") { tfirst_run[k, $2] = $7; tsettle_run[k, $2] = $8 }
    else if ($5 == "key_gap_ms") { tgap_run[k, $2] = $7 }
    else if ($5 == "note") { n = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", n); tnote[k] = n }
    else if ($5 == "status") {
        truns[k]++
        if ($6 == "ok") {
            tok[k]++
            add(tfirst, k, tfirst_run[k, $2])
            add(tsettle, k, tsettle_run[k, $2])
            add(tgap, k, tgap_run[k, $2])
        } else {
            if ($6 == "timeout") ttimeout[k]++
            if ($6 == "exited") s = "exited at " $7
            else { s = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", s) }
            addfail(tfail, k, s)
        }
    }
}
$1 == "LIVE" || $1 == "LCPU" {
    k = $1 SUBSEP $2
    if ($3 == "syscall") { add(lsys, $2, $4 "=" $5); next }
    v = $0; for (i = 1; i <= 3; i++) sub(/^[^ ]+ /, "", v)
    lv[k, $3] = v   # a string: compare numbers as v + 0
}
$1 == "TEXT" {
    k = $3 SUBSEP $4
    if ($5 == "start_ms") { xstart_run[k, $2] = $6 }
    else if ($5 == "first_ms") { xfirst_run[k, $2] = $6 }
    else if ($5 == "key_ms") { xkey_run[k, $2] = $7; xsettle_run[k, $2] = $8 }
    else if ($5 == "key_gap_ms") { xgap_run[k, $2] = $7 }
    else if ($5 == "note") { n = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", n); xnote[k] = n }
    else if ($5 == "status") {
        xruns[k]++
        if ($6 == "ok") {
            xok[k]++
            add(xstart, k, xstart_run[k, $2])
            add(xfirst, k, xfirst_run[k, $2])
            if ($3 == "goto") {
                add(xkey, k, xkey_run[k, $2])
                add(xsettle, k, xsettle_run[k, $2])
                add(xgap, k, xgap_run[k, $2])
            }
        } else {
            if ($6 == "exited") s = "exited at " $7
            else { s = $0; for (i = 1; i <= 5; i++) sub(/^[^ ]+ /, "", s) }
            addfail(xfail, k, s)
        }
    }
}
$1 == "DUMP" {
    k = $2 SUBSEP $3
    add(dump, k, $4)
    if ($5 != 0) dump_fail[$2] = $5
}
END {
    nt = split(tools, T, " "); nf = split(files, F, " ")
    split(sections, S, " "); for (i in S) sec[S[i]] = 1
    if ("viewers" in sec) {
        printf "\nViewers, %d lines x 80 columns, TERM=xterm-256color, warm page cache.\n", 24
        printf "Load average at the start: %s\n", loadavg
        printf "Medians of %d interleaved runs each (runs that did not finish are left out).\n", reps
        printf "  start   = fork to the first full screen: its last byte before %d ms of quiet\n", quiet
        printf "  ratio   = start / the fastest peer'"'"'s start on the same file\n"
        printf "  rows    = fork to the moment all rows and the status line were first on\n"
        printf "            screen (earlier than start if the tool adds to that screen later)\n"
        printf "  RSS     = resident set (VmRSS, process and children) after 10 jumps\n"
        printf "  peak    = VmHWM at that moment\n"
        printf "  jump    = keys sent to the last byte of the redrawn screen, median jump\n\n"
        hdr = sprintf("%-10s %-8s %9s %6s %8s %7s %8s %8s  %s", "file", "viewer", "start ms", "ratio", "rows ms", "RSS MB", "peak MB", "jump ms", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        for (f = 1; f <= nf; f++) {
            best = ""; bestt = ""
            for (t = 1; t <= nt; t++) {
                k = T[t] SUBSEP F[f]
                med_start[k] = median(start[k])
                if (T[t] != "mmhex" && med_start[k] != "" && (best == "" || med_start[k] < best)) {
                    best = med_start[k]; bestt = T[t]
                }
            }
            fastest[F[f]] = best; fastest_tool[F[f]] = bestt
            for (t = 1; t <= nt; t++) {
                k = T[t] SUBSEP F[f]
                runs = (ok[k] + 0) "/" reps
                if (med_start[k] == "") {
                    why = (k in fail) ? fail[k] : "no result"
                    if (k in note) why = why " (" note[k] ")"
                    printf "%-10s %-8s %9s %6s %8s %7s %8s %8s  %s %s\n", F[f], T[t], "-", "-", "-", "-", "-", "-", runs, why
                    continue
                }
                r = best == "" ? "-" : sprintf(med_start[k] / best < 100 ? "%.2f" : "%.0f", med_start[k] / best)
                printf "%-10s %-8s %9.1f %6s %8.1f %7s %8s %8.1f  %s%s\n", F[f], T[t], med_start[k], r,
                    median(first[k]), mb(median(rss[k])), mb(median(hwm[k])), median(jump[k]), runs,
                    (k in fail) ? "  (" fail[k] ")" : ""
            }
        }
        printf "\nThe 64 GiB file is sparse (%d KB on disk).\n", sparse_kb
    }

    if ("dump" in sec) {
        mm_file = median(dump["mmhex" SUBSEP "file"]); xx_file = median(dump["xxd" SUBSEP "file"])
        mm_null = median(dump["mmhex" SUBSEP "null"]); xx_null = median(dump["xxd" SUBSEP "null"])
        mib = dump_in / 1048576
        printf "\nDump of a 256 MiB random file (%.0f MB of text), medians of interleaved runs, warm cache.\n", dump_bytes / 1e6
        printf "  file = output written to a file in the scratch directory; null = to /dev/null\n\n"
        hdr = sprintf("%-22s %9s %9s %9s", "command", "seconds", "MiB/s", "vs xxd"); print hdr; gsub(/./, "-", hdr); print hdr
        printf "%-22s %9.3f %9.0f %8.1fx\n", "mmhex --dump > file", mm_file, mib / mm_file, xx_file / mm_file
        printf "%-22s %9.3f %9.0f %8.1fx\n", "xxd > file", xx_file, mib / xx_file, 1
        printf "%-22s %9.3f %9.0f %8.1fx\n", "mmhex --dump > null", mm_null, mib / mm_null, xx_null / mm_null
        printf "%-22s %9.3f %9.0f %8.1fx\n", "xxd > null", xx_null, mib / xx_null, 1
        printf "identical output (cmp): %s\n", identical
        for (c in dump_fail) printf "%s exited with status %s\n", c, dump_fail[c]
    }

    if ("save" in sec) {
        nst = split(save_tools, ST, " "); nsf = split(save_files, SF, " ")
        printf "\nSave: a one-byte patch in the middle of each file (at 32 GiB of the 64 GiB sparse\n"
        printf "file, at 32 KiB of the 64 KiB file), opened for writing, then saved; warm cache.\n"
        printf "Medians of %d interleaved runs each; the file system is synced before every run.\n", save_reps
        printf "  save    = save key sent to the confirmation first on screen:\n"
        printf "            mmhex -w, w: \"saved 1 edit\", shown after msync(MS_SYNC) + fsync;\n"
        printf "            hexedit, ^W: no message; its modeline going from \"-**\" (modified)\n"
        printf "            back to \"---\", shown after a write(2) with no fsync\n"
        printf "  min/max = fastest and slowest run\n"
        printf "  settled = save key to the last byte before %d ms of quiet\n", quiet
        printf "  64G/64K = save on the 64 GiB file / save on the 64 KiB file, same editor\n"
        printf "  on disk = runs after which the file held the new byte at the offset (xxd), same size\n"
        printf "  du KB   = largest du -k of the file after that editor'"'"'s runs\n\n"
        hdr = sprintf("%-9s %-8s %8s %7s %7s %10s %8s %8s %7s  %s", "file", "editor", "save ms", "min ms", "max ms", "settled ms", "64G/64K", "on disk", "du KB", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        for (t = 1; t <= nst; t++) {
            k = ST[t] SUBSEP "save64k"
            save_med[ST[t], "save64k"] = median(sfirst[k])
            k = ST[t] SUBSEP "save64g"
            save_med[ST[t], "save64g"] = median(sfirst[k])
        }
        for (f = 1; f <= nsf; f++) {
            for (t = 1; t <= nst; t++) {
                k = ST[t] SUBSEP SF[f]
                runs = (sok[k] + 0) "/" save_reps
                disk = (sdisk_ok[k] + 0) "/" save_reps
                du = (k in sdu) ? sdu[k] : "-"
                why = ""
                if (k in sfail) why = why "  (" sfail[k] ((k in snote) ? ": " snote[k] : "") ")"
                if (k in sbad) why = why "  (" sbad[k] ")"
                m = save_med[ST[t], SF[f]]
                if (m == "") {
                    printf "%-9s %-8s %8s %7s %7s %10s %8s %8s %7s  %s%s\n", SF[f], ST[t], "-", "-", "-", "-", "-", disk, du, runs, why
                    continue
                }
                g = save_med[ST[t], "save64g"]; s64k = save_med[ST[t], "save64k"]
                r = (SF[f] == "save64g" && g != "" && s64k != "" && s64k > 0) ? sprintf("%.2f", g / s64k) : ""
                printf "%-9s %-8s %8.2f %7.2f %7.2f %10.2f %8s %8s %7s  %s%s\n", SF[f], ST[t], m,
                    lowest(sfirst[k]), highest(sfirst[k]), median(ssettle[k]), r, disk, du, runs, why
            }
        }
        sparse_ok = save_kb_after - save_kb_before < 1024
        printf "\nThe 64 GiB file: %d KB on disk before the runs, %d KB after: %s.\n", save_kb_before, save_kb_after,
            sparse_ok ? "still sparse" : "NO LONGER SPARSE"
    }

    if ("find" in sec) {
        np = split(find_places, FP, " "); nc = split(find_cmds, FC, " ")
        nft = split(find_tools, FT, " "); nfc = split(find_cases, FK, " ")
        label["mmhex"] = "mmhex --find"; label["rg"] = "rg"; label["rg-no-mmap"] = "rg --no-mmap"; label["grep"] = "grep"
        printf "\nFind on the command line: every offset of a %d-byte text needle that is only at the\n", needle_len
        printf "end of a %d GiB random file (at 0x%x), warm page cache; medians of %d interleaved runs.\n", find_size / 1073741824, off_end, find_reps
        printf "  mmhex --find N FILE; rg --no-config -a -F -b -o N FILE (rg maps the file);\n"
        printf "  rg --no-mmap ... (rg reads it); grep -a -F -b -o N FILE\n"
        printf "  disk    = the scratch directory (%s); tmpfs = a copy in %s\n", disk_fs, shm_dir
        printf "  GB/s    = file size / median time (10^9 bytes a second), process start included\n"
        printf "  vs rg   = median / rg'"'"'s median in the same place\n"
        printf "  offsets = runs that printed exactly that one offset\n\n"
        hdr = sprintf("%-6s %-13s %8s %7s %7s %6s %6s %8s  %s", "place", "command", "seconds", "min", "max", "GB/s", "vs rg", "offsets", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        for (p = 1; p <= np; p++) {
            rgm = median(fcli[FP[p] SUBSEP "rg"])
            for (c = 1; c <= nc; c++) {
                k = FP[p] SUBSEP FC[c]
                m = median(fcli[k]); fmed[FP[p], FC[c]] = m
                runs = split(fcli[k], tmp, " ") "/" (fruns[k] + 0)
                offs = (fout_ok[k] + 0) "/" (fruns[k] + 0)
                why = (k in ffail) ? "  (" ffail[k] ")" : ""
                if (m == "") {
                    printf "%-6s %-13s %8s %7s %7s %6s %6s %8s  %s%s\n", FP[p], label[FC[c]], "-", "-", "-", "-", "-", offs, runs, why
                    continue
                }
                printf "%-6s %-13s %8.3f %7.3f %7.3f %6.2f %6s %8s  %s%s\n", FP[p], label[FC[c]], m,
                    lowest(fcli[k]), highest(fcli[k]), find_size / m / 1e9,
                    rgm == "" ? "-" : sprintf("%.2f", m / rgm), offs, runs, why
            }
        }
        if (shm_note != "") printf "tmpfs: skipped (%s)\n", shm_note

        printf "\nFind in the TUI, %d x 80, the same %d GiB file, warm page cache; medians (runs that did\n", 24, find_size / 1073741824
        printf "not finish are left out).  mmhex in %d rounds; hexedit and tweak in %d rounds for end\n", find_reps, find_peer_reps
        printf "and next (a search of the whole file takes them seconds), in %d for near.\n", find_reps
        printf "  end      = the needle is only at the end (0x%x); searched from offset 0\n", off_end
        printf "  next     = a first search stopped on a copy at 0x%x; then the next match, at 0x%x\n", off_next1, off_next2
        printf "  near     = the needle at 0x%x (32 MiB in); searched from offset 0\n", off_near
        printf "  shm      = as end, in the copy on tmpfs (when there is one)\n"
        printf "  the page cache holds the file as reading it back from disk leaves it: %d of its\n", find_folio_kb / 1024
        printf "             %d MiB in 2 MiB folios (0: the kernel made none); the tmpfs copy in 4 KiB\n", find_size / 1048576
        printf "             pages, as the file just written would be (see warm_as_read in run.sh)\n"
        printf "  the key  = mmhex searches as the needle is typed: its last byte, typed one key at a time\n"
        printf "             (the cursor stood on a decoy that differs in that byte only), or n;\n"
        printf "             hexedit (/, which offers the last string) and tweak (^S, \"default=last\"): Enter\n"
        printf "  match    = the key to the first screen that shows the cursor on the match (its offset\n"
        printf "             on the status line)\n"
        printf "  settled  = the key to the last byte before %d ms of quiet\n", quiet
        printf "  silence  = the longest spell without output between the key and the match on screen\n"
        printf "  x mmhex  = match / mmhex'"'"'s match in the same case\n\n"
        hdr = sprintf("%-5s %-8s %9s %9s %9s %10s %10s %8s  %s", "case", "viewer", "match ms", "min ms", "max ms", "settled ms", "silence ms", "x mmhex", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        for (c = 1; c <= nfc; c++) {
            mm = median(tfirst["mmhex" SUBSEP FK[c]])
            best = ""; bestt = ""; isfloor = 0
            for (t = 1; t <= nft; t++) {
                k = FT[t] SUBSEP FK[c]
                m = median(tfirst[k]); tmed[FT[t], FK[c]] = m
                if (FT[t] == "mmhex") continue
                v = m; fl = 0
                if (v == "" && ttimeout[k] > 0) { v = find_timeout * 1000; fl = 1 }
                if (v != "" && (best == "" || v < best)) { best = v; bestt = FT[t]; isfloor = fl }
            }
            peer_best[FK[c]] = best; peer_tool[FK[c]] = bestt; peer_floor[FK[c]] = isfloor
            for (t = 1; t <= nft; t++) {
                k = FT[t] SUBSEP FK[c]
                m = tmed[FT[t], FK[c]]
                runs = (tok[k] + 0) "/" (truns[k] + 0)
                why = (k in tfail) ? "  (" tfail[k] ((k in tnote) ? ": " tnote[k] : "") ")" : ""
                if (m == "") {
                    printf "%-5s %-8s %9s %9s %9s %10s %10s %8s  %s%s\n", FK[c], FT[t], "-", "-", "-", "-", "-", "-", runs, why
                    continue
                }
                printf "%-5s %-8s %9.1f %9.1f %9.1f %10.1f %10.1f %8s  %s%s\n", FK[c], FT[t], m,
                    lowest(tfirst[k]), highest(tfirst[k]), median(tsettle[k]), median(tgap[k]),
                    mm == "" || mm <= 0 ? "-" : sprintf(m / mm < 100 ? "%.1f" : "%.0f", m / mm), runs, why
            }
        }
    }

    if ("live" in sec) {
        nlw = split(live_watch, LW, " ")
        printf "\nLive: from a store by another process, through its own MAP_SHARED mapping of a\n"
        printf "4 KiB file, to the byte'"'"'s new hex digits on mmhex'"'"'s screen (24 x 80); %d changes\n", live_changes
        printf "for each tick, at offsets spread over the first 256 bytes, each one after a random\n"
        printf "pause of 0 to a whole number of ticks (so that the store falls anywhere in a tick).\n"
        printf "  tick    = mmhex'"'"'s --watch (100 ms when not given)\n"
        printf "  median, p90, p99, max = of the latencies of the changes shown\n"
        printf "  target  = tick + 16.7 ms (one frame at 60 Hz), for the median\n"
        printf "  shown   = changes that were on screen within 2 s\n\n"
        hdr = sprintf("%-18s %7s %9s %7s %7s %7s %7s %9s  %s", "command", "tick ms", "median ms", "p90 ms", "p99 ms", "max ms", "min ms", "target ms", "shown")
        print hdr; gsub(/./, "-", hdr); print hdr
        for (w = 1; w <= nlw; w++) {
            k = "LIVE" SUBSEP LW[w]
            st = lv[k, "status"]
            why = st == "ok" ? "" : "  (" (st == "" ? "no result" : st) ")"
            tick = lv[k, "tick_ms"] + 0
            if (lv[k, "median_ms"] == "") {
                printf "%-18s %7s %9s %7s %7s %7s %7s %9s  %s%s\n", live_name(LW[w]), "-", "-", "-", "-", "-", "-", "-",
                    (lv[k, "shown"] + 0) "/" live_changes, why
                continue
            }
            printf "%-18s %7d %9.1f %7.1f %7.1f %7.1f %7.1f %9.1f  %d/%d%s\n", live_name(LW[w]), tick,
                lv[k, "median_ms"], lv[k, "p90_ms"], lv[k, "p99_ms"], lv[k, "max_ms"], lv[k, "min_ms"],
                tick + 16.7, lv[k, "shown"], lv[k, "changes"], why
        }

        printf "\nLive: the cost of watching a file that nothing changes: mmhex on a 64 GiB sparse\n"
        printf "file (%d KB on disk), left alone for %d s after its first screen.\n", live64g_kb, live_cpu_s
        k = "LCPU" SUBSEP "default"
        printf "  CPU %%     = utime + stime (/proc/PID/stat) over the wall time, %% of one core, in\n"
        printf "              steps of one clock tick (1/%s s) over the spell: %s%%\n",
            lv[k, "clk_tck"] == "" ? "?" : lv[k, "clk_tck"], lv[k, "cpu_pct_step"] == "" ? "?" : sprintf("%.2g", lv[k, "cpu_pct_step"])
        printf "  sched %%   = the same from /proc/PID/schedstat (ns on a CPU)\n"
        printf "  wakeups/s = times the process was put on a CPU (schedstat), a second\n"
        printf "  out B/s   = bytes mmhex wrote to the terminal, a second\n"
        printf "  RSS MB    = VmRSS at the end of the spell\n"
        if (live_strace == "yes")
            printf "  syscalls/s = strace -c -p in a second spell of %d s (not during the CPU one)\n\n", live_strace_s
        else
            printf "  syscalls/s = not counted (%s)\n\n", live_strace == "no" ? "strace is not installed" : "LIVE_STRACE_S=0"
        hdr = sprintf("%-18s %7s %7s %8s %9s %7s %7s %10s  %s", "command", "tick ms", "CPU %", "sched %", "wakeups/s", "out B/s", "RSS MB", "syscalls/s", "status")
        print hdr; gsub(/./, "-", hdr); print hdr
        split("default 0", LC, " ")
        for (w = 1; w <= 2; w++) {
            k = "LCPU" SUBSEP LC[w]
            st = lv[k, "status"]
            if (lv[k, "cpu_pct"] == "") {
                printf "%-18s %7s %7s %8s %9s %7s %7s %10s  %s\n", live_name(LC[w]), "-", "-", "-", "-", "-", "-", "-",
                    st == "" ? "no result" : st
                continue
            }
            sc = lv[k, "syscall_total"] != "" ? sprintf("%.1f", lv[k, "syscall_total"]) : "-"
            printf "%-18s %7d %7.2f %8s %9s %7.1f %7s %10s  %s\n", live_name(LC[w]), lv[k, "tick_ms"],
                lv[k, "cpu_pct"], lv[k, "sched_cpu_pct"] == "" ? "-" : sprintf("%.3f", lv[k, "sched_cpu_pct"]),
                lv[k, "runs_per_s"] == "" ? "-" : sprintf("%.1f", lv[k, "runs_per_s"]),
                lv[k, "out_bytes_per_s"], mb(lv[k, "rss_kb"]), sc, st
        }
        if (live_strace == "yes") {
            for (w = 1; w <= 2; w++) {
                k = "LCPU" SUBSEP LC[w]
                if (lv[k, "strace_status"] != "")
                    printf "syscalls a second, %s: strace %s\n", live_name(LC[w]), lv[k, "strace_status"]
                else if (LC[w] in lsys)
                    printf "syscalls a second, %s: %s\n", live_name(LC[w]), syscalls(lsys[LC[w]])
                else if (lv[k, "strace_s"] != "")
                    printf "syscalls a second, %s: none\n", live_name(LC[w])
            }
        }
    }

    if ("text" in sec) {
        printf "\nText view against less on a log of %d lines, %.2f GB (%.1f bytes a line on average;\n",
            text_lines, text_size / 1e9, text_size / text_lines
        printf "made in %.1f s), %d x 80, TERM=xterm-256color, warm page cache; medians of %d\n", text_gen_s, 24, reps
        printf "interleaved runs (runs that did not finish are left out).  Every run starts the tool\n"
        printf "afresh: mmhex'"'"'s line index starts empty, and less counts from scratch.\n"
        printf "Load average before the runs (after making the log): %s\n", text_loadavg
        printf "  start   = fork to the first full screen (lines 1 to 11 and the status line), its\n"
        printf "            last byte before %d ms of quiet\n", quiet
        printf "  rows    = fork to the moment that screen was first there (mmhex adds the file type\n"
        printf "            to its status line afterwards)\n"
        printf "  ratio   = / less'"'"'s median, same column\n\n"
        hdr = sprintf("%-20s %9s %7s %7s %6s %8s %6s  %s", "command", "start ms", "min ms", "max ms", "ratio", "rows ms", "ratio", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        split("mmhex less", XT, " ")
        xname["mmhex"] = "mmhex --text LOG"; xname["less"] = "less LOG"
        ls_ = median(xstart["first" SUBSEP "less"]); lf_ = median(xfirst["first" SUBSEP "less"])
        for (t = 1; t <= 2; t++) {
            k = "first" SUBSEP XT[t]
            runs = (xok[k] + 0) "/" (xruns[k] + 0)
            why = (k in xfail) ? "  (" xfail[k] ((k in xnote) ? ": " xnote[k] : "") ")" : ""
            m = median(xstart[k]); f = median(xfirst[k])
            xs_med[XT[t]] = m; xf_med[XT[t]] = f
            if (m == "") {
                printf "%-20s %9s %7s %7s %6s %8s %6s  %s%s\n", xname[XT[t]], "-", "-", "-", "-", "-", "-", runs, why
                continue
            }
            printf "%-20s %9.1f %7.1f %7.1f %6s %8.1f %6s  %s%s\n", xname[XT[t]], m, lowest(xstart[k]), highest(xstart[k]),
                ls_ == "" || ls_ <= 0 ? "-" : sprintf("%.2f", m / ls_), f,
                lf_ == "" || lf_ <= 0 ? "-" : sprintf("%.2f", f / lf_), runs, why
        }

        printf "\nGo to line %d of the %d, from the keys to the screen showing that line;\n", text_goto, text_lines
        printf "each run starts the tool on the file, waits for its first screen, then types the keys;\n"
        printf "a run is given up after %d s.\n", text_timeout
        printf "  marker   = with -N: \"%s\"\n", text_mark_n
        printf "             (the number at the left edge, one blank, the line'"'"'s text: both tools)\n"
        printf "             without: \"%s\"\n", text_mark
        printf "  match    = keys sent to the first screen showing the marker\n"
        printf "  settled  = keys sent to the last byte before %d ms of quiet\n", quiet
        printf "  silence  = the longest spell without output between the keys and the match\n"
        printf "  x faster = less -N'"'"'s median match / this one'"'"'s\n"
        printf "  start    = the first screen of the same run (with -N for the first two)\n\n"
        hdr = sprintf("%-20s %-16s %9s %8s %8s %10s %10s %8s %8s  %s", "command", "keys", "match ms", "min ms", "max ms", "settled ms", "silence ms", "x faster", "start ms", "runs")
        print hdr; gsub(/./, "-", hdr); print hdr
        split("mmhex-N less-N mmhex", XG, " ")
        gname["mmhex-N"] = "mmhex --text -N LOG"; gkeys["mmhex-N"] = ":" text_goto " Enter"
        gname["less-N"] = "less -N LOG"; gkeys["less-N"] = text_goto "g"
        gname["mmhex"] = "mmhex --text LOG"; gkeys["mmhex"] = ":" text_goto " Enter"
        lg = median(xkey["goto" SUBSEP "less-N"])
        for (t = 1; t <= 3; t++) {
            k = "goto" SUBSEP XG[t]
            runs = (xok[k] + 0) "/" (xruns[k] + 0)
            why = (k in xfail) ? "  (" xfail[k] ((k in xnote) ? ": " xnote[k] : "") ")" : ""
            m = median(xkey[k]); xg_med[XG[t]] = m
            if (m == "") {
                printf "%-20s %-16s %9s %8s %8s %10s %10s %8s %8s  %s%s\n", gname[XG[t]], gkeys[XG[t]], "-", "-", "-", "-", "-", "-", "-", runs, why
                continue
            }
            printf "%-20s %-16s %9.1f %8.1f %8.1f %10.1f %10.1f %8s %8.1f  %s%s\n", gname[XG[t]], gkeys[XG[t]], m,
                lowest(xkey[k]), highest(xkey[k]), median(xsettle[k]), median(xgap[k]),
                lg == "" || m <= 0 ? "-" : sprintf(lg / m < 100 ? "%.1f" : "%.0f", lg / m),
                median(xstart[k]), runs, why
        }
    }

    printf "\nTargets\n"
    if ("viewers" in sec) {
        for (f = 1; f <= nf; f++) {
            k = "mmhex" SUBSEP F[f]
            if (med_start[k] == "" || fastest[F[f]] == "")
                printf "  start, %-9s : no comparison\n", F[f]
            else
                printf "  start, %-9s : mmhex %.1f ms, fastest peer %s %.1f ms, ratio %.2f (target <= 1): %s\n",
                    F[f], med_start[k], fastest_tool[F[f]], fastest[F[f]], med_start[k] / fastest[F[f]],
                    med_start[k] <= fastest[F[f]] ? "met" : "MISSED"
            if (med_start[k] != "" && median(first[k]) < med_start[k])
                printf "                     (mmhex'"'"'s rows and status line were on screen at %.1f ms, ratio %.2f)\n",
                    median(first[k]), median(first[k]) / fastest[F[f]]
        }
        k = "mmhex" SUBSEP "sparse64g"; m = median(rss[k])
        if (m == "") printf "  RSS, sparse64g   : no result\n"
        else printf "  RSS, sparse64g   : %.1f MB after 10 jumps (target < 8 MB): %s\n", m / 1024, m < 8192 ? "met" : "MISSED"
    }
    if ("dump" in sec) {
        printf "  dump to a file   : %.1fx xxd (target >= 10x): %s\n", xx_file / mm_file, (xx_file / mm_file >= 10) ? "met" : "MISSED"
        printf "  dump to /dev/null: %.1fx xxd (target >= 10x): %s\n", xx_null / mm_null, (xx_null / mm_null >= 10) ? "met" : "MISSED"
        printf "  dump output      : identical to xxd: %s\n", identical
    }
    if ("save" in sec) {
        g = save_med["mmhex", "save64g"]; s64k = save_med["mmhex", "save64k"]
        if (g == "" || s64k == "" || s64k <= 0)
            printf "  save, 64G/64K    : no result\n"
        else
            printf "  save, 64G/64K    : mmhex %.2f ms on 64 GiB, %.2f ms on 64 KiB, ratio %.2f (target < 2): %s\n",
                g, s64k, g / s64k, g / s64k < 2 ? "met" : "MISSED"
        k1 = "mmhex" SUBSEP "save64g"; k2 = "mmhex" SUBSEP "save64k"
        printf "  save, on disk    : mmhex %d/%d and %d/%d runs verified, 64 GiB file %s: %s\n",
            sdisk_ok[k1] + 0, save_reps, sdisk_ok[k2] + 0, save_reps,
            sparse_ok ? "still sparse" : "no longer sparse",
            (sdisk_ok[k1] + 0 == save_reps && sdisk_ok[k2] + 0 == save_reps && sparse_ok) ? "met" : "MISSED"
    }
    if ("find" in sec) {
        for (p = 1; p <= np; p++) {
            m = fmed[FP[p], "mmhex"]; r = fmed[FP[p], "rg"]
            if (m == "" || r == "")
                printf "  find, %-10s: no comparison\n", FP[p]
            else
                printf "  find, %-10s: mmhex --find %.3f s, rg %.3f s, ratio %.2f (target <= 1.2): %s\n",
                    FP[p], m, r, m / r, m / r <= 1.2 ? "met" : "MISSED"
        }
        if (shm_note != "") printf "  find, tmpfs     : not measured (%s)\n", shm_note
        allok = 1; nruns = 0
        for (p = 1; p <= np; p++)
            for (c = 1; c <= nc; c++) {
                k = FP[p] SUBSEP FC[c]
                nruns += fruns[k]
                if (fruns[k] == 0 || fout_ok[k] != fruns[k]) allok = 0
            }
        printf "  find, offsets   : mmhex, rg and grep printed the one offset %d (0x%x), %d runs: %s\n",
            off_end, off_end, nruns, allok ? "met" : "MISSED"
        for (c = 1; c <= nfc; c++) {
            if (FK[c] == "near") continue
            mm = tmed["mmhex", FK[c]]; b = peer_best[FK[c]]
            if (mm == "" || b == "")
                printf "  TUI %-12s: no comparison\n", FK[c] == "shm" ? "end, tmpfs" : FK[c]
            else
                printf "  TUI %-12s: mmhex %.0f ms, faster peer %s %s%.0f ms: %s%.1fx (target >= 30x): %s\n",
                    FK[c] == "shm" ? "end, tmpfs" : FK[c], mm, peer_tool[FK[c]], peer_floor[FK[c]] ? ">= " : "", b,
                    peer_floor[FK[c]] ? ">= " : "", b / mm,
                    (FK[c] == "shm" ? "reference, 4 KiB pages (the target is for the file on disk)" : (b / mm >= 30 ? "met" : (peer_floor[FK[c]] ? "unknown (the faster peer timed out)" : "MISSED")))
        }
        mm = tmed["mmhex", "near"]
        if (mm == "") printf "  TUI near        : no result\n"
        else printf "  TUI near        : mmhex %.1f ms from the last key to the match at 0x%x (target < 20 ms): %s\n",
            mm, off_near, mm < 20 ? "met" : "MISSED"
    }
    if ("live" in sec) {
        for (w = 1; w <= nlw; w++) {
            k = "LIVE" SUBSEP LW[w]
            lbl = sprintf("live, tick %s", lv[k, "tick_ms"] == "" ? LW[w] : lv[k, "tick_ms"])
            if (lv[k, "median_ms"] == "") {
                printf "  %-17s: no result\n", lbl
                continue
            }
            tgt = lv[k, "tick_ms"] + 16.7
            allshown = lv[k, "shown"] + 0 == live_changes && lv[k, "status"] == "ok"
            printf "  %-17s: %s median %.1f ms, p99 %.1f ms, %d/%d shown (target: median < tick + 16.7 = %.1f ms, all shown): %s\n",
                lbl, live_name(LW[w]), lv[k, "median_ms"], lv[k, "p99_ms"], lv[k, "shown"], live_changes, tgt,
                lv[k, "median_ms"] + 0 < tgt && allshown ? "met" : "MISSED"
        }
        k = "LCPU" SUBSEP "default"; k0 = "LCPU" SUBSEP "0"
        if (lv[k, "cpu_pct"] == "")
            printf "  live, idle CPU   : no result\n"
        else {
            fine = lv[k, "sched_cpu_pct"] != ""
            pct = (fine ? lv[k, "sched_cpu_pct"] : lv[k, "cpu_pct"]) + 0
            pct0 = fine ? lv[k0, "sched_cpu_pct"] : lv[k0, "cpu_pct"]
            printf "  live, idle CPU   : mmhex %.3f%% of a core watching the 64 GiB file (%s; --watch 0: %s%%) (target < 1%%): %s\n",
                pct, fine ? "schedstat" : "clock ticks", pct0 == "" ? "?" : sprintf("%.3f", pct0), pct < 1 ? "met" : "MISSED"
        }
    }
    if ("text" in sec) {
        m = xs_med["mmhex"]; l = xs_med["less"]
        if (m == "" || l == "" || l <= 0)
            printf "  text, 1st screen : no comparison\n"
        else {
            printf "  text, 1st screen : mmhex %.1f ms, less %.1f ms, ratio %.2f (target <= 1): %s\n",
                m, l, m / l, m <= l ? "met" : "MISSED"
            f = xf_med["mmhex"]
            if (f != "" && f < m && xf_med["less"] > 0)
                printf "                     (mmhex'"'"'s lines and status line were on screen at %.1f ms, ratio %.2f)\n",
                    f, f / xf_med["less"]
        }
        m = xg_med["mmhex-N"]; l = xg_med["less-N"]
        if (m == "" || l == "" || m <= 0)
            printf "  text, go to line : no comparison\n"
        else
            printf "  text, go to line : mmhex -N %.1f ms, less -N %.1f ms to line %d: %.1fx (target >= 10x): %s\n",
                m, l, text_goto, l / m, (l / m >= 10) ? "met" : "MISSED"
        m = xg_med["mmhex"]
        if (m != "")
            printf "                     (mmhex without -N: %.1f ms; no target)\n", m
    }
    printf "\nbench/run.sh took %d s.\n", elapsed
}' "$RAW"
