import Signet

/// `signet decode COOKIE`: shows what a cookie says, without a key and without checking it.
enum DecodeCommand: Command {
    static let name = "decode"
    static let summary = "show a cookie's payload and signing time (no key; never verifies)"
    static let specs = Specs.format + Specs.json + Specs.cookieName

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["COOKIE"], command: name)[0]
        let format = try Format(arguments, command: name)
        let cookie = try pastedCookie(input, arguments, command: name)
        let unverified = try decode(cookie, format: format)
        let decoded = try mapped { () throws(SignetError) in try unverified.decoded.get() }
        if arguments.has("json") {
            var output = JSONOutput()
            output.bool("compressed", unverified.compressed)
            output.value("payload", decoded.value)
            output.signedAt(unverified.signedAt)
            output.bool("verified", false)
            printOut(output.bytes)
        } else {
            // Attacker-chosen bytes: escaped so they cannot drive the terminal.
            printOut(Array("payload: ".utf8) + terminalSafe(decoded.json))
            if format.timed {
                printOut("signed: " + (unverified.signedAt.map { "\(utcText($0)) (\($0))" } ?? "missing or malformed timestamp"))
            }
            printOut("compressed: \(unverified.compressed ? "yes" : "no")")
            printOut("signature: not checked (decode never verifies; use signet verify)")
        }
        return .ok
    }

    struct Decoded {
        /// The payload's JSON text as signed, tags and all.
        let json: [UInt8]
        let value: JSONValue
    }

    /// The one unverified decoder (Python's `loads_unsafe`), without keys: the cookie cut as
    /// the profile's serializer cuts it, its payload decoded and, for Flask sessions, read as
    /// a session (tags checked, an object); the JSON is shown as signed.
    static func decode(_ cookie: [UInt8], format: Format) throws(CLIError) -> UnverifiedToken<Decoded> {
        try mapped { () throws(SignetError) in
            try withBytes(cookie) { (bytes) throws(SignetError) in
                try UnverifiedToken.decode(
                    bytes, separator: format.profile.separator, timestamps: format.timed ? format.epoch : nil,
                    base62: format.profile.base62Timestamps, encoding: format.payloadEncoding
                ) { (text) throws(SignetError) in
                    let value = try format.value(of: text)
                    if format.profile.ownJSON { _ = try JSONTextProfile.jsonText(text, row: format.profile, limits: .default) }
                    // Shown as signed: JSON as it stands, bytes as a JSON string.
                    return Decoded(json: format.profile.value == .json ? text : try PythonJSON.encode(value, options: .flask), value: value)
                }
            }
        }
    }
}
