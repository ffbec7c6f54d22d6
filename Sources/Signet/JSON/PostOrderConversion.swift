/// One container being converted by ``PostOrderConversion``: its children still to convert and
/// those already converted.
protocol ConversionFrame {
    associatedtype Source
    associatedtype Target
    /// What every step of the walk is handed besides the values: the encoder writing its output
    /// (whose target is then the bytes written, `Void`), or nothing for a conversion that builds.
    associatedtype Context = Void
    /// Files a converted child; returns the next child to convert, or nil when all are done.
    mutating func add(_ child: Target, _ context: inout Context) throws(SignetError) -> Source?
    /// The container's converted value, once every child is in.
    func finish(_ context: inout Context) throws(SignetError) -> Target
}

/// What converting one value gives: a finished value, or a container to walk into, starting
/// with its first child.
enum ConversionStep<Frame: ConversionFrame> {
    case done(Frame.Target)
    case open(Frame, first: Frame.Source)
}

/// Converts a nested value into another bottom-up (Flask's tag and untag, the encoders' writing),
/// with the open containers on an explicit stack (the first few in the caller's frame, then on the
/// heap): machine stack use does not grow with depth.
enum PostOrderConversion {
    static func convert<Frame: ConversionFrame>(
        _ root: Frame.Source, _ step: (Frame.Source) throws(SignetError) -> ConversionStep<Frame>
    ) throws(SignetError) -> Frame.Target where Frame.Context == Void {
        var none: Void = ()
        return try convert(root, &none) { (value, _) throws(SignetError) in try step(value) }
    }

    // Inlined, so that the step and the frame's methods are inlined into the walk.
    @inline(__always)
    static func convert<Frame: ConversionFrame>(
        _ root: Frame.Source, _ context: inout Frame.Context,
        _ step: (consuming Frame.Source, inout Frame.Context) throws(SignetError) -> ConversionStep<Frame>
    ) throws(SignetError) -> Frame.Target {
        // The open containers, innermost last, start on the machine stack: a shallow value is
        // walked without a heap allocation.
        try withUnsafeTemporaryAllocation(of: Frame.self, capacity: 8) { (scratch) throws(SignetError) -> Frame.Target in
            var open = ScratchStack(lending: scratch)
            defer { open.free() }
            var pending = root
            while true {
                var done: Frame.Target
                switch try step(consume pending, &context) {
                case .done(let value): done = value
                case .open(let frame, let first):
                    open.push(frame)
                    pending = first
                    continue
                }
                // Hand the finished value to its container; close every container it completes.
                while true {
                    guard open.count > 0 else { return done }
                    let top = open.base + (open.count - 1)
                    if let next = try top.pointee.add(done, &context) {
                        pending = next
                        break
                    }
                    done = try open.pop().finish(&context)
                }
            }
        }
    }
}
