"""Youth justice timescales, as data. Both are local practice (the reference has no national
figure for them: statutory-reference §7 names AssetPlus and the out-of-court tool but no
timescale), so each council sets its own in JIGSAW_TIMESCALE_OVERRIDES:

- yj_assessment: the assessment after an outcome the service works with (every outcome
  but a fine or a discharge), started when the outcome is recorded, stopped by an
  assessment recorded for that outcome. Default 15 working days.
- yj_victim_contact: contacting a victim (with their consent to be contacted) after the
  service learns of them. Default 10 working days.
"""

from jigsaw.access.choices import Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    OUTCOME_RECORDED = "yj_outcome_recorded"
    ASSESSMENT_COMPLETED = "yj_assessment_completed"
    VICTIM_IDENTIFIED = "yj_victim_identified"
    VICTIM_CONTACTED = "yj_victim_contacted"


for _event, _label in {
    Event.OUTCOME_RECORDED: "Youth justice outcome recorded",
    Event.ASSESSMENT_COMPLETED: "Youth justice assessment completed",
    Event.VICTIM_IDENTIFIED: "Victim known to the youth justice service",
    Event.VICTIM_CONTACTED: "Victim contacted",
}.items():
    register_event_label(_event, _label)


ASSESSMENT = register_rule(
    DeadlineRule(
        key="yj_assessment",
        title="Complete the youth justice assessment",
        starts_on=Event.OUTCOME_RECORDED,
        amount=15,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.ASSESSMENT_COMPLETED,
        notify=(Role.YOUTH_JUSTICE_OFFICER,),
        local=True,
        source="Local practice (AssetPlus or the out-of-court tool after the outcome; statutory-reference §7). "
        'JIGSAW_TIMESCALE_OVERRIDES["yj_assessment"]',
    )
)

VICTIM_CONTACT = register_rule(
    DeadlineRule(
        key="yj_victim_contact",
        title="Contact the victim",
        starts_on=Event.VICTIM_IDENTIFIED,
        amount=10,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.VICTIM_CONTACTED,
        notify=(Role.YOUTH_JUSTICE_OFFICER,),
        local=True,
        source='Local practice (YJB KPI 10, victims). JIGSAW_TIMESCALE_OVERRIDES["yj_victim_contact"]',
    )
)
