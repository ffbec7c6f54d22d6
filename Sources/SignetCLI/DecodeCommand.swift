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
        let decoded = try decode(cookie, format: format)
        if arguments.has("json") {
            var output = JSONOutput()
            output.bool("compressed", decoded.compressed)
            output.value("payload", decoded.value)
            output.signedAt(decoded.signedAt)
            output.bool("verified", false)
            printOut(output.bytes)
        } else {
            // Attacker-chosen bytes: escaped so they cannot drive the terminal.
            printOut(Array("payload: ".utf8) + terminalSafe(decoded.json))
            if format.timed {
                printOut("signed: " + (decoded.signedAt.map { "\(utcText($0)) (\($0))" } ?? "malformed timestamp"))
            }
            printOut("compressed: \(decoded.compressed ? "yes" : "no")")
            printOut("signature: not checked (decode never verifies; use signet verify)")
        }
        return .ok
    }

    struct Decoded {
        /// The payload's JSON text as signed, tags and all.
        let json: [UInt8]
        let value: JSONValue
        let compressed: Bool
        /// nil when the timestamp does not decode (or with --no-timestamp).
        let signedAt: Int64?
    }

    /// Splits a cookie as itsdangerous does (last `.` before the signature, then the last `.`
    /// before the timestamp) and decodes the payload.
    static func decode(_ cookie: [UInt8], format: Format) throws(CLIError) -> Decoded {
        let limits = Limits.default
        try mapped { () throws(SignetError) in try limits.checkTokenLength(cookie.count) }
        let dot = UInt8(ascii: "."), separator = format.profile.separator
        guard let signatureDot = cookie.lastIndex(of: separator) else {
            throw CLIError(SignetError(.badSignature, "No '\(Character(Unicode.Scalar(separator)))' found in value"))
        }
        var payload = cookie[..<signatureDot]
        var signedAt: Int64?
        if format.timed {
            guard let timestampDot = payload.lastIndex(of: separator) else {
                throw CLIError(SignetError(.missingTimestamp, "timestamp missing"))
            }
            signedAt = Array(payload[(timestampDot + 1)...]).withUnsafeBytes {
                format.profile.isDjango ? Base62.decode($0) : TimestampSigner.decodeTimestamp($0, epoch: format.epoch) ?? nil
            }
            payload = payload[..<timestampDot]
        }
        let bytes = Array(payload)
        let json = try mapped { () throws(SignetError) in
            try withBytes(bytes) { (raw) throws(SignetError) in try format.profile.payloadEncoding.decode(raw, limits: limits) }
        }
        let value = try mapped { () throws(SignetError) in try PythonJSON.decode(json, limits: limits.json) }
        return Decoded(json: json, value: value, compressed: bytes.first == dot, signedAt: signedAt)
    }
}
