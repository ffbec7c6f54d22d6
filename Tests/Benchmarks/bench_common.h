/* What the C contenders share: reading gen_inputs.py's file, timing, and the result lines that
 * report.py turns into the table.
 *
 * Every timing is the median of bench_runs batches, each batch sized to last about
 * bench_batch_seconds; a result line is "RESULT contender workload operation ops_per_second".
 *
 * Single-thread rates are per CPU-second of the measuring thread (CLOCK_THREAD_CPUTIME_ID),
 * not per wall-clock second: on a machine shared with other work the wall clock mostly
 * measures how much of a core the process was given, which differs between contenders run
 * one after another. Every contender (C, Swift, Python) is timed the same way. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "bench_workload.h"

static int bench_runs = 7;
static double bench_batch_seconds = 0.1;

static inline void bench_die(const char *what) {
    fprintf(stderr, "benchmark: %s\n", what);
    exit(1);
}

static inline char *bench_dup(const char *start, size_t len) {
    char *copy = malloc(len + 1);
    if (!copy) bench_die("out of memory");
    memcpy(copy, start, len);
    copy[len] = 0;
    return copy;
}

/* Reads "name\tkey\ttimestamp\tcookie\tjson" lines; returns how many. */
static inline int bench_load(const char *path, bench_workload *w) {
    FILE *f = fopen(path, "r");
    if (!f) bench_die("cannot open the inputs file");
    static char line[1 << 16];
    int n = 0;
    while (n < BENCH_MAX_WORKLOADS && fgets(line, sizeof line, f)) {
        char *fields[5];
        char *p = line;
        for (int i = 0; i < 5; i++) {
            fields[i] = p;
            char *end = strchr(p, i < 4 ? '\t' : '\n');
            if (!end) bench_die("malformed inputs line");
            *end = 0;
            p = end + 1;
        }
        snprintf(w[n].name, sizeof w[n].name, "%s", fields[0]);
        w[n].key = bench_dup(fields[1], strlen(fields[1]));
        w[n].timestamp = strtoll(fields[2], NULL, 10);
        w[n].cookie_len = strlen(fields[3]);
        w[n].cookie = bench_dup(fields[3], w[n].cookie_len);
        w[n].json_len = strlen(fields[4]);
        w[n].json = bench_dup(fields[4], w[n].json_len);
        n++;
    }
    fclose(f);
    if (n == 0) bench_die("no workloads in the inputs file");
    return n;
}

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline double bench_thread_cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_compare_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One operation, returning nonzero when its result is wrong (which stops the benchmark). */
typedef int (*bench_op)(void *arg);

/* How many calls of `op` last about `seconds` of CPU time, from growing trial batches (which
 * also warm caches and per-thread state up). */
static inline long bench_calibrate(bench_op op, void *arg, double seconds) {
    for (long iterations = 1;; iterations *= 4) {
        double start = bench_thread_cpu();
        for (long i = 0; i < iterations; i++)
            if (op(arg)) bench_die("an operation returned a wrong result");
        double elapsed = bench_thread_cpu() - start;
        if (elapsed > seconds / 4) return (long)(iterations * seconds / elapsed) + 1;
    }
}

/* Median ops per CPU-second of `op` over bench_runs batches, after a calibration that sizes
 * the batches. */
static inline double bench_measure(bench_op op, void *arg) {
    long iterations = bench_calibrate(op, arg, bench_batch_seconds);
    double rates[64];
    for (int r = 0; r < bench_runs; r++) {
        double start = bench_thread_cpu();
        for (long i = 0; i < iterations; i++)
            if (op(arg)) bench_die("an operation returned a wrong result");
        rates[r] = iterations / (bench_thread_cpu() - start);
    }
    qsort(rates, (size_t)bench_runs, sizeof rates[0], bench_compare_double);
    return rates[bench_runs / 2];
}

/* --- threads: each runs `op(args[t])` for a fixed time ------------------------------------- */

typedef struct {
    bench_op op;
    void *arg;
    volatile int *stop;
    long done;
    int failed;
    double cpu_seconds;
} bench_thread;

static inline void *bench_thread_main(void *p) {
    bench_thread *t = p;
    double cpu = bench_thread_cpu();
    while (!*t->stop) {
        for (int i = 0; i < 64; i++)
            if (t->op(t->arg)) t->failed = 1;
        t->done += 64;
    }
    t->cpu_seconds = bench_thread_cpu() - cpu;
    return NULL;
}

/* Total ops/s of `threads` threads (at most 8) running `op` on their own `args[t]`, the median
 * of bench_runs runs of about three batches each. `*per_cpu` receives the median of ops per
 * CPU-second the threads used: unlike wall-clock throughput it does not depend on how much of
 * the machine other processes take, and it drops when threads contend (shared cache lines,
 * locks), so its ratio between 2 and 1 threads is the scaling two free cores would give. */
static inline double bench_threaded(bench_op op, void **args, int threads, double *per_cpu) {
    double rates[64], cpu_rates[64];
    bench_thread t[8];
    pthread_t ids[8];
    for (int r = 0; r < bench_runs; r++) {
        volatile int stop = 0;
        for (int k = 0; k < threads; k++) t[k] = (bench_thread){op, args[k], &stop, 0, 0, 0};
        double start = bench_now();
        for (int k = 0; k < threads; k++)
            if (pthread_create(&ids[k], NULL, bench_thread_main, &t[k])) bench_die("pthread_create");
        struct timespec pause = {0, (long)(bench_batch_seconds * 3 * 1e9)};
        nanosleep(&pause, NULL);
        stop = 1;
        long total = 0;
        double cpu = 0;
        for (int k = 0; k < threads; k++) {
            pthread_join(ids[k], NULL);
            if (t[k].failed) bench_die("a threaded operation returned a wrong result");
            total += t[k].done;
            cpu += t[k].cpu_seconds;
        }
        rates[r] = total / (bench_now() - start);
        cpu_rates[r] = cpu > 0 ? total / cpu : 0;
    }
    qsort(rates, (size_t)bench_runs, sizeof rates[0], bench_compare_double);
    qsort(cpu_rates, (size_t)bench_runs, sizeof cpu_rates[0], bench_compare_double);
    *per_cpu = cpu_rates[bench_runs / 2];
    return rates[bench_runs / 2];
}

static inline void bench_result(const char *contender, const char *workload, const char *op, double rate) {
    printf("RESULT %s %s %s %.1f\n", contender, workload, op, rate);
    fflush(stdout);
}

/* "--smoke": one batch of few iterations, to check results rather than time them. */
static inline void bench_parse_args(int argc, char **argv, const char **inputs, int *smoke) {
    *smoke = 0;
    *inputs = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--smoke") == 0) *smoke = 1;
        else *inputs = argv[i];
    }
    if (!*inputs) bench_die("usage: driver [--smoke] INPUTS");
    if (*smoke) {
        bench_runs = 1;
        bench_batch_seconds = 0.002;
    }
}
#endif
