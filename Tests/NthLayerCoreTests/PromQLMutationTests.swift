import Testing
@testable import NthLayerCore

/// Mutated corpus expressions (characters deleted, duplicated, swapped, inserted): the parser never traps,
/// errors point inside the input, and whatever still parses prints back to the same tree and a stable
/// canonical form.
@Suite("PromQL mutation robustness")
struct PromQLMutationTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    }

    static let inserts: [String] = ["(", ")", "[", "]", "{", "}", ",", ":", "\"", "'", "`", "-", "+", "*", "/", "^",
                                    "=", "!", "~", "@", " ", "5m", "1", "x", "by", "on", "offset", "\\", "#", "\n", "é"]

    static func mutate(_ text: String, _ rng: inout Random) -> String {
        var chars = Array(text)
        guard !chars.isEmpty else { return text }
        let i = rng.below(chars.count)
        switch rng.below(4) {
        case 0: chars.remove(at: i)
        case 1: chars.insert(chars[i], at: i)
        case 2:
            let j = rng.below(chars.count)
            chars.swapAt(i, j)
        default:
            chars.insert(contentsOf: Array(inserts[rng.below(inserts.count)]), at: i)
        }
        return String(chars)
    }

    @Test func mutatedCorpusNeverTrapsAndRoundTrips() throws {
        var rng = Random(state: 42)
        var parsed = 0, rejected = 0
        for text in PromQLCorpus.expressions {
            for _ in 0..<25 {
                var input = text
                for _ in 0...rng.below(3) { input = Self.mutate(input, &rng) }
                let expr: PromQLExpr
                do {
                    expr = try PromQL.parse(input)
                } catch {
                    rejected += 1
                    #expect(error.offset >= 0 && error.offset <= input.count, "\(input): \(error)")
                    #expect(!error.message.isEmpty)
                    continue
                }
                parsed += 1
                let printed = expr.formatted()
                let canonical = expr.canonical()
                do {
                    #expect(try PromQL.parse(printed) == expr, "\(input) → \(printed)")
                    #expect(try PromQL.parse(canonical).canonical() == canonical, "\(input) → \(canonical)")
                } catch {
                    Issue.record("\(input) → \(printed) / \(canonical): \(error)")
                }
            }
        }
        #expect(parsed > 500 && rejected > 500)
    }
}
