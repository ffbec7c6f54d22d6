/// The containers a builder sink has open, for any value type that nests: the items and
/// members of every open container on one stack, innermost last, each container moved off it
/// into its list's or dict's storage (sized exactly, one allocation) when it closes, so no
/// element is copied (or retained) twice and no per-container array grows.
///
/// Its stacks start in the caller's stack frame (``withScratch(_:)``): a small document is
/// built with one heap allocation per container and none besides. Call ``free()`` once done.
struct OpenContainers<Value: NestedValue & Sendable> {
    typealias Member = (key: JSONString, value: Value)

    struct Frame {
        /// Where its items or members start on `slots`.
        let start: Int
        let isObject: Bool
        /// Whether the last of `tables` is this object's.
        var hasTable = false
        /// Whether the object's keys came in increasing order.
        var isSorted = true
    }

    /// Items (with an empty key) and members of the open containers. In an object, the member
    /// on top holds the key whose value is being read, `null` until it is filed.
    private var slots: ScratchStack<Member>
    private var frames: ScratchStack<Frame>
    /// Key positions of the open objects that outgrew a linear scan, innermost last, so that
    /// building stays linear however many keys arrive.
    private var tables: [[JSONString: Int]] = []
    /// The finished document, once the outermost value is complete.
    private(set) var root: Value?
    /// The values repeated keys replaced, and those repeated keys, kept until ``free()``: a
    /// sink may hold what it files uncounted, and sees to them (``forget(replacedOnly:where:_:)``).
    private var replaced: [Member] = []

    /// Room on the machine stack for this many members and open containers before the heap.
    private static var scratchMembers: Int { 16 }
    private static var scratchFrames: Int { 8 }

    /// Calls `body` with containers whose stacks start on the machine stack (about 1 KiB),
    /// in place (a copy would retain and release what they hold), and frees them after.
    @inline(__always)
    static func withScratch<R, E: Error>(_ body: (inout OpenContainers) throws(E) -> R) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: Member.self, capacity: scratchMembers) { (slots) throws(E) -> R in
            try withUnsafeTemporaryAllocation(of: Frame.self, capacity: scratchFrames) { (frames) throws(E) -> R in
                try withUnsafeTemporaryAllocation(of: OpenContainers.self, capacity: 1) { (memory) throws(E) -> R in
                    let open = memory.baseAddress!
                    open.initialize(to: OpenContainers(slots: ScratchStack(lending: slots), frames: ScratchStack(lending: frames)))
                    // Never deinitialized: `free()` leaves nothing to release (the empty
                    // array's shared storage and nil), and the destroy that a local variable
                    // gets is generic here (about 100 instructions per document).
                    defer { open.pointee.free() }
                    return try body(&open.pointee)
                }
            }
        }
    }

    private init(slots: ScratchStack<Member>, frames: ScratchStack<Frame>) {
        self.slots = slots
        self.frames = frames
    }

    var isEmpty: Bool { frames.count == 0 }

    /// How many containers are open.
    var depth: Int { frames.count }

    @inline(__always)
    mutating func open(isObject: Bool) {
        frames.push(Frame(start: slots.count, isObject: isObject))
    }

    @inline(__always)
    mutating func setKey(_ key: JSONString) {
        slots.push((key, Value.null))
    }

    /// Files a complete value in the innermost container, or as the document; returns its
    /// position in the container (0 for the document). In an object, like `dict[key] = value`:
    /// a repeated key keeps its first position and takes the last value.
    @discardableResult
    @inline(__always)
    mutating func file(_ value: consuming Value) -> Int {
        guard frames.count > 0 else {
            root = consume value
            return 0
        }
        let frame = frames.base[frames.count - 1]
        guard frame.isObject else {
            slots.push((JSONString.empty, consume value))
            return slots.count - 1 - frame.start
        }
        let p = slots.base
        let keySlot = slots.count - 1
        // Keys in increasing order so far (as Flask writes them) cannot repeat: no scan. The
        // value takes the place of the key's `null`, which needs no freeing.
        if !frame.hasTable && (keySlot == frame.start || (frame.isSorted && Self.keyPrecedes(p + keySlot - 1, p + keySlot))) {
            memberValue(p + keySlot).initialize(to: consume value)
            return keySlot - frame.start
        }
        return fileAfterUnsortedKey(consume value, frame: frame, keySlot: keySlot)
    }

    /// Whether the key of the member at `earlier` comes before that at `later`, read in place.
    @inline(__always)
    private static func keyPrecedes(_ earlier: UnsafeMutablePointer<Member>, _ later: UnsafeMutablePointer<Member>) -> Bool {
        JSONString.precedes(
            UnsafeRawPointer(earlier).assumingMemoryBound(to: JSONString.self), UnsafeRawPointer(later).assumingMemoryBound(to: JSONString.self))
    }

    /// `file(_:)` for a key that may repeat an earlier one of its object.
    @inline(never)
    private mutating func fileAfterUnsortedKey(_ value: consuming Value, frame: Frame, keySlot: Int) -> Int {
        let p = slots.base
        guard let earlier = earlierPosition(of: p[keySlot].key, in: frame, before: keySlot) else {
            p[keySlot].value = value
            return keySlot - frame.start
        }
        replaced.append((JSONString.empty, memberValue(p + earlier).move()))
        memberValue(p + earlier).initialize(to: consume value)
        replaced.append(slots.pop())
        return earlier - frame.start
    }

    /// Where `key` already is among the innermost object's members below `end`, if it is.
    private mutating func earlierPosition(of key: JSONString, in frame: Frame, before end: Int) -> Int? {
        let p = slots.base
        frames.base[frames.count - 1].isSorted = false
        if !frame.hasTable {
            if end - frame.start < PythonDictLimits.linearScanLimit {
                for k in frame.start..<end where p[k].key == key { return k }
                return nil
            }
            var table: [JSONString: Int] = Dictionary(minimumCapacity: 2 * (end - frame.start))
            for k in frame.start..<end { table[p[k].key] = k }
            tables.append(table)
            frames.base[frames.count - 1].hasTable = true
        }
        if let position = tables[tables.count - 1][key] { return position }
        tables[tables.count - 1][key] = end
        return nil
    }

    /// How many items or members the innermost container holds.
    @inline(__always)
    var innermostCount: Int { slots.count - frames.base[frames.count - 1].start }

    /// The innermost container's first key.
    @inline(__always)
    var innermostFirstKey: JSONString { slots.base[frames.base[frames.count - 1].start].key }

    /// Takes the innermost container off `frames`; returns where its items start.
    @inline(__always)
    private mutating func closeFrame() -> Int {
        let frame = frames.pop()
        if frame.hasTable { tables.removeLast() }
        return frame.start
    }

    /// Closes the innermost container: `body` gets its members (items have empty keys) and
    /// must move every one of them out.
    @inline(__always)
    mutating func close<R>(movingMembers body: (UnsafeMutablePointer<Member>, Int) -> R) -> R {
        let start = closeFrame()
        let result = body(slots.base + start, slots.count - start)
        slots.forget(downTo: start)
        return result
    }

    /// Closes the innermost container, an array: its items.
    @inline(__always)
    mutating func closeList() -> PythonList<Value> {
        close { (members, count) in
            let storage = PythonListStorage<Value>.make(capacity: count)
            storage.withUnsafeMutablePointerToHeader { header in
                // An item's key is the empty string, which needs no freeing.
                let items = items(after: header, Value.self)
                for k in 0..<count { (items + k).moveInitialize(from: memberValue(members + k), count: 1) }
                header.pointee.count = count
            }
            return PythonList(storage: storage)
        }
    }

    /// Closes the innermost container, an object: its members.
    @inline(__always)
    mutating func closeDict() -> PythonDict<Value> {
        close { (members, count) in
            let storage = PythonDictStorage<Value>.make(capacity: count)
            // Both pointers from one access: reaching the header apart retained and released the
            // storage (two atomic operations per object).
            storage.withUnsafeMutablePointerToHeader { header in
                Self.moveMembers(members, count: count, to: items(after: header, Member.self))
                header.pointee.count = count
            }
            return PythonDict(storage: storage)
        }
    }

    /// Moves `count` members; a one-member object (the usual tiny session) by a copy, not a
    /// memmove call.
    @inline(__always)
    static func moveMembers(_ members: UnsafeMutablePointer<Member>, count: Int, to destination: UnsafeMutablePointer<Member>) {
        if count == 1 {
            destination.initialize(to: members.move())
        } else {
            destination.moveInitialize(from: members, count: count)
        }
    }

    /// Closes the innermost container, an object of one member: that member, left where it
    /// is, above the stack's top, for the caller to move or free before anything is filed.
    mutating func closeOnlyMember() -> UnsafeMutablePointer<Member> {
        let start = closeFrame()
        slots.forget(downTo: start)
        return slots.base + start
    }

    /// Whether a repeated key replaced a value.
    var hasReplaced: Bool { replaced.capacity != 0 }

    /// Leaves, without freeing them, the keys and values that `isUncountedKey` and
    /// `isUncountedValue` tell are held uncounted (their memory is someone else's), as empty
    /// keys and nulls: those of the replaced members, and unless `replacedOnly`, those of the
    /// open containers and the document too. ``free()`` then frees the rest.
    mutating func forget(replacedOnly: Bool, where isUncountedKey: (JSONString) -> Bool, _ isUncountedValue: (Value) -> Bool) {
        func forget(_ member: UnsafeMutablePointer<Member>) {
            let key = UnsafeMutableRawPointer(member).assumingMemoryBound(to: JSONString.self)
            if isUncountedKey(key.pointee) { key.initialize(to: .empty) }
            if isUncountedValue(memberValue(member).pointee) { memberValue(member).initialize(to: .null) }
        }
        replaced.withUnsafeMutableBufferPointer { members in
            for k in members.indices { forget(members.baseAddress! + k) }
        }
        guard !replacedOnly else { return }
        for k in 0..<slots.count { forget(slots.base + k) }
        if let document = root, isUncountedValue(document) {
            withUnsafeMutablePointer(to: &root) { $0.initialize(to: nil) }
        }
    }

    /// Drops everything built so far (after an error) and gives back the stacks' memory.
    mutating func free() {
        slots.free()
        frames.free()
        // Each guarded: assigning releases the old value, a runtime call even when it is empty.
        // `tables` is tested by capacity, not count: once an object's table is removed, the
        // array is empty but still owns its buffer (never deinitialized, it would leak).
        if tables.capacity != 0 { tables = [] }
        if replaced.capacity != 0 { replaced = [] }
        if case .some = root { root = nil }
    }

    /// The document, handed over.
    mutating func take() -> Value? {
        root.take()
    }
}
