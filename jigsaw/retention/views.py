"""Retention screens for the data protection officer: the schedule, legal holds, batches, certificates."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_by_council_id

from . import selectors, services
from .forms import DecisionForm, LegalHoldForm
from .models import BatchStatus, LegalHold
from .permissions import is_dpo


def _dpo(user: Any) -> None:
    if not is_dpo(user):
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _dpo(request.user)
    return render(
        request,
        "retention/index.html",
        {
            "page_title": "Retention and disposal",
            "schedule": selectors.schedule_rows(),
            "holds": selectors.holds_active(user=request.user),
            "batches": selectors.batches(user=request.user),
            "certificates": selectors.certificates(user=request.user),
        },
    )


@login_required
def hold_new(request: HttpRequest) -> HttpResponse:
    _dpo(request.user)

    def save(data: dict[str, Any]) -> str:
        person = person_by_council_id(user=request.user, council_id=data["council_id"].strip())
        if person is None:
            raise ApplicationError("No person with that council id was found", field="council_id")
        services.legal_hold_set(actor=request.user, person=person, name=data["name"], reason=data["reason"])
        return reverse("retention:index")

    return form_page(
        request,
        form_class=LegalHoldForm,
        title="Set a legal hold",
        back=reverse("retention:index"),
        save=save,
        success="Legal hold set: these records will not be disposed of while it stands",
        intro="A legal hold keeps a person's records past their retention date while an inquiry or litigation needs them.",
        button="Set the hold",
    )


@login_required
@require_POST
def hold_release(request: HttpRequest, hold_id: int) -> HttpResponse:
    _dpo(request.user)
    hold = LegalHold.objects.filter(pk=hold_id).first()
    if hold is not None and hold.released_at is None:
        services.legal_hold_release(actor=request.user, hold=hold)
    return redirect("retention:index")


@login_required
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    _dpo(request.user)
    found = selectors.batch_get(user=request.user, batch_id=batch_id)
    form = None
    if found.status == BatchStatus.AWAITING:
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.disposal_batch_approve(actor=request.user, batch=found)
                else:
                    services.disposal_batch_reject(actor=request.user, batch=found, note=form.cleaned_data["note"])
            except ApplicationError as error:
                from jigsaw.core.forms import add_application_error

                add_application_error(form, error)
            else:
                return redirect("retention:batch", batch_id=found.pk)
    found.refresh_from_db()
    return render(
        request,
        "retention/batch.html",
        {
            "page_title": f"Disposal batch found {found.found_on:%-d %B %Y}",
            "batch": found,
            "lines": selectors.batch_lines(user=request.user, batch=found),
            "certificates": list(found.certificates.all()),
            "form": form,
        },
    )
