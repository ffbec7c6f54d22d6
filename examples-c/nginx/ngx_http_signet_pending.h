/*
 * TEMPORARY, TO REMOVE: a stand-in for signet_cookie_value(), used only while include/signet.h
 * does not declare it yet (branch `cookies`, see C-API-SPEC.md). It compiles only when the header
 * lacks the real function; once `cookies` is merged this file and its #include go away.
 */
#ifndef NGX_HTTP_SIGNET_PENDING_H
#define NGX_HTTP_SIGNET_PENDING_H

#include <string.h>

#ifndef SIGNET_EXPIRES_NONE  /* branch cookies not merged yet */

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



#endif /* NGX_HTTP_SIGNET_PENDING_H */
