import Foundation
import Glibc

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
        return Console(out: { write($0, to: 1) }, err: { write($0, to: 2) }, colored: colored)
    }

    /// Writes all of `text`, retrying on EINTR; a closed stream (EPIPE, EIO) is not an error
    /// worth a crash: the text is dropped.
    static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
