from django.db import models


class BankHolidayKind(models.TextChoices):
    """What a row of the bank holiday table does to the working-day calendar."""

    # A day from the England & Wales list, seeded by `sync_bank_holidays`.
    BANK_HOLIDAY = "bank_holiday", "Bank holiday"
    # A closure the list does not know: a one-off holiday announced at short notice,
    # or a local closure of the council's offices.
    CLOSURE = "closure", "Closure"
    # A date the list calls a holiday but which is a working day after all (e.g. a
    # bank holiday moved by proclamation).
    REMOVED = "removed", "Working day (holiday removed)"


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    # Hours from the moment of the event (the return home interview: 72 hours). A clock started
    # with that moment (clock_start's started_at) keeps the hour it falls due (Clock.due_at).
    HOURS = "hours", "hours"


class DeadlineStatus(models.TextChoices):
    DUE = "due", "Due"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    MET_ON_TIME = "met_on_time", "Met on time"
    MET_LATE = "met_late", "Met late"
    # Stopped without being met because it was no longer needed (clocks.clock_cancel).
    STOPPED = "stopped", "Cancelled"


# GOV.UK tag colours for each status, so every screen shows them alike.
STATUS_TAG_CLASSES: dict[str, str] = {
    DeadlineStatus.DUE: "govuk-tag--blue",
    DeadlineStatus.DUE_SOON: "govuk-tag--yellow",
    DeadlineStatus.OVERDUE: "govuk-tag--red",
    DeadlineStatus.MET_ON_TIME: "govuk-tag--green",
    DeadlineStatus.MET_LATE: "govuk-tag--orange",
    DeadlineStatus.STOPPED: "govuk-tag--grey",
}
