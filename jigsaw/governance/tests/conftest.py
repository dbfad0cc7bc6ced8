"""Governance fixtures: a child, the worker who shares about them, a manager and the DPO."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import InvolvementFactory

# The meetings engine's fixtures (a conference about a child), for the disclosure routes' tests.
from jigsaw.meetings.tests.conftest import agencies, chair, child, conference, worker  # noqa: F401
from jigsaw.people.tests.factories import PersonFactory

from ..choices import Article6, Consent, SpecialCondition


@dataclass
class Scene:
    child: Any
    worker: Any
    manager: Any
    dpo: Any


@pytest.fixture
def scene(db, make_user) -> Scene:
    the_child = PersonFactory(date_of_birth=dt.date(2015, 5, 1))
    the_worker = make_user(Role.SOCIAL_WORKER)
    InvolvementFactory(
        user=the_worker, person=the_child, kind="allocated", service="Child in need", started_on=dt.date(2026, 1, 5)
    )
    return Scene(the_child, the_worker, make_user(Role.TEAM_MANAGER), make_user(Role.DATA_PROTECTION_OFFICER))


def decision_fields(**extra: Any) -> dict[str, Any]:
    return {
        "decided_on": dt.date(2026, 12, 1),
        "shared": True,
        "information": "Dates of the two recent injuries and the school's attendance concerns",
        "recipient_name": "DC Ayers",
        "recipient_agency": "Northmere Police",
        "recipient_email": "ppu@police.example",
        "purpose": "Strategy discussion about significant harm",
        "article_6": Article6.PUBLIC_TASK,
        "special_condition": SpecialCondition.SAFEGUARDING,
        "told": False,
        "consent": Consent.NOT_SOUGHT,
        "reason": "Telling the father first would put the child at risk of further harm",
    } | extra
