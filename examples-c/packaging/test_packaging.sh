#!/usr/bin/env bash
# Signet as a C programmer installs it (issue 14), each way tried with the real tools:
#   - one version: signet.h's numbers are those of the library, `signet --version`, signet.pc,
#     the CMake package, the Debian packages and the tarball's name;
#   - make install: libsignet.so.X.Y.Z with SONAME libsignet.so.X and its links, libsignet.a
#     exporting only signet_*, header, signet.pc, CMake package, bin/signet, man pages;
#   - the man pages: signet.1 holds every option `signet --help` lists, signet.3 every function
#     signet.h declares;
#   - mint.c and verify.c built against each installation and run (a cookie minted by one
#     verifies in the other): pkg-config and CMake, shared and static (no libsignet in NEEDED);
#   - make deb: three packages with their Depends, extracted into a scratch root and built
#     against; as root, a real `apt-get install`, a program built with plain pkg-config that runs
#     with no LD_LIBRARY_PATH, then `apt-get purge`, leaving the package list as it was;
#   - make dist: the tarball, unpacked anywhere, builds and runs with no Swift on PATH;
#   - the Swift package used as a dependency from a git URL.
# Needs cc, pkg-config, cmake, dpkg-deb and dpkg-shlibdeps; no step is skipped for lack of one.
set -uo pipefail
cd "$(dirname "$0")/.."
examples=$PWD
root=$(cd .. && pwd)
version=$(packaging/version.sh)
major=$(packaging/version.sh major)
scratch=$(mktemp -d)
failures=0
fail() { echo "test_packaging: FAILED: $*" >&2; failures=$((failures + 1)); }
step() { echo "test_packaging: $* ($SECONDS s)"; }
CC=${CC:-cc}
WARN=(-std=c11 -Wall -Wextra -Wpedantic -Werror)

cleanup_apt=""
cleanup() {
    [ -z "$cleanup_apt" ] || eval "$cleanup_apt"
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in "$CC" pkg-config cmake dpkg-deb dpkg-shlibdeps readelf; do
    command -v "$tool" >/dev/null || { echo "test_packaging: FAILED: $tool is not installed" >&2; exit 1; }
done
cp mint.c verify.c "$scratch/"
printf '#include <stdio.h>\n#include <signet.h>\nint main(void) { puts(signet_version_string()); return 0; }\n' \
    > "$scratch/version.c"
cat > "$scratch/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(signet_user C)
find_package(Signet @VERSION@ CONFIG REQUIRED)
file(WRITE "${CMAKE_BINARY_DIR}/found-version" "${Signet_VERSION}")
foreach(program mint verify version)
    add_executable(${program} ${program}.c)
    target_link_libraries(${program} PRIVATE Signet::signet)
    add_executable(${program}_static ${program}.c)
    target_link_libraries(${program}_static PRIVATE Signet::signet_static)
endforeach()
EOF
sed -i "s/@VERSION@/$version/" "$scratch/CMakeLists.txt"

# round_trip DIR [RUN_ENV...]: DIR's mint mints a cookie that DIR's verify accepts, and their
# library reports this version.
round_trip() {
    local dir=$1 suffix=${2:-}
    local cookie json
    cookie=$("$dir/mint$suffix" packaging-key '{"user_id":"42","cart":{" t":[1,2]}}') ||
        { fail "$dir/mint$suffix exited $?"; return; }
    # verify prints the session, then the signing time.
    json=$("$dir/verify$suffix" packaging-key "$cookie" | head -1) || { fail "$dir/verify$suffix refused its cookie"; return; }
    [ "$json" = '{"cart":{" t":[1,2]},"user_id":"42"}' ] || fail "$dir/verify$suffix printed $json"
    if "$dir/verify$suffix" wrong-key "$cookie" >/dev/null 2>&1; then fail "$dir/verify$suffix accepted a wrong key"; fi
    [ "$("$dir/version$suffix")" = "$version" ] || fail "$dir/version$suffix reports $("$dir/version$suffix")"
}

# no_libsignet_needed PROGRAM: statically linked, the program does not load libsignet.so.
no_libsignet_needed() {
    if readelf -d "$1" | grep -q 'NEEDED.*libsignet'; then fail "$1 needs $(readelf -d "$1" | grep -o 'libsignet[^]]*')"; fi
}

# with_pkg_config DIR: builds mint, verify and version in DIR with pkg-config as configured by
# the environment, shared (rpath to the .pc's libdir) and static (libsignet.a + Libs.private),
# and runs them.
with_pkg_config() {
    local dir=$1 cflags libs libdir program
    mkdir -p "$dir"
    # -L, unlike --variable=libdir, carries PKG_CONFIG_SYSROOT_DIR with every pkg-config.
    cflags=$(pkg-config --cflags signet) && libs=$(pkg-config --libs signet) &&
        libdir=$(pkg-config --libs-only-L signet | sed 's/^ *-L//; s/ *$//') || { fail "pkg-config does not know signet in $dir"; return; }
    [ "$(pkg-config --modversion signet)" = "$version" ] || fail "signet.pc says $(pkg-config --modversion signet)"
    for program in mint verify version; do
        # shellcheck disable=SC2086
        "$CC" "${WARN[@]}" $cflags "$scratch/$program.c" -o "$dir/$program" $libs -Wl,-rpath,"$libdir" ||
            fail "$program.c does not build with pkg-config ($dir)"
        # shellcheck disable=SC2086
        "$CC" "${WARN[@]}" $cflags "$scratch/$program.c" -o "$dir/${program}_static" \
            "$libdir/libsignet.a" -Wl,--as-needed $(pkg-config --static --libs signet) ||
            fail "$program.c does not build against libsignet.a with pkg-config --static ($dir)"
    done
    round_trip "$dir"
    round_trip "$dir" _static
    no_libsignet_needed "$dir/mint_static"
}

# with_cmake PREFIX DIR: configures the scratch project against PREFIX, builds and runs it.
with_cmake() {
    local prefix=$1 dir=$2
    if cmake -S "$scratch" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_C_FLAGS="-Wall -Wextra -Werror" >"$dir.log" 2>&1 &&
        cmake --build "$dir" -j2 >>"$dir.log" 2>&1; then
        [ "$(cat "$dir/found-version")" = "$version" ] || fail "CMake found Signet $(cat "$dir/found-version")"
        # The shared build runs through the rpath CMake records.
        round_trip "$dir"
        round_trip "$dir" _static
        no_libsignet_needed "$dir/mint_static"
    else
        fail "the CMake project does not build against $prefix: $(tail -5 "$dir.log")"
    fi
}

step "version $version"
make --no-print-directory -s "$root/.build/release/signet-cli" >/dev/null 2>&1 || fail "signet-cli does not build"
[ "$("$root/.build/release/signet-cli" --version)" = "signet $version" ] ||
    fail "signet --version prints '$("$root/.build/release/signet-cli" --version)'"

step "make install"
prefix="$scratch/install/usr/local"
if make --no-print-directory -s install PREFIX=/usr/local DESTDIR="$scratch/install" >"$scratch/install.log" 2>&1; then
    lib="$prefix/lib"
    [ -f "$lib/libsignet.so.$version" ] && [ ! -L "$lib/libsignet.so.$version" ] || fail "no libsignet.so.$version"
    [ "$(readlink "$lib/libsignet.so.$major")" = "libsignet.so.$version" ] || fail "libsignet.so.$major is not a link to libsignet.so.$version"
    [ "$(readlink "$lib/libsignet.so")" = "libsignet.so.$major" ] || fail "libsignet.so is not a link to libsignet.so.$major"
    readelf -d "$lib/libsignet.so.$version" | grep -q "SONAME.*\[libsignet.so.$major\]" || fail "SONAME is not libsignet.so.$major"
    globals=$(nm --defined-only "$lib/libsignet.a" | awk '$2 ~ /^[A-TV-Z]$/ {print $3}' | sort)
    stray=$(grep -v '^signet_' <<<"$globals")
    [ -z "$stray" ] || fail "libsignet.a defines global symbols besides signet_*: $(head -5 <<<"$stray" | tr '\n' ' ')"
    declared=$(grep -o '\bsignet_[a-z0-9_]*(' "$root/include/signet.h" | tr -d '(' | sort -u)
    [ "$declared" = "$globals" ] || fail "libsignet.a's globals differ from signet.h: $(diff <(echo "$declared") <(echo "$globals") | grep '^[<>]' | tr '\n' ' ')"
    for file in include/signet.h lib/pkgconfig/signet.pc lib/cmake/Signet/SignetConfig.cmake \
            lib/cmake/Signet/SignetConfigVersion.cmake share/man/man1/signet.1 share/man/man3/signet.3; do
        [ -f "$prefix/$file" ] || fail "make install did not install $file"
    done
    [ -x "$prefix/bin/signet" ] && [ "$("$prefix/bin/signet" --version)" = "signet $version" ] ||
        fail "the installed signet command does not print its version"

    step "man pages"
    # Every option any help text shows, in the man page made from them.
    options=$( { "$prefix/bin/signet" --help
                 for command in $("$prefix/bin/signet" --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {exit} on {print $1}'); do
                     "$prefix/bin/signet" "$command" --help
                 done; } | grep -o -- '--[a-z][a-z-]*' | sort -u)
    [ "$(wc -l <<<"$options")" -ge 10 ] || fail "found only $(wc -l <<<"$options") options in the help texts"
    page1=$(MANWIDTH=100 man -l "$prefix/share/man/man1/signet.1" 2>/dev/null || sed 's/\\-/-/g' "$prefix/share/man/man1/signet.1")
    for option in $options; do
        grep -q -- "$option" <<<"$page1" || fail "signet.1 lacks $option"
    done
    for function in $declared; do
        grep -q "^\.SS $function\$" "$prefix/share/man/man3/signet.3" || fail "signet.3 lacks $function"
    done
    if command -v man >/dev/null; then
        for page in man1/signet.1 man3/signet.3; do
            warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$prefix/share/man/$page" 2>&1 >/dev/null)
            [ -z "$warnings" ] || fail "$page: $warnings"
        done
    fi

    step "build against the installed prefix (pkg-config; CMake once the prefix is moved; shared, static)"
    PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$scratch/install" \
        with_pkg_config "$scratch/bin-install"
    # Moved: the CMake package finds its files relative to itself.
    mv "$scratch/install/usr/local" "$scratch/moved"
    with_cmake "$scratch/moved" "$scratch/cmake-install"
else
    fail "make install failed: $(tail -5 "$scratch/install.log")"
fi

step "make deb"
if make --no-print-directory -s deb >"$scratch/deb.log" 2>&1; then
    mapfile -t debs < <(tail -3 "$scratch/deb.log")
    [ ${#debs[@]} -eq 3 ] || fail "make deb did not print three paths last"
    for deb in "${debs[@]}"; do
        [ -f "$deb" ] || { fail "make deb printed '$deb', not a file"; continue; }
        [ "$(dpkg-deb -f "$deb" Version)" = "$version-1" ] || fail "$deb has version $(dpkg-deb -f "$deb" Version)"
        case $(dpkg-deb -f "$deb" Package) in
            libsignet"$major"|signet)
                depends=$(dpkg-deb -f "$deb" Depends)
                for needed in libc6 libssl3 zlib1g; do
                    grep -q "\b$needed (>= " <<<"$depends" || fail "$deb does not depend on $needed: $depends"
                done ;;
            libsignet-dev)
                grep -q "libsignet$major (= $version-1)" <<<"$(dpkg-deb -f "$deb" Depends)" ||
                    fail "libsignet-dev does not depend on libsignet$major (= $version-1)" ;;
            *) fail "unexpected package $deb" ;;
        esac
        dpkg-deb -x "$deb" "$scratch/debroot"
    done
    multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
    step "build against the extracted packages (pkg-config with a sysroot, CMake)"
    PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$scratch/debroot/usr/lib/$multiarch/pkgconfig" \
        PKG_CONFIG_SYSROOT_DIR="$scratch/debroot" with_pkg_config "$scratch/bin-deb"
    with_cmake "$scratch/debroot/usr" "$scratch/cmake-deb"

    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        step "apt-get install the packages, build with plain pkg-config, run, apt-get purge"
        ours="libsignet$major libsignet-dev signet"
        if dpkg-query -W $ours >/dev/null 2>&1; then
            fail "a Signet package is already installed; not touching it"
        else
            dpkg-query -W -f '${Package}:${Architecture}\n' | sort > "$scratch/packages.before"
            # Whatever happens below, the machine ends with the packages it had.
            cleanup_apt='DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 purge -y -qq '"$ours"' >/dev/null 2>&1 || true'
            if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends \
                    "${debs[@]}" >"$scratch/apt.log" 2>&1; then
                if (cd "$scratch" && env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH sh -c \
                        '"$0" mint.c -o mint-apt $(pkg-config --cflags --libs signet) && "$0" verify.c -o verify-apt $(pkg-config --cflags --libs signet)' "$CC"); then
                    cookie=$(env -u LD_LIBRARY_PATH "$scratch/mint-apt" apt-key '{"a":1}') || fail "mint built on the installed packages exited $?"
                    [ "$(env -u LD_LIBRARY_PATH "$scratch/verify-apt" apt-key "$cookie" | head -1)" = '{"a":1}' ] || fail "verify built on the installed packages refused the cookie"
                else
                    fail "cc app.c \$(pkg-config --cflags --libs signet) fails with the packages installed"
                fi
                [ "$(env -u LD_LIBRARY_PATH /usr/bin/signet --version)" = "signet $version" ] || fail "/usr/bin/signet --version"
                DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 remove -y -qq $ours >"$scratch/apt.log" 2>&1 ||
                    fail "apt-get remove failed: $(tail -3 "$scratch/apt.log")"
            else
                fail "apt-get install of the packages failed: $(tail -5 "$scratch/apt.log")"
            fi
            eval "$cleanup_apt"
            cleanup_apt=""
            dpkg-query -W -f '${Package}:${Architecture}\n' | sort > "$scratch/packages.after"
            diff -q "$scratch/packages.before" "$scratch/packages.after" >/dev/null ||
                fail "the package list changed: $(diff "$scratch/packages.before" "$scratch/packages.after" | grep '^[<>]' | tr '\n' ' ')"
            [ ! -e "/usr/lib/$multiarch/libsignet.so.$major" ] || fail "libsignet.so.$major is still installed"
        fi
    else
        step "apt-get install: SKIP (not root)"
    fi
else
    fail "make deb failed: $(tail -5 "$scratch/deb.log")"
fi

step "make dist: the tarball with no Swift on PATH"
if make --no-print-directory -s dist >"$scratch/dist.log" 2>&1; then
    tarball=$(tail -1 "$scratch/dist.log")
    [ "$(basename "$tarball")" = "signet-$version-linux-$(uname -m).tar.gz" ] || fail "make dist wrote $tarball"
    mkdir -p "$scratch/unpacked" && tar -C "$scratch/unpacked" -xzf "$tarball" || fail "cannot unpack $tarball"
    tree="$scratch/unpacked/signet-$version-linux-$(uname -m)"
    no_swift_path=$(tr ':' '\n' <<<"$PATH" | grep -v -e '/opt/swift' -e swift | paste -sd: -)
    (
        failures=0
        export PATH="$no_swift_path"
        if command -v swift >/dev/null || command -v swiftc >/dev/null; then fail "swift still on PATH"; fi
        export PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR="$tree/lib/pkgconfig"
        with_pkg_config "$scratch/bin-dist"
        case $(pkg-config --cflags signet) in
            *"$tree"*) ;;
            *) fail "the tarball's signet.pc does not point into the unpacked tree" ;;
        esac
        with_cmake "$tree" "$scratch/cmake-dist"
        [ "$("$tree/bin/signet" --version)" = "signet $version" ] || fail "the tarball's signet does not run"
        exit "$failures"
    ) || failures=$((failures + $?))
else
    fail "make dist failed: $(tail -5 "$scratch/dist.log")"
fi

step "the Swift package as README's dependency lines declare it, running README's Swift example"
# README's `.package(url: ..., from: ...)` and `.product(name: ..., package: ...)` lines, used as
# written but for the URL, which points at a git repository of the working tree (tracked and new
# files) tagged with this version, in a directory named like the URL's last component: the
# package identity users will see. It lives under .build, at a fixed path and with a fixed commit
# date, so an unchanged tree is the same revision and SwiftPM reuses its previous build.
readme_package=$(grep -o '\.package(url: "[^"]*", from: "[^"]*")' "$root/README.md" | head -1)
readme_product=$(grep -o '\.product(name: "[^"]*", package: "[^"]*")' "$root/README.md" | head -1)
readme_url=$(sed -E 's/.*url: "([^"]*)".*/\1/' <<<"$readme_package")
identity=$(basename "$readme_url" .git | tr 'A-Z' 'a-z')
product_package=$(sed -E 's/.*package: "([^"]*)".*/\1/' <<<"$readme_product")
if [ -z "$readme_package" ] || [ -z "$readme_product" ]; then
    fail "README shows no .package(url:from:) or .product(name:package:) line"
elif [ "$product_package" != "$identity" ]; then
    fail "README's .product names package \"$product_package\" but its URL's identity is \"$identity\""
else
    deps="$root/.build/readme-dependency"
    rm -rf "${deps:?}/$identity" && mkdir -p "$deps/$identity" "$deps/user/Sources/User"
    (cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$deps/$identity" 2>/dev/null)
    (cd "$deps/$identity" && git init -q -b main && git add -A &&
        GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z \
        git -c user.name=test -c user.email=test@example.org commit -qm tree && git tag "$version") ||
        fail "cannot make a git repository of the tree"
    local_package=${readme_package/"$readme_url"/file://$deps/$identity}
    {
        echo '// swift-tools-version: 6.0'
        echo 'import PackageDescription'
        echo 'let package = Package('
        echo '    name: "User",'
        echo "    dependencies: [$local_package],"
        echo "    targets: [.executableTarget(name: \"User\", dependencies: [$readme_product])]"
        echo ')'
    } > "$deps/user/Package.swift"
    awk '/^```swift$/ { inside = 1; next } inside && /^```$/ { exit } inside { print }' "$root/README.md" \
        > "$deps/user/Sources/User/main.swift"
    grep -q '^import Signet$' "$deps/user/Sources/User/main.swift" || fail "README's first swift block does not import Signet"
    if ! command -v swift >/dev/null; then
        fail "swift is not on PATH"
    elif (cd "$deps/user" && swift package update >"$scratch/swift-dep.log" 2>&1 && swift build >>"$scratch/swift-dep.log" 2>&1); then
        output=$("$deps/user/.build/debug/User" 2>&1)
        [[ "$output" =~ ^42\ [0-9]+$ ]] ||
            fail "README's Swift example printed something else: $output"
    else
        fail "a package depending on Signet through README's lines does not build: $(grep -m3 'error' "$scratch/swift-dep.log")"
    fi
fi

if [ "$failures" -eq 0 ]; then echo "test_packaging: all checks passed"; else exit 1; fi
