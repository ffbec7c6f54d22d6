/// The ``JSONSink`` that decides whether JSON text is already canonical: exactly the text that
/// decoding it, re-tagging it (for Flask sessions) and encoding it with Flask's options
/// (compact, ASCII escapes, sorted keys) gives. It builds nothing and allocates nothing (but for
/// a float's repr), and holds no reference: the reader sets it up and drops it for free.
///
/// Flask writes its cookies in that form, so a verified cookie's JSON can usually be handed out
/// as it is, and tagged JSON given to mint can be signed as it is. It answers "yes" only for
/// text it fully understands; anything else (keys with escapes, a `" di"` tag, nesting deeper
/// than ``maxDepth``, ...) is "no", and the caller takes the general path, which gives the same
/// result or the right error. So a "no" is never wrong, only slower.
///
/// With Flask tags the root must be an object and not a tag, and a one-key object whose key is
/// a tag must hold what that tag writes: `" t"` an array, `" m"` a string, and `" b"`, `" u"`,
/// `" d"` the canonical text their types own (``StandardBase64/isCanonical(_:)``,
/// ``SessionUUID/isCanonicalHex(_:)``, ``HTTPDate/canonicalSeconds(_:)``).
package struct CanonicalCheck: JSONSink {
    /// Deeper text is "no": the open containers' state lives in a small block on the stack
    /// (Swift takes temporary allocations of up to 1 KiB from the stack, larger from the heap).
    static let maxDepth = 24

    private enum Tag {
        case none, tuple, markup, bytes, uuid, date, dictEscape
    }

    private struct Frame {
        var previousKey = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var members = 0
        var tag = Tag.none
        /// Whether the first member's value is what its tag writes.
        var tagFits = false
    }

    private enum Kind {
        case array, object, string(JSONStringToken), other
    }

    private let flaskTags: Bool
    private let frames: UnsafeMutablePointer<Frame>
    private var depth = 0
    private var canonical = true

    private init(flaskTags: Bool, frames: UnsafeMutablePointer<Frame>) {
        self.flaskTags = flaskTags
        self.frames = frames
    }

    /// Whether `text` is canonical. `limits` are the decoder's: nothing they refuse is accepted.
    /// Inlined (a few instructions around the reader's call): one call less per verify.
    @inline(__always)
    package static func isCanonical(_ text: UnsafeRawBufferPointer, flaskTags: Bool, limits: JSONDecodingLimits) -> Bool {
        withUnsafeTemporaryAllocation(of: Frame.self, capacity: maxDepth) { frames in
            var check = CanonicalCheck(flaskTags: flaskTags, frames: frames.baseAddress!)
            guard let compact = try? JSONReader.read(text, limits: limits, into: &check) else { return false }
            return compact && check.canonical
        }
    }

    /// A value starts (a scalar, or a container's opening bracket).
    @inline(__always)
    private mutating func arrives(_ kind: Kind) {
        guard canonical else { return }
        guard depth > 0 else {
            if flaskTags, case .object = kind {} else if flaskTags { canonical = false }
            return
        }
        // Only an object's first key sets a tag: one test settles the usual value.
        let top = frames + (depth &- 1)
        guard top.pointee.tag != .none, top.pointee.members == 1 else { return }
        top.pointee.tagFits = Self.fits(top.pointee.tag, kind)
    }

    private static func fits(_ tag: Tag, _ kind: Kind) -> Bool {
        switch (tag, kind) {
        case (.tuple, .array): return true
        case (.markup, .string): return true
        case (.bytes, .string(let text)): return !text.hasEscapes && StandardBase64.isCanonical(text.raw)
        case (.uuid, .string(let text)): return !text.hasEscapes && SessionUUID.isCanonicalHex(text.raw)
        case (.date, .string(let text)): return !text.hasEscapes && HTTPDate.canonicalSeconds(text.raw) != nil
        default: return false
        }
    }

    @inline(__always)
    private mutating func open() {
        // The reader's own depth limit keeps these counts small: no overflow checks.
        depth &+= 1
        guard depth <= Self.maxDepth else {
            canonical = false
            return
        }
        frames[depth &- 1] = Frame()
    }

    @inline(__always)
    mutating func beginArray(at offset: Int) {
        arrives(.array)
        open()
    }

    @inline(__always)
    mutating func endArray(at end: Int) { depth &-= 1 }

    @inline(__always)
    mutating func beginObject(at offset: Int) {
        arrives(.object)
        open()
    }

    @inline(__always)
    mutating func endObject(at end: Int) {
        depth &-= 1
        guard canonical, flaskTags else { return }
        let frame = frames[depth]
        // A one-key object with a tag key is a tagged value: it round-trips only in the form
        // Flask's tag writes back. A tagged root is not a session.
        if frame.members == 1 && frame.tag != .none && (depth == 0 || !frame.tagFits) { canonical = false }
    }

    @inline(__always)
    mutating func key(_ key: JSONStringToken) {
        guard canonical else { return }
        // Keys of plain printable ASCII: byte order is then Python's code point order.
        guard !key.hasEscapes, key.isCanonical else {
            canonical = false
            return
        }
        let top = frames + (depth &- 1)
        if top.pointee.members > 0 && !Self.isGreater(key.raw, top.pointee.previousKey) {
            canonical = false
            return
        }
        top.pointee.previousKey = key.raw
        top.pointee.members &+= 1
        // Tag keys start with a space: other keys skip the call.
        if flaskTags && top.pointee.members == 1 && key.raw.count >= 2 && key.raw[0] == UInt8(ascii: " ") {
            top.pointee.tag = Self.tag(key.raw)
        }
    }

    /// Whether `key` sorts strictly after `other`, bytewise.
    @inline(__always)
    private static func isGreater(_ key: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(key.count, other.count)
        for k in 0..<common where key[k] != other[k] { return key[k] > other[k] }
        return key.count > other.count
    }

    private static func tag(_ key: UnsafeBufferPointer<UInt8>) -> Tag {
        guard key.count >= 2, key.count <= 3, key[0] == UInt8(ascii: " ") else { return .none }
        if key.count == 3 { return key[1] == UInt8(ascii: "d") && key[2] == UInt8(ascii: "i") ? .dictEscape : .none }
        switch key[1] {
        case UInt8(ascii: "t"): return .tuple
        case UInt8(ascii: "m"): return .markup
        case UInt8(ascii: "b"): return .bytes
        case UInt8(ascii: "u"): return .uuid
        case UInt8(ascii: "d"): return .date
        default: return .none
        }
    }

    @inline(__always)
    mutating func string(_ string: JSONStringToken) {
        guard canonical else { return }
        guard string.isCanonical else {
            canonical = false
            return
        }
        arrives(.string(string))
    }

    @inline(__always)
    mutating func integer(_ canonical: UnsafeBufferPointer<UInt8>, asWritten: Bool) {
        guard self.canonical else { return }
        guard asWritten else {
            self.canonical = false
            return
        }
        arrives(.other)
    }

    mutating func float(_ value: Double, text: UnsafeBufferPointer<UInt8>) {
        guard canonical else { return }
        var repr: [UInt8] = []
        FloatRepr.append(value, to: &repr)
        guard repr.elementsEqual(text) else {
            canonical = false
            return
        }
        arrives(.other)
    }

    @inline(__always)
    mutating func bool(_ value: Bool) {
        guard canonical else { return }
        arrives(.other)
    }

    @inline(__always)
    mutating func null() {
        guard canonical else { return }
        arrives(.other)
    }

    mutating func abandon() { canonical = false }
}
