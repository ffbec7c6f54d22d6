/* Signet through its C API (libsignet.so): verify and mint of every workload, verify of the
 * first workload on 1 and 2 threads sharing one signet_ctx, and, when run with
 * alloc_count.so preloaded and "--allocs", the heap allocations per call after warm-up.
 * "--calls WORKLOAD COUNT INPUTS" only verifies workload number WORKLOAD (from 0) COUNT times,
 * for verify_instructions.sh to count instructions per call under callgrind.
 *
 * Every call's result is checked against Flask's bytes: the verified JSON must equal the
 * expected tagged JSON, the minted cookie must equal Flask's cookie. */
#include "bench_common.h"

#include <dlfcn.h>
#include <signet.h>

#include "bench_c_ops.h"

/* signet_session_get of one string member of the verified JSON, as nginx's
 * $signet_session_NAME reads it: "_user_id" where the session has it, else its first key. */
typedef struct {
    const bench_workload *w;
    uint8_t key[64];
    size_t key_len;
    uint8_t expected[256];
    size_t expected_len;
    uint8_t out[256];
} get_state;

static int c_session_get(void *arg) {
    get_state *st = arg;
    signet_value_type type;
    size_t len;
    int rc = signet_session_get((const uint8_t *)st->w->json, st->w->json_len, st->key, st->key_len, 0, &type,
                                st->out, sizeof st->out, &len);
    return rc != SIGNET_OK || len != st->expected_len || memcmp(st->out, st->expected, len) != 0;
}

/* The key to read and, from the JSON text itself, the value it must give. */
static void get_state_init(get_state *st, const bench_workload *w) {
    st->w = w;
    const char *key = strstr(w->json, "\"_user_id\":\"") ? "_user_id" : NULL;
    if (!key) {
        const char *start = w->json + 2, *end = strchr(start, '"');
        if (w->json[0] != '{' || w->json[1] != '"' || !end || (size_t)(end - start) >= sizeof st->key)
            bench_die("unexpected session JSON");
        st->key_len = (size_t)(end - start);
        memcpy(st->key, start, st->key_len);
    } else {
        st->key_len = strlen(key);
        memcpy(st->key, key, st->key_len);
    }
    /* The expected value: the text after "key": up to the next ',' or '}' (a plain string or
     * number in these sessions), without quotes. */
    char pattern[80];
    snprintf(pattern, sizeof pattern, "\"%.*s\":", (int)st->key_len, (const char *)st->key);
    const char *value = strstr(w->json, pattern);
    if (!value) bench_die("unexpected session JSON");
    value += strlen(pattern);
    size_t n = strcspn(value, ",}");
    if (n >= 2 && value[0] == '"' && value[n - 1] == '"') value++, n -= 2;
    if (n >= sizeof st->expected) bench_die("unexpected session JSON");
    memcpy(st->expected, value, n);
    st->expected_len = n;
}

/* --- allocations: alloc_count.so, when preloaded, exports the counter ---------------------- */

static void count_allocations(const bench_workload *w, int count) {
    long (*counter)(void) = (long (*)(void))(uintptr_t)dlsym(RTLD_DEFAULT, "alloc_count_total");
    if (!counter) bench_die("--allocs needs LD_PRELOAD=alloc_count.so");
    static c_state st;
    const int calls = 1000;
    for (int i = 0; i < count; i++) {
        st.w = &w[i];
        st.ctx = make_ctx(&w[i]);
        for (int k = 0; k < 100; k++) /* warm-up: per-thread streams and buffers */
            if (c_verify(&st) || c_mint(&st)) bench_die("wrong result");
        long before = counter();
        for (int k = 0; k < calls; k++)
            if (c_verify(&st)) bench_die("wrong result");
        long verify_allocs = counter() - before;
        before = counter();
        for (int k = 0; k < calls; k++)
            if (c_mint(&st)) bench_die("wrong result");
        long mint_allocs = counter() - before;
        /* What an nginx request adds before signet_verify: the cookie out of its header. */
        size_t header_len = strlen("session=") + w[i].cookie_len, value_len;
        unsigned char *header = malloc(header_len), *value = malloc(2 * header_len);
        if (!header || !value) bench_die("out of memory");
        memcpy(header, "session=", strlen("session="));
        memcpy(header + strlen("session="), w[i].cookie, w[i].cookie_len);
        before = counter();
        for (int k = 0; k < calls; k++)
            if (signet_cookie_value(header, header_len, (const unsigned char *)"session", 7, value,
                                    2 * header_len, &value_len) != SIGNET_OK
                || value_len != w[i].cookie_len)
                bench_die("signet_cookie_value: wrong result");
        long cookie_allocs = counter() - before;
        free(header);
        free(value);
        printf("ALLOCS c %s verify %.2f\n", w[i].name, (double)verify_allocs / calls);
        printf("ALLOCS c %s mint %.2f\n", w[i].name, (double)mint_allocs / calls);
        printf("ALLOCS c %s cookie_value %.2f\n", w[i].name, (double)cookie_allocs / calls);
        signet_free(st.ctx);
    }
}

/* --calls: COUNT verifies of one workload, nothing timed. */
static int verify_calls(int argc, char **argv) {
    if (argc != 5) bench_die("usage: bench_c --calls WORKLOAD COUNT INPUTS");
    bench_workload w[BENCH_MAX_WORKLOADS];
    int count = bench_load(argv[4], w), which = atoi(argv[2]);
    long calls = atol(argv[3]);
    if (which < 0 || which >= count) bench_die("no such workload");
    static c_state st;
    st.w = &w[which];
    st.ctx = make_ctx(&w[which]);
    for (long i = 0; i < calls; i++)
        if (c_verify(&st)) bench_die("signet_verify disagrees with Flask");
    signet_free(st.ctx);
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--calls") == 0) return verify_calls(argc, argv);
    const char *inputs = NULL;
    int smoke = 0, allocs = 0;
    char *rest[4] = {argv[0]};
    int restc = 1;
    for (int i = 1; i < argc && restc < 4; i++) {
        if (strcmp(argv[i], "--allocs") == 0) allocs = 1;
        else rest[restc++] = argv[i];
    }
    bench_parse_args(restc, rest, &inputs, &smoke);
    bench_workload w[BENCH_MAX_WORKLOADS];
    int count = bench_load(inputs, w);
    if (allocs) {
        count_allocations(w, count);
        return 0;
    }
    static c_state st;
    for (int i = 0; i < count; i++) {
        st.w = &w[i];
        st.ctx = make_ctx(&w[i]);
        if (c_verify(&st)) bench_die("signet_verify disagrees with Flask");
        if (c_mint(&st)) bench_die("signet_mint disagrees with Flask");
        bench_result("c", w[i].name, "verify", bench_measure(c_verify, &st));
        bench_result("c", w[i].name, "mint", bench_measure(c_mint, &st));
        static get_state get;
        get_state_init(&get, &w[i]);
        if (c_session_get(&get)) bench_die("signet_session_get disagrees with the session");
        bench_result("c", w[i].name, "session_get", bench_measure(c_session_get, &get));
        if (i == 0) {
            /* Two threads, their own output buffers, one shared signet_ctx. */
            static c_state per_thread[2];
            void *args[2] = {&per_thread[0], &per_thread[1]};
            for (int t = 0; t < 2; t++) per_thread[t] = (c_state){.w = &w[i], .ctx = st.ctx};
            double per_cpu;
            bench_result("c", w[i].name, "verify-1thread", bench_threaded(c_verify, args, 1, &per_cpu));
            bench_result("c", w[i].name, "verify-1thread-percpu", per_cpu);
            bench_result("c", w[i].name, "verify-2threads", bench_threaded(c_verify, args, 2, &per_cpu));
            bench_result("c", w[i].name, "verify-2threads-percpu", per_cpu);
        }
        signet_free(st.ctx);
    }
    return 0;
}
