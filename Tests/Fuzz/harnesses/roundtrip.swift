// libFuzzer harness: sign, then verify. A token Signet signed itself must verify: it may fail
// only on its payload (BadPayload kinds), never on its signature; and any JSON value that
// parses must come back from dumps/loads, and any Flask session from mint/verify, unchanged.
import Signet

private let stamp: Int64 = 1_700_000_000
private let sessions = try! FlaskSessions(FlaskSessions.Configuration(secretKey: fuzzKey, clock: .fixed(stamp)))
private let urlSafeTimed = try! Serializer.urlSafeTimed(secretKeys: [fuzzKey], clock: .fixed(stamp))
private let plain = try! Serializer(secretKeys: [fuzzKey])

private func canonical(_ value: JSONValue) -> [UInt8] {
    (try? PythonJSON.encode(value, options: .flask)) ?? []
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Input(pointer, size)
    switch input.mode % 3 {
    case 0:
        // Arbitrary payload bytes, genuinely signed: the signature layer must accept them and
        // the payload decoder (base64, zlib, JSON) must fail cleanly or succeed.
        for serializer in [urlSafeTimed, plain] {
            let token = serializer.signPayload(input.data, timestamp: stamp)
            do {
                _ = try serializer.loads(token, maxAge: 60, now: stamp)
            } catch {
                require(token.count > Limits.default.maxTokenLength ? error.kind == .tokenTooLarge : error.isA(.badPayload),
                        "a genuinely signed token failed with \(error.kind)")
            }
        }
        let cookie = sessions.serializer.signPayload(input.data, timestamp: stamp)
        do {
            _ = try sessions.verify(cookie, now: stamp)
        } catch {
            require(cookie.count > Limits.default.maxTokenLength ? error.kind == .tokenTooLarge : error.isA(.badPayload),
                    "a genuinely signed cookie failed with \(error.kind)")
        }
    case 1:
        guard let value = try? PythonJSON.decode(input.data) else { return 0 }
        for serializer in [urlSafeTimed, plain] {
            guard let token = try? serializer.dumps(value, timestamp: stamp) else { continue }
            guard token.count <= Limits.default.maxTokenLength else { continue }
            do {
                let loaded = try serializer.loads(token, maxAge: 60, now: stamp)
                require(canonical(loaded.value) == canonical(value), "dumps/loads changed the value")
                require(loaded.timestamp == nil || loaded.timestamp == stamp, "timestamp changed")
            } catch {
                require(false, "own token does not load: \(error.kind)")
            }
        }
    default:
        guard let session = try? FlaskSessions.session(fromTaggedJSON: input.data) else { return 0 }
        // A date before year 100 is minted as given ("0005") but read back as Python reads it
        // (2005), in Flask too: such sessions cannot come back unchanged.
        guard let json = try? PythonJSON.decode(input.data), (try? TaggedJSON.untag(json)) == .dict(session) else { return 0 }
        guard let cookie = try? sessions.mintBytes(session, timestamp: stamp) else { return 0 }
        guard cookie.count <= Limits.default.maxTokenLength else { return 0 }
        do {
            let verified = try sessions.verify(cookie, now: stamp)
            require(verified.signedAt == stamp, "signedAt changed")
            let a = try FlaskSessions.taggedJSON(verified.session)
            let b = try FlaskSessions.taggedJSON(session)
            require(a == b, "mint/verify changed the session")
        } catch {
            require(false, "own cookie does not verify: \(error.kind)")
        }
    }
    return 0
}
