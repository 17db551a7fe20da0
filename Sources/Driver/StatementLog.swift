import Interpreter
import Lexer

/// The statements behind a plan's requests: the simulated kernel stamps what a statement makes
/// with a number, and this log turns the number back into a place in the script and the calls
/// that led there.
final class StatementLog {
    struct Entry {
        var range: SourceRange
        var notes: [Diagnostic]
    }

    private(set) var entries: [Entry] = []

    /// The number of the statement the interpreter is running (nil outside any).
    func tag(_ interpreter: Interpreter) -> Int? {
        guard let range = interpreter.currentCall else { return nil }
        if let last = entries.last, last.range == range { return entries.count - 1 }
        let notes = interpreter.callSites.reversed().map {
            Diagnostic(.note, "in '\($0.name)' called from here", at: $0.range)
        }
        entries.append(Entry(range: range, notes: notes))
        return entries.count - 1
    }

    func entry(_ tag: Int?) -> Entry? {
        guard let tag, entries.indices.contains(tag) else { return nil }
        return entries[tag]
    }
}
