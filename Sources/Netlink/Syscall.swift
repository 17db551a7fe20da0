import Glibc
import NetModel

/// The one thin layer over raw system calls: it retries on EINTR and turns -1 into a typed
/// `KernelError`.
enum Syscall {
    @discardableResult
    static func call<T: BinaryInteger>(_ body: () -> T) throws(KernelError) -> T {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw KernelError(Errno(rawValue: code))
        }
    }
}
