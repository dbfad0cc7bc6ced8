"""Children in care: timescales as data (register_rule), imported by jigsaw.timescales at start-up.

Statutory (statutory-reference section 2, CPPCR 2010): reviews (reg 33: 20 working days,
then 3 months, then at most every 6 months), the host council's notice of an out-of-area
placement (reg 13(4): 5 working days in an emergency), the first statutory visit (reg 28:
within 1 week of each placement) and health assessments (statutory guidance: initial within
20 working days; review every 6 months under 5, every 12 months from 5).

Local (rows marked L or S in the reference; the amount may be overridden per council in
JIGSAW_TIMESCALE_OVERRIDES): the interval between visits (6 weeks in the first year), the
personal education plan (10 working days, then termly), and allocating the IRO (good
practice 5 working days; the statute says only "before the first review").
"""

from __future__ import annotations

from jigsaw.access.choices import Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    CARE_STARTED = "care_started"
    REVIEW_HELD = "lac_review_held"
    OUT_OF_AREA_PLACEMENT = "out_of_area_placement"
    HOST_NOTIFIED = "host_council_notified"
    PLACEMENT_STARTED = "care_placement_started"
    VISIT_MADE = "care_visit_made"
    HEALTH_ASSESSED = "care_health_assessed"
    PEP_MADE = "pep_made"
    IRO_ALLOCATED = "iro_allocated"
    IRO_CONCERN_ESCALATED = "iro_concern_escalated"
    IRO_CONCERN_ANSWERED = "iro_concern_answered"


for _event, _label in {
    Event.CARE_STARTED: "Child became looked after",
    Event.REVIEW_HELD: "Looked-after review held",
    Event.OUT_OF_AREA_PLACEMENT: "Placed outside the council's area",
    Event.HOST_NOTIFIED: "Host council notified",
    Event.PLACEMENT_STARTED: "Placement started",
    Event.VISIT_MADE: "Child visited",
    Event.HEALTH_ASSESSED: "Health assessment done",
    Event.PEP_MADE: "Personal education plan made or reviewed",
    Event.IRO_ALLOCATED: "Independent reviewing officer allocated",
    Event.IRO_CONCERN_ESCALATED: "The IRO escalated a concern about practice",
    Event.IRO_CONCERN_ANSWERED: "The escalated concern was resolved, or escalated further",
}.items():
    register_event_label(_event, _label)

_WORKER = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
_WORKER_AND_IRO = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO)

FIRST_REVIEW = register_rule(
    DeadlineRule(
        key="lac_first_review",
        title="Hold the first looked-after review",
        starts_on=Event.CARE_STARTED,
        amount=20,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.REVIEW_HELD,
        notify=_WORKER_AND_IRO,
        source="CPPCR 2010 reg 33(1) (statutory-reference 2.8)",
    )
)
SECOND_REVIEW = register_rule(
    DeadlineRule(
        key="lac_second_review",
        title="Hold the second looked-after review",
        starts_on=Event.REVIEW_HELD,
        amount=3,
        unit=Unit.MONTHS,
        stopped_by=Event.REVIEW_HELD,
        notify=_WORKER_AND_IRO,
        source="CPPCR 2010 reg 33(2) (statutory-reference 2.9)",
    )
)
LATER_REVIEW = register_rule(
    DeadlineRule(
        key="lac_review",
        title="Hold the next looked-after review",
        starts_on=Event.REVIEW_HELD,
        amount=6,
        unit=Unit.MONTHS,
        stopped_by=Event.REVIEW_HELD,
        notify=_WORKER_AND_IRO,
        source="CPPCR 2010 reg 33(2) (statutory-reference 2.10)",
    )
)
REVIEW_RULES = (FIRST_REVIEW.key, SECOND_REVIEW.key, LATER_REVIEW.key)

HOST_NOTICE = register_rule(
    DeadlineRule(
        key="host_council_notice",
        title="Notify the host council of the placement",
        starts_on=Event.OUT_OF_AREA_PLACEMENT,
        amount=5,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.HOST_NOTIFIED,
        notify=_WORKER,
        source="CPPCR 2010 reg 13(4) as inserted by SI 2013/3239 (statutory-reference 2.6)",
    )
)

FIRST_VISIT = register_rule(
    DeadlineRule(
        key="lac_first_visit",
        title="Visit the child in their new placement",
        starts_on=Event.PLACEMENT_STARTED,
        amount=1,
        unit=Unit.WEEKS,
        stopped_by=Event.VISIT_MADE,
        notify=_WORKER,
        source="CPPCR 2010 reg 28(2) (statutory-reference 2.7)",
    )
)
VISIT = register_rule(
    DeadlineRule(
        key="lac_visit",
        title="Visit the child in care",
        starts_on=Event.VISIT_MADE,
        amount=6,
        unit=Unit.WEEKS,
        stopped_by=Event.VISIT_MADE,
        notify=_WORKER,
        local=True,
        source="CPPCR 2010 reg 28(2): at most every 6 weeks in the first year; 3 months after if the "
        "placement is to last to 18 (statutory-reference 2.7; set per council)",
    )
)

INITIAL_HEALTH = register_rule(
    DeadlineRule(
        key="lac_initial_health",
        title="Initial health assessment",
        starts_on=Event.CARE_STARTED,
        amount=20,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.HEALTH_ASSESSED,
        notify=_WORKER,
        source="CPPCR 2010 reg 7; Promoting the health and well-being of looked-after children 2015 "
        "(statutory-reference 2.14)",
    )
)
HEALTH_REVIEW_UNDER_5 = register_rule(
    DeadlineRule(
        key="lac_health_review_under_5",
        title="Review health assessment (under 5)",
        starts_on=Event.HEALTH_ASSESSED,
        amount=6,
        unit=Unit.MONTHS,
        stopped_by=Event.HEALTH_ASSESSED,
        notify=_WORKER,
        source="Promoting the health and well-being of looked-after children 2015 (statutory-reference 2.15)",
    )
)
HEALTH_REVIEW = register_rule(
    DeadlineRule(
        key="lac_health_review",
        title="Review health assessment",
        starts_on=Event.HEALTH_ASSESSED,
        amount=12,
        unit=Unit.MONTHS,
        stopped_by=Event.HEALTH_ASSESSED,
        notify=_WORKER,
        source="Promoting the health and well-being of looked-after children 2015 (statutory-reference 2.15)",
    )
)
HEALTH_RULES = (INITIAL_HEALTH.key, HEALTH_REVIEW_UNDER_5.key, HEALTH_REVIEW.key)

FIRST_PEP = register_rule(
    DeadlineRule(
        key="pep_initial",
        title="Start the personal education plan",
        starts_on=Event.CARE_STARTED,
        amount=10,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.PEP_MADE,
        notify=_WORKER,
        local=True,
        source="CPPCR 2010 Sch 1 para 2; DfE 2018 guidance, 10 days (statutory-reference 2.16; some councils 20)",
    )
)
PEP_REVIEW = register_rule(
    DeadlineRule(
        key="pep_review",
        title="Review the personal education plan",
        starts_on=Event.PEP_MADE,
        amount=4,
        unit=Unit.MONTHS,
        stopped_by=Event.PEP_MADE,
        notify=_WORKER,
        local=True,
        source="Termly review (statutory-reference 2.16); set per council",
    )
)
PEP_RULES = (FIRST_PEP.key, PEP_REVIEW.key)

IRO_ALLOCATION = register_rule(
    DeadlineRule(
        key="iro_allocation",
        title="Allocate an independent reviewing officer",
        starts_on=Event.CARE_STARTED,
        amount=5,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.IRO_ALLOCATED,
        notify=(Role.TEAM_MANAGER,),
        local=True,
        source="Children Act 1989 s25A: before the first review; 5 working days is good practice "
        "(statutory-reference 2.12)",
    )
)

# Clocks that run while a child is in care: all stop when the period of care ends.
PERIOD_RULES = (
    *REVIEW_RULES,
    VISIT.key,
    *HEALTH_RULES,
    *PEP_RULES,
    IRO_ALLOCATION.key,
)

# The person an IRO's concern is escalated to answers it: the clock is theirs (its owner), so it
# is on their "My work"; escalating further or resolving the concern stops it. Local: dispute
# resolution protocols commonly give each stage 5 working days.
IRO_CONCERN_RESPONSE = register_rule(
    DeadlineRule(
        key="iro_concern_response",
        title="Respond to the IRO's escalated concern",
        starts_on=Event.IRO_CONCERN_ESCALATED,
        amount=5,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.IRO_CONCERN_ANSWERED,
        notify=(Role.TEAM_MANAGER, Role.CP_CHAIR_IRO),
        local=True,
        source="Local IRO dispute resolution protocol (IRO Handbook 2010, ch. 5): each stage answered in turn",
    )
)
