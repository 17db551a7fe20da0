import Glibc
import NetModel

/// The forwarding sysctls: written under /proc/sys from inside the namespace (the files there
/// belong to the network namespace of the thread that opens them), read with RTM_GETNETCONF.
extension NetlinkBackend {
    public func setSysctl(_ key: String, _ value: String, in ns: NamespaceRef) throws(KernelError) {
        try Sysctls.validate(key, value)
        let fd = ns == .initial ? nil : try file(ns)
        let written = NamespaceFiles.within(fd) { NetlinkBackend.write(value + "\n", to: Sysctls.path(key)) }
        if let code = try written.get() { throw KernelError(code, "cannot write \(Sysctls.path(key))") }
    }

    public func sysctl(_ key: String, in ns: NamespaceRef) throws(KernelError) -> String {
        try Sysctls.validate(key, nil)
        _ = try socket(ns)
        return forwarding(in: ns)[key] ?? "0"
    }

    /// The forwarding switches of a namespace through its socket (RTM_GETNETCONF for "all"), as
    /// the sysctls say them: no file to open, no namespace to enter.
    func forwarding(in ns: NamespaceRef) -> [String: String] {
        guard let socket = try? socket(ns) else { return [:] }
        var result: [String: String] = [:]
        for (family, key) in [(AF.inet, Sysctls.ipv4Forward), (AF.inet6, Sysctls.ipv6Forward)] {
            let reply = try? socket.get(RTM.getNetconf) { w in
                w.u8(family)
                w.align4()
                w.attribute(NETCONFA.ifindex, u32: UInt32(bitPattern: NETCONFA.ifindexAll))
            }
            guard let reply else { continue }
            var reader = NetlinkReader(reply)
            guard reader.skip(4), let value = reader.attributes()[NETCONFA.forwarding]?.u32 else { continue }
            result[key] = value == 0 ? "0" : "1"
        }
        return result
    }

    /// nil on success, else the errno.
    static func write(_ text: String, to path: String) -> Errno? {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return Errno(rawValue: errno) }
        defer { close(fd) }
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        return written < 0 ? Errno(rawValue: errno) : nil
    }
}
