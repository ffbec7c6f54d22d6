/// Unicode character names for `\N{NAME}`, from the Swift runtime's own Unicode tables: each
/// scalar's name and its formal name alias, matched without regard to ASCII case as Python
/// matches them. Python also knows the informal aliases (`NULL`, `LF`, `BOM`...) and its
/// Unicode version may differ from Swift's; those names differ between the two.
enum UnicodeNames {
    /// No Unicode name is longer; a longer `\N{...}` is refused without a lookup.
    static let longestName = 128

    /// The scalar named `name` (ASCII, any case), or nil.
    static func scalar(named name: UnsafeRawBufferPointer) -> UInt32? {
        guard !name.isEmpty, name.count <= longestName, name.allSatisfy({ $0 < 0x80 }) else { return nil }
        let upper = String(decoding: name.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
        return table[upper]
    }

    /// Built on the first `\N{...}` only (about 150 000 names, a fraction of a second).
    private static let table: [String: UInt32] = {
        var names = [String: UInt32](minimumCapacity: 160_000)
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let name = scalar.properties.name { names[name] = value }
            if let alias = scalar.properties.nameAlias { names[alias] = value }
        }
        return names
    }()
}
