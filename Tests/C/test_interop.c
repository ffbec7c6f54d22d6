/* test_interop.c: C and the real Flask 3.1 / itsdangerous 2.2 accept each other's tokens.
 *
 * All requests go to one Python process (flask_interop.py): it mints cookies with Flask at a
 * frozen time (SECRET_KEY plus SECRET_KEY_FALLBACKS) and loads the cookies C minted. Then:
 *  - C mints byte-identical cookies for the same session, keys and time;
 *  - C verifies Flask's cookies and returns Flask's own canonical JSON;
 *  - Flask loads C's cookies and sees the session C meant, or refuses them for the same reason
 *    C does (expired, tampered, wrong key).
 * Prints SKIP and succeeds when python3 or Flask is missing, unless CI=true, where it fails. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>

#include "check.h"

#define NOW 1700000000
#define MAX_CASES 64

static const char *python;
static const char *script;

/* SECRET_KEY_FALLBACKS (oldest first, one binary) then SECRET_KEY: C's key list. */
static const signet_bytes flask_keys[3] = {
    {(const uint8_t *)"oldest\0\xff", 8}, {(const uint8_t *)"newer", 5}, {(const uint8_t *)"current-secret", 14}};

static const char *sessions[] = {
    "{\"_fresh\":true,\"_id\":\"abc\",\"_user_id\":\"42\",\"csrf_token\":\"f00\"}",
    "{}",
    "{\"b\":{\" b\":\"AP8=\"},\"d\":{\" d\":\"Thu, 02 Jan 2020 03:04:05 GMT\"},\"m\":{\" m\":\"<b>x</b>\"},"
    "\"t\":{\" t\":[1,\"two\",3.0]},\"u\":{\" u\":\"12345678123456781234567812345678\"}}",
    "{\"name\":\"Zo\xc3\xab \xf0\x9f\x98\x80 \\u2028\",\"n\":[1.5,1e100,-0.0,1e-7,123456789012345678901234567890,"
    "NaN,Infinity,-Infinity]}",
    "{\" di\":{\" t__\":1}}",
    "{\"zeta\":1,\"alpha\":{\"nested\":{\"deep\":[{\"x\":null}]}},\"Beta\":false}",
    "{\"s\":\"tab\\t nl\\n quote\\\" backslash\\\\ slash/ del\\u007f nul\\u0000 lone\\ud800\"}",
    "{\"data\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
};
#define SESSION_COUNT (sizeof sessions / sizeof sessions[0])

/* Years of a datetime Flask stores: C, given the tagged JSON Flask wrote for it, mints Flask's
 * cookie (a four-digit year below 100 is kept as written, not read as 19xx/20xx). */
static const int years[] = {1, 5, 68, 69, 99, 100, 999, 1000, 1969, 2038, 9999};
#define YEAR_COUNT (sizeof years / sizeof years[0])

static void put_hex(FILE *f, const void *data, size_t len) {
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++) fprintf(f, "%02x", p[i]);
}

static size_t from_hex(const char *hex, size_t hex_len, uint8_t *out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; i + 1 < hex_len && n < cap; i += 2) {
        unsigned byte;
        if (sscanf(hex + i, "%2x", &byte) != 1) break;
        out[n++] = (uint8_t)byte;
    }
    return n;
}

/* One parsed answer line: ok, up to two decoded parts, or the Python exception class. */
struct answer {
    int ok;
    char error[64];
    uint8_t part[2][8192];
    size_t len[2];
};

static int read_answer(FILE *f, struct answer *a) {
    static char line[40000];
    char *space, *second;
    memset(a, 0, sizeof *a);
    if (!fgets(line, sizeof line, f)) return 0;
    line[strcspn(line, "\n")] = '\0';
    if (strncmp(line, "ERR ", 4) == 0) {
        size_t n = strlen(line + 4);
        if (n >= sizeof a->error) n = sizeof a->error - 1;
        memcpy(a->error, line + 4, n);
        return 1;
    }
    if (strncmp(line, "OK ", 3) != 0) return 0;
    a->ok = 1;
    space = line + 3;
    second = strchr(space, ' ');
    a->len[0] = from_hex(space, second ? (size_t)(second - space) : strlen(space), a->part[0], sizeof a->part[0]);
    if (second) a->len[1] = from_hex(second + 1, strlen(second + 1), a->part[1], sizeof a->part[1]);
    return 1;
}

/* Flask's configuration as request arguments: SECRET_KEY, then the fallbacks or "-". */
static void put_config(FILE *f, const signet_bytes *keys, size_t count) {
    put_hex(f, keys[count - 1].ptr, keys[count - 1].len);
    fputc(' ', f);
    if (count == 1) fputc('-', f);
    for (size_t i = 0; i + 1 < count; i++) {
        if (i) fputc(',', f);
        put_hex(f, keys[i].ptr, keys[i].len);
    }
}

static signet_ctx *flask_ctx(const signet_bytes *keys, size_t count) {
    signet_options o;
    signet_ctx *ctx = NULL;
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = keys;
    o.secret_key_count = count;
    CHECK_STATUS(signet_new(&o, &ctx), SIGNET_OK);
    return ctx;
}

/* The Python class a status corresponds to, for comparing refusals. */
static const char *python_class(int status) {
    switch (status) {
    case SIGNET_E_SIGNATURE_EXPIRED: return "SignatureExpired";
    case SIGNET_E_BAD_TIME_SIGNATURE:
    case SIGNET_E_MISSING_TIMESTAMP:
    case SIGNET_E_MALFORMED_TIMESTAMP: return "BadTimeSignature";
    case SIGNET_E_BAD_SIGNATURE: return "BadSignature";
    default: return "BadPayload";
    }
}

static int python_available(void) {
    char command[1024];
    snprintf(command, sizeof command, "'%s' -c 'import flask, itsdangerous' >/dev/null 2>&1", python);
    return system(command) == 0;
}

int main(void) {
    char req_path[] = "/tmp/signet-interop-req-XXXXXX", resp_path[] = "/tmp/signet-interop-resp-XXXXXX";
    char command[2048];
    FILE *req, *resp;
    int fd;
    signet_ctx *rotated, *oldest_only, *wrong, *signer, *timestamp, *ust;
    static uint8_t c_cookies[SESSION_COUNT][1024];
    size_t c_len[SESSION_COUNT];
    uint8_t expired[512], tampered[512], old_cookie[512], wrong_cookie[512], raw[3][512];
    size_t expired_len, tampered_len, old_len, wrong_len, raw_len[3];
    const signet_bytes raw_key = {(const uint8_t *)"k\0e\xffy", 5};
    const uint8_t raw_value[] = "binary\0value\xff.";
    const char *ust_json = "{\"b\":\"Zo\xc3\xab\",\"a\":[1,2.5,null]}";
    static struct answer a;

    python = getenv("PYTHON") ? getenv("PYTHON") : "python3";
    script = getenv("SIGNET_INTEROP_SCRIPT") ? getenv("SIGNET_INTEROP_SCRIPT") : "../Tests/C/flask_interop.py";
    if (!python_available()) {
        const char *ci = getenv("CI");
        if (ci != NULL && strcmp(ci, "true") == 0) {
            fprintf(stderr, "test_interop: FAILED: CI=true but %s with Flask and itsdangerous was not found\n", python);
            return 1;
        }
        printf("test_interop: SKIP (%s with Flask and itsdangerous not found)\n", python);
        return 0;
    }

    rotated = flask_ctx(flask_keys, 3);
    oldest_only = flask_ctx(flask_keys, 1);
    {
        const signet_bytes w = {(const uint8_t *)"wrong", 5};
        wrong = flask_ctx(&w, 1);
    }
    {
        signet_options o;
        CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_SIGNER), SIGNET_OK);
        o.secret_keys = &raw_key;
        o.secret_key_count = 1;
        CHECK_STATUS(signet_new(&o, &signer), SIGNET_OK);
        CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_TIMESTAMP_SIGNER), SIGNET_OK);
        o.secret_keys = &raw_key;
        o.secret_key_count = 1;
        CHECK_STATUS(signet_new(&o, &timestamp), SIGNET_OK);
        CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER), SIGNET_OK);
        o.secret_keys = &raw_key;
        o.secret_key_count = 1;
        CHECK_STATUS(signet_new(&o, &ust), SIGNET_OK);
    }

    /* C's side first: everything Python will be asked to load. */
    for (size_t i = 0; i < SESSION_COUNT; i++)
        CHECK_STATUS(signet_mint(rotated, U8(sessions[i]), strlen(sessions[i]), NOW, c_cookies[i],
                                 sizeof c_cookies[i], &c_len[i]), SIGNET_OK);
    CHECK_STATUS(signet_mint(rotated, U8("{\"a\":1}"), 7, NOW - SIGNET_FLASK_MAX_AGE - 1, expired, sizeof expired, &expired_len), SIGNET_OK);
    CHECK_STATUS(signet_mint(rotated, U8("{\"a\":1}"), 7, NOW, tampered, sizeof tampered, &tampered_len), SIGNET_OK);
    tampered[4] = tampered[4] == 'A' ? 'B' : 'A';
    CHECK_STATUS(signet_mint(oldest_only, U8("{\"a\":1}"), 7, NOW, old_cookie, sizeof old_cookie, &old_len), SIGNET_OK);
    CHECK_STATUS(signet_mint(wrong, U8("{\"a\":1}"), 7, NOW, wrong_cookie, sizeof wrong_cookie, &wrong_len), SIGNET_OK);
    CHECK_STATUS(signet_sign(signer, raw_value, sizeof raw_value - 1, raw[0], sizeof raw[0], &raw_len[0]), SIGNET_OK);
    CHECK_STATUS(signet_timestamp_sign(timestamp, raw_value, sizeof raw_value - 1, NOW, raw[1], sizeof raw[1], &raw_len[1]), SIGNET_OK);
    CHECK_STATUS(signet_mint(ust, U8(ust_json), strlen(ust_json), NOW, raw[2], sizeof raw[2], &raw_len[2]), SIGNET_OK);

    fd = mkstemp(req_path);
    CHECK(fd >= 0);
    req = fdopen(fd, "w");
    for (size_t i = 0; i < SESSION_COUNT; i++) {
        fprintf(req, "flask-mint %d ", NOW);
        put_config(req, flask_keys, 3);
        fputc(' ', req);
        put_hex(req, sessions[i], strlen(sessions[i]));
        fprintf(req, "\nflask-load %d ", NOW + 5);
        put_config(req, flask_keys, 3);
        fputc(' ', req);
        put_hex(req, c_cookies[i], c_len[i]);
        fputc('\n', req);
    }
    /* An app that has not rotated yet (SECRET_KEY is today's fallback). */
    fprintf(req, "flask-mint %d ", NOW);
    put_config(req, &flask_keys[1], 1);
    fputs(" 7b2261223a317d\n", req); /* {"a":1} */
    /* C's refusals and Flask's must agree. */
    {
        const uint8_t *cookies[4] = {expired, tampered, old_cookie, wrong_cookie};
        size_t lens[4] = {expired_len, tampered_len, old_len, wrong_len};
        for (int i = 0; i < 4; i++) {
            fprintf(req, "flask-load %d ", NOW);
            put_config(req, flask_keys, 3);
            fputc(' ', req);
            put_hex(req, cookies[i], lens[i]);
            fputc('\n', req);
        }
    }
    fputs("signer-sign ", req);
    put_hex(req, raw_key.ptr, raw_key.len);
    fputc(' ', req);
    put_hex(req, raw_value, sizeof raw_value - 1);
    fprintf(req, "\nts-sign %d ", NOW);
    put_hex(req, raw_key.ptr, raw_key.len);
    fputc(' ', req);
    put_hex(req, raw_value, sizeof raw_value - 1);
    fprintf(req, "\nust-dumps %d ", NOW);
    put_hex(req, raw_key.ptr, raw_key.len);
    fputc(' ', req);
    put_hex(req, ust_json, strlen(ust_json));
    fputc('\n', req);
    for (size_t i = 0; i < YEAR_COUNT; i++) {
        fprintf(req, "flask-mint-year %d ", NOW);
        put_config(req, flask_keys, 3);
        fprintf(req, " %d\n", years[i]);
    }
    fclose(req);

    fd = mkstemp(resp_path);
    CHECK(fd >= 0);
    close(fd);
    snprintf(command, sizeof command, "'%s' '%s' < '%s' > '%s'", python, script, req_path, resp_path);
    CHECK(system(command) == 0);
    resp = fopen(resp_path, "r");
    CHECK(resp != NULL);
    if (resp == NULL) return check_report("test_interop");

    for (size_t i = 0; i < SESSION_COUNT; i++) {
        uint8_t json[8192], c_json[8192];
        size_t json_len = 0, c_json_len = 0;
        int64_t at = 0;
        /* Flask's cookie: C mints the same bytes and reads Flask's canonical JSON from it. */
        CHECK(read_answer(resp, &a) && a.ok);
        if (!a.ok) fprintf(stderr, "session %zu: Flask refused to mint: %s\n", i, a.error);
        CHECK(a.len[0] == c_len[i] && memcmp(a.part[0], c_cookies[i], c_len[i]) == 0);
        if (a.len[0] != c_len[i] || memcmp(a.part[0], c_cookies[i], c_len[i]) != 0)
            fprintf(stderr, "session %zu: Flask %.*s\n                C     %.*s\n", i, (int)a.len[0],
                    (const char *)a.part[0], (int)c_len[i], (const char *)c_cookies[i]);
        CHECK_STATUS(signet_verify(rotated, a.part[0], a.len[0], NOW + 5, json, sizeof json, &json_len, &at), SIGNET_OK);
        CHECK(json_len == a.len[1] && memcmp(json, a.part[1], json_len) == 0 && at == NOW);
        if (json_len != a.len[1] || memcmp(json, a.part[1], json_len) != 0)
            fprintf(stderr, "session %zu: Flask JSON %.*s\n                C JSON     %.*s\n", i, (int)a.len[1],
                    (const char *)a.part[1], (int)json_len, (const char *)json);
        /* C's cookie: Flask loads exactly the session C verifies in it. */
        CHECK(read_answer(resp, &a) && a.ok);
        if (!a.ok) fprintf(stderr, "session %zu: Flask refused C's cookie: %s\n", i, a.error);
        CHECK_STATUS(signet_verify(rotated, c_cookies[i], c_len[i], NOW + 5, c_json, sizeof c_json, &c_json_len, NULL), SIGNET_OK);
        CHECK(a.len[0] == c_json_len && memcmp(a.part[0], c_json, c_json_len) == 0);
    }
    /* Minted under a key that is a fallback now: accepted. */
    CHECK(read_answer(resp, &a) && a.ok);
    {
        uint8_t json[64];
        size_t json_len = 0;
        CHECK_STATUS(signet_verify(rotated, a.part[0], a.len[0], NOW, json, sizeof json, &json_len, NULL), SIGNET_OK);
        CHECK_BYTES(json, json_len, "{\"a\":1}");
    }
    {
        const uint8_t *cookies[4] = {expired, tampered, old_cookie, wrong_cookie};
        size_t lens[4] = {expired_len, tampered_len, old_len, wrong_len};
        const char *expected[4] = {"SignatureExpired", "BadTimeSignature", NULL, "BadTimeSignature"};
        for (int i = 0; i < 4; i++) {
            uint8_t json[64];
            size_t json_len = 0;
            int rc = signet_verify(rotated, cookies[i], lens[i], NOW, json, sizeof json, &json_len, NULL);
            CHECK(read_answer(resp, &a));
            if (expected[i] == NULL) {
                CHECK(a.ok && rc == SIGNET_OK); /* the oldest fallback still verifies, in both */
            } else {
                CHECK(!a.ok && strcmp(a.error, expected[i]) == 0);
                CHECK(rc != SIGNET_OK && strcmp(python_class(rc), expected[i]) == 0);
                if (a.ok || strcmp(a.error, expected[i]) != 0)
                    fprintf(stderr, "refusal %d: Flask said %s, expected %s\n", i, a.ok ? "OK" : a.error, expected[i]);
            }
        }
    }
    for (int i = 0; i < 3; i++) {
        static const char *names[3] = {"Signer", "TimestampSigner", "URLSafeTimedSerializer"};
        CHECK(read_answer(resp, &a) && a.ok);
        CHECK(a.len[0] == raw_len[i] && memcmp(a.part[0], raw[i], raw_len[i]) == 0);
        if (a.len[0] != raw_len[i] || memcmp(a.part[0], raw[i], raw_len[i]) != 0)
            fprintf(stderr, "%s: Python and C differ\n", names[i]);
    }
    for (size_t i = 0; i < YEAR_COUNT; i++) {
        uint8_t cookie[512];
        size_t cookie_len = 0;
        CHECK(read_answer(resp, &a) && a.ok);
        CHECK_STATUS(signet_mint(rotated, a.part[1], a.len[1], NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
        CHECK(cookie_len == a.len[0] && memcmp(cookie, a.part[0], cookie_len) == 0);
        if (cookie_len != a.len[0] || memcmp(cookie, a.part[0], cookie_len) != 0)
            fprintf(stderr, "year %d: Flask %.*s\n         C     %.*s\n", years[i], (int)a.len[0],
                    (const char *)a.part[0], (int)cookie_len, (const char *)cookie);
    }
    CHECK(!read_answer(resp, &a)); /* every answer consumed */
    fclose(resp);
    unlink(req_path);
    unlink(resp_path);

    signet_free(rotated);
    signet_free(oldest_only);
    signet_free(wrong);
    signet_free(signer);
    signet_free(timestamp);
    signet_free(ust);
    return check_report("test_interop");
}
