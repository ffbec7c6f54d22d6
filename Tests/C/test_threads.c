/* test_threads.c: one signet_ctx shared by many threads at once, as the header promises.
 * Every thread verifies genuine and tampered cookies, mints with a fixed time and signs raw
 * values, and checks each result against answers computed once on the main thread. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>

#include "check.h"

#define NOW 1700000000
#define THREADS 8
#define DEFAULT_ROUNDS 2000

/* Fewer rounds under valgrind: ./test_threads 50 */
static int rounds = DEFAULT_ROUNDS;

static signet_ctx *shared;
static uint8_t cookie[256], tampered[256], raw_token[128];
static size_t cookie_len, raw_len;
static const char *session = "{\"cart\":{\" t\":[1,2]},\"user_id\":\"42\"}";

struct result {
    int failures;
};

static void *worker(void *arg) {
    struct result *r = arg;
    uint8_t json[256], minted[256], signed_raw[128];
    size_t len = 0, value_len = 0;
    int64_t at = 0;
    for (int i = 0; i < rounds; i++) {
        if (signet_verify(shared, cookie, cookie_len, NOW + i, json, sizeof json, &len, &at) != SIGNET_OK ||
            len != strlen(session) || memcmp(json, session, len) != 0 || at != NOW)
            r->failures++;
        if (signet_verify(shared, tampered, cookie_len, NOW, json, sizeof json, &len, &at) != SIGNET_E_BAD_TIME_SIGNATURE)
            r->failures++;
        if (signet_verify(shared, cookie, cookie_len, NOW + SIGNET_FLASK_MAX_AGE + 1, json, sizeof json, &len, &at) !=
            SIGNET_E_SIGNATURE_EXPIRED)
            r->failures++;
        if (signet_mint(shared, U8(session), strlen(session), NOW, minted, sizeof minted, &len) != SIGNET_OK ||
            len != cookie_len || memcmp(minted, cookie, len) != 0)
            r->failures++;
        if (signet_sign(shared, U8("raw value"), 9, signed_raw, sizeof signed_raw, &len) != SIGNET_OK ||
            len != raw_len || memcmp(signed_raw, raw_token, len) != 0)
            r->failures++;
        if (signet_unsign(shared, raw_token, raw_len, &value_len) != SIGNET_OK || value_len != 9)
            r->failures++;
    }
    return NULL;
}

int main(int argc, char **argv) {
    signet_options o;
    signet_bytes keys[2] = {{U8("old key"), 7}, {U8("current key"), 11}};
    pthread_t threads[THREADS];
    struct result results[THREADS];

    if (argc > 1) rounds = atoi(argv[1]);
    CHECK_STATUS(signet_options_init(&o, sizeof o, SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    o.secret_keys = keys;
    o.secret_key_count = 2;
    CHECK_STATUS(signet_new(&o, &shared), SIGNET_OK);
    /* The options (and keys) may go away right after signet_new: the context copied them. */
    memset(&o, 0, sizeof o);
    memset(keys, 0, sizeof keys);

    CHECK_STATUS(signet_mint(shared, U8(session), strlen(session), NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
    memcpy(tampered, cookie, cookie_len);
    tampered[cookie_len - 1] = tampered[cookie_len - 1] == 'A' ? 'B' : 'A';
    CHECK_STATUS(signet_sign(shared, U8("raw value"), 9, raw_token, sizeof raw_token, &raw_len), SIGNET_OK);

    for (int t = 0; t < THREADS; t++) {
        results[t].failures = 0;
        CHECK(pthread_create(&threads[t], NULL, worker, &results[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(results[t].failures == 0);
        if (results[t].failures) fprintf(stderr, "thread %d: %d wrong results\n", t, results[t].failures);
    }
    signet_free(shared);
    return check_report("test_threads");
}
