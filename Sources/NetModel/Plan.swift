/// One kernel request of a plan, the statement it comes from, and what undoes it.
public struct PlannedOperation: Sendable {
    public var operation: KernelOperation
    /// The tag the script's run stamped on what this request makes (a statement), if any.
    public var statement: Int?
    /// The requests that undo this one, in order, worked out from the live state before the plan.
    public var undo: [KernelOperation]

    public init(_ operation: KernelOperation, statement: Int?, undo: [KernelOperation]) {
        self.operation = operation
        self.statement = statement
        self.undo = undo
    }
}

/// A line of a plan as `dnsh plan` shows it: `+`, `-` or `~`, then what changes, in a namespace.
public struct PlanChange: Sendable, Equatable {
    /// The namespace's state name (nil for the initial one).
    public var namespace: String?
    public var line: String

    public init(_ namespace: String?, _ line: String) {
        self.namespace = namespace
        self.line = line
    }
}

/// What it takes to bring a live state to a script's end state.
public struct Plan: Sendable {
    public var operations: [PlannedOperation]
    public var changes: [PlanChange]
    /// The end state the script leads to, as the simulated kernel has it.
    public var expected: NetworkState
    /// The namespaces the requests go to or remove (state names).
    public var touched: [String?]

    public var isEmpty: Bool { operations.isEmpty }

    /// The sysctls the plan sets: (namespace, key, value).
    public var settings: [(namespace: String?, key: String, value: String)] {
        operations.compactMap { op in
            if case .setSysctl(let key, let value, let ns) = op.operation { return (ns.stateName, key, value) }
            return nil
        }
    }

    public init(operations: [PlannedOperation], changes: [PlanChange], expected: NetworkState, touched: [String?]) {
        self.operations = operations
        self.changes = changes
        self.expected = expected
        self.touched = touched
    }
}
