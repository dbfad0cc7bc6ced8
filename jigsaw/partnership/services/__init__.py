"""The partnership's own work: every write, as a named business action.

Each service refuses bad input with an ApplicationError naming the field, and records the
change in the audit log with `audit_record`. Audit entries name the row ("Booking 12") and
what changed, never a professional's name, telephone or address: the audit log is kept for
years, longer than the privacy notice lets the partnership keep those details.

Emails go after the transaction commits, so a refused or rolled-back booking sends nothing.
"""

# One module per thing; everything callable from outside is here.
from ._common import DETAILS_REMOVED_AFTER_COURSE
from .audits import (
    AUDIT_SERVICE,
    COHORT_CLOCKS,
    audit_case_assign,
    audit_case_grade,
    audit_close,
    audit_create,
    cohort_pick,
)
from .communications import (
    newsletter_batch_send,
    newsletter_create,
    newsletter_send,
    subscriber_confirm,
    subscriber_confirmation_send,
    subscriber_sign_up,
    subscriber_unsubscribe,
)
from .governance import (
    action_update_add,
    document_version_record,
    group_create,
    group_meeting_convene,
    member_add,
    overdue_actions_escalate,
)
from .training import (
    attendance_mark,
    booking_cancel,
    booking_email_send,
    booking_make,
    course_create,
    demand_response_make,
    demand_survey_create,
    evaluation_make,
    places_taken,
    session_capacity_change,
    session_create,
)

__all__ = [
    "AUDIT_SERVICE",
    "COHORT_CLOCKS",
    "DETAILS_REMOVED_AFTER_COURSE",
    "action_update_add",
    "attendance_mark",
    "audit_case_assign",
    "audit_case_grade",
    "audit_close",
    "audit_create",
    "booking_cancel",
    "booking_email_send",
    "booking_make",
    "cohort_pick",
    "course_create",
    "demand_response_make",
    "demand_survey_create",
    "document_version_record",
    "evaluation_make",
    "group_create",
    "group_meeting_convene",
    "member_add",
    "newsletter_batch_send",
    "newsletter_create",
    "newsletter_send",
    "overdue_actions_escalate",
    "places_taken",
    "session_capacity_change",
    "session_create",
    "subscriber_confirm",
    "subscriber_confirmation_send",
    "subscriber_sign_up",
    "subscriber_unsubscribe",
]
