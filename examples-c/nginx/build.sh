#!/usr/bin/env bash
# Builds ngx_http_signet_module.so for the nginx Debian ships (run by `make -C examples-c nginx`):
# nginx's own ./configure from the nginx-dev tree (/usr/share/nginx/src), with the flags the
# Debian nginx was configured with (its conf_flags: --with-compat and the rest) plus this module
# as a dynamic module, then `make modules`, which compiles only the module. The tree is read-only
# to us: configure runs in BUILD_DIR through links to its auto/ and src/.
#
#   build.sh BUILD_DIR SIGNET_INCLUDE SIGNET_LIBDIR [SIGNET_RPATH]
#
# Prints the path of the module as its last line.
set -euo pipefail
BUILD_DIR=$1
export SIGNET_INCLUDE=$2 SIGNET_LIBDIR=$3 SIGNET_RPATH=${4-$3}
NGX_SRC=${NGX_SRC:-/usr/share/nginx/src}
HERE=$(cd "$(dirname "$0")" && pwd)

[ -f "$NGX_SRC/conf_flags" ] || {
    echo "nginx: $NGX_SRC/conf_flags not found: apt-get install nginx-dev (Debian's nginx headers)" >&2
    exit 1
}
# shellcheck disable=SC1091
. "$NGX_SRC/conf_flags"   # NGX_CONF_FLAGS=( ... ), what Debian's nginx was configured with

# Debian's compiler options (nginx -V shows them) and stricter warnings than nginx's own
# -W -Wall -Wpointer-arith -Werror; -Wno-unused-parameter because nginx's handler signatures
# are fixed.
CC_OPT="-g -O2 -fstack-protector-strong -Wformat -Werror=format-security -fPIC -Wdate-time -D_FORTIFY_SOURCE=2 -Wextra -Wno-unused-parameter -Wno-missing-field-initializers"
LD_OPT="-Wl,-z,relro -Wl,-z,now -fPIC"

mkdir -p "$BUILD_DIR"
cd "$BUILD_DIR"
ln -sfn "$NGX_SRC/auto" auto
ln -sfn "$NGX_SRC/src" src
stamp="$SIGNET_INCLUDE $SIGNET_LIBDIR $SIGNET_RPATH $(cksum <"$HERE/config") $(cksum <"$NGX_SRC/conf_flags")"
if [ ! -f objs/Makefile ] || [ "$(cat configured 2>/dev/null)" != "$stamp" ]; then
    sh "$NGX_SRC/configure" "${NGX_CONF_FLAGS[@]}" --with-cc-opt="$CC_OPT" --with-ld-opt="$LD_OPT" \
        --builddir=objs --add-dynamic-module="$HERE" >configure.log 2>&1 ||
        { cat configure.log >&2; echo "nginx: configure failed (log above)" >&2; exit 1; }
    echo "$stamp" >configured
fi
# The project's own C standard on top of nginx's flags: the module also compiles as strict C11.
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I src/core -I src/event \
    -I src/event/modules -I src/os/unix -I objs -I src/http -I src/http/modules -I src/http/v2 \
    -I "$SIGNET_INCLUDE" "$HERE/ngx_http_signet_module.c"
make -s -f objs/Makefile modules >make.log 2>&1 || { cat make.log >&2; exit 1; }
grep -i 'warning' make.log >&2 || true
echo "$BUILD_DIR/objs/ngx_http_signet_module.so"
