"""Reads for the returns screens. The runs and their findings are the analyst's; the findings
name children by the council's id, and link to the screens where their records are put right."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import ReturnIssue, ReturnRun
from .permissions import may_produce_returns
from .validation import fix_url


def _require(user: Any) -> None:
    if not may_produce_returns(user):
        raise PermissionDenied("Only an analyst can see the statutory returns")


def run_list(*, user: Any) -> list[ReturnRun]:
    _require(user)
    return list(ReturnRun.objects.select_related("produced_by")[:50])


def run_detail(*, user: Any, run_id: int) -> ReturnRun:
    _require(user)
    return get_object_or_404(ReturnRun.objects.select_related("produced_by"), pk=run_id)


def worklist(*, user: Any, run: ReturnRun) -> list[dict[str, Any]]:
    """The findings grouped by child (those about the whole return first), errors before queries."""
    _require(user)
    which = "903" if run.kind == "903" else "cin"
    by_child: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for issue in ReturnIssue.objects.filter(run=run).order_by("child_id", "kind", "rule_code", "pk"):
        entry = by_child.setdefault(
            issue.child_id, {"child_id": issue.child_id, "person_id": issue.person_id, "issues": []}
        )
        entry["issues"].append(
            {
                "rule_code": issue.rule_code,
                "kind": issue.get_kind_display(),
                "description": issue.description,
                "table": issue.table,
                "fields": issue.fields,
                "fix_url": fix_url(which, issue.table, issue.person_id),
            }
        )
    return list(by_child.values())


# How long the child's worker has to put a record right once the validator has found it wrong.
FIX_WORKING_DAYS = 10


def findings_to_fix(whose: Any, viewer: Any, today: Any) -> list[Any]:
    """For "My work": the errors the validators found in the latest run of each return about the
    children allocated to `whose`, as far as `viewer` may see them. Each links to the screen where
    the record is put right; it leaves the list when a later run no longer finds it."""
    from django.db.models import Max

    from jigsaw.access.models import Involvement
    from jigsaw.core.selectors import WorkItem
    from jigsaw.people.models import Person
    from jigsaw.timescales.calendar import add_working_days
    from jigsaw.timescales.rules import deadline_status

    latest = ReturnRun.objects.filter(status="validated").values("kind").annotate(last=Max("pk")).values("last")
    children = Involvement.objects.filter(user=whose, ended_on__isnull=True).values("person_id")
    issues = (
        ReturnIssue.objects.filter(run__in=latest, kind="error", person_id__in=children)
        .filter(person__in=Person.objects.visible_to(viewer))
        .select_related("run", "person")
        .order_by("run__produced_at", "child_id", "rule_code")
    )
    items = []
    for issue in issues:
        due = add_working_days(issue.run.produced_at.date(), FIX_WORKING_DAYS)
        which = "903" if issue.run.kind == "903" else "cin"
        items.append(
            WorkItem(
                title=f"Put right for the {issue.run.get_kind_display()}: rule {issue.rule_code}",
                url=fix_url(which, issue.table, issue.person_id),
                about=f"{issue.person.display_name}: {issue.description[:120]}",
                due_on=due,
                status=deadline_status(due, None, today),
                group="Statutory return errors to fix",
            )
        )
    return items
