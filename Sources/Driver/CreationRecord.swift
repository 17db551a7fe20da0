import Foundation
import Glibc
import Interpreter
import NetModel

/// What applies of a script made on this host, so that `apply --undo` removes those and nothing
/// else (not a bridge or a route that was there before the script first ran). One file per
/// script, host part and parameters under /run/dnsh/created (a tmpfs, emptied at boot with the
/// network state it describes), a line per object.
struct CreationRecord {
    static let defaultDirectory = "/run/dnsh/created"

    let path: String

    init(script: String, options: Options, directory: String = CreationRecord.defaultDirectory) {
        var hash = Fingerprint()
        hash.add(URL(fileURLWithPath: script).standardizedFileURL.path)
        for (name, value) in options.parameters { hash.add("param \(name)=\(value)") }
        hash.add("host \(options.host ?? "")")
        path = "\(directory)/\(hash.hex)"
    }

    /// The keys of what was made, or nil when there is no record.
    func load() -> Set<String>? {
        guard let bytes = try? Loader.read(path) else { return nil }
        return Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    /// Adds what an apply made.
    func add(_ objects: [CreatedObject]) {
        guard !objects.isEmpty else { return }
        let all = (load() ?? []).union(objects.map(\.key))
        let directory = (path as NSString).deletingLastPathComponent
        mkdir((directory as NSString).deletingLastPathComponent, 0o700)
        mkdir(directory, 0o700)
        let text = all.sorted().map { $0 + "\n" }.joined()
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    /// After an undo: nothing of the script is left.
    func remove() { unlink(path) }
}
