import Foundation
import NetModel
import NetTypes

/// Reads the state format (docs/language.md) back into the model: `dnsh state --json` of a
/// real host, or the JSON of a dry run, for `--from FILE`.
enum StateParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(file path: String) throws -> NetworkState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read '\(path)'")
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let namespaces = root["namespaces"] as? [[String: Any]]
        else { throw Failure(description: "'\(path)' is not a dnsh state (no \"namespaces\" array)") }
        return NetworkState(namespaces: try namespaces.map { try namespace($0, path) })
    }

    static func namespace(_ object: [String: Any], _ path: String) throws -> NetworkState.Namespace {
        let name = object["name"] as? String
        let links = try (object["links"] as? [[String: Any]] ?? []).map { try link($0, path) }
        let routes = try (object["routes"] as? [[String: Any]] ?? []).map { try route($0, path) }
        let sysctls = (object["sysctl"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
        return NetworkState.Namespace(name: name, links: links, routes: routes, sysctls: sysctls)
    }

    static func link(_ o: [String: Any], _ path: String) throws -> LinkState {
        guard let name = o["ifname"] as? String, let index = o["ifindex"] as? Int else {
            throw Failure(description: "'\(path)': a link without ifname or ifindex")
        }
        let peer = (o["peer"] as? [String: Any]).flatMap { p in
            (p["ifname"] as? String).map { ($0, p["netns"] as? String) }
        }
        let addresses = (o["addr_info"] as? [[String: Any]] ?? []).compactMap { a -> InterfaceAddress? in
            guard let local = (a["local"] as? String).flatMap(IPAddress.init), let length = a["prefixlen"] as? Int,
                let prefix = IPPrefix(address: local, length: length)
            else { return nil }
            return InterfaceAddress(prefix: prefix, scope: a["scope"] as? String)
        }
        return LinkState(
            ifindex: index, name: name, kind: LinkKind(rawValue: o["kind"] as? String ?? "") ?? .device,
            flags: o["flags"] as? [String] ?? [], mtu: o["mtu"] as? Int ?? 1500,
            operstate: o["operstate"] as? String ?? "UNKNOWN",
            address: (o["address"] as? String).flatMap(MACAddress.init) ?? MACAddress(truncating: 0),
            master: o["master"] as? String, peer: peer, parent: o["link"] as? String,
            macvlanMode: o["macvlan_mode"] as? String, vxlan: vxlan(o["vxlan"] as? [String: Any]), addresses: addresses,
            addressAssignment: o["addr_assign"] as? String)
    }

    static func vxlan(_ o: [String: Any]?) -> VxlanConfig? {
        guard let o, let id = o["id"] as? Int else { return nil }
        let address = { (key: String) in (o[key] as? String).flatMap(IPAddress.init) }
        return VxlanConfig(
            id: id, port: o["port"] as? Int ?? 8472, local: address("local"), remote: address("remote"),
            group: address("group"), device: o["dev"] as? String)
    }

    static func route(_ o: [String: Any], _ path: String) throws -> RouteState {
        guard let dst = o["dst"] as? String, let device = o["dev"] as? String else {
            throw Failure(description: "'\(path)': a route without dst or dev")
        }
        let destination = dst == "default" ? nil : IPPrefix(dst) ?? (IPAddress(dst).map(IPPrefix.host))
        if dst != "default" && destination == nil {
            throw Failure(description: "'\(path)': bad route destination '\(dst)'")
        }
        let gateway = (o["gateway"] as? String).flatMap(IPAddress.init)
        let family =
            o["family"] as? String == "inet6" || destination?.address.family == 6 || gateway?.family == 6 ? 6 : 4
        return RouteState(
            destination: destination, family: family, gateway: gateway, device: device,
            metric: o["metric"] as? Int ?? (family == 4 ? 0 : 1024), proto: o["protocol"] as? String ?? "boot",
            scope: o["scope"] as? String ?? "universe",
            preferredSource: (o["prefsrc"] as? String).flatMap(IPAddress.init))
    }
}
