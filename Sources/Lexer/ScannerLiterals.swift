import NetTypes

/// Runs of word characters: bare words (`docker0`, `br-lan`, `A$i`), numbers, and the
/// network literals (IPv4, IPv6, CIDR prefixes, MACs), validated here.
extension Scanner {
    func scanRun(spaceBefore: Bool) -> Token {
        let start = pos
        let first = bytes[pos]
        let wordMode = Scanner.isIdentifierStart(first) || first == UInt8(ascii: "$")
        var parts: [TextPart] = []
        var chunk: [UInt8] = []
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "$") && wordMode && startsInterpolation() {
                if !chunk.isEmpty { parts.append(.text(String(decoding: chunk, as: UTF8.self))) }
                chunk = []
                if let part = scanInterpolationPart() { parts.append(part) }
            } else if acceptsInRun(c, chunk: chunk, wordMode: wordMode, interpolated: !parts.isEmpty) {
                chunk.append(c)
                pos += 1
            } else if c == UInt8(ascii: "/") && parts.isEmpty && (!wordMode || chunk.contains(UInt8(ascii: ":")))
                && looksLikeAddress(chunk)
                && Scanner.isDigit(peek(1))
            {
                chunk.append(c)
                pos += 1
                while let d = peek(0), Scanner.isDigit(d) || Scanner.isAlnum(d) {
                    chunk.append(d)
                    pos += 1
                }
                break
            } else {
                break
            }
        }
        let tokenRange = range(start, pos)
        if pos - start > Scanner.maxLiteralLength {
            error("word longer than the limit of \(Scanner.maxLiteralLength) bytes", range(start, start + 1))
            return Token(.invalid, tokenRange, spaceBefore: spaceBefore)
        }
        if !parts.isEmpty {
            if !chunk.isEmpty { parts.append(.text(String(decoding: chunk, as: UTF8.self))) }
            return Token(.interpolatedWord(parts), tokenRange, spaceBefore: spaceBefore)
        }
        let text = String(decoding: chunk, as: UTF8.self)
        return Token(classify(text, wordMode: wordMode, at: tokenRange), tokenRange, spaceBefore: spaceBefore)
    }

    /// Whether `c` continues the current run.
    func acceptsInRun(_ c: UInt8, chunk: [UInt8], wordMode: Bool, interpolated: Bool) -> Bool {
        let next = peek(1)
        if Scanner.isAlnum(c) || c == UInt8(ascii: "_") { return true }
        let nextIsWordish = next.map { Scanner.isAlnum($0) || $0 == UInt8(ascii: "$") } ?? false
        switch c {
        case UInt8(ascii: "."):
            return next != UInt8(ascii: ".") && nextIsWordish
        case UInt8(ascii: "-"):
            return wordMode && nextIsWordish && !chunk.contains(UInt8(ascii: ":"))
        case UInt8(ascii: ":"):
            guard !interpolated, chunk.allSatisfy({ Scanner.isHexDigit($0) || $0 == UInt8(ascii: ":") }) else {
                return false
            }
            return Scanner.isHexDigit(next) || next == UInt8(ascii: ":") || chunk.last == UInt8(ascii: ":")
        default:
            return false
        }
    }

    /// Whether a `/` after this run starts a prefix length (`10.0.0.0/8`, `fe80::/64`).
    func looksLikeAddress(_ chunk: [UInt8]) -> Bool {
        chunk.contains(UInt8(ascii: ":")) || chunk.contains(UInt8(ascii: "."))
    }

    func classify(_ text: String, wordMode: Bool, at range: SourceRange) -> TokenKind {
        if text.contains(":") { return classifyColonLiteral(text, at: range) }
        if wordMode { return .word(text) }
        if text.contains("/") { return classifyPrefix(text, family: 4, at: range) }
        if text.contains(".") { return classifyIPv4(text, at: range) }
        return classifyNumber(text, at: range)
    }

    func classifyNumber(_ text: String, at range: SourceRange) -> TokenKind {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            let digits = text.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
                return invalid("invalid hex number '\(text)'", range)
            }
            guard let value = Int(digits, radix: 16) else {
                return invalid("integer literal '\(text)' is too large", range)
            }
            return .int(value)
        }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return invalid("invalid number '\(text)'", range)
        }
        guard let value = Int(text) else { return invalid("integer literal '\(text)' is too large", range) }
        return .int(value)
    }

    func classifyIPv4(_ text: String, at range: SourceRange) -> TokenKind {
        if let address = IPv4Address(text) { return .address(.v4(address)) }
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count == 4, let bad = groups.first(where: { (Int($0) ?? 0) > 255 }) {
            return invalid("invalid IPv4 address '\(text)': \(bad) is not in 0-255", range)
        }
        return invalid("invalid IPv4 address '\(text)'", range)
    }

    func classifyPrefix(_ text: String, family: Int, at range: SourceRange) -> TokenKind {
        let pieces = text.split(separator: "/", maxSplits: 1)
        let addressText = String(pieces[0])
        let address: IPAddress
        switch family == 4 ? classifyIPv4(addressText, at: range) : classifyColonLiteral(addressText, at: range) {
        case .address(let a): address = a
        case .invalid: return .invalid
        default: return invalid("invalid prefix '\(text)'", range)
        }
        let lengthText = pieces.count > 1 ? pieces[1] : ""
        guard let length = Int(lengthText), lengthText.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return invalid("invalid prefix length '\(lengthText)' in '\(text)'", range)
        }
        guard let prefix = IPPrefix(address: address, length: length) else {
            return invalid(
                "invalid prefix length \(length) in '\(text)': an IPv\(address.family) prefix is 0-\(address.bitWidth)",
                range)
        }
        return .prefix(prefix)
    }

    func classifyColonLiteral(_ text: String, at range: SourceRange) -> TokenKind {
        if text.contains("/") { return classifyPrefix(text, family: 6, at: range) }
        if let mac = MACAddress(text) { return .mac(mac) }
        if let address = IPv6Address(text) { return .address(.v6(address)) }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        if groups.allSatisfy({ $0.count == 2 }) {
            return invalid("invalid MAC address '\(text)': expected six groups of two hex digits", range)
        }
        return invalid("invalid IPv6 address '\(text)'", range)
    }

    func invalid(_ message: String, _ range: SourceRange) -> TokenKind {
        error(message, range)
        return .invalid
    }
}
