/// Stable hashing for the demo world.
///
/// Swift's `Hasher` is randomly seeded per process, so nothing in the demo world may use it for decisions:
/// the same catalog and seed must give the same world on every run and every machine (screenshots, goldens,
/// `demo export`). FNV-1a over UTF-8 bytes names a thing; SplitMix64 spreads the bits.
enum DemoHash {
    /// FNV-1a, 64 bit, over the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// SplitMix64 finaliser: a bijective mix with good avalanche.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A hash of a name under a seed and a purpose (`salt`), so different decisions about one name are independent.
    static func of(_ name: String, seed: UInt64, salt: String) -> UInt64 {
        mix(fnv1a(salt + "\u{1F}" + name) ^ mix(seed))
    }

    /// Uniform in [0, 1) from the top 53 bits.
    static func unit(_ value: UInt64) -> Double {
        Double(value >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// The `index`-th value of a stream keyed by `value`.
    static func stream(_ value: UInt64, _ index: Int) -> UInt64 {
        mix(value ^ mix(UInt64(truncatingIfNeeded: index) &+ 0x632b_e59b_d9b4_e019))
    }
}
