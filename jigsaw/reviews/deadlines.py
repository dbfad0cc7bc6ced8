"""Partnership reviews: timescales as data (register_rule), imported by jigsaw.timescales at start-up.

Every rule is restricted to the partnership team (RestrictedArea.REVIEWS): a clock of these
rules is invisible to anyone else, so a deadline never reveals that a serious incident is being
reviewed (the child's social worker does not see it on the child's page).
"""

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule

from .models import NOTIFY_WORKING_DAYS, RAPID_REVIEW_WORKING_DAYS


class Event:
    AWARE = "reviews_incident_aware"
    NOTIFIED = "reviews_incident_notified"
    PARTNERS_TOLD = "reviews_partners_told"
    RAPID_REVIEW_SENT = "reviews_rapid_review_sent"


for _event, _label in {
    Event.AWARE: "The council became aware of a serious incident",
    Event.NOTIFIED: "Serious incident notified to the Child Safeguarding Practice Review Panel",
    Event.PARTNERS_TOLD: "The lead safeguarding partners told of the notification",
    Event.RAPID_REVIEW_SENT: "Rapid review sent to the Panel",
}.items():
    register_event_label(_event, _label)

_AREA = RestrictedArea.REVIEWS.value
_TOLD = (Role.PARTNERSHIP_MANAGER,)

NOTIFICATION = register_rule(
    DeadlineRule(
        key="reviews_notification",
        title="Notify the Child Safeguarding Practice Review Panel of the serious incident",
        starts_on=Event.AWARE,
        amount=NOTIFY_WORKING_DAYS,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.NOTIFIED,
        notify=_TOLD,
        source="Children Act 2004 s16C(1); Panel guidance (statutory-reference 1C)",
        restricted_area=_AREA,
    )
)

PARTNERS_TOLD = register_rule(
    DeadlineRule(
        key="reviews_partners_told",
        title="Tell the three lead safeguarding partners of the serious incident",
        starts_on=Event.AWARE,
        amount=NOTIFY_WORKING_DAYS,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.PARTNERS_TOLD,
        notify=_TOLD,
        source="WT2023 Ch.5: the safeguarding partners told within the same 5 working days (statutory-reference 1C)",
        restricted_area=_AREA,
    )
)

RAPID_REVIEW = register_rule(
    DeadlineRule(
        key="reviews_rapid_review",
        title="Complete the rapid review and send it to the Panel",
        starts_on=Event.NOTIFIED,
        amount=RAPID_REVIEW_WORKING_DAYS,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.RAPID_REVIEW_SENT,
        notify=_TOLD,
        source="WT2023 Ch.5; Panel guidance (statutory-reference 1C)",
        restricted_area=_AREA,
    )
)

RULES = (NOTIFICATION.key, PARTNERS_TOLD.key, RAPID_REVIEW.key)
