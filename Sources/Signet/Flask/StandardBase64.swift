/// Standard base64 with `=` padding, as `base64.b64encode` writes it for Flask's `" b"` tag.
enum StandardBase64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var urlSafe = Base64URL.encode(bytes)
        for index in urlSafe.indices {
            if urlSafe[index] == UInt8(ascii: "-") { urlSafe[index] = UInt8(ascii: "+") }
            if urlSafe[index] == UInt8(ascii: "_") { urlSafe[index] = UInt8(ascii: "/") }
        }
        urlSafe += [UInt8](repeating: UInt8(ascii: "="), count: (4 - urlSafe.count % 4) % 4)
        return String(decoding: urlSafe, as: UTF8.self)
    }

    /// Strict: canonical padded base64 only (Python's `b64decode` skips stray characters).
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var body = text
        var padding = 0
        while padding < 2, body.last == UInt8(ascii: "=") {
            body.removeLast()
            padding += 1
        }
        for index in body.indices {
            switch body[index] {
            case UInt8(ascii: "+"): body[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): body[index] = UInt8(ascii: "_")
            case UInt8(ascii: "-"), UInt8(ascii: "_"): return nil
            default: break
            }
        }
        return try? Base64URL.decode(body)
    }
}
