import Interpreter

/// Every command a script can call: the language's own and the network commands.
public enum Commands {
    public static func registry(network: NetworkContext) -> CommandRegistry {
        let registry = CoreBuiltins.registry()
        NetworkCommands(context: network).install(into: registry)
        return registry
    }
}
