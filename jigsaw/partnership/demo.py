"""The partnership in the demo council: courses with bookings and a waiting list, a session
whose attendance is still to mark (on its trainer's "My work"), one held with attendance and
evaluations, one more than 4 years ago already anonymous counts, a demand survey by sector, and
newsletters with subscribers. Dated from `as_of`; made through the real services, except the
bookings of sessions already held (booking a past session is refused, rightly). Deterministic
for a seed; names come from the same seeded Faker word lists as the generator's.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from faker import Faker

from jigsaw.access.choices import Role
from jigsaw.access.models import User

from . import services
from .choices import BookingStatus, CourseFormat, Sector
from .models import Booking, Course, Subscriber
from .retention import anonymise_before, session_anonymise

COURSES = (
    (
        "Recognising and responding to neglect",
        "Know the signs of neglect at each age; use the neglect toolkit; know when and how to refer.",
        "Everyone who works with children and families",
        "2",
        CourseFormat.FACE_TO_FACE,
        False,
    ),
    (
        "Child exploitation: contextual safeguarding",
        "Understand criminal and sexual exploitation; spot the signs; use the exploitation screening tool.",
        "Practitioners in every agency working with young people",
        "3",
        CourseFormat.ONLINE,
        False,
    ),
    (
        "Safeguarding children: awareness",
        "Know what abuse is, what to do if you are worried and who to tell.",
        "Volunteers and anyone new to working with children",
        "1",
        CourseFormat.E_LEARNING,
        True,
    ),
)
ROLES = {
    Sector.EDUCATION: ("Teacher", "Designated safeguarding lead", "Teaching assistant"),
    Sector.HEALTH: ("Health visitor", "School nurse", "Practice nurse"),
    Sector.POLICE: ("Police constable", "Detective constable"),
    Sector.VOLUNTARY: ("Youth worker", "Family support worker"),
    Sector.CHILDRENS_SOCIAL_CARE: ("Social worker", "Family support worker"),
    Sector.EARLY_YEARS: ("Nursery practitioner",),
}
ORGANISATIONS = {
    Sector.EDUCATION: ("Riverside Primary School", "Castleton High School", "Northbridge Academy"),
    Sector.HEALTH: ("Northbridge Community Health", "Northbridge General Hospital"),
    Sector.POLICE: ("Northbridge Police",),
    Sector.VOLUNTARY: ("Northbridge Family Support Network", "Eastfield Youth Club"),
    Sector.CHILDRENS_SOCIAL_CARE: ("Northbridge Children's Services",),
    Sector.EARLY_YEARS: ("Millbrook Day Nursery",),
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class _People:
    def __init__(self, seed: int) -> None:
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.rng = random.Random(seed)  # noqa: S311 (demo data, not security)
        self.n = 0

    def booker(self, *, charge: bool = False, face_to_face: bool = True) -> dict:
        self.n += 1
        sector = self.rng.choice(list(ROLES))
        first, last = self.fake.first_name(), self.fake.last_name()
        return {
            "name": f"{first} {last}",
            "job_role": self.rng.choice(ROLES[sector]),
            "organisation": self.rng.choice(ORGANISATIONS[sector]),
            "sector": sector,
            "email": f"{first}.{last}.{self.n}@agency.example".lower().replace("'", ""),
            "telephone": f"01632 96{self.rng.randrange(10000):04d}",
            "address": f"{self.rng.randrange(1, 200)} {self.fake.last_name()} Road, Northbridge",
            "budget_code": f"PO-{self.rng.randrange(10000, 99999)}" if charge else "",
            "requirements": self.rng.choice(("", "", "Vegetarian lunch", "Step-free access")) if face_to_face else "",
        }


def _held(session, people: _People, *, n: int, came: int, trainer, evaluations: int) -> None:
    bookings = [
        Booking.objects.create(
            session=session,
            status=BookingStatus.BOOKED,
            place_given_at=session.starts_at - dt.timedelta(days=20),
            **people.booker(face_to_face=session.course.face_to_face),
        )
        for _ in range(n)
    ]
    if came is None:
        return
    services.attendance_mark(actor=trainer, session=session, attended_ids={b.pk for b in bookings[:came]})
    for i, b in enumerate(bookings[:evaluations]):
        services.evaluation_make(booking=b, rating=3 + (i % 3), confidence=2 + (i % 4), comments="")


@transaction.atomic
def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 1) -> dict[str, int]:
    if Course.objects.exists():  # made once: the partnership is one per council, not per child
        return {}
    manager = User.objects.filter(role=Role.PARTNERSHIP_MANAGER, is_active=True).order_by("pk").first()
    trainer = User.objects.filter(role=Role.CP_CHAIR_IRO, is_active=True).order_by("pk").first() or manager
    if manager is None:
        return {}
    people = _People(seed)
    courses = [
        services.course_create(
            actor=manager,
            title=title,
            learning_outcomes=outcomes,
            audience=audience,
            level=level,
            format=fmt,
            charge_applies=charge,
        )
        for title, outcomes, audience, level, fmt, charge in COURSES
    ]
    neglect, exploitation, awareness = courses
    venue = "Northbridge Civic Centre, Committee Room 2"

    def session(course, day: dt.date, *, capacity: int, external: str = "", trainer_user=None):
        return services.session_create(
            actor=manager,
            course=course,
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 12, 30),
            capacity=capacity,
            venue=venue if course.face_to_face else "",
            online_link="https://meet.example/northbridge-partnership" if course.format == CourseFormat.ONLINE else "",
            trainer=None if external else (trainer_user or trainer),
            external_provider=external,
        )

    made = {"courses": len(courses), "sessions": 0, "bookings": 0, "waiting": 0}
    # Coming up: one full with a waiting list, one with places.
    full = session(neglect, as_of + dt.timedelta(days=21), capacity=max(4, per_stage * 2))
    for _ in range(full.capacity + 2):
        b = services.booking_make(session=full, **people.booker())
        made["waiting" if b.status == BookingStatus.WAITING else "bookings"] += 1
    online = session(exploitation, as_of + dt.timedelta(days=35), capacity=30)
    for _ in range(5):
        services.booking_make(session=online, **people.booker(face_to_face=False))
        made["bookings"] += 1
    session(awareness, as_of + dt.timedelta(days=50), capacity=50, external="Safer Learning Partnership Ltd")
    # Held last week, attendance not yet marked: on the trainer's "My work".
    _held(
        session(neglect, as_of - dt.timedelta(days=7), capacity=12),
        people,
        n=8,
        came=None,
        trainer=trainer,
        evaluations=0,
    )
    # Held two months ago: attendance and evaluations.
    _held(
        session(exploitation, as_of - dt.timedelta(days=60), capacity=20),
        people,
        n=12,
        came=10,
        trainer=trainer,
        evaluations=7,
    )
    # Held more than 4 years ago: already anonymous counts.
    old_day = anonymise_before(as_of) - dt.timedelta(days=40)
    old = session(neglect, old_day, capacity=20)
    _held(old, people, n=15, came=12, trainer=trainer, evaluations=9)
    session_anonymise(old)
    made["sessions"] = 7
    # Demand: when could agencies come to the awareness course?
    survey = services.demand_survey_create(actor=manager, course=neglect, closes_on=as_of + dt.timedelta(days=30))
    for org, sector, day, evening, weekend in (
        ("Northbridge Family Support Network", Sector.VOLUNTARY, 1, 9, 3),
        ("Eastfield Youth Club", Sector.VOLUNTARY, 0, 6, 2),
        ("Riverside Primary School", Sector.EDUCATION, 2, 7, 0),
        ("Northbridge Community Health", Sector.HEALTH, 8, 1, 0),
    ):
        services.demand_response_make(
            survey=survey, organisation=org, sector=sector, weekday_daytime=day, evening=evening, weekend=weekend
        )
    # Newsletters: subscribers, one sent, one draft.
    now = timezone.now()
    for _ in range(max(6, per_stage * 3)):
        b = people.booker()
        Subscriber.objects.create(name=b["name"], organisation=b["organisation"], email=b["email"], confirmed_at=now)
    services.newsletter_create(
        actor=manager,
        kind="newsletter",
        subject="Partnership news: winter",
        body="New courses on neglect and exploitation are open to book.\n\nThe threshold document has been updated.",
    )
    made["subscribers"] = Subscriber.objects.count()
    made.update(_governance(manager=manager, as_of=as_of, people=people))
    made.update(_audit(manager=manager, as_of=as_of))
    return made


def _audit(*, manager, as_of: dt.date) -> dict[str, int]:
    """A case file audit in progress: children on plans this year, two auditors from partner
    agencies (one child graded), the rest not yet given to anyone."""
    from jigsaw.core.exceptions import ApplicationError

    from .choices import CohortRule

    try:
        audit = services.audit_create(
            actor=manager,
            title="Children on plans: multi-agency audit",
            rule=CohortRule.RANDOM_ON_PLAN,
            size=4,
            since=as_of - dt.timedelta(days=365),
            until=as_of,
            ends_on=as_of + dt.timedelta(days=28),
            questions="Was the child seen and heard?\nWas information shared between agencies in time?\n"
            "Is the plan making a difference for the child?",
            grades="Outstanding\nGood\nRequires improvement\nInadequate",
        )
    except ApplicationError:  # a council with no child on a plan this year
        return {}
    auditors = list(
        User.objects.filter(role=Role.PARTNER_PRACTITIONER, is_active=True)
        .exclude(agency__kind="csc")
        .order_by("agency__name", "pk")
    )
    cases = list(audit.cases.order_by("pk"))
    for case, auditor in zip(cases[:2], auditors[:2], strict=False):
        services.audit_case_assign(actor=manager, case=case, auditor=auditor)
    if cases and cases[0].auditor_id:
        case = cases[0]
        case.refresh_from_db()
        services.audit_case_grade(
            actor=case.auditor,
            case=case,
            answers={"0": "Good", "1": "Requires improvement", "2": "Good"},
            findings="The child was seen alone at every visit; the school's concerns reached the core group late.",
            actions="Schools to send their reports to core groups two working days before.",
        )
    return {"audit_cases": len(cases)}


def _governance(*, manager, as_of: dt.date, people: _People) -> dict[str, int]:
    """The executive (three lead partners' delegates, with education and public health), two
    subgroups, the published documents' versions, an executive meeting held a month ago with
    attendance by agency and an overdue action, and the next meeting convened."""
    from jigsaw.access.models import Agency
    from jigsaw.meetings.models import Action, Attendance
    from jigsaw.meetings.services import action_add, attendance_record

    from .choices import GroupKind, LeadPartner, MemberRole

    agencies = {a.kind: a for a in Agency.objects.order_by("pk")}
    council = agencies.get("csc")
    police = agencies.get("police")
    health = agencies.get("health")
    education = agencies.get("education")
    chair = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first() or manager
    officer = (
        User.objects.filter(role=Role.PARTNER_PRACTITIONER, is_active=True, agency__kind="police")
        .order_by("pk")
        .first()
    )
    if not (council and police and health):
        return {}
    executive = services.group_create(
        actor=manager,
        name="Safeguarding children partnership executive",
        kind=GroupKind.EXECUTIVE,
        terms_of_reference=(
            "The lead safeguarding partners' delegates, with education and public health. Sets the "
            "partnership's priorities, agrees the yearly report and holds agencies to account."
        ),
        chair=chair,
    )
    members = [
        (str(chair), council, MemberRole.DELEGATE, LeadPartner.LOCAL_AUTHORITY, chair),
        (
            str(officer) if officer else people.booker()["name"],
            police,
            MemberRole.DELEGATE,
            LeadPartner.POLICE,
            officer,
        ),
        (people.booker()["name"], health, MemberRole.DELEGATE, LeadPartner.HEALTH, None),
    ]
    if education:
        members.append((people.booker()["name"], education, MemberRole.MEMBER, "", None))
    members.append((people.booker()["name"], council, MemberRole.MEMBER, "", None))  # public health
    for name, agency, role, lead, user in members:
        services.member_add(
            actor=manager,
            group=executive,
            name=name,
            agency=agency,
            role=role,
            lead_partner=lead,
            user=user,
            email="" if user else f"{name.split()[0].lower()}.{agency.pk}@partner.example",
            joined_on=as_of - dt.timedelta(days=400),
        )
    for name, terms in (
        ("Learning and improvement subgroup", "Commissions case file audits and learns from reviews."),
        ("Training subgroup", "Plans the multi-agency training programme and checks its take-up."),
    ):
        sub = services.group_create(
            actor=manager, name=name, kind=GroupKind.SUBGROUP, terms_of_reference=terms, chair=manager
        )
        services.member_add(actor=manager, group=sub, name=str(manager), agency=council, user=manager)
    for kind, title, version, summary, approved_by, days in (
        (
            "arrangements",
            "Northbridge multi-agency safeguarding arrangements",
            "1.0",
            "First published arrangements",
            "The three lead safeguarding partners",
            700,
        ),
        (
            "arrangements",
            "Northbridge multi-agency safeguarding arrangements",
            "2.0",
            "Education added to the executive",
            "The three lead safeguarding partners",
            120,
        ),
        (
            "threshold",
            "Northbridge threshold document: levels of need",
            "3.1",
            "Early help levels clarified",
            "The executive",
            60,
        ),
    ):
        services.document_version_record(
            actor=manager,
            kind=kind,
            title=title,
            version=version,
            summary=summary,
            approved_by=approved_by,
            approved_on=as_of - dt.timedelta(days=days),
        )
    held = services.group_meeting_convene(
        actor=manager,
        group=executive,
        starts_at=_at(as_of - dt.timedelta(days=30), 10),
        agenda="1. Neglect strategy\n2. Training take-up by sector\n3. Threshold document review",
        location="Northbridge Civic Centre",
    )
    invitations = list(held.meeting.invitations.order_by("pk"))
    attendance_record(
        actor=manager,
        meeting=held.meeting,
        attendance={
            inv.pk: Attendance.APOLOGIES if i == 1 else Attendance.ATTENDED for i, inv in enumerate(invitations)
        },
    )
    overdue_owner = officer or chair
    for description, owner, days_late in (
        ("Report the police's response times to strategy discussions", overdue_owner, 5),
        ("Bring the neglect strategy's first-year figures", chair, -20),
    ):
        a = action_add(
            actor=manager,
            meeting=held.meeting,
            description=description,
            due_on=max(as_of, timezone.localdate()),
            owner=owner,
        )
        # Agreed at the meeting a month ago (action_add dates it today).
        Action.objects.filter(pk=a.pk).update(
            created_on=as_of - dt.timedelta(days=30), due_on=as_of - dt.timedelta(days=days_late)
        )
    services.group_meeting_convene(
        actor=manager,
        group=executive,
        starts_at=_at(as_of + dt.timedelta(days=20), 10),
        agenda="1. Actions from the last meeting\n2. Case file audit findings",
        location="Northbridge Civic Centre",
    )
    return {"groups": 3, "partnership_meetings": 2}
