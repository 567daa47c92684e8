public import Foundation

/// Where a lead came from: a mailbox, a web form, a phone call typed in by a manager, an import.
public struct LeadSource: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: Kind
    /// The configured name of the mailbox or form (`sales-inbox`), or the user who typed it in.
    public var name: String

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case mail, form, manual, `import`
    }

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue):\(name)" }
}

/// A lead, and the deal it becomes once a manager takes it.
public struct Lead: Sendable, Hashable, Codable {
    public var id: LeadID?
    public var contactID: ContactID
    public var source: LeadSource
    /// The source's own id for this request (a Message-ID, a form submission id), unique per
    /// source so that intake never creates the same lead twice.
    public var sourceRef: String?
    public var title: String
    public var text: String
    public var stage: StageID
    public var status: LeadStatus
    public var createdAt: Date
    /// When the current stage was entered; stage-duration norms count from here.
    public var stageEnteredAt: Date
    /// The last time anyone did anything with the deal; the exchange sweep counts from here.
    public var lastActivityAt: Date
    /// What the deal is worth, once its owner says so.
    public var amount: DealAmount?

    public init(
        id: LeadID? = nil, contactID: ContactID, source: LeadSource, sourceRef: String? = nil,
        title: String, text: String, stage: StageID, status: LeadStatus, createdAt: Date,
        stageEnteredAt: Date? = nil, lastActivityAt: Date? = nil, amount: DealAmount? = nil
    ) {
        self.id = id
        self.contactID = contactID
        self.source = source
        self.sourceRef = sourceRef
        self.title = title
        self.text = text
        self.stage = stage
        self.status = status
        self.createdAt = createdAt
        self.stageEnteredAt = stageEnteredAt ?? createdAt
        self.lastActivityAt = lastActivityAt ?? createdAt
        self.amount = amount
    }

    /// A request as it arrives: first stage of the pipeline, on the exchange, owned by nobody.
    public static func incoming(
        contactID: ContactID, source: LeadSource, sourceRef: String?, title: String, text: String,
        pipeline: Pipeline, at now: Date
    ) -> Lead {
        Lead(
            contactID: contactID, source: source, sourceRef: sourceRef, title: title, text: text,
            stage: pipeline.first.id, status: .exchange, createdAt: now
        )
    }
}
