import Interpreter
import NetModel

/// A link's attributes as a map, for scripts and assertions: `(link show eth0).up`.
enum LinkInfo {
    static func value(_ link: LinkState) -> Value {
        var map = OrderedMap()
        map[.string("ifname")] = .string(link.name)
        map[.string("ifindex")] = .int(link.ifindex)
        map[.string("kind")] = .string(link.kind.rawValue)
        map[.string("up")] = .bool(link.isUp)
        map[.string("operstate")] = .string(link.operstate)
        map[.string("carrier")] = .bool(link.flags.contains("LOWER_UP"))
        map[.string("mtu")] = .int(link.mtu)
        map[.string("address")] = .mac(link.address)
        map[.string("master")] = link.master.map(Value.string) ?? Value.none
        map[.string("peer")] = link.peer.map { .string($0.name) } ?? Value.none
        map[.string("addresses")] = .list(link.addresses.map { .prefix($0.prefix) })
        map[.string("flags")] = .list(link.flags.map(Value.string))
        return .map(map)
    }

    static func value(_ route: RouteState) -> Value {
        var map = OrderedMap()
        map[.string("dst")] = route.destination.map(Value.prefix) ?? .string("default")
        map[.string("gateway")] = route.gateway.map(Value.address) ?? Value.none
        map[.string("dev")] = .string(route.device)
        map[.string("metric")] = .int(route.metric)
        map[.string("protocol")] = .string(route.proto)
        map[.string("scope")] = .string(route.scope)
        return .map(map)
    }
}
