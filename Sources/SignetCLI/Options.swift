import Signet

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Everything about the serializer a command line chose, keys apart: a row of the profile
/// table (`--profile`, Flask's by default) with the options that change it.
struct Format {
    let profile: Profile
    let salt: [UInt8]
    let digest: DigestAlgorithm
    let derivation: KeyDerivation
    let timed: Bool
    let epoch: TimestampEpoch

    init(_ arguments: ParsedArguments, command: String) throws(CLIError) {
        profile = try parseProfile(arguments, command: command)
        salt = arguments.value("salt") ?? profile.salt
        digest = try parseChoice(arguments, "digest", default: profile.digest, command: command)
        derivation = try parseChoice(arguments, "derivation", default: profile.keyDerivation, command: command)
        timed = profile.timed && !arguments.has("no-timestamp")
        if arguments.has("legacy") && arguments.has("no-timestamp") {
            throw CLIError.usage("--legacy and --no-timestamp exclude each other", command: command)
        }
        if arguments.has("legacy") && !timed {
            throw CLIError.usage("--legacy needs a timed profile: \(profile.name) has no timestamp", command: command)
        }
        epoch = arguments.has("legacy") ? .legacy2011 : .unix
    }

    /// The serializer for `keys` (oldest first; the last signs).
    func serializer(keys: [[UInt8]]) throws(CLIError) -> Serializer {
        try mapped { () throws(SignetError) in
            try Serializer(
                secretKeys: keys, salt: salt,
                signer: SignerOptions(separator: profile.separator, keyDerivation: derivation, digest: digest),
                payloadEncoding: profile.payloadEncoding, jsonOptions: profile.jsonOptions,
                timing: timed ? .timed(clock: .system, epoch: epoch) : .untimed)
        }
    }

    /// The JSON the commands print for a verified value: Flask's canonical tagged JSON for
    /// profiles with Flask's tags (tags checked), the same sorted, ASCII, compact style for any
    /// other value.
    func canonicalJSON(_ value: JSONValue) throws(CLIError) -> [UInt8] {
        try mapped { () throws(SignetError) in try canonicalText(value) }
    }

    /// `canonicalJSON` with the library's error.
    func canonicalText(_ value: JSONValue) throws(SignetError) -> [UInt8] {
        guard profile.flaskTags else { return try PythonJSON.encode(value, options: .flask) }
        guard case .dict(let session) = try TaggedJSON.untag(value) else {
            throw SignetError.sessionNotAnObject
        }
        return try FlaskSessions.taggedJSON(session)
    }
}

/// `--profile NAME`: a row of the profile table whose values are JSON.
private func parseProfile(_ arguments: ParsedArguments, command: String) throws(CLIError) -> Profile {
    guard let name = arguments.text("profile") else { return .flaskSession }
    guard let profile = Profile.named(name), profile.value == .json else {
        throw CLIError.usage("--profile must be one of \(profileNames.joined(separator: ", "))", command: command)
    }
    return profile
}

/// The names `--profile` takes: every name of the rows whose values are JSON.
let profileNames = Profile.all.filter { $0.value == .json }.flatMap(\.names)

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
            maxAge = try parseInteger(arguments, "max-age", range: 0...Int64.max, command: command) ?? format.profile.maxAge
        }
        now = try parseInteger(arguments, "now", range: unixTimeRange, command: command)
    }
}

/// `--timestamp UNIX`: not before the epoch the cookie counts from.
func signingTimestamp(_ arguments: ParsedArguments, format: Format, command: String) throws(CLIError) -> Int64? {
    try parseInteger(arguments, "timestamp", range: format.epoch.offset...unixTimeRange.upperBound, command: command)
}
