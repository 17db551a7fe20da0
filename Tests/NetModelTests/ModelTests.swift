import NetModel
import NetTypes
import XCTest

final class ErrnoTests: XCTestCase {
    func testLinuxNumbersNamesAndWording() {
        let expected: [(Errno, Int32, String, String)] = [
            (.EPERM, 1, "EPERM", "Operation not permitted"),
            (.ENOENT, 2, "ENOENT", "No such file or directory"),
            (.ESRCH, 3, "ESRCH", "No such process"),
            (.EBUSY, 16, "EBUSY", "Device or resource busy"),
            (.EEXIST, 17, "EEXIST", "File exists"),
            (.ENODEV, 19, "ENODEV", "No such device"),
            (.EINVAL, 22, "EINVAL", "Invalid argument"),
            (.ERANGE, 34, "ERANGE", "Numerical result out of range"),
            (.ELOOP, 40, "ELOOP", "Too many levels of symbolic links"),
            (.EOPNOTSUPP, 95, "EOPNOTSUPP", "Operation not supported"),
            (.EAFNOSUPPORT, 97, "EAFNOSUPPORT", "Address family not supported by protocol"),
            (.EADDRINUSE, 98, "EADDRINUSE", "Address already in use"),
            (.EADDRNOTAVAIL, 99, "EADDRNOTAVAIL", "Cannot assign requested address"),
            (.ENETDOWN, 100, "ENETDOWN", "Network is down"),
            (.ENETUNREACH, 101, "ENETUNREACH", "Network is unreachable"),
            (.ENOBUFS, 105, "ENOBUFS", "No buffer space available"),
            (.EHOSTUNREACH, 113, "EHOSTUNREACH", "No route to host"),
        ]
        for (errno, number, name, text) in expected {
            XCTAssertEqual(errno.rawValue, number, name)
            XCTAssertEqual(errno.name, name)
            XCTAssertEqual(errno.strerror, text, name)
            XCTAssertEqual(errno.description, text, name)
            XCTAssertEqual(Errno(name: name), errno, name)
        }
    }

    func testEveryNamedConstantRoundTripsThroughItsName() {
        let all: [Errno] = [
            .EPERM, .ENOENT, .ESRCH, .EINTR, .EIO, .ENXIO, .EBADF, .EAGAIN, .ENOMEM, .EACCES, .EBUSY, .EEXIST,
            .ENODEV, .ENOTDIR, .EISDIR, .EINVAL, .ENOSPC, .ERANGE, .ENAMETOOLONG, .ELOOP, .ENOBUFS, .EOPNOTSUPP,
            .EAFNOSUPPORT, .EADDRINUSE, .EADDRNOTAVAIL, .ENETDOWN, .ENETUNREACH, .EHOSTUNREACH,
        ]
        XCTAssertEqual(Set(all.map(\.rawValue)).count, all.count)
        for errno in all {
            XCTAssertTrue(errno.name.hasPrefix("E"))
            XCTAssertFalse(errno.strerror.hasPrefix("Unknown"), errno.name)
            XCTAssertEqual(Errno(name: errno.name), errno)
        }
    }

    func testUnknownNumbersAndNames() {
        XCTAssertEqual(Errno(rawValue: 999).name, "E999")
        XCTAssertEqual(Errno(rawValue: 999).strerror, "Unknown error 999")
        XCTAssertNil(Errno(name: "ENOTANERRNO"))
        XCTAssertNil(Errno(name: "eexist"))
        XCTAssertNil(Errno(name: ""))
    }
}

final class KernelErrorTests: XCTestCase {
    func testDescription() {
        XCTAssertEqual(KernelError(.EEXIST).description, "File exists (EEXIST)")
        XCTAssertEqual(
            KernelError(.ENETUNREACH, "Nexthop has invalid gateway").description,
            "Network is unreachable (ENETUNREACH): Nexthop has invalid gateway")
        XCTAssertEqual(
            "\(KernelError(.ENETDOWN, "Device for nexthop is not up"))",
            "Network is down (ENETDOWN): Device for nexthop is not up")
    }

    func testEquality() {
        XCTAssertEqual(KernelError(.EEXIST), KernelError(.EEXIST, nil))
        XCTAssertNotEqual(KernelError(.EEXIST), KernelError(.EEXIST, "x"))
        XCTAssertNotEqual(KernelError(.EEXIST), KernelError(.ENOENT))
    }

    func testMissingDeviceError() {
        let kernel = SimulatedKernel()
        do {
            try kernel.deleteLink("eth9", in: .initial)
            XCTFail("deleted a missing device")
        } catch {
            XCTAssertEqual(error.description, "No such device (ENODEV): Cannot find device \"eth9\"")
        }
    }
}

final class DeterminismTests: XCTestCase {
    func build(_ kernel: SimulatedKernel) throws {
        try kernel.addNamespace("bind1")
        kernel.addContainer(pid: 4242)
        var br = LinkSpec(name: "docker0", kind: .bridge)
        br.mtu = nil
        try kernel.addLink(br, in: .initial)
        for (i, ns) in [NamespaceRef.named("bind1"), .pid(4242)].enumerated() {
            var spec = LinkSpec(name: "veth\(i)", kind: .veth)
            spec.peerName = "eth0"
            spec.peerNamespace = ns
            try kernel.addLink(spec, in: .initial)
            try kernel.setLink("veth\(i)", [.master("docker0"), .up], in: .initial)
            try kernel.setLink("eth0", [.up], in: ns)
            try kernel.addAddress(IPPrefix("10.3.16.1\(i)/20")!, device: "eth0", in: ns)
        }
        var mv = LinkSpec(name: "mv0", kind: .macvlan)
        mv.parent = "veth0"
        var vx = LinkSpec(name: "vx0", kind: .vxlan)
        vx.vxlan = VxlanConfig(id: 7)
        try kernel.addLink(vx, in: .initial)
        try kernel.setLink("docker0", [.up], in: .initial)
    }

    func macs(_ state: NetworkState) -> [MACAddress] {
        state.namespaces.flatMap { $0.links.filter { $0.kind != .loopback }.map(\.address) }
    }

    func testTheSameSeedGivesTheSameState() throws {
        let a = SimulatedKernel(seed: 42)
        let b = SimulatedKernel(seed: 42)
        try build(a)
        try build(b)
        XCTAssertEqual(a.snapshot(), b.snapshot())
        XCTAssertEqual(macs(a.snapshot()), macs(b.snapshot()))
        XCTAssertEqual(macs(a.snapshot()).count, 6)
        let c = SimulatedKernel()
        let d = SimulatedKernel()
        try build(c)
        try build(d)
        XCTAssertEqual(c.snapshot(), d.snapshot(), "the default seed is fixed too")
    }

    func testDifferentSeedsGiveDifferentMACs() throws {
        let a = SimulatedKernel(seed: 1)
        let b = SimulatedKernel(seed: 2)
        try build(a)
        try build(b)
        let macsA = macs(a.snapshot())
        let macsB = macs(b.snapshot())
        XCTAssertEqual(macsA.count, macsB.count)
        XCTAssertTrue(zip(macsA, macsB).allSatisfy { $0 != $1 }, "\(macsA) vs \(macsB)")
        XCTAssertNotEqual(a.snapshot(), b.snapshot())
        // Everything but the MACs is the same.
        XCTAssertEqual(
            a.snapshot().namespaces.map { $0.links.map(\.name) }, b.snapshot().namespaces.map { $0.links.map(\.name) })
        XCTAssertEqual(a.snapshot().namespaces.map(\.routes), b.snapshot().namespaces.map(\.routes))
    }
}

final class StateDiffTests: KernelTestCase {
    func testNoChangesNoLines() throws {
        try bridge("br0")
        let state = backend.snapshot()
        XCTAssertEqual(StateDiff.lines(from: state, to: state), [])
        XCTAssertEqual(StateDiff.lines(from: SimulatedKernel().snapshot(), to: SimulatedKernel().snapshot()), [])
    }

    func testAdditions() throws {
        let before = backend.snapshot()
        try backend.addNamespace("bind1")
        try bridge("br0")
        try backend.addAddress(pfx("10.0.0.1/24"), device: "br0", in: .initial)
        try set("br0", .up)
        try veth("A", peer: "B", peerNamespace: .named("bind1"))
        try set("A", .master("br0"), .up)
        let ns = NamespaceRef.named("bind1")
        try set("B", .up, in: ns)
        try backend.addAddress(pfx("10.0.0.2/24"), device: "B", in: ns)
        try route(nil, via: "10.0.0.1", in: ns)
        try route("10.9.0.0/16", via: "10.0.0.1", metric: 100, in: ns)
        XCTAssertEqual(
            StateDiff.lines(from: before, to: backend.snapshot()),
            [
                "+ netns bind1",
                "+ link br0 (bridge): up",
                "+ addr 10.0.0.1/24 dev br0",
                "+ link A (veth): up, master br0, peer B in bind1",
                "+ link B in bind1 (veth): up, peer A in the initial namespace",
                "+ addr 10.0.0.2/24 dev B in bind1",
                "+ route default via 10.0.0.1 dev B in bind1",
                "+ route 10.9.0.0/16 via 10.0.0.1 dev B metric 100 in bind1",
            ])
    }

    func testChangesAndRemovals() throws {
        try backend.addNamespace("bind1")
        try bridge("br0")
        try backend.addAddress(pfx("10.0.0.1/24"), device: "br0", in: .initial)
        try set("br0", .up)
        try veth("A", peer: "B", peerNamespace: .named("bind1"))
        try set("A", .master("br0"), .up)
        try veth("C", peer: "D")
        try set("C", .up)
        try set("D", .up)
        try backend.addAddress(pfx("10.5.0.1/24"), device: "C", in: .initial)
        try route("10.6.0.0/16", via: "10.5.0.254")
        let before = backend.snapshot()

        try backend.deleteNamespace("bind1")
        try set("br0", .mtu(1400), .down)
        try backend.deleteAddress(pfx("10.0.0.1/24"), device: "br0", in: .initial)
        try backend.addAddress(pfx("10.0.0.9/24"), device: "br0", in: .initial)
        try set("C", .master("br0"), .address(mac("02:00:00:00:00:0c")))
        try backend.deleteRoute(RouteSpec(destination: pfx("10.6.0.0/16")), in: .initial)
        // br0 now takes its new port's lower MAC.
        XCTAssertEqual(
            StateDiff.lines(from: before, to: backend.snapshot()),
            [
                "~ link br0: down, mtu 1400, address 02:00:00:00:00:0c",
                "+ addr 10.0.0.9/24 dev br0",
                "- addr 10.0.0.1/24 dev br0",
                "~ link C: master br0, address 02:00:00:00:00:0c",
                "- link A",
                "- route 10.6.0.0/16 via 10.5.0.254 dev C",
                "- netns bind1",
            ])
    }

    func testConnectedRoutesAreLeftOut() throws {
        try bridge("br0")
        try set("br0", .up)
        let before = backend.snapshot()
        try backend.addAddress(pfx("10.0.0.1/24"), device: "br0", in: .initial)
        try backend.addAddress(pfx("fd00::1/64"), device: "br0", in: .initial)
        XCTAssertEqual(
            StateDiff.lines(from: before, to: backend.snapshot()),
            ["+ addr 10.0.0.1/24 dev br0", "+ addr fd00::1/64 dev br0"])
    }

    func testIPv6DefaultMetricIsNotShown() throws {
        try veth("A", peer: "B")
        try set("A", .up)
        try backend.addAddress(pfx("fd00::2/64"), device: "A", in: .initial)
        let before = backend.snapshot()
        try route(nil, via: "fd00::1")
        try route("fd10::/48", via: "fd00::1", metric: 5)
        XCTAssertEqual(
            StateDiff.lines(from: before, to: backend.snapshot()),
            ["+ route fd10::/48 via fd00::1 dev A metric 5", "+ route default via fd00::1 dev A"])
    }

    func testContainerNamespaceLines() throws {
        kernel.addContainer(pid: 4242)
        let before = backend.snapshot()
        try veth("veth-c", peer: "eth0", peerNamespace: .pid(4242))
        XCTAssertEqual(
            StateDiff.lines(from: before, to: backend.snapshot()),
            [
                "+ link veth-c (veth): peer eth0 in pid:4242",
                "+ link eth0 in pid:4242 (veth): peer veth-c in the initial namespace",
            ])
    }

    func testRenameIsARemovalAndAnAddition() throws {
        try bridge("br0")
        let before = backend.snapshot()
        try set("br0", .name("br1"))
        XCTAssertEqual(StateDiff.lines(from: before, to: backend.snapshot()), ["+ link br1 (bridge)", "- link br0"])
    }
}
