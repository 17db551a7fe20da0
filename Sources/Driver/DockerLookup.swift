import Foundation
import Glibc

/// Finds a running container's init PID through the Docker CLI (`docker inspect`). This and
/// `import` are the only ways a script reaches outside dnsh; the name is passed as one argument
/// to the program, never through a shell, and the lookup gives up after ten seconds.
enum DockerLookup {
    typealias Failure = Subprocess.Failure

    static func pid(of name: String) throws -> Int {
        guard let docker = Subprocess.executable("docker") else {
            throw Failure(description: "docker is not installed (no 'docker' on PATH)")
        }
        let (status, output) = try Subprocess.run(
            docker, ["docker", "inspect", "--format", "{{.State.Pid}}", "--", name])
        guard status == 0 else {
            let reason = output.split(separator: "\n").first.map(String.init) ?? "docker inspect failed"
            throw Failure(description: reason)
        }
        guard let pid = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0 else {
            throw Failure(description: "the container is not running")
        }
        return pid
    }
}
