/* signet_verify of one workload of gen_inputs.py's file, COUNT times, each result checked: the
 * driver verify_instructions.sh runs under callgrind to count instructions per call.
 *
 *     verify_calls INPUTS WORKLOAD-INDEX COUNT */
#define BENCH_LOAD_ONLY
#include "bench_common.h"

#include <signet.h>

int main(int argc, char **argv) {
    if (argc != 4) bench_die("usage: verify_calls INPUTS WORKLOAD-INDEX COUNT");
    bench_workload w[BENCH_MAX_WORKLOADS];
    int count = bench_load(argv[1], w), which = atoi(argv[2]);
    long calls = atol(argv[3]);
    if (which < 0 || which >= count) bench_die("no such workload");
    const bench_workload *work = &w[which];
    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) bench_die("signet_options_init failed");
    signet_bytes key = {(const uint8_t *)work->key, strlen(work->key)};
    opts.secret_keys = &key;
    opts.secret_key_count = 1;
    signet_ctx *ctx;
    if (signet_new(&opts, &ctx) != SIGNET_OK) bench_die("signet_new failed");
    static uint8_t out[65536];
    for (long i = 0; i < calls; i++) {
        size_t len;
        int64_t signed_at;
        int rc = signet_verify(ctx, (const uint8_t *)work->cookie, work->cookie_len, SIGNET_NOW_SYSTEM, out, sizeof out,
                               &len, &signed_at);
        if (rc != SIGNET_OK || len != work->json_len || memcmp(out, work->json, len) != 0)
            bench_die("signet_verify disagrees with Flask");
    }
    signet_free(ctx);
    return 0;
}
