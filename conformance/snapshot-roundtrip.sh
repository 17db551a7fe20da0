#!/usr/bin/env bash
# `--from` against the real host: in a sandbox, apply scripts/bind-fleet.dn, snapshot it with
# `dnsh state --json`, then run conformance/snapshot/grow.dn twice: with `dnsh run --real` on that
# host and with `dnsh run --from` the snapshot. Both must agree as the conformance suite
# compares (state, output, exit code, failing line and errno).
set -euo pipefail
cd "$(dirname "$0")/.."
dnsh=$(realpath "${1:-.build/debug/dnsh}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case=conformance/snapshot/grow.dn
unshare --net --mount --propagation private -- sh -c '
    mount -t tmpfs tmpfs /run && mkdir -p /run/netns
    "$1" apply --no-summary scripts/bind-fleet.dn >/dev/null
    "$1" state --json >"$2/host.json"
    "$1" run --real --json --no-summary "$3" >"$2/real.json" 2>/dev/null || true' sandbox "$dnsh" "$work" "$case"
"$dnsh" run --json --no-summary --from "$work/host.json" "$case" >"$work/sim.json" 2>/dev/null || true
verdict=$(python3 conformance/compare.py "$case" "$work/sim.json" "$work/real.json")
echo "snapshot-roundtrip: $verdict"
[ "$verdict" = agree ]
