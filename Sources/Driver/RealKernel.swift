import Glibc
import NetModel
import Netlink

/// `dnsh apply` and `dnsh state` talk to the live kernel: they need root.
enum RealKernel {
    /// Why the real kernel cannot be used, or nil when it can.
    static func refusal() -> String? {
        geteuid() == 0
            ? nil
            : "this command changes or reads the host's network through netlink and needs root; "
                + "'dnsh run FILE' is the dry run on the simulated kernel"
    }
}

extension Dnsh {
    /// `dnsh state`: the live host (the namespace dnsh runs in and every named one).
    static func printState(_ options: Options, _ console: Console) -> ExitCode {
        if let refusal = RealKernel.refusal() {
            console.err("dnsh: error: \(refusal)\n")
            return .usage
        }
        let state = NetlinkBackend().snapshot()
        if options.json {
            console.out(StateJSON.document(state).rendered() + "\n")
        } else {
            console.out(StateText.render(state))
        }
        return .success
    }
}
