/* test_cookie.c: signet_cookie_value, signet_set_cookie and signet_delete_cookie against the
 * vectors the real Flask and werkzeug wrote (Tests/Vectors/cookies, made by
 * Tests/Scripts/make_cookie_vectors.py; the Swift tests read the same files), plus the refusals
 * that keep a Set-Cookie header from being injected.
 *
 * Usage: test_cookie [VECTOR_DIR]   (default ../Tests/Vectors/cookies) */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"

#define MAX_FIELDS 13

static const char *vector_dir = "../Tests/Vectors/cookies";

/* A vector file in memory, cut into lines and '|'-separated fields in place. */
typedef struct {
    char *text;
    char **lines;
    size_t count;
} vector_file;

static vector_file read_vectors(const char *name) {
    vector_file file = {NULL, NULL, 0};
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", vector_dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "test_cookie: cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    file.text = malloc((size_t)size + 1);
    file.lines = malloc(sizeof(char *) * ((size_t)size + 1));
    if (!file.text || !file.lines || fread(file.text, 1, (size_t)size, f) != (size_t)size) exit(1);
    fclose(f);
    file.text[size] = '\0';
    for (char *line = strtok(file.text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] != '#') file.lines[file.count++] = line;
    }
    return file;
}

static void free_vectors(vector_file *file) {
    free(file->text);
    free(file->lines);
}

/* Splits `line` on '|' in place; returns the number of fields. */
static size_t split_fields(char *line, char **fields) {
    size_t n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < MAX_FIELDS; p++) {
        if (*p == '|') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    }
    return n;
}

/* Decodes hex into a new buffer (at least 1 byte, so never NULL); *len gets the byte count. */
static uint8_t *unhex(const char *hex, size_t *len) {
    size_t n = strlen(hex) / 2;
    uint8_t *bytes = malloc(n + 1);
    if (!bytes) exit(1);
    for (size_t i = 0; i < n; i++) {
        unsigned value;
        if (sscanf(hex + 2 * i, "%2x", &value) != 1) exit(1);
        bytes[i] = (uint8_t)value;
    }
    *len = n;
    return bytes;
}

static void test_statuses(void) {
    CHECK(SIGNET_E_NOT_FOUND == -103 && SIGNET_E_BAD_COOKIE == -107);
    CHECK(strcmp(signet_strerror(SIGNET_E_NOT_FOUND), "unknown status") != 0);
    CHECK(strcmp(signet_strerror(SIGNET_E_BAD_COOKIE), "unknown status") != 0);
    CHECK(strcmp(signet_strerror(SIGNET_E_NOT_FOUND), signet_strerror(SIGNET_E_BAD_COOKIE)) != 0);
    CHECK(signet_status_is_a(SIGNET_E_NOT_FOUND, SIGNET_E_NOT_FOUND) == 1);
    CHECK(signet_status_is_a(SIGNET_E_BAD_COOKIE, SIGNET_E_BAD_COOKIE) == 1);
    CHECK(signet_status_is_a(SIGNET_E_BAD_COOKIE, SIGNET_E_BAD_DATA) == 0);
    CHECK(signet_status_is_a(SIGNET_E_NOT_FOUND, SIGNET_E_BAD_DATA) == 0);
    CHECK(signet_status_is_a(SIGNET_E_BAD_COOKIE, SIGNET_E_INVALID_ARGUMENT) == 0);
}

/* Every parse_cookie vector, with an exact buffer, a size query and a buffer one byte short. */
static void test_cookie_value_vectors(void) {
    vector_file file = read_vectors("parse_cookie.txt");
    CHECK(file.count > 3000);
    size_t mismatches = 0;
    for (size_t i = 0; i < file.count; i++) {
        char *fields[MAX_FIELDS];
        if (split_fields(file.lines[i], fields) != 3) {
            CHECK(!"malformed parse_cookie line");
            continue;
        }
        size_t header_len, name_len, value_len = 0, out_len = 99;
        uint8_t *header = unhex(fields[0], &header_len);
        uint8_t *name = unhex(fields[1], &name_len);
        uint8_t *value = strcmp(fields[2], "-") == 0 ? NULL : unhex(fields[2], &value_len);
        int rc = signet_cookie_value(header, header_len, name, name_len, NULL, 0, &out_len);
        size_t before = mismatches;
        if (!value) {
            if (rc != SIGNET_E_NOT_FOUND || out_len != 0) mismatches++;
        } else {
            uint8_t *out = malloc(value_len + 1);
            if (!out) exit(1);
            int ok = (value_len == 0 ? rc == SIGNET_OK : rc == SIGNET_E_BUFFER_TOO_SMALL) && out_len == value_len;
            if (value_len > 0) {
                ok = ok && signet_cookie_value(header, header_len, name, name_len, out, value_len - 1, &out_len) ==
                               SIGNET_E_BUFFER_TOO_SMALL && out_len == value_len;
            }
            ok = ok && signet_cookie_value(header, header_len, name, name_len, out, value_len, &out_len) == SIGNET_OK &&
                 out_len == value_len && memcmp(out, value, value_len) == 0;
            ok = ok && out_len <= 2 * header_len;
            if (!ok) mismatches++;
            free(out);
        }
        if (before == 0 && mismatches == 1) {
            fprintf(stderr, "first parse_cookie mismatch: header %s name %s\n", fields[0], fields[1]);
        }
        free(header);
        free(name);
        free(value);
    }
    CHECK(mismatches == 0);
    free_vectors(&file);
}

static int set_cookie_from_fields(char **fields, uint8_t *out, size_t out_cap, size_t *out_len, int *expressible) {
    signet_cookie_options opts;
    if (signet_cookie_options_init(&opts, sizeof opts) != SIGNET_OK) return -1;
    size_t name_len, value_len, domain_len = 0, path_len = 0;
    uint8_t *name = unhex(fields[1], &name_len);
    uint8_t *value = unhex(fields[2], &value_len);
    uint8_t *domain = strcmp(fields[3], "-") == 0 ? NULL : unhex(fields[3], &domain_len);
    uint8_t *path = strcmp(fields[4], "-") == 0 ? NULL : unhex(fields[4], &path_len);
    /* C has no "absent" apart from empty: an empty Domain or Path werkzeug writes as "Domain=",
     * and an Expires computed from werkzeug's clock, cannot be asked for. */
    *expressible = !(domain && domain_len == 0) && !(path && path_len == 0) &&
                   !(strcmp(fields[5], "-") == 0 && strcmp(fields[6], "-") != 0);
    opts.name = (signet_bytes){name, name_len};
    opts.domain = (signet_bytes){domain, domain_len};
    opts.path = (signet_bytes){path, path_len};
    opts.expires = strcmp(fields[5], "-") == 0 ? SIGNET_EXPIRES_NONE : strtoll(fields[5], NULL, 10);
    opts.max_age = strcmp(fields[6], "-") == 0 ? SIGNET_MAX_AGE_NONE : strtoll(fields[6], NULL, 10);
    opts.secure = fields[7][0] == '1';
    opts.http_only = fields[8][0] == '1';
    opts.same_site = strcmp(fields[9], "Lax") == 0      ? SIGNET_SAME_SITE_LAX
                     : strcmp(fields[9], "Strict") == 0 ? SIGNET_SAME_SITE_STRICT
                     : strcmp(fields[9], "None") == 0   ? SIGNET_SAME_SITE_NONE
                                                         : SIGNET_SAME_SITE_UNSET;
    opts.partitioned = fields[10][0] == '1';
    opts.max_size = 0;
    int rc = strcmp(fields[0], "delete") == 0 ? signet_delete_cookie(&opts, out, out_cap, out_len)
                                              : signet_set_cookie(&opts, value, value_len, out, out_cap, out_len);
    free(name);
    free(value);
    free(domain);
    free(path);
    return rc;
}

/* Every Set-Cookie vector C can express: Flask's save_session for every SESSION_COOKIE_*
 * combination, its deletion cookie, and werkzeug's dump_cookie. */
static void test_set_cookie_vectors(void) {
    vector_file file = read_vectors("set_cookie.txt");
    size_t checked = 0, mismatches = 0, flask = 0, deletions = 0;
    for (size_t i = 0; i < file.count; i++) {
        char *fields[MAX_FIELDS];
        if (split_fields(file.lines[i], fields) != MAX_FIELDS) {
            CHECK(!"malformed set_cookie line");
            continue;
        }
        uint8_t out[16384];
        size_t out_len = 0;
        int expressible = 0;
        int rc = set_cookie_from_fields(fields, out, sizeof out, &out_len, &expressible);
        if (!expressible) continue;
        checked++;
        flask += strcmp(fields[0], "flask") == 0;
        deletions += strcmp(fields[0], "delete") == 0;
        if (fields[12][0] == '!') {
            if (rc != SIGNET_E_BAD_COOKIE || out_len != 0) mismatches++;
            continue;
        }
        size_t expected_len;
        uint8_t *expected = unhex(fields[12], &expected_len);
        if (rc != SIGNET_OK || out_len != expected_len || memcmp(out, expected, expected_len) != 0) {
            if (mismatches == 0) fprintf(stderr, "first set_cookie mismatch (%d): %.*s\n", rc, (int)out_len, (const char *)out);
            mismatches++;
        }
        free(expected);
    }
    CHECK(checked > 2000 && flask >= 1152 && deletions >= 576);
    CHECK(mismatches == 0);
    free_vectors(&file);
}

static signet_cookie_options defaults(void) {
    signet_cookie_options opts;
    memset(&opts, 0xAB, sizeof opts);
    CHECK_STATUS(signet_cookie_options_init(&opts, sizeof opts), SIGNET_OK);
    return opts;
}

static void test_options_init(void) {
    signet_cookie_options opts = defaults();
    CHECK(opts.struct_size == sizeof opts);
    CHECK_BYTES(opts.name.ptr, opts.name.len, "session");
    CHECK_BYTES(opts.path.ptr, opts.path.len, "/");
    CHECK(opts.domain.len == 0);
    CHECK(opts.expires == SIGNET_EXPIRES_NONE && opts.max_age == SIGNET_MAX_AGE_NONE);
    CHECK(opts.secure == 0 && opts.http_only == 1 && opts.partitioned == 0);
    CHECK(opts.same_site == SIGNET_SAME_SITE_UNSET && opts.max_size == SIGNET_COOKIE_MAX_SIZE);
    signet_cookie_options untouched;
    memset(&untouched, 0x5A, sizeof untouched);
    CHECK_STATUS(signet_cookie_options_init(&untouched, sizeof untouched - 1), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_cookie_options_init(&untouched, sizeof untouched + 8), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_cookie_options_init(&untouched, 0), SIGNET_E_INVALID_ARGUMENT);
    CHECK(untouched.struct_size != sizeof untouched && untouched.http_only == 0x5A5A5A5A);
    CHECK_STATUS(signet_cookie_options_init(NULL, sizeof opts), SIGNET_E_INVALID_ARGUMENT);

    uint8_t out[256];
    size_t out_len;
    CHECK_STATUS(signet_set_cookie(&opts, U8("abc"), 3, out, sizeof out, &out_len), SIGNET_OK);
    CHECK_BYTES(out, out_len, "session=abc; HttpOnly; Path=/");
    CHECK_STATUS(signet_delete_cookie(&opts, out, sizeof out, &out_len), SIGNET_OK);
    CHECK_BYTES(out, out_len, "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/");
}

static void expect_bad_cookie(const signet_cookie_options *opts, const char *what) {
    for (int deletion = 0; deletion <= 1; deletion++) {
        uint8_t out[512];
        size_t out_len = 7;
        int rc = deletion ? signet_delete_cookie(opts, out, sizeof out, &out_len)
                          : signet_set_cookie(opts, U8("v"), 1, out, sizeof out, &out_len);
        if (rc != SIGNET_E_BAD_COOKIE || out_len != 0) {
            fprintf(stderr, "%s accepted %s (%d)\n", deletion ? "signet_delete_cookie" : "signet_set_cookie", what, rc);
            CHECK(!"bad cookie accepted");
        }
    }
}

/* Each of `texts` as the name (or the domain) is refused. */
static void expect_bad_texts(const char *const *texts, size_t count, int as_domain) {
    for (size_t i = 0; i < count; i++) {
        signet_cookie_options opts = defaults();
        signet_bytes text = {U8(texts[i]), strlen(texts[i])};
        if (as_domain) opts.domain = text; else opts.name = text;
        expect_bad_cookie(&opts, texts[i]);
    }
}

/* Nothing a caller passes can add a header or an attribute. */
static void test_refuses_injection(void) {
    static const char *names[] = {"", "session\r\nSet-Cookie: admin=1", "a;b", "a=b", "a b", "a,b", "\"a\"",
                                  "s\xc3\xa9", "a\x7f", "a/b", "a:b", "(a)", "\xff"};
    expect_bad_texts(names, sizeof names / sizeof names[0], 0);
    signet_cookie_options nul_name = defaults();
    nul_name.name = (signet_bytes){U8("a\0b"), 3};
    expect_bad_cookie(&nul_name, "a name with NUL");
    static const char *domains[] = {"a;b", "a\r\nb", "a\nb", "a b", "a,b", "\xc3\xa9.com", "a/b", "a..b",
                                    "example.com:80\r\n", "\xff"};
    expect_bad_texts(domains, sizeof domains / sizeof domains[0], 1);
    signet_cookie_options bad_path = defaults();
    bad_path.path = (signet_bytes){U8("/\xff"), 2};
    expect_bad_cookie(&bad_path, "a path that is not UTF-8");

    /* Every byte as a value, and control characters in the path: escaped, never raw. */
    uint8_t every_byte[256];
    for (int i = 0; i < 256; i++) every_byte[i] = (uint8_t)i;
    signet_cookie_options opts = defaults();
    opts.path = (signet_bytes){U8("/\r\n;\x01 x"), 7};
    opts.same_site = SIGNET_SAME_SITE_LAX;
    uint8_t out[2048];
    size_t out_len;
    CHECK_STATUS(signet_set_cookie(&opts, every_byte, sizeof every_byte, out, sizeof out, &out_len), SIGNET_OK);
    int clean = 1;
    for (size_t i = 0; i < out_len; i++) clean &= out[i] >= 0x20 && out[i] < 0x7F;
    CHECK(clean);
    CHECK(memchr(out, ';', out_len) != NULL && strstr((const char *)out, "Path=/%0D%0A%3B%01%20x; SameSite=Lax") != NULL);
    /* A cookie read back from that header is the value written (werkzeug's own escapes). */
    size_t end = 0;
    while (end + 1 < out_len && !(out[end] == ';' && out[end + 1] == ' ')) end++;
    uint8_t value[512];
    size_t value_len;
    CHECK_STATUS(signet_cookie_value(out, end, U8("session"), 7, value, sizeof value, &value_len), SIGNET_OK);
    /* Flask reads bytes 0x80-0xFF back as the UTF-8 they decode to: compare the ASCII half. */
    CHECK(value_len > 128 && memcmp(value, every_byte, 128) == 0);
}

static void test_times_and_sizes(void) {
    uint8_t out[8192];
    size_t out_len;
    signet_cookie_options opts = defaults();
    opts.expires = INT64_MAX;
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_BAD_COOKIE);
    opts.expires = INT64_MIN + 1;
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_BAD_COOKIE);
    opts.expires = 253402300799; /* 9999-12-31 23:59:59 */
    opts.max_age = INT64_MAX;
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, &out_len), SIGNET_OK);
    CHECK_BYTES(out, out_len, "session=v; Expires=Fri, 31 Dec 9999 23:59:59 GMT; Max-Age=9223372036854775807; HttpOnly; Path=/");
    opts.expires = SIGNET_EXPIRES_NONE; /* the clock plus INT64_MAX: past 9999, refused */
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_BAD_COOKIE);
    opts.max_age = INT64_MIN + 1;
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_BAD_COOKIE);
    opts.max_age = 60; /* Expires from the clock: its length is fixed */
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, NULL, 0, &out_len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(out_len == strlen("session=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; HttpOnly; Path=/"));
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, out_len, &out_len), SIGNET_OK);

    /* werkzeug's 4093-byte limit, and max_size 0 for none. */
    static uint8_t big[5000];
    memset(big, 'a', sizeof big);
    opts = defaults();
    size_t fits = SIGNET_COOKIE_MAX_SIZE - strlen("session=; HttpOnly; Path=/");
    CHECK_STATUS(signet_set_cookie(&opts, big, fits, out, sizeof out, &out_len), SIGNET_OK);
    CHECK(out_len == SIGNET_COOKIE_MAX_SIZE);
    CHECK_STATUS(signet_set_cookie(&opts, big, fits + 1, out, sizeof out, &out_len), SIGNET_E_TOKEN_TOO_LARGE);
    CHECK(out_len == 0);
    opts.max_size = 0;
    CHECK_STATUS(signet_set_cookie(&opts, big, sizeof big, out, sizeof out, &out_len), SIGNET_OK);
    CHECK_STATUS(signet_set_cookie(&opts, big, sizeof big, out, 10, &out_len), SIGNET_E_BUFFER_TOO_SMALL);
    CHECK(out_len == sizeof big + strlen("session=; HttpOnly; Path=/"));
}

static void test_invalid_arguments(void) {
    uint8_t out[256];
    size_t out_len = 5;
    signet_cookie_options opts = defaults();
    CHECK_STATUS(signet_cookie_value(NULL, 1, U8("s"), 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK(out_len == 0);
    CHECK_STATUS(signet_cookie_value(U8("s=1"), 3, NULL, 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_cookie_value(U8("s=1"), 3, U8("s"), 1, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_cookie_value(NULL, 0, U8("s"), 1, out, sizeof out, &out_len), SIGNET_E_NOT_FOUND);
    CHECK_STATUS(signet_cookie_value(U8("=1"), 2, NULL, 0, out, sizeof out, &out_len), SIGNET_E_NOT_FOUND);
    CHECK_STATUS(signet_cookie_value(U8("s"), 1, U8("s"), 1, NULL, 0, &out_len), SIGNET_OK);
    CHECK(out_len == 0);
    CHECK_STATUS(signet_cookie_value(U8("s=1"), 3, U8("s"), 1, out, SIZE_MAX, &out_len), SIGNET_E_INVALID_ARGUMENT);

    CHECK_STATUS(signet_set_cookie(NULL, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_set_cookie(&opts, NULL, 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_set_cookie(&opts, U8("v"), 1, out, sizeof out, NULL), SIGNET_E_INVALID_ARGUMENT);
    CHECK_STATUS(signet_set_cookie(&opts, NULL, 0, out, sizeof out, &out_len), SIGNET_OK);
    CHECK_STATUS(signet_delete_cookie(NULL, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    signet_cookie_options bad = opts;
    bad.same_site = (signet_same_site)7;
    CHECK_STATUS(signet_set_cookie(&bad, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    bad = opts;
    bad.struct_size = sizeof bad - 1;
    CHECK_STATUS(signet_set_cookie(&bad, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    bad.struct_size = sizeof bad + 1;
    CHECK_STATUS(signet_delete_cookie(&bad, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
    bad = opts;
    bad.domain = (signet_bytes){NULL, 3};
    CHECK_STATUS(signet_set_cookie(&bad, U8("v"), 1, out, sizeof out, &out_len), SIGNET_E_INVALID_ARGUMENT);
}

int main(int argc, char **argv) {
    if (argc > 1) vector_dir = argv[1];
    test_statuses();
    test_cookie_value_vectors();
    test_set_cookie_vectors();
    test_options_init();
    test_refuses_injection();
    test_times_and_sizes();
    test_invalid_arguments();
    return check_report("test_cookie");
}
