/*
 * TEMPORARY, TO REMOVE: stand-ins for signet_cookie_value() and signet_session_get(), used only
 * while include/signet.h does not declare them yet (branches `cookies` and `capi`, see
 * C-API-SPEC.md). Each block compiles only when the header lacks the real function; once both
 * branches are merged neither compiles, and this file and its #include go away.
 */
#ifndef NGX_HTTP_SIGNET_PENDING_H
#define NGX_HTTP_SIGNET_PENDING_H

#include <string.h>

#ifndef SIGNET_EXPIRES_NONE  /* branch cookies not merged yet */

#define SIGNET_E_NOT_FOUND ((signet_status) -103)

static int pending_regex_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int pending_strip_space(unsigned char c)
{
    return pending_regex_space(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0;
}

/* werkzeug's parse_cookie(), first match wins (a copy of examples-c/http_service.c's). */
static int
signet_cookie_value(const uint8_t *header, size_t header_len, const uint8_t *name,
    size_t name_len, uint8_t *out, size_t out_cap, size_t *out_len)
{
#define AT(p) ((p) < e ? *(p) : (uint8_t) ';')
    const uint8_t *s = header, *e = header + header_len, *p = s;

    while (p <= e) {
        const uint8_t *key = p, *key_end, *value, *value_end, *q, *r, *t, *v, *inner_end;
        size_t n = 0;
        while (AT(p) != '=' && AT(p) != ';') p++;
        key_end = p; value = p; value_end = p;
        if (AT(p) == '=') {
            q = p + 1;
            while (q < e && pending_regex_space(*q)) q++;
            value = q;
            r = NULL;
            if (AT(q) == '"') {
                r = q + 1;
                while (r < e && *r != '"') r += *r == '\\' && r + 1 < e ? 2 : 1;
                if (r < e) {
                    t = ++r;
                    while (t < e && pending_regex_space(*t)) t++;
                    if (AT(t) != ';') r = NULL;
                } else {
                    r = NULL;
                }
            }
            if (r == NULL) {
                r = q;
                while (AT(r) != ';') r++;
            }
            value_end = r;
            p = r;
        }
        while (p < e && pending_regex_space(*p)) p++;
        p++;
        while (p < e && pending_regex_space(*p)) p++;

        while (key < key_end && pending_strip_space(*key)) key++;
        while (key_end > key && pending_strip_space(key_end[-1])) key_end--;
        if ((size_t) (key_end - key) != name_len || memcmp(key, name, name_len) != 0) continue;
        while (value < value_end && pending_strip_space(*value)) value++;
        while (value_end > value && pending_strip_space(value_end[-1])) value_end--;
        if ((size_t) (value_end - value) > out_cap) {
            *out_len = (size_t) (value_end - value);
            return SIGNET_E_BUFFER_TOO_SMALL;
        }
        if (value_end - value >= 2 && *value == '"' && value_end[-1] == '"') {
            inner_end = value_end - 1;
            for (v = value + 1; v < inner_end; v++) {
                if (*v == '\\' && v + 3 < inner_end && v[1] >= '0' && v[1] <= '3'
                    && v[2] >= '0' && v[2] <= '7' && v[3] >= '0' && v[3] <= '7')
                {
                    out[n++] = (uint8_t) ((v[1] - '0') * 64 + (v[2] - '0') * 8 + (v[3] - '0'));
                    v += 3;
                } else if (*v == '\\' && v + 1 < inner_end) {
                    out[n++] = *++v;
                } else {
                    out[n++] = *v;
                }
            }
        } else {
            memcpy(out, value, (size_t) (value_end - value));
            n = (size_t) (value_end - value);
        }
        *out_len = n;
        return SIGNET_OK;
    }
    return SIGNET_E_NOT_FOUND;
#undef AT
}

#endif /* SIGNET_EXPIRES_NONE */


#ifndef SIGNET_GET_JSON  /* branch capi not merged yet */

#define SIGNET_E_LONE_SURROGATE ((signet_status) -106)

typedef enum signet_value_type {
    SIGNET_VALUE_NULL = 1, SIGNET_VALUE_BOOL = 2, SIGNET_VALUE_INTEGER = 3,
    SIGNET_VALUE_FLOAT = 4, SIGNET_VALUE_STRING = 5, SIGNET_VALUE_ARRAY = 6,
    SIGNET_VALUE_OBJECT = 7
} signet_value_type;

/* The end of the JSON value at p (input: signet_verify's canonical JSON, trusted), no recursion. */
static const uint8_t *
pending_skip_value(const uint8_t *p, const uint8_t *e)
{
    size_t depth = 0;
    do {
        if (p >= e) return NULL;
        if (*p == '"') {
            for (p++; p < e && *p != '"'; p++) if (*p == '\\') p++;
            p++;
        } else if (*p == '{' || *p == '[') {
            depth++; p++;
        } else if (*p == '}' || *p == ']') {
            depth--; p++;
        } else {
            p++;
            while (p < e && !strchr(",:]}\"", *p)) p++;
        }
        while (depth > 0 && p < e && (*p == ',' || *p == ':')) p++;
    } while (depth > 0);
    return p <= e ? p : NULL;
}

static unsigned pending_hex4(const uint8_t *p)
{
    unsigned v = 0, i;
    for (i = 0; i < 4; i++) {
        v = v * 16 + (unsigned) (p[i] <= '9' ? p[i] - '0' : (p[i] | 0x20) - 'a' + 10);
    }
    return v;
}

/* The JSON string [p, e) (quotes included) unescaped to UTF-8 into out (cap >= e - p). */
static int
pending_unescape(const uint8_t *p, const uint8_t *e, uint8_t *out, size_t *out_len)
{
    size_t n = 0;
    unsigned c, lo;
    for (p++, e--; p < e; p++) {
        if (*p != '\\') { out[n++] = *p; continue; }
        p++;
        switch (*p) {
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u':
            c = pending_hex4(p + 1);
            p += 4;
            if (c >= 0xdc00 && c <= 0xdfff) return SIGNET_E_LONE_SURROGATE;
            if (c >= 0xd800 && c <= 0xdbff) {
                if (e - p < 7 || p[1] != '\\' || p[2] != 'u') return SIGNET_E_LONE_SURROGATE;
                lo = pending_hex4(p + 3);
                if (lo < 0xdc00 || lo > 0xdfff) return SIGNET_E_LONE_SURROGATE;
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            }
            if (c < 0x80) {
                out[n++] = (uint8_t) c;
            } else if (c < 0x800) {
                out[n++] = (uint8_t) (0xc0 | c >> 6); out[n++] = (uint8_t) (0x80 | (c & 0x3f));
            } else if (c < 0x10000) {
                out[n++] = (uint8_t) (0xe0 | c >> 12);
                out[n++] = (uint8_t) (0x80 | ((c >> 6) & 0x3f));
                out[n++] = (uint8_t) (0x80 | (c & 0x3f));
            } else {
                out[n++] = (uint8_t) (0xf0 | c >> 18);
                out[n++] = (uint8_t) (0x80 | ((c >> 12) & 0x3f));
                out[n++] = (uint8_t) (0x80 | ((c >> 6) & 0x3f));
                out[n++] = (uint8_t) (0x80 | (c & 0x3f));
            }
            break;
        default: out[n++] = *p; break;
        }
    }
    *out_len = n;
    return SIGNET_OK;
}

/* Top-level member `key` of canonical JSON; flags unused (no SIGNET_GET_JSON here). */
static int
signet_session_get(const uint8_t *json, size_t json_len, const uint8_t *key, size_t key_len,
    unsigned flags, signet_value_type *type, uint8_t *out, size_t out_cap, size_t *out_len)
{
    const uint8_t *p = json + 1, *e = json + json_len, *k, *v, *end;
    size_t n;
    int rc;
    (void) flags;
    if (out_cap < json_len) return SIGNET_E_INVALID_ARGUMENT;
    while (p < e && *p == '"') {
        k = p;
        p = pending_skip_value(p, e);
        if (p == NULL || p >= e || *p != ':') return SIGNET_E_BAD_JSON;
        v = ++p;
        end = pending_skip_value(v, e);
        if (end == NULL) return SIGNET_E_BAD_JSON;
        p = end + 1;
        rc = pending_unescape(k, v - 1, out, &n);
        if (rc != SIGNET_OK || n != key_len || memcmp(out, key, key_len) != 0) continue;
        switch (*v) {
        case '"': *type = SIGNET_VALUE_STRING; return pending_unescape(v, end, out, out_len);
        case 't': case 'f': *type = SIGNET_VALUE_BOOL; break;
        case 'n': *type = SIGNET_VALUE_NULL; break;
        case '[': *type = SIGNET_VALUE_ARRAY; break;
        case '{': *type = SIGNET_VALUE_OBJECT; break;
        default:
            *type = SIGNET_VALUE_INTEGER;
            for (k = v; k < end; k++) {
                if (*k == '.' || *k == 'e' || *k == 'E' || *k == 'N' || *k == 'I') {
                    *type = SIGNET_VALUE_FLOAT;
                }
            }
        }
        memcpy(out, v, (size_t) (end - v));
        *out_len = (size_t) (end - v);
        return SIGNET_OK;
    }
    return SIGNET_E_NOT_FOUND;
}

#endif /* SIGNET_GET_JSON */

#endif /* NGX_HTTP_SIGNET_PENDING_H */
