"""Children in care in the demo council: cases made through this app's real services.

Children come from those the generator already made "Child in care" (an involvement with
that service) and whom no other area has taken (no clock running for them), so each demo
child has one story. Dates are worked back from `as_of`; some cases are late on purpose
(a first review not held in time, a host council not yet told). Deterministic for the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_working_days
from jigsaw.timescales.models import Clock

from . import services
from .models import CareEpisode, HostedChild, PeriodOfCare

STAGES = ("in_area", "out_of_area", "first_review_late", "reviewed", "care_leaver", "hosted")

HOST_COUNCILS = (
    ("Eastmoor Council", "ZZ9", "placements@eastmoor.example", "Dana Field"),
    ("Westvale Council", "ZZ8", "lac.notices@westvale.example", "Lee Brook"),
    ("Southmere Council", "ZZ7", "childrenincare@southmere.example", "Sam Orme"),
)
PLACING_COUNCILS = (
    ("Westvale Council", "Ari Penn", "lac@westvale.example"),
    ("Southmere Council", "Jo Tilley", "placements@southmere.example"),
)
GIVEN = ("Ellis", "Rowan", "Morgan", "Jules", "Remy", "Sasha", "Tayo", "Noor", "Kit", "Robin")
FAMILY = ("Ashby", "Brennan", "Calloway", "Dunmore", "Everley", "Fairholm", "Garside", "Hartwell")
FOSTER = ("U4", "U6", "U3", "U1")


def _user(role: str) -> Any:
    User = get_user_model()
    return User.objects.filter(username=role).first() or User.objects.filter(role=role).order_by("pk").first()


# Real postcodes (from the ONS postcode directory the SSDA903 validator looks them up in): the
# returns' validators reject a postcode that does not exist and work out the placing council and
# the distance from it. The demo's own area borrows Hartlepool's (E06000001, LA number 805: the
# demo settings JIGSAW_COUNCIL_GSS_CODE and JIGSAW_COUNCIL_CODE); the host councils' are elsewhere.
REAL_POSTCODES = {
    "home": (
        "TS22 5BF",
        "TS24 0BD",
        "TS24 0JR",
        "TS24 0RN",
        "TS24 0XU",
        "TS24 4ER",
        "TS24 7AL",
        "TS24 7JP",
        "TS24 7RP",
        "TS24 8DJ",
        "TS24 8LR",
        "TS24 9AH",
        "TS24 9LW",
        "TS25 1AA",
        "TS25 1GW",
        "TS25 1PW",
        "TS25 1UX",
        "TS25 2EB",
        "TS25 2NG",
        "TS25 3AQ",
        "TS25 3JL",
        "TS25 3RR",
        "TS25 4HA",
        "TS25 4RE",
    ),
    "ZZ9": ("TS1 1AA", "TS1 1NN", "TS1 1WS", "TS1 2EZ"),  # Middlesbrough
    "ZZ8": ("TS15 0AD", "TS15 9FP", "TS15 9NJ", "TS15 9UA"),  # Stockton-on-Tees
    "ZZ7": ("LS10 1AA", "LS10 1GG", "LS10 1PE", "LS10 1UH"),  # Leeds
}
# The council's own fostering service's Ofsted URN (made up), for its foster placements (PR1).
OWN_FOSTERING_URN = "SC999001"


def _postcode(rng: random.Random, district: str) -> str:
    return rng.choice(REAL_POSTCODES.get(district, REAL_POSTCODES["home"]))


def _pool(as_of: dt.date, need: int) -> list[Person]:
    taken_clock = Clock.objects.filter(stopped_on__isnull=True, met_on__isnull=True).values("person_id")
    base = (
        Person.objects.filter(restricted_area="", merged_into__isnull=True, date_of_birth__isnull=False)
        .filter(
            date_of_birth__gt=as_of - dt.timedelta(days=365 * 17), date_of_birth__lt=as_of - dt.timedelta(days=365 * 3)
        )
        .exclude(pk__in=taken_clock)
        .exclude(pk__in=CareEpisode.objects.values("person_id"))
        .exclude(pk__in=HostedChild.objects.values("person_id"))
    )
    preferred = list(base.filter(involvements__service="Child in care").distinct().order_by("pk")[:need])
    if len(preferred) < need:
        others = base.exclude(pk__in=[p.pk for p in preferred]).exclude(involvements__isnull=False).order_by("pk")
        preferred += list(others[: need - len(preferred)])
    return preferred


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    rng = random.Random(seed * 4241)  # noqa: S311 - demo data, not security
    as_of = min(as_of, timezone.localdate())
    worker, manager = _user(Role.SOCIAL_WORKER), _user(Role.TEAM_MANAGER)
    iro, support = _user(Role.CP_CHAIR_IRO), _user(Role.BUSINESS_SUPPORT)
    if not (worker and manager and iro and support):
        return {}
    pool = _pool(as_of, per_stage * (len(STAGES) - 1))
    rng.shuffle(pool)
    made: dict[str, int] = {}

    def start(child: Person, started_on: dt.date, *, out: bool = False, legal_status: str = "C2") -> Any:
        home = _postcode(rng, "NB" + str(rng.randint(1, 6)))
        if out:
            council, district, email, contact = rng.choice(HOST_COUNCILS)
            place = services.Placement(
                placement_type=rng.choice(("K2", "U6", "U4")),
                provider="PR4",
                provider_name=f"{rng.choice(FAMILY)} House",
                urn=f"SC{rng.randint(100000, 999999)}",
                postcode=_postcode(rng, district),
                out_of_area=True,
                host_council=council,
                host_contact_name=contact,
                host_contact_email=email,
                distance_miles=str(round(rng.uniform(25, 140), 1)),
            )
        else:
            place = services.Placement(
                placement_type=rng.choice(FOSTER),
                provider="PR1",
                provider_name=f"Mr and Mrs {rng.choice(FAMILY)}",
                urn=OWN_FOSTERING_URN,
                postcode=_postcode(rng, "NB" + str(rng.randint(1, 6))),
                distance_miles=str(round(rng.uniform(0.5, 8), 1)),
            )
        return services.period_start(
            actor=worker,
            person=child,
            started_on=started_on,
            legal_status=legal_status,
            category_of_need=rng.choice(("N1", "N1", "N4", "N5", "N8")),
            placement=place,
            home_postcode=home,
        )

    def review(period: Any, held_on: dt.date, participation: str = "PN1") -> None:
        meeting = services.review_convene(
            actor=worker,
            period=period,
            starts_at=timezone.make_aware(dt.datetime.combine(held_on, dt.time(10, 0))),
        )
        age = period.person.age_on(held_on)
        if age is not None and age < 4:
            participation = "PN0"  # a child under 4 (the return's rule 441)
        services.review_record(actor=iro, review=meeting, held_on=held_on, participation=participation)

    def first_steps(period: Any, started_on: dt.date) -> None:
        services.iro_allocate(
            actor=manager, period=period, iro=iro, allocated_on=min(add_working_days(started_on, 3), as_of)
        )
        services.visit_record(
            actor=worker, period=period, visited_on=min(started_on + dt.timedelta(days=5), as_of), seen_alone=True
        )

    for stage in STAGES:
        count = 0
        for _ in range(per_stage):
            if stage == "hosted":
                council, contact, email = rng.choice(PLACING_COUNCILS)
                placed_on = as_of - dt.timedelta(days=rng.randint(20, 200))
                services.hosted_child_record(
                    actor=support,
                    person_data={
                        "given_names": rng.choice(GIVEN),
                        "family_name": rng.choice(FAMILY),
                        "date_of_birth": as_of - dt.timedelta(days=rng.randint(365 * 6, 365 * 16)),
                    },
                    placing_council=council,
                    contact_name=contact,
                    contact_email=email,
                    received_on=min(placed_on + dt.timedelta(days=rng.randint(0, 6)), as_of),
                    placed_on=placed_on,
                    placement_type=rng.choice(("U4", "U6", "K2")),
                    placement_postcode=_postcode(rng, "NB" + str(rng.randint(1, 6))),
                )
                count += 1
                continue
            if not pool:
                break
            child = pool.pop()
            if stage == "in_area":
                started_on = add_working_days(as_of, -rng.randint(8, 15))
                period = start(child, started_on, legal_status=rng.choice(("V2", "C1")))
                first_steps(period, started_on)
            elif stage == "out_of_area":
                started_on = as_of - dt.timedelta(days=rng.randint(150, 300))
                period = start(child, started_on)
                first_steps(period, started_on)
                review(period, add_working_days(started_on, 15))
                moved_on = as_of - dt.timedelta(days=rng.randint(3, 40))
                council, district, email, contact = HOST_COUNCILS[count % len(HOST_COUNCILS)]
                services.episode_change(
                    actor=worker,
                    period=period,
                    changed_on=moved_on,
                    kind="placement_new_carer",
                    legal_status="C2",
                    placement=services.Placement(
                        placement_type="K2",
                        provider="PR4",
                        provider_name=f"{rng.choice(FAMILY)} House",
                        urn=f"SC{rng.randint(100000, 999999)}",
                        postcode=_postcode(rng, district),
                        out_of_area=True,
                        host_council=council,
                        host_contact_name=contact,
                        host_contact_email=email,
                        distance_miles=str(round(rng.uniform(25, 140), 1)),
                    ),
                    reason_place_change=rng.choice(("CREQB", "CARPL", "CHILD")),
                )
            elif stage == "first_review_late":
                # In care for over 20 working days with no review: the first review is overdue.
                started_on = add_working_days(as_of, -rng.randint(24, 35))
                period = start(child, started_on, legal_status="C1")
                services.health_assessment_record(
                    actor=worker, period=period, kind="initial", done_on=add_working_days(started_on, 12)
                )
            elif stage == "reviewed":
                started_on = as_of - dt.timedelta(days=rng.randint(120, 400))
                period = start(child, started_on)
                first_steps(period, started_on)
                review(period, add_working_days(started_on, 18))
                services.health_assessment_record(
                    actor=worker, period=period, kind="initial", done_on=add_working_days(started_on, 15)
                )
                services.education_plan_record(actor=worker, period=period, done_on=add_working_days(started_on, 9))
                services.concern_raise(
                    actor=iro,
                    period=period,
                    raised_on=as_of - dt.timedelta(days=rng.randint(5, 30)),
                    summary="The care plan does not yet set out contact arrangements with siblings.",
                )
            elif stage == "care_leaver":
                started_on = as_of - dt.timedelta(days=rng.randint(500, 900))
                period = start(child, started_on, legal_status="V2")
                first_steps(period, started_on)
                left_on = as_of - dt.timedelta(days=rng.randint(60, 200))
                services.period_end(actor=worker, period=period, ended_on=left_on, reason=rng.choice(("E4A", "E5")))
                services.care_leaver_contact_record(
                    actor=worker,
                    person=child,
                    contacted_on=left_on + dt.timedelta(days=30),
                    in_touch="YES",
                    activity=rng.choice(("F2", "P4", "G5")),
                    accommodation=rng.choice(("B1", "U1", "E1")),
                )
            count += 1
        made[stage] = count
    made["health_outcomes"] = _health_outcomes(worker, as_of)
    return made


def _health_outcomes(worker: Any, as_of: dt.date) -> int:
    """The SSDA903 OC2 items of each child looked after for 12 months at the last 31 March (the
    return's rule 191 asks for them). Chosen from the child's number, not drawn: no seed changes."""
    year = as_of.year if as_of >= dt.date(as_of.year, 3, 31) else as_of.year - 1
    census_day = dt.date(year, 3, 31)
    made = 0
    periods = PeriodOfCare.objects.filter(started_on__lte=census_day - dt.timedelta(days=365)).exclude(
        ended_on__lt=census_day
    )
    for period in periods.select_related("person"):
        person = period.person
        age = person.age_on(census_day)
        scored = age is not None and 4 <= age <= 16
        services.health_outcomes_record(
            actor=worker,
            period=period,
            year=year,
            sdq_score=(person.pk * 7) % 30 if scored else None,
            sdq_reason="" if scored else "SDQ1",
            health_check=True,
            immunisations=person.pk % 9 != 0,
            teeth_check=person.pk % 7 != 0,
            health_assessment=True,
            substance_misuse=False,
            intervention_received=None,
            intervention_offered=None,
            convicted=False,
        )
        made += 1
    return made
