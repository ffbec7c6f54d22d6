/// `==` and `hash(into:)` without recursion (see ``NestedValue``).
extension JSONValue: NestedValue {
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { nestedEquals(lhs, rhs) }

    public func hash(into hasher: inout Hasher) { nestedHash(into: &hasher) }

    package func shallowEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a.count == b.count
        case (.object(let a), .object(let b)): return a.hasSameKeys(as: b)
        default: return false
        }
    }

    package func shallowHash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0 as UInt8)
        case .bool(let b): hasher.combine(1 as UInt8); hasher.combine(b)
        case .integer(let i): hasher.combine(2 as UInt8); hasher.combine(i)
        case .float(let f): hasher.combine(3 as UInt8); hasher.combine(f)
        case .string(let s): hasher.combine(4 as UInt8); hasher.combine(s)
        case .array(let items): hasher.combine(5 as UInt8); hasher.combine(items.count)
        case .object(let object): hasher.combine(6 as UInt8); object.hashKeys(into: &hasher)
        }
    }

    package var container: NestedContainer<JSONValue>? {
        switch self {
        case .array(let items): .list(items)
        case .object(let object): .dict(object)
        default: nil
        }
    }
}
