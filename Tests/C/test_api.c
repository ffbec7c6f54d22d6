/* test_api.c: versions, statuses, options, contexts and the raw Signer / TimestampSigner entry
 * points, against answers computed by itsdangerous 2.2.0. Needs no JSON. */
#include <limits.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"

#define NOW 1700000000

/* A context from `preset` with one key, or NULL (and a failed check). */
static signet_ctx *make(signet_preset preset, const char *key) {
    signet_options o;
    signet_bytes k = {U8(key), strlen(key)};
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_options_init(&o, sizeof o, preset), SIGNET_OK);
    o.secret_keys = &k;
    o.secret_key_count = 1;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

static signet_ctx *make_with(const signet_options *o) {
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_new(o, &ctx), SIGNET_OK);
    return ctx;
}

/* signet_sign into a buffer, checking the answer. */
static void check_sign(signet_ctx *ctx, const char *value, size_t value_len, const char *expected) {
    uint8_t out[256];
    size_t len = 0;
    CHECK_STATUS(signet_sign(ctx, U8(value), value_len, out, sizeof out, &len), SIGNET_OK);
    CHECK_BYTES(out, len, expected);
    CHECK(len <= SIGNET_SIGN_BOUND(value_len, 1));
}

static void test_versions(void) {
    CHECK(signet_version_number() == SIGNET_VERSION_NUMBER);
    CHECK(strcmp(signet_version_string(), SIGNET_VERSION_STRING) == 0);
}

static void test_statuses(void) {
    static const int all[] = {
        SIGNET_OK, SIGNET_E_BAD_DATA, SIGNET_E_BAD_SIGNATURE, SIGNET_E_BAD_TIME_SIGNATURE,
        SIGNET_E_SIGNATURE_EXPIRED, SIGNET_E_MISSING_TIMESTAMP, SIGNET_E_MALFORMED_TIMESTAMP,
        SIGNET_E_BAD_PAYLOAD, SIGNET_E_BAD_JSON, SIGNET_E_TOKEN_TOO_LARGE,
        SIGNET_E_DECOMPRESSED_TOO_LARGE, SIGNET_E_JSON_TOO_DEEP, SIGNET_E_INTEGER_TOO_LONG,
        SIGNET_E_UNSERIALIZABLE, SIGNET_E_INVALID_ARGUMENT, SIGNET_E_BUFFER_TOO_SMALL,
        SIGNET_E_NO_MEMORY, SIGNET_E_EMPTY_KEY,
    };
    size_t n = sizeof all / sizeof all[0];
    /* Pinned values: changing one breaks every compiled caller. */
    CHECK(SIGNET_E_BAD_DATA == -1 && SIGNET_E_INVALID_ARGUMENT == -14);
    CHECK(SIGNET_E_BUFFER_TOO_SMALL == -100 && SIGNET_E_NO_MEMORY == -101);
    CHECK(SIGNET_E_EMPTY_KEY == -102);
    for (size_t i = 0; i < n; i++) {
        const char *s = signet_strerror(all[i]);
        CHECK(s != NULL && s[0] != '\0');
        CHECK(strcmp(s, "unknown status") != 0);
        for (size_t j = 0; j < i; j++) CHECK(strcmp(s, signet_strerror(all[j])) != 0);
        CHECK(signet_status_is_a(all[i], all[i]) == 1);
        if (all[i] < 0 && all[i] > -100) CHECK(signet_status_is_a(all[i], SIGNET_E_BAD_DATA) ==
                                                (all[i] != SIGNET_E_UNSERIALIZABLE &&
                                                 all[i] != SIGNET_E_INVALID_ARGUMENT));
    }
    CHECK(strcmp(signet_strerror(1), "unknown status") == 0);
    CHECK(strcmp(signet_strerror(INT_MIN), "unknown status") == 0);
    CHECK(strcmp(signet_strerror(INT_MAX), "unknown status") == 0);
    CHECK(strcmp(signet_strerror(SIGNET_E_SIGNATURE_EXPIRED), "signature expired") == 0);

    CHECK(signet_status_is_a(SIGNET_E_SIGNATURE_EXPIRED, SIGNET_E_BAD_TIME_SIGNATURE));
    CHECK(signet_status_is_a(SIGNET_E_SIGNATURE_EXPIRED, SIGNET_E_BAD_SIGNATURE));
    CHECK(signet_status_is_a(SIGNET_E_MALFORMED_TIMESTAMP, SIGNET_E_BAD_SIGNATURE));
    CHECK(signet_status_is_a(SIGNET_E_TOKEN_TOO_LARGE, SIGNET_E_BAD_SIGNATURE));
    CHECK(signet_status_is_a(SIGNET_E_JSON_TOO_DEEP, SIGNET_E_BAD_PAYLOAD));
    CHECK(!signet_status_is_a(SIGNET_E_BAD_PAYLOAD, SIGNET_E_BAD_SIGNATURE));
    CHECK(!signet_status_is_a(SIGNET_E_BAD_SIGNATURE, SIGNET_E_SIGNATURE_EXPIRED));
    CHECK(!signet_status_is_a(SIGNET_OK, SIGNET_E_BAD_DATA));
    CHECK(!signet_status_is_a(SIGNET_E_BUFFER_TOO_SMALL, SIGNET_E_BAD_DATA));
    CHECK(!signet_status_is_a(INT_MIN, SIGNET_E_BAD_DATA));
    CHECK(strcmp(signet_strerror(SIGNET_E_EMPTY_KEY), "a secret key is empty") == 0);
    CHECK(!signet_status_is_a(SIGNET_E_EMPTY_KEY, SIGNET_E_INVALID_ARGUMENT));
    CHECK(!signet_status_is_a(SIGNET_E_EMPTY_KEY, SIGNET_E_BAD_DATA));
}

static void test_options(void) {
    signet_options o;
    memset(&o, 0xAB, sizeof o);
    CHECK_STATUS(signet_options_init(&o, sizeof o, (signet_preset)0), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_options_init(&o, sizeof o, (signet_preset)99), SIGNET_E_INVALID_ARGUMENT);
    CHECK(o.secret_key_count == (size_t)0xABABABABABABABABu); /* untouched on failure */
    CHECK_STATUS(signet_options_init(NULL, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_E_INVALID_ARGUMENT);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    CHECK(o.secret_keys == NULL && o.secret_key_count == 0);
    CHECK_BYTES(o.salt.ptr, o.salt.len, "cookie-session");
    CHECK_BYTES(o.separator.ptr, o.separator.len, ".");
    CHECK(o.digest == SIGNET_DIGEST_SHA1 && o.key_derivation == SIGNET_KEY_DERIVATION_HMAC);
    CHECK(o.algorithm == SIGNET_ALGORITHM_HMAC);
    CHECK(o.json_style == SIGNET_JSON_FLASK && o.payload == SIGNET_PAYLOAD_URLSAFE);
    CHECK(o.timed && o.flask_tags && !o.legacy_epoch);
    CHECK(o.max_age == SIGNET_FLASK_MAX_AGE);
    CHECK(o.max_token_length == 65536 && o.max_decompressed_size == 1048576);
    CHECK(o.max_depth == 1000 && o.max_integer_digits == 4300);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER), SIGNET_OK);
    CHECK_BYTES(o.salt.ptr, o.salt.len, "itsdangerous");
    CHECK(o.key_derivation == SIGNET_KEY_DERIVATION_DJANGO_CONCAT && o.timed && !o.flask_tags);
    CHECK(o.json_style == SIGNET_JSON_COMPACT && o.max_age == SIGNET_MAX_AGE_NONE);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_URLSAFE_SERIALIZER), SIGNET_OK);
    CHECK(!o.timed && o.payload == SIGNET_PAYLOAD_URLSAFE);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SERIALIZER), SIGNET_OK);
    CHECK(!o.timed && o.payload == SIGNET_PAYLOAD_PLAIN && o.json_style == SIGNET_JSON_PYTHON);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_TIMED_SERIALIZER), SIGNET_OK);
    CHECK(o.timed && o.payload == SIGNET_PAYLOAD_PLAIN);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
    CHECK_BYTES(o.salt.ptr, o.salt.len, "itsdangerous.Signer");
    CHECK(!o.timed);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_TIMESTAMP_SIGNER), SIGNET_OK);
    CHECK(o.timed && o.max_age == SIGNET_MAX_AGE_NONE);
    CHECK(o.struct_size == sizeof o);
}

/* The presets by name: every preset has one that finds it again, and the names are those of the
 * command line's --profile (checked against the command line by Tests/CLI/test_profiles.py). */
static void test_preset_names(void) {
    int presets = 0;
    for (int p = 1; signet_preset_name((signet_preset)p) != NULL; p++) {
        signet_preset found = (signet_preset)0;
        CHECK_STATUS(signet_preset_from_name(signet_preset_name((signet_preset)p), &found), SIGNET_OK);
        CHECK(found == (signet_preset)p);
        signet_options o;
        CHECK_STATUS(signet_options_init(&o, sizeof o, found), SIGNET_OK);
        presets++;
    }
    CHECK(presets >= 7);
    CHECK(signet_preset_name((signet_preset)0) == NULL);
    signet_options o;
    CHECK_STATUS(signet_options_init(&o, sizeof o, (signet_preset)(presets + 1)), SIGNET_E_INVALID_ARGUMENT);
    CHECK(strcmp(signet_preset_name(SIGNET_PRESET_FLASK_SESSION), "flask") == 0);
    signet_preset found = SIGNET_PRESET_SIGNER;
    CHECK_STATUS(signet_preset_from_name("itsdangerous", &found), SIGNET_OK);
    CHECK(found == SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER);
    found = SIGNET_PRESET_SIGNER;
    CHECK_STATUS(signet_preset_from_name("Flask", &found), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_preset_from_name("", &found), SIGNET_E_INVALID_ARGUMENT);
    CHECK(found == SIGNET_PRESET_SIGNER); /* untouched on failure */
}

/* The struct carries its size: init writes no byte past the size it is given, and both init
 * and signet_new refuse sizes no header ever had. (test_abi_previous runs a real older layout.) */
static void test_options_size(void) {
    const size_t shortest = offsetof(signet_options, max_token_length);
    signet_options o;
    signet_ctx *ctx = NULL;
    signet_bytes key = {U8("k"), 1};

    memset(&o, 0xAB, sizeof o);
    CHECK_STATUS(signet_options_init(&o, shortest, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    CHECK(o.struct_size == shortest && o.flask_tags == 1);
    CHECK(o.max_token_length == (size_t)0xABABABABABABABABu); /* past the size given: untouched */
    CHECK_STATUS(signet_options_init(&o, shortest - 1, SIGNET_PRESET_FLASK_SESSION), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_options_init(&o, 0, SIGNET_PRESET_FLASK_SESSION), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_options_init(&o, sizeof o + 8, SIGNET_PRESET_FLASK_SESSION), SIGNET_E_INVALID_ARGUMENT);
    CHECK(o.struct_size == shortest); /* untouched on failure */

    /* The shortest layout works: the limits past it take their defaults, not the 0xAB bytes. */
    o.secret_keys = &key;
    o.secret_key_count = 1;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    signet_free(ctx);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;
    o.struct_size = shortest - 1;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    CHECK(ctx == NULL);
    o.struct_size = sizeof o + 8;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    o.struct_size = 0;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    /* A size ending inside a field leaves that field to its default: a limit of 0 would refuse
     * every token, the default does not. */
    o.max_token_length = 0;
    o.struct_size = offsetof(signet_options, max_token_length) + 4;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    {
        uint8_t cookie[256], json[16];
        size_t cookie_len = 0, json_len = 0;
        CHECK_STATUS(signet_mint(ctx, U8("{}"), 2, NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
        CHECK_STATUS(signet_verify(ctx, cookie, cookie_len, NOW, json, sizeof json, &json_len, NULL), SIGNET_OK);
        CHECK_BYTES(json, json_len, "{}");
    }
    signet_free(ctx);
}

/* Every way signet_new refuses options, and that *out is NULL afterwards. */
static void test_new_refusals(void) {
    signet_options o;
    signet_bytes key = {U8("k"), 1};
    signet_ctx *ctx = (signet_ctx *)&o; /* garbage that must be overwritten with NULL */

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;
    CHECK_STATUS(signet_new(&o, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_new(NULL, &ctx), SIGNET_E_INVALID_ARGUMENT);
    CHECK(ctx == NULL);

#define REFUSE(field, value)                                                 \
    do {                                                                     \
        signet_options bad = o;                                              \
        bad.field = value;                                                   \
        ctx = (signet_ctx *)&o;                                              \
        CHECK_STATUS(signet_new(&bad, &ctx), SIGNET_E_INVALID_ARGUMENT);     \
        CHECK(ctx == NULL);                                                  \
    } while (0)

    REFUSE(secret_key_count, 0);
    REFUSE(secret_keys, NULL);
    REFUSE(secret_key_count, (size_t)-1);
    REFUSE(digest, (signet_digest)0);
    REFUSE(digest, (signet_digest)7);
    REFUSE(key_derivation, (signet_key_derivation)0);
    REFUSE(algorithm, (signet_algorithm)3);
    REFUSE(json_style, (signet_json_style)0);
    REFUSE(payload, (signet_payload)9);
    REFUSE(max_depth, 10001);
    REFUSE(separator.len, 0);
    REFUSE(separator.ptr, U8("a"));
    REFUSE(separator.ptr, U8("-"));
    REFUSE(separator.ptr, U8("="));
    REFUSE(salt.ptr, NULL);
    REFUSE(salt.len, (size_t)-1);
#undef REFUSE
    {
        signet_options bad = o;
        signet_bytes null_key = {NULL, 3};
        bad.secret_keys = &null_key;
        CHECK_STATUS(signet_new(&bad, &ctx), SIGNET_E_INVALID_ARGUMENT);
        CHECK(ctx == NULL);
    }
    {
        /* Empty salts are allowed, as in Python; so is a multi-byte separator. */
        signet_options ok = o;
        signet_bytes empty = {NULL, 0};
        ok.salt = empty;
        ok.separator.ptr = U8("~~");
        ok.separator.len = 2;
        ctx = make_with(&ok);
        signet_free(ctx);
    }
    signet_free(NULL);
}

/* An empty key, anywhere in the list, is refused under every preset, key derivation and
 * algorithm (Python would sign with it: anyone could forge), and *out is NULL afterwards. */
static void test_empty_keys(void) {
    static const signet_preset presets[] = {
        SIGNET_PRESET_FLASK_SESSION, SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER,
        SIGNET_PRESET_URLSAFE_SERIALIZER, SIGNET_PRESET_TIMED_SERIALIZER, SIGNET_PRESET_SERIALIZER,
        SIGNET_PRESET_SIGNER, SIGNET_PRESET_TIMESTAMP_SIGNER,
    };
    static const signet_key_derivation derivations[] = {
        SIGNET_KEY_DERIVATION_CONCAT, SIGNET_KEY_DERIVATION_DJANGO_CONCAT,
        SIGNET_KEY_DERIVATION_HMAC, SIGNET_KEY_DERIVATION_NONE,
    };
    const signet_bytes good = {U8("k"), 1}, empty_null = {NULL, 0}, empty = {U8("x"), 0};
    /* One empty key alone; empty as the newest (signing) key; one empty fallback among others. */
    const signet_bytes alone[] = {empty_null};
    const signet_bytes newest[] = {good, empty};
    const signet_bytes fallback[] = {good, empty, good};
    const struct {
        const signet_bytes *keys;
        size_t count;
    } lists[] = {{alone, 1}, {newest, 2}, {fallback, 3}};
    for (size_t p = 0; p < sizeof presets / sizeof presets[0]; p++) {
        for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
            for (size_t d = 0; d < sizeof derivations / sizeof derivations[0]; d++) {
                signet_options o;
                signet_ctx *ctx = (signet_ctx *)&o;
                CHECK_STATUS(signet_options_init(&o, sizeof o, presets[p]), SIGNET_OK);
                o.secret_keys = lists[l].keys;
                o.secret_key_count = lists[l].count;
                o.key_derivation = derivations[d];
                o.algorithm = d % 2 ? SIGNET_ALGORITHM_HMAC : SIGNET_ALGORITHM_NONE;
                CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_EMPTY_KEY);
                CHECK(ctx == NULL);
            }
        }
        /* The preset itself accepts a key that is not empty. */
        signet_ctx *ctx = make(presets[p], "k");
        signet_free(ctx);
    }
}

static void test_known_answers(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_SIGNER, "secret-key");
    check_sign(ctx, "my string", 9, "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA");
    signet_free(ctx);

    signet_options o;
    signet_bytes key = {U8("secret-key"), 10};
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;

    o.digest = SIGNET_DIGEST_SHA256;
    ctx = make_with(&o);
    check_sign(ctx, "my string", 9, "my string.PVHY4OzY_ekIpRd3A5G0vzTkhg8wSod5E3p90JgBCKw");
    signet_free(ctx);

    o.digest = SIGNET_DIGEST_SHA512;
    ctx = make_with(&o);
    check_sign(ctx, "my string", 9,
               "my string.Xu9Up4-UV7C46bh-AlQk86olom2irJLJJ2wMMe5j5iuv4WKBgByR3wT3sWE3Pt6fqdqEANrO7sTwUvupadyPow");
    signet_free(ctx);

    o.digest = SIGNET_DIGEST_MD5;
    ctx = make_with(&o);
    {
        uint8_t out[64];
        size_t len = 0, value_len = 99;
        static const uint8_t expected[] = "\0\xff bin.ruzZfqWARLK3mqDFN0IfBw";
        CHECK_STATUS(signet_sign(ctx, U8("\0\xff bin"), 6, out, sizeof out, &len), SIGNET_OK);
        CHECK(len == sizeof expected - 1 && memcmp(out, expected, len) == 0);
        CHECK_STATUS(signet_unsign(ctx, out, len, &value_len), SIGNET_OK);
        CHECK(value_len == 6);
    }
    signet_free(ctx);

    o.digest = SIGNET_DIGEST_SHA1;
    o.key_derivation = SIGNET_KEY_DERIVATION_CONCAT;
    ctx = make_with(&o);
    check_sign(ctx, "my string", 9, "my string.WVn1orytePdJMO-gerBb0CoxFMs");
    signet_free(ctx);

    o.key_derivation = SIGNET_KEY_DERIVATION_HMAC;
    o.salt.ptr = U8("cookie-session");
    o.salt.len = 14;
    ctx = make_with(&o);
    check_sign(ctx, "my string", 9, "my string.nUOLu3Oyv7qBVLJ5MCBJrcg4Dms");
    signet_free(ctx);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;
    o.key_derivation = SIGNET_KEY_DERIVATION_NONE;
    o.separator.ptr = U8("~");
    ctx = make_with(&o);
    check_sign(ctx, "my string", 9, "my string~jdP_vbFmmLI4saUm2wcIut0z2MQ");
    signet_free(ctx);

    ctx = make(SIGNET_PRESET_TIMESTAMP_SIGNER, "secret-key");
    {
        uint8_t out[128];
        size_t len = 0, value_len = 0;
        int64_t at = 0;
        CHECK_STATUS(signet_timestamp_sign(ctx, U8("value"), 5, NOW, out, sizeof out, &len), SIGNET_OK);
        CHECK_BYTES(out, len, "value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw");
        CHECK(len <= SIGNET_TIMESTAMP_SIGN_BOUND(5, 1));
        CHECK_STATUS(signet_timestamp_unsign(ctx, out, len, NOW, &value_len, &at), SIGNET_OK);
        CHECK(value_len == 5 && at == NOW);
    }
    signet_free(ctx);
}

/* The caller-owned buffer protocol: size queries, exact retries, untouched buffers. */
static void test_buffers(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_SIGNER, "secret-key");
    const char *expected = "my string.wh6tMHxLgJqB6oY1uT73iMlyrOA";
    uint8_t out[64];
    size_t len = 12345;

    CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(expected));
    CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, NULL, 100, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(expected));
    memset(out, '#', sizeof out);
    CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, out, len - 1, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(expected));
    CHECK(out[0] == '#' && out[len - 2] == '#'); /* nothing written */
    CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, out, len, &len), SIGNET_OK);
    CHECK_BYTES(out, len, expected);
    CHECK(out[len] == '#'); /* not NUL-terminated, nothing past the token */

    /* Dynamic allocation from the size query, as the header tells callers to do. */
    {
        size_t need = 0;
        uint8_t *heap;
        CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, NULL, 0, &need), SIGNET_E_BUFFER_TOO_SMALL);
        heap = malloc(need);
        CHECK(heap != NULL);
        CHECK_STATUS(signet_sign(ctx, U8("my string"), 9, heap, need, &len), SIGNET_OK);
        CHECK_BYTES(heap, len, expected);
        free(heap);
    }
    {
        /* The timestamp signer's query is exact for a fixed time. */
        size_t need = 0;
        signet_ctx *ts = make(SIGNET_PRESET_TIMESTAMP_SIGNER, "secret-key");
        CHECK_STATUS(signet_timestamp_sign(ts, U8("value"), 5, NOW, NULL, 0, &need), SIGNET_E_BUFFER_TOO_SMALL);
        CHECK(need == strlen("value.ZVPxAA.P9Grfsn5n1eHqbiYrPP0fn7INiw"));
        CHECK_STATUS(signet_timestamp_sign(ts, U8("value"), 5, NOW, out, need, &len), SIGNET_OK);
        signet_free(ts);
    }
    /* Errors other than a small buffer leave *out_len at 0. */
    len = 77;
    CHECK_STATUS(signet_sign(ctx, NULL, 3, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK(len == 0);
    /* An empty value may come as NULL. */
    CHECK_STATUS(signet_sign(ctx, NULL, 0, out, sizeof out, &len), SIGNET_OK);
    CHECK(len == 1 + 27 && out[0] == '.');
    signet_free(ctx);
}

/* NULL handles, NULL out-parameters, NULL data with lengths: refused, never a crash. */
static void test_null_handling(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_TIMESTAMP_SIGNER, "k");
    uint8_t out[128];
    size_t len = 0, value_len = 0;
    int64_t at = 0;
    int vs = 0;

    CHECK_STATUS(signet_sign(NULL, U8("v"), 1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_sign(ctx, U8("v"), 1, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_sign(ctx, U8("v"), (size_t)-1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_sign(ctx, U8("v"), 1, out, (size_t)-1, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_unsign(NULL, U8("v.x"), 3, &value_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_unsign(ctx, U8("v.x"), 3, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_unsign(ctx, NULL, 3, &value_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_unsign(ctx, NULL, 0, &value_len), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(signet_timestamp_sign(NULL, U8("v"), 1, NOW, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_sign(ctx, NULL, 1, NOW, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("v"), 1, NOW, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_unsign(NULL, U8("v"), 1, NOW, &value_len, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_unsign(ctx, NULL, 1, NOW, &value_len, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_unsign(ctx, U8("v"), 1, NOW, NULL, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_mint(NULL, U8("{}"), 2, NOW, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_mint(ctx, NULL, 2, NOW, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_mint(ctx, U8("{}"), 2, NOW, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_verify(NULL, U8("a.b.c"), 5, NOW, out, sizeof out, &len, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_verify(ctx, NULL, 5, NOW, out, sizeof out, &len, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_verify(ctx, U8("a.b.c"), 5, NOW, out, sizeof out, NULL, &at), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_decode_unsafe(NULL, U8("a.b.c"), 5, NOW, out, sizeof out, &len, &at, &vs), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_decode_unsafe(ctx, U8("a.b.c"), 5, NOW, out, sizeof out, &len, &at, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_decode_unsafe(ctx, NULL, 5, NOW, out, sizeof out, &len, &at, &vs), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_decode_unsafe(ctx, U8("a.b.c"), 5, NOW, out, sizeof out, NULL, &at, &vs), SIGNET_E_INVALID_ARGUMENT);
    signet_free(ctx);
}

static void test_unsign(void) {
    signet_bytes old_key = {U8("old key"), 7}, new_key = {U8("new key"), 7};
    signet_bytes rotated[2] = {old_key, new_key};
    signet_options o;
    signet_ctx *old_only, *new_only, *both;
    uint8_t token[128], tampered[128];
    size_t len = 0, value_len = 0;

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
    o.secret_keys = &old_key;
    o.secret_key_count = 1;
    old_only = make_with(&o);
    o.secret_keys = &new_key;
    new_only = make_with(&o);
    o.secret_keys = rotated;
    o.secret_key_count = 2;
    both = make_with(&o);

    CHECK_STATUS(signet_sign(old_only, U8("a.b"), 3, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_unsign(old_only, token, len, &value_len), SIGNET_OK);
    CHECK(value_len == 3); /* split on the LAST separator */
    CHECK_STATUS(signet_unsign(both, token, len, &value_len), SIGNET_OK); /* fallback key */
    CHECK(value_len == 3);
    value_len = 5;
    CHECK_STATUS(signet_unsign(new_only, token, len, &value_len), SIGNET_E_BAD_SIGNATURE); /* wrong key */
    CHECK(value_len == 0);

    /* The newest key signs. */
    {
        uint8_t a[128], b[128];
        size_t alen = 0, blen = 0;
        CHECK_STATUS(signet_sign(both, U8("v"), 1, a, sizeof a, &alen), SIGNET_OK);
        CHECK_STATUS(signet_sign(new_only, U8("v"), 1, b, sizeof b, &blen), SIGNET_OK);
        CHECK(alen == blen && memcmp(a, b, alen) == 0);
        CHECK_STATUS(signet_unsign(old_only, a, alen, &value_len), SIGNET_E_BAD_SIGNATURE);
    }

    /* Tampering anywhere fails. */
    for (size_t i = 0; i < len; i++) {
        memcpy(tampered, token, len);
        tampered[i] ^= 0x01;
        if (tampered[i] == '.' || token[i] == '.') continue;
        CHECK_STATUS(signet_unsign(both, tampered, len, &value_len), SIGNET_E_BAD_SIGNATURE);
    }
    CHECK_STATUS(signet_unsign(both, token, len - 1, &value_len), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(signet_unsign(both, U8("no separator"), 12, &value_len), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(signet_unsign(both, U8("v."), 2, &value_len), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(signet_unsign(both, U8("."), 1, &value_len), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(signet_unsign(both, U8("v.!!!!"), 6, &value_len), SIGNET_E_BAD_SIGNATURE);

    /* The token limit applies before any work. */
    {
        signet_ctx *small;
        o.max_token_length = 10;
        small = make_with(&o);
        CHECK_STATUS(signet_unsign(small, token, len, &value_len), SIGNET_E_TOKEN_TOO_LARGE);
        CHECK_STATUS(signet_timestamp_unsign(small, token, len, NOW, &value_len, NULL), SIGNET_E_TOKEN_TOO_LARGE);
        signet_free(small);
    }

    /* The explicit none algorithm: an empty signature that anyone can forge. */
    {
        signet_ctx *none;
        o.max_token_length = 65536;
        o.algorithm = SIGNET_ALGORITHM_NONE;
        none = make_with(&o);
        check_sign(none, "v", 1, "v.");
        CHECK_STATUS(signet_unsign(none, U8("anything."), 9, &value_len), SIGNET_OK);
        CHECK(value_len == 8);
        CHECK_STATUS(signet_unsign(both, U8("anything."), 9, &value_len), SIGNET_E_BAD_SIGNATURE);
        signet_free(none);
    }
    signet_free(old_only);
    signet_free(new_only);
    signet_free(both);
}

static void test_timestamps(void) {
    signet_options o;
    signet_bytes key = {U8("secret-key"), 10};
    signet_ctx *ctx, *aged, *plain, *legacy;
    uint8_t token[128], tampered[128];
    size_t len = 0, value_len = 0;
    int64_t at = 0;

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_TIMESTAMP_SIGNER), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;
    ctx = make_with(&o);
    o.max_age = 10;
    aged = make_with(&o);

    CHECK_STATUS(signet_timestamp_sign(ctx, U8("value"), 5, NOW, token, sizeof token, &len), SIGNET_OK);
    /* max_age: equal passes, older or future fails. */
    CHECK_STATUS(signet_timestamp_unsign(aged, token, len, NOW + 10, &value_len, &at), SIGNET_OK);
    CHECK(at == NOW && value_len == 5);
    at = 42;
    CHECK_STATUS(signet_timestamp_unsign(aged, token, len, NOW + 11, &value_len, &at), SIGNET_E_SIGNATURE_EXPIRED);
    CHECK(at == 42 && value_len == 0);
    CHECK_STATUS(signet_timestamp_unsign(aged, token, len, NOW - 1, &value_len, &at), SIGNET_E_SIGNATURE_EXPIRED);
    /* No max_age: any age, even the future. */
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW - 1000, &value_len, &at), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW + 100000000, &value_len, NULL), SIGNET_OK);

    memcpy(tampered, token, len);
    tampered[len - 1] ^= 1;
    CHECK_STATUS(signet_timestamp_unsign(ctx, tampered, len, NOW, &value_len, &at), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(signet_timestamp_unsign(ctx, U8("nothing"), 7, NOW, &value_len, &at), SIGNET_E_BAD_SIGNATURE);

    /* A genuine signature without a timestamp, or with an unreadable one. */
    o.timed = 0;
    o.max_age = SIGNET_MAX_AGE_NONE;
    plain = make_with(&o);
    CHECK_STATUS(signet_sign(plain, U8("value"), 5, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW, &value_len, &at), SIGNET_E_MISSING_TIMESTAMP);
    CHECK_STATUS(signet_sign(plain, U8("value.!!"), 8, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW, &value_len, &at), SIGNET_E_MALFORMED_TIMESTAMP);
    CHECK_STATUS(signet_sign(plain, U8("value.AAAAAAAAAAAA"), 18, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW, &value_len, &at), SIGNET_E_MALFORMED_TIMESTAMP);

    /* Signing times a Python datetime could not read back are refused. */
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("v"), 1, -1, token, sizeof token, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("v"), 1, 253402300800LL, token, sizeof token, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_timestamp_sign(ctx, U8("v"), 1, 0, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW, &value_len, &at), SIGNET_OK);
    CHECK(at == 0);

    /* The system clock. */
    {
        time_t before = time(NULL);
        CHECK_STATUS(signet_timestamp_sign(ctx, U8("v"), 1, SIGNET_NOW_SYSTEM, token, sizeof token, &len), SIGNET_OK);
        CHECK_STATUS(signet_timestamp_unsign(aged, token, len, SIGNET_NOW_SYSTEM, &value_len, &at), SIGNET_OK);
        CHECK(at >= (int64_t)before && at <= (int64_t)time(NULL));
    }

    /* Legacy epoch: 2011-01-01 is zero on the wire. */
    o.timed = 1;
    o.legacy_epoch = 1;
    legacy = make_with(&o);
    CHECK_STATUS(signet_timestamp_sign(legacy, U8("v"), 1, NOW, token, sizeof token, &len), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_unsign(legacy, token, len, NOW, &value_len, &at), SIGNET_OK);
    CHECK(at == NOW);
    CHECK_STATUS(signet_timestamp_unsign(ctx, token, len, NOW, &value_len, &at), SIGNET_OK);
    CHECK(at == NOW - 1293840000);
    CHECK_STATUS(signet_timestamp_sign(legacy, U8("v"), 1, 1293839999, token, sizeof token, &len), SIGNET_E_INVALID_ARGUMENT);

    signet_free(ctx);
    signet_free(aged);
    signet_free(plain);
    signet_free(legacy);
}

int main(void) {
    test_versions();
    test_statuses();
    test_options();
    test_preset_names();
    test_options_size();
    test_new_refusals();
    test_empty_keys();
    test_known_answers();
    test_buffers();
    test_null_handling();
    test_unsign();
    test_timestamps();
    return check_report("test_api");
}
