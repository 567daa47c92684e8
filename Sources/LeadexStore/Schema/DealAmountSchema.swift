extension Migrations {
    /// A deal's amount in kopecks (exact sums in reports); `NULL` until its owner sets one. The
    /// bounds are ``DealAmount``'s: more than zero, at most 10 billion roubles.
    static let v9DealAmounts = """
        ALTER TABLE lead ADD COLUMN amount_kopecks INTEGER
            CHECK (amount_kopecks IS NULL OR (typeof(amount_kopecks) = 'integer' AND amount_kopecks BETWEEN 1 AND 1000000000000));
        """
}
