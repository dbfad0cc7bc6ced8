"""Missing children in the demo council: cases made through this app's real services.

Children come from those aged 11 to 17 whom the generator gave the exploitation and
missing team ("Exploitation and missing" involvement), then others nobody has taken (no
clock running, no missing episode yet), so each demo child has one story. Times are
worked back from `as_of` (or from now, when `as_of` is today); some interviews are late
on purpose, some children go missing again and again, one is missing now.
Deterministic for the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.people.models import Person
from jigsaw.timescales.models import Clock

from . import services
from .models import MissingEpisode, StrategyPrompt

STAGES = ("missing_now", "interview_overdue", "interview_due", "interview_held", "interview_declined", "repeat")
PLACES = (
    "Northbridge bus station",
    "A friend's flat on Mill Lane",
    "The retail park car park",
    "An address in another town, found by the police",
    "Her aunt's house",
    "The railway station, brought home by the police",
)
RISKS = (
    "Seen with older young people near the station",
    "Not taking prescribed medication",
    "Phone switched off; new clothes and money recently",
    "Said she would not come back",
)
PUSH = ("Arguments at home about curfew", "Falling out with carers", "Being bullied at school")
PULL = ("Friends and a party", "An older boyfriend", "Money for running errands")


def _user(role: str) -> Any:
    User = get_user_model()
    return User.objects.filter(username=role).first() or User.objects.filter(role=role).order_by("pk").first()


def _pool(as_of: dt.date, need: int) -> list[Person]:
    taken = Clock.objects.filter(stopped_on__isnull=True, met_on__isnull=True).values("person_id")
    base = (
        Person.objects.filter(restricted_area="", merged_into__isnull=True, date_of_birth__isnull=False)
        .filter(
            date_of_birth__gt=as_of - dt.timedelta(days=int(365.25 * 17) + 300),
            date_of_birth__lt=as_of - dt.timedelta(days=int(365.25 * 11)),
        )
        .exclude(pk__in=taken)
        .exclude(pk__in=MissingEpisode.objects.values("person_id"))
    )
    preferred = list(base.filter(involvements__service="Exploitation and missing").distinct().order_by("pk")[:need])
    if len(preferred) < need:
        others = base.exclude(pk__in=[p.pk for p in preferred]).exclude(involvements__isnull=False).order_by("pk")
        preferred += list(others[: need - len(preferred)])
    return preferred


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    rng = random.Random(seed * 6113)  # noqa: S311 - demo data, not security
    practitioner, manager = _user(Role.EXPLOITATION_MISSING), _user(Role.TEAM_MANAGER)
    support = _user(Role.BUSINESS_SUPPORT)
    if not (practitioner and manager and support):
        return {}
    now = timezone.now()
    end_of_day = timezone.make_aware(dt.datetime.combine(as_of, dt.time(18, 0)))
    base = min(now, end_of_day) - dt.timedelta(minutes=5)
    pool = _pool(as_of, per_stage * len(STAGES))
    rng.shuffle(pool)
    made: dict[str, int] = {}

    def hours(h: float) -> dt.datetime:
        return (base - dt.timedelta(hours=h)).replace(second=0, microsecond=0)

    def episode(child: Person, start_h: float, back_h: float | None, *, risk: str = "", actor: Any = None) -> Any:
        from_care = rng.random() < 0.25
        data = {
            "kind": "A" if from_care and rng.random() < 0.4 else "M",
            "missing_from": "care_placement" if from_care else rng.choice(("home", "home", "school")),
            "went_missing_at": hours(start_h),
            "reported_to_police": True,
            "police_reference": f"NB-{as_of:%y}-{rng.randint(10000, 99999)}",
            "reported_at": hours(start_h - 1),
            "risk_level": risk or rng.choice(("low", "medium", "medium", "no_apparent_risk")),
            "risk_notes": rng.choice(RISKS),
        }
        if back_h is not None:
            data |= {"returned_at": hours(back_h), "where_found": rng.choice(PLACES)}
        return services.episode_record(actor=actor or practitioner, person=child, data=data)

    def held(ep: Any, after_h: float) -> None:
        interview = services.interview_offer(
            actor=practitioner,
            episode=ep,
            offered_at=ep.returned_at + dt.timedelta(hours=2),
            interviewer="Northbridge Youth Service return interview worker",
            interviewer_independent=True,
            response="accepted",
        )
        services.interview_hold(
            actor=practitioner,
            interview=interview,
            data={
                "held_at": ep.returned_at + dt.timedelta(hours=after_h),
                "interviewer": "Northbridge Youth Service return interview worker",
                "interviewer_independent": True,
                "where_they_were": ep.where_found,
                "with_whom": "Friends, some older",
                "push_factors": rng.choice(PUSH),
                "pull_factors": rng.choice(PULL),
                "indicators": rng.choice(([], [], ["older_associates"], ["money_gifts", "out_of_area"])),
                "child_said": "I just needed to get away for a bit. I was safe.",
                "actions": "Safety plan agreed with the child and carers",
            },
        )

    for stage in STAGES:
        for _ in range(per_stage):
            if not pool:
                return made
            child = pool.pop()
            if stage == "missing_now":
                episode(child, rng.randint(5, 30), None, actor=support)
            elif stage == "interview_overdue":
                episode(child, rng.randint(110, 150), rng.randint(80, 100))
            elif stage == "interview_due":
                ep = episode(child, rng.randint(30, 40), rng.randint(6, 20))
                services.interview_offer(
                    actor=practitioner,
                    episode=ep,
                    offered_at=ep.returned_at + dt.timedelta(hours=1),
                    interviewer="Northbridge Youth Service return interview worker",
                    interviewer_independent=True,
                )
            elif stage == "interview_held":
                ep = episode(child, 24 * rng.randint(8, 20), 24 * 7)
                held(ep, rng.choice((20, 40, 60, 90)))  # one in four late
            elif stage == "interview_declined":
                ep = episode(child, 24 * 12, 24 * 11)
                services.interview_offer(
                    actor=practitioner,
                    episode=ep,
                    offered_at=ep.returned_at + dt.timedelta(hours=26),
                    response="declined",
                    declined_reason="Said they did not want to talk about it; carers will keep offering",
                )
            elif stage == "repeat":
                for start_d in (70, 35):
                    ep = episode(child, 24 * start_d, 24 * start_d - rng.randint(4, 20))
                    held(ep, 30)
                episode(child, 50, rng.randint(10, 30), risk="high")
                prompt = StrategyPrompt.objects.filter(person=child).open().first()
                # Every other repeat child has had the decision: a strategy discussion requested.
                if prompt is not None and made.get("repeat", 0) % 2 == 1:
                    services.prompt_decide(
                        actor=manager,
                        prompt=prompt,
                        decision="requested",
                        reason="Three episodes in ten weeks and now high risk: strategy discussion with the police",
                    )
            made[stage] = made.get(stage, 0) + 1
    return made
