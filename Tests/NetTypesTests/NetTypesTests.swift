import NetTypes
import XCTest

// MARK: - IPv4

final class IPv4AddressTests: XCTestCase {
    func testParsesDottedQuad() throws {
        let a = try XCTUnwrap(IPv4Address("10.3.16.11"))
        XCTAssertEqual(a.value, 0x0A03_100B)
        XCTAssertEqual(a.bytes, [10, 3, 16, 11])
        XCTAssertEqual(a.description, "10.3.16.11")
    }

    func testParsesExtremes() {
        XCTAssertEqual(IPv4Address("0.0.0.0")?.value, 0)
        XCTAssertEqual(IPv4Address("255.255.255.255")?.value, UInt32.max)
        XCTAssertEqual(IPv4Address("0.0.0.0")?.description, "0.0.0.0")
        XCTAssertEqual(IPv4Address("255.255.255.255")?.description, "255.255.255.255")
    }

    func testOctetInitializerMatchesParsing() {
        XCTAssertEqual(IPv4Address(192, 168, 1, 254), IPv4Address("192.168.1.254"))
        XCTAssertEqual(IPv4Address(192, 168, 1, 254).description, "192.168.1.254")
    }

    func testRejectsInvalidText() {
        let bad = [
            "", "10.3.16", "10.3.16.11.5", "10.3.16.300", "256.0.0.0", "10..16.11", "10.3.16.", ".10.3.16",
            "10.3.16.-1", "+10.3.16.11", "10.3.16.1a", "a.b.c.d", " 10.3.16.11", "10.3.16.11 ", "10.3.16.0011",
            "10,3,16,11", "1.2.3.\u{0664}", "fe80::1", "10.3.16.11/20",
        ]
        for text in bad {
            XCTAssertNil(IPv4Address(text), "'\(text)' should not parse as IPv4")
        }
    }

    func testOrdering() {
        XCTAssertLessThan(IPv4Address("10.0.0.9")!, IPv4Address("10.0.0.10")!)
        XCTAssertLessThan(IPv4Address("9.255.255.255")!, IPv4Address("10.0.0.0")!)
    }

    func testParsesSubstring() {
        let text = "x10.0.0.1y"
        let inner = text.dropFirst().dropLast()
        XCTAssertEqual(IPv4Address(inner)?.description, "10.0.0.1")
    }
}

// MARK: - IPv6

final class IPv6AddressTests: XCTestCase {
    func v6(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPv6Address? {
        let a = IPv6Address(text)
        XCTAssertNotNil(a, "'\(text)' should parse as IPv6", file: file, line: line)
        return a
    }

    func testParsesRFC4291Forms() {
        XCTAssertEqual(v6("fe80::1")?.value, (UInt128(0xfe80) << 112) | 1)
        XCTAssertEqual(v6("::")?.value, 0)
        XCTAssertEqual(v6("::1")?.value, 1)
        XCTAssertEqual(v6("2001:db8::10")?.groups, [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x10])
        XCTAssertEqual(
            v6("2001:0db8:0000:0000:0000:ff00:0042:8329")?.groups,
            [0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329])
        XCTAssertEqual(v6("1:2:3:4:5:6:7:8")?.groups, [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(v6("1::")?.groups, [1, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(v6("1::8")?.groups, [1, 0, 0, 0, 0, 0, 0, 8])
        // `::` may stand for a single zero group.
        XCTAssertEqual(v6("1::3:4:5:6:7:8")?.groups, [1, 0, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(v6("FE80::ABCD")?.groups, [0xfe80, 0, 0, 0, 0, 0, 0, 0xabcd])
    }

    func testParsesEmbeddedIPv4() {
        XCTAssertEqual(v6("::ffff:10.0.0.1")?.groups, [0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001])
        XCTAssertEqual(v6("1:2:3:4:5:6:10.0.0.1")?.groups, [1, 2, 3, 4, 5, 6, 0x0a00, 1])
        XCTAssertEqual(v6("64:ff9b::192.0.2.33")?.groups, [0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0221])
    }

    func testBytes() {
        XCTAssertEqual(v6("2001:db8::1")?.bytes, [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    }

    func testRejectsInvalidText() {
        let bad = [
            "", ":", ":::", "1:::2", "::1::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8", "12345::", "g::1", ":1", "1:", "1:2:3:4:5:6:7:", ":1:2:3:4:5:6:7:8",
            "::10.0.0.1:1", "::ffff:10.0.0.300", "::ffff:10.0.0", "1:2:3:4:5:6:7:10.0.0.1", "fe80::1%eth0",
            "fe80::/64", " ::1", "::1 ", "10.0.0.1", "fe80:: 1", "::\u{FF11}",
        ]
        for text in bad {
            XCTAssertNil(IPv6Address(text), "'\(text)' should not parse as IPv6")
        }
    }

    func testRFC5952Printing() {
        let cases: [(String, String)] = [
            ("fe80::1", "fe80::1"),
            ("::", "::"),
            ("::1", "::1"),
            ("1::", "1::"),
            ("2001:0db8:0000:0000:0000:0000:0000:0010", "2001:db8::10"),
            ("2001:DB8::AbCd", "2001:db8::abcd"),
            // Leading zeros in a group are dropped.
            ("2001:0db8:0001:0000:0000:0000:0000:0001", "2001:db8:1::1"),
            // A single zero group is not shortened to `::`.
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8"),
            ("1::3:4:5:6:7:8", "1:0:3:4:5:6:7:8"),
            // The longest run is shortened.
            ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
            // Of two equal runs, the first is shortened.
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("1:0:0:2:3:0:0:4", "1::2:3:0:0:4"),
            ("0:0:1:2:3:4:5:6", "::1:2:3:4:5:6"),
            ("1:2:3:4:5:6:0:0", "1:2:3:4:5:6::"),
            ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
            ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(IPv6Address(input)?.description, expected, "printing \(input)")
        }
    }

    /// RFC 5952 section 5: IPv4-mapped addresses are printed with the dotted-quad tail.
    func testRFC5952PrintsIPv4MappedWithDottedTail() {
        XCTAssertEqual(IPv6Address("::ffff:10.0.0.1")?.description, "::ffff:10.0.0.1")
        XCTAssertEqual(IPv6Address("::ffff:a00:1")?.description, "::ffff:10.0.0.1")
    }

    func testPrintingRoundTrips() {
        for text in ["fe80::1", "2001:db8::10", "::", "1:2:3:4:5:6:7:8", "2001:db8:0:1:1:1:1:1", "abcd::1234:0:0:1"] {
            let a = IPv6Address(text)!
            XCTAssertEqual(IPv6Address(a.description), a, text)
        }
    }

    func testOrdering() {
        XCTAssertLessThan(IPv6Address("::1")!, IPv6Address("::2")!)
        XCTAssertLessThan(IPv6Address("fe7f:ffff::")!, IPv6Address("fe80::")!)
    }
}

// MARK: - IPAddress

final class IPAddressTests: XCTestCase {
    func testChoosesFamily() {
        XCTAssertEqual(IPAddress("10.3.16.11"), .v4(IPv4Address(10, 3, 16, 11)))
        XCTAssertEqual(IPAddress("10.3.16.11")?.family, 4)
        XCTAssertEqual(IPAddress("10.3.16.11")?.bitWidth, 32)
        XCTAssertEqual(IPAddress("fe80::1")?.family, 6)
        XCTAssertEqual(IPAddress("fe80::1")?.bitWidth, 128)
        XCTAssertEqual(IPAddress("::")?.family, 6)
        XCTAssertEqual(IPAddress("::ffff:10.0.0.1")?.family, 6)
    }

    func testRejectsNonAddresses() {
        for text in ["", "docker0", "10.3.16.300", "10.3.16", "12345", "fe80::1::2", "10.3.16.0/20", "abc"] {
            XCTAssertNil(IPAddress(text), "'\(text)' should not parse as an address")
        }
    }

    func testDescription() {
        XCTAssertEqual(IPAddress("10.3.16.11")?.description, "10.3.16.11")
        XCTAssertEqual(IPAddress("2001:DB8:0:0::10")?.description, "2001:db8::10")
    }

    func testWideValueAndWithValue() throws {
        let a = try XCTUnwrap(IPAddress("10.0.0.255"))
        XCTAssertEqual(a.wideValue, 0x0A00_00FF)
        XCTAssertEqual(a.withValue(a.wideValue + 1)?.description, "10.0.1.0")
        XCTAssertEqual(a.maxValue, UInt128(UInt32.max))
        XCTAssertNil(a.withValue(UInt128(UInt32.max) + 1), "an IPv4 address cannot exceed 32 bits")
        let b = try XCTUnwrap(IPAddress("::1"))
        XCTAssertEqual(b.maxValue, UInt128.max)
        XCTAssertEqual(b.withValue(UInt128.max)?.description, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
    }

    func testOrderingGroupsFamilies() {
        XCTAssertLessThan(IPAddress("10.0.0.1")!, IPAddress("10.0.0.2")!)
        XCTAssertLessThan(IPAddress("fe80::1")!, IPAddress("fe80::2")!)
        XCTAssertNotEqual(IPAddress("0.0.0.1"), IPAddress("::1"))
    }
}

// MARK: - IPPrefix

final class IPPrefixTests: XCTestCase {
    func prefix(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPPrefix {
        guard let p = IPPrefix(text) else {
            XCTFail("'\(text)' should parse as a prefix", file: file, line: line)
            return IPPrefix(address: .v4(IPv4Address(0)), length: 0)!
        }
        return p
    }

    func testParsesAndKeepsHostBits() {
        let p = prefix("10.3.16.11/20")
        XCTAssertEqual(p.address.description, "10.3.16.11")
        XCTAssertEqual(p.length, 20)
        XCTAssertEqual(p.description, "10.3.16.11/20")
        XCTAssertEqual(prefix("fd00::1/64").description, "fd00::1/64")
        XCTAssertEqual(prefix("FD00:0::/64").description, "fd00::/64")
    }

    func testLengthBounds() {
        XCTAssertNotNil(IPPrefix("10.0.0.0/0"))
        XCTAssertNotNil(IPPrefix("10.0.0.0/32"))
        XCTAssertNil(IPPrefix("10.3.16.0/33"))
        XCTAssertNotNil(IPPrefix("fd00::/0"))
        XCTAssertNotNil(IPPrefix("fd00::/128"))
        XCTAssertNil(IPPrefix("fd00::/129"))
        XCTAssertNil(IPPrefix(address: .v4(IPv4Address(0)), length: -1))
        XCTAssertNil(IPPrefix(address: .v4(IPv4Address(0)), length: 33))
        XCTAssertNotNil(IPPrefix(address: .v6(IPv6Address(0)), length: 128))
    }

    func testRejectsInvalidText() {
        let bad = [
            "", "10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.0/8x", "10.0.0.0/0008",
            "10.0.0.0/8/8", "10.0.0.300/8", "docker0/8", "fe80::1::/64", "10.0.0.0/ 8", "10.0.0.0 /8",
            "12:34:56:78:9a:bc/24",
        ]
        for text in bad {
            XCTAssertNil(IPPrefix(text), "'\(text)' should not parse as a prefix")
        }
    }

    func testIPv4Members() {
        let p = prefix("10.3.16.11/20")
        XCTAssertEqual(p.network.description, "10.3.16.0/20")
        XCTAssertEqual(p.networkAddress.description, "10.3.16.0")
        XCTAssertEqual(p.lastAddress.description, "10.3.31.255")
        XCTAssertEqual(p.netmask.description, "255.255.240.0")
        XCTAssertEqual(p.size, 4096)

        let q = prefix("192.168.1.77/24")
        XCTAssertEqual(q.network.description, "192.168.1.0/24")
        XCTAssertEqual(q.lastAddress.description, "192.168.1.255")
        XCTAssertEqual(q.netmask.description, "255.255.255.0")
        XCTAssertEqual(q.size, 256)

        let r = prefix("10.0.0.5/31")
        XCTAssertEqual(r.network.description, "10.0.0.4/31")
        XCTAssertEqual(r.lastAddress.description, "10.0.0.5")
        XCTAssertEqual(r.netmask.description, "255.255.255.254")
        XCTAssertEqual(r.size, 2)
    }

    func testIPv4SlashZero() {
        let p = prefix("10.3.16.11/0")
        XCTAssertEqual(p.network.description, "0.0.0.0/0")
        XCTAssertEqual(p.lastAddress.description, "255.255.255.255")
        XCTAssertEqual(p.netmask.description, "0.0.0.0")
        XCTAssertEqual(p.size, 1 << 32)
        XCTAssertTrue(p.contains(IPAddress("0.0.0.0")!))
        XCTAssertTrue(p.contains(IPAddress("255.255.255.255")!))
        XCTAssertFalse(p.contains(IPAddress("::")!), "an IPv4 prefix holds no IPv6 address")
        XCTAssertTrue(p.contains(prefix("192.168.0.0/16")))
        XCTAssertTrue(p.contains(prefix("0.0.0.0/0")))
    }

    func testIPv4SlashThirtyTwo() {
        let p = prefix("10.3.16.11/32")
        XCTAssertEqual(p.network.description, "10.3.16.11/32")
        XCTAssertEqual(p.lastAddress.description, "10.3.16.11")
        XCTAssertEqual(p.netmask.description, "255.255.255.255")
        XCTAssertEqual(p.size, 1)
        XCTAssertTrue(p.contains(IPAddress("10.3.16.11")!))
        XCTAssertFalse(p.contains(IPAddress("10.3.16.10")!))
        XCTAssertFalse(p.contains(IPAddress("10.3.16.12")!))
        XCTAssertTrue(prefix("255.255.255.255/32").contains(IPAddress("255.255.255.255")!))
        XCTAssertEqual(prefix("255.255.255.255/32").lastAddress.description, "255.255.255.255")
    }

    func testIPv4ContainsAddress() {
        let p = prefix("10.3.16.11/20")
        XCTAssertTrue(p.contains(IPAddress("10.3.16.0")!))
        XCTAssertTrue(p.contains(IPAddress("10.3.31.255")!))
        XCTAssertTrue(p.contains(IPAddress("10.3.20.1")!))
        XCTAssertFalse(p.contains(IPAddress("10.3.32.0")!))
        XCTAssertFalse(p.contains(IPAddress("10.3.15.255")!))
        XCTAssertFalse(p.contains(IPAddress("::ffff:10.3.16.11")!))
    }

    func testContainsPrefix() {
        let p = prefix("10.0.0.0/8")
        XCTAssertTrue(p.contains(prefix("10.3.16.0/20")))
        XCTAssertTrue(p.contains(prefix("10.0.0.0/8")))
        XCTAssertTrue(p.contains(prefix("10.255.255.255/32")))
        XCTAssertFalse(prefix("10.3.16.0/20").contains(p), "a wider prefix is not inside a narrower one")
        XCTAssertFalse(p.contains(prefix("11.0.0.0/16")))
        XCTAssertFalse(p.contains(prefix("fd00::/64")))
        XCTAssertTrue(prefix("fd00::/8").contains(prefix("fd12:3456::/48")))
        XCTAssertFalse(prefix("fd00::/64").contains(prefix("fd00::/48")))
    }

    func testIPv6Members() {
        let p = prefix("2001:db8::10/64")
        XCTAssertEqual(p.network.description, "2001:db8::/64")
        XCTAssertEqual(p.lastAddress.description, "2001:db8::ffff:ffff:ffff:ffff")
        XCTAssertEqual(p.netmask.description, "ffff:ffff:ffff:ffff::")
        XCTAssertNil(p.size, "2^64 addresses do not fit in an Int")
        XCTAssertTrue(p.contains(IPAddress("2001:db8::ffff")!))
        XCTAssertFalse(p.contains(IPAddress("2001:db8:0:1::")!))
        XCTAssertFalse(p.contains(IPAddress("10.0.0.1")!))

        let q = prefix("fd00::1234/120")
        XCTAssertEqual(q.network.description, "fd00::1200/120")
        XCTAssertEqual(q.lastAddress.description, "fd00::12ff")
        XCTAssertEqual(q.size, 256)

        XCTAssertEqual(prefix("fd00::/66").size, 1 << 62)
        XCTAssertNil(prefix("fd00::/65").size)
    }

    func testIPv6SlashZero() {
        let p = prefix("fe80::1/0")
        XCTAssertEqual(p.network.description, "::/0")
        XCTAssertEqual(p.lastAddress.description, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        XCTAssertEqual(p.netmask.description, "::")
        XCTAssertNil(p.size)
        XCTAssertTrue(p.contains(IPAddress("::")!))
        XCTAssertTrue(p.contains(IPAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")!))
        XCTAssertFalse(p.contains(IPAddress("0.0.0.0")!))
    }

    func testIPv6SlashOneTwentyEight() {
        let p = prefix("fe80::1/128")
        XCTAssertEqual(p.network.description, "fe80::1/128")
        XCTAssertEqual(p.lastAddress.description, "fe80::1")
        XCTAssertEqual(p.netmask.description, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        XCTAssertEqual(p.size, 1)
        XCTAssertTrue(p.contains(IPAddress("fe80::1")!))
        XCTAssertFalse(p.contains(IPAddress("fe80::2")!))
        XCTAssertFalse(p.contains(IPAddress("fe80::")!))
        let all = prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")
        XCTAssertEqual(all.lastAddress.description, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
    }

    func testEqualityKeepsHostBits() {
        XCTAssertNotEqual(prefix("10.3.16.11/20"), prefix("10.3.16.0/20"))
        XCTAssertEqual(prefix("10.3.16.11/20").network, prefix("10.3.16.0/20"))
    }
}

// MARK: - MAC

final class MACAddressTests: XCTestCase {
    func testParsesAndPrints() throws {
        let m = try XCTUnwrap(MACAddress("12:34:56:78:9a:bc"))
        XCTAssertEqual(m.value, 0x1234_5678_9abc)
        XCTAssertEqual(m.bytes, [0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc])
        XCTAssertEqual(m.description, "12:34:56:78:9a:bc")
        XCTAssertEqual(MACAddress("02:42:0A:03:10:0B")?.description, "02:42:0a:03:10:0b")
        XCTAssertEqual(MACAddress("00:00:00:00:00:00")?.description, "00:00:00:00:00:00")
        XCTAssertEqual(MACAddress("ff:ff:ff:ff:ff:ff")?.value, MACAddress.maxValue)
    }

    func testRejectsInvalidText() {
        let bad = [
            "", "12:34:56:78:9a", "12:34:56:78:9a:bc:de", "1:2:3:4:5:6", "12:34:56:78:9a:bcd", "12-34-56-78-9a-bc",
            "12:34:56:78:9a:bg", "12:34:56:78:9a:", ":12:34:56:78:9a", "12:34::78:9a:bc", "1234.5678.9abc",
            "12:34:56:78:9a:+b", " 12:34:56:78:9a:bc",
        ]
        for text in bad {
            XCTAssertNil(MACAddress(text), "'\(text)' should not parse as a MAC")
        }
    }

    func testValueInitializer() {
        XCTAssertEqual(MACAddress(value: 0x0242_0a03_100b)?.description, "02:42:0a:03:10:0b")
        XCTAssertNotNil(MACAddress(value: MACAddress.maxValue))
        XCTAssertNil(MACAddress(value: MACAddress.maxValue + 1))
    }

    func testMulticastBit() {
        XCTAssertTrue(MACAddress("01:00:5e:00:00:01")!.isMulticast)
        XCTAssertTrue(MACAddress("ff:ff:ff:ff:ff:ff")!.isMulticast)
        XCTAssertFalse(MACAddress("02:42:0a:03:10:0b")!.isMulticast)
    }

    func testOrdering() {
        XCTAssertLessThan(MACAddress("02:42:0a:03:10:0b")!, MACAddress("02:42:0a:03:10:0c")!)
        XCTAssertLessThan(MACAddress("00:ff:ff:ff:ff:ff")!, MACAddress("01:00:00:00:00:00")!)
    }
}
