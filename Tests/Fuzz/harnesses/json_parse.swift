// libFuzzer harness: PythonJSON.decode (json.loads) and the Flask tag layer on arbitrary bytes.
// Invariants: never a crash or stack overflow (the parser must not recurse), errors are
// BadPayload kinds, and whatever parses re-encodes (in each style) to text that parses back to
// the same canonical encoding: dumps(loads(dumps(x))) == dumps(x).
import Signet

private let small = JSONDecodingLimits(maxDepth: 16, maxIntegerDigits: 50)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    let limits = (input.mode & 1) != 0 ? small : .default
    let value: JSONValue
    do {
        value = try PythonJSON.decode(input.data, limits: limits)
    } catch {
        require(error.isA(.badPayload), "decode threw \(error.kind)")
        return 0
    }
    for options in [JSONEncodingOptions.pythonDefault, .compact, .flask] {
        let text: [UInt8]
        do {
            text = try PythonJSON.encode(value, options: options)
        } catch {
            // Only a lone surrogate without ASCII escapes is unserialisable.
            require(error.kind == .unserializable && !options.ensureASCII, "encode threw \(error.kind)")
            continue
        }
        do {
            let again = try PythonJSON.decode(text, limits: .default)
            let first = try PythonJSON.encode(value, options: .flask)
            let second = try PythonJSON.encode(again, options: .flask)
            require(first == second, "re-encoding changed the value")
        } catch {
            require(false, "own output does not parse back: \(error.kind)")
        }
    }
    // The Flask tag layer on the same value: untag, and if that works, tag again.
    if let session = try? TaggedJSON.untag(value) {
        do {
            let tagged = try TaggedJSON.tag(session)
            let retagged = try TaggedJSON.tag(try TaggedJSON.untag(tagged))
            let a = try PythonJSON.encode(tagged, options: .flask)
            let b = try PythonJSON.encode(retagged, options: .flask)
            require(a == b, "tag/untag is not stable")
        } catch {
            require(false, "untagged value does not tag again: \(error.kind)")
        }
    }
    return 0
}
