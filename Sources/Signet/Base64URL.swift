/// URL-safe base64 without padding, and the timestamp integer encoding (itsdangerous `encoding.py`).
public enum Base64URL {
    @usableFromInline
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The alphabet, then the 256-entry decoding table (0xFF marks a byte outside the
    /// alphabet), in one allocation made once and never freed: hot loops read them without
    /// touching an array's reference count, which threads would otherwise share.
    nonisolated(unsafe) static let tables: UnsafePointer<UInt8> = {
        let tables = UnsafeMutablePointer<UInt8>.allocate(capacity: 64 + 256)
        tables.initialize(repeating: 0xFF, count: 64 + 256)
        for (index, byte) in alphabet.enumerated() {
            tables[index] = byte
            tables[64 + Int(byte)] = UInt8(index)
        }
        return UnsafePointer(tables)
    }()

    /// The decoding table: each byte's 6-bit value, 0xFF outside the alphabet.
    static var decodeTable: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: tables + 64, count: 256) }

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

    /// Encodes `input` into `out` (at least `encodedLength(input.count)` bytes) and returns the
    /// number of bytes written. Allocates nothing.
    static func encode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return 0 }
        let table = tables
        let count = input.count
        var index = 0
        var written = 0
        if Base64Blocks.isAvailable {
            while index + Base64Blocks.encodeReadCount <= count {
                Base64Blocks.encode(source + index, into: out + written)
                index += Base64Blocks.byteCount
                written += Base64Blocks.characterCount
            }
        }
        while index + 3 <= count {
            let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8 | UInt32(source[index + 2])
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            out[written + 2] = table[Int((chunk >> 6) & 63)]
            out[written + 3] = table[Int(chunk & 63)]
            index += 3
            written += 4
        }
        switch count - index {
        case 1:
            let chunk = UInt32(source[index]) << 16
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            written += 2
        case 2:
            let chunk = UInt32(source[index]) << 16 | UInt32(source[index + 1]) << 8
            out[written] = table[Int(chunk >> 18)]
            out[written + 1] = table[Int((chunk >> 12) & 63)]
            out[written + 2] = table[Int((chunk >> 6) & 63)]
            written += 3
        default:
            break
        }
        return written
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

    /// Decodes `input` into `out` (at least `decodedLength(input.count)` bytes) and returns the
    /// number of bytes written, or nil when `input` is not canonical or `out` is too small.
    /// Allocates nothing.
    static func decode(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Int? {
        let count = input.count
        if count % 4 == 1 || out.count < decodedLength(count) { return nil }
        guard count > 0 else { return 0 }
        let table = decodeTable.baseAddress!
        let source = input.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let target = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var index = 0
        var written = 0
        if Base64Blocks.isAvailable {
            let capacity = out.count
            while index + Base64Blocks.characterCount <= count && written + Base64Blocks.decodeStoreCount <= capacity {
                if !Base64Blocks.decode(source + index, into: target + written) { return nil }
                index += Base64Blocks.characterCount
                written += Base64Blocks.byteCount
            }
        }
        while index + 4 <= count {
            let a = table[Int(source[index])], b = table[Int(source[index + 1])]
            let c = table[Int(source[index + 2])], d = table[Int(source[index + 3])]
            if (a | b | c | d) & 0xC0 != 0 { return nil }
            let chunk = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            target[written] = UInt8(truncatingIfNeeded: chunk >> 16)
            target[written + 1] = UInt8(truncatingIfNeeded: chunk >> 8)
            target[written + 2] = UInt8(truncatingIfNeeded: chunk)
            written += 3
            index += 4
        }
        switch count - index {
        case 2:
            let a = table[Int(source[index])], b = table[Int(source[index + 1])]
            if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return nil }
            target[written] = a << 2 | b >> 4
            written += 1
        case 3:
            let a = table[Int(source[index])], b = table[Int(source[index + 1])]
            let c = table[Int(source[index + 2])]
            if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return nil }
            target[written] = a << 2 | b >> 4
            target[written + 1] = (b & 0x0F) << 4 | c >> 2
            written += 2
        default:
            break
        }
        return written
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
