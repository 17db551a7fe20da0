import Foundation

/// Carries a closure and its result across the thread boundary; only one thread touches it at a time.
private final class LargeStackBox<T>: @unchecked Sendable {
    var body: (() -> T)?
    var result: T?
}

/// Runs `body` on a thread with a large stack and waits for it. Deeply nested (but within the
/// parser's and interpreter's limits) scripts then end in a located error, never a stack overflow.
func onLargeStack<T>(_ body: @escaping () -> T) -> T {
    let box = LargeStackBox<T>()
    box.body = body
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.result = box.body?()
        done.signal()
    }
    thread.stackSize = 512 << 20
    thread.start()
    done.wait()
    guard let result = box.result else { fatalError("the interpreter thread produced no result") }
    return result
}
