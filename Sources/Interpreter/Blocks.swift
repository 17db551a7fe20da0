import Lexer

/// `import`, `in NS { }`, `assert` and `expect error`.
extension Interpreter {
    func executeImport(_ stmt: Stmt) throws {
        guard let program = imports[stmt.range] else { return }
        guard executedFiles.insert(ObjectIdentifier(program.file)).inserted else { return }
        do {
            _ = try execute(program.statements, in: globals)
        } catch var error as RuntimeError {
            error.frames.append(.init(description: "in the file imported here", range: stmt.range))
            throw error
        }
    }

    func executeIn(_ namespaceExpr: Expr, _ body: Block, in env: Environment) throws -> Completion {
        let value = try evaluate(namespaceExpr, in: env)
        let namespace: Value
        do {
            namespace = try enterNamespace(value)
        } catch let error as CommandError {
            throw RuntimeError(error.message, at: namespaceExpr.range, code: error.code)
        }
        namespaceStack.append(namespace)
        defer { namespaceStack.removeLast() }
        return try executeBlock(body, in: env)
    }

    func executeOnHost(_ hostExpr: Expr, _ body: Block, in env: Environment) throws -> Completion {
        let value = try evaluate(hostExpr, in: env)
        let leave: () -> Void
        do {
            leave = try enterHost(value)
        } catch let error as CommandError {
            throw RuntimeError(error.message, at: hostExpr.range, code: error.code)
        }
        defer { leave() }
        // A host block starts in the host's initial namespace.
        let saved = namespaceStack
        namespaceStack = []
        defer { namespaceStack = saved }
        return try executeBlock(body, in: env)
    }

    func executeAssert(_ condition: Expr, _ message: Expr?, _ range: SourceRange, in env: Environment) throws {
        if try evaluateCondition(condition, in: env) { return }
        var text = "assertion failed"
        if let message { text += ": " + (try evaluate(message, in: env)).description }
        throw RuntimeError(text, at: range, kind: .assertion)
    }

    func executeExpectError(_ patternExpr: Expr?, _ body: Block, _ range: SourceRange, in env: Environment) throws {
        let pattern = try patternExpr.map { try evaluate($0, in: env).description }
        do {
            _ = try executeBlock(body, in: env)
        } catch let error as RuntimeError where error.kind != .limit {
            guard let pattern, error.code != pattern, !error.message.contains(pattern) else { return }
            throw RuntimeError(
                "expected an error matching '\(pattern)', but got: \(error.message)", at: range, kind: .assertion)
        }
        let wanted = pattern.map { " matching '\($0)'" } ?? ""
        throw RuntimeError("expected an error\(wanted), but the block succeeded", at: range, kind: .assertion)
    }
}
