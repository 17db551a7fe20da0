import Interpreter
import Lexer
import XCTest

final class CommandParsingTests: ParserTestCase {
    func testCommandWithWordArguments() {
        XCTAssertEqual(
            one("link add A1 type veth peer name B1"),
            #"(cmd link "add" "A1" "type" "veth" "peer" "name" "B1")"#)
    }

    func testEachArgumentIsAnExpression() {
        // docs: `print eth0 $x + 1 (len $l)` has three arguments.
        XCTAssertEqual(one("print eth0 $x + 1 (len $l)"), #"(cmd print "eth0" (+ $x 1) (call len $l))"#)
    }

    func testLiteralArguments() {
        XCTAssertEqual(
            one("addr add 10.3.16.11/20 dev br-lan 42 0x2a fe80::1 02:42:0a:03:10:0b true none"),
            #"(cmd addr "add" 10.3.16.11/20 "dev" "br-lan" 42 42 fe80::1 02:42:0a:03:10:0b true none)"#)
    }

    func testNamedArguments() {
        XCTAssertEqual(
            one("wire bind2 10.3.16.12 gw=10.3.16.254"), #"(cmd wire "bind2" 10.3.16.12 gw=10.3.16.254)"#)
        XCTAssertEqual(one("wire gw=$x name=\"a b\""), #"(cmd wire gw=$x name="a b")"#)
    }

    func testCommandWithoutArguments() {
        XCTAssertEqual(one("reset"), "(cmd reset)")
    }

    func testListArgumentVersusIndexing() {
        XCTAssertEqual(one("print $list[0]"), "(cmd print (index $list 0))")
        XCTAssertEqual(one("print $list [0]"), "(cmd print $list [0])")
        XCTAssertEqual(one("print $list [0, 1] [2]"), "(cmd print $list [0, 1] [2])")
    }

    func testAndOrInStatementArguments() {
        XCTAssertEqual(one("print $a and $b"), "(cmd print (and $a $b))")
    }

    func testInIsNotAnOperatorInArguments() {
        // docs: "In arguments, `in` is not an operator"; a bare word is a string.
        XCTAssertEqual(one("print $x in $l"), #"(cmd print $x "in" $l)"#)
        XCTAssertEqual(one("print ($x in $l)"), "(cmd print (in $x $l))")
    }

    func testBraceEndsCommand() {
        XCTAssertEqual(one("in bind1 { print x }"), #"(in (word bind1) {(cmd print "x")})"#)
        XCTAssertEqual(one("in $ns { }"), "(in $ns {})")
    }

    func testInterpolatedArguments() {
        XCTAssertEqual(one("print \"bind${$i + 1}\""), #"(cmd print (interp "bind" (+ $i 1)))"#)
        XCTAssertEqual(one("link add A$i"), #"(cmd link "add" (interp "A" $i))"#)
        XCTAssertEqual(one("print veth${i}b"), #"(cmd print (interp "veth" $i "b"))"#)
        XCTAssertEqual(one("print \"${len $l}\""), "(cmd print (interp (call len $l)))")
        XCTAssertEqual(one("print \"$a-$b\""), #"(cmd print (interp $a "-" $b))"#)
        XCTAssertEqual(one("print \"plain\" 'raw $x'"), #"(cmd print "plain" "raw \$x")"#)
    }

    func testLineContinuationAndSeparators() {
        XCTAssertEqual(one("link add A1 \\\n    type veth"), #"(cmd link "add" "A1" "type" "veth")"#)
        XCTAssertEqual(ast("let a = 1; let b = 2\n\n;print $a"), ["(let a 1)", "(let b 2)", "(cmd print $a)"])
        XCTAssertEqual(ast("# comment\n\nprint 1 # trailing\n"), ["(cmd print 1)"])
    }
}

final class ExpressionParsingTests: ParserTestCase {
    func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let s = one("let v = " + text, file: file, line: line)
        return String(s.dropFirst("(let v ".count).dropLast())
    }

    func testCallsInExpressionPosition() {
        XCTAssertEqual(one("let ns = netns add bind1"), #"(let ns (call netns "add" "bind1"))"#)
        XCTAssertEqual(one("return wire a b"), #"(return (call wire "a" "b"))"#)
        XCTAssertEqual(value("[len $l, str 1]"), "[(call len $l), (call str 1)]")
        XCTAssertEqual(value("(str 1)"), "(call str 1)")
    }

    func testWordAloneIsWord() {
        XCTAssertEqual(one("let br = docker0"), "(let br (word docker0))")
    }

    func testConditionCallStopsAtAndOr() {
        XCTAssertEqual(one("if exists link eth0 { }"), #"(if (call exists "link" "eth0") {})"#)
        XCTAssertEqual(
            one("if exists link eth0 and not $x or $y { }"),
            #"(if (or (and (call exists "link" "eth0") (not $x)) $y) {})"#)
    }

    func testComparisonRightSideBelongsToLastArgument() {
        XCTAssertEqual(value("len $l == 3"), "(call len (== $l 3))")
        XCTAssertEqual(value("(len $l) == 3"), "(== (call len $l) 3)")
    }

    func testBareWordsInCallArgumentsAreStrings() {
        XCTAssertEqual(value("f a b"), #"(call f "a" "b")"#)
    }

    func testArithmeticPrecedence() {
        XCTAssertEqual(value("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)")
        XCTAssertEqual(value("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(value("10 % 3 / 2 * 4"), "(* (/ (% 10 3) 2) 4)")
        XCTAssertEqual(value("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(value("-1 + -$x"), "(+ (neg 1) (neg $x))")
        XCTAssertEqual(value("- -1"), "(neg (neg 1))")
        XCTAssertEqual(value("$ip/20"), "(/ $ip 20)")
    }

    func testLogicalPrecedence() {
        XCTAssertEqual(value("$a or $b and $c"), "(or $a (and $b $c))")
        XCTAssertEqual(value("$a and $b or $c"), "(or (and $a $b) $c)")
        XCTAssertEqual(value("not $a == 1"), "(not (== $a 1))")
        XCTAssertEqual(value("not not $a"), "(not (not $a))")
        XCTAssertEqual(value("not $a and $b"), "(and (not $a) $b)")
    }

    func testComparisonsAndIn() {
        XCTAssertEqual(value("$a + 1 < $b * 2"), "(< (+ $a 1) (* $b 2))")
        XCTAssertEqual(value("$a != $b"), "(!= $a $b)")
        XCTAssertEqual(value("$a <= 1"), "(<= $a 1)")
        XCTAssertEqual(value("$a >= 1"), "(>= $a 1)")
        XCTAssertEqual(value("$a > 1"), "(> $a 1)")
        XCTAssertEqual(value("$ip in 10.0.0.0/8"), "(in $ip 10.0.0.0/8)")
        XCTAssertEqual(value("$x in $l and $y"), "(and (in $x $l) $y)")
    }

    func testRanges() {
        XCTAssertEqual(value("1..4"), "(.. 1 4)")
        XCTAssertEqual(value("1..$count"), "(.. 1 $count)")
        XCTAssertEqual(value("10.3.16.11..10.3.16.14"), "(.. 10.3.16.11 10.3.16.14)")
        XCTAssertEqual(value("10.3.16.11 .. 10.3.16.14"), "(.. 10.3.16.11 10.3.16.14)")
        XCTAssertEqual(value("$first .. $first + ($count - 1)"), "(.. $first (+ $first (- $count 1)))")
        XCTAssertEqual(value("$i in 1..3"), "(in $i (.. 1 3))")
        XCTAssertEqual(value("$a .. $b == $r"), "(== (.. $a $b) $r)")
    }

    func testMembersAndIndexing() {
        XCTAssertEqual(value("$net.size"), "(. $net size)")
        XCTAssertEqual(value("$p.network.size"), "(. (. $p network) size)")
        XCTAssertEqual(value("10.0.0.0/8.hosts"), "(. 10.0.0.0/8 hosts)")
        XCTAssertEqual(value("$list[-1]"), "(index $list (neg 1))")
        XCTAssertEqual(value("$m[\"eth0\"]"), #"(index $m "eth0")"#)
        XCTAssertEqual(value("$l[0][1].length"), "(. (index (index $l 0) 1) length)")
        XCTAssertEqual(value("$l[$i + 1]"), "(index $l (+ $i 1))")
        XCTAssertEqual(value("-$p.size"), "(neg (. $p size))")
        XCTAssertEqual(value("($a + $b).size"), "(. (+ $a $b) size)")
        XCTAssertEqual(value("$a.size + 1"), "(+ (. $a size) 1)")
    }

    func testListsAndMaps() {
        XCTAssertEqual(value("[1, \"a\", 10.0.0.1]"), #"[1, "a", 10.0.0.1]"#)
        XCTAssertEqual(value("[]"), "[]")
        XCTAssertEqual(value("[\n  1,\n  2,\n]"), "[1, 2]")
        XCTAssertEqual(
            value("{\"eth0\": 10.0.0.1, mtu: 1500}"), #"{"eth0": 10.0.0.1, (word mtu): 1500}"#)
        XCTAssertEqual(value("{\n  a: 1,\n  b: [2]\n}"), "{(word a): 1, (word b): [2]}")
        XCTAssertEqual(value("{}"), "{}")
    }

    func testLiterals() {
        XCTAssertEqual(value("true"), "true")
        XCTAssertEqual(value("false"), "false")
        XCTAssertEqual(value("none"), "none")
        XCTAssertEqual(value("0x2a"), "42")
        XCTAssertEqual(value("12:34:56:78:9a:bc"), "12:34:56:78:9a:bc")
        XCTAssertEqual(value("fd00::/64"), "fd00::/64")
    }

    func testExpressionStatements() {
        XCTAssertEqual(one("$x + 1"), "(expr (+ $x 1))")
        XCTAssertEqual(one("true"), "(expr true)")
        XCTAssertEqual(one("not $x"), "(expr (not $x))")
        XCTAssertEqual(one("[1, 2]"), "(expr [1, 2])")
    }

    func testGroupsMaySpanLines() {
        XCTAssertEqual(value("(1 +\n 2)"), "(+ 1 2)")
    }

    func testRanges_Source() {
        let (program, _) = parse("let x = 1 + 2\n  print $x")
        XCTAssertEqual(program.statements[0].range.start.column, 1)
        XCTAssertEqual(program.statements[0].range.end.column, 14)
        XCTAssertEqual(program.statements[1].range.start.line, 2)
        XCTAssertEqual(program.statements[1].range.start.column, 3)
        XCTAssertEqual(program.statements[1].range.end.column, 11)
        if case .let(_, let value) = program.statements[0].kind {
            XCTAssertEqual(value.range.start.column, 9)
            XCTAssertEqual(value.range.end.column, 14)
        } else {
            XCTFail("not a let")
        }
    }
}

final class StatementParsingTests: ParserTestCase {
    func testLetAndAssignment() {
        XCTAssertEqual(
            ast("let x = 1\nx = 2\nx += 3\n$x -= 4"),
            ["(let x 1)", "(set x = 2)", "(set x += 3)", "(set x -= 4)"])
    }

    func testIfElseChain() {
        let text = """
            if $a {
                print a
            } else if $b {
                print b
            } else {
                print c
            }
            """
        XCTAssertEqual(
            one(text),
            #"(if $a {(cmd print "a")} else {(if $b {(cmd print "b")} else {(cmd print "c")})})"#)
    }

    func testIfWithoutElseAndElseOnNextLine() {
        XCTAssertEqual(one("if $a { print a }"), #"(if $a {(cmd print "a")})"#)
        XCTAssertEqual(one("if $a {\n}\nelse {\n}"), "(if $a {} else {})")
    }

    func testForLoops() {
        XCTAssertEqual(one("for ip in $list { print $ip }"), "(for ip in $list {(cmd print $ip)})")
        XCTAssertEqual(
            one("for i, ip in $first .. $first + 3 {\n  greet \"bind${$i + 1}\" $ip\n}"),
            #"(for i, ip in (.. $first (+ $first 3)) {(cmd greet (interp "bind" (+ $i 1)) $ip)})"#)
        XCTAssertEqual(one("for ip in 10.0.0.0/8.hosts { }"), "(for ip in (. 10.0.0.0/8 hosts) {})")
    }

    func testWhileBreakContinue() {
        XCTAssertEqual(
            one("while $i < 3 {\n  if $x { break }\n  continue\n}"),
            "(while (< $i 3) {(if $x {(break)}); (continue)})")
    }

    func testDefParameters() {
        let text = """
            def greet name ip gw=10.3.16.1 {
                print "$name gets $ip via $gw"
                return $ip + 1
            }
            """
        XCTAssertEqual(
            one(text),
            #"(def greet name ip gw=10.3.16.1 {(cmd print (interp $name " gets " $ip " via " $gw)); (return (+ $ip 1))})"#
        )
        XCTAssertEqual(one("def f { }"), "(def f {})")
        XCTAssertEqual(one("def f a=1 b=$a { }"), "(def f a=1 b=$a {})")
    }

    func testDefParameterRanges() {
        let (program, _) = parse("def f abc d=1 { }")
        guard case .def(let decl) = program.statements[0].kind else { return XCTFail("not a def") }
        XCTAssertEqual(decl.nameRange.start.column, 5)
        XCTAssertEqual(decl.parameters.map(\.range.start.column), [7, 11])
    }

    func testReturn() {
        XCTAssertEqual(one("def f { return }"), "(def f {(return)})")
        XCTAssertEqual(one("def f { return 1 }"), "(def f {(return 1)})")
    }

    func testImportParamIn() {
        XCTAssertEqual(one("import \"lib/net.dn\""), #"(import "lib/net.dn")"#)
        XCTAssertEqual(one("param count = 4"), "(param count 4)")
        XCTAssertEqual(one("param first = 10.3.16.11"), "(param first 10.3.16.11)")
        XCTAssertEqual(one("in $ns { in inner { } }"), "(in $ns {(in (word inner) {})})")
    }

    func testAssert() {
        XCTAssertEqual(one("assert $ok"), "(assert $ok)")
        XCTAssertEqual(one("assert $x == 1 \"x is one\""), #"(assert (== $x 1) "x is one")"#)
        XCTAssertEqual(one("assert $x == 1, \"x is one\""), #"(assert (== $x 1) "x is one")"#)
        XCTAssertEqual(
            one("assert exists link eth0, \"no eth0\""), #"(assert (call exists "link" "eth0") "no eth0")"#)
        // Without the comma the message is one more argument of the command.
        XCTAssertEqual(
            one("assert exists link eth0 \"no eth0\""), #"(assert (call exists "link" "eth0" "no eth0"))"#)
    }

    func testExpectError() {
        XCTAssertEqual(one("expect error { fail boom }"), #"(expect {(cmd fail "boom")})"#)
        XCTAssertEqual(
            one("expect error EEXIST {\n  link add A1\n}"), #"(expect "EEXIST" {(cmd link "add" "A1")})"#)
        XCTAssertEqual(one("expect error \"division by zero\" { }"), #"(expect "division by zero" {})"#)
    }

    func testKeywordStatementsAreNotCommands() {
        XCTAssertEqual(one("true"), "(expr true)")
    }
}

final class SyntaxErrorTests: ParserTestCase {
    func testMessages() {
        XCTAssertEqual(errors("let = 1"), ["1:5 expected a name after 'let', found '='"])
        XCTAssertEqual(errors("let x 2"), ["1:7 expected '=' after the variable name, found '2'"])
        XCTAssertEqual(errors("print (1 + 2\n"), ["2:1 expected ')' to close the '(' at line 1, found end of file"])
        XCTAssertEqual(errors("if $x print"), ["1:7 expected '{', found 'print'"])
        XCTAssertEqual(errors("}"), ["1:1 unexpected '}' with no '{' to close"])
        XCTAssertEqual(errors("else { }"), ["1:1 'else' without a matching 'if'"])
        XCTAssertEqual(errors("let x = 1 2"), ["1:11 expected end of statement, found '2'"])
        XCTAssertEqual(errors("expect foo { }"), ["1:8 expected 'error' after 'expect', found 'foo'"])
        XCTAssertEqual(errors("import lib"), ["1:8 expected a quoted file name after 'import'"])
        XCTAssertEqual(errors("def 1 { }"), ["1:5 expected a command name after 'def', found '1'"])
        XCTAssertEqual(errors("def if { }"), ["1:5 'if' is a keyword and cannot name a command"])
        XCTAssertEqual(errors("for x of $l { }"), ["1:7 expected 'in' after the loop variable, found 'of'"])
        XCTAssertEqual(errors("let l = [1, 2"), ["1:14 expected ',' or ']', found end of file"])
        XCTAssertEqual(errors("let x = *"), ["1:9 expected an expression, found '*'"])
        XCTAssertEqual(errors("let x = 1 +"), ["1:12 expected an expression, found end of file"])
        XCTAssertEqual(errors("print $l[0"), ["1:11 expected ']' after the index, found end of file"])
        XCTAssertEqual(
            errors("param n"), ["1:8 expected '=' and a default value after the parameter name, found end of file"])
    }

    func testErrorInsideMapIsReportedOnce() {
        XCTAssertEqual(errors("let m = {\"a\" 1}\nprint ok"), ["1:14 expected ':' after the map key, found '1'"])
    }

    func testUnclosedBlock() {
        XCTAssertEqual(
            errors("if true {\n  print 1\n"), ["3:1 expected '}' to close the block opened at line 1"])
    }

    func testParameterErrors() {
        XCTAssertEqual(
            errors("def f a=1 b { }"), ["1:11 parameter 'b' needs a default because the one before it has one"])
        XCTAssertEqual(errors("def f a a { }"), ["1:9 duplicate parameter 'a'"])
    }

    func testInterpolationErrors() {
        XCTAssertEqual(errors("print \"${}\""), ["1:8 expected an expression inside '${}'"])
        XCTAssertEqual(
            errors("print \"${$x $y}\""), ["1:13 expected '}' after the interpolated expression, found '$y'"])
    }

    func testSeveralErrorsReported() {
        let text = """
            let = 1
            print ok
            let x 2
            if true {
                print )
                print fine
            }
            for x of $l { }
            print 10.3.16.300
            let z = *
            """
        XCTAssertEqual(
            errors(text),
            [
                "1:5 expected a name after 'let', found '='",
                "3:7 expected '=' after the variable name, found '2'",
                "5:11 expected end of statement, found ')'",
                "8:7 expected 'in' after the loop variable, found 'of'",
                "9:7 invalid IPv4 address '10.3.16.300': 300 is not in 0-255",
                "10:9 expected an expression, found '*'",
            ])
    }

    func testUnclosedBracketIsReported() {
        let found = errors("let y = [1,\nprint 10.3.16.300\nlet z = 1\n")
        XCTAssertTrue(found.contains("2:7 invalid IPv4 address '10.3.16.300': 300 is not in 0-255"), "\(found)")
        XCTAssertTrue(found.contains { $0.contains("expected ',' or ']'") }, "\(found)")
    }

    func testRecoveryKeepsGoodStatements() {
        let text = """
            let = 1
            print ok
            def f {
                let = 2
                print inside
            }
            print after
            """
        let (program, diagnostics) = parse(text)
        XCTAssertEqual(diagnostics.map(\.range.start.line), [1, 4])
        let shown = AST.show(program)
        XCTAssertTrue(shown.contains(#"(cmd print "ok")"#), "\(shown)")
        XCTAssertTrue(shown.contains(#"(cmd print "after")"#), "\(shown)")
        XCTAssertTrue(shown.contains(#"(def f {(cmd print "inside")})"#), "\(shown)")
    }

    func testLexicalErrorsComeWithParseErrors() {
        let found = errors("let a = 10.0.0.0/33\nlet = 2")
        XCTAssertEqual(
            found,
            [
                "1:9 invalid prefix length 33 in '10.0.0.0/33': an IPv4 prefix is 0-32",
                "2:5 expected a name after 'let', found '='",
            ])
    }
}

final class NestingLimitTests: ParserTestCase {
    func parseDeep(_ text: String) -> [String] {
        onBigStack { Parser.parse(SourceFile(path: "deep.dn", text: text)).diagnostics.map(\.message) }
    }

    func testLimitValue() {
        XCTAssertEqual(Parser.maxNesting, 200)
    }

    func testModerateNestingIsFine() {
        let depth = 100
        XCTAssertEqual(
            parseDeep("let x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)),
            [])
        XCTAssertEqual(
            parseDeep("let x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)), [])
        XCTAssertEqual(
            parseDeep(String(repeating: "if true {\n", count: depth) + String(repeating: "}\n", count: depth)), [])
    }

    func testDeepParentheses() {
        let depth = 500
        let found = parseDeep(
            "let x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
                + "\nprint ok")
        XCTAssertEqual(found, ["nesting too deep (limit 200)"])
    }

    func testDeepLists() {
        let depth = 500
        let found = parseDeep("let x = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        XCTAssertEqual(found, ["nesting too deep (limit 200)"])
    }

    func testDeepBlocks() {
        let depth = 500
        let found = parseDeep(String(repeating: "if true {\n", count: depth) + String(repeating: "}\n", count: depth))
        XCTAssertEqual(found.first, "nesting too deep (limit 200)")
        XCTAssertEqual(found.filter { $0 == "nesting too deep (limit 200)" }.count, 1, "\(found.prefix(5))")
    }

    func testDeepUnaryOperators() {
        XCTAssertEqual(
            parseDeep("let x = " + String(repeating: "not ", count: 500) + "true"), ["nesting too deep (limit 200)"])
        XCTAssertEqual(
            parseDeep("let x = " + String(repeating: "- ", count: 500) + "1"), ["nesting too deep (limit 200)"])
    }

    func testVeryDeepInputDoesNotCrash() {
        let depth = 100_000
        let found = parseDeep("let x = " + String(repeating: "(", count: depth))
        XCTAssertTrue(found.contains("nesting too deep (limit 200)"))
    }
}
