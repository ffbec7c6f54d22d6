#ifndef SIGNET_COPENSSL_SHIM_H
#define SIGNET_COPENSSL_SHIM_H
/* Only the non-deprecated OpenSSL 3 API is used: EVP digests and CRYPTO_memcmp/OPENSSL_cleanse. */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#endif
