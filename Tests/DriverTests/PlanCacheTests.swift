import Foundation
import Lexer
import NetModel
import XCTest

@testable import Driver

/// The memory of "this script on this state changes nothing": the same inputs give the same
/// key, any change to the script, a parameter or the state gives another, and what is
/// remembered comes back.
final class PlanCacheTests: XCTestCase {
    func state(_ script: String) throws -> NetworkState {
        let path = NSTemporaryDirectory() + "dnsh-cache-\(UUID().uuidString).dn"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try XCTUnwrap(ScriptRunner().run(path: path).state)
    }

    func key(_ source: String, _ parameters: [(name: String, value: String)], _ state: NetworkState) throws -> String {
        let file = SourceFile(path: "x.dn", bytes: Array(source.utf8))
        return try XCTUnwrap(PlanCache(files: [file], parameters: parameters, state: state)).key
    }

    func testTheKeyFollowsEveryInput() throws {
        let base = try state("link add br0 type bridge\naddr add 10.0.0.1/24 dev br0\n")
        let script = "link add br0 type bridge\n"
        let first = try key(script, [], base)
        XCTAssertEqual(try key(script, [], base), first, "the same inputs, the same key")
        XCTAssertEqual(first.count, 32)
        XCTAssertNotEqual(try key(script + "# a comment\n", [], base), first)
        XCTAssertNotEqual(try key(script, [("count", "2")], base), first)
        let up = try state("link add br0 type bridge\naddr add 10.0.0.1/24 dev br0\nlink set br0 up\n")
        XCTAssertNotEqual(try key(script, [], up), first, "a device that went up is another state")
        let moreAddresses = try state(
            "link add br0 type bridge\naddr add 10.0.0.1/24 dev br0\naddr add 10.0.0.2/24 dev br0\n")
        XCTAssertNotEqual(try key(script, [], moreAddresses), first)
    }

    func testRememberedOutputComesBack() throws {
        let directory = NSTemporaryDirectory() + "dnsh-cache-\(UUID().uuidString)/unchanged"
        defer { try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent) }
        let file = SourceFile(path: "x.dn", bytes: Array("print 1\n".utf8))
        let cache = try XCTUnwrap(
            PlanCache(files: [file], parameters: [], state: try state(""), directory: directory))
        XCTAssertNil(cache.lookup(), "nothing remembered yet")
        cache.remember(output: ["bind1: eth0 10.3.16.11/20", "", "done"])
        XCTAssertEqual(cache.lookup(), ["bind1: eth0 10.3.16.11/20", "", "done"])
        cache.remember(output: [])
        XCTAssertEqual(cache.lookup(), [])
    }
}
