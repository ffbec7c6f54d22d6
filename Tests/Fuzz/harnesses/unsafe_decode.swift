// libFuzzer harness: the explicitly unsafe decoders, which parse what they cannot verify:
// FlaskSessions.decodeUnsafe and Serializer.loadsUnsafe (URL-safe and plain). These are the
// one place payload decoding (base64, zlib, JSON, Flask tags) runs on unverified input, so the
// limits must hold here: invariants are "no crash, no leak, bounded memory", and "valid" agrees
// with loads (verify for sessions).
import Signet

private let sessions = try! FlaskSessions(secretKey: String(decoding: fuzzKey, as: UTF8.self))
private let urlSafe = try! Serializer.urlSafeTimed(secretKeys: [fuzzKey])
private let plain = try! Serializer(secretKeys: [fuzzKey])
// Small limits so the fuzzer reaches each of them with short inputs.
private let small = Limits(maxTokenLength: 4096, maxDecompressedSize: 2048, maxDepth: 8, maxIntegerDigits: 40)
private let smallSessions = try! FlaskSessions(FlaskSessions.Configuration(secretKey: fuzzKey, limits: small))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    switch input.mode % 4 {
    case 0:
        do {
            let decoded = try sessions.decodeUnsafe(input.data, now: 1_700_000_000)
            // Whatever it read must be writable again as tagged JSON.
            if let session = decoded.value { _ = try? FlaskSessions.taggedJSON(session) }
            if case .failure(let error) = decoded.decoded { require(error.isA(.badData), "decodeUnsafe gave \(error.kind)") }
            let verified = (try? sessions.verify(input.data, now: 1_700_000_000)) != nil
            require(verified == (decoded.signatureValid && decoded.value != nil), "decodeUnsafe and verify disagree")
        } catch {
            require(error.isA(.badData), "decodeUnsafe threw \(error.kind)")
        }
    case 1:
        do {
            let decoded = try smallSessions.decodeUnsafe(input.data)
            let json = decoded.value.flatMap { try? FlaskSessions.taggedJSON($0) }
            require(json == nil || json!.count <= 6 * small.maxDecompressedSize + 64, "output out of bounds")
        } catch {
            require(error.isA(.badData), "decodeUnsafe (small limits) threw \(error.kind)")
        }
    case 2:
        do {
            let (valid, _) = try urlSafe.loadsUnsafe(input.data, maxAge: nil, now: 1_700_000_000)
            require(!valid || (try? urlSafe.loads(input.data, now: 1_700_000_000)) != nil, "valid, yet loads refuses it")
        } catch {
            require(error.isA(.badData), "loadsUnsafe threw \(error.kind)")
        }
    default:
        do {
            let (valid, _) = try plain.loadsUnsafe(input.data)
            require(!valid || (try? plain.loads(input.data)) != nil, "valid, yet loads refuses it")
        } catch {
            require(error.isA(.badData), "loadsUnsafe threw \(error.kind)")
        }
    }
    return 0
}
