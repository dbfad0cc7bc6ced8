"""Youth justice in the demo council: cases made through this app's real services.

The generator gave some 10 to 17 year olds an allocated youth justice officer (involvement
service "Youth justice"); those young people get cases here, deterministic for the seed,
dates worked back from `as_of`:

- out_of_court: a youth caution for a theft, assessed with the out-of-court tool;
- referral_order: a referral order with an intervention under way, a victim who agreed
  to restorative justice and a letter of explanation sent;
- reoffending: a youth caution, then another offence within 12 months and a referral order;
- custody: a robbery and a detention and training order; safety and wellbeing concerns high,
  shared with the safeguarding record;
- assessment_overdue: a youth rehabilitation order whose assessment is late;
- victim_awaiting_contact: a victim the service has just learnt of.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement, User
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_calendar_months, add_working_days

STAGES = (
    "out_of_court",
    "referral_order",
    "reoffending",
    "custody",
    "assessment_overdue",
    "victim_awaiting_contact",
)


def _young_people(as_of: dt.date, limit: int) -> list[tuple[Any, Any]]:
    """(young person, their youth justice officer): aged 11 to 17, no youth justice case yet."""
    from .models import YouthJusticeCase

    rows = (
        Involvement.objects.filter(service="Youth justice", user__role=Role.YOUTH_JUSTICE_OFFICER, user__is_active=True)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
        .filter(
            person__restricted_area="",
            person__merged_into__isnull=True,
            person__date_of_birth__lte=add_calendar_months(as_of, -12 * 11),
            person__date_of_birth__gt=add_calendar_months(as_of, -12 * 18),
        )
        .exclude(person__in=YouthJusticeCase.objects.values("person"))
        .select_related("person", "user")
        .order_by("person_id", "pk")
    )
    seen: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        seen.setdefault(row.person_id, (row.person, row.user))
        if len(seen) >= limit:
            return list(seen.values())
    # A small council may have too few: young people open to no service at all, for the
    # demo's own youth justice officer.
    officer = (
        User.objects.filter(username=Role.YOUTH_JUSTICE_OFFICER, is_active=True).first()
        or User.objects.filter(role=Role.YOUTH_JUSTICE_OFFICER, is_active=True).order_by("pk").first()
    )
    if officer is None:
        return list(seen.values())
    more = (
        Person.objects.filter(
            restricted_area="",
            merged_into__isnull=True,
            date_of_birth__lte=add_calendar_months(as_of, -12 * 11),
            date_of_birth__gt=add_calendar_months(as_of, -12 * 18),
        )
        .exclude(involvements__isnull=False)
        .exclude(pk__in=YouthJusticeCase.objects.values("person"))
        .order_by("pk")[: limit - len(seen)]
    )
    for person in more:
        seen.setdefault(person.pk, (person, officer))
    return list(seen.values())


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    rng = random.Random(seed * 104729 + 17)  # noqa: S311 - demo data, not security
    today = min(as_of, timezone.localdate())
    pool = _young_people(today, per_stage * len(STAGES) * 2)
    rng.shuffle(pool)
    made: dict[str, int] = {}
    for stage in STAGES:
        for _ in range(per_stage):
            if not pool:
                return made
            person, officer = pool.pop()
            with transaction.atomic():
                _walk(stage, person, officer, today, rng)
            made[stage] = made.get(stage, 0) + 1
    return made


def _back(today: dt.date, working_days: int) -> dt.date:
    return add_working_days(today, -working_days)


def _walk(stage: str, person: Any, officer: Any, today: dt.date, rng: random.Random) -> None:
    from . import services as yj

    first_offence = {
        "out_of_court": _back(today, 60),
        "referral_order": _back(today, 90),
        "reoffending": _back(today, 200),
        "custody": _back(today, 120),
        "assessment_overdue": _back(today, 50),
        "victim_awaiting_contact": _back(today, 20),
    }[stage]
    case = yj.case_open(
        actor=officer,
        person=person,
        referred_on=add_working_days(first_offence, 3),
        referral_reason=rng.choice(
            [
                "Referred by the police after arrest.",
                "Referred by the youth court.",
                "Referred by the police for an out-of-court disposal decision.",
            ]
        ),
    )
    yj.partner_add(
        actor=officer, case=case, kind="police", name="PC Demo Officer", role="Police officer seconded to the service"
    )
    yj.partner_add(actor=officer, case=case, kind="health", name="Demo Health Worker", role="Youth justice nurse")

    def offence(day: dt.date, category: str, description: str, gravity: int) -> Any:
        return yj.offence_record(
            actor=officer, case=case, committed_on=day, description=description, category=category, gravity=gravity
        )

    def assess(day: dt.date, kind: str, outcome: Any, safety: str = "medium", summary: str = "") -> Any:
        return yj.assessment_record(
            actor=officer,
            case=case,
            kind=kind,
            completed_on=day,
            likelihood_of_reoffending=rng.choice(["low", "medium"]),
            risk_of_serious_harm="medium",
            safety_and_wellbeing=safety,
            narrative="Demo assessment: explanations and conclusions agreed with the young person and their parent.",
            safety_summary=summary,
            outcome=outcome,
        )

    if stage == "out_of_court":
        o = offence(first_offence, "theft", "Theft of a bicycle from outside a shop", 2)
        caution = yj.outcome_record(
            actor=officer, case=case, kind="youth_caution", outcome_on=add_working_days(first_offence, 10), offences=[o]
        )
        assess(add_working_days(caution.outcome_on, 8), "out_of_court", caution, safety="low")
        return

    if stage == "referral_order":
        o = offence(first_offence, "criminal_damage", "Damage to a bus shelter", 3)
        order = yj.outcome_record(
            actor=officer,
            case=case,
            kind="referral_order",
            outcome_on=add_working_days(first_offence, 20),
            offences=[o],
            length_months=6,
            court_or_panel="Northbridge Youth Court",
        )
        assess(add_working_days(order.outcome_on, 10), "assetplus_start", order)
        start = add_working_days(order.outcome_on, 15)
        intervention = yj.intervention_start(
            actor=officer,
            case=case,
            kind="victim_awareness",
            provider="Northbridge YJS",
            started_on=start,
            sessions_planned=8,
        )
        yj.intervention_progress_record(
            actor=officer,
            intervention=intervention,
            sessions_attended=5,
            progress="some",
            progress_notes="Attends well.",
        )
        victim = yj.victim_record(
            actor=officer,
            case=case,
            kind="organisation",
            name="Northbridge Bus Company",
            identified_on=add_working_days(first_offence, 5),
            offence=o,
        )
        contacted = add_working_days(victim.identified_on, 6)
        yj.victim_contact_record(
            actor=officer,
            victim=victim,
            contacted_on=contacted,
            contact_consent="given",
            rj_offered=True,
            wants_restorative_justice=True,
            views="Would like an apology and to explain the cost of repairs.",
        )
        planned = add_working_days(contacted, 15)
        work = yj.restorative_work_plan(
            actor=officer,
            victim=victim,
            kind="indirect_letter",
            victim_consented_on=contacted,
            young_person_consented_on=add_working_days(contacted, 2),
            planned_on=planned,
        )
        if planned <= today:
            yj.restorative_work_complete(actor=officer, work=work, completed_on=planned)
        return

    if stage == "reoffending":
        o1 = offence(first_offence, "public_order", "Threatening behaviour in the town centre", 2)
        caution = yj.outcome_record(
            actor=officer,
            case=case,
            kind="youth_caution",
            outcome_on=add_working_days(first_offence, 10),
            offences=[o1],
        )
        assess(add_working_days(caution.outcome_on, 5), "out_of_court", caution, safety="low")
        second = add_working_days(caution.outcome_on, 80)
        o2 = offence(second, "theft", "Shoplifting: clothes from a department store", 2)
        order = yj.outcome_record(
            actor=officer,
            case=case,
            kind="referral_order",
            outcome_on=add_working_days(second, 20),
            offences=[o2],
            length_months=4,
            court_or_panel="Northbridge Youth Court",
        )
        assess(add_working_days(order.outcome_on, 10), "assetplus_start", order)
        return

    if stage == "custody":
        o = offence(first_offence, "robbery", "Robbery of a mobile phone with a knife", 6)
        dto = yj.outcome_record(
            actor=officer,
            case=case,
            kind="dto",
            outcome_on=add_working_days(first_offence, 40),
            offences=[o],
            length_months=8,
            court_or_panel="Northbridge Crown Court",
        )
        assess(
            add_working_days(dto.outcome_on, 5),
            "assetplus_start",
            dto,
            safety="high",
            summary="Exploited by older young people to carry a knife; at risk in custody from a rival group.",
        )
        return

    if stage == "assessment_overdue":
        o = offence(first_offence, "drugs", "Possession of cannabis with intent to supply", 4)
        yj.outcome_record(
            actor=officer,
            case=case,
            kind="yro",
            outcome_on=add_working_days(first_offence, 5),
            offences=[o],
            length_months=12,
            court_or_panel="Northbridge Youth Court",
            requirements="Supervision; activity requirement of 30 days.",
        )
        return

    if stage == "victim_awaiting_contact":
        o = offence(first_offence, "violence", "Assault on another pupil", 3)
        yj.victim_record(
            actor=officer, case=case, kind="person", name="Demo Victim", identified_on=_back(today, 2), offence=o
        )
        return
