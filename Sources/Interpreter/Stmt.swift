import Lexer

/// A statement node, with the source range it was parsed from.
public struct Stmt: Sendable {
    public indirect enum Kind: Sendable {
        case command(Call)
        /// An expression evaluated for its value (echoed by the REPL).
        case expression(Expr)
        case `let`(name: String, value: Expr)
        case assign(name: String, op: AssignOperator, value: Expr)
        case `if`(condition: Expr, then: Block, else: Block?)
        case `for`(index: String?, element: String, sequence: Expr, body: Block)
        case `while`(condition: Expr, body: Block)
        case `break`
        case `continue`
        case `return`(Expr?)
        case def(FunctionDecl)
        case `import`(path: String)
        case param(name: String, defaultValue: Expr)
        /// `in NS { ... }`: run the block inside a namespace.
        case inNamespace(Expr, Block)
        /// `host NAME { ... }`: run the block's commands on another host (in dry runs, its own
        /// simulated kernel), starting in its initial namespace.
        case onHost(Expr, Block)
        case assert(Expr, message: Expr?)
        /// `expect error [PATTERN] { ... }`: the block must fail (with PATTERN, if given).
        case expectError(pattern: Expr?, body: Block)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum AssignOperator: String, Sendable {
    case set = "=", add = "+=", subtract = "-="
}

public struct Block: Sendable {
    public var statements: [Stmt]
    public var range: SourceRange

    public init(_ statements: [Stmt], _ range: SourceRange) {
        self.statements = statements
        self.range = range
    }
}

/// `def NAME PARAM... [PARAM=DEFAULT...] { BODY }`
public final class FunctionDecl: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var defaultValue: Expr?
        public var range: SourceRange
    }

    public let name: String
    public let nameRange: SourceRange
    public let parameters: [Parameter]
    public let body: Block

    public init(name: String, nameRange: SourceRange, parameters: [Parameter], body: Block) {
        self.name = name
        self.nameRange = nameRange
        self.parameters = parameters
        self.body = body
    }
}
