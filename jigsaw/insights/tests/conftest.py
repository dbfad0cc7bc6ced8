import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.insights.cohorts import Period

from .scene import care, child, episode, plan

D = dt.date
PERIOD = Period(D(2026, 4, 1), D(2026, 11, 30))
QUERY = "?from=2026-04-01&to=2026-11-30"


@pytest.fixture
def worker(make_user):
    return make_user(Role.SOCIAL_WORKER)


@pytest.fixture
def council(worker):
    """A few children in need, on plans and in care in the period (1 April to 30 November 2026),
    one of them with a sealed record."""
    people = {}
    people["in_need"] = child(given_names="Amara", family_name="Okonjo")
    episode(people["in_need"], worker, D(2026, 5, 4))
    people["re_referred"] = child(given_names="Bram", family_name="Tilley")
    episode(people["re_referred"], worker, D(2026, 1, 5), D(2026, 2, 2))
    episode(people["re_referred"], worker, D(2026, 6, 1))
    people["on_plan"] = child(given_names="Cerys", family_name="Vaughan")
    plan(people["on_plan"], worker, D(2026, 6, 15), category="EMO")
    people["plan_ended"] = child(given_names="Dylan", family_name="Marsh")
    plan(people["plan_ended"], worker, D(2024, 5, 1), D(2026, 7, 1), category="NEG")
    people["in_care"] = child(given_names="Esme", family_name="Hartley")
    care(people["in_care"], worker, D(2026, 8, 3))
    people["sealed"] = child(given_names="Ffion", family_name="Quarrie", restricted_area="sealed")
    episode(people["sealed"], worker, D(2026, 7, 6))
    return people
