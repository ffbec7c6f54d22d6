/* http_service.c: a small HTTP service in C that shares sessions with a Flask app.
 *
 *   SECRET_KEY=... [SECRET_KEY_FALLBACKS=old1,old2] ./http_service [--port N] [--salt S] [--max-age SECONDS]
 *                                                                  [--max-connections N]
 *
 * It listens on 127.0.0.1 (port 0, the default, picks a free one) and prints one line,
 * "listening on http://127.0.0.1:PORT", once it accepts connections. Give it the Flask app's
 * SECRET_KEY and SECRET_KEY_FALLBACKS (comma-separated, oldest first, as in the Flask list; a
 * key containing a comma cannot be given this way) and the two share the `session` cookie:
 *
 *   GET /whoami          200 {"user":"..."} for a genuine session holding a "user";
 *                        401 {"error":"..."} for no cookie, a forged, expired or foreign one
 *   GET /login?user=NAME 200 and a fresh permanent session {"_permanent":true,"user":NAME} in
 *                        the Set-Cookie header werkzeug writes for it:
 *                        session=<cookie>; Expires=<now + max-age>; HttpOnly; Path=/
 *   GET /logout          200 and Flask's deletion cookie:
 *                        session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/
 *
 * --salt must equal the Flask app's session_interface.salt ("cookie-session" unless changed) and
 * --max-age its PERMANENT_SESSION_LIFETIME in seconds (default 31 days, Flask's default).
 *
 * --max-connections caps the connections open at once (default MAX_CONNECTIONS).
 *
 * Many connections at once on one thread (connection_loop.c), one request per connection
 * (Connection: close). Limits, each with its own answer: a request head over HEAD_MAX bytes gets
 * 431, a malformed one 400, a method other than GET or HEAD 405, a user name over USER_MAX bytes
 * 400; a head not whole HEAD_DEADLINE_MS after the accept 408 (nothing when no byte came); a
 * response not sent within WRITE_DEADLINE_MS is dropped. When --max-connections are open, a new
 * one takes the place of the oldest still waiting for its head. SIGTERM or SIGINT stop it
 * cleanly (exit status 0): it stops accepting, closes the connections that have not sent a whole
 * head, and finishes sending the responses in flight. */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "connection_loop.h"
#include "signet.h"

/* The request line and headers together; browsers send a few KB at most. */
#define HEAD_MAX 8192
/* The longest user name /login accepts, in bytes once percent-decoded. */
#define USER_MAX 256
/* From the accept, how long a client has to send its whole request head... */
#define HEAD_DEADLINE_MS 5000
/* ...and from the answer, how long to take the whole response. */
#define WRITE_DEADLINE_MS 5000
/* Connections open at once, by default (--max-connections), and the most it accepts: each
 * turn of the loop walks every connection. */
#define MAX_CONNECTIONS 256
#define MAX_CONNECTIONS_LIMIT 65536
/* Descriptors beyond the connections': standard streams, the listener, the loop's pipe, and a
 * margin for the C library and tools such as valgrind. */
#define SPARE_DESCRIPTORS 16
/* The session JSON /whoami accepts (a cookie is at most a few KB anyway). */
#define SESSION_JSON_MAX 8192
/* After answering, how long and how much unread input the service waits for before closing. */
#define LINGER_MILLISECONDS 500
#define LINGER_MAX_BYTES (64 * 1024)
/* werkzeug warns when a Set-Cookie header is longer: browsers drop such cookies. */
#define SET_COOKIE_MAX 4093

/* ---- Output -------------------------------------------------------------------------------- */

/* Writes a complete response into *out (left empty, so the connection is closed, when memory
 * runs out). `set_cookie` may be NULL; `body` is sent unless `head_only`. */
static void respond(struct response *out, int status, const char *reason, const char *set_cookie, const char *body,
                    int head_only) {
    char head[SET_COOKIE_MAX + 512];
    int n = snprintf(head, sizeof head,
                     "HTTP/1.1 %d %s\r\n"
                     "Content-Type: application/json\r\n"
                     "Content-Length: %zu\r\n"
                     "Vary: Cookie\r\n"
                     "%s%s%s"
                     "Connection: close\r\n\r\n",
                     status, reason, strlen(body), set_cookie ? "Set-Cookie: " : "",
                     set_cookie ? set_cookie : "", set_cookie ? "\r\n" : "");
    if (n < 0 || (size_t)n >= sizeof head) return;
    size_t body_len = head_only ? 0 : strlen(body);
    out->bytes = malloc((size_t)n + body_len);
    if (out->bytes == NULL) return;
    memcpy(out->bytes, head, (size_t)n);
    memcpy(out->bytes + n, body, body_len);
    out->len = (size_t)n + body_len;
}

static void respond_error(struct response *out, int status, const char *reason, const char *message,
                          int head_only) {
    char body[256];
    snprintf(body, sizeof body, "{\"error\":\"%s\"}\n", message); /* messages are ours: plain ASCII */
    respond(out, status, reason, NULL, body, head_only);
}

/* werkzeug's http_date: "Wed, 09 Jun 2021 10:18:14 GMT" (English names whatever the locale:
 * this program never calls setlocale, so strftime uses the "C" locale). */
static int http_date(int64_t t, char *out, size_t cap) {
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL) return 0;
    return strftime(out, cap, "%a, %d %b %Y %H:%M:%S GMT", &tm) > 0;
}

/* ---- Request parsing ------------------------------------------------------------------------ */

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Finds parameter `name` in the query string and percent-decodes it (with '+' as a space, as
 * werkzeug does) into out. Returns the decoded length, -1 when absent, -2 when malformed or
 * longer than cap. */
static long query_param(const char *query, size_t query_len, const char *name, char *out, size_t cap) {
    size_t name_len = strlen(name), i = 0;
    while (i < query_len) {
        size_t end = i;
        while (end < query_len && query[end] != '&') end++;
        if (end - i > name_len && memcmp(query + i, name, name_len) == 0 && query[i + name_len] == '=') {
            size_t len = 0;
            for (size_t j = i + name_len + 1; j < end; j++) {
                char c = query[j];
                if (c == '%') {
                    int hi = j + 2 < end ? hex_value(query[j + 1]) : -1;
                    int lo = j + 2 < end ? hex_value(query[j + 2]) : -1;
                    if (hi < 0 || lo < 0) return -2;
                    c = (char)(hi * 16 + lo);
                    j += 2;
                } else if (c == '+') {
                    c = ' ';
                }
                if (len == cap) return -2;
                out[len++] = c;
            }
            return (long)len;
        }
        i = end + 1;
    }
    return -1;
}

/* Whitespace for werkzeug's regular expression (\s with re.ASCII) and for Python's str.strip()
 * on a header decoded as Latin-1, as WSGI servers decode it. */
static int regex_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static int strip_space(unsigned char c) { return regex_space(c) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0; }

/* werkzeug's parse_cookie() on one Cookie header value [s, e), stopping at the first cookie
 * called `session`: the value request.cookies.get("session") returns in Flask. Each step is one
 * match of werkzeug's _cookie_re `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*` on the
 * header with ";" appended; keys and values are stripped, a quoted value is unquoted with
 * \ooo (000-377) and \c escapes. The value goes to out (cap >= e - s bytes). Returns 1 and sets
 * *len when found. */
static int parse_cookie_header(const char *s, const char *e, char *out, size_t *len) {
#define AT(p) ((p) < e ? (unsigned char)*(p) : (unsigned char)';') /* the appended ';' */
    const char *p = s;
    while (p <= e) {
        const char *key = p;
        while (AT(p) != '=' && AT(p) != ';') p++;
        const char *key_end = p, *value = p, *value_end = p;
        if (AT(p) == '=') {
            const char *q = p + 1;
            while (q < e && regex_space((unsigned char)*q)) q++;
            value = q;
            const char *r = NULL; /* the end of a quoted string followed by \s*; */
            if (AT(q) == '"') {
                r = q + 1;
                while (r < e && *r != '"') r += *r == '\\' && r + 1 < e ? 2 : 1;
                if (r < e) {
                    const char *t = ++r;
                    while (t < e && regex_space((unsigned char)*t)) t++;
                    if (AT(t) != ';') r = NULL;
                } else {
                    r = NULL;
                }
            }
            if (r == NULL) { /* .*? : up to the first ';' (the lines hold no newline) */
                r = q;
                while (AT(r) != ';') r++;
            }
            value_end = r;
            p = r;
        }
        while (p < e && regex_space((unsigned char)*p)) p++; /* \s*;\s* */
        p++;
        while (p < e && regex_space((unsigned char)*p)) p++;

        while (key < key_end && strip_space((unsigned char)*key)) key++;
        while (key_end > key && strip_space((unsigned char)key_end[-1])) key_end--;
        if (key_end - key != 7 || memcmp(key, "session", 7) != 0) continue;
        while (value < value_end && strip_space((unsigned char)*value)) value++;
        while (value_end > value && strip_space((unsigned char)value_end[-1])) value_end--;
        size_t n = 0;
        if (value_end - value >= 2 && *value == '"' && value_end[-1] == '"') {
            const char *inner_end = value_end - 1; /* _cookie_unslash_re: \\([0-3][0-7]{2}|.) */
            for (const char *v = value + 1; v < inner_end; v++) {
                if (*v == '\\' && v + 3 < inner_end && v[1] >= '0' && v[1] <= '3' && v[2] >= '0' && v[2] <= '7' &&
                    v[3] >= '0' && v[3] <= '7') {
                    out[n++] = (char)((v[1] - '0') * 64 + (v[2] - '0') * 8 + (v[3] - '0'));
                    v += 3;
                } else if (*v == '\\' && v + 1 < inner_end) {
                    out[n++] = *++v;
                } else {
                    out[n++] = *v;
                }
            }
        } else {
            memcpy(out, value, (size_t)(value_end - value));
            n = (size_t)(value_end - value);
        }
        *len = n;
        return 1;
    }
    return 0;
#undef AT
}

/* The `session` cookie of the request, into out (cap >= HEAD_MAX): werkzeug joins every
 * Cookie header with ";" (browsers send one, RFC 6265 section 5.4) and parses the result.
 * Returns 0 when absent. */
static int find_session_cookie(const char *headers, size_t headers_len, char *out, size_t *len) {
    char joined[HEAD_MAX];
    size_t joined_len = 0;
    int any = 0;
    const char *line = headers, *end = headers + headers_len;
    while (line < end) {
        const char *eol = line;
        while (eol + 1 < end && !(eol[0] == '\r' && eol[1] == '\n')) eol++;
        if (eol + 1 >= end) eol = end;
        if ((size_t)(eol - line) >= 7 && strncasecmp(line, "Cookie:", 7) == 0) {
            const char *v = line + 7, *v_end = eol;
            /* The header's value without surrounding blanks, as the HTTP parser hands it on. */
            while (v < v_end && (*v == ' ' || *v == '\t')) v++;
            while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t')) v_end--;
            /* Fits: each header line is longer than what it adds, ";" included. */
            if (any) joined[joined_len++] = ';';
            memcpy(joined + joined_len, v, (size_t)(v_end - v));
            joined_len += (size_t)(v_end - v);
            any = 1;
        }
        line = eol + 2;
    }
    return any && parse_cookie_header(joined, joined + joined_len, out, len);
}

/* ---- Session JSON ---------------------------------------------------------------------------- */

/* Returns the index just past the JSON value starting at json[i], in the canonical (valid,
 * compact) JSON signet_verify() returns. */
static size_t skip_json_value(const char *json, size_t len, size_t i) {
    int depth = 0;
    while (i < len) {
        char c = json[i];
        if (c == '"') {
            for (i++; i < len && json[i] != '"'; i++) {
                if (json[i] == '\\') i++;
            }
            i++;
        } else if (c == '{' || c == '[') {
            depth++;
            i++;
        } else if (c == '}' || c == ']') {
            if (depth == 0) return i; /* the end of the enclosing object: a scalar ended */
            depth--;
            i++;
        } else if (c == ',' || c == ':') {
            if (depth == 0) return i;
            i++;
        } else {
            i++;
            continue; /* inside a number or literal */
        }
        if (depth == 0) return i; /* a string or a container just closed */
    }
    return i;
}

/* Finds the top-level "user" member of a session's canonical JSON when it is a string, and
 * returns its JSON string literal (quotes and escapes included) through *lit / *lit_len. */
static int session_user(const char *json, size_t len, const char **lit, size_t *lit_len) {
    if (len < 2 || json[0] != '{') return 0;
    size_t i = 1;
    while (i < len && json[i] == '"') {
        size_t key_start = i;
        i = skip_json_value(json, len, i); /* the key */
        int is_user = i - key_start == 6 && memcmp(json + key_start, "\"user\"", 6) == 0;
        if (i >= len || json[i] != ':') return 0;
        size_t value_start = ++i;
        i = skip_json_value(json, len, i);
        if (is_user) {
            if (json[value_start] != '"') return 0;
            *lit = json + value_start;
            *lit_len = i - value_start;
            return 1;
        }
        if (i < len && json[i] == ',') i++;
    }
    return 0;
}

/* Appends `s` to out as the contents of a JSON string (quotes not included). Bytes >= 0x80 go
 * through as they are: signet_mint() checks the UTF-8 and rewrites them as \u escapes. */
static size_t json_escape(const char *s, size_t len, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    return o;
}

/* ---- Routes ------------------------------------------------------------------------------------ */

/* Verifies a session cookie and writes the /whoami body for it into body: {"user":...} as
 * Flask's jsonify writes it (compact, ASCII, a final newline; the string literal is copied from
 * the canonical JSON, escapes and all). Returns SIGNET_OK, the reason the cookie was refused, or
 * 1 when the session holds no "user" string. */
static int user_body(const signet_ctx *ctx, const char *cookie, size_t cookie_len, int64_t now, char *body,
                     size_t body_cap) {
    char json[SESSION_JSON_MAX];
    size_t json_len = 0;
    int rc = signet_verify(ctx, (const uint8_t *)cookie, cookie_len, now, (uint8_t *)json, sizeof json,
                           &json_len, NULL);
    if (rc != SIGNET_OK) return rc;
    const char *user;
    size_t user_len;
    if (!session_user(json, json_len, &user, &user_len)) return 1;
    snprintf(body, body_cap, "{\"user\":%.*s}\n", (int)user_len, user);
    return SIGNET_OK;
}

static void whoami(struct response *out, const signet_ctx *ctx, const char *headers, size_t headers_len,
                   int head_only) {
    char cookie[HEAD_MAX];
    size_t cookie_len = 0;
    if (!find_session_cookie(headers, headers_len, cookie, &cookie_len) || cookie_len == 0) {
        respond_error(out, 401, "Unauthorized", "no session", head_only);
        return;
    }
    char body[SESSION_JSON_MAX + 16];
    int rc = user_body(ctx, cookie, cookie_len, SIGNET_NOW_SYSTEM, body, sizeof body);
    if (rc == SIGNET_OK) {
        respond(out, 200, "OK", NULL, body, head_only);
    } else {
        /* Flask starts an empty session here; the reason is for the client and the logs. */
        respond_error(out, 401, "Unauthorized", rc == 1 ? "no user in session" : signet_strerror(rc), head_only);
    }
}

static void login(struct response *out, const signet_ctx *ctx, int64_t max_age, const char *query,
                  size_t query_len, int head_only) {
    char user[USER_MAX];
    long user_len = query_param(query, query_len, "user", user, sizeof user);
    if (user_len == -1 || user_len == 0) {
        respond_error(out, 400, "Bad Request", "give ?user=NAME", head_only);
        return;
    }
    if (user_len < 0) {
        respond_error(out, 400, "Bad Request", "user is malformed or too long", head_only);
        return;
    }
    /* Flask's login view: session.clear(); session["user"] = name; session.permanent = True. */
    char json[USER_MAX * 6 + 64];
    size_t n = (size_t)sprintf(json, "{\"_permanent\":true,\"user\":\"");
    n += json_escape(user, (size_t)user_len, json + n);
    n += (size_t)sprintf(json + n, "\"}");

    int64_t now = (int64_t)time(NULL); /* one reading: the cookie's timestamp and Expires agree */
    uint8_t cookie[SIGNET_COOKIE_MAX_LEN];
    size_t cookie_len = 0;
    int rc = signet_mint(ctx, (const uint8_t *)json, n, now, cookie, sizeof cookie, &cookie_len);
    if (rc != SIGNET_OK) {
        /* Invalid UTF-8 in the name is the client's fault; anything else would be ours. */
        int bad_input = rc == SIGNET_E_BAD_JSON || rc == SIGNET_E_UNSERIALIZABLE;
        respond_error(out, bad_input ? 400 : 500, bad_input ? "Bad Request" : "Internal Server Error",
                      signet_strerror(rc), head_only);
        return;
    }
    char expires[64];
    char set_cookie[SET_COOKIE_MAX + 1];
    int len = http_date(now + max_age, expires, sizeof expires)
                  ? snprintf(set_cookie, sizeof set_cookie, "session=%.*s; Expires=%s; HttpOnly; Path=/",
                             (int)cookie_len, (const char *)cookie, expires)
                  : -1;
    if (len < 0 || (size_t)len >= sizeof set_cookie) {
        respond_error(out, 500, "Internal Server Error", "cookie too large", head_only);
        return;
    }
    /* The body is /whoami's for the new cookie: the round trip checks the cookie once more. */
    char body[SESSION_JSON_MAX + 16];
    if (user_body(ctx, (const char *)cookie, cookie_len, now, body, sizeof body) != SIGNET_OK) {
        respond_error(out, 500, "Internal Server Error", "minted cookie does not verify", head_only);
        return;
    }
    respond(out, 200, "OK", set_cookie, body, head_only);
}

static void logout(struct response *out, int head_only) {
    /* What Flask writes when a view empties the session (response.delete_cookie). */
    respond(out, 200, "OK", "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/",
            "{\"user\":null}\n", head_only);
}

/* What answers the requests: the keys, and the lifetime written into Expires. */
struct service {
    const signet_ctx *ctx;
    int64_t max_age;
};

/* The connection loop's request_handler: the response to one request head. */
static void handle(void *service, enum head_outcome outcome, char *buf, size_t head_size, struct response *out) {
    const signet_ctx *ctx = ((const struct service *)service)->ctx;
    int64_t max_age = ((const struct service *)service)->max_age;
    if (outcome == HEAD_TOO_LARGE) {
        respond_error(out, 431, "Request Header Fields Too Large", "request head too large", 0);
        return;
    }
    if (outcome == HEAD_TOO_SLOW) {
        respond_error(out, 408, "Request Timeout", "request head too slow", 0);
        return;
    }
    long head_len = (long)head_size;
    /* Request line: METHOD SP TARGET SP HTTP/1.x CRLF, printable ASCII only. */
    if (memchr(buf, '\0', (size_t)head_len) != NULL) {
        respond_error(out, 400, "Bad Request", "malformed request", 0);
        return;
    }
    /* Lines end with CRLF; a lone CR or LF is refused rather than guessed at. */
    for (long i = 0; i < head_len; i++) {
        if ((buf[i] == '\r' && (i + 1 == head_len || buf[i + 1] != '\n')) ||
            (buf[i] == '\n' && (i == 0 || buf[i - 1] != '\r'))) {
            respond_error(out, 400, "Bad Request", "malformed request", 0);
            return;
        }
    }
    buf[head_len] = '\0';
    const char *line_end = strstr(buf, "\r\n"); /* there is one: the head ends with CRLFCRLF */
    const char *sp1 = memchr(buf, ' ', (size_t)(line_end - buf));
    const char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(line_end - sp1 - 1)) : NULL;
    int printable = 1;
    for (const char *p = buf; p < line_end; p++) printable &= *p > 0x20 || *p == ' ';
    for (const char *p = buf; p < line_end; p++) printable &= *p != 0x7f;
    if (sp1 == NULL || sp2 == NULL || sp1 == buf || sp2 == sp1 + 1 || !printable ||
        (size_t)(line_end - sp2 - 1) != 8 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
        respond_error(out, 400, "Bad Request", "malformed request", 0);
        return;
    }
    int head_only = sp1 - buf == 4 && memcmp(buf, "HEAD", 4) == 0;
    if (!head_only && !(sp1 - buf == 3 && memcmp(buf, "GET", 3) == 0)) {
        respond_error(out, 405, "Method Not Allowed", "only GET and HEAD", 0);
        return;
    }
    const char *target = sp1 + 1;
    size_t target_len = (size_t)(sp2 - target);
    const char *question = memchr(target, '?', target_len);
    size_t path_len = question ? (size_t)(question - target) : target_len;
    const char *query = question ? question + 1 : "";
    size_t query_len = question ? (size_t)(sp2 - question - 1) : 0;
    const char *headers = line_end + 2;
    size_t headers_len = (size_t)(buf + head_len - headers);

    if (path_len == 7 && memcmp(target, "/whoami", 7) == 0) {
        whoami(out, ctx, headers, headers_len, head_only);
    } else if (path_len == 6 && memcmp(target, "/login", 6) == 0) {
        login(out, ctx, max_age, query, query_len, head_only);
    } else if (path_len == 7 && memcmp(target, "/logout", 7) == 0) {
        logout(out, head_only);
    } else {
        respond_error(out, 404, "Not Found", "no such page", head_only);
    }
}

/* ---- Set-up --------------------------------------------------------------------------------- */

static int usage(const char *argv0) {
    fprintf(stderr,
            "usage: SECRET_KEY=... [SECRET_KEY_FALLBACKS=k1,k2] %s [--port N] [--salt S] [--max-age SECONDS]"
            " [--max-connections N]\n",
            argv0);
    return 2;
}

static int parse_int(const char *text, long long min, long long max, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < min || v > max) return 0;
    *out = v;
    return 1;
}

/* Makes sure the process may open a descriptor for every connection, raising its soft limit
 * when the hard one allows. */
static int reserve_descriptors(long long max_connections) {
    struct rlimit limit;
    rlim_t needed = (rlim_t)max_connections + SPARE_DESCRIPTORS;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
        if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < needed) {
            fprintf(stderr, "http_service: --max-connections %lld needs %llu descriptors; the limit is %llu\n",
                    max_connections, (unsigned long long)needed, (unsigned long long)limit.rlim_max);
            return 0;
        }
        limit.rlim_cur = needed;
        if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            perror("http_service: raising the descriptor limit");
            return 0;
        }
    }
    return 1;
}

int main(int argc, char **argv) {
    long long port = 0, max_age = SIGNET_FLASK_MAX_AGE, max_connections = MAX_CONNECTIONS;
    const char *salt = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--port") == 0) {
            if (!parse_int(argv[++i], 0, 65535, &port)) return usage(argv[0]);
        } else if (i + 1 < argc && strcmp(argv[i], "--max-age") == 0) {
            if (!parse_int(argv[++i], 0, INT64_MAX / 2, &max_age)) return usage(argv[0]);
        } else if (i + 1 < argc && strcmp(argv[i], "--salt") == 0) {
            salt = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--max-connections") == 0) {
            if (!parse_int(argv[++i], 1, MAX_CONNECTIONS_LIMIT, &max_connections)) return usage(argv[0]);
        } else {
            return usage(argv[0]);
        }
    }
    if (!reserve_descriptors(max_connections)) return 1;
    const char *secret = getenv("SECRET_KEY");
    if (secret == NULL || *secret == '\0') {
        fprintf(stderr, "http_service: set SECRET_KEY (the Flask app's)\n");
        return usage(argv[0]);
    }

    /* Keys oldest first: SECRET_KEY_FALLBACKS as listed, then SECRET_KEY, which signs. */
    const char *fallbacks_env = getenv("SECRET_KEY_FALLBACKS");
    char *fallbacks = strdup(fallbacks_env ? fallbacks_env : "");
    size_t key_cap = 2;
    for (const char *p = fallbacks; p && *p; p++) key_cap += *p == ',';
    signet_bytes *keys = calloc(key_cap, sizeof *keys);
    if (fallbacks == NULL || keys == NULL) {
        free(fallbacks);
        free(keys);
        return 1;
    }
    size_t key_count = 0;
    for (char *save = NULL, *k = strtok_r(fallbacks, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
        keys[key_count++] = (signet_bytes){(const uint8_t *)k, strlen(k)};
    }
    keys[key_count++] = (signet_bytes){(const uint8_t *)secret, strlen(secret)};

    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) return 1;
    opts.secret_keys = keys;
    opts.secret_key_count = key_count;
    opts.max_age = (int64_t)max_age;
    if (salt != NULL) opts.salt = (signet_bytes){(const uint8_t *)salt, strlen(salt)};
    signet_ctx *ctx = NULL;
    int rc = signet_new(&opts, &ctx);
    /* The context keeps derived keys only: wipe and drop our copies of the fallbacks. */
    memset(fallbacks, 0, strlen(fallbacks));
    free(fallbacks);
    free(keys);
    if (rc != SIGNET_OK) {
        fprintf(stderr, "http_service: %s\n", signet_strerror(rc));
        return 1;
    }

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t addr_len = sizeof addr;
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, SOMAXCONN) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &addr_len) != 0) {
        perror("http_service: listen");
        if (listener >= 0) close(listener);
        signet_free(ctx);
        return 1;
    }
    struct service service = {ctx, (int64_t)max_age};
    struct connection_limits limits = {
        .max_connections = (size_t)max_connections,
        .head_max = HEAD_MAX,
        .head_deadline_ms = HEAD_DEADLINE_MS,
        .write_deadline_ms = WRITE_DEADLINE_MS,
        .linger_ms = LINGER_MILLISECONDS,
        .linger_max_bytes = LINGER_MAX_BYTES,
    };
    struct connection_loop *loop = connection_loop_new(listener, &limits, handle, &service);
    if (loop == NULL) {
        close(listener);
        signet_free(ctx);
        return 1;
    }
    printf("listening on http://127.0.0.1:%u\n", (unsigned)ntohs(addr.sin_port));
    fflush(stdout);
    connection_loop_run(loop);
    connection_loop_free(loop);
    close(listener);
    signet_free(ctx);
    fprintf(stderr, "http_service: stopped\n");
    return 0;
}
