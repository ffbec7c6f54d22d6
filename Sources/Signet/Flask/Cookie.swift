/// HTTP cookie helpers: find the session cookie in a request, write `Set-Cookie` as werkzeug does.
public enum Cookie {
    /// werkzeug's `max_cookie_size` (and Flask's warning threshold): 4093 bytes.
    public static let defaultMaxSize = 4093

    /// The value of the first cookie called `name` in a `Cookie:` request header (the header's
    /// value, without `Cookie:`), as `request.cookies.get(name)` returns it; nil when absent.
    ///
    /// This is werkzeug 3.1's `parse_cookie`, step for step: `name` with no `=` is an empty
    /// value, a quoted value may hold `;`, and quoted values are unquoted with werkzeug's
    /// `\ooo` (octal 000-377) and `\c` escapes. Browsers send one header; pass several joined
    /// with `";"`, as werkzeug joins them. A header holding a line feed, which HTTP forbids in a
    /// field value, returns nil rather than imitate how werkzeug's regular expression stumbles
    /// over it.
    public static func value(named name: String, inHeader header: String) -> String? {
        let text = Array(header.unicodeScalars)
        guard !text.contains("\n") else { return nil }
        // werkzeug appends ";" and matches `([^=;]*)(?:\s*=\s*("(?:[^\\"]|\\.)*"|.*?))?\s*;\s*`
        // repeatedly; without a line feed each match is found by this single forward pass.
        let end = text.count
        func at(_ index: Int) -> Unicode.Scalar { index < end ? text[index] : ";" }
        var position = 0
        while position <= end {
            let keyStart = position
            while at(position) != "=" && at(position) != ";" { position += 1 }
            let keyEnd = position
            var valueStart = position, valueEnd = position
            if at(position) == "=" {
                var start = position + 1
                while start < end && isRegexSpace(text[start]) { start += 1 }
                valueStart = start
                valueEnd = quotedValueEnd(text, from: start) ?? {
                    var stop = start
                    while at(stop) != ";" { stop += 1 }
                    return stop
                }()
                position = valueEnd
            }
            while position < end && isRegexSpace(text[position]) { position += 1 }
            position += 1  // the ";"
            while position < end && isRegexSpace(text[position]) { position += 1 }

            let key = stripped(text[keyStart..<keyEnd])
            guard !key.isEmpty, String(String.UnicodeScalarView(key)) == name else { continue }
            let value = stripped(text[valueStart..<valueEnd])
            if value.count >= 2, value.first == "\"", value.last == "\"" {
                return unslash(String(String.UnicodeScalarView(value.dropFirst().dropLast())))
            }
            return String(String.UnicodeScalarView(value))
        }
        return nil
    }

    /// Where a `"..."` value starting at `start` ends, when it is followed by `\s*;`.
    private static func quotedValueEnd(_ text: [Unicode.Scalar], from start: Int) -> Int? {
        guard start < text.count, text[start] == "\"" else { return nil }
        var index = start + 1
        while index < text.count && text[index] != "\"" {
            index += text[index] == "\\" && index + 1 < text.count ? 2 : 1
        }
        guard index < text.count else { return nil }
        let afterQuote = index + 1
        var probe = afterQuote
        while probe < text.count && isRegexSpace(text[probe]) { probe += 1 }
        return probe == text.count || text[probe] == ";" ? afterQuote : nil
    }

    /// `\s` of a Python regular expression with `re.ASCII`.
    private static func isRegexSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (0x09...0x0D).contains(scalar.value)
    }

    /// Python's `str.strip()`: what `str.isspace()` calls whitespace.
    private static func stripped(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
        func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return true
            default:
                return false
            }
        }
        var slice = scalars
        while let first = slice.first, isPythonSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isPythonSpace(last) { slice = slice.dropLast() }
        return slice
    }

    /// werkzeug's `_cookie_unslash_re` (`\\([0-3][0-7]{2}|.)`) over the UTF-8 bytes, decoded back
    /// with replacement characters as werkzeug does.
    static func unslash(_ value: String) -> String {
        let bytes = Array(value.utf8)
        func isOctal(_ byte: UInt8, upTo highest: UInt8) -> Bool { byte >= 0x30 && byte <= highest }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                out.append(byte)
                index += 1
                continue
            }
            if index + 3 < bytes.count, isOctal(bytes[index + 1], upTo: 0x33),
               isOctal(bytes[index + 2], upTo: 0x37), isOctal(bytes[index + 3], upTo: 0x37) {
                out.append((bytes[index + 1] - 0x30) << 6 | (bytes[index + 2] - 0x30) << 3 | (bytes[index + 3] - 0x30))
                index += 4
            } else {
                out.append(bytes[index + 1])
                index += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `SameSite` values werkzeug accepts.
    public enum SameSite: String, Sendable {
        case strict = "Strict", lax = "Lax", none = "None"
    }

    /// The attributes Flask's `SESSION_COOKIE_*` settings control.
    public struct Attributes: Sendable, Hashable {
        public var domain: String?
        /// `Expires=`, in Unix seconds (Flask sets it for permanent sessions).
        public var expires: Int64?
        public var maxAge: Int64?
        public var secure: Bool
        public var httpOnly: Bool
        public var path: String?
        public var sameSite: SameSite?
        /// `Partitioned` (CHIPS); implies `Secure`, as werkzeug makes it.
        public var partitioned: Bool

        /// Flask's defaults: `HttpOnly; Path=/`.
        public init(
            domain: String? = nil, expires: Int64? = nil, maxAge: Int64? = nil, secure: Bool = false,
            httpOnly: Bool = true, path: String? = "/", sameSite: SameSite? = nil, partitioned: Bool = false
        ) {
            self.domain = domain
            self.expires = expires
            self.maxAge = maxAge
            self.secure = secure
            self.httpOnly = httpOnly
            self.path = path
            self.sameSite = sameSite
            self.partitioned = partitioned
        }
    }

    /// The value of a `Set-Cookie` header as werkzeug's `dump_cookie` writes it, attributes in
    /// its order: Domain, Expires, Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
    ///
    /// With `maxAge` and no `expires`, `Expires` is set to `now + maxAge` (werkzeug's
    /// `sync_expires`); `now` is Unix seconds, the system clock's when nil.
    ///
    /// Throws `.tokenTooLarge` when the header is longer than `maxSize` (werkzeug only warns;
    /// pass nil to allow any size), so a server never sends a cookie browsers drop.
    public static func setCookie(
        name: String = "session", value: String, attributes: Attributes = Attributes(),
        maxSize: Int? = Cookie.defaultMaxSize, now: Int64? = nil
    ) throws(SignetError) -> String {
        var attributes = attributes
        if attributes.expires == nil, let maxAge = attributes.maxAge {
            attributes.expires = (now ?? Clock.system.now()) + maxAge
        }
        var parts = ["\(name)=\(quoteIfNeeded(value))"]
        if let domain = attributes.domain {
            var host = Substring(domain.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            while host.first == "." { host = host.dropFirst() }
            // werkzeug IDNA-encodes other names; Signet asks for the ASCII (punycode) form.
            guard host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }) else {
                throw SignetError(.invalidArgument, "Domain must be ASCII (use the punycode form)")
            }
            parts.append("Domain=\(host)")
        }
        if let expires = attributes.expires {
            guard let date = HTTPDate.format(expires) else {
                throw SignetError(.invalidArgument, "Expires is outside years 1 to 9999")
            }
            parts.append("Expires=\(date)")
        }
        if let maxAge = attributes.maxAge { parts.append("Max-Age=\(maxAge)") }
        if attributes.secure || attributes.partitioned { parts.append("Secure") }
        if attributes.httpOnly { parts.append("HttpOnly") }
        if let path = attributes.path { parts.append("Path=\(percentEncodedPath(path))") }
        if let sameSite = attributes.sameSite { parts.append("SameSite=\(sameSite.rawValue)") }
        if attributes.partitioned { parts.append("Partitioned") }
        let header = parts.joined(separator: "; ")
        if let maxSize, header.utf8.count > maxSize {
            throw SignetError(
                .tokenTooLarge,
                "The cookie is \(header.utf8.count) bytes, more than the \(maxSize)-byte limit browsers keep")
        }
        return header
    }

    /// The `Set-Cookie` value that deletes the cookie (Flask's `delete_cookie` for an emptied
    /// session): `session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; Path=/`.
    public static func deletion(name: String = "session", attributes: Attributes = Attributes()) -> String {
        var attributes = attributes
        attributes.expires = 0
        attributes.maxAge = 0
        return (try? setCookie(name: name, value: "", attributes: attributes, maxSize: nil)) ?? ""
    }

    /// werkzeug's `quote(path, safe="%!$&'()*+,/:=@")`: everything else outside letters, digits
    /// and `_.-~` is percent-encoded, so a path cannot end the attribute early.
    static func percentEncodedPath(_ path: String) -> String {
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~%!$&'()*+,/:=@".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for byte in path.utf8 {
            if safe.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// werkzeug quotes values outside RFC 6265's cookie-octets, escaping as `\ooo` octal.
    static func quoteIfNeeded(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ",")
                && byte != UInt8(ascii: ";") && byte != UInt8(ascii: "\\")
        }
        if plain { return value }
        var out = "\""
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out += "\\" + String(UnicodeScalar(byte))
            } else if byte < 0x1A || byte >= 0x7F || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            } else {
                out += String(UnicodeScalar(byte))
            }
        }
        return out + "\""
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return s
    }
}
