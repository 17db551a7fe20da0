import NetModel
import NetTypes

/// Plans go out in batches: the requests to one namespace are written into one buffer and sent
/// with one system call (the kernel handles them in order, each with its own acknowledgement),
/// then every acknowledgement is read; each request's error is matched to it by sequence
/// number. Requests name devices by the ifindexes the plan gave them, so nothing is looked up
/// in between. New namespaces are made on one thread, each with its socket made inside it.
extension NetlinkBackend {
    public func perform(batch: [KernelOperation]) -> [KernelError?] {
        // Sysctls are files: the requests around them go in batches of their own.
        if let split = batch.firstIndex(where: { if case .setSysctl = $0 { true } else { false } }) {
            return perform(batch: Array(batch[..<split])) + performOneByOne([batch[split]])
                + perform(batch: Array(batch[(split + 1)...]))
        }
        guard let first = batch.first else { return [] }
        guard let ns = first.namespace, batch.allSatisfy({ $0.namespace == ns }) else {
            if batch.allSatisfy({ if case .addNamespace = $0 { true } else { false } }) {
                return addNamespaces(batch)
            }
            return performOneByOne(batch)
        }
        let socket: NetlinkSocket
        do { socket = try self.socket(ns) } catch { return batch.map { _ in error } }
        var results = [KernelError?](repeating: nil, count: batch.count)
        var messages: [UInt8] = []
        var sequences: [UInt32: Int] = [:]
        for (position, operation) in batch.enumerated() {
            do {
                let sequence = socket.nextSequence()
                messages += try message(for: operation, in: ns, sequence: sequence)
                sequences[sequence] = position
            } catch {
                results[position] = error
            }
        }
        do {
            for (sequence, error) in try socket.sendBatch(messages, expecting: Set(sequences.keys)) {
                if let position = sequences[sequence] { results[position] = error }
            }
        } catch {
            for position in sequences.values where results[position] == nil { results[position] = error }
        }
        return results
    }

    /// One request on its own, acknowledged before the next: the commands of `dnsh run --real`
    /// and the REPL (a plan's go out in batches).
    func request(_ operation: KernelOperation) throws(KernelError) {
        guard let ns = operation.namespace else { return try perform(operation) }
        let socket = try socket(ns)
        let sequence = socket.nextSequence()
        let message = try message(for: operation, in: ns, sequence: sequence)
        if case .some(.some(let error)) = try socket.sendBatch(message, expecting: [sequence])[sequence] {
            throw error
        }
    }

    /// The netlink message of one request, with NLM_F_ACK.
    func message(for operation: KernelOperation, in ns: NamespaceRef, sequence: UInt32) throws(KernelError) -> [UInt8] {
        switch operation {
        case .addLink(let spec, _):
            // A plan's parentIndex is a vxlan's lower device or another kind's parent.
            let isVxlan = spec.kind == .vxlan
            let parent = try lookup(isVxlan ? nil : spec.parentIndex, spec.parent, in: ns)
            let lower = try lookup(isVxlan ? spec.parentIndex : nil, spec.vxlan?.device, in: ns)
            var peerFile: Int32?
            if let ref = spec.peerNamespace, ref != ns { peerFile = try file(ref) }
            var w = NetlinkWriter(
                type: RTM.newLink, flags: NL.request | NL.ack | NL.create | NL.exclusive, sequence: sequence)
            NetlinkBackend.newLink(&w, spec, parent: parent, peerFile: peerFile, lower: lower)
            if let master = try lookup(spec.masterIndex, spec.master, in: ns) {
                w.attribute(IFLA.master, u32: UInt32(bitPattern: master))
            }
            return w.finish()
        case .deleteLink(let link, _):
            let index = try resolve(link, in: ns)
            var w = NetlinkWriter(type: RTM.delLink, flags: NL.request | NL.ack, sequence: sequence)
            w.ifinfomsg(index: index)
            return w.finish()
        case .setLink(let link, let changes, let masterIndex, _):
            let index = try resolve(link, in: ns)
            var master: UInt32?
            var target: Int32?
            for change in changes {
                switch change {
                case .master(let bridge):
                    master = try lookup(masterIndex, bridge, in: ns).map { UInt32(bitPattern: $0) }
                case .noMaster: master = 0
                case .namespace(let ref): target = ref == ns ? nil : try file(ref)
                default: break
                }
            }
            var w = NetlinkWriter(type: RTM.newLink, flags: NL.request | NL.ack, sequence: sequence)
            NetlinkBackend.setLink(&w, index: index, changes, master: master, target: target)
            return w.finish()
        case .addAddress(let prefix, let link, _), .deleteAddress(let prefix, let link, _):
            let index = try resolve(link, in: ns)
            let adding = if case .addAddress = operation { true } else { false }
            let flags = adding ? NL.create | NL.exclusive : 0
            var w = NetlinkWriter(
                type: adding ? RTM.newAddr : RTM.delAddr, flags: NL.request | NL.ack | flags, sequence: sequence)
            NetlinkBackend.address(&w, prefix, index: index, wildcard: !adding)
            return w.finish()
        case .addRoute(let spec, let deviceIndex, let replace, _):
            let device = try lookup(deviceIndex, spec.device, in: ns)
            let flags = NL.create | (replace ? NL.replace : NL.exclusive)
            var w = NetlinkWriter(type: RTM.newRoute, flags: NL.request | NL.ack | flags, sequence: sequence)
            NetlinkBackend.route(&w, spec, device: device, adding: true)
            return w.finish()
        case .deleteRoute(let spec, let deviceIndex, _):
            let device = try lookup(deviceIndex, spec.device, in: ns)
            var w = NetlinkWriter(type: RTM.delRoute, flags: NL.request | NL.ack, sequence: sequence)
            NetlinkBackend.route(&w, spec, device: device, adding: false)
            return w.finish()
        case .addNamespace, .deleteNamespace, .setSysctl:
            // diagnostic: internal (namespaces and sysctls are files, never netlink requests)
            throw KernelError(.EINVAL, "a namespace request is not a netlink message")
        }
    }

    /// An ifindex the plan gave, or else the named device's, looked up.
    func lookup(_ index: Int?, _ name: String?, in ns: NamespaceRef) throws(KernelError) -> Int32? {
        if let index { return Int32(truncatingIfNeeded: index) }
        guard let name else { return nil }
        return try self.index(of: name, in: ns)
    }

    func resolve(_ link: LinkTarget, in ns: NamespaceRef) throws(KernelError) -> Int32 {
        if let index = link.index { return Int32(truncatingIfNeeded: index) }
        return try index(of: link.name, in: ns)
    }

    /// Makes namespaces as `ip netns add` does, on one thread, with a socket made inside each.
    func addNamespaces(_ batch: [KernelOperation]) -> [KernelError?] {
        let names = batch.compactMap { if case .addNamespace(let name) = $0 { name } else { nil } }
        let made = NamespaceFiles.create(names)
        return zip(names, made).map { name, result in
            switch result {
            case .success(let socket):
                adopt(socket, for: .named(name))
                return nil
            case .failure(let error):
                return error
            }
        }
    }
}

extension NetlinkSocket {
    /// Sends several requests in one buffer and reads an acknowledgement for each sequence
    /// number: the error of each, nil for success.
    func sendBatch(_ messages: [UInt8], expecting sequences: Set<UInt32>) throws(KernelError) -> [UInt32: KernelError?]
    {
        var results: [UInt32: KernelError?] = [:]
        guard !sequences.isEmpty else { return results }
        try send(messages)
        while results.count < sequences.count {
            for (header, payload) in NetlinkReader.messages(try receive())
            where header.type == NL.error && sequences.contains(header.sequence) {
                do {
                    try NetlinkSocket.check(header, payload)
                    results[header.sequence] = .some(nil)
                } catch {
                    results[header.sequence] = .some(error)
                }
            }
        }
        return results
    }
}
