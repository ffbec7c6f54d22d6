/// A value that nests (`JSONValue`, `SessionValue`): equality, hashing and release walk it with
/// a stack on the heap instead of recursing.
///
/// Swift's synthesized `==` and `hash(into:)` recurse once per nesting level, and so does the
/// release of a nested enum (about 250 bytes of stack per level, measured); a value as deep as
/// the limits allow would then need far more stack than a small thread has. Release is taken
/// apart in the storage of `PythonList` and `PythonDict` (``ItemStorage``), whose `deinit`
/// calls `releaseLevelByLevel(_:)`: every value is freed that way, whoever built it.
package protocol NestedValue: Hashable, Sendable {
    /// Whether the two values are equal apart from their children: same case, same scalar,
    /// same number of children and, for dictionaries, the same keys in the same order.
    func shallowEquals(_ other: Self) -> Bool
    /// Hashes everything `shallowEquals` compares.
    func shallowHash(into hasher: inout Hasher)
    /// The list or dict the value holds (a list, tuple, array, dict or object); nil for a scalar.
    var container: NestedContainer<Self>? { get }
    static var null: Self { get }
}

/// The storage of a nesting value's container: all the walks below need of the value's cases.
package enum NestedContainer<Value: NestedValue> {
    case list(PythonList<Value>)
    case dict(PythonDict<Value>)
}

// Closures rather than key paths below: a key path in generic code is built at run time.
extension NestedValue {
    /// Whether the value is a list, tuple, array, dict or object.
    var isContainer: Bool { container != nil }

    /// Appends the values directly inside this one, in order.
    func appendChildren(to children: inout [Self]) {
        switch container {
        case .list(let items): children.append(contentsOf: items)
        case .dict(let dict): children.append(contentsOf: dict.buffer.lazy.map { $0.value })
        case nil: break
        }
    }

    /// Leaves `null` behind; when the value was a container whose storage no other value
    /// shares, first moves the containers directly inside it to `pending` and empties it
    /// (its other items are freed then).
    mutating func moveNestedChildren(to pending: inout [Self]) {
        // Each payload is copied out by a statement of its own, whose temporaries are gone by
        // the next line; then the copy it came from lets go, and the payload holds the storage
        // alone if no other value does (a `switch` would keep its subject alive to the end of
        // the case).
        var container = self.container
        self = .null
        if case .dict(var dict) = container {
            container = nil
            dict.moveNestedValues(to: &pending)
        } else if case .list(var items) = container {
            container = nil
            items.moveNestedElements(to: &pending)
        }
    }
}

extension PythonDict where Value: NestedValue {
    /// The part of a dict `shallowEquals` compares: its keys, in order.
    func hasSameKeys(as other: PythonDict) -> Bool {
        count == other.count
            && buffer.lazy.map { $0.key }.elementsEqual(other.buffer.lazy.map { $0.key })
    }

    /// Hashes what `hasSameKeys(as:)` compares.
    func hashKeys(into hasher: inout Hasher) {
        hasher.combine(count)
        for member in buffer { hasher.combine(member.key) }
    }
}

extension NestedValue {
    package static func nestedEquals(_ lhs: Self, _ rhs: Self) -> Bool {
        var left: [Self] = []
        var right: [Self] = []
        var pair = (lhs, rhs)
        while true {
            guard pair.0.shallowEquals(pair.1) else { return false }
            pair.0.appendChildren(to: &left)
            pair.1.appendChildren(to: &right)
            guard let nextLeft = left.popLast(), let nextRight = right.popLast() else { return true }
            pair = (nextLeft, nextRight)
        }
    }

    package func nestedHash(into hasher: inout Hasher) {
        var pending: [Self] = []
        var value = self
        while true {
            value.shallowHash(into: &hasher)
            value.appendChildren(to: &pending)
            guard let next = pending.popLast() else { return }
            value = next
        }
    }
}

/// What the storage of a list or dict does as it is freed (see ``ItemStorage``): the containers
/// among its children whose storage it alone holds are taken apart level by level on a heap
/// stack, each emptied before it goes, so every nested `deinit` finds nothing to free and
/// machine stack stays constant, however deep the value. A container another value shares is
/// only released (its other owner keeps it).
extension NestedValue {
    /// Empties `pending`, the outermost containers first: the items themselves are the stack,
    /// each container popped adds its own.
    static func releaseLevelByLevel(_ pending: inout [Self]) {
        while var next = pending.popLast() {
            if next.isContainer { next.moveNestedChildren(to: &pending) }
        }
    }
}
