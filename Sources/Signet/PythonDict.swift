/// An ordered dictionary with Python `dict` semantics: string keys in insertion order, a
/// repeated key keeping its first position and taking its last value. JSON objects
/// (`JSONObject`) and Flask session dictionaries (`SessionDict`) are both this.
///
/// A value type with copy-on-write whose members live in a shared storage object that, like
/// ``PythonList``'s, frees nested containers level by level in constant machine stack.
public struct PythonDict<Value: Sendable & Hashable>: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    // Reads are inlinable, as `PythonList`'s are.
    @usableFromInline var storage: PythonDictStorage<Value>

    /// The members in insertion order; keys are unique.
    @inlinable public var members: [(key: JSONString, value: Value)] { storage.members }

    /// The members, made this value's own before a change (copy-on-write).
    @usableFromInline var ownMembers: [(key: JSONString, value: Value)] {
        get { storage.members }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = PythonDictStorage(storage.members) }
            yield &storage.members
        }
    }

    public init() { storage = PythonDictStorage([]) }

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

    /// Wraps members whose keys the caller has already made unique.
    init(uniqueMembers: [(key: JSONString, value: Value)]) { storage = PythonDictStorage(uniqueMembers) }

    @inlinable public var count: Int { storage.members.count }
    @inlinable public var isEmpty: Bool { storage.members.isEmpty }
    @inlinable public var keys: [JSONString] { storage.members.map(\.key) }

    @inlinable public subscript(key: JSONString) -> Value? {
        get { storage.members.first(where: { $0.key == key })?.value }
        set {
            if let index = storage.members.firstIndex(where: { $0.key == key }) {
                if let newValue { ownMembers[index].value = newValue } else { ownMembers.remove(at: index) }
            } else if let newValue {
                ownMembers.append((key, newValue))
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { self[JSONString(key)] }
        set { self[JSONString(key)] = newValue }
    }

    public static func == (lhs: PythonDict, rhs: PythonDict) -> Bool {
        if lhs.storage === rhs.storage { return true }
        let (lhs, rhs) = (lhs.storage.members, rhs.storage.members)
        return lhs.count == rhs.count
            && zip(lhs, rhs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        let members = storage.members
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension PythonDict where Value: NestedValue {
    /// When no other value shares this dict's storage, moves the containers among its values to
    /// `pending` and empties it, so that freeing it releases no nested container.
    mutating func moveNestedValues(to pending: inout [Value]) {
        guard isKnownUniquelyReferenced(&storage) else { return }
        var members: [(key: JSONString, value: Value)] = []
        swap(&members, &storage.members)
        for index in members.indices where members[index].value.isContainer {
            pending.append(members[index].value.taken())
        }
    }
}

/// Shared and mutated as `PythonListStorage` is, for the same reasons.
@usableFromInline
final class PythonDictStorage<Value>: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var members: [(key: JSONString, value: Value)]

    @usableFromInline init(_ members: [(key: JSONString, value: Value)]) { self.members = members }

    deinit {
        // As in `PythonListStorage`.
        if Value.self == SessionValue.self {
            unsafeDowncast(self, to: PythonDictStorage<SessionValue>.self).releaseNestedValues()
        } else if Value.self == JSONValue.self {
            unsafeDowncast(self, to: PythonDictStorage<JSONValue>.self).releaseNestedValues()
        }
    }
}

extension PythonDictStorage where Value: NestedValue {
    func releaseNestedValues() {
        if !members.isEmpty { Value.releaseChildren(of: &members) }
    }
}

enum PythonDictLimits {
    static let linearScanLimit = 16
}

/// A JSON object.
public typealias JSONObject = PythonDict<JSONValue>
/// A Flask session dictionary.
public typealias SessionDict = PythonDict<SessionValue>
