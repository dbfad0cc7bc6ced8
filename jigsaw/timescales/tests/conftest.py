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
