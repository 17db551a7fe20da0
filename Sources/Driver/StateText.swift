import NetModel

/// A state for people: one block per namespace, links with their addresses, then routes.
enum StateText {
    static func render(_ state: NetworkState) -> String {
        state.namespaces.map(namespace).joined(separator: "\n")
    }

    static func namespace(_ ns: NetworkState.Namespace) -> String {
        var lines = ["namespace \(ns.name ?? "(initial)")"]
        for link in ns.links {
            var text =
                "  \(link.ifindex): \(link.name) \(link.kind.rawValue) \(link.operstate) mtu \(link.mtu) \(link.address)"
            if let master = link.master { text += " master \(master)" }
            if let peer = link.peer { text += " peer \(peer.name)\(peer.namespace.map { "@\($0)" } ?? "")" }
            lines.append(text)
            lines += link.addresses.map {
                "      \($0.prefix.address.family == 4 ? "inet" : "inet6") \($0.prefix) \($0.scope)"
            }
        }
        lines += ns.routes.map { "  route \(StateDiff.describe($0)) proto \($0.proto)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
