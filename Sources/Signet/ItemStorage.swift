/// How many items a list's or dict's storage holds and has room for: the header of an
/// ``ItemStorage``, or of a record of a ``SessionSlab``, the items right after it either way.
@usableFromInline
struct ItemStorageHeader {
    @usableFromInline var count: Int
    /// Kept here: `ManagedBuffer.capacity` asks the allocator every time. Negative in a
    /// ``SessionSlab``'s record (see ``isCarved``), which is never changed.
    @usableFromInline let capacity: Int

    @usableFromInline init(count: Int, capacity: Int) {
        self.count = count
        self.capacity = capacity
    }

    /// Whether the items are a record of a ``SessionSlab`` rather than an ``ItemStorage`` of
    /// their own.
    @inlinable var isCarved: Bool { capacity < 0 }
}

/// The items after `header`: in an ``ItemStorage`` and in a ``SessionSlab``'s record alike, at
/// the first multiple of their alignment after the header, counted from the object's start
/// (which the allocator aligns to 16 bytes).
@inlinable @inline(__always)
func items<Item>(after header: UnsafeMutablePointer<ItemStorageHeader>, _: Item.Type) -> UnsafeMutablePointer<Item> {
    (UnsafeMutableRawPointer(header) + itemsOffset(Item.self)).assumingMemoryBound(to: Item.self)
}

/// How far after its header an ``ItemStorage``'s first item lies (see ``items(after:_:)``).
@inlinable @inline(__always)
func itemsOffset<Item>(_: Item.Type) -> Int {
    let objectHeader = 2 &* MemoryLayout<Int>.size
    let alignment = MemoryLayout<Item>.alignment
    return ((objectHeader &+ MemoryLayout<ItemStorageHeader>.size &+ alignment &- 1) & ~(alignment &- 1)) &- objectHeader
}

/// What keeps a list's items or a dict's members alive: their own ``ItemStorage`` or a
/// ``SessionSlab`` they were carved from. The bytes after the header are untyped here; the
/// subclasses know what they hold. One class above both, so that a list or dict holds a
/// reference of a concrete class type (an `AnyObject` would be copied to be checked for
/// uniqueness in unoptimized builds).
@usableFromInline
class ItemMemory: ManagedBuffer<ItemStorageHeader, UInt8> {
    /// The header, reached through its address: `header` itself is a class's stored property,
    /// whose every access would be checked for exclusivity at run time. No access overlaps a
    /// change (see ``ItemStorage``), so none needs the check.
    @inlinable final var counts: UnsafeMutablePointer<ItemStorageHeader> { withUnsafeMutablePointerToHeader { $0 } }
}

/// The items of a ``PythonList`` or the members of a ``PythonDict``: the header and the items
/// in one heap allocation (an `Array` in a class would take two).
///
/// Mutated only through a list or dict that holds the sole reference (copy-on-write), so no two
/// threads ever see it change: shared between values, it is immutable. That is what makes the
/// list and dict `Sendable` (`ManagedBuffer` itself is not). Its subclasses free
/// nested containers level by level (see ``NestedValue``); what they leave is freed here.
@usableFromInline
class ItemStorage<Item>: ItemMemory {
    /// Empty storage with room for `capacity` items, of the caller's class.
    @inlinable
    final class func make(capacity: Int) -> Self {
        // The allocator aligns objects to 16 bytes, which ``items(after:_:)`` counts on.
        precondition(MemoryLayout<Item>.alignment <= 16, "items aligned to more than 16 bytes")
        let bytes = itemsOffset(Item.self) &- MemoryLayout<ItemStorageHeader>.size &+ capacity &* MemoryLayout<Item>.stride
        let storage = unsafeDowncast(create(minimumCapacity: bytes) { _ in ItemStorageHeader(count: 0, capacity: capacity) }, to: self)
        UnsafeMutableRawPointer(storage.items).bindMemory(to: Item.self, capacity: capacity)
        return storage
    }

    /// A storage of the caller's class holding copies of the `count` items at `source`, with
    /// room for `capacity`.
    @inlinable
    final class func copying(_ source: UnsafeMutablePointer<Item>, count: Int, capacity: Int) -> Self {
        let copy = make(capacity: Swift.max(capacity, count))
        copy.items.initialize(from: source, count: count)
        copy.counts.pointee.count = count
        return copy
    }

    @inlinable final var count: Int { counts.pointee.count }

    @inlinable final var room: Int { counts.pointee.capacity }

    /// The first item; valid while the storage lives.
    @inlinable final var items: UnsafeMutablePointer<Item> { Signet.items(after: counts, Item.self) }

    @inlinable final var buffer: UnsafeMutableBufferPointer<Item> { UnsafeMutableBufferPointer(start: items, count: count) }

    /// A storage of the same class with these items moved to it, with room for `capacity`;
    /// this one is left empty.
    @inlinable
    final func moved(capacity: Int) -> Self {
        let copy = Self.make(capacity: Swift.max(capacity, count))
        copy.items.moveInitialize(from: items, count: count)
        copy.counts.pointee.count = count
        counts.pointee.count = 0
        return copy
    }

    /// The number of items, leaving 0: the caller takes them over (moves or frees them).
    @inlinable
    final func takeCount() -> Int {
        let n = counts.pointee.count
        counts.pointee.count = 0
        return n
    }

    /// Adds `item` at the end; there must be room.
    @inlinable
    final func append(_ item: __owned Item) {
        (items + count).initialize(to: item)
        counts.pointee.count += 1
    }

    /// Removes the item at `index`, moving the later ones down.
    @inlinable
    final func remove(at index: Int) {
        let p = items
        (p + index).deinitialize(count: 1)
        (p + index).moveInitialize(from: p + index + 1, count: count - index - 1)
        counts.pointee.count -= 1
    }

    deinit {
        // Generic: only what a subclass's `deinit` left (nothing, for the library's nesting types).
        if count > 0 { _ = items.deinitialize(count: count) }
    }
}

/// Where a dict member's value lies in it: Swift lays a tuple out as a struct, the value after
/// the key at the next multiple of its alignment.
@inline(__always)
func memberValueOffset<Value>(_: Value.Type) -> Int {
    (MemoryLayout<JSONString>.size + MemoryLayout<Value>.alignment - 1) & ~(MemoryLayout<Value>.alignment - 1)
}

/// The value half of the dict member at `member`.
@inline(__always)
func memberValue<Value>(_ member: UnsafeMutablePointer<(key: JSONString, value: Value)>) -> UnsafeMutablePointer<Value> {
    (UnsafeMutableRawPointer(member) + memberValueOffset(Value.self)).assumingMemoryBound(to: Value.self)
}

/// The capacity to grow to for at least `needed` items: doubling, so appends stay amortized O(1).
@inlinable
func grownCapacity(_ capacity: Int, toHold needed: Int) -> Int {
    Swift.max(needed, 2 * capacity, 4)
}

extension ItemStorage where Item: NestedValue {
    /// Empties the storage; the containers among its items go to `pending` (see
    /// ``NestedValue``), the rest is freed now.
    final func moveNestedItems(to pending: inout [Item]) {
        let p = items
        let n = count
        counts.pointee.count = 0
        for k in 0..<n {
            let item = (p + k).move()
            if item.isContainer { pending.append(item) }
        }
    }

    /// Frees the items, containers level by level.
    final func releaseNestedItems() {
        guard count > 0 else { return }
        var pending: [Item] = []
        moveNestedItems(to: &pending)
        Item.releaseLevelByLevel(&pending)
    }
}

extension ItemStorage {
    /// As ``moveNestedItems(to:)`` for a dict's members: the containers among their values.
    final func moveNestedValues<Value: NestedValue>(to pending: inout [Value]) where Item == (key: JSONString, value: Value) {
        let p = items
        let n = count
        counts.pointee.count = 0
        for k in 0..<n {
            let member = (p + k).move()
            if member.value.isContainer { pending.append(member.value) }
        }
    }

    /// Frees the members, containers level by level.
    final func releaseNestedValues<Value: NestedValue>() where Item == (key: JSONString, value: Value) {
        guard count > 0 else { return }
        var pending: [Value] = []
        moveNestedValues(to: &pending)
        Value.releaseLevelByLevel(&pending)
    }
}
