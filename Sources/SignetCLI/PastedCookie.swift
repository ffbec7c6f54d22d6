import Signet

/// A COOKIE argument as people paste it: the bare cookie, `session=<cookie>`, a request's
/// `Cookie:` header line, or a response's `Set-Cookie:` line. Header lines and pairs are read
/// with the library's `Cookie.value(named:inHeaderBytes:)` (werkzeug's parser), so quoting and
/// spacing mean what they mean to Flask. Messages never repeat the input nor the name asked for.
enum PastedCookie {
    /// The cookie called `name` in `input` (already trimmed), or `input` itself when it is a bare
    /// token (see `isBareToken`; `padded` for Starlette's cookies).
    static func extract(_ input: [UInt8], name: [UInt8], defaultName: Bool, padded: Bool = false) throws(CLIError) -> [UInt8] {
        let which = defaultName ? "no `\(String(decoding: name, as: UTF8.self))` cookie" : "no cookie of the --cookie-name name"
        if let header = afterHeaderName("set-cookie", in: input) {
            // A response sets one cookie: its first `name=value` pair; the rest are attributes.
            let pairEnd = header.firstIndex { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ";") } ?? header.endIndex
            guard Array(trimmed(Array(header[..<pairEnd]))) == name,
                  let value = Cookie.value(named: name, inHeaderBytes: header) else {
                throw invalid("\(which) is set by the Set-Cookie line (its first name=value pair)")
            }
            return value
        }
        let header = afterHeaderName("cookie", in: input)
        guard header != nil || !isBareToken(input, name: name, padded: padded) else { return input }
        guard let value = Cookie.value(named: name, inHeaderBytes: header ?? input[...]) else {
            throw invalid("\(which) in the \(header == nil ? "name=value pairs" : "Cookie header line") given as COOKIE")
        }
        return value
    }

    /// No `;`, and no `=` but padding or one after a `.` that is not `name=`: a signed token has
    /// its first `.` (the payload's end) before any `=` (tokens itsdangerous writes hold none, but
    /// a damaged one may), where a pair's `=` follows a name. `padded`: Starlette's payload ends
    /// in base64 padding, so there an `=` followed by `=` or `.` is the token's.
    private static func isBareToken(_ input: [UInt8], name: [UInt8], padded: Bool) -> Bool {
        guard !input.contains(UInt8(ascii: ";")) else { return false }
        let isPadding = { (index: Int) in
            padded && index + 1 < input.count && (input[index + 1] == UInt8(ascii: "=") || input[index + 1] == UInt8(ascii: "."))
        }
        guard let equals = input.indices.first(where: { input[$0] == UInt8(ascii: "=") && !isPadding($0) }) else { return true }
        guard let dot = input.firstIndex(of: UInt8(ascii: ".")), dot < equals else { return false }
        return Array(input[..<equals]) != name
    }

    /// What follows `name:` (any case) at the start of `input`, or nil.
    private static func afterHeaderName(_ name: String, in input: [UInt8]) -> ArraySlice<UInt8>? {
        let prefix = Array((name + ":").utf8)
        guard input.count >= prefix.count,
              zip(input, prefix).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) else { return nil }
        return input[prefix.count...]
    }

    private static func invalid(_ message: String) -> CLIError {
        CLIError(code: .invalidInput, className: "ValueError", message: message)
    }
}

extension Specs {
    static let cookieName: [OptionSpec] = [.value("cookie-name")]
}

/// The COOKIE positional of decode, verify, rotate and audit: from stdin for `-`, then taken out
/// of a pasted header or pair (`--cookie-name`, default `session`).
func pastedCookie(_ argument: [UInt8], _ arguments: ParsedArguments, command: String) throws(CLIError) -> [UInt8] {
    let name = arguments.value("cookie-name")
    if let name, name.isEmpty { throw CLIError.usage("--cookie-name is empty", command: command) }
    // Django's session cookie is `sessionid` (SESSION_COOKIE_NAME); the others' `session`.
    // The profile's cookie (Django's `sessionid`), `session` when it names none.
    let profile = arguments.text("profile").flatMap(Profile.named)
    let defaultName = profile?.cookieName ?? "session"
    return try PastedCookie.extract(
        try argumentOrStdin(argument, what: "COOKIE"), name: name ?? Array(defaultName.utf8), defaultName: name == nil,
        padded: profile?.payloadEncoding == .standardBase64)
}
