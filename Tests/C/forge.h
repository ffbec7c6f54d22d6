/* forge.h: genuine and forged tokens built by hand for the C tests (base64 and zlib written
 * here, only the signature from libsignet), so a test can sign payloads the library itself
 * would refuse to mint. Include after check.h, with NOW (the signing time) defined; link -lz. */
#ifndef SIGNET_FORGE_H
#define SIGNET_FORGE_H

#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "check.h"

/* URL-safe base64 without padding, as itsdangerous writes it. Returns a malloc'd string. */
static char *b64url(const uint8_t *data, size_t len, size_t *out_len) {
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *out = malloc(len / 3 * 4 + 5);
    size_t n = 0, i = 0;
    for (; i + 2 < len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        out[n++] = alphabet[v >> 18 & 63];
        out[n++] = alphabet[v >> 12 & 63];
        out[n++] = alphabet[v >> 6 & 63];
        out[n++] = alphabet[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)data[i] << 16;
        out[n++] = alphabet[v >> 18 & 63];
        out[n++] = alphabet[v >> 12 & 63];
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8;
        out[n++] = alphabet[v >> 18 & 63];
        out[n++] = alphabet[v >> 12 & 63];
        out[n++] = alphabet[v >> 6 & 63];
    }
    out[n] = 0;
    *out_len = n;
    return out;
}

/* A genuinely signed cookie over `payload` (the text before the timestamp): what Flask would
 * write if its serializer produced that payload. Returns a malloc'd token. */
static uint8_t *sign_payload(signet_ctx *ctx, const uint8_t *payload, size_t len, size_t *token_len) {
    size_t cap = SIGNET_TIMESTAMP_SIGN_BOUND(len, 1);
    uint8_t *token = malloc(cap);
    CHECK_STATUS(signet_timestamp_sign(ctx, payload, len, NOW, token, cap, token_len), SIGNET_OK);
    return token;
}

/* The signed cookie for JSON text: compressed (".<base64 zlib>") or plain base64. */
static uint8_t *sign_json(signet_ctx *ctx, const uint8_t *json, size_t len, int compress, size_t *token_len) {
    size_t b64_len;
    char *b64;
    uint8_t *token, *payload;
    if (compress) {
        uLongf zlen = compressBound(len);
        uint8_t *z = malloc(zlen);
        CHECK(compress2(z, &zlen, json, len, 9) == Z_OK);
        b64 = b64url(z, zlen, &b64_len);
        free(z);
    } else {
        b64 = b64url(json, len, &b64_len);
    }
    payload = malloc(b64_len + 1);
    payload[0] = '.';
    memcpy(payload + 1, b64, b64_len);
    token = compress ? sign_payload(ctx, payload, b64_len + 1, token_len)
                     : sign_payload(ctx, payload + 1, b64_len, token_len);
    free(payload);
    free(b64);
    return token;
}

#endif /* SIGNET_FORGE_H */
