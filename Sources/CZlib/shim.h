#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit/inflateInit are macros, which Swift cannot call; these wrap them, with this
 * private module's prefix (czlib_), not the C API's signet_. */
static inline int czlib_deflate_init(z_streamp strm, int level) {
    return deflateInit(strm, level);
}
static inline int czlib_inflate_init(z_streamp strm) {
    return inflateInit(strm);
}
#endif
