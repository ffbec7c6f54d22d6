/* connection_loop.c: the poll() loop of connection_loop.h, on non-blocking sockets.
 *
 * A connection goes through three stages, each with its own deadline:
 *   READING_HEAD  accepted, collecting the request head     (head deadline, from the accept)
 *   WRITING       answered, sending the response           (write deadline, from the answer)
 *   DRAINING      sent, our side shut, reading what is left (linger, from the last byte sent)
 * and is closed at the end of the last one, at any deadline, or when the client goes away. */
#define _POSIX_C_SOURCE 200809L

#include "connection_loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* How long accepting pauses when the process or system is out of descriptors or memory. */
#define ACCEPT_PAUSE_MS 100
/* Connections accepted per turn of the loop, so that those already open are not starved. */
#define ACCEPTS_PER_TURN 64

enum stage { READING_HEAD, WRITING, DRAINING };

struct connection {
    int fd;
    enum stage stage;
    uint64_t serial;          /* the accept order: the oldest waiting connection makes room first */
    int64_t deadline;         /* ms: the current stage's */
    char *head;               /* READING_HEAD only: limits->head_max + 1 bytes */
    size_t head_len;
    struct response response; /* WRITING only */
    size_t sent;
    size_t drained;
};

struct connection_loop {
    int listener;
    int wake[2]; /* the pipe the stop signals write to */
    const struct connection_limits *limits;
    request_handler *handler;
    void *service;
    struct connection *connections; /* [0..count) open, in no particular order */
    size_t count;
    uint64_t accepted;              /* connections accepted so far: the next serial */
    struct pollfd *polled;          /* the wake-up pipe, the listener, then connections[0..count) */
};

/* ---- Stop signals: a byte in a pipe wakes poll(), whenever the signal lands --------------- */

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t wake_fd = -1;

static void on_stop_signal(int sig) {
    (void)sig;
    int saved = errno;
    stop_requested = 1;
    if (wake_fd >= 0) (void)!write(wake_fd, "", 1); /* full pipe: a wake-up is pending anyway */
    errno = saved;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int set_non_blocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

static int would_block(void) { return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR; }

/* ---- One connection's stages ---------------------------------------------------------------- */

/* Closes connection i; the last one takes its place. */
static void close_connection(struct connection_loop *loop, size_t i) {
    struct connection *c = &loop->connections[i];
    close(c->fd);
    free(c->head);
    free(c->response.bytes);
    *c = loop->connections[--loop->count];
}

static void start_draining(struct connection_loop *loop, struct connection *c, int64_t now) {
    free(c->response.bytes);
    c->response = (struct response){NULL, 0};
    shutdown(c->fd, SHUT_WR);
    c->stage = DRAINING;
    c->deadline = now + loop->limits->linger_ms;
}

/* Sends what the socket takes now. Returns 0 when the connection is to be closed. */
static int send_some(struct connection_loop *loop, struct connection *c, int64_t now) {
    while (c->sent < c->response.len) {
        ssize_t n = send(c->fd, c->response.bytes + c->sent, c->response.len - c->sent, MSG_NOSIGNAL);
        if (n < 0) return would_block(); /* wait for POLLOUT, or the client went away */
        c->sent += (size_t)n;
    }
    start_draining(loop, c, now);
    return 1;
}

/* Asks the service for the response. Returns 0 when the connection is to be closed. */
static int answer(struct connection_loop *loop, struct connection *c, enum head_outcome outcome, int64_t now) {
    loop->handler(loop->service, outcome, c->head, c->head_len, &c->response);
    free(c->head);
    c->head = NULL;
    if (c->response.bytes == NULL) return 0;
    c->stage = WRITING;
    c->deadline = now + loop->limits->write_deadline_ms;
    c->sent = 0;
    return send_some(loop, c, now);
}

/* Reads what arrived of the head. Returns 0 when the connection is to be closed. */
static int read_head(struct connection_loop *loop, struct connection *c, int64_t now) {
    size_t cap = loop->limits->head_max;
    ssize_t n = recv(c->fd, c->head + c->head_len, cap - c->head_len, 0);
    if (n < 0) return would_block();
    if (n == 0) return 0; /* the client hung up before its request was whole */
    /* Only the new bytes (and the 3 before them) can complete the terminator. */
    size_t from = c->head_len >= 3 ? c->head_len - 3 : 0;
    c->head_len += (size_t)n;
    for (size_t i = from; i + 3 < c->head_len; i++) {
        if (memcmp(c->head + i, "\r\n\r\n", 4) == 0) {
            c->head_len = i + 4; /* anything after it is left to the linger */
            return answer(loop, c, HEAD_COMPLETE, now);
        }
    }
    return c->head_len < cap || answer(loop, c, HEAD_TOO_LARGE, now);
}

/* Reads and discards what the client still sends. Returns 0 when it is time to close. */
static int drain(struct connection_loop *loop, struct connection *c) {
    char sink[4096];
    ssize_t n = recv(c->fd, sink, sizeof sink, 0);
    if (n < 0) return would_block();
    c->drained += (size_t)n;
    return n > 0 && c->drained < loop->limits->linger_max_bytes;
}

/* Acts on what poll() reported. Returns 0 when the connection is to be closed. */
static int on_ready(struct connection_loop *loop, struct connection *c, short revents, int64_t now) {
    if (revents == 0) return 1;
    switch (c->stage) {
    case READING_HEAD: return read_head(loop, c, now);
    case WRITING: return send_some(loop, c, now);
    case DRAINING: return drain(loop, c);
    }
    return 0;
}

/* The current stage's deadline passed. Returns 0 when the connection is to be closed. */
static int on_deadline(struct connection_loop *loop, struct connection *c, int64_t now) {
    /* A client that began a request is told why it ends; a silent one is just closed. */
    if (c->stage == READING_HEAD && c->head_len > 0) return answer(loop, c, HEAD_TOO_SLOW, now);
    return 0;
}

/* ---- Accepting --------------------------------------------------------------------------- */

/* Index of the connection waiting longest for its head, or count when none is waiting. */
static size_t oldest_waiting(const struct connection_loop *loop) {
    size_t oldest = loop->count;
    for (size_t i = 0; i < loop->count; i++) {
        const struct connection *c = &loop->connections[i];
        if (c->stage == READING_HEAD &&
            (oldest == loop->count || c->serial < loop->connections[oldest].serial)) {
            oldest = i;
        }
    }
    return oldest;
}

/* Whether one more connection can be taken, by closing a waiting one if need be. */
static int has_room(const struct connection_loop *loop) {
    return loop->count < loop->limits->max_connections || oldest_waiting(loop) < loop->count;
}

/* Accepts what waits in the backlog. Returns 0 when accepting should pause (out of
 * descriptors or memory). */
static int accept_some(struct connection_loop *loop, int64_t now) {
    for (int taken = 0; taken < ACCEPTS_PER_TURN && has_room(loop); taken++) {
        int fd = accept(loop->listener, NULL, NULL);
        if (fd < 0) {
            /* Nothing more (EAGAIN), or a client gave up before the accept (ECONNABORTED). */
            return !(errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM);
        }
        char *head = malloc(loop->limits->head_max + 1);
        if (head == NULL || !set_non_blocking(fd)) { /* Linux does not inherit O_NONBLOCK */
            free(head);
            close(fd);
            return 0;
        }
        if (loop->count == loop->limits->max_connections) close_connection(loop, oldest_waiting(loop));
        loop->connections[loop->count++] = (struct connection){
            .fd = fd, .stage = READING_HEAD, .serial = loop->accepted++,
            .deadline = now + loop->limits->head_deadline_ms, .head = head};
    }
    return 1;
}

/* ---- The loop ------------------------------------------------------------------------------ */

/* Stops taking requests: the connections still waiting for a head are closed. */
static void begin_stop(struct connection_loop *loop) {
    for (size_t i = loop->count; i-- > 0;) {
        if (loop->connections[i].stage == READING_HEAD) close_connection(loop, i);
    }
}

void connection_loop_run(struct connection_loop *loop) {
    int stopping = 0;
    int64_t accept_paused_until = 0;
    for (;;) {
        int64_t now = now_ms();
        if (stop_requested && !stopping) {
            stopping = 1;
            begin_stop(loop);
        }
        if (stopping && loop->count == 0) return;

        int accepting = !stopping && now >= accept_paused_until && has_room(loop);
        int64_t wake_at = !stopping && !accepting && now < accept_paused_until ? accept_paused_until : INT64_MAX;
        struct pollfd *polled = loop->polled;
        polled[0] = (struct pollfd){.fd = loop->wake[0], .events = POLLIN};
        polled[1] = (struct pollfd){.fd = accepting ? loop->listener : -1, .events = POLLIN}; /* -1: ignored */
        for (size_t i = 0; i < loop->count; i++) {
            const struct connection *c = &loop->connections[i];
            polled[2 + i] = (struct pollfd){.fd = c->fd, .events = c->stage == WRITING ? POLLOUT : POLLIN};
            if (c->deadline < wake_at) wake_at = c->deadline;
        }
        int timeout = wake_at == INT64_MAX ? -1 : wake_at <= now ? 0 : (int)(wake_at - now);
        if (poll(polled, 2 + loop->count, timeout) < 0 && errno != EINTR) {
            perror("http_service: poll");
            stop_requested = 1;
            continue;
        }
        if (polled[0].revents != 0) {
            char bytes[64];
            while (read(loop->wake[0], bytes, sizeof bytes) > 0) continue;
        }

        now = now_ms();
        /* From the end: closing connection i moves the last one, already seen, into its place. */
        for (size_t i = loop->count; i-- > 0;) {
            struct connection *c = &loop->connections[i];
            int keep = on_ready(loop, c, polled[2 + i].revents, now);
            if (keep && now >= c->deadline) keep = on_deadline(loop, c, now);
            if (!keep) close_connection(loop, i);
        }
        if (accepting && polled[1].revents != 0 && !accept_some(loop, now)) {
            accept_paused_until = now + ACCEPT_PAUSE_MS;
        }
    }
}

struct connection_loop *connection_loop_new(int listener, const struct connection_limits *limits,
                                            request_handler *handler, void *service) {
    struct connection_loop *loop = calloc(1, sizeof *loop);
    if (loop == NULL) {
        perror("http_service: starting the connection loop");
        return NULL;
    }
    *loop = (struct connection_loop){.listener = listener, .wake = {-1, -1}, .limits = limits,
                                     .handler = handler, .service = service};
    loop->connections = calloc(limits->max_connections, sizeof *loop->connections);
    loop->polled = calloc(limits->max_connections + 2, sizeof *loop->polled);
    if (loop->connections == NULL || loop->polled == NULL || pipe(loop->wake) != 0 ||
        !set_non_blocking(loop->wake[0]) || !set_non_blocking(loop->wake[1]) || !set_non_blocking(listener)) {
        perror("http_service: starting the connection loop");
        connection_loop_free(loop);
        return NULL;
    }
    wake_fd = loop->wake[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    return loop;
}

void connection_loop_free(struct connection_loop *loop) {
    if (loop == NULL) return;
    /* Before the pipe goes: a late signal must not write to a descriptor opened since. */
    if (wake_fd == loop->wake[1]) wake_fd = -1;
    for (size_t i = loop->count; i-- > 0;) close_connection(loop, i);
    if (loop->wake[0] >= 0) close(loop->wake[0]);
    if (loop->wake[1] >= 0) close(loop->wake[1]);
    free(loop->connections);
    free(loop->polled);
    free(loop);
}
