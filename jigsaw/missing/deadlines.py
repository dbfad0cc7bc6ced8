"""Missing children: timescales as data (register_rule), imported by jigsaw.timescales at start-up.

- missing_rhi: a return home interview is offered every time a child returns, within 72
  hours of the return (statutory guidance on children who run away or go missing from home
  or care, DfE 2014; statutory-reference 5). One rule, in hours (RHI_HOURS, from the rule):
  every screen, the API and the clock read it. The screens show the hour (returned_at + 72
  hours) and call an interview late by the hour; so does the clock, started with the moment
  of the return (`due_at`, shown on "My work" with its hour). The clock is met when the interview is held, or when the child
  declines the offer (the duty is to offer).
- missing_strategy_prompt: repeated or worrying episodes prompt a decision on a strategy
  discussion (statutory-reference 5: triggers are local, "L"). The trigger is the setting
  JIGSAW_MISSING_REPEAT_THRESHOLD (see thresholds.py); the time to decide is local too
  (1 working day by default; JIGSAW_TIMESCALE_OVERRIDES["missing_strategy_prompt"]).
"""

from jigsaw.access.choices import Role
from jigsaw.timescales.choices import Unit
from jigsaw.timescales.rules import DeadlineRule, register_event_label, register_rule


class Event:
    CHILD_RETURNED = "missing_child_returned"
    RHI_HELD_OR_DECLINED = "missing_rhi_held_or_declined"
    PROMPT_RAISED = "missing_strategy_prompt_raised"
    PROMPT_DECIDED = "missing_strategy_prompt_decided"


for _event, _label in {
    Event.CHILD_RETURNED: "Child returned after a missing episode",
    Event.RHI_HELD_OR_DECLINED: "Return home interview held, or declined by the child",
    Event.PROMPT_RAISED: "Repeat or high-risk missing episodes reached the partnership's threshold",
    Event.PROMPT_DECIDED: "Decision on a strategy discussion recorded",
}.items():
    register_event_label(_event, _label)


RHI = register_rule(
    DeadlineRule(
        key="missing_rhi",
        title="Return home interview (within 72 hours of the return)",
        starts_on=Event.CHILD_RETURNED,
        amount=72,
        unit=Unit.HOURS,
        stopped_by=Event.RHI_HELD_OR_DECLINED,
        notify=(Role.EXPLOITATION_MISSING, Role.SOCIAL_WORKER),
        source=(
            "Statutory guidance on children who run away or go missing from home or care (DfE 2014), "
            "independent return interviews: within 72 hours of the return (statutory-reference 5)"
        ),
    )
)
# The one figure every screen, the API and the clock use.
RHI_HOURS = RHI.amount

STRATEGY_PROMPT = register_rule(
    DeadlineRule(
        key="missing_strategy_prompt",
        title="Decide whether repeat missing episodes need a strategy discussion",
        starts_on=Event.PROMPT_RAISED,
        amount=1,
        unit=Unit.WORKING_DAYS,
        stopped_by=Event.PROMPT_DECIDED,
        notify=(Role.TEAM_MANAGER, Role.EXPLOITATION_MISSING),
        local=True,
        source=(
            "Local practice: repeat missing episodes call for a multi-agency or strategy meeting; the triggers "
            "are the partnership's (statutory-reference 5, L). Setting JIGSAW_MISSING_REPEAT_THRESHOLD"
        ),
    )
)
