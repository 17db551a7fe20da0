import Lexer

/// A parsed script: its statements and the file they came from.
public struct Program: Sendable {
    public var file: SourceFile
    public var statements: [Stmt]
}

/// Recursive-descent parser from tokens to the AST. A syntax error is recorded and the parser
/// resynchronises at the next line, so one run reports every syntax error in the file.
public final class Parser {
    /// How deeply expressions and blocks may nest before the parser gives up with an error.
    public static let maxNesting = 200

    struct SyntaxError: Error {}

    var tokens: [Token]
    var current = 0
    var nesting = 0
    /// How many `{ }` blocks enclose the current position.
    var blockDepth = 0
    public internal(set) var diagnostics: [Diagnostic] = []

    init(tokens: [Token], nesting: Int = 0) {
        self.tokens = tokens
        self.nesting = nesting
    }

    /// Scans and parses a whole file; the diagnostics include the scanner's.
    public static func parse(_ file: SourceFile) -> (program: Program, diagnostics: [Diagnostic]) {
        let (tokens, lexical) = Scanner.scan(file)
        let parser = Parser(tokens: tokens)
        let statements = parser.parseStatements(untilBrace: false)
        let all = (lexical + parser.diagnostics).sorted { $0.range.start < $1.range.start }
        return (Program(file: file, statements: statements), all)
    }

    // MARK: - Statement lists

    /// Parses statements up to the end of input or, in a block, up to the closing brace.
    func parseStatements(untilBrace: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        while true {
            skipSeparators()
            if check(.eof) || (untilBrace && check(.rightBrace)) { break }
            if !untilBrace && check(.rightBrace) {
                report("unexpected '}' with no '{' to close", peek.range)
                advance()
                continue
            }
            do {
                statements.append(try statement())
                try expectStatementEnd()
            } catch {
                synchronize()
            }
        }
        return statements
    }

    func parseBlock() throws -> Block {
        let open = try expect(.leftBrace, "'{'")
        try enterNesting(open.range)
        blockDepth += 1
        defer {
            nesting -= 1
            blockDepth -= 1
        }
        let statements = parseStatements(untilBrace: true)
        guard check(.rightBrace) else {
            report("expected '}' to close the block opened at line \(open.range.start.line)", peek.range)
            throw SyntaxError()
        }
        let close = advance()
        return Block(statements, open.range.through(close.range))
    }

    func expectStatementEnd() throws {
        switch peek.kind {
        case .newline, .semicolon: advance()
        case .eof, .rightBrace: break
        default:
            report("expected end of statement, found \(peek.kind.display)", peek.range)
            throw SyntaxError()
        }
    }

    /// Skips to the start of the next statement, stepping over nested braces.
    func synchronize() {
        var depth = 0
        while !check(.eof) {
            switch peek.kind {
            case .leftBrace: depth += 1
            case .rightBrace:
                if depth == 0 && blockDepth > 0 { return }
                depth = max(0, depth - 1)
            case .newline, .semicolon:
                if depth == 0 {
                    advance()
                    return
                }
            default: break
            }
            advance()
        }
    }

    func skipSeparators() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    func skipNewlines() {
        while check(.newline) { advance() }
    }

    // MARK: - Token access

    var peek: Token { tokens[current] }

    func peekAhead(_ n: Int) -> Token { tokens[min(current + n, tokens.count - 1)] }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    func checkWord(_ word: String) -> Bool { peek.word == word }

    @discardableResult
    func advance() -> Token {
        let token = tokens[current]
        if current < tokens.count - 1 { current += 1 }
        return token
    }

    var previous: Token { tokens[max(current - 1, 0)] }

    @discardableResult
    func expect(_ kind: TokenKind, _ what: String) throws -> Token {
        guard check(kind) else {
            report("expected \(what), found \(peek.kind.display)", peek.range)
            throw SyntaxError()
        }
        return advance()
    }

    func expectName(after keyword: String) throws -> (String, SourceRange) {
        let token = peek
        switch token.kind {
        case .word(let w) where Parser.isIdentifier(w) && !Parser.keywords.contains(w):
            advance()
            return (w, token.range)
        case .variable(let v):
            advance()
            return (v, token.range)
        default:
            report("expected a name after '\(keyword)', found \(token.kind.display)", token.range)
            throw SyntaxError()
        }
    }

    func report(_ message: String, _ range: SourceRange) {
        diagnostics.append(.error(message, at: range))
    }

    func enterNesting(_ range: SourceRange) throws {
        nesting += 1
        if nesting > Parser.maxNesting {
            report("nesting too deep (limit \(Parser.maxNesting))", range)
            throw SyntaxError()
        }
    }

    public static func isIdentifier(_ text: String) -> Bool {
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        guard let first = text.unicodeScalars.first, isLetter(first) else { return false }
        return text.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }

    static let keywords: Set<String> = [
        "let", "if", "else", "for", "while", "break", "continue", "def", "return", "import", "param", "in",
        "assert", "expect", "and", "or", "not", "true", "false", "none",
    ]
}
