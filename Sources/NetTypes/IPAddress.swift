/// An address of either family.
public enum IPAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public init?(_ text: Substring) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if text.contains(":"), let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    /// 4 or 6.
    public var family: Int {
        if case .v4 = self { return 4 }
        return 6
    }

    /// The number of bits in an address of this family.
    public var bitWidth: Int { family == 4 ? 32 : 128 }

    /// The address as an unsigned integer, whatever the family.
    public var wideValue: UInt128 {
        switch self {
        case .v4(let a): return UInt128(a.value)
        case .v6(let a): return a.value
        }
    }

    /// The largest integer value an address of this family can hold.
    public var maxValue: UInt128 { family == 4 ? UInt128(UInt32.max) : UInt128.max }

    /// An address of the same family with the given integer value, or nil if it does not fit.
    public func withValue(_ value: UInt128) -> IPAddress? {
        switch self {
        case .v4: return value <= UInt128(UInt32.max) ? .v4(IPv4Address(UInt32(value))) : nil
        case .v6: return .v6(IPv6Address(value))
        }
    }

    public var description: String {
        switch self {
        case .v4(let a): return a.description
        case .v6(let a): return a.description
        }
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        (lhs.family, lhs.wideValue) < (rhs.family, rhs.wideValue)
    }
}
