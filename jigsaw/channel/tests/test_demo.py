"""The demo council's Channel cases, made through the real services, some late."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from jigsaw.channel.choices import CaseStage
from jigsaw.channel.demo import seed_demo_cases
from jigsaw.channel.models import ChannelCase, ExitReview, Intervention
from jigsaw.demo.seed import council_seed
from jigsaw.meetings.models import Meeting
from jigsaw.timescales.models import Clock

TODAY = dt.date(2027, 3, 10)


@pytest.mark.django_db
def test_demo_cases_at_every_stage_some_late():
    with time_machine.travel(dt.datetime(2027, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/London")), tick=False):
        council_seed(children=160, seed=5, as_of=TODAY)
        made = seed_demo_cases(seed=5, as_of=TODAY, per_stage=2)
        again = seed_demo_cases(seed=5, as_of=TODAY, per_stage=1)  # a second run adds cases, never breaks
    assert made == {
        "awaiting_consent": 2,
        "declined": 1,
        "awaiting_decision": 2,
        "adopted": 2,
        "exited": 2,
        "panels": 7,
    }
    assert again["exited"] == 2
    stages = [c.stage for c in ChannelCase.objects.all()]
    for stage in (CaseStage.AWAITING_CONSENT, CaseStage.DECLINED, CaseStage.AWAITING_DECISION, CaseStage.ADOPTED):
        assert stage in stages
    assert Intervention.objects.filter(case__exited_on__isnull=True).count() >= 4
    assert Meeting.objects.filter(kind="channel_panel", status="held", restricted_area="channel").exists()
    assert Meeting.objects.filter(kind="channel_panel", starts_at__date__gt=TODAY).exists()
    late = Clock.objects.open().filter(due_on__lt=TODAY)
    assert late.filter(rule_key="channel_panel_review").exists()
    assert late.filter(rule_key="channel_exit_review_6").exists()
    assert ExitReview.objects.filter(reviewed_on__isnull=True, due_on__gte=TODAY).exists()
    # Everyone referred is an adult or child seen only by Channel, or was already restricted to it.
    assert not ChannelCase.objects.exclude(person__restricted_area="channel").exists()
