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
#endif
