import Lexer
import NetModel
import NetTypes

/// A simulated kernel that remembers which statement added each address and route, so the
/// checks of `dnsh check` can point at them.
final class TracingBackend: NetworkBackend {
    struct AddressRecord {
        var namespace: NamespaceRef
        var device: String
        var prefix: IPPrefix
        var range: SourceRange?
        /// The calls that led there, innermost first, as notes.
        var notes: [Diagnostic] = []
    }

    let kernel: SimulatedKernel
    var location: () -> SourceRange? = { nil }
    var callers: () -> [Diagnostic] = { [] }
    private(set) var addresses: [AddressRecord] = []
    private(set) var routeFailures: [(error: KernelError, range: SourceRange?)] = []

    init(_ kernel: SimulatedKernel) { self.kernel = kernel }

    func addAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try kernel.addAddress(prefix, device: device, in: ns)
        addresses.append(
            AddressRecord(namespace: ns, device: device, prefix: prefix, range: location(), notes: callers()))
    }

    func addRoute(_ spec: RouteSpec, replace: Bool, in ns: NamespaceRef) throws(KernelError) {
        do {
            try kernel.addRoute(spec, replace: replace, in: ns)
        } catch {
            routeFailures.append((error, location()))
            throw error
        }
    }

    func addNamespace(_ name: String) throws(KernelError) { try kernel.addNamespace(name) }
    func deleteNamespace(_ name: String) throws(KernelError) { try kernel.deleteNamespace(name) }
    func namespaceNames() -> [String] { kernel.namespaceNames() }
    func checkNamespace(_ ref: NamespaceRef) throws(KernelError) { try kernel.checkNamespace(ref) }
    func addLink(_ spec: LinkSpec, in ns: NamespaceRef) throws(KernelError) { try kernel.addLink(spec, in: ns) }
    func deleteLink(_ name: String, in ns: NamespaceRef) throws(KernelError) { try kernel.deleteLink(name, in: ns) }
    func setLink(_ name: String, _ changes: [LinkChange], in ns: NamespaceRef) throws(KernelError) {
        try kernel.setLink(name, changes, in: ns)
    }
    func deleteAddress(_ prefix: IPPrefix, device: String, in ns: NamespaceRef) throws(KernelError) {
        try kernel.deleteAddress(prefix, device: device, in: ns)
    }
    func flushAddresses(device: String, in ns: NamespaceRef) throws(KernelError) {
        try kernel.flushAddresses(device: device, in: ns)
    }
    func setSysctl(_ key: String, _ value: String, in ns: NamespaceRef) throws(KernelError) {
        try kernel.setSysctl(key, value, in: ns)
    }
    func sysctl(_ key: String, in ns: NamespaceRef) throws(KernelError) -> String { try kernel.sysctl(key, in: ns) }
    func deleteRoute(_ spec: RouteSpec, in ns: NamespaceRef) throws(KernelError) {
        try kernel.deleteRoute(spec, in: ns)
    }
    func links(in ns: NamespaceRef) throws(KernelError) -> [LinkState] { try kernel.links(in: ns) }
    func routes(in ns: NamespaceRef) throws(KernelError) -> [RouteState] { try kernel.routes(in: ns) }
    func snapshot() -> NetworkState { kernel.snapshot() }
    func ensurePhysicalDevice(_ name: String) throws(KernelError) { try kernel.ensurePhysicalDevice(name) }
    var simulation: SimulatedKernel? { kernel }
}
