"""Partnership fixtures: the partnership manager, a trainer, and courses with sessions."""

import datetime as dt

import pytest
from django.utils import timezone

from jigsaw.access.choices import Role

from .. import services
from ..choices import CourseFormat, Sector


@pytest.fixture
def manager(make_user):
    return make_user(Role.PARTNERSHIP_MANAGER, full_name="Ruth Adeyemi", email="ruth.adeyemi@council.example")


@pytest.fixture
def trainer(make_user):
    return make_user(Role.SOCIAL_WORKER, full_name="Nadia Brooks", email="nadia.brooks@council.example")


def at(days: int, hour: int = 9) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


@pytest.fixture
def make_session(manager, trainer):
    def _make(*, format=CourseFormat.FACE_TO_FACE, charge=False, capacity=2, days=14, title="Neglect: recognising it"):
        course = services.course_create(
            actor=manager,
            title=title,
            learning_outcomes="Know the signs of neglect and what to do",
            audience="Everyone who works with children",
            level="2",
            format=format,
            charge_applies=charge,
        )
        return services.session_create(
            actor=manager,
            course=course,
            starts_at=at(days),
            ends_at=at(days, 12),
            capacity=capacity,
            venue="Northbridge Civic Centre, Room 2" if format == CourseFormat.FACE_TO_FACE else "",
            online_link="https://meet.example/neglect" if format == CourseFormat.ONLINE else "",
            trainer=trainer,
        )

    return _make


def booker(n: int, **extra) -> dict:
    people = [
        ("Kim Marsh", "Teacher", "Riverside Primary School", Sector.EDUCATION),
        ("Dean Ellery", "Health visitor", "Northbridge Community Health", Sector.HEALTH),
        ("Pat Okafor", "Youth worker", "Northbridge Family Support Network", Sector.VOLUNTARY),
        ("Josh Brooks", "Teacher", "Castleton High School", Sector.EDUCATION),
        ("Lily Adeyemi", "Police constable", "Northbridge Police", Sector.POLICE),
    ]
    name, role, org, sector = people[n % len(people)]
    data = {
        "name": name,
        "job_role": role,
        "organisation": org,
        "sector": sector,
        "email": f"{name.split()[0].lower()}{n}@agency.example",
        "telephone": "01632 960001",
        "address": "1 Example Street, Northbridge NB1 1AA",
    }
    return data | extra
