"""Channel panel (Prevent): timescales as data (register_rule), imported by jigsaw.timescales at start-up.

Both are graded M in statutory-reference 4 (unverified), so both are local rules whose
amounts a council may change (JIGSAW_TIMESCALE_OVERRIDES), and both are restricted to
Channel: nobody else sees their clocks, so a deadline never shows that a case exists.

- channel_panel_review: an adopted case is reviewed at a panel at least monthly (panels
  meet at least monthly); started when the panel adopts the case, and again at each review.
- channel_exit_review_6 / channel_exit_review_12: the reviews 6 and 12 months after the
  person leaves Channel.
"""

from __future__ import annotations

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    CASE_ADOPTED = "channel_case_adopted"
    PANEL_REVIEWED = "channel_panel_reviewed"
    CASE_EXITED = "channel_case_exited"
    EXIT_REVIEW_6 = "channel_exit_review_6_held"
    EXIT_REVIEW_12 = "channel_exit_review_12_held"


PANEL_REVIEW = "channel_panel_review"
EXIT_REVIEW_RULES = {6: "channel_exit_review_6", 12: "channel_exit_review_12"}

for event, label in (
    (Event.CASE_ADOPTED, "Case adopted by the Channel panel"),
    (Event.PANEL_REVIEWED, "Case reviewed at a Channel panel"),
    (Event.CASE_EXITED, "Left Channel"),
    (Event.EXIT_REVIEW_6, "6-month review after leaving Channel held"),
    (Event.EXIT_REVIEW_12, "12-month review after leaving Channel held"),
):
    register_event_label(event, label)

register_rule(
    DeadlineRule(
        key=PANEL_REVIEW,
        title="Review the Channel case at a panel",
        starts_on=Event.CASE_ADOPTED,
        amount=1,
        unit=Unit.MONTHS,
        stopped_by=Event.PANEL_REVIEWED,
        notify=(Role.CHANNEL_CHAIR,),
        local=True,
        source='Channel duty guidance 2023, "Panel meetings": panels meet at least monthly (reference 4, M)',
        restricted_area=RestrictedArea.CHANNEL,
    )
)
register_rule(
    DeadlineRule(
        key=EXIT_REVIEW_RULES[6],
        title="Review the case 6 months after leaving Channel",
        starts_on=Event.CASE_EXITED,
        amount=6,
        unit=Unit.MONTHS,
        stopped_by=Event.EXIT_REVIEW_6,
        notify=(Role.CHANNEL_CHAIR,),
        local=True,
        source='Channel duty guidance 2023, "Reviewing Channel cases" (reference 4, M)',
        restricted_area=RestrictedArea.CHANNEL,
    )
)
register_rule(
    DeadlineRule(
        key=EXIT_REVIEW_RULES[12],
        title="Review the case 12 months after leaving Channel",
        starts_on=Event.CASE_EXITED,
        amount=12,
        unit=Unit.MONTHS,
        stopped_by=Event.EXIT_REVIEW_12,
        notify=(Role.CHANNEL_CHAIR,),
        local=True,
        source='Channel duty guidance 2023, "Reviewing Channel cases" (reference 4, M)',
        restricted_area=RestrictedArea.CHANNEL,
    )
)
