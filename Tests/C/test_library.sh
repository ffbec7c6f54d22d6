#!/usr/bin/env bash
# The shipped artefacts as a user meets them: libsignet.so links no Swift runtime and exports the
# signet_ API only, the header compiles as C89, C99, C11 and C++98 to C++20 with gcc and clang,
# its attributes warn as they should, and mint.c copied out of the repository
# builds against an installed library through pkg-config.
set -u
cd "$(dirname "$0")/../../examples-c"   # where the examples and packaging/ live
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
declared=$(grep -o '\bsignet_[a-z0-9_]*(' ../include/signet.h | tr -d '(' | sort -u)
[ "$declared" = "$exported" ] || fail "exports differ from signet.h: $(diff <(echo "$declared") <(echo "$exported") | grep '^[<>]' | tr '\n' ' ')"

# The header compiles cleanly in every dialect a C or C++ user may pick, with gcc and clang (g++
# before C++11 is not asked for -pedantic: it warns about the variadic SIGNET_NONNULL whatever
# the header does).
header_dir=$(mktemp -d)
echo '#include "signet.h"' > "$header_dir/header.c"
cat > "$header_dir/members.c" <<'EOF'
#include "signet.h"
int build(const char *name, size_t name_len, uint8_t *out, size_t cap, size_t *len);
int build(const char *name, size_t name_len, uint8_t *out, size_t cap, size_t *len) {
    signet_member session[] = { SIGNET_MEMBER_STRING("user", name, name_len), SIGNET_MEMBER_INT64("id", 42),
                                SIGNET_MEMBER_BOOL("_fresh", 1), SIGNET_MEMBER_NULL("none"),
                                SIGNET_MEMBER_JSON("cart", "[1,2]", 5) };
    return signet_session_build(session, sizeof session / sizeof session[0], out, cap, len);
}
EOF
for cc in gcc clang; do
    command -v $cc >/dev/null || { fail "$cc not installed"; continue; }
    for std in c89 c99 c11 c17; do
        $cc -x c -std=$std -pedantic -Wall -Wextra -Werror -I../include -fsyntax-only "$header_dir/header.c" \
            || fail "signet.h does not compile with $cc -std=$std -pedantic"
    done
    for std in c99 c11; do
        $cc -x c -std=$std -pedantic -Wall -Wextra -Werror -I../include -fsyntax-only "$header_dir/members.c" \
            || fail "the SIGNET_MEMBER_* initialisers do not compile with $cc -std=$std"
    done
done
for cxx in g++ clang++; do
    command -v $cxx >/dev/null || { fail "$cxx not installed"; continue; }
    for std in "c++98" "c++11 -pedantic" "c++17 -pedantic" "c++20 -pedantic"; do
        $cxx -x c++ -std=$std -Wall -Wextra -Werror -I../include -fsyntax-only "$header_dir/header.c" \
            || fail "signet.h does not compile with $cxx -std=$std"
    done
    $cxx -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror -I../include -fsyntax-only "$header_dir/members.c" \
        || fail "the SIGNET_MEMBER_* initialisers do not compile with $cxx -std=c++11"
done

# The attributes bite: an ignored status and a literal NULL for a required pointer are errors
# under -Werror, and the same calls done right compile.
cat > "$header_dir/misuse.c" <<'EOF'
#include "signet.h"
void ignores(signet_options *opts);
void ignores(signet_options *opts) { signet_options_init(opts, sizeof *opts, SIGNET_PRESET_FLASK_SESSION); }
EOF
cat > "$header_dir/null.c" <<'EOF'
#include "signet.h"
int null_out(signet_ctx *ctx);
int null_out(signet_ctx *ctx) { return signet_sign(ctx, NULL, 0, NULL, 0, NULL); }
EOF
cat > "$header_dir/right.c" <<'EOF'
#include "signet.h"
int checks(signet_options *opts, signet_ctx *ctx, size_t *len);
int checks(signet_options *opts, signet_ctx *ctx, size_t *len) {
    if (signet_options_init(opts, sizeof *opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) return 1;
    return signet_sign(ctx, NULL, 0, NULL, 0, len);
}
EOF
for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    ! $cc -std=c11 -Wall -Werror -I../include -c "$header_dir/misuse.c" -o /dev/null 2>/dev/null \
        || fail "$cc accepts an ignored status (SIGNET_NODISCARD)"
    ! $cc -std=c11 -Wall -Werror -I../include -c "$header_dir/null.c" -o /dev/null 2>/dev/null \
        || fail "$cc accepts NULL for out_len (SIGNET_NONNULL)"
    $cc -std=c11 -Wall -Wextra -Werror -I../include -c "$header_dir/right.c" -o /dev/null \
        || fail "$cc refuses correct calls"
done
rm -rf "$header_dir"

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
