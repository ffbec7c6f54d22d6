/* test_serializer.c: signet_mint, signet_verify and signet_decode_unsafe: known answers from
 * itsdangerous 2.2.0 and Flask 3.1.3, canonical JSON, every refusal, limits and buffers. */
#include <stdlib.h>

#include "check.h"

#define NOW 1700000000
#define KEY "secret-key"

static signet_ctx *make_opts(signet_options *o, const char *key) {
    static signet_bytes k;
    signet_ctx *ctx = NULL;
    k.ptr = U8(key);
    k.len = strlen(key);
    o->secret_keys = &k;
    o->secret_key_count = 1;
    CHECK_STATUS(signet_new(o, &ctx), SIGNET_OK);
    return ctx;
}

static signet_ctx *make(signet_preset preset, const char *key) {
    signet_options o;
    CHECK_STATUS(signet_options_init(&o, sizeof o, preset), SIGNET_OK);
    return make_opts(&o, key);
}

/* Mints `json` at NOW and compares with Python's token. */
static void check_mint(signet_ctx *ctx, const char *json, const char *expected) {
    uint8_t out[1024];
    size_t len = 0;
    CHECK_STATUS(signet_mint(ctx, U8(json), strlen(json), NOW, out, sizeof out, &len), SIGNET_OK);
    CHECK_BYTES(out, len, expected);
}

/* Verifies `token` at `now` and compares the canonical JSON. */
static void check_verify(signet_ctx *ctx, const char *token, int64_t now, const char *json, int64_t at) {
    uint8_t out[1024];
    size_t len = 0;
    int64_t signed_at = 0;
    CHECK_STATUS(signet_verify(ctx, U8(token), strlen(token), now, out, sizeof out, &len, &signed_at), SIGNET_OK);
    CHECK_BYTES(out, len, json);
    CHECK(signed_at == at);
}

static int verify_status(signet_ctx *ctx, const char *token, int64_t now) {
    uint8_t out[1024];
    size_t len = 0;
    return signet_verify(ctx, U8(token), strlen(token), now, out, sizeof out, &len, NULL);
}

static int mint_status(signet_ctx *ctx, const char *json) {
    uint8_t out[4096];
    size_t len = 0;
    return signet_mint(ctx, U8(json), strlen(json), NOW, out, sizeof out, &len);
}

static void test_itsdangerous_answers(void) {
    signet_options o;
    signet_ctx *ctx;

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_URLSAFE_SERIALIZER), SIGNET_OK);
    o.salt.ptr = U8("activate");
    o.salt.len = 8;
    ctx = make_opts(&o, KEY);
    check_mint(ctx, "42", "NDI.MHQqszw6Wc81wOBQszCrEE_RlzY");
    check_verify(ctx, "NDI.MHQqszw6Wc81wOBQszCrEE_RlzY", NOW, "42", SIGNET_TIMESTAMP_NONE);
    signet_free(ctx);

    ctx = make(SIGNET_PRESET_URLSAFE_SERIALIZER, KEY);
    check_mint(ctx, "[1, 2, 3, 4]", "WzEsMiwzLDRd.wSPHqC0gR7VUqivlSukJ0IeTDgo");
    check_verify(ctx, "WzEsMiwzLDRd.wSPHqC0gR7VUqivlSukJ0IeTDgo", NOW, "[1,2,3,4]", SIGNET_TIMESTAMP_NONE);
    signet_free(ctx);

    /* Key order is kept when minting (Python dicts keep insertion order); verify sorts. */
    ctx = make(SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER, KEY);
    check_mint(ctx, "{\"b\": 1, \"a\": [1, 2]}", "eyJiIjoxLCJhIjpbMSwyXX0.ZVPxAA.MBVoFuIiXlaxeoWEkBfsnen_D-0");
    check_verify(ctx, "eyJiIjoxLCJhIjpbMSwyXX0.ZVPxAA.MBVoFuIiXlaxeoWEkBfsnen_D-0", NOW + 1000,
                 "{\"a\":[1,2],\"b\":1}", NOW);
    signet_free(ctx);

    ctx = make(SIGNET_PRESET_SERIALIZER, KEY);
    check_mint(ctx, "{\"b\":1,\"a\":[1,2]}", "{\"b\": 1, \"a\": [1, 2]}.ASiJ9QHm5cwSi4dntNyXpFdsAYw");
    signet_free(ctx);
}

static void test_flask_answers(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_FLASK_SESSION, KEY);
    /* Input spacing and key order do not matter: Flask sorts and compacts. */
    check_mint(ctx, "{ \"user_id\": \"42\", \"cart\": {\" t\": [1, 2]} }",
               "eyJjYXJ0Ijp7IiB0IjpbMSwyXX0sInVzZXJfaWQiOiI0MiJ9.ZVPxAA.yyuSq524Z9jB_Y4YqmI5AmYigrY");
    check_verify(ctx, "eyJjYXJ0Ijp7IiB0IjpbMSwyXX0sInVzZXJfaWQiOiI0MiJ9.ZVPxAA.yyuSq524Z9jB_Y4YqmI5AmYigrY",
                 NOW + 60, "{\"cart\":{\" t\":[1,2]},\"user_id\":\"42\"}", NOW);
    /* Non-ASCII in, ASCII escapes out; big integers survive; compressed payload. */
    check_mint(ctx, "{\"name\":\"Zo\xc3\xab \xf0\x9f\x98\x80\",\"n\":[1.5,1000000000000000000000000000000,null,true]}",
               ".eJyrVspTsoo21DPVMTTAC3TySnNydEqKSlNjdZTyEnNTlayUovJjSg0MUpMUYkpTLIxTgGSqgYFSLQBfTBZv.ZVPxAA.VALt2wcB36GN1HiHiKyfcONCfNY");
    check_verify(ctx, ".eJyrVspTsoo21DPVMTTAC3TySnNydEqKSlNjdZTyEnNTlayUovJjSg0MUpMUYkpTLIxTgGSqgYFSLQBfTBZv.ZVPxAA.VALt2wcB36GN1HiHiKyfcONCfNY",
                 NOW, "{\"n\":[1.5,1000000000000000000000000000000,null,true],\"name\":\"Zo\\u00eb \\ud83d\\ude00\"}", NOW);
    check_mint(ctx, "{}", "e30.ZVPxAA.B7NXikFLCJAmwoPep3-T17DacQk");
    /* A one-key dict whose key is a tag is escaped with " di", as Flask does. */
    check_mint(ctx, "{\" di\":{\" t__\":1}}", "eyIgZGkiOnsiIHRfXyI6MX19.ZVPxAA.xo8N0t3767GNThgnuiOPKNtnEtg");
    check_verify(ctx, "eyIgZGkiOnsiIHRfXyI6MX19.ZVPxAA.xo8N0t3767GNThgnuiOPKNtnEtg", NOW, "{\" di\":{\" t__\":1}}", NOW);

    /* Flask's session must be an object with well-formed tags. */
    CHECK_STATUS(mint_status(ctx, "[1,2]"), SIGNET_E_BAD_PAYLOAD);
    CHECK_STATUS(mint_status(ctx, "{\" t\":[1]}"), SIGNET_E_BAD_PAYLOAD);
    CHECK_STATUS(mint_status(ctx, "{\"x\":{\" u\":\"not a uuid\"}}"), SIGNET_E_BAD_PAYLOAD);
    CHECK_STATUS(mint_status(ctx, "{\"x\":{\" b\":\"!!\"}}"), SIGNET_E_BAD_PAYLOAD);
    CHECK_STATUS(mint_status(ctx, "{\"x\":"), SIGNET_E_BAD_JSON);
    CHECK_STATUS(mint_status(ctx, ""), SIGNET_E_BAD_JSON);
    CHECK_STATUS(mint_status(ctx, "{\"a\":1} x"), SIGNET_E_BAD_JSON);
    CHECK_STATUS(mint_status(ctx, "{\"a\":\"\xff\"}"), SIGNET_E_BAD_JSON);
    signet_free(ctx);
}

/* The must-fail cases of a session cookie. */
static void test_refusals(void) {
    signet_bytes old_key = {U8("old"), 3}, new_key = {U8("new"), 3};
    signet_bytes rotated[2] = {old_key, new_key};
    signet_options o;
    signet_ctx *old_ctx, *new_ctx, *both, *wrong;
    uint8_t cookie[256], tampered[256];
    size_t len = 0;

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = &old_key;
    o.secret_key_count = 1;
    CHECK_STATUS(signet_new(&o, &old_ctx), SIGNET_OK);
    o.secret_keys = &new_key;
    CHECK_STATUS(signet_new(&o, &new_ctx), SIGNET_OK);
    o.secret_keys = rotated;
    o.secret_key_count = 2;
    CHECK_STATUS(signet_new(&o, &both), SIGNET_OK);
    wrong = make(SIGNET_PRESET_FLASK_SESSION, "wrong");

    CHECK_STATUS(signet_mint(old_ctx, U8("{\"a\":1}"), 7, NOW, cookie, sizeof cookie, &len), SIGNET_OK);
    cookie[len] = '\0';
    /* SECRET_KEY_FALLBACKS: a cookie from the old key still verifies after rotation. */
    check_verify(both, (const char *)cookie, NOW, "{\"a\":1}", NOW);
    CHECK_STATUS(verify_status(new_ctx, (const char *)cookie, NOW), SIGNET_E_BAD_TIME_SIGNATURE);
    CHECK_STATUS(verify_status(wrong, (const char *)cookie, NOW), SIGNET_E_BAD_TIME_SIGNATURE);
    /* Expiry at 31 days: equal passes. */
    check_verify(old_ctx, (const char *)cookie, NOW + SIGNET_FLASK_MAX_AGE, "{\"a\":1}", NOW);
    CHECK_STATUS(verify_status(old_ctx, (const char *)cookie, NOW + SIGNET_FLASK_MAX_AGE + 1), SIGNET_E_SIGNATURE_EXPIRED);
    CHECK_STATUS(verify_status(old_ctx, (const char *)cookie, NOW - 1), SIGNET_E_SIGNATURE_EXPIRED);
    /* Expiry stops the key search: an expired cookie is not "bad signature" under another key. */
    CHECK_STATUS(verify_status(both, (const char *)cookie, NOW + SIGNET_FLASK_MAX_AGE + 1), SIGNET_E_SIGNATURE_EXPIRED);

    /* Any single-byte change is refused. */
    for (size_t i = 0; i < len; i++) {
        int rc;
        memcpy(tampered, cookie, len + 1);
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        rc = verify_status(old_ctx, (const char *)tampered, NOW);
        CHECK(rc != SIGNET_OK && signet_status_is_a(rc, SIGNET_E_BAD_SIGNATURE));
    }
    CHECK_STATUS(verify_status(old_ctx, "", NOW), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(verify_status(old_ctx, "garbage", NOW), SIGNET_E_BAD_SIGNATURE);
    /* No timestamp to report: the plain bad signature, as in Python. */
    CHECK_STATUS(verify_status(old_ctx, "a.b", NOW), SIGNET_E_BAD_SIGNATURE);
    CHECK_STATUS(verify_status(old_ctx, "a.b.c", NOW), SIGNET_E_BAD_TIME_SIGNATURE);

    /* Genuine signatures over bad timestamps and payloads (made with the raw signers). */
    {
        uint8_t token[256];
        size_t tlen = 0;
        CHECK_STATUS(signet_sign(old_ctx, U8("e30"), 3, token, sizeof token - 1, &tlen), SIGNET_OK);
        token[tlen] = '\0';
        CHECK_STATUS(verify_status(old_ctx, (const char *)token, NOW), SIGNET_E_MISSING_TIMESTAMP);
        CHECK_STATUS(signet_sign(old_ctx, U8("e30.!"), 5, token, sizeof token - 1, &tlen), SIGNET_OK);
        token[tlen] = '\0';
        CHECK_STATUS(verify_status(old_ctx, (const char *)token, NOW), SIGNET_E_MALFORMED_TIMESTAMP);
        CHECK_STATUS(signet_timestamp_sign(old_ctx, U8("!!!"), 3, NOW, token, sizeof token - 1, &tlen), SIGNET_OK);
        token[tlen] = '\0';
        CHECK_STATUS(verify_status(old_ctx, (const char *)token, NOW), SIGNET_E_BAD_PAYLOAD);
        CHECK_STATUS(signet_timestamp_sign(old_ctx, U8("WzFd"), 4, NOW, token, sizeof token - 1, &tlen), SIGNET_OK);
        token[tlen] = '\0'; /* [1]: valid JSON, but not a session */
        CHECK_STATUS(verify_status(old_ctx, (const char *)token, NOW), SIGNET_E_BAD_PAYLOAD);
        CHECK_STATUS(signet_timestamp_sign(old_ctx, U8("e30x"), 4, NOW, token, sizeof token - 1, &tlen), SIGNET_OK);
        token[tlen] = '\0'; /* "{}1": not JSON */
        CHECK_STATUS(verify_status(old_ctx, (const char *)token, NOW), SIGNET_E_BAD_JSON);
    }
    signet_free(old_ctx);
    signet_free(new_ctx);
    signet_free(both);
    signet_free(wrong);
}

static void test_limits(void) {
    signet_options o;
    signet_ctx *base, *ctx;
    uint8_t cookie[4096];
    size_t len = 0;
    char big[2100];

    base = make(SIGNET_PRESET_FLASK_SESSION, KEY);
    /* Compressible: 2000 'a's inflate from a tiny payload. */
    memcpy(big, "{\"d\":\"", 6);
    memset(big + 6, 'a', 2000);
    memcpy(big + 2006, "\"}", 3);
    CHECK_STATUS(signet_mint(base, U8(big), strlen(big), NOW, cookie, sizeof cookie - 1, &len), SIGNET_OK);
    cookie[len] = '\0';
    CHECK(cookie[0] == '.' && len < 200);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.max_decompressed_size = 1000;
    ctx = make_opts(&o, KEY);
    CHECK_STATUS(verify_status(ctx, (const char *)cookie, NOW), SIGNET_E_DECOMPRESSED_TOO_LARGE);
    signet_free(ctx);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.max_token_length = len - 1;
    ctx = make_opts(&o, KEY);
    CHECK_STATUS(verify_status(ctx, (const char *)cookie, NOW), SIGNET_E_TOKEN_TOO_LARGE);
    signet_free(ctx);

    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.max_depth = 3;
    o.max_integer_digits = 5;
    ctx = make_opts(&o, KEY);
    CHECK_STATUS(mint_status(ctx, "{\"a\":[[1]]}"), SIGNET_OK);
    CHECK_STATUS(mint_status(ctx, "{\"a\":[[[1]]]}"), SIGNET_E_JSON_TOO_DEEP);
    CHECK_STATUS(mint_status(ctx, "{\"a\":12345}"), SIGNET_OK);
    CHECK_STATUS(mint_status(ctx, "{\"a\":123456}"), SIGNET_E_INTEGER_TOO_LONG);
    /* The same limits guard verification. */
    CHECK_STATUS(signet_mint(base, U8("{\"a\":[[[1]]],\"b\":123456}"), 24, NOW, cookie, sizeof cookie - 1, &len), SIGNET_OK);
    cookie[len] = '\0';
    {
        int rc = verify_status(ctx, (const char *)cookie, NOW);
        CHECK(rc == SIGNET_E_JSON_TOO_DEEP || rc == SIGNET_E_INTEGER_TOO_LONG);
    }
    signet_free(ctx);

    /* A nesting bomb is refused by depth, not by running out of stack. */
    {
        static char bomb[200002];
        memset(bomb, '[', 100000);
        memset(bomb + 100000, ']', 100000);
        CHECK_STATUS(mint_status(base, bomb), SIGNET_E_JSON_TOO_DEEP);
        bomb[0] = '{';
        CHECK_STATUS(mint_status(base, bomb), SIGNET_E_BAD_JSON);
    }

    /* A UTF-8 style cannot carry a lone surrogate; Flask's ASCII escapes can. */
    ctx = make(SIGNET_PRESET_URLSAFE_SERIALIZER, KEY);
    CHECK_STATUS(mint_status(ctx, "\"\\ud800\""), SIGNET_E_UNSERIALIZABLE);
    signet_free(ctx);
    CHECK_STATUS(mint_status(base, "{\"s\":\"\\ud800\"}"), SIGNET_OK);
    signet_free(base);
}

static void test_buffers(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_FLASK_SESSION, KEY);
    const char *session = "{\"user_id\":\"42\",\"cart\":{\" t\":[1,2]}}";
    const char *expected = "eyJjYXJ0Ijp7IiB0IjpbMSwyXX0sInVzZXJfaWQiOiI0MiJ9.ZVPxAA.yyuSq524Z9jB_Y4YqmI5AmYigrY";
    const char *json = "{\"cart\":{\" t\":[1,2]},\"user_id\":\"42\"}";
    uint8_t *out;
    size_t need = 0, len = 0;
    int64_t at = 0;

    CHECK_STATUS(signet_mint(ctx, U8(session), strlen(session), NOW, NULL, 0, &need), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(need == strlen(expected));
    out = malloc(need);
    CHECK_STATUS(signet_mint(ctx, U8(session), strlen(session), NOW, out, need - 1, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == need);
    CHECK_STATUS(signet_mint(ctx, U8(session), strlen(session), NOW, out, need, &len), SIGNET_OK);
    CHECK_BYTES(out, len, expected);
    free(out);

    CHECK_STATUS(signet_verify(ctx, U8(expected), strlen(expected), NOW, NULL, 0, &need, &at), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(need == strlen(json));
    out = malloc(need);
    CHECK_STATUS(signet_verify(ctx, U8(expected), strlen(expected), NOW, out, need, &len, &at), SIGNET_OK);
    CHECK_BYTES(out, len, json);
    CHECK(at == NOW);
    free(out);

    /* Errors zero *out_len; bad times are refused for minting only. */
    len = 5;
    CHECK_STATUS(signet_verify(ctx, U8("x"), 1, NOW, NULL, 0, &len, NULL), SIGNET_E_BAD_SIGNATURE);
    CHECK(len == 0);
    CHECK_STATUS(signet_mint(ctx, U8("{}"), 2, -5, NULL, 0, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_mint(ctx, U8("{}"), 2, SIGNET_NOW_SYSTEM, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen("e30.ZVPxAA.B7NXikFLCJAmwoPep3-T17DacQk"));
    signet_free(ctx);
}

static void test_decode_unsafe(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_FLASK_SESSION, KEY);
    signet_ctx *wrong = make(SIGNET_PRESET_FLASK_SESSION, "wrong");
    const char *cookie = "eyJjYXJ0Ijp7IiB0IjpbMSwyXX0sInVzZXJfaWQiOiI0MiJ9.ZVPxAA.yyuSq524Z9jB_Y4YqmI5AmYigrY";
    const char *json = "{\"cart\":{\" t\":[1,2]},\"user_id\":\"42\"}";
    uint8_t out[256];
    size_t len = 0;
    int64_t at = 0;
    int vs = 99;

    CHECK_STATUS(signet_decode_unsafe(ctx, U8(cookie), strlen(cookie), NOW, out, sizeof out, &len, &at, &vs), SIGNET_OK);
    CHECK(vs == SIGNET_OK && at == NOW);
    CHECK_BYTES(out, len, json);
    /* Wrong key: the (untrusted) JSON still comes out, flagged. */
    CHECK_STATUS(signet_decode_unsafe(wrong, U8(cookie), strlen(cookie), NOW, out, sizeof out, &len, &at, &vs), SIGNET_OK);
    CHECK(vs == SIGNET_E_BAD_TIME_SIGNATURE && at == NOW);
    CHECK_BYTES(out, len, json);
    /* Expired. */
    CHECK_STATUS(signet_decode_unsafe(ctx, U8(cookie), strlen(cookie), NOW + SIGNET_FLASK_MAX_AGE + 1, out, sizeof out, &len, &at, &vs), SIGNET_OK);
    CHECK(vs == SIGNET_E_SIGNATURE_EXPIRED && at == NOW);
    CHECK_BYTES(out, len, json);
    /* Size query. */
    CHECK_STATUS(signet_decode_unsafe(wrong, U8(cookie), strlen(cookie), NOW, NULL, 0, &len, &at, &vs), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen(json) && vs == SIGNET_E_BAD_TIME_SIGNATURE);
    /* Nothing to decode. */
    CHECK_STATUS(signet_decode_unsafe(ctx, U8("garbage"), 7, NOW, out, sizeof out, &len, &at, &vs), SIGNET_E_BAD_SIGNATURE);
    CHECK(vs == SIGNET_E_BAD_SIGNATURE && len == 0 && at == SIGNET_TIMESTAMP_NONE);
    CHECK_STATUS(signet_decode_unsafe(wrong, U8("!!.ZVPxAA.sig"), 13, NOW, out, sizeof out, &len, &at, &vs), SIGNET_E_BAD_PAYLOAD);
    CHECK(vs == SIGNET_E_BAD_TIME_SIGNATURE);
    signet_free(ctx);
    signet_free(wrong);
}

/* No input crashes: mutated cookies and random bytes through every entry point that reads
 * untrusted data. Deterministic (a fixed LCG seed) so a failure reproduces. */
static uint32_t lcg_state = 12345;
static uint32_t lcg(void) {
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static void test_fuzz(void) {
    signet_ctx *ctx = make(SIGNET_PRESET_FLASK_SESSION, KEY);
    signet_options o;
    signet_ctx *none_ctx;
    static const char alphabet[] = "eyJ.A_-0z{}[]\"\\: ,1e-+\x00\xff";
    const char *seed = ".eJyrVspTsoo21DPVMTTAC3TySnNydEqKSlNjdZTyEnNTlayUovJjSg0MUpMUYkpTLIxTgGSqgYFSLQBfTBZv.ZVPxAA.VALt2wcB36GN1HiHiKyfcONCfNY";
    uint8_t input[512], out[1024];
    size_t len, out_len = 0, value_len = 0;
    int64_t at = 0;
    int vs = 0;

    /* The unsigned algorithm lets mutated payloads reach the decoders. */
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.algorithm = SIGNET_ALGORITHM_NONE;
    none_ctx = make_opts(&o, KEY);

    for (int i = 0; i < 20000; i++) {
        int rc;
        if (i % 2) {
            len = strlen(seed);
            memcpy(input, seed, len);
            for (int m = 1 + (int)(lcg() % 4); m > 0; m--) {
                size_t at_byte = lcg() % len;
                switch (lcg() % 3) {
                case 0: input[at_byte] = (uint8_t)alphabet[lcg() % (sizeof alphabet - 1)]; break;
                case 1: len = at_byte + 1; break;
                default: input[at_byte] = (uint8_t)lcg(); break;
                }
            }
        } else {
            len = lcg() % 80;
            for (size_t b = 0; b < len; b++) input[b] = (uint8_t)alphabet[lcg() % (sizeof alphabet - 1)];
        }
        rc = signet_verify(ctx, input, len, NOW, out, sizeof out, &out_len, &at);
        CHECK(rc == SIGNET_OK || signet_status_is_a(rc, SIGNET_E_BAD_DATA));
        /* Only a mutation that changed nothing may verify. */
        CHECK(rc != SIGNET_OK || (len == strlen(seed) && memcmp(input, seed, len) == 0));
        rc = signet_verify(none_ctx, input, len, NOW, out, sizeof out, &out_len, &at);
        CHECK(rc == SIGNET_OK || signet_status_is_a(rc, SIGNET_E_BAD_DATA));
        rc = signet_decode_unsafe(ctx, input, len, NOW, out, sizeof out, &out_len, &at, &vs);
        CHECK(rc == SIGNET_OK || signet_status_is_a(rc, SIGNET_E_BAD_DATA));
        rc = signet_unsign(ctx, input, len, &value_len);
        CHECK(rc == SIGNET_OK || rc == SIGNET_E_BAD_SIGNATURE);
        rc = signet_timestamp_unsign(ctx, input, len, NOW, &value_len, &at);
        CHECK(rc == SIGNET_OK || signet_status_is_a(rc, SIGNET_E_BAD_SIGNATURE));
        rc = signet_mint(ctx, input, len, NOW, out, sizeof out, &out_len);
        CHECK(rc == SIGNET_OK || rc == SIGNET_E_BUFFER_TOO_SMALL || signet_status_is_a(rc, SIGNET_E_BAD_DATA) ||
              rc == SIGNET_E_UNSERIALIZABLE);
    }
    signet_free(ctx);
    signet_free(none_ctx);
}

int main(void) {
    test_itsdangerous_answers();
    test_flask_answers();
    test_refusals();
    test_limits();
    test_buffers();
    test_decode_unsafe();
    test_fuzz();
    return check_report("test_serializer");
}
