import Builtins
import Interpreter
import Lexer
import XCTest

final class DiagnosticsFormatterTests: XCTestCase {
    func range(_ file: SourceFile, _ start: Int, _ end: Int) -> SourceRange {
        SourceRange(file: file, start: file.location(ofOffset: start), end: file.location(ofOffset: end))
    }

    /// A diagnostic over the first occurrence of `needle` in `text`.
    func diagnostic(_ text: String, _ needle: String, _ message: String = "boom", path: String = "f.dn")
        -> Diagnostic
    {
        let file = SourceFile(path: path, text: text)
        let start = text.utf8.count - text[text.range(of: needle)!.lowerBound...].utf8.count
        return .error(message, at: range(file, start, start + needle.utf8.count))
    }

    func testDocumentedExample() {
        let text = "param x = 1\nprint $x\naddr add 10.3.16.300/20 dev br0\n"
        let (_, diagnostics) = Parser.parse(SourceFile(path: "fleet.dn", text: text))
        XCTAssertEqual(
            DiagnosticsFormatter().format(diagnostics),
            """
            fleet.dn:3:10: error: invalid IPv4 address '10.3.16.300': 300 is not in 0-255
                addr add 10.3.16.300/20 dev br0
                         ^~~~~~~~~~~~~~

            """)
    }

    func testHeaderLine() {
        let d = diagnostic("let a = 1\n  print $b\n", "$b", "undefined variable '$b'", path: "dir/x.dn")
        let lines = DiagnosticsFormatter().format(d).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "dir/x.dn:2:9: error: undefined variable '$b'")
        XCTAssertEqual(lines[1], "      print $b")
        XCTAssertEqual(lines[2], "            ^~")
        XCTAssertEqual(lines.count, 4, "three lines, each ending in a newline")
        XCTAssertEqual(lines[3], "")
    }

    func testSeverities() {
        let file = SourceFile(path: "f.dn", text: "x")
        let r = range(file, 0, 1)
        XCTAssertTrue(
            DiagnosticsFormatter().format(Diagnostic(.warning, "w", at: r)).hasPrefix("f.dn:1:1: warning: w\n"))
        XCTAssertTrue(DiagnosticsFormatter().format(Diagnostic(.note, "n", at: r)).hasPrefix("f.dn:1:1: note: n\n"))
    }

    func testSingleCharacterAndEmptySpansGetOneCaret() {
        let file = SourceFile(path: "f.dn", text: "a + b")
        let one = DiagnosticsFormatter().format(.error("e", at: range(file, 2, 3)))
        XCTAssertTrue(one.hasSuffix("    a + b\n      ^\n"), one)
        let empty = DiagnosticsFormatter().format(.error("e", at: range(file, 2, 2)))
        XCTAssertTrue(empty.hasSuffix("    a + b\n      ^\n"), empty)
    }

    func testCaretAtEndOfLine() {
        let file = SourceFile(path: "f.dn", text: "print (1\n")
        let d = DiagnosticsFormatter().format(.error("e", at: range(file, 8, 8)))
        XCTAssertTrue(d.hasSuffix("    print (1\n            ^\n"), d)
    }

    func testMultiLineSpanUnderlinesToEndOfFirstLine() {
        let file = SourceFile(path: "f.dn", text: "if true {\n  print 1\n}\n")
        let d = DiagnosticsFormatter().format(.error("e", at: range(file, 3, 20)))
        XCTAssertTrue(d.hasSuffix("    if true {\n       ^~~~~~\n"), d)
    }

    func testNoColourByDefault() {
        let d = diagnostic("print $b", "$b")
        XCTAssertFalse(DiagnosticsFormatter().colored)
        XCTAssertFalse(DiagnosticsFormatter().format(d).contains("\u{1B}"))
        XCTAssertFalse(DiagnosticsFormatter(colored: false).format(d).contains("\u{1B}"))
    }

    func testColourWhenAsked() {
        let d = diagnostic("print $b", "$b", "undefined")
        let text = DiagnosticsFormatter(colored: true).format(d)
        XCTAssertTrue(text.contains("\u{1B}["), text)
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        XCTAssertEqual(plain, DiagnosticsFormatter().format(d))
    }

    func testTabsKeepCaretAligned() {
        let d = diagnostic("\tprint\t$b", "$b")
        let lines = DiagnosticsFormatter().format(d).split(separator: "\n")
        let source = lines[1]
        let caret = lines[2]
        let caretColumn = caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) }
        let dollarColumn = source.firstIndex(of: "$").map { source.distance(from: source.startIndex, to: $0) }
        XCTAssertEqual(caretColumn, dollarColumn)
        XCTAssertFalse(source.contains("\t"))
    }

    func testControlCharactersAreNotPrinted() {
        let d = diagnostic("print \u{1B}[31m $b", "$b")
        let lines = DiagnosticsFormatter().format(d).split(separator: "\n")
        XCTAssertFalse(lines[1].contains("\u{1B}"), "escape bytes of the script must not reach the terminal")
    }

    func testLongLineIsWindowedAroundTheCaret() {
        let prefix = String(repeating: "a", count: 400)
        let suffix = String(repeating: "b", count: 400)
        let text = "print " + prefix + " 10.3.16.300 " + suffix
        let d = diagnostic(text, "10.3.16.300")
        let lines = DiagnosticsFormatter().format(d).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[0].hasPrefix("f.dn:1:408: error: boom"))
        let shown = lines[1].dropFirst(4)
        XCTAssertLessThanOrEqual(shown.count, 160, "the source line is cut down to a window")
        XCTAssertTrue(shown.contains("10.3.16.300"), "the window holds the span")
        let caret = lines[2]
        let caretOffset = caret.distance(from: caret.startIndex, to: caret.firstIndex(of: "^")!)
        let spanOffset = lines[1].distance(from: lines[1].startIndex, to: lines[1].range(of: "10.3.16.300")!.lowerBound)
        XCTAssertEqual(caretOffset, spanOffset, "the caret stays under the span")
        XCTAssertEqual(caret.filter { $0 == "~" }.count, 10)
    }

    func testLongSpanIsClippedToWindow() {
        let text = "print " + String(repeating: "x", count: 1000)
        let file = SourceFile(path: "f.dn", text: text)
        let d = DiagnosticsFormatter().format(.error("e", at: range(file, 6, 1006)))
        for line in d.split(separator: "\n").dropFirst() {
            XCTAssertLessThanOrEqual(line.count, 4 + 160)
        }
    }

    func testNotesFollowTheirDiagnostic() {
        let file = SourceFile(path: "main.dn", text: "def f {\n  print (1 / 0)\n}\nf\n")
        let inner = range(file, 17, 22)
        let call = range(file, 26, 27)
        let d = Diagnostic(
            .error, "division by zero", at: inner, notes: [Diagnostic(.note, "in 'f' called from here", at: call)])
        XCTAssertEqual(
            DiagnosticsFormatter().format(d),
            """
            main.dn:2:10: error: division by zero
                  print (1 / 0)
                         ^~~~~
            main.dn:4:1: note: in 'f' called from here
                f
                ^

            """)
    }

    func testSeveralDiagnosticsAreConcatenated() {
        let (_, diagnostics) = Parser.parse(SourceFile(path: "f.dn", text: "let = 1\nlet y 2\n"))
        let text = DiagnosticsFormatter().format(diagnostics)
        XCTAssertEqual(text.components(separatedBy: ": error: ").count, 3)
        XCTAssertTrue(text.hasPrefix("f.dn:1:5: error:"))
        XCTAssertTrue(text.contains("\nf.dn:2:7: error:"))
    }

    func testInvalidUTF8LineIsShown() {
        let file = SourceFile(path: "f.dn", bytes: Array("print \"".utf8) + [0xff] + Array("\"".utf8))
        let (_, diagnostics) = Parser.parse(file)
        let text = DiagnosticsFormatter().format(diagnostics)
        XCTAssertTrue(text.hasPrefix("f.dn:1:"), text)
        XCTAssertEqual(text.split(separator: "\n").count, 3, text)
    }
}

final class ResolverTests: XCTestCase {
    func check(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let (program, parseErrors) = Parser.parse(SourceFile(path: "r.dn", text: text))
        XCTAssertEqual(parseErrors.map(\.message), [], "syntax errors", file: file, line: line)
        return Resolver(registry: CoreBuiltins.registry()).check([program]).map {
            "\($0.range.start.line):\($0.range.start.column) \($0.message)"
        }
    }

    func testCleanScript() {
        let text = """
            param count = 4
            param first = 10.3.16.11

            def greet name ip gw=10.3.16.1 {
                print "$name gets $ip via $gw"
                return $ip + 1
            }

            for i, ip in $first .. $first + ($count - 1) {
                greet "bind${$i + 1}" $ip
            }
            let r = greet a 10.0.0.1 gw=10.0.0.254
            """
        XCTAssertEqual(check(text), [])
    }

    func testUndefinedVariable() {
        XCTAssertEqual(check("print $nope"), ["1:7 undefined variable '$nope'"])
        XCTAssertEqual(check("print \"a $nope\""), ["1:10 undefined variable '$nope'"])
        XCTAssertEqual(check("print \"${$i + 1}\""), ["1:10 undefined variable '$i'"])
    }

    func testUnknownCommand() {
        XCTAssertEqual(check("frobnicate 1"), ["1:1 unknown command 'frobnicate'"])
        XCTAssertEqual(check("let x = frobnicate 1"), ["1:9 unknown command 'frobnicate'"])
    }

    func testCommandsMayBeUsedBeforeDefinition() {
        XCTAssertEqual(check("f 1\ndef f a { print $a }"), [])
    }

    func testBuiltinArity() {
        XCTAssertEqual(
            check("print (len)"), ["1:7 wrong number of arguments for 'len': usage: len STRING|LIST|MAP|RANGE"])
        XCTAssertEqual(check("len 1 2"), ["1:1 wrong number of arguments for 'len': usage: len STRING|LIST|MAP|RANGE"])
        XCTAssertEqual(check("print"), [])
        XCTAssertEqual(check("len a=1"), ["1:5 'len' takes no named arguments"])
    }

    func testUserCommandArguments() {
        let def = "def wire name ip gw=1 { }\n"
        XCTAssertEqual(check(def + "wire a"), ["2:1 missing argument 'ip' for 'wire'"])
        XCTAssertEqual(check(def + "wire a b c d"), ["2:12 too many arguments for 'wire': it takes 3"])
        XCTAssertEqual(check(def + "wire a b mtu=1"), ["2:10 'wire' has no parameter 'mtu'"])
        XCTAssertEqual(check(def + "wire a b gw=1 gw=2"), ["2:15 argument 'gw' is given twice"])
        XCTAssertEqual(check(def + "wire ip=1 name=2"), [])
        XCTAssertEqual(check(def + "let x = wire a"), ["2:9 missing argument 'ip' for 'wire'"])
    }

    func testRedefinitions() {
        XCTAssertEqual(check("def print { }"), ["1:5 'print' is a built-in command and cannot be redefined"])
        XCTAssertEqual(check("def f { }\ndef f { }"), ["2:5 command 'f' is already defined at r.dn:1:5"])
    }

    func testMisplacedStatements() {
        XCTAssertEqual(check("break"), ["1:1 'break' outside a loop"])
        XCTAssertEqual(check("if true { continue }"), ["1:11 'continue' outside a loop"])
        XCTAssertEqual(check("return 1"), ["1:1 'return' outside a command definition"])
        XCTAssertEqual(check("if true { def f { } }"), ["1:11 'def' is only allowed at the top level of a file"])
        XCTAssertEqual(check("if true { param p = 1 }"), ["1:11 'param' is only allowed at the top level of a file"])
        XCTAssertEqual(
            check("if true { import \"x.dn\" }"), ["1:11 'import' is only allowed at the top level of a file"])
        XCTAssertEqual(check("for i in 1..3 { def g { break } }").count, 1)
        XCTAssertEqual(check("while true { if true { break } }"), [])
        XCTAssertEqual(check("def f { for i in 1..2 { return $i } }"), [])
    }

    func testBreakInsideCommandCalledFromLoopIsStillOutsideLoop() {
        XCTAssertEqual(check("def f { break }\nwhile true { f }"), ["1:9 'break' outside a loop"])
    }

    func testAssignment() {
        XCTAssertEqual(check("x = 1"), ["1:1 cannot assign to undefined variable '$x'; declare it with 'let'"])
        XCTAssertEqual(check("let x = 1\nx += 1"), [])
    }

    func testScopes() {
        XCTAssertEqual(check("if true { let a = 1 }\nprint $a"), ["2:7 undefined variable '$a'"])
        XCTAssertEqual(check("if true { let a = 1\nlet a = 2 }"), ["2:1 '$a' is already declared in this scope"])
        XCTAssertEqual(check("let a = 1\nif true { let a = 2 }"), [], "an inner block may shadow an outer name")
        XCTAssertEqual(check("for i, x in [1] { print $i $x }\nprint $x"), ["2:7 undefined variable '$x'"])
    }

    func testDuplicateTopLevelDeclaration() {
        // docs: "Declaring the same name twice in one block is an error" (the file is a block too).
        XCTAssertEqual(check("let a = 1\nlet a = 2"), ["2:1 '$a' is already declared in this scope"])
    }

    func testCommandsSeeGlobalsButNotCallersLocals() {
        XCTAssertEqual(check("let g = 1\ndef f { print $g }\nf"), [])
        XCTAssertEqual(check("def f { print $g }\nlet g = 1"), [], "top-level names are visible everywhere")
        XCTAssertEqual(
            check("def f { print $loc }\nif true {\n  let loc = 1\n  f\n}"), ["1:15 undefined variable '$loc'"])
        XCTAssertEqual(check("def f a b=$a { print $b }"), [], "defaults may use earlier parameters")
    }

    func testEveryErrorIsReported() {
        let text = """
            print $a
            nope
            break
            x = 1
            """
        XCTAssertEqual(check(text).map { $0.split(separator: " ")[0] }, ["1:7", "2:1", "3:1", "4:1"])
    }

    func testWordThatNamesACommandIsChecked() {
        XCTAssertEqual(
            check("let n = len"), ["1:9 wrong number of arguments for 'len': usage: len STRING|LIST|MAP|RANGE"])
        XCTAssertEqual(check("let br = docker0"), [])
    }
}
