/// A failed kernel operation: the errno, and the extended-ack message where the kernel gave one
/// (`Nexthop has invalid gateway`).
public struct KernelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var errno: Errno
    public var message: String?

    public init(_ errno: Errno, _ message: String? = nil) {
        self.errno = errno
        self.message = message
    }

    /// `File exists (EEXIST)`, then `: MESSAGE` when there is one.
    public var description: String {
        "\(errno.strerror) (\(errno.name))" + (message.map { ": \($0)" } ?? "")
    }

    static func noDevice(_ name: String) -> KernelError {
        KernelError(.ENODEV, "Cannot find device \"\(name)\"")
    }
}
