import Lexer

extension Parser {
    func statement() throws -> Stmt {
        let start = peek
        if case .word(let w) = start.kind {
            switch w {
            case "let": return try letStatement()
            case "if": return try ifStatement()
            case "for": return try forStatement()
            case "while": return try whileStatement()
            case "break", "continue": return simpleStatement(w)
            case "return": return try returnStatement()
            case "def": return try defStatement()
            case "import": return try importStatement()
            case "param": return try paramStatement()
            case "in": return try inStatement()
            // `host NAME {` opens a host block; otherwise `host` is an ordinary command name.
            case "host" where peekAhead(2).kind == .leftBrace: return try hostStatement()
            case "assert": return try assertStatement()
            case "expect": return try expectStatement()
            case "else":
                report("'else' without a matching 'if'", start.range)
                throw SyntaxError()
            case "and", "or", "not", "true", "false", "none":
                return try expressionStatement()
            default:
                if isAssignmentOperator(peekAhead(1).kind) { return try assignment() }
                let call = try parseCall(inExpression: false)
                return Stmt(.command(call), call.range)
            }
        }
        if case .variable = start.kind, isAssignmentOperator(peekAhead(1).kind) {
            return try assignment()
        }
        return try expressionStatement()
    }

    func isAssignmentOperator(_ kind: TokenKind) -> Bool {
        kind == .equal || kind == .plusEqual || kind == .minusEqual
    }

    func expressionStatement() throws -> Stmt {
        let expr = try parseExpression(calls: true)
        return Stmt(.expression(expr), expr.range)
    }

    func simpleStatement(_ word: String) -> Stmt {
        let token = advance()
        return Stmt(word == "break" ? .break : .continue, token.range)
    }

    func letStatement() throws -> Stmt {
        let keyword = advance()
        let (name, _) = try expectName(after: "let")
        try expect(.equal, "'=' after the variable name")
        let value = try parseExpression(calls: true)
        return Stmt(.let(name: name, value: value), keyword.range.through(value.range))
    }

    func assignment() throws -> Stmt {
        let target = advance()
        let name = target.word ?? { if case .variable(let v) = target.kind { return v } else { return "" } }()
        guard Parser.isIdentifier(name) else {
            report("cannot assign to \(target.kind.display)", target.range)
            throw SyntaxError()
        }
        let op: AssignOperator =
            switch advance().kind {
            case .plusEqual: .add
            case .minusEqual: .subtract
            default: .set
            }
        let value = try parseExpression(calls: true)
        return Stmt(.assign(name: name, op: op, value: value), target.range.through(value.range))
    }

    func ifStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try parseExpression(calls: true)
        let then = try parseBlock()
        var elseBlock: Block?
        if nextNonNewlineIsElse() {
            skipNewlines()
            let elseToken = advance()
            if checkWord("if") {
                let nested = try ifStatement()
                elseBlock = Block([nested], elseToken.range.through(nested.range))
            } else {
                elseBlock = try parseBlock()
            }
        }
        let end = elseBlock?.range ?? then.range
        return Stmt(.if(condition: condition, then: then, else: elseBlock), keyword.range.through(end))
    }

    func nextNonNewlineIsElse() -> Bool {
        var i = current
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i].word == "else"
    }

    func forStatement() throws -> Stmt {
        let keyword = advance()
        var (element, _) = try expectName(after: "for")
        var index: String?
        if check(.comma) {
            advance()
            index = element
            (element, _) = try expectName(after: ",")
        }
        guard checkWord("in") else {
            report("expected 'in' after the loop variable, found \(peek.kind.display)", peek.range)
            throw SyntaxError()
        }
        advance()
        let sequence = try parseExpression(calls: true)
        let body = try parseBlock()
        return Stmt(
            .for(index: index, element: element, sequence: sequence, body: body), keyword.range.through(body.range))
    }

    func whileStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try parseExpression(calls: true)
        let body = try parseBlock()
        return Stmt(.while(condition: condition, body: body), keyword.range.through(body.range))
    }

    func returnStatement() throws -> Stmt {
        let keyword = advance()
        if atStatementEnd { return Stmt(.return(nil), keyword.range) }
        let value = try parseExpression(calls: true)
        return Stmt(.return(value), keyword.range.through(value.range))
    }

    var atStatementEnd: Bool {
        switch peek.kind {
        case .newline, .semicolon, .eof, .rightBrace: return true
        default: return false
        }
    }

    func defStatement() throws -> Stmt {
        let keyword = advance()
        let nameToken = peek
        guard let name = nameToken.word, Parser.isIdentifier(name) || name.contains("-") else {
            report("expected a command name after 'def', found \(nameToken.kind.display)", nameToken.range)
            throw SyntaxError()
        }
        if Parser.keywords.contains(name) {
            report("'\(name)' is a keyword and cannot name a command", nameToken.range)
            throw SyntaxError()
        }
        advance()
        let parameters = try parseParameters()
        let body = try parseBlock()
        let decl = FunctionDecl(name: name, nameRange: nameToken.range, parameters: parameters, body: body)
        return Stmt(.def(decl), keyword.range.through(body.range))
    }

    func parseParameters() throws -> [FunctionDecl.Parameter] {
        var parameters: [FunctionDecl.Parameter] = []
        while !check(.leftBrace) {
            let (name, range) = try expectName(after: parameters.isEmpty ? "the command name" : "a parameter")
            var defaultValue: Expr?
            if check(.equal) {
                advance()
                defaultValue = try parseExpression(calls: false)
            } else if parameters.last?.defaultValue != nil {
                report("parameter '\(name)' needs a default because the one before it has one", range)
            }
            if parameters.contains(where: { $0.name == name }) {
                report("duplicate parameter '\(name)'", range)
            }
            parameters.append(FunctionDecl.Parameter(name: name, defaultValue: defaultValue, range: range))
        }
        return parameters
    }

    func importStatement() throws -> Stmt {
        let keyword = advance()
        let token = peek
        guard case .string(let parts) = token.kind, parts.count == 1, case .text(let path) = parts[0] else {
            report("expected a quoted file name after 'import'", token.range)
            throw SyntaxError()
        }
        advance()
        return Stmt(.import(path: path), keyword.range.through(token.range))
    }

    func paramStatement() throws -> Stmt {
        let keyword = advance()
        let (name, _) = try expectName(after: "param")
        try expect(.equal, "'=' and a default value after the parameter name")
        let value = try parseExpression(calls: true)
        return Stmt(.param(name: name, defaultValue: value), keyword.range.through(value.range))
    }

    func inStatement() throws -> Stmt {
        let keyword = advance()
        let namespace = try parseExpression(calls: true)
        let body = try parseBlock()
        return Stmt(.inNamespace(namespace, body), keyword.range.through(body.range))
    }

    func hostStatement() throws -> Stmt {
        let keyword = advance()
        let host = try parseExpression(calls: true)
        let body = try parseBlock()
        return Stmt(.onHost(host, body), keyword.range.through(body.range))
    }

    func assertStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try parseExpression(calls: true)
        var message: Expr?
        if check(.comma) { advance() }
        if !atStatementEnd { message = try parseExpression(calls: false) }
        return Stmt(.assert(condition, message: message), keyword.range.through(message?.range ?? condition.range))
    }

    func expectStatement() throws -> Stmt {
        let keyword = advance()
        guard checkWord("error") else {
            report("expected 'error' after 'expect', found \(peek.kind.display)", peek.range)
            throw SyntaxError()
        }
        advance()
        var pattern: Expr?
        if !check(.leftBrace) { pattern = try parsePrimary(calls: false) }
        let body = try parseBlock()
        return Stmt(.expectError(pattern: pattern, body: body), keyword.range.through(body.range))
    }
}
