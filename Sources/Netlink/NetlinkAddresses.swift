import NetModel
import NetTypes

/// `addr add|del|flush` as RTM_NEWADDR and RTM_DELADDR.
extension NetlinkBackend {
    public func addAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try request(.addAddress(prefix, LinkTarget(device), ns))
    }

    public func deleteAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try request(.deleteAddress(prefix, LinkTarget(device), ns))
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
                try request(.deleteAddress(address.address.prefix, LinkTarget(device, index: Int(index)), ns))
            } catch  where error.errno == .EADDRNOTAVAIL {
                continue
            }
        }
    }
}
