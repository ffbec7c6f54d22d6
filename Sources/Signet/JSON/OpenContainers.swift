/// The containers a builder sink has open, innermost last, for any value type that nests: each
/// collects its items or members in place and hands them over whole when it closes, so no
/// element is copied (or retained) twice.
struct OpenContainers<Value> {
    struct Frame {
        let isObject: Bool
        var items: [Value] = []
        var members: [(key: JSONString, value: Value)] = []
        /// The key whose value is being read.
        var key = JSONString(uncheckedWTF8: [])
        /// Key positions, built once an object outgrows a linear scan, so that building
        /// stays linear however many keys arrive.
        var positions: [JSONString: Int] = [:]

        init(isObject: Bool) {
            self.isObject = isObject
            // Session payloads hold a handful of members: start with room for them.
            if isObject { members.reserveCapacity(8) } else { items.reserveCapacity(8) }
        }

        /// Adds a finished value; in an object, like `dict[key] = value` (a repeated key
        /// keeps its first position and takes the last value). Returns the value's position.
        @discardableResult
        mutating func file(_ value: Value) -> Int {
            guard isObject else {
                items.append(value)
                return items.count - 1
            }
            if positions.isEmpty && members.count < PythonDictLimits.linearScanLimit {
                for m in members.indices where members[m].key == key {
                    members[m].value = value
                    return m
                }
                members.append((key, value))
                return members.count - 1
            }
            if positions.isEmpty {
                positions.reserveCapacity(members.count * 2)
                for (m, member) in members.enumerated() { positions[member.key] = m }
            }
            if let position = positions[key] {
                members[position].value = value
                return position
            }
            positions[key] = members.count
            members.append((key, value))
            return members.count - 1
        }
    }

    private var frames: [Frame] = []
    /// The finished document, once the outermost value is complete.
    private(set) var root: Value?

    var isEmpty: Bool { frames.isEmpty }

    mutating func open(isObject: Bool) {
        frames.append(Frame(isObject: isObject))
    }

    /// The innermost container, taken off the stack.
    mutating func close() -> Frame {
        frames.removeLast()
    }

    mutating func setKey(_ key: JSONString) {
        frames[frames.count - 1].key = key
    }

    /// Files a complete value in the innermost container, or as the document; returns its
    /// position in the container (0 for the document).
    @discardableResult
    mutating func file(_ value: Value) -> Int {
        if frames.isEmpty {
            root = value
            return 0
        }
        return frames[frames.count - 1].file(value)
    }

    /// Drops everything built so far (after an error).
    mutating func releaseAll() {
        frames.removeAll()
        root = nil
    }

    /// The document, handed over.
    mutating func take() -> Value? {
        root.take()
    }
}
