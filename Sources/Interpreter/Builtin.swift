import Lexer

/// A command implemented in Swift. The interpreter evaluates the arguments and calls `run`.
public struct Builtin {
    public var name: String
    /// One line of usage, such as `print VALUE...`, for help, errors and completion.
    public var usage: String
    /// How many positional arguments it takes, checked before the script runs.
    public var arity: ClosedRange<Int>
    public var run: (Invocation) throws -> Value

    public init(
        _ name: String, usage: String, arity: ClosedRange<Int> = 0...Int.max,
        run: @escaping (Invocation) throws -> Value
    ) {
        self.name = name
        self.usage = usage
        self.arity = arity
        self.run = run
    }
}

/// One call of a built-in: its evaluated arguments and the interpreter it runs in.
public final class Invocation {
    public let name: String
    public let arguments: [Value]
    public let range: SourceRange
    public let argumentRanges: [SourceRange]
    public unowned let interpreter: Interpreter

    init(name: String, arguments: [Value], range: SourceRange, argumentRanges: [SourceRange], interpreter: Interpreter)
    {
        self.name = name
        self.arguments = arguments
        self.range = range
        self.argumentRanges = argumentRanges
        self.interpreter = interpreter
    }

    /// The namespace that an enclosing `in NS { }` selected, if any.
    public var namespace: Value? { interpreter.namespaceStack.last }

    /// Writes a line of the script's output.
    public func output(_ line: String) { interpreter.output(line) }
}

/// The commands a script can call, by name.
public final class CommandRegistry {
    public private(set) var builtins: [String: Builtin] = [:]

    public init() {}

    public func register(_ builtin: Builtin) {
        builtins[builtin.name] = builtin
    }

    public subscript(name: String) -> Builtin? { builtins[name] }

    public var names: [String] { builtins.keys.sorted() }
}
