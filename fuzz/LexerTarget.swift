// libFuzzer target: the scanner must never trap on any byte sequence.
import Lexer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let (tokens, diagnostics) = Scanner.scan(SourceFile(path: "fuzz.dn", bytes: bytes))
    // Touch the results so nothing is optimised away.
    if tokens.isEmpty && diagnostics.count < 0 { fatalError("unreachable") }
    return 0
}
