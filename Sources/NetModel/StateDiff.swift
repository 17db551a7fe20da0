/// The difference between two states as `+`/`-`/`~` lines, one per namespace, link, address and
/// route that changed (connected routes follow their addresses and are left out).
public enum StateDiff {
    public static func lines(from old: NetworkState, to new: NetworkState) -> [String] {
        let before = Dictionary(old.namespaces.map { ($0.name ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.namespaces.map { ($0.name ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        for ns in new.namespaces where before[ns.name ?? ""] == nil { lines.append("+ netns \(ns.name ?? "")") }
        for ns in new.namespaces {
            let empty = NetworkState.Namespace(name: ns.name, links: [], routes: [])
            lines += namespaceLines(before[ns.name ?? ""] ?? empty, ns)
        }
        for ns in old.namespaces where after[ns.name ?? ""] == nil { lines.append("- netns \(ns.name ?? "")") }
        return lines
    }

    static func namespaceLines(_ old: NetworkState.Namespace, _ new: NetworkState.Namespace) -> [String] {
        let suffix = new.name.map { " in \($0)" } ?? ""
        let oldLinks = Dictionary(old.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let newLinks = Dictionary(new.links.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        for link in new.links {
            guard let before = oldLinks[link.name] else {
                if link.kind == .loopback && old.links.isEmpty { continue }
                lines.append("+ link \(link.name)\(suffix) (\(link.kind.rawValue))\(describe(link, in: new.name))")
                lines += link.addresses.map { "+ addr \($0.prefix) dev \(link.name)\(suffix)" }
                continue
            }
            let changed = changes(before, link)
            if !changed.isEmpty { lines.append("~ link \(link.name)\(suffix): \(changed.joined(separator: ", "))") }
            lines += link.addresses.filter { !before.addresses.contains($0) }.map {
                "+ addr \($0.prefix) dev \(link.name)\(suffix)"
            }
            lines += before.addresses.filter { !link.addresses.contains($0) }.map {
                "- addr \($0.prefix) dev \(link.name)\(suffix)"
            }
        }
        for link in old.links where newLinks[link.name] == nil {
            lines.append("- link \(link.name)\(suffix)")
        }
        let oldRoutes = Set(old.routes.filter { $0.proto != "kernel" }.map(describe))
        let newRoutes = new.routes.filter { $0.proto != "kernel" }.map(describe)
        lines += newRoutes.filter { !oldRoutes.contains($0) }.map { "+ route \($0)\(suffix)" }
        lines += oldRoutes.subtracting(newRoutes).sorted().map { "- route \($0)\(suffix)" }
        for (key, value) in new.sysctls.sorted(by: { $0.key < $1.key }) where (old.sysctls[key] ?? "0") != value {
            if old.links.isEmpty && value == "0" { continue }
            lines.append("~ sysctl \(key) = \(value)\(suffix)")
        }
        return lines
    }

    static func describe(_ link: LinkState, in namespace: String?) -> String {
        var parts: [String] = []
        if link.isUp { parts.append("up") }
        if let master = link.master { parts.append("master \(master)") }
        if let peer = link.peer {
            let place = peer.namespace == namespace ? "" : " in \(peer.namespace ?? "the initial namespace")"
            parts.append("peer \(peer.name)\(place)")
        }
        return parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")
    }

    static func changes(_ a: LinkState, _ b: LinkState) -> [String] {
        var parts: [String] = []
        if a.isUp != b.isUp { parts.append(b.isUp ? "up" : "down") }
        if a.master != b.master { parts.append(b.master.map { "master \($0)" } ?? "nomaster") }
        if a.mtu != b.mtu { parts.append("mtu \(b.mtu)") }
        if a.address != b.address { parts.append("address \(b.address)") }
        return parts
    }

    /// `DST [via GW] dev DEV [metric N]`, as `ip route` shows a route.
    public static func describe(_ route: RouteState) -> String {
        var text = route.destinationText
        if let gateway = route.gateway { text += " via \(gateway)" }
        text += " dev \(route.device)"
        if route.metric != (route.family == 4 ? 0 : 1024) { text += " metric \(route.metric)" }
        return text
    }
}
