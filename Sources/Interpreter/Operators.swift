import Lexer
import NetTypes

/// The meaning of the operators on each pair of value types.
extension Interpreter {
    /// Strings and lists longer than these are refused rather than built.
    public static let maxStringLength = 1 << 20
    public static let maxListLength = 1 << 20

    func unary(_ op: UnaryOperator, _ value: Value, _ range: SourceRange) throws -> Value {
        switch (op, value) {
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, .int(let i)):
            guard i != Int.min else { throw overflow(range) }
            return .int(-i)
        default:
            throw RuntimeError("operator '\(op.rawValue)' cannot be applied to \(value.typeName)", at: range)
        }
    }

    func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        switch op {
        case .equal: return .bool(lhs == rhs)
        case .notEqual: return .bool(lhs != rhs)
        case .less, .lessEqual, .greater, .greaterEqual: return try compare(op, lhs, rhs, range)
        case .in: return try membership(lhs, rhs, range)
        case .add: return try add(lhs, rhs, range)
        case .subtract: return try subtract(lhs, rhs, range)
        case .multiply, .remainder: return try intArithmetic(op, lhs, rhs, range)
        case .divide: return try divide(lhs, rhs, range)
        case .and, .or: throw mismatch(op, lhs, rhs, range)
        }
    }

    func mismatch(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ range: SourceRange) -> RuntimeError {
        RuntimeError("operator '\(op.rawValue)' cannot be applied to \(lhs.typeName) and \(rhs.typeName)", at: range)
    }

    func overflow(_ range: SourceRange) -> RuntimeError {
        RuntimeError("integer overflow", at: range)
    }

    func add(_ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        switch (lhs, rhs) {
        case (.int, .int): return try intArithmetic(.add, lhs, rhs, range)
        case (.string(let a), .string(let b)):
            guard a.utf8.count + b.utf8.count <= Interpreter.maxStringLength else {
                throw RuntimeError("string longer than the limit of \(Interpreter.maxStringLength) bytes", at: range)
            }
            try charge(size: a.utf8.count + b.utf8.count, range)
            return .string(a + b)
        case (.list(let a), .list(let b)):
            guard a.count + b.count <= Interpreter.maxListLength else {
                throw RuntimeError("list longer than the limit of \(Interpreter.maxListLength) items", at: range)
            }
            try charge(size: a.count + b.count, range)
            return .list(a + b)
        case (.address(let a), .int(let n)), (.int(let n), .address(let a)): return try offset(a, by: n, range)
        case (.mac(let m), .int(let n)), (.int(let n), .mac(let m)): return try offset(m, by: n, range)
        default: throw mismatch(.add, lhs, rhs, range)
        }
    }

    func subtract(_ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        switch (lhs, rhs) {
        case (.int, .int): return try intArithmetic(.subtract, lhs, rhs, range)
        case (.address(let a), .int(let n)):
            guard n != Int.min else { throw overflow(range) }
            return try offset(a, by: -n, range)
        case (.mac(let m), .int(let n)):
            guard n != Int.min else { throw overflow(range) }
            return try offset(m, by: -n, range)
        case (.address(let a), .address(let b)) where a.family == b.family:
            let (hi, lo, sign) = a.wideValue >= b.wideValue ? (a, b, 1) : (b, a, -1)
            let difference = hi.wideValue - lo.wideValue
            guard difference <= UInt128(Int.max) else { throw overflow(range) }
            return .int(sign * Int(difference))
        default: throw mismatch(.subtract, lhs, rhs, range)
        }
    }

    func offset(_ address: IPAddress, by n: Int, _ range: SourceRange) throws -> Value {
        let base = address.wideValue
        let magnitude = UInt128(n.magnitude)
        let (value, wrapped) =
            n >= 0 ? base.addingReportingOverflow(magnitude) : base.subtractingReportingOverflow(magnitude)
        guard !wrapped, let result = address.withValue(value) else {
            throw RuntimeError("address \(address) \(n >= 0 ? "+" : "-") \(n.magnitude) is out of range", at: range)
        }
        return .address(result)
    }

    func offset(_ mac: MACAddress, by n: Int, _ range: SourceRange) throws -> Value {
        let (value, wrapped) =
            n >= 0
            ? mac.value.addingReportingOverflow(UInt64(n)) : mac.value.subtractingReportingOverflow(UInt64(n.magnitude))
        guard !wrapped, let result = MACAddress(value: value) else {
            throw RuntimeError("MAC address \(mac) \(n >= 0 ? "+" : "-") \(n.magnitude) is out of range", at: range)
        }
        return .mac(result)
    }

    func intArithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        guard case .int(let a) = lhs, case .int(let b) = rhs else { throw mismatch(op, lhs, rhs, range) }
        let (value, overflowed): (Int, Bool)
        switch op {
        case .add: (value, overflowed) = a.addingReportingOverflow(b)
        case .subtract: (value, overflowed) = a.subtractingReportingOverflow(b)
        case .multiply: (value, overflowed) = a.multipliedReportingOverflow(by: b)
        default:
            guard b != 0 else { throw RuntimeError("division by zero", at: range) }
            if op == .remainder && b == -1 { return .int(0) }
            (value, overflowed) =
                op == .divide ? a.dividedReportingOverflow(by: b) : a.remainderReportingOverflow(dividingBy: b)
        }
        guard !overflowed else { throw overflow(range) }
        return .int(value)
    }

    /// `int / int` divides; `ADDRESS / LENGTH` makes a prefix.
    func divide(_ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        guard case .address(let a) = lhs, case .int(let length) = rhs else {
            return try intArithmetic(.divide, lhs, rhs, range)
        }
        guard let prefix = IPPrefix(address: a, length: length) else {
            throw RuntimeError(
                "invalid prefix length \(length): an IPv\(a.family) prefix is 0-\(a.bitWidth)", at: range)
        }
        return .prefix(prefix)
    }

    func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, _ range: SourceRange) throws -> Value {
        let order: Bool?
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): order = compare(op, a, b)
        case (.string(let a), .string(let b)): order = compare(op, a, b)
        case (.address(let a), .address(let b)) where a.family == b.family: order = compare(op, a, b)
        case (.mac(let a), .mac(let b)): order = compare(op, a, b)
        default: order = nil
        }
        guard let order else { throw mismatch(op, lhs, rhs, range) }
        return .bool(order)
    }

    func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Bool {
        switch op {
        case .less: return a < b
        case .lessEqual: return a <= b
        case .greater: return a > b
        default: return a >= b
        }
    }

    /// `x in container`: list element, map key, substring, address or prefix in a prefix, range member.
    func membership(_ item: Value, _ container: Value, _ range: SourceRange) throws -> Value {
        switch (item, container) {
        case (_, .list(let items)): return .bool(items.contains(item))
        case (_, .map(let map)): return .bool(map[item] != nil)
        case (.string(let needle), .string(let haystack)): return .bool(needle.isEmpty || haystack.contains(needle))
        case (.address(let a), .prefix(let p)): return .bool(p.contains(a))
        case (.prefix(let inner), .prefix(let outer)): return .bool(outer.network.contains(inner.network))
        case (_, .range(let r)): return .bool(r.contains(item))
        default: throw mismatch(.in, item, container, range)
        }
    }

    /// `a .. b` over ints or addresses of one family.
    func makeRange(_ lower: Value, _ upper: Value, _ range: SourceRange) throws -> Value {
        switch (lower, upper) {
        case (.int(let a), .int(let b)): return .range(RangeValue(.ints(a, b)))
        case (.address(let a), .address(let b)) where a.family == b.family:
            return .range(RangeValue(.addresses(a, b)))
        default:
            throw RuntimeError("cannot make a range from \(lower.typeName) to \(upper.typeName)", at: range)
        }
    }
}
