import Synchronization

/// One heap allocation holding the items and members of many of a verified session's lists and
/// dicts, one record after the other (an ``ItemStorageHeader``, then the items, as in an
/// ``ItemStorage``), carved as the builder closes them (``SessionSlabCarver``): a 3 KB session's
/// fifty containers cost one allocation and one free instead of fifty of each.
///
/// A list or dict carved from a slab holds a strong reference to it, except where it lies in a
/// record of that same slab: there it holds the slab unretained (counting it would be a cycle),
/// and while the builder has it open (see ``SessionSlabCarver``).
/// So the slab lives as long as a value outside it (the session, or anything copied out of it)
/// holds it. Records never change: the first change to a carved list or dict copies it to a
/// storage of its own (copying retains). Freed, a slab frees what its records hold but its own
/// containers, which are only memory in it; the containers of other storages go level by level
/// (see ``NestedValue``), so dropping a session of any depth uses constant machine stack.
///
/// Its header counts bytes: `count` those its records take, `capacity` those it has.
final class SessionSlab: ItemMemory {
    /// The `capacity` of a record's header, telling a list's items from a dict's members.
    static var listRecord: Int { -1 }
    static var dictRecord: Int { -2 }
    /// A string's bytes (``JSONString``).
    static var stringRecord: Int { -3 }
    /// A list's or dict's record whose items need no freeing but what is carved from this
    /// same slab: nothing to do when the slab goes (most of a session's records).
    static var plainListRecord: Int { listRecord - 3 }
    static var plainDictRecord: Int { dictRecord - 3 }

    /// Records start at multiples of this from the first byte, which `ManagedBuffer` puts two
    /// headers (the object's and the slab's, 16 bytes each) after the allocation's start.
    private static var recordAlignment: Int { 16 }

    #if DEBUG
    /// How many slabs are alive, in debug builds: the tests' proof that each is freed once.
    static let live = Atomic<Int>(0)
    #endif

    static func make(capacity: Int) -> SessionSlab {
        #if DEBUG
        live.add(1, ordering: .relaxed)
        #endif
        let rounded = (capacity &+ recordAlignment &- 1) & ~(recordAlignment &- 1)
        return unsafeDowncast(create(minimumCapacity: rounded) { _ in ItemStorageHeader(count: 0, capacity: rounded) }, to: SessionSlab.self)
    }

    /// The bytes a record of `count` items takes.
    @inline(__always)
    static func recordSize<Item>(count: Int, _: Item.Type) -> Int {
        let end = itemsOffset(Item.self) &+ count &* MemoryLayout<Item>.stride
        return (end &+ recordAlignment &- 1) & ~(recordAlignment &- 1)
    }

    private var start: UnsafeMutableRawPointer { UnsafeMutableRawPointer(withUnsafeMutablePointerToElements { $0 }) }

    /// A record of `size` bytes (``recordSize(count:_:)``) for `count` items, of the
    /// kind `record`; nil if the slab has no room left for it.
    @inline(__always)
    func carve(size: Int, count: Int, record: Int) -> UnsafeMutablePointer<ItemStorageHeader>? {
        let state = counts
        let used = state.pointee.count
        guard state.pointee.capacity &- used >= size else { return nil }
        state.pointee.count = used &+ size
        let header = (start + used).bindMemory(to: ItemStorageHeader.self, capacity: 1)
        header.initialize(to: ItemStorageHeader(count: count, capacity: record))
        return header
    }

    /// The `count` items of type `Item` after the record `header`, bound to their type.
    @inline(__always)
    static func items<Item>(of header: UnsafeMutablePointer<ItemStorageHeader>, count: Int, _: Item.Type) -> UnsafeMutablePointer<Item> {
        UnsafeMutableRawPointer(header).advanced(by: itemsOffset(Item.self)).bindMemory(to: Item.self, capacity: count)
    }

    /// `value` (a list's item or a dict member's value) has just been moved into one of this
    /// slab's records: if it was carved from this slab, its reference is now the slab's own,
    /// held unretained.
    @inline(__always)
    func adopt(_ value: UnsafeMutablePointer<SessionValue>) {
        if value.pointee.isCarved(from: self) { Unmanaged.passUnretained(self).release() }
    }

    /// ``adopt(_:)`` for each of the `count` dict members just moved or copied to `members`.
    @inline(__always)
    func adopt(members: UnsafeMutablePointer<(key: JSONString, value: SessionValue)>, count: Int) {
        for k in 0..<count {
            adopt(UnsafeMutableRawPointer(members + k).assumingMemoryBound(to: JSONString.self))
            adopt(memberValue(members + k))
        }
    }

    /// As ``adopt(_:)``, for a dict member's key.
    @inline(__always)
    func adopt(_ key: UnsafeMutablePointer<JSONString>) {
        if !key.pointee.isInline && key.pointee.isCarved(from: self) { Unmanaged.passUnretained(self).release() }
    }

    /// Frees what the records hold and empties them, but the containers held by other storages,
    /// which go to `pending`; the slab's own containers are left as memory.
    func moveForeignContainers(to pending: inout [SessionValue]) {
        let end = counts.pointee.count
        counts.pointee.count = 0
        _ = listsAndDicts(upTo: end) { (header, isDict) in
            if isDict {
                SessionValue.moveItems(
                    of: header, (key: JSONString, value: SessionValue).self, valueOffset: memberValueOffset(SessionValue.self),
                    slab: self, containersTo: &pending)
            } else {
                SessionValue.moveItems(of: header, SessionValue.self, valueOffset: 0, slab: self, containersTo: &pending)
            }
            return true
        }
    }

    /// Calls `body` with the header of each list and dict record in the first `end` bytes, in
    /// order, and whether it is a dict's, while it returns true; returns whether it always did.
    /// `body` may empty the record. Plain records hold nothing to free: skipped.
    @inline(__always)
    private func listsAndDicts(upTo end: Int, _ body: (UnsafeMutablePointer<ItemStorageHeader>, _ isDict: Bool) -> Bool) -> Bool {
        var offset = 0
        while offset < end {
            let header = (start + offset).assumingMemoryBound(to: ItemStorageHeader.self)
            let count = header.pointee.count
            let record = header.pointee.capacity
            if record == Self.stringRecord {
                offset &+= Self.recordSize(count: count, UInt8.self)
            } else if record == Self.plainDictRecord {
                offset &+= Self.recordSize(count: count, (key: JSONString, value: SessionValue).self)
            } else if record == Self.plainListRecord {
                offset &+= Self.recordSize(count: count, SessionValue.self)
            } else if record == Self.dictRecord {
                guard body(header, true) else { return false }
                offset &+= Self.recordSize(count: count, (key: JSONString, value: SessionValue).self)
            } else {
                guard body(header, false) else { return false }
                offset &+= Self.recordSize(count: count, SessionValue.self)
            }
        }
        return true
    }

    /// Frees what the records hold, as when the slab is freed, and leaves it with no record.
    private func empty() {
        var pending: [SessionValue] = []
        moveForeignContainers(to: &pending)
        if !pending.isEmpty { SessionValue.releaseLevelByLevel(sessionValues: &pending) }
    }

    deinit {
        empty()
        #if DEBUG
        Self.live.subtract(1, ordering: .relaxed)
        #endif
    }

    /// Slabs of up to this many bytes are kept for reuse, one per thread.
    static var largestSpare: Int { 16 << 10 }

    /// This thread's spare slab, taken out of `spare` (this thread's, ``PerThread``) with the
    /// reference it held, when nothing else holds the slab any more and it has room for
    /// `capacity` bytes; emptied first (what its records held, if anything, is freed now). A
    /// small session read after the last one was dropped then costs no allocation and its drop
    /// no free: the two heap calls and the Swift runtime's object set-up and tear-down were most
    /// of a tiny verify's cost beyond the C API's. Held by nothing else, no other thread can
    /// reach it; taken out, no other reader on this thread can take it too.
    @inline(__always)
    static func takeSpare(from spare: UnsafeMutablePointer<SpareSlab>, capacity: Int) -> Unmanaged<SessionSlab>? {
        guard isKnownUniquelyReferenced(&spare.pointee.slab), let slab = spare.pointee.unmanaged,
              slab._withUnsafeGuaranteedRef({ $0.counts.pointee.capacity >= capacity })
        else { return nil }
        spare.pointee.unmanaged = nil
        slab._withUnsafeGuaranteedRef { slab in
            if spare.pointee.holdsReferences { slab.empty() } else { slab.counts.pointee.count = 0 }
        }
        return slab
    }
}

/// A thread's spare ``SessionSlab`` (``PerThread``), and whether its records may hold
/// references to free before it is reused.
struct SpareSlab {
    var slab: SessionSlab?
    var holdsReferences = false

    /// `slab`, seen as a reference held unmanaged (the same bits: moves with no retain or
    /// release).
    var unmanaged: Unmanaged<SessionSlab>? {
        @inline(__always) get { unsafeBitCast(slab, to: Unmanaged<SessionSlab>?.self) }
        @inline(__always) set {
            withUnsafeMutablePointer(to: &slab) { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Unmanaged<SessionSlab>?.self).pointee = newValue }
        }
    }

    /// Keeps `slab` and the reference the caller held, releasing the one kept before.
    @inline(__always)
    mutating func keep(_ slab: Unmanaged<SessionSlab>, holdingReferences: Bool) {
        unmanaged?.release()
        unmanaged = slab
        holdsReferences = holdingReferences
    }
}

/// Carves the lists and dicts a ``SessionBuilder`` closes from ``SessionSlab``s: one slab sized
/// from the text, enough for a typical session, then slabs twice as large as needed.
///
/// What it carves holds its slab UNCOUNTED (no retain, as a value in a record of that slab)
/// while it sits in the builder's open containers: carving and filing a container costs no
/// atomic operation. Such a value must never be freed as Swift frees values; a counted
/// reference is taken only where it leaves that state (``lift(_:)``): the document handed
/// over, a value moved into a record of a later slab, a tag's value kept by its untagged
/// value; elsewhere it is let go without a release (``drop(_:)``). The carver keeps every slab
/// it made until the session is read, so a slab replaced by a larger one lives while what was
/// carved from it is still open.
struct SessionSlabCarver {
    typealias Member = (key: JSONString, value: SessionValue)

    /// The slab being carved, and the reference the carver holds: managed by hand, as the
    /// runtime's reference counting of an optional class reference here cost several retains
    /// and releases per session.
    private var slab: Unmanaged<SessionSlab>?
    /// Whether `slab` is the first made (or none is yet).
    private var isFirstSlab = true
    /// The slabs `slab` replaced, oldest first, and the references the carver holds (a buffer
    /// of its own, allocated only for a session that outgrows its first slab).
    private var retired: UnsafeMutablePointer<Unmanaged<SessionSlab>>?
    private var retiredCount = 0
    private var retiredCapacity = 0
    private var nextCapacity: Int
    /// Whether the first slab's records may hold references to free (a value noted impure by
    /// the builder, a dict copied): if not, a spare slab is reused without a walk of them.
    var mayHoldReferences = false
    /// Where the first slab, this thread's spare or a new small slab, goes back once the
    /// session is read (see ``SessionSlab/takeSpare(from:capacity:)``).
    private var spareSlot: UnsafeMutablePointer<SpareSlab>?

    /// The first slab's bytes per byte of JSON text: (b) of the benchmark, a 3 KB session of
    /// fifty containers, needs about 3.
    private static var bytesPerTextByte: Int { 4 }
    private static var firstCapacityRange: ClosedRange<Int> { 256...(64 << 10) }
    private static var largestCapacity: Int { 1 << 20 }

    /// A carver for a session of `textCount` bytes of JSON.
    init(textCount: Int) {
        let range = Self.firstCapacityRange
        nextCapacity = Swift.max(Swift.min(textCount, range.upperBound / Self.bytesPerTextByte) &* Self.bytesPerTextByte, range.lowerBound)
    }

    /// A record for `count` items, and the slab holding it (the carver's reference). Only the
    /// first slab has plain records: a later slab's may hold what earlier slabs carved, which
    /// they must free.
    @inline(__always)
    private mutating func carve<Item>(count: Int, _: Item.Type, record: Int) -> (Unmanaged<SessionSlab>, UnsafeMutablePointer<ItemStorageHeader>) {
        let size = SessionSlab.recordSize(count: count, Item.self)
        if let slab, let header = slab._withUnsafeGuaranteedRef({ $0.carve(size: size, count: count, record: kind(of: record)) }) {
            return (slab, header)
        }
        return carveFromNewSlab(size: size, count: count, record: record)
    }

    @inline(never)
    private mutating func carveFromNewSlab(size: Int, count: Int, record: Int) -> (Unmanaged<SessionSlab>, UnsafeMutablePointer<ItemStorageHeader>) {
        let capacity = Swift.max(size, nextCapacity)
        let slab: Unmanaged<SessionSlab>
        if let earlier = self.slab {
            retire(earlier)
            isFirstSlab = false
            slab = .passRetained(SessionSlab.make(capacity: capacity))
        } else if capacity <= SessionSlab.largestSpare {
            let slot = PerThread.withStorage { $0.spareSlab }
            spareSlot = slot
            slab = SessionSlab.takeSpare(from: slot, capacity: capacity) ?? .passRetained(SessionSlab.make(capacity: capacity))
        } else {
            slab = .passRetained(SessionSlab.make(capacity: capacity))
        }
        nextCapacity = Swift.min(2 &* nextCapacity, Self.largestCapacity)
        self.slab = slab
        return (slab, slab._withUnsafeGuaranteedRef { $0.carve(size: size, count: count, record: kind(of: record))! })
    }

    /// Keeps `slab`, replaced by a larger one, until the session is read.
    private mutating func retire(_ slab: Unmanaged<SessionSlab>) {
        if retiredCount == retiredCapacity {
            let grown = Swift.max(4, 2 &* retiredCapacity)
            let new = UnsafeMutablePointer<Unmanaged<SessionSlab>>.allocate(capacity: grown)
            if let retired {
                new.moveInitialize(from: retired, count: retiredCount)
                retired.deallocate()
            }
            retired = new
            retiredCapacity = grown
        }
        (retired! + retiredCount).initialize(to: slab)
        retiredCount &+= 1
    }

    /// The kind of record `record` is carved as in the current slab: as asked in the first,
    /// the kind of the same items that the drop walks in any later one (a plain record's kind
    /// is its walked kind's less 3).
    @inline(__always)
    private func kind(of record: Int) -> Int {
        isFirstSlab || record >= SessionSlab.stringRecord ? record : record &+ 3
    }

    /// The slab, of those this carver made, for which `isCarved` holds.
    @inline(__always)
    private func slab(where isCarved: (SessionSlab) -> Bool) -> Unmanaged<SessionSlab>? {
        if let slab, slab._withUnsafeGuaranteedRef(isCarved) { return slab }
        return retiredCount == 0 ? nil : retiredSlab(where: isCarved)
    }

    @inline(never)
    private func retiredSlab(where isCarved: (SessionSlab) -> Bool) -> Unmanaged<SessionSlab>? {
        for k in 0..<retiredCount where retired![k]._withUnsafeGuaranteedRef(isCarved) { return retired![k] }
        return nil
    }

    /// Whether `value` was carved by this carver (and so, while open, holds its slab uncounted).
    @inline(__always)
    func isCarved(_ value: SessionValue) -> Bool { slab { value.isCarved(from: $0) } != nil }

    /// A counted reference for `value`, carved by this carver, that leaves the open
    /// containers for a place that counts it; nothing for any other value.
    @inline(__always)
    func lift(_ value: SessionValue) {
        _ = slab { value.isCarved(from: $0) }?.retain()
    }

    /// ``lift(_:)`` for a dict (every dict the builder files is carved).
    @inline(__always)
    func lift(_ dict: SessionDict) {
        if dict.header.pointee.isCarved { _ = Unmanaged.passUnretained(dict.owner).retain() }
    }

    /// The counted reference of `value` (a copy of a value carved by this carver) given back,
    /// as it goes into the open containers; nothing for any other value.
    @inline(__always)
    func lower(_ value: SessionValue) {
        slab { value.isCarved(from: $0) }?.release()
    }

    /// Frees the value at `value`, or lets it go uncounted if this carver carved it (its
    /// memory is the slab's).
    @inline(__always)
    func drop(_ value: UnsafeMutablePointer<SessionValue>) {
        if !isCarved(value.pointee) { value.deinitialize(count: 1) }
    }

    /// As ``drop(_:)-(UnsafeMutablePointer<SessionValue>)``, for a key.
    @inline(__always)
    func drop(_ key: UnsafeMutablePointer<JSONString>) {
        if !key.pointee.isInline && slab(where: { key.pointee.isCarved(from: $0) }) == nil { key.deinitialize(count: 1) }
    }

    /// Items (`Item` a value or a member) just moved into a record of `slab`, a later slab:
    /// those carved from an earlier slab now count their reference, which the record's drop
    /// gives back.
    @inline(never)
    private func countEarlierSlabs<Item>(of items: UnsafeMutablePointer<Item>, count: Int, in slab: Unmanaged<SessionSlab>) {
        let stride = MemoryLayout<Item>.stride
        let valueOffset = Item.self == SessionValue.self ? 0 : memberValueOffset(SessionValue.self)
        slab._withUnsafeGuaranteedRef { slab in
            for k in 0..<count {
                let item = UnsafeMutableRawPointer(items) + k &* stride
                if valueOffset > 0 {
                    let key = item.assumingMemoryBound(to: JSONString.self)
                    if !key.pointee.isInline && !key.pointee.isCarved(from: slab) { _ = retiredSlab { key.pointee.isCarved(from: $0) }?.retain() }
                }
                let value = (item + valueOffset).assumingMemoryBound(to: SessionValue.self)
                if !value.pointee.isCarved(from: slab) { _ = retiredSlab { value.pointee.isCarved(from: $0) }?.retain() }
            }
        }
    }

    /// A list of the values of the `count` members at `slots` (their keys are empty), moved;
    /// `plain`: they need no freeing but what the slab carved (see ``SessionSlab/plainListRecord``).
    /// Held uncounted.
    @inline(__always)
    mutating func list(movingValuesOf slots: UnsafeMutablePointer<Member>, count: Int, plain: Bool = false) -> SessionList {
        let (slab, header) = carve(count: count, SessionValue.self, record: plain ? SessionSlab.plainListRecord : SessionSlab.listRecord)
        let items = SessionSlab.items(of: header, count: count, SessionValue.self)
        for k in 0..<count { (items + k).moveInitialize(from: memberValue(slots + k), count: 1) }
        if !isFirstSlab { countEarlierSlabs(of: items, count: count, in: slab) }
        return SessionList(owner: slab.takeRetainedValue(), header: header)
    }

    /// A dict of the `count` members at `slots` (keys unique), moved; `plain` as for
    /// ``list(movingValuesOf:count:plain:)``. Held uncounted.
    @inline(__always)
    mutating func dict(moving slots: UnsafeMutablePointer<Member>, count: Int, plain: Bool = false) -> SessionDict {
        let (slab, header) = carve(count: count, Member.self, record: plain ? SessionSlab.plainDictRecord : SessionSlab.dictRecord)
        let members = SessionSlab.items(of: header, count: count, Member.self)
        OpenContainers<SessionValue>.moveMembers(slots, count: count, to: members)
        if !isFirstSlab { countEarlierSlabs(of: members, count: count, in: slab) }
        return SessionDict(owner: slab.takeRetainedValue(), header: header)
    }

    /// The members of `dict` (counted, made apart from the slabs), copied into a record (each
    /// member retained, then adopted); held uncounted.
    mutating func dict(copying dict: SessionDict) -> SessionDict {
        if dict.header.pointee.isCarved {
            lower(.dict(dict))
            return dict
        }
        let count = dict.count
        mayHoldReferences = true
        let (slab, header) = carve(count: count, Member.self, record: SessionSlab.dictRecord)
        let members = SessionSlab.items(of: header, count: count, Member.self)
        members.initialize(from: dict.items, count: count)
        slab._withUnsafeGuaranteedRef { $0.adopt(members: members, count: count) }
        return SessionDict(owner: slab.takeRetainedValue(), header: header)
    }

    /// The string of `bytes` (WTF-8, checked), carved if it is too long to be stored inline
    /// (then held uncounted).
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONString {
        guard bytes.count > JSONString.inlineCapacity else { return JSONString(uncheckedWTF8: bytes) }
        return carvedString(bytes)
    }

    @inline(never)
    private mutating func carvedString(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONString {
        let (slab, header) = carve(count: bytes.count, UInt8.self, record: SessionSlab.stringRecord)
        SessionSlab.items(of: header, count: bytes.count, UInt8.self).initialize(from: bytes.baseAddress!, count: bytes.count)
        return JSONString(owner: slab.takeRetainedValue(), header: header)
    }

    /// Lets the slabs go (what was carved from them and lifted holds them): the first, if
    /// small, to this thread's spare slot, in place of what it held; any other released.
    mutating func free() {
        guard let slab = slab.take() else { return }
        guard retiredCount > 0, let retired else { return letGo(slab) }
        letGo(retired[0])
        for k in 1..<retiredCount { retired[k].release() }
        slab.release()
        retired.deallocate()
        self.retired = nil
        retiredCount = 0
        retiredCapacity = 0
    }

    @inline(__always)
    private mutating func letGo(_ slab: Unmanaged<SessionSlab>) {
        if let slot = spareSlot.take() {
            slot.pointee.keep(slab, holdingReferences: mayHoldReferences)
        } else {
            slab.release()
        }
    }
}
