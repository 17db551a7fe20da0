/// Kernel requests as `ip` commands (without the leading `ip` and `-n NS`), as `dnsh plan
/// --format ip` prints them for `ip -batch` and errors name the request that failed. Indexes are
/// left out: the commands are meant to run elsewhere too.
public enum OperationText {
    public static func ip(_ operation: KernelOperation) -> String {
        switch operation {
        case .addNamespace(let name): return "netns add \(name)"
        case .deleteNamespace(let name): return "netns del \(name)"
        case .addLink(let spec, _): return linkAdd(spec)
        case .deleteLink(let link, _): return "link del dev \(link.name)"
        case .setLink(let link, let changes, _, _):
            return (["link set dev \(link.name)"] + changes.compactMap(word)).joined(separator: " ")
        case .addAddress(let prefix, let link, _): return "address add \(prefix) dev \(link.name)"
        case .deleteAddress(let prefix, let link, _): return "address del \(prefix) dev \(link.name)"
        case .addRoute(let spec, _, let replace, _): return "route \(replace ? "replace" : "add") \(route(spec))"
        case .deleteRoute(let spec, _, _): return "route del \(route(spec))"
        case .setSysctl(let key, let value, _): return "sysctl -w \(key)=\(value)"
        }
    }

    static func linkAdd(_ spec: LinkSpec) -> String {
        var words = ["link add \(spec.name)"]
        if let mac = spec.address { words.append("address \(mac)") }
        if let mtu = spec.mtu { words.append("mtu \(mtu)") }
        if let parent = spec.parent, spec.kind == .macvlan { words.append("link \(parent)") }
        if let master = spec.master { words.append("master \(master)") }
        words.append("type \(spec.kind.rawValue)")
        switch spec.kind {
        case .veth:
            if let peer = spec.peerName { words.append("peer name \(peer)") }
            if let ns = spec.peerNamespace { words.append("netns \(ipName(ns))") }
            if let mac = spec.peerAddress { words.append("address \(mac)") }
            if let mtu = spec.peerMTU { words.append("mtu \(mtu)") }
        case .macvlan:
            if let mode = spec.macvlanMode { words.append("mode \(mode)") }
        case .vxlan:
            if let config = spec.vxlan { words.append(vxlan(config)) }
        default:
            break
        }
        return words.joined(separator: " ")
    }

    static func vxlan(_ config: VxlanConfig) -> String {
        var words = ["id \(config.id)", "dstport \(config.port)"]
        if let local = config.local { words.append("local \(local)") }
        if let remote = config.remote { words.append("remote \(remote)") }
        if let group = config.group { words.append("group \(group)") }
        if let device = config.device { words.append("dev \(device)") }
        return words.joined(separator: " ")
    }

    static func word(_ change: LinkChange) -> String? {
        switch change {
        case .namespace(let ref): return "netns \(ipName(ref))"
        case .newIndex: return nil
        case .address(let mac): return "address \(mac)"
        case .mtu(let mtu): return "mtu \(mtu)"
        case .name(let name): return "name \(name)"
        case .master(let bridge): return "master \(bridge)"
        case .noMaster: return "nomaster"
        case .up: return "up"
        case .down: return "down"
        }
    }

    /// How `ip link ... netns X` names a namespace: a name under /run/netns, a PID, or 1 for
    /// the initial one (ip's own reading: PID 1's namespace).
    static func ipName(_ ref: NamespaceRef) -> String {
        switch ref {
        case .initial: return "1"
        case .named(let name): return name
        case .pid(let pid): return String(pid)
        case .path(let path): return path
        }
    }

    static func route(_ spec: RouteSpec) -> String {
        // `ip -batch` takes no -6 on a line: the IPv6 default route is ::/0.
        var words = [spec.destination.map(\.description) ?? (spec.family == 6 ? "::/0" : "default")]
        if let gateway = spec.gateway { words.append("via \(gateway)") }
        if let device = spec.device { words.append("dev \(device)") }
        if let metric = spec.metric { words.append("metric \(metric)") }
        return words.joined(separator: " ")
    }
}
