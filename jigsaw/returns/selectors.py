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
