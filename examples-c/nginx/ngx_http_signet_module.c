/*
 * ngx_http_signet_module: verifies Flask session cookies inside nginx with libsignet.
 *
 * Directives (http, server, location; inner levels inherit what they do not set):
 *   signet_secret_file PATH     Flask's SECRET_KEY (one trailing newline dropped); none: off
 *   signet_fallback_file PATH   SECRET_KEY_FALLBACKS, repeatable, oldest first
 *   signet_profile NAME         flask (default), starlette, django-session, django...: a name
 *                               signet_preset_from_name() knows; its defaults apply below
 *   signet_cookie NAME          the session cookie (default "session", django-session's "sessionid";
 *                               a level setting signet_profile does not inherit it)
 *   signet_salt SALT            default the profile's ("cookie-session" for Flask)
 *   signet_digest NAME          md5 sha1 sha224 sha256 sha384 sha512 (default the profile's)
 *   signet_derivation NAME      hmac django-concat concat none (default the profile's)
 *   signet_max_age TIME         default the profile's (Flask's PERMANENT_SESSION_LIFETIME, 31d)
 *   signet_require on|off       access phase: 401 without a valid session (default off)
 *
 * Variables: $signet_status, $signet_session, $signet_signed_at, $signet_session_NAME.
 *
 * Keys are read while the configuration is parsed, handed to signet_new() (which keeps only
 * derived keys) and wiped as soon as every context is built; no message ever contains one.
 * The cookie is found with signet_cookie_value() (werkzeug's parse_cookie, as Flask reads it),
 * verified with signet_verify() at most once per request and configuration, and the result kept
 * in the request's module context (recovered after an internal redirect, shared with
 * subrequests).
 */
#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include <signet.h>

/* A key file larger than this is not a key file: refuse it rather than read it. */
#define NGX_HTTP_SIGNET_KEY_FILE_MAX 65536
/* The verified JSON goes first to a stack buffer this large and then, at its exact size, to the
 * request pool (a session is usually far smaller: no 2 KiB pool block per request); a larger
 * session is verified again into pool memory of the size signet_verify asked for. */
#define NGX_HTTP_SIGNET_JSON_GUESS 2048
/* A cookie value that fits (twice the Cookie header, see below) is copied out on the stack:
 * it is needed only while it is verified. */
#define NGX_HTTP_SIGNET_VALUE_ON_STACK 4096

/* $signet_status words, one per class of outcome. */
typedef enum {
    NGX_HTTP_SIGNET_OK = 0,
    NGX_HTTP_SIGNET_MISSING,
    NGX_HTTP_SIGNET_BAD_SIGNATURE,
    NGX_HTTP_SIGNET_EXPIRED,
    NGX_HTTP_SIGNET_BAD_PAYLOAD,
    NGX_HTTP_SIGNET_TOO_LARGE
} ngx_http_signet_outcome_e;

static ngx_str_t ngx_http_signet_outcome_names[] = {
    ngx_string("ok"),
    ngx_string("missing"),
    ngx_string("bad_signature"),
    ngx_string("expired"),
    ngx_string("bad_payload"),
    ngx_string("too_large")
};

typedef struct {
    /* Raw key bytes, alive only while the configuration is parsed (see the wipe list). */
    ngx_str_t            secret;
    ngx_array_t         *fallbacks;     /* of ngx_str_t, oldest first */
    ngx_str_t            profile;
    ngx_str_t            cookie;
    ngx_str_t            salt;
    ngx_uint_t           digest;
    ngx_uint_t           derivation;
    time_t               max_age;
    ngx_flag_t           require;

    /* Built from the settings above; NULL when no key is configured here. */
    signet_ctx          *signet;
} ngx_http_signet_loc_conf_t;

typedef struct {
    /* Every key buffer read, wiped once all contexts exist (or when the cycle pool dies). */
    ngx_array_t          keys;          /* of ngx_str_t */
} ngx_http_signet_main_conf_t;

/* The verification of one request, kept in its (main request's) module context. */
typedef struct {
    signet_ctx                  *verified_with;
    ngx_str_t                    cookie_name;
    ngx_http_signet_outcome_e    outcome;
    ngx_str_t                    json;
    int64_t                      signed_at;
} ngx_http_signet_ctx_t;

static ngx_int_t ngx_http_signet_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_signet_init(ngx_conf_t *cf);
static void *ngx_http_signet_create_main_conf(ngx_conf_t *cf);
static void *ngx_http_signet_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_signet_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child);
static char *ngx_http_signet_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
static char *ngx_http_signet_check_cookie_name(ngx_conf_t *cf, void *post, void *data);

static ngx_int_t ngx_http_signet_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_signet_session_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_signet_signed_at_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_signet_member_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);


static ngx_conf_enum_t ngx_http_signet_digests[] = {
    { ngx_string("md5"), SIGNET_DIGEST_MD5 },
    { ngx_string("sha1"), SIGNET_DIGEST_SHA1 },
    { ngx_string("sha224"), SIGNET_DIGEST_SHA224 },
    { ngx_string("sha256"), SIGNET_DIGEST_SHA256 },
    { ngx_string("sha384"), SIGNET_DIGEST_SHA384 },
    { ngx_string("sha512"), SIGNET_DIGEST_SHA512 },
    { ngx_null_string, 0 }
};

static ngx_conf_enum_t ngx_http_signet_derivations[] = {
    { ngx_string("hmac"), SIGNET_KEY_DERIVATION_HMAC },
    { ngx_string("django-concat"), SIGNET_KEY_DERIVATION_DJANGO_CONCAT },
    { ngx_string("concat"), SIGNET_KEY_DERIVATION_CONCAT },
    { ngx_string("none"), SIGNET_KEY_DERIVATION_NONE },
    { ngx_null_string, 0 }
};

static ngx_conf_post_t ngx_http_signet_cookie_post = {
    ngx_http_signet_check_cookie_name
};


#define NGX_HTTP_SIGNET_ANY_LEVEL \
    (NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1)

static ngx_command_t ngx_http_signet_commands[] = {

    { ngx_string("signet_secret_file"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_http_signet_key_file,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, secret),
      NULL },

    { ngx_string("signet_fallback_file"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_http_signet_key_file,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, fallbacks),
      NULL },

    { ngx_string("signet_cookie"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, cookie),
      &ngx_http_signet_cookie_post },

    { ngx_string("signet_profile"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, profile),
      NULL },

    { ngx_string("signet_salt"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, salt),
      NULL },

    { ngx_string("signet_digest"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_enum_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, digest),
      &ngx_http_signet_digests },

    { ngx_string("signet_derivation"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_enum_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, derivation),
      &ngx_http_signet_derivations },

    { ngx_string("signet_max_age"),
      NGX_HTTP_SIGNET_ANY_LEVEL,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, max_age),
      NULL },

    { ngx_string("signet_require"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_FLAG,
      ngx_conf_set_flag_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_signet_loc_conf_t, require),
      NULL },

      ngx_null_command
};


static ngx_http_module_t ngx_http_signet_module_ctx = {
    ngx_http_signet_add_variables,         /* preconfiguration */
    ngx_http_signet_init,                  /* postconfiguration */

    ngx_http_signet_create_main_conf,      /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_signet_create_loc_conf,       /* create location configuration */
    ngx_http_signet_merge_loc_conf         /* merge location configuration */
};


ngx_module_t ngx_http_signet_module = {
    NGX_MODULE_V1,
    &ngx_http_signet_module_ctx,           /* module context */
    ngx_http_signet_commands,              /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


static ngx_http_variable_t ngx_http_signet_vars[] = {

    { ngx_string("signet_status"), NULL, ngx_http_signet_status_variable, 0, 0, 0 },

    { ngx_string("signet_session"), NULL, ngx_http_signet_session_variable, 0, 0, 0 },

    { ngx_string("signet_signed_at"), NULL, ngx_http_signet_signed_at_variable, 0, 0, 0 },

    { ngx_string("signet_session_"), NULL, ngx_http_signet_member_variable, 0,
      NGX_HTTP_VAR_PREFIX, 0 },

      ngx_http_null_variable
};


/* ---------------------------------------------------------------------------------------------
 * Configuration
 * ------------------------------------------------------------------------------------------- */

static void
ngx_http_signet_wipe_keys(ngx_http_signet_main_conf_t *smcf)
{
    ngx_uint_t   i;
    ngx_str_t   *key;

    key = smcf->keys.elts;
    for (i = 0; i < smcf->keys.nelts; i++) {
        ngx_explicit_memzero(key[i].data, key[i].len);
    }
    smcf->keys.nelts = 0;
}


/* A failed configuration never reaches postconfiguration: its pool's death wipes the keys. */
static void
ngx_http_signet_wipe_keys_cleanup(void *data)
{
    ngx_http_signet_wipe_keys(data);
}


static void
ngx_http_signet_free_ctx_cleanup(void *data)
{
    signet_free(data);
}


static void *
ngx_http_signet_create_main_conf(ngx_conf_t *cf)
{
    ngx_pool_cleanup_t           *cln;
    ngx_http_signet_main_conf_t  *smcf;

    smcf = ngx_pcalloc(cf->pool, sizeof(ngx_http_signet_main_conf_t));
    if (smcf == NULL) {
        return NULL;
    }

    if (ngx_array_init(&smcf->keys, cf->pool, 4, sizeof(ngx_str_t)) != NGX_OK) {
        return NULL;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NULL;
    }
    cln->handler = ngx_http_signet_wipe_keys_cleanup;
    cln->data = smcf;

    return smcf;
}


static void *
ngx_http_signet_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_signet_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_signet_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->secret = { 0, NULL };
     *     conf->profile = { 0, NULL };
     *     conf->cookie = { 0, NULL };
     *     conf->salt = { 0, NULL };
     *     conf->signet = NULL;
     */

    conf->fallbacks = NGX_CONF_UNSET_PTR;
    conf->digest = NGX_CONF_UNSET_UINT;
    conf->derivation = NGX_CONF_UNSET_UINT;
    conf->max_age = NGX_CONF_UNSET;
    conf->require = NGX_CONF_UNSET;

    return conf;
}


/* Reads a key file into cycle-pool memory registered for wiping. Messages name the file only. */
static char *
ngx_http_signet_read_key(ngx_conf_t *cf, ngx_str_t *path, ngx_str_t *key)
{
    u_char                       *buf;
    off_t                         size;
    ssize_t                       n;
    ngx_fd_t                      fd;
    ngx_str_t                    *kept;
    ngx_file_info_t               fi;
    ngx_http_signet_main_conf_t  *smcf;

    if (ngx_conf_full_name(cf->cycle, path, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    fd = ngx_open_file(path->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);
    if (fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_open_file_n " \"%V\" failed", path);
        return NGX_CONF_ERROR;
    }

    buf = NULL;
    size = 0;

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_fd_info_n " \"%V\" failed", path);
        goto failed;
    }

    size = ngx_file_size(&fi);
    if (!ngx_is_file(&fi) || size > NGX_HTTP_SIGNET_KEY_FILE_MAX) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "key file \"%V\" is not a regular file of at most %d bytes",
                           path, NGX_HTTP_SIGNET_KEY_FILE_MAX);
        goto failed;
    }

    smcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_signet_module);

    /* Registered before reading, so that even a partial read is wiped. */
    buf = ngx_pnalloc(cf->pool, (size_t) size + 1);
    kept = ngx_array_push(&smcf->keys);
    if (buf == NULL || kept == NULL) {
        goto failed;
    }
    kept->data = buf;
    kept->len = (size_t) size + 1;

    /* One byte more than the size: a file that grew meanwhile is noticed, not truncated. */
    n = ngx_read_fd(fd, buf, (size_t) size + 1);
    if (n == -1) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           ngx_read_fd_n " \"%V\" failed", path);
        goto failed;
    }
    if (n != size) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "key file \"%V\" changed while it was read", path);
        goto failed;
    }

    if (n > 0 && buf[n - 1] == LF) {
        n--;
        if (n > 0 && buf[n - 1] == CR) {
            n--;
        }
    }

    if (n == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "key file \"%V\" is empty: anyone could forge a session signed "
                           "with an empty key", path);
        goto failed;
    }

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_ALERT, cf->log, ngx_errno,
                      ngx_close_file_n " \"%V\" failed", path);
    }

    key->data = buf;
    key->len = (size_t) n;

    return NGX_CONF_OK;

failed:

    if (ngx_close_file(fd) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_ALERT, cf->log, ngx_errno,
                      ngx_close_file_n " \"%V\" failed", path);
    }

    return NGX_CONF_ERROR;
}


/* signet_secret_file (one per level) and signet_fallback_file (repeatable). */
static char *
ngx_http_signet_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_signet_loc_conf_t *slcf = conf;

    ngx_str_t  *value, *key, path;

    value = cf->args->elts;
    path = value[1];

    if (path.len == 0) {
        return "needs a file name";
    }

    if (cmd->offset == offsetof(ngx_http_signet_loc_conf_t, secret)) {
        if (slcf->secret.data != NULL) {
            return "is duplicate";
        }
        key = &slcf->secret;

    } else {
        if (slcf->fallbacks == NGX_CONF_UNSET_PTR) {
            slcf->fallbacks = ngx_array_create(cf->pool, 2, sizeof(ngx_str_t));
            if (slcf->fallbacks == NULL) {
                return NGX_CONF_ERROR;
            }
        }
        key = ngx_array_push(slcf->fallbacks);
        if (key == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    return ngx_http_signet_read_key(cf, &path, key);
}


/* An RFC 6265 token: what werkzeug and browsers agree is a cookie name. */
static char *
ngx_http_signet_check_cookie_name(ngx_conf_t *cf, void *post, void *data)
{
    ngx_str_t  *name = data;

    size_t   i;
    u_char   c;

    (void) cf;
    (void) post;

    if (name->len == 0) {
        return "needs a cookie name";
    }

    for (i = 0; i < name->len; i++) {
        c = name->data[i];
        if (c <= 0x20 || c >= 0x7f || ngx_strchr("()<>@,;:\\\"/[]?={}", c) != NULL) {
            return "is not a valid cookie name (RFC 6265 token)";
        }
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_signet_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_signet_loc_conf_t *prev = parent;
    ngx_http_signet_loc_conf_t *conf = child;

    int                   rc;
    ngx_uint_t            i, own;
    ngx_str_t            *fallback;
    signet_bytes         *keys;
    signet_options        opts;
    ngx_pool_cleanup_t   *cln;
    signet_preset         preset;
    ngx_uint_t            profile_here;

    /* A level that changes nothing about signing shares its parent's context. */
    own = conf->secret.data != NULL
          || conf->profile.data != NULL
          || conf->fallbacks != NGX_CONF_UNSET_PTR
          || conf->salt.data != NULL
          || conf->digest != NGX_CONF_UNSET_UINT
          || conf->derivation != NGX_CONF_UNSET_UINT
          || conf->max_age != NGX_CONF_UNSET;

    if (conf->secret.data == NULL) {
        conf->secret = prev->secret;
    }
    ngx_conf_merge_ptr_value(conf->fallbacks, prev->fallbacks, NULL);
    /* Unset salt, digest, derivation and max age keep the profile's defaults (below). */
    profile_here = conf->profile.data != NULL;
    ngx_conf_merge_str_value(conf->profile, prev->profile, "flask");
    if (signet_preset_from_name((const char *) conf->profile.data, &preset) != SIGNET_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "unknown \"signet_profile\" (signet profiles lists them)");
        return NGX_CONF_ERROR;
    }
    /* A level naming its profile takes that profile's cookie unless it names one too. */
    if (conf->cookie.data == NULL && !profile_here) {
        conf->cookie = prev->cookie;
    }
    if (conf->cookie.data == NULL && preset == SIGNET_PRESET_DJANGO_SESSION) {
        ngx_str_set(&conf->cookie, "sessionid");
    } else if (conf->cookie.data == NULL) {
        ngx_str_set(&conf->cookie, "session");
    }
    if (conf->salt.data == NULL) {
        conf->salt = prev->salt;
    }
    ngx_conf_merge_uint_value(conf->digest, prev->digest, NGX_CONF_UNSET_UINT);
    ngx_conf_merge_uint_value(conf->derivation, prev->derivation, NGX_CONF_UNSET_UINT);
    ngx_conf_merge_sec_value(conf->max_age, prev->max_age, NGX_CONF_UNSET);
    ngx_conf_merge_value(conf->require, prev->require, 0);

    if (conf->secret.data == NULL) {
        if (conf->fallbacks != NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"signet_fallback_file\" needs a \"signet_secret_file\"");
            return NGX_CONF_ERROR;
        }
        if (conf->require) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "\"signet_require on\" needs a \"signet_secret_file\"");
            return NGX_CONF_ERROR;
        }
        return NGX_CONF_OK;
    }

    if (!own && prev->signet != NULL) {
        conf->signet = prev->signet;
        return NGX_CONF_OK;
    }

    /* Flask's order: SECRET_KEY_FALLBACKS oldest first, then SECRET_KEY, which signs. */
    keys = ngx_palloc(cf->temp_pool,
                      ((conf->fallbacks ? conf->fallbacks->nelts : 0) + 1) * sizeof(signet_bytes));
    if (keys == NULL) {
        return NGX_CONF_ERROR;
    }

    i = 0;
    if (conf->fallbacks != NULL) {
        fallback = conf->fallbacks->elts;
        for (i = 0; i < conf->fallbacks->nelts; i++) {
            keys[i].ptr = fallback[i].data;
            keys[i].len = fallback[i].len;
        }
    }
    keys[i].ptr = conf->secret.data;
    keys[i].len = conf->secret.len;

    rc = signet_options_init(&opts, sizeof opts, preset);
    if (rc != SIGNET_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0, "signet_options_init: %s",
                           signet_strerror(rc));
        return NGX_CONF_ERROR;
    }

    opts.secret_keys = keys;
    opts.secret_key_count = i + 1;
    if (conf->salt.data != NULL) {
        opts.salt.ptr = conf->salt.data;
        opts.salt.len = conf->salt.len;
    }
    if (conf->digest != NGX_CONF_UNSET_UINT) {
        opts.digest = (signet_digest) conf->digest;
    }
    if (conf->derivation != NGX_CONF_UNSET_UINT) {
        opts.key_derivation = (signet_key_derivation) conf->derivation;
    }
    if (conf->max_age != NGX_CONF_UNSET) {
        opts.max_age = (int64_t) conf->max_age;
    }

    /* Registered first: signet_free(NULL) is a no-op if signet_new() fails. */
    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }
    cln->handler = ngx_http_signet_free_ctx_cleanup;
    cln->data = NULL;

    rc = signet_new(&opts, &conf->signet);
    ngx_explicit_memzero(keys, (i + 1) * sizeof(signet_bytes));

    if (rc != SIGNET_OK) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "the signet settings are refused: %s", signet_strerror(rc));
        return NGX_CONF_ERROR;
    }
    cln->data = conf->signet;

    return NGX_CONF_OK;
}


static ngx_int_t ngx_http_signet_access_handler(ngx_http_request_t *r);


static ngx_int_t
ngx_http_signet_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_signet_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_signet_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt          *h;
    ngx_http_core_main_conf_t    *cmcf;
    ngx_http_signet_main_conf_t  *smcf;

    /* Every location is merged by now: each context holds derived keys only. */
    smcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_signet_module);
    ngx_http_signet_wipe_keys(smcf);

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_signet_access_handler;

    return NGX_OK;
}


/* ---------------------------------------------------------------------------------------------
 * Verification, once per request
 * ------------------------------------------------------------------------------------------- */

static void
ngx_http_signet_ctx_cleanup(void *data)
{
    (void) data;
}


/*
 * The request's verification, if one was made: the module context of the main request, or,
 * after an internal redirect cleared the contexts, the copy a pool cleanup keeps (the way
 * ngx_http_realip_module survives redirects).
 */
static ngx_http_signet_ctx_t *
ngx_http_signet_get_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t     *cln;
    ngx_http_signet_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r->main, ngx_http_signet_module);

    if (ctx == NULL) {
        for (cln = r->main->pool->cleanup; cln; cln = cln->next) {
            if (cln->handler == ngx_http_signet_ctx_cleanup) {
                ctx = cln->data;
                ngx_http_set_ctx(r->main, ctx, ngx_http_signet_module);
                break;
            }
        }
    }

    return ctx;
}


static ngx_http_signet_outcome_e
ngx_http_signet_outcome(int rc)
{
    switch (rc) {

    case SIGNET_OK:
        return NGX_HTTP_SIGNET_OK;

    case SIGNET_E_TOKEN_TOO_LARGE:
    case SIGNET_E_DECOMPRESSED_TOO_LARGE:
    case SIGNET_E_JSON_TOO_DEEP:
    case SIGNET_E_INTEGER_TOO_LONG:
        return NGX_HTTP_SIGNET_TOO_LARGE;

    case SIGNET_E_SIGNATURE_EXPIRED:
        return NGX_HTTP_SIGNET_EXPIRED;
    }

    if (signet_status_is_a(rc, SIGNET_E_BAD_SIGNATURE)) {
        return NGX_HTTP_SIGNET_BAD_SIGNATURE;
    }

    return NGX_HTTP_SIGNET_BAD_PAYLOAD;
}


/* Every Cookie header of the request joined with "; ", as werkzeug reads them. The usual single
 * header is used in place: nothing is allocated for it. */
static ngx_int_t
ngx_http_signet_cookie_header(ngx_http_request_t *r, ngx_str_t *header)
{
    u_char            *p;
    size_t             len;

#if (nginx_version >= 1023000)
    ngx_table_elt_t   *t;

    t = r->headers_in.cookie;
    if (t == NULL) {
        ngx_str_null(header);
        return NGX_OK;
    }
    if (t->next == NULL) {
        *header = t->value;
        return NGX_OK;
    }

    len = 0;
    for (t = r->headers_in.cookie; t; t = t->next) {
        len += t->value.len + 2;
    }
    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }
    header->data = p;
    for (t = r->headers_in.cookie; t; t = t->next) {
        if (t != r->headers_in.cookie) {
            *p++ = ';';
            *p++ = ' ';
        }
        p = ngx_cpymem(p, t->value.data, t->value.len);
    }
#else
    ngx_uint_t         i, n;
    ngx_table_elt_t  **h;

    h = r->headers_in.cookies.elts;
    n = r->headers_in.cookies.nelts;
    if (n == 0) {
        ngx_str_null(header);
        return NGX_OK;
    }
    if (n == 1) {
        *header = h[0]->value;
        return NGX_OK;
    }

    len = 0;
    for (i = 0; i < n; i++) {
        len += h[i]->value.len + 2;
    }
    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }
    header->data = p;
    for (i = 0; i < n; i++) {
        if (i > 0) {
            *p++ = ';';
            *p++ = ' ';
        }
        p = ngx_cpymem(p, h[i]->value.data, h[i]->value.len);
    }
#endif
    header->len = p - header->data;

    return NGX_OK;
}


static ngx_int_t
ngx_http_signet_verify_request(ngx_http_request_t *r, ngx_http_signet_loc_conf_t *slcf,
    ngx_http_signet_ctx_t *ctx)
{
    int        rc;
    size_t     value_cap, value_len, json_len;
    u_char    *value, *json;
    int64_t    now;
    ngx_str_t  header;
    u_char     value_on_stack[NGX_HTTP_SIGNET_VALUE_ON_STACK];
    u_char     json_on_stack[NGX_HTTP_SIGNET_JSON_GUESS];

    ctx->verified_with = slcf->signet;
    ctx->cookie_name = slcf->cookie;
    ctx->outcome = NGX_HTTP_SIGNET_MISSING;
    ngx_str_null(&ctx->json);
    ctx->signed_at = SIGNET_TIMESTAMP_NONE;

    if (ngx_http_signet_cookie_header(r, &header) != NGX_OK) {
        return NGX_ERROR;
    }
    if (header.len == 0) {
        return NGX_OK;
    }

    /* The value as werkzeug reads it is UTF-8 of a Latin-1 reading: at most two bytes per byte
     * of the header. */
    value_cap = 2 * header.len;
    if (value_cap <= sizeof(value_on_stack)) {
        value = value_on_stack;

    } else {
        value = ngx_pnalloc(r->pool, value_cap);
        if (value == NULL) {
            return NGX_ERROR;
        }
    }

    rc = signet_cookie_value(header.data, header.len, slcf->cookie.data, slcf->cookie.len,
                             value, value_cap, &value_len);
    if (rc == SIGNET_E_NOT_FOUND || (rc == SIGNET_OK && value_len == 0)) {
        /* Flask too starts an empty session for an empty cookie. */
        return NGX_OK;
    }
    if (rc != SIGNET_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "signet_cookie_value: %s", signet_strerror(rc));
        return NGX_ERROR;
    }

    /* One reading of the clock: the retry with a larger buffer gives the same answer. */
    now = (int64_t) ngx_time();
    json_len = 0;
    json = json_on_stack;

    rc = signet_verify(slcf->signet, value, value_len, now, json, sizeof(json_on_stack),
                       &json_len, &ctx->signed_at);

    if (rc == SIGNET_OK) {
        json = ngx_pnalloc(r->pool, json_len);
        if (json == NULL) {
            return NGX_ERROR;
        }
        ngx_memcpy(json, json_on_stack, json_len);

    } else if (rc == SIGNET_E_BUFFER_TOO_SMALL) {
        json = ngx_pnalloc(r->pool, json_len);
        if (json == NULL) {
            return NGX_ERROR;
        }
        rc = signet_verify(slcf->signet, value, value_len, now, json, json_len, &json_len,
                           &ctx->signed_at);
    }

    if (rc == SIGNET_E_BUFFER_TOO_SMALL || rc == SIGNET_E_INVALID_ARGUMENT
        || rc == SIGNET_E_NO_MEMORY)
    {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "signet_verify: %s", signet_strerror(rc));
        return NGX_ERROR;
    }

    ctx->outcome = ngx_http_signet_outcome(rc);

    if (rc != SIGNET_OK) {
        ctx->signed_at = SIGNET_TIMESTAMP_NONE;
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "signet: session cookie \"%V\" refused: %s",
                      &slcf->cookie, signet_strerror(rc));
        return NGX_OK;
    }

    ctx->json.data = json;
    ctx->json.len = json_len;

    return NGX_OK;
}


/*
 * The verification for this request under this location's settings: made on first use, then
 * reused by every variable and phase (and made again only if a redirect leads to a location
 * with other keys or another cookie name). NULL on error; *configured is 0 where no key is set.
 */
static ngx_http_signet_ctx_t *
ngx_http_signet_verification(ngx_http_request_t *r, ngx_http_signet_loc_conf_t *slcf,
    ngx_uint_t *configured)
{
    ngx_pool_cleanup_t          *cln;
    ngx_http_signet_ctx_t       *ctx;

    *configured = slcf->signet != NULL;
    if (slcf->signet == NULL) {
        return NULL;
    }

    ctx = ngx_http_signet_get_ctx(r);

    if (ctx == NULL) {
        /* The context is the cleanup's own data, allocated with it: one call. Every field is set
         * by ngx_http_signet_verify_request() below. */
        cln = ngx_pool_cleanup_add(r->main->pool, sizeof(ngx_http_signet_ctx_t));
        if (cln == NULL) {
            return NULL;
        }
        cln->handler = ngx_http_signet_ctx_cleanup;
        ctx = cln->data;

        ngx_http_set_ctx(r->main, ctx, ngx_http_signet_module);

    } else if (ctx->verified_with == slcf->signet
               && ctx->cookie_name.len == slcf->cookie.len
               && ngx_strncmp(ctx->cookie_name.data, slcf->cookie.data, slcf->cookie.len) == 0)
    {
        return ctx;
    }

    if (ngx_http_signet_verify_request(r, slcf, ctx) != NGX_OK) {
        ctx->verified_with = NULL;
        return NULL;
    }

    return ctx;
}


static ngx_int_t
ngx_http_signet_access_handler(ngx_http_request_t *r)
{
    ngx_uint_t                   configured;
    ngx_http_signet_ctx_t       *ctx;
    ngx_http_signet_loc_conf_t  *slcf;

    slcf = ngx_http_get_module_loc_conf(r, ngx_http_signet_module);

    if (!slcf->require) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_signet_verification(r, slcf, &configured);
    if (ctx == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return ctx->outcome == NGX_HTTP_SIGNET_OK ? NGX_OK : NGX_HTTP_UNAUTHORIZED;
}


/* ---------------------------------------------------------------------------------------------
 * Variables
 * ------------------------------------------------------------------------------------------- */

/* Where no key is configured every variable is empty; an internal error is an error. */
static ngx_int_t
ngx_http_signet_variable_ctx(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    ngx_http_signet_ctx_t **ctx)
{
    ngx_uint_t  configured;

    *ctx = ngx_http_signet_verification(r,
                                        ngx_http_get_module_loc_conf(r, ngx_http_signet_module),
                                        &configured);

    if (*ctx == NULL) {
        if (configured) {
            return NGX_ERROR;
        }
        v->not_found = 1;
        return NGX_DECLINED;
    }

    return NGX_OK;
}


static void
ngx_http_signet_set_value(ngx_http_variable_value_t *v, u_char *data, size_t len)
{
    v->data = data;
    v->len = len;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;
}


static ngx_int_t
ngx_http_signet_status_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_int_t               rc;
    ngx_http_signet_ctx_t  *ctx;

    (void) data;

    rc = ngx_http_signet_variable_ctx(r, v, &ctx);
    if (rc != NGX_OK) {
        return rc == NGX_DECLINED ? NGX_OK : rc;
    }

    ngx_http_signet_set_value(v, ngx_http_signet_outcome_names[ctx->outcome].data,
                              ngx_http_signet_outcome_names[ctx->outcome].len);
    return NGX_OK;
}


static ngx_int_t
ngx_http_signet_session_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_int_t               rc;
    ngx_http_signet_ctx_t  *ctx;

    (void) data;

    rc = ngx_http_signet_variable_ctx(r, v, &ctx);
    if (rc != NGX_OK) {
        return rc == NGX_DECLINED ? NGX_OK : rc;
    }

    if (ctx->outcome != NGX_HTTP_SIGNET_OK) {
        v->not_found = 1;
        return NGX_OK;
    }

    ngx_http_signet_set_value(v, ctx->json.data, ctx->json.len);
    return NGX_OK;
}


static ngx_int_t
ngx_http_signet_signed_at_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    u_char                 *p;
    ngx_int_t               rc;
    ngx_http_signet_ctx_t  *ctx;

    (void) data;

    rc = ngx_http_signet_variable_ctx(r, v, &ctx);
    if (rc != NGX_OK) {
        return rc == NGX_DECLINED ? NGX_OK : rc;
    }

    if (ctx->outcome != NGX_HTTP_SIGNET_OK || ctx->signed_at == SIGNET_TIMESTAMP_NONE) {
        v->not_found = 1;
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, NGX_INT64_LEN);
    if (p == NULL) {
        return NGX_ERROR;
    }

    ngx_http_signet_set_value(v, p, ngx_sprintf(p, "%L", ctx->signed_at) - p);
    return NGX_OK;
}


/*
 * $signet_session_NAME: the top-level member NAME of a verified session. Strings come out
 * unescaped to UTF-8, numbers and booleans as their JSON text; null, arrays, objects (Flask's
 * tagged values included), absent members and strings holding a control character (which
 * nginx would copy unchanged into a header: CR LF would inject one) are empty.
 */
static ngx_int_t
ngx_http_signet_member_variable(ngx_http_request_t *r, ngx_http_variable_value_t *v,
    uintptr_t data)
{
    ngx_str_t *name = (ngx_str_t *) data;

    int                     rc;
    size_t                  i, key_len, out_len;
    u_char                 *key, *out;
    ngx_int_t               found;
    signet_value_type       type;
    ngx_http_signet_ctx_t  *ctx;

    found = ngx_http_signet_variable_ctx(r, v, &ctx);
    if (found != NGX_OK) {
        return found == NGX_DECLINED ? NGX_OK : found;
    }

    v->not_found = 1;

    if (ctx->outcome != NGX_HTTP_SIGNET_OK) {
        return NGX_OK;
    }

    key = name->data + sizeof("signet_session_") - 1;
    key_len = name->len - (sizeof("signet_session_") - 1);

    /* A member's text is never longer than the JSON it is in; unescaping only shortens. */
    out = ngx_pnalloc(r->pool, ctx->json.len);
    if (out == NULL) {
        return NGX_ERROR;
    }

    rc = signet_session_get(ctx->json.data, ctx->json.len, key, key_len, 0, &type,
                            out, ctx->json.len, &out_len);

    if (rc == SIGNET_E_NOT_FOUND || rc == SIGNET_E_LONE_SURROGATE) {
        return NGX_OK;
    }
    if (rc != SIGNET_OK) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "signet_session_get: %s", signet_strerror(rc));
        return NGX_ERROR;
    }

    switch (type) {
    case SIGNET_VALUE_STRING:
    case SIGNET_VALUE_INTEGER:
    case SIGNET_VALUE_FLOAT:
    case SIGNET_VALUE_BOOL:
        break;
    default:
        return NGX_OK;
    }

    for (i = 0; i < out_len; i++) {
        if (out[i] < 0x20 || out[i] == 0x7f) {
            return NGX_OK;
        }
    }

    ngx_http_signet_set_value(v, out, out_len);
    return NGX_OK;
}
