/// How `json.dumps` is called: the option sets itsdangerous and Flask use.
public struct JSONEncodingOptions: Sendable, Hashable {
    /// Between items (`separators[0]`).
    public var itemSeparator: [UInt8]
    /// Between a key and its value (`separators[1]`).
    public var keySeparator: [UInt8]
    /// `ensure_ascii`: escape every byte outside printable ASCII as `\uXXXX`.
    public var ensureASCII: Bool
    /// `sort_keys`: order object keys by code point.
    public var sortKeys: Bool

    public init(itemSeparator: [UInt8], keySeparator: [UInt8], ensureASCII: Bool, sortKeys: Bool) {
        self.itemSeparator = itemSeparator
        self.keySeparator = keySeparator
        self.ensureASCII = ensureASCII
        self.sortKeys = sortKeys
    }

    /// `json.dumps(obj)`: what itsdangerous's plain `Serializer` writes.
    public static let pythonDefault = JSONEncodingOptions(
        itemSeparator: Array(", ".utf8), keySeparator: Array(": ".utf8), ensureASCII: true, sortKeys: false)
    /// itsdangerous `_CompactJSON` (URL-safe serializers): compact, UTF-8, unsorted.
    public static let compact = JSONEncodingOptions(
        itemSeparator: Array(",".utf8), keySeparator: Array(":".utf8), ensureASCII: false, sortKeys: false)
    /// Django's `signing.JSONSerializer`: compact, ASCII escapes, unsorted.
    public static let compactASCII = JSONEncodingOptions(
        itemSeparator: Array(",".utf8), keySeparator: Array(":".utf8), ensureASCII: true, sortKeys: false)
    /// Flask's session JSON inside an app context: compact, ASCII escapes, sorted keys.
    public static let flask = JSONEncodingOptions(
        itemSeparator: Array(",".utf8), keySeparator: Array(":".utf8), ensureASCII: true, sortKeys: true)
}

/// Bounds on what `PythonJSON.decode` will build from untrusted text, and on what
/// `PythonJSON.encode` writes: one set of limits for reading and writing, so a value one
/// accepts the other accepts too.
public struct JSONDecodingLimits: Sendable, Hashable {
    /// Deepest nesting of arrays and objects accepted. The default is Python's recursion
    /// limit: CPython 3.11 fails a little below 1000 levels (exactly where depends on the
    /// caller's stack), so 1000 accepts everything Python accepts. No pass over a value
    /// recurses (see ``Limits/maxDepthAllowed``).
    public var maxDepth: Int
    /// Most digits in an integer literal (Python 3.11's `sys.get_int_max_str_digits()`);
    /// 0 or less means no limit, as in Python.
    public var maxIntegerDigits: Int

    public init(maxDepth: Int = 1000, maxIntegerDigits: Int = 4300) {
        self.maxDepth = maxDepth
        self.maxIntegerDigits = maxIntegerDigits
    }

    public static let `default` = JSONDecodingLimits()
}

/// Python's `json.dumps` / `json.loads`, byte for byte.
public enum PythonJSON {
    /// `json.dumps(value, ...)` encoded as UTF-8.
    ///
    /// Throws `.unserializable` where Python fails: a string holding a lone surrogate when
    /// `ensureASCII` is off (`.encode("utf-8")` fails), an integer over `limits.maxIntegerDigits`
    /// digits (`ValueError`; 4300 by default, as Python), nesting deeper than `limits.maxDepth`
    /// levels (`RecursionError`; 1000 by default, Python's exact depth depends on its stack),
    /// and malformed WTF-8 from `JSONString(uncheckedWTF8:)`.
    public static func encode(
        _ value: JSONValue, options: JSONEncodingOptions, limits: JSONDecodingLimits = .default
    ) throws(SignetError) -> [UInt8] {
        try PythonJSONEncoder.withOutput(options: options, limits: limits) { (encoder) throws(SignetError) in
            try encoder.encode(value)
            return Array(encoder.written)
        }
    }

    /// `json.dumps` of the tagged JSON of `session` (`TaggedJSONSerializer.dumps`), written
    /// straight from the session. Its errors are those of tagging and then encoding.
    static func encodeTagged(
        _ session: SessionValue, options: JSONEncodingOptions, limits: JSONDecodingLimits
    ) throws(SignetError) -> [UInt8] {
        try withTaggedJSON(session, options: options, limits: limits) { Array($0) }
    }

    /// Calls `body` with the tagged JSON of `session`, as `encodeTagged` writes it, valid during
    /// the call: written into this thread's JSON scratch region (the mint path signs it from
    /// there, nothing allocated), so `body` must not call this again.
    static func withTaggedJSON<R>(
        _ session: SessionValue, options: JSONEncodingOptions, limits: JSONDecodingLimits,
        _ body: (UnsafeBufferPointer<UInt8>) throws(SignetError) -> R
    ) throws(SignetError) -> R {
        // Off (for tests comparing the two): the tree path alone.
        if FastPath.isEnabled {
            let region = PerThread.withStorage { $0.scratchRegion(PerThread.jsonOutputRegion) }
            let memory = UnsafeMutableBufferPointer(start: region.baseAddress!.assumingMemoryBound(to: UInt8.self), count: region.count)
            let result = try PythonJSONEncoder.withOutput(options: options, limits: limits, lending: memory) { (encoder) throws(SignetError) -> R? in
                do {
                    try encoder.encodeTagged(session)
                } catch {
                    // Rare: the tree path decides which error is reported (tagging comes first there).
                    return nil
                }
                return try body(encoder.written)
            }
            if let result { return result }
        }
        let json = try encode(try TaggedJSON.tag(session), options: options, limits: limits)
        return try json.withUnsafeBufferPointer { (text) throws(SignetError) in try body(text) }
    }

    /// `json.loads(text)` for UTF-8 `text`.
    public static func decode<C: Collection<UInt8>>(_ text: C, limits: JSONDecodingLimits = .default) throws(SignetError) -> JSONValue {
        let contiguous = text.withContiguousStorageIfAvailable { buffer in
            Result { () throws(SignetError) -> JSONValue in try decode(UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        if let contiguous { return try contiguous.get() }
        return try Array(text).withUnsafeBytes { bytes in
            Result { () throws(SignetError) -> JSONValue in try decode(bytes, limits: limits) }
        }.get()
    }

    /// The fast entry point: parses straight from memory the caller keeps alive.
    static func decode(_ bytes: UnsafeRawBufferPointer, limits: JSONDecodingLimits = .default) throws(SignetError) -> JSONValue {
        try JSONValueBuilder.value(bytes, limits: limits)
    }
}
