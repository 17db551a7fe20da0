import Interpreter

/// The language's own commands (printing, conversions, list helpers), one per file beside this one.
public enum CoreBuiltins {
    public static var all: [Builtin] {
        [
            printBuiltin, lenBuiltin, strBuiltin, intBuiltin, typeBuiltin, appendBuiltin, joinBuiltin, splitBuiltin,
            failBuiltin, parseBuiltin,
        ]
    }

    /// A registry holding every built-in command.
    public static func registry() -> CommandRegistry {
        let registry = CommandRegistry()
        for builtin in all { registry.register(builtin) }
        return registry
    }
}

extension Invocation {
    /// The argument at `index` as a string, or an error pointing at it.
    func string(_ index: Int) throws -> String {
        guard case .string(let s) = arguments[index] else {
            throw CommandError(
                "\(name): expected a string, got \(arguments[index].typeName)", argument: index)
        }
        return s
    }
}
