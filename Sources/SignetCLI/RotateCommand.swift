import Signet

/// `signet rotate COOKIE`: re-signs a cookie made with an old key with the current one.
enum RotateCommand: Command {
    static let name = "rotate"
    static let summary = "verify with any key, re-sign with the current one"
    static let specs = Specs.secret + Specs.fallbacks + Specs.signing + Specs.format + Specs.age + Specs.timestamp + Specs.cookieName

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let request = try VerifyCommand.Request(arguments, command: name)
        let verified = try VerifyCommand.verify(request)
        // The payload is re-signed as it was signed (same JSON, same compression): only the
        // key and the time change.
        let current = try request.format.serializer(keys: [request.keys.secret])
        printOut(current.signPayload(verified.payload, timestamp: request.timestamp))
        let byCurrent = request.cookie.withUnsafeBytes { (try? current.unsignPayload($0, maxAge: nil)) != nil }
        printErr(byCurrent ? "rotate: the cookie was already signed with the current key; re-signed"
                           : "rotate: the cookie was signed with a fallback key; re-signed with the current key")
        return .ok
    }
}
