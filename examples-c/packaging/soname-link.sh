#!/bin/sh
# libsignet.so's SONAME is libsignet.so.MAJOR, so a program linked against a build directory's
# libsignet.so looks for that name at run time: this puts it next to the library as a link.
#
#   soname-link.sh DIR      (DIR holds libsignet.so, e.g. .build/release)
set -eu
ln -sf libsignet.so "$1/libsignet.so.$("$(dirname "$0")/version.sh" major)"
