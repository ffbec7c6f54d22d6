#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Tests/Fuzz into .build/fuzz/ (swiftc -sanitize=fuzzer,address).
# The Signet and SignetC sources are compiled here, instrumented, as static libraries; each
# harness links them. Usage: Tests/Fuzz/build.sh [harness...]   (default: every harness)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/.build/fuzz
mkdir -p "$OUT"
# One package name for every module, as SwiftPM gives them, so SignetC sees `package` symbols.
SAN=(-sanitize=fuzzer,address -O -g -parse-as-library -swift-version 6 -package-name signet -use-ld=lld)
INC=(-I "$ROOT/Sources/COpenSSL" -I "$ROOT/Sources/CZlib" -I "$ROOT/include" -I "$OUT")
LINK=(-L "$OUT" -lSignetC -lSignet -lcrypto -lz)

# Rebuild a library only when one of its sources is newer than it.
stale() { local lib=$1; shift; [ ! -f "$lib" ] || [ -n "$(find "$@" -newer "$lib" -name '*.swift' -o -newer "$lib" -name '*.h' | head -1)" ]; }

if stale "$OUT/libSignet.a" Sources/Signet; then
    echo "fuzz build: Signet"
    # A fresh archive: swiftc adds to an existing one, keeping objects of renamed files.
    rm -f "$OUT/libSignet.a"
    swiftc "${SAN[@]}" "${INC[@]}" -module-name Signet -emit-module -emit-module-path "$OUT/Signet.swiftmodule" \
        -emit-library -static -o "$OUT/libSignet.a" $(find Sources/Signet -name '*.swift' | sort)
    rm -f "$OUT/libSignetC.a"
fi
if stale "$OUT/libSignetC.a" Sources/SignetC include; then
    echo "fuzz build: SignetC"
    rm -f "$OUT/libSignetC.a"
    swiftc "${SAN[@]}" "${INC[@]}" -module-name SignetC -emit-module -emit-module-path "$OUT/SignetC.swiftmodule" \
        -emit-library -static -o "$OUT/libSignetC.a" $(find Sources/SignetC -name '*.swift' | sort)
fi

HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=($(cd Tests/Fuzz/harnesses && ls *.swift | sed 's/\.swift$//'))
for h in "${HARNESSES[@]}"; do
    src=Tests/Fuzz/harnesses/$h.swift
    if [ ! -f "$OUT/$h" ] || [ -n "$(find "$src" Tests/Fuzz/harnesses/Common "$OUT/libSignet.a" "$OUT/libSignetC.a" -newer "$OUT/$h" | head -1)" ]; then
        echo "fuzz build: $h"
        swiftc "${SAN[@]}" "${INC[@]}" -module-name "fuzz_$h" "$src" Tests/Fuzz/harnesses/Common/*.swift -o "$OUT/$h" "${LINK[@]}"
    fi
done
