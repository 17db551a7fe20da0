import Foundation
import Glibc

/// Finds a running container's init PID through the Docker CLI (`docker inspect`). This and
/// `import` are the only ways a script reaches outside dnsh; the name is passed as one argument
/// to the program, never through a shell, and the lookup gives up after ten seconds.
enum DockerLookup {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let timeoutSeconds = 10

    static func pid(of name: String) throws -> Int {
        guard let docker = executable("docker") else {
            throw Failure(description: "docker is not installed (no 'docker' on PATH)")
        }
        let (status, output) = try run(docker, ["docker", "inspect", "--format", "{{.State.Pid}}", "--", name])
        guard status == 0 else {
            let reason = output.split(separator: "\n").first.map(String.init) ?? "docker inspect failed"
            throw Failure(description: reason)
        }
        guard let pid = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw Failure(description: "the container is not running")
        }
        return pid
    }

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
        let output = readAll(fds[0], pid: pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output)
    }

    /// Reads until end of file, or kills the program when the timeout passes.
    static func readAll(_ fd: Int32, pid: pid_t) -> String {
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
        return "docker did not answer within \(timeoutSeconds) seconds"
    }

    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
