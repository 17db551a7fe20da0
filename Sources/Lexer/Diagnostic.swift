/// One message about a script, with where it applies. Rendering is DiagnosticsFormatter's job.
public struct Diagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable {
        case error, warning, note
    }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    /// Follow-up notes, such as the chain of calls that led to a runtime error.
    public var notes: [Diagnostic]
    /// A machine-readable code, such as the errno name of a kernel error (`EEXIST`).
    public var code: String?

    public init(_ severity: Severity, _ message: String, at range: SourceRange, notes: [Diagnostic] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
    }

    public static func error(_ message: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.error, message, at: range)
    }
}
