/// `${service}`-style placeholders in queries and selectors, substituted with an offset map so that a PromQL error
/// in the substituted text can be reported at the column the user wrote.
struct PlaceholderSubstitution {
    static let known = ["service", "team", "tier", "env", "window"]

    /// The text after substitution.
    let text: String
    /// Unknown lower-case names and upper-case (environment) names, with their offset in the original.
    let unknown: [(name: String, offset: Int)]
    let environmentNames: [(name: String, offset: Int)]
    /// (offset in output, offset in input, length in output, is a substituted value)
    private let segments: [(out: Int, input: Int, length: Int, substituted: Bool)]
    private let inputCount: Int
    private let outputCount: Int

    init(_ original: String, values: [String: String]) {
        var out = ""
        var outCount = 0
        var segments: [(Int, Int, Int, Bool)] = []
        var unknown: [(String, Int)] = []
        var environment: [(String, Int)] = []
        let chars = Array(original)
        var i = 0
        var literalStart = 0
        func flushLiteral(upTo end: Int) {
            if end > literalStart {
                segments.append((outCount, literalStart, end - literalStart, false))
                out += String(chars[literalStart..<end]); outCount += end - literalStart
            }
        }
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count, chars[i + 1] == "{",
               let close = chars[(i + 2)...].firstIndex(of: "}") {
                let name = String(chars[(i + 2)..<close])
                let isIdentifier = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                if isIdentifier {
                    if let value = values[name] {
                        flushLiteral(upTo: i)
                        segments.append((outCount, i, value.count, true))
                        out += value; outCount += value.count
                        i = close + 1; literalStart = i
                        continue
                    } else if name == name.uppercased(), name.first?.isLetter == true {
                        environment.append((name, i))
                    } else {
                        unknown.append((name, i))
                    }
                }
            }
            i += 1
        }
        flushLiteral(upTo: chars.count)
        self.text = out
        self.unknown = unknown
        self.environmentNames = environment
        self.segments = segments
        self.inputCount = chars.count
        self.outputCount = outCount
    }

    /// Maps an offset in the substituted text back to the original text.
    func originalOffset(_ offset: Int) -> Int {
        for segment in segments where offset >= segment.out && offset < segment.out + segment.length {
            return segment.substituted ? segment.input : segment.input + (offset - segment.out)
        }
        return inputCount + max(0, offset - outputCount)
    }
}

extension SpecNode {
    /// Location of the character at `offset` within this scalar's text, when it is written on one line.
    func location(ofOffset offset: Int) -> SourceLocation {
        guard case .scalar(let text, let style) = kind, style != .block, !text.contains("\n") else { return location }
        var l = location
        l.column += offset + (isQuoted ? 1 : 0)
        return l
    }
}
