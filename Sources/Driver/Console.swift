import Foundation

/// Where dnsh writes: standard output and standard error, or buffers in tests.
public struct Console {
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Whether diagnostics on standard error may use colour.
    public var colored: Bool

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, colored: Bool) {
        self.out = out
        self.err = err
        self.colored = colored
    }

    /// The process's own streams; colour when standard error is a terminal and NO_COLOR is unset.
    public static func standard() -> Console {
        let environment = ProcessInfo.processInfo.environment
        let colored = isatty(2) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return Console(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            colored: colored)
    }
}
