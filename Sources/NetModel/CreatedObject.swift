import NetTypes

/// Something an apply created on a host (and so something an undo may remove): a namespace, a
/// device, an address, a route. Its `key` is how dnsh records it between runs.
public enum CreatedObject: Hashable, Sendable {
    case namespace(String)
    case link(namespace: String?, name: String)
    case address(namespace: String?, device: String, prefix: IPPrefix)
    case route(namespace: String?, destination: String, gateway: String)

    public var key: String {
        switch self {
        case .namespace(let name): return "netns \(name)"
        case .link(let ns, let name): return "link \(ns ?? "") \(name)"
        case .address(let ns, let device, let prefix): return "addr \(ns ?? "") \(device) \(prefix)"
        case .route(let ns, let destination, let gateway): return "route \(ns ?? "") \(destination) \(gateway)"
        }
    }

    static func route(_ spec: RouteSpec, in ns: String?) -> CreatedObject {
        .route(
            namespace: ns, destination: spec.destination.map(\.description) ?? "default\(spec.family)",
            gateway: spec.gateway.map(\.description) ?? "")
    }

    /// What a plan creates when it is applied.
    public static func created(by plan: Plan) -> [CreatedObject] {
        plan.operations.flatMap { planned -> [CreatedObject] in
            switch planned.operation {
            case .addNamespace(let name): return [.namespace(name)]
            case .addLink(let spec, let ns):
                var made: [CreatedObject] = [.link(namespace: ns.stateName, name: spec.name)]
                if spec.kind == .veth, let peer = spec.peerName {
                    made.append(.link(namespace: (spec.peerNamespace ?? ns).stateName, name: peer))
                }
                return made
            case .addAddress(let prefix, let link, let ns):
                return [.address(namespace: ns.stateName, device: link.name, prefix: prefix)]
            case .addRoute(let spec, _, _, let ns): return [.route(spec, in: ns.stateName)]
            default: return []
            }
        }
    }
}
