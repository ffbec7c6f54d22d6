/* Raw C's operations (see bench_raw.c, the driver that times them alone; bench_pair.c times
 * them against the C API in the same process). Moved here from bench_raw.c unchanged. */
#include "bench_raw_ops.h"

#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#if defined(__x86_64__)
#include <emmintrin.h>
#endif

static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static uint8_t b64_table[256];

void raw_init(void) {
    memset(b64_table, 0xFF, sizeof b64_table);
    for (int i = 0; i < 64; i++) b64_table[(uint8_t)b64_alphabet[i]] = (uint8_t)i;
}

#if defined(__x86_64__)
/* SSE2 blocks, as Signet has (Sources/Signet/Base64Blocks.swift): the baseline keeps every
 * speed-up Signet uses, so the ratio measures overhead, not a slower floor. */
static inline uint32_t load_be24(const uint8_t *p) {
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* 12 bytes to 16 characters. */
static inline void b64_encode_block(const uint8_t *in, char *out) {
    __m128i g = _mm_set_epi32((int)load_be24(in + 9), (int)load_be24(in + 6), (int)load_be24(in + 3), (int)load_be24(in));
    __m128i m = _mm_set1_epi32(63);
    __m128i s = _mm_srli_epi32(g, 18);
    s = _mm_or_si128(s, _mm_slli_epi32(_mm_and_si128(_mm_srli_epi32(g, 12), m), 8));
    s = _mm_or_si128(s, _mm_slli_epi32(_mm_and_si128(_mm_srli_epi32(g, 6), m), 16));
    s = _mm_or_si128(s, _mm_slli_epi32(_mm_and_si128(g, m), 24));
    __m128i off = _mm_set1_epi8(65);
    off = _mm_add_epi8(off, _mm_and_si128(_mm_cmpgt_epi8(s, _mm_set1_epi8(25)), _mm_set1_epi8(6)));
    off = _mm_add_epi8(off, _mm_and_si128(_mm_cmpgt_epi8(s, _mm_set1_epi8(51)), _mm_set1_epi8(-75)));
    off = _mm_add_epi8(off, _mm_and_si128(_mm_cmpgt_epi8(s, _mm_set1_epi8(61)), _mm_set1_epi8(-13)));
    off = _mm_add_epi8(off, _mm_and_si128(_mm_cmpgt_epi8(s, _mm_set1_epi8(62)), _mm_set1_epi8(49)));
    _mm_storeu_si128((__m128i *)out, _mm_add_epi8(s, off));
}

static inline __m128i in_range(__m128i v, char above, char below) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(above)), _mm_cmpgt_epi8(_mm_set1_epi8(below), v));
}

/* 16 characters to 12 bytes (writing 12); 0 for a character outside the alphabet. */
static inline int b64_decode_block(const char *in, uint8_t *out) {
    __m128i v = _mm_loadu_si128((const __m128i *)in);
    __m128i upper = in_range(v, 64, 91), lower = in_range(v, 96, 123), digit = in_range(v, 47, 58);
    __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8(45)), under = _mm_cmpeq_epi8(v, _mm_set1_epi8(95));
    __m128i ok = _mm_or_si128(_mm_or_si128(_mm_or_si128(upper, lower), _mm_or_si128(digit, dash)), under);
    if (_mm_movemask_epi8(ok) != 0xFFFF) return 0;
    __m128i off = _mm_and_si128(upper, _mm_set1_epi8(-65));
    off = _mm_or_si128(off, _mm_and_si128(lower, _mm_set1_epi8(-71)));
    off = _mm_or_si128(off, _mm_and_si128(digit, _mm_set1_epi8(4)));
    off = _mm_or_si128(off, _mm_and_si128(dash, _mm_set1_epi8(17)));
    off = _mm_or_si128(off, _mm_and_si128(under, _mm_set1_epi8(-32)));
    __m128i s = _mm_add_epi8(v, off);
    __m128i pairs = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(s, _mm_set1_epi16(0x3F)), 6), _mm_srli_epi16(s, 8));
    __m128i quads = _mm_or_si128(_mm_slli_epi32(_mm_and_si128(pairs, _mm_set1_epi32(0xFFF)), 12), _mm_srli_epi32(pairs, 16));
    uint32_t lanes[4];
    _mm_storeu_si128((__m128i *)lanes, quads);
    for (int k = 0; k < 4; k++) {
        out[3 * k] = (uint8_t)(lanes[k] >> 16);
        out[3 * k + 1] = (uint8_t)(lanes[k] >> 8);
        out[3 * k + 2] = (uint8_t)lanes[k];
    }
    return 1;
}
#endif

static size_t b64_encode(const uint8_t *in, size_t n, char *out) {
    size_t o = 0, i = 0;
#if defined(__x86_64__)
    for (; i + 12 <= n; i += 12, o += 16) b64_encode_block(in + i, out + o);
#endif
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
        out[o++] = b64_alphabet[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = b64_alphabet[v >> 18];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = b64_alphabet[(v >> 6) & 63];
    }
    return o;
}

/* Returns the decoded length, or -1 for a byte outside the alphabet or a length of 1 mod 4. */
static long b64_decode(const char *in, size_t n, uint8_t *out) {
    if (n % 4 == 1) return -1;
    size_t o = 0, i = 0;
#if defined(__x86_64__)
    for (; i + 16 <= n; i += 16, o += 12)
        if (!b64_decode_block(in + i, out + o)) return -1;
#endif
    for (; i + 4 <= n; i += 4) {
        uint8_t a = b64_table[(uint8_t)in[i]], b = b64_table[(uint8_t)in[i + 1]];
        uint8_t c = b64_table[(uint8_t)in[i + 2]], d = b64_table[(uint8_t)in[i + 3]];
        if ((a | b | c | d) & 0xC0) return -1;
        uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | d;
        out[o++] = (uint8_t)(v >> 16);
        out[o++] = (uint8_t)(v >> 8);
        out[o++] = (uint8_t)v;
    }
    if (n - i >= 2) {
        uint8_t a = b64_table[(uint8_t)in[i]], b = b64_table[(uint8_t)in[i + 1]];
        uint8_t c = n - i == 3 ? b64_table[(uint8_t)in[i + 2]] : 0;
        if ((a | b | c) & 0xC0) return -1;
        out[o++] = (uint8_t)(a << 2 | b >> 4);
        if (n - i == 3) out[o++] = (uint8_t)((b & 15) << 4 | c >> 2);
    }
    return (long)o;
}

static void hmac_prepare(raw_hmac_key *k, const uint8_t *key, size_t n) {
    uint8_t block[64] = {0}, pad[64];
    memcpy(block, key, n); /* n <= 64 here */
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    SHA1_Init(&k->inner);
    SHA1_Update(&k->inner, pad, 64);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5C;
    SHA1_Init(&k->outer);
    SHA1_Update(&k->outer, pad, 64);
}

static void hmac_sha1(const raw_hmac_key *k, const void *msg, size_t n, uint8_t out[20]) {
    SHA_CTX c = k->inner;
    SHA1_Update(&c, msg, n);
    SHA1_Final(out, &c);
    c = k->outer;
    SHA1_Update(&c, out, 20);
    SHA1_Final(out, &c);
}

static const char *last_dot(const char *s, size_t n) {
    while (n > 0)
        if (s[--n] == '.') return s + n;
    return NULL;
}

/* The minimal JSON pass: an object, balanced brackets outside strings, escapes skipped. */
static int json_pass(const uint8_t *s, size_t n) {
    if (n < 2 || s[0] != '{') return -1;
    int depth = 0, in_string = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = 0;
            else if (c < 0x20) return -1;
        } else if (c == '"') in_string = 1;
        else if (c == '{' || c == '[') depth++;
        else if (c == '}' || c == ']') {
            if (--depth < 0) return -1;
        }
    }
    return depth == 0 && !in_string ? 0 : -1;
}

/* Inflates `n` zlib bytes from scratch into out with the reused stream; the output length,
 * or -1. */
static long raw_inflate(raw_state *st, size_t n) {
    inflateReset(&st->inflater);
    st->inflater.next_in = st->scratch;
    st->inflater.avail_in = (uInt)n;
    st->inflater.next_out = st->out;
    st->inflater.avail_out = sizeof st->out;
    if (inflate(&st->inflater, Z_FINISH) != Z_STREAM_END) return -1;
    return (long)(sizeof st->out - st->inflater.avail_out);
}

int raw_verify(void *arg) {
    raw_state *st = arg;
    const char *token = st->w->cookie;
    size_t n = st->w->cookie_len;
    const char *sig_dot = last_dot(token, n);
    if (!sig_dot) return 1;
    size_t value_len = (size_t)(sig_dot - token);
    uint8_t given[32], mac[20];
    if (b64_decode(sig_dot + 1, n - value_len - 1, given) != 20) return 1;
    hmac_sha1(&st->key, token, value_len, mac);
    if (CRYPTO_memcmp(given, mac, 20) != 0) return 1;
    const char *ts_dot = last_dot(token, value_len);
    if (!ts_dot) return 1;
    uint8_t ts_bytes[9];
    long ts_len = b64_decode(ts_dot + 1, value_len - (size_t)(ts_dot - token) - 1, ts_bytes);
    if (ts_len < 0 || ts_len > 8) return 1;
    uint64_t ts = 0;
    for (long i = 0; i < ts_len; i++) ts = ts << 8 | ts_bytes[i];
    int64_t age = (int64_t)time(NULL) - (int64_t)ts;
    if (age < 0 || age > 2678400) return 1;
    const char *payload = token;
    size_t payload_len = (size_t)(ts_dot - token);
    size_t json_len;
    if (payload[0] == '.') {
        long clen = b64_decode(payload + 1, payload_len - 1, st->scratch);
        long len = clen < 0 ? -1 : raw_inflate(st, (size_t)clen);
        if (len < 0) return 1;
        json_len = (size_t)len;
    } else {
        long len = b64_decode(payload, payload_len, st->out);
        if (len < 0) return 1;
        json_len = (size_t)len;
    }
    if (json_pass(st->out, json_len)) return 1;
    return json_len != st->w->json_len || memcmp(st->out, st->w->json, json_len) != 0;
}

int raw_inflate_only(void *arg) {
    raw_state *st = arg;
    return raw_inflate(st, st->compressed_len) != (long)st->w->json_len;
}

int raw_mint(void *arg) {
    raw_state *st = arg;
    const bench_workload *w = st->w;
    char *out = (char *)st->out;
    size_t o = 0;
    deflateReset(&st->deflater);
    st->deflater.next_in = (Bytef *)w->json;
    st->deflater.avail_in = (uInt)w->json_len;
    st->deflater.next_out = st->scratch;
    st->deflater.avail_out = sizeof st->scratch;
    if (deflate(&st->deflater, Z_FINISH) != Z_STREAM_END) return 1;
    size_t clen = sizeof st->scratch - st->deflater.avail_out;
    if (clen < w->json_len - 1) {
        out[o++] = '.';
        o += b64_encode(st->scratch, clen, out + o);
    } else {
        o += b64_encode((const uint8_t *)w->json, w->json_len, out + o);
    }
    uint8_t ts_bytes[8];
    int ts_len = 0;
    uint64_t ts = (uint64_t)w->timestamp;
    for (int shift = 56; shift >= 0; shift -= 8) {
        uint8_t b = (uint8_t)(ts >> shift);
        if (b || ts_len) ts_bytes[ts_len++] = b;
    }
    out[o++] = '.';
    o += b64_encode(ts_bytes, (size_t)ts_len, out + o);
    uint8_t mac[20];
    hmac_sha1(&st->key, out, o, mac);
    out[o++] = '.';
    o += b64_encode(mac, 20, out + o);
    return o != w->cookie_len || memcmp(out, w->cookie, o) != 0;
}

int raw_state_init(raw_state *st) {
    return inflateInit(&st->inflater) == Z_OK && deflateInit(&st->deflater, 6) == Z_OK ? 0 : -1;
}

void raw_state_end(raw_state *st) {
    inflateEnd(&st->inflater);
    deflateEnd(&st->deflater);
}

void raw_state_set_workload(raw_state *st, const bench_workload *w) {
    st->w = w;
    /* Flask's key derivation, once: HMAC-SHA1(SECRET_KEY, "cookie-session"). */
    uint8_t derived[20];
    unsigned derived_len = 0;
    HMAC(EVP_sha1(), w->key, (int)strlen(w->key), (const uint8_t *)"cookie-session", 14, derived, &derived_len);
    hmac_prepare(&st->key, derived, derived_len);
}

int raw_prepare_inflate_only(raw_state *st) {
    const char *cookie = st->w->cookie;
    if (cookie[0] != '.') return -1;
    const char *end = strchr(cookie + 1, '.');
    long clen = end ? b64_decode(cookie + 1, (size_t)(end - cookie - 1), st->scratch) : -1;
    if (clen < 0) return -1;
    st->compressed_len = (size_t)clen;
    return 0;
}
