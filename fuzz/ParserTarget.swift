// libFuzzer target: the parser and the resolver must never trap on any input.
import Builtins
import Interpreter
import Lexer
import NetModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (program, diagnostics) = Parser.parse(SourceFile(path: "fuzz.dn", bytes: bytes))
    // The driver only resolves programs that parsed cleanly, but the resolver should not trap
    // on a partial AST either, so check both.
    let resolver = Resolver(registry: Commands.registry(network: NetworkContext(backend: SimulatedKernel())))
    let problems = resolver.check([program])
    if diagnostics.count < 0 || problems.count < 0 { fatalError("unreachable") }
    return 0
}
