/* The practical limit: a plain C loop over OpenSSL and zlib doing only the unavoidable work of
 * a Flask session cookie, with everything reusable prepared once.
 *
 * verify: split on the last two dots, URL-safe base64, HMAC-SHA1 from prepared inner/outer
 *         states (the key derived once, as Flask does: HMAC(SECRET_KEY, "cookie-session")),
 *         constant-time compare, timestamp decode and age check, inflate with a reused stream,
 *         and a minimal JSON pass (strings, escapes, nesting) over the result.
 * mint:   deflate with a reused stream (level 6, as zlib.compress), base64, timestamp, HMAC.
 *
 * No validation beyond that, no canonical-form check, no error reporting: Signet must do more,
 * so this is a floor, not a competitor. Each operation checks its result against Flask's bytes.
 * Two drivers time it: bench_raw.c alone, bench_pair.c against the C API in one process. */
#ifndef BENCH_RAW_OPS_H
#define BENCH_RAW_OPS_H

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <zlib.h>

#include "bench_workload.h"

typedef struct {
    SHA_CTX inner, outer;
} raw_hmac_key;

/* One thread's state: zlib streams cannot be shared. */
typedef struct {
    const bench_workload *w;
    raw_hmac_key key;
    z_stream inflater, deflater;
    size_t compressed_len; /* for raw_inflate_only: the payload's zlib bytes in scratch */
    uint8_t scratch[65536];
    uint8_t out[65536];
} raw_state;

/* Once per process, before anything else. */
void raw_init(void);
/* The streams of a zeroed state; 0, or -1 when zlib fails. */
int raw_state_init(raw_state *st);
void raw_state_end(raw_state *st);
/* Points the state at `w` and prepares its key. */
void raw_state_set_workload(raw_state *st, const bench_workload *w);

/* The operations (bench_op's shape): 0 when the result is Flask's, nonzero otherwise. */
int raw_verify(void *arg);
int raw_mint(void *arg);
/* zlib's share alone: the workload's payload, decoded once by raw_prepare_inflate_only (-1
 * for an uncompressed workload), inflated with the reused stream. What no zlib-based verifier
 * can go below. */
int raw_inflate_only(void *arg);
int raw_prepare_inflate_only(raw_state *st);
#endif
