/// A 48-bit Ethernet address.
public struct MACAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let maxValue: UInt64 = 0xffff_ffff_ffff
    public var value: UInt64

    public init?(value: UInt64) {
        guard value <= MACAddress.maxValue else { return nil }
        self.value = value
    }

    /// The low 48 bits of `value`.
    public init(truncating value: UInt64) {
        self.value = value & MACAddress.maxValue
    }

    /// Parses six colon-separated groups of exactly two hex digits.
    public init?(_ text: Substring) {
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        guard groups.count == 6 else { return nil }
        var result: UInt64 = 0
        for group in groups {
            guard group.count == 2, group.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                let octet = UInt64(group, radix: 16)
            else { return nil }
            result = result << 8 | octet
        }
        value = result
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    public var bytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: value >> (40 - 8 * UInt64($0))) } }

    /// The group bit of the first octet: set for multicast and broadcast addresses.
    public var isMulticast: Bool { value >> 40 & 1 == 1 }

    public var description: String {
        bytes.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
    }

    public static func < (lhs: MACAddress, rhs: MACAddress) -> Bool { lhs.value < rhs.value }
}
