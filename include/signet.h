/*
 * signet.h: mint and verify Flask session cookies and itsdangerous tokens from C.
 *
 * Signet produces and accepts the same bytes as Python's itsdangerous 2.2 and Flask 3.1: a
 * cookie minted here loads in Flask, and a cookie Flask minted verifies here.
 *
 * Conventions shared by every function:
 *
 *  - Return value: a status, SIGNET_OK (0) or a negative `enum signet_status`. Turn it into text
 *    with signet_strerror().
 *  - Inputs are (pointer, length) pairs, never NUL-terminated strings, so binary data is safe.
 *    A NULL pointer is accepted only with a length of 0; otherwise the call returns
 *    SIGNET_E_INVALID_ARGUMENT without reading anything.
 *  - Outputs go to caller-owned buffers (uint8_t *out, size_t out_cap, size_t *out_len). When
 *    `out` is NULL or `out_cap` is too small, the call writes nothing to `out`, stores the needed
 *    size in `*out_len` and returns SIGNET_E_BUFFER_TOO_SMALL; call again with a buffer of that
 *    size and the same inputs (including the same explicit `now`) and it succeeds. `out_len`
 *    must not be NULL. Outputs are not NUL-terminated. On any other error `*out_len` is 0.
 *  - Pointers marked SIGNET_NONNULL (every `ctx`, every `out_len`, ...) must not be NULL; the
 *    library still returns SIGNET_E_INVALID_ARGUMENT for one, but the compiler may warn.
 *  - Time: `now` is Unix seconds, or SIGNET_NOW_SYSTEM to read the system clock. Passing an
 *    explicit time makes results reproducible (and makes the size-query retry above exact).
 *  - Threads: a `signet_ctx` is immutable once created; any number of threads may use one at
 *    the same time without locking. Only signet_free() must not race with other uses. The
 *    library has no global mutable state of its own.
 *  - No function aborts on bad input: malformed, truncated, oversized or hostile tokens all
 *    come back as statuses.
 */
#ifndef SIGNET_H
#define SIGNET_H

#include <stddef.h>
#include <stdint.h>
#include <string.h> /* strlen, for the SIGNET_MEMBER_* initialisers */

/* ---------------------------------------------------------------------------------------------
 * Declaration attributes (as libsodium does)
 *
 * SIGNET_API:          every function the library exports.
 * SIGNET_NODISCARD:    every function that returns a status: ignoring one is a warning.
 * SIGNET_NONNULL(i..): arguments (1-based) that must never be NULL. The library still checks
 *                      them and returns SIGNET_E_INVALID_ARGUMENT, but the compiler warns about
 *                      a NULL it can see, and may assume the pointer non-NULL after the call.
 *
 * Swift, which implements the library from this very header, sees none of them: its NULL checks
 * must stay (a nonnull pointer would be imported as non-optional).
 *
 * Variadic macros are C99 and C++11; for C89 and C++98 the definition is wrapped in pragmas so
 * that -pedantic stays quiet (g++ before C++11 still warns under -pedantic).
 * ------------------------------------------------------------------------------------------- */

#if (defined(__GNUC__) || defined(__clang__)) && !defined(__swift__)
#  define SIGNET_API __attribute__((visibility("default")))
#  define SIGNET_NODISCARD __attribute__((warn_unused_result))
#  if defined(__STDC_VERSION__) || (defined(__cplusplus) && __cplusplus >= 201103L)
#    define SIGNET_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#  else
#    pragma GCC diagnostic push
#    pragma GCC diagnostic ignored "-Wvariadic-macros"
#    pragma GCC diagnostic ignored "-Wpedantic"
#    define SIGNET_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#    pragma GCC diagnostic pop
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define SIGNET_API __attribute__((visibility("default")))
#  define SIGNET_NODISCARD
#  define SIGNET_NONNULL(...)
#else
#  define SIGNET_API
#  define SIGNET_NODISCARD
#  define SIGNET_NONNULL(...)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Versions
 * ------------------------------------------------------------------------------------------- */

/* The release's version, written only here: the library, the signet command, signet.pc, the
 * CMake package, the Debian packages and the tarball all read these three lines. */
#define SIGNET_VERSION_MAJOR 0
#define SIGNET_VERSION_MINOR 2
#define SIGNET_VERSION_PATCH 0
#define SIGNET_VERSION_NUMBER (SIGNET_VERSION_MAJOR * 10000 + SIGNET_VERSION_MINOR * 100 + SIGNET_VERSION_PATCH)
#define SIGNET_VERSION_STRING \
    SIGNET_STRINGIFY(SIGNET_VERSION_MAJOR) "." SIGNET_STRINGIFY(SIGNET_VERSION_MINOR) "." SIGNET_STRINGIFY(SIGNET_VERSION_PATCH)
#define SIGNET_STRINGIFY(x) SIGNET_STRINGIFY_(x)
#define SIGNET_STRINGIFY_(x) #x

/* The library's SIGNET_VERSION_NUMBER, to compare with the header's at run time (a program
 * built against one header and run with another library sees a different number). Thread-safe. */
SIGNET_API unsigned signet_version_number(void);

/* The library's SIGNET_VERSION_STRING ("MAJOR.MINOR.PATCH"): a static NUL-terminated string,
 * never NULL, never freed. Thread-safe. */
SIGNET_API const char *signet_version_string(void);

/* ---------------------------------------------------------------------------------------------
 * Status codes
 *
 * The values are pinned: they never change meaning. SIGNET_E_BAD_DATA to
 * SIGNET_E_INVALID_ARGUMENT are itsdangerous's exception classes (value = -SignetError.Kind in
 * Swift); the ones from -100 down are Signet's own, C only except SIGNET_E_EMPTY_KEY
 * (SignetError.Kind.emptyKey, raw value 102, in Swift).
 * ------------------------------------------------------------------------------------------- */

typedef enum signet_status {
    SIGNET_OK = 0,
    /* BadData: the root of every data error. */
    SIGNET_E_BAD_DATA = -1,
    /* BadSignature: the signature does not match any key, or the token has no separator. */
    SIGNET_E_BAD_SIGNATURE = -2,
    /* BadTimeSignature: a timed token whose signature is bad. */
    SIGNET_E_BAD_TIME_SIGNATURE = -3,
    /* SignatureExpired: a valid signature older than max_age, or dated in the future. */
    SIGNET_E_SIGNATURE_EXPIRED = -4,
    /* BadTimeSignature("timestamp missing"). */
    SIGNET_E_MISSING_TIMESTAMP = -5,
    /* BadTimeSignature("Malformed timestamp"). */
    SIGNET_E_MALFORMED_TIMESTAMP = -6,
    /* BadPayload: the signed payload does not decode (base64, zlib, UTF-8, Flask tags). */
    SIGNET_E_BAD_PAYLOAD = -7,
    /* The payload, or the JSON given to mint, is not valid JSON (a BadPayload). */
    SIGNET_E_BAD_JSON = -8,
    /* The token is longer than max_token_length; it was not examined (a BadSignature). */
    SIGNET_E_TOKEN_TOO_LARGE = -9,
    /* The payload inflates past max_decompressed_size (a BadPayload). */
    SIGNET_E_DECOMPRESSED_TOO_LARGE = -10,
    /* JSON nests deeper than max_depth (a BadPayload). */
    SIGNET_E_JSON_TOO_DEEP = -11,
    /* A JSON integer has more digits than max_integer_digits (a BadPayload). */
    SIGNET_E_INTEGER_TOO_LONG = -12,
    /* A value cannot be serialised as asked (Python's TypeError/ValueError in json.dumps). */
    SIGNET_E_UNSERIALIZABLE = -13,
    /* An argument is invalid: NULL with a nonzero length, bad options, unknown enum value... */
    SIGNET_E_INVALID_ARGUMENT = -14,
    /* The output buffer is NULL or too small; *out_len holds the size needed. */
    SIGNET_E_BUFFER_TOO_SMALL = -100,
    /* Reserved for allocation failure. Today allocation failure aborts the process (the Swift
     * runtime does not return it), so no function returns this yet. */
    SIGNET_E_NO_MEMORY = -101,
    /* A secret key is empty: anyone could forge what it signs (Flask refuses to sign without one). */
    SIGNET_E_EMPTY_KEY = -102,
    /* The cookie, or the session key, is not there (not an error in the data). */
    SIGNET_E_NOT_FOUND = -103,
    /* An integer does not fit the C type asked for (int64_t). */
    SIGNET_E_OUT_OF_RANGE = -104,
    /* The value exists but has another JSON type than the one asked for. */
    SIGNET_E_WRONG_TYPE = -105,
    /* A JSON string holds an unpaired UTF-16 surrogate (\udXXX): it has no UTF-8 form. */
    SIGNET_E_LONE_SURROGATE = -106,
    /* A cookie name, value or attribute would not be a single safe Set-Cookie header
       (CR, LF, ';', ',', control characters, a name that is not an RFC 6265 token...). */
    SIGNET_E_BAD_COOKIE = -107
} signet_status;

/* A short English description of `status`: a static NUL-terminated string, never NULL (an
 * unknown value gives "unknown status"), never containing input data or key material.
 * Thread-safe. */
SIGNET_API const char *signet_strerror(int status);

/* Whether `status` is `ancestor` or one of its subclasses in itsdangerous's exception
 * hierarchy, like Python's isinstance: for example SIGNET_E_SIGNATURE_EXPIRED is a
 * SIGNET_E_BAD_TIME_SIGNATURE, which is a SIGNET_E_BAD_SIGNATURE, which is a SIGNET_E_BAD_DATA.
 * Flask starts a fresh, empty session on any SIGNET_E_BAD_SIGNATURE. Returns 1 or 0; the C-only
 * statuses and SIGNET_OK are only themselves. Thread-safe. */
SIGNET_API int signet_status_is_a(int status, int ancestor);

/* ---------------------------------------------------------------------------------------------
 * Sentinels and size helpers
 * ------------------------------------------------------------------------------------------- */

/* `now` argument: read the system clock (whole seconds, like int(time.time())). */
#define SIGNET_NOW_SYSTEM INT64_MIN
/* signet_options.max_age: accept any age, including a future timestamp (itsdangerous's
 * max_age=None). */
#define SIGNET_MAX_AGE_NONE INT64_MIN
/* Stored in a signed-at out-parameter when the token carries no (readable) timestamp. */
#define SIGNET_TIMESTAMP_NONE INT64_MIN

/* Flask's PERMANENT_SESSION_LIFETIME default: 31 days. */
#define SIGNET_FLASK_MAX_AGE 2678400
/* Starlette SessionMiddleware's max_age default: 14 days. */
#define SIGNET_STARLETTE_MAX_AGE 1209600
/* Django's SESSION_COOKIE_AGE default: 2 weeks. */
#define SIGNET_DJANGO_SESSION_MAX_AGE 1209600

/* The longest base64 signature any digest produces (SHA-512: 64 bytes -> 86 characters). */
#define SIGNET_SIGNATURE_MAX_LEN 86
/* The longest base64 timestamp (8 bytes -> 11 characters). */
#define SIGNET_TIMESTAMP_MAX_LEN 11
/* An upper bound on signet_sign()'s output for a value of `value_len` bytes and a separator of
 * `sep_len` bytes. */
#define SIGNET_SIGN_BOUND(value_len, sep_len) \
    ((size_t)(value_len) + (size_t)(sep_len) + SIGNET_SIGNATURE_MAX_LEN)
/* An upper bound on signet_timestamp_sign()'s output. */
#define SIGNET_TIMESTAMP_SIGN_BOUND(value_len, sep_len) \
    ((size_t)(value_len) + 2 * (size_t)(sep_len) + SIGNET_TIMESTAMP_MAX_LEN + SIGNET_SIGNATURE_MAX_LEN)
/* A buffer this large holds any browser cookie value; use it for signet_mint() output and
 * fall back to the size query for anything bigger. */
#define SIGNET_COOKIE_MAX_LEN 4096

/* ---------------------------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------------------------- */

/* A borrowed byte string: `len` bytes at `ptr` (ptr may be NULL only when len is 0). */
typedef struct signet_bytes {
    const uint8_t *ptr;
    size_t len;
} signet_bytes;

/* The hash behind the key derivation and the HMAC (itsdangerous's digest_method). */
typedef enum signet_digest {
    SIGNET_DIGEST_MD5 = 1,
    SIGNET_DIGEST_SHA1 = 2,
    SIGNET_DIGEST_SHA224 = 3,
    SIGNET_DIGEST_SHA256 = 4,
    SIGNET_DIGEST_SHA384 = 5,
    SIGNET_DIGEST_SHA512 = 6
} signet_digest;

/* How each signing key comes from a secret key and the salt (Signer.key_derivation). */
typedef enum signet_key_derivation {
    SIGNET_KEY_DERIVATION_CONCAT = 1,        /* H(salt + key) */
    SIGNET_KEY_DERIVATION_DJANGO_CONCAT = 2, /* H(salt + "signer" + key): itsdangerous's default */
    SIGNET_KEY_DERIVATION_HMAC = 3,          /* HMAC(key, salt): Flask's */
    SIGNET_KEY_DERIVATION_NONE = 4           /* the secret key as is */
} signet_key_derivation;

/* What makes the signature. SIGNET_ALGORITHM_NONE (itsdangerous's NoneAlgorithm) signs with
 * an empty signature: such tokens are NOT protected. No preset selects it. */
typedef enum signet_algorithm {
    SIGNET_ALGORITHM_HMAC = 1,
    SIGNET_ALGORITHM_NONE = 2
} signet_algorithm;

/* How JSON becomes the signed payload. */
typedef enum signet_payload {
    SIGNET_PAYLOAD_PLAIN = 1,   /* the JSON text itself (Serializer, TimedSerializer) */
    SIGNET_PAYLOAD_URLSAFE = 2, /* zlib when smaller, then URL-safe base64 (URLSafe*Serializer) */
    /* URL-safe base64, never compressed when minting, read as SIGNET_PAYLOAD_URLSAFE (a leading
     * "." still marks zlib): Django's signing.dumps(compress=False). */
    SIGNET_PAYLOAD_URLSAFE_UNCOMPRESSED = 3,
    /* Standard base64 with "=" padding, never compressed: Starlette's SessionMiddleware. */
    SIGNET_PAYLOAD_STANDARD_BASE64 = 4
} signet_payload;

/* How signet_mint() writes the JSON it signs (the arguments of Python's json.dumps). */
typedef enum signet_json_style {
    SIGNET_JSON_PYTHON = 1,  /* json.dumps defaults: ", " and ": ", ASCII escapes, key order kept */
    SIGNET_JSON_COMPACT = 2, /* itsdangerous's URL-safe JSON: "," and ":", UTF-8, key order kept */
    SIGNET_JSON_FLASK = 3,   /* Flask's session JSON: compact, ASCII escapes, sorted keys */
    /* The framework styles below are written by signet_mint() AND by signet_verify() and
     * signet_decode_unsafe() (every other style reads back as Flask's canonical JSON): the
     * framework's own JSON, so a genuine cookie's JSON comes back byte for byte. */
    /* Starlette's session: json.dumps defaults (", ", ": ", ASCII escapes, key order kept);
     * the JSON must be an object. */
    SIGNET_JSON_STARLETTE = 4,
    /* Django's signing.JSONSerializer: compact, ASCII escapes, key order kept. Django reads
     * the JSON as Latin-1: a payload with a non-ASCII byte is refused (SIGNET_E_BAD_PAYLOAD). */
    SIGNET_JSON_DJANGO = 5,
    /* As SIGNET_JSON_DJANGO, for a session: the JSON must be an object. */
    SIGNET_JSON_DJANGO_SESSION = 6
} signet_json_style;

/* signet_options.timed values. */
/* itsdangerous's timestamp: big-endian bytes in URL-safe base64 (any nonzero value but
 * SIGNET_TIMED_DJANGO means this). */
#define SIGNET_TIMED_ITSDANGEROUS 1
/* Django's TimestampSigner: the time in base62 ("-"? [0-9A-Za-z]+). A timestamp in the future
 * passes any max_age, as in Django; legacy_epoch does not apply. */
#define SIGNET_TIMED_DJANGO 2

/* Starting points for signet_options_init(). */
typedef enum signet_preset {
    /* Flask 3.1 session cookies: salt "cookie-session", key derivation HMAC, SHA-1, URL-safe
     * timed payload, Flask's tagged JSON (validated), max_age SIGNET_FLASK_MAX_AGE. Give the keys
     * as SECRET_KEY_FALLBACKS then SECRET_KEY: the last one signs. */
    SIGNET_PRESET_FLASK_SESSION = 1,
    /* itsdangerous URLSafeTimedSerializer(key): salt "itsdangerous", django-concat, SHA-1,
     * compact JSON, timestamp, max_age SIGNET_MAX_AGE_NONE. */
    SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER = 2,
    /* itsdangerous URLSafeSerializer(key): as above without a timestamp. */
    SIGNET_PRESET_URLSAFE_SERIALIZER = 3,
    /* itsdangerous Serializer(key): plain json.dumps text, no timestamp. */
    SIGNET_PRESET_SERIALIZER = 4,
    /* itsdangerous TimedSerializer(key): plain json.dumps text with a timestamp. */
    SIGNET_PRESET_TIMED_SERIALIZER = 5,
    /* itsdangerous Signer(key) for signet_sign()/signet_unsign(): salt "itsdangerous.Signer",
     * django-concat, SHA-1, separator ".". */
    SIGNET_PRESET_SIGNER = 6,
    /* itsdangerous TimestampSigner(key) for signet_timestamp_sign()/_unsign(): as SIGNET_PRESET_SIGNER,
     * max_age SIGNET_MAX_AGE_NONE. */
    SIGNET_PRESET_TIMESTAMP_SIGNER = 7,
    /* Starlette's (and FastAPI's) SessionMiddleware(secret_key=key): itsdangerous
     * TimestampSigner (salt "itsdangerous.Signer", django-concat, SHA-1, "."), standard base64
     * of json.dumps(session), SIGNET_JSON_STARLETTE, max_age SIGNET_STARLETTE_MAX_AGE. One key:
     * Starlette has no fallbacks. signet_starlette_set_cookie() writes its Set-Cookie header. */
    SIGNET_PRESET_STARLETTE_SESSION = 8,
    /* Django's signing.dumps(obj, key, salt="django.core.signing") and loads(): separator ":",
     * base62 timestamp (SIGNET_TIMED_DJANGO), HMAC-SHA-256 of H(salt + "signer" + key)
     * (django-concat; set digest to SIGNET_DIGEST_SHA1 for the legacy algorithm), URL-safe base64
     * uncompressed (SIGNET_PAYLOAD_URLSAFE for compress=True), SIGNET_JSON_DJANGO, max_age
     * SIGNET_MAX_AGE_NONE. Give the keys as SECRET_KEY_FALLBACKS in REVERSE order, then
     * SECRET_KEY (Django tries SECRET_KEY, then the fallbacks in order; which key matches never
     * changes the result). An empty salt is Django's "django.core.signing.TimestampSigner". */
    SIGNET_PRESET_DJANGO_SIGNING = 9,
    /* Django's signed_cookies session backend (cookie "sessionid"): as SIGNET_PRESET_DJANGO_SIGNING
     * with salt "django.contrib.sessions.backends.signed_cookies", SIGNET_PAYLOAD_URLSAFE
     * (compress=True), SIGNET_JSON_DJANGO_SESSION, max_age SIGNET_DJANGO_SESSION_MAX_AGE
     * (SESSION_COOKIE_AGE). */
    SIGNET_PRESET_DJANGO_SESSION = 10
} signet_preset;

/* Everything a signet_ctx is made from. Fill it with signet_options_init(), then change fields.
 *
 * Every pointer is borrowed only for the duration of signet_new(): the context copies what it
 * needs (and keeps the secret keys only in derived form, wiped when it is freed).
 *
 * The struct can grow: it starts with its own size, which signet_options_init() sets from the
 * caller's sizeof. A minor release may append fields (never reorder, resize or remove one);
 * signet_new() reads only `struct_size` bytes, so a program built against an older, shorter
 * struct keeps working with a newer library, and every field past its `struct_size` takes its
 * default. Fields appended after `flask_tags` must therefore have a default that does not depend
 * on the preset; the shortest layout accepted is the one ending with `legacy_epoch`
 * (offsetof(signet_options, max_token_length)). A struct larger than the library's own
 * (a program built against a newer header) is refused. */
typedef struct signet_options {
    /* sizeof the struct as the caller's header defines it; set by signet_options_init(). */
    size_t struct_size;

    /* Secret keys, oldest first; the LAST one signs and every one verifies, newest first
     * (itsdangerous's key list; for Flask: SECRET_KEY_FALLBACKS..., SECRET_KEY). At least one
     * is required; signet_options_init() sets none. Keys may hold any bytes but none may be
     * empty, fallbacks included (SIGNET_E_EMPTY_KEY): an empty key is no secret. */
    const signet_bytes *secret_keys;
    size_t secret_key_count;

    /* The salt that separates signatures made for different purposes. May be empty. */
    signet_bytes salt;
    /* Between value, timestamp and signature. Must not be empty nor contain a byte of the
     * base64 alphabet (A-Z a-z 0-9 - _ =). The presets point it at a static ".". */
    signet_bytes separator;

    signet_digest digest;
    signet_key_derivation key_derivation;
    /* SIGNET_ALGORITHM_HMAC unless you deliberately want unsigned tokens. */
    signet_algorithm algorithm;

    /* signet_mint()/signet_verify() only: how the JSON is written and wrapped. */
    signet_json_style json_style;
    signet_payload payload;
    /* Nonzero: tokens carry a timestamp (the Timed* serializers): SIGNET_TIMED_ITSDANGEROUS,
     * or SIGNET_TIMED_DJANGO for Django's base62 one. */
    int timed;
    /* Nonzero: the JSON is a Flask session: it must be an object, Flask's tags (" t", " b",
     * " m", " u", " d", " di") are checked, and it is written back in canonical tagged form. */
    int flask_tags;

    /* Seconds a timed token stays valid: age > max_age, or a timestamp in the future, gives
     * SIGNET_E_SIGNATURE_EXPIRED (an age equal to max_age passes). SIGNET_MAX_AGE_NONE accepts
     * any age. Used by signet_verify() on timed contexts and by signet_timestamp_unsign(). */
    int64_t max_age;
    /* Nonzero: timestamps count from 2011-01-01 (itsdangerous before 1.0, Flask before late
     * 2018) instead of the Unix epoch. */
    int legacy_epoch;

    /* Bounds on the work one untrusted token can cause; each has its own status. One set of
     * limits for reading and writing: signet_mint() refuses what signet_verify() would (same
     * statuses), so every token minted verifies, and every value these fields accept works end
     * to end. Stack use does not depend on them: no pass over a JSON value recurses, and every
     * function runs on a thread with a 64 KiB stack at any depth allowed. */
    /* Default 65536 bytes; SIZE_MAX: no limit; 0 refuses every non-empty token.
     * SIGNET_E_TOKEN_TOO_LARGE. */
    size_t max_token_length;
    /* Default 1 MiB; SIZE_MAX: no limit; 0 refuses every compressed payload and every
     * non-empty plain one. SIGNET_E_DECOMPRESSED_TOO_LARGE. */
    size_t max_decompressed_size;
    /* Containers (arrays, objects) nested in the JSON: default 1000 (Python's recursion limit),
     * 0 (scalars only) to 10000; signet_new() refuses more with SIGNET_E_INVALID_ARGUMENT.
     * SIGNET_E_JSON_TOO_DEEP. */
    uint32_t max_depth;
    /* Digits in a JSON integer: default 4300 (Python's); 0: no limit. SIGNET_E_INTEGER_TOO_LONG. */
    uint32_t max_integer_digits;
} signet_options;

/* Fills `*opts` with the defaults of `preset` and no secret keys (set secret_keys and
 * secret_key_count afterwards). Static strings are used for the salt and separator, so the
 * struct needs no cleanup.
 *
 * opts:      must not be NULL.
 * opts_size: always `sizeof *opts`: the size of the struct in the caller's header. At most
 *            that many bytes are written, and struct_size is set to it.
 *
 * Returns SIGNET_OK, or SIGNET_E_INVALID_ARGUMENT (NULL opts, unknown preset, opts_size below
 * the shortest layout or above the library's; *opts is then untouched). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_options_init(signet_options *opts, size_t opts_size, signet_preset preset)
    SIGNET_NONNULL(1);

/* The preset called `name`, a NUL-terminated profile name as the command line's --profile takes
 * it (one table of names for C, Swift and the command line): "flask",
 * "urlsafe-timed-serializer" (or "itsdangerous"), "urlsafe-serializer", "serializer",
 * "timed-serializer", "signer", "timestamp-signer".
 *
 * Returns SIGNET_OK with the preset in *preset, or SIGNET_E_INVALID_ARGUMENT (NULL argument or
 * unknown name; *preset is then untouched). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_preset_from_name(const char *name, signet_preset *preset)
    SIGNET_NONNULL(1, 2);

/* The name of `preset` (the first one signet_preset_from_name() accepts for it): a static
 * NUL-terminated string, or NULL for a value that is no preset. Thread-safe. */
SIGNET_API const char *signet_preset_name(signet_preset preset);

/* ---------------------------------------------------------------------------------------------
 * Contexts
 * ------------------------------------------------------------------------------------------- */

/* An immutable signer/serializer configuration with derived keys. Opaque. */
typedef struct signet_ctx signet_ctx;

/* Creates a context from `opts`.
 *
 * opts: read during the call only, and only its first opts->struct_size bytes (see
 *       signet_options); the caller may wipe and free the key buffers right after.
 * out:  receives the new context, to release with signet_free(). Set to NULL on failure.
 *
 * Returns SIGNET_OK; SIGNET_E_EMPTY_KEY when any key of secret_keys has length 0 (whatever
 * the preset, algorithm or key derivation; Python would sign with it); or
 * SIGNET_E_INVALID_ARGUMENT when opts or out is NULL, there is no secret key, a (pointer,
 * length) pair is inconsistent, an enum is out of range, the separator is refused, a limit is
 * out of range, or struct_size is not one signet_options_init() accepts. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_new(const signet_options *opts, signet_ctx **out)
    SIGNET_NONNULL(1, 2);

/* Releases `ctx` and wipes its derived keys. NULL is a no-op. The caller must make sure no
 * other thread is still using `ctx`. */
SIGNET_API void signet_free(signet_ctx *ctx);

/* ---------------------------------------------------------------------------------------------
 * JSON tokens and Flask session cookies (itsdangerous dumps/loads)
 * ------------------------------------------------------------------------------------------- */

/* Mints a token (a Flask session cookie with SIGNET_PRESET_FLASK_SESSION) for a JSON value:
 * itsdangerous's dumps().
 *
 * The JSON text is parsed (Python's json.loads rules, within the context's limits) and written
 * back in the context's json_style, so the token is byte-identical to the one Python mints for
 * the same value, key and time. For Flask, pass the session as Flask's tagged JSON, the text
 * signet_verify() returns: {"user":"ann","cart":{" t":[1,2]}}.
 *
 * json, json_len: UTF-8 JSON text (for flask_tags contexts, an object).
 * now:            signing time in Unix seconds, from 0 (1293840000 with legacy_epoch) to
 *                 253402300799 (9999-12-31T23:59:59Z: Python cannot read a later time
 *                 back), or SIGNET_NOW_SYSTEM; outside that range SIGNET_E_INVALID_ARGUMENT.
 *                 Ignored by untimed contexts.
 * out, out_cap, out_len: the token (ASCII); see the buffer convention at the top.
 *
 * Returns SIGNET_OK; SIGNET_E_BAD_JSON (and the limit statuses) for bad JSON;
 * SIGNET_E_BAD_PAYLOAD for a bad Flask tag; SIGNET_E_UNSERIALIZABLE (e.g. a lone surrogate in
 * a UTF-8 style); SIGNET_E_BUFFER_TOO_SMALL; SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_mint(const signet_ctx *ctx, const uint8_t *json,
    size_t json_len, int64_t now, uint8_t *out, size_t out_cap, size_t *out_len)
    SIGNET_NONNULL(1, 7);

/* Verifies a token (a Flask session cookie with SIGNET_PRESET_FLASK_SESSION) and returns its
 * JSON value: itsdangerous's loads(token, max_age=opts.max_age).
 *
 * Keys are tried newest first. For timed contexts the age is judged against `now`.
 *
 * token, token_len: the token or cookie value, as received.
 * now:              Unix seconds, or SIGNET_NOW_SYSTEM. Ignored by untimed contexts.
 * json_out, json_cap, json_len: the value as canonical JSON: compact, keys sorted, non-ASCII
 *                   as \uXXXX escapes (Flask's session JSON, and Flask's tagged form for
 *                   flask_tags contexts), whatever the context's json_style.
 * signed_at:        may be NULL; on SIGNET_OK receives the signing time in Unix seconds, or
 *                   SIGNET_TIMESTAMP_NONE for untimed contexts.
 *
 * Returns SIGNET_OK or the reason the token was refused: SIGNET_E_BAD_SIGNATURE,
 * SIGNET_E_BAD_TIME_SIGNATURE, SIGNET_E_SIGNATURE_EXPIRED, SIGNET_E_MISSING_TIMESTAMP,
 * SIGNET_E_MALFORMED_TIMESTAMP, SIGNET_E_TOKEN_TOO_LARGE, SIGNET_E_BAD_PAYLOAD and its
 * subclasses; also SIGNET_E_BUFFER_TOO_SMALL and SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_verify(const signet_ctx *ctx, const uint8_t *token,
    size_t token_len, int64_t now, uint8_t *json_out, size_t json_cap, size_t *json_len,
    int64_t *signed_at)
    SIGNET_NONNULL(1, 7);

/* UNSAFE: decodes a token's JSON even when its signature is bad or expired (itsdangerous's
 * loads_unsafe), for debugging and audit tools. The JSON it returns is attacker-controlled
 * whenever *verify_status is not SIGNET_OK: never trust it, never use it to authorise anything.
 * The token is cut as itsdangerous cuts it, whatever the signature: the signature after the last
 * separator; for timed contexts the timestamp after the last separator before it, or, without
 * one, no timestamp and the whole signed part as the payload. The same decoder serves Swift's
 * decodeUnsafe/loadsUnsafe and `signet decode`.
 *
 * Arguments are those of signet_verify(), plus:
 * verify_status: must not be NULL; receives what signet_verify() would have returned for the
 *                token's signature and age (SIGNET_OK when it is genuine).
 * signed_at:     may be NULL; receives the token's timestamp when it is readable (even for a
 *                bad signature), otherwise SIGNET_TIMESTAMP_NONE.
 *
 * Returns SIGNET_OK when JSON was decoded (check *verify_status!), or why there is none to
 * decode (no separator, undecodable payload, ...), or SIGNET_E_BUFFER_TOO_SMALL /
 * SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_decode_unsafe(const signet_ctx *ctx, const uint8_t *token,
    size_t token_len, int64_t now, uint8_t *json_out, size_t json_cap, size_t *json_len,
    int64_t *signed_at, int *verify_status)
    SIGNET_NONNULL(1, 7, 9);

/* ---------------------------------------------------------------------------------------------
 * Reading and building a session's JSON without a JSON library
 *
 * Both use the library's own JSON parser (Python's json.loads rules, no recursion) and encoder
 * (json.dumps, ASCII escapes): what they accept and write is what Python does.
 * ------------------------------------------------------------------------------------------- */

/* The JSON type of a value. */
typedef enum signet_value_type {
    SIGNET_VALUE_NULL = 1,
    SIGNET_VALUE_BOOL = 2,
    SIGNET_VALUE_INTEGER = 3,   /* any size; see signet_session_get_int64() */
    SIGNET_VALUE_FLOAT = 4,     /* includes the NaN, Infinity and -Infinity tokens */
    SIGNET_VALUE_STRING = 5,
    SIGNET_VALUE_ARRAY = 6,
    SIGNET_VALUE_OBJECT = 7,    /* includes Flask's tagged values, e.g. {" t":[1,2]} */
    SIGNET_VALUE_JSON = 100     /* signet_member.type only: `text` is raw JSON */
} signet_value_type;

/* signet_session_get() flag: output the value's JSON text whatever its type. */
#define SIGNET_GET_JSON 1u

/* Finds the top-level member `key` of the JSON object `json` (typically what signet_verify()
 * returned) and writes its value out: no JSON library needed to read user_id from a session.
 *
 * json, json_len: a JSON object (any text Python's json.loads accepts as a dict, within the
 *                 default limits: depth 1000, integers of 4300 digits). The whole text is
 *                 parsed, so invalid JSON anywhere is reported.
 * key, key_len:   the member's name, UTF-8 (compared after unescaping, so "\u0061" matches "a").
 *                 Duplicate keys: the last one wins, as in a Python dict.
 * flags:          0, or SIGNET_GET_JSON.
 * type:           must not be NULL; on SIGNET_OK or SIGNET_E_BUFFER_TOO_SMALL or
 *                 SIGNET_E_LONE_SURROGATE receives the value's type.
 * out, out_cap, out_len: a STRING value, unescaped to UTF-8 (may contain NUL bytes); any other
 *                 value, or any value with SIGNET_GET_JSON, as JSON text. That text is the
 *                 value re-encoded canonically, Flask's session style (compact, keys sorted,
 *                 non-ASCII as \uXXXX, floats as Python's repr), which is exactly the text as it
 *                 appears in signet_verify()'s output. So: "null", "true", "false", "42",
 *                 "1.5", "[1,2]", {" t":[1,2]}...
 *
 * Returns SIGNET_OK; SIGNET_E_NOT_FOUND (no such key); SIGNET_E_LONE_SURROGATE (a STRING that
 * holds an unpaired \udXXX escape has no UTF-8 form: ask again with SIGNET_GET_JSON);
 * SIGNET_E_BAD_JSON (not JSON, or not an object), SIGNET_E_JSON_TOO_DEEP,
 * SIGNET_E_INTEGER_TOO_LONG; SIGNET_E_BUFFER_TOO_SMALL; SIGNET_E_INVALID_ARGUMENT (a NULL
 * pointer, a key that is not UTF-8, an unknown flag). Thread-safe; allocates only while
 * running. */
SIGNET_API SIGNET_NODISCARD int signet_session_get(const uint8_t *json, size_t json_len,
    const uint8_t *key, size_t key_len, unsigned flags, signet_value_type *type,
    uint8_t *out, size_t out_cap, size_t *out_len)
    SIGNET_NONNULL(6, 9);

/* Reads the integer member `key` of the JSON object `json` as an int64_t (same lookup as
 * signet_session_get()).
 *
 * value: must not be NULL; receives the integer on SIGNET_OK, 0 otherwise.
 *
 * Returns SIGNET_OK; SIGNET_E_NOT_FOUND; SIGNET_E_WRONG_TYPE (not an integer: true/false,
 * 1.0 and "1" are not integers); SIGNET_E_OUT_OF_RANGE (below INT64_MIN or above INT64_MAX);
 * SIGNET_E_BAD_JSON and the limit statuses; SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_session_get_int64(const uint8_t *json, size_t json_len,
    const uint8_t *key, size_t key_len, int64_t *value)
    SIGNET_NONNULL(5);

/* One top-level member of a session to build with signet_session_build(). */
typedef struct signet_member {
    signet_bytes key;          /* UTF-8 */
    signet_value_type type;    /* SIGNET_VALUE_NULL, _BOOL, _INTEGER, _STRING or _JSON */
    signet_bytes text;         /* STRING: UTF-8 text (any code point, NUL included; the library
                                  escapes it). JSON: one complete JSON value, validated and
                                  re-encoded (Flask's tagged objects are plain JSON here). */
    int64_t integer;           /* INTEGER: the value; BOOL: 0 or 1 */
} signet_member;

/* Brace initialisers for a signet_member, e.g.
 *     signet_member session[] = { SIGNET_MEMBER_STRING("user", name, name_len),
 *                                 SIGNET_MEMBER_INT64("user_id", 42) };
 * `k` is a NUL-terminated key; string and JSON values take a (pointer, length). */
#define SIGNET_MEMBER_KEY_(k) { (const uint8_t *)(k), strlen(k) }
#define SIGNET_MEMBER_STRING(k, s, n) \
    { SIGNET_MEMBER_KEY_(k), SIGNET_VALUE_STRING, { (const uint8_t *)(s), (size_t)(n) }, 0 }
#define SIGNET_MEMBER_INT64(k, v) \
    { SIGNET_MEMBER_KEY_(k), SIGNET_VALUE_INTEGER, { NULL, 0 }, (int64_t)(v) }
#define SIGNET_MEMBER_BOOL(k, b) \
    { SIGNET_MEMBER_KEY_(k), SIGNET_VALUE_BOOL, { NULL, 0 }, (b) ? 1 : 0 }
#define SIGNET_MEMBER_NULL(k) \
    { SIGNET_MEMBER_KEY_(k), SIGNET_VALUE_NULL, { NULL, 0 }, 0 }
#define SIGNET_MEMBER_JSON(k, j, n) \
    { SIGNET_MEMBER_KEY_(k), SIGNET_VALUE_JSON, { (const uint8_t *)(j), (size_t)(n) }, 0 }

/* Writes the JSON object {key: value, ...} of `members`, in their order, as Python's
 * json.dumps(d, separators=(",", ":")) does (ASCII escapes): valid input for signet_mint(), so
 * a Flask session is minted without writing JSON by hand.
 *
 * members, member_count: the members (members may be NULL when member_count is 0: "{}").
 * out, out_cap, out_len: the JSON text; see the buffer convention at the top.
 *
 * Returns SIGNET_OK; SIGNET_E_BAD_JSON (and the limit statuses) when a SIGNET_VALUE_JSON text
 * is not one JSON value; SIGNET_E_BUFFER_TOO_SMALL; SIGNET_E_INVALID_ARGUMENT: a duplicate
 * key, a key or STRING text that is not UTF-8 (surrogates included), an unknown type, a BOOL
 * other than 0 or 1, a NULL pointer with a nonzero length. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_session_build(const signet_member *members,
    size_t member_count, uint8_t *out, size_t out_cap, size_t *out_len)
    SIGNET_NONNULL(5);

/* ---------------------------------------------------------------------------------------------
 * Raw signing (itsdangerous Signer and TimestampSigner)
 *
 * These use the context's keys, salt, separator, digest, key derivation and algorithm; the
 * JSON settings do not apply. Any context works, e.g. a Flask one to sign with Flask's keys.
 * ------------------------------------------------------------------------------------------- */

/* Signs `value`: value + separator + signature (Signer.sign), with the newest key.
 *
 * out, out_cap, out_len: the token; SIGNET_SIGN_BOUND(value_len, separator length) always
 *                        suffices.
 *
 * Returns SIGNET_OK, SIGNET_E_BUFFER_TOO_SMALL or SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_sign(const signet_ctx *ctx, const uint8_t *value,
    size_t value_len, uint8_t *out, size_t out_cap, size_t *out_len)
    SIGNET_NONNULL(1, 6);

/* Verifies a token made by signet_sign() (Signer.unsign): splits on the last separator and
 * checks the signature against every key, in constant time.
 *
 * value_len: on SIGNET_OK, the signed value is the first *value_len bytes of `token` itself
 *            (no copy is made; the value lives as long as your token buffer).
 *
 * Returns SIGNET_OK, SIGNET_E_BAD_SIGNATURE, SIGNET_E_TOKEN_TOO_LARGE or
 * SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_unsign(const signet_ctx *ctx, const uint8_t *token,
    size_t token_len, size_t *value_len)
    SIGNET_NONNULL(1, 4);

/* Signs `value` with a timestamp: value + sep + base64(time) + sep + signature
 * (TimestampSigner.sign); with opts.timed SIGNET_TIMED_DJANGO, Django's value + sep +
 * base62(time) + sep + signature (django.core.signing.TimestampSigner.sign).
 *
 * now: Unix seconds from 0 (1293840000 with legacy_epoch) to 253402300799
 *      (9999-12-31T23:59:59Z), or SIGNET_NOW_SYSTEM; outside: SIGNET_E_INVALID_ARGUMENT.
 * out, out_cap, out_len: the token; SIGNET_TIMESTAMP_SIGN_BOUND(value_len, separator length)
 *                        always suffices.
 *
 * Returns SIGNET_OK, SIGNET_E_BUFFER_TOO_SMALL or SIGNET_E_INVALID_ARGUMENT. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_timestamp_sign(const signet_ctx *ctx, const uint8_t *value,
    size_t value_len, int64_t now, uint8_t *out, size_t out_cap, size_t *out_len)
    SIGNET_NONNULL(1, 7);

/* Verifies a token made by signet_timestamp_sign() (TimestampSigner.unsign with
 * max_age=opts.max_age and return_timestamp=True; Django's TimestampSigner.unsign with
 * SIGNET_TIMED_DJANGO, which refuses no future time and gives SIGNET_E_BAD_SIGNATURE where
 * itsdangerous gives SIGNET_E_BAD_TIME_SIGNATURE).
 *
 * now:       Unix seconds to judge the age against, or SIGNET_NOW_SYSTEM.
 * value_len: on SIGNET_OK, the value is the first *value_len bytes of `token`.
 * signed_at: may be NULL; on SIGNET_OK receives the signing time in Unix seconds.
 *
 * Returns SIGNET_OK or, in itsdangerous's order: SIGNET_E_BAD_SIGNATURE (no separator),
 * SIGNET_E_BAD_TIME_SIGNATURE, SIGNET_E_MISSING_TIMESTAMP, SIGNET_E_MALFORMED_TIMESTAMP,
 * SIGNET_E_SIGNATURE_EXPIRED; or SIGNET_E_TOKEN_TOO_LARGE / SIGNET_E_INVALID_ARGUMENT.
 * Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_timestamp_unsign(const signet_ctx *ctx, const uint8_t *token,
    size_t token_len, int64_t now, size_t *value_len, int64_t *signed_at)
    SIGNET_NONNULL(1, 5);


/* ---------------------------------------------------------------------------------------------
 * Cookies: reading the Cookie request header, writing Set-Cookie (werkzeug / Flask)
 *
 * The same code as the Swift API's `Cookie`. No context is needed; every function here is
 * thread-safe and keeps no state.
 * ------------------------------------------------------------------------------------------- */

/* Finds the value of cookie `name` in a Cookie request header, exactly as a Flask view's
 * request.cookies.get(name) finds it when a server receives these bytes: werkzeug's
 * parse_cookie() on the header decoded as Latin-1 (PEP 3333). The first cookie of that name
 * wins; a name without '=' has an empty value; a quoted value may hold ';' and is unquoted, its
 * \ooo (octal 000-377) and \c escapes decoded and the result read as UTF-8 (U+FFFD for invalid
 * sequences); names and values are stripped of what Python's str.strip() strips (including the
 * bytes 0x85 and 0xA0). Several Cookie headers may be passed joined with "; ".
 *
 * header, header_len: the header value's bytes as received (without "Cookie:"); any bytes.
 * name, name_len:     the UTF-8 of the cookie name as Flask knows it (SESSION_COOKIE_NAME,
 *                     usually "session"). An empty name is never found.
 * out, out_cap, out_len: the UTF-8 of the value werkzeug finds, which is what Flask hands to
 *                     itsdangerous (pass it to signet_verify()). For a value of ASCII bytes, as
 *                     every cookie Flask or Signet writes is, these are the header's own bytes;
 *                     a byte 0x80-0xFF, which werkzeug reads as a Latin-1 character, comes out
 *                     as that character's two UTF-8 bytes. Never longer than 2 * header_len.
 *                     See the buffer convention at the top.
 *
 * Returns SIGNET_OK (a cookie with an empty value is found: *out_len is 0; Flask starts an empty
 * session for it, as for a missing cookie), SIGNET_E_NOT_FOUND (no cookie of that name;
 * *out_len is 0), SIGNET_E_BUFFER_TOO_SMALL, or SIGNET_E_INVALID_ARGUMENT. Time is linear in
 * header_len. Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_cookie_value(const uint8_t *header, size_t header_len,
                                                    const uint8_t *name, size_t name_len,
                                                    uint8_t *out, size_t out_cap, size_t *out_len);

/* The SameSite attribute (Flask's SESSION_COOKIE_SAMESITE). */
typedef enum signet_same_site {
    SIGNET_SAME_SITE_UNSET = 0,   /* no SameSite attribute (Flask's default) */
    SIGNET_SAME_SITE_LAX = 1,
    SIGNET_SAME_SITE_STRICT = 2,
    SIGNET_SAME_SITE_NONE = 3
} signet_same_site;

/* signet_cookie_options.expires: no Expires attribute, a browser-session cookie (unless
 * max_age is set: see signet_set_cookie()). signet_cookie_options.max_age takes
 * SIGNET_MAX_AGE_NONE for no Max-Age attribute. */
#define SIGNET_EXPIRES_NONE INT64_MIN

/* werkzeug's max_cookie_size: browsers drop cookies whose Set-Cookie value is longer. */
#define SIGNET_COOKIE_MAX_SIZE 4093

/* Flask's SESSION_COOKIE_* settings. Fill with signet_cookie_options_init(), then change fields.
 * The byte strings are borrowed for the duration of each call only. */
typedef struct signet_cookie_options {
    size_t struct_size;        /* set by signet_cookie_options_init(); lets the struct grow */
    signet_bytes name;         /* default "session" (SESSION_COOKIE_NAME); must be an RFC 6265
                                  token: ASCII letters, digits and !#$%&'*+-.^_`|~ */
    signet_bytes domain;       /* empty: no Domain (SESSION_COOKIE_DOMAIN). An ASCII host name
                                  (letters, digits, '-', '.', '_'), optionally with ":port",
                                  which is dropped as werkzeug drops it, as are leading dots */
    signet_bytes path;         /* default "/" (SESSION_COOKIE_PATH); UTF-8, percent-encoded as
                                  werkzeug does; empty: no Path attribute */
    int64_t expires;           /* Unix seconds, or SIGNET_EXPIRES_NONE (default); years 1-9999 */
    int64_t max_age;           /* seconds, or SIGNET_MAX_AGE_NONE (default) */
    int secure;                /* default 0 (SESSION_COOKIE_SECURE) */
    int http_only;             /* default 1 (SESSION_COOKIE_HTTPONLY) */
    signet_same_site same_site;/* default SIGNET_SAME_SITE_UNSET (SESSION_COOKIE_SAMESITE) */
    int partitioned;           /* default 0 (SESSION_COOKIE_PARTITIONED); implies Secure */
    size_t max_size;           /* default SIGNET_COOKIE_MAX_SIZE: a longer Set-Cookie value is
                                  refused with SIGNET_E_TOKEN_TOO_LARGE (werkzeug only warns);
                                  0: no limit */
} signet_cookie_options;

/* Fills `*opts` with Flask's defaults (the comments above) and sets opts->struct_size to
 * opts_size.
 *
 * opts_size: sizeof(signet_cookie_options) as the caller's header defines it. A program built
 *            against an older header passes a smaller size and the library writes only that
 *            much; a size smaller than this first layout, or larger than the library knows (a
 *            newer header than the library), is refused.
 *
 * Returns SIGNET_OK, or SIGNET_E_INVALID_ARGUMENT (NULL opts, refused size; *opts untouched).
 * Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_cookie_options_init(signet_cookie_options *opts, size_t opts_size);

/* Writes the Set-Cookie header VALUE (without "Set-Cookie: ") that Flask's save_session writes
 * for a session cookie `value` with these settings, byte for byte (werkzeug's dump_cookie):
 * "session=VALUE; Expires=...; HttpOnly; Path=/", attributes in werkzeug's order Domain,
 * Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
 *
 * opts:   from signet_cookie_options_init(). With max_age set and expires SIGNET_EXPIRES_NONE,
 *         Expires is the system clock plus max_age, as werkzeug writes it (set expires
 *         yourself for a reproducible header). Flask sets expires (now + the session lifetime)
 *         for a permanent session and neither for another.
 * value, value_len: the cookie value, e.g. from signet_mint(). Any bytes: a value outside
 *         RFC 6265's cookie-octets is quoted and escaped as werkzeug does (\" \\ and \ooo), so
 *         no value can end the header or the attribute; unlike werkzeug, the control bytes
 *         0x1A-0x1F are escaped too (werkzeug leaves them raw).
 * out, out_cap, out_len: the header value (ASCII); see the buffer convention at the top.
 *
 * Returns SIGNET_OK; SIGNET_E_BAD_COOKIE (nothing written) for a name that is not a token, a
 * domain that is not an ASCII host name or has an empty or 64-byte label, a path that is not
 * UTF-8, an Expires (given, or computed from max_age) outside years 1 to 9999;
 * SIGNET_E_TOKEN_TOO_LARGE past opts->max_size; SIGNET_E_BUFFER_TOO_SMALL;
 * SIGNET_E_INVALID_ARGUMENT (NULL opts or out_len, inconsistent byte strings, refused
 * struct_size, unknown same_site). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_set_cookie(const signet_cookie_options *opts,
                                                  const uint8_t *value, size_t value_len,
                                                  uint8_t *out, size_t out_cap, size_t *out_len);

/* Writes the Set-Cookie header value that deletes the cookie, as Flask's save_session writes it
 * on logout (an emptied session): "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0;
 * HttpOnly; Path=/" with the defaults. Pass the options the cookie was set with: browsers
 * delete only the cookie of the same name, domain and path. opts->expires, opts->max_age and
 * opts->max_size are ignored.
 *
 * Returns as signet_set_cookie(). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_delete_cookie(const signet_cookie_options *opts,
                                                     uint8_t *out, size_t out_cap, size_t *out_len);

/* Writes the Set-Cookie header value Starlette's (and FastAPI's) SessionMiddleware writes for a
 * session cookie `value` (from signet_mint() with SIGNET_PRESET_STARLETTE_SESSION), byte for
 * byte: "session=VALUE; path=/; Max-Age=1209600; httponly; samesite=lax", then "; secure",
 * "; domain=D" and "; partitioned" when set.
 *
 * opts: from signet_cookie_options_init(); only name, path, max_age (set it to
 *       SIGNET_STARLETTE_MAX_AGE for Starlette's default; SIGNET_MAX_AGE_NONE writes none, as
 *       max_age=None), secure (https_only), same_site (SIGNET_SAME_SITE_UNSET means Starlette's
 *       default, lax), domain and partitioned apply. Starlette writes httponly always.
 * value, value_len: the cookie value: RFC 6265 cookie-octets only (Starlette does not quote).
 * out, out_cap, out_len: the header value (ASCII); see the buffer convention at the top.
 *
 * Returns SIGNET_OK; SIGNET_E_BAD_COOKIE (nothing written) for a name that is not a token, a
 * value byte outside cookie-octets, a path with a space, a control or non-ASCII byte or ';', a
 * domain that is not an ASCII host name (letters, digits, '-', '.', '_'): Starlette writes
 * them as given; SIGNET_E_BUFFER_TOO_SMALL; SIGNET_E_INVALID_ARGUMENT (NULL opts or out_len,
 * inconsistent byte strings, refused struct_size, unknown same_site). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_starlette_set_cookie(const signet_cookie_options *opts,
                                                            const uint8_t *value, size_t value_len,
                                                            uint8_t *out, size_t out_cap, size_t *out_len);

/* Writes the Set-Cookie header value SessionMiddleware writes when a view clears the session:
 * "session=null; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; httponly; samesite=lax" with
 * the defaults. opts as signet_starlette_set_cookie() (max_age ignored).
 *
 * Returns as signet_starlette_set_cookie(). Thread-safe. */
SIGNET_API SIGNET_NODISCARD int signet_starlette_delete_cookie(const signet_cookie_options *opts,
                                                               uint8_t *out, size_t out_cap, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SIGNET_H */
