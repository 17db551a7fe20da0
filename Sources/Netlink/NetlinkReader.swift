/// Reads netlink messages and attributes, never past the end of the buffer: a short or
/// malformed reply is a `nil`, not a trap.
struct NetlinkReader {
    let bytes: ArraySlice<UInt8>
    private(set) var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - offset }

    mutating func u8() -> UInt8? {
        guard remaining >= 1 else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }

    mutating func i32() -> Int32? { u32().map { Int32(bitPattern: $0) } }

    mutating func skip(_ n: Int) -> Bool {
        guard remaining >= n else { return false }
        offset += n
        return true
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, remaining >= n else { return nil }
        defer { offset += n }
        return bytes[offset..<offset + n]
    }

    static func align4(_ n: Int) -> Int { (n + 3) & ~3 }

    /// The attributes from here to the end, with the nested flag bits cleared.
    mutating func attributes() -> NetlinkAttributes {
        var result = NetlinkAttributes()
        while remaining >= 4 {
            let start = offset
            guard let length = u16(), let type = u16(), length >= 4, let payload = take(Int(length) - 4) else { break }
            result.entries.append((type & 0x3fff, payload))
            offset = min(bytes.endIndex, start + NetlinkReader.align4(Int(length)))
        }
        return result
    }

    /// Splits a buffer of messages into (header, body) pairs.
    static func messages(_ buffer: ArraySlice<UInt8>) -> [(header: MessageHeader, body: ArraySlice<UInt8>)] {
        var result: [(MessageHeader, ArraySlice<UInt8>)] = []
        var reader = NetlinkReader(buffer)
        while reader.remaining >= 16 {
            let start = reader.offset
            guard let length = reader.u32(), let type = reader.u16(), let flags = reader.u16(),
                let sequence = reader.u32(), let port = reader.u32(), length >= 16,
                let body = reader.take(Int(length) - 16)
            else { break }
            result.append(
                (MessageHeader(length: length, type: type, flags: flags, sequence: sequence, port: port), body))
            reader.offset = min(buffer.endIndex, start + align4(Int(length)))
        }
        return result
    }
}

struct MessageHeader: Equatable {
    var length: UInt32
    var type: UInt16
    var flags: UInt16
    var sequence: UInt32
    var port: UInt32
}

extension ArraySlice where Element == UInt8 {
    var u32: UInt32? {
        var r = NetlinkReader(self)
        return r.u32()
    }

    var u8: UInt8? { first }

    /// A NUL-terminated string attribute.
    var string: String? {
        let end = firstIndex(of: 0) ?? endIndex
        return String(validating: self[startIndex..<end], as: UTF8.self)
    }
}

/// A message's attributes in order; looked up by type (the last one of a type wins). A list,
/// not a dictionary: a message has a few dozen and a dump has thousands of messages.
struct NetlinkAttributes {
    var entries: [(type: UInt16, value: ArraySlice<UInt8>)] = []

    var isEmpty: Bool { entries.isEmpty }

    subscript(_ type: UInt16) -> ArraySlice<UInt8>? {
        entries.last { $0.type == type }?.value
    }
}
