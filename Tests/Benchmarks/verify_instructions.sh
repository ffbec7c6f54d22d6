#!/usr/bin/env bash
# Instructions per signet_verify call on each workload, counted by callgrind: unlike a timing,
# the count does not depend on what else the machine is doing, so two builds can be compared
# on a busy machine. Needs valgrind.
#
#     bash Tests/Benchmarks/verify_instructions.sh [LIBDIR]
#
# LIBDIR holds the libsignet.so to count (default: a release build of this tree); pass another
# tree's .build/release to compare with it. The inputs are gen_inputs.py's, made once per run.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.build/bench
mkdir -p "$OUT"
LIBDIR=${1:-}
if [ -z "$LIBDIR" ]; then
    swift build -c release --product signet >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
    LIBDIR=$PWD/.build/release
    examples-c/packaging/soname-link.sh "$LIBDIR"
fi
LIBDIR=$(cd "$LIBDIR" && pwd)
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -O2 -pthread -Iinclude Tests/Benchmarks/bench_c.c -o "$OUT/verify_calls" \
    -L"$LIBDIR" -Wl,-rpath,"$LIBDIR" -lsignet -ldl
[ -s "$OUT/inputs.tsv" ] || python3 Tests/Benchmarks/gen_inputs.py >"$OUT/inputs.tsv"
index=0
while IFS=$'\t' read -r name _; do
    calls=$([ "$name" = tiny ] && echo 10000 || echo 1000)
    total=$(valgrind --tool=callgrind --toggle-collect=signet_verify --callgrind-out-file=/dev/null \
        "$OUT/verify_calls" --calls "$index" "$calls" "$OUT/inputs.tsv" 2>&1 | sed -n 's/.*Collected : //p')
    echo "$name: $((total / calls)) instructions per signet_verify ($LIBDIR)"
    index=$((index + 1))
done <"$OUT/inputs.tsv"
