/// An IPv6 address as a 128-bit integer (most significant group first).
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt128

    public init(_ value: UInt128) { self.value = value }

    /// Parses RFC 4291 text: eight groups of up to four hex digits, one `::` for a run of
    /// zero groups, and an optional dotted-quad tail (`::ffff:10.0.0.1`).
    public init?(_ text: Substring) {
        guard let groups = IPv6Address.parseGroups(text) else { return nil }
        value = groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    public init?(_ text: String) { self.init(Substring(text)) }

    private static func parseGroups(_ text: Substring) -> [UInt16]? {
        let halves = splitOnDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        guard var head = parseHalf(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = parseHalf(halves[1]), head.count + tail.count <= 7 else { return nil }
        head += [UInt16](repeating: 0, count: 8 - head.count - tail.count)
        return head + tail
    }

    private static func splitOnDoubleColon(_ text: Substring) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let next = text.index(after: i)
            if text[i] == ":", next < text.endIndex, text[next] == ":" {
                pieces.append(text[start..<i])
                start = text.index(after: next)
                i = start
            } else {
                i = next
            }
        }
        pieces.append(text[start...])
        return pieces
    }

    private static func parseHalf(_ text: Substring) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (i, part) in parts.enumerated() {
            if i == parts.count - 1, part.contains("."), let v4 = IPv4Address(part) {
                groups += [UInt16(v4.value >> 16), UInt16(v4.value & 0xffff)]
            } else {
                guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), part.allSatisfy(\.isASCII),
                    let group = UInt16(part, radix: 16)
                else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    public var groups: [UInt16] { (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * UInt128($0))) } }

    public var bytes: [UInt8] { (0..<16).map { UInt8(truncatingIfNeeded: value >> (120 - 8 * UInt128($0))) } }

    /// RFC 5952 canonical text: lower case, the longest run (two or more) of zero groups as `::`.
    public var description: String {
        if value >> 32 == 0xffff {
            return "::ffff:" + IPv4Address(UInt32(truncatingIfNeeded: value)).description
        }
        let g = groups
        var best = (start: -1, length: 0)
        var i = 0
        while i < 8 {
            guard g[i] == 0 else { i += 1; continue }
            var j = i
            while j < 8 && g[j] == 0 { j += 1 }
            if j - i > best.length { best = (i, j - i) }
            i = j
        }
        func hex(_ range: Range<Int>) -> String { g[range].map { String($0, radix: 16) }.joined(separator: ":") }
        guard best.length >= 2 else { return hex(0..<8) }
        return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
    }

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool { lhs.value < rhs.value }
}
