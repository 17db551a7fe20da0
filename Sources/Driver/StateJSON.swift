import NetModel

/// The state format of design.md, mirroring `ip -j`: `{"namespaces": [{"name", "links", "routes",
/// "sysctl"}]}` (`sysctl`: the forwarding switches, `{"net.ipv4.ip_forward": "0"}`).
enum StateJSON {
    static func document(_ state: NetworkState) -> JSON {
        .object([("namespaces", .array(state.namespaces.map(namespace)))])
    }

    static func namespace(_ ns: NetworkState.Namespace) -> JSON {
        .object([
            ("name", ns.name.map(JSON.string) ?? .null),
            ("links", .array(ns.links.map(link))),
            ("routes", .array(ns.routes.map(route))),
            ("sysctl", .object(ns.sysctls.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }

    static func link(_ link: LinkState) -> JSON {
        var pairs: [(String, JSON)] = [
            ("ifindex", .int(link.ifindex)), ("ifname", .string(link.name)), ("kind", .string(link.kind.rawValue)),
            ("flags", .array(link.flags.map(JSON.string))), ("mtu", .int(link.mtu)),
            ("operstate", .string(link.operstate)), ("address", .string(link.address.description)),
        ]
        if let assignment = link.addressAssignment { pairs.append(("addr_assign", .string(assignment))) }
        if let master = link.master { pairs.append(("master", .string(master))) }
        if let peer = link.peer {
            pairs.append(
                (
                    "peer",
                    .object([("ifname", .string(peer.name)), ("netns", peer.namespace.map(JSON.string) ?? .null)])
                ))
        }
        if let parent = link.parent { pairs.append(("link", .string(parent))) }
        if let mode = link.macvlanMode { pairs.append(("macvlan_mode", .string(mode))) }
        if let vxlan = link.vxlan { pairs.append(("vxlan", vxlanInfo(vxlan))) }
        pairs.append(("addr_info", .array(link.addresses.map(address))))
        return .object(pairs)
    }

    static func vxlanInfo(_ v: VxlanConfig) -> JSON {
        var pairs: [(String, JSON)] = [("id", .int(v.id)), ("port", .int(v.port))]
        if let local = v.local { pairs.append(("local", .string(local.description))) }
        if let remote = v.remote { pairs.append(("remote", .string(remote.description))) }
        if let group = v.group { pairs.append(("group", .string(group.description))) }
        if let device = v.device { pairs.append(("dev", .string(device))) }
        return .object(pairs)
    }

    static func address(_ a: InterfaceAddress) -> JSON {
        .object([
            ("family", .string(a.prefix.address.family == 4 ? "inet" : "inet6")),
            ("local", .string(a.prefix.address.description)), ("prefixlen", .int(a.prefix.length)),
            ("scope", .string(a.scope)),
        ])
    }

    static func route(_ r: RouteState) -> JSON {
        var pairs: [(String, JSON)] = [
            ("family", .string(r.family == 4 ? "inet" : "inet6")), ("dst", .string(r.destinationText)),
        ]
        if let gateway = r.gateway { pairs.append(("gateway", .string(gateway.description))) }
        pairs += [
            ("dev", .string(r.device)), ("protocol", .string(r.proto)), ("scope", .string(r.scope)),
            ("metric", .int(r.metric)),
        ]
        if let source = r.preferredSource { pairs.append(("prefsrc", .string(source.description))) }
        return .object(pairs)
    }
}
