import Foundation
import Glibc
import Interpreter

/// The small files dnsh keeps between runs under /run/dnsh (the plan memory, the record of what
/// applies made): lines of text, each ended by a newline, readable by root only.
enum LineFile {
    /// The lines of the file (empty ones included), or nil when there is none.
    static func read(_ path: String) -> [String]? {
        guard let bytes = try? Loader.read(path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.isEmpty
            ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// Replaces the file with `lines`, making its directory (and that one's parent) if needed.
    static func write(_ lines: [String], to path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        mkdir((directory as NSString).deletingLastPathComponent, 0o700)
        mkdir(directory, 0o700)
        let text = lines.map { $0 + "\n" }.joined()
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
    }
}
