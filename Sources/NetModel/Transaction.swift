/// Applies a plan all or nothing: requests go out in batches (consecutive requests to the same
/// namespace, as the backend allows); when one fails, or a signal arrives, every request already
/// done is undone in reverse order and the state is as it was before.
public struct Transaction {
    /// Requests in one batch at most (the acknowledgements must fit the socket's buffer).
    public static let batchLimit = 256

    public let operations: [PlannedOperation]
    /// Fault injection for tests: the request with this number (1-based) fails without being sent.
    public var failAt: Int?
    /// Test hook: called before the request with this number (1-based) is sent (to raise a signal).
    public var beforeOperation: (Int) -> Void = { _ in }
    /// Polled between batches: the signal that asks to stop, if one came.
    public var interruption: () -> Int32? = { nil }

    public init(_ operations: [PlannedOperation]) { self.operations = operations }

    public struct Outcome {
        /// How many requests were done (and, after a failure, undone).
        public var done = 0
        /// The request that failed (its index in the plan) and the kernel's error.
        public var failure: (index: Int, error: KernelError)?
        /// The signal that stopped the transaction.
        public var signal: Int32?
        /// Undo requests that failed: the rollback could not restore everything.
        public var rollbackFailures: [(KernelOperation, KernelError)] = []

        public var succeeded: Bool { failure == nil && signal == nil }
    }

    /// The injected fault.
    public static let injectedFault = KernelError(.EIO, "fault injected by DNSH_FAIL_AT")

    public func run(on backend: NetworkBackend) -> Outcome {
        var outcome = Outcome()
        var done: [Int] = []
        var start = 0
        while start < operations.count {
            if let signal = interruption() {
                outcome.signal = signal
                break
            }
            let end = batchEnd(from: start)
            let results = perform(start..<end, on: backend)
            for (offset, error) in results.enumerated() {
                if let error {
                    if outcome.failure == nil { outcome.failure = (start + offset, error) }
                } else {
                    done.append(start + offset)
                }
            }
            if outcome.failure != nil { break }
            start = end
        }
        if outcome.failure == nil && outcome.signal == nil, let signal = interruption() { outcome.signal = signal }
        outcome.done = done.count
        if !outcome.succeeded { outcome.rollbackFailures = rollBack(done, on: backend) }
        return outcome
    }

    /// Where the batch that starts at `start` ends: at a change of namespace (namespace files
    /// form batches of their own) or the batch limit.
    public func batchEnd(from start: Int) -> Int {
        let channel = operations[start].operation.namespace
        var end = start + 1
        while end < operations.count, end - start < Transaction.batchLimit,
            operations[end].operation.namespace == channel, !createsBefore(end)
        {
            end += 1
        }
        return end
    }

    /// Whether a run of device creations ends before `index`: what follows them names the new
    /// devices by index, and must not go out until every creation has succeeded (else, if an
    /// index was taken meanwhile, it would reach another device).
    func createsBefore(_ index: Int) -> Bool {
        func isCreation(_ op: KernelOperation) -> Bool { if case .addLink = op { true } else { false } }
        return isCreation(operations[index - 1].operation) && !isCreation(operations[index].operation)
    }

    /// Performs a batch; a fault injected inside it stops the batch there.
    func perform(_ range: Range<Int>, on backend: NetworkBackend) -> [KernelError?] {
        var results: [KernelError?] = []
        var from = range.lowerBound
        for index in range {
            beforeOperation(index + 1)
            guard failAt == index + 1 else { continue }
            results += backend.perform(batch: operations[from..<index].map(\.operation))
            return results + [Transaction.injectedFault]
        }
        if from < range.upperBound {
            results += backend.perform(batch: operations[from..<range.upperBound].map(\.operation))
            from = range.upperBound
        }
        return results
    }

    /// Undoes the requests done, newest first. A request whose effect is already gone (the
    /// address is not there, the device exists) counts as undone.
    public func rollBack(_ done: [Int], on backend: NetworkBackend) -> [(KernelOperation, KernelError)] {
        var failures: [(KernelOperation, KernelError)] = []
        for index in done.reversed() {
            for undo in operations[index].undo {
                guard let error = backend.perform(batch: [undo]).first ?? nil else { continue }
                if !Transaction.alreadyUndone(undo, error) { failures.append((undo, error)) }
            }
        }
        return failures
    }

    static func alreadyUndone(_ operation: KernelOperation, _ error: KernelError) -> Bool {
        switch operation {
        case .addAddress, .addRoute, .addNamespace: return error.errno == .EEXIST
        case .deleteAddress: return error.errno == .EADDRNOTAVAIL || error.errno == .ENODEV
        case .deleteRoute: return error.errno == .ESRCH || error.errno == .ENODEV
        case .deleteLink: return error.errno == .ENODEV
        case .deleteNamespace: return error.errno == .ENOENT
        default: return false
        }
    }
}
