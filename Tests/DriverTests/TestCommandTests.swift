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
        var out = ""
        var err = ""
        let console = Console(out: { out += $0 }, err: { err += $0 }, colored: false)
        return (Dnsh.main(arguments, console: console), out, err)
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
