"""The demo council's children in care, made through the real services: in and out of area,
placed here by other councils, some late; deterministic for the seed."""

import datetime as dt

import pytest
import time_machine

from jigsaw.care import selectors
from jigsaw.care.demo import seed_demo_cases
from jigsaw.care.models import CareLeaverContact, CareReview, HostNotification, IROConcern, PeriodOfCare
from jigsaw.demo.seed import council_seed
from jigsaw.timescales.models import Clock

from .conftest import LONDON

TODAY = dt.date(2027, 3, 10)


@pytest.mark.django_db
def test_demo_children_in_care_in_and_out_of_area_some_late():
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, 0, tzinfo=LONDON), tick=False):
        council_seed(children=160, seed=5, as_of=TODAY)
        made = seed_demo_cases(seed=5, as_of=TODAY, per_stage=2)
        again = seed_demo_cases(seed=5, as_of=TODAY, per_stage=1)  # a second run adds cases, never breaks
        from django.contrib.auth import get_user_model

        manager = get_user_model().objects.get(username="team_manager")
        counts = selectors.register_counts(user=manager)
    assert made == {
        "in_area": 2,
        "out_of_area": 2,
        "first_review_late": 2,
        "reviewed": 2,
        "care_leaver": 2,
        "hosted": 2,
        "health_outcomes": 1,  # the census's health outcomes (OC2) for one child long enough in care
    }
    assert again["hosted"] == 1
    assert counts["in_area"] >= 6 and counts["out_of_area"] >= 2 and counts["hosted"] >= 3
    assert HostNotification.objects.count() >= 2
    assert CareReview.objects.filter(held_on__isnull=False).exists()
    assert IROConcern.objects.filter(resolved_on__isnull=True).exists()
    assert CareLeaverContact.objects.exists()
    assert PeriodOfCare.objects.filter(ended_on__isnull=False).count() >= 2
    late = Clock.objects.open().filter(due_on__lt=TODAY, rule_key="lac_first_review")
    assert late.count() >= 2
