#!/bin/sh
# Builds libsignet.a from the objects SwiftPM compiled for libsignet.so (modules Signet and
# SignetC) and the parts of the static Swift runtime they use, linked into ONE relocatable object
# whose only global symbols are signet_*: a C program links it with no Swift installed, and no
# Swift runtime symbol can clash with another copy in the program. What else it needs (libcrypto,
# zlib, libstdc++...) is Libs.private in signet.pc.
#
#   static-lib.sh BUILD_DIR OUT.a      BUILD_DIR: SwiftPM's release directory, after
#                                      `swift build -c release --product signet`
set -eu
build_dir=$1
out=$2
swiftc=$(command -v swiftc) || { echo "static-lib.sh: swiftc not found" >&2; exit 1; }
runtime=$(cd "$(dirname "$(readlink -f "$swiftc")")/../lib/swift_static/linux" && pwd)
arch=$(uname -m)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The objects of this build's sources only (stale objects of deleted files may linger).
for module in Signet SignetC; do
    sed -e "s|.*/|$build_dir/$module.build/|" -e 's|$|.o|' "$build_dir/$module.build/sources"
done > "$work/objects"

# swiftrt.o registers the Swift metadata sections with the runtime, as in any Swift image.
# shellcheck disable=SC2046
ld -r -o "$work/signet.o" "$runtime/$arch/swiftrt.o" $(cat "$work/objects") -L"$runtime" \
    --start-group -lswiftCore -lswift_Concurrency -lswift_StringProcessing -lswift_RegexParser \
    -lswiftGlibc -ldispatch -lBlocksRuntime --end-group
unresolved=$(nm -u "$work/signet.o" | awk '$2 ~ /^(\$s|swift_)/ {print $2}' | head -5)
if [ -n "$unresolved" ]; then
    echo "static-lib.sh: Swift symbols left undefined: $unresolved" >&2
    exit 1
fi
objcopy --strip-debug --wildcard --keep-global-symbol='signet_*' "$work/signet.o" "$work/libsignet.o"
rm -f "$out"
ar rcsD "$out" "$work/libsignet.o"
