#!/usr/bin/env bash
# The conformance suite: every case runs once with `dnsh run` on the simulated kernel and once
# with `dnsh run --real` (statement by statement) on the real kernel inside a throwaway sandbox (a new network and mount
# namespace with a private /run/netns, gone when the case ends). Both runs must end in the same
# state and, where one fails, fail at the same statement with the same errno.
#
#   conformance/run.sh [DNSH]        (as root)
#
# Prints one line per disagreeing case and a closing table; exits 1 on any disagreement.
set -u
cd "$(dirname "$0")/.."
dnsh=$(realpath "${1:-.build/debug/dnsh}")
if [ "$(id -u)" != 0 ]; then
    echo "conformance: needs root for the real-kernel half (it runs in sandboxes)" >&2
    exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cases=(tests/kernel/*.dn tests/fleet/*.dn scripts/*.dn conformance/cases/*.dn)
total=0 agree=0 disagree=0 skipped=0
for script in "${cases[@]}"; do
    [ -f "$script" ] || continue
    total=$((total + 1))
    # A script can say why it is not a case: `# conformance: skip REASON`.
    reason=$(sed -n 's/^# conformance: skip //p' "$script" | head -1)
    if [ -n "$reason" ]; then
        skipped=$((skipped + 1))
        echo "skipped   $script ($reason)"
        continue
    fi
    params=()
    while IFS= read -r p; do params+=(--param "$p"); done < <(sed -n 's/.*# param: //p' "$script")
    "$dnsh" run --json --no-summary "${params[@]}" "$script" >"$work/sim.json" 2>/dev/null
    unshare --net --mount --propagation private -- sh -c \
        'mount -t tmpfs tmpfs /run && mkdir -p /run/netns && exec "$@"' sandbox \
        "$dnsh" run --real --json --no-summary "${params[@]}" "$script" >"$work/real.json" 2>"$work/real.err"
    if grep -q '"message": ".*Unknown device type' "$work/real.json" && ! grep -q 'Unknown device type' "$work/sim.json"; then
        skipped=$((skipped + 1))
        echo "skipped   $script (a device type this kernel lacks)"
        continue
    fi
    verdict=$(python3 conformance/compare.py "$script" "$work/sim.json" "$work/real.json")
    if [ "$verdict" = agree ]; then
        agree=$((agree + 1))
    else
        disagree=$((disagree + 1))
        echo "DISAGREE  $script: ${verdict#disagree: }"
    fi
done
echo
printf '%-10s %6s\n' cases "$total" agreeing "$agree" disagreeing "$disagree" skipped "$skipped"
echo "conformance: $agree passed, $disagree failed, $skipped skipped"
[ "$disagree" = 0 ]
