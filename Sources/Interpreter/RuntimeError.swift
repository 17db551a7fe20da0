import Lexer

/// An error raised while a script runs, at the statement or expression that failed.
public struct RuntimeError: Error, Sendable {
    public enum Kind: Sendable {
        /// An ordinary error: a bad operand, a failed command, a kernel error.
        case error
        /// An `assert` whose condition was false, or an `expect error` block that succeeded.
        case assertion
        /// A resource limit (steps, call depth); `expect error` does not catch these.
        case limit
    }

    /// One step of the chain that led to the error: a call of a user-defined command, or an import.
    public struct Frame: Sendable {
        public var description: String
        public var range: SourceRange
    }

    public var message: String
    public var range: SourceRange
    public var kind: Kind
    /// A short machine-readable code, such as an errno name (`EEXIST`) for a kernel error.
    public var code: String?
    /// Innermost first.
    public var frames: [Frame] = []

    public init(_ message: String, at range: SourceRange, kind: Kind = .error, code: String? = nil) {
        self.message = message
        self.range = range
        self.kind = kind
        self.code = code
    }

    /// The error as a diagnostic, with one note per frame of the call chain.
    /// Runs of the same frame (deep recursion) are shown once with a count.
    public var diagnostic: Diagnostic {
        var notes: [Diagnostic] = []
        var i = 0
        while i < frames.count {
            var j = i + 1
            while j < frames.count && frames[j].range == frames[i].range { j += 1 }
            let repeats = j - i - 1
            let suffix = repeats > 0 ? " (and \(repeats) more time\(repeats == 1 ? "" : "s"))" : ""
            notes.append(Diagnostic(.note, frames[i].description + suffix, at: frames[i].range))
            i = j
        }
        var diagnostic = Diagnostic(.error, message, at: range, notes: notes)
        diagnostic.code = code
        return diagnostic
    }
}

/// What a built-in command throws; the interpreter adds the location.
public struct CommandError: Error, Sendable {
    public var message: String
    public var code: String?
    /// The zero-based argument the error is about, to put the caret under it.
    public var argument: Int?

    public init(_ message: String, code: String? = nil, argument: Int? = nil) {
        self.message = message
        self.code = code
        self.argument = argument
    }
}
