import NetTypes

/// A piece of a string or word with interpolation: literal text, `$name`, or `${expr}`.
public enum TextPart: Sendable, Equatable {
    case text(String)
    case variable(String, SourceRange)
    /// The tokens between `${` and `}`, ending with `.eof`.
    case expression([Token], SourceRange)
}

public enum TokenKind: Sendable, Equatable {
    /// A bare word: an identifier, keyword, or interface name such as `br-lan` or `eth0.100`.
    case word(String)
    /// A bare word with interpolation, such as `A$i` or `veth${i}a`.
    case interpolatedWord([TextPart])
    /// `$name`
    case variable(String)
    case int(Int)
    /// A double-quoted string (interpolated) or single-quoted (one text part).
    case string([TextPart])
    case address(IPAddress)
    case prefix(IPPrefix)
    case mac(MACAddress)
    /// Stands in for a literal that failed validation; its error has already been reported.
    case invalid

    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    case comma, colon, dot, dotDot, semicolon
    case plus, minus, star, slash, percent
    case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case plusEqual, minusEqual
    case newline, eof
}

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var range: SourceRange
    /// Whether whitespace (or a line start) comes right before this token; `$x[0]` indexes
    /// while `$x [0]` passes a list as a second argument.
    public var spaceBefore: Bool

    public init(_ kind: TokenKind, _ range: SourceRange, spaceBefore: Bool) {
        self.kind = kind
        self.range = range
        self.spaceBefore = spaceBefore
    }

    /// The text of a plain word token, or nil.
    public var word: String? {
        if case .word(let w) = kind { return w }
        return nil
    }
}

extension TokenKind {
    /// How the token is named in "expected X, found Y" messages.
    public var display: String {
        switch self {
        case .word(let w): return "'\(w)'"
        case .interpolatedWord: return "word"
        case .variable(let v): return "'$\(v)'"
        case .int(let i): return "'\(i)'"
        case .string: return "string"
        case .address(let a): return "'\(a)'"
        case .prefix(let p): return "'\(p)'"
        case .mac(let m): return "'\(m)'"
        case .invalid: return "invalid literal"
        case .newline: return "end of line"
        case .eof: return "end of file"
        default: return "'\(punctuation)'"
        }
    }

    private var punctuation: String {
        switch self {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .comma: return ","
        case .colon: return ":"
        case .dot: return "."
        case .dotDot: return ".."
        case .semicolon: return ";"
        case .plus: return "+"
        case .minus: return "-"
        case .star: return "*"
        case .slash: return "/"
        case .percent: return "%"
        case .equal: return "="
        case .equalEqual: return "=="
        case .bangEqual: return "!="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .plusEqual: return "+="
        case .minusEqual: return "-="
        default: return "?"
        }
    }
}
