import Lexer
import NetTypes
import XCTest

/// Helpers shared by the lexer tests.
class LexerTestCase: XCTestCase {
    func scan(_ text: String, path: String = "t.dn") -> (tokens: [Token], diagnostics: [Diagnostic]) {
        Scanner.scan(SourceFile(path: path, text: text))
    }

    func scanBytes(_ bytes: [UInt8]) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        Scanner.scan(SourceFile(path: "t.dn", bytes: bytes))
    }

    /// The token kinds without the final `.eof`; fails if there were diagnostics.
    func kinds(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [TokenKind] {
        let (tokens, diagnostics) = scan(text)
        XCTAssertEqual(diagnostics.map(\.message), [], "unexpected diagnostics for \(text)", file: file, line: line)
        XCTAssertEqual(tokens.last?.kind, .eof, file: file, line: line)
        return tokens.dropLast().map(\.kind)
    }

    func only(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> TokenKind? {
        let k = kinds(text, file: file, line: line)
        XCTAssertEqual(k.count, 1, "expected one token in \(text), got \(k)", file: file, line: line)
        return k.first
    }

    /// Messages and `line:col-line:col` locations of the diagnostics.
    func errors(_ text: String) -> [String] {
        scan(text).diagnostics.map(describe)
    }

    func describe(_ d: Diagnostic) -> String {
        "\(d.range.start.line):\(d.range.start.column)-\(d.range.end.line):\(d.range.end.column) \(d.message)"
    }

    func ipv4(_ s: String) -> TokenKind { .address(IPAddress(s)!) }
    func prefix(_ s: String) -> TokenKind { .prefix(IPPrefix(s)!) }

    /// A readable rendering of text parts: `"text"`, `$name`, `${kinds...}`.
    func render(_ parts: [TextPart]) -> [String] {
        parts.map { part in
            switch part {
            case .text(let t): return "\"\(t)\""
            case .variable(let name, _): return "$\(name)"
            case .expression(let tokens, _): return "${" + tokens.map { render($0.kind) }.joined(separator: " ") + "}"
            }
        }
    }

    func render(_ kind: TokenKind) -> String {
        switch kind {
        case .word(let w): return w
        case .variable(let v): return "$" + v
        case .int(let i): return String(i)
        case .string(let parts): return "str(" + render(parts).joined(separator: ",") + ")"
        case .interpolatedWord(let parts): return "iw(" + render(parts).joined(separator: ",") + ")"
        case .eof: return "EOF"
        default:
            let d = kind.display
            return d.hasPrefix("'") && d.hasSuffix("'") && d.count > 2 ? String(d.dropFirst().dropLast()) : d
        }
    }
}

// MARK: - Tokens and kinds

final class TokenKindTests: LexerTestCase {
    func testCommandOfWords() {
        XCTAssertEqual(
            kinds("link add A1 type veth peer name B1"),
            ["link", "add", "A1", "type", "veth", "peer", "name", "B1"].map { .word($0) })
    }

    func testWordsWithDashesDotsAndUnderscores() {
        XCTAssertEqual(only("docker0"), .word("docker0"))
        XCTAssertEqual(only("br-lan"), .word("br-lan"))
        XCTAssertEqual(only("eth0.100"), .word("eth0.100"))
        XCTAssertEqual(only("my_if"), .word("my_if"))
        XCTAssertEqual(only("_x"), .word("_x"))
        XCTAssertEqual(only("veth-a.b-c"), .word("veth-a.b-c"))
        XCTAssertEqual(only("A1"), .word("A1"))
    }

    func testTrailingDashOrDotIsNotPartOfWord() {
        XCTAssertEqual(kinds("abc-"), [.word("abc"), .minus])
        XCTAssertEqual(kinds("abc."), [.word("abc"), .dot])
        XCTAssertEqual(kinds("a - b"), [.word("a"), .minus, .word("b")])
    }

    func testVariables() {
        XCTAssertEqual(kinds("$x $long_name2"), [.variable("x"), .variable("long_name2")])
        XCTAssertEqual(kinds("$a-1"), [.variable("a"), .minus, .int(1)])
    }

    func testIntegers() {
        XCTAssertEqual(only("42"), .int(42))
        XCTAssertEqual(only("0"), .int(0))
        XCTAssertEqual(only("0x2a"), .int(42))
        XCTAssertEqual(only("0X2A"), .int(42))
        XCTAssertEqual(only("0xff"), .int(255))
        XCTAssertEqual(only("9223372036854775807"), .int(Int.max))
        XCTAssertEqual(only("0x7fffffffffffffff"), .int(Int.max))
        XCTAssertEqual(kinds("-1"), [.minus, .int(1)])
    }

    func testIPv4Literals() {
        XCTAssertEqual(only("10.3.16.11"), ipv4("10.3.16.11"))
        XCTAssertEqual(only("0.0.0.0"), ipv4("0.0.0.0"))
        XCTAssertEqual(only("255.255.255.255"), ipv4("255.255.255.255"))
    }

    func testIPv6Literals() {
        XCTAssertEqual(only("fe80::1"), ipv4("fe80::1"))
        XCTAssertEqual(only("2001:db8::10"), ipv4("2001:db8::10"))
        XCTAssertEqual(only("::ffff:10.0.0.1"), ipv4("::ffff:10.0.0.1"))
        XCTAssertEqual(only("::"), ipv4("::"))
        XCTAssertEqual(only("::1"), ipv4("::1"))
        XCTAssertEqual(only("dead:beef::1"), ipv4("dead:beef::1"))
        XCTAssertEqual(only("1:2:3:4:5:6:7:8"), ipv4("1:2:3:4:5:6:7:8"))
    }

    func testPrefixLiterals() {
        XCTAssertEqual(only("10.3.16.0/20"), prefix("10.3.16.0/20"))
        XCTAssertEqual(only("10.3.16.11/20"), prefix("10.3.16.11/20"))
        XCTAssertEqual(only("0.0.0.0/0"), prefix("0.0.0.0/0"))
        XCTAssertEqual(only("10.0.0.1/32"), prefix("10.0.0.1/32"))
        XCTAssertEqual(only("fd00::/64"), prefix("fd00::/64"))
        XCTAssertEqual(only("::/0"), prefix("::/0"))
        XCTAssertEqual(only("2001:db8::/32"), prefix("2001:db8::/32"))
        XCTAssertEqual(only("fe80::1/128"), prefix("fe80::1/128"))
    }

    func testMACLiterals() {
        XCTAssertEqual(only("12:34:56:78:9a:bc"), .mac(MACAddress("12:34:56:78:9a:bc")!))
        XCTAssertEqual(only("02:42:0a:03:10:0b"), .mac(MACAddress("02:42:0a:03:10:0b")!))
        XCTAssertEqual(only("aa:bb:cc:dd:ee:ff"), .mac(MACAddress("aa:bb:cc:dd:ee:ff")!))
    }

    func testVariableSlashLengthIsDivision() {
        XCTAssertEqual(kinds("$ip/20"), [.variable("ip"), .slash, .int(20)])
        XCTAssertEqual(kinds("10 / 2"), [.int(10), .slash, .int(2)])
        XCTAssertEqual(kinds("10/2"), [.int(10), .slash, .int(2)])
    }

    func testPunctuation() {
        XCTAssertEqual(
            kinds("( ) [ ] { } , : ; . .. + - * / % = == != < <= > >= += -="),
            [
                .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .comma, .colon,
                .semicolon, .dot, .dotDot, .plus, .minus, .star, .slash, .percent, .equal, .equalEqual, .bangEqual,
                .less, .lessEqual, .greater, .greaterEqual, .plusEqual, .minusEqual,
            ])
        XCTAssertEqual(kinds("a==b"), [.word("a"), .equalEqual, .word("b")])
        XCTAssertEqual(kinds("x+=1"), [.word("x"), .plusEqual, .int(1)])
    }

    func testRangesWithAndWithoutSpaces() {
        XCTAssertEqual(kinds("1..4"), [.int(1), .dotDot, .int(4)])
        XCTAssertEqual(kinds("1..$count"), [.int(1), .dotDot, .variable("count")])
        XCTAssertEqual(
            kinds("10.3.16.11..10.3.16.14"), [ipv4("10.3.16.11"), .dotDot, ipv4("10.3.16.14")])
        XCTAssertEqual(
            kinds("10.3.16.11 .. 10.3.16.14"), [ipv4("10.3.16.11"), .dotDot, ipv4("10.3.16.14")])
    }

    func testMembersAndIndexing() {
        XCTAssertEqual(kinds("$net.size"), [.variable("net"), .dot, .word("size")])
        XCTAssertEqual(kinds("$list[0]"), [.variable("list"), .leftBracket, .int(0), .rightBracket])
        XCTAssertEqual(
            kinds("10.0.0.0/8.hosts"), [prefix("10.0.0.0/8"), .dot, .word("hosts")])
    }

    func testMapEntries() {
        XCTAssertEqual(kinds("{a: 1}"), [.leftBrace, .word("a"), .colon, .int(1), .rightBrace])
        XCTAssertEqual(
            kinds("{\"eth0\": 10.0.0.1}"),
            [.leftBrace, .string([.text("eth0")]), .colon, ipv4("10.0.0.1"), .rightBrace])
        // A colon after a non-hex word is punctuation.
        XCTAssertEqual(kinds("mtu: 1500"), [.word("mtu"), .colon, .int(1500)])
        XCTAssertEqual(kinds("eth0:1"), [.word("eth0"), .colon, .int(1)])
    }

    func testNoSpaceMapEntryReadsAsIPv6() {
        // docs: `{a:1}` reads as an IPv6 address.
        let diagnostics = scan("{a:1}").diagnostics
        XCTAssertEqual(diagnostics.map(\.message), ["invalid IPv6 address 'a:1'"])
    }

    func testNewlinesSemicolonsAndComments() {
        XCTAssertEqual(
            kinds("a # comment\nb; c\n"),
            [.word("a"), .newline, .word("b"), .semicolon, .word("c"), .newline])
        XCTAssertEqual(kinds("# only a comment"), [])
        XCTAssertEqual(kinds(""), [])
        XCTAssertEqual(kinds("a\r\nb"), [.word("a"), .newline, .word("b")])
    }

    func testBackslashNewlineContinues() {
        XCTAssertEqual(kinds("link add \\\n  A1"), [.word("link"), .word("add"), .word("A1")])
        XCTAssertEqual(kinds("a \\\r\n b"), [.word("a"), .word("b")])
    }

    func testEndsWithEOF() {
        let (tokens, _) = scan("a\n")
        XCTAssertEqual(tokens.last?.kind, .eof)
        XCTAssertEqual(tokens.last?.range.start.line, 2)
        XCTAssertEqual(Scanner.scan(SourceFile(path: "e", text: "")).tokens.map(\.kind), [.eof])
    }
}

// MARK: - Ranges and spacing

final class TokenRangeTests: LexerTestCase {
    func testLineAndColumn() {
        let (tokens, _) = scan("let x = 1\n  addr add 10.3.16.0/20\n")
        let spans = tokens.map {
            "\($0.range.start.line):\($0.range.start.column)-\($0.range.end.line):\($0.range.end.column)"
        }
        XCTAssertEqual(
            spans,
            [
                "1:1-1:4", "1:5-1:6", "1:7-1:8", "1:9-1:10", "1:10-2:1",
                "2:3-2:7", "2:8-2:11", "2:12-2:24", "2:24-3:1", "3:1-3:1",
            ])
        XCTAssertEqual(tokens[0].range.start.offset, 0)
        XCTAssertEqual(tokens[5].range.start.offset, 12)
    }

    func testColumnsCountBytes() {
        let (tokens, _) = scan("\"é\" x")
        XCTAssertEqual(tokens[0].range.end.column, 5)
        XCTAssertEqual(tokens[1].range.start.column, 6)
    }

    func testStringRangeIncludesQuotes() {
        let (tokens, _) = scan("print \"a $b\"")
        XCTAssertEqual(tokens[1].range.start.column, 7)
        XCTAssertEqual(tokens[1].range.end.column, 13)
    }

    func testSpaceBefore() {
        let (tokens, _) = scan("$x[0] $x [0]\n$n.size")
        let flags = tokens.map(\.spaceBefore)
        // $x [ 0 ] $x [ 0 ] \n $n . size eof
        XCTAssertEqual(
            Array(flags.prefix(12)),
            [true, false, false, false, true, true, false, false, false, true, false, false])
    }

    func testSpaceBeforeAfterCommentAndContinuation() {
        let (tokens, _) = scan("a\\\nb")
        XCTAssertEqual(tokens.map(\.kind).dropLast(), [.word("a"), .word("b")])
        XCTAssertTrue(tokens[1].spaceBefore)
        let (t2, _) = scan("(a)")
        XCTAssertEqual(t2.map(\.spaceBefore).prefix(3), [true, false, false])
    }
}

// MARK: - Strings and interpolation

final class StringTests: LexerTestCase {
    func stringParts(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        guard case .string(let parts)? = only(text, file: file, line: line) else {
            XCTFail("not a string: \(text)", file: file, line: line)
            return []
        }
        return render(parts)
    }

    func wordParts(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        guard case .interpolatedWord(let parts)? = only(text, file: file, line: line) else {
            XCTFail("not an interpolated word: \(text)", file: file, line: line)
            return []
        }
        return render(parts)
    }

    func testPlainStrings() {
        XCTAssertEqual(stringParts("\"hello world\""), ["\"hello world\""])
        XCTAssertEqual(stringParts("\"\""), ["\"\""])
        XCTAssertEqual(stringParts("'raw $x'"), ["\"raw $x\""])
    }

    func testDoubleQuotedEscapes() {
        XCTAssertEqual(
            only(#""a\nb\tc\rd\0e\\f\"g\$h\'i""#), .string([.text("a\nb\tc\rd\0e\\f\"g$h'i")]))
    }

    func testSingleQuotedIsRaw() {
        XCTAssertEqual(only(#"'a\nb'"#), .string([.text(#"a\nb"#)]))
        XCTAssertEqual(only(#"'it\'s'"#), .string([.text("it's")]))
        XCTAssertEqual(only(#"'a\\b'"#), .string([.text(#"a\b"#)]))
        XCTAssertEqual(only(#"'a"b'"#), .string([.text("a\"b")]))
    }

    func testVariableInterpolation() {
        XCTAssertEqual(stringParts("\"$name gets $ip via $gw\""), ["$name", "\" gets \"", "$ip", "\" via \"", "$gw"])
        XCTAssertEqual(stringParts("\"a\\$b\""), ["\"a$b\""])
        XCTAssertEqual(stringParts("\"cost $5\""), ["\"cost $5\""])
        XCTAssertEqual(stringParts("\"$\""), ["\"$\""])
    }

    func testExpressionInterpolation() {
        XCTAssertEqual(stringParts("\"bind${$i + 1}\""), ["\"bind\"", "${$i + 1 EOF}"])
        XCTAssertEqual(stringParts("\"${i}\""), ["${i EOF}"])
        XCTAssertEqual(stringParts("\"n=${len $list}!\""), ["\"n=\"", "${len $list EOF}", "\"!\""])
        XCTAssertEqual(stringParts("\"${\"in${$x}\"}\""), ["${str(\"in\",${$x EOF}) EOF}"])
    }

    func testInterpolationWithMapBraces() {
        XCTAssertEqual(stringParts("\"${ {a: 1} }\""), ["${{ a : 1 } EOF}"])
    }

    func testInterpolationRanges() {
        let (tokens, _) = scan("print \"x$ab${$c}\"")
        guard case .string(let parts) = tokens[1].kind, parts.count == 3 else {
            return XCTFail("expected three parts, got \(tokens[1].kind)")
        }
        guard case .variable(_, let r1) = parts[1], case .expression(let inner, let r2) = parts[2] else {
            return XCTFail("unexpected parts \(parts)")
        }
        XCTAssertEqual(r1.start.column, 9)
        XCTAssertEqual(r1.end.column, 12)
        XCTAssertEqual(r2.start.column, 12)
        XCTAssertEqual(r2.end.column, 17)
        XCTAssertEqual(inner.first?.range.start.column, 14)
    }

    func testInterpolatedWords() {
        XCTAssertEqual(wordParts("A$i"), ["\"A\"", "$i"])
        XCTAssertEqual(wordParts("veth${i}b"), ["\"veth\"", "${i EOF}", "\"b\""])
        XCTAssertEqual(wordParts("bind-$n"), ["\"bind-\"", "$n"])
        XCTAssertEqual(wordParts("veth$i.100"), ["\"veth\"", "$i", "\".100\""])
        XCTAssertEqual(wordParts("${$i + 1}x"), ["${$i + 1 EOF}", "\"x\""])
    }

    func testWordInterpolationStopsAtSpace() {
        let k = kinds("link add A$i type veth")
        XCTAssertEqual(k.count, 5)
        XCTAssertEqual(k[3], .word("type"))
    }
}

// MARK: - Lexical errors

final class LexicalErrorTests: LexerTestCase {
    func testInvalidIPv4OctetAtItsLocation() {
        XCTAssertEqual(
            errors("link set x up\nprint 1\naddr add 10.3.16.300/20 dev br0\n"),
            ["3:10-3:24 invalid IPv4 address '10.3.16.300': 300 is not in 0-255"])
        XCTAssertEqual(
            errors("let a = 10.3.16.300"), ["1:9-1:20 invalid IPv4 address '10.3.16.300': 300 is not in 0-255"])
    }

    func testInvalidIPv4Shape() {
        XCTAssertEqual(errors("1.2.3"), ["1:1-1:6 invalid IPv4 address '1.2.3'"])
        XCTAssertEqual(errors("1.2.3.4.5"), ["1:1-1:10 invalid IPv4 address '1.2.3.4.5'"])
    }

    func testInvalidPrefixLength() {
        XCTAssertEqual(
            errors("x 10.3.16.0/33"),
            ["1:3-1:15 invalid prefix length 33 in '10.3.16.0/33': an IPv4 prefix is 0-32"])
        XCTAssertEqual(
            errors("fd00::/129"), ["1:1-1:11 invalid prefix length 129 in 'fd00::/129': an IPv6 prefix is 0-128"])
        XCTAssertEqual(
            errors("10.0.0.0/8x"), ["1:1-1:12 invalid prefix length '8x' in '10.0.0.0/8x'"])
    }

    func testInvalidPrefixAddress() {
        XCTAssertEqual(
            errors("10.0.0.256/8"), ["1:1-1:13 invalid IPv4 address '10.0.0.256': 256 is not in 0-255"])
        XCTAssertEqual(errors("12:34:56:78:9a:bc/24"), ["1:1-1:21 invalid prefix '12:34:56:78:9a:bc/24'"])
    }

    func testInvalidMAC() {
        XCTAssertEqual(
            errors("link set A1 address 12:34:56:78:9a"),
            ["1:21-1:35 invalid MAC address '12:34:56:78:9a': expected six groups of two hex digits"])
        XCTAssertEqual(
            errors("12:34:56:78:9a:bc:de"),
            ["1:1-1:21 invalid MAC address '12:34:56:78:9a:bc:de': expected six groups of two hex digits"])
    }

    func testInvalidIPv6() {
        XCTAssertEqual(errors("fe80::1::2"), ["1:1-1:11 invalid IPv6 address 'fe80::1::2'"])
        XCTAssertEqual(errors("print 1:2:3"), ["1:7-1:12 invalid IPv6 address '1:2:3'"])
    }

    func testInvalidNumbers() {
        XCTAssertEqual(errors("0xg"), ["1:1-1:4 invalid hex number '0xg'"])
        XCTAssertEqual(errors("0x"), ["1:1-1:3 invalid hex number '0x'"])
        XCTAssertEqual(errors("12abc"), ["1:1-1:6 invalid number '12abc'"])
        XCTAssertEqual(
            errors("9223372036854775808"), ["1:1-1:20 integer literal '9223372036854775808' is too large"])
        XCTAssertEqual(
            errors("0x10000000000000000"), ["1:1-1:20 integer literal '0x10000000000000000' is too large"])
    }

    func testUnexpectedCharacters() {
        XCTAssertEqual(errors("a ! b"), ["1:3-1:4 unexpected character '!'"])
        XCTAssertEqual(errors("x @"), ["1:3-1:4 unexpected character '@'"])
        XCTAssertEqual(errors("é"), ["1:1-1:3 unexpected character 'é'"])
        XCTAssertEqual(errors("a & b | c"), ["1:3-1:4 unexpected character '&'", "1:7-1:8 unexpected character '|'"])
    }

    func testUnexpectedBytes() {
        let d = scanBytes(Array("a ".utf8) + [0x01]).diagnostics
        XCTAssertEqual(d.map(describe), ["1:3-1:4 unexpected byte 0x01"])
        let del = scanBytes([0x7f]).diagnostics
        XCTAssertEqual(del.map { $0.message.lowercased() }, ["unexpected byte 0x7f"])
    }

    func testInvalidUTF8OutsideString() {
        let d = scanBytes(Array("print ".utf8) + [0xff] + Array(" x\n".utf8) + [0x80]).diagnostics
        XCTAssertEqual(d.map { $0.message.lowercased() }, ["unexpected byte 0xff", "unexpected byte 0x80"])
        XCTAssertEqual(d.map { "\($0.range.start.line):\($0.range.start.column)" }, ["1:7", "2:1"])
        // A truncated sequence.
        let t = scanBytes([0xc3, UInt8(ascii: "a")]).diagnostics
        XCTAssertEqual(t.map { $0.message.lowercased() }, ["unexpected byte 0xc3"])
    }

    func testInvalidUTF8InsideString() {
        let bytes = Array("x = \"ab".utf8) + [0xff, 0xfe] + Array("cd\"\nprint ok".utf8)
        let (tokens, diagnostics) = scanBytes(bytes)
        XCTAssertEqual(diagnostics.map(\.message), ["invalid UTF-8 in string"])
        XCTAssertEqual(diagnostics.first?.range.start.line, 1)
        // The error is at the string (which spans columns 5-13).
        let column = diagnostics.first?.range.start.column ?? 0
        XCTAssertTrue((5...12).contains(column), "column \(column) is outside the string")
        XCTAssertTrue(tokens.contains { $0.kind == .word("ok") }, "scanning continues after the string")
    }

    func testInvalidUTF8InComment() {
        XCTAssertEqual(scanBytes(Array("a # ".utf8) + [0xff] + Array("\nb".utf8)).diagnostics.count, 0)
    }

    func testUnterminatedString() {
        XCTAssertEqual(errors("print \"abc\nprint 1"), ["1:7-1:8 unterminated string"])
        XCTAssertEqual(errors("print 'abc"), ["1:7-1:8 unterminated string"])
        let (tokens, _) = scan("print \"abc\nprint 1")
        XCTAssertTrue(tokens.contains { $0.kind == .int(1) }, "the next line is still scanned")
    }

    func testUnknownEscape() {
        XCTAssertEqual(errors(#"print "a\qb""#), [#"1:9-1:11 unknown escape sequence '\q'"#])
    }

    func testUnterminatedEscape() {
        let messages = scan("print \"abc\\").diagnostics.map(\.message)
        XCTAssertTrue(
            messages.contains("unterminated escape sequence") || messages.contains("unterminated string"),
            "got \(messages)")
    }

    func testDollarWithoutName() {
        XCTAssertEqual(errors("print $ x"), ["1:7-1:8 expected a variable name after '$'"])
        XCTAssertEqual(errors("$1"), ["1:1-1:2 expected a variable name after '$'"])
    }

    func testUnterminatedInterpolation() {
        let (tokens, d) = scan("print \"a${$x + 1\"\nprint 2")
        XCTAssertFalse(d.isEmpty)
        XCTAssertTrue(
            d.allSatisfy { $0.message.hasPrefix("unterminated") && $0.range.start.line == 1 }, "got \(d.map(\.message))"
        )
        XCTAssertTrue(tokens.contains { $0.kind == .int(2) }, "the next line is still scanned")
        XCTAssertEqual(errors("print a${x"), ["1:11-1:11 unterminated '${': expected '}'"])
    }

    func testSeveralErrorsInOneFile() {
        let text = """
            addr add 10.3.16.300/20 dev br0
            let m = 12:34:56:78:9a
            print 0xzz @
            print "open
            let p = 10.0.0.0/40
            """
        XCTAssertEqual(
            errors(text),
            [
                "1:10-1:24 invalid IPv4 address '10.3.16.300': 300 is not in 0-255",
                "2:9-2:23 invalid MAC address '12:34:56:78:9a': expected six groups of two hex digits",
                "3:7-3:11 invalid hex number '0xzz'",
                "3:12-3:13 unexpected character '@'",
                "4:7-4:8 unterminated string",
                "5:9-5:20 invalid prefix length 40 in '10.0.0.0/40': an IPv4 prefix is 0-32",
            ])
    }

    func testInvalidLiteralBecomesInvalidToken() {
        let (tokens, _) = scan("print 10.3.16.300 x")
        XCTAssertEqual(tokens.map(\.kind), [.word("print"), .invalid, .word("x"), .eof])
    }

    // MARK: Interpolation nesting limit

    func nestedString(_ depth: Int) -> String {
        var s = "\"x\""
        for _ in 0..<depth { s = "\"${" + s + "}\"" }
        return s
    }

    func testInterpolationNestingWithinLimit() {
        XCTAssertEqual(Scanner.maxInterpolationDepth, 32)
        let (_, diagnostics) = scan("print " + nestedString(32))
        XCTAssertEqual(diagnostics.map(\.message), [])
    }

    func testInterpolationNestingOverLimit() {
        let (tokens, diagnostics) = scan("print " + nestedString(33) + "\nprint 1")
        XCTAssertEqual(diagnostics.first?.message, "interpolation nested too deeply (limit 32)")
        XCTAssertEqual(diagnostics.first?.range.start.line, 1)
        XCTAssertTrue(tokens.contains { $0.kind == .int(1) }, "the next line is still scanned")
    }

    /// One problem, one error: the limit error should not cascade into an "unterminated" error
    /// for every enclosing string and `${`.
    func testInterpolationNestingOverLimitReportsOneError() {
        let (_, diagnostics) = scan("print " + nestedString(33))
        XCTAssertEqual(diagnostics.map(\.message), ["interpolation nested too deeply (limit 32)"])
    }

    func testDeepInterpolationDoesNotCrash() {
        let (_, diagnostics) = scan("print " + nestedString(5000))
        XCTAssertTrue(diagnostics.contains { $0.message == "interpolation nested too deeply (limit 32)" })
    }

    func testWordInterpolationNestingCounts() {
        var s = "a"
        for _ in 0..<33 { s = "w${" + s + "}" }
        XCTAssertTrue(
            scan("print " + s).diagnostics.contains { $0.message == "interpolation nested too deeply (limit 32)" })
    }
}
