/// Flask's `TaggedJSONSerializer.dumps` written straight from a `SessionValue`: each tagged
/// value is written as the one-key object `TaggedJSON.tag` would make of it, with the encoder's
/// own writers, so no `JSONValue` tree is built in between. Nesting is walked with an explicit
/// stack, as for a `JSONValue` (``EncodingFrame``).
///
/// Depth counts as the tree would: a tag's object is a level, so a tuple is two. On any error
/// the caller re-runs the tree path, whose error is the reference (tagging the whole value comes
/// before encoding any of it there).
extension PythonJSONEncoder {
    mutating func encodeTagged(_ root: SessionValue) throws(SignetError) {
        try PostOrderConversion.convert(root, &self) { (value, encoder) throws(SignetError) -> ConversionStep<EncodingFrame<SessionValue>> in
            try encoder.start(value)
        }
    }

    /// Writes `value` if it holds no other, else opens it.
    @inline(__always)
    private mutating func start(_ value: SessionValue) throws(SignetError) -> ConversionStep<EncodingFrame<SessionValue>> {
        switch value {
        case .null: try writeScalar(.null)
        case .bool(let flag): try writeScalar(.bool(flag))
        case .integer(let integer): try writeScalar(.integer(integer))
        case .float(let double): try writeScalar(.float(double))
        case .string(let string): try writeScalar(.string(string))
        case .bytes(let bytes):
            try writeTag(" b", plainLength: StandardBase64.encodedLength(bytes.count)) { text in
                _ = bytes.withUnsafeBytes { StandardBase64.encodePadded($0, into: text) }
            }
        case .markup(let html): try writeTag(" m", html)
        case .uuid(let uuid): try writeTag(" u", plainLength: 32) { uuid.writeHex(into: $0) }
        case .datetime(let seconds):
            guard HTTPDate.contains(seconds) else {
                throw SignetError(.unserializable, "datetime \(seconds) is outside years 1 to 9999")
            }
            try writeTag(" d", plainLength: HTTPDate.formattedLength) { HTTPDate.write(seconds, into: $0) }
        case .list(let items): return try open(.list(items))
        case .tuple(let items): return try open(.list(items), tag: " t")
        case .dict(let dict):
            guard dict.count == 1 && TaggedJSON.isTagKey(dict[memberAt: 0].key) else { return try open(.dict(dict)) }
            // `{" di": {key + "__": value}}`.
            let member = dict[memberAt: 0]
            let escaped = JSONString(uncheckedWTF8: member.key.wtf8 + Array("__".utf8))
            return try open(.dict(SessionDict(uniqueMembers: [(escaped, member.value)])), tag: " di")
        }
        return .done(())
    }

    /// `{"<tag>":` (tag keys need no escape).
    mutating func openTag(_ tag: StaticString) {
        write(UInt8(ascii: "{"))
        write(UInt8(ascii: "\""))
        append(tag)
        write(UInt8(ascii: "\""))
        writeKeySeparator()
    }

    /// A tag holding text that needs no escape (base64, hex digits, a date), the `length`
    /// bytes `fill` writes: `{"<tag>":"<text>"}`, a level deep.
    private mutating func writeTag(
        _ tag: StaticString, plainLength length: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void
    ) throws(SignetError) {
        try checkDepth(depth)
        openTag(tag)
        out.pushUninitialized(upTo: length + 3) { start in
            start[0] = UInt8(ascii: "\"")
            fill(start + 1)
            start[length + 1] = UInt8(ascii: "\"")
            start[length + 2] = UInt8(ascii: "}")
            return length + 3
        }
    }

    /// A tag holding a string: `{"<tag>":"<text>"}`, a level deep.
    private mutating func writeTag(_ tag: StaticString, _ text: JSONString) throws(SignetError) {
        try checkDepth(depth)
        openTag(tag)
        try writeString(text)
        write(UInt8(ascii: "}"))
    }
}
