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
    /// Flask's session JSON inside an app context: compact, ASCII escapes, sorted keys.
    public static let flask = JSONEncodingOptions(
        itemSeparator: Array(",".utf8), keySeparator: Array(":".utf8), ensureASCII: true, sortKeys: true)
}

/// Bounds on what `PythonJSON.decode` will build from untrusted text.
public struct JSONDecodingLimits: Sendable, Hashable {
    /// Deepest nesting of arrays and objects accepted.
    public var maxDepth: Int
    /// Most digits in an integer literal (Python 3.11's `sys.get_int_max_str_digits()`).
    public var maxIntegerDigits: Int

    public init(maxDepth: Int = 10_000, maxIntegerDigits: Int = 4300) {
        self.maxDepth = maxDepth
        self.maxIntegerDigits = maxIntegerDigits
    }

    public static let `default` = JSONDecodingLimits()
}

/// Python's `json.dumps` / `json.loads`, byte for byte.
public enum PythonJSON {
    /// `json.dumps(value, ...)` encoded as UTF-8.
    public static func encode(_ value: JSONValue, options: JSONEncodingOptions) throws(SignetError) -> [UInt8] {
        fatalError("PythonJSON.encode: being written")
    }

    /// `json.loads(text)` for UTF-8 `text`.
    public static func decode<C: Collection<UInt8>>(_ text: C, limits: JSONDecodingLimits = .default) throws(SignetError) -> JSONValue {
        fatalError("PythonJSON.decode: being written")
    }
}
