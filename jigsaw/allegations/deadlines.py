"""Allegations against staff (LADO): timescales as data (register_rule), imported by jigsaw.timescales at start-up.

Every rule is restricted to the LADO team: a clock of these rules is invisible to anyone
else, so a deadline never reveals that an allegation exists (statutory-reference §3).
"""

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    EMPLOYER_AWARE = "lado_employer_aware"
    REFERRAL_RECEIVED = "lado_referral_received"
    MEETING_HELD = "lado_meeting_held"
    OUTCOME_RECORDED = "lado_outcome_recorded"


for _event, _label in {
    Event.EMPLOYER_AWARE: "Allegation came to the employer's attention",
    Event.REFERRAL_RECEIVED: "Referral received by the LADO",
    Event.MEETING_HELD: "Allegation management meeting held",
    Event.OUTCOME_RECORDED: "Outcome of the allegation recorded",
}.items():
    register_event_label(_event, _label)

_LADO = RestrictedArea.LADO.value
_TOLD = (Role.LADO_OFFICER,)

REFERRAL = register_rule(
    DeadlineRule(
        key="lado_referral",
        title="Referral to the LADO",
        starts_on=Event.EMPLOYER_AWARE,
        amount=1,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.REFERRAL_RECEIVED,
        notify=_TOLD,
        source="WT2023 Ch.4 as restated by local procedures (statutory-reference 3.3)",
        restricted_area=_LADO,
    )
)

INITIAL_MEETING = register_rule(
    DeadlineRule(
        key="lado_initial_meeting",
        title="Allegation management meeting",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=3,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.MEETING_HELD,
        notify=_TOLD,
        local=True,
        source="Local practice, e.g. within 72 hours of the referral (statutory-reference 3.4)",
        restricted_area=_LADO,
    )
)

RESOLUTION = register_rule(
    DeadlineRule(
        key="lado_resolution",
        title="Allegation resolved (target: 1 month)",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=1,
        unit=Unit.MONTHS,
        stopped_by=Event.OUTCOME_RECORDED,
        notify=_TOLD,
        local=True,
        source="KCSIE (older edition) paras 174-175: 80% within 1 month (statutory-reference 3.6)",
        restricted_area=_LADO,
    )
)

RESOLUTION_LIMIT = register_rule(
    DeadlineRule(
        key="lado_resolution_limit",
        title="Allegation resolved (all but the most exceptional: 12 months)",
        starts_on=Event.REFERRAL_RECEIVED,
        amount=12,
        unit=Unit.MONTHS,
        stopped_by=Event.OUTCOME_RECORDED,
        notify=_TOLD,
        local=True,
        source="KCSIE (older edition) paras 174-175 (statutory-reference 3.6)",
        restricted_area=_LADO,
    )
)

RESOLUTION_RULES = (RESOLUTION.key, RESOLUTION_LIMIT.key)
