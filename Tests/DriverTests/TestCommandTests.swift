import Foundation
import XCTest

@testable import Driver

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `dnsh test` on examples/testing: one passing and one failing test.
final class TestCommandTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/testing").path

    func dnsh(_ arguments: String...) -> (code: Int32, out: String, err: String) {
        runDnsh(arguments)
    }

    func testLinesClosingLineAndExitCode() {
        let r = dnsh("test", Self.examples)
        XCTAssertEqual(r.code, 5)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("ok   ") && $0.contains("bridge_test.dn") }, r.out)
        XCTAssertTrue(lines.contains { $0.hasPrefix("FAIL ") && $0.contains("gateway_test.dn") }, r.out)
        XCTAssertEqual(lines.last, "1 passed, 1 failed")
    }

    func testJUnitReportReadsBackWithCountsMessageAndLocation() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(dnsh("test", "--junit", path, Self.examples).code, 5)
        let reader = JUnitReader()
        let parser = try XCTUnwrap(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), "the report is well-formed XML")
        XCTAssertEqual(reader.suite["tests"], "2")
        XCTAssertEqual(reader.suite["failures"], "1")
        XCTAssertEqual(reader.cases.count, 2)
        let message = try XCTUnwrap(reader.failures.first)
        XCTAssertTrue(message.contains("gateway_test.dn:9:5"), message)
        XCTAssertTrue(message.contains("Network is unreachable (ENETUNREACH)"), message)
    }

    func testJSON() throws {
        let r = dnsh("test", "--json", Self.examples)
        XCTAssertEqual(r.code, 5)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(doc["passed"] as? Int, 1)
        XCTAssertEqual(doc["failed"] as? Int, 1)
        let tests = try XCTUnwrap(doc["tests"] as? [[String: Any]])
        XCTAssertEqual(tests.map { $0["passed"] as? Bool }, [true, false])
        XCTAssertEqual(tests[1]["exit_code"] as? Int, 4)
        XCTAssertTrue((tests[1]["location"] as? String)?.hasSuffix("gateway_test.dn:9:5") ?? false)
    }

    func testFilterAndJobs() {
        let only = dnsh("test", "-k", "bridge", Self.examples)
        XCTAssertEqual(only.code, 0)
        XCTAssertTrue(only.out.hasSuffix("1 passed, 0 failed\n"), only.out)
        let parallel = dnsh("test", "--jobs", "2", Self.examples)
        XCTAssertEqual(parallel.code, 5)
        XCTAssertTrue(parallel.out.hasSuffix("1 passed, 1 failed\n"), parallel.out)
    }

    func testNothingToRunIsAUsageError() {
        let r = dnsh("test", "-k", "no-such-test", Self.examples)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("no tests found"), r.err)
        XCTAssertEqual(dnsh("test", "/nonexistent/dir").code, 2)
        let jobs = dnsh("test", "--jobs", "0")
        XCTAssertEqual(jobs.code, 2)
        XCTAssertTrue(jobs.err.contains("--jobs needs a positive number, not '0'"), jobs.err)
    }

    func testDiscovery() {
        let found = TestCommand.discover(Self.examples) ?? []
        XCTAssertEqual(found.map { ($0 as NSString).lastPathComponent }, ["bridge_test.dn", "gateway_test.dn"])
    }
}

private final class JUnitReader: NSObject, XMLParserDelegate {
    var suite: [String: String] = [:]
    var cases: [[String: String]] = []
    var failures: [String] = []

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "testsuite": suite = attributes
        case "testcase": cases.append(attributes)
        case "failure": failures.append(attributes["message"] ?? "")
        default: break
        }
    }
}

/// `--from`: a dry run that starts from a saved state.
final class FromSnapshotTests: XCTestCase {
    func dnsh(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        runDnsh(arguments)
    }

    func testARunStartsFromTheStateOfAnother() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnsh-from-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("first.dn").path
        try
            "netns add c1\nlink add A1 type veth peer name eth0 netns c1\nlink set A1 up\nin c1 {\n  link set eth0 up\n  addr add 10.0.0.2/24 dev eth0\n}\n"
            .write(toFile: first, atomically: true, encoding: .utf8)
        let state = dnsh(["run", "--json", "--no-summary", first])
        XCTAssertEqual(state.code, 0)
        let snapshot = dir.appendingPathComponent("host.json").path
        try state.out.write(toFile: snapshot, atomically: true, encoding: .utf8)
        let second = dir.appendingPathComponent("second.dn").path
        try
            "in c1 {\n  print (link show eth0).operstate (link show eth0).addresses (routes)[0].dst\n  route add default via 10.0.0.1\n}\nprint (link show A1).ifindex (link show A1).peer\nlink add A1 type bridge\n"
            .write(toFile: second, atomically: true, encoding: .utf8)
        let r = dnsh(["run", "--no-summary", "--from", snapshot, second])
        // A1 is 2: its peer was created first, but in c1, which counts on its own.
        XCTAssertEqual(r.out, "UP [10.0.0.2/24] 10.0.0.0/24\n2 eth0\n")
        XCTAssertEqual(r.code, 4, "the snapshot's A1 is still there: File exists")
        XCTAssertTrue(r.err.contains("second.dn:6:1: error: link add A1: File exists (EEXIST)"), r.err)
    }

    func testABadStateFileIsAUsageError() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json").path
        try "{\"links\": []}".write(toFile: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        let r = dnsh(["run", "--from", bad, "x.dn"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("is not a dnsh state (no \"namespaces\" array)"), r.err)
        XCTAssertTrue(
            dnsh(["run", "--from", "/nonexistent.json", "x.dn"]).err.contains("cannot read '/nonexistent.json'"))
    }

    func testRoutesInAStateMustMakeSense() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("routes-\(UUID().uuidString).json")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let link = #"{"ifindex": 1, "ifname": "lo", "kind": "loopback", "flags": ["LOOPBACK"], "mtu": 65536}"#
        try #"{"namespaces": [{"name": null, "links": [\#(link)], "routes": [{"dst": "nonsense", "dev": "lo"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(
            dnsh(["run", "--from", path, "x.dn"]).err.contains("'\(path)': bad route destination 'nonsense'"))
        try #"{"namespaces": [{"name": null, "links": [\#(link)], "routes": [{"dev": "lo"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(dnsh(["run", "--from", path, "x.dn"]).err.contains("'\(path)': a route without dst or dev"))
        try #"{"namespaces": [{"name": null, "links": [{"ifname": "lo"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertTrue(
            dnsh(["run", "--from", path, "x.dn"]).err.contains("'\(path)': a link without ifname or ifindex"))
        try #"{"namespaces": [{"name": null, "links": [\#(link)], "routes": [{"dst": "default", "dev": "ghost"}]}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = dnsh(["run", "--from", path, "x.dn"])
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("the snapshot has a route through \"ghost\", which it does not list"), r.err)
    }
}
