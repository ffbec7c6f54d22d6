/* mint.c: mint a Flask session cookie from C.
 *
 *   ./mint SECRET_KEY '{"user_id":"42"}'      prints the cookie value
 *   SECRET_KEY=... ./mint '{"user_id":"42"}'   takes the key from the environment instead
 *
 * The session is JSON in Flask's tagged form: {" t":[1,2]} is a tuple, {" b":"<base64>"}
 * bytes, {" d":"Thu, 02 Jan 2020 03:04:05 GMT"} a datetime. The cookie is exactly what Flask
 * would set for the same session, key and second. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "signet.h"

int main(int argc, char **argv) {
    const char *key = argc == 3 ? argv[1] : getenv("SECRET_KEY");
    const char *json = argv[argc - 1];
    if (argc < 2 || argc > 3 || key == NULL) {
        fprintf(stderr, "usage: %s [SECRET_KEY] SESSION_JSON   (or SECRET_KEY in the environment)\n", argv[0]);
        return 2;
    }

    /* Flask's defaults; only the key is ours. Keys are (pointer, length), so any bytes work.
     * With key rotation, list SECRET_KEY_FALLBACKS first and SECRET_KEY last. */
    signet_options opts;
    if (signet_options_init(&opts, sizeof opts, SIGNET_PRESET_FLASK_SESSION) != SIGNET_OK) return 1;
    signet_bytes secret = {(const uint8_t *)key, strlen(key)};
    opts.secret_keys = &secret;
    opts.secret_key_count = 1;

    signet_ctx *ctx = NULL;
    int rc = signet_new(&opts, &ctx);
    if (rc != SIGNET_OK) {
        fprintf(stderr, "mint: %s\n", signet_strerror(rc));
        return 1;
    }

    /* Read the clock once: if the buffer is too small, the retry must use the same second to
     * produce the same (and same-sized) cookie. */
    int64_t now = (int64_t)time(NULL);
    uint8_t stack[SIGNET_COOKIE_MAX_LEN];
    uint8_t *cookie = stack;
    size_t len = 0;
    rc = signet_mint(ctx, (const uint8_t *)json, strlen(json), now, cookie, sizeof stack, &len);
    if (rc == SIGNET_E_BUFFER_TOO_SMALL) {
        /* Bigger than a browser keeps, but valid: len is the exact size needed. */
        cookie = malloc(len);
        if (cookie == NULL) {
            signet_free(ctx);
            return 1;
        }
        rc = signet_mint(ctx, (const uint8_t *)json, strlen(json), now, cookie, len, &len);
    }
    signet_free(ctx);
    if (rc == SIGNET_OK) {
        fwrite(cookie, 1, len, stdout);
        putchar('\n');
    } else {
        fprintf(stderr, "mint: %s\n", signet_strerror(rc));
    }
    if (cookie != stack) free(cookie);
    return rc == SIGNET_OK ? 0 : 1;
}
