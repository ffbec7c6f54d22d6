/* One workload of gen_inputs.py's file, as every C driver and raw C's operations
 * (bench_raw_ops.c) see it. */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_WORKLOADS 8

typedef struct {
    char name[32];
    char *key;
    int64_t timestamp;
    char *cookie;
    size_t cookie_len;
    char *json;
    size_t json_len;
} bench_workload;
#endif
