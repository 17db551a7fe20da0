import Foundation
import Glibc
import Interpreter
import Lexer
import NetModel
import NetTypes

/// What dnsh remembers between applies: that a script (its files, parameters, this build of
/// dnsh) run on a live state (everything a plan reads from it) changes nothing, and what it
/// printed. An apply or plan that finds the same script and the same state again says "0
/// changes" and replays the output without running the script: the interpreter is deterministic,
/// so the answer would be the same. Entries are files under /run/dnsh/unchanged (a tmpfs,
/// emptied at boot with the network state itself); `DNSH_NO_CACHE=1` turns it off. Scripts
/// that reach containers' namespaces are never remembered (a container may be another one by
/// the next run).
struct PlanCache {
    static let defaultDirectory = "/run/dnsh/unchanged"

    let key: String
    let directory: String

    /// nil when caching is off.
    init?(
        files: [SourceFile], parameters: [(name: String, value: String)], state: NetworkState,
        directory: String = PlanCache.defaultDirectory
    ) {
        guard getenv("DNSH_NO_CACHE") == nil, let identity = PlanCache.identity() else { return nil }
        self.directory = directory
        var hash = Fingerprint()
        hash.add(identity)
        for file in files {
            hash.add(file.path)
            hash.add(file.bytes)
        }
        for (name, value) in parameters { hash.add("param \(name)=\(value)") }
        PlanCache.describe(state, into: &hash)
        key = hash.hex
    }

    /// The build of dnsh that runs: its file's device, inode, size and modification time.
    static func identity() -> String? {
        var info = stat()
        guard stat("/proc/self/exe", &info) == 0 else { return nil }
        return "\(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// Everything of a state that a plan reads (operstates and carrier are left out: they follow
    /// the kernel's link watcher with a delay, and no plan depends on them).
    static func describe(_ state: NetworkState, into hash: inout Fingerprint) {
        for ns in state.namespaces {
            hash.add(ns.name ?? "")
            for (key, value) in ns.sysctls.sorted(by: { $0.key < $1.key }) { hash.add(key, value) }
            for l in ns.links {
                hash.add(l.ifindex, l.mtu, l.isUp ? 1 : 0, Int(truncatingIfNeeded: l.address.value))
                hash.add(l.name, l.kind.rawValue, l.master ?? "", l.peer?.name ?? "", l.peer?.namespace ?? "")
                hash.add(l.parent ?? "", l.macvlanMode ?? "", l.vxlan.map { "\($0)" } ?? "")
                for a in l.addresses { hash.add(a.prefix) }
            }
            for r in ns.routes {
                if let destination = r.destination { hash.add(destination) }
                if let gateway = r.gateway { hash.add(IPPrefix.host(gateway)) }
                hash.add(r.family, r.metric)
                hash.add(r.device, r.proto, r.scope, r.preferredSource.map { "\($0)" } ?? "")
            }
        }
    }

    var path: String { "\(directory)/\(key)" }

    /// The output of the run that changed nothing, if this script and state were seen.
    func lookup() -> [String]? { LineFile.read(path) }

    /// Remembers that the script changes nothing on this state, and what it printed.
    func remember(output: [String]) { LineFile.write(output, to: path) }
}

/// Two 64-bit FNV-1a hashes with different starting points: a 128-bit fingerprint (for
/// recognising the same input again, not against an adversary: the cache is root's own).
struct Fingerprint {
    var a: UInt64 = 0xcbf2_9ce4_8422_2325
    var b: UInt64 = 0x6c62_272e_07bb_0142

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes { mix(byte) }
        mix(0xff)
    }

    mutating func add(_ texts: String...) {
        for text in texts {
            for byte in text.utf8 { mix(byte) }
            mix(0xff)
        }
    }

    mutating func add(_ numbers: Int...) {
        for number in numbers {
            var n = UInt64(bitPattern: Int64(number))
            for _ in 0..<8 {
                mix(UInt8(truncatingIfNeeded: n))
                n >>= 8
            }
        }
    }

    mutating func add(_ prefix: IPPrefix) {
        let value = prefix.address.wideValue
        add(Int(truncatingIfNeeded: value), Int(truncatingIfNeeded: value >> 64), prefix.length)
    }

    mutating func mix(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    var hex: String {
        let digits = (String(a, radix: 16), String(b, radix: 16))
        return String(repeating: "0", count: 16 - digits.0.count) + digits.0
            + String(repeating: "0", count: 16 - digits.1.count) + digits.1
    }
}
