import Interpreter
import NetModel
import NetTypes

extension NetworkCommands {
    /// `cable HOST DEVICE HOST DEVICE`: a physical cable between two hosts' devices (in their
    /// initial namespaces). A simulated host grows the device; a real one must have it.
    var cable: Builtin {
        Builtin("cable", usage: "cable HOST DEVICE HOST DEVICE", arity: 4...4) { call in
            let args = ArgumentCursor(call)
            var ends: [(host: String?, device: String)] = []
            for _ in 0..<2 {
                let host = try self.context.hostName(try args.next("a host"), command: "cable")
                let device = try args.name("a device name")
                ends.append((host, device))
            }
            try args.finish()
            for end in ends {
                try self.context.kernel("cable: \(end.host ?? "") \(end.device)") { () throws(KernelError) in
                    try self.context.backend(ofHost: end.host).ensurePhysicalDevice(end.device)
                }
            }
            self.context.addCable(Cable(ends: ends))
            return .none
        }
    }

    /// `reach FROM ADDRESS [trace]`: true when a packet from namespace FROM gets to ADDRESS and
    /// the answer gets back, on the simulated kernels of every host. FROM is a namespace of the
    /// current host (`initial` for its own), or `HOST:NS` (`HOST:` for a host's initial one).
    /// With `trace`, prints the hops.
    var reach: Builtin {
        Builtin("reach", usage: "reach FROM ADDRESS [trace]", arity: 2...3) { call in
            let args = ArgumentCursor(call)
            let (host, ns) = try self.reachSource(try args.next("a namespace"), call)
            let destination = try args.address("an address")
            let trace = args.accept("trace") || self.context.traceReach
            try args.finish()
            let site = try self.simulatedSite(call)
            let answer = try self.context.kernel("reach") { () throws(KernelError) in
                try Reachability.reach(site, from: host, ns, to: destination)
            }
            if trace {
                for hop in answer.hops { call.output(hop) }
                if let problem = answer.problem { call.output("unreachable: \(problem)") }
            }
            return .bool(answer.reached)
        }
    }

    func reachSource(_ value: Value, _ call: Invocation) throws -> (String?, NamespaceRef) {
        if case .string(let text) = value, let colon = text.firstIndex(of: ":") {
            let host = String(text[..<colon])
            let name = String(text[text.index(after: colon)...])
            guard Parser.isIdentifier(host) else {
                throw CommandError("reach: '\(text)' is not HOST:NS (a host is a word)")
            }
            return (host, name.isEmpty || name == "initial" ? .initial : .named(name))
        }
        if case .string("initial") = value { return (context.currentHost, .initial) }
        return (context.currentHost, try context.namespaceRef(value, argument: 0, command: "reach"))
    }

    /// Every host as a simulated kernel, with the cables.
    func simulatedSite(_ call: Invocation) throws -> SimulatedSite {
        var hosts: [SimulatedSite.Host] = []
        for (name, backend) in [(String?.none, context.defaultBackend)] + context.hosts.map({ ($0.name, $0.backend) }) {
            guard let kernel = backend.simulation else {
                throw CommandError("reach: works on simulated kernels (dnsh run, plan, apply), not on the live one")
            }
            hosts.append(SimulatedSite.Host(name: name, kernel: kernel))
        }
        let cables = context.cables.compactMap {
            cable -> ((host: String?, device: String), (host: String?, device: String))? in
            guard cable.ends.count == 2 else { return nil }
            return (cable.ends[0], cable.ends[1])
        }
        return SimulatedSite(hosts: hosts, cables: cables)
    }
}
