import Lexer

/// Static checks that run before anything does: undefined variables and commands, wrong
/// argument counts, misplaced `def`/`param`/`import`/`return`/`break`, duplicate names.
public final class Resolver {
    private let registry: CommandRegistry
    private var functions: [String: FunctionDecl] = [:]
    private var globals: Set<String> = []
    private var scopes: [Set<String>] = []
    private var loopDepth = 0
    private var inFunction = false
    public private(set) var diagnostics: [Diagnostic] = []

    /// `knownGlobals` are variables that already exist (the REPL's earlier inputs).
    public init(registry: CommandRegistry, knownGlobals: Set<String> = [], knownFunctions: [FunctionDecl] = []) {
        self.registry = registry
        globals = knownGlobals
        for decl in knownFunctions { functions[decl.name] = decl }
    }

    /// Checks every loaded file. Top-level names of all files are visible everywhere.
    public func check(_ programs: [Program]) -> [Diagnostic] {
        for program in programs { collectDeclarations(program) }
        for program in programs {
            scopes = [[]]
            for stmt in program.statements { resolve(stmt, topLevel: true) }
        }
        return diagnostics
    }

    private func collectDeclarations(_ program: Program) {
        for stmt in program.statements {
            switch stmt.kind {
            case .let(let name, _), .param(let name, _): globals.insert(name)
            case .def(let decl): declare(decl)
            default: break
            }
        }
    }

    private func declare(_ decl: FunctionDecl) {
        if registry[decl.name] != nil {
            error("'\(decl.name)' is a built-in command and cannot be redefined", decl.nameRange)
        } else if let earlier = functions[decl.name], earlier !== decl {
            error("command '\(decl.name)' is already defined at \(earlier.nameRange.label)", decl.nameRange)
        } else {
            functions[decl.name] = decl
        }
    }

    private func error(_ message: String, _ range: SourceRange) {
        diagnostics.append(.error(message, at: range))
    }

    // MARK: - Scopes

    private func isDefined(_ name: String) -> Bool {
        scopes.contains { $0.contains(name) } || globals.contains(name)
    }

    private func declareLocal(_ name: String, _ range: SourceRange, topLevel: Bool) {
        if scopes[scopes.count - 1].contains(name) {
            error("'$\(name)' is already declared in this scope", range)
        }
        scopes[scopes.count - 1].insert(name)
    }

    private func withScope(_ names: [String] = [], _ body: () -> Void) {
        scopes.append(Set(names))
        body()
        scopes.removeLast()
    }

    private func resolve(_ block: Block, names: [String] = []) {
        withScope(names) {
            for stmt in block.statements { resolve(stmt, topLevel: false) }
        }
    }
}

extension Resolver {
    private func resolve(_ stmt: Stmt, topLevel: Bool) {
        switch stmt.kind {
        case .command(let call): resolve(call, head: true)
        case .expression(let expr): resolve(expr)
        case .let(let name, let value):
            resolve(value)
            declareLocal(name, stmt.range, topLevel: topLevel)
        case .assign(let name, _, let value):
            resolve(value)
            if !isDefined(name) {
                error("cannot assign to undefined variable '$\(name)'; declare it with 'let'", stmt.range)
            }
        case .if(let condition, let then, let elseBlock):
            resolve(condition)
            resolve(then)
            if let elseBlock { resolve(elseBlock) }
        case .for(let index, let element, let sequence, let body):
            resolve(sequence)
            loop { resolve(body, names: [index, element].compactMap { $0 }) }
        case .while(let condition, let body):
            resolve(condition)
            loop { resolve(body) }
        case .break, .continue:
            if loopDepth == 0 { error("'\(stmt.kind.keyword)' outside a loop", stmt.range) }
        case .return(let value):
            if let value { resolve(value) }
            if !inFunction { error("'return' outside a command definition", stmt.range) }
        case .def(let decl): resolveDef(decl, stmt.range, topLevel: topLevel)
        case .import:
            if !topLevel { error("'import' is only allowed at the top level of a file", stmt.range) }
        case .param(_, let defaultValue):
            resolve(defaultValue)
            if !topLevel { error("'param' is only allowed at the top level of a file", stmt.range) }
        case .inNamespace(let namespace, let body), .onHost(let namespace, let body):
            resolve(namespace)
            resolve(body)
        case .assert(let condition, let message):
            resolve(condition)
            if let message { resolve(message) }
        case .expectError(let pattern, let body):
            if let pattern { resolve(pattern) }
            resolve(body)
        }
    }

    private func loop(_ body: () -> Void) {
        loopDepth += 1
        body()
        loopDepth -= 1
    }

    private func resolveDef(_ decl: FunctionDecl, _ range: SourceRange, topLevel: Bool) {
        guard topLevel else {
            error("'def' is only allowed at the top level of a file", range)
            return
        }
        let (savedLoops, savedScopes) = (loopDepth, scopes)
        inFunction = true
        loopDepth = 0
        scopes = [[]]
        withScope {
            for parameter in decl.parameters {
                if let value = parameter.defaultValue { resolve(value) }
                scopes[scopes.count - 1].insert(parameter.name)
            }
            for stmt in decl.body.statements { resolve(stmt, topLevel: false) }
        }
        inFunction = false
        (loopDepth, scopes) = (savedLoops, savedScopes)
    }

    private func resolve(_ expr: Expr) {
        switch expr.kind {
        case .literal: break
        case .word(let word):
            if isCommandName(word) {
                checkArguments(Call(name: word, nameRange: expr.range, arguments: [], range: expr.range))
            }
        case .interpolation(let parts):
            for case .expr(let e) in parts { resolve(e) }
        case .variable(let name):
            if !isDefined(name) { error("undefined variable '$\(name)'", expr.range) }
        case .list(let items): items.forEach(resolve)
        case .map(let pairs):
            for (k, v) in pairs {
                resolve(k)
                resolve(v)
            }
        case .unary(_, let operand): resolve(operand)
        case .binary(_, let lhs, let rhs), .range(let lhs, let rhs), .index(let lhs, let rhs):
            resolve(lhs)
            resolve(rhs)
        case .member(let base, _): resolve(base)
        case .call(let call): resolve(call, head: true)
        }
    }

    private func isCommandName(_ name: String) -> Bool {
        functions[name] != nil || registry[name] != nil
    }

    private func resolve(_ call: Call, head: Bool) {
        for argument in call.arguments { resolve(argument.expr) }
        guard isCommandName(call.name) else {
            error("unknown command '\(call.name)'", call.nameRange)
            return
        }
        checkArguments(call)
    }

    private func checkArguments(_ call: Call) {
        if let decl = functions[call.name] {
            checkArguments(call, against: decl)
        } else if let builtin = registry[call.name] {
            for case .named(_, _, let range) in call.arguments {
                error("'\(call.name)' takes no named arguments", range)
                break
            }
            let count = call.arguments.count
            if !builtin.arity.contains(count) {
                error("wrong number of arguments for '\(call.name)': usage: \(builtin.usage)", call.range)
            }
        }
    }

    private func checkArguments(_ call: Call, against decl: FunctionDecl) {
        var given: Set<String> = []
        var position = 0
        for argument in call.arguments {
            switch argument {
            case .positional(let expr):
                if position >= decl.parameters.count {
                    error("too many arguments for '\(decl.name)': it takes \(decl.parameters.count)", expr.range)
                    return
                }
                given.insert(decl.parameters[position].name)
                position += 1
            case .named(let name, _, let range):
                if !decl.parameters.contains(where: { $0.name == name }) {
                    error("'\(decl.name)' has no parameter '\(name)'", range)
                } else if !given.insert(name).inserted {
                    error("argument '\(name)' is given twice", range)
                }
            }
        }
        for parameter in decl.parameters where parameter.defaultValue == nil && !given.contains(parameter.name) {
            error("missing argument '\(parameter.name)' for '\(decl.name)'", call.range)
        }
    }
}

extension Stmt.Kind {
    var keyword: String {
        switch self {
        case .break: return "break"
        case .continue: return "continue"
        default: return ""
        }
    }
}
