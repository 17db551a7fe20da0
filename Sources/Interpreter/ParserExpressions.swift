import Lexer

/// Expressions, lowest precedence first: `or`, `and`, `not`, comparisons and `in`, `..`,
/// `+ -`, `* / %`, unary `-`, postfix `.member` and `[index]`, primaries.
///
/// `calls` is true at the head of an expression, where a bare word followed by arguments is a
/// command call (`let ns = netns add bind1`). Inside a command's arguments it is false: bare
/// words are strings, and `in` is not an operator (parentheses restore the full grammar).
extension Parser {
    func parseExpression(calls: Bool) throws -> Expr {
        try enterNesting(peek.range)
        defer { nesting -= 1 }
        return try parseOr(calls: calls)
    }

    func parseOr(calls: Bool) throws -> Expr {
        var expr = try parseAnd(calls: calls)
        while checkWord("or") {
            advance()
            skipNewlines()
            let rhs = try parseAnd(calls: calls)
            expr = Expr(.binary(.or, expr, rhs), expr.range.through(rhs.range))
        }
        return expr
    }

    func parseAnd(calls: Bool) throws -> Expr {
        var expr = try parseNot(calls: calls)
        while checkWord("and") {
            advance()
            skipNewlines()
            let rhs = try parseNot(calls: calls)
            expr = Expr(.binary(.and, expr, rhs), expr.range.through(rhs.range))
        }
        return expr
    }

    func parseNot(calls: Bool) throws -> Expr {
        guard checkWord("not") else { return try parseComparison(calls: calls) }
        let keyword = advance()
        try enterNesting(keyword.range)
        defer { nesting -= 1 }
        let operand = try parseNot(calls: calls)
        return Expr(.unary(.not, operand), keyword.range.through(operand.range))
    }

    func parseComparison(calls: Bool) throws -> Expr {
        var expr = try parseRange(calls: calls)
        while let op = comparisonOperator(calls: calls) {
            advance()
            let rhs = try parseRange(calls: calls)
            expr = Expr(.binary(op, expr, rhs), expr.range.through(rhs.range))
        }
        return expr
    }

    func comparisonOperator(calls: Bool) -> BinaryOperator? {
        switch peek.kind {
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .word("in") where calls: return .in
        default: return nil
        }
    }

    func parseRange(calls: Bool) throws -> Expr {
        let lower = try parseAdditive(calls: calls)
        guard check(.dotDot) else { return lower }
        advance()
        let upper = try parseAdditive(calls: calls)
        return Expr(.range(lower, upper), lower.range.through(upper.range))
    }

    func parseAdditive(calls: Bool) throws -> Expr {
        var expr = try parseMultiplicative(calls: calls)
        while check(.plus) || check(.minus) {
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let rhs = try parseMultiplicative(calls: calls)
            expr = Expr(.binary(op, expr, rhs), expr.range.through(rhs.range))
        }
        return expr
    }

    func parseMultiplicative(calls: Bool) throws -> Expr {
        var expr = try parseUnary(calls: calls)
        while check(.star) || check(.slash) || check(.percent) {
            let kind = advance().kind
            let op: BinaryOperator = kind == .star ? .multiply : kind == .slash ? .divide : .remainder
            let rhs = try parseUnary(calls: calls)
            expr = Expr(.binary(op, expr, rhs), expr.range.through(rhs.range))
        }
        return expr
    }

    func parseUnary(calls: Bool) throws -> Expr {
        guard check(.minus) else { return try parsePostfix(calls: calls) }
        let minus = advance()
        try enterNesting(minus.range)
        defer { nesting -= 1 }
        let operand = try parseUnary(calls: calls)
        return Expr(.unary(.negate, operand), minus.range.through(operand.range))
    }

    func parsePostfix(calls: Bool) throws -> Expr {
        var expr = try parsePrimary(calls: calls)
        while !peek.spaceBefore {
            if check(.dot), case .word(let name) = peekAhead(1).kind, !peekAhead(1).spaceBefore {
                advance()
                let nameToken = advance()
                // `$p.hosts.first` scans as one word `hosts.first`: a chain of members.
                for part in name.split(separator: ".", omittingEmptySubsequences: false) {
                    expr = Expr(.member(expr, String(part)), expr.range.through(nameToken.range))
                }
            } else if check(.leftBracket) {
                advance()
                let index = try parseExpression(calls: true)
                let close = try expect(.rightBracket, "']' after the index")
                expr = Expr(.index(expr, index), expr.range.through(close.range))
            } else {
                break
            }
        }
        return expr
    }

    func parsePrimary(calls: Bool) throws -> Expr {
        let token = peek
        switch token.kind {
        case .int(let i): return literal(.int(i))
        case .address(let a): return literal(.address(a))
        case .prefix(let p): return literal(.prefix(p))
        case .mac(let m): return literal(.mac(m))
        case .invalid: return literal(.none)
        case .variable(let name):
            advance()
            return Expr(.variable(name), token.range)
        case .string(let parts), .interpolatedWord(let parts):
            advance()
            return try interpolation(parts, token.range)
        case .word(let w): return try parseWord(w, calls: calls)
        case .leftParen: return try parseGroup()
        case .leftBracket: return try parseList()
        case .leftBrace where calls: return try parseMap()
        default:
            report("expected an expression, found \(token.kind.display)", token.range)
            throw SyntaxError()
        }
    }

    func literal(_ value: Value) -> Expr {
        Expr(.literal(value), advance().range)
    }

    func parseWord(_ word: String, calls: Bool) throws -> Expr {
        switch word {
        case "true": return literal(.bool(true))
        case "false": return literal(.bool(false))
        case "none": return literal(.none)
        case "in",
            "else" where !calls:
            return literal(.string(word))
        case "and", "or", "in", "else":
            report("expected an expression, found '\(word)'", peek.range)
            throw SyntaxError()
        default: break
        }
        guard calls else { return literal(.string(word)) }
        if canStartArgument(at: 1) {
            let call = try parseCall(inExpression: true)
            return Expr(.call(call), call.range)
        }
        return Expr(.word(word), advance().range)
    }

    func parseGroup() throws -> Expr {
        let open = advance()
        skipNewlines()
        let inner = try parseExpression(calls: true)
        skipNewlines()
        let close = try expect(.rightParen, "')' to close the '(' at line \(open.range.start.line)")
        return Expr(inner.kind, open.range.through(close.range))
    }

    func parseList() throws -> Expr {
        let open = advance()
        var items: [Expr] = []
        let close = try parseDelimited(closing: .rightBracket, what: "']'") {
            items.append(try parseExpression(calls: true))
        }
        return Expr(.list(items), open.range.through(close.range))
    }

    func parseMap() throws -> Expr {
        let open = advance()
        var pairs: [(key: Expr, value: Expr)] = []
        let close = try parseDelimited(closing: .rightBrace, what: "'}'") {
            let key = try parseExpression(calls: true)
            try expect(.colon, "':' after the map key")
            skipNewlines()
            pairs.append((key, try parseExpression(calls: true)))
        }
        return Expr(.map(pairs), open.range.through(close.range))
    }

    /// Parses comma-separated items up to `closing`; newlines and a trailing comma are allowed.
    func parseDelimited(closing: TokenKind, what: String, item: () throws -> Void) throws -> Token {
        skipNewlines()
        while !check(closing) {
            try item()
            skipNewlines()
            guard check(.comma) else { break }
            advance()
            skipNewlines()
        }
        return try expect(closing, "',' or \(what)")
    }

    func interpolation(_ parts: [TextPart], _ range: SourceRange) throws -> Expr {
        if parts.count == 1, case .text(let text) = parts[0] { return Expr(.literal(.string(text)), range) }
        var result: [Expr.Part] = []
        for part in parts {
            switch part {
            case .text(let text): result.append(.text(text))
            case .variable(let name, let r): result.append(.expr(Expr(.variable(name), r)))
            case .expression(let tokens, let r): result.append(.expr(try subExpression(tokens, r)))
            }
        }
        return Expr(.interpolation(result), range)
    }

    /// Parses the tokens of a `${...}` part.
    /// `${name}` alone names a variable, as in the shell; anything longer is an expression
    /// in which variables are written `$name` (`${$i + 1}`).
    func subExpression(_ tokens: [Token], _ range: SourceRange) throws -> Expr {
        if tokens.count == 2, let name = tokens[0].word, Parser.isIdentifier(name), !Parser.keywords.contains(name) {
            return Expr(.variable(name), tokens[0].range)
        }
        let sub = Parser(tokens: tokens, nesting: nesting)
        defer { diagnostics += sub.diagnostics }
        if sub.check(.eof) {
            sub.report("expected an expression inside '${}'", range)
            throw SyntaxError()
        }
        let expr = try sub.parseExpression(calls: true)
        if !sub.check(.eof) {
            sub.report("expected '}' after the interpolated expression, found \(sub.peek.kind.display)", sub.peek.range)
            throw SyntaxError()
        }
        return expr
    }

    // MARK: - Commands

    /// `NAME ARG...`, where each argument is an expression or `name=value`. Inside an expression
    /// (`if exists link eth0 and ...`) the arguments stop at `and`/`or`.
    func parseCall(inExpression: Bool) throws -> Call {
        let nameToken = advance()
        let name = nameToken.word ?? ""
        var arguments: [Call.Argument] = []
        var end = nameToken.range
        while canStartArgument(at: 0) {
            if case .word(let argName) = peek.kind, peekAhead(1).kind == .equal, !peekAhead(1).spaceBefore {
                let nameRange = advance().range
                advance()
                let value = try parseArgument(inExpression: inExpression)
                arguments.append(.named(argName, value, nameRange))
                end = value.range
            } else {
                let value = try parseArgument(inExpression: inExpression)
                arguments.append(.positional(value))
                end = value.range
            }
        }
        return Call(name: name, nameRange: nameToken.range, arguments: arguments, range: nameToken.range.through(end))
    }

    func parseArgument(inExpression: Bool) throws -> Expr {
        try enterNesting(peek.range)
        defer { nesting -= 1 }
        return inExpression ? try parseComparison(calls: false) : try parseOr(calls: false)
    }

    /// Whether the token `offset` places ahead can begin a command argument.
    func canStartArgument(at offset: Int) -> Bool {
        let token = peekAhead(offset)
        switch token.kind {
        case .word(let w): return w != "and" && w != "or"
        case .interpolatedWord, .variable, .int, .string, .address, .prefix, .mac, .invalid,
            .leftParen, .leftBracket:
            return true
        case .minus:
            // `print -1`: a minus glued to what follows starts a negative argument.
            let next = peekAhead(offset + 1)
            return token.spaceBefore && !next.spaceBefore && next.kind != .newline && next.kind != .eof
        default: return false
        }
    }
}
