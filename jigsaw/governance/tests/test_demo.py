"""The demo council has sharing decisions of all three kinds, rights requests and a breach."""

import pytest
from django.utils import timezone

from jigsaw.demo.seed import council_seed
from jigsaw.records.models import Disclosure

from ..choices import SharingKind
from ..demo import seed_demo_cases
from ..models import Breach, RightsRequest, SharingDecision


@pytest.mark.django_db
def test_the_demo_has_each_kind_of_decision_requests_and_an_open_breach():
    as_of = timezone.localdate()
    council_seed(children=160, seed=5, as_of=as_of)
    made = seed_demo_cases(seed=5, as_of=as_of, per_stage=1)
    assert made == {"with_consent": 1, "without_consent": 1, "not_shared": 1, "rights_requests": 2, "breaches": 1}
    assert {d.kind for d in SharingDecision.objects.all()} == set(SharingKind)
    assert Disclosure.objects.count() == 2  # the two decisions to share
    assert RightsRequest.objects.open().count() == 1 and RightsRequest.objects.filter(addendum__gt="").count() == 1
    breach = Breach.objects.get()
    assert breach.is_open and not breach.ico_decided and breach.ico_due_at > timezone.now()
