import NetTypes

/// An inclusive range of integers or addresses (`1..4`, `10.3.16.11 .. 10.3.16.14`).
/// Walked lazily: a range over a /8 is two numbers, not sixteen million values.
public struct RangeValue: Hashable, Sendable, CustomStringConvertible {
    public enum Bounds: Hashable, Sendable {
        case ints(Int, Int)
        case addresses(IPAddress, IPAddress)
    }

    public var bounds: Bounds

    public init(_ bounds: Bounds) { self.bounds = bounds }

    /// The number of elements, or nil when it does not fit an Int.
    public var count: Int? {
        switch bounds {
        case .ints(let lo, let hi):
            guard hi >= lo else { return 0 }
            let (d, overflow) = hi.subtractingReportingOverflow(lo)
            return overflow || d == Int.max ? nil : d + 1
        case .addresses(let lo, let hi):
            guard hi.wideValue >= lo.wideValue else { return 0 }
            let d = hi.wideValue - lo.wideValue
            return d >= UInt128(Int.max) ? nil : Int(d) + 1
        }
    }

    /// The element at a zero-based offset, or nil past the end.
    public func element(at offset: Int) -> Value? {
        guard offset >= 0 else { return nil }
        switch bounds {
        case .ints(let lo, let hi):
            let (v, overflow) = lo.addingReportingOverflow(offset)
            return !overflow && v <= hi ? .int(v) : nil
        case .addresses(let lo, let hi):
            let (v, overflow) = lo.wideValue.addingReportingOverflow(UInt128(offset))
            guard !overflow, v <= hi.wideValue, let a = lo.withValue(v) else { return nil }
            return .address(a)
        }
    }

    public func contains(_ value: Value) -> Bool {
        switch (bounds, value) {
        case (.ints(let lo, let hi), .int(let v)): return lo <= v && v <= hi
        case (.addresses(let lo, let hi), .address(let a)):
            return a.family == lo.family && lo.wideValue <= a.wideValue && a.wideValue <= hi.wideValue
        default: return false
        }
    }

    public var first: Value {
        switch bounds {
        case .ints(let lo, _): return .int(lo)
        case .addresses(let lo, _): return .address(lo)
        }
    }

    public var last: Value {
        switch bounds {
        case .ints(_, let hi): return .int(hi)
        case .addresses(_, let hi): return .address(hi)
        }
    }

    public var description: String {
        switch bounds {
        case .ints(let lo, let hi): return "\(lo)..\(hi)"
        case .addresses(let lo, let hi): return "\(lo)..\(hi)"
        }
    }
}
