import Interpreter
import NetModel

extension NetworkCommands {
    /// `link add|set|del|show`, as `ip link`.
    var link: Builtin {
        Builtin(
            "link", usage: "link add NAME type KIND ... | link set NAME SETTING... | link del NAME | link show [NAME]"
        ) {
            call in
            let args = ArgumentCursor(call)
            let verb = try args.word("add, set, del or show")
            let ns = try self.context.currentNamespace(call)
            switch verb {
            case "add": return try self.linkAdd(args, ns)
            case "set", "change": return try self.linkSet(args, ns)
            case "del", "delete":
                _ = args.accept("dev")
                let name = try args.name("a device name")
                try args.finish()
                try self.context.kernel(args.summary()) { () throws(KernelError) in
                    try self.backend.deleteLink(name, in: ns)
                }
                return .none
            case "show", "list":
                _ = args.accept("dev")
                if args.atEnd { return .list(try self.linkStates(ns, args).map(LinkInfo.value)) }
                let name = try args.name("a device name")
                try args.finish()
                guard let state = try self.linkStates(ns, args).first(where: { $0.name == name }) else {
                    throw CommandError(
                        "\(args.summary()): \(KernelError(.ENODEV, "Cannot find device \"\(name)\""))", code: "ENODEV")
                }
                return LinkInfo.value(state)
            default:
                throw args.error("unknown subcommand '\(verb)': use add, set, del or show", at: 0)
            }
        }
    }

    func linkStates(_ ns: NamespaceRef, _ args: ArgumentCursor) throws -> [LinkState] {
        try context.kernel(args.summary()) { () throws(KernelError) in try backend.links(in: ns) }
    }

    /// The handle `link add` returns.
    static func linkHandle(_ name: String, _ ns: NamespaceRef) -> Value {
        .handle(Handle(kind: "link", name: name, payload: ["netns": ns.description]))
    }

    /// `link add [name] NAME [address MAC] [mtu N] type KIND [ARGS]`.
    func linkAdd(_ args: ArgumentCursor, _ ns: NamespaceRef) throws -> Value {
        _ = args.accept("name")
        let name = try args.name("a device name")
        var spec = LinkSpec(name: name, kind: .bridge)
        var kindWord: String?
        while !args.atEnd && kindWord == nil {
            let word = try args.word("a link option")
            switch word {
            case "address": spec.address = try args.mac("a MAC address")
            case "mtu": spec.mtu = try args.int("an MTU")
            case "link": spec.parent = try args.name("a parent device")
            case "type": kindWord = try args.word("a device type")
            default:
                throw args.error("unknown option '\(word)' (expected type, address, mtu or link)", at: args.index - 1)
            }
        }
        guard let kindWord else { throw args.error("missing 'type KIND' (veth, bridge, macvlan, vxlan)") }
        guard let kind = LinkKind(rawValue: kindWord), kind != .loopback else {
            throw args.error("unknown device type '\(kindWord)'", at: args.index - 1)
        }
        spec.kind = kind
        try kindOptions(args, &spec)
        try context.kernel(args.summary(words: 2)) { () throws(KernelError) in try backend.addLink(spec, in: ns) }
        return NetworkCommands.linkHandle(name, ns)
    }

    /// The words after `type KIND`.
    func kindOptions(_ args: ArgumentCursor, _ spec: inout LinkSpec) throws {
        switch spec.kind {
        case .veth: try vethOptions(args, &spec)
        case .macvlan:
            if args.accept("mode") { spec.macvlanMode = try args.word("a macvlan mode") }
        case .vxlan: try vxlanOptions(args, &spec)
        default: break
        }
        try args.finish()
    }

    func vethOptions(_ args: ArgumentCursor, _ spec: inout LinkSpec) throws {
        guard args.accept("peer") else { return }
        while !args.atEnd {
            let position = args.index
            let word = try args.word("a peer option")
            switch word {
            case "name": spec.peerName = try args.name("the peer's name")
            case "netns":
                spec.peerNamespace = try context.namespaceRef(
                    try args.next("a namespace"), argument: args.index - 1, command: args.call.name)
            default:
                guard spec.peerName == nil, position == args.index - 1 else {
                    throw args.error("unknown peer option '\(word)' (expected name or netns)", at: position)
                }
                spec.peerName = word
            }
        }
    }

    func vxlanOptions(_ args: ArgumentCursor, _ spec: inout LinkSpec) throws {
        var config = VxlanConfig(id: -1)
        while !args.atEnd {
            let word = try args.word("a vxlan option")
            switch word {
            case "id", "vni": config.id = try args.int("a VXLAN ID")
            case "dstport": config.port = try args.int("a UDP port")
            case "local": config.local = try args.address("a local address")
            case "remote": config.remote = try args.address("a remote address")
            case "group": config.group = try args.address("a multicast group")
            case "dev": config.device = try args.name("a device")
            default: throw args.error("unknown vxlan option '\(word)'", at: args.index - 1)
            }
        }
        guard config.id >= 0 else { throw args.error("vxlan needs 'id N'") }
        spec.vxlan = config
    }
}
