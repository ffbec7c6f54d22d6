/* connection_loop.h: serves many HTTP/1.1 connections at once on one thread, with poll().
 *
 * Each connection carries one request and one response (the service answers with
 * Connection: close). The loop reads the request head into a buffer of the connection's own,
 * hands the complete head to the service's handler, sends the response it wrote, and closes.
 * No client holds the others up:
 *
 * - Head deadline: the whole head must arrive within head_deadline_ms of the accept, however
 *   the bytes trickle in. A client that sent part of a head then gets 408; one that sent
 *   nothing is closed without an answer (browsers open spare connections they may never use).
 * - Write deadline: sockets are non-blocking and a response may leave in pieces; what is not
 *   sent within write_deadline_ms of the answer is dropped with the connection.
 * - Linger: once the response is sent the loop ends its side and reads (and discards) what the
 *   client still sends, for linger_ms or linger_max_bytes at most, before it closes: closing
 *   with unread input makes the kernel send a reset that can destroy the response in flight
 *   (a 431 or 400 answered before the whole request was read).
 * - Connection cap: at most max_connections are open at once. When one more arrives, the
 *   oldest connection still waiting for its head is closed to make room: slow and idle
 *   clients go first, as a genuine client sends its head at once. Only when every open
 *   connection is being answered do new ones wait in the listen backlog.
 * - Stop: SIGTERM or SIGINT end the loop cleanly. It stops accepting, closes the connections
 *   still waiting for their head (they have made no request yet), finishes sending the
 *   responses in flight (each within its write deadline, then its linger) and returns.
 *
 * Deadlines are measured on CLOCK_MONOTONIC. Each turn of the loop costs time linear in the
 * number of open connections: fine for a cap in the hundreds. */
#ifndef CONNECTION_LOOP_H
#define CONNECTION_LOOP_H

#include <stddef.h>

/* What became of a connection's request head. */
enum head_outcome {
    HEAD_COMPLETE,  /* the head arrived whole */
    HEAD_TOO_LARGE, /* head_max bytes arrived without the blank line that ends a head */
    HEAD_TOO_SLOW   /* the head deadline passed with part of a head received */
};

/* A response: `bytes` comes from malloc and the loop frees it. NULL closes the connection
 * without an answer. */
struct response {
    char *bytes;
    size_t len;
};

/* The service's part, called on the loop's thread once per connection that gets an answer.
 * For HEAD_COMPLETE, head holds head_len bytes ending with CRLFCRLF, and head[head_len] may be
 * written (the buffer has one byte more); for the other outcomes head_len is what arrived.
 * It sets *out to the whole response (status line, headers and body). */
typedef void request_handler(void *service, enum head_outcome outcome, char *head, size_t head_len,
                             struct response *out);

struct connection_limits {
    size_t max_connections;  /* open at once (at least 1) */
    size_t head_max;         /* the longest request head, in bytes */
    int head_deadline_ms;    /* from the accept to the end of the head */
    int write_deadline_ms;   /* from the answer to its last byte sent */
    int linger_ms;           /* after the response, how long unread input is waited for... */
    size_t linger_max_bytes; /* ...and how much of it */
};

struct connection_loop;

/* A loop for `listener` (a listening socket), ready to run: everything it needs is allocated,
 * and SIGTERM and SIGINT are its own from now on (a stop requested before it runs is honoured
 * when it does). `limits` and `service` must outlive it. Returns NULL, with a message on
 * stderr, when it cannot be made. */
struct connection_loop *connection_loop_new(int listener, const struct connection_limits *limits,
                                            request_handler *handler, void *service);

/* Serves connections as described above until SIGTERM or SIGINT, then returns. */
void connection_loop_run(struct connection_loop *loop);

/* Frees the loop (NULL is fine). It never closes the listener. */
void connection_loop_free(struct connection_loop *loop);

#endif
