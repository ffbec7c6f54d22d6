/// Flask's `TaggedJSONSerializer.dumps` written straight from a `SessionValue`: each tagged
/// value is written as the one-key object `TaggedJSON.tag` would make of it, with the encoder's
/// own writers, so no `JSONValue` tree is built in between. Nesting is walked on a heap stack.
///
/// Depth counts as the tree would: a tag's object is a level, so a tuple is two. On any error
/// the caller re-runs the tree path, whose error is the reference (tagging the whole value comes
/// before encoding any of it there).
extension PythonJSONEncoder {
    /// One open container: what is left to write, and what closes it.
    private struct SessionFrame {
        // One of the two, as `isObject` says (an empty list or dict would allocate).
        var items: SessionList?
        var members: SessionDict?
        let isObject: Bool
        /// Levels this frame stands for: 2 for a tuple (`{" t":[`) and an escaped dict.
        let levels: Int
        let closing: StaticString
        var next = 1
    }

    mutating func encodeTagged(_ root: SessionValue) throws(SignetError) {
        var stack: [SessionFrame] = []
        var depth = 0
        var pending: SessionValue? = root
        while true {
            if let value = pending {
                pending = nil
                switch value {
                case .null: try writeScalar(.null)
                case .bool(let flag): try writeScalar(.bool(flag))
                case .integer(let integer): try writeScalar(.integer(integer))
                case .float(let double): try writeScalar(.float(double))
                case .string(let string): try writeScalar(.string(string))
                case .bytes(let bytes): try writeTag(" b", JSONString(StandardBase64.encode(bytes)), depth: depth)
                case .markup(let html): try writeTag(" m", html, depth: depth)
                case .uuid(let uuid): try writeTag(" u", JSONString(uuid.hex), depth: depth)
                case .datetime(let seconds):
                    guard let text = HTTPDate.format(seconds) else {
                        throw SignetError(.unserializable, "datetime \(seconds) is outside years 1 to 9999")
                    }
                    try writeTag(" d", JSONString(text), depth: depth)
                case .list(let items):
                    try checkDepth(depth)
                    if items.isEmpty {
                        append("[]")
                    } else {
                        out.append(UInt8(ascii: "["))
                        stack.append(SessionFrame(items: items, isObject: false, levels: 1, closing: "]"))
                        depth += 1
                        pending = items[0]
                    }
                case .tuple(let items):
                    try checkDepth(depth)
                    try checkDepth(depth + 1)
                    if items.isEmpty {
                        openTag(" t")
                        append("[]}")
                    } else {
                        openTag(" t")
                        out.append(UInt8(ascii: "["))
                        stack.append(SessionFrame(items: items, isObject: false, levels: 2, closing: "]}"))
                        depth += 2
                        pending = items[0]
                    }
                case .dict(let dict):
                    try checkDepth(depth)
                    if dict.isEmpty {
                        append("{}")
                    } else if dict.count == 1 && TaggedJSON.isTagKey(dict[memberAt: 0].key) {
                        // `{" di": {key + "__": value}}`.
                        try checkDepth(depth + 1)
                        openTag(" di")
                        out.append(UInt8(ascii: "{"))
                        let escaped = JSONString(uncheckedWTF8: dict[memberAt: 0].key.wtf8 + Array("__".utf8))
                        try writeString(escaped)
                        out.append(contentsOf: options.keySeparator)
                        stack.append(SessionFrame(members: dict, isObject: true, levels: 2, closing: "}}"))
                        depth += 2
                        pending = dict[memberAt: 0].value
                    } else {
                        out.append(UInt8(ascii: "{"))
                        let members = options.sortKeys ? Self.sorted(dict) : dict
                        try writeString(members[memberAt: 0].key)
                        out.append(contentsOf: options.keySeparator)
                        stack.append(SessionFrame(members: members, isObject: true, levels: 1, closing: "}"))
                        depth += 1
                        pending = members[memberAt: 0].value
                    }
                }
                continue
            }
            // The pending value is written: move to the next sibling or close containers.
            guard !stack.isEmpty else { return }
            let top = stack.count - 1
            let index = stack[top].next
            if stack[top].isObject && index < stack[top].members!.count {
                stack[top].next += 1
                out.append(contentsOf: options.itemSeparator)
                let member = stack[top].members![memberAt: index]
                try writeString(member.key)
                out.append(contentsOf: options.keySeparator)
                pending = member.value
            } else if !stack[top].isObject && index < stack[top].items!.count {
                stack[top].next += 1
                out.append(contentsOf: options.itemSeparator)
                pending = stack[top].items![index]
            } else {
                append(stack[top].closing)
                depth -= stack[top].levels
                stack.removeLast()
            }
        }
    }

    /// `{"<tag>":` (tag keys need no escape).
    private mutating func openTag(_ tag: StaticString) {
        out.append(UInt8(ascii: "{"))
        out.append(UInt8(ascii: "\""))
        append(tag)
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: options.keySeparator)
    }

    /// A tag holding a string: `{"<tag>":"<text>"}`, a level deep.
    private mutating func writeTag(_ tag: StaticString, _ text: JSONString, depth: Int) throws(SignetError) {
        try checkDepth(depth)
        openTag(tag)
        try writeString(text)
        out.append(UInt8(ascii: "}"))
    }
}
