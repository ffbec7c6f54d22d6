#!/usr/bin/env bash
# The shipped artefacts as a user meets them: libsignet.so links no Swift runtime and exports the
# signet_ API only, the header compiles as C11 and C++, and mint.c copied out of the repository
# builds against an installed library through pkg-config.
set -u
cd "$(dirname "$0")"
lib=../.build/release/libsignet.so
failures=0
fail() { echo "test_library: FAILED: $*" >&2; failures=$((failures + 1)); }

[ -f "$lib" ] || { echo "test_library: FAILED: $lib not built" >&2; exit 1; }

if ldd "$lib" | grep -q 'libswift'; then fail "links the Swift runtime: $(ldd "$lib" | grep libswift)"; fi

# Every export sits in the version node of the SONAME's major version (signet.map).
major=$(packaging/version.sh major)
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libsignet.so.$major" ] || fail "SONAME is '$soname', not libsignet.so.$major"
versioned=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sort)
unversioned=$(grep -v "@@SIGNET_$major\$" <<<"$versioned")
[ -z "$unversioned" ] || fail "exports outside version node SIGNET_$major: $(tr '\n' ' ' <<<"$unversioned")"
exported=$(sed 's/@.*//' <<<"$versioned")
stray=$(grep -v '^signet_' <<<"$exported")
[ -z "$stray" ] || fail "exports more than signet_*: $(tr '\n' ' ' <<<"$stray")"
declared=$(grep -o '\bsignet_[a-z_]*(' ../include/signet.h | tr -d '(' | sort -u)
[ "$declared" = "$exported" ] || fail "exports differ from signet.h: $(diff <(echo "$declared") <(echo "$exported") | grep '^[<>]' | tr '\n' ' ')"

echo '#include "signet.h"' > /tmp/signet_header.$$.c
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -I../include -fsyntax-only /tmp/signet_header.$$.c \
    || fail "signet.h does not compile as C11"
${CXX:-c++} -x c++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -I../include -fsyntax-only /tmp/signet_header.$$.c \
    || fail "signet.h does not compile as C++"
rm -f /tmp/signet_header.$$.c

# Install into a scratch prefix, then build mint.c as a newcomer would, outside the repository.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if make --no-print-directory -s install PREFIX="$scratch/prefix" >/dev/null; then
    cp mint.c "$scratch/"
    (
        cd "$scratch" &&
        export PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig" &&
        ${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror mint.c -o mint $(pkg-config --cflags --libs signet)
    ) || fail "mint.c does not build against the installed library with pkg-config"
    cookie=$(LD_LIBRARY_PATH="$scratch/prefix/lib" "$scratch/mint" dev-key '{"user_id":"42"}') \
        || fail "installed mint exited $?"
    ./verify dev-key "$cookie" >/dev/null || fail "cookie from the installed mint does not verify"
    [ "$(PKG_CONFIG_PATH="$scratch/prefix/lib/pkgconfig" pkg-config --modversion signet)" = \
      "$(packaging/version.sh)" ] || fail "signet.pc version differs from signet.h's"
else
    fail "make install into a scratch prefix failed"
fi

if [ $failures -eq 0 ]; then echo "test_library: all checks passed"; else exit 1; fi
