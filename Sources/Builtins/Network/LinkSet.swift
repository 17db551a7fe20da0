import Interpreter
import NetModel

extension NetworkCommands {
    /// `link set [dev] NAME SETTING...`: several settings in one command, as ip allows.
    func linkSet(_ args: ArgumentCursor, _ ns: NamespaceRef) throws -> Value {
        _ = args.accept("dev")
        let name = try args.name("a device name")
        var changes: [LinkChange] = []
        while !args.atEnd {
            changes.append(try linkChange(args))
        }
        guard !changes.isEmpty else {
            throw args.error(
                "nothing to set: give up, down, master BR, nomaster, netns NS, name NEW, address MAC or mtu N")
        }
        try context.kernel(args.summary()) { () throws(KernelError) in try backend.setLink(name, changes, in: ns) }
        let finalName = changes.compactMap { if case .name(let n) = $0 { n } else { nil } }.last ?? name
        let finalNS = changes.compactMap { if case .namespace(let n) = $0 { n } else { nil } }.last ?? ns
        return NetworkCommands.linkHandle(finalName, finalNS)
    }

    func linkChange(_ args: ArgumentCursor) throws -> LinkChange {
        let position = args.index
        let word = try args.word("a setting")
        switch word {
        case "up": return .up
        case "down": return .down
        case "master": return .master(try args.name("a bridge"))
        case "nomaster": return .noMaster
        case "netns":
            return .namespace(
                try context.namespaceRef(
                    try args.next("a namespace"), argument: args.index - 1, command: args.call.name))
        case "name": return .name(try args.name("a new name"))
        case "address": return .address(try args.mac("a MAC address"))
        case "mtu": return .mtu(try args.int("an MTU"))
        default:
            throw args.error(
                "unknown setting '\(word)': use up, down, master, nomaster, netns, name, address or mtu", at: position)
        }
    }
}
