"""Subject access screens for the data protection officer: thin; services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_by_council_id

from . import selectors, services
from .forms import ExtendForm, IdentityForm, ItemDecisionForm, RequestForm
from .pack import compile_pack, pack_pdf
from .permissions import is_dpo


def _dpo(user: Any) -> None:
    if not is_dpo(user):
        raise PermissionDenied


def _detail(request_id: int) -> str:
    return reverse("subjectaccess:detail", args=[request_id])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _dpo(request.user)
    lines = selectors.requests_list(user=request.user)
    return render(
        request,
        "subjectaccess/index.html",
        {"page_title": "Subject access requests", "lines": lines, "report": selectors.requests_report(lines=lines)},
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    _dpo(request.user)

    def save(data: dict[str, Any]) -> str:
        person = person_by_council_id(user=request.user, council_id=data["council_id"])
        if person is None:
            raise ApplicationError("No person with that council id was found", field="council_id")
        made = services.request_log(
            actor=request.user,
            person=person,
            requester_kind=data["requester_kind"],
            requester_name=data["requester_name"],
            requester_address=data["requester_address"],
            received_on=data["received_on"],
            what_is_asked=data["what_is_asked"],
            identity_confirmed=data["identity_confirmed"] == "yes",
            identity_evidence=data["identity_evidence"],
        )
        return _detail(made.pk)

    return form_page(
        request,
        form_class=RequestForm,
        title="Log a subject access request",
        back=reverse("subjectaccess:index"),
        save=save,
        success="Request logged",
        button="Log the request",
    )


@login_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id)
    return render(
        request,
        "subjectaccess/detail.html",
        {"page_title": f"Subject access request {line.request.reference}", "line": line, "sar": line.request},
    )


@login_required
def identity(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)

    def save(data: dict[str, Any]) -> str:
        services.request_identity_confirm(
            actor=request.user, request=line.request, evidence=data["evidence"], on=data["on"]
        )
        return _detail(request_id)

    return form_page(
        request,
        form_class=IdentityForm,
        title="Confirm the requester's identity",
        back=_detail(request_id),
        save=save,
        caption=line.request.reference,
        success="Identity confirmed: the clock runs again",
        button="Confirm",
    )


@login_required
def extend(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)

    def save(data: dict[str, Any]) -> str:
        services.request_extend(
            actor=request.user, request=line.request, reason=data["reason"], told_on=data["told_on"]
        )
        return _detail(request_id)

    return form_page(
        request,
        form_class=ExtendForm,
        title="Extend by two months",
        back=_detail(request_id),
        save=save,
        caption=line.request.reference,
        button="Extend",
        intro=f"The requester must be told within the first month, which ends on {line.first_month_ends:%-d %B %Y}.",
    )


@login_required
@require_POST
def clarify(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)
    try:
        if request.POST.get("step") == "received":
            services.request_clarification_received(actor=request.user, request=line.request)
        else:
            services.request_clarification_ask(actor=request.user, request=line.request)
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect(_detail(request_id))


@login_required
def review(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)
    return render(
        request,
        "subjectaccess/review.html",
        {"page_title": "Review the pack", "sar": line.request, "lines": compile_pack(request=line.request)},
    )


@login_required
def item(request: HttpRequest, request_id: int, number: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)
    lines = compile_pack(request=line.request)
    if not 1 <= number <= len(lines):
        raise Http404
    pack_line = lines[number - 1]

    def save(data: dict[str, Any]) -> str:
        services.item_decide(
            actor=request.user,
            request=line.request,
            item_key=pack_line.item.key,
            decision=data["decision"],
            exemption=data["exemption"],
            reason=data["reason"],
        )
        return reverse("subjectaccess:review", args=[request_id])

    return form_page(
        request,
        form_class=ItemDecisionForm,
        title=f"Record {number}: {pack_line.title if pack_line.item.restricted else pack_line.item.title}",
        back=reverse("subjectaccess:review", args=[request_id]),
        save=save,
        initial={"decision": pack_line.decision, "exemption": pack_line.exemption, "reason": pack_line.reason},
        caption=line.request.reference,
        # A restricted record's words stay with its team (restricted means invisible everywhere).
        intro="From a restricted record: its team reviews it with you."
        if pack_line.item.restricted
        else pack_line.item.text[:2000],
        button="Save decision",
    )


@login_required
def pack(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)
    data = pack_pdf(user=request.user, request=line.request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{line.request.reference}-pack.pdf"'
    return response


@login_required
@require_POST
def answer(request: HttpRequest, request_id: int) -> HttpResponse:
    _dpo(request.user)
    line = selectors.request_get(user=request.user, request_id=request_id, audit=False)
    try:
        services.request_answer(actor=request.user, request=line.request)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Recorded as answered")
    return redirect(_detail(request_id))
