/// An ordered dictionary with Python `dict` semantics: string keys in insertion order, a
/// repeated key keeping its first position and taking its last value. JSON objects
/// (`JSONObject`) and Flask session dictionaries (`SessionDict`) are both this.
///
/// A value type with copy-on-write whose members live in one shared heap allocation that, like
/// ``PythonList``'s, frees nested containers level by level in constant machine stack (and, like
/// a list's, may be carved from a verified session's `SessionSlab`).
public struct PythonDict<Value: Sendable & Hashable>: @unchecked Sendable, Hashable, ExpressibleByDictionaryLiteral {
    typealias Member = (key: JSONString, value: Value)

    // `@unchecked Sendable`: the storage is a `ManagedBuffer`, which is not `Sendable`, but
    // is never changed while shared (see `ItemStorage`).
    // Reads are inlinable, as `PythonList`'s are.
    /// What keeps the members alive: their own ``PythonDictStorage``, or a `SessionSlab`.
    @usableFromInline var owner: ItemMemory
    /// The count, the members right after it (see ``items(after:_:)``).
    @usableFromInline var header: UnsafeMutablePointer<ItemStorageHeader>

    /// The members in insertion order; keys are unique (a copy).
    @inlinable public var members: [(key: JSONString, value: Value)] { Array(buffer) }

    public init() { self.init(storage: PythonDictStorage.make(capacity: 0)) }

    /// Builds a dict from pairs, as `dict(pairs)` does.
    public init(_ pairs: [(JSONString, Value)]) { self.init(uniqueMembers: Self.merged(pairs)) }

    /// The pairs with each repeated key in its first position, holding its last value.
    private static func merged(_ pairs: [(JSONString, Value)]) -> [(key: JSONString, value: Value)] {
        var members: [(key: JSONString, value: Value)] = []
        members.reserveCapacity(pairs.count)
        // A linear scan beats hashing for the handful of keys a cookie holds; past that,
        // an index keeps building linear in the number of pairs.
        if pairs.count <= PythonDictLimits.linearScanLimit {
            for (key, value) in pairs {
                if let index = members.firstIndex(where: { $0.key == key }) {
                    members[index].value = value
                } else {
                    members.append((key, value))
                }
            }
            return members
        }
        var positions: [JSONString: Int] = Dictionary(minimumCapacity: pairs.count)
        for (key, value) in pairs {
            if let position = positions[key] {
                members[position].value = value
            } else {
                positions[key] = members.count
                members.append((key, value))
            }
        }
        return members
    }

    public init(dictionaryLiteral elements: (JSONString, Value)...) { self.init(elements) }

    /// Copies members whose keys the caller has already made unique.
    init(uniqueMembers: [(key: JSONString, value: Value)]) {
        let storage = PythonDictStorage<Value>.make(capacity: uniqueMembers.count)
        for member in uniqueMembers { storage.append(member) }
        self.init(storage: storage)
    }

    init(storage: PythonDictStorage<Value>) { self.init(owner: storage, header: storage.counts) }

    /// Members at `header`, kept alive by `owner` (their storage, or the slab they were carved from).
    init(owner: ItemMemory, header: UnsafeMutablePointer<ItemStorageHeader>) { (self.owner, self.header) = (owner, header) }

    @inlinable var items: UnsafeMutablePointer<(key: JSONString, value: Value)> {
        Signet.items(after: header, (key: JSONString, value: Value).self)
    }

    @inlinable var buffer: UnsafeMutableBufferPointer<(key: JSONString, value: Value)> {
        UnsafeMutableBufferPointer(start: items, count: header.pointee.count)
    }

    /// The storage, once ``makeUnique(capacity:)`` has made it this value's own.
    @inlinable var ownStorage: PythonDictStorage<Value> { unsafeDowncast(owner, to: PythonDictStorage<Value>.self) }

    /// Whether this value alone holds its members, in a storage of their own: then they may change.
    @inlinable mutating func isUniqueStorage() -> Bool {
        isKnownUniquelyReferenced(&owner) && !header.pointee.isCarved
    }

    @inlinable public var count: Int { header.pointee.count }
    @inlinable public var isEmpty: Bool { header.pointee.count == 0 }
    @inlinable public var keys: [JSONString] { buffer.map(\.key) }

    /// The member at `index`, in insertion order.
    subscript(memberAt index: Int) -> Member {
        precondition(index >= 0 && index < count, "Index out of range")
        return items[index]
    }

    /// The position of `key`, if present.
    @inlinable func index(of key: JSONString) -> Int? {
        let p = items
        for k in 0..<count where p[k].key == key { return k }
        return nil
    }

    @inlinable public subscript(key: JSONString) -> Value? {
        get { index(of: key).map { items[$0].value } }
        set {
            if let index = index(of: key) {
                makeUnique(capacity: count)
                if let newValue { items[index].value = newValue } else { ownStorage.remove(at: index) }
            } else if let newValue {
                makeUnique(capacity: count + 1)
                ownStorage.append((key, newValue))
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { self[JSONString(key)] }
        set { self[JSONString(key)] = newValue }
    }

    /// Makes the storage this value's own, with room for `capacity` members, before a change.
    @usableFromInline mutating func makeUnique(capacity: Int) {
        if !isUniqueStorage() {
            self = PythonDict(storage: PythonDictStorage.copying(items, count: count, capacity: capacity))
        } else if capacity > header.pointee.capacity {
            self = PythonDict(storage: ownStorage.moved(capacity: grownCapacity(header.pointee.capacity, toHold: capacity)))
        }
    }

    public static func == (lhs: PythonDict, rhs: PythonDict) -> Bool {
        if lhs.header == rhs.header { return true }
        let (lhs, rhs) = (lhs.buffer, rhs.buffer)
        return lhs.count == rhs.count
            && zip(lhs, rhs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for member in buffer {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension PythonDict where Value: NestedValue {
    /// When no other value shares this dict's storage, moves the containers among its values to
    /// `pending` and empties it, so that freeing it releases no nested container.
    mutating func moveNestedValues(to pending: inout [Value]) {
        guard isUniqueStorage() else { return }
        ownStorage.moveNestedValues(to: &pending)
    }
}

/// Frees nested containers as `PythonListStorage` does.
@usableFromInline
final class PythonDictStorage<Value>: ItemStorage<(key: JSONString, value: Value)> {
    deinit {
        if Value.self == SessionValue.self {
            unsafeDowncast(self, to: PythonDictStorage<SessionValue>.self).releaseSessionMembers()
        } else if Value.self == JSONValue.self {
            unsafeDowncast(self, to: PythonDictStorage<JSONValue>.self).releaseNestedValues()
        }
    }
}

enum PythonDictLimits {
    static let linearScanLimit = 16
}

/// A JSON object.
public typealias JSONObject = PythonDict<JSONValue>
/// A Flask session dictionary.
public typealias SessionDict = PythonDict<SessionValue>
