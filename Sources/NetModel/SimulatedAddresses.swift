import NetTypes

/// `addr add|del|flush` and the connected routes the kernel keeps for them.
extension SimulatedKernel {
    public func addAddress(_ prefix: IPPrefix, device name: String, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        let device = try self.device(name, in: ns)
        let family = prefix.address.family
        if device.addresses.contains(where: {
            $0.prefix.address == prefix.address && (family == 6 || $0.prefix.length == prefix.length)
        }) {
            throw KernelError(
                .EEXIST, family == 4 ? "ipv4: Address already assigned" : "ipv6: address already assigned")
        }
        let address = InterfaceAddress(prefix: prefix)
        let deviceRef = DeviceRef(namespace: ns.id, ifindex: device.ifindex)
        update(deviceRef) {
            $0.addresses.append(address)
            $0.addressTags[prefix] = currentTag
        }
        if device.adminUp { addConnectedRoute(address, deviceRef, ns) }
    }

    /// Deleting a primary IPv4 address deletes its secondaries too (the kernel's default,
    /// `promote_secondaries` off); deleting the last IPv4 address flushes the device's IPv4 routes.
    public func deleteAddress(_ prefix: IPPrefix, device name: String, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        let device = try self.device(name, in: ns)
        guard let index = device.addresses.firstIndex(where: { matches($0.prefix, prefix) }) else {
            let v4 = prefix.address.family == 4
            throw KernelError(.EADDRNOTAVAIL, v4 ? "ipv4: Address not found" : "ipv6: address not found")
        }
        let removed = device.addresses[index]
        let sameSubnet = { (a: InterfaceAddress) in
            a.prefix.length == removed.prefix.length && a.prefix.network == removed.prefix.network
        }
        let isPrimary = removed.prefix.address.family == 4 && !device.addresses[..<index].contains(where: sameSubnet)
        let gone = isPrimary ? device.addresses.filter(sameSubnet) : [removed]
        remove(gone, from: DeviceRef(namespace: ns.id, ifindex: device.ifindex), ns)
    }

    func remove(_ addresses: [InterfaceAddress], from ref: DeviceRef, _ ns: Namespace) {
        update(ref) { $0.addresses.removeAll(where: addresses.contains) }
        for address in addresses { removeConnectedRoute(address, ref, ns) }
        let left = device(ref)?.addresses ?? []
        if addresses.contains(where: { $0.prefix.address.family == 4 })
            && !left.contains(where: { $0.prefix.address.family == 4 })
        {
            ns.routes.removeAll { $0.family == 4 && $0.device == ref.ifindex }
        }
    }

    /// `addr del 10.0.0.1 dev X` (no length) matches any length; with a length it must agree.
    func matches(_ have: IPPrefix, _ wanted: IPPrefix) -> Bool {
        have.address == wanted.address && (have.length == wanted.length || wanted.length == wanted.address.bitWidth)
    }

    public func flushAddresses(device name: String, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        let device = try self.device(name, in: ns)
        remove(device.addresses, from: DeviceRef(namespace: ns.id, ifindex: device.ifindex), ns)
    }

    /// The prefix route of an address (none for a /32 or /128), unless the subnet has one already.
    func addConnectedRoute(_ address: InterfaceAddress, _ ref: DeviceRef, _ ns: Namespace) {
        let prefix = address.prefix
        guard prefix.length < prefix.address.bitWidth, address.scope != "host" else { return }
        let network = prefix.network
        let family = prefix.address.family
        let metric = family == 4 ? 0 : 256
        if ns.routes.contains(where: { $0.destination == network && $0.device == ref.ifindex && $0.metric == metric }) {
            return
        }
        ns.routes.append(
            Route(
                destination: network, family: family, gateway: nil, device: ref.ifindex, metric: metric,
                proto: "kernel", scope: family == 4 ? "link" : "universe",
                preferredSource: family == 4 ? prefix.address : nil))
    }

    /// Removes the prefix route when no other address of the device is in the same subnet.
    func removeConnectedRoute(_ address: InterfaceAddress, _ ref: DeviceRef, _ ns: Namespace) {
        let network = address.prefix.network
        let remaining = device(ref)?.addresses ?? []
        if remaining.contains(where: { $0.prefix.network == network }) { return }
        ns.routes.removeAll { $0.destination == network && $0.device == ref.ifindex && $0.proto == "kernel" }
    }
}
