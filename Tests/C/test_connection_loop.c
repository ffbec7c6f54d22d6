/* test_connection_loop.c: http_service's connection loop (connection_loop.c) with a handler that
 * can answer 8 MB, far more than socket buffers hold. The service's own answers (13 KB at most)
 * always fit in them, so what only a large answer shows is checked here: a response leaves in
 * pieces, a client that does not read it holds up no one and is dropped at the write deadline,
 * when every open connection is being answered new ones wait in the backlog, and a stop finishes
 * the response in flight. The loop runs in a child process, stopped with SIGTERM; its exit
 * status is checked (under valgrind, a leak in the child fails it). */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "connection_loop.h"

#define BIG_BODY (8u << 20)
#define WRITE_DEADLINE_MS 3000
/* How long the test waits for something that should happen at once (a CI machine is busy). */
#define PROMPT_MS 10000

static const struct connection_limits limits = {
    .max_connections = 2,
    .head_max = 1024,
    .head_deadline_ms = 10000,
    .write_deadline_ms = WRITE_DEADLINE_MS,
    .linger_ms = 100,
    .linger_max_bytes = 65536,
};

/* GET /big gets BIG_BODY bytes, anything else 2. */
static void handle(void *service, enum head_outcome outcome, char *head, size_t head_len, struct response *out) {
    (void)service;
    size_t body_len = outcome == HEAD_COMPLETE && head_len >= 8 && memcmp(head, "GET /big", 8) == 0 ? BIG_BODY : 2;
    char status[128];
    int n = snprintf(status, sizeof status, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", body_len);
    out->bytes = malloc((size_t)n + body_len);
    if (out->bytes == NULL) return;
    memcpy(out->bytes, status, (size_t)n);
    memset(out->bytes + n, 'x', body_len);
    out->len = (size_t)n + body_len;
}

static size_t response_len(size_t body_len) {
    char status[128];
    return (size_t)snprintf(status, sizeof status, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", body_len) +
           body_len;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A client sending `request`; a small receive window makes a non-reading client stall the
 * service's writes sooner. */
static int client(uint16_t port, const char *request, int small_window) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int window = 4096;
    if (small_window) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        send(fd, request, strlen(request), MSG_NOSIGNAL) != (ssize_t)strlen(request)) {
        perror("test_connection_loop: client");
        exit(1);
    }
    return fd;
}

static int readable_within(int fd, int ms) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, ms) == 1;
}

/* Reads to the end of the stream (or a reset); returns the bytes read, or SIZE_MAX when the
 * stream did not end within PROMPT_MS of silence. */
static size_t read_to_end(int fd) {
    char buf[65536];
    size_t total = 0;
    for (;;) {
        if (!readable_within(fd, PROMPT_MS)) return SIZE_MAX;
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) return total;
        if (n < 0) return SIZE_MAX;
        total += (size_t)n;
    }
}

static int listen_on_free_port(uint16_t *port) {
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        perror("test_connection_loop: listen");
        exit(1);
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

int main(void) {
    uint16_t port;
    int listener = listen_on_free_port(&port);
    pid_t child = fork();
    if (child == 0) {
        struct connection_loop *loop = connection_loop_new(listener, &limits, handle, NULL);
        if (loop == NULL) _exit(1);
        connection_loop_run(loop);
        connection_loop_free(loop);
        close(listener);
        exit(0);
    }
    close(listener);

    /* A deaf client of a large answer: the loop sends what the socket takes, then waits. */
    int deaf = client(port, "GET /big HTTP/1.1\r\n\r\n", 1);
    CHECK(readable_within(deaf, PROMPT_MS));
    int64_t deaf_answered = now_ms();

    /* Meanwhile another client is answered, long before the deaf one's write deadline. */
    int other = client(port, "GET /small HTTP/1.1\r\n\r\n", 0);
    CHECK(read_to_end(other) == response_len(2));
    CHECK(now_ms() - deaf_answered < WRITE_DEADLINE_MS / 2);
    close(other);

    /* A second deaf client fills the cap (2) with connections being answered: the next one
     * waits in the backlog until the first deaf one is dropped at its write deadline. */
    int second_deaf = client(port, "GET /big HTTP/1.1\r\n\r\n", 1);
    CHECK(readable_within(second_deaf, PROMPT_MS));
    int waiting = client(port, "GET /small HTTP/1.1\r\n\r\n", 0);
    CHECK(!readable_within(waiting, WRITE_DEADLINE_MS / 6));
    CHECK(now_ms() - deaf_answered < WRITE_DEADLINE_MS); /* the wait above was within the deadline */
    CHECK(read_to_end(waiting) == response_len(2));
    close(waiting);

    /* The deaf ones were dropped: their stream ends short of the whole answer. (How much of it
     * is still readable after the drop depends on the kernel's timing, so it is not asserted.) */
    size_t got = read_to_end(deaf);
    CHECK(got != SIZE_MAX && got < response_len(BIG_BODY));
    got = read_to_end(second_deaf);
    CHECK(got != SIZE_MAX && got < response_len(BIG_BODY));
    close(deaf);
    close(second_deaf);

    /* A stop while a large answer is on its way: the answer is finished, then the loop ends. */
    int reader = client(port, "GET /big HTTP/1.1\r\n\r\n", 0);
    CHECK(readable_within(reader, PROMPT_MS));
    kill(child, SIGTERM);
    CHECK(read_to_end(reader) == response_len(BIG_BODY));
    close(reader);
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return check_report("test_connection_loop");
}
