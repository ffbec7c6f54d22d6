/// `==` and `hash(into:)` without recursion (see ``NestedValue``).
extension SessionValue: NestedValue {
    public static func == (lhs: SessionValue, rhs: SessionValue) -> Bool { nestedEquals(lhs, rhs) }

    public func hash(into hasher: inout Hasher) { nestedHash(into: &hasher) }

    package func shallowEquals(_ other: SessionValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.float(let a), .float(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.markup(let a), .markup(let b)): return a == b
        case (.uuid(let a), .uuid(let b)): return a == b
        case (.datetime(let a), .datetime(let b)): return a == b
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)): return a.count == b.count
        case (.dict(let a), .dict(let b)): return a.hasSameKeys(as: b)
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
        case .bytes(let b): hasher.combine(5 as UInt8); hasher.combine(b)
        case .markup(let m): hasher.combine(6 as UInt8); hasher.combine(m)
        case .uuid(let u): hasher.combine(7 as UInt8); hasher.combine(u)
        case .datetime(let d): hasher.combine(8 as UInt8); hasher.combine(d)
        case .list(let items): hasher.combine(9 as UInt8); hasher.combine(items.count)
        case .tuple(let items): hasher.combine(10 as UInt8); hasher.combine(items.count)
        case .dict(let dict): hasher.combine(11 as UInt8); dict.hashKeys(into: &hasher)
        }
    }

    package var container: NestedContainer<SessionValue>? {
        switch self {
        case .list(let items), .tuple(let items): .list(items)
        case .dict(let dict): .dict(dict)
        default: nil
        }
    }
}
