/* verify.c: verify a Flask session cookie from C.
 *
 *   ./verify SECRET_KEY COOKIE      prints the session JSON and when it was signed
 *   SECRET_KEY=... ./verify COOKIE  takes the key from the environment instead
 *
 * Exits 0 for a genuine cookie signed within the last 31 days (Flask's default
 * PERMANENT_SESSION_LIFETIME), 1 otherwise, naming the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "signet.h"

int main(int argc, char **argv) {
    const char *key = argc == 3 ? argv[1] : getenv("SECRET_KEY");
    const char *cookie = argv[argc - 1];
    if (argc < 2 || argc > 3 || key == NULL) {
        fprintf(stderr, "usage: %s [SECRET_KEY] COOKIE   (or SECRET_KEY in the environment)\n", argv[0]);
        return 2;
    }

    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) return 1;
    signet_bytes secret = {(const uint8_t *)key, strlen(key)};
    opts.secret_keys = &secret;
    opts.secret_key_count = 1;

    signet_ctx *ctx = NULL;
    int rc = signet_new(&opts, &ctx);
    if (rc != SIGNET_OK) {
        fprintf(stderr, "verify: %s\n", signet_strerror(rc));
        return 1;
    }

    /* A cookie's JSON is never longer than the default 1 MiB decompression limit; asking
     * first sizes the buffer exactly. Pass the same `now` both times. */
    int64_t now = (int64_t)time(NULL), signed_at = 0;
    size_t len = 0;
    uint8_t *json = NULL;
    rc = signet_verify(ctx, (const uint8_t *)cookie, strlen(cookie), now, NULL, 0, &len, NULL);
    if (rc == SIGNET_E_BUFFER_TOO_SMALL && (json = malloc(len)) != NULL) {
        rc = signet_verify(ctx, (const uint8_t *)cookie, strlen(cookie), now, json, len, &len, &signed_at);
    }
    signet_free(ctx);
    if (rc != SIGNET_OK) {
        /* Flask would start a new, empty session for any bad signature, expired or not. */
        fprintf(stderr, "verify: %s%s\n", signet_strerror(rc),
                signet_status_is_a(rc, SIGNET_E_BAD_SIGNATURE) ? " (Flask starts an empty session)" : "");
        free(json);
        return 1;
    }

    char when[64];
    time_t t = (time_t)signed_at;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
    printf("%.*s\nsigned at %lld (%s)\n", (int)len, (const char *)json, (long long)signed_at, when);
    free(json);
    return 0;
}
