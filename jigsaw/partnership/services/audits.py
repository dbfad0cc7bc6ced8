"""Case file audits: the cohort, the auditors' time-limited access, grades."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError

from ..choices import (
    AuditStatus,
    CohortRule,
)
from ..models import (
    AuditCase,
    CaseFileAudit,
)
from ._common import _manager, _text

# Case file audits. The auditor's access is an invited-professional involvement ending with the
# audit: access/policy.py already lets a partner practitioner see a child they are involved
# with, and nothing else, so no new rule is needed. Restricted records are never in a cohort.

AUDIT_SERVICE = "Case file audit"
COHORT_CLOCKS = {
    # The initial conference's clock starts with the section 47 enquiry's strategy decision.
    CohortRule.SECTION_47: ("icpc",),
    # The first review conference's clock starts when the child is put on a plan.
    CohortRule.ON_PLAN: ("first_review_conference",),
    CohortRule.RANDOM_ON_PLAN: ("first_review_conference", "review_conference", "cp_visit"),
}


def cohort_pick(*, rule: str, size: int, since: dt.date, until: dt.date, seed: int = 0) -> list[int]:
    """Children's ids by the rule, from Jigsaw's own records (the deadline clocks every area keeps)."""
    import random

    from jigsaw.timescales.models import Clock

    clocks = Clock.objects.filter(
        rule_key__in=COHORT_CLOCKS[CohortRule(rule)],
        person__restricted_area="",
        person__merged_into__isnull=True,
    )
    if rule == CohortRule.RANDOM_ON_PLAN:
        # On a plan at some time in the period: started by its end, not stopped before its start.
        rows = clocks.filter(started_on__lte=until).exclude(stopped_on__lt=since).exclude(met_on__lt=since)
        ids = sorted(set(rows.values_list("person_id", flat=True)))
        return sorted(random.Random(seed).sample(ids, min(size, len(ids))))  # noqa: S311 (a sample, not a secret)
    ids: list[int] = []
    for pid in (
        clocks.filter(started_on__gte=since, started_on__lte=until)
        .order_by("started_on", "pk")
        .values_list("person_id", flat=True)
    ):
        if pid not in ids:
            ids.append(pid)
        if len(ids) == size:
            break
    return ids


def _lines(text: str, *, field: str, message: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise ApplicationError(message, field=field)
    return lines


@transaction.atomic
def audit_create(
    *,
    actor: Any,
    title: str,
    rule: str,
    size: int,
    since: dt.date,
    until: dt.date,
    ends_on: dt.date,
    questions: str,
    grades: str,
) -> CaseFileAudit:
    _manager(actor)
    if rule not in CohortRule.values:
        raise ApplicationError("Choose how the children are picked", field="rule")
    if not 1 <= size <= 200:
        raise ApplicationError("Pick between 1 and 200 children", field="size")
    if until < since:
        raise ApplicationError("The end of the period must be after its start", field="until")
    if ends_on < timezone.localdate():
        raise ApplicationError("The audit must end today or later", field="ends_on")
    audit = CaseFileAudit.objects.create(
        title=_text(title, field="title", message="Enter the audit's title", label="Title"),
        rule=rule,
        size=size,
        since=since,
        until=until,
        ends_on=ends_on,
        questions=_lines(questions, field="questions", message="Enter at least one question, one a line"),
        grades=_lines(grades, field="grades", message="Enter the grades, one a line"),
        created_by=actor,
    )
    ids = cohort_pick(rule=rule, size=size, since=since, until=until, seed=audit.pk)
    if not ids:
        raise ApplicationError("No children match this rule in the period", field="rule")
    AuditCase.objects.bulk_create([AuditCase(audit=audit, person_id=pid) for pid in ids])
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=audit,
        purpose="case file audit cohort picked",
        details={"rule": rule, "children": len(ids)},
        also_about=ids,
    )
    return audit


@transaction.atomic
def audit_case_assign(*, actor: Any, case: AuditCase, auditor: Any) -> AuditCase:
    """Give the child to an auditor, with access to the child's record until the audit ends."""
    from jigsaw.access.choices import InvolvementKind
    from jigsaw.access.models import Involvement

    _manager(actor)
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    audit = case.audit
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ApplicationError("This audit is closed", field="auditor")
    if auditor is None or not auditor.is_active or auditor.role != Role.PARTNER_PRACTITIONER:
        raise ApplicationError("Choose an auditor from a partner agency", field="auditor")
    if case.graded_at:
        raise ApplicationError("This child's case has been graded", field="auditor")
    if case.grant_id:
        _grant_end(case, actor=actor)
    today = timezone.localdate()
    grant = Involvement.objects.create(
        user=auditor,
        person_id=case.person_id,
        kind=InvolvementKind.INVITED,
        service=f"{AUDIT_SERVICE}: {audit.title}"[:100],
        started_on=today,
        ended_on=audit.ends_on,
    )
    case.auditor = auditor
    case.grant = grant
    case.save(update_fields=["auditor", "grant"])
    audit_record(
        actor=actor,
        kind=AuditKind.CREATE,
        obj=grant,
        purpose="case file audit: time-limited access for the auditor",
        details={"audit": audit.pk, "auditor": auditor.pk, "until": audit.ends_on.isoformat()},
        subject_person_id=case.person_id,
    )
    return case


def _grant_end(case: AuditCase, *, actor: Any) -> None:
    """End the auditor's access now. An involvement cannot end before it started, so one given
    today is deleted (the audit log keeps that it was given and taken away)."""
    grant = case.grant
    if grant is None:
        return
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    audit_record(
        actor=actor,
        kind=AuditKind.UPDATE,
        obj=grant,
        purpose="case file audit: access ended",
        details={"audit": case.audit_id},
        subject_person_id=case.person_id,
    )
    if grant.started_on <= yesterday:
        grant.ended_on = yesterday
        grant.save(update_fields=["ended_on"])
    else:
        grant.delete()
        case.grant = None
        case.save(update_fields=["grant"])


@transaction.atomic
def audit_case_grade(
    *, actor: Any, case: AuditCase, answers: dict[str, str], findings: str, actions: str = ""
) -> AuditCase:
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    audit = case.audit
    if case.auditor_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the child's auditor can grade the case")
    if audit.status != AuditStatus.IN_PROGRESS or audit.ends_on < timezone.localdate():
        raise ApplicationError("This audit has ended", field="findings")
    missing = [str(i) for i in range(len(audit.questions)) if answers.get(str(i)) not in audit.grades]
    if missing:
        raise ApplicationError(f"Choose a grade for question {int(missing[0]) + 1}", field=f"q{missing[0]}")
    case.answers = {str(i): answers[str(i)] for i in range(len(audit.questions))}
    case.findings = _text(findings, field="findings", message="Enter the findings", max_length=10000)
    case.actions = (actions or "").strip()[:5000]
    case.graded_at = timezone.now()
    case.save(update_fields=["answers", "findings", "actions", "graded_at"])
    audit_record(
        actor=actor, kind=AuditKind.UPDATE, obj=case, details={"audit": audit.pk}, subject_person_id=case.person_id
    )
    return case


@transaction.atomic
def audit_close(*, actor: Any, audit: CaseFileAudit) -> CaseFileAudit:
    """Close the audit: every auditor's access to their children ends now."""
    _manager(actor)
    audit = CaseFileAudit.objects.select_for_update().get(pk=audit.pk)
    if audit.status == AuditStatus.CLOSED:
        raise ApplicationError("This audit is closed already", field="confirm")
    for case in audit.cases.select_related("grant"):
        _grant_end(case, actor=actor)
    audit.status = AuditStatus.CLOSED
    audit.closed_at = timezone.now()
    audit.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, kind=AuditKind.UPDATE, obj=audit, details={"status": "closed"})
    return audit
