import Lexer

/// An expression node. Every node carries the source range it was parsed from.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case literal(Value)
        /// A bare word: a string, or (at the head of an expression) a command without arguments.
        case word(String)
        /// A string or word with `$name` / `${expr}` parts.
        case interpolation([Part])
        case variable(String)
        case list([Expr])
        case map([(key: Expr, value: Expr)])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case range(Expr, Expr)
        case member(Expr, String)
        case index(Expr, Expr)
        /// A command called for its value: `let ns = netns add bind1`.
        case call(Call)
    }

    public enum Part: Sendable {
        case text(String)
        case expr(Expr)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and = "and", or = "or", `in` = "in"
}

/// A command invocation: a name and its arguments, as in `link add A1 type veth peer name B1`.
public struct Call: Sendable {
    public enum Argument: Sendable {
        case positional(Expr)
        /// `name=value`, for user-defined commands with defaults.
        case named(String, Expr, SourceRange)

        public var expr: Expr {
            switch self {
            case .positional(let e), .named(_, let e, _): return e
            }
        }
    }

    public var name: String
    public var nameRange: SourceRange
    public var arguments: [Argument]
    public var range: SourceRange

    public init(name: String, nameRange: SourceRange, arguments: [Argument], range: SourceRange) {
        self.name = name
        self.nameRange = nameRange
        self.arguments = arguments
        self.range = range
    }
}
