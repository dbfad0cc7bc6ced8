"""The demo council has families at every stage of a family group conference, one review late."""

import pytest
from django.utils import timezone

from jigsaw.demo.seed import council_seed
from jigsaw.timescales.models import Clock

from ..choices import ReferralStatus
from ..demo import seed_demo_cases
from ..models import Conference, FamilyPlan, Referral


@pytest.mark.django_db
def test_demo_families_at_each_stage():
    as_of = timezone.localdate()
    council_seed(children=160, seed=5, as_of=as_of)
    made = seed_demo_cases(seed=5, as_of=as_of, per_stage=1)
    assert made.get("awaiting_allocation") == 1
    assert made.get("review_overdue") == 1, made
    assert Referral.objects.filter(status=ReferralStatus.AWAITING_ALLOCATION).exists()
    assert Referral.objects.filter(status=ReferralStatus.PREPARATION).exists()
    assert Conference.objects.filter(held_on__isnull=True).exists()
    assert FamilyPlan.objects.filter(review_due_on__lt=as_of, ended_on__isnull=True).exists()
    assert Clock.objects.filter(rule_key="fgc_review", due_on__lt=as_of).open().exists()
    # Deterministic, and a second run takes other families.
    again = seed_demo_cases(seed=5, as_of=as_of, per_stage=1)
    assert Referral.objects.count() == sum(made.values()) + sum(again.values())
