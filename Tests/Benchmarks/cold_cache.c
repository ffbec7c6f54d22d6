/* cold_cache.c: what one request's library work costs when the caches are cold, as in a server
 * where the kernel's TCP work and the server itself run between two requests (issue 15).
 *
 *   cold_cache COOKIE KEY SWEEP_KIB CALLS   ns per signet_cookie_value and per signet_verify of
 *                                           `session=COOKIE` (Flask's defaults, secret KEY), with
 *                                           SWEEP_KIB KiB of memory swept before each call (0: warm)
 *   cold_cache --mark COOKIE KEY            three rounds, the third's two calls each between two stores to `marker`, then
 *                                           the memory map, for Tests/Benchmarks/touched_lines.py
 *                                           and link_order.py under valgrind
 *
 * Tests/Benchmarks/run.sh builds it as .build/bench/cold_cache (and runs nothing of it). */
#define _POSIX_C_SOURCE 200112L
#include <pthread.h>
#include <signet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile uint64_t marker;

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "cold_cache: %s\n", what);
    exit(1);
}

int main(int argc, char **argv) {
    int mark = argc == 4 && strcmp(argv[1], "--mark") == 0;
    if (!mark && argc != 5) die("usage: cold_cache COOKIE KEY SWEEP_KIB CALLS | --mark COOKIE KEY");
    const char *cookie = argv[mark ? 2 : 1], *secret = argv[mark ? 3 : 2];
    size_t sweep = mark ? 0 : (size_t)strtoul(argv[3], NULL, 10) * 1024;
    long calls = mark ? 3 : strtol(argv[4], NULL, 10);
    if (!mark && calls < 11) die("CALLS must be at least 11 (the first 10 warm up)");

    char header[2048];
    int header_len = snprintf(header, sizeof header, "session=%s", cookie);
    if (header_len < 0 || (size_t)header_len >= sizeof header) die("cookie too long");
    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) die("signet_options_init");
    signet_bytes key = {(const uint8_t *)secret, strlen(secret)};
    opts.secret_keys = &key;
    opts.secret_key_count = 1;
    signet_ctx *ctx;
    if (signet_new(&opts, &ctx) != SIGNET_OK) die("signet_new");

    volatile unsigned char *buffer = malloc(sweep ? sweep : 1);
    if (!buffer) die("out of memory");
    memset((void *)buffer, 1, sweep ? sweep : 1);
    double cookie_ns = 0, verify_ns = 0;
    /* The time as the nginx module passes it: nginx reads its clock once per event-loop turn
     * (ngx_time()), so a request's verify reads no clock of its own. */
    int64_t now = (int64_t)time(NULL);
    for (long i = 0; i < calls; i++) {
        for (size_t j = 0; j < sweep; j += 64) buffer[j]++;
        /* The nginx module's stack buffers (value: twice the header, at most 4 KiB; JSON: 2 KiB). */
        uint8_t value[4096], json[2048];
        size_t value_len, json_len;
        int64_t signed_at;
        int last = mark && i == calls - 1;
        /* Under --mark, stores to `marker` bound each call alone, the clock reads left outside. */
        double t0 = now_ns();
        if (last) marker = 1;
        int found = signet_cookie_value((const uint8_t *)header, (size_t)header_len, (const uint8_t *)"session", 7,
                                        value, sizeof value, &value_len);
        if (last) marker = 2;
        double t1 = now_ns();
        if (last) marker = 3;
        int rc = signet_verify(ctx, value, value_len, now, json, sizeof json, &json_len, &signed_at);
        if (last) marker = 4;
        double t2 = now_ns();
        if (found != SIGNET_OK) die("no session cookie");
        if (rc != SIGNET_OK) die(signet_strerror(rc));
        if (i >= 10) cookie_ns += t1 - t0, verify_ns += t2 - t1;
    }
    if (mark) {
        printf("marker %p\n", (void *)&marker);
        /* Addresses that name the anonymous mappings: the stack, malloc's heap (the context) and
         * this thread's control block (pthread_getspecific's data). */
        printf("region stack %p\nregion heap %p\nregion thread %p\n", (void *)header, (void *)ctx,
               (void *)pthread_self());
        /* The mappings, so that touched_lines.py can tell which library each line belongs to. */
        FILE *maps = fopen("/proc/self/maps", "r");
        char line[4096];
        while (maps && fgets(line, sizeof line, maps)) printf("map %s", line);
        if (maps) fclose(maps);
    } else {
        printf("sweep %zu KiB: signet_cookie_value %.0f ns, signet_verify %.0f ns per call\n",
               sweep / 1024, cookie_ns / (double)(calls - 10), verify_ns / (double)(calls - 10));
    }
    signet_free(ctx);
    free((void *)buffer);
    return 0;
}
