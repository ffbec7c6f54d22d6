#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
/*
 * HMAC on the hot path uses libcrypto's one-shot hash states (SHA1_Init, ...), which OpenSSL 3
 * marks deprecated but still ships: unlike EVP_MD_CTX in OpenSSL 3.0, whose every
 * EVP_DigestInit_ex2 and EVP_MD_CTX_copy_ex allocates, a state is a plain struct that can be
 * prepared once per key and copied on the stack per message, with no allocation and no lock.
 * EVP is used for everything else. Suppressing the deprecation here keeps Swift warning-free;
 * only the copenssl_hash_* wrappers below are meant to be called. Everything here is private to
 * the Signet targets: it carries its module's prefix (copenssl_), never the C API's signet_.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Digest identifiers: DigestAlgorithm.hashIdentifier maps each case to one by name, so their
 * values and order are this header's own. */
enum {
    COPENSSL_HASH_MD5 = 0,
    COPENSSL_HASH_SHA1 = 1,
    COPENSSL_HASH_SHA224 = 2,
    COPENSSL_HASH_SHA256 = 3,
    COPENSSL_HASH_SHA384 = 4,
    COPENSSL_HASH_SHA512 = 5,
};

typedef union {
    MD5_CTX md5;
    SHA_CTX sha1;
    SHA256_CTX sha256;
    SHA512_CTX sha512;
} copenssl_hash_state;

static inline void copenssl_hash_init(int algorithm, copenssl_hash_state *state) {
    switch (algorithm) {
    case COPENSSL_HASH_MD5: MD5_Init(&state->md5); break;
    case COPENSSL_HASH_SHA1: SHA1_Init(&state->sha1); break;
    case COPENSSL_HASH_SHA224: SHA224_Init(&state->sha256); break;
    case COPENSSL_HASH_SHA256: SHA256_Init(&state->sha256); break;
    case COPENSSL_HASH_SHA384: SHA384_Init(&state->sha512); break;
    default: SHA512_Init(&state->sha512); break;
    }
}

static inline void copenssl_hash_update(int algorithm, copenssl_hash_state *state, const void *data, size_t length) {
    switch (algorithm) {
    case COPENSSL_HASH_MD5: MD5_Update(&state->md5, data, length); break;
    case COPENSSL_HASH_SHA1: SHA1_Update(&state->sha1, data, length); break;
    case COPENSSL_HASH_SHA224: SHA224_Update(&state->sha256, data, length); break;
    case COPENSSL_HASH_SHA256: SHA256_Update(&state->sha256, data, length); break;
    case COPENSSL_HASH_SHA384: SHA384_Update(&state->sha512, data, length); break;
    default: SHA512_Update(&state->sha512, data, length); break;
    }
}

static inline void copenssl_hash_final(int algorithm, copenssl_hash_state *state, unsigned char *out) {
    switch (algorithm) {
    case COPENSSL_HASH_MD5: MD5_Final(out, &state->md5); break;
    case COPENSSL_HASH_SHA1: SHA1_Final(out, &state->sha1); break;
    case COPENSSL_HASH_SHA224: SHA224_Final(out, &state->sha256); break;
    case COPENSSL_HASH_SHA256: SHA256_Final(out, &state->sha256); break;
    case COPENSSL_HASH_SHA384: SHA384_Final(out, &state->sha512); break;
    default: SHA512_Final(out, &state->sha512); break;
    }
}

/* Zeroes `count` bytes at `p` for good: the empty asm that takes `p` and clobbers memory keeps
 * the stores (explicit_bzero's own technique). The two HMAC states a SHA-1 or SHA-256 verify
 * copies to the stack take 192 and 224 bytes: with those sizes known here, memset becomes a
 * dozen inlined vector stores instead of a call to explicit_bzero and its memset (about 45
 * instructions per verify). */
static inline void copenssl_wipe(void *p, size_t count) {
    switch (count) {
    case 192: memset(p, 0, 192); break;
    case 224: memset(p, 0, 224); break;
    default: memset(p, 0, count); break;
    }
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

/* Whether the `count` bytes at `a` and `b` are equal, in time that depends on `count` only
 * (hmac.compare_digest): eight bytes at a time, the last eight read through the end (bytes
 * compared twice change nothing), no branch on the data, and an empty asm on the running
 * difference at each step, so that the compiler cannot stop early. A signature's 20 or 32
 * bytes take three or four words, where CRYPTO_memcmp's byte loop and call take about 150
 * instructions. */
static inline int copenssl_equal(const void *a, const void *b, size_t count) {
    const unsigned char *x = a, *y = b;
    uint64_t difference = 0;
    if (count >= 8) {
        size_t k = 0;
        for (; k + 8 < count; k += 8) {
            uint64_t u, v;
            memcpy(&u, x + k, 8);
            memcpy(&v, y + k, 8);
            difference |= u ^ v;
            __asm__("" : "+r"(difference));
        }
        uint64_t u, v;
        memcpy(&u, x + count - 8, 8);
        memcpy(&v, y + count - 8, 8);
        difference |= u ^ v;
    } else {
        for (size_t k = 0; k < count; k++) {
            difference |= (uint64_t)(x[k] ^ y[k]);
            __asm__("" : "+r"(difference));
        }
    }
    __asm__("" : "+r"(difference));
    return difference == 0;
}

/* The digest words of a finished SHA-1 state, big-endian, to `out` (20 bytes). */
static inline void copenssl_sha1_digest(const SHA_CTX *state, unsigned char *out) {
    const uint32_t words[5] = {
        __builtin_bswap32(state->h0), __builtin_bswap32(state->h1), __builtin_bswap32(state->h2),
        __builtin_bswap32(state->h3), __builtin_bswap32(state->h4)};
    memcpy(out, words, 20);
}

/* HMAC-SHA1's message step from prepared states (copies, consumed): `inner` hashes the message
 * and its padding, `outer` the inner digest in one padded block, to `out` (20 bytes).
 * The padding (0x80, zeros, the length in bits) is written here rather than by SHA1_Final,
 * which would also clear its buffer byte by byte (OPENSSL_cleanse: the caller wipes the states
 * anyway) and copy the outer message into the state before compressing it: the same blocks
 * are compressed, with about 300 fewer instructions per HMAC. Each prepared state has hashed
 * exactly one block (the padded key), so the lengths are known without reading its counters.
 * The stack block holding the inner digest is wiped before returning. */
static inline void copenssl_hmac_sha1_finish(copenssl_hash_state *inner, copenssl_hash_state *outer,
                                             const void *message, size_t length, unsigned char *out) {
    unsigned char block[72];
    SHA1_Update(&inner->sha1, message, length);
    size_t tail = length % 64;
    size_t pad = tail < 56 ? 56 - tail : 120 - tail;
    uint64_t bits = __builtin_bswap64(((uint64_t)length + 64) * 8);
    memset(block, 0, sizeof block);
    block[0] = 0x80;
    memcpy(block + pad, &bits, 8);
    SHA1_Update(&inner->sha1, block, pad + 8);

    memset(block, 0, 64);
    copenssl_sha1_digest(&inner->sha1, block);
    block[20] = 0x80;
    bits = __builtin_bswap64((uint64_t)(64 + 20) * 8);
    memcpy(block + 56, &bits, 8);
    SHA1_Transform(&outer->sha1, block);
    copenssl_sha1_digest(&outer->sha1, out);
    memset(block, 0, sizeof block);
    __asm__ __volatile__("" : : "r"(block) : "memory");
}
#endif
