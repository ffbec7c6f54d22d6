import CSignet
import Signet

// MARK: Presets

private let dot: StaticString = "."
private let colon: StaticString = ":"

private func bytes(_ string: StaticString) -> signet_bytes {
    signet_bytes(ptr: string.utf8Start, len: string.utf8CodeUnitCount)
}

// MARK: Struct size

/// Layouts a caller may pass, from the shortest (every field whose default depends on the preset)
/// to the library's own. Fields past the shortest layout have preset-independent defaults, so
/// signet_new can fill in what an older, shorter struct lacks.
private let shortestOptionsLayout = MemoryLayout<signet_options>.offset(of: \signet_options.max_token_length)!
private let optionsLayout = MemoryLayout<signet_options>.stride

/// Where each field past the shortest layout ends: a struct_size counts a field only when it
/// holds all of it.
private let optionalFieldEnds = [
    end(of: \signet_options.max_token_length), end(of: \signet_options.max_decompressed_size),
    end(of: \signet_options.max_depth), end(of: \signet_options.max_integer_digits),
]

private func end<T>(of field: KeyPath<signet_options, T>) -> Int {
    MemoryLayout<signet_options>.offset(of: field)! + MemoryLayout<T>.size
}

private func checkOptionsSize(_ size: Int) throws(CStatus) {
    guard size >= shortestOptionsLayout, size <= optionsLayout else { throw .invalidArgument }
}

/// The caller's options, read only as far as its struct_size goes; the fields it lacks keep
/// their defaults (the limits, the same for every preset).
func readOptions(_ opts: UnsafePointer<signet_options>) throws(CStatus) -> signet_options {
    let size = UnsafeRawPointer(opts).load(as: Int.self)
    try checkOptionsSize(size)
    var o = signet_options()
    defaultLimits(&o)
    let copied = optionalFieldEnds.filter { $0 <= size }.max() ?? shortestOptionsLayout
    withUnsafeMutableBytes(of: &o) { $0.baseAddress!.copyMemory(from: UnsafeRawPointer(opts), byteCount: copied) }
    return o
}

private func defaultLimits(_ o: inout signet_options) {
    let limits = Limits.default
    o.max_token_length = limits.maxTokenLength
    o.max_decompressed_size = limits.maxDecompressedSize
    o.max_depth = UInt32(limits.maxDepth)
    o.max_integer_digits = UInt32(limits.maxIntegerDigits)
}

@c @implementation
public func signet_options_init(
    _ opts: UnsafeMutablePointer<signet_options>?, _ optsSize: Int, _ preset: signet_preset
) -> Int32 {
    status { () throws(CStatus) in
        let opts = try required(opts)
        try checkOptionsSize(optsSize)
        var o = signet_options()
        o.struct_size = optsSize
        o.separator = bytes(dot)
        o.digest = SIGNET_DIGEST_SHA1
        o.key_derivation = SIGNET_KEY_DERIVATION_DJANGO_CONCAT
        o.algorithm = SIGNET_ALGORITHM_HMAC
        o.max_age = Int64.min
        defaultLimits(&o)
        switch preset {
        case SIGNET_PRESET_FLASK_SESSION:
            o.salt = bytes("cookie-session")
            o.key_derivation = SIGNET_KEY_DERIVATION_HMAC
            o.json_style = SIGNET_JSON_FLASK
            o.payload = SIGNET_PAYLOAD_URLSAFE
            o.timed = 1
            o.flask_tags = 1
            o.max_age = FlaskSessions.defaultMaxAge
        case SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER, SIGNET_PRESET_URLSAFE_SERIALIZER:
            o.salt = bytes("itsdangerous")
            o.json_style = SIGNET_JSON_COMPACT
            o.payload = SIGNET_PAYLOAD_URLSAFE
            o.timed = preset == SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER ? 1 : 0
        case SIGNET_PRESET_SERIALIZER, SIGNET_PRESET_TIMED_SERIALIZER:
            o.salt = bytes("itsdangerous")
            o.json_style = SIGNET_JSON_PYTHON
            o.payload = SIGNET_PAYLOAD_PLAIN
            o.timed = preset == SIGNET_PRESET_TIMED_SERIALIZER ? 1 : 0
        case SIGNET_PRESET_STARLETTE_SESSION:
            o.salt = bytes("itsdangerous.Signer")
            o.json_style = SIGNET_JSON_STARLETTE
            o.payload = SIGNET_PAYLOAD_STANDARD_BASE64
            o.timed = SIGNET_TIMED_ITSDANGEROUS
            o.max_age = StarletteSessions.defaultMaxAge
        case SIGNET_PRESET_DJANGO_SIGNING, SIGNET_PRESET_DJANGO_SESSION:
            let session = preset == SIGNET_PRESET_DJANGO_SESSION
            o.salt = session ? bytes("django.contrib.sessions.backends.signed_cookies") : bytes("django.core.signing")
            o.separator = bytes(colon)
            o.digest = SIGNET_DIGEST_SHA256
            o.json_style = session ? SIGNET_JSON_DJANGO_SESSION : SIGNET_JSON_DJANGO
            o.payload = session ? SIGNET_PAYLOAD_URLSAFE : SIGNET_PAYLOAD_URLSAFE_UNCOMPRESSED
            o.timed = SIGNET_TIMED_DJANGO
            o.max_age = session ? DjangoSessions.defaultMaxAge : Int64.min
        case SIGNET_PRESET_SIGNER, SIGNET_PRESET_TIMESTAMP_SIGNER:
            // Signer's salt differs from the serializers': itsdangerous.Signer.
            o.salt = bytes("itsdangerous.Signer")
            o.json_style = SIGNET_JSON_COMPACT
            o.payload = SIGNET_PAYLOAD_URLSAFE
            o.timed = preset == SIGNET_PRESET_TIMESTAMP_SIGNER ? 1 : 0
        default:
            throw .invalidArgument
        }
        // Never past the caller's struct, which may be an older, shorter one.
        withUnsafeBytes(of: &o) { UnsafeMutableRawPointer(opts).copyMemory(from: $0.baseAddress!, byteCount: optsSize) }
    }
}

// MARK: Reading options

extension signet_digest {
    func algorithm() throws(CStatus) -> DigestAlgorithm {
        switch self {
        case SIGNET_DIGEST_MD5: return .md5
        case SIGNET_DIGEST_SHA1: return .sha1
        case SIGNET_DIGEST_SHA224: return .sha224
        case SIGNET_DIGEST_SHA256: return .sha256
        case SIGNET_DIGEST_SHA384: return .sha384
        case SIGNET_DIGEST_SHA512: return .sha512
        default: throw .invalidArgument
        }
    }
}

extension signet_key_derivation {
    func derivation() throws(CStatus) -> KeyDerivation {
        switch self {
        case SIGNET_KEY_DERIVATION_CONCAT: return .concat
        case SIGNET_KEY_DERIVATION_DJANGO_CONCAT: return .djangoConcat
        case SIGNET_KEY_DERIVATION_HMAC: return .hmac
        case SIGNET_KEY_DERIVATION_NONE: return .none
        default: throw .invalidArgument
        }
    }
}

extension signet_algorithm {
    func algorithm() throws(CStatus) -> SigningAlgorithm {
        switch self {
        case SIGNET_ALGORITHM_HMAC: return .hmac
        case SIGNET_ALGORITHM_NONE: return .none
        default: throw .invalidArgument
        }
    }
}

extension signet_json_style {
    func options() throws(CStatus) -> JSONEncodingOptions {
        switch self {
        case SIGNET_JSON_PYTHON: return .pythonDefault
        case SIGNET_JSON_COMPACT: return .compact
        case SIGNET_JSON_FLASK: return .flask
        case SIGNET_JSON_STARLETTE: return .pythonDefault
        case SIGNET_JSON_DJANGO, SIGNET_JSON_DJANGO_SESSION: return .compactASCII
        default: throw .invalidArgument
        }
    }

    /// The framework styles: JSON read back in the framework's own form, not Flask's.
    var isFramework: Bool {
        self == SIGNET_JSON_STARLETTE || self == SIGNET_JSON_DJANGO || self == SIGNET_JSON_DJANGO_SESSION
    }
}

extension signet_payload {
    func encoding() throws(CStatus) -> PayloadEncoding {
        switch self {
        case SIGNET_PAYLOAD_PLAIN: return .plain
        case SIGNET_PAYLOAD_URLSAFE: return .urlSafe
        case SIGNET_PAYLOAD_URLSAFE_UNCOMPRESSED: return .urlSafeUncompressed
        case SIGNET_PAYLOAD_STANDARD_BASE64: return .standardBase64
        default: throw .invalidArgument
        }
    }
}

extension signet_bytes {
    func buffer() throws(CStatus) -> UnsafeRawBufferPointer { try input(ptr, len) }
}

extension Limits {
    init(_ o: signet_options) throws(CStatus) {
        guard o.max_depth <= Limits.maxDepthAllowed else { throw .invalidArgument }
        // size_t values above Int.max arrive negative; they mean "no practical limit".
        self.init(
            maxTokenLength: o.max_token_length < 0 ? Int.max : o.max_token_length,
            maxDecompressedSize: o.max_decompressed_size < 0 ? Int.max : o.max_decompressed_size,
            maxDepth: Int(o.max_depth),
            maxIntegerDigits: Int(o.max_integer_digits))
    }
}
