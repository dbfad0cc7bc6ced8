"""The demo council's missing children, made through the real services: some missing now,
some interviews late, some children going missing again and again; deterministic for the seed."""

import datetime as dt

import pytest
import time_machine

from jigsaw.demo.seed import council_seed
from jigsaw.missing.demo import seed_demo_cases
from jigsaw.missing.models import MissingEpisode, ReturnInterview, StrategyPrompt
from jigsaw.timescales.models import Clock

from .conftest import LONDON

TODAY = dt.date(2027, 3, 10)


@pytest.mark.django_db
def test_demo_missing_children_some_late_some_repeat():
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, 0, tzinfo=LONDON), tick=False):
        council_seed(children=160, seed=5, as_of=TODAY)
        made = seed_demo_cases(seed=5, as_of=TODAY, per_stage=2)
        again = seed_demo_cases(seed=5, as_of=TODAY, per_stage=1)  # a second run adds cases, never breaks
    assert made == {stage: 2 for stage in made} and len(made) == 6
    assert sum(again.values()) == 6
    assert MissingEpisode.objects.filter(returned_at__isnull=True).count() == 3
    late = Clock.objects.open().filter(rule_key="missing_rhi", due_on__lt=TODAY)
    assert late.count() >= 3
    assert ReturnInterview.objects.filter(held_at__isnull=False).exists()
    assert ReturnInterview.objects.filter(response="declined").exists()
    assert StrategyPrompt.objects.open().exists()
    assert StrategyPrompt.objects.filter(decision="requested").exists()
    # One story per child: nobody has two open episodes, and the stages took different children.
    assert MissingEpisode.objects.values("person_id").distinct().count() == 18
