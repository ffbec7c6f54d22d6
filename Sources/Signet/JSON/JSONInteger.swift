/// An integer of any size. One that fits in 64 bits (nearly every integer of a session) is held
/// as an `Int64`, so reading, copying and freeing it touches no `String`; a larger one as its
/// canonical decimal text (`-?[1-9][0-9]*`). Each value has exactly one form, so the forms
/// never equal each other.
public struct JSONInteger: Sendable, Hashable {
    private enum Storage: Sendable, Hashable {
        case int64(Int64)
        /// Canonical decimal text of a value outside `Int64`'s range.
        case text(String)
    }

    private let storage: Storage

    public init(_ value: Int64) { storage = .int64(value) }

    public init(_ value: Int) { storage = .int64(Int64(value)) }

    /// ASCII digits with an optional leading `-`, without leading zeros and never `-0`.
    private init(canonicalText text: String) {
        if let value = Int64(text) { storage = .int64(value) } else { storage = .text(text) }
    }

    /// Accepts `-?[0-9]+`, normalising leading zeros and `-0`; nil otherwise.
    public init?(decimal text: String) {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let trimmed = digits.drop(while: { $0 == "0" })
        self.init(canonicalText: trimmed.isEmpty ? "0" : (negative ? "-" : "") + trimmed)
    }

    /// Digits an `Int64` always holds: 18 (its range ends at 19).
    private static var alwaysFittingDigits: Int { 18 }

    /// For the decoder, which has already matched the canonical grammar: up to 18 digits are
    /// accumulated in place, with no `String` made.
    @inline(__always)
    init(canonicalDecimal text: UnsafeBufferPointer<UInt8>) {
        let negative = text[0] == UInt8(ascii: "-")
        let first = negative ? 1 : 0
        guard text.count &- first <= Self.alwaysFittingDigits else {
            self.init(canonicalText: String(decoding: text, as: UTF8.self))
            return
        }
        var value: Int64 = 0
        for k in first..<text.count { value = value &* 10 &+ Int64(text[k] &- UInt8(ascii: "0")) }
        self.init(negative ? 0 &- value : value)
    }

    /// The value when it fits in 64 bits.
    public var int64: Int64? {
        if case .int64(let value) = storage { value } else { nil }
    }

    /// ASCII digits with an optional leading `-`: Python's `repr`.
    public var decimal: String {
        switch storage {
        case .int64(let value): String(value)
        case .text(let text): text
        }
    }

    /// Whether freeing the value has nothing to do.
    @inline(__always)
    var holdsNoStorage: Bool {
        if case .int64 = storage { true } else { false }
    }

    /// Calls `body` with the decimal digits (and `-`), made in a stack buffer for an `Int64`.
    @inline(__always)
    func withDecimal<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        switch storage {
        case .int64(let value):
            return Self.withDigits(of: value, body)
        case .text(let text):
            var text = text
            return text.withUTF8(body)
        }
    }

    /// `value`'s decimal digits, written backwards into a stack buffer from its end.
    @inline(__always)
    private static func withDigits<R>(of value: Int64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            let end = buffer.count
            var start = end
            var magnitude = value.magnitude
            repeat {
                start &-= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            if value < 0 {
                start &-= 1
                buffer[start] = UInt8(ascii: "-")
            }
            return body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }
}

extension JSONInteger: ExpressibleByIntegerLiteral, CustomStringConvertible {
    public init(integerLiteral value: Int64) { self.init(value) }
    public var description: String { decimal }
}
