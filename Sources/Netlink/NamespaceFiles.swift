import CSyscalls
import Foundation
import Glibc
import NetModel

/// Network namespaces as files, the way ip(8) keeps them: named ones are bind mounts of a
/// namespace under /run/netns; a process's is /proc/PID/ns/net. Work that must happen inside a
/// namespace (making its socket, writing its sysctls) runs on the main thread while dnsh has
/// only that one, which then returns to its own namespace (`visiting`), or else on a
/// short-lived thread that enters it (setns is per thread); everything else stays in the
/// namespace dnsh started in.
enum NamespaceFiles {
    static let directory = "/run/netns"

    static func path(_ ref: NamespaceRef) -> String {
        switch ref {
        case .initial: return "/proc/self/ns/net"
        case .named(let name): return "\(directory)/\(name)"
        case .pid(let pid): return "/proc/\(pid)/ns/net"
        case .path(let path): return path
        }
    }

    /// Opens a namespace file read-only; the error says which namespace could not be opened.
    static func open(_ ref: NamespaceRef) throws(KernelError) -> Int32 {
        do {
            return try Syscall.call { Glibc.open(path(ref), O_RDONLY | O_CLOEXEC) }
        } catch {
            switch ref {
            case .pid: throw KernelError(error.errno, "Cannot open network namespace \"\(path(ref))\"")
            default: throw KernelError(error.errno, "Cannot open network namespace \"\(ref)\"")
            }
        }
    }

    /// `ip netns add NAME` for each name: an empty file under /run/netns with a new namespace
    /// bind-mounted on it. One thread makes them all (unshare moves it into each new namespace in
    /// turn) and makes a netlink socket inside each, so the first requests need no second trip.
    static func create(_ names: [String]) -> [Result<NetlinkSocket, KernelError>] {
        mkdir(directory, 0o755)
        return visiting { names.map(createHere) } ?? onThread { names.map(createHere) }
    }

    /// Makes one namespace from the calling thread, which ends up inside it.
    private static func createHere(_ name: String) -> Result<NetlinkSocket, KernelError> {
        let target = "\(directory)/\(name)"
        let fd = Glibc.open(target, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0)
        if fd < 0 {
            let code = Errno(rawValue: errno)
            return .failure(KernelError(code, "Cannot create namespace file \"\(target)\": \(code.strerror)"))
        }
        close(fd)
        guard dnsh_unshare_netns() == 0, mount("/proc/thread-self/ns/net", target, "none", UInt(MS_BIND), nil) == 0
        else {
            let code = Errno(rawValue: errno)
            unlink(target)
            return .failure(KernelError(code, "Cannot create namespace \"\(name)\""))
        }
        return Result { () throws(KernelError) in try NetlinkSocket() }
    }

    /// Sockets made inside each of the namespaces `fds`, by a few threads that each enter
    /// their share of them in turn (entering a namespace mostly waits, so they overlap well).
    static func sockets(inside fds: [Int32]) -> [Result<NetlinkSocket, KernelError>] {
        visiting { fds.map(socket(inside:)) } ?? inParallel(fds, threads: 8, socket(inside:))
    }

    static func socket(inside fd: Int32) -> Result<NetlinkSocket, KernelError> {
        guard dnsh_setns_net(fd) == 0 else {
            return .failure(KernelError(Errno(rawValue: errno), "cannot enter the network namespace"))
        }
        return Result { () throws(KernelError) in try NetlinkSocket() }
    }

    /// Runs `body` on the calling thread, which it may move into other namespaces, and brings
    /// the thread back to its own namespace afterwards; nil (without running it) unless the
    /// process has a single thread, where entering a namespace costs microseconds instead of
    /// the tens that a multi-threaded process waits for each.
    static func visiting<T>(_ body: () -> T) -> T? {
        guard dnsh_single_threaded() == 1 else { return nil }
        let home = Glibc.open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard home >= 0 else { return nil }
        defer { close(home) }
        let result = body()
        if dnsh_setns_net(home) != 0 {
            // diagnostic: internal (the kernel refusing to return to a namespace it let us leave)
            let message = "dnsh: internal error: cannot return to the network namespace dnsh started in\n"
            _ = message.withCString { Glibc.write(2, $0, strlen($0)) }
            _exit(1)
        }
        return result
    }

    /// Runs `body` inside the namespace `fd` (here when nil): from this thread while the
    /// process has one, else on a thread of its own.
    static func within<T>(_ fd: Int32?, _ body: @escaping () -> T) -> Result<T, KernelError> {
        guard let fd else { return .success(body()) }
        let run = { () -> Result<T, KernelError> in
            guard dnsh_setns_net(fd) == 0 else {
                // The namespace was opened a moment ago: entering it fails only if the kernel
                // refuses one it just handed out. diagnostic: internal
                return .failure(KernelError(Errno(rawValue: errno), "cannot enter the network namespace"))
            }
            return .success(body())
        }
        return visiting(run) ?? onThread(run)
    }

    /// `body` for each item, on up to `threads` threads of their own (each takes every
    /// `threads`-th item), results in the items' order.
    static func inParallel<Item, T>(_ items: [Item], threads: Int, _ body: @escaping (Item) -> T) -> [T] {
        let count = min(threads, items.count)
        guard count > 1 else { return onThread { items.map(body) } }
        let boxes = (0..<count).map { share in
            ThreadBox<[T]> { stride(from: share, to: items.count, by: count).map { body(items[$0]) } }
        }
        let done = DispatchSemaphore(value: 0)
        for box in boxes {
            Thread {
                box.result = box.body()
                done.signal()
            }.start()
        }
        for _ in boxes { done.wait() }
        var results: [T?] = Array(repeating: nil, count: items.count)
        for (share, box) in boxes.enumerated() {
            for (k, value) in (box.result ?? []).enumerated() { results[share + k * count] = value }
        }
        return results.compactMap { $0 }
    }

    /// `ip netns del NAME`: detach the mount and remove the file.
    static func delete(_ name: String) throws(KernelError) {
        let target = "\(directory)/\(name)"
        guard access(target, F_OK) == 0 else {
            throw KernelError(.ENOENT, "Cannot remove namespace file \"\(target)\": No such file or directory")
        }
        umount2(target, Int32(MNT_DETACH))
        if unlink(target) != 0 {
            throw KernelError(Errno(rawValue: errno), "Cannot remove namespace file \"\(target)\"")
        }
    }

    /// What identifies a namespace: the device and inode of its file.
    static func identity(_ fd: Int32) -> (UInt64, UInt64)? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// What identifies the namespace at a path (a /run/netns bind mount, /proc/PID/ns/net).
    static func identity(ofPath path: String) -> (UInt64, UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The names under /run/netns.
    static func names() -> [String] {
        guard let entries = opendir(directory) else { return [] }
        defer { closedir(entries) }
        var names: [String] = []
        while let entry = readdir(entries) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Runs `body` on a thread of its own and waits for it.
    static func onThread<T>(_ body: @escaping () -> T) -> T {
        let box = ThreadBox<T>(body)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = box.body()
            done.signal()
        }
        thread.start()
        done.wait()
        guard let result = box.result else { fatalError("namespace thread produced no result") }
        return result
    }
}

/// Hands a closure and its result between threads; one thread uses it at a time.
private final class ThreadBox<T>: @unchecked Sendable {
    let body: () -> T
    var result: T?

    init(_ body: @escaping () -> T) { self.body = body }
}
