/// A small seeded random generator (SplitMix64): a failing property or fuzz run is replayed from
/// its seed.
public struct SplitMix: RandomNumberGenerator {
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    public mutating func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
