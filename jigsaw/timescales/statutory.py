"""The child in need / child protection timescales of shared/domain/statutory-reference.md §0 to §1,
as data. Service areas start and stop these clocks with the event names below; they
register their own further rules in their `deadlines.py`.

Check each rule against the current text of Working Together before it drives alerts
(the reference grades most of these S: restated by local procedures).
"""

from jigsaw.access.choices import Role

from .choices import Unit
from .rules import DeadlineRule, register_event_label, register_rule


class Event:
    """Names of the events that start and stop the statutory clocks."""

    REFERRAL_RECEIVED = "referral_received"
    REFERRAL_DECIDED = "referral_decided"
    STRATEGY_DISCUSSION_DECIDED = "strategy_discussion_decided"
    STRATEGY_DISCUSSION_HELD = "strategy_discussion_held"
    STRATEGY_RECORD_SHARED = "strategy_record_shared"
    # The strategy discussion at which section 47 enquiries were started (1.5; 1.5a: some
    # partnerships anchor on the last strategy discussion instead).
    SECTION_47_STARTED = "section_47_started"
    ASSESSMENT_COMPLETED = "assessment_completed"
    ICPC_HELD = "icpc_held"
    CORE_GROUP_HELD = "core_group_held"
    RCPC_HELD = "rcpc_held"
    CP_VISIT_MADE = "cp_visit_made"
    TRANSFER_IN_NOTIFIED = "transfer_in_notified"
    TRANSFER_IN_CONFERENCE_HELD = "transfer_in_conference_held"


for _event, _label in {
    Event.REFERRAL_RECEIVED: "Referral received",
    Event.REFERRAL_DECIDED: "Decision on the referral recorded",
    Event.STRATEGY_DISCUSSION_DECIDED: "Decision to hold a strategy discussion",
    Event.STRATEGY_DISCUSSION_HELD: "Strategy discussion held",
    Event.STRATEGY_RECORD_SHARED: "Strategy discussion record shared",
    Event.SECTION_47_STARTED: "Section 47 enquiries started",
    Event.ASSESSMENT_COMPLETED: "Assessment completed",
    Event.ICPC_HELD: "Initial child protection conference held",
    Event.CORE_GROUP_HELD: "Core group meeting held",
    Event.RCPC_HELD: "Review child protection conference held",
    Event.CP_VISIT_MADE: "Child seen on a visit",
    Event.TRANSFER_IN_NOTIFIED: "Written notice of a transfer in received",
    Event.TRANSFER_IN_CONFERENCE_HELD: "Transfer-in conference held",
}.items():
    register_event_label(_event, _label)


REFERRAL_DECISION = register_rule(
    DeadlineRule(
        key="referral_decision",
        title="Decide on a referral and tell the referrer",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=1,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.REFERRAL_DECIDED,
        notify=(Role.TEAM_MANAGER, Role.SOCIAL_WORKER),
        source="WT2023 Ch.3, responding to referrals (reference 1.1)",
    )
)

STRATEGY_DISCUSSION = register_rule(
    DeadlineRule(
        key="strategy_discussion",
        title="Hold the strategy discussion",
        starts_on=Event.STRATEGY_DISCUSSION_DECIDED,
        amount=1,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.STRATEGY_DISCUSSION_HELD,
        notify=(Role.TEAM_MANAGER, Role.SOCIAL_WORKER),
        local=True,
        source="Local practice; no national deadline (reference 1.2a)",
    )
)

STRATEGY_RECORD = register_rule(
    DeadlineRule(
        key="strategy_record",
        title="Share the record of the strategy discussion",
        starts_on=Event.STRATEGY_DISCUSSION_HELD,
        amount=1,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.STRATEGY_RECORD_SHARED,
        notify=(Role.SOCIAL_WORKER,),
        local=True,
        source="Local practice (reference 1.2a)",
    )
)

ASSESSMENT = register_rule(
    DeadlineRule(
        key="assessment",
        title="Complete the child and family assessment",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=45,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.ASSESSMENT_COMPLETED,
        notify=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
        source="WT2023 Ch.3, assessment; from the point of referral (reference 1.4)",
    )
)

ICPC = register_rule(
    DeadlineRule(
        key="icpc",
        title="Hold the initial child protection conference",
        starts_on=Event.SECTION_47_STARTED,
        amount=15,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.ICPC_HELD,
        notify=(Role.CP_CHAIR_IRO, Role.TEAM_MANAGER, Role.SOCIAL_WORKER),
        source="WT2023 Ch.3, initial child protection conference (reference 1.5)",
    )
)

FIRST_CORE_GROUP = register_rule(
    DeadlineRule(
        key="first_core_group",
        title="Hold the first core group meeting",
        starts_on=Event.ICPC_HELD,
        amount=10,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.CORE_GROUP_HELD,
        notify=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
        source="WT2023 flowcharts as restated (reference 1.6)",
    )
)

FIRST_REVIEW_CONFERENCE = register_rule(
    DeadlineRule(
        key="first_review_conference",
        title="Hold the first review child protection conference",
        starts_on=Event.ICPC_HELD,
        amount=3,
        unit=Unit.MONTHS,
        stopped_by=Event.RCPC_HELD,
        notify=(Role.CP_CHAIR_IRO, Role.SOCIAL_WORKER),
        # A conference is never at a weekend (CIN census rule 8875) or on a bank holiday: due
        # by the last working day on or before the date the months reach.
        roll_back_to_working_day=True,
        source="WT2023 Ch.3 as restated (reference 1.7)",
    )
)

# Rolling: counted from the review actually held, not the one planned (reference §11.3).
REVIEW_CONFERENCE = register_rule(
    DeadlineRule(
        key="review_conference",
        title="Hold the next review child protection conference",
        starts_on=Event.RCPC_HELD,
        amount=6,
        unit=Unit.MONTHS,
        stopped_by=Event.RCPC_HELD,
        notify=(Role.CP_CHAIR_IRO, Role.SOCIAL_WORKER),
        # A conference is never at a weekend (CIN census rule 8875) or on a bank holiday: due
        # by the last working day on or before the date the months reach.
        roll_back_to_working_day=True,
        source="WT2023 Ch.3 as restated (reference 1.8)",
    )
)

CP_VISIT = register_rule(
    DeadlineRule(
        key="cp_visit",
        title="Visit the child on a child protection plan",
        starts_on=Event.CP_VISIT_MADE,
        amount=10,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.CP_VISIT_MADE,
        notify=(Role.SOCIAL_WORKER, Role.TEAM_MANAGER),
        local=True,
        source="Local practice; no national frequency (reference 1.11)",
    )
)

TRANSFER_IN_CONFERENCE = register_rule(
    DeadlineRule(
        key="transfer_in_conference",
        title="Hold the transfer-in conference",
        starts_on=Event.TRANSFER_IN_NOTIFIED,
        amount=15,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.TRANSFER_IN_CONFERENCE_HELD,
        notify=(Role.CP_CHAIR_IRO, Role.TEAM_MANAGER),
        source="Local procedures restating WT2023 (reference 1.9)",
    )
)

# Serious incidents and rapid reviews: the reviews area's own rules (jigsaw/reviews/deadlines.py),
# restricted to the partnership team.
