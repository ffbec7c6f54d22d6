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

/* ---- Output -------------------------------------------------------------------------------- */

/* Writes a complete response into *out (left empty, so the connection is closed, when memory
 * runs out). `set_cookie` may be NULL; `body` is sent unless `head_only`. */
static void respond(struct response *out, int status, const char *reason, const char *set_cookie, const char *body,
                    int head_only) {
    char head[SIGNET_COOKIE_MAX_SIZE + 512];
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

/* The `name` cookie of the request, into out (cap >= 2 * HEAD_MAX), as Flask's
 * request.cookies.get(name) finds it: the Cookie headers joined with "; " (browsers send one,
 * RFC 6265 section 5.4) and read by signet_cookie_value(). Returns 0 when absent. */
static int find_cookie(const char *headers, size_t headers_len, signet_bytes name, uint8_t *out, size_t *len) {
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
            /* Fits: each header line is longer than what it adds, "; " included. */
            if (any) {
                memcpy(joined + joined_len, "; ", 2);
                joined_len += 2;
            }
            memcpy(joined + joined_len, v, (size_t)(v_end - v));
            joined_len += (size_t)(v_end - v);
            any = 1;
        }
        line = eol + 2;
    }
    return signet_cookie_value((const uint8_t *)joined, joined_len, name.ptr, name.len, out, 2 * HEAD_MAX, len) ==
           SIGNET_OK;
}

/* ---- Routes ------------------------------------------------------------------------------------ */

/* What answers the requests: the keys, the lifetime written into Expires, and Flask's
 * SESSION_COOKIE_* settings (its defaults), which name the cookie read and written. */
struct service {
    const signet_ctx *ctx;
    int64_t max_age;
    signet_cookie_options cookie;
};

/* user_body()'s answer for a genuine session without a "user" string: Flask's view 401s it. */
#define NO_USER 1

/* Writes the body of Flask's jsonify(user=...) into body: {"user":...} compact, with ASCII
 * escapes and a final newline. */
static int user_json(signet_member user, char *body, size_t body_cap) {
    size_t len = 0;
    int rc = signet_session_build(&user, 1, (uint8_t *)body, body_cap - 2, &len);
    if (rc == SIGNET_OK) memcpy(body + len, "\n", 2);
    return rc;
}

/* Verifies a session cookie and writes the /whoami body for it into body. The "user" value is
 * taken as JSON text (SIGNET_GET_JSON), so a lone surrogate is written back escaped, as Flask
 * writes it. Returns SIGNET_OK, the reason the cookie was refused, or NO_USER. */
static int user_body(const signet_ctx *ctx, const uint8_t *cookie, size_t cookie_len, int64_t now, char *body,
                     size_t body_cap) {
    uint8_t json[SESSION_JSON_MAX];
    size_t json_len = 0;
    int rc = signet_verify(ctx, cookie, cookie_len, now, json, sizeof json, &json_len, NULL);
    if (rc != SIGNET_OK) return rc;
    uint8_t user[SESSION_JSON_MAX];
    size_t user_len = 0;
    signet_value_type type;
    rc = signet_session_get(json, json_len, (const uint8_t *)"user", 4, SIGNET_GET_JSON, &type, user, sizeof user,
                            &user_len);
    if (rc == SIGNET_E_NOT_FOUND || (rc == SIGNET_OK && type != SIGNET_VALUE_STRING)) return NO_USER;
    if (rc != SIGNET_OK) return rc;
    return user_json((signet_member)SIGNET_MEMBER_JSON("user", user, user_len), body, body_cap);
}

static void whoami(struct response *out, const struct service *service, const char *headers, size_t headers_len,
                   int head_only) {
    uint8_t cookie[2 * HEAD_MAX];
    size_t cookie_len = 0;
    if (!find_cookie(headers, headers_len, service->cookie.name, cookie, &cookie_len) || cookie_len == 0) {
        respond_error(out, 401, "Unauthorized", "no session", head_only);
        return;
    }
    char body[SESSION_JSON_MAX + 16];
    int rc = user_body(service->ctx, cookie, cookie_len, SIGNET_NOW_SYSTEM, body, sizeof body);
    if (rc == SIGNET_OK) {
        respond(out, 200, "OK", NULL, body, head_only);
    } else {
        /* Flask starts an empty session here; the reason is for the client and the logs. */
        respond_error(out, 401, "Unauthorized", rc == NO_USER ? "no user in session" : signet_strerror(rc),
                      head_only);
    }
}

static void login(struct response *out, const struct service *service, const char *query, size_t query_len,
                  int head_only) {
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
    signet_member session[] = {SIGNET_MEMBER_BOOL("_permanent", 1), SIGNET_MEMBER_STRING("user", user, user_len)};
    uint8_t json[USER_MAX * 6 + 64]; /* a byte takes 6 bytes at most: \u001f */
    size_t json_len = 0;
    int rc = signet_session_build(session, 2, json, sizeof json, &json_len);
    if (rc == SIGNET_E_INVALID_ARGUMENT) { /* the only input that can fail: a name that is not UTF-8 */
        respond_error(out, 400, "Bad Request", "user is not UTF-8", head_only);
        return;
    }
    /* One reading of the clock: the cookie's timestamp and its Expires agree, as in Flask. */
    int64_t now = (int64_t)time(NULL);
    signet_cookie_options cookie_options = service->cookie;
    cookie_options.expires = now + service->max_age;
    uint8_t cookie[SIGNET_COOKIE_MAX_LEN];
    size_t cookie_len = 0, set_cookie_len = 0;
    char set_cookie[SIGNET_COOKIE_MAX_SIZE + 1];
    char body[SESSION_JSON_MAX + 16];
    if (rc == SIGNET_OK) {
        rc = signet_mint(service->ctx, json, json_len, now, cookie, sizeof cookie, &cookie_len);
    }
    if (rc == SIGNET_OK) {
        rc = signet_set_cookie(&cookie_options, cookie, cookie_len, (uint8_t *)set_cookie, sizeof set_cookie - 1,
                               &set_cookie_len);
    }
    /* The body is /whoami's for the new cookie: the round trip checks the cookie once more. */
    if (rc == SIGNET_OK) {
        rc = user_body(service->ctx, cookie, cookie_len, now, body, sizeof body);
    }
    if (rc != SIGNET_OK) {
        respond_error(out, 500, "Internal Server Error", rc == NO_USER ? "no user in session" : signet_strerror(rc),
                      head_only);
        return;
    }
    set_cookie[set_cookie_len] = '\0';
    respond(out, 200, "OK", set_cookie, body, head_only);
}

static void logout(struct response *out, const struct service *service, int head_only) {
    /* What Flask writes when a view empties the session (response.delete_cookie). */
    char set_cookie[SIGNET_COOKIE_MAX_SIZE + 1];
    size_t set_cookie_len = 0;
    char body[32];
    int rc = signet_delete_cookie(&service->cookie, (uint8_t *)set_cookie, sizeof set_cookie - 1, &set_cookie_len);
    if (rc == SIGNET_OK) rc = user_json((signet_member)SIGNET_MEMBER_NULL("user"), body, sizeof body);
    if (rc != SIGNET_OK) {
        respond_error(out, 500, "Internal Server Error", signet_strerror(rc), head_only);
        return;
    }
    set_cookie[set_cookie_len] = '\0';
    respond(out, 200, "OK", set_cookie, body, head_only);
}

/* The connection loop's request_handler: the response to one request head. */
static void handle(void *context, enum head_outcome outcome, char *buf, size_t head_size, struct response *out) {
    const struct service *service = context;
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
        whoami(out, service, headers, headers_len, head_only);
    } else if (path_len == 6 && memcmp(target, "/login", 6) == 0) {
        login(out, service, query, query_len, head_only);
    } else if (path_len == 7 && memcmp(target, "/logout", 7) == 0) {
        logout(out, service, head_only);
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
    signet_cookie_options cookie; /* Flask's defaults: session=...; HttpOnly; Path=/ */
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK ||
        signet_cookie_options_init(&cookie, sizeof cookie) != SIGNET_OK)
        return 1;
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
    struct service service = {ctx, (int64_t)max_age, cookie};
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
