/// HTTP cookie helpers: find the session cookie in a request, write `Set-Cookie` as werkzeug does.
public enum Cookie {
    /// werkzeug's `max_cookie_size` (and Flask's warning threshold): 4093 bytes.
    public static let defaultMaxSize = 4093

    /// The value of the first cookie called `name` in a `Cookie:` request header (the header's
    /// value, without `Cookie:`), as `request.cookies.get(name)` returns it; nil when absent.
    /// Quoted values are unquoted, including werkzeug's `\ooo` octal escapes.
    public static func value(named name: String, inHeader header: String) -> String? {
        for part in header.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = part.drop(while: { $0 == " " || $0 == "\t" })
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let key = pair[..<equals].trimmingSpaces()
            guard key == name else { continue }
            return unquote(String(pair[pair.index(after: equals)...].trimmingSpaces()))
        }
        return nil
    }

    static func unquote(_ value: String) -> String {
        let bytes = Array(value.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "\""), bytes.last == UInt8(ascii: "\"") else { return value }
        var out = [UInt8]()
        var index = 1
        while index < bytes.count - 1 {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count - 1 {
                let rest = bytes[(index + 1)...]
                if rest.count >= 3, rest.prefix(3).allSatisfy({ $0 >= 0x30 && $0 <= 0x37 }) {
                    let digits = Array(rest.prefix(3))
                    out.append(UInt8(truncatingIfNeeded: Int(digits[0] - 0x30) << 6 | Int(digits[1] - 0x30) << 3 | Int(digits[2] - 0x30)))
                    index += 4
                    continue
                }
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            out.append(byte)
            index += 1
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
