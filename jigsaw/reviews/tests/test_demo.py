"""The demo council's serious incidents, made through the real services, at every stage."""

import pytest
from django.contrib.auth import get_user_model

from jigsaw.demo.seed import council_seed
from jigsaw.reviews.choices import Stage
from jigsaw.reviews.demo import seed_demo_cases
from jigsaw.reviews.models import Finding, ImmediateAction, RapidReviewMeeting, SeriousIncident
from jigsaw.reviews.selectors import incident_scope

from .conftest import TODAY


@pytest.mark.django_db
def test_demo_incidents_at_every_stage():
    council_seed(children=160, seed=5, as_of=TODAY)
    made = seed_demo_cases(seed=5, as_of=TODAY, per_stage=1)
    assert made == {"recorded": 1, "overdue": 1, "notified": 1, "late": 1, "decided": 1, "closed": 1}
    stages = {i.stage for i in SeriousIncident.objects.all()}
    assert stages == {Stage.RECORDED, Stage.NOTIFIED, Stage.RAPID_REVIEW_SENT, Stage.CLOSED}
    assert SeriousIncident.objects.filter(late_reason__gt="").count() == 1
    assert any(i.late_now(TODAY) for i in SeriousIncident.objects.all())
    users = get_user_model().objects
    assert incident_scope(user=users.get(username="partnership_manager")).count() == 6
    # Rapid review meetings through the meetings engine, with facts and immediate actions.
    assert RapidReviewMeeting.objects.count() == 2
    assert Finding.objects.filter(kind="fact").count() == 4
    assert ImmediateAction.objects.filter(done_on__isnull=True).exists()
    # Outside the partnership team the demo's incidents do not exist.
    assert not incident_scope(user=users.get(username="social_worker")).exists()
