internal import LeadexIntake

/// The ledger's line for the form jobs: what the run did, counted ("3 forms checked for
/// silence, 1 newly silent"), not only what changed. English, as the journal greps it.
enum JobDetail {
    /// `form-probes` (`settling: false`): "2 probes sent, 1 refused by the site"; `form-deadlines`:
    /// "3 probes settled: 2 came back, 1 failed".
    static func probes(_ outcomes: [ProbeOutcome], settling: Bool = false) -> String {
        var (sent, refused, back, failed) = (0, 0, 0, 0)
        for outcome in outcomes {
            switch outcome {
            case .sent: sent += 1
            case .submitFailed: refused += 1
            case .arrived: back += 1
            case .failed: failed += 1
            }
        }
        var settled: [String] = []
        if back > 0 { settled.append("\(back) came back") }
        if failed > 0 { settled.append("\(failed) failed") }
        if settling { return "\(back + failed) probes settled" + (settled.isEmpty ? "" : ": " + settled.joined(separator: ", ")) }
        return (["\(sent) probes sent"] + (refused > 0 ? ["\(refused) refused by the site"] : []) + settled).joined(separator: ", ")
    }

    static func silence(_ outcomes: [SilenceOutcome], checked: Int) -> String {
        var (silent, speaking) = (0, 0)
        for outcome in outcomes {
            switch outcome {
            case .silent: silent += 1
            case .speaking: speaking += 1
            }
        }
        var text = "\(checked) forms checked for silence"
        if silent > 0 { text += ", \(silent) newly silent" }
        if speaking > 0 { text += ", \(speaking) receiving requests again" }
        return text
    }
}
