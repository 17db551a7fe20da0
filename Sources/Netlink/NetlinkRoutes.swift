import NetModel
import NetTypes

/// `route add|replace|del` as RTM_NEWROUTE and RTM_DELROUTE in the main table.
extension NetlinkBackend {
    public func addRoute(_ spec: RouteSpec, replace: Bool, in ns: NamespaceRef) throws(KernelError) {
        let device = try spec.device.map { name throws(KernelError) in try index(of: name, in: ns) }
        let scope = spec.family == 4 && spec.gateway == nil ? RT.scopeLink : RT.scopeUniverse
        let flags = NL.create | (replace ? NL.replace : NL.exclusive)
        try socket(ns).transact(RTM.newRoute, flags: flags) { w in
            w.rtmsg(
                family: spec.family == 4 ? AF.inet : AF.inet6, destinationLength: UInt8(spec.destination?.length ?? 0),
                proto: RT.protoBoot, scope: scope, type: RT.typeUnicast)
            NetlinkBackend.routeAttributes(&w, spec, device)
        }
    }

    public func deleteRoute(_ spec: RouteSpec, in ns: NamespaceRef) throws(KernelError) {
        let device = try spec.device.map { name throws(KernelError) in try index(of: name, in: ns) }
        try socket(ns).transact(RTM.delRoute, flags: 0) { w in
            // Scope "nowhere" and no protocol or type: match any, as `ip route del` does.
            w.rtmsg(
                family: spec.family == 4 ? AF.inet : AF.inet6, destinationLength: UInt8(spec.destination?.length ?? 0),
                proto: 0, scope: 255, type: 0)
            NetlinkBackend.routeAttributes(&w, spec, device)
        }
    }

    static func routeAttributes(_ w: inout NetlinkWriter, _ spec: RouteSpec, _ device: Int32?) {
        if let destination = spec.destination { w.attribute(RTA.dst, address: destination.address) }
        if let gateway = spec.gateway { w.attribute(RTA.gateway, address: gateway) }
        if let device { w.attribute(RTA.oif, u32: UInt32(bitPattern: device)) }
        if let metric = spec.metric { w.attribute(RTA.priority, u32: UInt32(truncatingIfNeeded: metric)) }
    }
}
