import NetModel
import NetTypes
import XCTest

func pfx(_ text: String) -> IPPrefix { IPPrefix(text)! }
func addr(_ text: String) -> IPAddress { IPAddress(text)! }
func mac(_ text: String) -> MACAddress { MACAddress(text)! }

/// A fresh simulated kernel per test, and short ways to drive it through `NetworkBackend`.
class KernelTestCase: XCTestCase {
    var kernel: SimulatedKernel!
    /// The kernel as the commands see it: every call goes through the protocol.
    var backend: NetworkBackend { kernel }

    override func setUp() {
        super.setUp()
        kernel = SimulatedKernel()
    }

    func veth(
        _ name: String, peer: String?, in ns: NamespaceRef = .initial, peerNamespace: NamespaceRef? = nil,
        mtu: Int? = nil, address: MACAddress? = nil
    ) throws(KernelError) {
        var spec = LinkSpec(name: name, kind: .veth)
        spec.peerName = peer
        spec.peerNamespace = peerNamespace
        spec.mtu = mtu
        spec.address = address
        try backend.addLink(spec, in: ns)
    }

    func bridge(_ name: String, in ns: NamespaceRef = .initial, mtu: Int? = nil, address: MACAddress? = nil)
        throws(KernelError)
    {
        var spec = LinkSpec(name: name, kind: .bridge)
        spec.mtu = mtu
        spec.address = address
        try backend.addLink(spec, in: ns)
    }

    func macvlan(
        _ name: String, parent: String?, mode: String? = nil, mtu: Int? = nil, in ns: NamespaceRef = .initial
    ) throws(KernelError) {
        var spec = LinkSpec(name: name, kind: .macvlan)
        spec.parent = parent
        spec.macvlanMode = mode
        spec.mtu = mtu
        try backend.addLink(spec, in: ns)
    }

    func vxlan(_ name: String, id: Int, port: Int = 8472, device: String? = nil, in ns: NamespaceRef = .initial)
        throws(KernelError)
    {
        var spec = LinkSpec(name: name, kind: .vxlan)
        spec.vxlan = VxlanConfig(id: id, port: port, device: device)
        try backend.addLink(spec, in: ns)
    }

    func set(_ name: String, _ changes: LinkChange..., in ns: NamespaceRef = .initial) throws(KernelError) {
        try backend.setLink(name, changes, in: ns)
    }

    func route(
        _ destination: String?, via gateway: String? = nil, dev: String? = nil, metric: Int? = nil,
        replace: Bool = false, in ns: NamespaceRef = .initial
    ) throws(KernelError) {
        let spec = RouteSpec(
            destination: destination.map(pfx), gateway: gateway.map(addr), device: dev, metric: metric)
        try backend.addRoute(spec, replace: replace, in: ns)
    }

    /// The link as `links(in:)` reports it, failing the test when it is not there.
    func link(
        _ name: String, in ns: NamespaceRef = .initial, file: StaticString = #filePath, line: UInt = #line
    ) -> LinkState? {
        guard let links = try? backend.links(in: ns) else {
            XCTFail("no namespace \(ns)", file: file, line: line)
            return nil
        }
        guard let found = links.first(where: { $0.name == name }) else {
            XCTFail("no link \(name) in \(ns): \(links.map(\.name))", file: file, line: line)
            return nil
        }
        return found
    }

    func names(in ns: NamespaceRef = .initial) -> [String] {
        ((try? backend.links(in: ns)) ?? []).map(\.name)
    }

    func indexes(in ns: NamespaceRef = .initial) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: ((try? backend.links(in: ns)) ?? []).map { ($0.name, $0.ifindex) })
    }

    func routeTexts(in ns: NamespaceRef = .initial) -> [String] {
        ((try? backend.routes(in: ns)) ?? []).map { r in
            var text = r.destinationText
            if let gateway = r.gateway { text += " via \(gateway)" }
            text += " dev \(r.device) proto \(r.proto) scope \(r.scope) metric \(r.metric)"
            if let source = r.preferredSource { text += " src \(source)" }
            return text
        }
    }

    func addressTexts(_ name: String, in ns: NamespaceRef = .initial) -> [String] {
        (link(name, in: ns)?.addresses ?? []).map { "\($0.prefix) \($0.scope)" }
    }

    /// Runs `body` and checks that the kernel refused it with `errno` (and `message`, if given).
    func assertKernelError(
        _ errno: Errno, _ message: String? = nil, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws(KernelError) -> Void
    ) {
        do {
            try body()
            XCTFail("expected \(errno.name), but the operation succeeded", file: file, line: line)
        } catch {
            XCTAssertEqual(error.errno, errno, "got \(error)", file: file, line: line)
            if let message {
                XCTAssertEqual(error.message, message, "got \(error)", file: file, line: line)
            }
        }
    }

    /// Like `assertKernelError`, for errors the kernel gives without an extended message.
    func assertBareKernelError(
        _ errno: Errno, file: StaticString = #filePath, line: UInt = #line, _ body: () throws(KernelError) -> Void
    ) {
        do {
            try body()
            XCTFail("expected \(errno.name), but the operation succeeded", file: file, line: line)
        } catch {
            XCTAssertEqual(error.errno, errno, "got \(error)", file: file, line: line)
            XCTAssertNil(error.message, "got \(error)", file: file, line: line)
        }
    }
}
