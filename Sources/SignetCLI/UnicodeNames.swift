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
        if let value = derivedNameScalar(upper) { return value }
        return table[upper]
    }

    /// Ideographs are named after their code point (`CJK UNIFIED IDEOGRAPH-4E00`), Hangul
    /// syllables after their jamo: found without the table, which leaves them out.
    private static func derivedNameScalar(_ name: String) -> UInt32? {
        if name.hasPrefix("HANGUL SYLLABLE ") {
            return hangulSyllables.first { Unicode.Scalar($0)?.properties.name == name }
        }
        guard let dash = name.lastIndex(of: "-"), let value = UInt32(name[name.index(after: dash)...], radix: 16),
            let scalar = Unicode.Scalar(value), scalar.properties.name == name
        else { return nil }
        return value
    }

    private static let hangulSyllables: ClosedRange<UInt32> = 0xAC00...0xD7A3

    /// Blocks whose names are derived from the code point, left out of the table.
    private static let derivedNameBlocks: [Range<UInt32>] = [
        0x3400..<0xA000, 0xAC00..<0xD7A4, 0xF900..<0xFB00, 0x17000..<0x18800, 0x18B00..<0x18D10,
        0x1B170..<0x1B300, 0x20000..<0x323B0,
    ]

    /// Built on the first other `\N{...}` only (tens of thousands of names, milliseconds).
    /// Planes 4 to 13 hold no characters; planes 15 and 16 only unnamed private use.
    private static let table: [String: UInt32] = {
        var names = [String: UInt32](minimumCapacity: 60_000)
        var value: UInt32 = 0
        while value <= 0xE0FFF {
            if value == 0x40000 { value = 0xE0000 }
            if let block = derivedNameBlocks.first(where: { $0.contains(value) }) {
                value = block.upperBound
                continue
            }
            if let scalar = Unicode.Scalar(value) {
                if let name = scalar.properties.name { names[name] = value }
                if let alias = scalar.properties.nameAlias { names[alias] = value }
            }
            value += 1
        }
        return names
    }()
}
