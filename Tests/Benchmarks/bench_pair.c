/* Signet's C API (libsignet.so, linked as bench_c.c links it) against raw C (bench_raw_ops.c)
 * in one process, for issue 16's time ratios: on a machine whose speed drifts by 2x within
 * seconds, two contenders timed one after the other compare the machine's moments, not the
 * code. Here short batches of the two alternate, and each pair of adjacent batches gives one
 * time ratio; the result is the median of those ratios, with their quartiles (Tests/Benchmarks/
 * README.md explains the choice).
 *
 *     bench_pair [--smoke] INPUTS      one PAIR line per workload and operation
 *     bench_pair --count INPUTS        untimed calls for callgrind (see pair_count)
 *
 * A PAIR line is "PAIR c raw WORKLOAD OP MEDIAN Q1 Q3 PAIRS BATCH_MS C_NS RAW_NS": the ratios are
 * the C API's time per call over raw C's, *_NS the median time per call of each side, BATCH_MS
 * the CPU time one batch was sized to; "PAIR c c tiny verify ..." pairs the C API with itself,
 * which must give 1.00x. `--count` makes untimed calls of each side instead, for callgrind to
 * count instructions per call, which do not depend on the machine's load (run.sh's
 * instruction cross-check). Every call's result is checked against Flask's bytes on both
 * sides. */
#include "bench_c_ops.h"
#include "bench_common.h"
#include "bench_raw_ops.h"

#define PAIR_MAX 20000
#define PAIR_MIN 16

typedef struct {
    double median, q1, q3; /* of the per-pair ratios: time per call of a over b */
    double a_ns, b_ns;     /* median time per call of each side */
    int pairs;
} pair_result;

/* CPU seconds per call over one batch of `n` calls. */
static double pair_batch(bench_op op, void *arg, long n) {
    double start = bench_thread_cpu();
    for (long i = 0; i < n; i++)
        if (op(arg)) bench_die("an operation returned a wrong result");
    return (bench_thread_cpu() - start) / (double)n;
}

/* The p-quantile of n sorted values, interpolating between neighbours. */
static double pair_quantile(const double *sorted, int n, double p) {
    double position = p * (n - 1);
    int i = (int)position;
    return i + 1 < n ? sorted[i] + (position - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/* Batches of `a` and `b`, each sized to about `batch_seconds` of CPU time, in pairs AB, BA,
 * AB... (so that neither side always runs first, after the other has filled the caches) until
 * `total_seconds` of wall time have passed and at least PAIR_MIN pairs are in. */
static pair_result pair_measure(bench_op a, void *arg_a, bench_op b, void *arg_b, double batch_seconds,
                                double total_seconds) {
    static double ratios[PAIR_MAX], a_times[PAIR_MAX], b_times[PAIR_MAX];
    long a_calls = bench_calibrate(a, arg_a, batch_seconds), b_calls = bench_calibrate(b, arg_b, batch_seconds);
    double start = bench_now();
    int n = 0;
    while (n < PAIR_MAX && (n < PAIR_MIN || bench_now() - start < total_seconds)) {
        if (n % 2 == 0) {
            a_times[n] = pair_batch(a, arg_a, a_calls);
            b_times[n] = pair_batch(b, arg_b, b_calls);
        } else {
            b_times[n] = pair_batch(b, arg_b, b_calls);
            a_times[n] = pair_batch(a, arg_a, a_calls);
        }
        ratios[n] = a_times[n] / b_times[n];
        n++;
    }
    qsort(ratios, (size_t)n, sizeof ratios[0], bench_compare_double);
    qsort(a_times, (size_t)n, sizeof a_times[0], bench_compare_double);
    qsort(b_times, (size_t)n, sizeof b_times[0], bench_compare_double);
    return (pair_result){pair_quantile(ratios, n, 0.5), pair_quantile(ratios, n, 0.25), pair_quantile(ratios, n, 0.75),
                         pair_quantile(a_times, n, 0.5) * 1e9, pair_quantile(b_times, n, 0.5) * 1e9, n};
}

static void pair_print(const char *sides, const char *workload, const char *op, pair_result r, double batch_seconds) {
    printf("PAIR %s %s %s %.4f %.4f %.4f %d %.1f %.1f %.1f\n", sides, workload, op, r.median, r.q1, r.q3, r.pairs,
           batch_seconds * 1e3, r.a_ns, r.b_ns);
    fflush(stdout);
}

/* `count` calls of `op`, outside any timing: --count's unit, which callgrind counts alone
 * (--toggle-collect) and dumps after each call (--dump-after). Kept out of line for that. */
__attribute__((noinline)) void pair_counted_calls(bench_op op, void *arg, long count) {
    for (long i = 0; i < count; i++)
        if (op(arg)) bench_die("an operation disagrees with Flask");
}

/* --count: for callgrind, each workload's verify and mint on both sides, one pair_counted_calls
 * each after a few warm-up calls, announced as "COUNT SIDE WORKLOAD OP CALLS" lines in the
 * order of callgrind's dumps. */
static int pair_count(bench_workload *w, int count, c_state *c, raw_state *raw) {
    for (int i = 0; i < count; i++) {
        c->w = &w[i];
        c->ctx = make_ctx(&w[i]);
        raw_state_set_workload(raw, &w[i]);
        long calls = 50; /* instructions per call hardly vary: 50 calls give them to a few per call */
        struct {
            const char *side, *op;
            bench_op call;
            void *arg;
        } units[] = {{"c", "verify", c_verify, c}, {"raw", "verify", raw_verify, raw},
                     {"c", "mint", c_mint, c}, {"raw", "mint", raw_mint, raw}};
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
            for (int k = 0; k < 10; k++)
                if (units[u].call(units[u].arg)) bench_die("an operation disagrees with Flask");
            pair_counted_calls(units[u].call, units[u].arg, calls);
            printf("COUNT %s %s %s %ld\n", units[u].side, w[i].name, units[u].op, calls);
        }
        signet_free(c->ctx);
    }
    return 0;
}

int main(int argc, char **argv) {
    static c_state c;
    static raw_state raw;
    raw_init();
    if (raw_state_init(&raw)) bench_die("zlib init");
    int counting = argc > 1 && strcmp(argv[1], "--count") == 0;
    const char *inputs;
    int smoke;
    bench_parse_args(argc - counting, argv + counting, &inputs, &smoke);
    /* Batches of 3 ms: long enough that reading the clock (a system call) costs nothing
     * measurable, short enough that the machine rarely changes speed within a pair. */
    double batch_seconds = smoke ? 0.0002 : 0.003;
    const char *seconds = getenv("BENCH_PAIR_SECONDS");
    double total_seconds = smoke ? 0 : seconds ? atof(seconds) : 1.5;
    bench_workload w[BENCH_MAX_WORKLOADS];
    int count = bench_load(inputs, w);
    if (counting) return pair_count(w, count, &c, &raw);
    for (int i = 0; i < count; i++) {
        c.w = &w[i];
        c.ctx = make_ctx(&w[i]);
        raw_state_set_workload(&raw, &w[i]);
        if (c_verify(&c) || c_mint(&c)) bench_die("the C API disagrees with Flask");
        if (raw_verify(&raw) || raw_mint(&raw)) bench_die("raw C disagrees with Flask");
        pair_print("c raw", w[i].name, "verify",
                   pair_measure(c_verify, &c, raw_verify, &raw, batch_seconds, total_seconds), batch_seconds);
        pair_print("c raw", w[i].name, "mint", pair_measure(c_mint, &c, raw_mint, &raw, batch_seconds, total_seconds),
                   batch_seconds);
        /* The method's own check, on the closest target: the C API against itself must come out
         * at 1.00x, whatever the machine does, or the pairing (order, warm-up) is biased. */
        if (strcmp(w[i].name, "tiny") == 0)
            pair_print("c c", w[i].name, "verify",
                       pair_measure(c_verify, &c, c_verify, &c, batch_seconds, total_seconds), batch_seconds);
        signet_free(c.ctx);
    }
    raw_state_end(&raw);
    return 0;
}
