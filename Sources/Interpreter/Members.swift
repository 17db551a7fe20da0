import Lexer
import NetTypes

/// `value.member` and `value[index]`.
extension Interpreter {
    func member(_ value: Value, _ name: String, _ range: SourceRange) throws -> Value {
        let result: Value?
        switch value {
        case .prefix(let p): result = try prefixMember(p, name, range)
        case .address(let a): result = name == "family" ? .int(a.family) : nil
        case .range(let r): result = try rangeMember(r, name, range)
        case .list(let items): result = name == "length" ? .int(items.count) : nil
        case .string(let s): result = name == "length" ? .int(s.count) : nil
        case .map(let m): result = mapMember(m, name)
        case .handle(let h): result = name == "name" ? .string(h.name) : name == "kind" ? .string(h.kind) : nil
        default: result = nil
        }
        guard let result else { throw RuntimeError("\(value.typeName) has no member '\(name)'", at: range) }
        return result
    }

    func prefixMember(_ p: IPPrefix, _ name: String, _ range: SourceRange) throws -> Value? {
        switch name {
        case "address": return .address(p.address)
        case "network": return .prefix(p.network)
        case "broadcast", "last": return .address(p.lastAddress)
        case "netmask": return .address(p.netmask)
        case "prefixlen": return .int(p.length)
        case "family": return .int(p.address.family)
        case "hosts": return .range(hosts(of: p))
        case "size":
            guard let size = p.size else { throw RuntimeError("the size of \(p) does not fit in an int", at: range) }
            return .int(size)
        default: return nil
        }
    }

    /// The usable host addresses: all but the network and broadcast addresses for IPv4 (all of
    /// a /31 or /32), all but the subnet-router anycast address for IPv6 (all of a /127 or /128).
    func hosts(of p: IPPrefix) -> RangeValue {
        let first = p.networkAddress
        let last = p.lastAddress
        let hostBits = p.address.bitWidth - p.length
        guard hostBits > 1 else { return RangeValue(.addresses(first, last)) }
        let low = first.withValue(first.wideValue + 1) ?? first
        let high = p.address.family == 4 ? last.withValue(last.wideValue - 1) ?? last : last
        return RangeValue(.addresses(low, high))
    }

    func rangeMember(_ r: RangeValue, _ name: String, _ range: SourceRange) throws -> Value? {
        switch name {
        case "first": return r.first
        case "last": return r.last
        case "size", "length":
            guard let count = r.count else { throw RuntimeError("the size of \(r) does not fit in an int", at: range) }
            return .int(count)
        default: return nil
        }
    }

    func mapMember(_ m: OrderedMap, _ name: String) -> Value? {
        switch name {
        case "length": return .int(m.count)
        case "keys": return .list(m.keys)
        case "values": return .list(m.values)
        default: return m[.string(name)]
        }
    }

    func subscriptValue(_ base: Value, _ index: Value, _ range: SourceRange) throws -> Value {
        switch (base, index) {
        case (.map(let m), _):
            guard let value = m[index] else {
                throw RuntimeError("key \(index.literalDescription) not found", at: range)
            }
            return value
        case (.list(let items), .int(let i)):
            return try element(i, count: items.count, range) { items[$0] }
        case (.string(let s), .int(let i)):
            let characters = Array(s)
            return try element(i, count: characters.count, range) { .string(String(characters[$0])) }
        case (.range(let r), .int(let i)):
            guard let value = r.element(at: i) else {
                let length = r.count.map { " for length \($0)" } ?? ""
                throw RuntimeError("index \(i) is out of range\(length)", at: range)
            }
            return value
        default:
            throw RuntimeError("cannot index \(base.typeName) with \(index.typeName)", at: range)
        }
    }

    /// Indexes from the front, or from the back when negative (`$list[-1]`).
    func element(_ i: Int, count: Int, _ range: SourceRange, _ get: (Int) -> Value) throws -> Value {
        let position = i < 0 ? count + i : i
        guard position >= 0, position < count else {
            throw RuntimeError("index \(i) is out of range for length \(count)", at: range)
        }
        return get(position)
    }
}
