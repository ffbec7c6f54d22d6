/// Bounds on the work an untrusted token can cause. Each is checked before the work it bounds,
/// and each has its own error kind.
public struct Limits: Sendable, Hashable {
    /// Longest token accepted, in bytes, checked before any decoding (`.tokenTooLarge`).
    /// Browsers keep cookies up to 4096 bytes; the default leaves room for other transports.
    public var maxTokenLength: Int
    /// Most bytes a compressed payload may inflate to; inflation stops there
    /// (`.decompressedTooLarge`).
    public var maxDecompressedSize: Int
    /// Deepest JSON nesting accepted (`.jsonTooDeep`). Python accepts 999 levels.
    public var maxDepth: Int
    /// Most digits in a JSON integer (`.integerTooLong`), Python 3.11's
    /// `sys.get_int_max_str_digits()`.
    public var maxIntegerDigits: Int

    public init(
        maxTokenLength: Int = 65_536,
        maxDecompressedSize: Int = 1_048_576,
        maxDepth: Int = 1000,
        maxIntegerDigits: Int = 4300
    ) {
        self.maxTokenLength = maxTokenLength
        self.maxDecompressedSize = maxDecompressedSize
        self.maxDepth = maxDepth
        self.maxIntegerDigits = maxIntegerDigits
    }

    public static let `default` = Limits()

    /// Refuses a token longer than `maxTokenLength`, before any work is done on it.
    package func checkTokenLength(_ count: Int) throws(SignetError) {
        guard count <= maxTokenLength else {
            throw SignetError(.tokenTooLarge, "The token is longer than the \(maxTokenLength)-byte limit")
        }
    }

    /// The JSON part of these limits.
    public var json: JSONDecodingLimits {
        JSONDecodingLimits(maxDepth: maxDepth, maxIntegerDigits: maxIntegerDigits)
    }
}
