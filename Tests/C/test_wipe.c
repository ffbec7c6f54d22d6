/* test_wipe.c: key hygiene made observable. This program replaces free() (the executable's
 * definition wins over libc's for libsignet.so too) with one that scans every block before
 * releasing it for the secret key's bytes. With key derivation NONE the signing key IS the secret
 * key, so any copy of it that Signet frees without wiping (explicit_bzero) shows up here.
 * A control frees an unwiped copy on purpose to prove the detector sees one.
 * Not run under valgrind or the sanitizers, which bring their own allocator. */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

extern void __libc_free(void *);

static const uint8_t secret[] = "wipe-test-secret-key:7c1f0e9a4d2b8c63a5e0f4d19b27c8e6";
static int watching;
static int unwiped_blocks;

void free(void *p) {
    if (p && watching) {
        size_t n = malloc_usable_size(p);
        if (memmem(p, n, secret, sizeof secret - 1)) unwiped_blocks++;
    }
    __libc_free(p);
}

static const signet_bytes secret_key = {secret, sizeof secret - 1};

/* Options of `preset` holding the secret key, with `derivation`. */
static signet_options options(signet_preset preset, signet_key_derivation derivation) {
    signet_options o;
    CHECK_STATUS(signet_options_init(&o, sizeof o, preset), SIGNET_OK);
    o.secret_keys = &secret_key;
    o.secret_key_count = 1;
    o.key_derivation = derivation;
    return o;
}

static signet_ctx *make(signet_preset preset, signet_key_derivation derivation) {
    signet_options o = options(preset, derivation);
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

static void exercise(signet_ctx *ctx) {
    uint8_t out[512], json[256];
    size_t len = 0, json_len = 0, value_len = 0;
    int64_t at = 0;
    int vs = 0;
    CHECK_STATUS(signet_sign(ctx, U8("value"), 5, out, sizeof out, &len), SIGNET_OK);
    CHECK_STATUS(signet_unsign(ctx, out, len, &value_len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("value"), 5, 1700000000, out, sizeof out, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, out, len, 1700000000, &value_len, &at), SIGNET_OK);
    CHECK_STATUS(signet_mint(ctx, U8("{\"a\":1}"), 7, 1700000000, out, sizeof out, &len), SIGNET_OK);
    CHECK_STATUS(signet_verify(ctx, out, len, 1700000000, json, sizeof json, &json_len, &at), SIGNET_OK);
    out[len - 1] ^= 1;
    CHECK(signet_verify(ctx, out, len, 1700000000, json, sizeof json, &json_len, &at) != SIGNET_OK);
    CHECK_STATUS(signet_decode_unsafe(ctx, out, len, 1700000000, json, sizeof json, &json_len, &at, &vs), SIGNET_OK);
}

int main(void) {
    /* Control: an unwiped heap copy of the key is seen. */
    watching = 1;
    {
        /* Through volatile pointers, so the compiler cannot drop the malloc/free pair. */
        void *(*volatile alloc)(size_t) = malloc;
        void (*volatile release)(void *) = free;
        uint8_t *copy = alloc(sizeof secret);
        memcpy(copy, secret, sizeof secret);
        release(copy);
    }
    CHECK(unwiped_blocks == 1);
    unwiped_blocks = 0;

    /* Every preset and derivation: create, use, free; no freed block may hold the key. */
    for (int preset = SIGNET_PRESET_FLASK_SESSION; preset <= SIGNET_PRESET_TIMESTAMP_SIGNER; preset++) {
        for (int d = SIGNET_KEY_DERIVATION_CONCAT; d <= SIGNET_KEY_DERIVATION_NONE; d++) {
            signet_ctx *ctx = make((signet_preset)preset, (signet_key_derivation)d);
            exercise(ctx);
            signet_free(ctx);
        }
    }
    /* A refused context (bad separator) must not leave the key behind either. */
    {
        signet_options o = options(SIGNET_PRESET_SIGNER, SIGNET_KEY_DERIVATION_NONE);
        signet_ctx *ctx = NULL;
        o.separator.ptr = U8("a");
        CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    }
    watching = 0;
    if (unwiped_blocks) fprintf(stderr, "%d freed blocks still held the secret key\n", unwiped_blocks);
    CHECK(unwiped_blocks == 0);
    return check_report("test_wipe");
}
