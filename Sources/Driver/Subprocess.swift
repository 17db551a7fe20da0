import Foundation
import Glibc

/// Running another program, for the two commands that do (Docker's `inspect` for `container
/// NAME`, Graphviz's `dot` for `dnsh graph`): no shell, the arguments as they are, the output of
/// both streams in one pipe, and a time limit.
enum Subprocess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let timeoutSeconds = 10

    /// Runs a program with its output (both streams) in a pipe; kills it at the timeout.
    static func run(_ path: String, _ arguments: [String]) throws -> (Int32, String) {
        var fds: [Int32] = [0, 0]
        // diagnostic: internal (the kernel or the C library failing, not a script)
        guard pipe(&fds) == 0 else { throw Failure(description: "cannot create a pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(fds[1])
        defer { close(fds[0]) }
        guard spawned == 0 else {
            // diagnostic: internal (the kernel or the C library failing, not a script)
            throw Failure(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        let output = readAll(fds[0], pid: pid, name: arguments.first ?? path)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    /// Reads until end of file, or kills the program when the timeout passes.
    static func readAll(_ fd: Int32, pid: pid_t, name: String) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(TimeInterval(timeoutSeconds))
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) <= 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return String(decoding: data, as: UTF8.self) }
            data += buffer[0..<n]
        }
        kill(pid, SIGKILL)
        return "\(name) did not answer within \(timeoutSeconds) seconds"
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
