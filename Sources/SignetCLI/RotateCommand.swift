import Signet

/// `signet rotate COOKIE`: re-signs a cookie made with an old key with the current one.
enum RotateCommand: Command {
    static let name = "rotate"
    static let summary = "verify with any key, re-sign with the current one"
    static let specs = Specs.secret + Specs.fallbacks + Specs.signing + Specs.format + Specs.age + Specs.timestamp

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let input = try arguments.positionals(["COOKIE"], command: name)[0]
        let format = try Format(arguments, command: name)
        let age = try Age(arguments, format: format, command: name)
        let timestamp = try signingTimestamp(arguments, format: format, command: name)
        let keys = try Keys(arguments, command: name)
        let cookie = try argumentOrStdin(input, what: "COOKIE")
        let verified = try VerifyCommand.verify(cookie, keys: keys, format: format, age: age)
        // The payload is re-signed as it was signed (same JSON, same compression): only the
        // key and the time change.
        let current = try format.serializer(keys: [keys.secret])
        printOut(current.signPayload(verified.payload, timestamp: timestamp))
        let byCurrent = cookie.withUnsafeBytes { (try? current.unsignPayload($0, maxAge: nil)) != nil }
        printErr(byCurrent ? "rotate: the cookie was already signed with the current key; re-signed"
                           : "rotate: the cookie was signed with a fallback key; re-signed with the current key")
        return .ok
    }
}
