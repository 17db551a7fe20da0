import Lexer
import NetModel
import NetTypes

/// The checks of `dnsh check` that need to know what the script builds: it runs on a simulated
/// kernel that records which statement added each address, and the result is examined layer-2
/// domain by layer-2 domain (a bridge, its ports, and the far ends of the veths plugged into it,
/// across namespaces).
struct NetworkChecks {
    let state: NetworkState
    let trace: TracingBackend
    private(set) var diagnostics: [Diagnostic] = []

    static func run(_ trace: TracingBackend) -> [Diagnostic] {
        var checks = NetworkChecks(state: trace.snapshot(), trace: trace)
        checks.unreachableGateways()
        let domains = checks.domains()
        checks.duplicateAddresses(domains)
        checks.addressesOutsideBridges(domains)
        return checks.diagnostics
    }

    struct Port: Hashable {
        var namespace: String?
        var device: String
        var place: String { namespace.map { "\(device) in \($0)" } ?? device }
    }

    /// Layer-2 domains: ports joined to their bridge and to their veth peer.
    func domains() -> [[Port]] {
        var parent: [Port: Port] = [:]
        func find(_ p: Port) -> Port {
            var p = p
            while let q = parent[p], q != p { p = q }
            return p
        }
        func union(_ a: Port, _ b: Port) {
            let (ra, rb) = (find(a), find(b))
            if ra != rb { parent[ra] = rb }
        }
        for ns in state.namespaces {
            for link in ns.links where link.kind != .loopback {
                let me = Port(namespace: ns.name, device: link.name)
                if parent[me] == nil { parent[me] = me }
                if let master = link.master { union(me, Port(namespace: ns.name, device: master)) }
                if let peer = link.peer { union(me, Port(namespace: peer.namespace, device: peer.name)) }
            }
        }
        return Dictionary(grouping: parent.keys, by: find).values.map { Array($0) }
    }

    func addresses(of port: Port) -> [InterfaceAddress] {
        let ns = state.namespaces.first { $0.name == port.namespace }
        return ns?.links.first { $0.name == port.device }?.addresses.filter { $0.scope == "global" } ?? []
    }

    /// Where the script added this address, if it did, with the calls that led there.
    func origin(of prefix: IPPrefix, on port: Port) -> (range: SourceRange, notes: [Diagnostic])? {
        let record = trace.addresses.last { record in
            record.prefix == prefix && record.device == port.device
                && record.namespace.stateName == port.namespace
        }
        guard let record, let range = record.range else { return nil }
        return (range, record.notes)
    }

    mutating func duplicateAddresses(_ domains: [[Port]]) {
        for domain in domains {
            var seen: [IPAddress: Port] = [:]
            for port in domain.sorted(by: { ($0.namespace ?? "", $0.device) < ($1.namespace ?? "", $1.device) }) {
                for address in addresses(of: port) {
                    guard let first = seen[address.prefix.address] else {
                        seen[address.prefix.address] = port
                        continue
                    }
                    guard let at = origin(of: address.prefix, on: port) ?? origin(of: address.prefix, on: first) else {
                        continue
                    }
                    diagnostics.append(
                        Diagnostic(
                            .warning,
                            "\(address.prefix.address) is on both \(first.place) and \(port.place), which share a layer-2 domain",
                            at: at.range, notes: at.notes))
                }
            }
        }
    }

    mutating func addressesOutsideBridges(_ domains: [[Port]]) {
        for domain in domains {
            let bridges = domain.filter { port in
                state.namespaces.first { $0.name == port.namespace }?.links.first { $0.name == port.device }?.kind
                    == .bridge
            }
            for bridge in bridges {
                let subnets = addresses(of: bridge).map(\.prefix).filter { $0.address.family == 4 }
                guard !subnets.isEmpty else { continue }
                for port in domain where port != bridge {
                    for address in addresses(of: port) where address.prefix.address.family == 4 {
                        guard !subnets.contains(where: { $0.contains(address.prefix.address) }),
                            let at = origin(of: address.prefix, on: port)
                        else { continue }
                        let shown = subnets.map(\.network.description).joined(separator: ", ")
                        diagnostics.append(
                            Diagnostic(
                                .warning,
                                "\(address.prefix) on \(port.place) is outside the subnet of bridge \(bridge.device) (\(shown))",
                                at: at.range, notes: at.notes))
                    }
                }
            }
        }
    }

    /// A route whose gateway no prefix of the namespace reaches: the kernel would refuse it.
    mutating func unreachableGateways() {
        for (error, range) in trace.routeFailures
        where error.errno == .ENETUNREACH || error.errno == .EHOSTUNREACH {
            guard let range else { continue }
            diagnostics.append(
                .error(
                    "the gateway is outside every prefix of its interface; the kernel refuses it: \(error)", at: range))
        }
    }
}
