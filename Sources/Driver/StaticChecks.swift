import Interpreter
import Lexer

/// The checks of `dnsh check` that read the script without running it: interface names that are
/// too long to be valid, arguments of the wrong kind, parameters nobody uses.
struct StaticChecks {
    private(set) var diagnostics: [Diagnostic] = []
    private var params: [(name: String, range: SourceRange)] = []
    private var used: Set<String> = []

    static func run(_ programs: [Program]) -> [Diagnostic] {
        var checks = StaticChecks()
        for program in programs { checks.visit(program.statements) }
        for (name, range) in checks.params where !checks.used.contains(name) {
            checks.warn("parameter '\(name)' is never used", range)
        }
        return checks.diagnostics
    }

    mutating func error(_ message: String, _ range: SourceRange) { diagnostics.append(.error(message, at: range)) }
    mutating func warn(_ message: String, _ range: SourceRange) {
        diagnostics.append(Diagnostic(.warning, message, at: range))
    }

    mutating func visit(_ statements: [Stmt]) {
        for stmt in statements { visit(stmt) }
    }

    mutating func visit(_ block: Block?) {
        if let block { visit(block.statements) }
    }

    mutating func visit(_ stmt: Stmt) {
        switch stmt.kind {
        case .command(let call): visit(call)
        case .expression(let e), .let(_, let e), .assign(_, _, let e), .return(.some(let e)): visit(e)
        case .if(let c, let then, let other):
            visit(c)
            visit(then)
            visit(other)
        case .for(_, _, let sequence, let body):
            visit(sequence)
            visit(body)
        case .while(let c, let body):
            visit(c)
            visit(body)
        case .def(let decl):
            for parameter in decl.parameters { if let d = parameter.defaultValue { visit(d) } }
            visit(decl.body)
        case .param(let name, let value):
            params.append((name, stmt.range))
            visit(value)
        case .inNamespace(let ns, let body), .onHost(let ns, let body):
            visit(ns)
            visit(body)
        case .assert(let c, let message):
            visit(c)
            if let message { visit(message) }
        case .expectError(let pattern, let body):
            if let pattern { visit(pattern) }
            visit(body)
        case .return(.none), .break, .continue, .import: break
        }
    }

    mutating func visit(_ expr: Expr) {
        switch expr.kind {
        case .variable(let name): used.insert(name)
        case .interpolation(let parts): for case .expr(let e) in parts { visit(e) }
        case .list(let items): items.forEach { visit($0) }
        case .map(let pairs):
            for (k, v) in pairs {
                visit(k)
                visit(v)
            }
        case .unary(_, let e), .member(let e, _): visit(e)
        case .binary(_, let a, let b), .range(let a, let b), .index(let a, let b):
            visit(a)
            visit(b)
        case .call(let call): visit(call)
        case .literal, .word: break
        }
    }

    mutating func visit(_ call: Call) {
        for argument in call.arguments { visit(argument.expr) }
        let args = call.arguments.map(\.expr)
        for name in interfaceNames(call.name, args) { checkLength(name) }
        checkKinds(call.name, args)
    }

    /// The arguments that name a new interface: `link add NAME`, `peer [name] NAME`,
    /// `link set X name NAME`, `bridge NAME`, `veth NAME peer NAME`.
    func interfaceNames(_ command: String, _ args: [Expr]) -> [Expr] {
        let words = args.map { StaticChecks.word($0) }
        var names: [Expr] = []
        if command == "bridge" || command == "veth", let first = args.first { names.append(first) }
        if command == "link", words.first == "add", args.count > 1 {
            names.append(words[1] == "name" && args.count > 2 ? args[2] : args[1])
        }
        for (i, word) in words.enumerated() where i + 1 < args.count {
            if word == "peer" && (command == "link" || command == "veth") {
                names.append(words[i + 1] == "name" && i + 2 < args.count ? args[i + 2] : args[i + 1])
            }
            if word == "name" && command == "link" && words.first == "set" { names.append(args[i + 1]) }
        }
        return names
    }

    static func word(_ expr: Expr) -> String? {
        if case .literal(.string(let s)) = expr.kind { return s }
        return nil
    }

    /// The bytes a name has at least: all of a literal, the literal parts of an interpolation.
    mutating func checkLength(_ name: Expr) {
        switch name.kind {
        case .literal(.string(let s)) where s.utf8.count > 15:
            error("interface name '\(s)' is \(s.utf8.count) bytes; Linux allows at most 15", name.range)
        case .interpolation(let parts):
            let fixed = parts.reduce(0) { total, part in
                if case .text(let t) = part { return total + t.utf8.count }
                return total
            }
            if fixed > 15 {
                error("this interface name has at least \(fixed) bytes; Linux allows at most 15", name.range)
            }
        default: break
        }
    }

    /// Literal arguments of the wrong kind: `addr add WORD`, `route add WORD`, `mtu WORD`.
    mutating func checkKinds(_ command: String, _ args: [Expr]) {
        let words = args.map { StaticChecks.word($0) }
        guard let verb = words.first ?? nil, args.count > 1 else { return }
        if (command == "addr" || command == "address") && ["add", "del", "delete"].contains(verb),
            let word = words[1]
        {
            error(
                "'\(command) \(verb)' needs an address with its prefix length (10.0.0.1/24), not '\(word)'",
                args[1].range)
        }
        if command == "route" && ["add", "del", "delete", "replace"].contains(verb), let word = words[1],
            word != "default"
        {
            error("'route \(verb)' needs 'default' or a prefix (10.0.0.0/24), not '\(word)'", args[1].range)
        }
        for (i, word) in words.enumerated() where word == "mtu" && i + 1 < args.count {
            if let value = words[i + 1] {
                error("'mtu' needs a number, not '\(value)'", args[i + 1].range)
            }
        }
    }
}
