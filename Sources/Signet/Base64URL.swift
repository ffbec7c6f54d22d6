/// URL-safe base64 without padding, and the timestamp integer encoding (itsdangerous `encoding.py`).
/// Its coders, `encode(_:into:)` and `decode(_:into:)`, are `Base64Alphabet`'s, specialised for
/// this alphabet.
public enum Base64URL: Base64Alphabet {
    static var character62: UInt8 { UInt8(ascii: "-") }
    static var character63: UInt8 { UInt8(ascii: "_") }

    @usableFromInline
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The alphabet for the encoder (see ``Base64Alphabet/encodeTable``).
    nonisolated(unsafe) static let encodeTable = table(alphabet)

    /// Each byte's 6-bit value, 0xFF outside the alphabet (see ``Base64Alphabet/decodeTable``).
    static let decodeTable: [UInt8] = [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3E, 0xFF, 0xFF,
        0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
        0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F,
        0xFF, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x2B, 0x2C, 0x2D, 0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ]

    /// The bytes of `Base64URL.encode` for `count` input bytes.
    @inlinable
    public static func encodedLength(_ count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Encodes `bytes` with the URL-safe alphabet and no `=` padding, like `base64_encode`.
    public static func encode<C: Collection<UInt8>>(_ bytes: C) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(encodedLength(bytes.count))
        encode(bytes, appendingTo: &out)
        return out
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func encode<C: Collection<UInt8>>(_ bytes: C, appendingTo out: inout [UInt8]) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            encode(UnsafeRawBufferPointer(buffer), appendingTo: &out)
        }
        if done == nil { encode(Array(bytes), appendingTo: &out) }
    }

    static func encode(_ input: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: encodedLength(input.count)))
        out.withUnsafeMutableBufferPointer { buffer in
            _ = encode(input, into: buffer.baseAddress! + start)
        }
    }

    /// Decodes unpadded URL-safe base64, strictly.
    ///
    /// Stricter than Python's `base64_decode`, which skips bytes outside the alphabet, accepts
    /// `+`, `/` and `=` and ignores the unused low bits of the last character. Here every byte
    /// must be in the URL-safe alphabet, the length must not be 1 mod 4, and unused bits must be
    /// zero, so each byte string has exactly one accepted encoding.
    public static func decode<C: Collection<UInt8>>(_ text: C) throws(SignetError) -> [UInt8] {
        var result: Result<[UInt8], SignetError>? = text.withContiguousStorageIfAvailable { buffer in
            decodeResult(UnsafeRawBufferPointer(buffer))
        }
        if result == nil {
            result = Array(text).withUnsafeBytes { decodeResult($0) }
        }
        return try result!.get()
    }

    static func decodeResult(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], SignetError> {
        var out = [UInt8]()
        if appendDecoded(input, to: &out) { return .success(out) }
        return .failure(SignetError(.badData, "Invalid base64-encoded data"))
    }

    /// The decoded size of `count` base64 characters (when `count % 4 != 1`).
    @inlinable
    public static func decodedLength(_ count: Int) -> Int { count * 3 / 4 }

    /// Appends the decoding of `input` to `out`; returns false (leaving `out` unchanged)
    /// when `input` is not canonical unpadded URL-safe base64.
    static func appendDecoded(_ input: UnsafeRawBufferPointer, to out: inout [UInt8]) -> Bool {
        let start = out.count
        let length = decodedLength(input.count)
        out.append(contentsOf: repeatElement(0, count: length))
        let ok = out.withUnsafeMutableBytes { decode(input, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) != nil }
        if !ok { out.removeLast(length) }
        return ok
    }
}

/// The timestamp encoding: big-endian bytes with leading zero bytes removed (`int_to_bytes`).
public enum TimestampBytes {
    /// `struct.pack(">Q", value).lstrip(b"\0")`; zero encodes as no bytes.
    public static func encode(_ value: UInt64) -> [UInt8] {
        withEncoded(value) { Array($0) }
    }

    /// Calls `body` with the bytes of `encode(value)`, without allocating.
    static func withEncoded<R>(_ value: UInt64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var bigEndian = value.bigEndian
        let leadingZeroBytes = value.leadingZeroBitCount / 8
        return withUnsafeBytes(of: &bigEndian) { body(UnsafeRawBufferPointer(rebasing: $0[leadingZeroBytes...])) }
    }

    /// `bytes_to_int`: up to eight big-endian bytes (leading zeros allowed); nil for more.
    public static func decode<C: Collection<UInt8>>(_ bytes: C) -> UInt64? {
        if bytes.count > 8 { return nil }
        var value: UInt64 = 0
        for byte in bytes { value = value << 8 | UInt64(byte) }
        return value
    }
}
