/// An ordered dictionary with Python `dict` semantics: string keys in insertion order, a
/// repeated key keeping its first position and taking its last value. JSON objects
/// (`JSONObject`) and Flask session dictionaries (`SessionDict`) are both this.
public struct PythonDict<Value: Sendable & Hashable>: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The members in insertion order; keys are unique.
    public private(set) var members: [(key: JSONString, value: Value)]

    public init() { members = [] }

    /// Builds a dict from pairs, as `dict(pairs)` does.
    public init(_ pairs: [(JSONString, Value)]) {
        members = []
        members.reserveCapacity(pairs.count)
        // A linear scan beats hashing for the handful of keys a cookie holds; past that,
        // an index keeps building linear in the number of pairs.
        if pairs.count <= PythonDictLimits.linearScanLimit {
            for (key, value) in pairs { self[key] = value }
            return
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
    }

    public init(dictionaryLiteral elements: (JSONString, Value)...) { self.init(elements) }

    /// Wraps members whose keys the caller has already made unique.
    init(uniqueMembers: [(key: JSONString, value: Value)]) { members = uniqueMembers }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [JSONString] { members.map(\.key) }

    public subscript(key: JSONString) -> Value? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { self[JSONString(key)] }
        set { self[JSONString(key)] = newValue }
    }

    public static func == (lhs: PythonDict, rhs: PythonDict) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
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
