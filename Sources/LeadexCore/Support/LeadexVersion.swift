/// The release, in one place: `leadexctl --version`, the metrics' build info. `scripts/package`
/// refuses to build a package whose debian/changelog names another.
public enum LeadexVersion {
    public static let current = "0.2.0"
}
