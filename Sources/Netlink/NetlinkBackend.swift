import Glibc
import NetModel
import NetTypes

/// The real kernel through rtnetlink: one socket per namespace, created inside it; namespaces
/// as files under /run/netns and /proc. A command's request goes alone and is acknowledged, so
/// an error belongs to the command that caused it; a plan's go out in batches (NetlinkBatch),
/// each acknowledgement matched to its request. Both are encoded in one place.
public final class NetlinkBackend: NetworkBackend {
    private var sockets: [NamespaceRef: NetlinkSocket] = [:]
    private var files: [NamespaceRef: Int32] = [:]
    /// Namespaces reached by PID or path during this run, shown in snapshots.
    private(set) var visitedNamespaces: [NamespaceRef] = []

    public init() {}

    deinit {
        for fd in files.values { close(fd) }
    }

    /// An open file of the namespace, kept for IFLA_NET_NS_FD and for entering it.
    func file(_ ref: NamespaceRef) throws(KernelError) -> Int32 {
        if let fd = files[ref] { return fd }
        let fd = try NamespaceFiles.open(ref)
        files[ref] = fd
        if isNewNamespace(ref, fd) { visitedNamespaces.append(ref) }
        return fd
    }

    /// Whether a namespace reached by PID or path is none of the initial and named ones (a
    /// snapshot lists each namespace once).
    func isNewNamespace(_ ref: NamespaceRef, _ fd: Int32) -> Bool {
        switch ref {
        case .pid, .path: break
        default: return false
        }
        guard !visitedNamespaces.contains(ref), let id = NamespaceFiles.identity(fd) else { return false }
        let others = ([NamespaceRef.initial] + namespaceNames().map(NamespaceRef.named) + visitedNamespaces)
        return !others.contains { other in
            guard let otherFD = try? NamespaceFiles.open(other) else { return false }
            defer { close(otherFD) }
            return NamespaceFiles.identity(otherFD).map { $0 == id } ?? false
        }
    }

    /// The socket of a namespace, created inside it.
    func socket(_ ref: NamespaceRef) throws(KernelError) -> NetlinkSocket {
        if let socket = sockets[ref] { return socket }
        let socket: NetlinkSocket
        if ref == .initial {
            socket = try NetlinkSocket()
        } else {
            let fd = try file(ref)
            let made = NamespaceFiles.within(fd) { () -> Result<NetlinkSocket, KernelError> in
                do throws(KernelError) { return .success(try NetlinkSocket()) } catch { return .failure(error) }
            }
            socket = try made.get().get()
        }
        sockets[ref] = socket
        return socket
    }

    func forget(_ ref: NamespaceRef) {
        sockets[ref] = nil
        if let fd = files.removeValue(forKey: ref) { close(fd) }
    }

    /// A device's ifindex by name, as `ip` looks it up (RTM_GETLINK with IFLA_IFNAME).
    func index(of name: String, in ns: NamespaceRef) throws(KernelError) -> Int32 {
        let socket = try socket(ns)
        do throws(KernelError) {
            let reply = try socket.get(RTM.getLink) { w in
                w.ifinfomsg()
                w.attribute(IFLA.ifname, string: name)
            }
            var reader = NetlinkReader(reply)
            // diagnostic: internal (the kernel or the C library failing, not a script)
            guard let header = LinkHeader(&reader) else { throw KernelError(.EIO, "short link message") }
            return header.index
        } catch  where error.errno == .ENODEV || error.errno == .ERANGE || error.errno == .EINVAL {
            throw KernelError(.ENODEV, "Cannot find device \"\(name)\"")
        }
    }

    // MARK: - Namespaces

    public func addNamespace(_ name: String) throws(KernelError) {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            throw KernelError(.EINVAL, "Invalid netns name \"\(name)\"")
        }
        guard let made = NamespaceFiles.create([name]).first else { return }
        adopt(try made.get(), for: .named(name))
    }

    /// Keeps a socket made inside a namespace for the requests to it.
    func adopt(_ socket: NetlinkSocket, for ref: NamespaceRef) {
        sockets[ref] = socket
    }

    /// Makes the sockets of several namespaces at once, on one thread.
    /// Returns the namespaces that have one now.
    @discardableResult
    func prepareSockets(_ refs: [NamespaceRef]) -> [NamespaceRef] {
        if refs.contains(.initial) { _ = try? socket(.initial) }
        let missing = refs.filter { $0 != .initial && sockets[$0] == nil }
        let opened = missing.compactMap { ref in (try? file(ref)).map { (ref, $0) } }
        for ((ref, _), made) in zip(opened, NamespaceFiles.sockets(inside: opened.map(\.1))) {
            if case .success(let socket) = made { sockets[ref] = socket }
        }
        return refs.filter { sockets[$0] != nil }
    }

    /// Like `ip netns del`, then waits (up to three seconds) for the kernel's asynchronous
    /// cleanup to remove the far ends of the namespace's veths, so the next command sees them gone.
    public func deleteNamespace(_ name: String) throws(KernelError) {
        let others = knownNamespaces().filter { $0 != .named(name) }
        let orphans = others.flatMap { ns in
            ((try? resolvedLinks(in: ns, among: knownNamespaces())) ?? [])
                .filter { $0.peer?.namespace == name }.map { (ns, $0.name) }
        }
        forget(.named(name))
        try NamespaceFiles.delete(name)
        for _ in 0..<60 {
            let remaining = orphans.filter { (ns, link) in (try? index(of: link, in: ns)) != nil }
            if remaining.isEmpty { return }
            usleep(50_000)
        }
    }

    public func namespaceNames() -> [String] { NamespaceFiles.names() }

    public func checkNamespace(_ ref: NamespaceRef) throws(KernelError) {
        _ = try file(ref)
    }
}

extension NetlinkSocket {
    /// A request answered by one message (not a dump), such as RTM_GETLINK by name.
    func get(_ type: UInt16, _ body: (inout NetlinkWriter) -> Void) throws(KernelError) -> ArraySlice<UInt8> {
        let seq = nextSequence()
        var writer = NetlinkWriter(type: type, flags: NL.request, sequence: seq)
        body(&writer)
        try send(writer.finish())
        while true {
            for (header, payload) in NetlinkReader.messages(try receive()) where header.sequence == seq {
                if header.type == NL.error {
                    try NetlinkSocket.check(header, payload)
                    continue
                }
                return Array(payload)[...]
            }
        }
    }
}
