#!/usr/bin/env bash
# Dry-run scaling of the seed fleet on the simulated kernel: scripts/bind-fleet.dn with 1,000
# and 10,000 containers (in a /8, so the addresses fit). Prints each time and the ratio; a
# linear simulator gives a ratio near 10.
#
#   bench/sim-fleet.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
swift build -c release --product dnsh >/dev/null
dnsh=.build/release/dnsh

best() {  # best wall time of $runs runs, in seconds
    local n=$1 best=""
    for _ in $(seq "$runs"); do
        local start end t
        start=$(date +%s.%N)
        "$dnsh" run --no-summary scripts/bind-fleet.dn --param count="$n" \
            --param subnet=10.0.0.0/8 --param first=10.0.0.11 >/dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

t1=$(best 1000)
t10=$(best 10000)
printf 'containers  seconds  per container\n'
printf '%10d  %7.3f  %8.1f us\n' 1000 "$t1" "$(echo "$t1 * 1000" | bc -l)"
printf '%10d  %7.3f  %8.1f us\n' 10000 "$t10" "$(echo "$t10 * 100" | bc -l)"
printf 'ratio 10,000 / 1,000: %.1f (linear: 10)\n' "$(echo "$t10 / $t1" | bc -l)"
