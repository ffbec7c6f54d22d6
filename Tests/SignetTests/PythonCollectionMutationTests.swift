import Signet
import XCTest

/// `PythonList` and `PythonDict` keep their items in storage of their own (one allocation, with
/// copy-on-write): every change must do what the same change does to an `Array` (the oracle),
/// and must never show through a copy.
final class PythonCollectionMutationTests: XCTestCase {
    func testListChangesMatchAnArrayAndLeaveCopiesAlone() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var list: SessionList = []
            var array: [SessionValue] = []
            var snapshots: [(SessionList, [SessionValue])] = []
            for step in 0..<40 {
                let value: SessionValue = step % 3 == 0 ? .list([.integer(JSONInteger(step))]) : .integer(JSONInteger(step))
                switch Int.random(in: 0..<7, using: &generator) {
                case 0:
                    list.append(value)
                    array.append(value)
                case 1:
                    let index = Int.random(in: 0...array.count, using: &generator)
                    list.insert(value, at: index)
                    array.insert(value, at: index)
                case 2 where !array.isEmpty:
                    let index = Int.random(in: 0..<array.count, using: &generator)
                    XCTAssertEqual(list.remove(at: index), array.remove(at: index))
                case 3:
                    let lower = Int.random(in: 0...array.count, using: &generator)
                    let upper = Int.random(in: lower...array.count, using: &generator)
                    let new = Array(repeating: value, count: Int.random(in: 0..<5, using: &generator))
                    list.replaceSubrange(lower..<upper, with: new)
                    array.replaceSubrange(lower..<upper, with: new)
                case 4 where !array.isEmpty:
                    let index = Int.random(in: 0..<array.count, using: &generator)
                    list[index] = value
                    array[index] = value
                case 5:
                    list.append(contentsOf: [value, value])
                    array.append(contentsOf: [value, value])
                default:
                    snapshots.append((list, array))
                }
                XCTAssertEqual(Array(list), array, "round \(round), step \(step)")
            }
            for (copy, expected) in snapshots { XCTAssertEqual(Array(copy), expected, "round \(round): a copy changed") }
            list.reserveCapacity(100)
            XCTAssertEqual(list.elements, array)
            XCTAssertEqual(list, SessionList(array))
            XCTAssertEqual(list.hashValue, SessionList(array).hashValue)
        }
    }

    func testDictChangesMatchPythonAndLeaveCopiesAlone() {
        var dict: SessionDict = ["a": 1, "b": 2]
        let copy = dict
        dict["c"] = 3
        dict["a"] = 10
        dict["b"] = nil
        dict["d"] = [1, 2]
        XCTAssertEqual(dict.keys, ["a", "c", "d"])
        XCTAssertEqual(dict["a"], 10)
        XCTAssertEqual(dict["d"], [1, 2])
        XCTAssertNil(dict["b"])
        XCTAssertEqual(copy.keys, ["a", "b"])
        XCTAssertEqual(copy["a"], 1)
        XCTAssertEqual(dict.members.map(\.key), dict.keys)
        // Many keys: the storage grows, keeps insertion order, and a repeated key keeps its place.
        var large = SessionDict()
        for k in 0..<100 { large["k\(k)"] = .integer(JSONInteger(k)) }
        large["k5"] = "five"
        XCTAssertEqual(large.count, 100)
        XCTAssertEqual(large.keys.first, "k0")
        XCTAssertEqual(large["k5"], "five")
        XCTAssertEqual(large, SessionDict(large.members.map { ($0.key, $0.value) }))
    }
}
