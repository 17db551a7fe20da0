import Foundation
import XCTest

@testable import Driver

/// `dnsh graph`: DOT for the topology a script builds, rendered through Graphviz when present.
final class GraphTests: XCTestCase {
    static let fleet = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/bind-fleet.dn").path

    func dnsh(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        runDnsh(arguments)
    }

    func testDOTOfTheFleet() {
        let r = dnsh(["graph", "--param", "count=2", Self.fleet])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("graph \"bind-fleet.dn\" {"), r.out)
        XCTAssertTrue(r.out.contains("label=\"host (initial namespace)\""))
        XCTAssertTrue(r.out.contains("label=\"bind1\""))
        XCTAssertTrue(
            r.out.contains("\"/docker0\" [label=\"docker0 (bridge)\\n10.3.16.1/20\", fillcolor=\"#d8e8ff\"];"), r.out)
        XCTAssertTrue(r.out.contains("\"/docker0\" -- \"/veth-bind1\" [style=dashed, label=\"port\"];"))
        XCTAssertTrue(r.out.contains("\"/veth-bind2\" -- \"bind2/eth0\" [penwidth=2, label=\"veth\"];"))
        XCTAssertTrue(r.out.contains("\"bind2/eth0\" [label=\"eth0 (veth)\\n10.3.16.12/20\"];"))
        XCTAssertFalse(r.out.contains("bind3"), "count=2 draws two containers")
        XCTAssertTrue(r.out.hasSuffix("}\n"))
    }

    func testUnknownFormat() {
        let r = dnsh(["graph", "--format", "gif", Self.fleet])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("unknown --format 'gif': use dot, svg, png or pdf"), r.err)
    }

    func testWithoutGraphvizTheMessageSaysWhatToInstall() throws {
        let saved = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-dot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        setenv("PATH", empty, 1)
        defer {
            setenv("PATH", saved, 1)
            try? FileManager.default.removeItem(atPath: empty)
        }
        let r = dnsh(["graph", "--format", "svg", Self.fleet])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(
            r.err.contains(
                "--format svg needs Graphviz's 'dot' (apt-get install graphviz); --format dot prints the graph as text"),
            r.err)
    }

    func testSVGThroughGraphviz() throws {
        try XCTSkipIf(Subprocess.executable("dot") == nil, "Graphviz is not installed")
        let r = dnsh(["graph", "--format", "svg", Self.fleet])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("<svg"), String(r.out.prefix(200)))
        XCTAssertTrue(r.out.contains("10.3.16.14/20"))
    }

    func testAScriptErrorIsReportedNotDrawn() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID().uuidString).dn").path
        try "link add a type bridge\nlink add a type bridge\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = dnsh(["graph", path])
        XCTAssertEqual(r.code, 4)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.contains(":2:1: error: link add a: File exists (EEXIST)"), r.err)
    }
}
