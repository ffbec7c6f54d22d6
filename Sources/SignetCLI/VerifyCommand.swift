import Signet

/// `signet verify COOKIE`: checks a cookie and prints its session.
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = "verify a cookie and print its session as canonical JSON"
    static let specs = Specs.secret + Specs.fallbacks + Specs.signing + Specs.format + Specs.age + Specs.json + Specs.cookieName

    static func run(_ arguments: ParsedArguments) throws(CLIError) -> ExitCode {
        let request = try Request(arguments, command: name)
        let json = arguments.has("json")
        do {
            let verified = try verify(request)
            if json {
                var output = JSONOutput()
                output.raw("session", verified.json)
                output.signedAt(verified.signedAt)
                output.bool("valid", true)
                printOut(output.bytes)
            } else {
                printOut(verified.json)
            }
            return .ok
        } catch {
            if json {
                var output = JSONOutput()
                output.error(error)
                output.bool("valid", false)
                printOut(output.bytes)
            }
            throw error
        }
    }

    /// What verify and rotate read from their command line; usage errors come before stdin
    /// is read.
    struct Request {
        let format: Format
        let age: Age
        let keys: Keys
        let timestamp: Int64?
        let cookie: [UInt8]

        init(_ arguments: ParsedArguments, command: String) throws(CLIError) {
            let input = try arguments.positionals(["COOKIE"], command: command)[0]
            format = try Format(arguments, command: command)
            age = try Age(arguments, format: format, command: command)
            timestamp = try signingTimestamp(arguments, format: format, command: command)
            keys = try Keys(arguments, command: command)
            cookie = try pastedCookie(input, arguments, command: command)
        }
    }

    struct Verified {
        /// Canonical JSON of the value.
        let json: [UInt8]
        let signedAt: Int64?
        /// The signed payload as it stands in the cookie.
        let payload: [UInt8]
    }

    /// Verifies with every key (the secret first, then the fallbacks last to first), checks the
    /// age, and decodes the value.
    static func verify(_ request: Request) throws(CLIError) -> Verified {
        let (cookie, format, age) = (request.cookie, request.format, request.age)
        let serializer = try format.serializer(keys: request.keys.all)
        let (payload, timestamp) = try mapped { () throws(SignetError) in
            try withBytes(cookie) { (bytes) throws(SignetError) in
                let (payload, timestamp) = try serializer.unsignPayload(bytes, maxAge: age.maxAge, now: age.now)
                return (Array(payload), timestamp)
            }
        }
        if format.profile.ownJSON {
            return Verified(json: try format.frameworkJSON(serializer, payload: payload), signedAt: timestamp, payload: payload)
        }
        let value = try mapped { () throws(SignetError) in
            try withBytes(payload) { (bytes) throws(SignetError) in
                try format.value(of: try serializer.payloadEncoding.decode(bytes, limits: serializer.limits))
            }
        }
        return Verified(json: try format.canonicalJSON(value), signedAt: timestamp, payload: payload)
    }
}
