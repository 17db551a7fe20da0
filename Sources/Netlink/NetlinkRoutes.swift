import NetModel
import NetTypes

/// `route add|replace|del` as RTM_NEWROUTE and RTM_DELROUTE in the main table.
extension NetlinkBackend {
    public func addRoute(_ spec: RouteSpec, replace: Bool, in ns: NamespaceRef) throws(KernelError) {
        try request(.addRoute(spec, deviceIndex: nil, replace: replace, ns))
    }

    public func deleteRoute(_ spec: RouteSpec, in ns: NamespaceRef) throws(KernelError) {
        try request(.deleteRoute(spec, deviceIndex: nil, ns))
    }

    /// The body of RTM_NEWROUTE (protocol boot, as `ip route add`) or RTM_DELROUTE (scope
    /// "nowhere" and no protocol or type: match any, as `ip route del` does).
    static func route(_ w: inout NetlinkWriter, _ spec: RouteSpec, device: Int32?, adding: Bool) {
        let family = spec.family == 4 ? AF.inet : AF.inet6
        let length = UInt8(spec.destination?.length ?? 0)
        if adding {
            let scope = spec.family == 4 && spec.gateway == nil ? RT.scopeLink : RT.scopeUniverse
            w.rtmsg(family: family, destinationLength: length, proto: RT.protoBoot, scope: scope, type: RT.typeUnicast)
        } else {
            w.rtmsg(family: family, destinationLength: length, proto: 0, scope: 255, type: 0)
        }
        if let destination = spec.destination { w.attribute(RTA.dst, address: destination.address) }
        if let gateway = spec.gateway { w.attribute(RTA.gateway, address: gateway) }
        if let device { w.attribute(RTA.oif, u32: UInt32(bitPattern: device)) }
        if let metric = spec.metric { w.attribute(RTA.priority, u32: UInt32(truncatingIfNeeded: metric)) }
    }
}
