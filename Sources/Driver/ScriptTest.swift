import Foundation
import Lexer

/// One test script checked against its expectation comments (TestExpectations): the output
/// line by line, the errors with their lines (and columns, where given), the notes, the exit
/// code. `dnsh test` and the project's own ScriptTests both use it.
public struct ScriptTest {
    public var path: String
    /// Every mismatch, not only the first.
    public var problems: [String] = []
    public var exitCode: ExitCode = .success
    public var seconds: Double = 0
    /// Where the first failure points, `FILE:LINE:COL`, for reports such as JUnit.
    public var location: String?

    public var passed: Bool { problems.isEmpty }

    /// Runs the script at `path` and compares. `prepare` may adjust the runner (a snapshot to
    /// start from, containers).
    public static func run(_ path: String, prepare: (inout ScriptRunner) -> Void = { _ in }) -> ScriptTest {
        let start = Date()
        var test = ScriptTest(path: path)
        let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let expected = TestExpectations(text: String(decoding: data, as: UTF8.self))
        var runner = ScriptRunner()
        runner.parameters = expected.parameters
        prepare(&runner)
        let result = runner.run(path: path)
        test.exitCode = result.exitCode
        let printed = result.output.flatMap {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        // Errors first: they explain the output and exit code that follow from them.
        test.problems = compareDiagnostics(expected, result, file: path) + compareOutput(expected.output, printed)
        if result.exitCode.rawValue != expected.expectedExit {
            test.problems.append(
                "exit code \(result.exitCode.rawValue), expected \(expected.expectedExit)"
                    + (result.message.map { " (\($0))" } ?? ""))
        }
        test.location = result.diagnostics.first.map(\.range.label)
        test.seconds = Date().timeIntervalSince(start)
        return test
    }

    static func compareOutput(_ expected: [String], _ actual: [String]) -> [String] {
        var problems: [String] = []
        for i in 0..<max(expected.count, actual.count) {
            let want = i < expected.count ? expected[i] : nil
            let got = i < actual.count ? actual[i] : nil
            if want != got {
                let shown = { (line: String?) in line.map { "'\($0)'" } ?? "nothing" }
                problems.append("output line \(i + 1): expected \(shown(want)), got \(shown(got))")
            }
        }
        return problems
    }

    static func compareDiagnostics(_ expected: TestExpectations, _ result: RunResult, file: String) -> [String] {
        var problems: [String] = []
        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.exitCode.rawValue == 3 || !expected.compileErrors.isEmpty {
            problems += compare(expected.compileErrors, errors, file: file, what: "error")
        } else if let want = expected.runtimeError {
            problems += compare([want], errors, file: file, what: "runtime error")
        } else {
            problems += errors.map { "\($0.range.label): \($0.message)" }
        }
        let notes = errors.flatMap(\.notes).filter { $0.range.file.path == file }
        problems += compare(expected.notes, notes, file: file, what: "note", unexpectedAllowed: true)
        return problems
    }

    static func compare(
        _ expected: [TestExpectations.Located], _ actual: [Diagnostic], file: String, what: String,
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
            problems += remaining.map { "unexpected \(what) \($0.range.label): \($0.message)" }
        }
        return problems
    }

    static func matches(_ want: TestExpectations.Located, _ got: Diagnostic, file: String) -> Bool {
        let expectedFile = want.file.map { (file as NSString).deletingLastPathComponent + "/" + $0 } ?? file
        return got.range.file.path == expectedFile && got.range.start.line == want.line && got.message == want.message
            && (want.column == nil || want.column == got.range.start.column)
    }
}
