/* test_hostile.c: hostile cookies through the C ABI. Every refusal status is reached with a
 * token an attacker could send, each limit is hit with a genuinely signed payload (so only the
 * limit can stop it), the explicit unsafe decode honours the same limits, and a signed zlib bomb
 * is refused inside a hard memory ceiling (setrlimit in a child process).
 * ./test_hostile --no-rlimit skips the memory-ceiling child and makes the bomb 16 MB instead of
 * 100 MB (for valgrind and sanitizers, whose own bookkeeping does not fit under the ceiling and
 * which run zlib slowly). Links zlib to build the bombs. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"

#define NOW 1700000000
#include "forge.h"

static const char *key = "hostile-test-key";

static signet_ctx *flask_ctx(size_t max_token_length, size_t max_decompressed_size) {
    signet_options o;
    signet_bytes k = {U8(key), strlen(key)};
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = &k;
    o.secret_key_count = 1;
    o.max_token_length = max_token_length;
    o.max_decompressed_size = max_decompressed_size;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

static int verify(signet_ctx *ctx, const uint8_t *token, size_t len) {
    static uint8_t json[1 << 16];
    size_t json_len = 0;
    int64_t at = 0;
    return signet_verify(ctx, token, len, NOW, json, sizeof json, &json_len, &at);
}

static int verify_text(signet_ctx *ctx, const char *token) { return verify(ctx, U8(token), strlen(token)); }

/* Signs `json` both ways (plain and compressed; only compressed when `compressed_only`) and
 * expects `status` from verify. */
static void expect_signed(signet_ctx *ctx, const char *json, size_t len, int compressed_only, int status) {
    for (int compress = compressed_only; compress < 2; compress++) {
        size_t token_len;
        uint8_t *token = sign_json(ctx, U8(json), len, compress, &token_len);
        int got = verify(ctx, token, token_len);
        check_count++;
        if (got != status) {
            check_failures++;
            fprintf(stderr, "%s:%d: signed %.40s (compress %d): got %d (%s), expected %d (%s)\n", __FILE__, __LINE__,
                    json, compress, got, signet_strerror(got), status, signet_strerror(status));
        }
        free(token);
    }
}

static void expect_signed_json(signet_ctx *ctx, const char *json, size_t len, int status) {
    expect_signed(ctx, json, len, 0, status);
}

/* Structural damage: no verification can start. */
static void test_unsigned_garbage(void) {
    signet_ctx *ctx = flask_ctx(65536, 1 << 20);
    uint8_t *huge = malloc(65537);
    memset(huge, 'a', 65537);
    CHECK_STATUS(verify(ctx, U8(""), 0), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(verify_text(ctx, "no-separator"), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(verify_text(ctx, "a.b.c.d.e.f"), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(verify_text(ctx, "e30.ZVPxAA."), SIGNET_E_BAD_TIME_SIGNATURE); /* none-style: empty signature */
    CHECK_STATUS(verify_text(ctx, "...."), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(verify(ctx, U8("e30.ZVPxAA.\0\0\0"), 14), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(verify(ctx, huge, 65537), SIGNET_E_TOKEN_TOO_LARGE);
    CHECK_STATUS(verify(ctx, huge, 65536), SIGNET_E_BAD_SIGNATURE); /* at the limit: examined */
    /* A huge claimed length with a NULL pointer is refused before anything is read. */
    CHECK_STATUS(verify(ctx, NULL, SIZE_MAX), SIGNET_E_INVALID_ARGUMENT);
    {
        size_t value_len = 0;
        int64_t at = 0;
        CHECK_STATUS(signet_unsign(ctx, huge, 65537, &value_len), SIGNET_E_TOKEN_TOO_LARGE);
        CHECK_STATUS(signet_timestamp_unsign(ctx, huge, 65537, NOW, &value_len, &at), SIGNET_E_TOKEN_TOO_LARGE);
    }
    free(huge);
    signet_free(ctx);
}

/* Timestamps: signed, so only the timestamp can be wrong. */
static void test_timestamps(void) {
    signet_ctx *ctx = flask_ctx(65536, 1 << 20);
    uint8_t token[256];
    size_t len = 0;
    /* Untimed signature over a payload without a timestamp: "timestamp missing". */
    CHECK_STATUS(signet_sign(ctx, U8("e30"), 3, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(verify(ctx, token, len), SIGNET_E_MISSING_TIMESTAMP);
    /* Signed timestamps that are not times: bad base64, 2^64-1, longer than 8 bytes. */
    CHECK_STATUS(signet_sign(ctx, U8("e30.!!"), 6, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(verify(ctx, token, len), SIGNET_E_MALFORMED_TIMESTAMP);
    CHECK_STATUS(signet_sign(ctx, U8("e30.__________8"), 15, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(verify(ctx, token, len), SIGNET_E_MALFORMED_TIMESTAMP);
    CHECK_STATUS(signet_sign(ctx, U8("e30.AAAAAAAAAAAAAAAAAAAA"), 24, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(verify(ctx, token, len), SIGNET_E_MALFORMED_TIMESTAMP);
    /* Empty timestamp = 0, 1970: long expired. */
    CHECK_STATUS(signet_sign(ctx, U8("e30."), 4, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(verify(ctx, token, len), SIGNET_E_SIGNATURE_EXPIRED);
    /* Genuine cookie judged too late and from the future. */
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("e30"), 3, NOW, token, sizeof token, &len), SIGNET_OK);
    {
        uint8_t json[64];
        size_t json_len = 0;
        int64_t at = 0;
        CHECK_STATUS(signet_verify(ctx, token, len, NOW, json, sizeof json, &json_len, &at), SIGNET_OK);
        CHECK_BYTES(json, json_len, "{}");
        CHECK_STATUS(signet_verify(ctx, token, len, NOW + SIGNET_FLASK_MAX_AGE + 1, json, sizeof json, &json_len, &at),
                     SIGNET_E_SIGNATURE_EXPIRED);
        CHECK_STATUS(signet_verify(ctx, token, len, NOW - 10, json, sizeof json, &json_len, &at),
                     SIGNET_E_SIGNATURE_EXPIRED);
        /* Too small a buffer: the size query, nothing written. */
        json[0] = '#';
        CHECK_STATUS(signet_verify(ctx, token, len, NOW, json, 1, &json_len, &at), SIGNET_E_BUFFER_TOO_SMALL);
        CHECK(json_len == 2 && json[0] == '#');
    }
    signet_free(ctx);
}

/* Signed payloads that must not decode: each gets its own status. */
static void test_signed_payloads(void) {
    signet_ctx *ctx = flask_ctx(65536, 1 << 20);
    size_t token_len, n;
    uint8_t *token;
    char *text;

    /* Payload damage before JSON: bad base64, non-zlib behind ".", truncated and trailing zlib. */
    token = sign_payload(ctx, U8("!!!!"), 4, &token_len);
    CHECK_STATUS(verify(ctx, token, token_len), SIGNET_E_BAD_PAYLOAD);
    free(token);
    token = sign_payload(ctx, U8(".bm90IHpsaWI"), 12, &token_len); /* "not zlib" */
    CHECK_STATUS(verify(ctx, token, token_len), SIGNET_E_BAD_PAYLOAD);
    free(token);
    {
        const char *json = "{\"a\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}";
        uLongf zlen = compressBound(strlen(json));
        uint8_t z[256], payload[400];
        size_t b64_len;
        char *b64;
        CHECK(compress2(z, &zlen, U8(json), strlen(json), 9) == Z_OK);
        for (int variant = 0; variant < 2; variant++) {
            size_t use = variant == 0 ? zlen - 3 : zlen + 3; /* truncated, trailing garbage */
            if (variant == 1) memcpy(z + zlen, "xyz", 3);
            b64 = b64url(z, use, &b64_len);
            payload[0] = '.';
            memcpy(payload + 1, b64, b64_len);
            token = sign_payload(ctx, payload, b64_len + 1, &token_len);
            CHECK_STATUS(verify(ctx, token, token_len), SIGNET_E_BAD_PAYLOAD);
            free(token);
            free(b64);
        }
    }
    /* Not JSON, not an object, each Flask tag over the wrong type. */
    expect_signed_json(ctx, "{\"a\":", 5, SIGNET_E_BAD_JSON);
    expect_signed_json(ctx, "\xff\xfe", 2, SIGNET_E_BAD_JSON); /* not UTF-8 */
    expect_signed_json(ctx, "[1,2]", 5, SIGNET_E_BAD_PAYLOAD);
    {
        static const char *wrong_tags[] = {
            "{\"x\":{\" t\":1}}",     "{\"x\":{\" b\":\"!!\"}}",  "{\"x\":{\" b\":[]}}",
            "{\"x\":{\" m\":null}}",  "{\"x\":{\" u\":\"12\"}}", "{\"x\":{\" d\":\"never\"}}",
            "{\"x\":{\" d\":5}}",     "{\"x\":{\" di\":[]}}",    "{\"x\":{\" u\":7}}",
        };
        for (size_t i = 0; i < sizeof wrong_tags / sizeof *wrong_tags; i++)
            expect_signed_json(ctx, wrong_tags[i], strlen(wrong_tags[i]), SIGNET_E_BAD_PAYLOAD);
    }
    /* Limits, reached by signed JSON: 100 000-deep nesting, a 5000-digit integer. */
    n = 100000;
    text = malloc(2 * n + 8);
    memcpy(text, "{\"a\":", 5);
    memset(text + 5, '[', n);
    memset(text + 5 + n, ']', n);
    memcpy(text + 5 + 2 * n, "}", 2);
    expect_signed(ctx, text, 2 * n + 6, 1, SIGNET_E_JSON_TOO_DEEP); /* plain base64 is over the token limit */
    memset(text + 5, '7', 5000);
    memcpy(text + 5 + 5000, "}", 2);
    expect_signed_json(ctx, text, 5006, SIGNET_E_INTEGER_TOO_LONG);
    memset(text + 5, '7', 4300); /* Python's limit exactly: accepted */
    memcpy(text + 5 + 4300, "}", 2);
    expect_signed_json(ctx, text, 4306, SIGNET_OK);
    free(text);
    signet_free(ctx);
}

/* The unsafe decode parses without a valid signature, so it must honour every limit too. */
static void test_unsafe_decode_limits(void) {
    signet_ctx *ctx = flask_ctx(65536, 1 << 20);
    signet_ctx *other = flask_ctx(65536, 1 << 20);
    size_t n = 50000, token_len, json_len = 0;
    int64_t at = 0;
    int vs = 0;
    uint8_t json[256];
    char *text = malloc(2 * n + 8);
    uint8_t *token;
    memset(text, '[', n);
    memset(text + n, ']', n);
    /* Signed by a context with another key: for ctx the signature is bad. */
    {
        signet_options o;
        signet_bytes k = {U8("some other key"), 14};
        signet_free(other);
        CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
        o.secret_keys = &k;
        o.secret_key_count = 1;
        CHECK_STATUS(signet_new(&o, &other), SIGNET_OK);
    }
    token = sign_json(other, U8(text), 2 * n, 1, &token_len);
    CHECK_STATUS(verify(ctx, token, token_len), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(signet_decode_unsafe(ctx, token, token_len, NOW, json, sizeof json, &json_len, &at, &vs),
                 SIGNET_E_JSON_TOO_DEEP);
    free(token);
    token = sign_json(other, U8("{\"u\":{\" t\":[1]}}"), 16, 0, &token_len);
    CHECK_STATUS(signet_decode_unsafe(ctx, token, token_len, NOW, json, sizeof json, &json_len, &at, &vs), SIGNET_OK);
    CHECK_STATUS(vs, SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_BYTES(json, json_len, "{\"u\":{\" t\":[1]}}");
    CHECK(at == NOW);
    free(token);
    free(text);
    signet_free(other);
    signet_free(ctx);
}

/* Status texts: distinct, static, and never holding the key. */
static void test_status_texts(void) {
    for (int s = -101; s <= 0; s++) {
        const char *text = signet_strerror(s);
        CHECK(text != NULL && strstr(text, key) == NULL);
        for (int t = s + 1; t <= 0 && t >= -14; t++)
            if (s >= -14) CHECK(strcmp(text, signet_strerror(t)) != 0);
    }
}

/* A signed zlib bomb: 100 MB of JSON in about 100 KB. Verified in a child process whose data
 * segment may grow by at most 64 MiB: inflating past the 1 MiB cap would die there. */
static void test_bomb_under_a_memory_ceiling(int use_rlimit) {
    size_t big = (use_rlimit ? 100u : 16u) << 20, token_len;
    char *json = malloc(big);
    signet_ctx *ctx = flask_ctx(1 << 20, 1 << 20);
    uint8_t *token;
    memcpy(json, "{\"a\":\"", 6);
    memset(json + 6, 'a', big - 8);
    memcpy(json + big - 2, "\"}", 2);
    {
        size_t b64_len;
        uLongf zlen = compressBound(big);
        uint8_t *z = malloc(zlen), *payload;
        char *b64;
        CHECK(compress2(z, &zlen, U8(json), big, 9) == Z_OK);
        free(json);
        b64 = b64url(z, zlen, &b64_len);
        free(z);
        CHECK(b64_len < 200000);
        payload = malloc(b64_len + 1);
        payload[0] = '.';
        memcpy(payload + 1, b64, b64_len);
        token = sign_payload(ctx, payload, b64_len + 1, &token_len);
        free(payload);
        free(b64);
    }
    if (!use_rlimit) {
        CHECK_STATUS(verify(ctx, token, token_len), SIGNET_E_DECOMPRESSED_TOO_LARGE);
    } else {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            struct rlimit limit;
            unsigned long size = 0, resident = 0, shared = 0, text = 0, lib = 0, data = 0;
            FILE *statm = fopen("/proc/self/statm", "r");
            if (!statm || fscanf(statm, "%lu %lu %lu %lu %lu %lu", &size, &resident, &shared, &text, &lib, &data) != 6)
                _exit(4);
            fclose(statm);
            limit.rlim_cur = limit.rlim_max = (rlim_t)data * (rlim_t)sysconf(_SC_PAGESIZE) + (64u << 20);
            if (setrlimit(RLIMIT_DATA, &limit) != 0) _exit(3);
            _exit(verify(ctx, token, token_len) == SIGNET_E_DECOMPRESSED_TOO_LARGE ? 0 : 1);
        } else {
            int status = 0;
            CHECK(waitpid(pid, &status, 0) == pid);
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                fprintf(stderr, "bomb child: %s %d\n", WIFEXITED(status) ? "exit" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        }
    }
    free(token);
    signet_free(ctx);
}

int main(int argc, char **argv) {
    int use_rlimit = !(argc > 1 && strcmp(argv[1], "--no-rlimit") == 0);
    test_unsigned_garbage();
    test_timestamps();
    test_signed_payloads();
    test_unsafe_decode_limits();
    test_status_texts();
    test_bomb_under_a_memory_ceiling(use_rlimit);
    return check_report("test_hostile");
}
