"""Producing a statutory return: build its files from the records, keep them, validate them
with the sector's validators, and keep each finding against the child it is about."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person

from . import annexa, cin, cohorts, ssda903, validation
from .models import IssueKind, ReturnFile, ReturnIssue, ReturnKind, ReturnRun, RunStatus
from .permissions import may_produce_returns
from .years import CollectionYear

VALIDATED_KINDS = {ReturnKind.CIN: "cin", ReturnKind.SSDA903: "903"}


def settings_missing() -> list[str]:
    """The council's codes a return needs, in words, if any is not set."""
    missing = []
    code = str(getattr(settings, "JIGSAW_COUNCIL_CODE", ""))
    if not (code.isdigit() and len(code) == 3):
        missing.append("the council's DfE LA number (JIGSAW_COUNCIL_CODE, 3 digits)")
    gss = str(getattr(settings, "JIGSAW_COUNCIL_GSS_CODE", ""))
    if not (len(gss) == 9 and gss[0] in "ESWN" and gss[1:].isdigit()):
        missing.append("the council's GSS code (JIGSAW_COUNCIL_GSS_CODE, like E06000001)")
    return missing


def _files(kind: str, year: CollectionYear) -> tuple[dict[str, bytes], int]:
    if kind == ReturnKind.CIN:
        xml = cin.build(year)
        problems = cin.schema_errors(xml)
        if problems:
            # A census the DfE's schema would reject is never kept: it is a fault in Jigsaw.
            raise ApplicationError("The census does not match the DfE schema: " + "; ".join(problems[:5]))
        return {f"cin_census_{year.short}.xml": xml}, cohorts.children_in_need(year).count()
    if kind == ReturnKind.SSDA903:
        return ssda903.build(year), cohorts.ssda903_children(year).count()
    return {f"annex_a_{year.short}.xlsx": annexa.build(year)}, cohorts.children_in_need(year).count()


MISSING_EPISODE_RULE = "NOEPISODE"


def missing_episode_findings(year: CollectionYear) -> list[validation.Finding]:
    """Children in need (looked after or on a plan) whose record has no episode of need in the
    year: the census cannot send them, so the return's count and the dashboard's would differ.
    Jigsaw's own finding, listed with the validator's."""
    return [
        validation.Finding(
            child_id=person.council_id,
            rule_code=MISSING_EPISODE_RULE,
            kind=IssueKind.ERROR,
            description=(
                "Looked after or on a child protection plan in the year, but the record has no child in need "
                "episode: the census leaves the child out until one is recorded"
            ),
            table="CINdetails",
        )
        for person in cohorts.children_in_need_without_episode(year)
    ]


def return_produce(*, actor: Any, kind: str, year: CollectionYear, validate: bool = True) -> ReturnRun:
    """Produce the year's return of this kind from the records, and validate it if a validator exists."""
    if actor is not None and not may_produce_returns(actor):
        raise PermissionDenied("Only an analyst can produce the statutory returns")
    if kind not in ReturnKind.values:
        raise ApplicationError("Choose which return to produce", field="kind")
    missing = settings_missing()
    if missing:
        raise ApplicationError("Set " + " and ".join(missing) + " before producing a return", field="kind")
    files, children = _files(kind, year)
    findings: list[validation.Finding] = []
    status, message = RunStatus.PRODUCED, ""
    if validate and kind in VALIDATED_KINDS:
        try:
            findings = validation.run(VALIDATED_KINDS[kind], files, year)
            status = RunStatus.VALIDATED
        except validation.ValidatorUnavailable as error:
            status, message = RunStatus.VALIDATOR_FAILED, str(error)
    if kind == ReturnKind.CIN:
        findings += missing_episode_findings(year)
    with transaction.atomic():
        run = ReturnRun.objects.create(
            kind=kind,
            year=year.end_year,
            produced_at=timezone.now(),
            produced_by=actor,
            children=children,
            status=status,
            validator_message=message,
            errors=sum(1 for f in findings if f.kind == IssueKind.ERROR),
            queries=sum(1 for f in findings if f.kind == IssueKind.QUERY),
        )
        ReturnFile.objects.bulk_create(
            ReturnFile(run=run, name=name, content=content) for name, content in files.items()
        )
        ids = {f.child_id for f in findings if f.child_id}
        people = dict(Person.objects.filter(council_id__in=ids).values_list("council_id", "pk"))
        ReturnIssue.objects.bulk_create(
            ReturnIssue(
                run=run,
                person_id=people.get(f.child_id),
                child_id=f.child_id[:20],
                rule_code=f.rule_code[:20],
                kind=f.kind if f.kind in IssueKind.values else IssueKind.ERROR,
                description=f.description,
                table=f.table[:40],
                fields=", ".join(f.fields)[:300],
            )
            for f in findings
        )
        audit_record(
            actor=actor,
            kind=AuditKind.EXPORT,
            obj=run,
            purpose=f"Statutory return: {run.get_kind_display()} {year.label}",
            details={"children": children, "files": sorted(files), "errors": run.errors, "queries": run.queries},
        )
    return run


def return_file_download(*, actor: Any, run: ReturnRun, name: str) -> ReturnFile:
    """The file as produced; each download is audited (it holds every child's census items)."""
    if not may_produce_returns(actor):
        raise PermissionDenied("Only an analyst can download the statutory returns")
    file = run.files.filter(name=name).first()
    if file is None:
        raise ApplicationError("That file is not part of this return")
    audit_record(actor=actor, kind=AuditKind.EXPORT, obj=run, purpose=f"Downloaded {name}", details={"file": name})
    return file
