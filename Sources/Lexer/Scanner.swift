import NetTypes

/// Turns source bytes into tokens. Literals (numbers, addresses, prefixes, MACs) are validated
/// here, so a bad one is reported at its own line and column. Errors do not stop the scan: each
/// is recorded and the scanner resumes after the offending text, so every lexical error is reported.
public final class Scanner {
    /// How deeply `${...}` may nest inside strings.
    public static let maxInterpolationDepth = 32
    /// The longest string literal or word, in bytes (the language's string limit).
    public static let maxLiteralLength = 1 << 20

    let file: SourceFile
    let bytes: [UInt8]
    var pos = 0
    var interpolationDepth = 0
    /// Open `(` and `[` not yet closed: newlines inside them do not end a statement.
    var groupDepth = 0
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
    }

    /// Scans the whole file; the result always ends with `.eof`.
    public static func scan(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        let scanner = Scanner(file: file)
        if file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.pos = 3 }
        let tokens = scanner.scanTokens(insideInterpolation: false)
        return (tokens, scanner.diagnostics)
    }

    // MARK: - The token loop

    /// Scans until the end of input or, inside `${...}`, until the closing brace (consumed).
    func scanTokens(insideInterpolation: Bool) -> [Token] {
        var tokens: [Token] = []
        var braceDepth = 0
        var space = true
        while true {
            space = skipBlanks() || space
            guard pos < bytes.count else { break }
            let c = bytes[pos]
            if insideInterpolation {
                if c == UInt8(ascii: "\n") { break }
                if c == UInt8(ascii: "}") && braceDepth == 0 {
                    pos += 1
                    tokens.append(Token(.eof, range(pos - 1, pos), spaceBefore: space))
                    return tokens
                }
                if c == UInt8(ascii: "{") { braceDepth += 1 }
                if c == UInt8(ascii: "}") { braceDepth -= 1 }
            }
            guard let token = scanToken(spaceBefore: space) else { continue }
            trackGroups(token.kind)
            if token.kind == .newline && groupDepth > 0 {
                space = true
                continue
            }
            tokens.append(token)
            space = token.kind == .newline
        }
        if insideInterpolation {
            errorOncePerLine("unterminated '${': expected '}'", range(pos, pos))
        }
        tokens.append(Token(.eof, range(pos, pos), spaceBefore: true))
        return tokens
    }

    func trackGroups(_ kind: TokenKind) {
        switch kind {
        case .leftParen, .leftBracket: groupDepth += 1
        case .rightParen, .rightBracket: groupDepth = max(0, groupDepth - 1)
        default: break
        }
    }

    /// Skips spaces, tabs, comments and backslash-newline continuations; tells whether any were.
    func skipBlanks() -> Bool {
        let start = pos
        while pos < bytes.count {
            switch bytes[pos] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                pos += 1
            case UInt8(ascii: "#"):
                while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\n"):
                pos += 2
            case UInt8(ascii: "\\") where peek(1) == UInt8(ascii: "\r") && peek(2) == UInt8(ascii: "\n"):
                pos += 3
            default:
                return pos > start
            }
        }
        return pos > start
    }

    func scanToken(spaceBefore: Bool) -> Token? {
        let start = pos
        let c = bytes[pos]
        if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
            return scanString(spaceBefore: spaceBefore)
        }
        if c == UInt8(ascii: "$") { return scanDollar(spaceBefore: spaceBefore) }
        if Scanner.isAlnum(c) || c == UInt8(ascii: "_") || (c == UInt8(ascii: ":") && peek(1) == UInt8(ascii: ":")) {
            return scanRun(spaceBefore: spaceBefore)
        }
        if let kind = scanPunctuation() {
            return Token(kind, range(start, pos), spaceBefore: spaceBefore)
        }
        reportUnexpectedCharacter()
        return nil
    }

    func scanPunctuation() -> TokenKind? {
        let c = bytes[pos]
        let next = peek(1)
        if let (second, kind) = Scanner.twoByte[c], next == second {
            pos += 2
            return kind
        }
        guard let kind = Scanner.oneByte[c] else { return nil }
        pos += 1
        return kind
    }

    static let twoByte: [UInt8: (UInt8, TokenKind)] = [
        UInt8(ascii: "="): (UInt8(ascii: "="), .equalEqual), UInt8(ascii: "!"): (UInt8(ascii: "="), .bangEqual),
        UInt8(ascii: "<"): (UInt8(ascii: "="), .lessEqual), UInt8(ascii: ">"): (UInt8(ascii: "="), .greaterEqual),
        UInt8(ascii: "+"): (UInt8(ascii: "="), .plusEqual), UInt8(ascii: "-"): (UInt8(ascii: "="), .minusEqual),
        UInt8(ascii: "."): (UInt8(ascii: "."), .dotDot),
    ]

    static let oneByte: [UInt8: TokenKind] = [
        UInt8(ascii: "("): .leftParen, UInt8(ascii: ")"): .rightParen, UInt8(ascii: "["): .leftBracket,
        UInt8(ascii: "]"): .rightBracket, UInt8(ascii: "{"): .leftBrace, UInt8(ascii: "}"): .rightBrace,
        UInt8(ascii: ","): .comma, UInt8(ascii: ":"): .colon, UInt8(ascii: "."): .dot,
        UInt8(ascii: ";"): .semicolon, UInt8(ascii: "+"): .plus, UInt8(ascii: "-"): .minus,
        UInt8(ascii: "*"): .star, UInt8(ascii: "/"): .slash, UInt8(ascii: "%"): .percent,
        UInt8(ascii: "="): .equal, UInt8(ascii: "<"): .less, UInt8(ascii: ">"): .greater,
        UInt8(ascii: "\n"): .newline,
    ]

    func reportUnexpectedCharacter() {
        let start = pos
        let c = bytes[pos]
        let length = Scanner.utf8SequenceLength(bytes, at: pos)
        pos += length
        if let text = String(validating: bytes[start..<pos], as: UTF8.self), c >= 0x20, c != 0x7f {
            error("unexpected character '\(text)'", range(start, pos))
        } else {
            let hex = String(c, radix: 16, uppercase: true)
            error("unexpected byte 0x\(hex.count == 1 ? "0" + hex : hex)", range(start, pos))
        }
    }

    // MARK: - Variables

    /// `$name` is a variable; `${expr}` at the start of a token begins an interpolated word.
    func scanDollar(spaceBefore: Bool) -> Token? {
        let start = pos
        if peek(1) == UInt8(ascii: "{") {
            return scanRun(spaceBefore: spaceBefore)
        }
        pos += 1
        guard let name = scanIdentifier() else {
            error("expected a variable name after '$'", range(start, pos))
            return Token(.invalid, range(start, pos), spaceBefore: spaceBefore)
        }
        return Token(.variable(name), range(start, pos), spaceBefore: spaceBefore)
    }

    /// Reads `[A-Za-z_][A-Za-z0-9_]*` at the current position, if there is one.
    func scanIdentifier() -> String? {
        guard pos < bytes.count, Scanner.isIdentifierStart(bytes[pos]) else { return nil }
        let start = pos
        while pos < bytes.count && (Scanner.isAlnum(bytes[pos]) || bytes[pos] == UInt8(ascii: "_")) { pos += 1 }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    /// Reads the part after `$` inside a string or word: a name, or `{expr}`.
    func scanInterpolationPart() -> TextPart? {
        let start = pos
        pos += 1  // the `$`
        if peek(0) == UInt8(ascii: "{") {
            pos += 1
            guard interpolationDepth < Scanner.maxInterpolationDepth else {
                error("interpolation nested too deeply (limit \(Scanner.maxInterpolationDepth))", range(start, pos))
                skipToLineEnd()
                return nil
            }
            interpolationDepth += 1
            let savedGroups = groupDepth
            groupDepth = 0
            defer {
                interpolationDepth -= 1
                groupDepth = savedGroups
            }
            let tokens = scanTokens(insideInterpolation: true)
            return .expression(tokens, range(start, pos))
        }
        guard let name = scanIdentifier() else { return nil }
        return .variable(name, range(start, pos))
    }

    func skipToLineEnd() {
        while pos < bytes.count && bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
    }

    // MARK: - Helpers

    func peek(_ ahead: Int) -> UInt8? {
        pos + ahead < bytes.count ? bytes[pos + ahead] : nil
    }

    func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(file: file, start: file.location(ofOffset: start), end: file.location(ofOffset: end))
    }

    func error(_ message: String, _ at: SourceRange) {
        diagnostics.append(.error(message, at: at))
    }

    /// Reports an error unless one was already reported on the same line (an unterminated
    /// string inside an unterminated `${` is one mistake, not several).
    func errorOncePerLine(_ message: String, _ at: SourceRange) {
        if let last = diagnostics.last, last.range.file === at.file, last.range.start.line == at.start.line { return }
        error(message, at)
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    }

    static func isDigit(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return c >= 0x30 && c <= 0x39
    }

    static func isHexDigit(_ c: UInt8?) -> Bool {
        guard let c else { return false }
        return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == UInt8(ascii: "_")
    }

    /// The length of the UTF-8 sequence that starts at `i` (1 for an invalid lead byte).
    static func utf8SequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let c = bytes[i]
        let expected = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1
        var n = 1
        while n < expected && i + n < bytes.count && bytes[i + n] & 0xc0 == 0x80 { n += 1 }
        return n
    }
}
