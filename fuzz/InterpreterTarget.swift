// libFuzzer target: load, check and run the input as a script on the simulated kernel, as
// `dnsh run` does (Sources/Driver/ScriptRunner.swift), with a small step limit. Runtime errors
// are fine; a trap, a sanitizer report or a hang is a bug.
import Builtins
import Foundation
import Interpreter
import Lexer
import NetModel

/// The path the input is loaded as. Its directory does not exist, so relative imports fail fast
/// instead of reading files from the fuzzer's working directory.
let scriptPath = "/nonexistent-dnsh-fuzz/fuzz.dn"

func runScript(_ bytes: [UInt8]) {
    let loader = Loader()
    let main = loader.load(SourceFile(path: scriptPath, bytes: bytes))
    guard loader.diagnostics.isEmpty else { return }
    let resolver = Resolver(registry: Commands.registry(network: NetworkContext(backend: SimulatedKernel())))
    guard resolver.check(loader.programs).isEmpty else { return }

    let kernel = SimulatedKernel()
    let network = NetworkContext(backend: kernel)
    // Two simulated containers, so `container NAME` has something to find.
    for (name, pid) in [("web", 4242), ("db", 4243)] {
        kernel.addContainer(pid: pid)
        network.containers[name] = pid
    }
    let before = kernel.snapshot()
    var printed = 0
    let interpreter = Interpreter(registry: Commands.registry(network: network)) { line in
        printed &+= line.utf8.count
    }
    network.install(into: interpreter)
    interpreter.maxSteps = 20_000
    do {
        try interpreter.run(main, loader: loader)
    } catch {
        // RuntimeError (or anything else thrown) is an ordinary outcome.
    }
    // Exercise the state diff the driver prints after a run.
    let changes = StateDiff.lines(from: before, to: kernel.snapshot())
    if changes.count < 0 || printed < 0 { fatalError("unreachable") }
}

/// One long-lived worker thread with a 512 MiB stack, like the driver's (Sources/Driver/LargeStack.swift),
/// so nesting within the parser's and interpreter's limits cannot overflow the stack. Reusing
/// the thread instead of starting one per input is what keeps the target fast under ASan.
final class Worker: @unchecked Sendable {
    var bytes: [UInt8] = []
    let start = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            while true {
                start.wait()
                runScript(bytes)
                done.signal()
            }
        }
        thread.stackSize = 512 << 20
        thread.start()
    }

    func run(_ input: [UInt8]) {
        bytes = input
        start.signal()
        done.wait()
    }
}

let worker = Worker()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    worker.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
