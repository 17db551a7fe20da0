import Lexer

/// Calling commands: user-defined ones (`def`) and built-ins.
extension Interpreter {
    func invoke(_ call: Call, in env: Environment) throws -> Value {
        if let decl = functions[call.name] { return try callUser(decl, call, in: env) }
        if let builtin = registry[call.name] { return try callBuiltin(builtin, call, in: env) }
        throw RuntimeError("unknown command '\(call.name)'", at: call.nameRange)
    }

    func callBuiltin(_ builtin: Builtin, _ call: Call, in env: Environment) throws -> Value {
        var values: [Value] = []
        for argument in call.arguments {
            guard case .positional(let expr) = argument else {
                throw RuntimeError("'\(call.name)' takes no named arguments", at: argument.expr.range)
            }
            values.append(try evaluate(expr, in: env))
        }
        let ranges = call.arguments.map(\.expr.range)
        let invocation = Invocation(
            name: call.name, arguments: values, range: call.range, argumentRanges: ranges, interpreter: self)
        currentCall = call.range
        do {
            return try builtin.run(invocation)
        } catch let error as CommandError {
            let range = error.argument.flatMap { $0 < ranges.count ? ranges[$0] : nil } ?? call.range
            throw RuntimeError(error.message, at: range, code: error.code)
        }
    }

    func callUser(_ decl: FunctionDecl, _ call: Call, in env: Environment) throws -> Value {
        let scope = try bindArguments(decl, call, in: env)
        guard callDepth < Interpreter.maxCallDepth else {
            throw RuntimeError(
                "too many nested calls (limit \(Interpreter.maxCallDepth)) in '\(decl.name)'", at: call.range,
                kind: .limit)
        }
        callDepth += 1
        callSites.append((decl.name, call.range))
        defer {
            callDepth -= 1
            callSites.removeLast()
        }
        let saved = namespaceStack
        defer { namespaceStack = saved }
        do {
            if case .returned(let value) = try executeBlock(decl.body, in: scope) { return value }
            return .none
        } catch var error as RuntimeError {
            error.frames.append(.init(description: "in '\(decl.name)' called from here", range: call.range))
            throw error
        }
    }

    /// Evaluates the arguments in the caller's scope and binds them, with defaults evaluated in
    /// the new scope (so a default may use an earlier parameter).
    func bindArguments(_ decl: FunctionDecl, _ call: Call, in env: Environment) throws -> Environment {
        let scope = Environment(parent: globals)
        var given: [String: Value] = [:]
        var position = 0
        for argument in call.arguments {
            switch argument {
            case .positional(let expr):
                guard position < decl.parameters.count else {
                    throw RuntimeError(tooManyArguments(decl), at: expr.range)
                }
                given[decl.parameters[position].name] = try evaluate(expr, in: env)
                position += 1
            case .named(let name, let expr, let range):
                guard decl.parameters.contains(where: { $0.name == name }) else {
                    throw RuntimeError("'\(decl.name)' has no parameter '\(name)'", at: range)
                }
                guard given[name] == nil else { throw RuntimeError("argument '\(name)' is given twice", at: range) }
                given[name] = try evaluate(expr, in: env)
            }
        }
        for parameter in decl.parameters {
            if let value = given[parameter.name] {
                scope.define(parameter.name, value)
            } else if let defaultValue = parameter.defaultValue {
                scope.define(parameter.name, try evaluate(defaultValue, in: scope))
            } else {
                throw RuntimeError("missing argument '\(parameter.name)' for '\(decl.name)'", at: call.range)
            }
        }
        return scope
    }

    func tooManyArguments(_ decl: FunctionDecl) -> String {
        "too many arguments for '\(decl.name)': it takes \(decl.parameters.count)"
    }
}
