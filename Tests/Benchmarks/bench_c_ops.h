/* Signet's C API as the C drivers call it (bench_c.c alone, bench_pair.c against raw C in the
 * same process): a context for a workload's key, and verify and mint checked against Flask's
 * bytes on every call (the verified JSON must equal the expected tagged JSON and the signing
 * time the cookie's, the minted cookie must equal Flask's). */
#ifndef BENCH_C_OPS_H
#define BENCH_C_OPS_H

#include "bench_common.h" /* first: it sets _POSIX_C_SOURCE */

#include <signet.h>

typedef struct {
    const bench_workload *w;
    signet_ctx *ctx;
    uint8_t out[65536];
} c_state;

static inline int c_verify(void *arg) {
    c_state *st = arg;
    size_t len;
    int64_t signed_at;
    int rc = signet_verify(st->ctx, (const uint8_t *)st->w->cookie, st->w->cookie_len, SIGNET_NOW_SYSTEM,
                           st->out, sizeof st->out, &len, &signed_at);
    return rc != SIGNET_OK || signed_at != st->w->timestamp || len != st->w->json_len ||
           memcmp(st->out, st->w->json, len) != 0;
}

static inline int c_mint(void *arg) {
    c_state *st = arg;
    size_t len;
    int rc = signet_mint(st->ctx, (const uint8_t *)st->w->json, st->w->json_len, st->w->timestamp,
                         st->out, sizeof st->out, &len);
    return rc != SIGNET_OK || len != st->w->cookie_len || memcmp(st->out, st->w->cookie, len) != 0;
}

static inline signet_ctx *make_ctx(const bench_workload *w) {
    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) bench_die("signet_options_init failed");
    signet_bytes key = {(const uint8_t *)w->key, strlen(w->key)};
    opts.secret_keys = &key;
    opts.secret_key_count = 1;
    signet_ctx *ctx;
    if (signet_new(&opts, &ctx) != SIGNET_OK) bench_die("signet_new failed");
    return ctx;
}
#endif
