/// How the serialised JSON becomes the signed payload.
public enum PayloadEncoding: Sendable, Hashable {
    /// The JSON text itself (`Serializer`, `TimedSerializer`).
    case plain
    /// zlib when that saves at least two bytes, then URL-safe base64, with a leading `.` marking
    /// compression (`URLSafeSerializerMixin`).
    case urlSafe
    /// URL-safe base64 of the JSON, never compressed, read like `.urlSafe` (a leading `.` still
    /// marks zlib): Django's `signing.dumps(compress=False)`.
    case urlSafeUncompressed
    /// Standard base64 with `=` padding, never compressed: Starlette's `SessionMiddleware`.
    case standardBase64

    /// `dump_payload` after JSON: the bytes that get signed.
    public func encode(_ json: [UInt8]) -> [UInt8] {
        switch self {
        case .plain:
            return json
        case .urlSafe:
            let compressed = json.withUnsafeBytes { Compression.compress($0) }
            if compressed.count < json.count - 1 {
                var payload: [UInt8] = [UInt8(ascii: ".")]
                payload.reserveCapacity(1 + Base64URL.encodedLength(compressed.count))
                Base64URL.encode(compressed, appendingTo: &payload)
                return payload
            }
            return Base64URL.encode(json)
        case .urlSafeUncompressed:
            return Base64URL.encode(json)
        case .standardBase64:
            return Array(StandardBase64.encode(json).utf8)
        }
    }

    /// Whether `payload` is marked compressed (URL-safe payloads starting with `.`).
    public func isCompressed(_ payload: UnsafeRawBufferPointer) -> Bool {
        (self == .urlSafe || self == .urlSafeUncompressed) && payload.first == UInt8(ascii: ".")
    }

    /// `load_payload` before JSON: the JSON bytes inside a signed payload.
    public func decode(_ payload: UnsafeRawBufferPointer, limits: Limits) throws(SignetError) -> [UInt8] {
        switch self {
        case .plain:
            return Array(payload)
        case .standardBase64:
            // Strict: canonical padded base64 only (Python's `b64decode` skips stray bytes).
            guard let decoded = StandardBase64.decode(Array(payload)) else {
                throw SignetError(.badPayload, "Could not base64 decode the payload because of an exception")
            }
            return try PayloadEncoding.checkSize(decoded, limits: limits)
        case .urlSafe, .urlSafeUncompressed:
            var text = payload
            let compressed = isCompressed(payload)
            if compressed { text = UnsafeRawBufferPointer(rebasing: text[1...]) }
            var decoded = [UInt8]()
            decoded.reserveCapacity(text.count * 3 / 4)
            guard Base64URL.appendDecoded(text, to: &decoded) else {
                throw SignetError(.badPayload, "Could not base64 decode the payload because of an exception")
            }
            if !compressed {
                return try PayloadEncoding.checkSize(decoded, limits: limits)
            }
            let inflated = decoded.withUnsafeBytes { bytes in
                Result { () throws(SignetError) in
                    try Compression.decompress(bytes, maxSize: limits.maxDecompressedSize)
                }
            }
            return try inflated.get()
        }
    }

    private static func checkSize(_ decoded: [UInt8], limits: Limits) throws(SignetError) -> [UInt8] {
        guard decoded.count <= limits.maxDecompressedSize else {
            throw SignetError(.decompressedTooLarge, "The payload is larger than the \(limits.maxDecompressedSize)-byte limit")
        }
        return decoded
    }
}
