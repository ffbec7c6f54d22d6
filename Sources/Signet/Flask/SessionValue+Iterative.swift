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

/// The level-by-level release of ``NestedValue``, written for `SessionValue` (the value every
/// verified session is dropped as): no `NestedContainer` is made, so no storage is retained
/// and released only to ask what a value holds, and a storage without containers is emptied
/// in one pass, with no stack.
extension SessionValue {
    /// Whether the value is a list, tuple or dict.
    @inline(__always)
    var isListOrDict: Bool {
        switch self {
        case .list, .tuple, .dict: true
        default: false
        }
    }

    /// Empties `pending` (containers only), the outermost first.
    static func releaseLevelByLevel(sessionValues pending: inout [SessionValue]) {
        while var next = pending.popLast() {
            next.moveNestedSessionChildren(to: &pending)
        }
    }

    /// Leaves `null` behind; when the value's storage is its own, first moves the containers
    /// directly inside it to `pending` and frees the rest. The payload is bound from `self`,
    /// a variable, so setting `self` lets its reference go and the payload then holds the
    /// storage alone if no other value does.
    private mutating func moveNestedSessionChildren(to pending: inout [SessionValue]) {
        if case .dict(var dict) = self {
            self = .null
            if isKnownUniquelyReferenced(&dict.storage) { dict.storage.moveSessionContainers(to: &pending) }
        } else if case .list(var items) = self {
            self = .null
            if isKnownUniquelyReferenced(&items.storage) { items.storage.moveSessionContainers(to: &pending) }
        } else if case .tuple(var items) = self {
            self = .null
            if isKnownUniquelyReferenced(&items.storage) { items.storage.moveSessionContainers(to: &pending) }
        }
    }
}

extension SessionValue {
    /// Frees the `count` items of a list's or dict's storage at `base`, `stride` bytes apart,
    /// each a session value at `valueOffset` (a dict's member: after its key), containers
    /// level by level. Code for `SessionValue` alone, shared by both storages; a storage
    /// without containers (most of them) needs no stack.
    static func releaseItems(at base: UnsafeMutableRawPointer, count: Int, stride: Int, valueOffset: Int) {
        var first = 0
        while first < count && !(base + (first &* stride &+ valueOffset)).assumingMemoryBound(to: SessionValue.self).pointee.isListOrDict {
            first += 1
        }
        var pending: [SessionValue] = []
        if first < count { pending.reserveCapacity(count &- first) }
        moveItems(at: base, count: count, stride: stride, valueOffset: valueOffset, containersTo: &pending)
        if !pending.isEmpty { releaseLevelByLevel(sessionValues: &pending) }
    }

    /// Frees the items as ``releaseItems(at:count:stride:valueOffset:)`` describes them, but
    /// the containers, which go to `pending`.
    static func moveItems(at base: UnsafeMutableRawPointer, count: Int, stride: Int, valueOffset: Int, containersTo pending: inout [SessionValue]) {
        for k in 0..<count {
            let item = base + k &* stride
            if valueOffset > 0 {
                let key = item.assumingMemoryBound(to: JSONString.self)
                if !key.pointee.isInline { _ = key.move() }
            }
            let value = (item + valueOffset).assumingMemoryBound(to: SessionValue.self)
            if value.pointee.isListOrDict {
                pending.append(value.move())
            } else if !value.pointee.holdsNothingToFree {
                _ = value.move()
            }
        }
    }

    /// Whether freeing the value has nothing to do (the runtime's generic destroy of an enum
    /// this size costs tens of instructions even then): a scalar without storage, or a string
    /// stored inline.
    @inline(__always)
    private var holdsNothingToFree: Bool {
        switch self {
        case .null, .bool, .float, .datetime: return true
        case .string(let text): return text.isInline
        default: return false
        }
    }
}

extension ItemStorage where Item == SessionValue {
    /// Empties the storage: its containers go to `pending`, the rest is freed now.
    final func moveSessionContainers(to pending: inout [SessionValue]) {
        SessionValue.moveItems(at: UnsafeMutableRawPointer(items), count: takeCount(), stride: MemoryLayout<Item>.stride, valueOffset: 0, containersTo: &pending)
    }

    /// Frees the items, containers level by level.
    final func releaseSessionItems() {
        SessionValue.releaseItems(at: UnsafeMutableRawPointer(items), count: takeCount(), stride: MemoryLayout<Item>.stride, valueOffset: 0)
    }
}

extension ItemStorage where Item == (key: JSONString, value: SessionValue) {
    /// Empties the storage: the containers among its values go to `pending`, the rest is freed now.
    final func moveSessionContainers(to pending: inout [SessionValue]) {
        SessionValue.moveItems(
            at: UnsafeMutableRawPointer(items), count: takeCount(), stride: MemoryLayout<Item>.stride,
            valueOffset: memberValueOffset(SessionValue.self), containersTo: &pending)
    }

    /// Frees the members, containers level by level.
    final func releaseSessionMembers() {
        SessionValue.releaseItems(
            at: UnsafeMutableRawPointer(items), count: takeCount(), stride: MemoryLayout<Item>.stride,
            valueOffset: memberValueOffset(SessionValue.self))
    }
}
