#!/usr/bin/env bash
# The Swift guide, Sources/Signet/Signet.docc, converts with the toolchain's docc without a
# warning: every symbol link and article link resolves, and every documented function of the
# Signet module documents all its parameters. Needs the release build of the module
# (`swift build -c release --product signet`, as Tests/run-all.sh does first). Without docc it
# SKIPs, or FAILs when CI=true.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v docc >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then echo "check_docc: FAILED: no docc and CI=true" >&2; exit 1; fi
    echo "check_docc: SKIP (no docc in the Swift toolchain)"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/symbols"
swift symbolgraph-extract -module-name Signet -target "$(uname -m)-unknown-linux-gnu" \
    -I .build/release/Modules -I Sources/COpenSSL -I Sources/CZlib \
    -minimum-access-level public -output-dir "$work/symbols"
docc convert Sources/Signet/Signet.docc --additional-symbol-graph-dir "$work/symbols" \
    --output-dir "$work/Signet.doccarchive" --warnings-as-errors >"$work/log" 2>&1 \
    || { cat "$work/log" >&2; echo "check_docc: FAILED" >&2; exit 1; }
echo "check_docc: Signet.docc converts without a warning"
