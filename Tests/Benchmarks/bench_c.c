/* Signet through its C API (libsignet.so): verify and mint of every workload, verify of the
 * first workload on 1 and 2 threads sharing one signet_ctx, and, when run with
 * alloc_count.so preloaded and "--allocs", the heap allocations per call after warm-up.
 *
 * Every call's result is checked against Flask's bytes: the verified JSON must equal the
 * expected tagged JSON, the minted cookie must equal Flask's cookie. */
#include "bench_common.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signet.h>

typedef struct {
    const bench_workload *w;
    signet_ctx *ctx;
    uint8_t out[65536];
} c_state;

static int c_verify(void *arg) {
    c_state *st = arg;
    size_t len;
    int64_t signed_at;
    int rc = signet_verify(st->ctx, (const uint8_t *)st->w->cookie, st->w->cookie_len, SIGNET_NOW_SYSTEM,
                           st->out, sizeof st->out, &len, &signed_at);
    return rc != SIGNET_OK || signed_at != st->w->timestamp || len != st->w->json_len ||
           memcmp(st->out, st->w->json, len) != 0;
}

static int c_mint(void *arg) {
    c_state *st = arg;
    size_t len;
    int rc = signet_mint(st->ctx, (const uint8_t *)st->w->json, st->w->json_len, st->w->timestamp,
                         st->out, sizeof st->out, &len);
    return rc != SIGNET_OK || len != st->w->cookie_len || memcmp(st->out, st->w->cookie, len) != 0;
}

static signet_ctx *make_ctx(const bench_workload *w) {
    signet_options opts;
    signet_options_init(&opts, SIGNET_PRESET_FLASK_SESSION);
    signet_bytes key = {(const uint8_t *)w->key, strlen(w->key)};
    opts.secret_keys = &key;
    opts.secret_key_count = 1;
    signet_ctx *ctx;
    if (signet_new(&opts, &ctx) != SIGNET_OK) bench_die("signet_new failed");
    return ctx;
}

/* --- threads: each runs verify for a fixed time on the shared handle ----------------------- */

typedef struct {
    c_state st;
    volatile int *stop;
    long done;
    int failed;
} thread_arg;

static void *thread_main(void *p) {
    thread_arg *a = p;
    while (!*a->stop) {
        for (int i = 0; i < 64; i++)
            if (c_verify(&a->st)) a->failed = 1;
        a->done += 64;
    }
    return NULL;
}

/* Total verify ops/s of `threads` threads sharing `ctx`, the median of bench_runs runs. */
static double threaded_rate(const bench_workload *w, signet_ctx *ctx, int threads) {
    double rates[64];
    static thread_arg args[2];
    for (int r = 0; r < bench_runs; r++) {
        volatile int stop = 0;
        pthread_t ids[2];
        for (int t = 0; t < threads; t++) {
            args[t].st.w = w;
            args[t].st.ctx = ctx;
            args[t].stop = &stop;
            args[t].done = 0;
            args[t].failed = 0;
        }
        double start = bench_now();
        for (int t = 0; t < threads; t++)
            if (pthread_create(&ids[t], NULL, thread_main, &args[t])) bench_die("pthread_create");
        struct timespec pause = {0, (long)(bench_batch_seconds * 3 * 1e9)};
        nanosleep(&pause, NULL);
        stop = 1;
        long total = 0;
        for (int t = 0; t < threads; t++) {
            pthread_join(ids[t], NULL);
            if (args[t].failed) bench_die("a threaded verify returned a wrong result");
            total += args[t].done;
        }
        rates[r] = total / (bench_now() - start);
    }
    qsort(rates, (size_t)bench_runs, sizeof rates[0], bench_compare_double);
    return rates[bench_runs / 2];
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
        printf("ALLOCS c %s verify %.2f\n", w[i].name, (double)verify_allocs / calls);
        printf("ALLOCS c %s mint %.2f\n", w[i].name, (double)mint_allocs / calls);
        signet_free(st.ctx);
    }
}

int main(int argc, char **argv) {
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
        if (i == 0) {
            bench_result("c", w[i].name, "verify-1thread", threaded_rate(&w[i], st.ctx, 1));
            bench_result("c", w[i].name, "verify-2threads", threaded_rate(&w[i], st.ctx, 2));
        }
        signet_free(st.ctx);
    }
    return 0;
}
