/// Who calls whom, from declared dependencies only (`dependencies:` and the legacy reverse
/// `downstream:`). Pure value: the explorer's tree and, later, blast radius read it.
///
/// Direction: an edge goes from a caller to what it depends on. A service's *upstream* is what it
/// depends on; its *downstream* is the services that depend on it (the ones its failure reaches).
public struct DependencyGraph: Sendable, Hashable {
    public enum NodeKind: String, Sendable, Hashable {
        /// A service declared in the specs.
        case service
        /// Named as a service dependency but not declared in any spec.
        case undeclaredService = "undeclared"
        case datastore, queue, external, infra
    }

    public struct Node: Sendable, Hashable {
        public var name: String
        public var kind: NodeKind
        /// Declared services only.
        public var tier: Tier?
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var type: DependencyType
        public var criticality: Criticality
    }

    public private(set) var nodes: [String: Node] = [:]
    private var outgoing: [String: [Edge]] = [:]
    private var incoming: [String: [Edge]] = [:]

    public init(services: [ServiceSpec]) {
        for spec in services {
            nodes[spec.name] = Node(name: spec.name, kind: .service, tier: spec.tier)
        }
        var seen = Set<[String]>()
        func add(_ edge: Edge) {
            guard edge.from != "", edge.to != "", seen.insert([edge.from, edge.to]).inserted else { return }
            outgoing[edge.from, default: []].append(edge)
            incoming[edge.to, default: []].append(edge)
        }
        for spec in services {
            for dep in spec.dependencies {
                if nodes[dep.name] == nil { nodes[dep.name] = Node(name: dep.name, kind: Self.kind(of: dep.type)) }
                add(Edge(from: spec.name, to: dep.name, type: dep.type, criticality: dep.criticality))
            }
            for caller in spec.declaredDownstream {
                if nodes[caller] == nil { nodes[caller] = Node(name: caller, kind: .undeclaredService) }
                add(Edge(from: caller, to: spec.name, type: .service, criticality: .medium))
            }
        }
        for key in outgoing.keys { outgoing[key]!.sort { $0.to < $1.to } }
        for key in incoming.keys { incoming[key]!.sort { $0.from < $1.from } }
    }

    private static func kind(of type: DependencyType) -> NodeKind {
        switch type {
        case .service: return .undeclaredService
        case .datastore: return .datastore
        case .queue: return .queue
        case .external: return .external
        case .infra: return .infra
        }
    }

    public func node(_ name: String) -> Node? { nodes[name] }

    /// What `name` depends on, sorted by name.
    public func upstream(of name: String) -> [Edge] { outgoing[name] ?? [] }
    /// What depends on `name`, sorted by name.
    public func downstream(of name: String) -> [Edge] { incoming[name] ?? [] }

    /// Groups of nodes that reach each other (strongly connected components with a cycle), each
    /// sorted, the list sorted by first member. Tarjan's algorithm, iterative so deep graphs cannot
    /// overflow the stack.
    public var cycles: [[String]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowlink: [String: Int] = [:]
        var onStack = Set<String>()
        var stack: [String] = []
        var result: [[String]] = []

        for root in nodes.keys.sorted() where indices[root] == nil {
            // Frames of (node, next edge position).
            var work: [(String, Int)] = [(root, 0)]
            indices[root] = index; lowlink[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while let (v, pos) = work.last {
                let edges = outgoing[v] ?? []
                if pos < edges.count {
                    work[work.count - 1].1 += 1
                    let w = edges[pos].to
                    if indices[w] == nil {
                        indices[w] = index; lowlink[w] = index; index += 1
                        stack.append(w); onStack.insert(w)
                        work.append((w, 0))
                    } else if onStack.contains(w) {
                        lowlink[v] = min(lowlink[v]!, indices[w]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.0 { lowlink[parent] = min(lowlink[parent]!, lowlink[v]!) }
                if lowlink[v] == indices[v] {
                    var component: [String] = []
                    while let w = stack.popLast() {
                        onStack.remove(w); component.append(w)
                        if w == v { break }
                    }
                    let selfLoop = component.count == 1 && (outgoing[v] ?? []).contains { $0.to == v }
                    if component.count > 1 || selfLoop { result.append(component.sorted()) }
                }
            }
        }
        return result.sorted { $0[0] < $1[0] }
    }

    /// Names that sit on some cycle.
    public var nodesOnCycles: Set<String> { Set(cycles.joined()) }
}
