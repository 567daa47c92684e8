#ifndef LEADEX_CZLIB_SHIM_H
#define LEADEX_CZLIB_SHIM_H

#include <zlib.h>

// deflateInit2 and inflateInit2 are macros that pass ZLIB_VERSION and sizeof(z_stream) to the
// real functions so that zlib can refuse a header/library mismatch; Swift imports no
// function-like macros. windowBits 16 + 15 selects the gzip wrapper (zlib.h: "Add 16 to
// windowBits to write a simple gzip header and trailer").

static inline int leadex_deflate_init_gzip(z_streamp _Nonnull stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

static inline int leadex_inflate_init_gzip(z_streamp _Nonnull stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}

#endif
