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
    func load() -> Set<String>? { LineFile.read(path).map(Set.init) }

    /// Adds what an apply made.
    func add(_ objects: [CreatedObject]) {
        guard !objects.isEmpty else { return }
        LineFile.write((load() ?? []).union(objects.map(\.key)).sorted(), to: path)
    }

    /// After an undo: nothing of the script is left.
    func remove() { unlink(path) }
}
