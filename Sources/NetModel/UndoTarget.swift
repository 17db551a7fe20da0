/// What `dnsh apply --undo` aims at: the live state without what the script creates.
extension ConvergingBackend {
    /// A simulated kernel restored from `live`, less the routes, addresses, devices and
    /// namespaces that the script (run on this backend) adds or adopts and that `created` says
    /// an apply made (all of them when nil). Changes it makes to devices it does not create (an
    /// MTU, a bridge) stay.
    public func undoTarget(live: NetworkState, created: ((CreatedObject) -> Bool)? = nil) throws(KernelError)
        -> SimulatedKernel
    {
        let made = created ?? { _ in true }
        let target = SimulatedKernel()
        try target.restore(live)
        var origins: [Int: LinkOrigin] = [:]
        for ns in kernel.namespaces.values {
            for device in ns.devices.values { if let origin = device.origin { origins[device.serial] = origin } }
        }
        for (namespace, spec) in claimedRoutes.reversed() {
            guard let ns = kernel.namespaces[namespace] else { continue }
            let name = kernel.displayName(ns)
            guard made(.route(spec, in: name)) else { continue }
            var loose = spec
            loose.device = nil
            try? target.deleteRoute(loose, in: NamespaceRef(stateName: name))
        }
        for (serial, prefix) in claimedAddresses.reversed() {
            guard let origin = origins[serial], let device = liveName(origin, live),
                made(.address(namespace: origin.namespace, device: device, prefix: prefix))
            else { continue }
            try? target.deleteAddress(prefix, device: device, in: NamespaceRef(stateName: origin.namespace))
        }
        for serial in claimedDevices.sorted() {
            guard let origin = origins[serial], let device = liveName(origin, live),
                made(.link(namespace: origin.namespace, name: device))
            else { continue }
            try? target.deleteLink(device, in: NamespaceRef(stateName: origin.namespace))
        }
        for name in claimedNamespaces where target.named[name] != nil && made(.namespace(name)) {
            try? target.deleteNamespace(name)
        }
        return target
    }

    func liveName(_ origin: LinkOrigin, _ live: NetworkState) -> String? {
        live.namespaces.first { $0.name == origin.namespace }?.links.first { $0.ifindex == origin.ifindex }?.name
    }
}
