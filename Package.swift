// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dnsh",
    products: [
        .executable(name: "dnsh", targets: ["dnsh"])
    ],
    targets: [
        // Address, prefix and MAC value types shared by the language and the network model.
        .target(name: "NetTypes"),
        // Tokens, source locations, diagnostics and the scanner.
        .target(name: "Lexer", dependencies: ["NetTypes"]),
        // AST, parser, resolver, values, environments, evaluator, diagnostics rendering.
        .target(name: "Interpreter", dependencies: ["Lexer", "NetTypes"]),
        // The network model, the backend protocol, typed kernel errors and the simulated kernel.
        .target(name: "NetModel", dependencies: ["NetTypes"]),
        // The real backend: rtnetlink over AF_NETLINK sockets, namespaces through /run/netns and /proc.
        .target(name: "Netlink", dependencies: ["CSyscalls", "NetModel", "NetTypes"]),
        // GNU readline for the REPL (libreadline-dev).
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // unshare(2) and setns(2), which Glibc's Swift module lacks, and the signal flag of apply.
        .target(name: "CSyscalls"),
        // The built-in commands.
        .target(name: "Builtins", dependencies: ["Interpreter", "NetModel", "NetTypes"]),
        // The command-line front end as a library, so tests can drive it in-process.
        .target(
            name: "Driver",
            dependencies: [
                "Builtins", "CReadline", "CSyscalls", "Interpreter", "Lexer", "NetModel", "NetTypes", "Netlink",
            ]),
        .executableTarget(name: "dnsh", dependencies: ["Driver"]),
        .testTarget(name: "LexerTests", dependencies: ["Lexer", "NetTypes"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "Lexer", "Builtins"]),
        .testTarget(name: "ScriptTests", dependencies: ["Driver"]),
        .testTarget(name: "NetTypesTests", dependencies: ["NetTypes"]),
        .testTarget(name: "NetModelTests", dependencies: ["NetModel", "NetTypes"]),
        .testTarget(name: "NetlinkTests", dependencies: ["Netlink", "NetModel", "NetTypes"]),
        .testTarget(name: "DriverTests", dependencies: ["Driver", "NetModel", "NetTypes"]),
    ]
)
