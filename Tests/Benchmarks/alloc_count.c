/* A heap-allocation counter for LD_PRELOAD: counts every malloc, calloc, realloc,
 * posix_memalign, aligned_alloc and memalign call of the process (the Swift runtime allocates
 * through these), and exports alloc_count_total() for the benchmark driver to read.
 *
 * The real functions come from dlsym(RTLD_NEXT); while dlsym itself allocates (it may call
 * calloc), requests are served from a small static arena that free() recognises. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static atomic_long total;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);

static _Alignas(16) unsigned char arena[8192];
static size_t arena_used;
static int resolving;

static int in_arena(void *p) {
    return (unsigned char *)p >= arena && (unsigned char *)p < arena + sizeof arena;
}

static void *arena_alloc(size_t n) {
    size_t start = (arena_used + 15) & ~(size_t)15;
    if (start + n > sizeof arena) return NULL;
    arena_used = start + n;
    return arena + start;
}

static void resolve(void) {
    if (real_malloc || resolving) return;
    resolving = 1;
    real_malloc = (void *(*)(size_t))(uintptr_t)dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))(uintptr_t)dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))(uintptr_t)dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))(uintptr_t)dlsym(RTLD_NEXT, "free");
    real_posix_memalign = (int (*)(void **, size_t, size_t))(uintptr_t)dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (void *(*)(size_t, size_t))(uintptr_t)dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = (void *(*)(size_t, size_t))(uintptr_t)dlsym(RTLD_NEXT, "memalign");
    resolving = 0;
}

long alloc_count_total(void) {
    return atomic_load(&total);
}

void *malloc(size_t n) {
    resolve();
    if (!real_malloc) return arena_alloc(n);
    atomic_fetch_add(&total, 1);
    return real_malloc(n);
}

void *calloc(size_t count, size_t size) {
    resolve();
    if (!real_calloc) {
        void *p = arena_alloc(count * size);
        if (p) memset(p, 0, count * size);
        return p;
    }
    atomic_fetch_add(&total, 1);
    return real_calloc(count, size);
}

void *realloc(void *p, size_t n) {
    resolve();
    atomic_fetch_add(&total, 1);
    if (in_arena(p)) {
        void *q = real_malloc(n);
        if (q) memcpy(q, p, n < sizeof arena ? n : sizeof arena);
        return q;
    }
    return real_realloc(p, n);
}

void free(void *p) {
    if (!p || in_arena(p)) return;
    resolve();
    real_free(p);
}

int posix_memalign(void **out, size_t alignment, size_t n) {
    resolve();
    atomic_fetch_add(&total, 1);
    return real_posix_memalign(out, alignment, n);
}

void *aligned_alloc(size_t alignment, size_t n) {
    resolve();
    atomic_fetch_add(&total, 1);
    return real_aligned_alloc(alignment, n);
}

void *memalign(size_t alignment, size_t n) {
    resolve();
    atomic_fetch_add(&total, 1);
    return real_memalign(alignment, n);
}
