/// The documented exit codes of `dnsh` (docs/language.md, "Exit codes").
public enum ExitCode: Int32, Sendable {
    case success = 0
    /// A bug in dnsh itself; never expected.
    case internalError = 1
    /// The command line was wrong: an unknown option, a missing file, an unknown parameter.
    case usage = 2
    /// The script was refused before anything ran: a syntax error, a bad literal, an undefined
    /// name, a failed import.
    case scriptError = 3
    /// The script started and then failed: a runtime or kernel error.
    case runtimeError = 4
    /// An assertion or test failed (`assert`, `expect error`).
    case testFailure = 5
    /// `dnsh plan`: the host differs from the script's end state (changes are pending).
    case changesPending = 6
}
