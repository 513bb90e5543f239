extension Duration {
    /// The duration in seconds, as a `Double` (the unit of every `_s` field of perffarm's documents).
    ///
    /// Named so as not to read like `Duration.seconds(_:)`, which makes a duration from seconds.
    public var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
