/* test_session.c: signet_session_get, signet_session_get_int64 and signet_session_build.
 *
 * The answers come from Python and Flask through Tests/Scripts/make_session_vectors.py: the
 * committed file by default, or the file named on the command line (`make check` also runs a
 * freshly generated random round). Then what Python cannot say: refusals, limits, buffers,
 * NULL pointers, and a C round trip build -> mint -> verify -> get. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>

#include "check.h"

#define NOW 1700000000
#define KEY "session-vectors-key" /* make_session_vectors.py's KEY */
#define MAX_MEMBERS 64
#define DEFAULT_VECTORS "../Tests/Vectors/capi/session.txt"

static signet_ctx *flask;

/* --------------------------------------------------------------------------- vector parsing */

/* Decodes hex (or "-" for empty) into a new buffer; *len receives its length. */
static uint8_t *unhex(const char *hex, size_t *len) {
    size_t n = strcmp(hex, "-") == 0 ? 0 : strlen(hex) / 2, i;
    uint8_t *out = malloc(n + 1);
    if (out == NULL) abort();
    for (i = 0; i < n; i++) {
        unsigned byte = 0;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) abort();
        out[i] = (uint8_t)byte;
    }
    *len = n;
    return out;
}

static int status_named(const char *name) {
    static const struct { const char *name; int status; } names[] = {
        {"SIGNET_OK", SIGNET_OK},
        {"SIGNET_E_INVALID_ARGUMENT", SIGNET_E_INVALID_ARGUMENT},
        {"SIGNET_E_NOT_FOUND", SIGNET_E_NOT_FOUND},
        {"SIGNET_E_LONE_SURROGATE", SIGNET_E_LONE_SURROGATE},
        {"SIGNET_E_OUT_OF_RANGE", SIGNET_E_OUT_OF_RANGE},
        {"SIGNET_E_WRONG_TYPE", SIGNET_E_WRONG_TYPE},
    };
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) == 0) return names[i].status;
    }
    fprintf(stderr, "test_session: unknown status %s in the vectors\n", name);
    abort();
}

static int type_named(const char *name) {
    static const char *names[] = {"-", "SIGNET_VALUE_NULL", "SIGNET_VALUE_BOOL", "SIGNET_VALUE_INTEGER",
                                  "SIGNET_VALUE_FLOAT", "SIGNET_VALUE_STRING", "SIGNET_VALUE_ARRAY",
                                  "SIGNET_VALUE_OBJECT"};
    int i;
    for (i = 0; i < 8; i++) {
        if (strcmp(names[i], name) == 0) return i;
    }
    abort();
}

/* Splits a line on spaces, in place. */
static size_t split(char *line, char **fields, size_t max) {
    size_t n = 0;
    char *save = NULL, *field;
    for (field = strtok_r(line, " \n", &save); field && n < max; field = strtok_r(NULL, " \n", &save)) {
        fields[n++] = field;
    }
    return n;
}

static void compare_output(const uint8_t *got, size_t got_len, const uint8_t *want, size_t want_len,
                           size_t line_number) {
    check_count++;
    if (got_len != want_len || memcmp(got, want, want_len) != 0) {
        check_failures++;
        fprintf(stderr, "vectors line %zu: output differs (%zu bytes, expected %zu)\n", line_number, got_len,
                want_len);
    }
}

/* get TEXT KEY FLAGS STATUS TYPE OUT INT64_STATUS INT64 */
static void run_get(char **f, size_t line_number) {
    size_t text_len, key_len, want_len, len = 0, needed = 0;
    uint8_t *text = unhex(f[1], &text_len), *key = unhex(f[2], &key_len), *want = unhex(f[6], &want_len);
    unsigned flags = (unsigned)atoi(f[3]);
    int want_status = status_named(f[4]), want_type = type_named(f[5]);
    signet_value_type type = (signet_value_type)0;
    int64_t value = -1;
    uint8_t *out = malloc(want_len + 1);
    int status;

    /* Size query first, then the exact buffer. */
    status = signet_session_get(text, text_len, key, key_len, flags, &type, NULL, 0, &needed);
    if (want_status == SIGNET_OK && want_len > 0) {
        CHECK_STATUS(status, SIGNET_E_BUFFER_TOO_SMALL);
        CHECK(needed == want_len);
    }
    status = signet_session_get(text, text_len, key, key_len, flags, &type, out, want_len, &len);
    if (status != want_status) {
        fprintf(stderr, "vectors line %zu: ", line_number);
        CHECK_STATUS(status, want_status);
    } else {
        check_count++;
    }
    if (want_status == SIGNET_OK) compare_output(out, len, want, want_len, line_number);
    if (want_type != 0) CHECK((int)type == want_type);
    if (want_status != SIGNET_OK) CHECK(len == 0);

    status = signet_session_get_int64(text, text_len, key, key_len, &value);
    if (status != status_named(f[7])) {
        fprintf(stderr, "vectors line %zu: ", line_number);
        CHECK_STATUS(status, status_named(f[7]));
    } else {
        check_count++;
    }
    CHECK(value == strtoll(f[8], NULL, 10));
    free(text);
    free(key);
    free(want);
    free(out);
}

/* build COUNT MEMBER... JSON COOKIE, MEMBER = TYPE:KEY:VALUE */
static void run_build(char **f, size_t n, size_t line_number) {
    size_t count = (size_t)atoi(f[1]), i, want_len, len = 0, cookie_len = 0;
    signet_member members[MAX_MEMBERS];
    uint8_t *owned[2 * MAX_MEMBERS];
    uint8_t *want, *out, cookie[SIGNET_COOKIE_MAX_LEN * 2];
    if (count > MAX_MEMBERS || n != count + 4) abort();
    for (i = 0; i < count; i++) {
        char *spec = f[2 + i], *key_hex = spec + 2, *value = strchr(key_hex, ':') + 1;
        value[-1] = '\0';
        owned[2 * i] = unhex(key_hex, &members[i].key.len);
        members[i].key.ptr = owned[2 * i];
        members[i].text.ptr = NULL;
        members[i].text.len = 0;
        members[i].integer = 0;
        owned[2 * i + 1] = NULL;
        switch (spec[0]) {
        case 'N': members[i].type = SIGNET_VALUE_NULL; break;
        case 'B': members[i].type = SIGNET_VALUE_BOOL; members[i].integer = atoi(value); break;
        case 'I': members[i].type = SIGNET_VALUE_INTEGER; members[i].integer = strtoll(value, NULL, 10); break;
        case 'S':
        case 'J':
            members[i].type = spec[0] == 'S' ? SIGNET_VALUE_STRING : SIGNET_VALUE_JSON;
            owned[2 * i + 1] = unhex(value, &members[i].text.len);
            members[i].text.ptr = owned[2 * i + 1];
            break;
        default: abort();
        }
    }
    want = unhex(f[2 + count], &want_len);
    out = malloc(want_len + 1);
    CHECK_STATUS(signet_session_build(members, count, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == want_len);
    if (signet_session_build(members, count, out, want_len, &len) != SIGNET_OK) {
        fprintf(stderr, "vectors line %zu: signet_session_build failed\n", line_number);
        check_failures++;
    } else {
        compare_output(out, len, want, want_len, line_number);
        CHECK_STATUS(signet_mint(flask, out, len, NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
        if (cookie_len != strlen(f[3 + count]) || memcmp(cookie, f[3 + count], cookie_len) != 0) {
            fprintf(stderr, "vectors line %zu: the cookie differs from Flask's\n", line_number);
            check_failures++;
        }
        check_count++;
    }
    for (i = 0; i < count; i++) {
        free(owned[2 * i]);
        free(owned[2 * i + 1]);
    }
    free(want);
    free(out);
}

static void run_vectors(const char *path) {
    FILE *file = fopen(path, "r");
    char *line = NULL, *fields[MAX_MEMBERS + 8];
    size_t cap = 0, line_number = 0, gets = 0, builds = 0, n;
    if (file == NULL) {
        fprintf(stderr, "test_session: cannot open %s\n", path);
        check_failures++;
        return;
    }
    while (getline(&line, &cap, file) > 0) {
        line_number++;
        if (line[0] == '#') continue;
        n = split(line, fields, sizeof fields / sizeof fields[0]);
        if (n == 9 && strcmp(fields[0], "get") == 0) {
            run_get(fields, line_number);
            gets++;
        } else if (n >= 4 && strcmp(fields[0], "build") == 0) {
            run_build(fields, n, line_number);
            builds++;
        } else {
            fprintf(stderr, "test_session: %s:%zu: malformed line\n", path, line_number);
            check_failures++;
        }
    }
    free(line);
    fclose(file);
    CHECK(gets > 100 && builds > 10);
    printf("test_session: %zu get and %zu build vectors from %s\n", gets, builds, path);
}

/* --------------------------------------------------------------------------- beyond Python */

static signet_value_type type;
static uint8_t out[256];
static size_t len;

#define GET(json, key, flags) \
    signet_session_get(U8(json), strlen(json), U8(key), strlen(key), (flags), &type, out, sizeof out, &len)

/* {"a":[[...]]}: `levels` containers deep, the object included. */
static size_t nested(char *text, size_t levels) {
    size_t n = (size_t)sprintf(text, "{\"a\":"), i;
    for (i = 1; i < levels; i++) text[n++] = '[';
    for (i = 1; i < levels; i++) text[n++] = ']';
    text[n++] = '}';
    return n;
}

static void test_get_refusals(void) {
    static char deep[2100], digits[4400];
    int64_t value = 7;
    size_t i, n;

    CHECK_STATUS(GET("[1]", "a", 0), SIGNET_E_BAD_JSON);
    CHECK_STATUS(GET("\"a\"", "a", 0), SIGNET_E_BAD_JSON);
    CHECK_STATUS(GET("", "a", 0), SIGNET_E_BAD_JSON);
    CHECK_STATUS(GET("{\"a\":1", "a", 0), SIGNET_E_BAD_JSON);
    CHECK_STATUS(GET("{\"a\":1}x", "a", 0), SIGNET_E_BAD_JSON);
    CHECK_STATUS(GET("{\"a\":1,\"b\":[}", "a", 0), SIGNET_E_BAD_JSON); /* invalid after the key */
    CHECK_STATUS(GET("{\"a\":\"\xff\"}", "a", 0), SIGNET_E_BAD_JSON);
    CHECK(len == 0);
    CHECK_STATUS(GET("{\"a\":1}", "a", 2), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(GET("{\"a\":1}", "\xff", 0), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(GET("{\"a\":1}", "\xed\xa0\x80", 0), SIGNET_E_INVALID_ARGUMENT); /* a surrogate */

    /* The default limits: depth 1000, 4300 digits. */
    n = nested(deep, 1000);
    CHECK_STATUS(signet_session_get(U8(deep), n, U8("a"), 1, 0, &type, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(type == SIGNET_VALUE_ARRAY && len == 2 * 999);
    n = nested(deep, 1001);
    CHECK_STATUS(signet_session_get(U8(deep), n, U8("a"), 1, 0, &type, NULL, 0, &len), SIGNET_E_JSON_TOO_DEEP);
    n = (size_t)sprintf(digits, "{\"a\":");
    for (i = 0; i < 4300; i++) digits[n++] = '9';
    digits[n++] = '}';
    CHECK_STATUS(signet_session_get(U8(digits), n, U8("a"), 1, 0, &type, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == 4300 && type == SIGNET_VALUE_INTEGER);
    CHECK_STATUS(signet_session_get_int64(U8(digits), n, U8("a"), 1, &value), SIGNET_E_OUT_OF_RANGE);
    digits[n - 1] = '9';
    digits[n++] = '}';
    CHECK_STATUS(signet_session_get(U8(digits), n, U8("a"), 1, 0, &type, NULL, 0, &len), SIGNET_E_INTEGER_TOO_LONG);
    CHECK_STATUS(signet_session_get_int64(U8(digits), n, U8("a"), 1, &value), SIGNET_E_INTEGER_TOO_LONG);
    CHECK(value == 0);

    /* Buffers: too small reports the size and the type, writes nothing. */
    memset(out, 'x', sizeof out);
    CHECK_STATUS(signet_session_get(U8("{\"a\":\"hello\"}"), 13, U8("a"), 1, 0, &type, out, 4, &len),
                 SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(len == 5 && type == SIGNET_VALUE_STRING && out[0] == 'x');
    CHECK_STATUS(signet_session_get(U8("{\"a\":\"\"}"), 8, U8("a"), 1, 0, &type, NULL, 0, &len), SIGNET_OK);
    CHECK(len == 0 && type == SIGNET_VALUE_STRING);

    /* NULL pointers: refused, never a crash. */
    CHECK_STATUS(signet_session_get(NULL, 5, U8("a"), 1, 0, &type, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get(NULL, 0, U8("a"), 1, 0, &type, out, sizeof out, &len), SIGNET_E_BAD_JSON);
    CHECK_STATUS(signet_session_get(U8("{}"), 2, NULL, 1, 0, &type, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get(U8("{\"\":1}"), 6, NULL, 0, 0, &type, out, sizeof out, &len), SIGNET_OK);
    CHECK(type == SIGNET_VALUE_INTEGER);
    CHECK_STATUS(signet_session_get(U8("{}"), 2, U8("a"), 1, 0, NULL, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get(U8("{}"), 2, U8("a"), 1, 0, &type, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get(U8("{}"), 2, U8("a"), 1, 0, &type, out, (size_t)-1, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get_int64(U8("{}"), 2, U8("a"), 1, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_get_int64(U8("{}"), (size_t)-1, U8("a"), 1, &value), SIGNET_E_INVALID_ARGUMENT);
}

static void test_build_refusals(void) {
    static char deep[2100];
    size_t i, n;
    signet_member dup[2] = {SIGNET_MEMBER_NULL("a"), SIGNET_MEMBER_INT64("a", 1)};
    signet_member one[1] = {SIGNET_MEMBER_NULL("a")};

    CHECK_STATUS(signet_session_build(dup, 2, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK(len == 0);
    CHECK_STATUS(signet_session_build(NULL, 1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_build(NULL, 0, out, sizeof out, &len), SIGNET_OK);
    CHECK_BYTES(out, len, "{}");
    CHECK_STATUS(signet_session_build(one, 1, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_session_build(one, (size_t)-1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);

#define REFUSE_MEMBER(init, status)                                                         \
    do {                                                                                    \
        signet_member bad[1] = {init};                                                      \
        CHECK_STATUS(signet_session_build(bad, 1, out, sizeof out, &len), (status));        \
    } while (0)
    REFUSE_MEMBER(SIGNET_MEMBER_STRING("a", "\xff", 1), SIGNET_E_INVALID_ARGUMENT);
    REFUSE_MEMBER(SIGNET_MEMBER_STRING("a", "\xed\xa0\x80", 3), SIGNET_E_INVALID_ARGUMENT);
    REFUSE_MEMBER(SIGNET_MEMBER_STRING("a", "\xc0\x80", 2), SIGNET_E_INVALID_ARGUMENT); /* overlong */
    REFUSE_MEMBER(SIGNET_MEMBER_STRING("\xf5", "a", 1), SIGNET_E_INVALID_ARGUMENT);
    REFUSE_MEMBER(SIGNET_MEMBER_STRING("a", NULL, 1), SIGNET_E_INVALID_ARGUMENT);
    REFUSE_MEMBER(SIGNET_MEMBER_JSON("a", "", 0), SIGNET_E_BAD_JSON);
    REFUSE_MEMBER(SIGNET_MEMBER_JSON("a", "[1,", 3), SIGNET_E_BAD_JSON);
    REFUSE_MEMBER(SIGNET_MEMBER_JSON("a", "1 2", 3), SIGNET_E_BAD_JSON);
    {
        signet_member bad[1] = {SIGNET_MEMBER_BOOL("a", 1)};
        bad[0].integer = 2;
        CHECK_STATUS(signet_session_build(bad, 1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
        bad[0].integer = 1;
        bad[0].type = SIGNET_VALUE_FLOAT;
        CHECK_STATUS(signet_session_build(bad, 1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
        bad[0].type = (signet_value_type)0;
        CHECK_STATUS(signet_session_build(bad, 1, out, sizeof out, &len), SIGNET_E_INVALID_ARGUMENT);
    }

    /* A JSON member sits one level inside the object: 999 levels fit, 1000 do not. */
    for (n = 0, i = 0; i < 999; i++) deep[n++] = '[';
    for (i = 0; i < 999; i++) deep[n++] = ']';
    {
        signet_member member[1] = {SIGNET_MEMBER_JSON("a", deep, n)};
        CHECK_STATUS(signet_session_build(member, 1, NULL, 0, &len), SIGNET_E_BUFFER_TOO_SMALL);
        CHECK(len == n + 6);
        memmove(deep + 1, deep, n);
        deep[n + 1] = ']';
        member[0].text.len = n + 2;
        CHECK_STATUS(signet_session_build(member, 1, NULL, 0, &len), SIGNET_E_JSON_TOO_DEEP);
    }
}

/* C values -> JSON -> Flask cookie -> verified JSON -> the same C values. */
static void test_round_trip(void) {
    static const char name[] = "Zo\xc3\xab \xf0\x9f\x98\x80 \"quoted\"\\ \x00nul\n\x7f";
    const size_t name_len = sizeof name - 1;
    signet_member session[] = {
        SIGNET_MEMBER_STRING("user", name, sizeof name - 1),
        SIGNET_MEMBER_INT64("user_id", INT64_MIN),
        SIGNET_MEMBER_INT64("max", INT64_MAX),
        SIGNET_MEMBER_BOOL("_fresh", 1),
        SIGNET_MEMBER_NULL("nothing"),
        SIGNET_MEMBER_JSON("cart", "{\" t\": [1, 2.50]}", 17),
    };
    uint8_t json[512], cookie[1024], verified[512];
    size_t json_len = 0, cookie_len = 0, verified_len = 0;
    int64_t value = 0;

    CHECK_STATUS(signet_session_build(session, sizeof session / sizeof session[0], json, sizeof json, &json_len),
                 SIGNET_OK);
    CHECK_STATUS(signet_mint(flask, json, json_len, NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
    CHECK_STATUS(signet_verify(flask, cookie, cookie_len, NOW, verified, sizeof verified, &verified_len, NULL),
                 SIGNET_OK);

    CHECK_STATUS(signet_session_get(verified, verified_len, U8("user"), 4, 0, &type, out, sizeof out, &len), SIGNET_OK);
    CHECK(type == SIGNET_VALUE_STRING && len == name_len && memcmp(out, name, name_len) == 0);
    CHECK_STATUS(signet_session_get_int64(verified, verified_len, U8("user_id"), 7, &value), SIGNET_OK);
    CHECK(value == INT64_MIN);
    CHECK_STATUS(signet_session_get_int64(verified, verified_len, U8("max"), 3, &value), SIGNET_OK);
    CHECK(value == INT64_MAX);
    CHECK_STATUS(signet_session_get(verified, verified_len, U8("_fresh"), 6, 0, &type, out, sizeof out, &len), SIGNET_OK);
    CHECK(type == SIGNET_VALUE_BOOL && len == 4 && memcmp(out, "true", 4) == 0);
    CHECK_STATUS(signet_session_get_int64(verified, verified_len, U8("_fresh"), 6, &value), SIGNET_E_WRONG_TYPE);
    CHECK_STATUS(signet_session_get(verified, verified_len, U8("nothing"), 7, 0, &type, out, sizeof out, &len), SIGNET_OK);
    CHECK(type == SIGNET_VALUE_NULL);
    CHECK_STATUS(signet_session_get(verified, verified_len, U8("missing"), 7, 0, &type, out, sizeof out, &len),
                 SIGNET_E_NOT_FOUND);
    /* The tagged tuple comes back as the very text signet_verify wrote for it. */
    CHECK_STATUS(signet_session_get(verified, verified_len, U8("cart"), 4, 0, &type, out, sizeof out, &len), SIGNET_OK);
    CHECK(type == SIGNET_VALUE_OBJECT);
    {
        const uint8_t *at = verified;
        size_t left = verified_len;
        int found = 0;
        while (left >= len) {
            if (memcmp(at, out, len) == 0) found = 1;
            at++;
            left--;
        }
        CHECK(found);
    }
}

/* The statuses these functions add are C-only: their own text, no ancestor but themselves. */
static void test_statuses(void) {
    static const int added[] = {SIGNET_E_NOT_FOUND, SIGNET_E_OUT_OF_RANGE, SIGNET_E_WRONG_TYPE,
                                SIGNET_E_LONE_SURROGATE};
    size_t i, j;
    for (i = 0; i < sizeof added / sizeof added[0]; i++) {
        CHECK(strcmp(signet_strerror(added[i]), "unknown status") != 0);
        CHECK(signet_status_is_a(added[i], added[i]));
        CHECK(!signet_status_is_a(added[i], SIGNET_E_BAD_DATA));
        CHECK(!signet_status_is_a(SIGNET_E_BAD_DATA, added[i]));
        for (j = 0; j < i; j++) CHECK(strcmp(signet_strerror(added[i]), signet_strerror(added[j])) != 0);
    }
    CHECK(SIGNET_E_NOT_FOUND == -103 && SIGNET_E_OUT_OF_RANGE == -104 && SIGNET_E_WRONG_TYPE == -105 &&
          SIGNET_E_LONE_SURROGATE == -106);
}

int main(int argc, char **argv) {
    signet_options o;
    signet_bytes key = {U8(KEY), sizeof KEY - 1};
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = &key;
    o.secret_key_count = 1;
    CHECK_STATUS(signet_new(&o, &flask), SIGNET_OK);
    if (flask == NULL) return check_report("test_session");

    run_vectors(argc > 1 ? argv[1] : DEFAULT_VECTORS);
    test_get_refusals();
    test_build_refusals();
    test_round_trip();
    test_statuses();
    signet_free(flask);
    return check_report("test_session");
}
