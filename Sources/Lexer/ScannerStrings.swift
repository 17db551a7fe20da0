/// String literals: `"..."` with escapes and `$name` / `${expr}` interpolation, `'...'` raw.
extension Scanner {
    func scanString(spaceBefore: Bool) -> Token {
        let start = pos
        let quote = bytes[pos]
        pos += 1
        var parts: [TextPart] = []
        var chunk: [UInt8] = []
        var chunkStart = pos
        func flush() {
            guard !chunk.isEmpty else { return }
            parts.append(.text(decode(chunk, chunkStart)))
            chunk = []
        }
        while pos < bytes.count {
            let c = bytes[pos]
            if c == quote {
                pos += 1
                flush()
                if pos - start > Scanner.maxLiteralLength {
                    error(
                        "string literal longer than the limit of \(Scanner.maxLiteralLength) bytes",
                        range(start, start + 1))
                    return Token(.invalid, range(start, pos), spaceBefore: spaceBefore)
                }
                return Token(.string(parts.isEmpty ? [.text("")] : parts), range(start, pos), spaceBefore: spaceBefore)
            }
            if c == UInt8(ascii: "\n") { break }
            if c == UInt8(ascii: "\\") {
                scanEscape(quote: quote, into: &chunk)
            } else if c == UInt8(ascii: "$") && quote == UInt8(ascii: "\"") && startsInterpolation() {
                flush()
                if let part = scanInterpolationPart() { parts.append(part) }
                chunkStart = pos
            } else {
                chunk.append(c)
                pos += 1
            }
        }
        errorOncePerLine("unterminated string", range(start, start + 1))
        return Token(.invalid, range(start, pos), spaceBefore: spaceBefore)
    }

    /// Whether the `$` at the current position begins `$name` or `${`.
    func startsInterpolation() -> Bool {
        guard let next = peek(1) else { return false }
        return next == UInt8(ascii: "{") || Scanner.isIdentifierStart(next)
    }

    func scanEscape(quote: UInt8, into chunk: inout [UInt8]) {
        let start = pos
        pos += 1
        guard let c = peek(0), c != UInt8(ascii: "\n") else {
            errorOncePerLine("unterminated escape sequence", range(start, pos))
            return
        }
        pos += 1
        if quote == UInt8(ascii: "'") {
            if c != UInt8(ascii: "'") && c != UInt8(ascii: "\\") { chunk.append(UInt8(ascii: "\\")) }
            chunk.append(c)
            return
        }
        let escapes: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13, UInt8(ascii: "0"): 0,
            UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "\""): UInt8(ascii: "\""),
            UInt8(ascii: "$"): UInt8(ascii: "$"), UInt8(ascii: "'"): UInt8(ascii: "'"),
        ]
        guard let byte = escapes[c] else {
            let shown = c >= 0x20 && c < 0x7f ? String(UnicodeScalar(c)) : "0x" + String(c, radix: 16)
            error("unknown escape sequence '\\\(shown)'", range(start, pos))
            return
        }
        chunk.append(byte)
    }

    /// Decodes string bytes, reporting invalid UTF-8 at the chunk that holds it.
    func decode(_ chunk: [UInt8], _ chunkStart: Int) -> String {
        if let text = String(validating: chunk, as: UTF8.self) { return text }
        error("invalid UTF-8 in string", range(chunkStart, chunkStart + 1))
        return String(decoding: chunk, as: UTF8.self)
    }
}
