import Lexer

/// Expressions.
extension Interpreter {
    func evaluate(_ expr: Expr, in env: Environment) throws -> Value {
        switch expr.kind {
        case .literal(let value): return value
        case .word(let word):
            guard isCommand(word) else { return .string(word) }
            return try invoke(Call(name: word, nameRange: expr.range, arguments: [], range: expr.range), in: env)
        case .interpolation(let parts): return .string(try interpolate(parts, expr.range, in: env))
        case .variable(let name):
            guard let value = env.lookup(name) else { throw undefinedVariable(name, expr.range) }
            return value
        case .list(let items): return .list(try items.map { try evaluate($0, in: env) })
        case .map(let pairs): return try evaluateMap(pairs, in: env)
        case .unary(let op, let operand): return try unary(op, try evaluate(operand, in: env), expr.range)
        case .binary(.and, let lhs, let rhs):
            return .bool(try evaluateCondition(lhs, in: env) && evaluateCondition(rhs, in: env))
        case .binary(.or, let lhs, let rhs):
            return .bool(try evaluateCondition(lhs, in: env) || evaluateCondition(rhs, in: env))
        case .binary(let op, let lhs, let rhs):
            return try binary(op, try evaluate(lhs, in: env), try evaluate(rhs, in: env), expr.range)
        case .range(let lower, let upper):
            return try makeRange(try evaluate(lower, in: env), try evaluate(upper, in: env), expr.range)
        case .member(let base, let name): return try member(try evaluate(base, in: env), name, expr.range)
        case .index(let base, let index):
            return try subscriptValue(try evaluate(base, in: env), try evaluate(index, in: env), expr.range)
        case .call(let call): return try invoke(call, in: env)
        }
    }

    func interpolate(_ parts: [Expr.Part], _ range: SourceRange, in env: Environment) throws -> String {
        var result = ""
        for part in parts {
            switch part {
            case .text(let text): result += text
            case .expr(let expr): result += try evaluate(expr, in: env).description
            }
            if result.utf8.count > Interpreter.maxStringLength {
                throw RuntimeError("string longer than the limit of \(Interpreter.maxStringLength) bytes", at: range)
            }
        }
        try charge(size: result.utf8.count, range)
        return result
    }

    func evaluateMap(_ pairs: [(key: Expr, value: Expr)], in env: Environment) throws -> Value {
        var map = OrderedMap()
        for (keyExpr, valueExpr) in pairs {
            map[try evaluate(keyExpr, in: env)] = try evaluate(valueExpr, in: env)
        }
        return .map(map)
    }
}
