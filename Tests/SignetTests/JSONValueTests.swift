import XCTest

@testable import Signet

final class JSONValueTests: XCTestCase {
    func testObjectKeepsFirstPositionAndLastValue() {
        let object = JSONObject([("b", 1), ("a", 2), ("b", 3)])
        XCTAssertEqual(object.keys, ["b", "a"])
        XCTAssertEqual(object["b"], 3)
        XCTAssertEqual(object["a"], 2)
    }
}
