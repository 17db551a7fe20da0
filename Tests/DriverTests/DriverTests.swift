import Driver
import Foundation
import XCTest

/// Collects what dnsh writes; guarded by a lock because scripts run on another thread.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = ""
    private var errText = ""

    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }

    func console(colored: Bool = false) -> Console {
        Console(
            out: { s in self.lock.withLock { self.outText += s } },
            err: { s in self.lock.withLock { self.errText += s } },
            colored: colored)
    }
}

class DriverTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("dnsh-driver-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a script and returns its absolute path.
    func script(_ text: String, name: String = "script.dn") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    struct Result {
        var code: Int32
        var out: String
        var err: String
    }

    func dnsh(_ arguments: String..., colored: Bool = false) -> Result {
        dnsh(arguments, colored: colored)
    }

    func dnsh(_ arguments: [String], colored: Bool = false) -> Result {
        let capture = Capture()
        let code = Dnsh.main(arguments, console: capture.console(colored: colored))
        return Result(code: code, out: capture.out, err: capture.err)
    }

    func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        guard let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            XCTFail("not a JSON object: \(text)", file: file, line: line)
            return [:]
        }
        return object
    }
}

final class HelpAndVersionTests: DriverTestCase {
    func testHelpOnEveryCommand() {
        for args in [
            ["--help"], ["-h"], ["run", "--help"], ["check", "--help"], ["help"], ["help", "--help"], ["run", "-h"],
        ] {
            let r = dnsh(args)
            XCTAssertEqual(r.code, 0, "\(args)")
            XCTAssertTrue(r.out.contains("Usage"), "\(args): \(r.out)")
            XCTAssertEqual(r.err, "", "\(args)")
        }
    }

    func testCommandHelpIsSpecific() {
        let run = dnsh("run", "--help").out
        let check = dnsh("check", "--help").out
        XCTAssertTrue(run.contains("dnsh run"), run)
        XCTAssertTrue(run.contains("--param"), run)
        XCTAssertTrue(run.contains("--json"), run)
        XCTAssertTrue(run.contains("--max-steps"), run)
        XCTAssertTrue(check.contains("dnsh check"), check)
        XCTAssertNotEqual(run, check)
        XCTAssertEqual(dnsh("help", "run").out, run)
        XCTAssertEqual(dnsh("help", "check").out, check)
    }

    func testHelpWinsOverAFile() throws {
        let path = try script("print hello\n")
        let r = dnsh("run", path, "--help")
        XCTAssertEqual(r.code, 0)
        XCTAssertFalse(r.out.contains("hello"), "help does not run the script")
    }

    func testVersion() {
        for args in [["--version"], ["version"]] {
            let r = dnsh(args)
            XCTAssertEqual(r.code, 0, "\(args)")
            XCTAssertTrue(r.out.hasPrefix("dnsh "), r.out)
            XCTAssertTrue(r.out.hasSuffix("\n"))
            XCTAssertEqual(r.out.split(separator: "\n").count, 1)
        }
        XCTAssertEqual(dnsh("--version").out, dnsh("version").out)
    }
}

final class UsageErrorTests: DriverTestCase {
    func testUnknownOption() throws {
        let path = try script("print 1\n")
        let r = dnsh("run", "--bogus", path)
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("unknown option '--bogus'"), r.err)
        XCTAssertEqual(r.out, "")
        let c = dnsh("check", path, "-z")
        XCTAssertEqual(c.code, 2)
        XCTAssertTrue(c.err.contains("unknown option '-z'"), c.err)
    }

    func testMissingFile() {
        let missing = directory.appendingPathComponent("nope.dn").path
        for command in ["run", "check"] {
            let r = dnsh(command, missing)
            XCTAssertEqual(r.code, 2, command)
            XCTAssertTrue(r.err.contains(missing), r.err)
            XCTAssertEqual(r.out, "")
        }
        XCTAssertEqual(dnsh(missing).code, 2)
    }

    func testDirectoryIsNotAScript() {
        XCTAssertEqual(dnsh("run", directory.path).code, 2)
    }

    func testNoScriptGiven() {
        XCTAssertEqual(dnsh("run").code, 2)
        XCTAssertEqual(dnsh("check").code, 2)
        // `dnsh` alone starts the REPL (ReplTests), so it is not a usage error.
    }

    func testTwoScripts() throws {
        let a = try script("print 1\n", name: "a.dn")
        let b = try script("print 2\n", name: "b.dn")
        XCTAssertEqual(dnsh("run", a, b).code, 2)
    }

    func testOptionMissingItsValue() throws {
        let path = try script("param a = 1\n")
        XCTAssertEqual(dnsh("run", path, "--param").code, 2)
        XCTAssertEqual(dnsh("run", path, "--param", "novalue").code, 2)
        XCTAssertEqual(dnsh("run", path, "--max-steps").code, 2)
        XCTAssertEqual(dnsh("run", path, "--max-steps", "0").code, 2)
        XCTAssertEqual(dnsh("run", path, "--max-steps", "many").code, 2)
    }

    func testDoubleDashEndsOptions() throws {
        let r = dnsh("run", "--", "--json")
        XCTAssertEqual(r.code, 2, "'--json' is taken as the file name after '--'")
        XCTAssertTrue(r.err.contains("--json"), r.err)
        XCTAssertEqual(r.out, "", "it was not taken as the --json option")
    }
}

final class ParameterTests: DriverTestCase {
    let text = "param count = 4\nprint $count (type $count)\n"

    func testDefault() throws {
        let r = dnsh("run", try script(text))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, "4 int\n")
    }

    func testOptionBeforeAndAfterTheFile() throws {
        let path = try script(text)
        XCTAssertEqual(dnsh("run", "--param", "count=8", path).out, "8 int\n")
        XCTAssertEqual(dnsh("run", path, "--param", "count=8").out, "8 int\n")
        XCTAssertEqual(dnsh("run", "--param=count=8", path).out, "8 int\n")
        XCTAssertEqual(dnsh("run", path, "--param=count=8").out, "8 int\n")
        XCTAssertEqual(dnsh("run", "-p", "count=8", path).out, "8 int\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=8").out, "8 int\n")
        XCTAssertEqual(dnsh(path, "-p", "count=8").out, "8 int\n", "dnsh FILE is dnsh run FILE")
    }

    func testValueIsReadAsALiteral() throws {
        let path = try script(text)
        XCTAssertEqual(dnsh("run", path, "-p", "count=10.3.16.11").out, "10.3.16.11 ipv4\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=fe80::1").out, "fe80::1 ipv6\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=10.3.16.0/20").out, "10.3.16.0/20 prefix\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=02:42:0a:03:10:0b").out, "02:42:0a:03:10:0b mac\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=true").out, "true bool\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=0x10").out, "16 int\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=hello").out, "hello string\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=a b=c").out, "a b=c string\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=").out, " string\n")
        XCTAssertEqual(dnsh("run", path, "-p", "count=10.3.16.300").out, "10.3.16.300 string\n")
    }

    func testLastValueWins() throws {
        XCTAssertEqual(dnsh("run", try script(text), "-p", "count=1", "-p", "count=2").out, "2 int\n")
    }

    func testUnknownParameter() throws {
        let path = try script(text)
        let r = dnsh("run", path, "--param", "nope=1")
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("unknown parameter 'nope'"), r.err)
        XCTAssertEqual(r.out, "", "the script did not run")
        XCTAssertEqual(dnsh("check", path, "-p", "nope=1").code, 2)
        XCTAssertEqual(dnsh("check", path, "-p", "count=1").code, 0)
    }
}

final class ScriptOutcomeTests: DriverTestCase {
    func testRunSuccess() throws {
        let r = dnsh("run", try script("let x = 2\nprint \"x is\" $x\n"))
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.out, "x is 2\n")
        XCTAssertEqual(r.err, "")
    }

    func testCheckDoesNotRun() throws {
        let r = dnsh("check", try script("print hello\n"))
        XCTAssertEqual(r.code, 0)
        XCTAssertEqual(r.out, "")
        XCTAssertEqual(r.err, "")
    }

    func testCheckReportsBadLiteralAtItsLocation() throws {
        let path = try script("param x = 1\nprint $x\naddr add 10.3.16.300/20 dev br0\n")
        let r = dnsh("check", path)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(
            r.err.hasPrefix(
                """
                \(path):3:10: error: invalid IPv4 address '10.3.16.300': 300 is not in 0-255
                    addr add 10.3.16.300/20 dev br0
                             ^~~~~~~~~~~~~~

                """), r.err)
        XCTAssertEqual(r.out, "")
        XCTAssertFalse(r.err.contains("\u{1B}"), "no colour unless the console asks for it")
    }

    func testColourWhenTheConsoleAsks() throws {
        let r = dnsh(["check", try script("print $nope\n")], colored: true)
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.err.contains("\u{1B}["), r.err)
    }

    func testRunRefusesScriptWithErrorsBeforeRunningAnything() throws {
        let r = dnsh("run", try script("print first\nprint $undefined\n"))
        XCTAssertEqual(r.code, 3)
        XCTAssertEqual(r.out, "", "nothing ran")
        XCTAssertTrue(r.err.contains(":2:7: error: undefined variable '$undefined'"), r.err)
    }

    func testEveryErrorIsReported() throws {
        let r = dnsh("check", try script("print $a\nnope\nlet b = 10.0.0.0/33\n"))
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.err.contains(":3:9: error: invalid prefix length 33"), r.err)
    }

    func testRuntimeError() throws {
        let path = try script("print before\nlet x = 0\nprint (1 / $x)\nprint after\n")
        let r = dnsh("run", path)
        XCTAssertEqual(r.code, 4)
        XCTAssertEqual(r.out, "before\n")
        XCTAssertTrue(r.err.hasPrefix("\(path):3:"), r.err)
        XCTAssertTrue(r.err.contains("error: division by zero"), r.err)
    }

    func testFailIsARuntimeError() throws {
        let r = dnsh("run", try script("fail \"bad thing\"\n"))
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(r.err.contains("bad thing"), r.err)
    }

    func testAssertion() throws {
        let path = try script("let x = 1\nassert $x == 2, \"x should be two\"\nprint after\n")
        let r = dnsh("run", path)
        XCTAssertEqual(r.code, 5)
        XCTAssertEqual(r.out, "")
        XCTAssertTrue(r.err.contains("\(path):2:"), r.err)
        XCTAssertTrue(r.err.contains("assertion failed: x should be two"), r.err)
    }

    func testPassingAssertion() throws {
        XCTAssertEqual(dnsh("run", try script("assert 1 == 1\n")).code, 0)
    }

    func testFailedExpectation() throws {
        let r = dnsh("run", try script("expect error { print ok }\n"))
        XCTAssertEqual(r.code, 5)
        XCTAssertTrue(r.err.contains("expected an error, but the block succeeded"), r.err)
        XCTAssertEqual(dnsh("run", try script("expect error \"division\" { print (1 / 0) }\n")).code, 0)
    }

    func testMaxSteps() throws {
        let path = try script("let i = 0\nwhile true {\n  i += 1\n}\n")
        let r = dnsh("run", path, "--max-steps", "1000")
        XCTAssertEqual(r.code, 4)
        XCTAssertTrue(r.err.hasPrefix(path + ":"), "a located error: \(r.err)")
    }

    func testImportsRelativeToTheScript() throws {
        _ = try script("def hello { print \"hello from lib\" }\n", name: "lib.dn")
        let r = dnsh("run", try script("import \"lib.dn\"\nhello\n"))
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.out, "hello from lib\n")
    }

    func testMissingImportIsAScriptError() throws {
        let r = dnsh("check", try script("import \"missing.dn\"\n"))
        XCTAssertEqual(r.code, 3)
        XCTAssertTrue(r.err.contains(":1:1: error:"), r.err)
    }
}

final class JSONOutputTests: DriverTestCase {
    func testCheckCleanScript() throws {
        let r = dnsh("check", "--json", try script("print 1\n"))
        XCTAssertEqual(r.code, 0)
        let doc = json(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 0)
        XCTAssertEqual((doc["diagnostics"] as? [Any])?.count, 0)
    }

    func testCheckWithErrors() throws {
        let path = try script("param x = 1\nprint $x\naddr add 10.3.16.300/20 dev br0\n")
        let r = dnsh("check", path, "--json")
        XCTAssertEqual(r.code, 3)
        let doc = json(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 3)
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.count, 1)
        let d = try XCTUnwrap(diagnostics.first)
        XCTAssertEqual(d["file"] as? String, path)
        XCTAssertEqual(d["line"] as? Int, 3)
        XCTAssertEqual(d["column"] as? Int, 10)
        XCTAssertEqual(d["end_line"] as? Int, 3)
        XCTAssertEqual(d["end_column"] as? Int, 24)
        XCTAssertEqual(d["severity"] as? String, "error")
        XCTAssertEqual(d["message"] as? String, "invalid IPv4 address '10.3.16.300': 300 is not in 0-255")
        XCTAssertEqual((d["notes"] as? [Any])?.count, 0)
    }

    func testSeveralDiagnostics() throws {
        let r = dnsh("check", "--json", try script("print $a\nprint $b\n"))
        let doc = json(r.out)
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.compactMap { $0["line"] as? Int }, [1, 2])
    }

    func testRunMovesScriptOutputToStderr() throws {
        let r = dnsh("run", "--json", try script("print \"hello \\\"world\\\"\"\nprint second\n"))
        XCTAssertEqual(r.code, 0)
        let doc = json(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 0)
        XCTAssertEqual((doc["diagnostics"] as? [Any])?.count, 0)
        XCTAssertTrue(r.err.contains("hello \"world\"\nsecond\n"), r.err)
        // Standard output is the JSON document alone; it carries the printed lines as data.
        XCTAssertEqual(doc["output"] as? [String], ["hello \"world\"", "second"])
    }

    func testRunWithRuntimeError() throws {
        let path = try script("def f {\n  print (1 / 0)\n}\nf\n")
        let r = dnsh("run", path, "--json")
        XCTAssertEqual(r.code, 4)
        let doc = json(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 4)
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(diagnostics.first?["line"] as? Int, 2)
        XCTAssertEqual(diagnostics.first?["message"] as? String, "division by zero")
        let notes = try XCTUnwrap(diagnostics.first?["notes"] as? [[String: Any]])
        XCTAssertEqual(notes.count, 1, "the call chain is given as notes")
        XCTAssertEqual(notes.first?["line"] as? Int, 4)
        XCTAssertEqual(notes.first?["severity"] as? String, "note")
    }

    func testRunWithAssertion() throws {
        let r = dnsh("run", "--json", try script("assert false, \"quote \\\" and \\\\ here\"\n"))
        XCTAssertEqual(r.code, 5)
        let doc = json(r.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 5)
        let message = (doc["diagnostics"] as? [[String: Any]])?.first?["message"] as? String
        XCTAssertEqual(message, "assertion failed: quote \" and \\ here")
    }

    func testControlCharactersAreEscaped() throws {
        let r = dnsh("run", "--json", try script("fail \"tab\\there\\u\"\n"))
        _ = json(r.out)
        let r2 = dnsh("run", "--json", try script("fail \"a\\0b\\nc\"\n"))
        let doc = json(r2.out)
        XCTAssertEqual(doc["exit_code"] as? Int, 4)
        let message = (doc["diagnostics"] as? [[String: Any]])?.first?["message"] as? String
        XCTAssertTrue(message?.contains("a\u{0}b\nc") ?? false, "\(String(describing: message))")
    }

    func testUsageErrorWithJSON() throws {
        let path = try script("print 1\n")
        let r = dnsh("run", "--json", path, "-p", "nope=1")
        XCTAssertEqual(r.code, 2)
        XCTAssertTrue(r.err.contains("unknown parameter 'nope'"), r.err)
    }
}
