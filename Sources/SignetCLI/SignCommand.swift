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
        let value = try sessionValue(json, format: format)
        let serializer = try format.serializer(keys: keys.all)
        printOut(try mapped { () throws(SignetError) in try serializer.dumps(value, timestamp: timestamp) })
        return .ok
    }

    /// The value to sign: for the flask profile an object whose tags are checked and
    /// re-serialised as Flask does; otherwise any JSON value.
    static func sessionValue(_ json: [UInt8], format: Format) throws(CLIError) -> JSONValue {
        do {
            if format.profile == .flask {
                return try TaggedJSON.tag(.dict(try FlaskSessions.session(fromTaggedJSON: json)))
            }
            return try PythonJSON.decode(json)
        } catch {
            let reason = CLIError(error)
            if reason.code == .limitExceeded { throw reason }
            throw CLIError(code: .invalidInput, className: "ValueError", message: "invalid JSON: \(error.message)")
        }
    }
}
