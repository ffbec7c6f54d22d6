#!/usr/bin/env bash
# Every test Signet has: the Swift unit, vector and differential tests, then the C side.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product signet
swift test
if [ -f examples-c/Makefile ]; then
    make -C examples-c check
fi
# The benchmark's four drivers, once each: every one checks its results against Flask's bytes
# (nothing timing-based is asserted; `bash Tests/Benchmarks/run.sh` is the real benchmark).
if python3 -c "import flask, itsdangerous" 2>/dev/null; then
    bash Tests/Benchmarks/run.sh --smoke
elif [ "${CI:-}" = "true" ]; then
    echo "benchmark smoke: FAIL: python3 with Flask and itsdangerous is required when CI=true" >&2
    exit 1
else
    echo "benchmark smoke: SKIP (python3 with Flask 3.1 and itsdangerous 2.2 not found)"
fi
echo "run-all: every test passed"
