import NetTypes

/// `route add|del|replace`, with the kernel's nexthop checks.
extension SimulatedKernel {
    public func addRoute(_ spec: RouteSpec, replace: Bool, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        var route = try makeRoute(spec, ns)
        route.tag = currentTag
        let same = ns.routes.firstIndex {
            $0.family == route.family && $0.destination == route.destination && $0.metric == route.metric
        }
        if let same {
            guard replace else { throw KernelError(.EEXIST) }
            ns.routes[same] = route
        } else {
            ns.routes.append(route)
        }
    }

    /// Validates a route as `fib_create_info` does: a prefix without host bits, a device that
    /// is up, a gateway reachable through a connected route (on that device, if one is named).
    func makeRoute(_ spec: RouteSpec, _ ns: Namespace) throws(KernelError) -> Route {
        let family = spec.family
        var destination = spec.destination
        if let prefix = destination, prefix.network != prefix {
            // IPv4 refuses host bits; IPv6 quietly clears them.
            guard family == 6 else { throw KernelError(.EINVAL, "Invalid prefix for given prefix length") }
            destination = prefix.network
        }
        if let gateway = spec.gateway, gateway.family != family {
            throw KernelError(.EINVAL, "gateway and destination families differ")
        }
        let named = try spec.device.map { name throws(KernelError) in try device(name, in: ns) }
        let metric = spec.metric ?? (family == 4 ? 0 : 1024)
        let scope = family == 6 ? "universe" : spec.gateway == nil ? "link" : "universe"
        guard let gateway = spec.gateway else {
            guard let named else { throw KernelError(.ENODEV, "a route needs a gateway (via) or a device (dev)") }
            guard named.adminUp else {
                throw KernelError(.ENETDOWN, family == 4 ? "Device for nexthop is not up" : "Nexthop device is not up")
            }
            return Route(
                destination: destination, family: family, gateway: nil, device: named.ifindex, metric: metric,
                proto: "boot", scope: scope)
        }
        guard let via = connectedDevice(for: gateway, restrictedTo: named?.ifindex, ns) else {
            if family == 6 { throw KernelError(.EHOSTUNREACH) }
            throw KernelError(.ENETUNREACH, "Nexthop has invalid gateway")
        }
        return Route(
            destination: destination, family: family, gateway: gateway, device: via, metric: metric, proto: "boot",
            scope: scope)
    }

    /// The device of a route without a gateway (an on-link route) that covers `gateway`, the longest prefix first.
    func connectedDevice(for gateway: IPAddress, restrictedTo ifindex: Int?, _ ns: Namespace) -> Int? {
        ns.routes
            .filter { $0.gateway == nil && (ifindex == nil || $0.device == ifindex) }
            .filter { route in route.destination?.contains(gateway) ?? false }
            .filter { ns.devices[$0.device]?.adminUp ?? false }
            .max { ($0.destination?.length ?? 0) < ($1.destination?.length ?? 0) }?
            .device
    }

    public func deleteRoute(_ spec: RouteSpec, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        let deviceIndex = try spec.device.map { name throws(KernelError) in try device(name, in: ns).ifindex }
        guard
            let index = ns.routes.firstIndex(where: { route in
                route.family == spec.family
                    && route.destination == spec.destination.map { spec.family == 6 ? $0.network : $0 }
                    && (spec.gateway == nil || route.gateway == spec.gateway)
                    && (deviceIndex == nil || route.device == deviceIndex)
                    && (spec.metric == nil || route.metric == spec.metric)
            })
        else { throw KernelError(.ESRCH) }
        ns.routes.remove(at: index)
    }
}
