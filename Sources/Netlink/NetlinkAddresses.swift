import NetModel
import NetTypes

/// `addr add|del|flush` as RTM_NEWADDR and RTM_DELADDR.
extension NetlinkBackend {
    public func addAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try modifyAddress(RTM.newAddr, NL.create | NL.exclusive, prefix, device, ns)
    }

    public func deleteAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try modifyAddress(RTM.delAddr, 0, prefix, device, ns)
    }

    func modifyAddress(_ type: UInt16, _ flags: UInt16, _ prefix: IPPrefix, _ device: String, _ ns: NamespaceRef)
        throws(KernelError)
    {
        let index = try index(of: device, in: ns)
        try socket(ns).transact(type, flags: flags) { w in
            NetlinkBackend.address(&w, prefix, index: index, wildcard: type == RTM.delAddr)
        }
    }

    /// The body of RTM_NEWADDR/RTM_DELADDR. Deleting a bare address (no length, `wildcard`)
    /// leaves out IFA_ADDRESS, so the kernel matches it at any length, as `ip addr del` does.
    static func address(_ w: inout NetlinkWriter, _ prefix: IPPrefix, index: Int32, wildcard: Bool) {
        let scope = InterfaceAddress.defaultScope(prefix.address) == "host" ? RT.scopeHost : RT.scopeUniverse
        w.ifaddrmsg(
            family: prefix.address.netlinkFamily, prefixLength: UInt8(prefix.length), scope: scope,
            index: UInt32(bitPattern: index))
        w.attribute(IFA.local, address: prefix.address)
        if !(wildcard && prefix.length == prefix.address.bitWidth) { w.attribute(IFA.address, address: prefix.address) }
    }

    /// Deletes every address of the device, newest first so secondaries go before their primary.
    public func flushAddresses(device: String, in ns: NamespaceRef) throws(KernelError) {
        let index = try index(of: device, in: ns)
        let addresses = try dumpAddresses(ns).filter { $0.index == index }
        for address in addresses.reversed() {
            do throws(KernelError) {
                try modifyAddress(RTM.delAddr, 0, address.address.prefix, device, ns)
            } catch  where error.errno == .EADDRNOTAVAIL {
                continue
            }
        }
    }
}
