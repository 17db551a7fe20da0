/// How a script names a network namespace.
public enum NamespaceRef: Hashable, Sendable, CustomStringConvertible {
    /// The namespace dnsh was started in.
    case initial
    /// A named namespace, as `ip netns` keeps them under /run/netns.
    case named(String)
    /// The namespace of a process, such as a container's init (`/proc/PID/ns/net`).
    case pid(Int)
    /// A namespace file anywhere (`/proc/PID/ns/net`, a bind mount).
    case path(String)

    /// The namespace's name in the state format: nil for the initial one, `pid:N` for a
    /// process's, the name for /run/netns/NAME, else the path.
    public var stateName: String? {
        switch self {
        case .initial: return nil
        case .named(let name): return name
        case .pid(let pid): return "pid:\(pid)"
        case .path(let path): return path.hasPrefix("/run/netns/") ? String(path.dropFirst(11)) : path
        }
    }

    public var description: String {
        switch self {
        case .initial: return "the initial namespace"
        case .named(let name): return name
        case .pid(let pid): return "pid:\(pid)"
        case .path(let path): return path
        }
    }
}

extension NamespaceRef {
    /// The namespace a state-format name stands for (the inverse of `stateName`).
    public init(stateName: String?) {
        guard let name = stateName else {
            self = .initial
            return
        }
        if name.hasPrefix("pid:"), let pid = Int(name.dropFirst(4)) {
            self = .pid(pid)
        } else if name.hasPrefix("/") {
            self = .path(name)
        } else {
            self = .named(name)
        }
    }
}
