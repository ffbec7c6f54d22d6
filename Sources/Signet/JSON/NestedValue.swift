/// A value that nests (`JSONValue`, `SessionValue`): equality, hashing and release walk it with
/// a stack on the heap instead of recursing.
///
/// Swift's synthesized `==` and `hash(into:)` recurse once per nesting level, and so does the
/// release of a nested enum (about 250 bytes of stack per level, measured); a value as deep as
/// the limits allow would then need far more stack than a small thread has. Release is taken
/// apart in the storage of `PythonList` and `PythonDict` (``ItemStorage``), whose `deinit`
/// calls `releaseLevelByLevel(_:)`: every value is freed that way, whoever built it.
package protocol NestedValue: Hashable {
    /// Whether the two values are equal apart from their children: same case, same scalar,
    /// same number of children and, for dictionaries, the same keys in the same order.
    func shallowEquals(_ other: Self) -> Bool
    /// Hashes everything `shallowEquals` compares.
    func shallowHash(into hasher: inout Hasher)
    /// Appends the values directly inside this one, in order.
    func appendChildren(to children: inout [Self])
    /// Whether the value is a list, tuple, array, dict or object.
    var isContainer: Bool { get }
    /// Leaves `null` behind; when the value was a container whose storage no other value
    /// shares, first moves the containers directly inside it to `pending` and empties it
    /// (its other items are freed then).
    mutating func moveNestedChildren(to pending: inout [Self])
    static var null: Self { get }
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
