import Foundation
import XCTest

@testable import Driver

/// A LineReader that replays lines, as a person would type them.
private final class ScriptedReader: LineReader {
    var lines: [String]
    var prompts: [String] = []
    var history: [String] = []

    init(_ lines: [String]) { self.lines = lines }

    func read(prompt: String) -> String? {
        prompts.append(prompt)
        return lines.isEmpty ? nil : lines.removeFirst()
    }

    func remember(_ line: String) { history.append(line) }
    func takeInterrupt() -> Bool { false }
    func close() {}
}

final class ReplTests: XCTestCase {
    private func session(_ lines: [String], interactive: Bool = true) -> (
        out: String, err: String, code: ExitCode, reader: ScriptedReader
    ) {
        var out = ""
        var err = ""
        let console = Console(out: { out += $0 }, err: { err += $0 }, colored: false)
        let reader = ScriptedReader(lines)
        let repl = Repl(
            session: ReplSession(real: false, console: console), reader: reader, interactive: interactive,
            console: console)
        let code = repl.run()
        return (out, err, code, reader)
    }

    func testValuesAreEchoedAndHandlesAreNot() {
        let r = session(["let x = 20", "$x + 1", "bridge br0", "links", "10.3.16.0/20.size"])
        XCTAssertTrue(r.out.contains("21\n"), r.out)
        XCTAssertTrue(r.out.contains("[\"lo\", \"br0\"]\n"), r.out)
        XCTAssertTrue(r.out.contains("4096\n"), r.out)
        XCTAssertFalse(r.out.contains("br0\n"), "the handle of `bridge br0` is not echoed: \(r.out)")
    }

    func testErrorsShowTheCaretAndTheSessionGoesOn() {
        let r = session(["bridge br0", "bridge br0", "print still-here"])
        XCTAssertTrue(
            r.err.contains("<input 2>:1:1: error: bridge br0: File exists (EEXIST)\n    bridge br0\n    ^~~~~~~~~~"),
            r.err)
        XCTAssertTrue(r.out.contains("still-here\n"), r.out)
        XCTAssertEqual(r.code, .success, "a terminal session ends well after errors")
    }

    func testMultiLineInputUsesTheSecondaryPrompt() {
        let r = session(["for i in 1..2 {", "print $i", "}", "print (1 +", "2)", "print a \\", "b"])
        XCTAssertEqual(
            r.out.components(separatedBy: "\n").filter { !$0.isEmpty && !$0.hasPrefix("dnsh ") },
            ["1", "2", "3", "a b"])
        XCTAssertEqual(
            r.reader.prompts.prefix(7),
            [
                Repl.primaryPrompt, Repl.continuationPrompt, Repl.continuationPrompt, Repl.primaryPrompt,
                Repl.continuationPrompt, Repl.primaryPrompt, Repl.continuationPrompt,
            ])
    }

    func testVariablesAndCommandsPersistAcrossInputs() {
        let r = session(["def double x {", "return $x * 2", "}", "let y = double 21", "print $y"])
        XCTAssertTrue(r.out.contains("42\n"), r.out + r.err)
        XCTAssertEqual(r.err, "")
    }

    func testMetaCommands() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dnsh-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let saved = dir.appendingPathComponent("saved.dn").path
        let r = session([
            "bridge br0", "bogus", "link set br0 up", ":save \(saved)", ":state", ":json", ":reset", "links",
            ":load \(saved)", "links", ":nope", ":quit", "print unreachable",
        ])
        XCTAssertEqual(
            try String(contentsOfFile: saved, encoding: .utf8), "bridge br0\nlink set br0 up\n",
            "only inputs that ran are saved")
        XCTAssertTrue(r.out.contains("2: br0 bridge UNKNOWN"), r.out)
        XCTAssertTrue(r.out.contains("\"ifname\": \"br0\""), r.out)
        XCTAssertTrue(r.out.contains("a fresh simulated kernel"), r.out)
        XCTAssertTrue(r.out.contains("[\"lo\"]\n"), "after :reset only lo: \(r.out)")
        XCTAssertTrue(r.out.hasSuffix("[\"lo\", \"br0\"]\n"), "after :load the bridge is back: \(r.out)")
        XCTAssertTrue(r.err.contains("unknown meta-command ':nope'"), r.err)
        XCTAssertFalse(r.out.contains("unreachable"))
    }

    func testAPipedScriptEndsWithTheCodeOfItsLastFailure() {
        XCTAssertEqual(session(["print ok"], interactive: false).code, .success)
        XCTAssertEqual(session(["link del nosuch", "print ok"], interactive: false).code, .runtimeError)
        XCTAssertEqual(session(["let = 1"], interactive: false).code, .scriptError)
    }

    func testNeedsMore() {
        XCTAssertTrue(ReplSession.needsMore("for i in 1..3 {"))
        XCTAssertTrue(ReplSession.needsMore("print (1 +"))
        XCTAssertTrue(ReplSession.needsMore("link add A1 \\"))
        XCTAssertFalse(ReplSession.needsMore("print \"{\""), "a brace in a string does not open a block")
        XCTAssertFalse(ReplSession.needsMore("if true { print 1 }"))
    }

    func testCompletion() {
        let c = Completer(
            commands: ["link", "links", "route", "print"], variables: ["subnet", "count"],
            links: ["lo", "br0", "eth0"], namespaces: ["bind1"])
        XCTAssertEqual(c.candidates(before: "", word: "lin"), ["link", "links"])
        XCTAssertEqual(c.candidates(before: "", word: "f"), ["false", "for"])
        XCTAssertEqual(c.candidates(before: "link set eth0 ", word: ""), Completer.linkSettings.sorted())
        XCTAssertEqual(c.candidates(before: "link show ", word: "b"), ["br0"])
        XCTAssertEqual(c.candidates(before: "link set eth0 master ", word: ""), ["br0", "eth0", "lo"])
        XCTAssertEqual(c.candidates(before: "in ", word: "b"), ["bind1"])
        XCTAssertEqual(c.candidates(before: "print ", word: "$s"), ["$subnet"])
        XCTAssertEqual(c.candidates(before: "", word: ":s"), [":save", ":state"])
        XCTAssertEqual(c.candidates(before: "route add default ", word: "v"), ["via"])
        XCTAssertEqual(c.candidates(before: "link add A1 type ", word: "v"), ["veth", "vxlan"])
    }
}
