"""Information governance timescales as data (register_rule), imported by jigsaw.timescales at start-up.

Rights requests (rectification, erasure, restriction, objection; UK GDPR Art 12(3)): one
calendar month from receipt, the same date next month (the last day of the month if that date
does not exist), moved to the next working day (the ICO's rule, statutory-reference 8C and 0);
extendable by two more months for a complex request. A breach (Art 33): the regulator within
72 hours of becoming aware, in hours: BREACH_HOURS, from the rule.
"""

from __future__ import annotations

from jigsaw.access.choices import Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    RIGHTS_RECEIVED = "rights_request_received"
    RIGHTS_ANSWERED = "rights_request_answered"
    BREACH_AWARE = "breach_aware"
    BREACH_DECIDED = "breach_ico_decided"


for _event, _label in {
    Event.RIGHTS_RECEIVED: "Data protection rights request received",
    Event.RIGHTS_ANSWERED: "Rights request answered",
    Event.BREACH_AWARE: "The council became aware of a data breach",
    Event.BREACH_DECIDED: "Breach reported to the ICO, or recorded as not reportable",
}.items():
    register_event_label(_event, _label)

_ART_12 = "UK GDPR Article 12(3): one calendar month, extendable by two (statutory-reference 8C)"

RIGHTS_REQUEST = register_rule(
    DeadlineRule(
        key="rights_request",
        title="Answer a data protection rights request (one calendar month)",
        starts_on=Event.RIGHTS_RECEIVED,
        amount=1,
        unit=Unit.MONTHS,
        stopped_by=Event.RIGHTS_ANSWERED,
        notify=(Role.DATA_PROTECTION_OFFICER,),
        roll_to_working_day=True,
        source=_ART_12,
    )
)
RIGHTS_REQUEST_EXTENDED = register_rule(
    DeadlineRule(
        key="rights_request_extended",
        title="Answer a complex rights request (extended to three months)",
        starts_on=Event.RIGHTS_RECEIVED,
        amount=3,
        unit=Unit.MONTHS,
        stopped_by=Event.RIGHTS_ANSWERED,
        notify=(Role.DATA_PROTECTION_OFFICER,),
        roll_to_working_day=True,
        source=_ART_12,
    )
)
# Not registered: a clock belongs to a person, and a breach is about no one person. The rule
# still says the time allowed, in hours, and the DPO's "My work" lists open breaches (apps.py).
BREACH_NOTIFICATION = DeadlineRule(
    key="breach_ico_notification",
    title="Report a personal data breach to the ICO (72 hours from awareness)",
    starts_on=Event.BREACH_AWARE,
    amount=72,
    unit=Unit.HOURS,
    stopped_by=Event.BREACH_DECIDED,
    notify=(Role.DATA_PROTECTION_OFFICER,),
    source="UK GDPR Article 33(1): without undue delay and, where feasible, within 72 hours of becoming aware",
)
# The one figure the breach screens and "My work" use.
BREACH_HOURS = BREACH_NOTIFICATION.amount
