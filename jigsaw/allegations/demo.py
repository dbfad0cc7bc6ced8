"""Allegations against staff (LADO) in the demo council: cases made through this app's real services.

A duty rota over the last months, and for each stage `per_stage` cases: new referrals, late
referrals, cases with an allegation management meeting, concluded cases (every outcome,
some resolved within the month, some later) and advice-only consultations. The subjects
are the adults the generator made for the LADO team (restricted records); the children are
ones no other service area has taken. Deterministic for the seed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, RestrictedArea, Role
from jigsaw.meetings.services import meeting_held
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_working_days, is_working_day
from jigsaw.timescales.models import Clock

from . import services
from .choices import Capacity, Engagement, FollowUp, HarmTest, Outcome, Sector
from .models import DutySlot

User = get_user_model()

# Fictional Northbridge employers, one or two a sector.
EMPLOYERS = [
    ("Ferry Road Primary School", Sector.EDUCATION, "Teaching assistant", Engagement.PAID, "Headteacher"),
    ("Northbridge Academy", Sector.EDUCATION, "Teacher", Engagement.PAID, "Designated safeguarding lead"),
    ("Little Acorns Nursery", Sector.EARLY_YEARS, "Nursery practitioner", Engagement.PAID, "Nursery manager"),
    ("Northbridge Rovers Youth FC", Sector.SPORT, "Under-12s coach", Engagement.VOLUNTARY, "Club welfare officer"),
    ("St Aidan's Church", Sector.FAITH, "Youth group leader", Engagement.VOLUNTARY, "Parish safeguarding officer"),
    ("Northbridge Community Health", Sector.HEALTH, "Health care assistant", Engagement.PAID, "Named nurse"),
    ("Riverside Children's Home", Sector.SOCIAL_CARE, "Residential care worker", Engagement.PAID, "Registered manager"),
    ("Northbridge School Transport", Sector.TRANSPORT, "Escort", Engagement.PAID, "Operations manager"),
    ("Harbour Scouts", Sector.VOLUNTARY, "Assistant leader", Engagement.VOLUNTARY, "District commissioner"),
]
REFERRERS = ["Helen Marsh", "Priya Desai", "Tom Achebe", "Sian Powell", "Gareth Lloyd", "Nadia Rahman", "Joe Kerr"]
ALLEGATIONS = [
    (
        "A child said the person grabbed their arm hard enough to leave a bruise.",
        [HarmTest.HARMED],
    ),
    (
        "Messages of a sexual nature were found on a child's phone from the person's account.",
        [HarmTest.OFFENCE, HarmTest.RISK],
    ),
    (
        "The person was arrested at the weekend after an incident of domestic abuse at home.",
        [HarmTest.UNSUITABLE],
    ),
    (
        "Several children said the person shouts at them and calls them names.",
        [HarmTest.HARMED, HarmTest.RISK],
    ),
    (
        "The person gave a child lifts home alone and bought them gifts, against the setting's policy.",
        [HarmTest.RISK, HarmTest.UNSUITABLE],
    ),
]
ADVICE = [
    (
        "A volunteer has added young players as friends on social media. Is this a LADO matter?",
        "Below the harm threshold on what is known: the club to address it under its code of conduct and "
        "call back if anything more comes to light.",
    ),
    (
        "A parent complained that a teacher raised their voice in class. Should the school refer?",
        "No referral needed: a matter for the school's own complaints and conduct procedures.",
    ),
    (
        "A nursery worker's partner has a caution for a drugs offence. Does this affect suitability?",
        "Consider disqualification by association guidance; no LADO referral on what is described.",
    ),
]
OUTCOME_FOLLOW_UPS = {
    Outcome.SUBSTANTIATED: [FollowUp.DISMISSAL, FollowUp.DBS_REFERRAL],
    Outcome.UNSUBSTANTIATED: [FollowUp.TRAINING],
    Outcome.MALICIOUS: [FollowUp.NO_FURTHER_ACTION],
    Outcome.FALSE: [FollowUp.NO_FURTHER_ACTION, FollowUp.POLICE_NFA],
    Outcome.UNFOUNDED: [FollowUp.NO_FURTHER_ACTION],
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _officers() -> list:
    demo = User.objects.filter(username=Role.LADO_OFFICER, is_active=True)
    team = User.objects.filter(
        role=Role.LADO_OFFICER, team__restricted_area=RestrictedArea.LADO, is_active=True
    ).order_by("pk")
    return list(dict.fromkeys([*demo, *team]))


def _rota(officers: list, *, first: dt.date, last: dt.date) -> int:
    """Every working day from first to last, the officers in turn (a week each)."""
    lead = officers[0]
    day, made = first, 0
    while day <= last:
        if is_working_day(day) and not DutySlot.objects.filter(on=day).exists():
            officer = officers[(day.isocalendar().week) % len(officers)]
            services.duty_slot_set(actor=lead, on=day, officer=officer)
            made += 1
        day += dt.timedelta(days=1)
    return made


def _children(rng: random.Random, as_of: dt.date, wanted: int) -> list[Person]:
    """Children nobody else is working with: no involvement, no clock."""
    pool = list(
        Person.objects.filter(
            restricted_area="",
            merged_into__isnull=True,
            date_of_birth__gte=as_of - dt.timedelta(days=365 * 16),
            date_of_birth__lte=as_of - dt.timedelta(days=365 * 3),
            involvements__isnull=True,
        )
        .exclude(pk__in=Clock.objects.values("person_id"))
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    chosen = rng.sample(pool, min(wanted, len(pool)))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    officers = _officers()
    if not officers:
        return {}
    lead = officers[0]
    rng = random.Random(seed * 4421 + 5)  # noqa: S311 - synthetic demo data, not security
    today = min(as_of, timezone.localdate())
    if not is_working_day(today):
        today = add_working_days(today, -1)
    made = {"rota days": 0, "referrals": 0, "late referrals": 0, "meetings": 0, "concluded": 0, "advice": 0}
    made["rota days"] = _rota(officers, first=today - dt.timedelta(days=220), last=today + dt.timedelta(days=14))

    subjects = list(Person.objects.filter(restricted_area=RestrictedArea.LADO, merged_into__isnull=True).order_by("pk"))
    stages = ["referral", "late", "meeting", "concluded", "concluded"]
    plan = [stage for stage in stages for _ in range(per_stage)]
    children = _children(rng, as_of, len(plan) * 2)
    police = User.objects.filter(agency__kind=AgencyKind.POLICE, role=Role.PARTNER_PRACTITIONER, is_active=True)
    police = police.order_by("pk").first()
    outcomes = list(Outcome)

    for n, stage in enumerate(plan):
        employer, sector, role, engagement, referrer_role = EMPLOYERS[n % len(EMPLOYERS)]
        text, harm = ALLEGATIONS[n % len(ALLEGATIONS)]
        back = {"referral": 1, "late": 2, "meeting": 8, "concluded": 25 + 30 * (n % 4)}[stage]
        received = add_working_days(today, -back)
        aware = add_working_days(received, -(4 if stage == "late" else rng.choice((0, 1))))
        kids = children[2 * n : 2 * n + rng.choice((1, 2))]
        subject_kwargs: dict = (
            {"subject": subjects[n]}
            if n < len(subjects)
            else {
                "new_subject": {
                    "given_names": rng.choice(("Martin", "Claire", "Dean", "Joanne", "Stuart", "Leanne")),
                    "family_name": rng.choice(("Hargreaves", "Pemberton", "Ashworth", "Whitlock", "Dunmore")),
                    "date_of_birth": as_of - dt.timedelta(days=rng.randrange(365 * 24, 365 * 60)),
                }
            }
        )
        case = services.referral_record(
            actor=lead,
            received_at=_at(received, 9 + n % 7),
            referrer_name=REFERRERS[n % len(REFERRERS)],
            referrer_organisation=employer,
            referrer_role=referrer_role,
            referrer_contact=f"01632 96{n:04d}",
            employer_name=employer,
            employer_sector=sector,
            subject_role=role,
            engagement=engagement,
            employer_aware_on=aware,
            allegation=text,
            harm_tests=harm,
            children=kids,
            **subject_kwargs,
        )
        made["referrals"] += 1
        made["late referrals"] += int(case.referred_late)
        meeting_day = add_working_days(received, 2)
        if stage in ("meeting", "concluded"):
            if police is not None:
                services.allegation_invite(actor=lead, allegation=case, user=police, capacity=Capacity.POLICE)
            link = services.allegation_meeting_convene(
                actor=case.duty_officer or lead,
                allegation=case,
                starts_at=_at(meeting_day, 14),
                location="Northbridge Civic Centre, room 2",
                others=[services.Invitee(name=case.referrer_name, email="", role="Employer")],
            )
            # A meeting whose time has come took place as set (its deadline is met when held).
            if link.meeting.starts_at <= timezone.now():
                meeting_held(actor=case.duty_officer or lead, meeting=link.meeting, held_at=link.meeting.starts_at)
            made["meetings"] += 1
        if stage == "concluded":
            outcome = outcomes[made["concluded"] % len(outcomes)]
            took = rng.choice((5, 20, 45, 80)) if outcome != Outcome.SUBSTANTIATED else rng.choice((20, 60))
            services.allegation_conclude(
                actor=case.duty_officer or lead,
                allegation=case,
                outcome=outcome,
                # Concluded after the meeting, however many bank holidays fell between.
                concluded_on=min(max(received + dt.timedelta(days=took), add_working_days(meeting_day, 1)), today),
                followed_by=OUTCOME_FOLLOW_UPS[outcome],
                notes="Outcome agreed at the allegation management meeting.",
            )
            made["concluded"] += 1

    for n in range(per_stage + 1):
        question, advice = ADVICE[n % len(ADVICE)]
        employer, sector, role, _engagement, referrer_role = EMPLOYERS[(n * 4 + 3) % len(EMPLOYERS)]
        services.advice_record(
            actor=lead,
            received_at=_at(add_working_days(today, -(3 + 7 * n)), 11),
            referrer_name=REFERRERS[(n + 3) % len(REFERRERS)],
            referrer_organisation=employer,
            referrer_role=referrer_role,
            employer_name=employer,
            employer_sector=sector,
            subject_role=role,
            question=question,
            advice_given=advice,
        )
        made["advice"] += 1
    return made
