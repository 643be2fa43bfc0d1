import NthLayerCore

/// The dependency tree of one service, flattened into the lines the pane shows. Two sections,
/// upstream (what it depends on) and downstream (what depends on it); each node expands to the
/// same direction one level further. A node already on its own path is a cycle: it is shown as
/// `↺ name (cycle)` and never followed.
public struct DepsTree: Sendable {
    public enum Direction: String, Sendable { case upstream = "u", downstream = "d" }

    public struct Line: Sendable, Hashable {
        /// Stable id: section letter plus the path of names (`u/ledger/postgres`).
        public var id: String
        public var depth: Int
        /// Section header lines have no node.
        public var section: Direction?
        public var name: String
        public var kind: DependencyGraph.NodeKind?
        public var tier: Tier?
        public var isCycle: Bool
        public var expandable: Bool
        public var expanded: Bool
        /// For drawing guides: whether each ancestor level (and this one) is the last child.
        public var lastFlags: [Bool]
        public var criticality: Criticality?
    }

    public let root: String
    public let lines: [Line]

    /// Sections are open by default; deeper nodes open when their id is in `expanded`.
    public static func defaultExpanded() -> Set<String> { ["u", "d"] }

    public init(graph: DependencyGraph, root: String, expanded: Set<String>, maxDepth: Int = 24) {
        self.root = root
        var out: [Line] = []
        for dir in [Direction.upstream, .downstream] {
            let children = DepsTree.children(graph, root, dir)
            let id = dir.rawValue
            let open = expanded.contains(id)
            out.append(Line(id: id, depth: 0, section: dir, name: dir == .upstream ? "Depends on (upstream)" : "Depended on by (downstream)",
                            kind: nil, tier: nil, isCycle: false, expandable: !children.isEmpty, expanded: open,
                            lastFlags: [], criticality: nil))
            if open {
                DepsTree.walk(graph, edges: children, dir: dir, parentID: id, path: [root], depth: 1,
                              lastFlags: [], expanded: expanded, maxDepth: maxDepth, into: &out)
            }
        }
        lines = out
    }

    private static func children(_ g: DependencyGraph, _ name: String, _ dir: Direction) -> [(String, Criticality)] {
        dir == .upstream ? g.upstream(of: name).map { ($0.to, $0.criticality) } : g.downstream(of: name).map { ($0.from, $0.criticality) }
    }

    private static func walk(_ g: DependencyGraph, edges: [(String, Criticality)], dir: Direction, parentID: String, path: [String],
                             depth: Int, lastFlags: [Bool], expanded: Set<String>, maxDepth: Int, into out: inout [Line]) {
        for (i, (name, crit)) in edges.enumerated() {
            let id = parentID + "/" + name
            let isLast = i == edges.count - 1
            let cycle = path.contains(name)
            let next = cycle || depth >= maxDepth ? [] : children(g, name, dir)
            let open = !next.isEmpty && expanded.contains(id)
            let node = g.node(name)
            out.append(Line(id: id, depth: depth, section: nil, name: name, kind: node?.kind, tier: node?.tier,
                            isCycle: cycle, expandable: !next.isEmpty, expanded: open,
                            lastFlags: lastFlags + [isLast], criticality: crit))
            if open {
                walk(g, edges: next, dir: dir, parentID: id, path: path + [name], depth: depth + 1,
                     lastFlags: lastFlags + [isLast], expanded: expanded, maxDepth: maxDepth, into: &out)
            }
        }
    }

    /// Every expandable id reachable from the root (for `x`: expand all). Bounded by `maxDepth`
    /// and by cycles, which are never followed.
    public static func allExpandable(graph: DependencyGraph, root: String, maxDepth: Int = 24) -> Set<String> {
        var ids: Set<String> = []
        var expanded: Set<String> = defaultExpanded()
        // Grow until stable: each pass opens one more level.
        for _ in 0...maxDepth {
            let tree = DepsTree(graph: graph, root: root, expanded: expanded, maxDepth: maxDepth)
            let more = Set(tree.lines.filter(\.expandable).map(\.id))
            if more.isSubset(of: ids) { break }
            ids.formUnion(more)
            expanded.formUnion(more)
            if ids.count > 50_000 { break }
        }
        return ids
    }
}
