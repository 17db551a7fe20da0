/// Builds netlink messages. It owns the alignment rules: every attribute starts on a 4-byte
/// boundary, and nested attributes and the message header get their length filled in when
/// they are closed, so no caller computes an offset by hand.
struct NetlinkWriter {
    private(set) var bytes: [UInt8] = []
    private var open: [Int] = []

    /// Starts a message: the 16-byte header, its length patched in `finish`.
    init(type: UInt16, flags: UInt16, sequence: UInt32) {
        u32(0)
        u16(type)
        u16(flags)
        u32(sequence)
        u32(0)
    }

    /// The finished message, with its total length in the header.
    func finish() -> [UInt8] {
        var result = bytes
        NetlinkWriter.patch(&result, at: 0, UInt32(result.count))
        return result
    }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xff), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { bytes += (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) } }
    mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }

    /// Pads with zeros to the next 4-byte boundary.
    mutating func align4() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    /// An attribute with a raw payload, padded.
    mutating func attribute(_ type: UInt16, _ payload: [UInt8]) {
        align4()
        u16(UInt16(4 + payload.count))
        u16(type)
        bytes += payload
        align4()
    }

    mutating func attribute(_ type: UInt16, u32 value: UInt32) {
        attribute(type, (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) })
    }

    mutating func attribute(_ type: UInt16, u8 value: UInt8) { attribute(type, [value]) }

    /// A big-endian 16-bit value (ports are in network order).
    mutating func attribute(_ type: UInt16, be16 value: UInt16) {
        attribute(type, [UInt8(value >> 8), UInt8(value & 0xff)])
    }

    /// A NUL-terminated string.
    mutating func attribute(_ type: UInt16, string: String) { attribute(type, Array(string.utf8) + [0]) }

    /// Opens a nested attribute; its length is filled in by `endNested`.
    mutating func beginNested(_ type: UInt16) {
        align4()
        open.append(bytes.count)
        u16(0)
        u16(type)
    }

    mutating func endNested() {
        guard let start = open.popLast() else { return }
        align4()
        let length = UInt16(bytes.count - start)
        bytes[start] = UInt8(length & 0xff)
        bytes[start + 1] = UInt8(length >> 8)
    }

    static func patch(_ bytes: inout [UInt8], at offset: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }
}
