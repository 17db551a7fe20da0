import Lexer

/// Walks the AST and runs it. Knows nothing of networks: commands come from the registry, and
/// `in NS { }` hands its namespace value to `enterNamespace`, which the command set supplies.
public final class Interpreter {
    /// How deeply user-defined commands may call each other.
    public static let maxCallDepth = 200

    enum Completion {
        case normal
        case breakLoop
        case continueLoop
        case returned(Value)
    }

    public let registry: CommandRegistry
    public let globals = Environment()
    /// Receives each line the script prints.
    public var output: (String) -> Void
    /// Checks and converts the value of `in NS { }` before the block runs; by default any value.
    public var enterNamespace: (Value) throws -> Value = { $0 }
    /// `host NAME { }` hands its name to `enterHost`, which returns what leaves the host again.
    public var enterHost: (Value) throws -> () -> Void = { _ in {} }
    /// Statements that may run before the script stops with a limit error.
    public var maxSteps = 50_000_000
    /// Values given on the command line for `param` declarations.
    public var parameterOverrides: [String: Value] = [:]

    public internal(set) var namespaceStack: [Value] = []
    /// The built-in command running now (or last), for tools that trace what each statement did.
    public internal(set) var currentCall: SourceRange?
    /// The calls of user-defined commands in progress, outermost first: name and call site.
    public internal(set) var callSites: [(name: String, range: SourceRange)] = []
    public internal(set) var functions: [String: FunctionDecl] = [:]
    var imports: [SourceRange: Program] = [:]
    var executedFiles: Set<ObjectIdentifier> = []
    var callDepth = 0
    var steps = 0

    public init(registry: CommandRegistry, output: @escaping (String) -> Void) {
        self.registry = registry
        self.output = output
    }

    /// Runs a loaded script: registers every file's commands, then runs the main file.
    public func run(_ main: Program, loader: Loader) throws {
        adopt(main, loader)
        _ = try execute(main.statements, in: globals)
    }

    /// Takes in what a loader read: its imports, every file's commands, and `main` as a file
    /// that has run (so importing it does not run it again).
    func adopt(_ main: Program, _ loader: Loader) {
        imports.merge(loader.imports) { a, _ in a }
        for program in loader.programs { declareFunctions(program) }
        executedFiles.insert(ObjectIdentifier(main.file))
    }

    /// Runs one input of the REPL in the same global scope as the ones before, handing the
    /// value of each top-level expression, and of each command that returns something, to `echo`.
    public func runInteractive(_ program: Program, loader: Loader, echo: (Value) -> Void) throws {
        adopt(program, loader)
        steps = 0
        for stmt in program.statements {
            switch stmt.kind {
            case .expression(let expr):
                try countStep(stmt.range)
                echo(try evaluate(expr, in: globals))
            case .command(let call):
                try countStep(stmt.range)
                // A command's handle (`bridge br0` gives br0) says nothing new; other results do.
                let value = try invoke(call, in: globals)
                switch value {
                case .none, .handle: break
                default: echo(value)
                }
            default:
                _ = try execute(stmt, in: globals)
            }
        }
    }

    func declareFunctions(_ program: Program) {
        for stmt in program.statements {
            if case .def(let decl) = stmt.kind { functions[decl.name] = decl }
        }
    }

    /// Whether `name` is a command: user-defined or built in.
    public func isCommand(_ name: String) -> Bool {
        functions[name] != nil || registry[name] != nil
    }

    // MARK: - Statements

    func execute(_ statements: [Stmt], in env: Environment) throws -> Completion {
        for stmt in statements {
            let completion = try execute(stmt, in: env)
            if case .normal = completion { continue }
            return completion
        }
        return .normal
    }

    func executeBlock(_ block: Block, in env: Environment) throws -> Completion {
        try execute(block.statements, in: Environment(parent: env))
    }

    func execute(_ stmt: Stmt, in env: Environment) throws -> Completion {
        try countStep(stmt.range)
        switch stmt.kind {
        case .command(let call): _ = try invoke(call, in: env)
        case .expression(let expr): _ = try evaluate(expr, in: env)
        case .let(let name, let value): env.define(name, try evaluate(value, in: env))
        case .assign(let name, let op, let value): try assign(name, op, value, stmt.range, in: env)
        case .if(let condition, let then, let elseBlock):
            if try evaluateCondition(condition, in: env) { return try executeBlock(then, in: env) }
            if let elseBlock { return try executeBlock(elseBlock, in: env) }
        case .for(let index, let element, let sequence, let body):
            return try executeFor(index, element, sequence, body, in: env)
        case .while(let condition, let body): return try executeWhile(condition, body, in: env)
        case .break: return .breakLoop
        case .continue: return .continueLoop
        case .return(let value): return .returned(try value.map { try evaluate($0, in: env) } ?? .none)
        case .def: break
        case .import: try executeImport(stmt)
        case .param(let name, let defaultValue):
            env.define(name, try parameterOverrides[name] ?? evaluate(defaultValue, in: env))
        case .inNamespace(let namespace, let body): return try executeIn(namespace, body, in: env)
        case .onHost(let host, let body): return try executeOnHost(host, body, in: env)
        case .assert(let condition, let message): try executeAssert(condition, message, stmt.range, in: env)
        case .expectError(let pattern, let body): try executeExpectError(pattern, body, stmt.range, in: env)
        }
        return .normal
    }

    func countStep(_ range: SourceRange) throws {
        try charge(steps: 1, range)
    }

    /// Building a string or list of `size` elements costs a step per 4 of them, so the step
    /// limit also bounds the work of a loop that grows a list (`l = append $l x`), not only the
    /// statements it runs.
    public func charge(size: Int, _ range: SourceRange) throws {
        try charge(steps: size / 4, range)
    }

    func charge(steps count: Int, _ range: SourceRange) throws {
        steps += count
        if steps > maxSteps {
            throw RuntimeError(
                "step limit of \(maxSteps) statements exceeded (see --max-steps)", at: range, kind: .limit)
        }
    }

    func assign(_ name: String, _ op: AssignOperator, _ valueExpr: Expr, _ range: SourceRange, in env: Environment)
        throws
    {
        var value = try evaluate(valueExpr, in: env)
        if op != .set {
            guard let old = env.lookup(name) else { throw undefinedVariable(name, range) }
            value = try binary(op == .add ? .add : .subtract, old, value, range)
        }
        guard env.assign(name, value) else { throw undefinedVariable(name, range) }
    }

    func undefinedVariable(_ name: String, _ range: SourceRange) -> RuntimeError {
        RuntimeError("variable '$\(name)' is used before it is set", at: range)
    }

    func evaluateCondition(_ expr: Expr, in env: Environment) throws -> Bool {
        let value = try evaluate(expr, in: env)
        guard case .bool(let b) = value else {
            throw RuntimeError("condition must be a bool, not \(value.typeName)", at: expr.range)
        }
        return b
    }
}
