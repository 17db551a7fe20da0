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
        for file in files {
            let test = ScriptTest.run(file)
            failures += test.passed ? 0 : 1
            for problem in test.problems {
                XCTFail("\(file): \(problem)")
            }
        }
        print("script tests: \(files.count) files, \(files.count - failures) passed, \(failures) failed")
    }
}
