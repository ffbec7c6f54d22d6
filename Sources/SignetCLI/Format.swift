import Signet

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
        let salt = arguments.value("salt") ?? profile.salt
        // Django's `salt or "module.Class"`: an empty salt is the signer class's name.
        self.salt = profile.base62Timestamps && salt.isEmpty
            ? Array((arguments.has("no-timestamp") ? "django.core.signing.Signer" : "django.core.signing.TimestampSigner").utf8) : salt
        digest = try parseChoice(arguments, "digest", default: profile.digest, command: command)
        derivation = try parseChoice(arguments, "derivation", default: profile.keyDerivation, command: command)
        timed = profile.timed && !arguments.has("no-timestamp")
        if arguments.has("legacy") && arguments.has("no-timestamp") {
            throw CLIError.usage("--legacy and --no-timestamp exclude each other", command: command)
        }
        if arguments.has("legacy") && !timed {
            throw CLIError.usage("--legacy needs a timed profile: \(profile.name) has no timestamp", command: command)
        }
        if arguments.has("legacy") && profile.base62Timestamps {
            throw CLIError.usage("--legacy is itsdangerous's old epoch: Django's base62 times count from 1970", command: command)
        }
        epoch = arguments.has("legacy") ? .legacy2011 : .unix
    }

    /// The serializer for `keys` (oldest first; the last signs).
    func serializer(keys: [[UInt8]]) throws(CLIError) -> Serializer {
        try mapped { () throws(SignetError) in
            try Serializer(
                secretKeys: keys, salt: salt,
                signer: SignerOptions(separator: profile.separator, keyDerivation: derivation, digest: digest),
                payloadEncoding: payloadEncoding, jsonOptions: profile.jsonOptions,
                timing: timed ? profile.timing(clock: .system, epoch: epoch) : .untimed)
        }
    }

    /// Starlette's and Django's reading of a verified payload: their JSON, their checks.
    func frameworkJSON(_ serializer: Serializer, payload: [UInt8]) throws(CLIError) -> [UInt8] {
        let text = JSONTextProfile(profile, serializer: serializer, maxAge: nil)
        return try mapped { () throws(SignetError) in
            try withBytes(payload) { (bytes) throws(SignetError) in try text.jsonBytes(inPayload: bytes) }
        }
    }

    /// How values become payloads: the rows that sign bytes sign them as they are.
    var payloadEncoding: PayloadEncoding { profile.value == .bytes ? .plain : profile.payloadEncoding }

    /// The value a payload's text holds: its JSON (for Flask, a session: tags checked, an
    /// object), or for the rows that sign bytes, the bytes as a JSON string (what is not UTF-8
    /// replaced), so that every command prints JSON.
    func value(of text: [UInt8]) throws(SignetError) -> JSONValue {
        guard profile.value == .json else { return .string(JSONString(String(decoding: text, as: UTF8.self))) }
        let value = try PythonJSON.decode(text)
        if profile.flaskTags { _ = try canonicalText(value) }
        return value
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

/// `--profile NAME`: a row of the profile table.
private func parseProfile(_ arguments: ParsedArguments, command: String) throws(CLIError) -> Profile {
    guard let name = arguments.text("profile") else { return .flaskSession }
    guard let profile = Profile.named(name) else {
        throw CLIError.usage("--profile must be one of \(profileNames.joined(separator: ", "))", command: command)
    }
    return profile
}

/// The names `--profile` takes: every name of every row.
let profileNames = Profile.all.flatMap(\.names)
