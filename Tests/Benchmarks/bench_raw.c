/* Raw C alone (bench_raw_ops.h says what it does): verify and mint of every workload, zlib's
 * inflate of each compressed payload alone, and verify of the first workload on 1 and 2
 * threads, each with its own state. */
#include "bench_common.h"
#include "bench_raw_ops.h"

int main(int argc, char **argv) {
    const char *inputs;
    int smoke;
    bench_parse_args(argc, argv, &inputs, &smoke);
    raw_init();
    bench_workload w[BENCH_MAX_WORKLOADS];
    int count = bench_load(inputs, w);
    /* One state per thread: streams cannot be shared, so each thread has its own. */
    static raw_state states[2];
    for (int t = 0; t < 2; t++)
        if (raw_state_init(&states[t])) bench_die("zlib init");
    raw_state *st = &states[0];
    for (int i = 0; i < count; i++) {
        for (int t = 0; t < 2; t++) raw_state_set_workload(&states[t], &w[i]);
        if (raw_verify(st) || raw_mint(st)) bench_die("raw baseline disagrees with Flask");
        bench_result("raw", w[i].name, "verify", bench_measure(raw_verify, st));
        bench_result("raw", w[i].name, "mint", bench_measure(raw_mint, st));
        if (w[i].cookie[0] == '.') {
            if (raw_prepare_inflate_only(st)) bench_die("raw baseline: no payload to inflate");
            if (raw_inflate_only(st)) bench_die("raw baseline: inflate disagrees with Flask");
            bench_result("raw", w[i].name, "inflate-only", bench_measure(raw_inflate_only, st));
        }
        if (i == 0) {
            /* What this machine gives two threads at the moment: the ceiling for Signet's scaling. */
            void *args[2] = {&states[0], &states[1]};
            double per_cpu;
            bench_result("raw", w[i].name, "verify-1thread", bench_threaded(raw_verify, args, 1, &per_cpu));
            bench_result("raw", w[i].name, "verify-1thread-percpu", per_cpu);
            bench_result("raw", w[i].name, "verify-2threads", bench_threaded(raw_verify, args, 2, &per_cpu));
            bench_result("raw", w[i].name, "verify-2threads-percpu", per_cpu);
        }
    }
    for (int t = 0; t < 2; t++) raw_state_end(&states[t]);
    return 0;
}
