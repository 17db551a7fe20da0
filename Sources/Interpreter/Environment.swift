/// A scope of variables, chained to its enclosing scope.
public final class Environment {
    private var values: [String: Value] = [:]
    public let parent: Environment?

    public init(parent: Environment? = nil) {
        self.parent = parent
    }

    public func define(_ name: String, _ value: Value) {
        values[name] = value
    }

    public func lookup(_ name: String) -> Value? {
        if let value = values[name] { return value }
        return parent?.lookup(name)
    }

    /// Sets an existing variable in the nearest scope that has it; false if none does.
    public func assign(_ name: String, _ value: Value) -> Bool {
        if values[name] != nil {
            values[name] = value
            return true
        }
        return parent?.assign(name, value) ?? false
    }

    /// The names visible from here, nearest scope first (for completion and suggestions).
    public var visibleNames: [String] {
        values.keys.sorted() + (parent?.visibleNames ?? [])
    }
}
