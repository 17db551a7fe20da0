import Foundation
import XCTest

/// Every message dnsh can produce has a test that triggers it: the messages are collected from
/// the source (the string given to `report`, `error`, `RuntimeError`, `CommandError`,
/// `KernelError`, `UsageError`, ...), and each must match an expectation of a script test or a
/// string a unit test checks. A new diagnostic without a test fails here.
///
/// `DNSH_WRITE_DIAGNOSTICS=1 swift test --filter DiagnosticsCoverageTests` rewrites
/// docs/diagnostics.md, the table of messages and the tests that cover them.
final class DiagnosticsCoverageTests: XCTestCase {
    struct Template {
        var text: String
        var file: String
        var line: Int
        var regex: NSRegularExpression
        /// The literal pieces between interpolations.
        var pieces: [String]
        /// Marked `// diagnostic: internal` at its source: a failure no script or command line
        /// can cause (a short netlink reply, a failed pipe()); listed, not required to have a test.
        var isInternal = false
    }

    static let callPattern = try! NSRegularExpression(
        pattern:
            #"(?:\breport|\berror|\binvalid|\berrorOncePerLine|RuntimeError|CommandError|UsageError|Failure|KernelError)\(\s*(?:\.[A-Z]+,\s*)?(?:message: |description: )?"((?:[^"\\\n]|\\.)*)""#
    )

    static func templates() throws -> [Template] {
        let sources = ScriptTests.root.appendingPathComponent("Sources")
        var result: [Template] = []
        for path in try files(under: sources, ending: ".swift") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            let nsText = text as NSString
            for match in callPattern.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
                let literal = nsText.substring(with: match.range(at: 1))
                let line = nsText.substring(to: match.range(at: 1).location).components(separatedBy: "\n").count
                guard var template = template(literal, file: path, line: line) else { continue }
                template.isInternal = lines[max(0, line - 3)..<line].contains { $0.contains("diagnostic: internal") }
                result.append(template)
            }
        }
        return result
    }

    /// The regex of a Swift string literal's text: interpolations match anything.
    static func template(_ literal: String, file: String, line: Int) -> Template? {
        var pieces: [String] = []
        var current = ""
        var i = literal.startIndex
        while i < literal.endIndex {
            if literal[i...].hasPrefix("\\(") {
                var depth = 0
                var j = literal.index(i, offsetBy: 1)
                repeat {
                    if literal[j] == "(" { depth += 1 }
                    if literal[j] == ")" { depth -= 1 }
                    j = literal.index(after: j)
                } while depth > 0 && j < literal.endIndex
                pieces.append(current)
                current = ""
                i = j
            } else if literal[i] == "\\", literal.index(after: i) < literal.endIndex {
                let next = literal[literal.index(after: i)]
                current.append(next == "n" ? "\n" : next == "t" ? "\t" : next)
                i = literal.index(i, offsetBy: 2)
            } else {
                current.append(literal[i])
                i = literal.index(after: i)
            }
        }
        pieces.append(current)
        guard pieces.joined().trimmingCharacters(in: .whitespaces).count >= 3 else { return nil }
        let pattern = pieces.map(NSRegularExpression.escapedPattern(for:)).joined(separator: ".*?")
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return nil
        }
        return Template(text: literal, file: file, line: line, regex: regex, pieces: pieces)
    }

    /// What tests expect: the expectation comments of every script test, and every string
    /// literal in the unit tests.
    static func evidence() throws -> [(text: String, where: String)] {
        var result: [(String, String)] = []
        let root = ScriptTests.root
        for path in try files(under: root.appendingPathComponent("tests"), ending: ".dn")
            + files(under: root.appendingPathComponent("scripts"), ending: ".dn")
        {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
            for (number, line) in text.components(separatedBy: "\n").enumerated() {
                guard let hash = line.range(of: "# expect") else { continue }
                let comment = line[hash.upperBound...]
                guard let colon = comment.range(of: ": ") else { continue }
                result.append((String(comment[colon.upperBound...]), relative(path) + ":\(number + 1)"))
            }
            for match in stringPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                if let r = Range(match.range(at: 1), in: text) { result.append((String(text[r]), relative(path))) }
            }
        }
        for path in try files(under: root.appendingPathComponent("Tests"), ending: ".swift")
        where !path.hasSuffix("DiagnosticsCoverageTests.swift") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            for literal in stringLiterals(text) where literal.count >= 6 {
                result.append((literal, relative(path)))
            }
        }
        return result
    }

    /// The string literals of Swift source, in order (`"..."` and `#"..."#`), unescaped enough
    /// for matching (`\"` becomes `"`).
    static func stringLiterals(_ text: String) -> [String] {
        var result: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            guard chars[i] == "\"" else {
                if chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == "/" {
                    while i < chars.count && chars[i] != "\n" { i += 1 }
                }
                i += 1
                continue
            }
            let raw = i > 0 && chars[i - 1] == "#"
            var j = i + 1
            var literal = ""
            while j < chars.count && chars[j] != "\n" {
                if chars[j] == "\\" && !raw && j + 1 < chars.count {
                    literal.append(chars[j + 1] == "\"" ? "\"" : chars[j + 1] == "n" ? "\n" : chars[j + 1])
                    j += 2
                    continue
                }
                if chars[j] == "\"" && (!raw || (j + 1 < chars.count && chars[j + 1] == "#")) { break }
                literal.append(chars[j])
                j += 1
            }
            result.append(literal)
            i = j + 1
        }
        return result
    }

    static let stringPattern = try! NSRegularExpression(pattern: #""((?:[^"\\\n]|\\.){6,})""#)

    static func covering(_ t: Template, _ evidence: [(text: String, where: String)]) -> String? {
        for e in evidence {
            let range = NSRange(e.text.startIndex..., in: e.text)
            if t.regex.firstMatch(in: e.text, range: range) != nil { return e.where }
        }
        // A unit test that checks a distinctive piece of the message (`contains("no such container")`).
        for e in evidence where e.text.count >= 12 {
            if t.pieces.contains(where: { $0.contains(e.text) }) { return e.where }
        }
        return nil
    }

    func testEveryDiagnosticHasATest() throws {
        let templates = try Self.templates()
        let evidence = try Self.evidence()
        XCTAssertGreaterThan(templates.count, 100, "the collector found too few messages")
        var rows: [String] = []
        var uncovered = 0
        for t in templates {
            let test = t.isInternal ? "internal: not caused by scripts or the command line" : Self.covering(t, evidence)
            if test == nil {
                uncovered += 1
                XCTFail("no test triggers \"\(t.text)\" (\(Self.relative(t.file)):\(t.line))")
            }
            let shown = t.text.replacingOccurrences(of: "|", with: "\\|")
            rows.append("| `\(shown)` | \(Self.relative(t.file)):\(t.line) | \(test ?? "**none**") |")
        }
        let internalCount = templates.filter(\.isInternal).count
        let summary =
            "\(templates.count) messages: \(templates.count - uncovered - internalCount) triggered by tests, "
            + "\(internalCount) internal, \(uncovered) uncovered"
        print("diagnostics: " + summary)
        if ProcessInfo.processInfo.environment["DNSH_WRITE_DIAGNOSTICS"] == "1" {
            let table = """
                # Diagnostics and the tests that cover them

                Generated by `DNSH_WRITE_DIAGNOSTICS=1 swift test --filter DiagnosticsCoverageTests`, which
                also fails whenever a message has no test. `\\(...)` marks a part filled in at run time.
                \(summary).

                | message | where it is produced | a test that triggers it |
                |---------|----------------------|-------------------------|

                """ + rows.joined(separator: "\n") + "\n"
            try table.write(
                to: ScriptTests.root.appendingPathComponent("docs/diagnostics.md"), atomically: true, encoding: .utf8)
        }
    }

    static func files(under directory: URL, ending suffix: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted()
            .map { directory.appendingPathComponent($0).path }
    }

    static func relative(_ path: String) -> String {
        path.replacingOccurrences(of: ScriptTests.root.path + "/", with: "")
    }
}
