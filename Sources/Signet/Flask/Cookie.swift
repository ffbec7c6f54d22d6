/// HTTP cookie helpers: find the session cookie in a request, write `Set-Cookie` as werkzeug does.
public enum Cookie {
    /// werkzeug's `max_cookie_size` (and Flask's warning threshold): 4093 bytes.
    public static let defaultMaxSize = 4093

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

    /// The value of a `Set-Cookie` header as werkzeug's `dump_cookie` writes it (Flask's
    /// `save_session` for the session cookie), attributes in its order: Domain, Expires,
    /// Max-Age, Secure, HttpOnly, Path, SameSite, Partitioned.
    ///
    /// With `maxAge` and no `expires`, `Expires` is set to `now + maxAge` (werkzeug's
    /// `sync_expires`); `now` is Unix seconds, the system clock's when nil.
    ///
    /// Throws `.badCookie` for anything that would not make one safe header, where werkzeug
    /// writes it anyway: a name that is not an RFC 6265 token, a `Domain` with a byte other
    /// than ASCII letters, digits, `-`, `.`, `_` (and `:` before a port, which werkzeug drops)
    /// or with an empty or 64-character label (werkzeug's IDNA step raises on those), an
    /// `Expires` (given or computed) outside years 1 to 9999 (werkzeug raises). Values are
    /// quoted and escaped as werkzeug does, so none is refused, except that the bytes
    /// 0x1A-0x1F, which werkzeug leaves raw, are escaped like every other control byte. The
    /// path is percent-encoded as werkzeug does.
    ///
    /// Throws `.tokenTooLarge` when the header is longer than `maxSize` (werkzeug only warns;
    /// pass nil to allow any size), so a server never sends a cookie browsers drop.
    public static func setCookie(
        name: String = "session", value: String, attributes: Attributes = Attributes(),
        maxSize: Int? = Cookie.defaultMaxSize, now: Int64? = nil
    ) throws(SignetError) -> String {
        let header = try setCookie(name: name, value: Array(value.utf8), attributes: attributes, maxSize: maxSize, now: now)
        return String(decoding: header, as: UTF8.self)
    }

    /// `setCookie(name:value:attributes:maxSize:now:)` for a value given as
    /// bytes (the UTF-8 of werkzeug's text; any byte is escaped alike). The header is ASCII.
    public static func setCookie(
        name: String = "session", value: [UInt8], attributes: Attributes = Attributes(),
        maxSize: Int? = Cookie.defaultMaxSize, now: Int64? = nil
    ) throws(SignetError) -> [UInt8] {
        guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
            throw SignetError(.badCookie, "The cookie name is not an RFC 6265 token")
        }
        var expires = attributes.expires
        if expires == nil, let maxAge = attributes.maxAge {
            let (sum, overflow) = (now ?? Clock.system.now()).addingReportingOverflow(maxAge)
            expires = overflow ? Int64.max : sum
        }
        var header = Array(name.utf8) + [UInt8(ascii: "=")] + quotedIfNeeded(value)
        func append(_ attribute: String) { header += Array("; \(attribute)".utf8) }
        if let domain = attributes.domain { append("Domain=\(try cookieDomain(domain))") }
        if let expires {
            guard let date = HTTPDate.format(expires) else {
                throw SignetError(.badCookie, "Expires is outside years 1 to 9999")
            }
            append("Expires=\(date)")
        }
        if let maxAge = attributes.maxAge { append("Max-Age=\(maxAge)") }
        if attributes.secure || attributes.partitioned { append("Secure") }
        if attributes.httpOnly { append("HttpOnly") }
        if let path = attributes.path { append("Path=\(percentEncodedPath(path))") }
        if let sameSite = attributes.sameSite { append("SameSite=\(sameSite.rawValue)") }
        if attributes.partitioned { append("Partitioned") }
        if let maxSize, header.count > maxSize {
            throw SignetError(
                .tokenTooLarge,
                "The cookie is \(header.count) bytes, more than the \(maxSize)-byte limit browsers keep")
        }
        return header
    }

    /// The `Set-Cookie` value that deletes the cookie, as Flask's `save_session` writes it for an
    /// emptied session (`delete_cookie`): `session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT;
    /// Max-Age=0; HttpOnly; Path=/` with the default attributes. `expires` and `maxAge` of
    /// `attributes` are ignored; the other attributes must be the ones the cookie was set with.
    /// Throws `.badCookie` as `setCookie(name:value:attributes:maxSize:now:)`.
    public static func deletion(name: String = "session", attributes: Attributes = Attributes()) throws(SignetError) -> String {
        var attributes = attributes
        attributes.expires = 0
        attributes.maxAge = 0
        return try setCookie(name: name, value: "", attributes: attributes, maxSize: nil)
    }

    /// RFC 6265's `cookie-name`: an RFC 7230 `token`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// A byte of an ASCII host name: letters, digits, `-`, `.`, `_`.
    static func isHostByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }

    /// RFC 6265's `cookie-octet`: printable ASCII but space, `"`, `,`, `;` and `\`.
    static func isValueByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: ",")
            && byte != UInt8(ascii: ";") && byte != UInt8(ascii: "\\")
    }

    /// werkzeug's `domain.partition(":")[0].lstrip(".").encode("idna")` for the names Signet
    /// accepts: ASCII host names, whose IDNA form is themselves once every label but the last
    /// has 1 to 63 characters and the last fewer than 64.
    static func cookieDomain(_ domain: String) throws(SignetError) -> String {
        let allowed = domain.utf8.allSatisfy { byte in isHostByte(byte) || byte == UInt8(ascii: ":") }
        // werkzeug IDNA-encodes other names; Signet asks for the ASCII (punycode) form.
        guard allowed else {
            throw SignetError(.badCookie, "Domain must be an ASCII host name (use the punycode form)")
        }
        var host = domain.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false)[0]
        while host.first == UInt8(ascii: ".") { host = host.dropFirst() }
        let labels = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let labelsFit = host.isEmpty
            || (labels.dropLast().allSatisfy { (1...63).contains($0.count) } && labels.last!.count < 64)
        guard labelsFit else { throw SignetError(.badCookie, "Domain has an empty label or one longer than 63 bytes") }
        return String(decoding: host, as: UTF8.self)
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

    /// werkzeug quotes values outside RFC 6265's cookie-octets, escaping `"` and `\` with a
    /// backslash and control bytes, `,`, `;` and bytes 0x7F-0xFF as `\ooo` octal.
    static func quotedIfNeeded(_ value: [UInt8]) -> [UInt8] {
        if value.allSatisfy(isValueByte) { return value }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in value {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out += [UInt8(ascii: "\\"), byte]
            } else if byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") {
                out += [UInt8(ascii: "\\"), 0x30 + byte >> 6, 0x30 + (byte >> 3) & 7, 0x30 + byte & 7]
            } else {
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }
}
