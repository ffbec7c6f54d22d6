#!/usr/bin/env bash
# Every test Signet has: the Swift unit, vector and differential tests, then the C side.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product signet
swift test
if [ -f examples-c/Makefile ]; then
    make -C examples-c check
fi
# Hostile input (issue 7): the fuzz harnesses' short form (regressions replayed, then 5 s each),
# and the C tests under ASan+UBSan and test_threads under TSan.
bash Tests/Fuzz/run.sh --ci
if [ -f examples-c/Makefile ]; then
    make -C examples-c sanitizers
fi
echo "run-all: every test passed"
