import Glibc
import NetModel

/// An rtnetlink socket bound to the namespace it was created in. Requests go out in batches
/// (`sendBatch`, each acknowledged), answered singly (`get`) or dumped (`dump`); errors come back
/// as `KernelError` with the extended-ack message when the kernel sent one.
final class NetlinkSocket {
    /// How often an interrupted dump (`NLM_F_DUMP_INTR`) is retried before giving up.
    static let dumpRetries = 5

    let fd: Int32
    private var sequence: UInt32 = 1
    /// Replies are received here: large enough for any one datagram of a dump (the kernel
    /// sends at most 32 KiB at a time); left uninitialised so an idle socket costs no memory.
    private var buffer = [UInt8](unsafeUninitializedCapacity: 1 << 16) { _, count in count = 1 << 16 }

    init() throws(KernelError) {
        fd = try Syscall.call { socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        var on: Int32 = 1
        // Strict checking lets dump requests filter (the main table only, no link counters).
        for option in [NL.extAck, NL.capAck, NL.getStrictChk] {
            _ = setsockopt(fd, NL.solNetlink, option, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        var size: Int32 = 1 << 20
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    func nextSequence() -> UInt32 {
        sequence &+= 1
        return sequence
    }

    func send(_ message: [UInt8]) throws(KernelError) {
        let sent = try Syscall.call { message.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) } }
        // diagnostic: internal (the kernel or the C library failing, not a script)
        if sent != message.count { throw KernelError(.EIO, "short netlink send") }
    }

    func receive() throws(KernelError) -> ArraySlice<UInt8> {
        let count = try Syscall.call { buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } }
        return buffer[0..<count]
    }

    /// Decodes an NLMSG_ERROR: 0 is success; otherwise the errno and the NLMSGERR_ATTR_MSG text.
    static func check(_ header: MessageHeader, _ payload: ArraySlice<UInt8>) throws(KernelError) {
        var reader = NetlinkReader(payload)
        // diagnostic: internal (the kernel or the C library failing, not a script)
        guard let code = reader.i32() else { throw KernelError(.EIO, "short netlink error message") }
        if code == 0 { return }
        var message: String?
        if header.flags & NL.ackTLVs != 0 {
            var echoed = reader
            let echoedLength = Int(echoed.u32() ?? 16)
            let skip = header.flags & NL.capped != 0 ? 16 : NetlinkReader.align4(echoedLength)
            if reader.skip(skip) {
                message = reader.attributes()[NL.errMsg]?.string
            }
        }
        throw KernelError(Errno(rawValue: -code), message.map(trimmedMessage))
    }

    /// The kernel's messages end with a full stop or a newline on some versions; dnsh adds its own punctuation.
    static func trimmedMessage(_ text: String) -> String {
        var text = text
        while let last = text.last, last == "." || last == "\n" || last == " " { text.removeLast() }
        return text
    }

    /// A dump request: every reply message until NLMSG_DONE; an interrupted dump starts over.
    func dump(_ type: UInt16, _ body: (inout NetlinkWriter) -> Void) throws(KernelError) -> [ArraySlice<UInt8>] {
        for _ in 0...NetlinkSocket.dumpRetries {
            let (messages, interrupted) = try dumpOnce(type, body)
            if !interrupted { return messages }
        }
        // diagnostic: internal (the kernel or the C library failing, not a script)
        throw KernelError(.EAGAIN, "the dump was interrupted \(NetlinkSocket.dumpRetries + 1) times")
    }

    private func dumpOnce(_ type: UInt16, _ body: (inout NetlinkWriter) -> Void) throws(KernelError)
        -> ([ArraySlice<UInt8>], Bool)
    {
        let seq = nextSequence()
        var writer = NetlinkWriter(type: type, flags: NL.request | NL.dump, sequence: seq)
        body(&writer)
        try send(writer.finish())
        var result: [ArraySlice<UInt8>] = []
        var interrupted = false
        while true {
            for (header, payload) in NetlinkReader.messages(try receive()) where header.sequence == seq {
                if header.flags & NL.dumpInterrupted != 0 { interrupted = true }
                switch header.type {
                case NL.done: return (result, interrupted)
                case NL.error: try NetlinkSocket.check(header, payload)
                default: result.append(Array(payload)[...])
                }
            }
        }
    }
}
