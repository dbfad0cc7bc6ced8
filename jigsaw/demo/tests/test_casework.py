"""The demo council has children at every stage of the front door and child protection, some late."""

import datetime as dt

import pytest
from django.core.management import call_command

from jigsaw.demo.casework import STAGES
from jigsaw.timescales.models import Clock


@pytest.mark.django_db
def test_seeded_casework_reaches_every_stage_and_some_deadlines_are_missed(capsys):
    as_of = dt.date(2026, 11, 20)  # a Friday
    call_command("seed_demo", "--children", "40", "--seed", "3", "--as-of", as_of.isoformat())
    out = capsys.readouterr().out
    for stage in STAGES:
        assert stage.replace("_", " ") in out, stage
    from jigsaw.frontdoor.models import Contact, Decision
    from jigsaw.protection.models import Conference, ProtectionPlan

    assert Contact.objects.filter(decision__isnull=True).count() >= 2
    assert Decision.objects.filter(outcome="nfa").exists()
    assert ProtectionPlan.objects.filter(ended_on__isnull=True).exists()
    assert Conference.objects.filter(kind="review").exists()
    open_clocks = Clock.objects.filter(met_on__isnull=True, stopped_on__isnull=True)
    assert open_clocks.filter(due_on__lt=as_of).exists(), "some children should be late"
    assert open_clocks.filter(due_on__gte=as_of).exists(), "and some on time"
