"""Screens: who has seen a person's record, and the break-glass report. Thin: selectors do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error

from . import selectors, services
from .forms import BreakGlassReviewForm


@login_required
@require_GET
def person_log(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.audit_person_get(user=request.user, person_id=person_id)
    entries = selectors.person_access_log(user=request.user, person=person)
    return render(request, "audit/person_log.html", {"person": person, "entries": entries})


@login_required
@require_GET
def break_glass(request: HttpRequest) -> HttpResponse:
    return _report(request)


@login_required
@require_POST
def break_glass_review(request: HttpRequest, break_glass_id: int) -> HttpResponse:
    access = selectors.break_glass_get(user=request.user, break_glass_id=break_glass_id)
    form = BreakGlassReviewForm(request.POST, prefix=f"review-{access.pk}")
    if form.is_valid():
        try:
            services.break_glass_review(reviewer=request.user, break_glass=access, note=form.cleaned_data["note"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Review of {access.user}'s access to {access.person} saved")
            return redirect("audit:break-glass")
    return _report(request, bound={access.pk: form})


def _report(request: HttpRequest, bound: dict[int, BreakGlassReviewForm] | None = None) -> HttpResponse:
    bound = bound or {}
    rows = []
    for access in selectors.break_glass_report(user=request.user):
        form = bound.get(access.pk) or BreakGlassReviewForm(prefix=f"review-{access.pk}")
        # One form per row: each label names its row, so screen readers can tell them apart.
        form.fields["note"].label = f"What you found about {access.user}'s access to {access.person}"
        rows.append((access, form))
    invalid = next(iter(bound.values()), None)
    return render(request, "audit/break_glass_report.html", {"rows": rows, "invalid_form": invalid})
