/// The kernel settings dnsh models: whether a namespace forwards packets between its devices.
public enum Sysctls {
    public static let ipv4Forward = "net.ipv4.ip_forward"
    public static let ipv6Forward = "net.ipv6.conf.all.forwarding"
    public static let known = [ipv4Forward, ipv6Forward]
    /// A new namespace's values (forwarding off).
    public static let defaults = [ipv4Forward: "0", ipv6Forward: "0"]

    /// Checks a key and a value as the kernel would take them: 0 or 1.
    public static func validate(_ key: String, _ value: String?) throws(KernelError) {
        guard known.contains(key) else {
            throw KernelError(.ENOENT, "dnsh knows the sysctls \(known.joined(separator: " and ")), not \(key)")
        }
        if let value, value != "0" && value != "1" { throw KernelError(.EINVAL, "\(key) takes 0 or 1") }
    }

    /// The file under /proc/sys for a key.
    public static func path(_ key: String) -> String {
        "/proc/sys/" + String(key.map { $0 == "." ? "/" : $0 })
    }
}

extension SimulatedKernel {
    public func setSysctl(_ key: String, _ value: String, in ref: NamespaceRef) throws(KernelError) {
        let ns = try resolve(ref)
        try Sysctls.validate(key, value)
        ns.sysctls[key] = value
        ns.sysctlTags[key] = currentTag
    }

    public func sysctl(_ key: String, in ref: NamespaceRef) throws(KernelError) -> String {
        let ns = try resolve(ref)
        try Sysctls.validate(key, nil)
        return ns.sysctls[key] ?? "0"
    }
}
