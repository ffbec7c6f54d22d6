#!/usr/bin/env bash
# Every test Signet has: the Swift unit, vector and differential tests, then the C side.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product signet
swift test
if [ -f examples-c/Makefile ]; then
    make -C examples-c check
fi
# End to end: the C service and a real Flask app share sessions over HTTP on 127.0.0.1.
make -C examples-c e2e
echo "run-all: every test passed"
