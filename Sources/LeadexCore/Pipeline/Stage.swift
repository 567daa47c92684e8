/// One step of the sales pipeline.
public struct Stage: Sendable, Hashable, Codable {
    public var id: StageID
    /// What users see, Russian by default ("Новая заявка").
    public var title: String
    /// How long a deal should stay here; past it the stage-duration alert fires. `nil`: no norm.
    public var norm: Duration?

    public init(id: StageID, title: String, norm: Duration? = nil) {
        self.id = id
        self.title = title
        self.norm = norm
    }
}

/// The one pipeline every manager works by; a new lead enters its first stage.
public struct Pipeline: Sendable, Hashable {
    /// Never empty, ids unique: the initializer refuses anything else.
    public let stages: [Stage]

    public enum Problem: Error, Equatable, Sendable {
        case empty
        case duplicateStage(StageID)
    }

    public init(_ stages: [Stage]) throws(Problem) {
        guard !stages.isEmpty else { throw .empty }
        var seen = Set<StageID>()
        for stage in stages where !seen.insert(stage.id).inserted {
            throw .duplicateStage(stage.id)
        }
        self.stages = stages
    }

    /// Where new requests land: "Новая заявка" by default.
    public var first: Stage { stages[0] }

    public func stage(_ id: StageID) -> Stage? {
        stages.first { $0.id == id }
    }

    public func contains(_ id: StageID) -> Bool { stage(id) != nil }

    /// The stage's place in the pipeline, for funnel ordering.
    public func position(of id: StageID) -> Int? {
        stages.firstIndex { $0.id == id }
    }
}
