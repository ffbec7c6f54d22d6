/// One container ``PythonJSONEncoder`` is writing, for ``PostOrderConversion``: what remains of
/// it and what closes it. Both encoders (of a `JSONValue`, and of a `SessionValue` straight to
/// Flask's tagged JSON) write their containers with it; they differ only in how a value opens.
struct EncodingFrame<Value: NestedValue>: ConversionFrame {
    let container: NestedContainer<Value>
    /// The container's number of children, read once.
    let count: Int
    /// Whether a Flask tag's one-key object wraps the container (`{" t":[...]}`): a level more,
    /// closed by a second brace.
    let isTagged: Bool
    /// The child to write next (the first is written on opening).
    var next = 1

    var levels: Int { isTagged ? 2 : 1 }

    init(_ container: NestedContainer<Value>, count: Int, isTagged: Bool) {
        self.container = container
        self.count = count
        self.isTagged = isTagged
    }

    /// Writes the separator (and key) before the next child and returns it, if any is left.
    @inline(__always)
    mutating func add(_: Void, _ encoder: inout PythonJSONEncoder) throws(SignetError) -> Value? {
        let index = next
        guard index < count else { return .none }
        next += 1
        encoder.writeItemSeparator()
        return try container.child(at: index, keyWrittenBy: &encoder)
    }

    @inline(__always)
    func finish(_ encoder: inout PythonJSONEncoder) {
        if case .list = container {
            encoder.write(UInt8(ascii: "]"))
        } else {
            encoder.write(UInt8(ascii: "}"))
        }
        if isTagged { encoder.write(UInt8(ascii: "}")) }
        encoder.depth -= levels
    }
}

extension PythonJSONEncoder {
    /// Writes the opening of `container`, inside the object of Flask tag `tag` if given, and its
    /// first child's key; the walk then writes its first child. An empty container is written
    /// whole.
    @inline(__always)
    mutating func open<Value>(
        _ container: NestedContainer<Value>, tag: StaticString? = nil
    ) throws(SignetError) -> ConversionStep<EncodingFrame<Value>> {
        if let tag {
            // Python enters a recursion level for the tag's object, then for the container.
            try checkDepth(depth + 1)
            openTag(tag)
        } else {
            try checkDepth(depth)
        }
        let isTagged = tag != nil
        depth += isTagged ? 2 : 1
        switch container {
        case .list(let items):
            write(UInt8(ascii: "["))
            if let first = items.first { return .open(EncodingFrame(container, count: items.count, isTagged: isTagged), first: first) }
        case .dict(let dict):
            write(UInt8(ascii: "{"))
            if !dict.isEmpty {
                let members = options.sortKeys ? Self.sorted(dict) : dict
                try writeKey(members[memberAt: 0].key)
                return .open(EncodingFrame(.dict(members), count: members.count, isTagged: isTagged), first: members[memberAt: 0].value)
            }
        }
        EncodingFrame(container, count: 0, isTagged: isTagged).finish(&self)
        return .done(())
    }
}

extension NestedContainer {
    /// The child at `index`, after writing its key if it is a member.
    @inline(__always)
    func child(at index: Int, keyWrittenBy encoder: inout PythonJSONEncoder) throws(SignetError) -> Value {
        switch self {
        case .list(let items): return items[index]
        case .dict(let members):
            let member = members[memberAt: index]
            try encoder.writeKey(member.key)
            return member.value
        }
    }
}
