import Lexer

/// `for` and `while`.
extension Interpreter {
    func executeWhile(_ condition: Expr, _ body: Block, in env: Environment) throws -> Completion {
        while try evaluateCondition(condition, in: env) {
            // Each iteration is a step, so `while true { }` meets the step limit too.
            try countStep(condition.range)
            switch try executeBlock(body, in: env) {
            case .breakLoop: return .normal
            case .returned(let value): return .returned(value)
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    func executeFor(_ index: String?, _ element: String, _ sequence: Expr, _ body: Block, in env: Environment) throws
        -> Completion
    {
        let value = try evaluate(sequence, in: env)
        let next = try iterator(over: value, sequence.range)
        var position = 0
        while let item = next(position) {
            try countStep(sequence.range)
            let scope = Environment(parent: env)
            if let index { scope.define(index, .int(position)) }
            scope.define(element, item)
            switch try execute(body.statements, in: scope) {
            case .breakLoop: return .normal
            case .returned(let value): return .returned(value)
            case .normal, .continueLoop: break
            }
            position += 1
        }
        return .normal
    }

    /// A function from position to element; ranges are walked without being materialised.
    func iterator(over value: Value, _ range: SourceRange) throws -> (Int) -> Value? {
        switch value {
        case .list(let items): return { $0 < items.count ? items[$0] : nil }
        case .map(let map):
            let keys = map.keys
            return { $0 < keys.count ? keys[$0] : nil }
        case .range(let r): return { r.element(at: $0) }
        case .string(let s):
            let characters = s.map { Value.string(String($0)) }
            return { $0 < characters.count ? characters[$0] : nil }
        case .prefix:
            throw RuntimeError("cannot loop over a prefix; use its .hosts or a range of addresses", at: range)
        default:
            throw RuntimeError("cannot loop over a value of type \(value.typeName)", at: range)
        }
    }
}
