/// One container being converted by ``PostOrderConversion``: its children still to convert and
/// those already converted.
protocol ConversionFrame {
    associatedtype Source
    associatedtype Target
    /// Files a converted child; returns the next child to convert, or nil when all are done.
    mutating func add(_ child: Target) -> Source?
    /// The container's converted value, once every child is in.
    func finish() throws(SignetError) -> Target
}

/// What converting one value gives: a finished value, or a container to walk into, starting
/// with its first child.
enum ConversionStep<Frame: ConversionFrame> {
    case done(Frame.Target)
    case open(Frame, first: Frame.Source)
}

/// Converts a nested value into another bottom-up (Flask's tag and untag), with the open
/// containers on a heap stack: machine stack use does not grow with depth.
enum PostOrderConversion {
    static func convert<Frame: ConversionFrame>(
        _ root: Frame.Source, _ step: (Frame.Source) throws(SignetError) -> ConversionStep<Frame>
    ) throws(SignetError) -> Frame.Target {
        var open: [Frame] = []
        var pending = root
        while true {
            var done: Frame.Target
            switch try step(pending) {
            case .done(let value): done = value
            case .open(let frame, let first):
                open.append(frame)
                pending = first
                continue
            }
            // Hand the finished value to its container; close every container it completes.
            while true {
                guard !open.isEmpty else { return done }
                let top = open.count - 1
                if let next = open[top].add(done) {
                    pending = next
                    break
                }
                done = try open[top].finish()
                open.removeLast()
            }
        }
    }
}
