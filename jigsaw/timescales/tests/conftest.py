import pytest

from jigsaw.timescales import rules
from jigsaw.timescales.calendar import calendar_cache_clear


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test reads the bank holiday table afresh: a closure made in one test is rolled back
    with its transaction, but a cached calendar would remember it."""
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def scratch_registry(monkeypatch):
    """Rules registered in a test disappear after it."""
    monkeypatch.setattr(rules, "_registry", dict(rules._registry))


@pytest.fixture
def case(make_user):
    """A child allocated to a social worker in the Front door team, with a manager of that team."""
    from jigsaw.access.choices import Role
    from jigsaw.access.tests.factories import InvolvementFactory
    from jigsaw.people.tests.factories import PersonFactory

    worker = make_user(Role.SOCIAL_WORKER, full_name="Priya Worker", email="priya.worker@council.example")
    manager = make_user(
        Role.TEAM_MANAGER, team=worker.team, full_name="Morgan Manager", email="morgan.manager@council.example"
    )
    child = PersonFactory(given_names="Amelia", family_name="Rowntree", council_id="NB0000001")
    involvement = InvolvementFactory(user=worker, person=child, service="Child protection")
    return type("Case", (), {"worker": worker, "manager": manager, "child": child, "involvement": involvement})
