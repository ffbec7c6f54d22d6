/* check.h: the few assertion macros the C tests share. Failures are counted, not fatal, so one
 * run reports every broken expectation. */
#ifndef SIGNET_CHECK_H
#define SIGNET_CHECK_H

#include <stdio.h>
#include <string.h>

#include "signet.h"

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        check_count++;                                                                  \
        if (!(cond)) {                                                                  \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);    \
        }                                                                               \
    } while (0)

/* Compares statuses and names both sides on failure. */
#define CHECK_STATUS(expr, expected)                                                    \
    do {                                                                                \
        int check_got_ = (expr);                                                        \
        check_count++;                                                                  \
        if (check_got_ != (expected)) {                                                 \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: %s returned %d (%s), expected %d (%s)\n", __FILE__, \
                    __LINE__, #expr, check_got_, signet_strerror(check_got_),           \
                    (int)(expected), signet_strerror(expected));                        \
        }                                                                               \
    } while (0)

/* Byte-compares an output (ptr, len) with a C string. */
#define CHECK_BYTES(ptr, len, text)                                                     \
    do {                                                                                \
        size_t check_len_ = strlen(text);                                               \
        check_count++;                                                                  \
        if ((len) != check_len_ || memcmp((ptr), (text), check_len_) != 0) {            \
            check_failures++;                                                           \
            fprintf(stderr, "%s:%d: got \"%.*s\", expected \"%s\"\n", __FILE__,         \
                    __LINE__, (int)(len), (const char *)(ptr), (text));                 \
        }                                                                               \
    } while (0)

#define U8(s) ((const uint8_t *)(s))

static int check_report(const char *name) {
    if (check_failures) {
        fprintf(stderr, "%s: %d of %d checks FAILED\n", name, check_failures, check_count);
        return 1;
    }
    printf("%s: all %d checks passed\n", name, check_count);
    return 0;
}

#endif
