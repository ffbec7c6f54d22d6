/// A value that nests (`JSONValue`, `SessionValue`): equality, hashing and release walk it with
/// a stack on the heap instead of recursing.
///
/// Swift's synthesized `==` and `hash(into:)` recurse once per nesting level, and so does the
/// release of a nested enum (about 250 bytes of stack per level, measured); a value as deep as
/// the limits allow would then need far more stack than a small thread has.
package protocol NestedValue: Hashable {
    /// Whether the two values are equal apart from their children: same case, same scalar,
    /// same number of children and, for dictionaries, the same keys in the same order.
    func shallowEquals(_ other: Self) -> Bool
    /// Hashes everything `shallowEquals` compares.
    func shallowHash(into hasher: inout Hasher)
    /// Appends the values directly inside this one, in order.
    func appendChildren(to children: inout [Self])
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

    /// Releases a value the library built (a tree: no container shared with another value)
    /// level by level, in constant machine stack, and leaves nil behind.
    package static func release(_ value: inout Self?) {
        var pending: [Self] = []
        if let root = value.take() { pending.append(root) }
        while let next = pending.popLast() {
            // The children move to `pending` before `next` goes: freeing its storage then only
            // decrements them.
            next.appendChildren(to: &pending)
        }
    }

    /// ``release(_:)`` for several values.
    package static func release(_ values: inout [Self]) {
        while !values.isEmpty {
            var next: Self? = values.removeLast()
            release(&next)
        }
    }
}
