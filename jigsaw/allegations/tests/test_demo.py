"""The demo council's LADO cases, made through the real services: a duty rota, new and late
referrals, meetings, every outcome, advice; deterministic for the seed."""

import pytest
from django.contrib.auth import get_user_model

from jigsaw.allegations.demo import seed_demo_cases
from jigsaw.allegations.models import Allegation, DutySlot
from jigsaw.allegations.selectors import allegation_scope, timeliness_summary
from jigsaw.demo.seed import council_seed

from .conftest import TODAY


@pytest.mark.django_db
def test_demo_lado_cases():
    council_seed(children=160, seed=5, as_of=TODAY)
    made = seed_demo_cases(seed=5, as_of=TODAY, per_stage=2)
    assert made["referrals"] == 10 and made["meetings"] == 6 and made["concluded"] == 4 and made["advice"] == 3
    assert made["late referrals"] >= 2
    assert DutySlot.objects.filter(on=TODAY).exists()
    assert Allegation.objects.filter(kind="referral", concluded_on__isnull=True).count() == 6
    assert set(Allegation.objects.exclude(outcome="").values_list("outcome", flat=True)) >= {"substantiated"}
    users = get_user_model().objects
    officer = users.get(username="lado_officer")
    assert timeliness_summary(user=officer).concluded == 4
    # Outside the LADO team the demo's cases do not exist.
    assert not allegation_scope(user=users.get(username="social_worker")).exists()
    # Deterministic for the seed: the same choices again.
    first = list(Allegation.objects.order_by("pk").values_list("employer_name", "received_on", "outcome"))
    assert first[0][0] == "Ferry Road Primary School"
