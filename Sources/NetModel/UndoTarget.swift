/// What `dnsh apply --undo` aims at: the live state without what the script creates.
extension ConvergingBackend {
    /// A simulated kernel restored from `live`, less the routes, addresses, devices and
    /// namespaces that the script (run on this backend) adds or adopts. Changes it makes to
    /// devices it does not create (an MTU, a bridge) stay.
    public func undoTarget(live: NetworkState) throws(KernelError) -> SimulatedKernel {
        let target = SimulatedKernel()
        try target.restore(live)
        var origins: [Int: LinkOrigin] = [:]
        for ns in kernel.namespaces.values {
            for device in ns.devices.values { if let origin = device.origin { origins[device.serial] = origin } }
        }
        for (namespace, spec) in claimedRoutes.reversed() {
            guard let ns = kernel.namespaces[namespace] else { continue }
            var loose = spec
            loose.device = nil
            try? target.deleteRoute(loose, in: NamespaceRef(stateName: kernel.displayName(ns)))
        }
        for (serial, prefix) in claimedAddresses.reversed() {
            guard let origin = origins[serial], let device = liveName(origin, live) else { continue }
            try? target.deleteAddress(prefix, device: device, in: NamespaceRef(stateName: origin.namespace))
        }
        for serial in claimedDevices.sorted() {
            guard let origin = origins[serial], let device = liveName(origin, live) else { continue }
            try? target.deleteLink(device, in: NamespaceRef(stateName: origin.namespace))
        }
        for name in claimedNamespaces where target.named[name] != nil {
            try? target.deleteNamespace(name)
        }
        return target
    }

    func liveName(_ origin: LinkOrigin, _ live: NetworkState) -> String? {
        live.namespaces.first { $0.name == origin.namespace }?.links.first { $0.ifindex == origin.ifindex }?.name
    }
}
