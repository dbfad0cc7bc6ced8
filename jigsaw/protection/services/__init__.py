"""Every write in child protection: one function per business action, in a transaction.

Each service checks who may act (permissions.py), checks the dates and codes in plain
words (ApplicationError naming the form field), saves, puts the event in the child's
chronology, and starts or stops the statutory clocks (jigsaw.timescales.clocks). Meetings
(strategy discussions, conferences, core groups) are convened, invited and minuted by the
shared meetings engine; this app keeps what child protection decides at them.

The audit log records every change (models registered in apps.py) against the acting
user (@records_actor).

One module per thing child protection manages (strategy discussions, section 47 enquiries,
assessments, conferences, plans, the agencies told of a plan, core groups, visits); this package
re-exports their public names, so `from jigsaw.protection import services` keeps working.
"""

from jigsaw.meetings.services import Invitee

from ._common import (
    CORE_GROUP_NOTICE,
    CORE_GROUP_SERVICE,
    LEAD_PRACTITIONER_SERVICE,
    PLAN_CLOCKS,
    plan_url,
    spoken,
)
from .agencies_told import (
    PLAN_AGENCIES_NOTICE,
    AgencyList,
    Recipient,
    agency_email_set,
    plan_agency_list,
    plan_notification_recipients,
    plan_notifications_confirm,
    plan_notifications_queue,
    plan_notifications_send,
)
from .assessment import (
    assessment_authorise,
    assessment_start,
)
from .conference import (
    conference_convene,
    conference_record,
)
from .conveners import (
    CONFERENCE_TO_ARRANGE,
    conveners_tell_conference_needed,
    conveners_tell_enquiry_started,
)
from .core_group import (
    CoreGroupEntry,
    core_group_convene,
    core_group_member_leave,
    core_group_record,
)
from .plan import (
    plan_change_category,
    plan_end,
    plan_start,
)
from .section47 import (
    section47_complete,
)
from .strategy import (
    STRATEGY_AGENCIES,
    STRATEGY_AGENCY_WORDS,
    ActionEntry,
    ChildConcerns,
    ChildDecision,
    enquiry_link_add,
    strategy_discussion_convene,
    strategy_discussion_record,
    strategy_required_agencies,
)
from .visits import (
    visit_record,
)

__all__ = [
    "CONFERENCE_TO_ARRANGE",
    "CORE_GROUP_NOTICE",
    "CORE_GROUP_SERVICE",
    "LEAD_PRACTITIONER_SERVICE",
    "PLAN_AGENCIES_NOTICE",
    "PLAN_CLOCKS",
    "STRATEGY_AGENCIES",
    "STRATEGY_AGENCY_WORDS",
    "ActionEntry",
    "AgencyList",
    "ChildConcerns",
    "ChildDecision",
    "CoreGroupEntry",
    "Invitee",
    "Recipient",
    "agency_email_set",
    "assessment_authorise",
    "assessment_start",
    "conference_convene",
    "conference_record",
    "conveners_tell_conference_needed",
    "conveners_tell_enquiry_started",
    "core_group_convene",
    "core_group_member_leave",
    "core_group_record",
    "enquiry_link_add",
    "plan_agency_list",
    "plan_change_category",
    "plan_end",
    "plan_notification_recipients",
    "plan_notifications_confirm",
    "plan_notifications_queue",
    "plan_notifications_send",
    "plan_start",
    "plan_url",
    "section47_complete",
    "spoken",
    "strategy_discussion_convene",
    "strategy_discussion_record",
    "strategy_required_agencies",
    "visit_record",
]
