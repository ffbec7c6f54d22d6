import Signet

/// `signet sign JSON`: mints a cookie.
enum SignCommand: Command {
    static let name = "sign"
    static let summary = "mint a cookie from (tagged) JSON"
    static let specs = Specs.secret + Specs.signing + Specs.format + Specs.timestamp

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["JSON"], command: name)[0]
        let format = try Format(arguments, command: name)
        let timestamp = try signingTimestamp(arguments, format: format, command: name)
        let keys = try Keys(arguments, command: name)
        let json = try argumentOrStdin(input, what: "JSON")
        let serializer = try format.serializer(keys: keys.all)
        if format.profile.value == .bytes {
            // Signer and TimestampSigner: the argument's bytes as they are.
            printOut(serializer.signPayload(json, timestamp: timestamp))
            return .ok
        }
        let value = try sessionValue(json, format: format)
        printOut(try mapped { () throws(SignetError) in try serializer.dumps(value, timestamp: timestamp) })
        return .ok
    }

    /// The value to sign: for the flask profile an object whose tags are checked and
    /// re-serialised as Flask does; otherwise any JSON value.
    static func sessionValue(_ json: [UInt8], format: Format) throws(CLIError) -> JSONValue {
        func valueError(_ message: String) -> CLIError {
            CLIError(code: .invalidInput, className: "ValueError", message: message)
        }
        func limitOr(_ error: SignetError, _ message: String) -> CLIError {
            let reason = CLIError(error)
            return reason.code == .limitExceeded ? reason : valueError(message)
        }
        let parsed: JSONValue
        do {
            parsed = try PythonJSON.decode(json)
        } catch {
            throw limitOr(error, "invalid JSON: \(error.message)")
        }
        if format.profile.objectOnly {
            guard case .object = parsed else {
                throw valueError("the JSON is valid but not an object: a session is a JSON object (--profile itsdangerous signs any value)")
            }
        }
        guard format.profile.flaskTags else { return parsed }
        guard case .object = parsed else {
            throw valueError("the JSON is valid but not an object: a Flask session is a JSON object (--profile itsdangerous signs any value)")
        }
        // Read as `FlaskSessions.session(fromTaggedJSON:)` reads it: four-digit years as written.
        let untagged: SessionValue
        do {
            untagged = try TaggedJSON.untag(parsed, years: .fourDigitsAsWritten)
        } catch {
            throw limitOr(error, "the JSON object is not a Flask session: \(error.message)")
        }
        guard case .dict = untagged else {
            throw valueError("the JSON object is one of Flask's tagged values (its one key is a tag), not a session")
        }
        return try mapped { () throws(SignetError) in try TaggedJSON.tag(untagged) }
    }
}
