"""Family group conferences: timescales as data (register_rule), imported by jigsaw.timescales at start-up.

None of these is statutory (statutory-reference 6 sets stages, not timescales): each is
local practice, marked `local`, and a council sets its own amounts in
JIGSAW_TIMESCALE_OVERRIDES (keys below). The defaults follow common practice of FGC
services: a coordinator allocated within a week, the conference within about six weeks
of allocation, a review about three months after the plan is agreed.
"""

from __future__ import annotations

from jigsaw.access.choices import Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    REFERRAL_RECEIVED = "fgc_referral_received"
    COORDINATOR_ALLOCATED = "fgc_coordinator_allocated"
    CONFERENCE_HELD = "fgc_conference_held"
    PLAN_AGREED = "fgc_plan_agreed"
    REVIEW_HELD = "fgc_review_held"


for _event, _label in {
    Event.REFERRAL_RECEIVED: "Family group conference referral received",
    Event.COORDINATOR_ALLOCATED: "Family group conference coordinator allocated",
    Event.CONFERENCE_HELD: "Family group conference held",
    Event.PLAN_AGREED: "Family plan agreed",
    Event.REVIEW_HELD: "Family group conference review held",
}.items():
    register_event_label(_event, _label)


ALLOCATION = register_rule(
    DeadlineRule(
        key="fgc_allocation",
        title="Allocate a family group conference coordinator",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=5,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.COORDINATOR_ALLOCATED,
        notify=(Role.FGC_COORDINATOR, Role.TEAM_MANAGER),
        local=True,
        source="Local practice (statutory-reference 6: no statutory timescale). Override key fgc_allocation",
    )
)

CONFERENCE = register_rule(
    DeadlineRule(
        key="fgc_conference",
        title="Hold the family group conference",
        starts_on=Event.COORDINATOR_ALLOCATED,
        amount=30,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.CONFERENCE_HELD,
        notify=(Role.FGC_COORDINATOR,),
        local=True,
        source="Local practice: about six weeks of preparation (statutory-reference 6). Override key fgc_conference",
    )
)

REVIEW = register_rule(
    DeadlineRule(
        key="fgc_review",
        title="Hold the family group conference review",
        starts_on=Event.PLAN_AGREED,
        amount=12,
        unit=Unit.WEEKS,
        stopped_by=Event.REVIEW_HELD,
        notify=(Role.FGC_COORDINATOR, Role.SOCIAL_WORKER),
        local=True,
        source="Local practice: review about three months after the plan (statutory-reference 6, stage 4). "
        "Override key fgc_review",
    )
)
