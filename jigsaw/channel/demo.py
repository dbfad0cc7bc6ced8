"""Channel panel (Prevent) in the demo council: cases made through this app's real services.

Dates are worked back from `as_of`, so that some are late:
- referrals awaiting consent (one from a person the generator already made restricted to Channel);
- one where consent was refused, with the other support considered;
- consented and assessed, on the agenda of the next panel (in two weeks);
- adopted at the panel two months ago, with support from an Intervention Provider and others;
  one reviewed again at last month's panel, one not since (its monthly review is overdue);
- two who left Channel: one seven months ago (the 6-month review is overdue), one five months
  ago (due next month).
Everyone referred here is new to the council (their record is seen only by Channel), or one of
the generator's Channel people; nobody another area's demo has taken.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.meetings.models import Attendance, Meeting
from jigsaw.meetings.services import Invitee, attendance_record, meeting_invite
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_calendar_months, add_working_days, is_working_day

from . import services
from .choices import FACTORS, ConsentFrom, Decision, InterventionKind, Rating, concern_types
from .models import ChannelCase

User = get_user_model()

# Fictional people, made only for the demo: (given, family, sex, age when referred).
NAMES = (
    ("Ellis", "Varden", "M", 15),
    ("Jade", "Corrow", "F", 16),
    ("Aaron", "Pellow", "M", 17),
    ("Nadia", "Fenwright", "F", 14),
    ("Owen", "Thackray", "M", 24),
    ("Callum", "Brightwell", "M", 19),
    ("Sophie", "Lanyard", "F", 13),
    ("Reece", "Halloran", "M", 31),
    ("Maisie", "Ockenden", "F", 15),
    ("Tyler", "Gresham", "M", 16),
    ("Kai", "Rudd", "M", 22),
    ("Lily", "Ambrose", "F", 17),
    ("Harvey", "Quill", "M", 14),
    ("Zara", "Penhale", "F", 18),
)
CONCERNS = {
    "islamist": "Watching and sharing videos from a proscribed group; asked a teacher about travelling abroad",
    "extreme_right_wing": "Stickers and memes from an extreme right-wing group; hostile comments about neighbours",
    "mixed_unclear_unstable": "Interest in several extremist ideologies at once, and in violence for its own sake",
    "school_massacre": "Searching for material about school shootings; drawings of an attack on his school",
    "incel": "Posts in online forums that celebrate violence against women",
    "left_wing": "Talk of damaging property at a protest, with instructions shared online",
    "other": "Fixation on violence against a named public figure",
}
SUPPORT = (
    (InterventionKind.MENTORING, "Northbridge Intervention Provider"),
    (InterventionKind.EDUCATION, "Northbridge College"),
    (InterventionKind.DIVERSIONARY, "Northbridge Boxing Club"),
    (InterventionKind.HEALTH, "Children and young people's mental health service"),
    (InterventionKind.FAMILY_SUPPORT, "Early help family support"),
    (InterventionKind.CAREERS, "Northbridge Careers Service"),
)


def _working(day: dt.date) -> dt.date:
    return day if is_working_day(day) else add_working_days(day, 1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


class _Demo:
    def __init__(self, *, seed: int, as_of: dt.date) -> None:
        self.rng = random.Random(seed * 104729 + 5)  # noqa: S311 - demo data, not security
        self.as_of = as_of
        self.chair = User.objects.filter(username=Role.CHANNEL_CHAIR).first() or (
            User.objects.filter(role=Role.CHANNEL_CHAIR, is_active=True, team__restricted_area=RestrictedArea.CHANNEL)
            .order_by("pk")
            .first()
        )
        taken = ChannelCase.objects.values("person_id")
        self.known = list(
            Person.objects.filter(
                restricted_area=RestrictedArea.CHANNEL, merged_into__isnull=True, date_of_birth__isnull=False
            )
            .exclude(pk__in=taken)
            .order_by("pk")[:2]
        )
        used = set(
            Person.objects.filter(restricted_area=RestrictedArea.CHANNEL).values_list("given_names", "family_name")
        )
        self.names = [n for n in NAMES if (n[0], n[1]) not in used]
        self.rng.shuffle(self.names)
        self.panels: dict[str, Meeting] = {}

    # People and panels

    def person(self, received_on: dt.date) -> tuple[Person | None, dict]:
        """A person to refer: one of the generator's Channel people, else someone new (seen only by Channel)."""
        if self.known:
            return self.known.pop(0), {}
        given, family, sex, age = (
            self.names.pop(0) if self.names else ("Alex", f"Demo{self.rng.randint(100, 999)}", "U", 16)
        )
        dob = received_on - dt.timedelta(days=int((age + self.rng.random() * 0.9) * 365.25))
        return None, {"given_names": given, "family_name": family, "sex": sex, "date_of_birth": dob}

    def panel(self, key: str, months_back: int, *, upcoming: bool = False) -> Meeting:
        if key not in self.panels:
            day = (
                _working(self.as_of + dt.timedelta(days=14))
                if upcoming
                else _working(add_calendar_months(self.as_of, -months_back))
            )
            if not upcoming and day > self.as_of:
                day = add_working_days(self.as_of, -1)
            self.panels[key] = services.panel_convene(
                actor=self.chair, starts_at=_at(day), location="Northbridge Civic Centre, Room 4"
            )
        return self.panels[key]

    def hold(self) -> None:
        """Mark the panels that have happened as held (the chair attended)."""
        for meeting in self.panels.values():
            if meeting.local_date > self.as_of or meeting.local_date > timezone.localdate():
                continue
            invitations = meeting_invite(
                actor=self.chair,
                meeting=meeting,
                invitees=[
                    Invitee(
                        name=self.chair.full_name or self.chair.username,
                        email=self.chair.email,
                        agency=self.chair.agency,
                        role="Chair",
                        user=self.chair,
                    )
                ],
            )
            if invitations:
                attendance_record(
                    actor=self.chair, meeting=meeting, attendance={i.pk: Attendance.ATTENDED for i in invitations}
                )

    # Steps of a case

    def refer(self, received_on: dt.date) -> ChannelCase:
        concern = self.rng.choice([c for c, _ in concern_types() if c in CONCERNS] or ["other"])
        person, new = self.person(received_on)
        referral = {
            "received_on": received_on,
            "received_from": "Counter-terrorism policing (gateway assessment)",
            "concern_type": concern,
            "concerns": CONCERNS.get(concern, CONCERNS["other"]),
        }
        if person is not None:
            return services.case_refer(actor=self.chair, person=person, **referral)
        return services.case_refer_new_person(actor=self.chair, person_data=new, **referral)

    def consent(self, case: ChannelCase, on: dt.date, status: str = "given") -> None:
        child = case.subject_is_child
        services.consent_record(
            actor=self.chair,
            case=case,
            status=status,
            recorded_on=on,
            consent_from=ConsentFrom.PARENTAL_RESPONSIBILITY if child else ConsentFrom.PERSON,
            given_by_name=f"{self.rng.choice(('Karen', 'Lee', 'Michelle', 'Gary'))} {case.person.family_name}"
            if child
            else "",
            capacity_considered=True,
            capacity_notes="" if child else "Understands what Channel offers and that it is voluntary",
            alternative_support="Referred to children's social care for early help" if status != "given" else "",
        )

    def assess(self, case: ChannelCase, on: dt.date, *, worse: bool = True) -> None:
        ratings = {}
        for factor in FACTORS:
            weights = (0.1, 0.3, 0.3, 0.2, 0.1) if worse else (0.1, 0.5, 0.3, 0.1, 0.0)
            rating = self.rng.choices(
                (Rating.NOT_KNOWN, Rating.NONE, Rating.LOW, Rating.MEDIUM, Rating.HIGH), weights=weights
            )[0]
            evidence = (
                ""
                if rating in (Rating.NONE, Rating.NOT_KNOWN)
                else f"Reported by school and police: {factor.label.lower()}"
            )
            ratings[factor.code] = (rating, evidence)
        services.assessment_record(
            actor=self.chair,
            case=case,
            assessed_on=on,
            ratings=ratings,
            summary="Susceptible to radicalisation; engaged with an ideology, little intent or capability shown"
            if worse
            else "Much reduced: new friends, back in education, distanced from the ideology",
        )

    def decide(self, case: ChannelCase, meeting: Meeting, decision: str, reasons: str) -> None:
        review = services.panel_case_add(actor=self.chair, meeting=meeting, case=case)
        services.panel_decision_record(actor=self.chair, review=review, decision=decision, reasons=reasons)
        case.refresh_from_db()

    def support(self, case: ChannelCase, start: dt.date, count: int = 2) -> None:
        for kind, provider in self.rng.sample(SUPPORT[:1], 1) + self.rng.sample(SUPPORT[1:], count - 1):
            services.intervention_add(
                actor=self.chair,
                case=case,
                kind=kind,
                provider=provider,
                started_on=start,
                progress="Attending weekly sessions; engaging well",
            )
            start = add_working_days(start, 3)

    def adopted(self, panel_key: str, months_back: int) -> ChannelCase:
        meeting = self.panel(panel_key, months_back)
        day = meeting.local_date
        case = self.refer(add_working_days(day, -30))
        self.consent(case, add_working_days(day, -22))
        self.assess(case, add_working_days(day, -12))
        self.decide(case, meeting, Decision.ADOPT, "Vulnerable to radicalisation; consent given; support can help")
        self.support(case, add_working_days(day, 5))
        return case


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the front door's casework. Returns how many cases were made, by stage."""
    demo = _Demo(seed=seed, as_of=as_of)
    if demo.chair is None:
        return {}
    made: dict[str, int] = {}

    def count(stage: str) -> None:
        made[stage] = made.get(stage, 0) + 1

    with transaction.atomic():
        for i in range(per_stage):
            demo.refer(add_working_days(as_of, -(4 + 3 * i)))
            count("awaiting_consent")

        case = demo.refer(add_working_days(as_of, -45))
        demo.consent(case, add_working_days(as_of, -38), status="refused")
        count("declined")

        for i in range(per_stage):
            case = demo.refer(add_working_days(as_of, -(30 + i)))
            demo.consent(case, add_working_days(as_of, -20))
            demo.assess(case, add_working_days(as_of, -10))
            services.panel_case_add(actor=demo.chair, meeting=demo.panel("next", 0, upcoming=True), case=case)
            count("awaiting_decision")

        for i in range(per_stage):
            case = demo.adopted("two_months", 2)
            if i % 2 == 1:  # reviewed again last month; the others' monthly review is now overdue
                demo.decide(case, demo.panel("last_month", 1), Decision.CONTINUE, "Good progress; support continues")
            count("adopted")

        for key, adopted_back, exited_back in (("nine", 9, 7), ("seven", 7, 5)):
            case = demo.adopted(f"{key}_adopted", adopted_back)
            exit_panel = demo.panel(f"{key}_exit", exited_back)
            demo.assess(case, add_working_days(exit_panel.local_date, -5), worse=False)
            demo.decide(case, exit_panel, Decision.EXIT_RISK_REDUCED, "Vulnerability much reduced; support complete")
            count("exited")

        demo.hold()
    made["panels"] = len(demo.panels)
    return made
