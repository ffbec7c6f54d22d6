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
    /// storage alone if no other value does. A storage carved from a ``SessionSlab`` is the
    /// whole slab's: when this value holds the slab alone, every record of it is emptied.
    private mutating func moveNestedSessionChildren(to pending: inout [SessionValue]) {
        if case .dict(var dict) = self {
            self = .null
            Self.moveContainers(owner: &dict.owner, header: dict.header, (key: JSONString, value: SessionValue).self, to: &pending)
        } else if case .list(var items) = self {
            self = .null
            Self.moveContainers(owner: &items.owner, header: items.header, SessionValue.self, to: &pending)
        } else if case .tuple(var items) = self {
            self = .null
            Self.moveContainers(owner: &items.owner, header: items.header, SessionValue.self, to: &pending)
        }
    }

    /// ``moveNestedSessionChildren(to:)`` for the storage of a list (`Item` is `SessionValue`)
    /// or a dict (`Item` is its member), when `owner` holds it alone.
    @inline(__always)
    private static func moveContainers<Item>(
        owner: inout ItemMemory, header: UnsafeMutablePointer<ItemStorageHeader>, _: Item.Type, to pending: inout [SessionValue]
    ) {
        guard isKnownUniquelyReferenced(&owner) else { return }
        if header.pointee.isCarved {
            unsafeDowncast(owner, to: SessionSlab.self).moveForeignContainers(to: &pending)
        } else {
            moveItems(of: header, Item.self, valueOffset: Item.self == SessionValue.self ? 0 : memberValueOffset(SessionValue.self), slab: nil, containersTo: &pending)
        }
    }

    /// Whether the value is a list, tuple, dict, string or markup carved from `slab`.
    @inline(__always)
    func isCarved(from slab: SessionSlab) -> Bool {
        switch self {
        case .list(let items), .tuple(let items): items.owner === slab
        case .dict(let dict): dict.owner === slab
        case .string(let text), .markup(let text): text.isCarved(from: slab)
        default: false
        }
    }
}

extension SessionValue {
    /// Frees the items of a list's or dict's storage, each a session value at `valueOffset` of
    /// an `Item` (a dict's member: after its key), containers level by level. Code for
    /// `SessionValue` alone, shared by both storages; a storage without containers (most of
    /// them) needs no stack.
    static func releaseItems<Item>(of header: UnsafeMutablePointer<ItemStorageHeader>, _: Item.Type, valueOffset: Int) {
        var pending: [SessionValue] = []
        moveItems(of: header, Item.self, valueOffset: valueOffset, slab: nil, containersTo: &pending)
        if !pending.isEmpty { releaseLevelByLevel(sessionValues: &pending) }
    }

    /// Empties the storage of ``releaseItems(of:_:valueOffset:)``: frees its items but the
    /// containers, which go to `pending`, and, in a record of `slab`, the containers and strings
    /// carved from `slab`, which are only memory in it.
    static func moveItems<Item>(
        of header: UnsafeMutablePointer<ItemStorageHeader>, _: Item.Type, valueOffset: Int, slab: SessionSlab?,
        containersTo pending: inout [SessionValue]
    ) {
        let count = header.pointee.count
        header.pointee.count = 0
        let base = UnsafeMutableRawPointer(Signet.items(after: header, Item.self))
        let stride = MemoryLayout<Item>.stride
        for k in 0..<count {
            let item = base + k &* stride
            if valueOffset > 0 {
                let key = item.assumingMemoryBound(to: JSONString.self)
                if !key.pointee.isInline && !(slab.map { key.pointee.isCarved(from: $0) } ?? false) { _ = key.move() }
            }
            let value = (item + valueOffset).assumingMemoryBound(to: SessionValue.self)
            if let slab, value.pointee.isCarved(from: slab) { continue }
            if value.pointee.isListOrDict {
                // Room for every item left, once: a storage rarely holds containers, and one
                // that does usually holds several.
                if pending.capacity == 0 { pending.reserveCapacity(count &- k) }
                pending.append(value.move())
            } else if !value.pointee.holdsNothingToFree {
                _ = value.move()
            }
        }
    }

    /// Whether freeing the value has nothing to do (the runtime's generic destroy of an enum
    /// this size costs tens of instructions even then): a scalar without storage (an integer
    /// held as an `Int64`, a UUID), or a string stored inline.
    @inline(__always)
    private var holdsNothingToFree: Bool {
        switch self {
        case .null, .bool, .float, .datetime, .uuid: return true
        case .string(let text): return text.isInline
        case .integer(let integer): return integer.holdsNoStorage
        default: return false
        }
    }
}

extension ItemStorage where Item == SessionValue {
    /// Frees the items, containers level by level.
    final func releaseSessionItems() {
        SessionValue.releaseItems(of: counts, Item.self, valueOffset: 0)
    }
}

extension ItemStorage where Item == (key: JSONString, value: SessionValue) {
    /// Frees the members, containers level by level.
    final func releaseSessionMembers() {
        SessionValue.releaseItems(of: counts, Item.self, valueOffset: memberValueOffset(SessionValue.self))
    }
}
