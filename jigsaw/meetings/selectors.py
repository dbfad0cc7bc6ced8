"""Reads of meetings, always through the access policy, and audited.

Who may see a meeting follows from who may see the people it is about:
- a meeting with subjects is visible to a user who can see at least one of them;
- any meeting to its convener, chair and invitees (a professional invited to a conference
  before they are involved with the child opens the meeting, not the child's record);
- a restricted meeting (LADO, Channel, sealed) only to users of that area, whatever else.
Inside a visible meeting, anything tied to one person (a subject's notes, an invitation
of a family member, a report, decision or action about one child) is shown only to those
who may see that person. A meeting the user may not see does not exist for them (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.policy import Action as PolicyAction
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.models import Person

from .models import (
    Action,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MeetingSubject,
    Minutes,
    Report,
)

# Roles that run meetings about the children they can see: invite, record attendance,
# minute, record decisions and actions. Partner practitioners contribute (reports, replies).
MANAGE_ROLES = frozenset(
    {
        Role.BUSINESS_SUPPORT,
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.CP_CHAIR_IRO,
        Role.LADO_OFFICER,
        Role.CHANNEL_CHAIR,
        Role.EXPLOITATION_MISSING,
        Role.FGC_COORDINATOR,
        Role.YOUTH_JUSTICE_OFFICER,
    }
)


def _active(user: Any) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.is_active and user.role)


def meeting_list(*, user: Any) -> QuerySet[Meeting]:
    """Every meeting this user may see."""
    if not _active(user):
        return Meeting.objects.none()
    visible_people = Person.objects.visible_to(user)
    about_someone_visible = Exists(
        MeetingSubject.objects.filter(meeting=OuterRef("pk"), person__in=visible_people.values("pk"))
    )
    own = Q(convened_by=user) | Q(chair=user) | Exists(Invitation.objects.filter(meeting=OuterRef("pk"), user=user))
    # Whoever is invited to a meeting (or runs it) may open that meeting, even before they are
    # involved with the people it is about; what it holds about one person stays with those
    # who may see that person (meeting_papers). Never a meeting about someone whose record is
    # restricted (LADO, Channel, sealed) outside the user's own team: that stays invisible.
    hidden_restricted = (
        MeetingSubject.objects.filter(meeting=OuterRef("pk"))
        .exclude(person__restricted_area="")
        .exclude(person__restricted_area=user.restricted_area or "")
    )
    open_meetings = Q(restricted_area="") & (about_someone_visible | (own & ~Exists(hidden_restricted)))
    # A restricted team (LADO, Channel) sees all its own meetings, even with nothing yet on the
    # agenda; a professional from outside it sees only the restricted meeting they are invited to.
    restricted = ~Q(restricted_area="") & own
    if user.restricted_area:
        restricted |= Q(restricted_area=user.restricted_area)
    return Meeting.objects.filter(open_meetings | restricted)


def meeting_get(*, user: Any, meeting_id: int, purpose: str = "", audit: bool = True) -> Meeting:
    """The meeting, if the user may see it; the view of its papers is audited."""
    meeting = meeting_list(user=user).filter(pk=meeting_id).select_related("chair", "convened_by").first()
    if meeting is None:
        raise Http404("No such meeting")
    if audit:
        people = visible_subject_ids(user=user, meeting=meeting)
        audit_record(
            actor=user,
            kind=AuditKind.VIEW,
            obj=meeting,
            purpose=purpose or "viewed meeting papers",
            subject_person_id=people[0] if people else None,
            also_about=people,
        )
    return meeting


def meetings_for_person(*, user: Any, person: Person) -> QuerySet[Meeting]:
    """The meetings about this person that the user may see (for the person's own record)."""
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        return Meeting.objects.none()
    return meeting_list(user=user).filter(subjects__person=person).distinct().order_by("-starts_at")


def meetings_upcoming(*, user: Any, days_back: int = 0) -> QuerySet[Meeting]:
    """The user's own meetings from today on: those they chair, convened or are invited to."""
    since = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days_back)
    mine = Q(chair=user) | Q(convened_by=user) | Q(invitations__user=user)
    return (
        meeting_list(user=user)
        .filter(mine, starts_at__gte=since)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("chair")
        .distinct()
        .order_by("starts_at")
    )


def meetings_awaiting_minutes(*, user: Any) -> QuerySet[Meeting]:
    """The user's meetings that have happened and whose minutes are not yet circulated."""
    mine = Q(chair=user) | Q(convened_by=user)
    return (
        meeting_list(user=user)
        .filter(mine, starts_at__lt=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(Q(minutes__isnull=True) | Q(minutes__circulated_at__isnull=True))
        .select_related("chair")
        .distinct()
        .order_by("-starts_at")
    )


def visible_subject_ids(*, user: Any, meeting: Meeting) -> list[int]:
    ids = list(meeting.subjects.values_list("person_id", flat=True))
    return list(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


# Who may do what with a meeting the user can already see.


def can_manage(user: Any, meeting: Meeting) -> bool:
    """Invite, record attendance, minute, record decisions and actions, reschedule, cancel."""
    if not _active(user) or not meeting_list(user=user).filter(pk=meeting.pk).exists():
        return False
    if user.pk in (meeting.chair_id, meeting.convened_by_id):
        return True
    has_subjects = meeting.subjects.exists()
    return has_subjects and user.role in MANAGE_ROLES


def can_contribute(user: Any, meeting: Meeting) -> bool:
    """Submit a report: anyone who may see the meeting (partner agencies send theirs)."""
    return _active(user) and meeting_list(user=user).filter(pk=meeting.pk).exists()


def can_convene(user: Any, subjects: list[Person]) -> bool:
    """Meetings about people: a managing role that can see every one of them. Board meetings: anyone active."""
    if not _active(user):
        return False
    if not subjects:
        return True
    if user.role not in MANAGE_ROLES:
        return False
    ids = {p.pk for p in subjects}
    return Person.objects.visible_to(user).filter(pk__in=ids).count() == len(ids)


def meeting_can(user: Any, action: PolicyAction, meeting: Meeting) -> bool:
    """The access policy's object check for meetings (registered in apps.py)."""
    if action == PolicyAction.VIEW:
        return meeting_list(user=user).filter(pk=meeting.pk).exists()
    if action == PolicyAction.CHANGE:
        return can_manage(user, meeting)
    return False


# Quorum: which agencies must be present for the meeting to go ahead, per kind of meeting.

CONFERENCE_KINDS = (MeetingKind.ICPC, MeetingKind.RCPC, MeetingKind.TRANSFER_IN_CONFERENCE)
DEFAULT_QUORUM: dict[str, dict[str, Any]] = {
    # Working Together: children's social care, police and health at least.
    MeetingKind.STRATEGY_DISCUSSION: {
        "required": [AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.HEALTH]
    },
    MeetingKind.COMPLEX_STRATEGY: {
        "required": [AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.POLICE, AgencyKind.HEALTH]
    },
    # Conferences: children's social care and at least two other agencies.
    **{kind: {"required": [AgencyKind.CHILDRENS_SOCIAL_CARE], "other_agencies": 2} for kind in CONFERENCE_KINDS},
}


def quorum_rules() -> dict[str, dict[str, Any]]:
    """The partnership's rules: JIGSAW_MEETING_QUORUM overrides the defaults kind by kind."""
    return {**DEFAULT_QUORUM, **getattr(settings, "JIGSAW_MEETING_QUORUM", {})}


@dataclass(frozen=True)
class Quorum:
    met: bool
    missing: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    applies: bool = True  # False when this kind of meeting has no quorum rule


def _agency_label(kind: str) -> str:
    try:
        return str(AgencyKind(kind).label)
    except ValueError:
        return kind


def meeting_quorum(meeting: Meeting) -> Quorum:
    """Is the meeting quorate, on the attendance recorded so far? And if not, who is missing."""
    rule = quorum_rules().get(meeting.kind)
    present_agencies: dict[int, str] = {}
    for inv in meeting.invitations.filter(attendance=Attendance.ATTENDED).select_related("agency", "user__agency"):
        agency = inv.agency or (inv.user.agency if inv.user_id else None)
        if agency is not None:
            present_agencies[agency.pk] = agency.kind
    present_kinds = set(present_agencies.values())
    present = sorted({_agency_label(k) for k in present_kinds})
    if not rule:
        return Quorum(met=True, present=present, applies=False)
    required = [str(k) for k in rule.get("required", [])]
    missing = [_agency_label(k) for k in required if k not in present_kinds]
    wanted_others = int(rule.get("other_agencies", 0))
    others = sum(1 for kind in present_agencies.values() if kind not in required)
    if others < wanted_others:
        short = wanted_others - others
        besides = " and ".join(
            _agency_label(k).lower() if k != AgencyKind.CHILDRENS_SOCIAL_CARE else "children's social care"
            for k in required
        )
        missing.append(f"{short} more {'agency' if short == 1 else 'agencies'} besides {besides}")
    return Quorum(met=not missing, missing=missing, present=present)


# Everything the meeting page shows, already filtered for the user.


@dataclass
class Stage:
    name: str
    status: str  # "done", "in_progress", "not_started", "cannot_start"
    hint: str = ""
    href: str = ""


@dataclass
class MeetingPapers:
    meeting: Meeting
    subjects: list[MeetingSubject]
    invitations: list[Invitation]
    hidden_invitations: int
    reports: list[Report]
    minutes: Minutes | None
    decisions: list[Decision]
    actions: list[Action]
    quorum: Quorum
    can_manage: bool
    can_contribute: bool
    is_chair: bool
    my_invitation: Invitation | None = None


def _visible(items: list, visible_people: set[int]) -> list:
    return [i for i in items if i.person_id is None or i.person_id in visible_people]


def meeting_papers(*, user: Any, meeting: Meeting, visible_people: set[int] | None = None) -> MeetingPapers:
    """The meeting's papers as this user may see them (no audit: meeting_get did that).

    `user=None` with `visible_people` is for documents that are not shown to a user on
    screen (the minutes circulated to those who were at the meeting)."""
    if visible_people is None:
        visible_people = set(visible_subject_ids(user=user, meeting=meeting))
        family = [i.person_id for i in meeting.invitations.all() if i.person_id]
        visible_people |= set(Person.objects.visible_to(user).filter(pk__in=family).values_list("pk", flat=True))
    subjects = [s for s in meeting.subjects.select_related("person") if s.person_id in visible_people]
    all_invitations = list(meeting.invitations.select_related("agency", "user", "person"))
    invitations = _visible(all_invitations, visible_people)
    try:
        minutes = meeting.minutes
    except Minutes.DoesNotExist:
        minutes = None
    return MeetingPapers(
        meeting=meeting,
        subjects=subjects,
        invitations=invitations,
        hidden_invitations=len(all_invitations) - len(invitations),
        reports=_visible(list(meeting.reports.select_related("agency", "author")), visible_people),
        minutes=minutes,
        decisions=_visible(list(meeting.decisions.select_related("recorded_by")), visible_people),
        actions=_visible(list(meeting.actions.select_related("owner")), visible_people),
        quorum=meeting_quorum(meeting),
        can_manage=user is not None and can_manage(user, meeting),
        can_contribute=user is not None and can_contribute(user, meeting),
        is_chair=user is not None and meeting.chair_id == user.pk,
        my_invitation=next((i for i in all_invitations if user is not None and i.user_id == user.pk), None),
    )


def _spoken_at(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def meeting_stages(papers: MeetingPapers) -> list[Stage]:
    """The meeting's stages, from convening to circulated minutes (for a GOV.UK task list)."""
    m, minutes = papers.meeting, papers.minutes
    started = timezone.localdate() >= m.local_date
    recorded = [i for i in papers.invitations if i.attendance != Attendance.UNKNOWN]
    replies = [i for i in papers.invitations if i.reply != "none"]

    def status(done: bool, begun: bool = False, possible: bool = True) -> str:
        if done:
            return "done"
        if begun:
            return "in_progress"
        return "not_started" if possible else "cannot_start"

    n = len(papers.invitations)
    return [
        Stage("Invite people and agencies", status(n > 0), f"{n} invited, {len(replies)} replied" if n else ""),
        Stage(
            "Collect reports", status(bool(papers.reports)), f"{len(papers.reports)} received" if papers.reports else ""
        ),
        Stage(
            "Record that the meeting took place",
            status(m.status == MeetingStatus.HELD, possible=started),
            f"Took place {_spoken_at(m.held_at)}" if m.held_at else ("" if started else "From the day of the meeting"),
        ),
        Stage(
            "Record attendance and apologies",
            status(n > 0 and len(recorded) == n, bool(recorded), started and n > 0),
            "" if started else "From the day of the meeting",
        ),
        Stage("Write the minutes", status(minutes is not None, possible=started)),
        Stage(
            "Chair approves the minutes",
            status(bool(minutes and minutes.approved_at), possible=minutes is not None),
            f"Chair: {m.chair}" if m.chair_id else "No chair named",
        ),
        Stage(
            "Circulate the minutes",
            status(bool(minutes and minutes.circulated_at), possible=bool(minutes and minutes.approved_at)),
        ),
        Stage("Record decisions", status(bool(papers.decisions), possible=started)),
        Stage("Agree actions", status(bool(papers.actions), possible=started)),
    ]


# A meeting set without an end time is taken to last this long when looking for clashes.
ASSUMED_LENGTH = timedelta(hours=1)


def _ends(meeting: Meeting) -> Any:
    return meeting.ends_at or meeting.starts_at + ASSUMED_LENGTH


def chair_clashes(*, chair: Any, starts_at: Any, ends_at: Any = None, exclude: Meeting | None = None) -> list[Meeting]:
    """The chair's other meetings (not cancelled, not yet held) whose times overlap this one."""
    if chair is None or starts_at is None:
        return []
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if ends_at is not None and timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    ends_at = ends_at or starts_at + ASSUMED_LENGTH
    # A meeting can start the day before and still be running (a long panel): look a day back.
    candidates = (
        Meeting.objects.filter(chair=chair, status=MeetingStatus.CONVENED)
        .filter(starts_at__lt=ends_at, starts_at__gte=starts_at - timedelta(days=1))
        .order_by("starts_at")
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return [m for m in candidates if _ends(m) > starts_at]


def clash_words(*, user: Any, chair: Any, clashes: list[Meeting]) -> str:
    """The clashes in words for the person convening: the kind of meeting and its times, and its
    title only when they may see that meeting (a title can name a child)."""
    visible = set(meeting_list(user=user).filter(pk__in=[m.pk for m in clashes]).values_list("pk", flat=True))
    parts = []
    for m in clashes:
        start, end = timezone.localtime(m.starts_at), timezone.localtime(_ends(m))
        what = m.title if m.pk in visible and not m.restricted_area else "another meeting"
        parts.append(f"{what} on {start.day} {start:%B %Y} from {start:%H:%M} to {end:%H:%M}")
    return f"{chair} is already chairing " + "; and ".join(parts) + ". Check with the chair or choose another time"


def chair_candidates() -> QuerySet:
    """People who can chair a meeting: any active user with a role."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True).exclude(role="").order_by("full_name", "username")


def agency_choices() -> list[tuple[str, str]]:
    from jigsaw.access.models import Agency

    return [(str(a.pk), a.name) for a in Agency.objects.order_by("name")]


def agency_get(agency_id: int | str | None) -> Any:
    from jigsaw.access.models import Agency

    if not agency_id:
        return None
    return Agency.objects.filter(pk=agency_id).first()
