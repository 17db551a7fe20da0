#!/usr/bin/env bash
# Runs the libFuzzer targets one after another for SECONDS each (default 60).
#
#   fuzz/run.sh [SECONDS] [TARGET...]      TARGET: lexer parser interpreter (default: all three)
#
# Seeds: every tests/**/*.dn and scripts/**/*.dn, copied into a fresh temporary corpus per target
# (set KEEP_CORPUS=1 to keep it, CORPUS=DIR to use and grow a corpus of your own). Crash, timeout,
# leak and OOM reproducers go to fuzz/crashes/TARGET-*; each run's log to fuzz/out/logs/TARGET.log.
# Exits non-zero if any target crashed, hung or leaked. Extra libFuzzer flags: FUZZ_FLAGS.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(lexer parser interpreter)

mkdir -p "$here/crashes" "$here/out/logs"
status=0
summary=()

for t in "${targets[@]}"; do
    bin="$here/out/$t"
    if [ ! -x "$bin" ]; then echo "missing $bin: run fuzz/build.sh first" >&2; exit 2; fi
    if [ -n "${CORPUS:-}" ]; then
        corpus="$CORPUS/$t"; mkdir -p "$corpus"
    else
        corpus="$(mktemp -d "${TMPDIR:-/tmp}/dnsh-fuzz-$t.XXXXXX")"
    fi
    # Seeds, named by content hash (the same basename occurs in several test folders).
    find "$root/tests" "$root/scripts" -name '*.dn' -type f -print0 |
        while IFS= read -r -d '' f; do cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16).dn"; done
    log="$here/out/logs/$t.log"
    echo "== $t: ${seconds}s, $(ls "$corpus" | wc -l) inputs in $corpus"
    # stdin from /dev/null: a script may `import "/dev/stdin"`. The working directory is a scratch
    # directory so that nothing the target does lands in the repository.
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/dnsh-fuzz-cwd.XXXXXX")"
    (cd "$scratch" && "$bin" "$corpus" \
        -dict="$here/dnsh.dict" -max_len=4096 -timeout=10 -rss_limit_mb=4096 \
        -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$here/crashes/$t-" ${FUZZ_FLAGS:-} </dev/null >"$log" 2>&1)
    rc=$?
    rm -rf "$scratch"
    [ -z "${CORPUS:-}" ] && [ -z "${KEEP_CORPUS:-}" ] && rm -rf "$corpus"

    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1)
    line="$t: rc=$rc execs=${execs:-?} exec/s=${rate:-?} ${cov:-no coverage line}"
    if [ $rc -ne 0 ] || grep -qE '^==[0-9]+==ERROR|deadly signal|ALARM: working on the last Unit|out-of-memory' "$log"; then
        status=1
        line="$line  CRASH: $(grep -oE "Test unit written to .*" "$log" | tail -1)"
        echo "---- $t crash output (from $log):"
        grep -nE 'ERROR|Fatal error|SUMMARY|deadly signal|ALARM|out-of-memory|^ *#[0-9]+ ' "$log" | head -40
    fi
    echo "$line"
    summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
