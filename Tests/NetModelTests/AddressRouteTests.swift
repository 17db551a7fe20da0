import NetModel
import NetTypes
import XCTest

final class AddressTests: KernelTestCase {
    override func setUp() {
        super.setUp()
        XCTAssertNoThrow(try veth("A1", peer: "B1"))
        XCTAssertNoThrow(try set("B1", .up))
    }

    func add(_ prefix: String, _ device: String = "A1") throws(KernelError) {
        try backend.addAddress(pfx(prefix), device: device, in: .initial)
    }

    func testAddressOnADownDeviceHasNoRouteUntilItComesUp() throws {
        try add("10.0.0.1/24")
        XCTAssertEqual(addressTexts("A1"), ["10.0.0.1/24 global"])
        XCTAssertEqual(routeTexts(), [])
        try set("A1", .up)
        XCTAssertEqual(routeTexts(), ["10.0.0.0/24 dev A1 proto kernel scope link metric 0 src 10.0.0.1"])
        let route = try XCTUnwrap(try backend.routes(in: .initial).first)
        XCTAssertEqual(route.family, 4)
        XCTAssertNil(route.gateway)
        XCTAssertEqual(route.destination, pfx("10.0.0.0/24"))
    }

    func testAddressOnAnUpDeviceGetsItsRouteAtOnce() throws {
        try set("A1", .up)
        try add("10.3.16.11/20")
        XCTAssertEqual(routeTexts(), ["10.3.16.0/20 dev A1 proto kernel scope link metric 0 src 10.3.16.11"])
    }

    func testDuplicateAddressIsEEXIST() throws {
        try add("10.0.0.1/24")
        assertKernelError(.EEXIST, "ipv4: Address already assigned") { () throws(KernelError) in
            try add("10.0.0.1/24")
        }
        // Another prefix length is another IPv4 address.
        XCTAssertNoThrow(try add("10.0.0.1/16"))
        XCTAssertEqual(addressTexts("A1"), ["10.0.0.1/24 global", "10.0.0.1/16 global"])
        try add("fd00::1/64")
        assertKernelError(.EEXIST) { () throws(KernelError) in try add("fd00::1/64") }
        assertKernelError(.EEXIST) { () throws(KernelError) in try add("fd00::1/48") }
    }

    func testTheSameAddressOnTwoDevicesIsAllowed() throws {
        try add("10.0.0.1/24")
        XCTAssertNoThrow(try add("10.0.0.1/24", "B1"))
    }

    func testDeletingAMissingAddressIsEADDRNOTAVAIL() throws {
        assertKernelError(.EADDRNOTAVAIL, "ipv4: Address not found") { () throws(KernelError) in
            try backend.deleteAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        }
        try add("10.0.0.1/24")
        assertKernelError(.EADDRNOTAVAIL) { () throws(KernelError) in
            try backend.deleteAddress(pfx("10.0.0.1/16"), device: "A1", in: .initial)
        }
        assertKernelError(.EADDRNOTAVAIL) { () throws(KernelError) in
            try backend.deleteAddress(pfx("fd00::1/64"), device: "A1", in: .initial)
        }
    }

    func testDeleteWithoutALengthMatchesAnyLength() throws {
        try add("10.0.0.1/24")
        try backend.deleteAddress(pfx("10.0.0.1/32"), device: "A1", in: .initial)
        XCTAssertEqual(addressTexts("A1"), [])
    }

    func testTheConnectedRouteGoesWithTheLastAddressOfItsSubnet() throws {
        try set("A1", .up)
        try add("10.0.0.1/24")
        try add("10.0.0.2/24")
        try add("10.1.0.1/24")
        XCTAssertEqual(routeTexts().count, 2)
        // Deleting the secondary keeps the route; deleting the primary removes it.
        try backend.deleteAddress(pfx("10.0.0.2/24"), device: "A1", in: .initial)
        XCTAssertEqual(
            routeTexts().map { $0.components(separatedBy: " src ")[0] },
            [
                "10.0.0.0/24 dev A1 proto kernel scope link metric 0",
                "10.1.0.0/24 dev A1 proto kernel scope link metric 0",
            ])
        try backend.deleteAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        XCTAssertEqual(routeTexts(), ["10.1.0.0/24 dev A1 proto kernel scope link metric 0 src 10.1.0.1"])
    }

    func testHostAddressesHaveNoConnectedRoute() throws {
        try set("A1", .up)
        try add("10.0.0.1/32")
        try add("fd00::1/128")
        XCTAssertEqual(routeTexts(), [])
    }

    func testIPv6ConnectedRoute() throws {
        try set("A1", .up)
        try add("fd00::1/64")
        // IPv6 routes are always scope universe (Linux 6.18).
        XCTAssertEqual(routeTexts(), ["fd00::/64 dev A1 proto kernel scope universe metric 256"])
        XCTAssertEqual(try backend.routes(in: .initial).first?.family, 6)
    }

    func testGoingDownRemovesRoutesAndIPv6AddressesButKeepsIPv4Ones() throws {
        try set("A1", .up)
        try add("10.0.0.1/24")
        try add("fd00::1/64")
        try route(nil, via: "10.0.0.254")
        try set("A1", .down)
        XCTAssertEqual(addressTexts("A1"), ["10.0.0.1/24 global"])
        XCTAssertEqual(routeTexts(), [])
        try set("A1", .up)
        XCTAssertEqual(routeTexts(), ["10.0.0.0/24 dev A1 proto kernel scope link metric 0 src 10.0.0.1"])
    }

    func testFlushRemovesEveryAddressAndItsRoutes() throws {
        try set("A1", .up)
        try add("10.0.0.1/24")
        try add("10.1.0.1/16")
        try add("fd00::1/64")
        try backend.flushAddresses(device: "A1", in: .initial)
        XCTAssertEqual(addressTexts("A1"), [])
        XCTAssertEqual(routeTexts(), [])
    }

    /// Linux (`fib_inetaddr_event`, NETDEV_DOWN): when the last IPv4 address of a device goes,
    /// IP is disabled on it and every IPv4 route through it is flushed.
    func testDeletingTheLastIPv4AddressFlushesTheDevicesIPv4Routes() throws {
        try set("A1", .up)
        try add("10.0.0.1/24")
        try route(nil, via: "10.0.0.254")
        try route("10.9.0.0/16", dev: "A1")
        try backend.deleteAddress(pfx("10.0.0.1/24"), device: "A1", in: .initial)
        XCTAssertEqual(routeTexts(), [])
    }

    func testAddressScopes() throws {
        try add("10.0.0.1/24")
        try add("127.0.0.2/8")
        try add("fe80::1/64")
        try add("2001:db8::1/64")
        try add("::1/128")
        XCTAssertEqual(
            addressTexts("A1"),
            ["10.0.0.1/24 global", "127.0.0.2/8 host", "fe80::1/64 link", "2001:db8::1/64 global", "::1/128 host"])
    }
}

final class RouteTests: KernelTestCase {
    override func setUp() {
        super.setUp()
        XCTAssertNoThrow(try veth("eth0", peer: "p0"))
        XCTAssertNoThrow(try veth("eth1", peer: "p1"))
        XCTAssertNoThrow(try set("eth0", .up))
        XCTAssertNoThrow(try set("eth1", .up))
        XCTAssertNoThrow(try backend.addAddress(pfx("10.0.0.2/24"), device: "eth0", in: .initial))
        XCTAssertNoThrow(try backend.addAddress(pfx("10.1.0.2/24"), device: "eth1", in: .initial))
    }

    func userRoutes(in ns: NamespaceRef = .initial) -> [String] {
        routeTexts(in: ns).filter { !$0.contains("proto kernel") }
    }

    func testDefaultRouteThroughAReachableGateway() throws {
        try route(nil, via: "10.0.0.1")
        XCTAssertEqual(userRoutes(), ["default via 10.0.0.1 dev eth0 proto boot scope universe metric 0"])
        let r = try XCTUnwrap(try backend.routes(in: .initial).first)
        XCTAssertNil(r.destination)
        XCTAssertEqual(r.destinationText, "default")
        XCTAssertEqual(r.gateway, addr("10.0.0.1"))
        XCTAssertEqual(r.device, "eth0")
        XCTAssertEqual(r.family, 4)
    }

    func testUnreachableGatewayIsENETUNREACH() {
        assertKernelError(.ENETUNREACH, "Nexthop has invalid gateway") { () throws(KernelError) in
            try route(nil, via: "10.9.0.1")
        }
        // Reachable, but not through the device named.
        assertKernelError(.ENETUNREACH, "Nexthop has invalid gateway") { () throws(KernelError) in
            try route(nil, via: "10.0.0.1", dev: "eth1")
        }
        XCTAssertEqual(userRoutes(), [])
    }

    func testGatewayOnTheNamedDevice() throws {
        try route("10.9.0.0/16", via: "10.1.0.1", dev: "eth1")
        XCTAssertEqual(userRoutes(), ["10.9.0.0/16 via 10.1.0.1 dev eth1 proto boot scope universe metric 0"])
    }

    func testGatewayReachableThroughADeviceRoute() throws {
        try route("192.168.5.0/24", dev: "eth1")
        try route("172.16.0.0/12", via: "192.168.5.1")
        XCTAssertEqual(
            userRoutes(),
            [
                "172.16.0.0/12 via 192.168.5.1 dev eth1 proto boot scope universe metric 0",
                "192.168.5.0/24 dev eth1 proto boot scope link metric 0",
            ])
    }

    func testRouteOnADownDeviceIsENETDOWN() throws {
        try veth("eth2", peer: "p2")
        assertKernelError(.ENETDOWN, "Device for nexthop is not up") { () throws(KernelError) in
            try route("10.5.0.0/16", dev: "eth2")
        }
        XCTAssertEqual(userRoutes(), [])
    }

    func testHostBitsAreEINVAL() {
        assertKernelError(.EINVAL, "Invalid prefix for given prefix length") { () throws(KernelError) in
            try route("10.9.0.1/16", via: "10.0.0.1")
        }
        XCTAssertEqual(userRoutes(), [])
    }

    /// IPv6 routes clear host bits silently (`ip6_route_info_create` takes `ipv6_addr_prefix`);
    /// only IPv4 refuses them.
    func testIPv6RouteWithHostBitsIsStoredAsItsNetwork() throws {
        XCTAssertNoThrow(try route("2001:db8::1/64", dev: "eth0"))
        XCTAssertEqual(userRoutes(), ["2001:db8::/64 dev eth0 proto boot scope universe metric 1024"])
    }

    func testSameDestinationAndMetricIsEEXIST() throws {
        try route(nil, via: "10.0.0.1")
        assertKernelError(.EEXIST) { () throws(KernelError) in try route(nil, via: "10.1.0.1") }
        XCTAssertNoThrow(try route(nil, via: "10.1.0.1", metric: 100))
        XCTAssertEqual(
            userRoutes(),
            [
                "default via 10.0.0.1 dev eth0 proto boot scope universe metric 0",
                "default via 10.1.0.1 dev eth1 proto boot scope universe metric 100",
            ])
    }

    func testReplace() throws {
        try route(nil, via: "10.0.0.1")
        try route(nil, via: "10.1.0.1", replace: true)
        XCTAssertEqual(userRoutes(), ["default via 10.1.0.1 dev eth1 proto boot scope universe metric 0"])
        // Replacing a route that is not there adds it.
        try route("10.9.0.0/16", dev: "eth0", replace: true)
        XCTAssertEqual(userRoutes().count, 2)
        // A replace is checked like an add.
        assertKernelError(.ENETUNREACH) { () throws(KernelError) in
            try route(nil, via: "10.7.0.1", replace: true)
        }
        XCTAssertEqual(userRoutes().first, "default via 10.1.0.1 dev eth1 proto boot scope universe metric 0")
    }

    func testDelete() throws {
        try route(nil, via: "10.0.0.1")
        try route(nil, via: "10.1.0.1", metric: 100)
        assertKernelError(.ESRCH) { () throws(KernelError) in
            try backend.deleteRoute(RouteSpec(destination: pfx("10.9.0.0/16")), in: .initial)
        }
        assertKernelError(.ESRCH) { () throws(KernelError) in
            try backend.deleteRoute(RouteSpec(destination: nil, metric: 50), in: .initial)
        }
        assertKernelError(.ESRCH) { () throws(KernelError) in
            try backend.deleteRoute(RouteSpec(destination: nil, gateway: addr("10.0.0.9")), in: .initial)
        }
        try backend.deleteRoute(RouteSpec(destination: nil, metric: 100), in: .initial)
        XCTAssertEqual(userRoutes(), ["default via 10.0.0.1 dev eth0 proto boot scope universe metric 0"])
        try backend.deleteRoute(RouteSpec(destination: nil), in: .initial)
        XCTAssertEqual(userRoutes(), [])
        assertKernelError(.ESRCH) { () throws(KernelError) in
            try backend.deleteRoute(RouteSpec(destination: nil), in: .initial)
        }
    }

    func testDeletingAConnectedRoute() throws {
        try backend.deleteRoute(RouteSpec(destination: pfx("10.0.0.0/24"), device: "eth0"), in: .initial)
        XCTAssertEqual(routeTexts(), ["10.1.0.0/24 dev eth1 proto kernel scope link metric 0 src 10.1.0.2"])
        assertKernelError(.ENETUNREACH) { () throws(KernelError) in try route(nil, via: "10.0.0.1") }
    }

    func testDeviceRouteHasScopeLink() throws {
        try route("10.9.0.0/16", dev: "eth0", metric: 7)
        XCTAssertEqual(userRoutes(), ["10.9.0.0/16 dev eth0 proto boot scope link metric 7"])
    }

    func testHostRoute() throws {
        try route("10.9.9.9/32", dev: "eth0")
        XCTAssertEqual(userRoutes(), ["10.9.9.9/32 dev eth0 proto boot scope link metric 0"])
    }

    func testIPv6Routes() throws {
        try backend.addAddress(pfx("fd00::2/64"), device: "eth0", in: .initial)
        // IPv6 answers an unreachable gateway with a bare EHOSTUNREACH (Linux 6.18).
        assertBareKernelError(.EHOSTUNREACH) { () throws(KernelError) in try route(nil, via: "fd01::1") }
        try route(nil, via: "fd00::1")
        try route("fd10::/48", dev: "eth1")
        let six = try backend.routes(in: .initial).filter { $0.family == 6 }
        // `ip -6 route` lists the default route last.
        XCTAssertEqual(six.map(\.destinationText), ["fd00::/64", "fd10::/48", "default"])
        let byDestination = Dictionary(uniqueKeysWithValues: six.map { ($0.destinationText, $0) })
        XCTAssertEqual(byDestination["default"]?.metric, 1024)
        XCTAssertEqual(byDestination["default"]?.gateway, addr("fd00::1"))
        XCTAssertEqual(byDestination["default"]?.device, "eth0")
        XCTAssertEqual(byDestination["default"]?.proto, "boot")
        XCTAssertEqual(byDestination["default"]?.scope, "universe")
        XCTAssertEqual(byDestination["fd10::/48"]?.metric, 1024)
        XCTAssertEqual(byDestination["fd10::/48"]?.scope, "universe")
        XCTAssertEqual(byDestination["fd00::/64"]?.metric, 256)
        XCTAssertEqual(byDestination["fd00::/64"]?.proto, "kernel")
        XCTAssertNil(byDestination["fd00::/64"]?.preferredSource)
        // An IPv4 default of the same metric is another family's route.
        XCTAssertNoThrow(try route(nil, via: "10.0.0.1"))
        assertKernelError(.EEXIST) { () throws(KernelError) in try route(nil, via: "fd00::3") }
    }

    /// `0.0.0.0/0` and `::/0` are the default route, as `ip route` shows and the kernel stores it.
    func testZeroLengthPrefixIsTheDefaultRoute() throws {
        try route("0.0.0.0/0", via: "10.0.0.1")
        XCTAssertEqual(userRoutes(), ["default via 10.0.0.1 dev eth0 proto boot scope universe metric 0"])
        assertKernelError(.EEXIST) { () throws(KernelError) in try route(nil, via: "10.1.0.1") }
        try backend.deleteRoute(RouteSpec(destination: nil), in: .initial)
        XCTAssertEqual(userRoutes(), [])
    }

    func testRoutesGoWithTheirDevice() throws {
        try route(nil, via: "10.0.0.1")
        try route("10.9.0.0/16", dev: "eth1")
        try set("eth0", .down)
        XCTAssertEqual(userRoutes(), ["10.9.0.0/16 dev eth1 proto boot scope link metric 0"])
        try backend.deleteLink("p1", in: .initial)
        XCTAssertEqual(routeTexts(), [])
    }

    func testRoutesAreListedIPv4FirstDefaultFirstThenByPrefixAndMetric() throws {
        try backend.addAddress(pfx("fd00::2/64"), device: "eth0", in: .initial)
        try route("fd10::/48", dev: "eth0")
        try route("192.168.0.0/16", via: "10.1.0.1")
        try route("10.0.0.0/8", via: "10.1.0.1")
        try route(nil, via: "10.0.0.1", metric: 10)
        try route(nil, via: "10.1.0.1", metric: 5)
        try route("10.9.0.0/16", dev: "eth1", metric: 20)
        try route("10.9.0.0/16", dev: "eth0", metric: 3)
        XCTAssertEqual(
            try backend.routes(in: .initial).map { "\($0.destinationText) \($0.device) \($0.metric)" },
            [
                "default eth1 5", "default eth0 10", "10.0.0.0/24 eth0 0", "10.0.0.0/8 eth1 0", "10.1.0.0/24 eth1 0",
                "10.9.0.0/16 eth0 3", "10.9.0.0/16 eth1 20", "192.168.0.0/16 eth1 0", "fd00::/64 eth0 256",
                "fd10::/48 eth0 1024",
            ])
    }

    func testRoutesInANamespaceAreItsOwn() throws {
        try backend.addNamespace("ns1")
        try set("p0", .namespace(.named("ns1")))
        try set("p0", .up, in: .named("ns1"))
        try backend.addAddress(pfx("10.0.0.1/24"), device: "p0", in: .named("ns1"))
        try route("10.1.0.0/24", via: "10.0.0.2", in: .named("ns1"))
        XCTAssertEqual(
            routeTexts(in: .named("ns1")),
            [
                "10.0.0.0/24 dev p0 proto kernel scope link metric 0 src 10.0.0.1",
                "10.1.0.0/24 via 10.0.0.2 dev p0 proto boot scope universe metric 0",
            ])
        XCTAssertEqual(userRoutes(), [])
    }
}

/// Checks the simulated kernel makes itself, below the commands (which refuse these first).
final class BackendGuardTests: XCTestCase {
    func testVxlanWithoutConfigurationAndMixedFamilies() throws {
        let kernel = SimulatedKernel()
        XCTAssertThrowsError(try kernel.addLink(LinkSpec(name: "vx0", kind: .vxlan), in: .initial)) { error in
            XCTAssertEqual(error as? KernelError, KernelError(.EINVAL, "vxlan needs an id"))
        }
        try kernel.addLink(LinkSpec(name: "br0", kind: .bridge), in: .initial)
        try kernel.setLink("br0", [.up], in: .initial)
        try kernel.addAddress(try XCTUnwrap(IPPrefix("10.0.0.1/24")), device: "br0", in: .initial)
        var spec = RouteSpec(destination: try XCTUnwrap(IPPrefix("10.9.0.0/16")))
        spec.gateway = IPAddress("fe80::1")
        XCTAssertThrowsError(try kernel.addRoute(spec, replace: false, in: .initial)) { error in
            XCTAssertEqual(error as? KernelError, KernelError(.EINVAL, "gateway and destination families differ"))
        }
    }
}
