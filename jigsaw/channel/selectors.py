"""Channel panel (Prevent): every read, through the access policy.

Everything here starts from `visible_to(user)`, which is empty for anyone outside the
Channel panel's team: a case they may not see does not exist for them (404), and lists
and counts come back empty. Views of a case are audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.meetings.models import Meeting, MeetingKind, MeetingStatus

from .choices import FACTORS, RATING_SCORE, CaseStage, Dimension, Rating
from .models import Assessment, ChannelCase, ExitReview, FactorRating, Intervention, PanelReview
from .permissions import is_channel_member


def audit_channel_view(*, user: Any, obj: Any, person: Any, purpose: str) -> None:
    """Audit a view of a Channel record (or of the person, from a Channel screen).

    For a person whose record is open to the index, the entry is kept with the person's id in
    its details but not linked as its subject: "who has seen this record" is shown to managers
    and the data protection officer, and a Channel view listed there would reveal the case.
    (The audit app could instead hide restricted teams' entries from others: see the report.)
    """
    if getattr(person, "restricted_area", "") == RestrictedArea.CHANNEL:
        audit_record(actor=user, kind=AuditKind.VIEW, obj=obj, purpose=purpose, subject_person_id=person.pk)
        return
    # The audit log links an entry about a Person object to that person: name the record in the details.
    audit_record(
        actor=user,
        kind=AuditKind.VIEW,
        model=obj._meta.model,
        purpose=purpose,
        details={"object": obj.pk, "person": person.pk, "restricted_area": RestrictedArea.CHANNEL},
    )


def case_list(*, user: Any) -> QuerySet[ChannelCase]:
    """Every Channel case this user may see (none outside the Channel panel)."""
    return (
        ChannelCase.objects.visible_to(user)
        .select_related("person", "coordinator")
        .annotate(_has_assessment=Exists(Assessment.objects.filter(case=OuterRef("pk"))))
    )


def case_get(*, user: Any, case_id: int, purpose: str = "", audit: bool = True) -> ChannelCase:
    """One case, with its records, if the user may see it; the view is audited."""
    case = (
        case_list(user=user)
        .filter(pk=case_id)
        .prefetch_related(
            "consents",
            Prefetch("assessments", Assessment.objects.prefetch_related("ratings").order_by("assessed_on", "pk")),
            Prefetch("panel_reviews", PanelReview.objects.select_related("meeting").order_by("meeting__starts_at")),
            "interventions",
            "exit_reviews",
        )
        .first()
    )
    if case is None:
        raise Http404("No such Channel case")
    if audit:
        audit_channel_view(user=user, obj=case, person=case.person, purpose=purpose or "Channel case record")
    return case


def channel_person_get(*, user: Any, person_id: int, purpose: str) -> Any:
    """The person, from a Channel screen (404 if not visible); the view is audited as above."""
    from jigsaw.people.selectors import person_get

    person = person_get(user=user, person_id=person_id, audit=False)
    audit_channel_view(user=user, obj=person, person=person, purpose=purpose)
    return person


def cases_for_person(*, user: Any, person: Any) -> list[ChannelCase]:
    return list(case_list(user=user).filter(person=person).order_by("-received_on", "-pk"))


def _get(qs: QuerySet, pk: int, what: str) -> Any:
    found = qs.filter(pk=pk).first()
    if found is None:
        raise Http404(f"No such {what}")
    return found


def assessment_get(*, user: Any, assessment_id: int) -> Assessment:
    assessment = _get(
        Assessment.objects.visible_to(user).select_related("case__person", "assessed_by").prefetch_related("ratings"),
        assessment_id,
        "assessment",
    )
    audit_channel_view(
        user=user, obj=assessment, person=assessment.case.person, purpose="Channel vulnerability assessment"
    )
    return assessment


def intervention_get(*, user: Any, intervention_id: int) -> Intervention:
    return _get(Intervention.objects.visible_to(user).select_related("case__person"), intervention_id, "intervention")


def panel_review_get(*, user: Any, review_id: int) -> PanelReview:
    return _get(
        PanelReview.objects.visible_to(user).select_related("case__person", "meeting"), review_id, "panel review"
    )


def exit_review_get(*, user: Any, review_id: int) -> ExitReview:
    return _get(ExitReview.objects.visible_to(user).select_related("case__person"), review_id, "review")


# Panels --------------------------------------------------------------------------------


def panel_list(*, user: Any) -> QuerySet[Meeting]:
    """Every Channel panel, for members of the Channel panel's team; nothing for anyone else."""
    if not is_channel_member(user):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(kind=MeetingKind.CHANNEL_PANEL, restricted_area=RestrictedArea.CHANNEL)
        .select_related("chair")
        .annotate(cases=Count("subjects", distinct=True))
    )


def panel_get(*, user: Any, meeting_id: int) -> Meeting:
    meeting = _get(panel_list(user=user), meeting_id, "panel")
    audit_record(actor=user, kind=AuditKind.VIEW, obj=meeting, purpose="Channel panel agenda and decisions")
    return meeting


def panel_reviews(*, user: Any, meeting: Meeting) -> list[PanelReview]:
    return list(
        PanelReview.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("case__person", "recorded_by")
        .order_by("pk")
    )


def cases_for_agenda(*, user: Any, meeting: Meeting) -> list[ChannelCase]:
    """Open cases not yet on this panel's agenda."""
    return list(
        case_list(user=user)
        .filter(closed_on__isnull=True)
        .exclude(panel_reviews__meeting=meeting)
        .order_by("person__family_name", "person__given_names")
    )


# The Channel front page ----------------------------------------------------------------


@dataclass
class Dashboard:
    by_stage: dict[str, list[ChannelCase]] = field(default_factory=dict)
    exit_reviews_due: list[ExitReview] = field(default_factory=list)
    panels_upcoming: list[Meeting] = field(default_factory=list)
    panels_recent: list[Meeting] = field(default_factory=list)

    def stage(self, key: str) -> list[ChannelCase]:
        return self.by_stage.get(key, [])


def dashboard(*, user: Any, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    board = Dashboard()
    for case in case_list(user=user).filter(closed_on__isnull=True).order_by("received_on", "pk"):
        board.by_stage.setdefault(case.stage, []).append(case)
    board.exit_reviews_due = list(
        ExitReview.objects.visible_to(user)
        .filter(reviewed_on__isnull=True)
        .select_related("case__person")
        .order_by("due_on", "pk")
    )
    panels = panel_list(user=user).exclude(status=MeetingStatus.CANCELLED)
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    board.panels_upcoming = list(panels.filter(starts_at__gte=start_of_today).order_by("starts_at")[:5])
    board.panels_recent = list(panels.filter(starts_at__lt=start_of_today).order_by("-starts_at")[:5])
    return board


OPEN_STAGES = (
    CaseStage.AWAITING_CONSENT,
    CaseStage.AWAITING_ASSESSMENT,
    CaseStage.AWAITING_DECISION,
    CaseStage.ADOPTED,
)


# Progress across repeated assessments ------------------------------------------------


@dataclass
class FactorRow:
    label: str
    ratings: list[FactorRating | None]


@dataclass
class DimensionBlock:
    label: str
    rows: list[FactorRow]
    scores: list[int]  # total per assessment (higher: more concern)


def progress(case: ChannelCase) -> list[DimensionBlock]:
    """Each factor's rating at each assessment, by dimension, with a total per dimension."""
    assessments = list(case.assessments.all())
    by_assessment = [{r.factor: r for r in a.ratings.all()} for a in assessments]
    blocks = []
    for dimension in Dimension:
        rows = []
        scores = [0] * len(assessments)
        for factor in (f for f in FACTORS if f.dimension == dimension):
            cells = [ratings.get(factor.code) for ratings in by_assessment]
            for i, cell in enumerate(cells):
                if cell is not None:
                    scores[i] += RATING_SCORE.get(Rating(cell.rating)) or 0
            rows.append(FactorRow(label=factor.label, ratings=cells))
        blocks.append(DimensionBlock(label=str(dimension.label), rows=rows, scores=scores))
    return blocks
