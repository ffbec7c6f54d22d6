/* test_abi.c: a program built against an older, shorter signet_options keeps working with the
 * current library. Built twice (see the Makefile):
 *
 *   test_abi_current   against signet.h as it is;
 *   test_abi_previous  with -DSIGNET_TEST_PREVIOUS_OPTIONS: its own copy of the struct as an
 *                      older header would define it, without the last two fields, passed to the
 *                      library through sizeof of that shorter struct.
 *
 * Both mint and verify a Flask session, check that the limits they do not know default as
 * documented (depth 1000), and print the cookie: `make check` compares the two outputs. */
#include "check.h"

#define NOW 1700000000

#ifdef SIGNET_TEST_PREVIOUS_OPTIONS
/* The previous layout: everything up to max_decompressed_size; no max_depth, no
 * max_integer_digits. The names are this program's own, as an older header's would be. */
typedef struct previous_options {
    size_t struct_size;
    const signet_bytes *secret_keys;
    size_t secret_key_count;
    signet_bytes salt;
    signet_bytes separator;
    signet_digest digest;
    signet_key_derivation key_derivation;
    signet_algorithm algorithm;
    signet_json_style json_style;
    signet_payload payload;
    int timed;
    int flask_tags;
    int64_t max_age;
    int legacy_epoch;
    size_t max_token_length;
    size_t max_decompressed_size;
} options_type;
#define LAYOUT "previous"
#else
typedef signet_options options_type;
#define LAYOUT "current"
#endif

/* The options with guard bytes right after them: the library must write none of them. */
static struct {
    options_type options;
    unsigned char guard[64];
} block;

static int guard_intact(void) {
    size_t i;
    for (i = 0; i < sizeof block.guard; i++) {
        if (block.guard[i] != 0xAB) return 0;
    }
    return 1;
}

/* JSON nested `depth` levels deep: {"a":[[...]]}. */
static size_t nested(char *out, size_t depth) {
    size_t n = 0, i;
    n += (size_t)sprintf(out, "{\"a\":");
    for (i = 1; i < depth; i++) out[n++] = '[';
    for (i = 1; i < depth; i++) out[n++] = ']';
    out[n++] = '}';
    return n;
}

int main(void) {
    static char deep[2100];
    uint8_t cookie[SIGNET_COOKIE_MAX_LEN], json[64];
    size_t cookie_len = 0, json_len = 0, deep_len;
    signet_bytes key = {U8("dev-secret-key"), 14};
    signet_ctx *ctx = NULL;

    memset(&block, 0xAB, sizeof block);
    CHECK_STATUS(signet_options_init((signet_options *)&block.options, sizeof block.options,
                                     SIGNET_PRESET_FLASK_SESSION), SIGNET_OK);
    CHECK(guard_intact());
    CHECK(block.options.struct_size == sizeof(options_type));
    CHECK(block.options.max_decompressed_size == 1048576 && block.options.flask_tags == 1);
    block.options.secret_keys = &key;
    block.options.secret_key_count = 1;
    CHECK_STATUS(signet_new((const signet_options *)&block.options, &ctx), SIGNET_OK);
    if (ctx == NULL) return check_report("test_abi_" LAYOUT);

    CHECK_STATUS(signet_mint(ctx, U8("{\"user_id\":42}"), 14, NOW, cookie, sizeof cookie, &cookie_len), SIGNET_OK);
    CHECK_STATUS(signet_verify(ctx, cookie, cookie_len, NOW, json, sizeof json, &json_len, NULL), SIGNET_OK);
    CHECK_BYTES(json, json_len, "{\"user_id\":42}");

    /* The depth limit the previous layout cannot set is the default 1000 (the guard bytes would
     * have made it 0xABABABAB). */
    deep_len = nested(deep, 1000);
    CHECK_STATUS(signet_mint(ctx, U8(deep), deep_len, NOW, cookie, 0, &json_len), SIGNET_E_BUFFER_TOO_SMALL);
    deep_len = nested(deep, 1001);
    CHECK_STATUS(signet_mint(ctx, U8(deep), deep_len, NOW, cookie, 0, &json_len), SIGNET_E_JSON_TOO_DEEP);
    signet_free(ctx);

    if (check_failures == 0) {
        fwrite(cookie, 1, cookie_len, stdout);
        putchar('\n');
    }
    return check_report("test_abi_" LAYOUT);
}
