"""The partnership's reads: sessions open to book, a session's bookings (audited: they hold
professionals' contact details), the learning and development figures, demand by sector,
and the trainer's work for "My work"."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record

from .choices import Availability, BookingStatus, Sector, SessionStatus
from .models import AttendanceCount, Booking, Course, DemandSurvey, Evaluation, Session
from .permissions import is_partnership_manager, may_mark_attendance

# Attendance is due to be marked within this many days of the session ending.
ATTENDANCE_DUE_DAYS = 5


def sessions_open_to_book() -> QuerySet[Session]:
    """For anyone (no sign-in): scheduled sessions not yet started, with places taken counted."""
    return (
        Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=timezone.now())
        .select_related("course", "trainer")
        .annotate(taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .order_by("starts_at", "pk")
    )


def session_public(session_id: int) -> Session:
    session = sessions_open_to_book().filter(pk=session_id).first()
    if session is None:
        raise Http404
    return session


def sessions_for(user: Any) -> QuerySet[Session]:
    """The partnership manager: every session; a trainer: the sessions they train."""
    qs = Session.objects.select_related("course", "trainer").annotate(
        taken=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
        waiting=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
    )
    if is_partnership_manager(user):
        return qs
    if getattr(user, "is_authenticated", False):
        return qs.filter(trainer=user)
    return qs.none()


def session_get(*, user: Any, session_id: int) -> tuple[Session, list[Booking]]:
    """A session and its bookings, for its trainer or the partnership manager; the view is audited."""
    session = sessions_for(user).filter(pk=session_id).first()
    if session is None:
        raise Http404
    if not may_mark_attendance(user, session):
        raise PermissionDenied
    bookings = list(session.bookings.order_by("booked_at", "pk"))
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        obj=session,
        purpose="training session bookings",
        details={"bookings": len(bookings)},
    )
    return session, bookings


def courses() -> QuerySet[Course]:
    return Course.objects.annotate(n_sessions=Count("sessions"))


# Learning and development figures: the same whether a session's bookings are still kept or
# have become anonymous counts (retention.py). Every figure reads both.


@dataclass
class Row:
    label: str
    booked: int = 0
    attended: int = 0
    marked: int = 0  # places on sessions whose attendance was marked (the rate's denominator)

    @property
    def rate(self) -> int | None:
        return round(100 * self.attended / self.marked) if self.marked else None


@dataclass
class TrainingFigures:
    by_sector: list[Row] = field(default_factory=list)
    by_role: list[Row] = field(default_factory=list)
    by_course: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("All"))
    evaluations: int = 0
    rating: float | None = None
    confidence: float | None = None
    by_course_scores: list[tuple[str, int, float | None, float | None]] = field(default_factory=list)


def training_figures(*, since: dt.date | None = None, until: dt.date | None = None) -> TrainingFigures:
    """Take-up by sector, job role and course; attendance rate; evaluation scores, for sessions
    held between two dates (all, without)."""
    sessions = Session.objects.all()
    if since:
        sessions = sessions.filter(starts_at__date__gte=since)
    if until:
        sessions = sessions.filter(starts_at__date__lte=until)
    marked_ids = set(sessions.filter(attendance_marked_at__isnull=False).values_list("pk", flat=True))
    titles = dict(sessions.values_list("pk", "course__title"))
    sectors: dict[str, Row] = {}
    roles: dict[str, Row] = {}
    by_course: dict[str, Row] = {}
    total = Row("All")

    def add(session_id: int, sector: str, role: str, booked: int, attended: int) -> None:
        marked = booked if session_id in marked_ids else 0
        attended = attended if session_id in marked_ids else 0
        for table, key in ((sectors, sector), (roles, role), (by_course, titles[session_id])):
            row = table.setdefault(key, Row(key))
            row.booked += booked
            row.attended += attended
            row.marked += marked
        total.booked += booked
        total.attended += attended
        total.marked += marked

    live = (
        Booking.objects.filter(session__in=sessions, status=BookingStatus.BOOKED)
        .values("session_id", "sector", "job_role")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(attended=True)))
    )
    for r in live:
        add(r["session_id"], r["sector"], r["job_role"].strip(), r["n"], r["came"])
    for c in AttendanceCount.objects.filter(session__in=sessions):
        add(c.session_id, c.sector, c.job_role, c.booked, c.attended)
    sector_labels = dict(Sector.choices)
    for key, row in sectors.items():
        row.label = str(sector_labels.get(key, key))
    evaluations = Evaluation.objects.filter(session__in=sessions)
    scores = evaluations.aggregate(n=Count("pk"), rating=Avg("rating"), confidence=Avg("confidence"))
    per_course = (
        evaluations.values("session__course__title")
        .annotate(n=Count("pk"), rating=Avg("rating"), confidence=Avg("confidence"))
        .order_by("session__course__title")
    )
    return TrainingFigures(
        by_sector=sorted(sectors.values(), key=lambda r: r.label),
        by_role=sorted(roles.values(), key=lambda r: (-r.booked, r.label)),
        by_course=sorted(by_course.values(), key=lambda r: r.label),
        total=total,
        evaluations=scores["n"],
        rating=_one_place(scores["rating"]),
        confidence=_one_place(scores["confidence"]),
        by_course_scores=[
            (r["session__course__title"], r["n"], _one_place(r["rating"]), _one_place(r["confidence"]))
            for r in per_course
        ],
    )


def _one_place(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# Demand.


@dataclass
class DemandTable:
    rows: list[tuple[str, dict[str, int]]]  # (sector label, {availability: people})
    totals: dict[str, int]
    responses: int


def demand_by_sector(survey: DemandSurvey) -> DemandTable:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Availability.values, 0))
    totals = dict.fromkeys(Availability.values, 0)
    responses = list(survey.responses.all())
    for r in responses:
        for when in Availability.values:
            counts[r.sector][when] += r.count(when)
            totals[when] += r.count(when)
    labels = dict(Sector.choices)
    rows = sorted(((str(labels[s]), c) for s, c in counts.items()), key=lambda x: x[0])
    return DemandTable(rows=rows, totals=totals, responses=len(responses))


# My work: attendance to mark.


def attendance_to_mark(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": sessions `whose` trained (or, for the partnership manager, sessions an
    external provider ran) that have ended with people booked and no attendance marked."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if not (viewer == whose or is_partnership_manager(viewer)):
        return []
    if not getattr(whose, "is_authenticated", False):
        return []
    mine = Q(trainer=whose)
    if is_partnership_manager(whose):
        mine |= Q(trainer__isnull=True)
    sessions = (
        Session.objects.filter(mine, status=SessionStatus.SCHEDULED, ends_at__lt=timezone.now())
        .filter(attendance_marked_at__isnull=True, anonymised_at__isnull=True)
        .filter(bookings__status=BookingStatus.BOOKED)
        .select_related("course")
        .distinct()
        .order_by("starts_at")
    )
    items = []
    for s in sessions:
        due = timezone.localdate(s.ends_at) + dt.timedelta(days=ATTENDANCE_DUE_DAYS)
        items.append(
            WorkItem(
                title=f"Mark attendance: {s.course.title}",
                url=reverse("partnership:session", args=[s.pk]),
                about=f"Training session on {timezone.localdate(s.starts_at):%-d %B %Y}",
                due_on=due,
                status=deadline_status(due, None, today),
                group="Training attendance to mark",
            )
        )
    return items


# Arrangements and governance.


def partnership_actions() -> QuerySet:
    """Every action agreed at a meeting of the executive or a subgroup."""
    from jigsaw.meetings.models import Action

    return (
        Action.objects.filter(meeting__partnership__isnull=False)
        .select_related("meeting__partnership__group", "owner", "owner__agency")
        .prefetch_related("partnership_updates")
        .order_by("done_on", "due_on", "pk")
    )


def executive_chair() -> Any:
    from .choices import GroupKind
    from .models import PartnershipGroup

    executive = PartnershipGroup.objects.filter(kind=GroupKind.EXECUTIVE).select_related("chair").first()
    return executive.chair if executive else None


def actions_for(user: Any) -> QuerySet:
    """The partnership manager: the whole log; anyone else: the actions they own, and those of
    their agency (an agency representative sees their agency's actions)."""
    qs = partnership_actions()
    if is_partnership_manager(user) or (executive_chair() is not None and executive_chair().pk == user.pk):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    mine = Q(owner=user)
    if user.agency_id:
        mine |= Q(owner__agency=user.agency_id)
    return qs.filter(mine)


@dataclass
class AgencyAttendance:
    agency: str
    invited: int
    attended: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.attended / self.invited) if self.invited else None


def attendance_by_agency(*, group: Any = None) -> list[AgencyAttendance]:
    """Each partner agency's attendance at the partnership's meetings whose attendance was recorded."""
    from jigsaw.meetings.models import Attendance, Invitation

    qs = Invitation.objects.filter(meeting__partnership__isnull=False, agency__isnull=False).exclude(
        attendance=Attendance.UNKNOWN
    )
    if group is not None:
        qs = qs.filter(meeting__partnership__group=group)
    rows = (
        qs.values("agency__name")
        .annotate(n=Count("pk"), came=Count("pk", filter=Q(attendance=Attendance.ATTENDED)))
        .order_by("agency__name")
    )
    return [AgencyAttendance(r["agency__name"], r["n"], r["came"]) for r in rows]


def partnership_actions_work(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": the partnership actions `whose` owns, not done; and for the executive's
    chair, every other overdue action too (escalated), each linking to where it is updated."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if not getattr(whose, "is_authenticated", False):
        return []
    if not (viewer == whose or is_partnership_manager(viewer)):
        return []
    open_actions = partnership_actions().filter(done_on__isnull=True)
    chair = executive_chair()
    mine = open_actions.filter(owner=whose)
    items = [
        WorkItem(
            title=f"Partnership action: {a.description[:80]}",
            url=reverse("partnership:action", args=[a.pk]),
            about=a.meeting.partnership.group.name,
            due_on=a.due_on,
            status=deadline_status(a.due_on, None, today),
            group="Partnership actions",
        )
        for a in mine
    ]
    if chair is not None and chair.pk == whose.pk:
        for a in open_actions.filter(due_on__lt=today).exclude(owner=whose):
            items.append(
                WorkItem(
                    title=f"Overdue action escalated to you: {a.description[:70]}",
                    url=reverse("partnership:action", args=[a.pk]),
                    about=f"{a.owner_display}, {a.meeting.partnership.group.name}",
                    due_on=a.due_on,
                    status=deadline_status(a.due_on, None, today),
                    group="Partnership actions overdue",
                )
            )
    return items


# Case file audits.


def audit_cases_for_auditor(user: Any) -> QuerySet:
    """The children an auditor was given, in audits still running, that they can still see."""
    from jigsaw.people.models import Person

    from .choices import AuditStatus
    from .models import AuditCase

    if not getattr(user, "is_authenticated", False):
        return AuditCase.objects.none()
    visible = Person.objects.visible_to(user).values("pk")
    return (
        AuditCase.objects.filter(auditor=user, audit__status=AuditStatus.IN_PROGRESS, person__in=visible)
        .select_related("audit", "person")
        .order_by("audit__ends_on", "pk")
    )


@dataclass
class AuditReport:
    cases: int
    graded: int
    by_question: list[tuple[str, list[tuple[str, int]]]]  # (question, [(grade, how many)])
    findings: list[tuple[str, str]]  # (findings, actions): no child named
    by_agency: list[tuple[str, int, int]]  # (auditor's agency, cases, graded)


def audit_report(audit: Any) -> AuditReport:
    """The findings rolled up: grades per question, findings and actions, progress by agency."""
    cases = list(audit.cases.select_related("auditor__agency"))
    graded = [c for c in cases if c.graded_at]
    by_question = []
    for i, question in enumerate(audit.questions):
        counts = {g: 0 for g in audit.grades}
        for c in graded:
            grade = c.answers.get(str(i))
            if grade in counts:
                counts[grade] += 1
        by_question.append((question, list(counts.items())))
    agencies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in cases:
        key = str(c.auditor.agency) if c.auditor_id and c.auditor.agency_id else "Not yet assigned"
        agencies[key][0] += 1
        agencies[key][1] += 1 if c.graded_at else 0
    return AuditReport(
        cases=len(cases),
        graded=len(graded),
        by_question=by_question,
        findings=[(c.findings, c.actions) for c in graded],
        by_agency=sorted((k, v[0], v[1]) for k, v in agencies.items()),
    )


def audit_work(whose: Any, viewer: Any, today: dt.date) -> list[Any]:
    """For "My work": an auditor's children not yet graded, due when the audit ends."""
    from django.urls import reverse

    from jigsaw.core.selectors import WorkItem
    from jigsaw.timescales.rules import deadline_status

    if viewer != whose:
        return []
    return [
        WorkItem(
            title=f"Case file audit: grade {c.person.council_id or 'the case'}",
            url=reverse("partnership:audit-case", args=[c.pk]),
            about=c.audit.title,
            due_on=c.audit.ends_on,
            status=deadline_status(c.audit.ends_on, None, today),
            group="Case file audits",
        )
        for c in audit_cases_for_auditor(whose).filter(graded_at__isnull=True)
    ]
