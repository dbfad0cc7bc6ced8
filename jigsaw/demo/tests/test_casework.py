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

    # The front door has a duty social worker; some open contacts are with a named worker, some wait.
    from jigsaw.access.models import Involvement
    from jigsaw.frontdoor.models import DutyWorker
    from jigsaw.protection.models import Section47

    assert DutyWorker.objects.filter(on=as_of, worker__role="social_worker").exists()
    waiting = Contact.objects.filter(status="awaiting_decision")
    assert waiting.filter(assigned_to__isnull=False).exists() and waiting.filter(assigned_to__isnull=True).exists()
    # Every child in a section 47 enquiry has an allocated worker.
    in_s47 = Section47.objects.filter(completed_on__isnull=True).values_list("person", flat=True)
    assert in_s47
    allocated = Involvement.objects.filter(kind="allocated", ended_on__isnull=True).values_list("person", flat=True)
    assert set(in_s47) <= set(allocated)


def test_casework_scales_with_the_council():
    """A 2,000-child council has about 3 % of its children in need, 0.5 % on a plan and 0.7 % in
    care; the smallest council still has one child at every stage of every area."""
    from jigsaw.demo.casework import AREA_PER_1000, PER_1000, SERVICE_AREA_DEMOS, how_many

    def share(stages: list[str], children: int) -> float:
        return sum(how_many(children, PER_1000[s]) for s in stages) / children

    in_need = list(STAGES[STAGES.index("assessment") :])
    assert 0.025 <= share(in_need, 2000) <= 0.035
    assert share(["on_plan", "review_held"], 2000) == 0.005
    in_care = 4 * how_many(2000, AREA_PER_1000["jigsaw.care.demo"])  # four of its stages are in care now
    assert 0.006 <= in_care / 2000 <= 0.009
    assert all(how_many(10, rate) == 1 for rate in [*PER_1000.values(), *AREA_PER_1000.values()])
    assert {module for _, module in SERVICE_AREA_DEMOS} == set(AREA_PER_1000)


@pytest.mark.django_db
def test_the_demos_plans_are_sent_to_the_childs_school_and_gp(capsys):
    """Schools, the GP practice, the hospital and the police have a safeguarding inbox in the
    demo, so a plan starting is told to the child's school and GP, not left "Not on the list"."""
    call_command("seed_demo", "--children", "40", "--seed", "3", "--as-of", "2026-11-20")
    from jigsaw.access.models import Agency
    from jigsaw.protection.models import PlanNotification, ProtectionPlan
    from jigsaw.protection.services import plan_agency_list

    schools = dict(Agency.objects.filter(kind="education").values_list("name", "email"))
    assert schools and all(email.endswith("@northbridge.example") for email in schools.values())
    plans = list(ProtectionPlan.objects.select_related("person"))
    at_a_demo_school = [p for p in plans if p.person.school in schools]
    assert at_a_demo_school, "some children on a plan go to one of the demo's schools"
    for plan in at_a_demo_school:
        told = set(PlanNotification.objects.filter(plan=plan, event="started").values_list("email", flat=True))
        assert schools[plan.person.school] in told
        gp = Agency.objects.get(name=plan.person.registered_gp).email if plan.person.registered_gp else None
        assert gp is None or gp in told
        gaps = plan_agency_list(plan=plan, event="started").gaps
        assert not [g for g in gaps if plan.person.school in g], gaps
