import Signet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whose defaults and JSON style apply.
enum Profile: String, CaseIterable {
    /// Flask's session: salt `cookie-session`, `hmac` derivation, SHA-1, 31-day max age,
    /// sorted ASCII JSON with Flask's tags (`" t"`, `" b"`, ...); the value must be an object.
    case flask
    /// itsdangerous `URLSafeTimedSerializer`: salt `itsdangerous`, `django-concat`, SHA-1,
    /// no max age, compact JSON in key order with non-ASCII kept, any JSON value, no tags.
    case itsdangerous
    /// Starlette's (FastAPI's) `SessionMiddleware`: itsdangerous `TimestampSigner` (salt
    /// `itsdangerous.Signer`), standard base64 of `json.dumps(session)`, 14-day max age.
    case starlette
    /// Django's `signing.dumps`: salt `django.core.signing`, `:`, base62 time, SHA-256,
    /// compact ASCII JSON, uncompressed, no max age, any JSON value.
    case django
    /// Django's `signed_cookies` session backend: as `django` with its salt, compressed, a
    /// 14-day max age (`SESSION_COOKIE_AGE`); the value must be an object.
    case djangoSession = "django-session"

    var defaultSalt: [UInt8] {
        switch self {
        case .flask: Array("cookie-session".utf8)
        case .itsdangerous: Array("itsdangerous".utf8)
        case .starlette: Signer.defaultSalt
        case .django: Array(DjangoSigning.defaultSalt.utf8)
        case .djangoSession: Array(DjangoSessions.salt.utf8)
        }
    }
    var defaultDerivation: KeyDerivation { self == .flask ? .hmac : .djangoConcat }
    var defaultDigest: DigestAlgorithm { isDjango ? .sha256 : .sha1 }
    var defaultMaxAge: Int64? {
        switch self {
        case .flask: FlaskSessions.defaultMaxAge
        case .itsdangerous, .django: nil
        case .starlette: StarletteSessions.defaultMaxAge
        case .djangoSession: DjangoSessions.defaultMaxAge
        }
    }
    var jsonOptions: JSONEncodingOptions {
        switch self {
        case .flask: .flask
        case .itsdangerous: .compact
        case .starlette: .pythonDefault
        case .django, .djangoSession: .compactASCII
        }
    }
    var payloadEncoding: PayloadEncoding {
        switch self {
        case .starlette: .standardBase64
        case .django: .urlSafeUncompressed
        default: .urlSafe
        }
    }
    var separator: UInt8 { isDjango ? UInt8(ascii: ":") : UInt8(ascii: ".") }
    var isDjango: Bool { self == .django || self == .djangoSession }
    /// The value must be a JSON object.
    var isSession: Bool { self != .itsdangerous && self != .django }
    /// Starlette's and Django's: read and written as the framework's own JSON, no tags.
    var isFramework: Bool { self == .starlette || isDjango }
}

/// The option tables, shared by the subcommands that take them.
enum Specs {
    static let format: [OptionSpec] = [.value("profile"), .flag("legacy"), .flag("no-timestamp")]
    static let signing: [OptionSpec] = [.value("salt", short: "S"), .value("digest"), .value("derivation")]
    static let secret: [OptionSpec] = [.value("secret", short: "s"), .value("secret-file")]
    static let fallbacks: [OptionSpec] = [.value("fallback", repeatable: true), .value("fallback-file", repeatable: true)]
    static let age: [OptionSpec] = [.value("max-age"), .value("now")]
    static let json: [OptionSpec] = [.flag("json")]
    static let timestamp: [OptionSpec] = [.value("timestamp")]
}

/// Everything about the serializer a command line chose, keys apart.
struct Format {
    let profile: Profile
    let salt: [UInt8]
    let digest: DigestAlgorithm
    let derivation: KeyDerivation
    let timed: Bool
    let epoch: TimestampEpoch

    init(_ arguments: ParsedArguments, command: String) throws(CLIError) {
        profile = try parseChoice(arguments, "profile", default: Profile.flask, command: command)
        let salt = arguments.value("salt") ?? profile.defaultSalt
        timed = !arguments.has("no-timestamp")
        // Django's `salt or "module.Class"`: an empty salt is the signer class's name.
        self.salt = profile.isDjango && salt.isEmpty
            ? Array((timed ? "django.core.signing.TimestampSigner" : "django.core.signing.Signer").utf8) : salt
        digest = try parseChoice(arguments, "digest", default: profile.defaultDigest, command: command)
        derivation = try parseChoice(arguments, "derivation", default: profile.defaultDerivation, command: command)
        if arguments.has("legacy") && !timed {
            throw CLIError.usage("--legacy and --no-timestamp exclude each other", command: command)
        }
        epoch = arguments.has("legacy") ? .legacy2011 : .unix
        if arguments.has("legacy") && profile.isDjango {
            throw CLIError.usage("--legacy is itsdangerous's old epoch: Django's base62 times count from 1970", command: command)
        }
    }

    /// The serializer for `keys` (oldest first; the last signs).
    func serializer(keys: [[UInt8]]) throws(CLIError) -> Serializer {
        try mapped { () throws(SignetError) in
            try Serializer(
                secretKeys: keys, salt: salt,
                signer: SignerOptions(separator: [profile.separator], keyDerivation: derivation, digest: digest),
                payloadEncoding: profile.payloadEncoding, jsonOptions: profile.jsonOptions,
                timing: !timed ? .untimed : profile.isDjango ? .base62(clock: .system) : .timed(clock: .system, epoch: epoch))
        }
    }

    /// Starlette's and Django's reading of a verified payload (their JSON, their checks).
    func frameworkJSON(_ serializer: Serializer, payload: [UInt8]) throws(CLIError) -> [UInt8] {
        let text = JSONTextProfile(serializer: serializer, maxAge: nil, objectOnly: profile.isSession, asciiOnly: profile.isDjango)
        return try mapped { () throws(SignetError) in
            try withBytes(payload) { (bytes) throws(SignetError) in try text.jsonBytes(inPayload: bytes) }
        }
    }

    /// The JSON the commands print for a verified value: Flask's canonical tagged JSON for the
    /// flask profile (tags checked), the same sorted, ASCII, compact style for any other value.
    func canonicalJSON(_ value: JSONValue) throws(CLIError) -> [UInt8] {
        try mapped { () throws(SignetError) in
            guard profile == .flask else { return try PythonJSON.encode(value, options: .flask) }
            guard case .dict(let session) = try TaggedJSON.untag(value) else {
                throw SignetError(.badPayload, "The session is not a JSON object")
            }
            return try FlaskSessions.taggedJSON(session)
        }
    }
}

/// The secret key and fallbacks: `--secret`, `--secret-file` or `SIGNET_SECRET`; `--fallback`
/// and `--fallback-file` in the order given (oldest first, as `SECRET_KEY_FALLBACKS`).
struct Keys {
    let secret: [UInt8]
    let fallbacks: [[UInt8]]

    /// Oldest first: the fallbacks, then the secret (which signs).
    var all: [[UInt8]] { fallbacks + [secret] }

    init(_ arguments: ParsedArguments, command: String) throws(CLIError) {
        let direct = arguments.value("secret")
        let file = arguments.value("secret-file")
        if direct != nil && file != nil {
            throw CLIError.usage("give --secret or --secret-file, not both", command: command)
        }
        // An empty key is refused wherever it comes from, naming its source: the library would
        // refuse it too (anyone could forge with it), but not say which option held it.
        func nonEmpty(_ key: [UInt8], _ source: String) throws(CLIError) -> [UInt8] {
            guard !key.isEmpty else { throw CLIError.usage("\(source) is empty: an empty key lets anyone forge cookies", command: command) }
            return key
        }
        if let direct {
            secret = try nonEmpty(direct, "--secret")
        } else if let file {
            secret = try nonEmpty(try keyFile(file, option: "secret-file"), "the key in the file of --secret-file")
        } else if let environment = getenv("SIGNET_SECRET") {
            // Raw bytes: a key that is not UTF-8 must not be repaired.
            secret = try nonEmpty(Array(UnsafeRawBufferPointer(start: environment, count: strlen(environment))), "SIGNET_SECRET")
        } else {
            throw CLIError.usage("a secret key is required: --secret KEY, --secret-file PATH or SIGNET_SECRET", command: command)
        }
        var fallbacks = [[UInt8]]()
        for option in arguments.options {
            if option.name == "fallback" { fallbacks.append(try nonEmpty(option.value, "a --fallback")) }
            if option.name == "fallback-file" {
                fallbacks.append(try nonEmpty(try keyFile(option.value, option: "fallback-file"), "the key in a file of --fallback-file"))
            }
        }
        self.fallbacks = fallbacks
    }
}

/// A key file's content, without one trailing newline (`\n` or `\r\n`).
func keyFile(_ path: [UInt8], option: String) throws(CLIError) -> [UInt8] {
    var key = try readFile(path, what: "the file of --\(option)")
    if key.last == UInt8(ascii: "\n") { key.removeLast() }
    if key.last == UInt8(ascii: "\r") { key.removeLast() }
    return key
}

/// An option whose value names a case (`--digest sha256`).
func parseChoice<T: RawRepresentable & CaseIterable>(
    _ arguments: ParsedArguments, _ name: String, default fallback: T, command: String
) throws(CLIError) -> T where T.RawValue == String {
    guard let text = arguments.text(name) else { return fallback }
    guard let value = T(rawValue: text) else {
        let choices = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw CLIError.usage("--\(name) must be one of \(choices)", command: command)
    }
    return value
}

/// An integer option (`--now 1700000000`), within `range`.
func parseInteger(_ arguments: ParsedArguments, _ name: String, range: ClosedRange<Int64>, command: String) throws(CLIError) -> Int64? {
    guard let text = arguments.text(name) else { return nil }
    guard let value = Int64(text), range.contains(value) else {
        throw CLIError.usage("--\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", command: command)
    }
    return value
}

/// Unix times the options accept: Python's `datetime` range, 0001-01-01 to 9999-12-31.
let unixTimeRange: ClosedRange<Int64> = -62_135_596_800...maxRepresentableTimestamp

/// `--max-age SECONDS` (or `none`) and `--now UNIX`.
struct Age {
    let maxAge: Int64?
    let now: Int64?

    init(_ arguments: ParsedArguments, format: Format, command: String) throws(CLIError) {
        if arguments.text("max-age") == "none" {
            maxAge = nil
        } else {
            maxAge = try parseInteger(arguments, "max-age", range: 0...Int64.max, command: command) ?? format.profile.defaultMaxAge
        }
        now = try parseInteger(arguments, "now", range: unixTimeRange, command: command)
    }
}

/// `--timestamp UNIX`: not before the epoch the cookie counts from.
func signingTimestamp(_ arguments: ParsedArguments, format: Format, command: String) throws(CLIError) -> Int64? {
    try parseInteger(arguments, "timestamp", range: format.epoch.offset...unixTimeRange.upperBound, command: command)
}
