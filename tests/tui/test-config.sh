#!/bin/bash
# The config file (issue 16): $XDG_CONFIG_HOME/mmhex/config, --config
# FILE, --no-config.  Settings apply where the command line gives none;
# "bind KEY ACTION" and "unbind KEY" change the keys (the help screen
# shows the bindings in force); a bad line is named with its file and line
# number and left out, and mmhex still starts.
set -eu
. "$top_srcdir/tests/lib.sh"
cd "$TMP"

head -c 256 /dev/zero >data.bin
mkdir -p cfg/mmhex
cat >cfg/mmhex/config <<'CFG'
# a comment
mode copy
cols 8
bind x quit
unbind q
frobnicate yes
CFG
export XDG_CONFIG_HOME=$TMP/cfg

vtrun 24 80 "$MMHEX" data.bin <<'SCRIPT'
waitrow -2 [copy-on-write]
waitrow 1 00000008
waitrow -1 config:6:
send q
waitrow -1 that key does nothing here
send H
send <PgDn>
send <PgDn>
waitre C-x F10 C-c x +quit
send q
send <Esc>
waitrow 0 00000000
send x
exit 0
SCRIPT
pass "config: mode copy, cols 8, x quits, q unbound, line 6 named, help shows x"

# The command line wins: -r over "mode copy"; --no-config reads nothing.
vtrun 24 80 "$MMHEX" -r data.bin <<'SCRIPT'
waitrow -2 [read-only]
send x
exit 0
SCRIPT
vtrun 24 80 "$MMHEX" --no-config data.bin <<'SCRIPT'
waitrow -2 [read-only]
waitrow 1 00000010
send q
exit 0
SCRIPT
pass "config: -r wins over its mode; --no-config: the defaults"

# --config FILE, and one that is missing.
printf 'mode write\n' >other.conf
vtrun 24 80 "$MMHEX" --config other.conf data.bin <<'SCRIPT'
waitrow -2 [write]
send q
exit 0
SCRIPT
if "$MMHEX" --config missing.conf data.bin </dev/null >out.txt 2>err.txt; then
	fail "--config missing.conf went on"
fi
grep -q "missing.conf" err.txt || fail "--config missing: $(cat err.txt)"
pass "--config FILE read; a missing one named, exit 1"
