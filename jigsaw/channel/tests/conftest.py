"""Channel test fixtures: a Channel panel chair, a child and an adult, and `walk`, which takes a
case from referral to adoption (and on) through the real services, on dates worked back from today."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.channel import services
from jigsaw.channel.choices import FACTORS, ConsentFrom, Decision, Rating
from jigsaw.people.tests.factories import PersonFactory


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def ratings(level: str = Rating.MEDIUM) -> dict[str, tuple[str, str]]:
    return {f.code: (level, "" if level == Rating.NONE else f"Seen by the school: {f.label.lower()}") for f in FACTORS}


@pytest.fixture
def chair(make_user):
    return make_user(Role.CHANNEL_CHAIR, full_name="Morgan Ellery")


@pytest.fixture
def child(db):
    return PersonFactory(
        given_names="Kieran",
        family_name="Ashdown",
        date_of_birth=timezone.localdate() - dt.timedelta(days=15 * 365 + 60),
    )


@pytest.fixture
def adult(db):
    return PersonFactory(given_names="Dale", family_name="Whitcombe", date_of_birth=dt.date(1999, 5, 2))


@dataclass
class Walk:
    chair: Any

    def refer(self, person: Any, *, received: int = 60, **extra: Any) -> Any:
        data = {
            "received_on": days_ago(received),
            "received_from": "Counter-terrorism policing (gateway assessment)",
            "concern_type": "extreme_right_wing",
            "concerns": "Sharing extreme right-wing material with classmates",
        } | extra
        return services.case_refer(actor=self.chair, person=person, **data)

    def consent(self, case: Any, *, on: int = 55) -> Any:
        child = case.subject_is_child
        return services.consent_record(
            actor=self.chair,
            case=case,
            status="given",
            recorded_on=days_ago(on),
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY if child else ConsentFrom.PERSON,
            given_by_name="Lorna Ashdown" if child else "",
            capacity_considered=True,
        )

    def assess(self, case: Any, *, on: int = 50, level: str = Rating.MEDIUM) -> Any:
        return services.assessment_record(
            actor=self.chair, case=case, assessed_on=days_ago(on), ratings=ratings(level), summary="Susceptible"
        )

    def panel(self, *, on: int = 45) -> Any:
        return services.panel_convene(actor=self.chair, starts_at=at(days_ago(on)), location="Civic Centre")

    def decide(self, case: Any, decision: str = Decision.ADOPT, *, on: int = 45) -> Any:
        meeting = self.panel(on=on)
        review = services.panel_case_add(actor=self.chair, meeting=meeting, case=case)
        return services.panel_decision_record(actor=self.chair, review=review, decision=decision, reasons="Agreed")

    def adopted(self, person: Any) -> Any:
        case = self.refer(person)
        self.consent(case)
        self.assess(case)
        self.decide(case)
        case.refresh_from_db()
        return case


@pytest.fixture
def walk(chair):
    return Walk(chair)
