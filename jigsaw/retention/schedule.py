"""The retention schedule: how long each record class (jigsaw/records) is kept, and from when.

Statutory periods where the law sets one (statutory-reference §8D), the council's own elsewhere.
The council changes its own periods in settings (JIGSAW_RETENTION_YEARS = {"fgc": 30}); the
data protection officer sees the schedule in force on the Retention screen. Statutory periods
cannot be shortened in settings: a shorter figure for a statutory class is ignored.
"""

from dataclasses import dataclass

from django.conf import settings

from jigsaw.records.models import RETENTION_CLASSES

# From when a period runs.
BIRTH = "birth"  # the person's date of birth
CLOSURE = "closure"  # the last dated event on the person's records of this class
COURSE = "course"  # the training course's date
UNSUBSCRIBE = "unsubscribe"  # until the person unsubscribes (no period)
ENTRY = "entry"  # the record's own date (audit, notifications)

ANCHOR_WORDS = {
    BIRTH: "the person's date of birth",
    CLOSURE: "the case's closure (the last dated event on the record)",
    COURSE: "the date of the course",
    UNSUBSCRIBE: "until they unsubscribe",
    ENTRY: "the date of the record",
}

ANONYMISE = "anonymise"  # names, identifiers and free text removed; the rows stay, so past figures stay right
DELETE = "delete"


@dataclass(frozen=True)
class Period:
    record_class: str
    description: str
    years: int
    anchor: str
    statutory: str  # the law that sets it; "" for the council's own period
    action: str = ANONYMISE
    # Disposal of whole case records is by person: this job handles the classes whose rows
    # hang off a person. Others (audit, accounts) are disposed by their own jobs.
    by_person: bool = True

    @property
    def keep_for(self) -> str:
        if self.anchor == UNSUBSCRIBE:
            return "until they unsubscribe"
        return f"{self.years} years from {ANCHOR_WORDS[self.anchor]}"

    @property
    def source(self) -> str:
        return self.statutory or "Council's own period"


def _p(key: str, years: int, anchor: str, statutory: str = "", **kw) -> Period:
    given = kw.pop("description", None)
    description = RETENTION_CLASSES[key].description if key in RETENTION_CLASSES else given
    return Period(key, description, years, anchor, statutory, **kw)


DEFAULT_SCHEDULE: tuple[Period, ...] = (
    _p("person-index", 25, BIRTH),  # and never before the youngest linked child's 25th birthday
    _p("contact", 25, BIRTH),
    _p("cin-episode", 25, BIRTH),
    _p("chronology", 25, BIRTH),
    _p("fgc", 25, BIRTH),
    _p("looked-after", 75, BIRTH, "Care Planning, Placement and Case Review (England) Regulations 2010, reg 50"),
    _p("child-protection", 35, CLOSURE),
    _p("safeguarding-case", 35, CLOSURE),
    _p("missing-exploitation", 35, CLOSURE),
    _p("lado-substantiated", 100, BIRTH),
    _p("lado-unfounded", 10, CLOSURE),
    _p("lado-advice", 6, CLOSURE),
    _p("channel", 6, CLOSURE),
    _p("youth-justice", 6, CLOSURE),
    _p("governance", 6, CLOSURE),
    _p("statutory-return", 6, ENTRY, by_person=False),
    _p(
        "adoption",
        100,
        CLOSURE,
        "Disclosure of Adoption Information (Post-Commencement Adoptions) Regulations 2005, reg 6",
        description="Adoption records (order made): at least 100 years from the order",
    ),
    _p("partnership-training", 4, COURSE, description="Training attendance", action=DELETE, by_person=False),
    _p("partnership-subscriber", 0, UNSUBSCRIBE, description="Newsletter subscribers", action=DELETE, by_person=False),
    _p("audit", 7, ENTRY, by_person=False),
    _p("access", 6, CLOSURE, by_person=False),
    _p("notification", 1, ENTRY, action=DELETE, by_person=False),
    _p("system-access", 6, CLOSURE, by_person=False),
)


def schedule() -> dict[str, Period]:
    """The schedule in force: the defaults with the council's settings applied."""
    overrides: dict[str, int] = getattr(settings, "JIGSAW_RETENTION_YEARS", {}) or {}
    result = {}
    for period in DEFAULT_SCHEDULE:
        years = overrides.get(period.record_class, period.years)
        if period.statutory and years < period.years:
            years = period.years  # the law's minimum stands
        result[period.record_class] = Period(
            period.record_class,
            period.description,
            int(years),
            period.anchor,
            period.statutory,
            period.action,
            period.by_person,
        )
    return result


# Looked-after: 15 years from death if the child died before 18 (reg 50).
DIED_AS_CHILD_YEARS = 15
