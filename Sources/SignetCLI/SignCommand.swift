import Signet

/// `signet sign VALUE`: mints a cookie from tagged JSON or a Python literal.
enum SignCommand: Command {
    static let name = "sign"
    static let summary = "mint a cookie from tagged JSON or a Python literal"
    static let specs = Specs.secret + Specs.signing + Specs.format + Specs.timestamp

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["VALUE"], command: name)[0]
        let format = try Format(arguments, command: name)
        let timestamp = try signingTimestamp(arguments, format: format, command: name)
        let keys = try Keys(arguments, command: name)
        let json = try argumentOrStdin(input, what: "VALUE")
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

    /// The value to sign. Valid JSON is tagged JSON (for the flask profile an object whose tags
    /// are checked and re-serialised as Flask does; otherwise any JSON value). With the flask
    /// profile, text that is not JSON is read as a Python literal (`PythonLiteralParser`) and
    /// must be a dict.
    static func sessionValue(_ json: [UInt8], format: Format) throws(CLIError) -> JSONValue {
        let parsed: JSONValue
        do {
            parsed = try PythonJSON.decode(json)
        } catch {
            guard format.profile.flaskTags else { throw limitOr(error, "invalid JSON: \(error.message)") }
            return try literalSession(json, jsonError: error)
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

    /// Text that is not JSON, read as the Python literal of a session.
    private static func literalSession(_ text: [UInt8], jsonError: SignetError) throws(CLIError) -> JSONValue {
        let value: SessionValue
        do {
            value = try PythonLiteralParser.parse(text, limits: .default)
        } catch {
            switch error.kind {
            case .limit: throw CLIError.limit("the Python literal exceeds a limit: \(error.description)")
            case .unsupported: throw valueError("the Python literal cannot be a Flask session: \(error.description)")
            case .syntax:
                let reason = "neither JSON (\(jsonError.message)) nor a Python literal (\(error.description))"
                throw limitOr(jsonError, reason)
            }
        }
        guard case .dict = value else {
            throw valueError("the Python literal is valid but not a dict: a Flask session is a dict")
        }
        return try mapped { () throws(SignetError) in try TaggedJSON.tag(value) }
    }

    private static func valueError(_ message: String) -> CLIError {
        CLIError(code: .invalidInput, className: "ValueError", message: message)
    }

    /// The limit `error` exceeded, or else a `ValueError` saying `message`.
    private static func limitOr(_ error: SignetError, _ message: String) -> CLIError {
        let reason = CLIError(error)
        return reason.code == .limitExceeded ? reason : valueError(message)
    }
}
