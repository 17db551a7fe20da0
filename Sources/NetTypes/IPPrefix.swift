/// An address with a prefix length, like `10.3.16.11/20`. The address keeps its host bits
/// (as an interface address does); `network` clears them.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var length: Int

    /// Nil when the length does not fit the family.
    public init?(address: IPAddress, length: Int) {
        guard length >= 0, length <= address.bitWidth else { return nil }
        self.address = address
        self.length = length
    }

    /// Parses `ADDRESS/LENGTH`.
    public init?(_ text: Substring) {
        guard let slash = text.firstIndex(of: "/"), let address = IPAddress(text[..<slash]) else { return nil }
        let digits = text[text.index(after: slash)...]
        guard (1...3).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(digits)
        else { return nil }
        self.init(address: address, length: length)
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    /// The prefix of exactly one address: /32 for IPv4, /128 for IPv6.
    public static func host(_ address: IPAddress) -> IPPrefix {
        IPPrefix(unchecked: address, address.bitWidth)
    }

    private var hostBits: Int { address.bitWidth - length }

    /// The mask as an integer of the family's width.
    public var maskValue: UInt128 {
        let all = address.maxValue
        return hostBits >= 128 ? 0 : all & ~((UInt128(1) << UInt128(hostBits)) - 1)
    }

    /// The prefix with its host bits cleared.
    public var network: IPPrefix {
        IPPrefix(unchecked: address.withValue(address.wideValue & maskValue) ?? address, length)
    }

    public var networkAddress: IPAddress { network.address }

    /// The last address of the prefix (the IPv4 broadcast address).
    public var lastAddress: IPAddress {
        address.withValue(address.wideValue | (address.maxValue & ~maskValue)) ?? address
    }

    public var netmask: IPAddress { address.withValue(maskValue) ?? address }

    /// The number of addresses, or nil when it does not fit in an Int.
    public var size: Int? { hostBits >= 63 ? nil : 1 << hostBits }

    public func contains(_ other: IPAddress) -> Bool {
        other.family == address.family && other.wideValue & maskValue == address.wideValue & maskValue
    }

    /// Whether `other` lies wholly inside this prefix.
    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.address) }

    private init(unchecked address: IPAddress, _ length: Int) {
        self.address = address
        self.length = length
    }

    public var description: String { "\(address)/\(length)" }
}
