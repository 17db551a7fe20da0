/// A kernel error number, with the C name and the C library's wording. Like swift-system's
/// `Errno`: a raw value with named constants, not a string.
public struct Errno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let EPERM = Errno(rawValue: 1)
    public static let ENOENT = Errno(rawValue: 2)
    public static let ESRCH = Errno(rawValue: 3)
    public static let EINTR = Errno(rawValue: 4)
    public static let EIO = Errno(rawValue: 5)
    public static let ENXIO = Errno(rawValue: 6)
    public static let EBADF = Errno(rawValue: 9)
    public static let EAGAIN = Errno(rawValue: 11)
    public static let ENOMEM = Errno(rawValue: 12)
    public static let EACCES = Errno(rawValue: 13)
    public static let EBUSY = Errno(rawValue: 16)
    public static let EEXIST = Errno(rawValue: 17)
    public static let ENODEV = Errno(rawValue: 19)
    public static let ENOTDIR = Errno(rawValue: 20)
    public static let EISDIR = Errno(rawValue: 21)
    public static let EINVAL = Errno(rawValue: 22)
    public static let ENOSPC = Errno(rawValue: 28)
    public static let ERANGE = Errno(rawValue: 34)
    public static let ENAMETOOLONG = Errno(rawValue: 36)
    public static let ELOOP = Errno(rawValue: 40)
    public static let ENOBUFS = Errno(rawValue: 105)
    public static let EOPNOTSUPP = Errno(rawValue: 95)
    public static let EAFNOSUPPORT = Errno(rawValue: 97)
    public static let EADDRINUSE = Errno(rawValue: 98)
    public static let EADDRNOTAVAIL = Errno(rawValue: 99)
    public static let ENETDOWN = Errno(rawValue: 100)
    public static let ENETUNREACH = Errno(rawValue: 101)
    public static let EHOSTUNREACH = Errno(rawValue: 113)

    private static let table: [Int32: (name: String, text: String)] = [
        1: ("EPERM", "Operation not permitted"), 2: ("ENOENT", "No such file or directory"),
        3: ("ESRCH", "No such process"), 4: ("EINTR", "Interrupted system call"), 5: ("EIO", "Input/output error"),
        6: ("ENXIO", "No such device or address"), 9: ("EBADF", "Bad file descriptor"),
        11: ("EAGAIN", "Resource temporarily unavailable"), 12: ("ENOMEM", "Cannot allocate memory"),
        13: ("EACCES", "Permission denied"), 16: ("EBUSY", "Device or resource busy"), 17: ("EEXIST", "File exists"),
        19: ("ENODEV", "No such device"), 20: ("ENOTDIR", "Not a directory"), 21: ("EISDIR", "Is a directory"),
        22: ("EINVAL", "Invalid argument"), 28: ("ENOSPC", "No space left on device"),
        34: ("ERANGE", "Numerical result out of range"), 36: ("ENAMETOOLONG", "File name too long"),
        40: ("ELOOP", "Too many levels of symbolic links"), 95: ("EOPNOTSUPP", "Operation not supported"),
        97: ("EAFNOSUPPORT", "Address family not supported by protocol"), 98: ("EADDRINUSE", "Address already in use"),
        99: ("EADDRNOTAVAIL", "Cannot assign requested address"), 100: ("ENETDOWN", "Network is down"),
        101: ("ENETUNREACH", "Network is unreachable"), 105: ("ENOBUFS", "No buffer space available"),
        113: ("EHOSTUNREACH", "No route to host"),
    ]

    /// The C name, such as `EEXIST` (or `E<number>` for one this table lacks).
    public var name: String { Errno.table[rawValue]?.name ?? "E\(rawValue)" }

    /// The C library's wording, as `strerror` gives it (`File exists`).
    public var strerror: String { Errno.table[rawValue]?.text ?? "Unknown error \(rawValue)" }

    public var description: String { strerror }

    /// The errno with a given C name (`EEXIST`), for scripts that match on it.
    public init?(name: String) {
        guard let entry = Errno.table.first(where: { $0.value.name == name }) else { return nil }
        rawValue = entry.key
    }
}
