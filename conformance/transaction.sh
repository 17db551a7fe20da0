#!/usr/bin/env bash
# Transactions on the real kernel, each scenario in a fresh throwaway sandbox (new network and
# mount namespace, private /run/netns). The state is compared with iproute2's own `ip -j`
# dumps of every namespace, before and after:
#
#   cycle     apply, apply again (0 changes), plan (0 changes, exit 0), undo: as before
#   clash     a name clash placed in the live state stops the 7th container while planning:
#             exit 4 at the statement, nothing sent, as before
#   fault-K   a failure injected at request K (DNSH_FAIL_AT) of the fleet on a host that has
#             half of it, and of changes.dn (renames, moves, deletions) on base.dn's host:
#             exit 4, everything undone, as before
#   signal-K  SIGINT before request K (DNSH_SIGNAL_AT): exit 4, rolled back, as before
#   ip-format `dnsh plan --format ip` run by sh in a fresh sandbox gives what apply gives
#   undo-keeps      undo removes what applies made: a bridge that was there before stays
#   not-idempotent  a script that would change the host again is warned about
#   remembered      applying again on the same state answers from /run/dnsh; drift is planned
#
# Prints one line per check and "transaction: N passed, M failed". Needs root and iproute2.
#   conformance/transaction.sh [DNSH]
set -uo pipefail
cd "$(dirname "$0")/.."
dnsh=$(realpath "${1:-.build/debug/dnsh}")
command -v ip >/dev/null || { echo "transaction: skipped, iproute2 (ip) is not installed"; exit 0; }
[ "$(id -u)" = 0 ] || { echo "transaction: skipped, needs root (sandboxes)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

check() {  # check NAME COMMAND...: runs the command, counts and prints the result
    local name=$1
    shift
    if "$@" >"$work/out" 2>&1; then
        passed=$((passed + 1))
        echo "ok   $name"
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        sed "s/^/     /" "$work/out" | head -${TRANSACTION_LINES:-20}
    fi
}

# The body of each scenario runs inside a sandbox; `dump FILE [--loose]` writes every
# namespace's links, addresses and routes as `ip -j` shows them (transaction/ipstate.py).
sandbox() {
    unshare --net --mount --propagation private -- bash -c '
        set -u
        mount -t tmpfs tmpfs /run && mkdir -p /run/netns
        ip link set lo up
        dnsh=$1; work=$2; shift 2
        dump() { python3 conformance/transaction/ipstate.py "${@:2}" >"$1"; }
        eval "$1"' sandbox "$dnsh" "$work" "$1"
}

fleet=scripts/bind-fleet.dn

cycle() {
    sandbox '
        dump $work/before
        $dnsh apply --no-summary '$fleet' -p count=8 >/dev/null || exit 1
        $dnsh apply '$fleet' -p count=8 >$work/again || exit 1
        grep -qx "0 changes; nothing was sent to the kernel" $work/again || { cat $work/again; exit 1; }
        $dnsh plan '$fleet' -p count=8 >$work/plan || { echo "plan exit $?"; exit 1; }
        grep -qx "0 changes" $work/plan || exit 1
        ip netns exec bind3 ip -j route show | grep -q "10.3.16.1" || exit 1
        $dnsh apply --undo --no-summary '$fleet' -p count=8 >/dev/null || exit 1
        dump $work/after
        diff $work/before $work/after'
}

clash() {
    sandbox '
        $dnsh apply --no-summary '$fleet' -p count=3 >/dev/null || exit 1
        ip link add veth-bind7 type bridge
        dump $work/before
        $dnsh apply '$fleet' -p count=8 >/dev/null 2>$work/err
        code=$?
        [ $code = 4 ] || { echo "exit $code"; cat $work/err; exit 1; }
        grep -q "bind-fleet.dn:29:5: error: link add veth-bind7: File exists (EEXIST)" $work/err || { cat $work/err; exit 1; }
        grep -q "note: in .wire. called from here" $work/err || { cat $work/err; exit 1; }
        grep -q "nothing was changed on the host" $work/err || exit 1
        dump $work/after
        diff $work/before $work/after'
}

# fault SETUP SCRIPT K [SIGNAL]: SETUP applied first; SCRIPT then fails at request K.
fault() {
    local setup=$1 script=$2 k=$3 variable=${4:-DNSH_FAIL_AT}
    sandbox '
        '"$setup"'
        dump $work/before
        '$variable'='$k' $dnsh apply '"$script"' >/dev/null 2>$work/err
        code=$?
        [ $code = 4 ] || { echo "exit $code"; cat $work/err; exit 1; }
        grep -q "rolled back: .* undone; the host is as it was before the apply" $work/err || { cat $work/err; exit 1; }
        dump $work/after
        diff $work/before $work/after'
}

requests() {  # how many requests a plan has on a sandbox after SETUP
    sandbox "$1"' >/dev/null; $dnsh plan --format ip '"$2"' 2>/dev/null | grep -c -v -e "^#" -e "^set -e" -e "^ip " -e "^nsenter " -e "^EOF"'
}

# A script that deletes and creates its bridge every time is not idempotent: the apply says so.
not_idempotent() {
    printf 'link add br7 type bridge\nlink del br7\nlink add br7 type bridge\n' >$work/churn.dn
    sandbox '
        $dnsh apply --no-summary $work/churn.dn 2>$work/err || exit 1
        grep -q "warning: applying this script again would change the host again" $work/err || { cat $work/err; exit 1; }
        grep -q -- "- link br7" $work/err || exit 1'
}

# Applying again on the same state is answered from /run/dnsh without running the script, with
# the script's output; a changed state is planned again.
remembered() {
    sandbox '
        $dnsh apply --no-summary '$fleet' -p count=2 >/dev/null || exit 1
        [ "$(ls /run/dnsh/unchanged | wc -l)" = 1 ] || { echo "nothing remembered"; exit 1; }
        $dnsh apply '$fleet' -p count=2 >$work/again || exit 1
        grep -q "^bind2: eth0 10.3.16.12/20" $work/again || exit 1
        grep -qx "0 changes; nothing was sent to the kernel" $work/again || exit 1
        ip -n bind2 addr flush dev eth0
        $dnsh apply '$fleet' -p count=2 >$work/fixed || exit 1
        grep -q "^+ addr 10.3.16.12/20 dev eth0" $work/fixed || { cat $work/fixed; exit 1; }'
}

# Undo removes what applies made and nothing else: a bridge that was there before the script
# (which the script's `link add docker0` adopts) stays; its address, added by the script, goes.
# (Compared loosely: a bridge whose ports came and went has the kernel's all-zero MAC and no
# carrier, which no tool can undo.)
undo_keeps() {
    sandbox '
        ip link add docker0 type bridge && ip link set docker0 up
        dump $work/before --loose
        $dnsh apply --no-summary '$fleet' -p count=2 >/dev/null || exit 1
        ip -br addr show docker0 | grep -q 10.3.16.1/20 || exit 1
        $dnsh apply --undo '$fleet' -p count=2 >$work/undo || { cat $work/undo; exit 1; }
        dump $work/after --loose
        diff $work/before $work/after || exit 1
        $dnsh apply --undo '$fleet' -p count=2 >$work/again || exit 1
        grep -qx "0 changes; nothing was sent to the kernel" $work/again || { cat $work/again; exit 1; }'
}

ip_format() {
    sandbox '
        $dnsh apply --no-summary '$fleet' -p count=4 >/dev/null || exit 1
        dump $work/applied --loose' || return 1
    sandbox '
        $dnsh plan --format ip '$fleet' -p count=4 >$work/plan.sh 2>/dev/null; [ $? = 6 ] || exit 1
        sh -e $work/plan.sh || exit 1
        dump $work/by-ip --loose
        diff $work/applied $work/by-ip'
}

check cycle cycle
check clash clash
half="\$dnsh apply --no-summary $fleet -p count=4 >/dev/null"
base="\$dnsh apply --no-summary conformance/transaction/base.dn >/dev/null"
total=$(requests "$half" "$fleet -p count=8")
changes=$(requests "$base" conformance/transaction/changes.dn)
echo "     (fleet 4 -> 8: $total requests; changes.dn: $changes requests)"
for k in 1 2 $((total / 2)) $((total - 1)) "$total"; do
    check "fault-$k fleet 4 -> 8" fault "$half" "$fleet -p count=8" "$k"
done
for k in 1 3 $((changes / 2)) $((changes - 2)) "$changes"; do
    check "fault-$k changes.dn" fault "$base" conformance/transaction/changes.dn "$k"
done
for k in 2 $((total / 2)); do
    check "signal-$k fleet 4 -> 8" fault "$half" "$fleet -p count=8" "$k" DNSH_SIGNAL_AT
done
check ip-format ip_format
check undo-keeps-what-was-there undo_keeps
check not-idempotent not_idempotent
check remembered remembered
echo "transaction: $passed passed, $failed failed"
[ "$failed" = 0 ]
