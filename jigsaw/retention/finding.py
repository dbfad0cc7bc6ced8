"""Which people's records are past their retention date, read from the record classes that
models declare (jigsaw/records): every model with a `retention_class` and a foreign key to a
person is part of that person's case record. No service area is imported: the declarations
are the contract, so a new area's records are covered the day they declare their class.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db import models
from django.db.models import Max, Q

from jigsaw.timescales.calendar import add_calendar_months

from .schedule import BIRTH, CLOSURE, DIED_AS_CHILD_YEARS, Period, schedule

# Apps whose rows are not part of anyone's case record (they record the disposal itself, or
# are disposed by their own jobs).
NOT_CASE_RECORDS = frozenset({"retention", "subjectaccess", "audit", "auditlog", "contenttypes"})
CHUNK = 2000


@dataclass(frozen=True)
class PersonLink:
    model: type[models.Model]
    field: str  # the foreign key's name
    record_class: str


@cache
def person_links() -> tuple[PersonLink, ...]:
    """Every (model, foreign key to a person) whose model declares a retention class."""
    person_model = apps.get_model("people", "Person")
    links = []
    for model in apps.get_models():
        if model._meta.app_label in NOT_CASE_RECORDS or model is person_model:
            continue
        record_class = getattr(model, "retention_class", None)
        if not isinstance(record_class, str):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey) and f.related_model is person_model:
                links.append(PersonLink(model, f.name, record_class))
    return tuple(links)


def _years_after(day: dt.date, years: int) -> dt.date:
    return add_calendar_months(day, 12 * years)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


@dataclass
class Due:
    person_id: int
    classes: set[str] = field(default_factory=set)
    due_on: dt.date = dt.date.min
    governing_class: str = "person-index"

    def consider(self, record_class: str, day: dt.date) -> None:
        self.classes.add(record_class)
        if day > self.due_on:
            self.due_on, self.governing_class = day, record_class


def _date_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.DateField)]


def _closure_dates(link: PersonLink, ids: list[int]) -> dict[int, dt.date]:
    """The last dated event on each person's rows of this model: conservative for "closure"
    (no earlier than the real closure), so nothing goes before its time."""
    names = _date_fields(link.model)
    qs = link.model._base_manager.filter(**{f"{link.field}__in": ids}).values(link.field)
    if not names:
        return {row[link.field]: dt.date.max for row in qs.distinct()}
    rows = qs.annotate(**{f"last_{n}": Max(n) for n in names})
    result: dict[int, dt.date] = {}
    for row in rows:
        days = [d for n in names if (d := _as_date(row[f"last_{n}"])) is not None]
        result[row[link.field]] = max(days, default=dt.date.max)
    return result


def due_for_disposal(*, as_of: dt.date, exclude: Iterable[int] = ()) -> list[Due]:
    """People whose every record is past its retention date on `as_of`, soonest first."""
    Person = apps.get_model("people", "Person")
    Relationship = apps.get_model("people", "Relationship")
    periods = schedule()
    youngest_birth = add_calendar_months(as_of, -12 * periods["person-index"].years)
    excluded = set(exclude)
    candidates = (
        Person.objects.filter(merged_into__isnull=True, date_of_birth__lte=youngest_birth)
        .exclude(family_name=DISPOSED_NAME, given_names="")
        .values_list("pk", "date_of_birth", "date_of_death", "updated_at")
        .order_by("pk")
    )
    found: list[Due] = []
    batch: list[tuple[int, dt.date, dt.date | None, dt.datetime]] = []
    for row in candidates.iterator(chunk_size=CHUNK):
        if row[0] in excluded:
            continue
        batch.append(row)
        if len(batch) >= CHUNK:
            found += _judge(batch, as_of, periods, Person, Relationship)
            batch = []
    if batch:
        found += _judge(batch, as_of, periods, Person, Relationship)
    return sorted(found, key=lambda d: (d.due_on, d.person_id))


DISPOSED_NAME = "Disposed record"
RECENT_RECORD_YEARS = 6


def _judge(rows, as_of: dt.date, periods: dict[str, Period], Person, Relationship) -> list[Due]:
    ids = [r[0] for r in rows]
    dues = {pid: Due(pid) for pid in ids}
    births = {pid: dob for pid, dob, _, _ in rows}
    deaths = {pid: dod for pid, _, dod, _ in rows}
    index = periods["person-index"]
    for pid, dob, _, changed in rows:
        dues[pid].consider("person-index", _years_after(dob, index.years))
        # Never sooner than 6 years after the record was last changed (the council's own floor,
        # as the Limitation Act): an adult who came to the council's notice last month stays.
        dues[pid].consider("person-index", _years_after(changed.date(), RECENT_RECORD_YEARS))
    # Kept until the youngest linked child's 25th birthday too (a parent's record, say).
    pairs = Relationship.objects.filter(Q(from_person__in=ids) | Q(to_person__in=ids)).values_list(
        "from_person_id", "to_person_id", "from_person__date_of_birth", "to_person__date_of_birth"
    )
    for a, b, a_dob, b_dob in pairs:
        for me, other_dob in ((a, b_dob), (b, a_dob)):
            if me in dues and other_dob is not None:
                dues[me].consider("person-index", _years_after(other_dob, index.years))
    by_class: dict[str, list[PersonLink]] = defaultdict(list)
    for link in person_links():
        if link.record_class in periods and periods[link.record_class].by_person:
            by_class[link.record_class].append(link)
    for record_class, links in by_class.items():
        period = periods[record_class]
        for link in links:
            if period.anchor == CLOSURE:
                for pid, last in _closure_dates(link, ids).items():
                    when = dt.date.max if last == dt.date.max else _years_after(last, period.years)
                    dues[pid].consider(record_class, when)
                continue
            present = link.model._base_manager.filter(**{f"{link.field}__in": ids}).values_list(link.field, flat=True)
            for pid in set(present):
                if period.anchor == BIRTH:
                    when = _years_after(births[pid], period.years)
                    death = deaths.get(pid)
                    if record_class == "looked-after" and death and _age(births[pid], death) < 18:
                        when = _years_after(death, DIED_AS_CHILD_YEARS)
                    dues[pid].consider(record_class, when)
                else:
                    dues[pid].consider(record_class, dt.date.max)  # no rule here: keep
    return [d for d in dues.values() if d.due_on <= as_of]


def _age(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
