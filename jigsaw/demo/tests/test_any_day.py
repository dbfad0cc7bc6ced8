"""The demo council can be made on any day, for any seed: property-based (hypothesis).

Each example makes a small council with its casework in every service area (through the real
services, so every rule about dates is checked) and rolls it back. The explicit examples are
the days that broke it before or could: a leap day, the year's end and start, Christmas, a
Saturday between bank holidays, Easter Monday, and "today" early in the morning. More random
days on demand: JIGSAW_DEMO_DAYS=50 .venv/bin/pytest -n 0 jigsaw/demo/tests/test_any_day.py
"""

import datetime as dt
import os

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jigsaw.demo import casework
from jigsaw.demo.casework import demo_make
from jigsaw.demo.models import DemoCouncil
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock

CHILDREN = 30
# Random days besides the explicit examples: few by default, so that the suite stays quick.
RANDOM_DAYS = int(os.environ.get("JIGSAW_DEMO_DAYS", "1"))
pytestmark = pytest.mark.django_db


class _Undo(Exception):
    """Raised to roll an example's council back, so that the next starts from an empty database."""


def _first_contact_or_referral_before_birth() -> list[str]:
    from jigsaw.fgc.models import ReferralChild
    from jigsaw.frontdoor.models import ContactPerson

    bad = [
        f"FGC referral on {row.referral.referred_on} for {row.person} born {row.person.date_of_birth}"
        for row in ReferralChild.objects.select_related("referral", "person").filter(
            referral__referred_on__lt=F("person__date_of_birth")
        )
    ]
    for row in ContactPerson.objects.select_related("contact", "person").filter(person__date_of_birth__isnull=False):
        if timezone.localdate(row.contact.received_at) < row.person.date_of_birth:
            bad.append(
                f"contact on {row.contact.received_at:%Y-%m-%d} about {row.person} born {row.person.date_of_birth}"
            )
    return bad


def _make_and_check(seed: int, as_of: dt.date) -> None:
    demo_make(children=CHILDREN, seed=seed, as_of=as_of)
    assert DemoCouncil.objects.get().complete
    assert Person.objects.count() > CHILDREN
    assert _first_contact_or_referral_before_birth() == []
    clocks = Clock.objects.all()
    assert clocks.filter(met_on__isnull=True, stopped_on__isnull=True).exists()
    assert not clocks.filter(due_on__lt=F("started_on")).exists(), "no deadline falls before its clock started"
    # Nothing happened before the person it is about was born.
    assert not clocks.filter(person__date_of_birth__gt=F("started_on")).exists()


@settings(
    max_examples=RANDOM_DAYS,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(min_value=1, max_value=100_000),
    as_of=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)),
    hour=st.one_of(st.none(), st.integers(min_value=0, max_value=23)),
)
@example(seed=1, as_of=dt.date(2028, 2, 29), hour=None)  # a leap day
@example(seed=3, as_of=dt.date(2026, 12, 31), hour=None)  # the year's end
@example(seed=4, as_of=dt.date(2027, 1, 1), hour=None)  # a bank holiday, the year's first day
@example(seed=5, as_of=dt.date(2026, 12, 26), hour=None)  # a Saturday: Christmas Friday, bank holiday Monday
@example(seed=2, as_of=dt.date(2027, 3, 29), hour=7)  # Easter Monday, made that day at 7 am
def test_the_demo_can_be_made_on_any_day(seed: int, as_of: dt.date, hour: int | None) -> None:
    """`hour` None: made for `as_of` from another day (the clock moved there); an hour: made
    on `as_of` itself, at that time of day."""
    with pytest.raises(_Undo), transaction.atomic():
        if hour is None:
            _make_and_check(seed, as_of)
        else:
            at = timezone.make_aware(dt.datetime.combine(as_of, dt.time(hour, 5)))
            with time_machine.travel(at, tick=True):
                _make_and_check(seed, as_of)
        raise _Undo


def _rows() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_a_seed_that_fails_leaves_nothing(monkeypatch):
    """The last area's demo fails: the council, every other area's casework, their audit entries
    and the note that the demo is complete are all undone."""

    def fail(**kwargs):
        raise RuntimeError("the youth justice demo failed")

    assert casework.SERVICE_AREA_DEMOS[-1][1] == "jigsaw.youthjustice.demo"
    monkeypatch.setattr("jigsaw.youthjustice.demo.seed_demo_cases", fail)
    before = _rows()
    with pytest.raises(RuntimeError, match="youth justice"):
        demo_make(children=CHILDREN, seed=1, as_of=dt.date(2026, 12, 7))
    assert _rows() == before
    assert not Person.objects.exists()
