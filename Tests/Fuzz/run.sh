#!/usr/bin/env bash
# Builds and runs the libFuzzer harnesses of Tests/Fuzz/harnesses.
#
#   Tests/Fuzz/run.sh [--ci] [--workers N] [seconds] [harness...]
#
#   seconds      fuzzing time per harness (default 60; --ci: 5)
#   --workers N  parallel fuzzing processes per harness (default 1): -jobs=N -workers=N
#   --ci         the short form run by Tests/run-all.sh
#
# Each harness first replays Tests/Fuzz/regressions/<harness>/ (every crasher found so far),
# then fuzzes from Tests/Fuzz/corpus/<harness>/ (the committed seeds) plus its working corpus in
# .build/fuzz/corpus/<harness>/. A crash, leak, timeout or out-of-memory input lands in
# .build/fuzz/artifacts/<harness>/ and fails the run: copy it into regressions/ with the fix.
# Prints one line per harness: name, seconds, executions, result (also in $FUZZ_WORK/summary.txt).
# FUZZ_WORK (default .build/fuzz) holds the working corpora, artifacts and logs.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_PER=60
WORKERS=1
CI_MODE=0
HARNESSES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --ci) CI_MODE=1; SECONDS_PER=5 ;;
        --workers) WORKERS=$2; shift ;;
        [0-9]*) SECONDS_PER=$1 ;;
        -h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) HARNESSES+=("$1") ;;
    esac
    shift
done
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=($(cd Tests/Fuzz/harnesses && ls *.swift | sed 's/\.swift$//'))

mkdir -p .build/fuzz
if ! Tests/Fuzz/build.sh "${HARNESSES[@]}" > .build/fuzz/build.log 2>&1; then
    cat .build/fuzz/build.log >&2
    echo "fuzz: the harnesses did not build" >&2
    exit 1
fi
grep "^fuzz build" .build/fuzz/build.log || true

export SWIFT_BACKTRACE=enable=no
# Swift's runtime keeps a few caches alive on purpose; everything else must be freed.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
OPTS=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1)
WORK=${FUZZ_WORK:-$ROOT/.build/fuzz}
mkdir -p "$WORK"
SUMMARY=$WORK/summary.txt
: > "$SUMMARY"
status=0
for h in "${HARNESSES[@]}"; do
    bin=$ROOT/.build/fuzz/$h
    regressions=$ROOT/Tests/Fuzz/regressions/$h
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        if ! "$bin" "${OPTS[@]}" "$regressions"/* > "$WORK/$h.replay.log" 2>&1; then
            echo "fuzz: $h: a regression input fails again:"; tail -30 "$WORK/$h.replay.log"
            status=1; continue
        fi
        echo "fuzz: $h: $(ls "$regressions" | wc -l) regression inputs replayed, OK"
    fi
    corpus=$WORK/corpus/$h artifacts=$WORK/artifacts/$h logs=$WORK/logs/$h
    rm -rf "$artifacts" "$logs"
    mkdir -p "$corpus" "$artifacts" "$logs"
    run=(nice -n 10 "$bin" "${OPTS[@]}" -max_total_time="$SECONDS_PER" -artifact_prefix="$artifacts/")
    [ "$WORKERS" -gt 1 ] && run+=(-jobs="$WORKERS" -workers="$WORKERS")
    result=ok
    (cd "$logs" && "${run[@]}" "$corpus" "$ROOT/Tests/Fuzz/corpus/$h" > main.log 2>&1) || result=FAILED
    # With -jobs each worker logs to fuzz-N.log and main.log repeats them: count each run once.
    worker_logs=("$logs"/fuzz-*.log)
    [ -f "${worker_logs[0]}" ] || worker_logs=("$logs/main.log")
    execs=$(cat "${worker_logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{s+=$1} END {print s+0}')
    if [ -n "$(ls -A "$artifacts")" ]; then result="FAILED: $(ls "$artifacts" | tr '\n' ' ')"; fi
    line=$(printf '%-14s %5ss x%s  %12s execs  %s' "$h" "$SECONDS_PER" "$WORKERS" "$execs" "$result")
    echo "fuzz: $line" | tee -a "$SUMMARY"
    if [ "$result" != ok ]; then
        grep -h -A25 "ERROR\|invariant" "$logs"/*.log | head -60
        status=1
    fi
done
exit $status
