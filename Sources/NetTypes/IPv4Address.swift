/// An IPv4 address, stored in host byte order.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad notation. Returns nil unless the text is exactly four decimal
    /// groups of 0...255 (no leading `+`, no empty group, at most three digits each).
    public init?(_ text: Substring) {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count == 4 else { return nil }
        var result: UInt32 = 0
        for group in groups {
            guard (1...3).contains(group.count), group.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt32(group), octet <= 255
            else { return nil }
            result = result << 8 | octet
        }
        value = result
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public var bytes: [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.value < rhs.value }
}
