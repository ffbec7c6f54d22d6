#!/bin/sh
# Cuts a staged `make install PREFIX=/usr` into Debian packages with dpkg-deb, and prints the
# path of each .deb it wrote, one a line:
#   libsignetMAJOR  the shared library (libsignet.so.MAJOR and the file it points to)
#   libsignet-dev   header, libsignet.so link, libsignet.a, signet.pc, CMake package, signet(3)
#   signet          the signet command and signet(1)
# Depends come from dpkg-shlibdeps (dpkg-dev), which reads the binaries' NEEDED entries.
#
#   deb.sh STAGE OUT_DIR VERSION MAJOR LIBSUBDIR     (MAINTAINER="Name <email>" to override)
set -eu
stage=$1
out=$2
version=$3
major=$4
libdir=usr/$5
here=$(cd "$(dirname "$0")" && pwd)
license="$here/../../LICENSE"
maintainer=${MAINTAINER:-"Signet authors <signet@example.org>"}
debversion="$version-1"
arch=$(dpkg --print-architecture)
library=libsignet$major
command -v dpkg-shlibdeps >/dev/null ||
    { echo "deb.sh: dpkg-shlibdeps not found (apt-get install dpkg-dev)" >&2; exit 1; }
# The changelog's date is the commit's, so the same tree gives the same packages.
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}
date=$(date -R -u -d "@$epoch")

# move PACKAGE PATH...: moves staged paths (relative to the stage) into PACKAGE's tree.
move() {
    package=$1; shift
    for path in "$@"; do
        mkdir -p "$out/$package/$(dirname "$path")"
        mv "$stage/$path" "$out/$package/$path"
    done
}
move "$library" "$libdir/libsignet.so.$version" "$libdir/libsignet.so.$major"
move libsignet-dev "$libdir/libsignet.so" "$libdir/libsignet.a" "$libdir/pkgconfig" "$libdir/cmake" \
    usr/include usr/share/man/man3
move signet usr/bin usr/share/man/man1
leftover=$(find "$stage" -type f -o -type l)
[ -z "$leftover" ] || { echo "deb.sh: staged files in no package: $leftover" >&2; exit 1; }

# Depends of the binaries of PACKAGE, as dpkg-shlibdeps finds them (it wants a debian/control).
shlibs_depends() {
    scratch=$(mktemp -d)
    mkdir "$scratch/debian"
    printf 'Source: signet\n\nPackage: %s\nArchitecture: any\n' "$1" > "$scratch/debian/control"
    set -- "$(cd "$out/$1" && pwd)"/usr/bin/* "$(cd "$out/$1" && pwd)/$libdir"/libsignet.so.*.*.*
    files=""
    for file in "$@"; do [ -f "$file" ] && [ ! -L "$file" ] && files="$files $file"; done
    # shellcheck disable=SC2086
    (cd "$scratch" && dpkg-shlibdeps -O $files) | sed -n 's/^shlibs:Depends=//p'
    rm -rf "$scratch"
}

for package in "$library" libsignet-dev signet; do
    root="$out/$package"
    doc="$root/usr/share/doc/$package"
    mkdir -p "$doc" "$root/DEBIAN"
    {
        printf 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n'
        printf 'Upstream-Name: signet\n\nFiles: *\n'
        printf 'Copyright: %s\n' "$(sed -n 's/^Copyright (c) //p' "$license")"
        printf 'License: BSD-3-clause\n'
        sed -e 's/^$/./' -e 's/^/ /' "$license"
    } > "$doc/copyright"
    sed -e "s|@DEBVERSION@|$debversion|" -e "s|@VERSION@|$version|" -e "s|@MAINTAINER@|$maintainer|" \
        -e "s|@DATE@|$date|" "$here/debian/changelog.in" | gzip -9n > "$doc/changelog.Debian.gz"
    # Not uploaded to Debian, so there is no ITP bug for the first changelog entry to close.
    mkdir -p "$root/usr/share/lintian/overrides"
    printf '%s: initial-upload-closes-no-bugs\n' "$package" > "$root/usr/share/lintian/overrides/$package"
    find "$root/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} + 2>/dev/null || true

    case $package in
        libsignet-dev) depends="" ;;
        *) depends=$(shlibs_depends "$package") ;;
    esac
    # This package's stanza of control.in, then the fields computed here.
    sed -e "s|@MAJOR@|$major|g" -e "s|@DEBVERSION@|$debversion|g" "$here/debian/control.in" |
        awk -v name="$package" '
            /^Package: / { on = ($2 == name) }
            on && NF > 0 { print }
            on && NF == 0 { exit }' > "$root/DEBIAN/control.stanza"
    {
        sed -n '1p' "$root/DEBIAN/control.stanza"
        printf 'Source: signet\nVersion: %s\nArchitecture: %s\nMaintainer: %s\n' "$debversion" "$arch" "$maintainer"
        printf 'Installed-Size: %s\nPriority: optional\n' "$(du -sk --apparent-size "$root/usr" | cut -f1)"
        grep -v '^Package: \|^Description: \|^ ' "$root/DEBIAN/control.stanza" |
            if [ -n "$depends" ]; then sed "s|^Depends: \(.*\)|Depends: $depends, \1|"; else cat; fi
        if [ -n "$depends" ] && ! grep -q '^Depends:' "$root/DEBIAN/control.stanza"; then
            printf 'Depends: %s\n' "$depends"
        fi
        sed -n '/^Description: /,$p' "$root/DEBIAN/control.stanza"
    } > "$root/DEBIAN/control"
    rm "$root/DEBIAN/control.stanza"

    if [ "$package" = "$library" ]; then
        # Other packages built against this one depend on this version or later; installing or
        # removing it refreshes the linker cache.
        printf 'libsignet %s %s (>= %s)\n' "$major" "$library" "$version" > "$root/DEBIAN/shlibs"
        printf 'activate-noawait ldconfig\n' > "$root/DEBIAN/triggers"
        chmod 644 "$root/DEBIAN/shlibs" "$root/DEBIAN/triggers"
    fi
    (cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
    chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
    dpkg-deb --root-owner-group -Zgzip --build "$root" "$out/${package}_${debversion}_$arch.deb" >/dev/null
done

for package in "$library" libsignet-dev signet; do
    echo "$(cd "$out" && pwd)/${package}_${debversion}_$arch.deb"
done
