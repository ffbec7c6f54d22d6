/* test_stack.c: every entry point of signet.h that takes a token or JSON, run on a thread with a
 * 64 KiB stack (nginx workers, JVM and Go threads, musl's default of 128 KiB are no bigger), for
 * arrays, objects and nested Flask tags 1, limit - 1, limit and limit + 1 deep, under the default
 * max_depth and the largest one signet_new() accepts. Within the limit genuine tokens verify
 * (SIGNET_OK, the same JSON back); past it every entry point refuses with SIGNET_E_JSON_TOO_DEEP;
 * nothing overflows the stack (which would kill this process). Then each limit at its documented
 * extremes, end to end. Genuine deep tokens come from signet_mint(); tokens past the limit and
 * forged ones are assembled by hand (forge.h: base64 and zlib). The context-free session helpers
 * (signet_session_get, _get_int64, _build) likewise at the default limit. Links zlib and
 * pthreads. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define NOW 1700000000
#include "forge.h"

#define SMALL_STACK (64 * 1024)
/* The largest max_depth the header documents; SIGNET_E_INVALID_ARGUMENT above it. */
#define MAX_DEPTH_ALLOWED 10000u
#define OUT_CAP (1u << 20)

static const char *key = "stack-test-key";
static const char *forger_key = "not-the-key";

enum shape { ARRAYS, OBJECTS, TAGS, ROOT_ARRAYS };
static const char *shape_names[] = {"arrays", "objects", "tags", "root arrays"};

/* JSON exactly `depth` containers deep. Flask shapes have an object root holding the nest (a
 * tuple, {" t":[...]}, counts two); ROOT_ARRAYS is [[...]], which a Flask context refuses as
 * not a session once it has parsed it. Returns a malloc'd string. */
static char *nested_json(enum shape shape, unsigned depth, size_t *len) {
    size_t cap = (size_t)depth * 8 + 16, n = 0, c = 0;
    char *open = malloc(cap), *close = malloc(cap), *out = malloc(2 * cap);
    unsigned remaining = depth;
    if (shape != ROOT_ARRAYS) {
        n += (size_t)sprintf(open + n, "{\"a\":");
        close[c++] = '}';
        remaining--;
    }
    while (remaining > 0) {
        if (shape == OBJECTS) {
            n += (size_t)sprintf(open + n, "{\"a\":");
            close[c++] = '}';
            remaining--;
        } else if (shape == TAGS && remaining >= 2) {
            n += (size_t)sprintf(open + n, "{\" t\":[");
            close[c++] = '}';
            close[c++] = ']';
            remaining -= 2;
        } else {
            open[n++] = '[';
            close[c++] = ']';
            remaining--;
        }
    }
    memcpy(out, open, n);
    out[n++] = '1';
    while (c > 0) out[n++] = close[--c];
    out[n] = 0;
    free(open);
    free(close);
    *len = n;
    return out;
}

/* A context with these limits (the preset's defaults otherwise). */
static signet_ctx *context_with(signet_preset preset, const char *secret, uint32_t max_depth, size_t max_token_length,
                                size_t max_decompressed_size, uint32_t max_integer_digits) {
    signet_options o;
    signet_bytes k = {U8(secret), strlen(secret)};
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_options_init(&o, sizeof o, preset), SIGNET_OK);
    o.secret_keys = &k;
    o.secret_key_count = 1;
    o.max_depth = max_depth;
    o.max_token_length = max_token_length;
    o.max_decompressed_size = max_decompressed_size;
    o.max_integer_digits = max_integer_digits;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

/* Plain JSON 10 000 levels deep is longer than the default 64 KiB token limit. */
static signet_ctx *context(signet_preset preset, const char *secret, uint32_t max_depth) {
    return context_with(preset, secret, max_depth, OUT_CAP, 1 << 20, 4300);
}

/* One call of an entry point, made on the small thread. */
enum call { MINT, VERIFY, DECODE_UNSAFE, UNSIGN, TIMESTAMP_UNSIGN, SIGN, TIMESTAMP_SIGN, SESSION_GET, SESSION_GET_INT64,
            SESSION_BUILD };

struct job {
    enum call call;
    const signet_ctx *ctx;
    const uint8_t *in;
    size_t in_len;
    uint8_t *out;
    size_t out_len;
    int64_t signed_at;
    int verify_status;
    signet_value_type type;
    int status;
};

static void *run_job(void *arg) {
    struct job *j = arg;
    switch (j->call) {
    case MINT: j->status = signet_mint(j->ctx, j->in, j->in_len, NOW, j->out, OUT_CAP, &j->out_len); break;
    case VERIFY:
        j->status = signet_verify(j->ctx, j->in, j->in_len, NOW, j->out, OUT_CAP, &j->out_len, &j->signed_at);
        break;
    case DECODE_UNSAFE:
        j->status = signet_decode_unsafe(j->ctx, j->in, j->in_len, NOW, j->out, OUT_CAP, &j->out_len, &j->signed_at,
                                         &j->verify_status);
        break;
    case UNSIGN: j->status = signet_unsign(j->ctx, j->in, j->in_len, &j->out_len); break;
    case TIMESTAMP_UNSIGN:
        j->status = signet_timestamp_unsign(j->ctx, j->in, j->in_len, NOW, &j->out_len, &j->signed_at);
        break;
    case SIGN: j->status = signet_sign(j->ctx, j->in, j->in_len, j->out, OUT_CAP, &j->out_len); break;
    case TIMESTAMP_SIGN: j->status = signet_timestamp_sign(j->ctx, j->in, j->in_len, NOW, j->out, OUT_CAP, &j->out_len); break;
    case SESSION_GET:
        j->status = signet_session_get(j->in, j->in_len, U8("a"), 1, 0, &j->type, j->out, OUT_CAP, &j->out_len);
        break;
    case SESSION_GET_INT64: j->status = signet_session_get_int64(j->in, j->in_len, U8("a"), 1, &j->signed_at); break;
    case SESSION_BUILD: {
        signet_member members[] = {SIGNET_MEMBER_INT64("n", 1), SIGNET_MEMBER_JSON("a", j->in, j->in_len)};
        j->status = signet_session_build(members, 2, j->out, OUT_CAP, &j->out_len);
        break;
    }
    }
    return NULL;
}

/* Runs one call on a new thread with a 64 KiB stack (or PTHREAD_STACK_MIN, if larger) and
 * returns its status; the output stays in j->out. */
static int on_small_stack(enum call call, const signet_ctx *ctx, const uint8_t *in, size_t in_len, struct job *j) {
    pthread_attr_t attr;
    pthread_t thread;
    size_t size = SMALL_STACK < PTHREAD_STACK_MIN ? (size_t)PTHREAD_STACK_MIN : SMALL_STACK;
    j->call = call;
    j->ctx = ctx;
    j->in = in;
    j->in_len = in_len;
    j->out_len = 0;
    j->status = 1;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, size) != 0 ||
        pthread_create(&thread, &attr, run_job, j) != 0 || pthread_join(thread, NULL) != 0) {
        fprintf(stderr, "cannot run a thread with a %zu-byte stack\n", size);
        exit(2);
    }
    pthread_attr_destroy(&attr);
    return j->status;
}

static void expect(int got, int expected, const char *what, enum shape shape, unsigned depth, uint32_t limit) {
    check_count++;
    if (got != expected) {
        check_failures++;
        fprintf(stderr, "%s, %s %u deep, max_depth %u: got %d (%s), expected %d (%s)\n", what, shape_names[shape], depth,
                limit, got, signet_strerror(got), expected, signet_strerror(expected));
    }
}

/* Every JSON entry point at one depth, through a Flask context. */
static void flask_at_depth(signet_ctx *ctx, signet_ctx *forger, uint32_t limit, enum shape shape, unsigned depth,
                           struct job *j) {
    size_t json_len, genuine_len, forged_len;
    char *json = nested_json(shape, depth, &json_len);
    int within = depth <= limit;
    int session = shape != ROOT_ARRAYS;
    int parsed_status = !within ? SIGNET_E_JSON_TOO_DEEP : session ? SIGNET_OK : SIGNET_E_BAD_PAYLOAD;
    uint8_t *genuine, *forged;

    expect(on_small_stack(MINT, ctx, U8(json), json_len, j), parsed_status, "signet_mint", shape, depth, limit);
    if (parsed_status == SIGNET_OK) {
        /* The library's own cookie, minted on the small stack. */
        genuine_len = j->out_len;
        genuine = malloc(genuine_len);
        memcpy(genuine, j->out, genuine_len);
    } else {
        genuine = sign_json(ctx, U8(json), json_len, 1, &genuine_len);
    }
    forged = sign_json(forger, U8(json), json_len, 1, &forged_len);

    expect(on_small_stack(VERIFY, ctx, genuine, genuine_len, j), parsed_status, "signet_verify", shape, depth, limit);
    if (parsed_status == SIGNET_OK) {
        CHECK(j->out_len == json_len && memcmp(j->out, json, json_len) == 0);
        CHECK(j->signed_at == NOW);
    }
    expect(on_small_stack(DECODE_UNSAFE, ctx, forged, forged_len, j), parsed_status, "signet_decode_unsafe (forged)",
           shape, depth, limit);
    CHECK_STATUS(j->verify_status, SIGNET_E_BAD_TIME_SIGNATURE);
    if (parsed_status == SIGNET_OK) CHECK(j->out_len == json_len && memcmp(j->out, json, json_len) == 0);
    expect(on_small_stack(DECODE_UNSAFE, ctx, genuine, genuine_len, j), parsed_status, "signet_decode_unsafe (genuine)",
           shape, depth, limit);
    CHECK_STATUS(j->verify_status, SIGNET_OK);
    expect(on_small_stack(VERIFY, ctx, forged, forged_len, j), SIGNET_E_BAD_TIME_SIGNATURE, "signet_verify (forged)",
           shape, depth, limit);
    /* The raw signers never parse the JSON: any depth passes. */
    expect(on_small_stack(TIMESTAMP_UNSIGN, ctx, genuine, genuine_len, j), SIGNET_OK, "signet_timestamp_unsign", shape,
           depth, limit);
    /* A timed token is also a valid Signer token over "payload.timestamp". */
    expect(on_small_stack(UNSIGN, ctx, genuine, genuine_len, j), SIGNET_OK, "signet_unsign (timed token)", shape, depth,
           limit);
    free(genuine);
    free(forged);
    free(json);
}

/* A plain serializer (json.dumps text, no base64): mint, verify and the raw signers. */
static void serializer_at_depth(signet_ctx *ctx, uint32_t limit, unsigned depth, struct job *j) {
    size_t json_len, token_len;
    char *json = nested_json(ROOT_ARRAYS, depth, &json_len);
    int status = depth <= limit ? SIGNET_OK : SIGNET_E_JSON_TOO_DEEP;
    uint8_t *token;
    expect(on_small_stack(MINT, ctx, U8(json), json_len, j), status, "signet_mint (Serializer)", ROOT_ARRAYS, depth, limit);
    /* json.dumps of nested empty-ish arrays is the text itself: sign it raw. */
    expect(on_small_stack(SIGN, ctx, U8(json), json_len, j), SIGNET_OK, "signet_sign", ROOT_ARRAYS, depth, limit);
    token_len = j->out_len;
    token = malloc(token_len);
    memcpy(token, j->out, token_len);
    expect(on_small_stack(UNSIGN, ctx, token, token_len, j), SIGNET_OK, "signet_unsign", ROOT_ARRAYS, depth, limit);
    CHECK(j->out_len == json_len);
    expect(on_small_stack(VERIFY, ctx, token, token_len, j), status, "signet_verify (Serializer)", ROOT_ARRAYS, depth, limit);
    if (status == SIGNET_OK) CHECK(j->out_len == json_len && memcmp(j->out, json, json_len) == 0);
    free(token);
    free(json);
}

/* The context-free session helpers, at the default limits (depth 1000; a raw member of
 * signet_session_build sits one level inside the object it builds). */
static void test_session_helpers(struct job *j) {
    unsigned depths[] = {1, 999, 1000, 1001};
    for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
        unsigned depth = depths[d];
        size_t len, member_len;
        char *json = nested_json(ARRAYS, depth, &len);
        char *member = nested_json(ROOT_ARRAYS, depth, &member_len);
        int within = depth <= 1000;
        expect(on_small_stack(SESSION_GET, NULL, U8(json), len, j), within ? SIGNET_OK : SIGNET_E_JSON_TOO_DEEP,
               "signet_session_get", ARRAYS, depth, 1000);
        if (within) {
            /* The member's text, as it stands in the object: {"a":<text>} */
            CHECK(j->out_len == len - 6 && memcmp(j->out, json + 5, len - 6) == 0);
            CHECK(j->type == (depth == 1 ? SIGNET_VALUE_INTEGER : SIGNET_VALUE_ARRAY));
        }
        expect(on_small_stack(SESSION_GET_INT64, NULL, U8(json), len, j),
               !within ? SIGNET_E_JSON_TOO_DEEP : depth == 1 ? SIGNET_OK : SIGNET_E_WRONG_TYPE,
               "signet_session_get_int64", ARRAYS, depth, 1000);
        expect(on_small_stack(SESSION_BUILD, NULL, U8(member), member_len, j),
               depth < 1000 ? SIGNET_OK : SIGNET_E_JSON_TOO_DEEP, "signet_session_build", ROOT_ARRAYS, depth, 999);
        if (depth < 1000) {
            CHECK(j->out_len == member_len + 12 && memcmp(j->out, "{\"n\":1,\"a\":", 11) == 0 &&
                  memcmp(j->out + 11, member, member_len) == 0);
        }
        free(json);
        free(member);
    }
}

static void test_every_depth(struct job *j) {
    static const uint32_t limits[] = {1000, MAX_DEPTH_ALLOWED};
    for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
        uint32_t limit = limits[l];
        unsigned depths[] = {1, limit - 1, limit, limit + 1};
        signet_ctx *flask = context(SIGNET_PRESET_FLASK_SESSION, key, limit);
        signet_ctx *forger = context(SIGNET_PRESET_FLASK_SESSION, forger_key, limit);
        signet_ctx *plain = context(SIGNET_PRESET_SERIALIZER, key, limit);
        for (size_t d = 0; d < sizeof depths / sizeof depths[0]; d++) {
            for (int shape = ARRAYS; shape <= ROOT_ARRAYS; shape++) flask_at_depth(flask, forger, limit, shape, depths[d], j);
            serializer_at_depth(plain, limit, depths[d], j);
        }
        signet_free(flask);
        signet_free(forger);
        signet_free(plain);
    }
}

/* The default preset is 1000 levels, and the header's maximum is the largest accepted. */
static void test_depth_range(void) {
    signet_options o;
    signet_bytes k = {U8(key), strlen(key)};
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    CHECK(o.max_depth == 1000);
    o.secret_keys = &k;
    o.secret_key_count = 1;
    o.max_depth = MAX_DEPTH_ALLOWED + 1;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    CHECK(ctx == NULL);
    o.max_depth = UINT32_MAX;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_E_INVALID_ARGUMENT);
    o.max_depth = 0; /* nothing nests: a Flask session (an object) never fits */
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    {
        struct job j = {0};
        j.out = malloc(OUT_CAP);
        CHECK_STATUS(on_small_stack(MINT, ctx, U8("{}"), 2, &j), SIGNET_E_JSON_TOO_DEEP);
        signet_free(ctx);
        /* ... while a plain serializer's scalars do, both ways. */
        ctx = context(SIGNET_PRESET_URLSAFE_SERIALIZER, key, 0);
        CHECK_STATUS(on_small_stack(MINT, ctx, U8("\"x\""), 3, &j), SIGNET_OK);
        {
            size_t token_len = j.out_len;
            uint8_t *token = malloc(token_len);
            memcpy(token, j.out, token_len);
            CHECK_STATUS(on_small_stack(VERIFY, ctx, token, token_len, &j), SIGNET_OK);
            CHECK_BYTES(j.out, j.out_len, "\"x\"");
            free(token);
        }
        CHECK_STATUS(on_small_stack(MINT, ctx, U8("[]"), 2, &j), SIGNET_E_JSON_TOO_DEEP);
        free(j.out);
    }
    signet_free(ctx);
}

static signet_ctx *limited(size_t max_token_length, size_t max_decompressed_size, uint32_t max_integer_digits) {
    return context_with(SIGNET_PRESET_FLASK_SESSION, key, 1000, max_token_length, max_decompressed_size, max_integer_digits);
}

/* Mints `json` (expecting `mint_status`) and verifies and unsafe-decodes the cookie signed from
 * it by hand, compressed (expecting `verify_status` from both). */
static void round_trip(signet_ctx *ctx, const char *json, int mint_status, int verify_status, struct job *j) {
    size_t len = strlen(json), token_len;
    uint8_t *token = sign_json(ctx, U8(json), len, 1, &token_len);
    CHECK_STATUS(on_small_stack(MINT, ctx, U8(json), len, j), mint_status);
    CHECK_STATUS(on_small_stack(VERIFY, ctx, token, token_len, j), verify_status);
    if (verify_status == SIGNET_OK) CHECK(j->out_len == len && memcmp(j->out, json, len) == 0);
    CHECK_STATUS(on_small_stack(DECODE_UNSAFE, ctx, token, token_len, j), verify_status);
    free(token);
}

/* Each limit at its documented extremes, end to end: mint, verify and the unsafe decode agree. */
static void test_limit_extremes(struct job *j) {
    char *digits = malloc(5100);
    signet_ctx *ctx;
    sprintf(digits, "{\"n\":");
    memset(digits + 5, '7', 5000);
    strcpy(digits + 5005, "}");

    /* max_decompressed_size: SIZE_MAX is no limit (it used to overflow and abort); 0 refuses
     * every compressed payload. */
    ctx = limited(65536, SIZE_MAX, 4300);
    round_trip(ctx, "{\"a\":[1,2,3]}", SIGNET_OK, SIGNET_OK, j);
    signet_free(ctx);
    ctx = limited(65536, 0, 4300);
    round_trip(ctx, "{\"a\":[1,2,3]}", SIGNET_OK, SIGNET_E_DECOMPRESSED_TOO_LARGE, j);
    {
        size_t token_len;
        uint8_t *plain = sign_json(ctx, U8("{}"), 2, 0, &token_len);
        CHECK_STATUS(on_small_stack(VERIFY, ctx, plain, token_len, j), SIGNET_E_DECOMPRESSED_TOO_LARGE);
        free(plain);
    }
    signet_free(ctx);
    /* max_token_length: SIZE_MAX is no limit; 0 refuses every token before looking at it. */
    ctx = limited(SIZE_MAX, 1 << 20, 4300);
    round_trip(ctx, "{\"a\":1}", SIGNET_OK, SIGNET_OK, j);
    signet_free(ctx);
    ctx = limited(0, 1 << 20, 4300);
    round_trip(ctx, "{\"a\":1}", SIGNET_OK, SIGNET_E_TOKEN_TOO_LARGE, j);
    signet_free(ctx);
    /* max_integer_digits: 0 is no limit, for writing as for reading (the encoder used to keep
     * its own 4300); UINT32_MAX too; 1 refuses "10" both ways. */
    ctx = limited(65536, 1 << 20, 0);
    round_trip(ctx, digits, SIGNET_OK, SIGNET_OK, j);
    signet_free(ctx);
    ctx = limited(65536, 1 << 20, UINT32_MAX);
    round_trip(ctx, digits, SIGNET_OK, SIGNET_OK, j);
    signet_free(ctx);
    ctx = limited(65536, 1 << 20, 4300);
    round_trip(ctx, digits, SIGNET_E_INTEGER_TOO_LONG, SIGNET_E_INTEGER_TOO_LONG, j);
    signet_free(ctx);
    ctx = limited(65536, 1 << 20, 1);
    round_trip(ctx, "{\"n\":9}", SIGNET_OK, SIGNET_OK, j);
    round_trip(ctx, "{\"n\":10}", SIGNET_E_INTEGER_TOO_LONG, SIGNET_E_INTEGER_TOO_LONG, j);
    signet_free(ctx);
    free(digits);
}

int main(void) {
    struct job j = {0};
    j.out = malloc(OUT_CAP);
    test_every_depth(&j);
    test_session_helpers(&j);
    test_depth_range();
    test_limit_extremes(&j);
    free(j.out);
    return check_report("test_stack (every call on a 64 KiB stack)");
}
