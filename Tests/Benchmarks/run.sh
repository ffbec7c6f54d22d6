#!/usr/bin/env bash
# The performance benchmark of issue 6, in one run: Signet's C API, Signet's Swift API,
# Flask 3.1 / itsdangerous 2.2 and a raw C baseline over OpenSSL and zlib, verifying and minting
# the same Flask-made cookies; 1 and 2 threads on one handle; heap allocations per call; and
# `signet audit` against flask-unsign when Tests/CLI/bench_audit.sh exists. Then issue 16's
# ratios, paired: the C API against raw C and the Swift API against the C API, each pair in one
# process, in alternating batches of 3 ms (bench_pair.c, SignetBench --pair).
#
#     bash Tests/Benchmarks/run.sh            # release build, full timing, prints the table
#     bash Tests/Benchmarks/run.sh --smoke    # every contender once, results checked, no timing
#
# Needs: swift, cc, libssl-dev, zlib1g-dev, python3 with Flask 3.1 and itsdangerous 2.2.
# On a shared machine run it as `nice -n 10 bash Tests/Benchmarks/run.sh`: the ratios are taken
# within one run, so they hold even when the absolute numbers move.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SMOKE=""
[ "${1:-}" = "--smoke" ] && SMOKE="--smoke"

OUT=$ROOT/.build/bench
mkdir -p "$OUT"
CFLAGS="-std=c11 -Wall -Wextra -Wpedantic -Werror -O2"

swift build -c release --product signet >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
swift build -c release --product SignetBench >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
LIBDIR=$ROOT/.build/release
examples-c/packaging/soname-link.sh "$LIBDIR"
cc $CFLAGS -pthread -I"$ROOT/include" Tests/Benchmarks/bench_c.c -o "$OUT/bench_c" \
    -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lsignet -ldl
cc $CFLAGS -pthread Tests/Benchmarks/bench_raw.c Tests/Benchmarks/bench_raw_ops.c -o "$OUT/bench_raw" \
    $(pkg-config --cflags --libs libcrypto zlib)
cc $CFLAGS -pthread -I"$ROOT/include" Tests/Benchmarks/bench_pair.c Tests/Benchmarks/bench_raw_ops.c \
    -o "$OUT/bench_pair" -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lsignet $(pkg-config --cflags --libs libcrypto zlib)
cc $CFLAGS -fPIC -shared Tests/Benchmarks/alloc_count.c -o "$OUT/alloc_count.so" -ldl
# Not run here: the cold-cache probe of the nginx section (Tests/Benchmarks/README.md), built so
# that it keeps compiling.
cc $CFLAGS -I"$ROOT/include" Tests/Benchmarks/cold_cache.c -o "$OUT/cold_cache" \
    -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lsignet

python3 Tests/Benchmarks/gen_inputs.py >"$OUT/inputs.tsv"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS=$OUT/results.txt
: >"$RESULTS"
# Rounds of all four contenders in turn, so that a burst of load elsewhere on the machine
# hits one round of every contender rather than one contender's whole measurement.
ROUNDS=${BENCH_ROUNDS:-3}
[ -n "$SMOKE" ] && ROUNDS=1
for round in $(seq "$ROUNDS"); do
    "$OUT/bench_c" $SMOKE "$OUT/inputs.tsv" >>"$RESULTS"
    "$LIBDIR/SignetBench" $SMOKE "$OUT/inputs.tsv" >>"$RESULTS"
    python3 Tests/Benchmarks/bench_py.py $SMOKE "$OUT/inputs.tsv" >>"$RESULTS"
    "$OUT/bench_raw" $SMOKE "$OUT/inputs.tsv" >>"$RESULTS"
done
# Issue 16's ratios, each pair of contenders in one process, alternating batches of a few ms
# (bench_pair.c says why): the C API against raw C, then the Swift API against the C API of
# the same libsignet.so the C drivers link, which SignetBench opens with dlopen.
"$OUT/bench_pair" $SMOKE "$OUT/inputs.tsv" >>"$RESULTS"
"$LIBDIR/SignetBench" $SMOKE --pair "$LIBDIR/libsignet.so" "$OUT/inputs.tsv" >>"$RESULTS"
LD_PRELOAD="$OUT/alloc_count.so" "$OUT/bench_c" --allocs "$OUT/inputs.tsv" >>"$RESULTS"
# The same comparisons counted in instructions (callgrind), which do not depend on the load:
# each driver's --count makes 50 calls of every operation on each side, one function call per
# side that callgrind counts alone and dumps after; "INSTR DRIVER SIDE WORKLOAD OP PER_CALL".
count_instructions() { # DRIVER TOGGLE DUMP_AFTER COMMAND...
    local driver=$1 toggle=$2 dump=$3 dir=$OUT/callgrind
    shift 3
    rm -rf "$dir" && mkdir -p "$dir"
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$toggle" --dump-after="$dump" \
        --callgrind-out-file="$dir/out" "$@" >"$dir/segments" 2>"$dir/valgrind.log" ||
        { echo "(callgrind of $driver failed: $dir/valgrind.log)" >&2; return 0; }
    local n=0 _ side workload op calls
    while read -r _ side workload op calls; do
        n=$((n + 1))
        echo "INSTR $driver $side $workload $op $(awk -v c="$calls" '/^totals:/ { print $2 / c }' "$dir/out.$n")"
    done <"$dir/segments"
}
if [ -z "$SMOKE" ] && command -v valgrind >/dev/null; then
    count_instructions pair pair_counted_calls pair_counted_calls "$OUT/bench_pair" --count "$OUT/inputs.tsv" >>"$RESULTS"
    count_instructions swift '*countedCalls*' '$s11SignetBench12countedCalls*' \
        "$LIBDIR/SignetBench" --count --pair "$LIBDIR/libsignet.so" "$OUT/inputs.tsv" >>"$RESULTS"
fi

if [ -n "$SMOKE" ]; then
    # Every driver checked its results against Flask's bytes; make sure each one reported, alone
    # and paired.
    for line in "RESULT c" "RESULT swift" "RESULT python" "RESULT raw" "PAIR c raw" "PAIR swift c"; do
        for workload in login large tiny; do
            for op in verify mint; do
                grep -q "^$line $workload $op " "$RESULTS" ||
                    { echo "benchmark smoke: no $line $workload $op line" >&2; exit 1; }
            done
        done
    done
    for pair in "c c" "swift swift"; do
        grep -q "^PAIR $pair tiny verify " "$RESULTS" || { echo "benchmark smoke: no $pair check of the pairing" >&2; exit 1; }
    done
    grep -q "^ALLOCS c login verify " "$RESULTS" || { echo "benchmark smoke: no allocation count" >&2; exit 1; }
    echo "benchmark smoke: all four contenders verified and minted every workload correctly, alone and paired"
    exit 0
fi

AUDIT=-
if [ -f Tests/CLI/bench_audit.sh ]; then
    AUDIT=$OUT/audit.txt
    bash Tests/CLI/bench_audit.sh >"$AUDIT" 2>&1 || echo "(bench_audit.sh exited with $?)" >>"$AUDIT"
fi

echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
    "$(uname -sr), $(swift --version 2>&1 | head -1 | sed 's/ (.*//'), $(cc --version | head -1)," \
    "$(openssl version 2>/dev/null || echo OpenSSL), zlib $(pkg-config --modversion zlib), Python $(python3 -c 'import sys; print(sys.version.split()[0])')," \
    "Flask $(python3 -c 'import importlib.metadata as m; print(m.version("flask"))')," \
    "itsdangerous $(python3 -c 'import importlib.metadata as m; print(m.version("itsdangerous"))')"
echo "Date: $STARTED to $(date -u '+%H:%M UTC'); load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
python3 Tests/Benchmarks/report.py "$RESULTS" "$AUDIT"
