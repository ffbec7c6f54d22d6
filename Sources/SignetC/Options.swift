import CSignet
import Signet

// MARK: Presets

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
        guard let profile = preset.profile else { throw .invalidArgument }
        var o = signet_options()
        o.struct_size = optsSize
        o.salt = bytes(profile.saltText)
        o.separator = bytes(profile.separatorText)
        o.digest = signet_digest(profile.digest)
        o.key_derivation = signet_key_derivation(profile.keyDerivation)
        o.algorithm = SIGNET_ALGORITHM_HMAC
        o.json_style = signet_json_style(profile)
        o.payload = signet_payload(profile.payloadEncoding)
        o.timed = !profile.timed ? 0 : profile.base62Timestamps ? SIGNET_TIMED_DJANGO : SIGNET_TIMED_ITSDANGEROUS
        o.flask_tags = profile.flaskTags ? 1 : 0
        o.max_age = profile.maxAge ?? Int64.min  // SIGNET_MAX_AGE_NONE, a macro Swift does not import
        defaultLimits(&o)
        // Never past the caller's struct, which may be an older, shorter one.
        withUnsafeBytes(of: &o) { UnsafeMutableRawPointer(opts).copyMemory(from: $0.baseAddress!, byteCount: optsSize) }
    }
}

@c @implementation
public func signet_preset_from_name(_ name: UnsafePointer<CChar>?, _ preset: UnsafeMutablePointer<signet_preset>?) -> Int32 {
    status { () throws(CStatus) in
        let preset = try required(preset)
        guard let name, let found = signet_preset.all.first(where: { $0.profile?.names.contains(String(cString: name)) == true })
        else { throw .invalidArgument }
        preset.pointee = found
    }
}

@c @implementation
public func signet_preset_name(_ preset: signet_preset) -> UnsafePointer<CChar>? {
    preset.profile.map { staticCString($0.nameTexts[0]) }
}

extension signet_preset {
    /// Every preset signet.h declares: their numbers run from 1 without gaps.
    static let all = Array(sequence(first: signet_preset(rawValue: 1)) { signet_preset(rawValue: $0.rawValue + 1) }.prefix { $0.profile != nil })

    /// The row of the profile table this preset names.
    var profile: Profile? {
        switch self {
        case SIGNET_PRESET_FLASK_SESSION: .flaskSession
        case SIGNET_PRESET_URLSAFE_TIMED_SERIALIZER: .urlSafeTimedSerializer
        case SIGNET_PRESET_URLSAFE_SERIALIZER: .urlSafeSerializer
        case SIGNET_PRESET_SERIALIZER: .serializer
        case SIGNET_PRESET_TIMED_SERIALIZER: .timedSerializer
        case SIGNET_PRESET_SIGNER: .signer
        case SIGNET_PRESET_TIMESTAMP_SIGNER: .timestampSigner
        case SIGNET_PRESET_STARLETTE_SESSION: .starletteSession
        case SIGNET_PRESET_DJANGO_SIGNING: .djangoSigning
        case SIGNET_PRESET_DJANGO_SESSION: .djangoSession
        default: nil
        }
    }
}

// MARK: Reading options

/// The C constant `read` turns into `value`: each mapping is written once, from C to Swift, and
/// presets find their constants through it. signet.h numbers every such enum from 1 without gaps.
private func constant<C: RawRepresentable, S: Equatable>(reading value: S, _ read: (C) throws(CStatus) -> S) -> C
where C.RawValue: FixedWidthInteger {
    var raw: C.RawValue = 1
    while let candidate = C(rawValue: raw), let read = try? read(candidate) {
        if read == value { return candidate }
        raw += 1
    }
    preconditionFailure("signet.h has no constant for \(value)")
}

extension signet_digest {
    init(_ digest: DigestAlgorithm) {
        self = constant(reading: digest) { (c) throws(CStatus) in try c.algorithm() }
    }

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
    init(_ derivation: KeyDerivation) {
        self = constant(reading: derivation) { (c) throws(CStatus) in try c.derivation() }
    }

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
    /// The style of `row`: its framework's own, or the first whose options are the row's.
    init(_ row: Profile) {
        self = row.ownJSON
            ? constant(reading: row.name) { (c) throws(CStatus) in c.framework?.name ?? "" }
            : constant(reading: row.jsonOptions) { (c) throws(CStatus) in try c.options() }
    }

    /// The framework styles: JSON read back in the framework's own form, not Flask's, as this
    /// row of the profile table reads it.
    var framework: Profile? {
        switch self {
        case SIGNET_JSON_STARLETTE: .starletteSession
        case SIGNET_JSON_DJANGO: .djangoSigning
        case SIGNET_JSON_DJANGO_SESSION: .djangoSession
        default: nil
        }
    }

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
}

extension signet_payload {
    init(_ encoding: PayloadEncoding) {
        self = constant(reading: encoding) { (c) throws(CStatus) in try c.encoding() }
    }

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
