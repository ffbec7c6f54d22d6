#ifndef SIGNET_CZLIB_SHIM_H
#define SIGNET_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit/inflateInit are macros, which Swift cannot call; these wrap them. */
static inline int signet_deflate_init(z_streamp strm, int level) {
    return deflateInit(strm, level);
}
static inline int signet_inflate_init(z_streamp strm) {
    return inflateInit(strm);
}
#endif
