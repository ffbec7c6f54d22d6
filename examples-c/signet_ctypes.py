"""Mint and verify a Flask session cookie from Python through the C ABI (ctypes), as in the C guide (examples-c/README.md)."""
import ctypes, os, time

# From the repository root after `swift build -c release --product signet`.
lib = ctypes.CDLL(os.environ.get("SIGNET_LIB", ".build/release/libsignet.so"))

class Bytes(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p), ("len", ctypes.c_size_t)]

class Options(ctypes.Structure):  # mirrors struct signet_options in include/signet.h
    _fields_ = [("struct_size", ctypes.c_size_t), ("secret_keys", ctypes.POINTER(Bytes)), ("secret_key_count", ctypes.c_size_t),
                ("salt", Bytes), ("separator", Bytes),
                ("digest", ctypes.c_int), ("key_derivation", ctypes.c_int), ("algorithm", ctypes.c_int),
                ("json_style", ctypes.c_int), ("payload", ctypes.c_int),
                ("timed", ctypes.c_int), ("flask_tags", ctypes.c_int),
                ("max_age", ctypes.c_int64), ("legacy_epoch", ctypes.c_int),
                ("max_token_length", ctypes.c_size_t), ("max_decompressed_size", ctypes.c_size_t),
                ("max_depth", ctypes.c_uint32), ("max_integer_digits", ctypes.c_uint32)]

SIGNET_PRESET_FLASK_SESSION, SIGNET_E_BUFFER_TOO_SMALL = 1, -100
lib.signet_strerror.restype = ctypes.c_char_p
lib.signet_options_init.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
lib.signet_mint.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64,
                            ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.signet_verify.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int64,
                              ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t),
                              ctypes.POINTER(ctypes.c_int64)]
lib.signet_free.argtypes = [ctypes.c_void_p]

def check(status):
    if status != 0:
        raise RuntimeError(lib.signet_strerror(status).decode())

key = b"dev-secret-key"
keys = (Bytes * 1)(Bytes(ctypes.cast(ctypes.c_char_p(key), ctypes.c_void_p), len(key)))
opts = Options()
check(lib.signet_options_init(ctypes.byref(opts), ctypes.sizeof(opts), SIGNET_PRESET_FLASK_SESSION))
opts.secret_keys, opts.secret_key_count = keys, 1
ctx = ctypes.c_void_p()
check(lib.signet_new(ctypes.byref(opts), ctypes.byref(ctx)))

now, out, n = int(time.time()), ctypes.create_string_buffer(4096), ctypes.c_size_t()
session = b'{"user_id":"42","cart":{" t":[1,2]}}'
check(lib.signet_mint(ctx, session, len(session), now, out, len(out), ctypes.byref(n)))
cookie = out.raw[:n.value]
signed_at = ctypes.c_int64()
check(lib.signet_verify(ctx, cookie, len(cookie), now, out, len(out), ctypes.byref(n), ctypes.byref(signed_at)))
print(cookie.decode(), out.raw[:n.value].decode(), signed_at.value)
lib.signet_free(ctx)
