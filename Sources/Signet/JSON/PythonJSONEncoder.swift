/// `json.dumps` with `allow_nan=True`, `indent=None`, no `default`: the C encoder's output,
/// written into one growing byte buffer.
///
/// Nesting is walked with an explicit stack (``PostOrderConversion``, ``EncodingFrame``), so that
/// no input can exhaust the machine stack.
struct PythonJSONEncoder {
    let options: JSONEncodingOptions
    /// The same limits the decoder applies, so whatever one side accepts the other does too:
    /// deeper nesting stands for Python's `RecursionError`, longer integers for its
    /// `ValueError` (both near the defaults, 1000 levels and 4300 digits, in Python).
    let limits: JSONDecodingLimits
    /// The bytes written, starting in memory the caller lends (see ``withOutput(options:limits:_:)``).
    var out: ScratchStack<UInt8>
    /// The separators when each is one byte (compact JSON, as every signed format writes it):
    /// written as a byte rather than copied.
    private let itemSeparatorByte: UInt8?
    private let keySeparatorByte: UInt8?

    private init(options: JSONEncodingOptions, limits: JSONDecodingLimits, lending memory: UnsafeMutableBufferPointer<UInt8>) {
        self.options = options
        self.limits = limits
        out = ScratchStack(lending: memory)
        itemSeparatorByte = options.itemSeparator.count == 1 ? options.itemSeparator[0] : nil
        keySeparatorByte = options.keySeparator.count == 1 ? options.keySeparator[0] : nil
    }

    /// Calls `body` with an encoder whose output starts in `memory` (moving on to the heap if
    /// it outgrows it), and frees what the output took once `body` returns or throws.
    static func withOutput<R>(
        options: JSONEncodingOptions, limits: JSONDecodingLimits, lending memory: UnsafeMutableBufferPointer<UInt8>,
        _ body: (inout PythonJSONEncoder) throws(SignetError) -> R
    ) throws(SignetError) -> R {
        var encoder = PythonJSONEncoder(options: options, limits: limits, lending: memory)
        defer { encoder.out.free() }
        return try body(&encoder)
    }

    /// `withOutput` starting on this frame's stack (up to 1 KiB: Swift's limit for a
    /// temporary allocation on the stack).
    static func withOutput<R>(
        options: JSONEncodingOptions, limits: JSONDecodingLimits, _ body: (inout PythonJSONEncoder) throws(SignetError) -> R
    ) throws(SignetError) -> R {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { (memory) throws(SignetError) -> R in
            try withOutput(options: options, limits: limits, lending: memory, body)
        }
    }

    /// What has been written so far, valid until the next write.
    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: out.base, count: out.count) }

    /// How many arrays and objects are open around the value being written.
    var depth = 0

    mutating func encode(_ root: JSONValue) throws(SignetError) {
        try PostOrderConversion.convert(root, &self) { (value, encoder) throws(SignetError) -> ConversionStep<EncodingFrame<JSONValue>> in
            try encoder.start(value)
        }
    }

    /// Writes `value` if it holds no other, else opens it.
    @inline(__always)
    private mutating func start(_ value: JSONValue) throws(SignetError) -> ConversionStep<EncodingFrame<JSONValue>> {
        switch value {
        case .array(let items): return try open(.list(items))
        case .object(let object): return try open(.dict(object))
        default:
            try writeScalar(value)
            return .done(())
        }
    }

    /// A value that is not a container.
    @inline(__always)
    mutating func writeScalar(_ value: JSONValue) throws(SignetError) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .integer(let integer): try writeInteger(integer)
        case .float(let double): writeFloat(double)
        case .string(let string): try writeString(string)
        case .array, .object: preconditionFailure("not a scalar")
        }
    }

    /// Python 3.11's `int.__repr__` refuses more than `sys.get_int_max_str_digits()` digits
    /// (0: no limit).
    mutating func writeInteger(_ integer: JSONInteger) throws(SignetError) {
        let maxDigits = limits.maxIntegerDigits
        let refusedDigits = integer.withDecimal { text in
            let digits = text.count - (text[0] == UInt8(ascii: "-") ? 1 : 0)
            if maxDigits > 0 && digits > maxDigits { return digits }
            write(text)
            return 0
        }
        if refusedDigits > 0 {
            throw SignetError(
                .unserializable,
                "Exceeds the limit (\(maxDigits) digits) for integer string conversion; value has \(refusedDigits) digits")
        }
    }

    /// `float.__repr__`, made in a stack buffer.
    private mutating func writeFloat(_ double: Double) {
        FloatRepr.withRepr(double) { write($0) }
    }

    @inline(__always)
    mutating func write(_ byte: UInt8) {
        out.push(byte)
    }

    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        out.pushUninitialized(upTo: bytes.count) { target in
            target.initialize(from: source, count: bytes.count)
            return bytes.count
        }
    }

    @inline(__always)
    mutating func append(_ literal: StaticString) {
        write(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Between two items of an array or object.
    @inline(__always)
    mutating func writeItemSeparator() {
        if let byte = itemSeparatorByte { write(byte) } else { options.itemSeparator.withUnsafeBufferPointer { write($0) } }
    }

    /// Between a key and its value.
    @inline(__always)
    mutating func writeKeySeparator() {
        if let byte = keySeparatorByte { write(byte) } else { options.keySeparator.withUnsafeBufferPointer { write($0) } }
    }

    @inline(__always)
    func checkDepth(_ open: Int) throws(SignetError) {
        if open >= limits.maxDepth { throw tooDeep() }
    }

    /// Out of line: the check above runs once per container, the error almost never.
    @inline(never)
    private func tooDeep() -> SignetError {
        SignetError(.unserializable, "nesting deeper than \(limits.maxDepth) levels")
    }

    /// Python sorts `dict.items()`; keys are unique, so only keys are compared, by code point.
    static func sorted<Value>(_ dict: PythonDict<Value>) -> PythonDict<Value> {
        // Usually sorted already (as Flask wrote it, or built in order): checked in place.
        let isSorted = withExtendedLifetime(dict) { () -> Bool in
            let members = dict.buffer
            var index = 1
            while index < members.count {
                guard members[index &- 1].key < members[index].key else { return false }
                index &+= 1
            }
            return true
        }
        return isSorted ? dict : PythonDict(uniqueMembers: dict.members.sorted { $0.key < $1.key })
    }

    /// An object's key and the separator after it.
    mutating func writeKey(_ key: JSONString) throws(SignetError) {
        try writeString(key)
        writeKeySeparator()
    }

    mutating func writeString(_ string: JSONString) throws(SignetError) {
        let ensureASCII = options.ensureASCII
        try string.withWTF8 { (text) throws(SignetError) in
            // Escaped, a byte takes at most six (`\u001f`; four bytes of UTF-8 become twelve);
            // the quotes take two, and eight more let `writeASCII` store whole words.
            try out.pushUninitialized(upTo: text.count &* 6 &+ 10) { (start) throws(SignetError) -> Int in
                start.pointee = UInt8(ascii: "\"")
                let end = ensureASCII ? try Self.writeASCII(text, to: start + 1) : try Self.writeUTF8(text, to: start + 1)
                end.pointee = UInt8(ascii: "\"")
                return end + 1 - start
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The two-character escape Python uses for `byte`, or 0 for `\u00XX`.
    @inline(__always)
    private static func shortEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "\""): return UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): return UInt8(ascii: "\\")
        case 0x0A: return UInt8(ascii: "n")
        case 0x0D: return UInt8(ascii: "r")
        case 0x09: return UInt8(ascii: "t")
        case 0x08: return UInt8(ascii: "b")
        case 0x0C: return UInt8(ascii: "f")
        default: return 0
        }
    }

    @inline(__always)
    private static func writeUnicodeEscape(_ unit: UInt32, at target: inout UnsafeMutablePointer<UInt8>) {
        target[0] = UInt8(ascii: "\\")
        target[1] = UInt8(ascii: "u")
        target[2] = hexDigits[Int(unit >> 12 & 0xF)]
        target[3] = hexDigits[Int(unit >> 8 & 0xF)]
        target[4] = hexDigits[Int(unit >> 4 & 0xF)]
        target[5] = hexDigits[Int(unit & 0xF)]
        target += 6
    }

    @inline(__always)
    private static func writeEscapedASCII(_ byte: UInt8, at target: inout UnsafeMutablePointer<UInt8>) {
        let short = shortEscape(byte)
        if short != 0 {
            target[0] = UInt8(ascii: "\\")
            target[1] = short
            target += 2
        } else {
            writeUnicodeEscape(UInt32(byte), at: &target)
        }
    }

    /// `ensure_ascii=True` (`c_encode_basestring_ascii`): only 0x20...0x7E other than `"` and
    /// `\` pass through, exactly the bytes the reader passes over in a string
    /// (`JSONReader.specialBytes`); everything else becomes an escape, astral code points a
    /// surrogate pair. Writes the text between the quotes into `start`, which has room for six
    /// bytes per byte and eight more, and returns where it stopped.
    private static func writeASCII(
        _ text: UnsafeBufferPointer<UInt8>, to start: UnsafeMutablePointer<UInt8>
    ) throws(SignetError) -> UnsafeMutablePointer<UInt8> {
        var target = start
        let n = text.count
        if let p = text.baseAddress {
            var k = 0
            while k < n {
                // Plain bytes, eight at a time: each word is stored whole and kept up to its
                // first byte that needs an escape (the lowest mark is exact). The last few
                // bytes are the top of the text's last eight, or of a shorter text, the bytes
                // themselves; the zeros above them count as special and lie past the end.
                let left = n &- k
                let word = left >= 8
                    ? Self.load(p + k)
                    : n >= 8
                        ? Self.load(p + (n &- 8)) &>> UInt64(truncatingIfNeeded: (8 &- left) &* 8)
                        : Self.loadShort(p + k, left)
                UnsafeMutableRawPointer(target).storeBytes(of: word.littleEndian, as: UInt64.self)
                let plain = min(JSONReader<NoSink>.specialBytes(word).trailingZeroBitCount &>> 3, left)
                k &+= plain
                target += plain
                guard k < n else { break }
                let byte = p[k]
                guard JSONReader<NoSink>.isSpecial(byte) else { continue }
                if byte < 0x80 {
                    writeEscapedASCII(byte, at: &target)
                    k &+= 1
                    continue
                }
                guard let (codePoint, length) = WTF8.decode(p, k, n) else {
                    throw SignetError(.unserializable, "string holds malformed WTF-8")
                }
                k &+= length
                if codePoint >= 0x10000 {
                    let offset = codePoint - 0x10000
                    writeUnicodeEscape(0xD800 | offset >> 10, at: &target)
                    writeUnicodeEscape(0xDC00 | offset & 0x3FF, at: &target)
                } else {
                    writeUnicodeEscape(codePoint, at: &target)
                }
            }
        }
        return target
    }

    /// The `count` (1 to 7) bytes at `p`, the first in the lowest byte, zeros above: a few
    /// overlapping loads, never past the bytes.
    @inline(__always)
    private static func loadShort(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        guard count >= 4 else {
            let middle = count &>> 1
            return UInt64(p[0]) | UInt64(p[middle]) &<< UInt64(truncatingIfNeeded: middle &* 8)
                | UInt64(p[count &- 1]) &<< UInt64(truncatingIfNeeded: (count &- 1) &* 8)
        }
        let raw = UnsafeRawPointer(p)
        let low = UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self))
        let high = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
        return UInt64(low) | UInt64(high) &<< UInt64(truncatingIfNeeded: (count &- 4) &* 8)
    }

    /// The eight bytes at `p`, the first in the lowest byte.
    @inline(__always)
    private static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// `ensure_ascii=False` (`c_encode_basestring`), then `.encode("utf-8")`: only `"`, `\` and
    /// controls below 0x20 are escaped; a lone surrogate fails the UTF-8 encoding. Writes as
    /// `writeASCII` does.
    private static func writeUTF8(
        _ text: UnsafeBufferPointer<UInt8>, to start: UnsafeMutablePointer<UInt8>
    ) throws(SignetError) -> UnsafeMutablePointer<UInt8> {
        var target = start
        let count = text.count
        if let p = text.baseAddress {
            var index = 0
            while index < count {
                let runStart = index
                while index < count {
                    let byte = p[index]
                    if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { break }
                    if byte < 0x80 {
                        index += 1
                    } else {
                        // Strict validation rejects exactly the surrogates WTF-8 adds.
                        let length = WTF8.validSequenceLength(p, index, count)
                        if length == 0 { throw SignetError(.unserializable, "string holds a lone surrogate (not encodable as UTF-8)") }
                        index += length
                    }
                }
                target.initialize(from: p + runStart, count: index - runStart)
                target += index - runStart
                guard index < count else { break }
                writeEscapedASCII(p[index], at: &target)
                index += 1
            }
        }
        return target
    }
}
