import Glibc

/// `DNSH_TIMINGS=1`: how long each phase of a plan or apply took, on standard error.
final class PhaseTimer {
    let enabled = getenv("DNSH_TIMINGS") != nil
    var last = PhaseTimer.now()

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
    }

    func lap(_ phase: String, _ console: Console) {
        guard enabled else { return }
        let now = PhaseTimer.now()
        console.err("dnsh: timing: \(phase) \(Int((now - last) * 1000)) us\n")
        last = now
    }
}
