import NthLayerCore

/// Declared vs deployed as display rows: the unified diff of `DriftReport.diffLines` (PromQL already
/// normalised), with removed and added lines paired up so the tokens that changed inside a pair can be
/// highlighted (`diff.mod`) against the rest of the line (`diff.del` / `diff.add`).
public enum TokenDiff {
    public typealias Segment = (text: String, style: Style)

    /// One row of a unified diff: a marker column then segments.
    public struct Line {
        public enum Kind: Sendable, Hashable { case hunk, context, del, add }
        public var kind: Kind
        public var segments: [Segment]
    }

    /// One row of a side-by-side diff: declared on the left, deployed on the right (nil = nothing there).
    public struct SplitRow {
        public var left: Line?
        public var right: Line?
    }

    /// Words (letters, digits, `_ . :`), runs of spaces, and single other characters.
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var currentIsWord = false, currentIsSpace = false
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        for ch in text {
            let isWord = ch.isLetter || ch.isNumber || ch == "_" || ch == "." || ch == ":"
            let isSpace = ch == " "
            if isWord && currentIsWord || isSpace && currentIsSpace {
                current.append(ch)
                continue
            }
            flush()
            current.append(ch)
            currentIsWord = isWord; currentIsSpace = isSpace
            if !isWord && !isSpace { flush(); currentIsWord = false; currentIsSpace = false }
        }
        flush()
        return out
    }

    /// Which tokens of `a` and of `b` are outside their longest common subsequence (= changed).
    public static func changed(_ a: [String], _ b: [String]) -> (a: [Bool], b: [Bool]) {
        let n = a.count, m = b.count
        // Pathological lengths: call the whole line changed rather than spend the frame on it.
        guard n * m <= 250_000 else { return (Array(repeating: true, count: n), Array(repeating: true, count: m)) }
        var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var ca = Array(repeating: true, count: n), cb = Array(repeating: true, count: m)
        var i = 0, j = 0
        while i < n && j < m {
            if a[i] == b[j] { ca[i] = false; cb[j] = false; i += 1; j += 1 }
            else if lcs[i + 1][j] >= lcs[i][j + 1] { i += 1 }
            else { j += 1 }
        }
        return (ca, cb)
    }

    /// Segments of one side of a changed pair: unchanged tokens in the line's role, changed ones in `diff.mod`.
    static func segments(_ tokens: [String], changed: [Bool], base: Role) -> [Segment] {
        var out: [Segment] = []
        for (k, (t, c)) in zip(tokens, changed).enumerated() {
            // Changed whitespace is highlighted only between changed tokens (one run, not a comb).
            let space = t.allSatisfy { $0 == " " }
            let inside = k > 0 && k + 1 < tokens.count && changed[k - 1] && changed[k + 1]
            let role: Role = c && (!space || inside) ? .diffMod : base
            if let last = out.last, last.style.role == role { out[out.count - 1].text += t } else { out.append((t, Style(role))) }
        }
        return out
    }

    /// The finding's diff as unified lines, changed pairs token-highlighted.
    public static func unified(_ f: DriftFinding) -> [Line] {
        let raw = DriftReport.diffLines(f).map(SafeText.clean)
        var out: [Line] = []
        var i = 0
        while i < raw.count {
            let line = raw[i]
            if line.hasPrefix("@@") { out.append(Line(kind: .hunk, segments: [(line, Style(.muted))])); i += 1; continue }
            if line.hasPrefix("-") || line.hasPrefix("+") {
                var dels: [String] = [], adds: [String] = []
                while i < raw.count, raw[i].hasPrefix("-") { dels.append(String(raw[i].dropFirst())); i += 1 }
                while i < raw.count, raw[i].hasPrefix("+") { adds.append(String(raw[i].dropFirst())); i += 1 }
                var delLines: [Line] = [], addLines: [Line] = []
                for k in 0..<max(dels.count, adds.count) {
                    if k < dels.count, k < adds.count {
                        let ta = tokens(dels[k]), tb = tokens(adds[k])
                        let (ca, cb) = changed(ta, tb)
                        delLines.append(Line(kind: .del, segments: segments(ta, changed: ca, base: .diffDel)))
                        addLines.append(Line(kind: .add, segments: segments(tb, changed: cb, base: .diffAdd)))
                    } else if k < dels.count {
                        delLines.append(Line(kind: .del, segments: [(dels[k], Style(.diffDel))]))
                    } else {
                        addLines.append(Line(kind: .add, segments: [(adds[k], Style(.diffAdd))]))
                    }
                }
                out += delLines + addLines
                continue
            }
            out.append(Line(kind: .context, segments: [(String(line.dropFirst()), Style(.diffContext))]))
            i += 1
        }
        return out
    }

    /// The same diff side by side: context on both sides, each removed line next to the added line it became.
    public static func split(_ f: DriftFinding) -> [SplitRow] {
        let lines = unified(f)
        var rows: [SplitRow] = []
        var i = 0
        while i < lines.count {
            let l = lines[i]
            switch l.kind {
            case .hunk, .context:
                rows.append(SplitRow(left: l, right: l)); i += 1
            case .del, .add:
                var dels: [Line] = [], adds: [Line] = []
                while i < lines.count, lines[i].kind == .del { dels.append(lines[i]); i += 1 }
                while i < lines.count, lines[i].kind == .add { adds.append(lines[i]); i += 1 }
                for k in 0..<max(dels.count, adds.count) {
                    rows.append(SplitRow(left: k < dels.count ? dels[k] : nil, right: k < adds.count ? adds[k] : nil))
                }
            }
        }
        return rows
    }

    /// Prose in rows of at most `width` cells, broken at spaces (a word longer than a row is cut).
    public static func wrapWords(_ text: String, width: Int, style: Style) -> [[Segment]] {
        guard width > 0 else { return [[(text, style)]] }
        var rows: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            if CellWidth.of(candidate) <= width { line = candidate; continue }
            if !line.isEmpty { rows.append(line) }
            line = word
            while CellWidth.of(line) > width {
                let head = CellWidth.truncate(line, to: width + 1).dropLast()
                rows.append(String(head)); line = String(line.dropFirst(head.count))
            }
        }
        if !line.isEmpty || rows.isEmpty { rows.append(line) }
        return rows.map { [($0, style)] }
    }

    /// Cuts segments into rows of at most `width` cells (long PromQL wraps rather than losing its tail).
    public static func wrap(_ segments: [Segment], width: Int) -> [[Segment]] {
        guard width > 0 else { return [segments] }
        var rows: [[Segment]] = [[]]
        var used = 0
        for seg in segments {
            var piece = ""
            for ch in seg.text {
                let w = CellWidth.of(ch)
                if used + w > width {
                    if !piece.isEmpty { rows[rows.count - 1].append((piece, seg.style)); piece = "" }
                    rows.append([]); used = 0
                }
                piece.append(ch); used += w
            }
            if !piece.isEmpty { rows[rows.count - 1].append((piece, seg.style)) }
        }
        return rows
    }
}
