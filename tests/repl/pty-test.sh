#!/usr/bin/env bash
# Drives `dnsh repl` through a real pseudo-terminal (tmux): create a bridge, recall a line from
# history with the up arrow (it fails: the bridge exists, and the error shows its caret),
# complete a command and a device name with Tab, continue a `for` block on a second line, leave
# with Ctrl-D, and check that the terminal is sane afterwards. Needs tmux.
set -euo pipefail
cd "$(dirname "$0")/../.."
dnsh=$(realpath "${1:-.build/debug/dnsh}")
command -v tmux >/dev/null || { echo "pty-test: tmux is not installed" >&2; exit 2; }
work=$(mktemp -d)
session="dnsh-pty-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

# A plain shell in a fresh pty; record the terminal settings, start the REPL inside it.
tmux new-session -d -s "$session" -x 120 -y 40 "env -i PATH=$PATH TERM=xterm HOME=$work DNSH_HISTORY=$work/history bash --norc --noprofile"
send() { tmux send-keys -t "$session" "$@"; sleep 0.4; }
screen() { tmux capture-pane -p -t "$session" -S -200; }
send "PS1='shell$ '" Enter
send "stty -g > $work/before" Enter
send "$dnsh repl" Enter
sleep 0.5

send "bridge br0" Enter                       # create a bridge
send Up Enter                                 # recall it from history: File exists, with a caret
send "lin" Tab " sh" Tab "b" Tab Enter       # completes to `link show br0`
send "for i in 1..2 {" Enter                  # continues on a second line
send "print \"item \$i\"" Enter
send "}" Enter
send "for j in 1..3 {" Enter                  # start a block, then Ctrl-C drops it
send "print \"never \$j\"" C-c
send "print \"after ctrl-c\"" Enter
send C-d                                      # leave
sleep 0.5
send "stty -g > $work/after; echo back-in-shell" Enter
sleep 0.5
screen >"$work/screen.txt"

failures=0
expect() {
    if grep -qF -- "$1" "$work/screen.txt"; then
        echo "ok    $2"
    else
        echo "FAIL  $2 (no '$1' on the screen)"
        failures=$((failures + 1))
    fi
}
expect "dnsh> bridge br0" "the bridge was typed"
expect "bridge br0: File exists (EEXIST)" "the recalled line ran and failed"
expect "    ^~~~~~~~~~" "the error has a caret under the input"
expect "dnsh> link show br0" "Tab completed the command, its sub-word and the device"
expect '"ifname": "br0"' "the completed command ran"
expect "...   print" "the for block continued with the secondary prompt"
expect "item 1" "the loop ran (1)"
expect "item 2" "the loop ran (2)"
if grep -qx "after ctrl-c" "$work/screen.txt"; then echo "ok    Ctrl-C dropped the pending block and the session went on"; else
    echo "FAIL  no output 'after ctrl-c' after Ctrl-C"; failures=$((failures + 1)); fi
if grep -q "never" "$work/screen.txt" && grep -q "^never" "$work/screen.txt"; then
    echo "FAIL  the cancelled block ran"; failures=$((failures + 1)); else echo "ok    the cancelled block did not run"; fi
expect "back-in-shell" "Ctrl-D left the REPL"
if cmp -s "$work/before" "$work/after"; then echo "ok    the terminal settings are as before"; else
    echo "FAIL  the terminal settings changed"; failures=$((failures + 1)); fi
if [ -s "$work/history" ] && grep -q "bridge br0" "$work/history"; then echo "ok    the history was saved"; else
    echo "FAIL  no history file"; failures=$((failures + 1)); fi
if [ "$failures" -gt 0 ] || [ -n "${PTY_TEST_SHOW:-}" ]; then
    echo "--- screen ---"
    cat "$work/screen.txt"
fi
echo "pty-test: $((13 - failures)) passed, $failures failed"
[ "$failures" = 0 ]
