/* test_frameworks.c: the Starlette and Django presets against Tests/Vectors/capi/frameworks.txt,
 * written from the real Starlette 1.10.0 and Django 5.2.19 (Tests/Scripts/make_framework_vectors.py).
 *
 * Each line checks one thing, byte for byte:
 *   mint PRESET KEY FALLBACKS NOW JSON COOKIE READ_JSON
 *       signet_mint() writes the framework's cookie, signet_verify() reads its JSON back;
 *   verify PRESET KEY FALLBACKS NOW MAX_AGE TOKEN (OK JSON | ERR PythonClass)
 *       signet_verify() accepts with the framework's JSON, or refuses with the status of the
 *       framework's exception;
 *   starlette-cookie NAME PATH MAX_AGE SAME_SITE SECURE DOMAIN PARTITIONED VALUE HEADER
 *       signet_starlette_set_cookie() writes SessionMiddleware's Set-Cookie header.
 * Texts are hex ("-" for none); FALLBACKS is comma-separated, in Django's order. */
#include <stdlib.h>

#include "check.h"

#define DEFAULT_VECTORS "../Tests/Vectors/capi/frameworks.txt"
#define FIELD_MAX 8192

static size_t unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = 0;
    if (strcmp(hex, "-") == 0) return 0;
    for (size_t i = 0; hex[i] && hex[i + 1] && n < cap; i += 2) {
        unsigned byte;
        if (sscanf(hex + i, "%2x", &byte) != 1) break;
        out[n++] = (uint8_t)byte;
    }
    return n;
}

/* A context for `preset` with SECRET_KEY `key_hex` and SECRET_KEY_FALLBACKS `fallbacks_hex`. */
static signet_ctx *context(const char *preset, const char *key_hex, const char *fallbacks_hex, const char *max_age) {
    static uint8_t storage[4][256];
    signet_bytes keys[4];
    size_t count = 0;
    char fallbacks[1024];
    snprintf(fallbacks, sizeof fallbacks, "%s", fallbacks_hex);
    /* Signet tries the last key first: fallbacks reversed, then SECRET_KEY. */
    char *parts[3];
    size_t part_count = 0;
    for (char *part = strtok(fallbacks, ","); part && part_count < 3; part = strtok(NULL, ",")) parts[part_count++] = part;
    if (strcmp(fallbacks_hex, "-") == 0) part_count = 0;
    while (part_count > 0) {
        keys[count].len = unhex(parts[--part_count], storage[count], sizeof storage[count]);
        keys[count].ptr = storage[count];
        count++;
    }
    keys[count].len = unhex(key_hex, storage[count], sizeof storage[count]);
    keys[count].ptr = storage[count];
    count++;

    signet_preset which = strcmp(preset, "STARLETTE_SESSION") == 0 ? SIGNET_PRESET_STARLETTE_SESSION
                          : strcmp(preset, "DJANGO_SESSION") == 0  ? SIGNET_PRESET_DJANGO_SESSION
                                                                   : SIGNET_PRESET_DJANGO_SIGNING;
    signet_options o;
    CHECK_STATUS(signet_options_init(&o, sizeof o, which), SIGNET_OK);
    if (strcmp(preset, "DJANGO_SIGNING_COMPRESSED") == 0) o.payload = SIGNET_PAYLOAD_URLSAFE;
    if (strcmp(max_age, "none") == 0) o.max_age = SIGNET_MAX_AGE_NONE;
    else if (strcmp(max_age, "default") != 0) o.max_age = strtoll(max_age, NULL, 10);
    o.secret_keys = keys;
    o.secret_key_count = count;
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

static int status_of(const char *python_class) {
    if (strcmp(python_class, "BadSignature") == 0) return SIGNET_E_BAD_SIGNATURE;
    if (strcmp(python_class, "BadTimeSignature") == 0) return SIGNET_E_BAD_TIME_SIGNATURE;
    if (strcmp(python_class, "SignatureExpired") == 0) return SIGNET_E_SIGNATURE_EXPIRED;
    return 1; /* no status: fails the comparison */
}

static void check_mint(size_t line, char **f) {
    static uint8_t json[FIELD_MAX], out[FIELD_MAX], read[FIELD_MAX];
    signet_ctx *ctx = context(f[1], f[2], f[3], "default");
    if (!ctx) return;
    int64_t now = strtoll(f[4], NULL, 10), signed_at = 0;
    size_t json_len = unhex(f[5], json, sizeof json), len = 0;
    CHECK_STATUS(signet_mint(ctx, json, json_len, now, out, sizeof out, &len), SIGNET_OK);
    if (len != strlen(f[6]) || memcmp(out, f[6], len) != 0) fprintf(stderr, "vectors line %zu:\n", line);
    CHECK_BYTES(out, len, f[6]);
    size_t read_len = unhex(f[7], read, sizeof read);
    read[read_len] = 0;
    CHECK_STATUS(signet_verify(ctx, U8(f[6]), strlen(f[6]), now, out, sizeof out, &len, &signed_at), SIGNET_OK);
    CHECK_BYTES(out, len, (const char *)read);
    CHECK(signed_at == now);
    signet_free(ctx);
}

static void check_verify(size_t line, char **f) {
    static uint8_t out[FIELD_MAX], want[FIELD_MAX];
    signet_ctx *ctx = context(f[1], f[2], f[3], f[5]);
    if (!ctx) return;
    size_t len = 0;
    int status = signet_verify(ctx, U8(f[6]), strlen(f[6]), strtoll(f[4], NULL, 10), out, sizeof out, &len, NULL);
    if (strcmp(f[7], "OK") == 0) {
        size_t want_len = unhex(f[8], want, sizeof want - 1);
        want[want_len] = 0;
        CHECK_STATUS(status, SIGNET_OK);
        CHECK_BYTES(out, len, (const char *)want);
    } else {
        if (status != status_of(f[8])) fprintf(stderr, "vectors line %zu (%s):\n", line, f[8]);
        CHECK_STATUS(status, status_of(f[8]));
    }
    signet_free(ctx);
}

static void check_starlette_cookie(char **f) {
    static uint8_t name[256], path[256], domain[256], header[FIELD_MAX], out[FIELD_MAX];
    signet_cookie_options o;
    CHECK_STATUS(signet_cookie_options_init(&o, sizeof o), SIGNET_OK);
    o.name = (signet_bytes){name, unhex(f[1], name, sizeof name)};
    o.path = (signet_bytes){path, unhex(f[2], path, sizeof path)};
    o.max_age = strcmp(f[3], "none") == 0 ? SIGNET_MAX_AGE_NONE : strtoll(f[3], NULL, 10);
    o.same_site = strcmp(f[4], "strict") == 0 ? SIGNET_SAME_SITE_STRICT
                  : strcmp(f[4], "none") == 0 ? SIGNET_SAME_SITE_NONE
                                              : SIGNET_SAME_SITE_LAX;
    o.secure = atoi(f[5]);
    o.domain = (signet_bytes){domain, unhex(f[6], domain, sizeof domain)};
    o.partitioned = atoi(f[7]);
    size_t header_len = unhex(f[9], header, sizeof header - 1), len = 0;
    header[header_len] = 0;
    CHECK_STATUS(signet_starlette_set_cookie(&o, U8(f[8]), strlen(f[8]), out, sizeof out, &len), SIGNET_OK);
    CHECK_BYTES(out, len, (const char *)header);
}

static void run_vectors(const char *path) {
    FILE *file = fopen(path, "r");
    CHECK(file != NULL);
    if (!file) return;
    static char text[4 * FIELD_MAX];
    size_t line = 0, mints = 0, verifies = 0, cookies = 0;
    while (fgets(text, sizeof text, file)) {
        line++;
        if (text[0] == '#') continue;
        char *f[10] = {0};
        size_t n = 0;
        for (char *field = strtok(text, " \n"); field && n < 10; field = strtok(NULL, " \n")) f[n++] = field;
        if (n == 8 && strcmp(f[0], "mint") == 0) {
            check_mint(line, f);
            mints++;
        } else if (n == 9 && strcmp(f[0], "verify") == 0) {
            check_verify(line, f);
            verifies++;
        } else if (n == 10 && strcmp(f[0], "starlette-cookie") == 0) {
            check_starlette_cookie(f);
            cookies++;
        } else {
            fprintf(stderr, "vectors line %zu: unreadable\n", line);
            CHECK(0);
        }
    }
    fclose(file);
    /* A truncated file must not pass quietly. */
    CHECK(mints >= 20 && verifies >= 15 && cookies >= 20);
}

/* Starlette's header refuses what would not be one safe header; Django tokens with a
 * non-ASCII JSON payload are refused (Django would read them as Latin-1). */
static void test_refusals(void) {
    uint8_t out[512];
    size_t len = 0;
    signet_cookie_options o;
    CHECK_STATUS(signet_cookie_options_init(&o, sizeof o), SIGNET_OK);
    CHECK_STATUS(signet_starlette_set_cookie(&o, U8("a;b"), 3, out, sizeof out, &len), SIGNET_E_BAD_COOKIE);
    o.path = (signet_bytes){U8("/\r\nX"), 4};
    CHECK_STATUS(signet_starlette_set_cookie(&o, U8("v"), 1, out, sizeof out, &len), SIGNET_E_BAD_COOKIE);
    CHECK_STATUS(signet_starlette_delete_cookie(&o, out, sizeof out, &len), SIGNET_E_BAD_COOKIE);
    o.path = (signet_bytes){U8("/"), 1};
    o.domain = (signet_bytes){U8("a.org; secure"), 13};
    CHECK_STATUS(signet_starlette_set_cookie(&o, U8("v"), 1, out, sizeof out, &len), SIGNET_E_BAD_COOKIE);
    o.domain = (signet_bytes){NULL, 0};
    CHECK_STATUS(signet_starlette_set_cookie(&o, U8("v"), 1, out, 3, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == strlen("session=v; path=/; httponly; samesite=lax"));

    signet_ctx *session = context("DJANGO_SESSION", "6b", "-", "default");
    if (!session) return;
    /* A session must be an object, when minting and when reading. */
    CHECK_STATUS(signet_mint(session, U8("[1]"), 3, 1700000000, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    signet_ctx *signing = context("DJANGO_SIGNING", "6b", "-", "default");
    if (signing) {
        CHECK_STATUS(signet_mint(signing, U8("[1]"), 3, 1700000000, out, sizeof out, &len), SIGNET_OK);
        CHECK_STATUS(signet_verify(signing, out, len, 1700000000, out, sizeof out, &len, NULL), SIGNET_OK);
        CHECK_BYTES(out, len, "[1]");
        /* Django's TimestampSigner through signet_timestamp_sign/_unsign: base62 time. */
        uint8_t token[256];
        size_t token_len = 0, value_len = 0;
        int64_t signed_at = 0;
        CHECK_STATUS(signet_timestamp_sign(signing, U8("v"), 1, 1700000000, token, sizeof token, &token_len), SIGNET_OK);
        CHECK(token_len > 10 && memcmp(token, "v:1r31eq:", 9) == 0);
        CHECK_STATUS(signet_timestamp_unsign(signing, token, token_len, 1700000000, &value_len, &signed_at), SIGNET_OK);
        CHECK(value_len == 1 && signed_at == 1700000000);
        signet_free(signing);
    }
    signet_free(session);
}

int main(int argc, char **argv) {
    run_vectors(argc > 1 ? argv[1] : DEFAULT_VECTORS);
    test_refusals();
    return check_report("test_frameworks");
}
