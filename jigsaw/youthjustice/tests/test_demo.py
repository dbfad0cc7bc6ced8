"""The demo council's youth justice cases: made through the services, deterministic, some late."""

import datetime as dt

import pytest

from jigsaw.chronology.models import ChronologyEntry
from jigsaw.demo.seed import council_seed
from jigsaw.timescales.models import Clock
from jigsaw.youthjustice.demo import STAGES, seed_demo_cases
from jigsaw.youthjustice.models import Outcome, RestorativeWork, YouthJusticeCase
from jigsaw.youthjustice.selectors import measures

AS_OF = dt.date(2027, 6, 15)


@pytest.mark.django_db
def test_the_demo_council_has_youth_justice_cases_at_every_stage():
    council_seed(children=60, seed=11, as_of=AS_OF)
    made = seed_demo_cases(seed=11, as_of=AS_OF, per_stage=1)
    assert made == dict.fromkeys(STAGES, 1)
    assert YouthJusticeCase.objects.filter(closed_on__isnull=True).count() == len(STAGES)
    assert Outcome.objects.filter(kind="dto").exists()
    assert RestorativeWork.objects.exists()
    assert ChronologyEntry.objects.filter(kind="yj_safety_wellbeing").exists()
    overdue = Clock.objects.filter(rule_key="yj_assessment", met_on__isnull=True, stopped_on__isnull=True)
    assert overdue.filter(due_on__lt=AS_OF).exists(), "an assessment should be late"
    m = measures(user=YouthJusticeCase.objects.first().case_worker, date_from=dt.date(2026, 6, 16), date_to=AS_OF)
    assert m.reoffending.reoffenders >= 1 and m.custody.custodial >= 1
    # Seeding again takes other young people: the ones with cases are not walked twice.
    again = seed_demo_cases(seed=11, as_of=AS_OF, per_stage=1)
    assert YouthJusticeCase.objects.count() == len(STAGES) + sum(again.values())
