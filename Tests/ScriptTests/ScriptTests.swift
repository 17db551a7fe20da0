import Driver
import Foundation
import Lexer
import XCTest

/// Runs every `.dn` file under `tests/` and checks it against its expectation comments. Every
/// mismatch of every file is reported, not only the first. Files named `_*.dn` and files in
/// folders named `lib` are helpers that tests import, not tests.
final class ScriptTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func testFiles() -> [String] {
        let testsDir = root.appendingPathComponent("tests")
        guard let walker = FileManager.default.enumerator(atPath: testsDir.path) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".dn") && !$0.split(separator: "/").contains("lib") }
            .filter { !($0.split(separator: "/").last ?? "").hasPrefix("_") }
            .sorted()
            .map { "tests/" + $0 } + exampleScripts()
    }

    /// The example scripts that carry expectation comments (scripts/tour.dn) are tests too.
    static func exampleScripts() -> [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scripts").path)) ?? []
        return names.filter { $0.hasSuffix(".dn") }.sorted().map { "scripts/" + $0 }.filter { path in
            let text = (try? String(contentsOfFile: root.appendingPathComponent(path).path, encoding: .utf8)) ?? ""
            return text.contains("# expect")
        }
    }

    func testScripts() throws {
        FileManager.default.changeCurrentDirectoryPath(Self.root.path)
        let files = Self.testFiles()
        XCTAssertGreaterThan(files.count, 0, "no test scripts found under tests/")
        var failures = 0
        var checked = 0
        for file in files {
            let problems = try check(file)
            checked += 1
            failures += problems.isEmpty ? 0 : 1
            for problem in problems {
                XCTFail("\(file): \(problem)")
            }
        }
        print("script tests: \(checked) files, \(checked - failures) passed, \(failures) failed")
    }

    func check(_ file: String) throws -> [String] {
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self)
        let expected = Expectations(text: text)
        var runner = ScriptRunner()
        runner.parameters = expected.parameters
        let result = runner.run(path: file)
        let printed = result.output.flatMap {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        var problems = compareOutput(expected.output, printed)
        problems += compareDiagnostics(expected, result, file: file)
        if result.exitCode.rawValue != expected.expectedExit {
            problems.append(
                "exit code \(result.exitCode.rawValue), expected \(expected.expectedExit)"
                    + (result.message.map { " (\($0))" } ?? ""))
        }
        return problems
    }

    func compareOutput(_ expected: [String], _ actual: [String]) -> [String] {
        var problems: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let want = i < expected.count ? expected[i] : nil
            let got = i < actual.count ? actual[i] : nil
            if want != got {
                problems.append(
                    "output line \(i + 1): expected \(want.map { "'\($0)'" } ?? "nothing"), got \(got.map { "'\($0)'" } ?? "nothing")"
                )
            }
        }
        return problems
    }

    func compareDiagnostics(_ expected: Expectations, _ result: RunResult, file: String) -> [String] {
        var problems: [String] = []
        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.exitCode.rawValue == 3 || !expected.compileErrors.isEmpty {
            problems += compare(expected.compileErrors, errors, file: file, what: "error")
        } else if let want = expected.runtimeError {
            problems += compare([want], errors, file: file, what: "runtime error")
        } else {
            problems += errors.map { "unexpected error \($0.range.start.line):\($0.range.start.column): \($0.message)" }
        }
        let notes = errors.flatMap(\.notes).filter { $0.range.file.path == file }
        problems += compare(expected.notes, notes, file: file, what: "note", unexpectedAllowed: true)
        return problems
    }

    func compare(
        _ expected: [Expectations.Located], _ actual: [Diagnostic], file: String, what: String,
        unexpectedAllowed: Bool = false
    ) -> [String] {
        var problems: [String] = []
        var remaining = actual
        for want in expected {
            if let i = remaining.firstIndex(where: { matches(want, $0, file: file) }) {
                remaining.remove(at: i)
            } else {
                problems.append("missing \(what) \(want)")
            }
        }
        if !unexpectedAllowed {
            problems += remaining.map {
                "unexpected \(what) \($0.range.file.path == file ? "" : $0.range.file.path + ":")\($0.range.start.line):\($0.range.start.column): \($0.message)"
            }
        }
        return problems
    }

    func matches(_ want: Expectations.Located, _ got: Diagnostic, file: String) -> Bool {
        let expectedFile = want.file.map { (file as NSString).deletingLastPathComponent + "/" + $0 } ?? file
        return got.range.file.path == expectedFile && got.range.start.line == want.line && got.message == want.message
            && (want.column == nil || want.column == got.range.start.column)
    }
}
